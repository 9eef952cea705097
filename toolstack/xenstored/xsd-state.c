// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Saving the daemon's state on stop and restoring it on start, so the
 * daemon can be restarted or upgraded without guests losing their store:
 * every node with its permissions and value, the introduced domains (their
 * rings are re-attached with the indices they had) and the guests' watches.
 * Socket clients and open transactions are not kept: socket clients see
 * their connection close, and a transaction's id becomes unknown.
 *
 * The format is text headers with length-prefixed raw bytes, one record per
 * line group, ending in "end", written to a temporary file and renamed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "xs-path.h"
#include "xsd.h"

#define MAGIC "VESTA-XENSTORED-STATE 1\n"

struct save {
	struct xsd *d;
	FILE *f;
};

static int save_node(void *arg, const char *path, const struct xs_perm *p,
		     unsigned int np, const char *val, size_t len)
{
	static const char letters[] = "nrwb";
	struct save *sv = arg;
	unsigned int i;

	fprintf(sv->f, "node %zu %zu ", strlen(path), len);
	for (i = 0; i < np; i++)
		fprintf(sv->f, "%s%c%u", i ? "," : "", letters[p[i].perm & 3],
			p[i].domid);
	fprintf(sv->f, "\n%s", path);
	fwrite(val, 1, len, sv->f);
	fputc('\n', sv->f);
	return ferror(sv->f) ? -EIO : 0;
}

static void save_domain(void *arg, unsigned int domid, unsigned long mfn,
			unsigned int port, int target)
{
	struct save *sv = arg;

	fprintf(sv->f, "domain %u %lu %u %d\n", domid, mfn, port, target);
}

static void save_watch(void *arg, struct xs_client *cl, const char *path,
		       const char *token)
{
	struct save *sv = arg;

	/* Only guests' rings survive a restart. */
	if (cl->is_privileged || xsd_ring_conn(sv->d, cl->domid) != cl->priv)
		return;
	fprintf(sv->f, "watch %u %zu %zu\n%s%s\n", cl->domid, strlen(path),
		strlen(token), path, token);
}

int xsd_state_save(struct xsd *d, const char *path)
{
	char tmp[4096];
	struct save sv = { d, NULL };
	int rc;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	sv.f = fopen(tmp, "we");
	if (!sv.f)
		return -errno;
	fputs(MAGIC, sv.f);
	rc = xs_store_foreach_node(d->s, save_node, &sv);
	xs_domain_foreach(d->s, save_domain, &sv);
	xs_watch_foreach(d->s, save_watch, &sv);
	fputs("end\n", sv.f);
	if (fflush(sv.f) || fsync(fileno(sv.f)) || ferror(sv.f))
		rc = -EIO;
	if (fclose(sv.f))
		rc = -EIO;
	if (!rc && rename(tmp, path))
		rc = -errno;
	if (rc)
		unlink(tmp);
	return rc;
}

/* Read exactly @n raw bytes followed by nothing else (caller checks). */
static int read_raw(FILE *f, char *buf, size_t n)
{
	if (fread(buf, 1, n, f) != n)
		return -EINVAL;
	buf[n] = '\0';
	return 0;
}

static int parse_perms(char *text, struct xs_perm *p, unsigned int *np)
{
	char *tok, *save = NULL;
	int rc;

	*np = 0;
	for (tok = strtok_r(text, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (*np >= 64)
			return -EINVAL;
		rc = xs_perm_parse(tok, &p[*np]);
		if (rc)
			return rc;
		(*np)++;
	}
	return *np ? 0 : -EINVAL;
}

static int restore_node(struct xsd *d, FILE *f, const char *line)
{
	static char path[XS_PATH_BUF], val[VESTA_XS_PAYLOAD_MAX + 1];
	char perms_text[1024];
	struct xs_perm p[64];
	size_t pl, vl;
	unsigned int np;
	int rc;

	if (sscanf(line, "node %zu %zu %1023s", &pl, &vl, perms_text) != 3 ||
	    pl >= sizeof(path) || vl >= sizeof(val))
		return -EINVAL;
	rc = parse_perms(perms_text, p, &np);
	if (!rc)
		rc = read_raw(f, path, pl);
	if (!rc)
		rc = read_raw(f, val, vl);
	if (!rc && fgetc(f) != '\n')
		rc = -EINVAL;
	if (!rc)
		rc = xs_store_restore_node(d->s, path, p, np, val, vl);
	return rc;
}

static int restore_domain(struct xsd *d, const char *line)
{
	struct xs_client root;
	unsigned int domid, port;
	unsigned long mfn;
	int target, rc;

	if (sscanf(line, "domain %u %lu %u %d", &domid, &mfn, &port,
		   &target) != 4)
		return -EINVAL;
	xs_client_init(&root, 0, true, NULL);
	rc = xs_domain_introduce(d->s, &root, domid, mfn, port);
	if (rc) {
		/* One guest's lost ring must not cost the others theirs. */
		xsd_log(LOG_ERR, "domain %u: cannot restore ring: %s", domid,
			strerror(-rc));
		return 0;
	}
	if (target >= 0)
		xs_domain_set_target(d->s, &root, domid, (unsigned int)target);
	return 0;
}

static int restore_watch(struct xsd *d, FILE *f, const char *line)
{
	static char path[XS_PATH_BUF], token[VESTA_XS_PAYLOAD_MAX + 1];
	struct xsd_conn *c;
	unsigned int domid;
	size_t pl, tl;
	int rc;

	if (sscanf(line, "watch %u %zu %zu", &domid, &pl, &tl) != 3 ||
	    pl >= sizeof(path) || tl >= sizeof(token))
		return -EINVAL;
	rc = read_raw(f, path, pl);
	if (!rc)
		rc = read_raw(f, token, tl);
	if (!rc && fgetc(f) != '\n')
		rc = -EINVAL;
	if (rc)
		return rc;
	c = xsd_ring_conn(d, domid);
	if (!c)
		return 0;
	/* The guest already had its initial event before the restart. */
	c->is_quiet = true;
	rc = xs_watch_add(d->s, &c->cl, path, token);
	c->is_quiet = false;
	return rc == -EEXIST ? 0 : rc;
}

static int restore_records(struct xsd *d, FILE *f)
{
	char line[1200];
	int rc = 0;

	while (!rc && fgets(line, sizeof(line), f)) {
		if (!strcmp(line, "end\n"))
			return 0;
		if (!strncmp(line, "node ", 5))
			rc = restore_node(d, f, line);
		else if (!strncmp(line, "domain ", 7))
			rc = restore_domain(d, line);
		else if (!strncmp(line, "watch ", 6))
			rc = restore_watch(d, f, line);
		else
			rc = -EINVAL;
	}
	return rc ? rc : -EINVAL; /* missing "end": truncated file */
}

int xsd_state_restore(struct xsd *d, const char *path)
{
	char line[64];
	FILE *f = fopen(path, "re");
	int rc;

	if (!f)
		return -errno;
	if (!fgets(line, sizeof(line), f) || strcmp(line, MAGIC)) {
		fclose(f);
		return -EINVAL;
	}
	d->is_restoring = true;
	rc = restore_records(d, f);
	d->is_restoring = false;
	fclose(f);
	return rc;
}
