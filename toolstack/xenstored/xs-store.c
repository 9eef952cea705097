// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Node operations of the store core (read, write, mkdir, rm, directory,
 * permissions) written once against a "view": either the live tree, where a
 * change takes effect and fires watches at once, or a transaction's overlay,
 * where the first touch of a node copies it privately and records the live
 * generation for conflict detection at commit (xs-txn.c).  Access checks and
 * per-domain quotas are enforced here.  Path syntax is not: callers pass
 * canonical paths.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "xs-path.h"
#include "xs-store-priv.h"

struct view {
	struct xs_store *s;
	struct xs_txn *t;
};

void xs_log(struct xs_store *s, int prio, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!s->hooks.log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	s->hooks.log(s->hooks.arg, prio, msg);
}

/* Look @path up in the view; *out is NULL if it does not exist there. */
static int v_get(struct view *v, const char *path, struct xs_node **out)
{
	struct xs_node *live, *n;
	int rc;

	*out = NULL;
	if (!v->t) {
		*out = xs_htab_find(&v->s->nodes, path);
		return 0;
	}
	n = xs_htab_find(&v->t->overlay, path);
	if (!n) {
		live = xs_htab_find(&v->s->nodes, path);
		if (live) {
			rc = xs_node_copy(live, &n);
			if (rc)
				return rc;
			n->base_gen = live->gen;
		} else {
			n = xs_node_alloc(path);
			if (!n)
				return -ENOMEM;
			n->is_tomb = true;
		}
		xs_htab_insert(&v->t->overlay, n);
	}
	if (!n->is_tomb)
		*out = n;
	return 0;
}

static void v_changed(struct view *v, struct xs_node *n)
{
	if (v->t)
		n->is_dirty = true;
	else
		n->gen = ++v->s->gen;
}

static int child_add(struct xs_node *parent, const char *name)
{
	char *dup;

	if (parent->nchildren == parent->cap_children) {
		unsigned int cap = parent->cap_children ?
					   parent->cap_children * 2 : 4;
		char **c = realloc(parent->children, cap * sizeof(*c));

		if (!c)
			return -ENOMEM;
		parent->children = c;
		parent->cap_children = cap;
	}
	dup = strdup(name);
	if (!dup)
		return -ENOMEM;
	parent->children[parent->nchildren++] = dup;
	parent->children_bytes += strlen(name) + 1;
	return 0;
}

static void child_del(struct xs_node *parent, const char *name)
{
	unsigned int i;

	/* Search from the end: recursive removal deletes the last first. */
	for (i = parent->nchildren; i-- > 0;) {
		if (strcmp(parent->children[i], name))
			continue;
		parent->children_bytes -= strlen(name) + 1;
		free(parent->children[i]);
		memmove(&parent->children[i], &parent->children[i + 1],
			(parent->nchildren - i - 1) * sizeof(char *));
		parent->nchildren--;
		return;
	}
}

static void count_owner(struct xs_store *s, const struct xs_node *n, int d)
{
	unsigned int id = n->perms[0].domid;

	if (id < XS_DOMID_LIMIT)
		s->owner_nodes[id] += (unsigned int)d;
}

/* Create @path below existing @parent with permissions @p. */
static int v_create(struct view *v, struct xs_node *parent, const char *path,
		    const struct xs_perm *p, unsigned int np,
		    struct xs_node **out)
{
	struct xs_perm *perms = malloc(np * sizeof(*perms));
	struct xs_node *n = NULL;
	int rc;

	if (!perms)
		return -ENOMEM;
	memcpy(perms, p, np * sizeof(*perms));
	if (v->t) {
		n = xs_htab_find(&v->t->overlay, path);
		/* v_get() was called on every level first. */
		if (!n || !n->is_tomb) {
			free(perms);
			return -EIO;
		}
	} else {
		n = xs_node_alloc(path);
		if (!n) {
			free(perms);
			return -ENOMEM;
		}
	}
	rc = child_add(parent, xs_path_base(path));
	if (rc) {
		free(perms);
		if (!v->t)
			xs_node_free(n);
		return rc;
	}
	free(n->perms);
	n->perms = perms;
	n->nperms = np;
	n->is_tomb = false;
	v_changed(v, parent);
	v_changed(v, n);
	if (v->t) {
		v->t->nodes_delta++;
	} else {
		xs_htab_insert(&v->s->nodes, n);
		count_owner(v->s, n, 1);
	}
	*out = n;
	return 0;
}

static void child_path(const char *parent, const char *name, char *out)
{
	if (!strcmp(parent, "/"))
		snprintf(out, XS_PATH_BUF, "/%s", name);
	else
		snprintf(out, XS_PATH_BUF, "%s/%s", parent, name);
}

/* Remove @n and its subtree from the view.  Recursion depth is bounded by
 * the maximum path length. */
static int v_remove(struct view *v, struct xs_node *n)
{
	char cpath[XS_PATH_BUF], ppath[XS_PATH_BUF];
	struct xs_node *c, *parent;
	int rc;

	while (n->nchildren) {
		const char *name = n->children[n->nchildren - 1];

		child_path(n->path, name, cpath);
		rc = v_get(v, cpath, &c);
		if (rc)
			return rc;
		if (c) {
			rc = v_remove(v, c);
			if (rc)
				return rc;
		} else {
			child_del(n, name);
		}
	}
	xs_path_parent(n->path, ppath);
	rc = v_get(v, ppath, &parent);
	if (rc)
		return rc;
	if (parent) {
		child_del(parent, xs_path_base(n->path));
		v_changed(v, parent);
	}
	if (v->t) {
		n->is_tomb = true;
		n->is_dirty = true;
		v->t->nodes_delta--;
	} else {
		count_owner(v->s, n, -1);
		xs_htab_remove(&v->s->nodes, n);
		xs_node_free(n);
	}
	return 0;
}

static unsigned int owned_nodes(struct view *v, const struct xs_client *cl)
{
	int n = (int)v->s->owner_nodes[cl->domid];

	if (v->t)
		n += v->t->nodes_delta;
	return n < 0 ? 0 : (unsigned int)n;
}

/* Find the nearest existing ancestor of missing @path; count missing levels. */
static int find_ancestor(struct view *v, const char *path,
			 struct xs_node **anc, unsigned int *missing)
{
	char buf[XS_PATH_BUF];
	int rc;

	*missing = 1;
	strcpy(buf, path);
	for (;;) {
		xs_path_parent(buf, buf);
		rc = v_get(v, buf, anc);
		if (rc)
			return rc;
		if (*anc)
			return 0;
		/* "/" always exists, so this terminates at depth 0. */
		(*missing)++;
	}
}

static int create_path(struct view *v, struct xs_client *cl,
		       const char *path, struct xs_node **out)
{
	struct xs_node *parent;
	unsigned int missing;
	size_t pos;
	int rc;

	if (!cl->is_privileged &&
	    xs_path_depth(path) > v->s->quota.path_depth)
		return -ENOSPC;
	rc = find_ancestor(v, path, &parent, &missing);
	if (rc)
		return rc;
	if (!(xs_perm_for(cl, parent->perms, parent->nperms) & XS_PERM_WRITE))
		return -EACCES;
	if (!cl->is_privileged &&
	    owned_nodes(v, cl) + missing > v->s->quota.nodes_per_domain) {
		xs_log(v->s, LOG_WARNING,
		       "domain %u: node quota (%u) reached creating %s",
		       cl->domid, v->s->quota.nodes_per_domain, path);
		return -ENOSPC;
	}
	pos = strcmp(parent->path, "/") ? strlen(parent->path) : 0;
	while (missing--) {
		char prefix[XS_PATH_BUF];
		const char *slash = strchr(path + pos + 1, '/');
		size_t end = slash ? (size_t)(slash - path) : strlen(path);
		struct xs_perm perms[XS_MAX_INHERIT];
		unsigned int np = parent->nperms;
		struct xs_node *n;

		memcpy(prefix, path, end);
		prefix[end] = '\0';
		if (np > XS_MAX_INHERIT)
			np = XS_MAX_INHERIT;
		memcpy(perms, parent->perms, np * sizeof(perms[0]));
		if (!cl->is_privileged)
			perms[0].domid = cl->domid;
		if (v->t) {
			rc = v_get(v, prefix, &n);
			if (rc)
				return rc;
		}
		rc = v_create(v, parent, prefix, perms, np, &n);
		if (rc)
			return rc;
		parent = n;
		pos = end;
	}
	*out = parent;
	return 0;
}

static void fire(struct view *v, struct xs_node *n, bool is_rm)
{
	if (v->t) {
		n->fire = true;
		n->fire_rm = is_rm;
		return;
	}
	xs_watch_fire(v->s, n->path, n->perms, n->nperms, is_rm);
}

int xs_read(struct xs_store *s, struct xs_client *cl, struct xs_txn *t,
	    const char *path, const char **val, size_t *len)
{
	struct view v = { s, t };
	struct xs_node *n;
	int rc;

	rc = v_get(&v, path, &n);
	if (rc)
		return rc;
	if (!n)
		return -ENOENT;
	if (!(xs_perm_for(cl, n->perms, n->nperms) & XS_PERM_READ))
		return -EACCES;
	*val = n->value;
	*len = n->vlen;
	return 0;
}

static int get_or_create(struct view *v, struct xs_client *cl,
			 const char *path, struct xs_node **out,
			 bool *created)
{
	int rc;

	rc = v_get(v, path, out);
	if (rc)
		return rc;
	*created = !*out;
	if (*out) {
		if (!(xs_perm_for(cl, (*out)->perms, (*out)->nperms) &
		      XS_PERM_WRITE))
			return -EACCES;
		return 0;
	}
	return create_path(v, cl, path, out);
}

int xs_write(struct xs_store *s, struct xs_client *cl, struct xs_txn *t,
	     const char *path, const char *val, size_t len)
{
	struct view v = { s, t };
	struct xs_node *n;
	bool created;
	char *copy;
	int rc;

	if (!cl->is_privileged && len > s->quota.node_size) {
		xs_log(s, LOG_WARNING,
		       "domain %u: value of %zu bytes over quota for %s",
		       cl->domid, len, path);
		return -ENOSPC;
	}
	copy = malloc(len + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, val, len);
	copy[len] = '\0';
	rc = get_or_create(&v, cl, path, &n, &created);
	if (rc) {
		free(copy);
		return rc;
	}
	free(n->value);
	n->value = copy;
	n->vlen = len;
	v_changed(&v, n);
	fire(&v, n, false);
	return 0;
}

int xs_mkdir(struct xs_store *s, struct xs_client *cl, struct xs_txn *t,
	     const char *path)
{
	struct view v = { s, t };
	struct xs_node *n;
	int rc;

	rc = v_get(&v, path, &n);
	if (rc)
		return rc;
	if (n)
		return 0;
	rc = create_path(&v, cl, path, &n);
	if (rc)
		return rc;
	fire(&v, n, false);
	return 0;
}

int xs_rm(struct xs_store *s, struct xs_client *cl, struct xs_txn *t,
	  const char *path)
{
	char ppath[XS_PATH_BUF];
	struct view v = { s, t };
	struct xs_node *n, *parent;
	int rc;

	if (!strcmp(path, "/"))
		return -EINVAL;
	rc = v_get(&v, path, &n);
	if (rc)
		return rc;
	if (!n) {
		xs_path_parent(path, ppath);
		rc = v_get(&v, ppath, &parent);
		if (rc)
			return rc;
		return parent ? 0 : -ENOENT;
	}
	if (!(xs_perm_for(cl, n->perms, n->nperms) & XS_PERM_WRITE))
		return -EACCES;
	/* Events are only queued here, so firing before the removal is not
	 * observable; it lets the live tree use the node's permissions. */
	fire(&v, n, true);
	return v_remove(&v, n);
}

static int get_readable(struct view *v, struct xs_client *cl,
			const char *path, struct xs_node **n)
{
	int rc;

	rc = v_get(v, path, n);
	if (rc)
		return rc;
	if (!*n)
		return -ENOENT;
	if (!(xs_perm_for(cl, (*n)->perms, (*n)->nperms) & XS_PERM_READ))
		return -EACCES;
	return 0;
}

int xs_directory(struct xs_store *s, struct xs_client *cl, struct xs_txn *t,
		 const char *path, char *buf, size_t cap, size_t *len)
{
	struct view v = { s, t };
	struct xs_node *n;
	unsigned int i;
	size_t off = 0;
	int rc;

	rc = get_readable(&v, cl, path, &n);
	if (rc)
		return rc;
	if (n->children_bytes > cap)
		return -E2BIG;
	for (i = 0; i < n->nchildren; i++) {
		size_t l = strlen(n->children[i]) + 1;

		memcpy(buf + off, n->children[i], l);
		off += l;
	}
	*len = off;
	return 0;
}

int xs_directory_part(struct xs_store *s, struct xs_client *cl,
		      struct xs_txn *t, const char *path, size_t off,
		      char *buf, size_t cap, size_t *len)
{
	struct view v = { s, t };
	struct xs_node *n;
	size_t pos = 0, out;
	unsigned int i;
	int rc;

	rc = get_readable(&v, cl, path, &n);
	if (rc)
		return rc;
	out = (size_t)snprintf(buf, cap, "%llu",
			       (unsigned long long)n->gen) + 1;
	for (i = 0; i < n->nchildren; i++) {
		size_t l = strlen(n->children[i]) + 1;

		if (pos >= off) {
			/* Keep room for the end-of-list marker. */
			if (out + l + 1 > cap)
				break;
			memcpy(buf + out, n->children[i], l);
			out += l;
		}
		pos += l;
	}
	if (i == n->nchildren)
		buf[out++] = '\0';
	else if (out == strlen(buf) + 1)
		return -E2BIG;
	*len = out;
	return 0;
}

int xs_get_perms(struct xs_store *s, struct xs_client *cl, struct xs_txn *t,
		 const char *path, char *buf, size_t cap, size_t *len)
{
	static const char letters[] = "nrwb";
	struct view v = { s, t };
	struct xs_node *n;
	unsigned int i;
	size_t off = 0;
	int rc;

	rc = get_readable(&v, cl, path, &n);
	if (rc)
		return rc;
	for (i = 0; i < n->nperms; i++) {
		int w = snprintf(buf + off, cap - off, "%c%u",
				 letters[n->perms[i].perm & 3],
				 n->perms[i].domid);

		if (w < 0 || (size_t)w + 1 > cap - off)
			return -E2BIG;
		off += (size_t)w + 1;
	}
	*len = off;
	return 0;
}

int xs_set_perms(struct xs_store *s, struct xs_client *cl, struct xs_txn *t,
		 const char *path, const struct xs_perm *p, unsigned int np)
{
	struct view v = { s, t };
	struct xs_perm *copy;
	struct xs_node *n;
	unsigned int i;
	int rc;

	if (!np || np > XS_MAX_INHERIT)
		return -EINVAL;
	for (i = 0; i < np; i++)
		if (p[i].domid >= XS_DOMID_LIMIT || p[i].perm > XS_PERM_BOTH)
			return -EINVAL;
	if (!cl->is_privileged && np > s->quota.perms_per_node)
		return -ENOSPC;
	rc = v_get(&v, path, &n);
	if (rc)
		return rc;
	if (!n)
		return -ENOENT;
	if (!(xs_perm_for(cl, n->perms, n->nperms) & XS_PERM_OWNER))
		return -EACCES;
	/* Handing a node to another domain must not overrun its quota. */
	if (!cl->is_privileged && p[0].domid != n->perms[0].domid &&
	    s->owner_nodes[p[0].domid] >= s->quota.nodes_per_domain)
		return -ENOSPC;
	copy = malloc(np * sizeof(*copy));
	if (!copy)
		return -ENOMEM;
	memcpy(copy, p, np * sizeof(*copy));
	if (!t)
		count_owner(s, n, -1);
	free(n->perms);
	n->perms = copy;
	n->nperms = np;
	if (!t)
		count_owner(s, n, 1);
	v_changed(&v, n);
	fire(&v, n, false);
	return 0;
}
