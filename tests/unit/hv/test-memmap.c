/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Unit tests of hypervisor/lib/memmap.c. A model paints random maps onto a
 * small address space (64 KiB in 16-byte units) applying the documented
 * precedence, the address limit and the RAM page rounding; the sanitised
 * map must give every unit the model's type and satisfy the structural
 * invariants (sorted, disjoint, merged, page-aligned RAM, known types).
 * memmap_mark() is checked the same way; fixed cases cover the reports,
 * -ENOSPC/-EINVAL leaving the map untouched, wrapping entries and totals.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <vesta/errno.h>
#include <vesta/memmap.h>

#define UNIT 16u
#define SPACE 0x10000u
#define NUNITS (SPACE / UNIT)
#define ITER 3000

static unsigned long long rng_state = 88172645463325252ull;

static unsigned int rnd(unsigned int n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned int)(rng_state % n);
}

struct capture {
	unsigned int count;
	char last[256];
};

static struct capture cap;

static void capture_fn(void *ctx, const char *fmt, ...)
{
	struct capture *c = ctx;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->last, sizeof(c->last), fmt, ap);
	va_end(ap);
	c->count++;
}

static const struct diag dg = { .fn = capture_fn, .ctx = &cap };

static int rank(uint32_t type)
{
	static const uint32_t order[] = {
		MEMMAP_RAM, MEMMAP_PMEM, MEMMAP_ACPI, MEMMAP_RESERVED,
		MEMMAP_NVS, MEMMAP_UNUSABLE, MEMMAP_BOOT, MEMMAP_MODULE,
		MEMMAP_HYPERVISOR,
	};

	for (int i = 0; i < 9; i++) {
		if (order[i] == type)
			return i + 1;
	}
	return 4;	/* unknown: reserved */
}

static bool is_known(uint32_t type)
{
	return type == MEMMAP_RESERVED || rank(type) != 4;
}

static const uint32_t some_types[] = {
	MEMMAP_RAM, MEMMAP_RAM, MEMMAP_RAM, MEMMAP_RESERVED, MEMMAP_ACPI,
	MEMMAP_NVS, MEMMAP_UNUSABLE, MEMMAP_PMEM, MEMMAP_HYPERVISOR,
	MEMMAP_MODULE, MEMMAP_BOOT, 6, 0, 0x55,
};

static uint32_t type_of_rank(int r)
{
	static const uint32_t order[] = {
		0, MEMMAP_RAM, MEMMAP_PMEM, MEMMAP_ACPI, MEMMAP_RESERVED,
		MEMMAP_NVS, MEMMAP_UNUSABLE, MEMMAP_BOOT, MEMMAP_MODULE,
		MEMMAP_HYPERVISOR,
	};

	return order[r];
}

/* Model: the winning rank per unit (0 = not covered). */
static void model_paint(int *m, const struct memmap_entry *e,
			uint64_t limit)
{
	uint64_t end = e->addr + e->size;

	for (uint64_t a = e->addr; a < end && a < SPACE; a += UNIT) {
		if (a >= limit)
			break;
		if (rank(e->type) > m[a / UNIT])
			m[a / UNIT] = rank(e->type);
	}
}

/* Model of the final RAM rounding: partial pages of RAM runs vanish. */
static void model_round_ram(int *m)
{
	unsigned int i = 0, j;
	uint64_t s, e, ps, pe;

	while (i < NUNITS) {
		if (m[i] != 1) {
			i++;
			continue;
		}
		for (j = i; j < NUNITS && m[j] == 1; j++)
			;
		s = (uint64_t)i * UNIT;
		e = (uint64_t)j * UNIT;
		ps = (s + 4095) & ~4095ull;
		pe = e & ~4095ull;
		for (unsigned int k = i; k < j; k++) {
			uint64_t a = (uint64_t)k * UNIT;

			if (a < ps || a >= pe)
				m[k] = 0;
		}
		i = j;
	}
}

static void check_invariants(const struct memmap_entry *map, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++) {
		assert_true(map[i].size > 0);
		assert_true(map[i].size <= UINT64_MAX - map[i].addr);
		assert_true(is_known(map[i].type));
		if (map[i].type == MEMMAP_RAM) {
			assert_int_equal(map[i].addr % 4096, 0);
			assert_int_equal(map[i].size % 4096, 0);
		}
		if (i == 0)
			continue;
		assert_true(map[i - 1].addr + map[i - 1].size <= map[i].addr);
		assert_false(map[i - 1].addr + map[i - 1].size == map[i].addr &&
			     map[i - 1].type == map[i].type);
	}
}

static void check_against_model(const struct memmap_entry *map,
				unsigned int nr, const int *model)
{
	int got[NUNITS] = { 0 };

	for (unsigned int i = 0; i < nr; i++) {
		assert_true(map[i].addr + map[i].size <= SPACE);
		for (uint64_t a = map[i].addr; a < map[i].addr + map[i].size;
		     a += UNIT)
			got[a / UNIT] = rank(map[i].type);
	}
	for (unsigned int u = 0; u < NUNITS; u++) {
		if (got[u] != model[u])
			fail_msg("unit %#x: got type %u, model says %u",
				 u * UNIT, type_of_rank(got[u]),
				 type_of_rank(model[u]));
	}
}

static unsigned int random_map(struct memmap_entry *map, unsigned int most)
{
	unsigned int n = rnd(most + 1);

	for (unsigned int i = 0; i < n; i++) {
		map[i].addr = (uint64_t)rnd(NUNITS) * UNIT;
		map[i].size = (uint64_t)rnd(rnd(2) ? 64 : NUNITS / 2) * UNIT;
		if (map[i].addr + map[i].size > SPACE)
			map[i].size = SPACE - map[i].addr;
		map[i].type = some_types[rnd(sizeof(some_types) /
					 sizeof(some_types[0]))];
	}
	return n;
}

static void test_model_random(void **state)
{
	struct memmap_entry map[MEMMAP_MAX_ENTRIES];
	int model[NUNITS];

	(void)state;
	for (int it = 0; it < ITER; it++) {
		unsigned int nr = random_map(map, 40);
		uint64_t limit = rnd(3) ? UINT64_MAX :
					   (uint64_t)rnd(NUNITS) * UNIT;

		memset(model, 0, sizeof(model));
		for (unsigned int i = 0; i < nr; i++)
			model_paint(model, &map[i], limit);
		model_round_ram(model);
		assert_int_equal(memmap_sanitize(map, &nr, MEMMAP_MAX_ENTRIES,
						 limit, NULL), 0);
		check_invariants(map, nr);
		check_against_model(map, nr, model);
	}
}

static void test_mark_random(void **state)
{
	struct memmap_entry map[MEMMAP_MAX_ENTRIES];
	int model[NUNITS];

	(void)state;
	for (int it = 0; it < ITER; it++) {
		unsigned int nr = random_map(map, 30);
		struct memmap_entry e = {
			.addr = (uint64_t)rnd(NUNITS) * UNIT,
			.size = (uint64_t)(rnd(300) + 1) * UNIT,
			.type = some_types[rnd(sizeof(some_types) /
					   sizeof(some_types[0]))],
		};

		if (e.addr + e.size > SPACE)
			e.size = SPACE - e.addr;
		memset(model, 0, sizeof(model));
		for (unsigned int i = 0; i < nr; i++)
			model_paint(model, &map[i], UINT64_MAX);
		model_paint(model, &e, UINT64_MAX);
		model_round_ram(model);
		assert_int_equal(memmap_mark(map, &nr, MEMMAP_MAX_ENTRIES,
					     e.addr, e.size, e.type, NULL), 0);
		check_invariants(map, nr);
		check_against_model(map, nr, model);
	}
}

static void test_enospc_leaves_map(void **state)
{
	struct memmap_entry map[4] = {
		{ 0, 0x10000, MEMMAP_RAM },
		{ 0x2000, 0x1000, MEMMAP_RESERVED },
		{ 0x5000, 0x1000, MEMMAP_ACPI },
	};
	struct memmap_entry copy[4];
	unsigned int nr = 3;

	(void)state;
	memcpy(copy, map, sizeof(map));
	/* Result needs 5 entries: RAM, RES, RAM, ACPI, RAM. */
	assert_int_equal(memmap_sanitize(map, &nr, 4, UINT64_MAX, &dg),
			 -ENOSPC);
	assert_int_equal(nr, 3);
	assert_memory_equal(map, copy, sizeof(map));
	/* Marking into a full map needs room too. */
	nr = 3;
	assert_int_equal(memmap_mark(map, &nr, 3, 0x8000, 0x1000,
				     MEMMAP_MODULE, NULL), -ENOSPC);
	assert_int_equal(nr, 3);
	assert_memory_equal(map, copy, sizeof(map));
}

static void test_einval(void **state)
{
	struct memmap_entry map[2] = { { 0, 0x1000, MEMMAP_RAM } };
	unsigned int nr = 1;

	(void)state;
	assert_int_equal(memmap_mark(map, &nr, 2, 0x1000, 0, MEMMAP_MODULE,
				     NULL), -EINVAL);
	assert_int_equal(memmap_mark(map, &nr, 2, UINT64_MAX - 10, 11,
				     MEMMAP_MODULE, NULL), -EINVAL);
	nr = 3;
	assert_int_equal(memmap_sanitize(map, &nr, 2, UINT64_MAX, NULL),
			 -EINVAL);
	assert_int_equal(nr, 3);
	nr = 1;
	assert_int_equal(memmap_sanitize(map, &nr, MEMMAP_MAX_ENTRIES + 1,
					 UINT64_MAX, NULL), -EINVAL);
}

static void test_mark_module_and_hypervisor(void **state)
{
	struct memmap_entry map[8] = {
		{ 0, 0x9f000, MEMMAP_RAM },
		{ 0x100000, 0x7ff00000, MEMMAP_RAM },
	};
	unsigned int nr = 2;

	(void)state;
	assert_int_equal(memmap_mark(map, &nr, 8, 0x200000, 0x100000,
				     MEMMAP_HYPERVISOR, NULL), 0);
	assert_int_equal(memmap_mark(map, &nr, 8, 0x280000, 0x200000,
				     MEMMAP_MODULE, NULL), 0);
	assert_int_equal(nr, 5);
	assert_int_equal(map[1].addr, 0x100000);
	assert_int_equal(map[1].size, 0x100000);
	assert_int_equal(map[2].type, MEMMAP_HYPERVISOR);
	assert_int_equal(map[2].size, 0x100000);
	assert_int_equal(map[3].type, MEMMAP_MODULE);
	assert_int_equal(map[3].addr, 0x300000);
	assert_int_equal(map[3].size, 0x180000);
	assert_int_equal(map[4].addr, 0x480000);
	assert_int_equal(memmap_total(map, nr, MEMMAP_RAM),
			 0x9f000 + 0x7ff00000 - 0x280000);
	/* RAM does not punch through a reserved hole. */
	map[nr++] = (struct memmap_entry){ 0xa0000, 0x60000,
					   MEMMAP_RESERVED };
	assert_int_equal(memmap_sanitize(map, &nr, 8, UINT64_MAX, NULL), 0);
	assert_int_equal(memmap_mark(map, &nr, 8, 0xa0000, 0x1000, MEMMAP_RAM,
				     NULL), 0);
	assert_int_equal(map[1].type, MEMMAP_RESERVED);
	assert_int_equal(map[1].size, 0x60000);
}

static void test_reports(void **state)
{
	struct memmap_entry map[8] = {
		{ 0x1000, 0x3000, MEMMAP_RAM },
		{ 0x2000, 0x1000, MEMMAP_RESERVED },	/* overlap 1 */
		{ 0x1800, 0x800, MEMMAP_RAM },		/* same type */
		{ 0x10000, 0x1000, 99 },		/* unknown */
		{ UINT64_MAX - 0xfff, 0x2000, MEMMAP_RAM },	/* wraps */
		{ 0x20000, 0, MEMMAP_RAM },		/* zero: quiet */
	};
	unsigned int nr = 6;

	(void)state;
	memset(&cap, 0, sizeof(cap));
	assert_int_equal(memmap_sanitize(map, &nr, 8, UINT64_MAX, &dg), 0);
	assert_int_equal(cap.count, 3);
	assert_int_equal(nr, 4);
	assert_int_equal(map[0].addr, 0x1000);
	assert_int_equal(map[0].size, 0x1000);
	assert_int_equal(map[1].type, MEMMAP_RESERVED);
	assert_int_equal(map[2].addr, 0x3000);
	assert_int_equal(map[3].addr, 0x10000);
	assert_int_equal(map[3].type, MEMMAP_RESERVED);
	/* Clean now: sanitising again reports nothing, changes nothing. */
	memset(&cap, 0, sizeof(cap));
	assert_int_equal(memmap_sanitize(map, &nr, 8, UINT64_MAX, &dg), 0);
	assert_int_equal(cap.count, 0);
	assert_int_equal(nr, 4);
}

static void test_limit(void **state)
{
	struct memmap_entry map[4] = {
		{ 0, 0x100000, MEMMAP_RAM },
		{ 0xff000000, 0x1000000, MEMMAP_RESERVED },
		{ 0x200000000ull, 0x1000, MEMMAP_RAM },
	};
	unsigned int nr = 3;

	(void)state;
	memset(&cap, 0, sizeof(cap));
	assert_int_equal(memmap_sanitize(map, &nr, 4, 0xff800000, &dg), 0);
	assert_int_equal(nr, 2);
	assert_int_equal(map[1].addr, 0xff000000);
	assert_int_equal(map[1].size, 0x800000);
	assert_int_equal(cap.count, 2);
	assert_non_null(strstr(cap.last, "dropped"));
}

static void test_ram_rounding(void **state)
{
	struct memmap_entry map[4] = {
		{ 0x800, 0x2000, MEMMAP_RAM },		/* to [0x1000, +4K) */
		{ 0x5001, 0xffe, MEMMAP_RAM },		/* < 1 page */
		{ 0x9000, 0x10, MEMMAP_ACPI },		/* kept as is */
		{ UINT64_MAX - 0x1000, 0x800, MEMMAP_RAM },
	};
	unsigned int nr = 4;

	(void)state;
	assert_int_equal(memmap_sanitize(map, &nr, 4, UINT64_MAX, NULL), 0);
	assert_int_equal(nr, 2);
	assert_int_equal(map[0].addr, 0x1000);
	assert_int_equal(map[0].size, 0x1000);
	assert_int_equal(map[1].addr, 0x9000);
	assert_int_equal(map[1].size, 0x10);
}

static void test_precedence_chain(void **state)
{
	/* Nested ranges, outermost least restrictive. */
	static const uint32_t order[] = {
		MEMMAP_RAM, MEMMAP_PMEM, MEMMAP_ACPI, MEMMAP_RESERVED,
		MEMMAP_NVS, MEMMAP_UNUSABLE, MEMMAP_BOOT, MEMMAP_MODULE,
		MEMMAP_HYPERVISOR,
	};
	struct memmap_entry map[32];
	unsigned int nr = 9;

	(void)state;
	for (unsigned int i = 0; i < 9; i++) {
		/* Listed in reverse so input order cannot decide. */
		map[8 - i].addr = 0x1000ull * i;
		map[8 - i].size = 0x1000ull * (18 - 2 * i);
		map[8 - i].type = order[i];
	}
	assert_int_equal(memmap_sanitize(map, &nr, 32, UINT64_MAX, NULL), 0);
	assert_int_equal(nr, 17);
	for (unsigned int i = 0; i < 9; i++)
		assert_int_equal(map[i].type, order[i]);
	assert_int_equal(map[8].size, 0x2000);
	for (unsigned int i = 9; i < 17; i++)
		assert_int_equal(map[i].type, order[16 - i]);
}

static void test_overlap_report_cap(void **state)
{
	struct memmap_entry map[64];
	unsigned int nr = 64;

	(void)state;
	for (unsigned int i = 0; i < 64; i++) {
		map[i].addr = 0;
		map[i].size = 0x1000;
		map[i].type = i % 2 ? MEMMAP_RAM : MEMMAP_RESERVED;
	}
	memset(&cap, 0, sizeof(cap));
	assert_int_equal(memmap_sanitize(map, &nr, 64, UINT64_MAX, &dg), 0);
	assert_int_equal(cap.count, 17);
	assert_string_equal(cap.last, "memmap: further overlaps not reported");
	assert_int_equal(nr, 1);
	assert_int_equal(map[0].type, MEMMAP_RESERVED);
}

static void test_total(void **state)
{
	const struct memmap_entry map[3] = {
		{ 0, UINT64_MAX - 5, MEMMAP_RAM },
		{ 0, 100, MEMMAP_RAM },
		{ 0, 100, MEMMAP_ACPI },
	};

	(void)state;
	assert_int_equal(memmap_total(map, 3, MEMMAP_RAM), UINT64_MAX);
	assert_int_equal(memmap_total(map, 3, MEMMAP_ACPI), 100);
	assert_int_equal(memmap_total(map, 3, MEMMAP_NVS), 0);
	assert_int_equal(memmap_total(map, 0, MEMMAP_RAM), 0);
}

static void test_empty_and_max(void **state)
{
	static struct memmap_entry map[MEMMAP_MAX_ENTRIES];
	unsigned int nr = 0;

	(void)state;
	assert_int_equal(memmap_sanitize(map, &nr, MEMMAP_MAX_ENTRIES,
					 UINT64_MAX, NULL), 0);
	assert_int_equal(nr, 0);
	/* A full map of alternating types stays as it is. */
	for (unsigned int i = 0; i < MEMMAP_MAX_ENTRIES; i++) {
		map[MEMMAP_MAX_ENTRIES - 1 - i].addr = 0x1000ull * i;
		map[MEMMAP_MAX_ENTRIES - 1 - i].size = 0x1000;
		map[MEMMAP_MAX_ENTRIES - 1 - i].type =
			i % 2 ? MEMMAP_RAM : MEMMAP_NVS;
	}
	nr = MEMMAP_MAX_ENTRIES;
	assert_int_equal(memmap_sanitize(map, &nr, MEMMAP_MAX_ENTRIES,
					 UINT64_MAX, NULL), 0);
	assert_int_equal(nr, MEMMAP_MAX_ENTRIES);
	check_invariants(map, nr);
	assert_int_equal(map[511].addr, 0x1000ull * 511);
	/* And marking one more range in the middle no longer fits. */
	assert_int_equal(memmap_mark(map, &nr, MEMMAP_MAX_ENTRIES, 0x800,
				     0x10, MEMMAP_MODULE, NULL), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_random),
		cmocka_unit_test(test_mark_random),
		cmocka_unit_test(test_enospc_leaves_map),
		cmocka_unit_test(test_einval),
		cmocka_unit_test(test_mark_module_and_hypervisor),
		cmocka_unit_test(test_reports),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_ram_rounding),
		cmocka_unit_test(test_precedence_chain),
		cmocka_unit_test(test_overlap_report_cap),
		cmocka_unit_test(test_total),
		cmocka_unit_test(test_empty_and_max),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
