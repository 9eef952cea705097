/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU one-shot software timers, kept in a binary heap per CPU and run
 * from TIMER_SOFTIRQ; the arch layer programs the hardware for the
 * earliest deadline. Not responsible for the time base (time.h).
 */
#ifndef VESTA_TIMER_H
#define VESTA_TIMER_H

#include <stdint.h>
#include <stdbool.h>
#include <vesta/spinlock.h>

#define TIMER_HEAP_MAX 1024

struct timer {
	uint64_t expires;		/* now_ns() deadline */
	void (*fn)(void *data);
	void *data;
	unsigned int cpu;
	int heap_idx;			/* -1 when not queued */
};

struct timer_heap {
	spinlock_t lock;
	unsigned int n;
	struct timer *heap[TIMER_HEAP_MAX];
};

/* Prepare @t to run fn(data) on @cpu; it is inactive until set_timer(). */
void timer_init(struct timer *t, void (*fn)(void *), void *data,
		unsigned int cpu);

/*
 * set_timer() - (Re)arm @t for @expires (ns since boot). A deadline in the
 * past fires at the next softirq run. Context: any, IRQs on or off.
 * Return: 0; -ENOSPC if the CPU's heap is full (the timer stays inactive).
 */
int set_timer(struct timer *t, uint64_t expires);

/* Disarm @t if queued; it will not run afterwards unless re-armed. */
void stop_timer(struct timer *t);

bool timer_is_active(const struct timer *t);

/* Body of TIMER_SOFTIRQ: run expired timers on this CPU, reprogram. */
void timer_softirq_action(void);

/* Set up this CPU's heap and register the softirq (boot, per CPU). */
void timer_cpu_init(unsigned int cpu);

/* Arch hook: interrupt this CPU at (or just after) @deadline_ns; 0 = never. */
void arch_timer_program(uint64_t deadline_ns);

#endif /* VESTA_TIMER_H */
