/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * libFuzzer harness for serial_spec_parse(). The input is the spec string.
 * Checks: on error the output is untouched; on success every field is in
 * its documented range, and the canonical rendering of the result parses
 * back to the identical structure.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vesta/cmdline.h>
#include <vesta/errno.h>

static void check_ranges(const struct serial_spec *s)
{
	if (s->baud && (s->baud < 50 || s->baud > 921600))
		abort();
	if (s->data_bits < 5 || s->data_bits > 8)
		abort();
	if (!s->parity || !strchr("noems", s->parity))
		abort();
	if (s->stop_bits < 1 || s->stop_bits > 2)
		abort();
	if (s->irq < -1 || s->irq > 255)
		abort();
}

static void check_round_trip(const struct serial_spec *s)
{
	struct serial_spec again;
	char buf[64];
	int n;

	if (s->baud)
		n = snprintf(buf, sizeof(buf), "%u", s->baud);
	else
		n = snprintf(buf, sizeof(buf), "auto");
	n += snprintf(buf + n, sizeof(buf) - n, ",%u%c%u,%#x", s->data_bits,
		      s->parity, s->stop_bits, s->io_base);
	if (s->irq >= 0)
		snprintf(buf + n, sizeof(buf) - n, ",%d", s->irq);
	memset(&again, 0, sizeof(again));
	if (serial_spec_parse(buf, &again))
		abort();
	if (again.baud != s->baud || again.data_bits != s->data_bits ||
	    again.parity != s->parity || again.stop_bits != s->stop_bits ||
	    again.io_base != s->io_base || again.irq != s->irq)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char *s = malloc(len + 1);
	struct serial_spec out, orig;
	int rc;

	if (!s)
		abort();
	memcpy(s, data, len);
	s[len] = '\0';
	memset(&out, 0xcc, sizeof(out));
	orig = out;
	rc = serial_spec_parse(s, &out);
	if (rc == -EINVAL) {
		if (memcmp(&out, &orig, sizeof(out)))
			abort();
	} else if (rc == 0) {
		check_ranges(&out);
		check_round_trip(&out);
	} else {
		abort();
	}
	free(s);
	return 0;
}
