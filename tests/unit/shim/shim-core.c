/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Link-time half of the host shim (see shim.h): checking spinlocks, the
 * simulated interrupt flag, printk and panic recorded in memory, and
 * alloc_pages() on top of the C library. Everything here is thread-safe
 * enough for the stress tests (locks, counters and the log are atomic or
 * locked). Not responsible for domains, vCPUs or guest memory
 * (fake-domain.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vesta/mm.h>
#include <vesta/printk.h>

#include "shim-core.h"

#define LOG_SIZE	(64 * 1024)
/* Spinning longer than this is taken to be a deadlock. */
#define DEADLOCK_SECONDS 5

static __thread unsigned long shim_tid;
static __thread unsigned int locks_held;
static __thread unsigned long irq_flags = X86_EFLAGS_IF;
static unsigned long next_tid;

unsigned long *shim_irq_flags(void)
{
	return &irq_flags;
}

static unsigned long my_tid(void)
{
	if (!shim_tid)
		shim_tid = __atomic_add_fetch(&next_tid, 1, __ATOMIC_SEQ_CST);
	return shim_tid;
}

static void lock_fail(const char *what, spinlock_t *l)
{
	fprintf(stderr, "shim: %s (lock %p, owner %lu, thread %lu)\n", what,
		(void *)l, l->owner, my_tid());
	abort();
}

/* Like the ticket lock: fails if anyone, the caller included, holds it. */
bool shim_spin_trylock(spinlock_t *l)
{
	int expected = 0;

	if (!__atomic_compare_exchange_n(&l->locked, &expected, 1, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return false;
	l->owner = my_tid();
	locks_held++;
	return true;
}

void shim_spin_lock(spinlock_t *l)
{
	time_t start = 0;
	unsigned long spins = 0;

	if (l->owner == my_tid())
		lock_fail("recursive spin_lock: certain deadlock", l);
	while (!shim_spin_trylock(l)) {
		cpu_relax();
		if (++spins % (1UL << 20))
			continue;
		if (!start)
			start = time(NULL);
		else if (time(NULL) - start > DEADLOCK_SECONDS)
			lock_fail("spin_lock spun for seconds: deadlock?", l);
	}
}

void shim_spin_unlock(spinlock_t *l)
{
	if (!l->locked || l->owner != my_tid())
		lock_fail("spin_unlock of a lock this thread does not hold", l);
	l->owner = 0;
	locks_held--;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

unsigned int shim_locks_held(void)
{
	return locks_held;
}

/* ---- printk ------------------------------------------------------------ */

static DEFINE_SPINLOCK(log_lock);
static char log_buf[LOG_SIZE];
static size_t log_len;
static unsigned int log_count;
static bool log_echo;

void shim_log_reset(void)
{
	spin_lock(&log_lock);
	log_len = 0;
	log_buf[0] = '\0';
	log_count = 0;
	spin_unlock(&log_lock);
}

const char *shim_log_text(void)
{
	return log_buf;
}

unsigned int shim_log_count(void)
{
	return log_count;
}

void shim_log_echo(bool on)
{
	log_echo = on;
}

void vprintk(const char *fmt, va_list ap)
{
	char line[512];
	size_t n;

	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	if (log_echo)
		fputs(line, stderr);
	spin_lock(&log_lock);
	if (log_len + n >= LOG_SIZE)
		log_len = 0;	/* keep the tail only */
	memcpy(log_buf + log_len, line, n + 1);
	log_len += n;
	log_count++;
	spin_unlock(&log_lock);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void printk_ratelimited(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	fputs("shim: panic: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* ---- pages ------------------------------------------------------------- */

static long pages_out;
static int alloc_budget = -1;

long shim_pages_outstanding(void)
{
	return __atomic_load_n(&pages_out, __ATOMIC_SEQ_CST);
}

void shim_alloc_fail_after(int n)
{
	alloc_budget = n;
}

void *alloc_pages(unsigned int order)
{
	size_t bytes = (size_t)4096 << order;
	void *p;

	if (alloc_budget == 0)
		return NULL;
	if (alloc_budget > 0)
		alloc_budget--;
	p = aligned_alloc(bytes, bytes);
	if (!p)
		return NULL;
	memset(p, 0, bytes);
	__atomic_add_fetch(&pages_out, 1L << order, __ATOMIC_SEQ_CST);
	return p;
}

void free_pages(void *p, unsigned int order)
{
	if (!p)
		return;
	__atomic_sub_fetch(&pages_out, 1L << order, __ATOMIC_SEQ_CST);
	free(p);
}
