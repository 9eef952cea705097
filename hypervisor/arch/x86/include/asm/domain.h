/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86 part of a domain and a vCPU: the PV guest's saved registers,
 * virtual CPU state (trap table, callbacks, stacks, segment bases, control
 * registers, page-table roots) and FPU area. Not responsible for what
 * the state means (arch/x86/pv/).
 */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>
#include <public/arch-x86.h>
#include <asm/regs.h>

#define PV_NR_CALLBACKS	8
#define PV_GDT_FRAMES	14	/* guest part of the GDT (Xen: 14 pages) */
#define PV_FPU_AREA	4096	/* XSAVE area, 64-byte aligned */

struct arch_vcpu {
	struct cpu_user_regs regs;		/* saved while not running */
	bool in_kernel;			/* guest kernel mode (CPL3 either way) */
	bool initialised;		/* VCPUOP_initialise / built */

	struct vesta_trap_info trap_ctxt[256];
	uint64_t callback[PV_NR_CALLBACKS];	/* VESTA_CALLBACKTYPE_* */
	uint16_t callback_flags[PV_NR_CALLBACKS];
	uint64_t kernel_ss, kernel_sp;

	/* Page-table roots (machine frames; 0 = none for the user one). */
	uint64_t kernel_l4_mfn, user_l4_mfn;

	/* Segment state the guest controls. */
	uint64_t fs_base, gs_base_kernel, gs_base_user;
	uint16_t ds, es, fs, gs;
	uint64_t gdt_frames[PV_GDT_FRAMES];
	unsigned int gdt_ents;

	/* Virtual control registers and debug registers. */
	uint64_t cr0_ts;		/* virtual CR0.TS (fpu_taskswitch) */
	uint64_t cr4;			/* virtual CR4 as the guest sees it */
	uint64_t xcr0;			/* XSETBV value (guest's) */
	uint64_t dr[8];
	unsigned int iopl;		/* PHYSDEVOP_set_iopl */

	/* Lazy FPU: whose state is in the registers is tracked per pCPU. */
	bool fpu_dirty;
	bool fpu_initialised;
	uint8_t *fpu_area;		/* PV_FPU_AREA bytes */

	/* Statistics for debug keys. */
	uint64_t nr_hypercalls, nr_traps, nr_events;
};

struct arch_domain {
	uint64_t *p2m_copy;		/* builder's p2m (not used by the guest) */
	uint64_t nr_p2m;
	unsigned int p2m_order;		/* allocation order of p2m_copy */
	/* Ports a domU may touch (dom0: all but the hypervisor's own). */
	bool io_all;
};

#endif /* ASM_DOMAIN_H */
