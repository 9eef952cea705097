// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Node objects and the path-keyed hash table that holds them, both for the
 * live tree and for transaction overlays, plus the permission evaluation rule.
 * Knows nothing of views, transactions or watches.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xs-store-priv.h"

#define HTAB_MIN 256u

/* FNV-1a: cheap, and a guest cannot control bucket choice beyond its own
 * subtree, whose size the node quota bounds. */
static size_t hash_path(const char *p)
{
	uint64_t h = 1469598103934665603ull;

	for (; *p; p++) {
		h ^= (unsigned char)*p;
		h *= 1099511628211ull;
	}
	return (size_t)h;
}

int xs_htab_init(struct xs_htab *h)
{
	h->b = calloc(HTAB_MIN, sizeof(*h->b));
	if (!h->b)
		return -ENOMEM;
	h->nb = HTAB_MIN;
	h->n = 0;
	return 0;
}

struct xs_node *xs_htab_find(const struct xs_htab *h, const char *path)
{
	struct xs_node *n;

	for (n = h->b[hash_path(path) & (h->nb - 1)]; n; n = n->hnext)
		if (!strcmp(n->path, path))
			return n;
	return NULL;
}

static void grow(struct xs_htab *h)
{
	size_t nb = h->nb * 2, i;
	struct xs_node **b = calloc(nb, sizeof(*b));

	/* Failing to grow only costs speed. */
	if (!b)
		return;
	for (i = 0; i < h->nb; i++) {
		while (h->b[i]) {
			struct xs_node *n = h->b[i];
			size_t k = hash_path(n->path) & (nb - 1);

			h->b[i] = n->hnext;
			n->hnext = b[k];
			b[k] = n;
		}
	}
	free(h->b);
	h->b = b;
	h->nb = nb;
}

int xs_htab_insert(struct xs_htab *h, struct xs_node *n)
{
	size_t k;

	if (h->n >= h->nb)
		grow(h);
	k = hash_path(n->path) & (h->nb - 1);
	n->hnext = h->b[k];
	h->b[k] = n;
	h->n++;
	return 0;
}

void xs_htab_remove(struct xs_htab *h, struct xs_node *n)
{
	struct xs_node **pp = &h->b[hash_path(n->path) & (h->nb - 1)];

	for (; *pp; pp = &(*pp)->hnext) {
		if (*pp == n) {
			*pp = n->hnext;
			h->n--;
			return;
		}
	}
}

void xs_htab_free_all(struct xs_htab *h)
{
	size_t i;

	if (!h->b)
		return;
	for (i = 0; i < h->nb; i++) {
		while (h->b[i]) {
			struct xs_node *n = h->b[i];

			h->b[i] = n->hnext;
			xs_node_free(n);
		}
	}
	free(h->b);
	h->b = NULL;
	h->nb = 0;
	h->n = 0;
}

struct xs_node *xs_node_alloc(const char *path)
{
	struct xs_node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->path = strdup(path);
	n->value = calloc(1, 1);
	if (!n->path || !n->value) {
		xs_node_free(n);
		return NULL;
	}
	return n;
}

void xs_node_free(struct xs_node *n)
{
	unsigned int i;

	if (!n)
		return;
	for (i = 0; i < n->nchildren; i++)
		free(n->children[i]);
	free(n->children);
	free(n->perms);
	free(n->value);
	free(n->path);
	free(n);
}

int xs_node_copy(const struct xs_node *src, struct xs_node **out)
{
	struct xs_node *n = xs_node_alloc(src->path);
	unsigned int i;

	if (!n)
		return -ENOMEM;
	free(n->value);
	n->value = malloc(src->vlen + 1);
	n->perms = malloc(src->nperms * sizeof(*n->perms));
	n->children = calloc(src->nchildren + 1, sizeof(*n->children));
	if (!n->value || !n->perms || !n->children)
		goto fail;
	memcpy(n->value, src->value, src->vlen + 1);
	n->vlen = src->vlen;
	memcpy(n->perms, src->perms, src->nperms * sizeof(*n->perms));
	n->nperms = src->nperms;
	n->cap_children = src->nchildren + 1;
	for (i = 0; i < src->nchildren; i++) {
		n->children[i] = strdup(src->children[i]);
		if (!n->children[i])
			goto fail;
		n->nchildren++;
	}
	n->children_bytes = src->children_bytes;
	n->gen = src->gen;
	*out = n;
	return 0;
fail:
	xs_node_free(n);
	return -ENOMEM;
}

unsigned int xs_perm_for(const struct xs_client *cl, const struct xs_perm *p,
			 unsigned int np)
{
	unsigned int i;
	bool has_target = cl->target >= 0;
	unsigned int tgt = has_target ? (unsigned int)cl->target : 0;

	if (cl->is_privileged)
		return XS_PERM_BOTH | XS_PERM_OWNER;
	if (p[0].domid == cl->domid || (has_target && p[0].domid == tgt))
		return XS_PERM_BOTH | XS_PERM_OWNER;
	for (i = 1; i < np; i++)
		if (p[i].domid == cl->domid)
			return p[i].perm;
	/* A device model gets whatever its target was granted. */
	for (i = 1; has_target && i < np; i++)
		if (p[i].domid == tgt)
			return p[i].perm;
	return p[0].perm;
}

int xs_perm_parse(const char *str, struct xs_perm *out)
{
	static const char letters[] = "nrwb";
	const char *l;
	char *end;
	unsigned long id;

	if (!str[0] || !(l = strchr(letters, str[0])))
		return -EINVAL;
	if (str[1] < '0' || str[1] > '9')
		return -EINVAL;
	id = strtoul(str + 1, &end, 10);
	if (*end || id >= XS_DOMID_LIMIT)
		return -EINVAL;
	out->perm = (unsigned int)(l - letters);
	out->domid = (unsigned int)id;
	return 0;
}
