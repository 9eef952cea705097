/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor logging. A message may start with a level tag (LOG_*); messages
 * above the console threshold (`loglvl=`) are dropped, and messages a guest
 * can trigger go through gprintk(), which is rate-limited. Every message is
 * also kept in the console ring for the debug keys. Not responsible for the
 * serial hardware (ns16550.c).
 */
#ifndef VESTA_PRINTK_H
#define VESTA_PRINTK_H

#include <stdarg.h>
#include <vesta/lib.h>

#define LOG_ERR		"<3>"
#define LOG_WARNING	"<4>"
#define LOG_INFO	"<6>"
#define LOG_DEBUG	"<7>"

/*
 * printk() - Log one message (levelled, unlimited rate).
 * @fmt: optional LOG_* tag then a vesta_vsnprintf() format.
 *
 * Context: any, including interrupt and exception handlers; takes the
 * console lock with interrupts off.
 */
void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list ap);

/*
 * printk_ratelimited() - printk() unless more than the allowed burst of
 * rate-limited messages was logged in the current window (then counts the
 * message as suppressed; the count is reported when logging resumes).
 */
void printk_ratelimited(const char *fmt, ...) __printf(1, 2);
#define gprintk printk_ratelimited

/*
 * printk_diag() - The struct diag sink for pure library code: logs one
 * warning line, prefixed with @ctx (a string naming the subsystem) if set.
 */
void printk_diag(void *ctx, const char *fmt, ...) __printf(2, 3);

/* Console output without level handling or locking: panic and dump paths. */
void console_force_unlock(void);

/*
 * panic() - Report a fatal hypervisor condition and halt every CPU.
 * For boot-time impossibilities and hypervisor faults only: never for
 * anything a guest can cause (style guide 2.3.4).
 */
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;

#define BUG_ON(c)                                                        \
	do {                                                             \
		if (unlikely(c))                                         \
			panic("BUG_ON(%s) at %s:%d", #c, __FILE__,       \
			      __LINE__);                                 \
	} while (0)

#if VESTA_DEBUG
#define ASSERT(c) BUG_ON(!(c))
#else
#define ASSERT(c) ((void)sizeof(c))
#endif

/* Console threshold and ring, settable by `loglvl=`. */
void printk_init(void);
void printk_dump_ring(void);

#endif /* VESTA_PRINTK_H */
