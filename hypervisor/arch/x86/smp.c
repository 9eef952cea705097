/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Cross-CPU calls and signals on x86: run a function on another CPU through
 * a fixed IPI vector and wait for it, kick a CPU out of hlt, and stop all
 * CPUs with NMIs on a fatal error. Also the 'c' debug key, which asks each
 * CPU to report its own state (so it exercises the IPIs too).
 */
#include <vesta/errno.h>
#include <vesta/keyhandler.h>
#include <vesta/lib.h>
#include <vesta/printk.h>
#include <vesta/smp.h>
#include <vesta/arch.h>
#include <vesta/softirq.h>
#include <vesta/spinlock.h>
#include <vesta/time.h>
#include <asm/apic.h>
#include <asm/pcpu.h>

struct call_slot {
	spinlock_t lock;	/* one call in flight per target CPU */
	void (*fn)(void *);
	void *arg;
	volatile unsigned long seq, done;
};

static struct call_slot call_slots[NR_CPUS];
unsigned int nr_cpus_online;

unsigned int smp_processor_id(void)
{
	return get_cpu_info()->cpu_id;
}

bool cpu_online(unsigned int cpu)
{
	return cpu < NR_CPUS && READ_ONCE(pcpus[cpu].online);
}

void smp_call_function_interrupt(void)
{
	struct call_slot *s = &call_slots[smp_processor_id()];
	unsigned long seq = READ_ONCE(s->seq);

	this_pcpu()->nr_ipis++;
	if (seq == s->done)
		return;	/* a kick, not a call */
	s->fn(s->arg);
	__atomic_store_n(&s->done, seq, __ATOMIC_RELEASE);
}

int smp_call_function_single(unsigned int cpu, void (*fn)(void *), void *arg,
			     bool wait)
{
	struct call_slot *s;
	unsigned long seq;
	uint64_t deadline;
	int rc = 0;

	if (!cpu_online(cpu))
		return -EINVAL;
	if (cpu == smp_processor_id()) {
		fn(arg);
		return 0;
	}
	s = &call_slots[cpu];
	spin_lock(&s->lock);
	/* The previous caller may not have waited: let that call finish. */
	deadline = now_ns() + SECONDS(1);
	while (READ_ONCE(s->done) != s->seq && now_ns() < deadline)
		cpu_relax();
	s->fn = fn;
	s->arg = arg;
	seq = s->seq + 1;
	__atomic_store_n(&s->seq, seq, __ATOMIC_RELEASE);
	lapic_send_ipi(pcpus[cpu].apic_id, VEC_IPI_CALL);
	if (wait) {
		deadline = now_ns() + SECONDS(1);
		while (__atomic_load_n(&s->done, __ATOMIC_ACQUIRE) != seq) {
			if (now_ns() > deadline) {
				rc = -ETIMEDOUT;
				break;
			}
			cpu_relax();
		}
	}
	spin_unlock(&s->lock);
	if (rc)
		printk(LOG_ERR "smp: CPU %u did not answer a call within 1 s\n",
		       cpu);
	return rc;
}

void smp_call_function_all(void (*fn)(void *), void *arg)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_online(cpu))
			(void)smp_call_function_single(cpu, fn, arg, true);
}

void arch_kick_cpu(unsigned int cpu)
{
	if (cpu_online(cpu))
		lapic_send_ipi(pcpus[cpu].apic_id, VEC_IPI_EVENT);
}

void smp_send_stop(void)
{
	unsigned int me = smp_processor_id();

	if (nr_cpus_online <= 1)
		return;
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu != me)
			WRITE_ONCE(pcpus[cpu].stopped, true);
	smp_mb();
	lapic_send_nmi_allbutself();
	udelay(10000);
}

static void report_cpu(void *unused)
{
	struct pcpu *p = this_pcpu();

	(void)unused;
	printk("  CPU %u: APIC id %u, %s, irqs %lu (timer %lu, IPIs %lu), halts %lu, timers queued %u\n",
	       p->id, lapic_id(), p->in_idle ? "idle" : "busy",
	       (unsigned long)p->nr_irqs, (unsigned long)p->nr_timer_irqs,
	       (unsigned long)p->nr_ipis, (unsigned long)p->nr_halts,
	       p->timers.n);
}

static void dump_cpus(char key)
{
	(void)key;
	printk("'c' CPU state (%u online), each reported by that CPU:\n",
	       nr_cpus_online);
	smp_call_function_all(report_cpu, NULL);
}
keyhandler('c', "per-CPU state, reported by each CPU via IPI", dump_cpus);

bool arch_cpu_physid(unsigned int cpu, uint64_t *id)
{
	if (cpu >= NR_CPUS || !cpu_online(cpu))
		return false;
	*id = pcpus[cpu].apic_id | ((uint64_t)pcpus[cpu].acpi_uid << 32);
	return true;
}
