/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Console output of the test kernels: formats with the hypervisor's own
 * vesta_vsnprintf() and writes through CONSOLEIO_write, one vCPU at a
 * time. Not responsible for console input or for what the hypervisor does
 * with the bytes (Xen prints dom0's output raw, a domU's with a "(dN)"
 * prefix).
 */
#include <stdarg.h>

#include <vesta/format.h>

#include "guest.h"

#define LINE_MAX 512

/*
 * One writer at a time, so that lines of different vCPUs do not mix. The
 * owner may nest (a handler printing on the same vCPU goes straight on).
 */
static int console_owner = -1;

static bool console_lock(void)
{
	int me = (int)guest_cpu_id();
	unsigned int spins = 0;
	int free = -1;

	if (__atomic_load_n(&console_owner, __ATOMIC_ACQUIRE) == me)
		return false;
	while (!__atomic_compare_exchange_n(&console_owner, &free, me, false,
					    __ATOMIC_ACQUIRE,
					    __ATOMIC_RELAXED)) {
		free = -1;
		/* The owner may be descheduled: give it the pCPU. */
		if (++spins % 64 == 0)
			hypercall_sched_op(VESTA_SCHEDOP_yield, NULL);
		__asm__ volatile("pause");
	}
	return true;
}

static void console_unlock(bool locked)
{
	if (locked)
		__atomic_store_n(&console_owner, -1, __ATOMIC_RELEASE);
}

static void write_chunks(const char *s, size_t len)
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

void guest_write(const char *s, size_t len)
{
	bool locked = console_lock();

	write_chunks(s, len);
	console_unlock(locked);
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
