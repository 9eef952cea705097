/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * The result protocol: FAIL and SKIP lines while a test runs, then exactly
 * one "RESULT: SUCCESS|SKIP|FAILURE|ERROR[: reason]" line and a shutdown
 * (poweroff, or crash for ERROR). Not responsible for deciding what is a
 * failure; tests call guest_fail()/guest_check().
 */
#include <stdarg.h>
#include <string.h>

#include <vesta/format.h>

#include "guest.h"

#define REASON_MAX 160

static unsigned int nr_failures;
static unsigned int nr_checks;
static bool skipped;
static bool finished;
static char skip_reason[REASON_MAX];

static void vprint_prefixed(const char *prefix, const char *fmt, va_list ap)
{
	char buf[512];
	size_t len = strlen(prefix);
	int n;

	memcpy(buf, prefix, len);
	n = vesta_vsnprintf(buf + len, sizeof(buf) - len - 1, fmt, ap);
	if (n < 0)
		n = 0;
	len += (size_t)n < sizeof(buf) - len - 1 ? (size_t)n
						   : sizeof(buf) - len - 2;
	buf[len++] = '\n';
	guest_write(buf, len);
}

void guest_fail(const char *fmt, ...)
{
	va_list ap;

	nr_failures++;
	va_start(ap, fmt);
	vprint_prefixed("FAIL: ", fmt, ap);
	va_end(ap);
}

void guest_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint_prefixed("SKIP: ", fmt, ap);
	va_end(ap);
	if (!skipped) {
		va_start(ap, fmt);
		vesta_vsnprintf(skip_reason, sizeof(skip_reason), fmt, ap);
		va_end(ap);
		skipped = true;
	}
}

bool guest_check(const char *what, uint64_t expected, uint64_t got)
{
	nr_checks++;
	if (expected == got)
		return true;
	guest_fail("%s (expected %#lx got %#lx)", what,
		   (unsigned long)expected, (unsigned long)got);
	return false;
}

bool guest_check_rc(const char *what, long expected, long got)
{
	nr_checks++;
	if (expected == got)
		return true;
	guest_fail("%s (expected %ld got %ld)", what, expected, got);
	return false;
}

unsigned int guest_failures(void)
{
	return nr_failures;
}

GUEST_NORETURN void guest_shutdown(unsigned int reason)
{
	struct vesta_sched_shutdown sd = { .reason = reason };

	for (;;) {
		hypercall_sched_op(VESTA_SCHEDOP_shutdown, &sd);
		hypercall_sched_op(VESTA_SCHEDOP_yield, NULL);
	}
}

GUEST_NORETURN void guest_finish(void)
{
	/* A second finish (e.g. from a handler) must not print a 2nd line. */
	if (finished)
		guest_shutdown(VESTA_SHUTDOWN_crash);
	finished = true;
	guest_printf("vesta-test: %u checks, %u failures\n", nr_checks,
		     nr_failures);
	if (nr_failures)
		guest_printf("RESULT: FAILURE: %u check(s) failed\n",
			     nr_failures);
	else if (skipped)
		guest_printf("RESULT: SKIP: %s\n", skip_reason);
	else
		guest_printf("RESULT: SUCCESS\n");
	guest_shutdown(VESTA_SHUTDOWN_poweroff);
}

GUEST_NORETURN void guest_error(const char *fmt, ...)
{
	char buf[REASON_MAX];
	va_list ap;

	va_start(ap, fmt);
	vesta_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (!finished) {
		finished = true;
		guest_printf("RESULT: ERROR: %s\n", buf);
	}
	guest_shutdown(VESTA_SHUTDOWN_crash);
}
