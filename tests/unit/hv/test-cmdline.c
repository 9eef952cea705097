/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Unit tests of hypervisor/lib/cmdline.c: every option kind with good and
 * bad values, negation, quoting, overriding, unknown options, the exact
 * diagnostics, hostile inputs (unterminated quotes, empty names, huge
 * tokens) and the serial port specification parser.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vesta/cmdline.h>
#include <vesta/errno.h>

struct capture {
	unsigned int count;
	char last[512];
};

static void capture_fn(void *ctx, const char *fmt, ...)
{
	struct capture *c = ctx;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->last, sizeof(c->last), fmt, ap);
	va_end(ap);
	c->count++;
}

/* Option variables, reset before every test. */
static bool opt_flag;
static unsigned long opt_num;
static uint64_t opt_mem;
static char opt_name[8];
static char custom_seen[64];
static int custom_calls;

static int parse_custom(const char *val, void *var)
{
	custom_calls++;
	if (var != (void *)custom_seen)
		return -EINVAL;
	if (!val) {
		strcpy(custom_seen, "<bare>");
		return 0;
	}
	if (!strcmp(val, "bad"))
		return -EINVAL;
	snprintf(custom_seen, sizeof(custom_seen), "%s", val);
	return 0;
}

static const struct param table[] = {
	{ .name = "flag", .kind = PARAM_BOOL, .var = &opt_flag },
	{ .name = "num", .kind = PARAM_UINT, .var = &opt_num },
	{ .name = "dom0_mem", .kind = PARAM_SIZE, .var = &opt_mem },
	{ .name = "name", .kind = PARAM_STRING, .var = opt_name,
	  .len = sizeof(opt_name) },
	{ .name = "custom", .kind = PARAM_CUSTOM, .var = custom_seen,
	  .parse = parse_custom },
};
#define NT (sizeof(table) / sizeof(table[0]))

static struct capture cap;
static const struct diag dg = { .fn = capture_fn, .ctx = &cap };

static int reset(void **state)
{
	(void)state;
	opt_flag = false;
	opt_num = 77;
	opt_mem = 99;
	strcpy(opt_name, "init");
	strcpy(custom_seen, "none");
	custom_calls = 0;
	memset(&cap, 0, sizeof(cap));
	return 0;
}

static unsigned int parse(const char *s)
{
	return cmdline_parse(s, table, NT, &dg);
}

static void test_empty(void **state)
{
	(void)state;
	assert_int_equal(parse(""), 0);
	assert_int_equal(parse(" \t  "), 0);
	assert_int_equal(cmdline_parse(NULL, table, NT, &dg), 0);
	assert_int_equal(cap.count, 0);
	assert_int_equal(opt_num, 77);
}

static void test_bool_values(void **state)
{
	static const char *const on[] = { "1", "yes", "on", "true", "enable",
					  "YES", "On" };
	static const char *const off[] = { "0", "no", "off", "false",
					   "disable", "FALSE" };
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof(on) / sizeof(on[0]); i++) {
		opt_flag = false;
		snprintf(buf, sizeof(buf), "flag=%s", on[i]);
		assert_int_equal(parse(buf), 0);
		assert_true(opt_flag);
	}
	for (size_t i = 0; i < sizeof(off) / sizeof(off[0]); i++) {
		opt_flag = true;
		snprintf(buf, sizeof(buf), "flag=%s", off[i]);
		assert_int_equal(parse(buf), 0);
		assert_false(opt_flag);
	}
	assert_int_equal(parse("flag"), 0);
	assert_true(opt_flag);
	assert_int_equal(parse("no-flag"), 0);
	assert_false(opt_flag);
	assert_int_equal(cap.count, 0);
}

static void test_bool_bad(void **state)
{
	(void)state;
	opt_flag = true;
	assert_int_equal(parse("flag=maybe"), 1);
	assert_true(opt_flag);
	assert_string_equal(cap.last, "option 'flag': bad value 'maybe' ignored");
	assert_int_equal(parse("flag="), 1);
	assert_true(opt_flag);
	assert_int_equal(parse("no-flag=1"), 1);
	assert_true(opt_flag);
	assert_string_equal(cap.last, "option 'no-flag' takes no value; ignored");
	/* "no-" only negates booleans. */
	assert_int_equal(parse("no-num"), 1);
	assert_string_equal(cap.last, "unknown option 'no-num' ignored");
	assert_int_equal(cap.count, 4);
}

static void test_uint(void **state)
{
	(void)state;
	assert_int_equal(parse("num=42"), 0);
	assert_int_equal(opt_num, 42);
	assert_int_equal(parse("num=0x1F"), 0);
	assert_int_equal(opt_num, 31);
	assert_int_equal(parse("num=18446744073709551615"), 0);
	assert_int_equal(opt_num, 18446744073709551615ul);
	assert_int_equal(parse("num=0"), 0);
	assert_int_equal(opt_num, 0);

	opt_num = 5;
	assert_int_equal(parse("num=18446744073709551616"), 1);
	assert_int_equal(parse("num=0x10000000000000000"), 1);
	assert_int_equal(parse("num=-1"), 1);
	assert_int_equal(parse("num=12k"), 1);
	assert_int_equal(parse("num=0x"), 1);
	assert_int_equal(parse("num="), 1);
	assert_int_equal(parse("num"), 1);
	assert_string_equal(cap.last, "option 'num': missing value; ignored");
	assert_int_equal(opt_num, 5);
	assert_int_equal(cap.count, 7);
}

static void test_size(void **state)
{
	static const struct {
		const char *in;
		uint64_t v;
	} good[] = {
		{ "dom0_mem=4096", 4096 },
		{ "dom0_mem=4k", 4096 },
		{ "dom0_mem=4K", 4096 },
		{ "dom0_mem=512M", 512ull << 20 },
		{ "dom0_mem=2g", 2ull << 30 },
		{ "dom0_mem=3T", 3ull << 40 },
		{ "dom0_mem=0x10M", 16ull << 20 },
		{ "dom0_mem=16777215T", 16777215ull << 40 },
		{ "dom0_mem=18446744073709551615", UINT64_MAX },
	};
	static const char *const bad[] = {
		"dom0_mem=xyz", "dom0_mem=16777216T", "dom0_mem=1P",
		"dom0_mem=1MB", "dom0_mem=", "dom0_mem", "dom0_mem=M",
		"dom0_mem=18446744073709551616",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(parse(good[i].in), 0);
		assert_int_equal(opt_mem, good[i].v);
	}
	opt_mem = 1;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i]), 1);
		assert_int_equal(opt_mem, 1);
	}
	parse("dom0_mem=xyz");
	assert_string_equal(cap.last,
			    "option 'dom0_mem': bad value 'xyz' ignored");
}

static void test_string(void **state)
{
	(void)state;
	assert_int_equal(parse("name=abc"), 0);
	assert_string_equal(opt_name, "abc");
	assert_int_equal(parse("name=1234567"), 0);
	assert_string_equal(opt_name, "1234567");
	assert_int_equal(parse("name=12345678"), 1);
	assert_string_equal(opt_name, "1234567");
	assert_int_equal(parse("name="), 0);
	assert_string_equal(opt_name, "");
	assert_int_equal(parse("name"), 1);
	assert_int_equal(parse("name=a=b"), 0);
	assert_string_equal(opt_name, "a=b");
}

static void test_quotes(void **state)
{
	(void)state;
	assert_int_equal(parse("name=\"a b\tc\" num=3"), 0);
	assert_string_equal(opt_name, "a b\tc");
	assert_int_equal(opt_num, 3);
	assert_int_equal(parse("\"num\"=4"), 0);
	assert_int_equal(opt_num, 4);
	assert_int_equal(parse("name=x\" \"y"), 0);
	assert_string_equal(opt_name, "x y");
	/* A quoted '=' belongs to the name. */
	assert_int_equal(parse("\"num=5\""), 1);
	assert_string_equal(cap.last, "unknown option 'num=5' ignored");
	assert_int_equal(opt_num, 4);
}

static void test_unterminated_quote(void **state)
{
	(void)state;
	assert_int_equal(parse("num=1 name=\"abc num=9"), 1);
	assert_int_equal(opt_num, 1);
	assert_string_equal(opt_name, "init");
	assert_string_equal(cap.last,
			    "option 'name=abc num=9' has an unterminated quote; ignored");
}

static void test_custom(void **state)
{
	(void)state;
	assert_int_equal(parse("custom=hello"), 0);
	assert_string_equal(custom_seen, "hello");
	assert_int_equal(parse("custom"), 0);
	assert_string_equal(custom_seen, "<bare>");
	assert_int_equal(parse("custom=bad"), 1);
	assert_string_equal(custom_seen, "<bare>");
	assert_string_equal(cap.last, "option 'custom': bad value 'bad' ignored");
	assert_int_equal(parse("custom= x"), 1);	/* "x" is unknown */
	assert_string_equal(custom_seen, "");
	assert_int_equal(custom_calls, 4);
}

static void test_override_and_mixed(void **state)
{
	(void)state;
	assert_int_equal(parse("num=1 flag  num=2\tfoo no-flag num=3 =7 bar=1"),
			 3);
	assert_int_equal(opt_num, 3);
	assert_false(opt_flag);
	assert_string_equal(cap.last, "unknown option 'bar' ignored");
	assert_int_equal(cap.count, 3);
}

static void test_unknown_and_empty_name(void **state)
{
	(void)state;
	assert_int_equal(parse("foo"), 1);
	assert_string_equal(cap.last, "unknown option 'foo' ignored");
	assert_int_equal(parse("=5"), 1);
	assert_string_equal(cap.last, "option with an empty name ignored");
	assert_int_equal(parse("\"\""), 1);
	assert_int_equal(parse("="), 1);
	/* Prefixes and case variants are not matches. */
	assert_int_equal(parse("nu=1 NUM=1 numx=1"), 3);
	assert_int_equal(opt_num, 77);
}

static void test_huge_token(void **state)
{
	size_t n = 5000;
	char *s = malloc(n + 32);
	char *big = malloc(CMDLINE_TOKEN_MAX + 16);

	(void)state;
	assert_non_null(s);
	assert_non_null(big);
	strcpy(s, "num=8 name=");
	memset(s + strlen(s), 'x', n);
	strcpy(s + 11 + n, " num=9");
	assert_int_equal(parse(s), 1);
	assert_int_equal(opt_num, 9);
	assert_string_equal(opt_name, "init");
	assert_non_null(strstr(cap.last, "longer than 1023 characters"));

	/* Exactly CMDLINE_TOKEN_MAX is accepted (and unknown here). */
	memset(big, 'a', CMDLINE_TOKEN_MAX);
	big[CMDLINE_TOKEN_MAX] = '\0';
	assert_int_equal(parse(big), 1);
	assert_non_null(strstr(cap.last, "unknown option"));
	big[CMDLINE_TOKEN_MAX] = 'a';
	big[CMDLINE_TOKEN_MAX + 1] = '\0';
	assert_int_equal(parse(big), 1);
	assert_non_null(strstr(cap.last, "longer than"));
	free(s);
	free(big);
}

static void test_null_diag(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse("foo num=x num=6", table, NT, NULL), 2);
	assert_int_equal(opt_num, 6);
}

static void test_serial_good(void **state)
{
	struct serial_spec s;

	(void)state;
	assert_int_equal(serial_spec_parse("115200,8n1", &s), 0);
	assert_int_equal(s.baud, 115200);
	assert_int_equal(s.data_bits, 8);
	assert_int_equal(s.parity, 'n');
	assert_int_equal(s.stop_bits, 1);
	assert_int_equal(s.io_base, 0);
	assert_int_equal(s.irq, -1);

	assert_int_equal(serial_spec_parse("auto", &s), 0);
	assert_int_equal(s.baud, 0);
	assert_int_equal(s.data_bits, 8);
	assert_int_equal(s.parity, 'n');
	assert_int_equal(s.stop_bits, 1);

	assert_int_equal(serial_spec_parse("9600,7E2,0x2f8,3", &s), 0);
	assert_int_equal(s.baud, 9600);
	assert_int_equal(s.data_bits, 7);
	assert_int_equal(s.parity, 'e');
	assert_int_equal(s.stop_bits, 2);
	assert_int_equal(s.io_base, 0x2f8);
	assert_int_equal(s.irq, 3);

	assert_int_equal(serial_spec_parse("50,5o1,1016", &s), 0);
	assert_int_equal(s.baud, 50);
	assert_int_equal(s.parity, 'o');
	assert_int_equal(s.io_base, 1016);
	assert_int_equal(s.irq, -1);

	assert_int_equal(serial_spec_parse("921600,6m1,0xffff,255", &s), 0);
	assert_int_equal(s.irq, 255);
	assert_int_equal(serial_spec_parse("auto,8s1", &s), 0);
	assert_int_equal(s.parity, 's');
}

static void test_serial_bad(void **state)
{
	static const char *const bad[] = {
		"", "49", "921601", "fast", "115200,", "115200,8n", "115200,9n1",
		"115200,4n1", "115200,8x1", "115200,8n3", "115200,8n1,",
		"115200,8n1,0x10000", "115200,8n1,0x3f8,256", "115200,8n1,0x3f8,",
		"115200,8n1,0x3f8,4,", "115200,8n1,0x3f8,0x4", "autox",
		"auto,", " 115200", "115200 ", "+9600", "0x2580",
		"115200,8n1,0x3f8,4 junk", "99999999999999999999999",
	};
	struct serial_spec s, orig;

	(void)state;
	memset(&s, 0xab, sizeof(s));
	orig = s;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (serial_spec_parse(bad[i], &s) != -EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_memory_equal(&s, &orig, sizeof(s));
	}
	assert_int_equal(serial_spec_parse(NULL, &s), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty, reset),
		cmocka_unit_test_setup(test_bool_values, reset),
		cmocka_unit_test_setup(test_bool_bad, reset),
		cmocka_unit_test_setup(test_uint, reset),
		cmocka_unit_test_setup(test_size, reset),
		cmocka_unit_test_setup(test_string, reset),
		cmocka_unit_test_setup(test_quotes, reset),
		cmocka_unit_test_setup(test_unterminated_quote, reset),
		cmocka_unit_test_setup(test_custom, reset),
		cmocka_unit_test_setup(test_override_and_mixed, reset),
		cmocka_unit_test_setup(test_unknown_and_empty_name, reset),
		cmocka_unit_test_setup(test_huge_token, reset),
		cmocka_unit_test_setup(test_null_diag, reset),
		cmocka_unit_test_setup(test_serial_good, reset),
		cmocka_unit_test_setup(test_serial_bad, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
