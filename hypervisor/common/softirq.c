/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Softirqs: per-CPU pending bits set from interrupt context, run with
 * interrupts enabled by do_softirq() from the idle loop.
 */
#include <vesta/lib.h>
#include <vesta/printk.h>
#include <vesta/smp.h>
#include <vesta/softirq.h>
#include <asm/pcpu.h>

static void (*handlers[NR_SOFTIRQS])(void);

void open_softirq(unsigned int nr, void (*fn)(void))
{
	BUG_ON(nr >= NR_SOFTIRQS);
	handlers[nr] = fn;
}

void raise_softirq(unsigned int nr)
{
	__atomic_fetch_or(&this_pcpu()->softirq_pending, 1UL << nr,
			  __ATOMIC_SEQ_CST);
}

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
	__atomic_fetch_or(&pcpus[cpu].softirq_pending, 1UL << nr,
			  __ATOMIC_SEQ_CST);
	if (cpu != smp_processor_id())
		arch_kick_cpu(cpu);
}

bool softirq_pending(void)
{
	return READ_ONCE(this_pcpu()->softirq_pending) != 0;
}

void do_softirq(void)
{
	struct pcpu *p = this_pcpu();
	unsigned long pending;

	/* Bounded: work raised by a handler waits for the next round. */
	pending = __atomic_exchange_n(&p->softirq_pending, 0, __ATOMIC_SEQ_CST);
	for (unsigned int nr = 0; nr < NR_SOFTIRQS; nr++)
		if ((pending & (1UL << nr)) && handlers[nr])
			handlers[nr]();
}
