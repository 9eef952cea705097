/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-physical-CPU state of the x86 port: descriptor tables, stacks, APIC
 * identity and counters. Indexed by the logical CPU number.
 */
#ifndef ASM_PCPU_H
#define ASM_PCPU_H

#include <stdint.h>
#include <stdbool.h>
#include <asm/config.h>
#include <asm/regs.h>
#include <vesta/timer.h>

struct vcpu;

struct tss64 {
	uint32_t rsvd0;
	uint64_t rsp[3];
	uint64_t rsvd1;
	uint64_t ist[7];
	uint64_t rsvd2;
	uint16_t rsvd3;
	uint16_t iomap_base;
} __attribute__((packed));

/*
 * The GDT is 16 pages, as in Xen's PV ABI: entries below
 * FIRST_RESERVED_GDT_ENTRY (pages 0-13) hold the running PV guest's own
 * descriptors (copied in, validated, at context switch); pages 14-15 hold
 * the hypervisor's, at the selectors the guest ABI fixes.
 */
#define GDT_ENTRIES		8192
#define GDT_GUEST_ENTRIES	(14 * 512)
#define SEL_HV_CS	0xe008		/* 64-bit ring 0 code */
#define SEL_HV_DS	0xe010		/* ring 0 data */
#define SEL_RING3_CS32	0xe023		/* FLAT_RING3_CS32 */
#define SEL_RING3_DS	0xe02b		/* FLAT_RING3_DS32 = SS64 */
#define SEL_RING3_CS64	0xe033		/* FLAT_RING3_CS64 */
#define SEL_HV_CS32	0xe038		/* 32-bit ring 0 code (unused) */
#define SEL_TSS		0xe040		/* 16-byte TSS descriptor */

struct pcpu {
	unsigned int id;
	uint32_t apic_id;
	uint32_t acpi_uid;
	volatile bool online;
	volatile bool in_idle;
	volatile bool stopped;
	char *stack_block;	/* STACK_SIZE bytes, naturally aligned */
	struct tss64 tss __attribute__((aligned(16)));
	uint64_t *gdt;		/* GDT_ENTRIES, 16 pages */
	unsigned int gdt_guest_ents;	/* guest entries currently loaded */
	struct vcpu *curr_vcpu;		/* whose state is in the registers */
	struct vcpu *fpu_owner;		/* whose FPU state is in the FPU */
	uint64_t xcr0;			/* XCR0 currently loaded */
	/* Timers (common/timer.c). */
	struct timer_heap timers;
	volatile unsigned long softirq_pending;
	/* Counters for the 'c' debug key. */
	uint64_t nr_irqs, nr_timer_irqs, nr_ipis, nr_halts;
	uint64_t lapic_timer_deadline;
};

extern struct pcpu pcpus[NR_CPUS];

static inline struct pcpu *this_pcpu(void)
{
	return &pcpus[get_cpu_info()->cpu_id];
}

/* Load the GDT, TSS and IDT for @p on the running CPU (cpu.c). */
void cpu_tables_init(struct pcpu *p);
/* Program the SYSCALL MSRs and the entry code's per-CPU data. */
void cpu_syscall_init(struct pcpu *p);
/* Turn on CPUID faulting on this CPU if it has it (cpu.c). */
void cpuid_faulting_init(void);
extern bool cpuid_faulting;
/* Build the shared IDT once, on the boot CPU. */
void idt_init(void);

typedef void (*irq_handler_t)(struct cpu_user_regs *regs);
/* Install the handler for a hypervisor-owned vector (>= 32). */
void set_vector_handler(unsigned int vec, irq_handler_t fn);

/* Fatal-trap reporting (traps.c). */
void show_registers(const struct cpu_user_regs *regs);
void show_stack_trace(unsigned long rbp);

#endif /* ASM_PCPU_H */
