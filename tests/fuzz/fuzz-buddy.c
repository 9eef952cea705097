/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * libFuzzer harness for the buddy allocator core. The first bytes choose
 * the zone geometry (first frame, size, stride); the rest is a sequence of
 * add-range, alloc, free and bad-free operations run against a per-frame
 * model. After every operation buddy_check() must pass, and the zone must
 * be in the canonical state the model implies (each free frame in the
 * largest aligned fully free block, every node's state and order exact).
 * Any divergence aborts. Not covered: zones near 2^32 frames (memory).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vesta/buddy.h>
#include <vesta/errno.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                   \
	do {                          \
		if (!(cond))          \
			abort();      \
	} while (0)

#define MAX_FRAMES 1024
#define MAX_STRIDE 40

enum { M_UNMANAGED, M_FREE, M_ALLOC };

struct rec {
	uint64_t pfn;
	unsigned int order;
};

struct fz {
	struct buddy_zone z;
	uint8_t nodes[MAX_FRAMES * MAX_STRIDE];
	uint8_t model[MAX_FRAMES];
	struct rec allocs[MAX_FRAMES];
	unsigned int nr_allocs;
	uint64_t first, nr;
	size_t stride;
	const uint8_t *in;
	size_t left;
};

static struct fz fz;

static unsigned int take(unsigned int bytes)
{
	unsigned int v = 0;

	while (bytes-- && fz.left) {
		v = (v << 8) | *fz.in++;
		fz.left--;
	}
	return v;
}

static struct buddy_node *node(uint64_t idx)
{
	return (struct buddy_node *)(fz.nodes + idx * fz.stride);
}

static bool model_block_free(uint64_t idx, unsigned int k)
{
	uint64_t i, n = 1ull << k;

	if (n > fz.nr - idx)
		return false;
	for (i = idx; i < idx + n; i++)
		if (fz.model[i] != M_FREE)
			return false;
	return true;
}

static void verify(void)
{
	static uint8_t st[MAX_FRAMES], ord[MAX_FRAMES];
	uint64_t blocks[BUDDY_MAX_ORDER + 1] = { 0 };
	uint64_t idx, pfn, nfree = 0;
	unsigned int i, k;

	CHECK(buddy_check(&fz.z, NULL) == 0);
	memset(st, 0, sizeof(st));
	for (i = 0; i < fz.nr_allocs; i++) {
		st[fz.allocs[i].pfn - fz.first] = BUDDY_NODE_ALLOC;
		ord[fz.allocs[i].pfn - fz.first] = fz.allocs[i].order;
	}
	for (idx = 0; idx < fz.nr;) {
		if (fz.model[idx] != M_FREE) {
			idx++;
			continue;
		}
		pfn = fz.first + idx;
		k = 0;
		while (k < BUDDY_MAX_ORDER && !(pfn & (1ull << k)) &&
		       model_block_free(idx, k + 1))
			k++;
		st[idx] = BUDDY_NODE_FREE;
		ord[idx] = k;
		blocks[k]++;
		nfree += 1ull << k;
		idx += 1ull << k;
	}
	for (idx = 0; idx < fz.nr; idx++) {
		CHECK(node(idx)->state == st[idx]);
		CHECK(!st[idx] || node(idx)->order == ord[idx]);
	}
	for (k = 0; k <= BUDDY_MAX_ORDER; k++)
		CHECK(fz.z.nr_blocks[k] == blocks[k]);
	CHECK(fz.z.free_pages == nfree);
}

/* Adds the unmanaged run at a chosen frame (frames may be added once). */
static void op_add(void)
{
	uint64_t idx = take(2) % (fz.nr + 4), n = take(2), end;
	uint64_t pfn = fz.first + idx;

	if (idx >= fz.nr) {
		/* Entirely outside the zone: must be a no-op. */
		buddy_add_range(&fz.z, pfn, n);
		return;
	}
	for (end = idx; end < fz.nr && end - idx < n; end++)
		if (fz.model[end] != M_UNMANAGED)
			break;
	buddy_add_range(&fz.z, pfn, end - idx);
	for (; idx < end; idx++)
		fz.model[idx] = M_FREE;
}

static bool model_can_alloc(unsigned int order)
{
	uint64_t n = 1ull << order;
	uint64_t pfn = (fz.first + n - 1) & ~(n - 1);

	for (; pfn - fz.first < fz.nr; pfn += n)
		if (model_block_free(pfn - fz.first, order))
			return true;
	return false;
}

static void op_alloc(void)
{
	unsigned int order = take(1) % (BUDDY_MAX_ORDER + 3);
	int64_t r = buddy_alloc(&fz.z, order);
	uint64_t i, idx;

	if (order > BUDDY_MAX_ORDER) {
		CHECK(r == -EINVAL);
		return;
	}
	if (r == -ENOMEM) {
		CHECK(!model_can_alloc(order));
		return;
	}
	CHECK(r >= 0 && (uint64_t)r >= fz.first);
	idx = (uint64_t)r - fz.first;
	CHECK(idx < fz.nr && (1ull << order) <= fz.nr - idx);
	CHECK(!((uint64_t)r & ((1ull << order) - 1)));
	for (i = idx; i < idx + (1ull << order); i++) {
		CHECK(fz.model[i] == M_FREE);
		fz.model[i] = M_ALLOC;
	}
	CHECK(fz.nr_allocs < MAX_FRAMES);
	fz.allocs[fz.nr_allocs].pfn = (uint64_t)r;
	fz.allocs[fz.nr_allocs].order = order;
	fz.nr_allocs++;
}

static void op_free(void)
{
	unsigned int w = take(2);
	struct rec a;
	uint64_t i, idx;

	if (!fz.nr_allocs)
		return;
	w %= fz.nr_allocs;
	a = fz.allocs[w];
	CHECK(buddy_free(&fz.z, a.pfn, a.order) == 0);
	idx = a.pfn - fz.first;
	for (i = idx; i < idx + (1ull << a.order); i++)
		fz.model[i] = M_FREE;
	fz.allocs[w] = fz.allocs[--fz.nr_allocs];
}

/* Any free that is not of a live allocation must fail and change nothing. */
static void op_bad_free(void)
{
	static uint8_t saved[MAX_FRAMES * MAX_STRIDE];
	struct buddy_zone before = fz.z;
	uint64_t pfn = fz.first + take(2) - 8;
	unsigned int order = take(1) % (BUDDY_MAX_ORDER + 3), i;
	int rc;

	for (i = 0; i < fz.nr_allocs; i++)
		if (fz.allocs[i].pfn == pfn && fz.allocs[i].order == order)
			return;
	memcpy(saved, fz.nodes, fz.nr * fz.stride);
	rc = buddy_free(&fz.z, pfn, order);
	CHECK(rc == -EINVAL);
	CHECK(!memcmp(&before, &fz.z, sizeof(before)));
	CHECK(!memcmp(saved, fz.nodes, fz.nr * fz.stride));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t strides[] = { sizeof(struct buddy_node), 16, 24,
					   MAX_STRIDE };
	unsigned int steps = 0;

	memset(&fz, 0, sizeof(fz));
	fz.in = data;
	fz.left = size;
	fz.first = take(3);
	fz.nr = take(2) % MAX_FRAMES + 1;
	fz.stride = strides[take(1) % 4];
	buddy_init(&fz.z, fz.nodes, fz.stride, fz.first, fz.nr);
	verify();
	/* Every op consumes >= 1 byte: bounded by the input size. */
	while (fz.left && steps++ < 4096) {
		switch (take(1) % 8) {
		case 0:
		case 1:
			op_add();
			break;
		case 2:
		case 3:
		case 4:
			op_alloc();
			break;
		case 5:
		case 6:
			op_free();
			break;
		default:
			op_bad_free();
			break;
		}
		verify();
	}
	while (fz.nr_allocs) {
		fz.left = 0;
		op_free();
	}
	verify();
	return 0;
}
