// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Transactions of the store core.  A transaction is an overlay of private
 * node copies (filled by xs-store.c on first touch).  Commit checks that
 * every node the transaction touched still has the generation it had then;
 * if so it applies all dirty copies at once, allocating everything it needs
 * before changing anything, so a commit is all or nothing.  Watches fire
 * after the tree is updated.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "xs-store-priv.h"

int xs_txn_start(struct xs_store *s, struct xs_client *cl, uint32_t *id)
{
	struct xs_txn *t;
	int rc;

	if (!cl->is_privileged && cl->ntxns >= s->quota.transactions) {
		xs_log(s, LOG_WARNING, "domain %u: transaction quota (%u)",
		       cl->domid, s->quota.transactions);
		return -ENOSPC;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	rc = xs_htab_init(&t->overlay);
	if (rc) {
		free(t);
		return rc;
	}
	/* Ids are store-wide so that a stale id of one client never names
	 * another's transaction; 0 means "no transaction". */
	do {
		t->id = ++s->next_txn_id;
	} while (!t->id || xs_txn_lookup(cl, t->id));
	t->next = cl->txns;
	cl->txns = t;
	cl->ntxns++;
	s->ntxns++;
	*id = t->id;
	return 0;
}

struct xs_txn *xs_txn_lookup(struct xs_client *cl, uint32_t id)
{
	struct xs_txn *t;

	for (t = cl->txns; t; t = t->next)
		if (t->id == id)
			return t;
	return NULL;
}

static void txn_free(struct xs_store *s, struct xs_client *cl,
		     struct xs_txn *t)
{
	struct xs_txn **pp;

	for (pp = &cl->txns; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	cl->ntxns--;
	s->ntxns--;
	xs_htab_free_all(&t->overlay);
	free(t);
}

static bool has_conflict(struct xs_store *s, struct xs_txn *t)
{
	size_t i;
	struct xs_node *n, *live;

	for (i = 0; i < t->overlay.nb; i++) {
		for (n = t->overlay.b[i]; n; n = n->hnext) {
			live = xs_htab_find(&s->nodes, n->path);
			if ((live ? live->gen : 0) != n->base_gen)
				return true;
		}
	}
	return false;
}

/* Nodes the commit must add to the live tree, allocated up front. */
static int prealloc(struct xs_store *s, struct xs_txn *t,
		    struct xs_node ***fresh, size_t *nfresh)
{
	struct xs_node **arr, *n;
	size_t i, k = 0;

	arr = calloc(t->overlay.n + 1, sizeof(*arr));
	if (!arr)
		return -ENOMEM;
	for (i = 0; i < t->overlay.nb; i++) {
		for (n = t->overlay.b[i]; n; n = n->hnext) {
			if (!n->is_dirty || n->is_tomb ||
			    xs_htab_find(&s->nodes, n->path))
				continue;
			arr[k] = xs_node_alloc(n->path);
			if (!arr[k])
				goto fail;
			k++;
		}
	}
	*fresh = arr;
	*nfresh = k;
	return 0;
fail:
	while (k--)
		xs_node_free(arr[k]);
	free(arr);
	return -ENOMEM;
}

static void owner_count(struct xs_store *s, const struct xs_node *n, int d)
{
	s->owner_nodes[n->perms[0].domid] += (unsigned int)d;
}

/* Move the contents of overlay copy @src into live node @dst. */
static void steal(struct xs_node *dst, struct xs_node *src)
{
	unsigned int i;

	for (i = 0; i < dst->nchildren; i++)
		free(dst->children[i]);
	free(dst->children);
	free(dst->perms);
	free(dst->value);
	dst->children = src->children;
	dst->nchildren = src->nchildren;
	dst->cap_children = src->cap_children;
	dst->children_bytes = src->children_bytes;
	dst->perms = src->perms;
	dst->nperms = src->nperms;
	dst->value = src->value;
	dst->vlen = src->vlen;
	src->children = NULL;
	src->nchildren = 0;
	src->perms = NULL;
	src->value = NULL;
}

static void apply_one(struct xs_store *s, struct xs_node *n,
		      struct xs_node **fresh, size_t *k)
{
	struct xs_node *live = xs_htab_find(&s->nodes, n->path);

	if (n->is_tomb) {
		if (!live)
			return;
		owner_count(s, live, -1);
		xs_htab_remove(&s->nodes, live);
		xs_node_free(live);
		return;
	}
	if (live) {
		owner_count(s, live, -1);
	} else {
		live = fresh[(*k)++];
		xs_htab_insert(&s->nodes, live);
	}
	steal(live, n);
	live->gen = ++s->gen;
	owner_count(s, live, 1);
}

static void fire_all(struct xs_store *s, struct xs_txn *t)
{
	struct xs_node *n, *live;
	size_t i;

	for (i = 0; i < t->overlay.nb; i++) {
		for (n = t->overlay.b[i]; n; n = n->hnext) {
			if (!n->fire)
				continue;
			if (n->is_tomb) {
				xs_watch_fire(s, n->path, n->perms, n->nperms,
					      true);
				continue;
			}
			live = xs_htab_find(&s->nodes, n->path);
			if (live)
				xs_watch_fire(s, live->path, live->perms,
					      live->nperms, false);
		}
	}
}

int xs_txn_end(struct xs_store *s, struct xs_client *cl, struct xs_txn *t,
	       bool commit)
{
	struct xs_node **fresh = NULL, *n;
	size_t nfresh = 0, i, k = 0;
	int rc = 0;

	if (!commit)
		goto out;
	if (has_conflict(s, t)) {
		rc = -EAGAIN;
		goto out;
	}
	rc = prealloc(s, t, &fresh, &nfresh);
	if (rc)
		goto out;
	for (i = 0; i < t->overlay.nb; i++)
		for (n = t->overlay.b[i]; n; n = n->hnext)
			if (n->is_dirty)
				apply_one(s, n, fresh, &k);
	fire_all(s, t);
	free(fresh);
out:
	txn_free(s, cl, t);
	return rc;
}
