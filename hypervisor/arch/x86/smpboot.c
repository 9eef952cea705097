/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Secondary CPU start-up: one AP at a time, each with its own stack block,
 * via INIT-SIPI-SIPI through the low-memory trampoline. Every AP loads its
 * own descriptor tables, enables its local APIC and timer, and enters the
 * idle loop. CPUs the MADT marks disabled are not started; `maxcpus=` caps
 * the count.
 */
#include <vesta/lib.h>
#include <vesta/mm.h>
#include <vesta/param.h>
#include <vesta/printk.h>
#include <vesta/smp.h>
#include <vesta/time.h>
#include <vesta/timer.h>
#include <string.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/page.h>
#include <asm/pcpu.h>
#include <asm/processor.h>
#include <asm/setup.h>

extern char tramp_start[], tramp_end[];
extern uint32_t tramp_gdt_base;
extern uint64_t tramp_cr3, tramp_efer, tramp_stack, tramp_entry;
extern char ap_start64[];
extern uint64_t boot_gdt[];

static unsigned long opt_maxcpus = NR_CPUS;
integer_param("maxcpus", opt_maxcpus);

void start_secondary(void);

/* Write a trampoline parameter into the low-memory copy. */
static void tramp_set(const void *sym, const void *val, size_t len)
{
	memcpy((char *)__va(TRAMPOLINE_PHYS) + ((const char *)sym - tramp_start),
	       val, len);
}

void start_secondary(void)
{
	struct pcpu *p = this_pcpu();

	cpu_common_init(p);
	WRITE_ONCE(p->online, true);
	idle_loop();
}

static bool boot_one(unsigned int cpu, uint32_t apic_id)
{
	struct pcpu *p = &pcpus[cpu];
	struct cpu_info *ci;
	uint64_t stack, deadline;

	p->stack_block = alloc_pages(STACK_ORDER);
	if (!p->stack_block) {
		printk(LOG_ERR "smp: no memory for CPU %u's stack\n", cpu);
		return false;
	}
	p->gdt = alloc_pages(4);
	if (!p->gdt) {
		printk(LOG_ERR "smp: no memory for CPU %u's GDT\n", cpu);
		return false;
	}
	p->id = cpu;
	p->apic_id = apic_id;
	ci = (struct cpu_info *)(p->stack_block + STACK_SIZE - CPU_INFO_SIZE);
	ci->cpu_id = cpu;
	ci->apic_id = apic_id;
	stack = (uint64_t)ci;
	tramp_set(&tramp_stack, &stack, sizeof(stack));

	lapic_send_icr(apic_id, APIC_DM_INIT | APIC_ICR_LEVEL | APIC_ICR_ASSERT);
	udelay(10000);
	lapic_send_icr(apic_id, APIC_DM_INIT | APIC_ICR_LEVEL);
	for (unsigned int i = 0; i < 2; i++) {
		lapic_send_icr(apic_id, APIC_DM_STARTUP |
					(TRAMPOLINE_PHYS >> PAGE_SHIFT));
		udelay(200);
	}
	/* TCG can be slow to schedule a new vCPU thread: allow 2 s. */
	deadline = now_ns() + SECONDS(2);
	while (!READ_ONCE(p->online) && now_ns() < deadline)
		cpu_relax();
	if (!READ_ONCE(p->online)) {
		printk(LOG_ERR "smp: CPU %u (APIC id %u) did not start\n", cpu,
		       apic_id);
		return false;
	}
	return true;
}

void smp_boot_cpus(void)
{
	uint32_t me = lapic_id();
	uint64_t v;
	unsigned int cpu = 1;

	memcpy(__va(TRAMPOLINE_PHYS), tramp_start,
	       (size_t)(tramp_end - tramp_start));
	v = __pa(boot_gdt);
	tramp_set(&tramp_gdt_base, &v, 4);
	v = read_cr3();
	tramp_set(&tramp_cr3, &v, 8);
	v = rdmsr(MSR_EFER) & (EFER_LME | EFER_NXE);
	tramp_set(&tramp_efer, &v, 8);
	v = (uint64_t)ap_start64;
	tramp_set(&tramp_entry, &v, 8);

	for (unsigned int i = 0; i < acpi.madt.nr_cpus; i++) {
		const struct acpi_madt_cpu *c = &acpi.madt.cpus[i];

		if (c->apic_id == me || !c->enabled)
			continue;
		if (cpu >= NR_CPUS || cpu >= opt_maxcpus) {
			printk(LOG_WARNING "smp: not starting APIC id %u (limit %lu CPUs)\n",
			       c->apic_id, min(opt_maxcpus, (unsigned long)NR_CPUS));
			continue;
		}
		if (boot_one(cpu, c->apic_id)) {
			pcpus[cpu].acpi_uid = c->uid;
			cpu++;
		}
	}
}
