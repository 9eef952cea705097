/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Memory map sanitising. Every entry becomes a pair of boundary events;
 * after sorting them, one sweep over the address space knows which types
 * cover each elementary interval and keeps the most restrictive one, which
 * yields a sorted, non-overlapping, merged map in O(n log n) without
 * recursion. Firmware and boot loader maps are input, not truth: anything
 * odd is reported through the diag sink. This file does not decide what a
 * range is used for and never touches memory outside the map arrays.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vesta/errno.h>
#include <vesta/memmap.h>

#define PAGE_SIZE 4096ull
#define PAGE_MASK (PAGE_SIZE - 1)
#define NR_RANKS 9
#define MAX_EVENTS (2 * (MEMMAP_MAX_ENTRIES + 1))
#define MAX_OVERLAP_REPORTS 16

/* Types by precedence: a higher index wins where entries overlap. */
static const uint32_t rank_type[NR_RANKS] = {
	MEMMAP_RAM, MEMMAP_PMEM, MEMMAP_ACPI, MEMMAP_RESERVED, MEMMAP_NVS,
	MEMMAP_UNUSABLE, MEMMAP_BOOT, MEMMAP_MODULE, MEMMAP_HYPERVISOR,
};

struct event {
	uint64_t addr;
	uint16_t rank;
	int16_t delta;		/* +1 at a start, -1 at an end */
};

/* Rank of a type, or -1 if the type is unknown. */
static int rank_of(uint32_t type)
{
	for (int r = 0; r < NR_RANKS; r++) {
		if (rank_type[r] == type)
			return r;
	}
	return -1;
}

/*
 * The part of @e below @limit as [*start, *end) with its rank; false when
 * nothing is left. Reports only when @dg is given.
 */
static bool clip(const struct memmap_entry *e, uint64_t limit, uint64_t *start,
		 uint64_t *end, int *rank, const struct diag *dg)
{
	if (!e->size)
		return false;
	if (e->size > UINT64_MAX - e->addr) {
		diag_report(dg, "memmap: [%#llx, +%#llx) wraps around; dropped",
			    (unsigned long long)e->addr,
			    (unsigned long long)e->size);
		return false;
	}
	*start = e->addr;
	*end = e->addr + e->size;
	if (*start >= limit) {
		diag_report(dg, "memmap: [%#llx, %#llx) above the limit %#llx; dropped",
			    (unsigned long long)*start,
			    (unsigned long long)*end,
			    (unsigned long long)limit);
		return false;
	}
	if (*end > limit) {
		diag_report(dg, "memmap: [%#llx, %#llx) clipped at the limit %#llx",
			    (unsigned long long)*start,
			    (unsigned long long)*end,
			    (unsigned long long)limit);
		*end = limit;
	}
	*rank = rank_of(e->type);
	if (*rank < 0) {
		diag_report(dg, "memmap: [%#llx, %#llx) has unknown type %u; treated as reserved",
			    (unsigned long long)*start,
			    (unsigned long long)*end, e->type);
		*rank = rank_of(MEMMAP_RESERVED);
	}
	return true;
}

static void add_events(struct event *ev, unsigned int *nev,
		       const struct memmap_entry *e, uint64_t limit,
		       const struct diag *dg)
{
	uint64_t start, end;
	int rank;

	if (!clip(e, limit, &start, &end, &rank, dg))
		return;
	ev[*nev].addr = start;
	ev[*nev].rank = (uint16_t)rank;
	ev[*nev].delta = 1;
	ev[*nev + 1].addr = end;
	ev[*nev + 1].rank = (uint16_t)rank;
	ev[*nev + 1].delta = -1;
	*nev += 2;
}

/* Report each overlap between entries of different types, up to a cap. */
static void report_overlaps(const struct memmap_entry *map, unsigned int nr,
			    uint64_t limit, const struct diag *dg)
{
	unsigned int reports = 0;
	uint64_t s1, e1, s2, e2;
	int r1, r2;

	if (!dg || !dg->fn)
		return;
	for (unsigned int i = 0; i < nr; i++) {
		if (!clip(&map[i], limit, &s1, &e1, &r1, NULL))
			continue;
		for (unsigned int j = i + 1; j < nr; j++) {
			if (!clip(&map[j], limit, &s2, &e2, &r2, NULL) ||
			    r1 == r2 || s2 >= e1 || s1 >= e2)
				continue;
			if (reports++ == MAX_OVERLAP_REPORTS) {
				diag_report(dg, "memmap: further overlaps not reported");
				return;
			}
			diag_report(dg, "memmap: [%#llx, %#llx) type %u overlaps [%#llx, %#llx) type %u; type %u wins",
				    (unsigned long long)s1,
				    (unsigned long long)e1, map[i].type,
				    (unsigned long long)s2,
				    (unsigned long long)e2, map[j].type,
				    rank_type[r1 > r2 ? r1 : r2]);
		}
	}
}

static void sift_down(struct event *ev, unsigned int root, unsigned int n)
{
	struct event tmp;
	unsigned int child;

	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n && ev[child + 1].addr > ev[child].addr)
			child++;
		if (ev[root].addr >= ev[child].addr)
			return;
		tmp = ev[root];
		ev[root] = ev[child];
		ev[child] = tmp;
		root = child;
	}
}

/* Heapsort by address: O(n log n), in place, no recursion. */
static void sort_events(struct event *ev, unsigned int n)
{
	struct event tmp;

	for (unsigned int i = n / 2; i-- > 0;)
		sift_down(ev, i, n);
	for (unsigned int end = n; end-- > 1;) {
		tmp = ev[0];
		ev[0] = ev[end];
		ev[end] = tmp;
		sift_down(ev, 0, end);
	}
}

/*
 * Shrink a RAM entry to whole pages; false if nothing is left. Other types
 * are kept as they are.
 */
static bool page_align(struct memmap_entry *e)
{
	uint64_t start, end;

	if (e->type != MEMMAP_RAM)
		return true;
	end = (e->addr + e->size) & ~PAGE_MASK;
	start = e->addr & ~PAGE_MASK;
	if (start != e->addr) {
		/* Rounding up past the last page leaves nothing. */
		if (start > UINT64_MAX - PAGE_SIZE)
			return false;
		start += PAGE_SIZE;
	}
	if (end <= start)
		return false;
	e->addr = start;
	e->size = end - start;
	return true;
}

/* Output state of the sweep; @out NULL only counts. */
struct emitter {
	struct memmap_entry *out;
	unsigned int n;
	bool has_cur;
	struct memmap_entry cur;
};

static void flush(struct emitter *em)
{
	if (!em->has_cur || !page_align(&em->cur))
		return;
	if (em->out)
		em->out[em->n] = em->cur;
	em->n++;
}

static void emit(struct emitter *em, uint64_t start, uint64_t end,
		 uint32_t type)
{
	if (em->has_cur && em->cur.type == type &&
	    em->cur.addr + em->cur.size == start) {
		em->cur.size = end - em->cur.addr;
		return;
	}
	flush(em);
	em->has_cur = true;
	em->cur.addr = start;
	em->cur.size = end - start;
	em->cur.type = type;
}

/* Walk the sorted events; returns the number of resulting entries. */
static unsigned int sweep(const struct event *ev, unsigned int nev,
			  struct memmap_entry *out)
{
	struct emitter em = { .out = out };
	int cnt[NR_RANKS] = { 0 };
	unsigned int i = 0;
	uint64_t pos;
	int r;

	while (i < nev) {
		pos = ev[i].addr;
		for (; i < nev && ev[i].addr == pos; i++)
			cnt[ev[i].rank] += ev[i].delta;
		if (i == nev)
			break;
		for (r = NR_RANKS - 1; r >= 0 && !cnt[r]; r--)
			;
		if (r >= 0)
			emit(&em, pos, ev[i].addr, rank_type[r]);
	}
	flush(&em);
	return em.n;
}

static int sanitize(struct memmap_entry *map, unsigned int *nr,
		    unsigned int max, uint64_t limit,
		    const struct memmap_entry *extra, const struct diag *dg)
{
	struct event ev[MAX_EVENTS];
	unsigned int nev = 0;

	if (max > MEMMAP_MAX_ENTRIES || *nr > max)
		return -EINVAL;
	for (unsigned int i = 0; i < *nr; i++)
		add_events(ev, &nev, &map[i], limit, dg);
	if (extra)
		add_events(ev, &nev, extra, limit, dg);
	report_overlaps(map, *nr, limit, dg);
	sort_events(ev, nev);
	/* Count first so that on -ENOSPC the map is left untouched. */
	if (sweep(ev, nev, NULL) > max)
		return -ENOSPC;
	*nr = sweep(ev, nev, map);
	return 0;
}

int memmap_sanitize(struct memmap_entry *map, unsigned int *nr,
		    unsigned int max, uint64_t addr_limit,
		    const struct diag *dg)
{
	return sanitize(map, nr, max, addr_limit, NULL, dg);
}

int memmap_mark(struct memmap_entry *map, unsigned int *nr, unsigned int max,
		uint64_t addr, uint64_t size, uint32_t type,
		const struct diag *dg)
{
	const struct memmap_entry e = { .addr = addr, .size = size,
					.type = type };

	if (!size || size > UINT64_MAX - addr)
		return -EINVAL;
	return sanitize(map, nr, max, UINT64_MAX, &e, dg);
}

uint64_t memmap_total(const struct memmap_entry *map, unsigned int nr,
		      uint32_t type)
{
	uint64_t total = 0;

	for (unsigned int i = 0; i < nr; i++) {
		if (map[i].type != type)
			continue;
		if (map[i].size > UINT64_MAX - total)
			return UINT64_MAX;
		total += map[i].size;
	}
	return total;
}
