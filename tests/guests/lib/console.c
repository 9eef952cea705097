/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Console output of the test kernels: formats with the hypervisor's own
 * vesta_vsnprintf() and writes through CONSOLEIO_write. Not responsible for
 * console input or for what the hypervisor does with the bytes (Xen prints
 * dom0's output raw, a domU's with a "(dN)" prefix).
 */
#include <stdarg.h>

#include <vesta/format.h>

#include "guest.h"

#define LINE_MAX 512

void guest_write(const char *s, size_t len)
{
	int tries = 0;

	while (len && tries < 100) {
		long r = hypercall_console_io(VESTA_CONSOLEIO_write,
					      (unsigned int)len, s);

		/* Xen returns 0 for a whole write; accept a count too. */
		if (r == 0)
			return;
		if (r < 0) {
			tries++;
			continue;
		}
		if ((size_t)r > len)
			return;
		s += r;
		len -= (size_t)r;
	}
}

int guest_printf(const char *fmt, ...)
{
	char buf[LINE_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vesta_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return n;
	guest_write(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	return n;
}
