/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Hypercall wrappers for 64-bit PV test kernels: the generic
 * hypercall0()..hypercall5() (any number, always a direct `syscall`) and one
 * typed wrapper per hypercall the tests use. Calling convention (pv-abi.md
 * 1.7): RAX = number, arguments in RDI, RSI, RDX, R10, R8, result in RAX;
 * RCX and R11 are destroyed, and a debug hypervisor may poison every
 * argument register, so all of them are treated as clobbered. Built with
 * GUEST_HYPERCALL_PAGE, the typed wrappers call through the builder-filled
 * hypercall page instead. Not responsible for interpreting results.
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <stdint.h>

#include <public/vesta.h>
#include <public/callback.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/version.h>

#ifdef GUEST_HYPERCALL_PAGE
extern char hypercall_page[];
#endif

/*
 * hypercall5() - Issue hypercall @nr with five arguments by `syscall`.
 * Return: the hypervisor's result (negative errno on failure).
 */
static inline long hypercall5(unsigned long nr, unsigned long a1,
			      unsigned long a2, unsigned long a3,
			      unsigned long a4, unsigned long a5)
{
	register unsigned long r10 __asm__("r10") = a4;
	register unsigned long r8 __asm__("r8") = a5;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
			   "+r"(r8)
			 : "0"(nr)
			 : "rcx", "r11", "r9", "memory");
	return ret;
}

static inline long hypercall0(unsigned long nr)
{
	return hypercall5(nr, 0, 0, 0, 0, 0);
}

static inline long hypercall1(unsigned long nr, unsigned long a1)
{
	return hypercall5(nr, a1, 0, 0, 0, 0);
}

static inline long hypercall2(unsigned long nr, unsigned long a1,
			      unsigned long a2)
{
	return hypercall5(nr, a1, a2, 0, 0, 0);
}

static inline long hypercall3(unsigned long nr, unsigned long a1,
			      unsigned long a2, unsigned long a3)
{
	return hypercall5(nr, a1, a2, a3, 0, 0);
}

static inline long hypercall4(unsigned long nr, unsigned long a1,
			      unsigned long a2, unsigned long a3,
			      unsigned long a4)
{
	return hypercall5(nr, a1, a2, a3, a4, 0);
}

#ifdef GUEST_HYPERCALL_PAGE
/* Through stub @nr of the hypercall page (stubs keep RCX/R11 themselves). */
static inline long hypercall_typed(unsigned long nr, unsigned long a1,
				   unsigned long a2, unsigned long a3,
				   unsigned long a4, unsigned long a5)
{
	register unsigned long r10 __asm__("r10") = a4;
	register unsigned long r8 __asm__("r8") = a5;
	unsigned long fn = (unsigned long)hypercall_page +
			   nr * VESTA_HYPERCALL_STUB_SIZE;
	long ret;

	__asm__ volatile("call *%[fn]"
			 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
			   "+r"(r8)
			 : [fn] "r"(fn)
			 : "rcx", "r11", "r9", "memory");
	return ret;
}
#else
#define hypercall_typed hypercall5
#endif

#define HC_ARG(x) ((unsigned long)(x))

static inline long hypercall_set_trap_table(const struct vesta_trap_info *t)
{
	return hypercall_typed(VESTA_HC_set_trap_table, HC_ARG(t), 0, 0, 0, 0);
}

static inline long hypercall_mmu_update(const struct vesta_mmu_update *req,
					unsigned int count,
					unsigned int *done, unsigned int dom)
{
	return hypercall_typed(VESTA_HC_mmu_update, HC_ARG(req), count,
			       HC_ARG(done), dom, 0);
}

static inline long hypercall_set_gdt(const unsigned long *frames,
				     unsigned int entries)
{
	return hypercall_typed(VESTA_HC_set_gdt, HC_ARG(frames), entries, 0, 0,
			       0);
}

static inline long hypercall_stack_switch(unsigned long ss, unsigned long sp)
{
	return hypercall_typed(VESTA_HC_stack_switch, ss, sp, 0, 0, 0);
}

static inline long hypercall_fpu_taskswitch(int set)
{
	return hypercall_typed(VESTA_HC_fpu_taskswitch, set, 0, 0, 0, 0);
}

static inline long hypercall_set_debugreg(unsigned int reg,
					  unsigned long value)
{
	return hypercall_typed(VESTA_HC_set_debugreg, reg, value, 0, 0, 0);
}

static inline long hypercall_get_debugreg(unsigned int reg)
{
	return hypercall_typed(VESTA_HC_get_debugreg, reg, 0, 0, 0, 0);
}

static inline long hypercall_update_descriptor(uint64_t maddr, uint64_t desc)
{
	return hypercall_typed(VESTA_HC_update_descriptor, maddr, desc, 0, 0,
			       0);
}

static inline long hypercall_memory_op(unsigned int cmd, void *arg)
{
	return hypercall_typed(VESTA_HC_memory_op, cmd, HC_ARG(arg), 0, 0, 0);
}

static inline long hypercall_multicall(struct vesta_multicall_entry *calls,
				       unsigned int nr)
{
	return hypercall_typed(VESTA_HC_multicall, HC_ARG(calls), nr, 0, 0, 0);
}

static inline long hypercall_update_va_mapping(unsigned long va, uint64_t val,
					       unsigned long flags)
{
	return hypercall_typed(VESTA_HC_update_va_mapping, va, val, flags, 0,
			       0);
}

static inline long hypercall_set_timer_op(uint64_t timeout_abs_ns)
{
	return hypercall_typed(VESTA_HC_set_timer_op, timeout_abs_ns, 0, 0, 0,
			       0);
}

static inline long hypercall_xen_version(int cmd, void *arg)
{
	return hypercall_typed(VESTA_HC_xen_version, (unsigned int)cmd,
			       HC_ARG(arg), 0, 0, 0);
}

static inline long hypercall_console_io(int cmd, unsigned int count,
					const char *buf)
{
	return hypercall_typed(VESTA_HC_console_io, (unsigned int)cmd, count,
			       HC_ARG(buf), 0, 0);
}

static inline long hypercall_vm_assist(unsigned int cmd, unsigned int type)
{
	return hypercall_typed(VESTA_HC_vm_assist, cmd, type, 0, 0, 0);
}

static inline long hypercall_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
	return hypercall_typed(VESTA_HC_vcpu_op, (unsigned int)cmd, vcpu,
			       HC_ARG(arg), 0, 0);
}

static inline long hypercall_set_segment_base(unsigned int which,
					      unsigned long base)
{
	return hypercall_typed(VESTA_HC_set_segment_base, which, base, 0, 0,
			       0);
}

static inline long hypercall_mmuext_op(struct vesta_mmuext_op *ops,
				       unsigned int count,
				       unsigned int *done, unsigned int dom)
{
	return hypercall_typed(VESTA_HC_mmuext_op, HC_ARG(ops), count,
			       HC_ARG(done), dom, 0);
}

static inline long hypercall_sched_op(int cmd, void *arg)
{
	return hypercall_typed(VESTA_HC_sched_op, (unsigned int)cmd,
			       HC_ARG(arg), 0, 0, 0);
}

static inline long hypercall_callback_op(int cmd, const void *arg)
{
	return hypercall_typed(VESTA_HC_callback_op, (unsigned int)cmd,
			       HC_ARG(arg), 0, 0, 0);
}

static inline long hypercall_event_channel_op(int cmd, void *arg)
{
	return hypercall_typed(VESTA_HC_event_channel_op, (unsigned int)cmd,
			       HC_ARG(arg), 0, 0, 0);
}

static inline long hypercall_physdev_op(int cmd, void *arg)
{
	return hypercall_typed(VESTA_HC_physdev_op, (unsigned int)cmd,
			       HC_ARG(arg), 0, 0, 0);
}

#endif /* GUEST_HYPERCALL_H */
