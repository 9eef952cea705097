/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Unit tests of hypervisor/lib/format.c. The C library's snprintf is the
 * oracle: random conversion specifications (flags, width, precision, '*',
 * length modifiers) with random and boundary values, formatted into random
 * buffer sizes, must give the same return value and the same bytes, and no
 * byte past the size may change. Cases where C leaves the result undefined
 * or glibc differs by design (%p flags, NULL %s) are checked separately
 * against fixed expectations.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <vesta/errno.h>
#include <vesta/format.h>

#define OUT 160
#define ITER 200000

static unsigned long long rng_state = 0x9e3779b97f4a7c15ull;

static unsigned long long rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Mostly boundary values, sometimes fully random ones. */
static unsigned long long rnd_value(void)
{
	static const unsigned long long special[] = {
		0, 1, 7, 8, 9, 10, 15, 16, 127, 128, 255, 256, 32767, 32768,
		65535, 65536, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000,
		0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff,
		0xfffffffffffffffe, 1000000, 12345678901234,
	};
	unsigned long long v;

	switch (rnd() % 4) {
	case 0:
		return special[rnd() % (sizeof(special) / sizeof(special[0]))];
	case 1:
		return -special[rnd() % (sizeof(special) / sizeof(special[0]))];
	case 2:
		return rnd() % 1000;
	default:
		v = rnd();
		return v >> (rnd() % 64);
	}
}

struct call {
	char fmt[64];
	size_t size;
	bool star_w, star_p;
	int w, p;
};

/*
 * Format with both implementations; compare return, content and the guard
 * area after the size.
 */
#define CHECK_BOTH(c, ...)                                                   \
	do {                                                                 \
		char a_[OUT + 16], b_[OUT + 16];                             \
		int ra_, rb_;                                                \
		memset(a_, 0x5a, sizeof(a_));                                \
		memset(b_, 0x5a, sizeof(b_));                                \
		ra_ = snprintf(a_, (c)->size, (c)->fmt, __VA_ARGS__);        \
		rb_ = vesta_snprintf(b_, (c)->size, (c)->fmt, __VA_ARGS__);  \
		if (ra_ != rb_ || memcmp(a_, b_, sizeof(a_)))                \
			fail_msg("fmt \"%s\" size %zu: libc %d \"%s\" vs %d " \
				 "\"%s\"", (c)->fmt, (c)->size, ra_,         \
				 (c)->size ? a_ : "", rb_,                   \
				 (c)->size ? b_ : "");                       \
	} while (0)

#define CHECK_STARS(c, val)                                                  \
	do {                                                                 \
		if ((c)->star_w && (c)->star_p)                              \
			CHECK_BOTH(c, (c)->w, (c)->p, val);                  \
		else if ((c)->star_w)                                        \
			CHECK_BOTH(c, (c)->w, val);                          \
		else if ((c)->star_p)                                        \
			CHECK_BOTH(c, (c)->p, val);                          \
		else                                                         \
			CHECK_BOTH(c, val);                                  \
	} while (0)

static char *add_width_prec(struct call *c, char *p, bool allow_prec)
{
	switch (rnd() % 4) {
	case 0:
		break;
	case 1:
		p += sprintf(p, "%d", (int)(rnd() % 25));
		break;
	case 2:
		*p++ = '*';
		c->star_w = true;
		c->w = (int)(rnd() % 51) - 25;
		break;
	default:
		p += sprintf(p, "%d", (int)(rnd() % 4));
		break;
	}
	if (!allow_prec || rnd() % 2)
		return p;
	*p++ = '.';
	switch (rnd() % 3) {
	case 0:
		p += sprintf(p, "%d", (int)(rnd() % 25));
		break;
	case 1:
		*p++ = '*';
		c->star_p = true;
		c->p = (int)(rnd() % 31) - 6;
		break;
	default:
		break;	/* "." alone means precision 0 */
	}
	return p;
}

static char *add_flags(char *p, const char *allowed)
{
	size_t n = strlen(allowed);
	int k = (int)(rnd() % 4);

	while (k--)
		*p++ = allowed[rnd() % n];
	return p;
}

static void one_integer(struct call *c)
{
	static const char *const lens[] = { "", "hh", "h", "l", "ll", "z",
					    "t", "j" };
	static const char convs[] = "diuxXo";
	char conv = convs[rnd() % 6];
	int li = (int)(rnd() % 8);
	bool is_signed = conv == 'd' || conv == 'i';
	unsigned long long v = rnd_value();
	char *p = c->fmt;

	*p++ = '%';
	p = add_flags(p, is_signed ? "-0 +" : "-0 +#");
	p = add_width_prec(c, p, true);
	p += sprintf(p, "%s%c", lens[li], conv);
	*p = '\0';

	switch (li) {
	case 0:
	case 1:
	case 2:
		if (is_signed)
			CHECK_STARS(c, (int)v);
		else
			CHECK_STARS(c, (unsigned int)v);
		break;
	case 3:
	case 5:
	case 6:
		/* long, size_t and ptrdiff_t are all 64-bit here. */
		if (is_signed)
			CHECK_STARS(c, (long)v);
		else
			CHECK_STARS(c, (unsigned long)v);
		break;
	default:
		if (is_signed)
			CHECK_STARS(c, (long long)v);
		else
			CHECK_STARS(c, (unsigned long long)v);
		break;
	}
}

static void one_other(struct call *c)
{
	static const char *const strs[] = { "", "a", "hello", "hello world",
					    "0123456789abcdefghijklmnopqrstuv" };
	char *p = c->fmt;
	int kind = (int)(rnd() % 4);

	*p++ = 'x';
	*p++ = '%';
	p = add_flags(p, "-");
	p = add_width_prec(c, p, kind == 1);
	*p++ = "cspp"[kind];
	strcpy(p, "y%%z");

	/* Arguments are evaluated once per implementation: no rnd() in them. */
	if (kind == 0) {
		int ch = (int)(rnd() % 255) + 1;

		CHECK_STARS(c, ch);
	} else if (kind == 1) {
		const char *str = strs[rnd() % 5];

		CHECK_STARS(c, str);
	} else {
		void *ptr = (void *)(uintptr_t)(rnd_value() | 1);

		CHECK_STARS(c, ptr);
	}
}

static void test_oracle_random(void **state)
{
	(void)state;
	for (int i = 0; i < ITER; i++) {
		struct call c = { .size = 0 };

		switch (rnd() % 4) {
		case 0:
			c.size = OUT;
			break;
		case 1:
			c.size = rnd() % 4;
			break;
		default:
			c.size = rnd() % 40;
			break;
		}
		if (rnd() % 4)
			one_integer(&c);
		else
			one_other(&c);
	}
}

static void test_multiple_conversions(void **state)
{
	char a[OUT], b[OUT];
	int ra, rb;

	(void)state;
	ra = snprintf(a, sizeof(a), "[%5d|%-8s|%#x|%c|%%|%03u|%+i|% d]", -42,
		      "ok", 255, 'Z', 7u, 5, 3);
	rb = vesta_snprintf(b, sizeof(b), "[%5d|%-8s|%#x|%c|%%|%03u|%+i|% d]",
			    -42, "ok", 255, 'Z', 7u, 5, 3);
	assert_int_equal(ra, rb);
	assert_string_equal(a, b);
}

static void test_size_zero(void **state)
{
	char buf[4] = "abc";

	(void)state;
	assert_int_equal(vesta_snprintf(NULL, 0, "%d-%s", 12345, "xy"), 8);
	assert_int_equal(vesta_snprintf(buf, 0, "hello"), 5);
	assert_string_equal(buf, "abc");
}

static void test_truncation(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'Q', sizeof(buf));
	assert_int_equal(vesta_snprintf(buf, 5, "%s", "abcdefgh"), 8);
	assert_string_equal(buf, "abcd");
	assert_int_equal(buf[5], 'Q');
	assert_int_equal(vesta_snprintf(buf, 1, "%d", 99), 2);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'b');
}

static void test_edge_values(void **state)
{
	char buf[OUT];

	(void)state;
	vesta_snprintf(buf, sizeof(buf), "%d %lld", INT_MIN, LLONG_MIN);
	assert_string_equal(buf, "-2147483648 -9223372036854775808");
	vesta_snprintf(buf, sizeof(buf), "%llo", ULLONG_MAX);
	assert_string_equal(buf, "1777777777777777777777");
	vesta_snprintf(buf, sizeof(buf), "%hhd %hhu %hd", 300, 511, 70000);
	assert_string_equal(buf, "44 255 4464");
	vesta_snprintf(buf, sizeof(buf), "[%.0d] [%#.0o] [%#x] [%+.0d]", 0, 0,
		       0, 0);
	assert_string_equal(buf, "[] [0] [0] [+]");
	vesta_snprintf(buf, sizeof(buf), "%zu %td %jd", (size_t)-1,
		       (ptrdiff_t)-5, (intmax_t)INTMAX_MIN);
	assert_string_equal(buf,
			    "18446744073709551615 -5 -9223372036854775808");
	vesta_snprintf(buf, sizeof(buf), "[%-*d] [%.*d]", -6, 1, -3, 7);
	assert_string_equal(buf, "[1     ] [7]");
}

static void test_null_and_pointer(void **state)
{
	/* Not literals: the compiler would (rightly) warn about NULL %s. */
	static char fmt_s[] = "%s|%8s|%.3s";
	char buf[OUT];

	(void)state;
	vesta_snprintf(buf, sizeof(buf), fmt_s, (char *)NULL, (char *)NULL,
		       (char *)NULL);
	assert_string_equal(buf, "(null)|  (null)|(nu");
	vesta_snprintf(buf, sizeof(buf), "%p|%8p|%-8p|", NULL, NULL, NULL);
	assert_string_equal(buf, "(nil)|   (nil)|(nil)   |");
	vesta_snprintf(buf, sizeof(buf), "%p", (void *)0xffff82d080200000ul);
	assert_string_equal(buf, "0xffff82d080200000");
	vesta_snprintf(buf, sizeof(buf), "%20p|", (void *)0x1234ul);
	assert_string_equal(buf, "              0x1234|");
}

static void test_precision_does_not_overread(void **state)
{
	/* Not NUL-terminated: %.4s must stop after four bytes (ASan). */
	char raw[4] = { 'w', 'x', 'y', 'z' };
	char buf[16];

	(void)state;
	assert_int_equal(vesta_snprintf(buf, sizeof(buf), "%.4s!", raw), 5);
	assert_string_equal(buf, "wxyz!");
}

static void test_unknown_conversion(void **state)
{
	/* Not a literal, so the compiler does not reject the bad format. */
	static char fmt[] = "a%-5yb%";
	char buf[OUT];

	(void)state;
	assert_int_equal(vesta_snprintf(buf, sizeof(buf), fmt), 7);
	assert_string_equal(buf, "a%-5yb%");
}

static void test_huge_width(void **state)
{
	static char fmt_2g[] = "%2000000000d%2000000000d";
	char buf[8];

	(void)state;
	/* Padding beyond the buffer is counted, not written byte by byte. */
	assert_int_equal(vesta_snprintf(buf, sizeof(buf), "%1000000000d", 1),
			 1000000000);
	assert_string_equal(buf, "       ");
	assert_int_equal(vesta_snprintf(buf, sizeof(buf), fmt_2g, 1, 2),
			 -EOVERFLOW);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oracle_random),
		cmocka_unit_test(test_multiple_conversions),
		cmocka_unit_test(test_size_zero),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_edge_values),
		cmocka_unit_test(test_null_and_pointer),
		cmocka_unit_test(test_precision_does_not_overread),
		cmocka_unit_test(test_unknown_conversion),
		cmocka_unit_test(test_huge_width),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
