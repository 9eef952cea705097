/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hooks common code calls into the architecture for: vCPU state and
 * context switch, the M2P table, page/frame conversions, the guest frame
 * of the running vCPU, guest time sources, and machine power. Common
 * files include this header instead of <asm/...> internals; each hook is
 * implemented under arch/x86/.
 */
#ifndef VESTA_ARCH_H
#define VESTA_ARCH_H

#include <stdbool.h>
#include <stdint.h>
#include <vesta/lib.h>
#include <asm/page.h>
#include <asm/regs.h>

struct vcpu;

/* vCPU arch state: FPU area, initial flat segments. 0 or -ENOMEM. */
int __must_check arch_vcpu_create(struct vcpu *v);
void arch_vcpu_destroy(struct vcpu *v);
struct domain;
/* Audit a stopped domain's page-type counts (0 = consistent). */
long pv_audit_domain(struct domain *d);
/* Drop every page-table pin and base pointer of a dying domain. */
void arch_domain_relinquish(struct domain *d);

/*
 * arch_context_switch() - Save @prev's registers from the frame (unless it
 * is idle), load @next's into it, switch page tables, segment bases, GDT
 * and FPU ownership. Context: IRQs disabled, from schedule().
 */
void arch_context_switch(struct vcpu *prev, struct vcpu *next);

/* Leave for the guest whose registers are in this CPU's frame (entry.S). */
void continue_to_guest(void) __noreturn;
/* Drop everything on this CPU's stack and run @fn there (entry.S). */
void reset_stack_and_call(void (*fn)(void)) __noreturn;

/* M2P: machine frame -> guest pfn, readable by guests at 0xffff8000... */
#define M2P_INVALID	(~0UL)
void m2p_set(uint64_t mfn, uint64_t pfn);
uint64_t m2p_get(uint64_t mfn);

/* Hypervisor pointer to machine frame @mfn (direct map) and back. */
static inline void *mfn_to_virt(uint64_t mfn)
{
	return __va(pfn_to_paddr(mfn));
}

static inline uint64_t virt_to_mfn(const void *p)
{
	return paddr_to_pfn(__pa(p));
}

/* TSC of this CPU (pvclock timestamps). */
uint64_t arch_read_tsc(void);
/* Wall-clock seconds since 1970 from the platform clock (time.c). */
uint64_t arch_rtc_seconds(void);
/* The hypervisor's own command line, without the image name. */
const char *hv_command_line(void);
/* Physical id of pCPU @cpu for VCPUOP_get_physid; false if offline. */
bool arch_cpu_physid(unsigned int cpu, uint64_t *id);
/* Switch the machine off (ACPI S5), or halt if that is not possible. */
void machine_power_off(void) __noreturn;

#endif /* VESTA_ARCH_H */
