/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Host tests of the buddy allocator core (hypervisor/lib/buddy.c). A
 * model-based randomized test drives thousands of allocations and frees
 * against a per-frame model; after every step the zone must pass
 * buddy_check() and must be in exactly the canonical state the model
 * implies (every node's state and order, every free-list count). Edge cases
 * cover bad frees, exhaustion, odd zone geometry, wide strides and the
 * corruption detection of buddy_check() itself. Not covered: concurrency
 * (the core is lock-free by contract; callers serialise).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vesta/buddy.h>
#include <vesta/errno.h>

/* Captures the last diagnostic. */
struct diag_log {
	unsigned int count;
	char last[256];
};

static void log_fn(void *ctx, const char *fmt, ...)
{
	struct diag_log *l = ctx;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(l->last, sizeof(l->last), fmt, ap);
	va_end(ap);
	l->count++;
}

/* A caller-side page_info with the node first and extra payload. */
struct page_info {
	struct buddy_node node;
	uint64_t canary[3];
};

#define CANARY 0x5eed5eed5eed5eedull

enum { M_UNMANAGED, M_FREE, M_ALLOC };

struct alloc_rec {
	uint64_t pfn;
	unsigned int order;
};

struct harness {
	struct buddy_zone z;
	struct page_info *pages;
	uint64_t first_pfn, nr;
	uint8_t *model;			/* per frame: M_* */
	struct alloc_rec *allocs;
	unsigned int nr_allocs;
	uint64_t added;
	uint64_t rng;
};

static uint64_t rnd(struct harness *h)
{
	/* xorshift64: deterministic per seed. */
	h->rng ^= h->rng << 13;
	h->rng ^= h->rng >> 7;
	h->rng ^= h->rng << 17;
	return h->rng;
}

static void h_init(struct harness *h, uint64_t first_pfn, uint64_t nr,
		   uint64_t seed)
{
	uint64_t i;

	memset(h, 0, sizeof(*h));
	h->first_pfn = first_pfn;
	h->nr = nr;
	h->pages = calloc(nr ? nr : 1, sizeof(*h->pages));
	h->model = calloc(nr ? nr : 1, 1);
	h->allocs = calloc(nr ? nr : 1, sizeof(*h->allocs));
	assert_non_null(h->pages);
	assert_non_null(h->model);
	assert_non_null(h->allocs);
	for (i = 0; i < nr; i++) {
		memset(&h->pages[i].node, 0xa5, sizeof(h->pages[i].node));
		h->pages[i].canary[0] = CANARY;
		h->pages[i].canary[1] = CANARY;
		h->pages[i].canary[2] = CANARY;
	}
	h->rng = seed ? seed : 1;
	buddy_init(&h->z, h->pages, sizeof(*h->pages), first_pfn, nr);
}

static void h_fini(struct harness *h)
{
	free(h->pages);
	free(h->model);
	free(h->allocs);
}

static void h_add(struct harness *h, uint64_t pfn, uint64_t nr)
{
	uint64_t p, end = nr > UINT64_MAX - pfn ? UINT64_MAX : pfn + nr;

	buddy_add_range(&h->z, pfn, nr);
	if (pfn < h->first_pfn)
		pfn = h->first_pfn;
	if (end > h->first_pfn + h->nr)
		end = h->first_pfn + h->nr;
	for (p = pfn; p < end; p++) {
		assert_int_equal(h->model[p - h->first_pfn], M_UNMANAGED);
		h->model[p - h->first_pfn] = M_FREE;
		h->added++;
	}
}

static void assert_check_clean(const struct buddy_zone *z)
{
	struct diag_log l = { 0 };
	struct diag dg = { log_fn, &l };
	int rc = buddy_check(z, &dg);

	if (rc)
		fail_msg("buddy_check: %s", l.last);
	assert_int_equal(l.count, 0);
}

/* Is [idx, idx + 2^k) inside the zone and entirely M_FREE in the model? */
static bool model_free_block(const struct harness *h, uint64_t idx,
			     unsigned int k)
{
	uint64_t i, size = 1ull << k;

	if (size > h->nr - idx)
		return false;
	for (i = idx; i < idx + size; i++)
		if (h->model[i] != M_FREE)
			return false;
	return true;
}

/*
 * The free set fully determines the canonical buddy state: each free frame
 * belongs to the largest naturally aligned, fully free block (at most
 * 2^MAX_ORDER) containing it. Build it greedily and compare every node.
 */
static void assert_canonical(const struct harness *h)
{
	uint8_t *st = calloc(h->nr ? h->nr : 1, 1);
	uint8_t *ord = calloc(h->nr ? h->nr : 1, 1);
	uint64_t blocks[BUDDY_MAX_ORDER + 1] = { 0 };
	uint64_t idx = 0, pfn, nfree = 0;
	unsigned int i, k;

	assert_non_null(st);
	assert_non_null(ord);
	for (i = 0; i < h->nr_allocs; i++) {
		st[h->allocs[i].pfn - h->first_pfn] = BUDDY_NODE_ALLOC;
		ord[h->allocs[i].pfn - h->first_pfn] = h->allocs[i].order;
	}
	while (idx < h->nr) {
		if (h->model[idx] != M_FREE) {
			idx++;
			continue;
		}
		pfn = h->first_pfn + idx;
		k = 0;
		while (k < BUDDY_MAX_ORDER && !(pfn & (1ull << k)) &&
		       model_free_block(h, idx, k + 1))
			k++;
		st[idx] = BUDDY_NODE_FREE;
		ord[idx] = k;
		blocks[k]++;
		nfree += 1ull << k;
		idx += 1ull << k;
	}
	for (idx = 0; idx < h->nr; idx++) {
		const struct page_info *p = &h->pages[idx];

		if (p->node.state != st[idx] ||
		    (st[idx] && p->node.order != ord[idx]))
			fail_msg("pfn 0x%llx: state %u order %u, want %u %u",
				 (unsigned long long)(h->first_pfn + idx),
				 p->node.state, p->node.order, st[idx],
				 ord[idx]);
		assert_true(p->canary[0] == CANARY && p->canary[1] == CANARY &&
			    p->canary[2] == CANARY);
	}
	for (k = 0; k <= BUDDY_MAX_ORDER; k++)
		assert_int_equal(h->z.nr_blocks[k], blocks[k]);
	assert_int_equal(h->z.free_pages, nfree);
	free(st);
	free(ord);
}

static void h_verify(const struct harness *h)
{
	assert_check_clean(&h->z);
	assert_canonical(h);
}

/* Does any naturally aligned fully free 2^order block exist in the model? */
static bool model_can_alloc(const struct harness *h, unsigned int order)
{
	uint64_t size = 1ull << order;
	uint64_t pfn = (h->first_pfn + size - 1) & ~(size - 1);

	for (; pfn - h->first_pfn < h->nr; pfn += size)
		if (model_free_block(h, pfn - h->first_pfn, order))
			return true;
	return false;
}

static int64_t h_alloc(struct harness *h, unsigned int order)
{
	uint64_t before[BUDDY_MAX_ORDER + 1];
	unsigned int o, src;
	int64_t r;
	uint64_t i, idx;

	memcpy(before, h->z.nr_blocks, sizeof(before));
	r = buddy_alloc(&h->z, order);
	if (order > BUDDY_MAX_ORDER) {
		assert_int_equal(r, -EINVAL);
		return r;
	}
	if (r == -ENOMEM) {
		assert_false(model_can_alloc(h, order));
		return r;
	}
	assert_true(r >= 0);
	assert_true((uint64_t)r >= h->first_pfn);
	idx = (uint64_t)r - h->first_pfn;
	assert_true(idx < h->nr && (1ull << order) <= h->nr - idx);
	assert_int_equal((uint64_t)r & ((1ull << order) - 1), 0);
	for (i = idx; i < idx + (1ull << order); i++) {
		assert_int_equal(h->model[i], M_FREE);
		h->model[i] = M_ALLOC;
	}
	h->allocs[h->nr_allocs].pfn = (uint64_t)r;
	h->allocs[h->nr_allocs].order = order;
	h->nr_allocs++;
	/* Smallest sufficient order: that list lost one, each split gained. */
	for (src = order; src <= BUDDY_MAX_ORDER && !before[src]; src++)
		;
	assert_true(src <= BUDDY_MAX_ORDER);
	assert_int_equal(h->z.nr_blocks[src], before[src] - 1);
	for (o = order; o < src; o++)
		assert_int_equal(h->z.nr_blocks[o], before[o] + 1);
	return r;
}

static void h_free(struct harness *h, unsigned int which)
{
	struct alloc_rec a = h->allocs[which];
	uint64_t i, idx = a.pfn - h->first_pfn;

	assert_int_equal(buddy_free(&h->z, a.pfn, a.order), 0);
	for (i = idx; i < idx + (1ull << a.order); i++)
		h->model[i] = M_FREE;
	h->allocs[which] = h->allocs[--h->nr_allocs];
}

/* A rejected free must leave the zone and every node bit-identical. */
static void h_bad_free(struct harness *h, uint64_t pfn, unsigned int order)
{
	struct buddy_zone before = h->z;
	size_t sz = h->nr * sizeof(*h->pages);
	void *copy = malloc(sz ? sz : 1);

	assert_non_null(copy);
	memcpy(copy, h->pages, sz);
	assert_int_equal(buddy_free(&h->z, pfn, order), -EINVAL);
	assert_memory_equal(&before, &h->z, sizeof(before));
	assert_memory_equal(copy, h->pages, sz);
	free(copy);
}

/* Random order, biased toward small ones, sometimes out of range. */
static unsigned int rnd_order(struct harness *h)
{
	uint64_t r = rnd(h) % 100;

	if (r < 2)
		return BUDDY_MAX_ORDER + 1 + rnd(h) % 3;
	if (r < 60)
		return rnd(h) % 3;
	if (r < 90)
		return rnd(h) % 7;
	return rnd(h) % 13;
}

static void random_bad_free(struct harness *h)
{
	struct alloc_rec a;
	uint64_t pfn;

	if (!h->nr_allocs) {
		h_bad_free(h, h->first_pfn + rnd(h) % (h->nr + 8), 0);
		return;
	}
	a = h->allocs[rnd(h) % h->nr_allocs];
	switch (rnd(h) % 4) {
	case 0:	/* wrong order */
		h_bad_free(h, a.pfn, a.order + 1 + rnd(h) % 3);
		if (a.order)
			h_bad_free(h, a.pfn, a.order - 1);
		break;
	case 1:	/* frame inside the block, not its head */
		if (a.order) {
			pfn = a.pfn + 1 + rnd(h) % ((1ull << a.order) - 1);
			h_bad_free(h, pfn, 0);
		}
		break;
	case 2:	/* random frame: only if it is not an allocated head */
		pfn = h->first_pfn + rnd(h) % h->nr;
		if (h->pages[pfn - h->first_pfn].node.state != BUDDY_NODE_ALLOC)
			h_bad_free(h, pfn, rnd(h) % 4);
		break;
	default: /* outside the zone */
		h_bad_free(h, h->first_pfn + h->nr + rnd(h) % 64, 0);
		if (h->first_pfn)
			h_bad_free(h, h->first_pfn - 1, 0);
		break;
	}
}

static void random_run(uint64_t first_pfn, uint64_t nr, uint64_t seed,
		       unsigned int steps)
{
	struct harness h;
	uint64_t after_add[BUDDY_MAX_ORDER + 1];
	unsigned int s, r;
	uint64_t freed;

	h_init(&h, first_pfn, nr, seed);
	h_verify(&h);
	/* Odd holes and a range hanging over each end of the zone. */
	if (first_pfn > 5)
		h_add(&h, first_pfn - 5, 13);
	else
		h_add(&h, 0, 8);
	h_add(&h, first_pfn + 11, nr / 3);
	h_add(&h, first_pfn + 11 + nr / 3 + 1, nr / 3);
	h_add(&h, first_pfn + 2 * (nr / 3) + 30, nr);
	h_verify(&h);
	memcpy(after_add, h.z.nr_blocks, sizeof(after_add));
	assert_int_equal(h.z.free_pages, h.added);

	for (s = 0; s < steps; s++) {
		r = rnd(&h) % 100;
		if (r < 55 || !h.nr_allocs)
			(void)h_alloc(&h, rnd_order(&h));
		else if (r < 95)
			h_free(&h, rnd(&h) % h.nr_allocs);
		else
			random_bad_free(&h);
		h_verify(&h);
	}

	/* Double free of a block just freed. */
	if (h.nr_allocs) {
		struct alloc_rec a = h.allocs[0];

		h_free(&h, 0);
		h_bad_free(&h, a.pfn, a.order);
	}
	freed = 0;
	while (h.nr_allocs) {
		h_free(&h, rnd(&h) % h.nr_allocs);
		if (!(++freed % 16))
			h_verify(&h);
	}
	h_verify(&h);
	assert_int_equal(h.z.free_pages, h.added);
	assert_memory_equal(after_add, h.z.nr_blocks, sizeof(after_add));
	h_fini(&h);
}

static void test_random_zero_base(void **state)
{
	(void)state;
	random_run(0, 3000, 0x1234567, 4000);
}

static void test_random_odd_base(void **state)
{
	(void)state;
	random_run(0x12345, 2049, 0xdeadbeef, 4000);
}

static void test_random_many_seeds(void **state)
{
	uint64_t seed;

	(void)state;
	for (seed = 1; seed <= 8; seed++)
		random_run(seed * 977, 700 + seed * 13, seed * 0x9e3779b9,
			   1500);
}

static void test_init(void **state)
{
	struct harness h;
	uint64_t i;
	unsigned int o;

	(void)state;
	h_init(&h, 100, 64, 1);
	assert_int_equal(h.z.free_pages, 0);
	assert_int_equal(h.z.first_pfn, 100);
	assert_int_equal(h.z.nr_pfns, 64);
	for (o = 0; o <= BUDDY_MAX_ORDER; o++) {
		assert_int_equal(h.z.head[o], BUDDY_NONE);
		assert_int_equal(h.z.nr_blocks[o], 0);
	}
	for (i = 0; i < 64; i++)
		assert_int_equal(h.pages[i].node.state, BUDDY_NODE_NONE);
	assert_int_equal(buddy_alloc(&h.z, 0), -ENOMEM);
	h_bad_free(&h, 100, 0);
	h_verify(&h);
	h_fini(&h);
}

static void test_order_too_big(void **state)
{
	struct harness h;

	(void)state;
	h_init(&h, 0, 16, 1);
	h_add(&h, 0, 16);
	assert_int_equal(buddy_alloc(&h.z, BUDDY_MAX_ORDER + 1), -EINVAL);
	assert_int_equal(buddy_alloc(&h.z, ~0u), -EINVAL);
	h_bad_free(&h, 0, BUDDY_MAX_ORDER + 1);
	h_bad_free(&h, 0, 64);
	h_verify(&h);
	h_fini(&h);
}

static void test_exhaustion(void **state)
{
	struct harness h;
	unsigned int i;

	(void)state;
	h_init(&h, 32, 16, 1);
	h_add(&h, 32, 16);
	assert_int_equal(h.z.nr_blocks[4], 1);
	assert_int_equal(h_alloc(&h, 5), -ENOMEM);
	for (i = 0; i < 16; i++)
		assert_true(h_alloc(&h, 0) >= 32);
	assert_int_equal(h_alloc(&h, 0), -ENOMEM);
	assert_int_equal(h.z.free_pages, 0);
	h_verify(&h);
	while (h.nr_allocs)
		h_free(&h, h.nr_allocs - 1);
	h_verify(&h);
	assert_int_equal(h.z.nr_blocks[4], 1);
	/* Fragmentation: one order-0 frame held blocks any order-4 request. */
	assert_true(h_alloc(&h, 0) >= 0);
	assert_int_equal(h_alloc(&h, 4), -ENOMEM);
	assert_true(h_alloc(&h, 3) >= 0);
	h_verify(&h);
	h_fini(&h);
}

static void test_bad_frees(void **state)
{
	struct harness h;
	int64_t a, b;

	(void)state;
	h_init(&h, 64, 64, 1);
	h_add(&h, 64, 64);
	a = h_alloc(&h, 2);
	b = h_alloc(&h, 0);
	assert_true(a >= 0 && b >= 0);
	h_bad_free(&h, (uint64_t)a, 1);		/* wrong order, smaller */
	h_bad_free(&h, (uint64_t)a, 3);		/* wrong order, bigger */
	h_bad_free(&h, (uint64_t)a + 1, 0);	/* inside, not head */
	h_bad_free(&h, (uint64_t)a + 2, 1);	/* inside, aligned */
	h_bad_free(&h, (uint64_t)b + 1, 1);	/* misaligned */
	h_bad_free(&h, 63, 0);			/* below zone */
	h_bad_free(&h, 128, 0);			/* past zone */
	h_bad_free(&h, UINT64_MAX, 0);
	h_bad_free(&h, 96, 5);			/* a free block head */
	h_free(&h, 0);
	h_bad_free(&h, (uint64_t)a, 2);		/* double free */
	h_free(&h, 0);
	h_bad_free(&h, (uint64_t)b, 0);		/* double free */
	h_verify(&h);
	assert_int_equal(h.z.nr_blocks[6], 1);
	h_fini(&h);
}

static void test_unaligned_first_pfn(void **state)
{
	struct harness h;

	(void)state;
	/* Frames 5..24: blocks 5, 6-7, 8-15, 16-23, 24 (absolute alignment). */
	h_init(&h, 5, 20, 1);
	h_add(&h, 0, 100);
	assert_int_equal(h.added, 20);
	assert_int_equal(h.z.nr_blocks[0], 2);
	assert_int_equal(h.z.nr_blocks[1], 1);
	assert_int_equal(h.z.nr_blocks[2], 0);
	assert_int_equal(h.z.nr_blocks[3], 2);
	assert_int_equal(h.pages[0].node.state, BUDDY_NODE_FREE);
	assert_int_equal(h.pages[1].node.order, 1);
	assert_int_equal(h.pages[3].node.order, 3);
	h_verify(&h);
	/* The order-3 blocks are aligned on absolute pfns 8 and 16. */
	assert_int_equal(h_alloc(&h, 3) % 8, 0);
	assert_int_equal(h_alloc(&h, 3) % 8, 0);
	assert_int_equal(h_alloc(&h, 3), -ENOMEM);
	assert_int_equal(h_alloc(&h, 1), 6);
	h_verify(&h);
	h_fini(&h);
}

static void test_merge_on_add(void **state)
{
	struct harness h;
	int i;

	(void)state;
	h_init(&h, 0, 64, 1);
	/* Added right to left, one frame at a time: must end as one block. */
	for (i = 63; i >= 0; i--) {
		h_add(&h, (uint64_t)i, 1);
		h_verify(&h);
	}
	assert_int_equal(h.z.nr_blocks[6], 1);
	assert_int_equal(h.z.free_pages, 64);
	h_fini(&h);

	h_init(&h, 0, 64, 1);
	h_add(&h, 3, 29);	/* 3, 4-7, 8-15, 16-31 */
	assert_int_equal(h.z.nr_blocks[0], 1);
	assert_int_equal(h.z.nr_blocks[2], 1);
	assert_int_equal(h.z.nr_blocks[3], 1);
	assert_int_equal(h.z.nr_blocks[4], 1);
	h_add(&h, 0, 3);	/* completes 0-31 */
	h_verify(&h);
	assert_int_equal(h.z.nr_blocks[5], 1);
	assert_int_equal(h.z.free_pages, 32);
	h_add(&h, 40, 0);	/* empty range */
	h_verify(&h);
	h_fini(&h);
}

static void test_add_clipping(void **state)
{
	struct harness h;

	(void)state;
	h_init(&h, 1000, 24, 1);
	buddy_add_range(&h.z, 0, 10);		/* entirely below */
	buddy_add_range(&h.z, 2000, 10);	/* entirely above */
	assert_int_equal(h.z.free_pages, 0);
	h_add(&h, 1020, UINT64_MAX);		/* wraps: clipped to zone end */
	h_add(&h, 990, 20);			/* starts below the zone */
	assert_int_equal(h.z.free_pages, 14);
	h_verify(&h);
	h_fini(&h);
}

static void test_wide_stride(void **state)
{
	struct harness h;
	int64_t p;

	(void)state;
	assert_true(sizeof(struct page_info) > sizeof(struct buddy_node));
	h_init(&h, 7, 300, 99);
	h_add(&h, 7, 300);
	while ((p = h_alloc(&h, 1)) >= 0)
		;
	assert_int_equal(p, -ENOMEM);
	h_verify(&h);		/* also checks every canary */
	while (h.nr_allocs)
		h_free(&h, 0);
	h_verify(&h);
	h_fini(&h);
}

static void test_max_order(void **state)
{
	struct harness h;
	uint64_t nr = (2ull << BUDDY_MAX_ORDER) + 3;
	int64_t a, b;

	(void)state;
	/* 2^21 + 3 frames from 0: two top-order blocks that must not merge. */
	h_init(&h, 0, nr, 1);
	h_add(&h, 0, nr);
	assert_int_equal(h.z.nr_blocks[BUDDY_MAX_ORDER], 2);
	assert_int_equal(h.z.nr_blocks[0], 1);
	assert_int_equal(h.z.nr_blocks[1], 1);
	assert_check_clean(&h.z);
	/* Either top block may come first; together they are 0 and 2^MAX. */
	a = h_alloc(&h, BUDDY_MAX_ORDER);
	b = h_alloc(&h, BUDDY_MAX_ORDER);
	assert_true((a == 0 && b == 1ll << BUDDY_MAX_ORDER) ||
		    (b == 0 && a == 1ll << BUDDY_MAX_ORDER));
	assert_int_equal(h_alloc(&h, BUDDY_MAX_ORDER), -ENOMEM);
	assert_int_equal(h_alloc(&h, 1), 2ull << BUDDY_MAX_ORDER);
	assert_check_clean(&h.z);
	h_free(&h, 0);
	h_free(&h, 0);
	h_free(&h, 0);
	assert_check_clean(&h.z);
	assert_int_equal(h.z.nr_blocks[BUDDY_MAX_ORDER], 2);
	assert_int_equal(h.z.free_pages, nr);
	h_fini(&h);
}

/* buddy_check() must notice each kind of corruption. */
static void expect_check_fails(const struct buddy_zone *z, const char *what)
{
	struct diag_log l = { 0 };
	struct diag dg = { log_fn, &l };

	assert_int_equal(buddy_check(z, &dg), -EINVAL);
	assert_int_equal(l.count, 1);
	if (!strstr(l.last, what))
		fail_msg("report '%s' lacks '%s'", l.last, what);
}

static void test_check_detects(void **state)
{
	struct harness h;
	struct buddy_zone saved;
	struct buddy_node n;
	uint32_t i;

	(void)state;
	h_init(&h, 0, 64, 1);
	h_add(&h, 0, 32);
	/* Splits: blocks at 1, 2, 4, 8 and 16 are left free. */
	assert_true(h_alloc(&h, 0) == 0);
	h_verify(&h);
	saved = h.z;

	h.z.free_pages++;
	expect_check_fails(&h.z, "free_pages");
	h.z = saved;

	h.z.nr_blocks[3]++;
	expect_check_fails(&h.z, "nr_blocks");
	h.z = saved;

	/* A FREE head not on any list. */
	h.pages[40].node.state = BUDDY_NODE_FREE;
	h.pages[40].node.order = 3;
	expect_check_fails(&h.z, "free heads");
	h.pages[40].node.state = BUDDY_NODE_NONE;

	/* A head inside another block. */
	h.pages[17].node.state = BUDDY_NODE_ALLOC;
	expect_check_fails(&h.z, "overlaps");
	h.pages[17].node.state = BUDDY_NODE_NONE;

	/* Misaligned allocated block. */
	h.pages[33].node.state = BUDDY_NODE_ALLOC;
	h.pages[33].node.order = 1;
	expect_check_fails(&h.z, "misaligned");
	h.pages[33].node.state = BUDDY_NODE_NONE;
	h.pages[33].node.order = 0;

	/* Bad state value. */
	h.pages[50].node.state = 7;
	expect_check_fails(&h.z, "bad state");
	h.pages[50].node.state = BUDDY_NODE_NONE;

	/* Cycle in a list: link the order-3 head to itself. */
	i = h.z.head[3];
	n = h.pages[i].node;
	h.pages[i].node.next = i;
	expect_check_fails(&h.z, "prev");
	h.pages[i].node = n;

	/* Wrong order in a list node. */
	h.pages[i].node.order = 2;
	expect_check_fails(&h.z, "order 3 list");
	h.pages[i].node = n;

	/* Index past the zone. */
	h.z.head[3] = 1000;
	expect_check_fails(&h.z, "bad index");
	h.z = saved;
	h_verify(&h);

	/* Two free buddies left unmerged: free frame 0 by hand, no merge. */
	h.pages[0].node.state = BUDDY_NODE_FREE;
	h.pages[0].node.order = 0;
	h.pages[0].node.prev = BUDDY_NONE;
	h.pages[0].node.next = h.z.head[0];
	h.pages[h.z.head[0]].node.prev = 0;
	h.z.head[0] = 0;
	h.z.nr_blocks[0]++;
	h.z.free_pages++;
	expect_check_fails(&h.z, "not merged");
	h_fini(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_order_too_big),
		cmocka_unit_test(test_exhaustion),
		cmocka_unit_test(test_bad_frees),
		cmocka_unit_test(test_unaligned_first_pfn),
		cmocka_unit_test(test_merge_on_add),
		cmocka_unit_test(test_add_clipping),
		cmocka_unit_test(test_wide_stride),
		cmocka_unit_test(test_max_order),
		cmocka_unit_test(test_check_detects),
		cmocka_unit_test(test_random_zero_base),
		cmocka_unit_test(test_random_odd_base),
		cmocka_unit_test(test_random_many_seeds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
