/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * libFuzzer harness for memmap_sanitize() and memmap_mark(). Input: byte 0
 * sets the capacity, bytes 1-8 the address limit (0 = none), then 17-byte
 * records (addr, size, type selector). Checks on success: sorted, disjoint,
 * merged, page-aligned RAM, known types, below the limit; the type at the
 * start of every result entry is the precedence winner among the inputs;
 * an input start not covered by the result can only have been RAM lost to
 * page rounding; sanitising the result again changes nothing and reports
 * nothing. On -ENOSPC the map and count must be unchanged. Then a random
 * range is marked and the structural checks are repeated.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vesta/errno.h>
#include <vesta/memmap.h>

static const uint32_t types[] = {
	MEMMAP_RAM, MEMMAP_RESERVED, MEMMAP_ACPI, MEMMAP_NVS, MEMMAP_UNUSABLE,
	MEMMAP_PMEM, MEMMAP_HYPERVISOR, MEMMAP_MODULE, MEMMAP_BOOT,
};
static const int ranks[] = { 1, 4, 3, 5, 6, 2, 9, 8, 7 };

static unsigned int reports;

static void count_diag(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
	reports++;
}

static int rank(uint32_t type)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (types[i] == type)
			return ranks[i];
	}
	return 4;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static void check_structure(const struct memmap_entry *m, unsigned int nr,
			    uint64_t limit)
{
	for (unsigned int i = 0; i < nr; i++) {
		if (!m[i].size || m[i].size > limit - m[i].addr ||
		    m[i].addr >= limit)
			abort();
		if (rank(m[i].type) == 4 && m[i].type != MEMMAP_RESERVED)
			abort();
		if (m[i].type == MEMMAP_RAM &&
		    ((m[i].addr | m[i].size) & 4095))
			abort();
		if (i && (m[i - 1].addr + m[i - 1].size > m[i].addr ||
			  (m[i - 1].addr + m[i - 1].size == m[i].addr &&
			   m[i - 1].type == m[i].type)))
			abort();
	}
}

/* Precedence winner at @a among the (limit-clipped) inputs; 0 = none. */
static int model_at(const struct memmap_entry *in, unsigned int n,
		    uint64_t limit, uint64_t a)
{
	int best = 0;

	if (a >= limit)
		return 0;
	for (unsigned int i = 0; i < n; i++) {
		if (!in[i].size || in[i].size > UINT64_MAX - in[i].addr)
			continue;
		if (a >= in[i].addr && a - in[i].addr < in[i].size &&
		    rank(in[i].type) > best)
			best = rank(in[i].type);
	}
	return best;
}

static bool covered(const struct memmap_entry *m, unsigned int nr,
		    uint64_t a)
{
	for (unsigned int i = 0; i < nr; i++) {
		if (a >= m[i].addr && a - m[i].addr < m[i].size)
			return true;
	}
	return false;
}

static void check_semantics(const struct memmap_entry *in, unsigned int n,
			    const struct memmap_entry *m, unsigned int nr,
			    uint64_t limit)
{
	for (unsigned int i = 0; i < nr; i++) {
		if (model_at(in, n, limit, m[i].addr) != rank(m[i].type))
			abort();
	}
	for (unsigned int i = 0; i < n; i++) {
		int r = model_at(in, n, limit, in[i].addr);

		if (r && r != 1 && !covered(m, nr, in[i].addr))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct memmap_entry in[MEMMAP_MAX_ENTRIES];
	static struct memmap_entry map[MEMMAP_MAX_ENTRIES];
	static struct memmap_entry saved[MEMMAP_MAX_ENTRIES];
	const struct diag dg = { .fn = count_diag };
	unsigned int max, n = 0, nr, nr2;
	uint64_t limit;
	int rc;

	if (len < 9)
		return 0;
	max = data[0] % 64 + 1 + (data[0] >= 192 ? MEMMAP_MAX_ENTRIES - 65 : 0);
	limit = rd64(data + 1);
	if (!limit)
		limit = UINT64_MAX;
	for (size_t off = 9; off + 17 <= len && n < max; off += 17, n++) {
		in[n].addr = rd64(data + off);
		in[n].size = rd64(data + off + 8);
		in[n].type = data[off + 16] < 9 ? types[data[off + 16]] :
						  data[off + 16];
	}
	memcpy(map, in, sizeof(in[0]) * n);
	memcpy(saved, in, sizeof(in[0]) * n);
	nr = n;
	rc = memmap_sanitize(map, &nr, max, limit, &dg);
	if (rc == -ENOSPC) {
		if (nr != n || memcmp(map, saved, sizeof(in[0]) * n))
			abort();
		return 0;
	}
	if (rc)
		abort();
	check_structure(map, nr, limit);
	check_semantics(in, n, map, nr, limit);

	memcpy(saved, map, sizeof(map[0]) * nr);
	nr2 = nr;
	reports = 0;
	if (memmap_sanitize(map, &nr2, max, limit, &dg) || nr2 != nr ||
	    reports || memcmp(map, saved, sizeof(map[0]) * nr))
		abort();

	rc = memmap_mark(map, &nr2, max, limit / 3, (limit - limit / 3) / 2 + 1,
			 MEMMAP_MODULE, &dg);
	if (rc == 0)
		check_structure(map, nr2, UINT64_MAX);
	else if (rc != -ENOSPC || nr2 != nr)
		abort();
	return 0;
}
