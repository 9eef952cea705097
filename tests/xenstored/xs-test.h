/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Minimal assertion helpers shared by the xenstored host tests.  A failed
 * check prints file, line and expression and marks the test failed; the
 * test's main() returns test_status() so Automake sees the result.  No test
 * logic lives here.
 */
#ifndef VESTA_XS_TEST_H
#define VESTA_XS_TEST_H

#include <stdio.h>
#include <string.h>

static int xs_test_failures;

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n",       \
				__FILE__, __LINE__, #cond);                \
			xs_test_failures++;                                \
		}                                                          \
	} while (0)

#define CHECK_EQ(a, b)                                                     \
	do {                                                               \
		long long _a = (long long)(a), _b = (long long)(b);        \
		if (_a != _b) {                                            \
			fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", \
				__FILE__, __LINE__, #a, _a, _b);           \
			xs_test_failures++;                                \
		}                                                          \
	} while (0)

#define CHECK_STR(a, b)                                                    \
	do {                                                               \
		const char *_a = (a), *_b = (b);                           \
		if (!_a || strcmp(_a, _b)) {                               \
			fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", \
				__FILE__, __LINE__, #a, _a ? _a : "(null)", _b); \
			xs_test_failures++;                                \
		}                                                          \
	} while (0)

#define RUN(fn)                                                            \
	do {                                                               \
		int _before = xs_test_failures;                            \
		fn();                                                      \
		printf("%s %s\n", xs_test_failures == _before ? "PASS" : "FAIL", \
		       #fn);                                               \
	} while (0)

static inline int test_status(void)
{
	return xs_test_failures ? 1 : 0;
}

#endif /* VESTA_XS_TEST_H */
