/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * The boot command-line parser shared by every boot option, and the parser
 * of the serial-port specification used by options such as com1=. Both are
 * pure: they read a string and a caller table and write only the option
 * variables. Registering options (vesta/param.h) and acting on their values
 * is the callers' business, not this module's.
 */
#ifndef VESTA_CMDLINE_H
#define VESTA_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vesta/diag.h>

/* Longest token (name=value, quotes removed) cmdline_parse() accepts. */
#define CMDLINE_TOKEN_MAX 1023

enum param_kind {
	PARAM_BOOL,	/* var: bool * */
	PARAM_UINT,	/* var: unsigned long * */
	PARAM_SIZE,	/* var: uint64_t * */
	PARAM_STRING,	/* var: char[len] */
	PARAM_CUSTOM,	/* var: opaque, handed to parse() */
};

struct param {
	const char *name;
	enum param_kind kind;
	void *var;
	size_t len;	/* PARAM_STRING: size of the buffer at var */
	/* PARAM_CUSTOM: val is NULL for a bare "name"; 0 or -EINVAL. */
	int (*parse)(const char *val, void *var);
};

/*
 * cmdline_parse() - Apply a boot command line to a table of options.
 * @cmdline: NUL-terminated command line; NULL is treated as empty
 * @table:   @n option descriptors; names must be non-NULL
 * @n:       number of entries in @table
 * @dg:      where problems are reported; may be NULL
 *
 * Tokens are separated by spaces and tabs. A token is "name=value",
 * "name" or, for a PARAM_BOOL option, "no-name" (sets false). Double quotes
 * group characters, including blanks, and are removed: name="a b". The
 * value syntax depends on the kind:
 *   PARAM_BOOL    1/0, yes/no, on/off, true/false, enable/disable (any
 *                 case); bare "name" means true.
 *   PARAM_UINT    decimal or 0x-prefixed hex; must fit unsigned long.
 *   PARAM_SIZE    decimal or 0x-prefixed hex, optional K/M/G/T suffix
 *                 (binary units, either case); must fit uint64_t.
 *   PARAM_STRING  any text of at most len - 1 characters ("" allowed).
 *   PARAM_CUSTOM  passed to parse(); a bare "name" calls parse(NULL, var).
 * Later occurrences override earlier ones. Unknown options, malformed
 * values, bare non-boolean options, empty names, unterminated quotes and
 * tokens longer than CMDLINE_TOKEN_MAX are reported and ignored; an ignored
 * option never changes its variable.
 *
 * Context: any; pure apart from writing the option variables. Uses about
 * 1 KiB of stack.
 * Return: the number of problems reported (0 for a clean command line).
 */
unsigned int cmdline_parse(const char *cmdline, const struct param *table,
			   size_t n, const struct diag *dg);

struct serial_spec {
	uint32_t baud;		/* 0 = auto: keep the firmware's */
	uint8_t data_bits;	/* 5-8 */
	char parity;		/* 'n', 'o', 'e', 'm', 's' */
	uint8_t stop_bits;	/* 1-2 */
	uint16_t io_base;	/* 0 = the default for that port */
	int irq;		/* -1 = poll */
};

/*
 * serial_spec_parse() - Parse a serial port specification (com1= syntax).
 * @s:   "<baud>|auto[,DPS[,<io-base>[,<irq>]]]", e.g. "115200,8n1",
 *       "auto", "9600,7e2,0x2f8,3". baud is decimal 50..921600; DPS is
 *       data bits 5-8, parity n/o/e/m/s (either case, stored lower case)
 *       and stop bits 1-2; io-base is 0x-hex or decimal and fits 16 bits;
 *       irq is decimal 0..255.
 * @out: result; omitted fields get 8n1, io_base 0 and irq -1
 *
 * Context: any; pure.
 * Return: 0; -EINVAL if @s is malformed, in which case @out is untouched.
 */
int serial_spec_parse(const char *s, struct serial_spec *out)
	__attribute__((__warn_unused_result__));

#endif /* VESTA_CMDLINE_H */
