/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Binary buddy allocator core over one contiguous zone of page frames. The
 * per-frame metadata (struct buddy_node) lives in an array the caller owns,
 * usually embedded as the first member of its struct page_info, so the zone
 * is described by a base pointer and a stride. Free blocks are naturally
 * aligned on absolute frame numbers and kept on one doubly linked list per
 * order, linked by frame index. Only block heads carry a state other than
 * BUDDY_NODE_NONE. Not responsible for locking, for mapping or zeroing the
 * frames, for per-CPU caches, or for remembering who owns a frame that was
 * never handed to it.
 */
#ifndef VESTA_BUDDY_H
#define VESTA_BUDDY_H

#include <stddef.h>
#include <stdint.h>

#include <vesta/diag.h>

#ifndef __must_check
#define __must_check __attribute__((__warn_unused_result__))
#endif

#define BUDDY_MAX_ORDER 20
#define BUDDY_NONE 0xffffffffu	/* "no node" in list links and heads */

/* buddy_node.state */
#define BUDDY_NODE_NONE 0	/* not a block head, or not managed */
#define BUDDY_NODE_FREE 1	/* head of a free block of 2^order frames */
#define BUDDY_NODE_ALLOC 2	/* head of an allocated block of 2^order */

struct buddy_node {
	uint32_t next, prev;	/* frame indices in the zone, or BUDDY_NONE */
	uint8_t order;
	uint8_t state;
	uint16_t reserved;
};

struct buddy_zone {
	char *base;		/* node of frame index i: base + i * stride */
	size_t stride;
	uint64_t first_pfn, nr_pfns;
	/* Per order: first free block (frame index), number of free blocks. */
	uint32_t head[BUDDY_MAX_ORDER + 1];
	uint64_t nr_blocks[BUDDY_MAX_ORDER + 1];
	uint64_t free_pages;
};

/*
 * buddy_init() - Set up an empty zone over a node array.
 * @z:         zone to initialise (fully overwritten)
 * @nodes:     nr_pfns entries of @stride bytes, suitably aligned for
 *             struct buddy_node; node i describes frame first_pfn + i
 * @stride:    bytes between nodes, >= sizeof(struct buddy_node)
 * @first_pfn: frame number of node 0
 * @nr_pfns:   number of frames; must be < 2^32 (larger values are clipped)
 *
 * Every node is set to BUDDY_NODE_NONE: all frames start out not free,
 * owned by whoever had them (boot allocator, image, modules).
 *
 * Context: pure; the caller serialises all calls on one zone. O(nr_pfns).
 */
void buddy_init(struct buddy_zone *z, void *nodes, size_t stride,
		uint64_t first_pfn, uint64_t nr_pfns);

/*
 * buddy_add_range() - Hand frames [@pfn, @pfn + @nr) to the allocator.
 * @z:   the zone
 * @pfn: first frame
 * @nr:  number of frames; the range is clipped to the zone
 *
 * The range is cut into maximal naturally aligned blocks, each merged with
 * free neighbours. The frames must not already be free or allocated in
 * this zone (adding twice corrupts it; buddy_check() would report it).
 *
 * Context: pure; caller serialises. O(number of blocks * BUDDY_MAX_ORDER).
 */
void buddy_add_range(struct buddy_zone *z, uint64_t pfn, uint64_t nr);

/*
 * buddy_alloc() - Allocate a naturally aligned block of 2^@order frames.
 * @z:     the zone
 * @order: 0..BUDDY_MAX_ORDER
 *
 * Takes a block of the smallest sufficient order and splits it, returning
 * the unused halves to the free lists.
 *
 * Context: pure; caller serialises. O(BUDDY_MAX_ORDER).
 * Return: the first frame number (>= 0); -EINVAL if @order is too big;
 *         -ENOMEM if no block is large enough.
 */
int64_t __must_check buddy_alloc(struct buddy_zone *z, unsigned int order);

/*
 * buddy_free() - Return a block obtained from buddy_alloc().
 * @z:     the zone
 * @pfn:   first frame of the block
 * @order: the order it was allocated with
 *
 * The block is coalesced with its buddy for as long as the buddy is free
 * and of the same order.
 *
 * Context: pure; caller serialises. O(BUDDY_MAX_ORDER).
 * Return: 0; -EINVAL, with nothing changed, if @pfn is outside the zone,
 *         not aligned to @order, or not the head of an allocated block of
 *         exactly @order (this catches double frees), or @order is too big.
 */
int __must_check buddy_free(struct buddy_zone *z, uint64_t pfn,
			    unsigned int order);

/*
 * buddy_check() - Verify every invariant of a zone.
 * @z:  the zone
 * @dg: receives a description of the first problem found; may be NULL
 *
 * Walks all free lists (well linked, no cycles, heads FREE with the list's
 * order, naturally aligned, inside the zone, counts matching nr_blocks and
 * free_pages) and all nodes (valid states and orders, no block head inside
 * another block, no FREE head missing from the lists, no free buddy pair
 * left uncoalesced).
 *
 * Context: pure, read-only; caller serialises. O(nr_pfns).
 * Return: 0 consistent; -EINVAL otherwise (reported).
 */
int __must_check buddy_check(const struct buddy_zone *z,
			     const struct diag *dg);

#endif /* VESTA_BUDDY_H */
