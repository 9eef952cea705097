/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Internal layout of the store core, shared by xs-store.c (nodes and the
 * view abstraction), xs-txn.c (transactions), xs-watch.c (watches) and
 * xs-domain.c (domains, quotas, reports).  Not part of the core's API: only
 * those files include it.
 */
#ifndef VESTA_XS_STORE_PRIV_H
#define VESTA_XS_STORE_PRIV_H

#include "xs-store.h"

/* Most permission entries a node can carry (bounded by the wire format). */
#define XS_MAX_INHERIT 72u

/*
 * A node.  The same structure holds live nodes (in the store's table) and a
 * transaction's private copies (in its overlay table), where the last four
 * fields are meaningful.
 */
struct xs_node {
	struct xs_node *hnext;
	char *path;
	char *value;
	size_t vlen;
	struct xs_perm *perms;
	unsigned int nperms;
	char **children;
	unsigned int nchildren;
	unsigned int cap_children;
	size_t children_bytes;  /* sum of strlen(name) + 1 */
	uint64_t gen;           /* store generation of the last change */
	/* Overlay copies only: */
	uint64_t base_gen;      /* live gen when first touched; 0 if absent */
	bool is_tomb;           /* absent in this view */
	bool is_dirty;          /* changed by the transaction */
	bool fire;              /* fire watches at commit */
	bool fire_rm;           /* ...as the root of a removal */
};

struct xs_htab {
	struct xs_node **b;
	size_t nb;
	size_t n;
};

struct xs_txn {
	struct xs_txn *next;
	uint32_t id;
	struct xs_htab overlay;
	int nodes_delta;        /* nodes created minus removed for the owner */
};

struct xs_watch {
	struct xs_watch *next;
	struct xs_client *cl;
	char *path;             /* canonical absolute, or special */
	char *given;            /* as registered */
	char *token;
	bool is_rel;
};

struct xs_domain {
	unsigned int domid;
	unsigned long mfn;
	unsigned int port;
	int target;
};

struct xs_store {
	struct xs_htab nodes;
	uint64_t gen;
	struct xs_quota quota;
	struct xs_hooks hooks;
	bool is_trace;
	unsigned int *owner_nodes;      /* XS_DOMID_LIMIT counters */
	struct xs_watch *watches;
	unsigned int nwatches;
	struct xs_domain *doms;
	unsigned int ndoms;
	unsigned int cap_doms;
	unsigned int ntxns;
	uint32_t next_txn_id;
	uint64_t events_fired;
};

/* Hash table of nodes keyed by path. */
int xs_htab_init(struct xs_htab *h);
struct xs_node *xs_htab_find(const struct xs_htab *h, const char *path);
int xs_htab_insert(struct xs_htab *h, struct xs_node *n);
void xs_htab_remove(struct xs_htab *h, struct xs_node *n);
void xs_htab_free_all(struct xs_htab *h);

struct xs_node *xs_node_alloc(const char *path);
void xs_node_free(struct xs_node *n);
int xs_node_copy(const struct xs_node *src, struct xs_node **out);

/* Effective access of @cl to a node with perms @p (XS_PERM_* | OWNER). */
#define XS_PERM_OWNER 4u
unsigned int xs_perm_for(const struct xs_client *cl, const struct xs_perm *p,
			 unsigned int np);

/*
 * Watch firing.  @path changed; @p are the node's permissions (before
 * removal for a removal); @is_rm also fires watches below @path, each with
 * its own path.
 */
void xs_watch_fire(struct xs_store *s, const char *path,
		   const struct xs_perm *p, unsigned int np, bool is_rm);
void xs_watch_fire_special(struct xs_store *s, const char *name);

#endif /* VESTA_XS_STORE_PRIV_H */
