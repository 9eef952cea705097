/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * libFuzzer harness for vesta_vsnprintf(). Input: byte 0 selects the buffer
 * size (0..63), the rest up to the first NUL is the format string, and what
 * follows is the text every %s argument points at. Every argument is that
 * one string pointer, which is a valid value for any supported conversion
 * on x86-64. Checks: nothing is written past the size (the buffer ends a
 * heap allocation, so ASan sees any overrun), the output is NUL-terminated
 * where C99 says, and a truncated result is a prefix of the untruncated one
 * with the same return value.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vesta/errno.h>
#include <vesta/format.h>

#define BIG 8192
#define MAX_SPECS 6	/* each may take up to 3 arguments; 20 are passed */

#define ARGS20(a) a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a

static int call(char *buf, size_t size, const char *fmt, const char *arg)
{
	return vesta_snprintf(buf, size, fmt, ARGS20(arg));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static char big[BIG];
	size_t size, flen, specs = 0;
	char *fmt, *arg, *small;
	int r_big, r_small;

	if (len < 1)
		return 0;
	size = data[0] % 64;
	data++;
	len--;
	flen = strnlen((const char *)data, len);
	for (size_t i = 0; i < flen; i++)
		specs += data[i] == '%';
	if (specs > MAX_SPECS)
		return 0;

	fmt = malloc(flen + 1);
	arg = malloc(len - flen + 1);
	small = malloc(size ? size : 1);
	if (!fmt || !arg || !small)
		abort();
	memcpy(fmt, data, flen);
	fmt[flen] = '\0';
	if (len > flen)
		memcpy(arg, data + flen + 1, len - flen - 1);
	arg[len > flen ? len - flen - 1 : 0] = '\0';

	r_big = call(big, BIG, fmt, arg);
	/* Exactly size bytes: any write past them is a heap overflow. */
	r_small = call(size ? small : NULL, size, fmt, arg);
	if (r_big != r_small)
		abort();
	if (r_big < 0) {
		if (r_big != -EOVERFLOW)
			abort();
	} else {
		size_t n = (size_t)r_big < BIG ? (size_t)r_big : BIG - 1;

		if (big[n] != '\0')
			abort();
		if (size) {
			size_t m = (size_t)r_big < size ? (size_t)r_big
							: size - 1;

			if (small[m] != '\0' || memcmp(small, big, m))
				abort();
		}
	}
	free(fmt);
	free(arg);
	free(small);
	return 0;
}
