/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Thin inline wrappers for x86 instructions: CPUID, MSRs, control
 * registers, port I/O, TSC, interrupts flag and halting. No policy here.
 */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <stdint.h>
#include <stdbool.h>

#define X86_CR0_PE	(1UL << 0)
#define X86_CR0_MP	(1UL << 1)
#define X86_CR0_TS	(1UL << 3)
#define X86_CR0_NE	(1UL << 5)
#define X86_CR0_WP	(1UL << 16)
#define X86_CR0_PG	(1UL << 31)
#define X86_CR4_PAE	(1UL << 5)
#define X86_CR4_PGE	(1UL << 7)
#define X86_CR4_OSFXSR	(1UL << 9)
#define X86_CR4_OSXMMEXCPT (1UL << 10)
#define X86_CR4_FSGSBASE (1UL << 16)
#define X86_CR4_OSXSAVE	(1UL << 18)
#define X86_CR4_SMEP	(1UL << 20)
#define X86_CR4_SMAP	(1UL << 21)

#define MSR_EFER		0xc0000080
#define EFER_SCE		(1UL << 0)
#define EFER_LME		(1UL << 8)
#define EFER_NXE		(1UL << 11)
#define MSR_FS_BASE		0xc0000100
#define MSR_GS_BASE		0xc0000101
#define MSR_SHADOW_GS_BASE	0xc0000102
#define MSR_STAR		0xc0000081
#define MSR_LSTAR		0xc0000082
#define MSR_CSTAR		0xc0000083
#define MSR_SYSCALL_MASK	0xc0000084
#define MSR_TSC_AUX		0xc0000103
#define MSR_PAT			0x00000277
#define MSR_MISC_ENABLE		0x000001a0
#define MSR_MISC_FEATURES_ENABLES 0x00000140
#define MSR_PLATFORM_INFO	0x000000ce

#define X86_EFLAGS_CF	(1UL << 0)
#define X86_EFLAGS_FIXED (1UL << 1)
#define X86_EFLAGS_TF	(1UL << 8)
#define X86_EFLAGS_IF	(1UL << 9)
#define X86_EFLAGS_DF	(1UL << 10)
#define X86_EFLAGS_IOPL	(3UL << 12)
#define X86_EFLAGS_NT	(1UL << 14)
#define X86_EFLAGS_RF	(1UL << 16)
#define X86_EFLAGS_VM	(1UL << 17)
#define X86_EFLAGS_AC	(1UL << 18)
#define X86_EFLAGS_ID	(1UL << 21)
#define MSR_APIC_BASE		0x0000001b
#define APIC_BASE_BSP		(1UL << 8)
#define APIC_BASE_X2APIC	(1UL << 10)
#define APIC_BASE_ENABLE	(1UL << 11)
#define MSR_TSC_DEADLINE	0x000006e0

struct cpuid_regs {
	uint32_t a, b, c, d;
};

static inline void cpuid_count(uint32_t leaf, uint32_t sub,
			       struct cpuid_regs *r)
{
	asm volatile("cpuid"
		     : "=a"(r->a), "=b"(r->b), "=c"(r->c), "=d"(r->d)
		     : "a"(leaf), "c"(sub));
}

static inline struct cpuid_regs cpuid(uint32_t leaf)
{
	struct cpuid_regs r;

	cpuid_count(leaf, 0, &r);
	return r;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
	asm volatile("wrmsr"
		     :
		     : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
		     : "memory");
}

/* MSR access that may fault (probing): 0, or -1 if the MSR is absent. */
static inline int rdmsr_safe(uint32_t msr, uint64_t *val)
{
	uint32_t lo = 0, hi = 0;
	int err = 0;

	asm volatile("1: rdmsr\n"
		     "2:\n"
		     ".section .fixup, \"ax\"\n"
		     "3: movl $-1, %2\n"
		     "   jmp 2b\n"
		     ".previous\n"
		     ".section .ex_table, \"a\"\n"
		     ".align 8\n"
		     ".quad 1b, 3b\n"
		     ".previous"
		     : "=a"(lo), "=d"(hi), "+r"(err) : "c"(msr));
	*val = ((uint64_t)hi << 32) | lo;
	return err;
}

static inline int wrmsr_safe(uint32_t msr, uint64_t val)
{
	int err = 0;

	asm volatile("1: wrmsr\n"
		     "2:\n"
		     ".section .fixup, \"ax\"\n"
		     "3: movl $-1, %0\n"
		     "   jmp 2b\n"
		     ".previous\n"
		     ".section .ex_table, \"a\"\n"
		     ".align 8\n"
		     ".quad 1b, 3b\n"
		     ".previous"
		     : "+r"(err)
		     : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32)));
	return err;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* Serialising TSC read for calibration: ordered after earlier loads. */
static inline uint64_t rdtsc_ordered(void)
{
	asm volatile("lfence" ::: "memory");
	return rdtsc();
}

#define DEFINE_CR(n)                                                        \
	static inline unsigned long read_cr##n(void)                       \
	{                                                                   \
		unsigned long v;                                            \
		asm volatile("mov %%cr" #n ", %0" : "=r"(v));               \
		return v;                                                   \
	}                                                                   \
	static inline void write_cr##n(unsigned long v)                    \
	{                                                                   \
		asm volatile("mov %0, %%cr" #n ::"r"(v) : "memory");        \
	}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline void outb(uint8_t v, uint16_t port)
{
	asm volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outl(uint32_t v, uint16_t port)
{
	asm volatile("outl %0, %1" ::"a"(v), "Nd"(port));
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline unsigned long read_dr6(void)
{
	unsigned long v;

	asm volatile("mov %%dr6, %0" : "=r"(v));
	return v;
}

static inline void write_dr6(unsigned long v)
{
	asm volatile("mov %0, %%dr6" :: "r"(v));
}

static inline void clts(void)
{
	asm volatile("clts" ::: "memory");
}

static inline void stts(void)
{
	write_cr0(read_cr0() | X86_CR0_TS);
}

/* Bits 63:47 all equal (48-bit virtual addresses). */
static inline bool is_canonical(uint64_t va)
{
	return (uint64_t)(((int64_t)va << 16) >> 16) == va;
}

static inline void cpu_relax(void)
{
	asm volatile("pause" ::: "memory");
}

static inline void local_irq_disable(void)
{
	asm volatile("cli" ::: "memory");
}

static inline void local_irq_enable(void)
{
	asm volatile("sti" ::: "memory");
}

static inline unsigned long local_save_flags(void)
{
	unsigned long f;

	asm volatile("pushfq; popq %0" : "=r"(f)::"memory");
	return f;
}

static inline unsigned long local_irq_save(void)
{
	unsigned long f = local_save_flags();

	local_irq_disable();
	return f;
}

static inline void local_irq_restore(unsigned long f)
{
	if (f & X86_EFLAGS_IF)
		local_irq_enable();
}

static inline bool local_irq_is_enabled(void)
{
	return local_save_flags() & X86_EFLAGS_IF;
}

/* Enable interrupts and halt atomically (STI shadow covers HLT). */
static inline void safe_halt(void)
{
	asm volatile("sti; hlt" ::: "memory");
}

static inline void halt(void)
{
	asm volatile("hlt" ::: "memory");
}

static inline void invlpg(unsigned long va)
{
	asm volatile("invlpg (%0)" ::"r"(va) : "memory");
}

static inline void flush_tlb_local(void)
{
	write_cr3(read_cr3());
}

#endif /* ASM_PROCESSOR_H */
