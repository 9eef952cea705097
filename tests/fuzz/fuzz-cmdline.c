/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * libFuzzer harness for cmdline_parse(). The input is the command line;
 * the table has one option of every kind. Checks: the returned problem
 * count equals the number of diagnostics; every diagnostic formats without
 * overreading; the string option stays NUL-terminated inside its buffer and
 * the guard bytes around it stay intact; the custom parser only ever sees
 * NUL-terminated values of at most CMDLINE_TOKEN_MAX characters; a second
 * parse of the same line yields the same state (no hidden state).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vesta/cmdline.h>
#include <vesta/errno.h>

struct vars {
	bool flag;
	unsigned long num;
	uint64_t size;
	char guard1[8];
	char str[16];
	char guard2[8];
	unsigned int custom_calls;
	size_t custom_len;
};

static unsigned int diag_count;

static void count_diag(void *ctx, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	(void)ctx;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	diag_count++;
}

static int custom(const char *val, void *var)
{
	struct vars *v = var;

	v->custom_calls++;
	if (!val)
		return 0;
	v->custom_len = strlen(val);
	if (v->custom_len > CMDLINE_TOKEN_MAX)
		abort();
	return val[0] == 'x' ? -EINVAL : 0;
}

static void run(const char *line, struct vars *v)
{
	const struct param table[] = {
		{ .name = "flag", .kind = PARAM_BOOL, .var = &v->flag },
		{ .name = "num", .kind = PARAM_UINT, .var = &v->num },
		{ .name = "mem", .kind = PARAM_SIZE, .var = &v->size },
		{ .name = "str", .kind = PARAM_STRING, .var = v->str,
		  .len = sizeof(v->str) },
		{ .name = "c", .kind = PARAM_CUSTOM, .var = v,
		  .parse = custom },
		{ .name = "no-x", .kind = PARAM_UINT, .var = &v->num },
	};
	const struct diag dg = { .fn = count_diag, .ctx = NULL };
	unsigned int problems;

	memset(v, 0, sizeof(*v));
	memset(v->guard1, 0x5a, sizeof(v->guard1));
	memset(v->guard2, 0xa5, sizeof(v->guard2));
	strcpy(v->str, "init");
	diag_count = 0;
	problems = cmdline_parse(line, table, sizeof(table) / sizeof(table[0]),
				 &dg);
	if (problems != diag_count)
		abort();
	if (!memchr(v->str, '\0', sizeof(v->str)))
		abort();
	for (size_t i = 0; i < sizeof(v->guard1); i++) {
		if (v->guard1[i] != 0x5a || (unsigned char)v->guard2[i] != 0xa5)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char *line = malloc(len + 1);
	struct vars a, b;

	if (!line)
		abort();
	memcpy(line, data, len);
	line[len] = '\0';
	run(line, &a);
	run(line, &b);
	if (memcmp(&a, &b, sizeof(a)))
		abort();
	free(line);
	return 0;
}
