/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Softirqs: deferred work raised from interrupt context and run with
 * interrupts enabled, from the idle loop (and later on return to guests).
 */
#ifndef VESTA_SOFTIRQ_H
#define VESTA_SOFTIRQ_H

#include <stdbool.h>

enum {
	TIMER_SOFTIRQ,
	CONSOLE_SOFTIRQ,
	/* Last: it may switch to another vCPU and not return. */
	SCHEDULE_SOFTIRQ,
	NR_SOFTIRQS
};

void open_softirq(unsigned int nr, void (*fn)(void));
/* Mark @nr pending on this CPU. Context: any. */
void raise_softirq(unsigned int nr);
/* Mark @nr pending on @cpu and kick it with an IPI if it is another CPU. */
void cpu_raise_softirq(unsigned int cpu, unsigned int nr);
/* Run all pending softirqs on this CPU. Context: interrupts enabled. */
void do_softirq(void);
bool softirq_pending(void);

/* Arch hook: make @cpu notice a newly raised softirq. */
void arch_kick_cpu(unsigned int cpu);

#endif /* VESTA_SOFTIRQ_H */
