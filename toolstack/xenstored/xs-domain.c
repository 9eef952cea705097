// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Store-wide services of the core: creating and destroying the store, the
 * quota table, clients, the table of introduced domains with the special
 * @introduceDomain/@releaseDomain events, the consistency check and memory
 * report behind CONTROL, and the node walk and verbatim restore used to save
 * and restore state.  Ring mapping itself is the transport's, via hooks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "xs-path.h"
#include "xs-store-priv.h"

struct quota_name {
	const char *name;
	size_t off;
};

#define Q(n, f) { n, offsetof(struct xs_quota, f) }
static const struct quota_name quota_names[] = {
	Q("nodes", nodes_per_domain),	Q("node-size", node_size),
	Q("depth", path_depth),		Q("perms", perms_per_node),
	Q("watches", watches),		Q("transactions", transactions),
	Q("outstanding", outstanding),	Q("outbuf", outbuf_bytes),
};
#undef Q
#define NQUOTA (sizeof(quota_names) / sizeof(quota_names[0]))

void xs_quota_defaults(struct xs_quota *q)
{
	q->nodes_per_domain = 1000;
	q->node_size = 2048;
	q->path_depth = 64;
	q->perms_per_node = 5;
	q->watches = 128;
	q->transactions = 10;
	q->outstanding = 20;
	q->outbuf_bytes = 256 * 1024;
}

int xs_quota_set(struct xs_quota *q, const char *name, unsigned long val)
{
	size_t i;

	if (!val || val > 0x7fffffff)
		return -EINVAL;
	for (i = 0; i < NQUOTA; i++) {
		if (strcmp(quota_names[i].name, name))
			continue;
		*(unsigned int *)((char *)q + quota_names[i].off) =
			(unsigned int)val;
		return 0;
	}
	return -EINVAL;
}

size_t xs_quota_format(const struct xs_quota *q, char *buf, size_t cap)
{
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < NQUOTA && off < cap; i++) {
		int w = snprintf(buf + off, cap - off, "%s %u\n",
				 quota_names[i].name,
				 *(const unsigned int *)((const char *)q +
							 quota_names[i].off));
		if (w < 0)
			break;
		off += (size_t)w;
	}
	return off < cap ? off : cap - 1;
}

static int add_root_node(struct xs_store *s, const char *path)
{
	static const struct xs_perm p0 = { 0, XS_PERM_NONE };

	return xs_store_restore_node(s, path, &p0, 1, "", 0);
}

int xs_store_create(const struct xs_quota *q, const struct xs_hooks *hooks,
		    struct xs_store **out)
{
	struct xs_store *s = calloc(1, sizeof(*s));
	struct xs_node *root;
	int rc = -ENOMEM;

	if (!s)
		return -ENOMEM;
	s->quota = *q;
	if (hooks)
		s->hooks = *hooks;
	s->owner_nodes = calloc(XS_DOMID_LIMIT, sizeof(*s->owner_nodes));
	if (!s->owner_nodes)
		goto fail;
	rc = xs_htab_init(&s->nodes);
	if (rc)
		goto fail;
	rc = -ENOMEM;
	root = xs_node_alloc("/");
	if (!root)
		goto fail;
	root->perms = calloc(1, sizeof(*root->perms));
	if (!root->perms) {
		xs_node_free(root);
		goto fail;
	}
	root->nperms = 1;
	root->gen = ++s->gen;
	xs_htab_insert(&s->nodes, root);
	s->owner_nodes[0]++;
	rc = add_root_node(s, "/local/domain");
	if (!rc)
		rc = add_root_node(s, "/tool");
	if (rc)
		goto fail;
	*out = s;
	return 0;
fail:
	xs_store_destroy(s);
	return rc;
}

void xs_store_destroy(struct xs_store *s)
{
	if (!s)
		return;
	while (s->watches)
		xs_watch_reset(s, s->watches->cl);
	xs_htab_free_all(&s->nodes);
	free(s->owner_nodes);
	free(s->doms);
	free(s);
}

struct xs_quota *xs_store_quota(struct xs_store *s)
{
	return &s->quota;
}

void xs_store_set_trace(struct xs_store *s, bool on)
{
	s->is_trace = on;
}

bool xs_store_trace(const struct xs_store *s)
{
	return s->is_trace;
}

void xs_client_init(struct xs_client *cl, unsigned int domid,
		    bool is_privileged, void *priv)
{
	memset(cl, 0, sizeof(*cl));
	cl->domid = domid;
	cl->is_privileged = is_privileged;
	cl->target = -1;
	cl->priv = priv;
}

void xs_client_teardown(struct xs_store *s, struct xs_client *cl)
{
	while (cl->txns)
		xs_txn_end(s, cl, cl->txns, false);
	xs_watch_reset(s, cl);
}

unsigned int xs_store_domain_nodes(struct xs_store *s, unsigned int domid)
{
	return domid < XS_DOMID_LIMIT ? s->owner_nodes[domid] : 0;
}

static struct xs_domain *dom_find(struct xs_store *s, unsigned int domid)
{
	unsigned int i;

	for (i = 0; i < s->ndoms; i++)
		if (s->doms[i].domid == domid)
			return &s->doms[i];
	return NULL;
}

int xs_domain_introduce(struct xs_store *s, struct xs_client *cl,
			unsigned int domid, unsigned long mfn,
			unsigned int port)
{
	struct xs_domain *d;
	int rc;

	if (!cl->is_privileged)
		return -EACCES;
	if (domid == 0 || domid >= XS_DOMID_LIMIT)
		return -EINVAL;
	d = dom_find(s, domid);
	if (d)
		return d->mfn == mfn ? 0 : -EEXIST;
	if (s->ndoms == s->cap_doms) {
		unsigned int cap = s->cap_doms ? s->cap_doms * 2 : 16;
		struct xs_domain *nd = realloc(s->doms, cap * sizeof(*nd));

		if (!nd)
			return -ENOMEM;
		s->doms = nd;
		s->cap_doms = cap;
	}
	if (s->hooks.introduce) {
		rc = s->hooks.introduce(s->hooks.arg, domid, mfn, port);
		if (rc)
			return rc;
	}
	d = &s->doms[s->ndoms++];
	d->domid = domid;
	d->mfn = mfn;
	d->port = port;
	d->target = -1;
	xs_log(s, LOG_INFO, "domain %u introduced (ring %lu, port %u)", domid,
	       mfn, port);
	xs_watch_fire_special(s, "@introduceDomain");
	return 0;
}

int xs_domain_release(struct xs_store *s, struct xs_client *cl,
		      unsigned int domid)
{
	struct xs_domain *d;

	if (!cl->is_privileged)
		return -EACCES;
	if (domid == 0 || domid >= XS_DOMID_LIMIT)
		return -EINVAL;
	d = dom_find(s, domid);
	if (!d)
		return -ENOENT;
	*d = s->doms[--s->ndoms];
	if (s->hooks.release)
		s->hooks.release(s->hooks.arg, domid);
	xs_log(s, LOG_INFO, "domain %u released", domid);
	xs_watch_fire_special(s, "@releaseDomain");
	return 0;
}

bool xs_domain_is_introduced(struct xs_store *s, unsigned int domid)
{
	return domid == 0 || dom_find(s, domid);
}

int xs_domain_set_target(struct xs_store *s, struct xs_client *cl,
			 unsigned int domid, unsigned int target)
{
	struct xs_domain *d;

	if (!cl->is_privileged)
		return -EACCES;
	if (domid >= XS_DOMID_LIMIT || target >= XS_DOMID_LIMIT ||
	    domid == target)
		return -EINVAL;
	d = dom_find(s, domid);
	if (!d)
		return -ENOENT;
	d->target = (int)target;
	return 0;
}

int xs_domain_target(struct xs_store *s, unsigned int domid)
{
	struct xs_domain *d = dom_find(s, domid);

	return d ? d->target : -1;
}

int xs_domain_ring(struct xs_store *s, unsigned int domid,
		   unsigned long *mfn, unsigned int *port)
{
	struct xs_domain *d = dom_find(s, domid);

	if (!d)
		return -ENOENT;
	*mfn = d->mfn;
	*port = d->port;
	return 0;
}

void xs_domain_foreach(struct xs_store *s,
		       void (*fn)(void *arg, unsigned int domid,
				  unsigned long mfn, unsigned int port,
				  int target),
		       void *arg)
{
	unsigned int i;

	for (i = 0; i < s->ndoms; i++)
		fn(arg, s->doms[i].domid, s->doms[i].mfn, s->doms[i].port,
		   s->doms[i].target);
}

static int check_node(struct xs_store *s, struct xs_node *n,
		      unsigned int *counts, char *buf, size_t cap)
{
	char path[XS_PATH_BUF];
	struct xs_node *p;
	unsigned int i;

	counts[n->perms[0].domid]++;
	for (i = 0; i < n->nchildren; i++) {
		if (!strcmp(n->path, "/"))
			snprintf(path, sizeof(path), "/%s", n->children[i]);
		else
			snprintf(path, sizeof(path), "%s/%s", n->path,
				 n->children[i]);
		if (!xs_htab_find(&s->nodes, path)) {
			snprintf(buf, cap, "missing child %s", path);
			return -EIO;
		}
	}
	if (!strcmp(n->path, "/"))
		return 0;
	xs_path_parent(n->path, path);
	p = xs_htab_find(&s->nodes, path);
	for (i = 0; p && i < p->nchildren; i++)
		if (!strcmp(p->children[i], xs_path_base(n->path)))
			return 0;
	snprintf(buf, cap, "orphan node %s", n->path);
	return -EIO;
}

int xs_store_check(struct xs_store *s, char *buf, size_t cap)
{
	unsigned int *counts = calloc(XS_DOMID_LIMIT, sizeof(*counts));
	struct xs_node *n;
	size_t i;
	int rc = 0;

	if (!counts)
		return -ENOMEM;
	for (i = 0; i < s->nodes.nb && !rc; i++)
		for (n = s->nodes.b[i]; n && !rc; n = n->hnext)
			rc = check_node(s, n, counts, buf, cap);
	for (i = 0; i < XS_DOMID_LIMIT && !rc; i++) {
		if (counts[i] != s->owner_nodes[i]) {
			snprintf(buf, cap, "domain %zu: %u nodes, counted %u",
				 i, s->owner_nodes[i], counts[i]);
			rc = -EIO;
		}
	}
	if (!rc)
		snprintf(buf, cap, "OK: %zu nodes consistent", s->nodes.n);
	free(counts);
	return rc;
}

size_t xs_store_memreport(struct xs_store *s, char *buf, size_t cap)
{
	size_t bytes = 0, i, vbytes = 0;
	struct xs_node *n;
	int w;

	for (i = 0; i < s->nodes.nb; i++) {
		for (n = s->nodes.b[i]; n; n = n->hnext) {
			bytes += sizeof(*n) + strlen(n->path) + 1 +
				 n->vlen + 1 + n->nperms * sizeof(*n->perms) +
				 n->cap_children * sizeof(char *) +
				 n->children_bytes;
			vbytes += n->vlen;
		}
	}
	bytes += s->nodes.nb * sizeof(void *);
	w = snprintf(buf, cap,
		     "nodes %zu\nnode-bytes %zu\nvalue-bytes %zu\n"
		     "watches %u\ntransactions %u\ndomains %u\n"
		     "events-fired %llu\n",
		     s->nodes.n, bytes, vbytes, s->nwatches, s->ntxns,
		     s->ndoms, (unsigned long long)s->events_fired);
	if (w < 0)
		return 0;
	return (size_t)w < cap ? (size_t)w : cap - 1;
}

static int walk(struct xs_store *s, struct xs_node *n,
		int (*fn)(void *, const char *, const struct xs_perm *,
			  unsigned int, const char *, size_t),
		void *arg)
{
	char path[XS_PATH_BUF];
	struct xs_node *c;
	unsigned int i;
	int rc;

	rc = fn(arg, n->path, n->perms, n->nperms, n->value, n->vlen);
	for (i = 0; !rc && i < n->nchildren; i++) {
		if (!strcmp(n->path, "/"))
			snprintf(path, sizeof(path), "/%s", n->children[i]);
		else
			snprintf(path, sizeof(path), "%s/%s", n->path,
				 n->children[i]);
		c = xs_htab_find(&s->nodes, path);
		if (c)
			rc = walk(s, c, fn, arg);
	}
	return rc;
}

int xs_store_foreach_node(struct xs_store *s,
			  int (*fn)(void *arg, const char *path,
				    const struct xs_perm *p, unsigned int np,
				    const char *val, size_t len),
			  void *arg)
{
	return walk(s, xs_htab_find(&s->nodes, "/"), fn, arg);
}

int xs_store_restore_node(struct xs_store *s, const char *path,
			  const struct xs_perm *p, unsigned int np,
			  const char *val, size_t len)
{
	struct xs_client root;
	struct xs_perm *copy;
	char canon[XS_PATH_BUF];
	struct xs_node *n;
	unsigned int i;
	int rc;

	if (!np || np > XS_MAX_INHERIT || path[0] != '/' ||
	    xs_path_canon(path, 0, canon, NULL))
		return -EINVAL;
	for (i = 0; i < np; i++)
		if (p[i].domid >= XS_DOMID_LIMIT || p[i].perm > XS_PERM_BOTH)
			return -EINVAL;
	xs_client_init(&root, 0, true, NULL);
	/* No watches can exist yet when state is restored, and those that
	 * do (xs_store_create's defaults) have nobody listening. */
	rc = xs_write(s, &root, NULL, canon, val, len);
	if (rc)
		return rc;
	n = xs_htab_find(&s->nodes, canon);
	copy = malloc(np * sizeof(*copy));
	if (!n || !copy) {
		free(copy);
		return -ENOMEM;
	}
	memcpy(copy, p, np * sizeof(*copy));
	s->owner_nodes[n->perms[0].domid]--;
	free(n->perms);
	n->perms = copy;
	n->nperms = np;
	s->owner_nodes[n->perms[0].domid]++;
	return 0;
}
