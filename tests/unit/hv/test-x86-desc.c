/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86_desc_sanitize(): the descriptors Linux really installs come out as
 * the same segments at DPL 3; system descriptors never survive; and over
 * random inputs no present result is ever a system descriptor or has a
 * DPL below 3, and every other field is untouched.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <vesta/x86-desc.h>

#define P	(1ULL << 47)
#define S	(1ULL << 44)
#define DPL3	(3ULL << 45)

static void linux_segments(void **state)
{
	(void)state;
	/* Linux's __KERNEL_CS (64-bit), __KERNEL_DS, __USER_CS, __USER_DS. */
	assert_int_equal(x86_desc_sanitize(0x00af9b000000ffffULL),
			 0x00affb000000ffffULL);
	assert_int_equal(x86_desc_sanitize(0x00cf93000000ffffULL),
			 0x00cff3000000ffffULL);
	assert_int_equal(x86_desc_sanitize(0x00affb000000ffffULL),
			 0x00affb000000ffffULL);
	assert_int_equal(x86_desc_sanitize(0x00cff3000000ffffULL),
			 0x00cff3000000ffffULL);
}

static void system_descriptors_refused(void **state)
{
	(void)state;
	for (uint64_t type = 0; type < 16; type++) {
		uint64_t d = 0x0000800000001234ULL | (type << 40);

		assert_int_equal(x86_desc_sanitize(d), 0);
		/* The same at DPL 3 (a call gate usable from ring 3). */
		assert_int_equal(x86_desc_sanitize(d | DPL3), 0);
	}
}

static void not_present_kept(void **state)
{
	(void)state;
	assert_int_equal(x86_desc_sanitize(0), 0);
	assert_int_equal(x86_desc_sanitize(0x0000000000001234ULL),
			 0x0000000000001234ULL);
	assert_int_equal(x86_desc_sanitize(0x00cf0c000000ffffULL),
			 0x00cf0c000000ffffULL);
}

static void random_invariants(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL;

	(void)state;
	for (unsigned int i = 0; i < 1000000; i++) {
		uint64_t d, r;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		d = x;
		r = x86_desc_sanitize(d);
		if (!(d & P)) {
			assert_int_equal(r, d);
		} else if (!(d & S)) {
			assert_int_equal(r, 0);
		} else {
			assert_int_equal(r & DPL3, DPL3);
			assert_int_equal(r & ~DPL3, d & ~DPL3);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(linux_segments),
		cmocka_unit_test(system_descriptors_refused),
		cmocka_unit_test(not_present_kept),
		cmocka_unit_test(random_invariants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
