// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Dispatch of decoded requests to the store core.  One table gives, per
 * message type, its handler, whether it needs a privileged client and
 * whether it runs inside the header's transaction; the prelude in
 * xs_req_handle() does decoding, the privilege check (before anything else)
 * and the transaction lookup once for all types.  Handlers translate
 * arguments and format replies; semantics live in the store core.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "xs-path.h"
#include "xs-req.h"

struct req {
	struct xs_store *s;
	struct xs_client *cl;
	struct xs_txn *t;
	struct xs_msg *m;
	struct xs_reply *r;
};

typedef int req_fn(struct req *q);

static int reply_str(struct req *q, const char *str)
{
	size_t n = strlen(str) + 1;

	if (n > sizeof(q->r->buf))
		return -E2BIG;
	memcpy(q->r->buf, str, n);
	q->r->len = (uint32_t)n;
	return 0;
}

static int ok(struct req *q)
{
	return reply_str(q, "OK");
}

static int path_arg(struct req *q, unsigned int i, char *out)
{
	return xs_path_canon(q->m->args[i], q->cl->domid, out, NULL);
}

/* Strict unsigned decimal: digits only, no sign, no overflow. */
static int num_arg(const char *str, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	const char *p = str;

	if (!*p)
		return -EINVAL;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		if (v > (max - (unsigned long)(*p - '0')) / 10)
			return -EINVAL;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	*out = v;
	return 0;
}

static int domid_arg(struct req *q, unsigned int i, unsigned int *out)
{
	unsigned long v;
	int rc;

	rc = num_arg(q->m->args[i], XS_DOMID_LIMIT - 1, &v);
	if (rc)
		return rc;
	*out = (unsigned int)v;
	return 0;
}

static int do_read(struct req *q)
{
	char path[XS_PATH_BUF];
	const char *val;
	size_t len;
	int rc;

	rc = path_arg(q, 0, path);
	if (rc)
		return rc;
	rc = xs_read(q->s, q->cl, q->t, path, &val, &len);
	if (rc)
		return rc;
	/* Values are bounded by the payload size they arrived in. */
	if (len > sizeof(q->r->buf))
		return -E2BIG;
	memcpy(q->r->buf, val, len);
	q->r->len = (uint32_t)len;
	return 0;
}

static int do_write(struct req *q)
{
	char path[XS_PATH_BUF];
	int rc;

	rc = path_arg(q, 0, path);
	if (rc)
		return rc;
	rc = xs_write(q->s, q->cl, q->t, path, q->m->blob, q->m->blob_len);
	return rc ? rc : ok(q);
}

static int do_mkdir(struct req *q)
{
	char path[XS_PATH_BUF];
	int rc;

	rc = path_arg(q, 0, path);
	if (rc)
		return rc;
	rc = xs_mkdir(q->s, q->cl, q->t, path);
	return rc ? rc : ok(q);
}

static int do_rm(struct req *q)
{
	char path[XS_PATH_BUF];
	int rc;

	rc = path_arg(q, 0, path);
	if (rc)
		return rc;
	rc = xs_rm(q->s, q->cl, q->t, path);
	return rc ? rc : ok(q);
}

static int do_directory(struct req *q)
{
	char path[XS_PATH_BUF];
	size_t len;
	int rc;

	rc = path_arg(q, 0, path);
	if (rc)
		return rc;
	rc = xs_directory(q->s, q->cl, q->t, path, q->r->buf,
			  sizeof(q->r->buf), &len);
	q->r->len = (uint32_t)len;
	return rc;
}

static int do_directory_part(struct req *q)
{
	char path[XS_PATH_BUF];
	unsigned long off;
	size_t len;
	int rc;

	rc = path_arg(q, 0, path);
	if (rc)
		return rc;
	rc = num_arg(q->m->args[1], 0xffffffffu, &off);
	if (rc)
		return rc;
	rc = xs_directory_part(q->s, q->cl, q->t, path, off, q->r->buf,
			       sizeof(q->r->buf), &len);
	q->r->len = (uint32_t)len;
	return rc;
}

static int do_get_perms(struct req *q)
{
	char path[XS_PATH_BUF];
	size_t len;
	int rc;

	rc = path_arg(q, 0, path);
	if (rc)
		return rc;
	rc = xs_get_perms(q->s, q->cl, q->t, path, q->r->buf,
			  sizeof(q->r->buf), &len);
	q->r->len = (uint32_t)len;
	return rc;
}

static int do_set_perms(struct req *q)
{
	struct xs_perm perms[XS_MAX_ARGS];
	char path[XS_PATH_BUF];
	unsigned int i, n = q->m->nargs - 1;
	int rc;

	rc = path_arg(q, 0, path);
	if (rc)
		return rc;
	for (i = 0; i < n; i++) {
		rc = xs_perm_parse(q->m->args[i + 1], &perms[i]);
		if (rc)
			return rc;
	}
	rc = xs_set_perms(q->s, q->cl, q->t, path, perms, n);
	return rc ? rc : ok(q);
}

static int do_watch(struct req *q)
{
	int rc = xs_watch_add(q->s, q->cl, q->m->args[0], q->m->args[1]);

	return rc ? rc : ok(q);
}

static int do_unwatch(struct req *q)
{
	int rc = xs_watch_del(q->s, q->cl, q->m->args[0], q->m->args[1]);

	return rc ? rc : ok(q);
}

static int do_txn_start(struct req *q)
{
	char num[16];
	uint32_t id;
	int rc;

	/* Transactions do not nest. */
	if (q->m->hdr.tx_id)
		return -EBUSY;
	rc = xs_txn_start(q->s, q->cl, &id);
	if (rc)
		return rc;
	snprintf(num, sizeof(num), "%u", id);
	return reply_str(q, num);
}

static int do_txn_end(struct req *q)
{
	const char *arg = q->m->args[0];
	bool commit;
	int rc;

	if (!q->t)
		return -ENOENT;
	if (!strcmp(arg, "T"))
		commit = true;
	else if (!strcmp(arg, "F"))
		commit = false;
	else
		return -EINVAL;
	rc = xs_txn_end(q->s, q->cl, q->t, commit);
	q->t = NULL;
	return rc ? rc : ok(q);
}

static int do_introduce(struct req *q)
{
	unsigned long mfn, port;
	unsigned int domid;
	int rc;

	rc = domid_arg(q, 0, &domid);
	if (!rc)
		rc = num_arg(q->m->args[1], ~0ul, &mfn);
	if (!rc)
		rc = num_arg(q->m->args[2], 0xffffffffu, &port);
	if (rc)
		return rc;
	rc = xs_domain_introduce(q->s, q->cl, domid, mfn, (unsigned int)port);
	return rc ? rc : ok(q);
}

static int do_release(struct req *q)
{
	unsigned int domid;
	int rc;

	rc = domid_arg(q, 0, &domid);
	if (rc)
		return rc;
	rc = xs_domain_release(q->s, q->cl, domid);
	return rc ? rc : ok(q);
}

static int do_resume(struct req *q)
{
	unsigned int domid;
	int rc;

	rc = domid_arg(q, 0, &domid);
	if (rc)
		return rc;
	return xs_domain_is_introduced(q->s, domid) ? ok(q) : -ENOENT;
}

static int do_set_target(struct req *q)
{
	unsigned int domid, target;
	int rc;

	rc = domid_arg(q, 0, &domid);
	if (!rc)
		rc = domid_arg(q, 1, &target);
	if (rc)
		return rc;
	rc = xs_domain_set_target(q->s, q->cl, domid, target);
	return rc ? rc : ok(q);
}

static int do_get_domain_path(struct req *q)
{
	char path[32];
	unsigned int domid;
	int rc;

	rc = domid_arg(q, 0, &domid);
	if (rc)
		return rc;
	xs_path_domain_prefix(domid, path);
	return reply_str(q, path);
}

static int do_is_introduced(struct req *q)
{
	unsigned int domid;
	int rc;

	rc = domid_arg(q, 0, &domid);
	if (rc)
		return rc;
	return reply_str(q, xs_domain_is_introduced(q->s, domid) ? "T" : "F");
}

static int do_reset_watches(struct req *q)
{
	xs_watch_reset(q->s, q->cl);
	while (q->cl->txns)
		xs_txn_end(q->s, q->cl, q->cl->txns, false);
	return ok(q);
}

static int control_quota(struct req *q)
{
	const char *const *a = q->m->args;
	unsigned int n = q->m->nargs;
	unsigned long v;
	size_t len;
	int rc;

	if (n == 1) {
		len = xs_quota_format(xs_store_quota(q->s), q->r->buf,
				      sizeof(q->r->buf));
		q->r->len = (uint32_t)len + 1;
		return 0;
	}
	/* "quota set NAME VALUE" or "quota NAME VALUE" */
	if (n == 4 && !strcmp(a[1], "set")) {
		a++;
		n--;
	}
	if (n != 3)
		return -EINVAL;
	rc = num_arg(a[2], 0x7fffffff, &v);
	if (!rc)
		rc = xs_quota_set(xs_store_quota(q->s), a[1], v);
	if (rc)
		return rc;
	xs_log(q->s, LOG_NOTICE, "quota %s set to %lu", a[1], v);
	return ok(q);
}

static int do_control(struct req *q)
{
	const char *cmd = q->m->args[0];
	size_t len;
	int rc;

	if (!strcmp(cmd, "check")) {
		rc = xs_store_check(q->s, q->r->buf, sizeof(q->r->buf));
		q->r->len = (uint32_t)strlen(q->r->buf) + 1;
		return rc;
	}
	if (!strcmp(cmd, "log")) {
		if (q->m->nargs == 2 && !strcmp(q->m->args[1], "on"))
			xs_store_set_trace(q->s, true);
		else if (q->m->nargs == 2 && !strcmp(q->m->args[1], "off"))
			xs_store_set_trace(q->s, false);
		else if (q->m->nargs != 1)
			return -EINVAL;
		return reply_str(q, xs_store_trace(q->s) ? "on" : "off");
	}
	if (!strcmp(cmd, "quota"))
		return control_quota(q);
	if (!strcmp(cmd, "memreport")) {
		len = xs_store_memreport(q->s, q->r->buf, sizeof(q->r->buf));
		q->r->len = (uint32_t)len + 1;
		return 0;
	}
	if (!strcmp(cmd, "help"))
		return reply_str(q, "check\nlog [on|off]\n"
				    "quota [[set] NAME VALUE]\nmemreport\n"
				    "help\n");
	return -EINVAL;
}

struct handler {
	req_fn *fn;
	bool needs_priv;
	bool in_txn;
};

static const struct handler handlers[VESTA_XS_TYPE_COUNT] = {
	[VESTA_XS_CONTROL] = { do_control, true, false },
	[VESTA_XS_DIRECTORY] = { do_directory, false, true },
	[VESTA_XS_READ] = { do_read, false, true },
	[VESTA_XS_GET_PERMS] = { do_get_perms, false, true },
	[VESTA_XS_WATCH] = { do_watch, false, false },
	[VESTA_XS_UNWATCH] = { do_unwatch, false, false },
	[VESTA_XS_TRANSACTION_START] = { do_txn_start, false, false },
	[VESTA_XS_TRANSACTION_END] = { do_txn_end, false, true },
	[VESTA_XS_INTRODUCE] = { do_introduce, true, false },
	[VESTA_XS_RELEASE] = { do_release, true, false },
	[VESTA_XS_GET_DOMAIN_PATH] = { do_get_domain_path, false, false },
	[VESTA_XS_WRITE] = { do_write, false, true },
	[VESTA_XS_MKDIR] = { do_mkdir, false, true },
	[VESTA_XS_RM] = { do_rm, false, true },
	[VESTA_XS_SET_PERMS] = { do_set_perms, false, true },
	[VESTA_XS_IS_DOMAIN_INTRODUCED] = { do_is_introduced, false, false },
	[VESTA_XS_RESUME] = { do_resume, true, false },
	[VESTA_XS_SET_TARGET] = { do_set_target, true, false },
	[VESTA_XS_RESET_WATCHES] = { do_reset_watches, false, false },
	[VESTA_XS_DIRECTORY_PART] = { do_directory_part, false, true },
};

static int dispatch(struct req *q)
{
	const struct handler *h;
	int rc;

	rc = xs_wire_parse(q->m);
	if (rc)
		return rc;
	h = &handlers[q->m->hdr.type];
	if (!h->fn)
		return -ENOSYS;
	if (h->needs_priv && !q->cl->is_privileged)
		return -EACCES;
	if (h->in_txn && q->m->hdr.tx_id) {
		q->t = xs_txn_lookup(q->cl, q->m->hdr.tx_id);
		if (!q->t)
			return -ENOENT;
	}
	return h->fn(q);
}

int xs_req_handle(struct xs_store *s, struct xs_client *cl,
		  const struct vesta_xs_hdr *hdr, const char *payload,
		  struct xs_reply *r)
{
	struct xs_msg m;
	struct req q = { s, cl, NULL, &m, r };
	const char *name;
	int rc;

	memset(&m, 0, sizeof(m.hdr));
	m.hdr = *hdr;
	m.payload = payload;
	r->type = hdr->type;
	r->len = 0;
	rc = dispatch(&q);
	if (rc) {
		name = xs_wire_errname(rc);
		r->type = VESTA_XS_ERROR;
		r->len = (uint32_t)strlen(name) + 1;
		memcpy(r->buf, name, r->len);
	}
	if (xs_store_trace(s))
		xs_log(s, LOG_DEBUG, "dom%u %s tx %u: %s", cl->domid,
		       xs_wire_type_name(hdr->type), hdr->tx_id,
		       rc ? xs_wire_errname(rc) : "ok");
	return rc;
}
