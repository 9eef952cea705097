/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * printk(): level filtering, rate limiting, the console ring buffer and
 * output to the serial console; panic(); serial input dispatch to the
 * debug keys. Not responsible for UART programming (ns16550.c) or for
 * number formatting (lib/format.c).
 */
#include <vesta/cmdline.h>
#include <vesta/console.h>
#include <vesta/errno.h>
#include <vesta/format.h>
#include <vesta/keyhandler.h>
#include <vesta/param.h>
#include <vesta/printk.h>
#include <vesta/smp.h>
#include <vesta/spinlock.h>
#include <vesta/time.h>
#include <string.h>

#define RING_SIZE	(64 * 1024)
#define LINE_MAX	512

static DEFINE_SPINLOCK(console_lock);
static char ring[RING_SIZE];
static unsigned long ring_prod;	/* total bytes ever written */
static bool at_line_start = true;

/* Messages with a level number above this are dropped (`loglvl=`). */
static unsigned long loglvl = 6;
integer_param("loglvl", loglvl);

/* Rate limit: at most ratelimit_burst messages per 5 s window. */
static unsigned long ratelimit_burst = 20;
integer_param("printk_ratelimit_burst", ratelimit_burst);
static uint64_t rl_window_start;
static unsigned long rl_count, rl_suppressed;

int console_enabled = 1;
static struct serial_spec com1 = {
	.baud = 0, .data_bits = 8, .parity = 'n', .stop_bits = 1,
	.io_base = 0, .irq = -1,
};

static int parse_com1(const char *val, void *unused)
{
	(void)unused;
	if (!val)
		return -EINVAL;
	return serial_spec_parse(val, &com1);
}
custom_param("com1", parse_com1);

static int parse_console(const char *val, void *unused)
{
	(void)unused;
	if (!val)
		return -EINVAL;
	if (!strcmp(val, "com1")) {
		console_enabled = 1;
		return 0;
	}
	if (!strcmp(val, "none")) {
		console_enabled = 0;
		return 0;
	}
	return -EINVAL;
}
custom_param("console", parse_console);

void console_init(void)
{
	serial_setup(&com1);
}

static void ring_put(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		ring[(ring_prod++) % RING_SIZE] = s[i];
}

static void emit(const char *s, size_t len)
{
	ring_put(s, len);
	if (!console_enabled)
		return;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

void console_write(const char *s, size_t len)
{
	unsigned long f = spin_lock_irqsave(&console_lock);

	emit(s, len);
	spin_unlock_irqrestore(&console_lock, f);
}

void console_force_unlock(void)
{
	console_lock = (spinlock_t)SPIN_LOCK_UNLOCKED;
}

/* Split an optional "<N>" level tag off the format. */
static unsigned int parse_level(const char **fmt)
{
	const char *f = *fmt;

	if (f[0] == '<' && f[1] >= '0' && f[1] <= '7' && f[2] == '>') {
		*fmt = f + 3;
		return (unsigned int)(f[1] - '0');
	}
	return 6;
}

static void vprintk_level(unsigned int level, const char *fmt, va_list ap)
{
	char buf[LINE_MAX];
	char prefix[48];
	int n, p = 0;
	unsigned long f;

	n = vesta_vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	f = spin_lock_irqsave(&console_lock);
	if (level <= loglvl) {
		if (at_line_start) {
			uint64_t t = now_ns();

			p = vesta_snprintf(prefix, sizeof(prefix),
					   "(V) [%4lu.%06lu] ",
					   (unsigned long)(t / 1000000000ULL),
					   (unsigned long)(t / 1000 % 1000000));
			emit(prefix, (size_t)p);
		}
		emit(buf, (size_t)n);
		at_line_start = n > 0 && buf[n - 1] == '\n';
	}
	spin_unlock_irqrestore(&console_lock, f);
}

void vprintk(const char *fmt, va_list ap)
{
	unsigned int level = parse_level(&fmt);

	vprintk_level(level, fmt, ap);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

/* Returns true if the message may be printed now. */
static bool ratelimit_ok(void)
{
	uint64_t now = now_ns();
	bool ok;
	unsigned long f = spin_lock_irqsave(&console_lock);
	unsigned long dropped = 0;

	if (now - rl_window_start > SECONDS(5)) {
		rl_window_start = now;
		dropped = rl_suppressed;
		rl_count = 0;
		rl_suppressed = 0;
	}
	ok = rl_count++ < ratelimit_burst;
	if (!ok)
		rl_suppressed++;
	spin_unlock_irqrestore(&console_lock, f);
	if (dropped)
		printk(LOG_WARNING "printk: %lu rate-limited messages suppressed\n",
		       dropped);
	return ok;
}

void printk_ratelimited(const char *fmt, ...)
{
	va_list ap;

	if (!ratelimit_ok())
		return;
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void printk_diag(void *ctx, const char *fmt, ...)
{
	char buf[LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vesta_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (ctx)
		printk(LOG_WARNING "%s: %s\n", (const char *)ctx, buf);
	else
		printk(LOG_WARNING "%s\n", buf);
}

void printk_dump_ring(void)
{
	unsigned long f = spin_lock_irqsave(&console_lock);
	unsigned long start = ring_prod > RING_SIZE ? ring_prod - RING_SIZE : 0;
	unsigned long i;

	/* Straight to the UART: the ring must not be appended to itself. */
	for (i = start; i < ring_prod; i++) {
		char c = ring[i % RING_SIZE];

		if (c == '\n')
			serial_putc('\r');
		serial_putc(c);
	}
	spin_unlock_irqrestore(&console_lock, f);
}

void panic(const char *fmt, ...)
{
	static int in_panic;
	va_list ap;

	local_irq_disable();
	if (__atomic_fetch_add(&in_panic, 1, __ATOMIC_SEQ_CST)) {
		for (;;)
			halt();
	}
	smp_send_stop();
	console_force_unlock();
	printk(LOG_ERR "\n****************************************\n");
	printk(LOG_ERR "Panic on CPU %u:\n", smp_processor_id());
	va_start(ap, fmt);
	vprintk_level(0, fmt, ap);
	va_end(ap);
	printk(LOG_ERR "\n****************************************\n");
	printk(LOG_ERR "System halted.\n");
	for (;;)
		halt();
}

void console_poll_input(void)
{
	int c;
	unsigned int n = 0;

	/* Bounded per poll so a flooding line cannot starve the CPU. */
	while (n++ < 64 && (c = serial_getc()) >= 0)
		keyhandler_dispatch((char)c);
}
