/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The register frame built by the exception and interrupt entry stubs
 * (entry.S), and the per-CPU block at the top of every stack.
 */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#include <asm/config.h>

#define CPU_INFO_scratch	8
#define CPU_INFO_frame_top	16

#ifndef __ASSEMBLY__
#include <stdint.h>

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
	uint64_t syscall_scratch;	/* guest RSP during syscall entry */
	uint64_t frame_top;		/* == this struct's address */
	uint64_t pad[(CPU_INFO_SIZE - 24) / 8];
};
_Static_assert(sizeof(struct cpu_info) == CPU_INFO_SIZE, "cpu_info size");
_Static_assert(__builtin_offsetof(struct cpu_info, syscall_scratch) ==
	       CPU_INFO_scratch, "cpu_info scratch");
_Static_assert(__builtin_offsetof(struct cpu_info, frame_top) ==
	       CPU_INFO_frame_top, "cpu_info frame_top");

static inline struct cpu_info *get_cpu_info(void)
{
	unsigned long sp;

	asm volatile("mov %%rsp, %0" : "=r"(sp));
	return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1 -
				   CPU_INFO_SIZE);
}

/*
 * The guest's registers while it is in the hypervisor: every entry from
 * ring 3 (exception, interrupt, SYSCALL) builds its frame right below
 * struct cpu_info, so the frame of the running vCPU is always here.
 */
static inline struct cpu_user_regs *guest_cpu_user_regs(void)
{
	return (struct cpu_user_regs *)get_cpu_info() - 1;
}

#endif /* __ASSEMBLY__ */

/* Vectors used by the hypervisor itself. */
#define VEC_NMI			2
/* Pseudo-vector in cpu_user_regs.vector for a guest SYSCALL entry. */
#define VEC_SYSCALL		0x100
#define VEC_FIRST_DYNAMIC	0x30
#define VEC_LAPIC_TIMER		0xf0
#define VEC_IPI_CALL		0xf1
#define VEC_IPI_EVENT		0xf2
#define VEC_LAPIC_ERROR		0xfe
#define VEC_SPURIOUS		0xff

#endif /* ASM_REGS_H */
