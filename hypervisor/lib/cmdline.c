/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Boot command-line parsing: splits the line into (optionally quoted)
 * tokens, matches them against a caller table of typed options, converts
 * and stores the values, and reports every problem through a diag sink.
 * Also parses serial port specifications ("115200,8n1,0x3f8,4"). This file
 * does not know any option by name and never acts on a value beyond storing
 * it; the command line is boot-loader input, so nothing in it may crash us.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <vesta/cmdline.h>
#include <vesta/errno.h>

#define NO_EQ ((size_t)-1)
/* Longest piece of user text quoted back in a report. */
#define SHOW "%.64s"

struct token {
	char text[CMDLINE_TOKEN_MAX + 1];
	size_t len;
	size_t eq;		/* index of the first unquoted '=' or NO_EQ */
	bool is_too_long;
	bool is_unterminated;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static char to_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool str_eq_nocase(const char *a, const char *b)
{
	for (; *a && to_lower(*a) == to_lower(*b); a++, b++)
		;
	return to_lower(*a) == to_lower(*b);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = to_lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Parse an unsigned number at *pp: decimal, or 0x-prefixed hex when
 * @can_hex. Stops at the first non-digit. -EINVAL without digits or on
 * overflow of 64 bits.
 */
static int parse_u64(const char **pp, bool can_hex, uint64_t *out)
{
	const char *p = *pp;
	unsigned int base = 10;
	uint64_t v = 0;
	int d;

	if (can_hex && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (hex_digit(*p) < 0 || (unsigned int)hex_digit(*p) >= base)
		return -EINVAL;
	for (; (d = hex_digit(*p)) >= 0 && (unsigned int)d < base; p++) {
		if (v > (UINT64_MAX - (unsigned int)d) / base)
			return -EINVAL;
		v = v * base + (unsigned int)d;
	}
	*pp = p;
	*out = v;
	return 0;
}

static int parse_bool(const char *val, bool *out)
{
	static const char *const yes[] = { "1", "yes", "on", "true", "enable" };
	static const char *const no[] = { "0", "no", "off", "false", "disable" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (str_eq_nocase(val, yes[i])) {
			*out = true;
			return 0;
		}
		if (str_eq_nocase(val, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

static int parse_uint(const char *val, unsigned long *out)
{
	uint64_t v;

	if (parse_u64(&val, true, &v) || *val)
		return -EINVAL;
	if (v > (unsigned long)-1)
		return -EINVAL;
	*out = (unsigned long)v;
	return 0;
}

static int parse_size(const char *val, uint64_t *out)
{
	unsigned int shift = 0;
	uint64_t v;

	if (parse_u64(&val, true, &v))
		return -EINVAL;
	switch (to_lower(*val)) {
	case '\0':
		break;
	case 'k':
		shift = 10;
		break;
	case 'm':
		shift = 20;
		break;
	case 'g':
		shift = 30;
		break;
	case 't':
		shift = 40;
		break;
	default:
		return -EINVAL;
	}
	if (shift && *++val)
		return -EINVAL;
	if (v > UINT64_MAX >> shift)
		return -EINVAL;
	*out = v << shift;
	return 0;
}

static int parse_string(const struct param *p, const char *val)
{
	size_t len;

	if (!val || !p->len)
		return -EINVAL;
	len = strlen(val);
	if (len > p->len - 1)
		return -EINVAL;
	memcpy(p->var, val, len + 1);
	return 0;
}

/* Convert @val (NULL for a bare name) and store it; -EINVAL if malformed. */
static int apply(const struct param *p, const char *val)
{
	bool b = true;

	if (p->kind == PARAM_CUSTOM)
		return p->parse && !p->parse(val, p->var) ? 0 : -EINVAL;
	if (!p->var)
		return -EINVAL;
	switch (p->kind) {
	case PARAM_BOOL:
		if (val && parse_bool(val, &b))
			return -EINVAL;
		*(bool *)p->var = b;
		return 0;
	case PARAM_UINT:
		return val ? parse_uint(val, p->var) : -EINVAL;
	case PARAM_SIZE:
		return val ? parse_size(val, p->var) : -EINVAL;
	case PARAM_STRING:
		return parse_string(p, val);
	default:
		return -EINVAL;
	}
}

static const struct param *lookup(const struct param *table, size_t n,
				  const char *name)
{
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(table[i].name, name))
			return &table[i];
	}
	return NULL;
}

/*
 * Copy the token at @p into @t, dropping quotes; returns the position after
 * it. Characters past CMDLINE_TOKEN_MAX are consumed but not stored.
 */
static const char *scan_token(const char *p, struct token *t)
{
	bool is_quoted = false;

	t->len = 0;
	t->eq = NO_EQ;
	t->is_too_long = false;
	for (; *p; p++) {
		if (*p == '"') {
			is_quoted = !is_quoted;
			continue;
		}
		if (!is_quoted && is_blank(*p))
			break;
		if (t->len == CMDLINE_TOKEN_MAX) {
			t->is_too_long = true;
			continue;
		}
		if (!is_quoted && *p == '=' && t->eq == NO_EQ)
			t->eq = t->len;
		t->text[t->len++] = *p;
	}
	t->text[t->len] = '\0';
	t->is_unterminated = is_quoted;
	return p;
}

/* "no-name" for a boolean option; returns the number of problems. */
static unsigned int handle_negated(const struct param *p, const char *val,
				   const struct diag *dg)
{
	if (val) {
		diag_report(dg, "option 'no-%s' takes no value; ignored",
			    p->name);
		return 1;
	}
	*(bool *)p->var = false;
	return 0;
}

/* Apply one token; returns the number of problems reported (0 or 1). */
static unsigned int handle_token(struct token *t, const struct param *table,
				 size_t n, const struct diag *dg)
{
	const struct param *p;
	const char *name = t->text, *val = NULL;

	if (t->is_too_long) {
		diag_report(dg, "option '%.32s...' longer than %d characters ignored",
			    t->text, CMDLINE_TOKEN_MAX);
		return 1;
	}
	if (t->is_unterminated) {
		diag_report(dg, "option '" SHOW "' has an unterminated quote; ignored",
			    t->text);
		return 1;
	}
	if (t->eq != NO_EQ) {
		t->text[t->eq] = '\0';
		val = &t->text[t->eq + 1];
	}
	if (!*name) {
		diag_report(dg, "option with an empty name ignored");
		return 1;
	}
	p = lookup(table, n, name);
	if (!p && !strncmp(name, "no-", 3)) {
		p = lookup(table, n, name + 3);
		if (p && p->kind == PARAM_BOOL && p->var)
			return handle_negated(p, val, dg);
		p = NULL;
	}
	if (!p) {
		diag_report(dg, "unknown option '" SHOW "' ignored", name);
		return 1;
	}
	if (apply(p, val)) {
		if (val)
			diag_report(dg, "option '%s': bad value '" SHOW "' ignored",
				    p->name, val);
		else
			diag_report(dg, "option '%s': missing value; ignored",
				    p->name);
		return 1;
	}
	return 0;
}

unsigned int cmdline_parse(const char *cmdline, const struct param *table,
			   size_t n, const struct diag *dg)
{
	struct token t;
	unsigned int problems = 0;
	const char *p = cmdline ? cmdline : "";

	/* Each pass consumes at least one character, so this terminates. */
	for (;;) {
		while (is_blank(*p))
			p++;
		if (!*p)
			break;
		p = scan_token(p, &t);
		problems += handle_token(&t, table, n, dg);
	}
	return problems;
}

static int parse_dps(const char **pp, struct serial_spec *sp)
{
	const char *p = *pp;
	char parity;

	/* Check each character before looking at the next: no overread. */
	if (p[0] < '5' || p[0] > '8')
		return -EINVAL;
	parity = to_lower(p[1]);
	if (!parity || !strchr("noems", parity))
		return -EINVAL;
	if (p[2] != '1' && p[2] != '2')
		return -EINVAL;
	sp->data_bits = (uint8_t)(p[0] - '0');
	sp->parity = parity;
	sp->stop_bits = (uint8_t)(p[2] - '0');
	*pp = p + 3;
	return 0;
}

/* The fields after the baud rate: [,DPS[,io-base[,irq]]]. */
static int parse_serial_tail(const char *s, struct serial_spec *sp)
{
	uint64_t v;

	if (!*s)
		return 0;
	if (*s++ != ',' || parse_dps(&s, sp))
		return -EINVAL;
	if (!*s)
		return 0;
	if (*s++ != ',' || parse_u64(&s, true, &v) || v > 0xffff)
		return -EINVAL;
	sp->io_base = (uint16_t)v;
	if (!*s)
		return 0;
	if (*s++ != ',' || parse_u64(&s, false, &v) || v > 255)
		return -EINVAL;
	sp->irq = (int)v;
	return *s ? -EINVAL : 0;
}

int serial_spec_parse(const char *s, struct serial_spec *out)
{
	struct serial_spec sp = {
		.baud = 0, .data_bits = 8, .parity = 'n', .stop_bits = 1,
		.io_base = 0, .irq = -1,
	};
	uint64_t v;

	if (!s)
		return -EINVAL;
	if (!strncmp(s, "auto", 4)) {
		s += 4;
	} else {
		if (parse_u64(&s, false, &v) || v < 50 || v > 921600)
			return -EINVAL;
		sp.baud = (uint32_t)v;
	}
	if (parse_serial_tail(s, &sp))
		return -EINVAL;
	*out = sp;
	return 0;
}
