/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The register frame built by the exception and interrupt entry stubs
 * (entry.S), and the per-CPU block at the top of every stack.
 */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#include <stdint.h>
#include <asm/config.h>

struct cpu_user_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi;
	uint64_t vector;
	uint64_t error_code;
	/* Pushed by the CPU. */
	uint64_t rip, cs, rflags, rsp, ss;
};

/*
 * At the top of each CPU's naturally aligned stack block, so any code on
 * that CPU (including IST handlers, whose stacks are in the same block)
 * finds it from %rsp alone.
 */
struct cpu_info {
	unsigned int cpu_id;
	uint32_t apic_id;
	uint64_t pad[(CPU_INFO_SIZE - 8) / 8];
};
_Static_assert(sizeof(struct cpu_info) == CPU_INFO_SIZE, "cpu_info size");

static inline struct cpu_info *get_cpu_info(void)
{
	unsigned long sp;

	asm volatile("mov %%rsp, %0" : "=r"(sp));
	return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1 -
				   CPU_INFO_SIZE);
}

/* Vectors used by the hypervisor itself. */
#define VEC_NMI			2
#define VEC_FIRST_DYNAMIC	0x30
#define VEC_LAPIC_TIMER		0xf0
#define VEC_IPI_CALL		0xf1
#define VEC_IPI_EVENT		0xf2
#define VEC_LAPIC_ERROR		0xfe
#define VEC_SPURIOUS		0xff

#endif /* ASM_REGS_H */
