/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86 PV machinery that common code calls: vCPU set-up and context
 * switch, exception bounces into the guest, the M2P table, and the guest
 * entry/exit hooks used by entry.S. Implemented in arch/x86/pv/.
 */
#ifndef ASM_PV_H
#define ASM_PV_H

#include <stdbool.h>
#include <stdint.h>
#include <vesta/lib.h>
#include <asm/regs.h>
#include <vesta/arch.h>

struct domain;
struct vcpu;

/*
 * pv_inject_trap() - Deliver exception @vec (with @ec when @has_ec) to the
 * current guest through its trap table, as a bounce frame on its kernel
 * stack. A vector without a handler, or a stack that cannot be written,
 * crashes the domain (with a log line). Return: true if delivered.
 */
bool pv_inject_trap(struct cpu_user_regs *regs, unsigned int vec,
		    bool has_ec, uint64_t ec);

/* Handle a trap (vector < 32) raised while the guest ran. */
void pv_handle_trap(struct cpu_user_regs *regs);

/* Switch the current vCPU between guest kernel and user mode. */
void pv_toggle_guest_mode(struct vcpu *v);

/* Load @v's user/kernel page-table root into CR3. */
void pv_load_cr3(struct vcpu *v);

/* FPU and XSAVE state (fpu.c). */
extern uint64_t xstate_host_mask;	/* XCR0 bits guests may use; 0: none */
void xstate_cpu_init(void);
void pv_fpu_save(struct vcpu *v);
bool pv_xsetbv(struct vcpu *v, uint32_t idx, uint64_t val);
void pv_xcr0_switch(struct vcpu *v);

/* Page-table operations run to completion (pgt.c); 0 or -errno. */
int pv_pin(struct domain *d, uint64_t mfn, unsigned int level);
int pv_unpin(struct domain *d, uint64_t mfn);
int pv_set_base(struct domain *d, uint64_t new_mfn, uint64_t old_mfn);
int pv_write_plain(struct domain *d, uint64_t mfn, unsigned int offset,
		   uint64_t val);
int pv_mod_entry(struct domain *d, uint64_t table, unsigned int level,
		 unsigned int index, uint64_t val, unsigned int flags);
/* The L1 table mapping @va for @v right now, or 0 (mm.c). */
uint64_t pv_find_l1(const struct vcpu *v, unsigned long va);

/* Check @d's page-type counts; problems found (logged) or -ENOMEM. */
long pv_audit_domain(struct domain *d);

/* Emulate a faulting guest-kernel write to its own L1 table (ptwr.c). */
bool pv_ptwr_emulate(struct cpu_user_regs *regs, uint64_t cr2);

/* Flush the TLB of every CPU (mm.c). */
void pv_flush_tlb_all(void);

/* Allocate the M2P and map it read-only for guests (boot). */
void m2p_init(void);

/* The L4 entries of the hypervisor slots 256-271 every guest L4 gets. */
void pv_hv_l4_slots(uint64_t out[16]);

/* Build the domains described by the boot modules (dom-build.c). */
void pv_build_boot_domains(void);

struct cpuid_regs;
/* The CPUID policy PV guests see (both the trapped and prefixed paths). */
void pv_cpuid(const struct vcpu *v, uint32_t leaf, uint32_t sub,
	      struct cpuid_regs *r);

/* Refresh the virtual GDT of @v into this pCPU's GDT. */
void pv_load_gdt(struct vcpu *v);

#endif /* ASM_PV_H */
