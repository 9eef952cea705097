/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Unit tests of hypervisor/lib/bitmap.c: random sequences of every
 * operation on bitmaps of random sizes, compared after each step with a
 * bool-array model; the find functions are checked from every start
 * position, and words beyond the bitmap must never be written.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include <vesta/bitmap.h>

#define MAXBITS 300
#define WORDS BITMAP_WORDS(MAXBITS)
#define ITER 3000
#define GUARD 0xa5a5a5a5a5a5a5a5ul

static unsigned int rng_state = 2463534242u;

static unsigned int rnd(unsigned int n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state % n;
}

static unsigned int model_next(const bool *m, unsigned int nbits,
			       unsigned int start, bool value)
{
	for (unsigned int i = start; i < nbits; i++) {
		if (m[i] == value)
			return i;
	}
	return nbits;
}

static void compare(const unsigned long *map, const bool *m,
		    unsigned int nbits)
{
	unsigned int weight = 0;

	for (unsigned int i = 0; i < nbits; i++) {
		assert_int_equal(bitmap_test(map, i), m[i]);
		weight += m[i];
	}
	assert_int_equal(bitmap_weight(map, nbits), weight);
	for (unsigned int s = 0; s <= nbits + 2; s++) {
		assert_int_equal(bitmap_find_next_set(map, nbits, s),
				 model_next(m, nbits, s, true));
		assert_int_equal(bitmap_find_next_zero(map, nbits, s),
				 model_next(m, nbits, s, false));
	}
}

static void test_random_ops(void **state)
{
	unsigned long buf[WORDS + 2];
	unsigned long *map = buf + 1;
	bool m[MAXBITS];

	(void)state;
	for (int it = 0; it < ITER; it++) {
		unsigned int nbits = rnd(MAXBITS) + 1;
		unsigned int words = BITMAP_WORDS(nbits);

		for (unsigned int i = 0; i < WORDS + 2; i++)
			buf[i] = GUARD;
		bitmap_zero(map, nbits);
		memset(m, 0, sizeof(m));
		for (int step = 0; step < 20; step++) {
			unsigned int a = rnd(nbits), len = rnd(nbits - a + 1);

			switch (rnd(6)) {
			case 0:
				bitmap_set(map, a);
				m[a] = true;
				break;
			case 1:
				bitmap_clear(map, a);
				m[a] = false;
				break;
			case 2:
				bitmap_set_range(map, a, len);
				memset(m + a, 1, len);
				break;
			case 3:
				bitmap_clear_range(map, a, len);
				memset(m + a, 0, len);
				break;
			case 4:
				bitmap_fill(map, nbits);
				memset(m, 1, nbits);
				break;
			default:
				bitmap_zero(map, nbits);
				memset(m, 0, nbits);
				break;
			}
			compare(map, m, nbits);
		}
		assert_int_equal(buf[0], GUARD);
		for (unsigned int i = words + 1; i < WORDS + 2; i++)
			assert_int_equal(buf[i], GUARD);
	}
}

static void test_fill_clears_tail(void **state)
{
	unsigned long map[2] = { 0, ~0ul };

	(void)state;
	bitmap_fill(map, 70);
	assert_int_equal(map[0], ~0ul);
	assert_int_equal(map[1], 0x3f);
	assert_int_equal(bitmap_weight(map, 128), 70);
	assert_int_equal(bitmap_find_next_zero(map, 128, 0), 70);
	assert_int_equal(bitmap_find_next_zero(map, 70, 0), 70);
}

static void test_word_edges(void **state)
{
	unsigned long map[3] = { 0 };

	(void)state;
	bitmap_set(map, 63);
	bitmap_set(map, 64);
	bitmap_set(map, 191);
	assert_int_equal(map[0], 1ul << 63);
	assert_int_equal(map[1], 1);
	assert_int_equal(map[2], 1ul << 63);
	assert_int_equal(bitmap_find_next_set(map, 192, 65), 191);
	/* A set bit beyond nbits is not found. */
	assert_int_equal(bitmap_find_next_set(map, 191, 65), 191);
	assert_int_equal(bitmap_find_next_set(map, 150, 65), 150);
	bitmap_set_range(map, 0, 192);
	assert_int_equal(bitmap_weight(map, 192), 192);
	bitmap_clear_range(map, 1, 190);
	assert_int_equal(map[0], 1);
	assert_int_equal(map[1], 0);
	assert_int_equal(map[2], 1ul << 63);
	bitmap_set_range(map, 5, 0);
	assert_int_equal(map[0], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_ops),
		cmocka_unit_test(test_fill_clears_tail),
		cmocka_unit_test(test_word_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
