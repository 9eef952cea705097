/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercall handlers and the dispatcher. Every handler decodes its own
 * arguments strictly (style.md G1-G7) and returns a negative errno or a
 * result; -ERESTART asks the dispatcher to re-issue the call later with
 * the argument registers the handler updated (a continuation).
 */
#ifndef VESTA_HYPERCALL_H
#define VESTA_HYPERCALL_H

#include <stdint.h>
#include <stdbool.h>
#include <asm/regs.h>

struct vcpu;


/*
 * hypercall_update_arg() - For a handler about to return -ERESTART: set
 * argument @i (0-4) of the call to @val for when it is re-issued, whether
 * it came directly or from a multicall.
 */
void hypercall_update_arg(unsigned int i, uint64_t val);

/* Dispatch the hypercall in @regs (RAX = number) for the current vCPU. */
void pv_hypercall(struct cpu_user_regs *regs);

/* Handlers (return a result or -errno). */
long do_set_trap_table(uint64_t gva);
long do_set_gdt(uint64_t frames_gva, uint64_t entries);
long do_stack_switch(uint64_t ss, uint64_t sp);
long do_set_callbacks(uint64_t event, uint64_t failsafe, uint64_t syscall);
long do_fpu_taskswitch(uint64_t set);
long do_set_debugreg(uint64_t reg, uint64_t value);
long do_get_debugreg(uint64_t reg);
long do_update_descriptor(uint64_t maddr, uint64_t desc);
long do_memory_op(uint64_t cmd, uint64_t arg);
long do_multicall(uint64_t list, uint64_t nr);
long do_update_va_mapping(uint64_t va, uint64_t val, uint64_t flags);
long do_set_timer_op(uint64_t timeout);
long do_event_channel_op_compat_hc(uint64_t arg);
long do_xen_version(uint64_t cmd, uint64_t arg);
long do_console_io(uint64_t cmd, uint64_t count, uint64_t buf);
long do_physdev_op(uint64_t cmd, uint64_t arg);
long do_vm_assist(uint64_t cmd, uint64_t type);
long do_iret(void);
long do_vcpu_op(uint64_t cmd, uint64_t vcpuid, uint64_t arg);
long do_set_segment_base(uint64_t which, uint64_t base);
long do_mmuext_op(uint64_t ops, uint64_t count, uint64_t done,
		  uint64_t foreigndom);
long do_mmu_update(uint64_t ureqs, uint64_t count, uint64_t done,
		   uint64_t foreigndom);
long do_sched_op(uint64_t cmd, uint64_t arg);
long do_sched_op_compat(uint64_t cmd, uint64_t arg);
long do_callback_op(uint64_t cmd, uint64_t arg);
long do_event_channel_op_hc(uint64_t cmd, uint64_t arg);
long do_grant_table_op(uint64_t cmd, uint64_t uop, uint64_t count);
long do_platform_op(uint64_t arg);
long do_xenpmu_op(uint64_t op, uint64_t arg);
long do_nmi_op(uint64_t cmd, uint64_t arg);

/* Privileged-instruction emulation for #GP / #UD (emulate.c). */
bool pv_emulate_privop(struct cpu_user_regs *regs);
bool pv_emulate_invalid_op(struct cpu_user_regs *regs);
void pv_fpu_restore(struct vcpu *v);

#endif /* VESTA_HYPERCALL_H */
