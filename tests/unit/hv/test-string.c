/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Unit tests of hypervisor/lib/string.c (built as hv_* by hv-string.c):
 * every function is compared with the C library on random inputs at random
 * alignments, memmove on overlapping ranges in both directions, and
 * strlcpy against its contract. Guard bytes around every destination catch
 * writes out of bounds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

void *hv_memcpy(void *dst, const void *src, size_t n);
void *hv_memmove(void *dst, const void *src, size_t n);
void *hv_memset(void *dst, int c, size_t n);
int hv_memcmp(const void *a, const void *b, size_t n);
size_t hv_strlen(const char *s);
size_t hv_strnlen(const char *s, size_t max);
int hv_strcmp(const char *a, const char *b);
int hv_strncmp(const char *a, const char *b, size_t n);
char *hv_strchr(const char *s, int c);
char *hv_strrchr(const char *s, int c);
size_t hv_strlcpy(char *dst, const char *src, size_t size);

#define BUF 256
#define ITER 20000

static unsigned int rng_state = 12345;

static unsigned int rnd(void)
{
	/* xorshift32: deterministic, so failures reproduce. */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static void fill_random(unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)rnd();
}

/* Random string over a tiny alphabet so comparisons often tie. */
static void random_string(char *p, size_t cap)
{
	size_t len = rnd() % cap;

	for (size_t i = 0; i < len; i++)
		p[i] = "abc\xff"[rnd() % 4];
	p[len] = '\0';
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void test_memcpy_random(void **state)
{
	unsigned char src[BUF], a[BUF], b[BUF];

	(void)state;
	for (int i = 0; i < ITER; i++) {
		size_t so = rnd() % 16, doff = rnd() % 16;
		size_t n = rnd() % (BUF - 16);

		fill_random(src, BUF);
		fill_random(a, BUF);
		memcpy(b, a, BUF);
		assert_ptr_equal(hv_memcpy(a + doff, src + so, n), a + doff);
		memcpy(b + doff, src + so, n);
		assert_memory_equal(a, b, BUF);
	}
}

static void test_memmove_overlap(void **state)
{
	unsigned char a[BUF], b[BUF];

	(void)state;
	for (int i = 0; i < ITER; i++) {
		size_t so = rnd() % BUF, doff = rnd() % BUF;
		size_t lim = BUF - (so > doff ? so : doff);
		size_t n = rnd() % (lim + 1);

		fill_random(a, BUF);
		memcpy(b, a, BUF);
		assert_ptr_equal(hv_memmove(a + doff, a + so, n), a + doff);
		memmove(b + doff, b + so, n);
		assert_memory_equal(a, b, BUF);
	}
}

static void test_memmove_word_aligned(void **state)
{
	unsigned long words[64];
	unsigned char *p = (unsigned char *)words;
	unsigned char ref[sizeof(words)];

	(void)state;
	for (size_t i = 0; i < sizeof(words); i++)
		p[i] = (unsigned char)i;
	memcpy(ref, p, sizeof(words));
	/* Aligned, overlapping, dst above src: the backward word path. */
	hv_memmove(p + 16, p, 200);
	memmove(ref + 16, ref, 200);
	assert_memory_equal(p, ref, sizeof(words));
	hv_memmove(p, p + 24, 200);
	memmove(ref, ref + 24, 200);
	assert_memory_equal(p, ref, sizeof(words));
}

static void test_memset_random(void **state)
{
	unsigned char a[BUF], b[BUF];

	(void)state;
	for (int i = 0; i < ITER; i++) {
		size_t off = rnd() % 16, n = rnd() % (BUF - 16);
		int c = (int)(rnd() % 512) - 128;

		fill_random(a, BUF);
		memcpy(b, a, BUF);
		assert_ptr_equal(hv_memset(a + off, c, n), a + off);
		memset(b + off, c, n);
		assert_memory_equal(a, b, BUF);
	}
}

static void test_memcmp_random(void **state)
{
	unsigned char a[64], b[64];

	(void)state;
	for (int i = 0; i < ITER; i++) {
		size_t n = rnd() % 64;

		fill_random(a, 64);
		memcpy(b, a, 64);
		if (rnd() % 2)
			b[rnd() % 64] = (unsigned char)rnd();
		assert_int_equal(sign(hv_memcmp(a, b, n)),
				 sign(memcmp(a, b, n)));
	}
	/* Bytes compare as unsigned. */
	assert_true(hv_memcmp("\x80", "\x01", 1) > 0);
	assert_int_equal(hv_memcmp("abc", "abd", 0), 0);
}

static void test_strlen_strnlen(void **state)
{
	char s[64];

	(void)state;
	for (int i = 0; i < ITER; i++) {
		size_t max = rnd() % 70;

		random_string(s, sizeof(s));
		assert_int_equal(hv_strlen(s), strlen(s));
		assert_int_equal(hv_strnlen(s, max), strnlen(s, max));
	}
	assert_int_equal(hv_strlen(""), 0);
	/* strnlen must not look beyond max: no terminator needed. */
	assert_int_equal(hv_strnlen("abcd", 2), 2);
}

static void test_strcmp_strncmp(void **state)
{
	char a[16], b[16];

	(void)state;
	for (int i = 0; i < ITER; i++) {
		size_t n = rnd() % 20;

		random_string(a, sizeof(a));
		if (rnd() % 3)
			random_string(b, sizeof(b));
		else
			memcpy(b, a, sizeof(a));
		assert_int_equal(sign(hv_strcmp(a, b)), sign(strcmp(a, b)));
		assert_int_equal(sign(hv_strncmp(a, b, n)),
				 sign(strncmp(a, b, n)));
	}
	assert_true(hv_strcmp("\xff", "a") > 0);
	assert_int_equal(hv_strncmp("abX", "abY", 2), 0);
	assert_true(hv_strncmp("ab", "abc", 3) < 0);
}

static void test_strchr_strrchr(void **state)
{
	char s[32];
	static const int chars[] = { 'a', 'b', 'c', 0xff, 'z', 0, 0x100 + 'a' };

	(void)state;
	for (int i = 0; i < ITER; i++) {
		int c = chars[rnd() % 7];

		random_string(s, sizeof(s));
		assert_ptr_equal(hv_strchr(s, c), strchr(s, c));
		assert_ptr_equal(hv_strrchr(s, c), strrchr(s, c));
	}
}

static void test_strlcpy(void **state)
{
	char src[48], dst[40];

	(void)state;
	for (int i = 0; i < ITER; i++) {
		size_t size = rnd() % 33, len;

		random_string(src, sizeof(src));
		len = strlen(src);
		memset(dst, '#', sizeof(dst));
		assert_int_equal(hv_strlcpy(dst, src, size), len);
		if (size) {
			size_t n = len < size - 1 ? len : size - 1;

			assert_memory_equal(dst, src, n);
			assert_int_equal(dst[n], '\0');
			for (size_t j = n + 1; j < sizeof(dst); j++)
				assert_int_equal(dst[j], '#');
		} else {
			for (size_t j = 0; j < sizeof(dst); j++)
				assert_int_equal(dst[j], '#');
		}
	}
	assert_int_equal(hv_strlcpy(dst, "hello", 3), 5);
	assert_string_equal(dst, "he");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy_random),
		cmocka_unit_test(test_memmove_overlap),
		cmocka_unit_test(test_memmove_word_aligned),
		cmocka_unit_test(test_memset_random),
		cmocka_unit_test(test_memcmp_random),
		cmocka_unit_test(test_strlen_strnlen),
		cmocka_unit_test(test_strcmp_strncmp),
		cmocka_unit_test(test_strchr_strrchr),
		cmocka_unit_test(test_strlcpy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
