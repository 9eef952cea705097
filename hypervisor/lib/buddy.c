/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Binary buddy allocator core (see <vesta/buddy.h>). Blocks are naturally
 * aligned on absolute frame numbers, so the buddy of a block is found by
 * flipping one bit of its first frame number; free lists are linked by
 * frame index through the caller's node array. Not responsible for locking
 * or for anything that touches the frames themselves.
 */
#include <stdbool.h>

#include <vesta/buddy.h>
#include <vesta/errno.h>

static struct buddy_node *node_at(const struct buddy_zone *z, uint64_t idx)
{
	return (struct buddy_node *)(z->base + (size_t)idx * z->stride);
}

static bool pfn_in_zone(const struct buddy_zone *z, uint64_t pfn)
{
	return pfn >= z->first_pfn && pfn - z->first_pfn < z->nr_pfns;
}

static void list_add(struct buddy_zone *z, uint32_t idx, unsigned int order)
{
	struct buddy_node *n = node_at(z, idx);
	uint32_t old = z->head[order];

	n->state = BUDDY_NODE_FREE;
	n->order = order;
	n->prev = BUDDY_NONE;
	n->next = old;
	if (old != BUDDY_NONE)
		node_at(z, old)->prev = idx;
	z->head[order] = idx;
	z->nr_blocks[order]++;
}

/* Unlinks a free head; the caller decides what its state becomes. */
static void list_del(struct buddy_zone *z, uint32_t idx, unsigned int order)
{
	struct buddy_node *n = node_at(z, idx);

	if (n->prev != BUDDY_NONE)
		node_at(z, n->prev)->next = n->next;
	else
		z->head[order] = n->next;
	if (n->next != BUDDY_NONE)
		node_at(z, n->next)->prev = n->prev;
	n->next = BUDDY_NONE;
	n->prev = BUDDY_NONE;
	z->nr_blocks[order]--;
}

/*
 * Puts the block at frame index idx (whose node is NONE) on the free lists,
 * merging with its buddy for as long as that is a free block of the same
 * order. At most BUDDY_MAX_ORDER merges.
 */
static void free_block(struct buddy_zone *z, uint32_t idx, unsigned int order)
{
	uint64_t pfn = z->first_pfn + idx;
	uint64_t bpfn;
	struct buddy_node *b;

	z->free_pages += 1ull << order;
	while (order < BUDDY_MAX_ORDER) {
		bpfn = pfn ^ (1ull << order);
		if (!pfn_in_zone(z, bpfn))
			break;
		b = node_at(z, bpfn - z->first_pfn);
		/* A FREE head of this order at bpfn is exactly our buddy. */
		if (b->state != BUDDY_NODE_FREE || b->order != order)
			break;
		list_del(z, (uint32_t)(bpfn - z->first_pfn), order);
		/* Only block heads carry a state. */
		b->state = BUDDY_NODE_NONE;
		b->order = 0;
		pfn &= ~(1ull << order);
		order++;
	}
	list_add(z, (uint32_t)(pfn - z->first_pfn), order);
}

void buddy_init(struct buddy_zone *z, void *nodes, size_t stride,
		uint64_t first_pfn, uint64_t nr_pfns)
{
	struct buddy_node *n;
	unsigned int o;
	uint64_t i;

	/* Indices must stay below BUDDY_NONE, frame numbers must not wrap. */
	if (nr_pfns > BUDDY_NONE)
		nr_pfns = BUDDY_NONE;
	if (nr_pfns > UINT64_MAX - first_pfn)
		nr_pfns = UINT64_MAX - first_pfn;
	z->base = nodes;
	z->stride = stride;
	z->first_pfn = first_pfn;
	z->nr_pfns = nr_pfns;
	z->free_pages = 0;
	for (o = 0; o <= BUDDY_MAX_ORDER; o++) {
		z->head[o] = BUDDY_NONE;
		z->nr_blocks[o] = 0;
	}
	for (i = 0; i < nr_pfns; i++) {
		n = node_at(z, i);
		n->next = BUDDY_NONE;
		n->prev = BUDDY_NONE;
		n->order = 0;
		n->state = BUDDY_NODE_NONE;
		n->reserved = 0;
	}
}

void buddy_add_range(struct buddy_zone *z, uint64_t pfn, uint64_t nr)
{
	uint64_t end = nr > UINT64_MAX - pfn ? UINT64_MAX : pfn + nr;
	uint64_t zend = z->first_pfn + z->nr_pfns;
	unsigned int o;

	if (pfn < z->first_pfn)
		pfn = z->first_pfn;
	if (end > zend)
		end = zend;
	/* <= 2 * MAX_ORDER + range / 2^MAX_ORDER passes, each >= 1 frame. */
	while (pfn < end) {
		o = 0;
		while (o < BUDDY_MAX_ORDER && !(pfn & (1ull << o)) &&
		       (2ull << o) <= end - pfn)
			o++;
		free_block(z, (uint32_t)(pfn - z->first_pfn), o);
		pfn += 1ull << o;
	}
}

int64_t buddy_alloc(struct buddy_zone *z, unsigned int order)
{
	struct buddy_node *n;
	unsigned int o;
	uint32_t idx, half;

	if (order > BUDDY_MAX_ORDER)
		return -EINVAL;
	for (o = order; o <= BUDDY_MAX_ORDER; o++)
		if (z->head[o] != BUDDY_NONE)
			break;
	if (o > BUDDY_MAX_ORDER)
		return -ENOMEM;
	idx = z->head[o];
	list_del(z, idx, o);
	/* Return the upper halves (inside the zone, as the whole block is). */
	while (o > order) {
		o--;
		half = idx + (1u << o);
		list_add(z, half, o);
	}
	n = node_at(z, idx);
	n->state = BUDDY_NODE_ALLOC;
	n->order = order;
	z->free_pages -= 1ull << order;
	return (int64_t)(z->first_pfn + idx);
}

int buddy_free(struct buddy_zone *z, uint64_t pfn, unsigned int order)
{
	struct buddy_node *n;
	uint32_t idx;

	if (order > BUDDY_MAX_ORDER || !pfn_in_zone(z, pfn))
		return -EINVAL;
	if (pfn & ((1ull << order) - 1))
		return -EINVAL;
	idx = (uint32_t)(pfn - z->first_pfn);
	n = node_at(z, idx);
	if (n->state != BUDDY_NODE_ALLOC || n->order != order)
		return -EINVAL;
	n->state = BUDDY_NODE_NONE;
	n->order = 0;
	free_block(z, idx, order);
	return 0;
}

/* Is [idx, idx + 2^order) a naturally aligned block inside the zone? */
static bool block_ok(const struct buddy_zone *z, uint64_t idx,
		     unsigned int order)
{
	uint64_t size = 1ull << order;

	return idx < z->nr_pfns && size <= z->nr_pfns - idx &&
	       !((z->first_pfn + idx) & (size - 1));
}

/*
 * Walks one free list. With every node's prev checked against the node we
 * came from, a cycle is caught on its first revisited node, so the walk
 * ends within nr_pfns steps even on a corrupt zone.
 */
static int check_list(const struct buddy_zone *z, unsigned int o,
		      uint64_t *pages, const struct diag *dg)
{
	const struct buddy_node *n;
	uint32_t prev = BUDDY_NONE, i = z->head[o];
	uint64_t count = 0;

	while (i != BUDDY_NONE) {
		if (i >= z->nr_pfns || count >= z->nr_pfns) {
			diag_report(dg, "buddy: order %u list: bad index %u",
				    o, i);
			return -EINVAL;
		}
		n = node_at(z, i);
		if (n->state != BUDDY_NODE_FREE || n->order != o ||
		    n->prev != prev) {
			diag_report(dg,
				    "buddy: order %u list: node %u has state %u order %u prev %u (expected prev %u)",
				    o, i, n->state, n->order, n->prev, prev);
			return -EINVAL;
		}
		if (!block_ok(z, i, o)) {
			diag_report(dg,
				    "buddy: order %u list: block at pfn 0x%llx misaligned or outside the zone",
				    o, (unsigned long long)(z->first_pfn + i));
			return -EINVAL;
		}
		*pages += 1ull << o;
		count++;
		prev = i;
		i = n->next;
	}
	if (count != z->nr_blocks[o]) {
		diag_report(dg,
			    "buddy: order %u list has %llu blocks, nr_blocks says %llu",
			    o, (unsigned long long)count,
			    (unsigned long long)z->nr_blocks[o]);
		return -EINVAL;
	}
	return 0;
}

/* Checks one block head found by the node scan. */
static int check_head(const struct buddy_zone *z, uint64_t idx,
		      uint64_t covered, const struct diag *dg)
{
	const struct buddy_node *n = node_at(z, idx), *b;
	uint64_t pfn = z->first_pfn + idx, bpfn;

	if (n->state != BUDDY_NODE_FREE && n->state != BUDDY_NODE_ALLOC) {
		diag_report(dg, "buddy: pfn 0x%llx has bad state %u",
			    (unsigned long long)pfn, n->state);
		return -EINVAL;
	}
	if (n->order > BUDDY_MAX_ORDER || !block_ok(z, idx, n->order)) {
		diag_report(dg,
			    "buddy: block at pfn 0x%llx order %u misaligned or outside the zone",
			    (unsigned long long)pfn, n->order);
		return -EINVAL;
	}
	if (idx < covered) {
		diag_report(dg,
			    "buddy: block at pfn 0x%llx overlaps the previous block",
			    (unsigned long long)pfn);
		return -EINVAL;
	}
	if (n->state != BUDDY_NODE_FREE || n->order == BUDDY_MAX_ORDER)
		return 0;
	bpfn = pfn ^ (1ull << n->order);
	if (!pfn_in_zone(z, bpfn))
		return 0;
	b = node_at(z, bpfn - z->first_pfn);
	if (b->state == BUDDY_NODE_FREE && b->order == n->order) {
		diag_report(dg,
			    "buddy: free buddies at pfn 0x%llx and 0x%llx order %u not merged",
			    (unsigned long long)pfn, (unsigned long long)bpfn,
			    n->order);
		return -EINVAL;
	}
	return 0;
}

int buddy_check(const struct buddy_zone *z, const struct diag *dg)
{
	uint64_t heads[BUDDY_MAX_ORDER + 1] = { 0 };
	uint64_t pages = 0, covered = 0, idx;
	const struct buddy_node *n;
	unsigned int o;
	int rc;

	for (o = 0; o <= BUDDY_MAX_ORDER; o++) {
		rc = check_list(z, o, &pages, dg);
		if (rc)
			return rc;
	}
	if (pages != z->free_pages) {
		diag_report(dg,
			    "buddy: lists hold %llu pages, free_pages says %llu",
			    (unsigned long long)pages,
			    (unsigned long long)z->free_pages);
		return -EINVAL;
	}
	for (idx = 0; idx < z->nr_pfns; idx++) {
		n = node_at(z, idx);
		if (n->state == BUDDY_NODE_NONE)
			continue;
		rc = check_head(z, idx, covered, dg);
		if (rc)
			return rc;
		covered = idx + (1ull << n->order);
		if (n->state == BUDDY_NODE_FREE)
			heads[n->order]++;
	}
	/* Lists were checked to hold only FREE heads: equal counts = all. */
	for (o = 0; o <= BUDDY_MAX_ORDER; o++) {
		if (heads[o] != z->nr_blocks[o]) {
			diag_report(dg,
				    "buddy: %llu free heads of order %u but %llu on the list",
				    (unsigned long long)heads[o], o,
				    (unsigned long long)z->nr_blocks[o]);
			return -EINVAL;
		}
	}
	return 0;
}
