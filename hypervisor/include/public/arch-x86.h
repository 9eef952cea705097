/* SPDX-License-Identifier: MIT */
/*
 * The x86-64 half of the PV guest ABI: the flat selectors and the virtual
 * address ranges the hypervisor reserves, trap table entries, the register
 * file and full vCPU context as a guest (or the toolstack) hands them over
 * with VCPUOP_initialise, and the frame HYPERVISOR_iret consumes. Numbers
 * and layouts match Xen's x86-64 ABI bit for bit. This header does not
 * describe the shared_info or vcpu_info pages (see vesta.h), nor 32-bit
 * guests, nor any hypervisor-internal state. It is usable from .S files
 * (the compiler defines __ASSEMBLER__): only the constants are visible.
 */
#ifndef VESTA_PUBLIC_ARCH_X86_H
#define VESTA_PUBLIC_ARCH_X86_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

/* A 64-bit constant that is valid in C and in assembly alike. */
#ifdef __ASSEMBLER__
#define VESTA_MK_ULL(x)		x
#else
#define VESTA_MK_ULL(x)		x##ULL
#endif

/*
 * Flat segment selectors. They name descriptors in the GDT area the
 * hypervisor keeps for itself (entries 260-262), so they work before the
 * guest has loaded a GDT of its own. Kernel and user share them: both run
 * at CPL 3. In 64-bit mode the data selector is the null selector.
 */
#define VESTA_FLAT_RING3_CS32	0xe023	/* GDT entry 260 */
#define VESTA_FLAT_RING3_CS64	0xe033	/* GDT entry 262 */
#define VESTA_FLAT_RING3_DS32	0xe02b	/* GDT entry 261 */
#define VESTA_FLAT_RING3_DS64	0x0000	/* null selector */
#define VESTA_FLAT_RING3_SS32	0xe02b	/* GDT entry 261 */
#define VESTA_FLAT_RING3_SS64	0xe02b	/* GDT entry 261 */

#define VESTA_FLAT_KERNEL_CS64	VESTA_FLAT_RING3_CS64
#define VESTA_FLAT_KERNEL_CS32	VESTA_FLAT_RING3_CS32
#define VESTA_FLAT_KERNEL_CS	VESTA_FLAT_KERNEL_CS64
#define VESTA_FLAT_KERNEL_DS64	VESTA_FLAT_RING3_DS64
#define VESTA_FLAT_KERNEL_DS32	VESTA_FLAT_RING3_DS32
#define VESTA_FLAT_KERNEL_DS	VESTA_FLAT_KERNEL_DS64
#define VESTA_FLAT_KERNEL_SS64	VESTA_FLAT_RING3_SS64
#define VESTA_FLAT_KERNEL_SS32	VESTA_FLAT_RING3_SS32
#define VESTA_FLAT_KERNEL_SS	VESTA_FLAT_KERNEL_SS64

#define VESTA_FLAT_USER_CS64	VESTA_FLAT_RING3_CS64
#define VESTA_FLAT_USER_CS32	VESTA_FLAT_RING3_CS32
#define VESTA_FLAT_USER_CS	VESTA_FLAT_USER_CS64
#define VESTA_FLAT_USER_DS64	VESTA_FLAT_RING3_DS64
#define VESTA_FLAT_USER_DS32	VESTA_FLAT_RING3_DS32
#define VESTA_FLAT_USER_DS	VESTA_FLAT_USER_DS64
#define VESTA_FLAT_USER_SS64	VESTA_FLAT_RING3_SS64
#define VESTA_FLAT_USER_SS32	VESTA_FLAT_RING3_SS32
#define VESTA_FLAT_USER_SS	VESTA_FLAT_USER_SS64

/*
 * A guest GDT may fill pages 0-13 only; from page 14 on the descriptors
 * belong to the hypervisor (the flat selectors above live there).
 */
#define VESTA_FIRST_RESERVED_GDT_PAGE	14
#define VESTA_FIRST_RESERVED_GDT_BYTE	(VESTA_FIRST_RESERVED_GDT_PAGE * 4096)
#define VESTA_FIRST_RESERVED_GDT_ENTRY	(VESTA_FIRST_RESERVED_GDT_BYTE / 8)

/*
 * The hypervisor's part of every guest address space: L4 slots 256-271.
 * Guests may not map anything there. The machine-to-physical table (one
 * 8-byte PFN per machine frame, read-only to guests) sits at its start.
 */
#define VESTA_HYPERVISOR_VIRT_START	VESTA_MK_ULL(0xFFFF800000000000)
#define VESTA_HYPERVISOR_VIRT_END	VESTA_MK_ULL(0xFFFF880000000000)
#define VESTA_MACH2PHYS_VIRT_START	VESTA_MK_ULL(0xFFFF800000000000)
#define VESTA_MACH2PHYS_VIRT_END	VESTA_MK_ULL(0xFFFF804000000000)
#define VESTA_MACH2PHYS_NR_ENTRIES \
	((VESTA_MACH2PHYS_VIRT_END - VESTA_MACH2PHYS_VIRT_START) >> 3)

/* CR3 values carry the page-table root's frame number in bits 12 and up. */
#define VESTA_PFN_TO_CR3(pfn)	((uint64_t)(pfn) << 12)
#define VESTA_CR3_TO_PFN(cr3)	((uint64_t)(cr3) >> 12)

/* set_segment_base (hypercall 25) selectors of which base to change. */
#define VESTA_SEGBASE_FS		0	/* FS base */
#define VESTA_SEGBASE_GS_USER		1	/* GS base in guest user */
#define VESTA_SEGBASE_GS_KERNEL		2	/* GS base in guest kernel */
#define VESTA_SEGBASE_GS_USER_SEL	3	/* load user %gs (bits 15:0) */

/*
 * Forced emulation: a guest puts these five bytes (ud2 followed by the
 * ASCII letters "xen") in front of an instruction, typically cpuid, to have
 * the hypervisor emulate it. The #UD handler recognises the signature.
 */
#define VESTA_EMULATE_PREFIX_LEN	5
#ifdef __ASSEMBLER__
#define VESTA_EMULATE_PREFIX	.byte 0x0f, 0x0b, 0x78, 0x65, 0x6e ;
#define VESTA_CPUID		VESTA_EMULATE_PREFIX cpuid
#else
#define VESTA_EMULATE_PREFIX	".byte 0x0f, 0x0b, 0x78, 0x65, 0x6e ; "
#define VESTA_CPUID		VESTA_EMULATE_PREFIX "cpuid"
#define VESTA_EMULATE_PREFIX_BYTES	{ 0x0f, 0x0b, 0x78, 0x65, 0x6e }
#endif

/* First of the hypervisor CPUID leaves ("XenVMMXenVMM" signature). */
#define VESTA_CPUID_LEAF_BASE		0x40000000

/* vcpu_guest_context.flags bits. */
#define VESTA_VGCF_i387_valid			(1 << 0) /* fpu_ctxt is valid */
#define VESTA_VGCF_in_kernel			(1 << 2) /* guest kernel mode */
#define VESTA_VGCF_failsafe_disables_events	(1 << 3)
#define VESTA_VGCF_syscall_disables_events	(1 << 4)
#define VESTA_VGCF_online			(1 << 5)
/* iret_context.flags: the guest entered through SYSCALL; return with SYSRET. */
#define VESTA_VGCF_in_syscall			(1 << 8)

/*
 * trap_info.flags: bits 1:0 are the DPL a software INT n needs to reach the
 * handler (0: nobody, 3: user too); the value 4 (bit 2) makes the entry
 * an interrupt gate, i.e. delivery masks events (sets the upcall mask).
 */
#define VESTA_TI_DPL_MASK	3
#define VESTA_TI_IF		4
#define VESTA_TI_GET_DPL(ti)	((ti)->flags & VESTA_TI_DPL_MASK)
#define VESTA_TI_GET_IF(ti)	((ti)->flags & VESTA_TI_IF)

#define VESTA_NR_TRAP_VECTORS	256
#define VESTA_NR_GDT_FRAMES	16

#ifndef __ASSEMBLER__

/*
 * One virtual IDT entry, as passed in arrays to set_trap_table (which
 * stops at the first entry whose address is 0) and inside
 * vcpu_guest_context. IN only.
 */
struct vesta_trap_info {
	uint8_t vector;		/* IN: exception or interrupt vector */
	uint8_t flags;		/* IN: VESTA_TI_* */
	uint16_t cs;		/* IN: code selector of the handler */
	uint8_t pad[4];		/* padding */
	uint64_t address;	/* IN: handler, guest virtual address */
};
_Static_assert(sizeof(struct vesta_trap_info) == 16, "trap_info size");
_Static_assert(__builtin_offsetof(struct vesta_trap_info, cs) == 2,
	       "trap_info.cs");
_Static_assert(__builtin_offsetof(struct vesta_trap_info, address) == 8,
	       "trap_info.address");

/*
 * The general registers of a vCPU as the guest-visible context carries
 * them. IN for VCPUOP_initialise, OUT for context reads by the toolstack.
 * Segment selectors occupy 8-byte slots (16-bit value, then padding).
 */
struct vesta_cpu_user_regs {
	uint64_t r15;
	uint64_t r14;
	uint64_t r13;
	uint64_t r12;
	uint64_t rbp;
	uint64_t rbx;
	uint64_t r11;
	uint64_t r10;
	uint64_t r9;
	uint64_t r8;
	uint64_t rax;
	uint64_t rcx;
	uint64_t rdx;
	uint64_t rsi;
	uint64_t rdi;
	uint32_t error_code;		/* hypervisor-private; ignored on IN */
	uint32_t entry_vector;		/* hypervisor-private; ignored on IN */
	uint64_t rip;
	uint16_t cs;
	uint16_t pad0;
	uint8_t saved_upcall_mask;	/* the guest's IF is its inverse */
	uint8_t pad1[3];
	uint64_t rflags;
	uint64_t rsp;
	uint16_t ss;
	uint16_t pad2[3];
	uint16_t es;
	uint16_t pad3[3];
	uint16_t ds;
	uint16_t pad4[3];
	uint16_t fs;
	uint16_t pad5[3];
	uint16_t gs;
	uint16_t pad6[3];
};
_Static_assert(sizeof(struct vesta_cpu_user_regs) == 200,
	       "cpu_user_regs size");
_Static_assert(__builtin_offsetof(struct vesta_cpu_user_regs, rdi) == 112,
	       "cpu_user_regs.rdi");
_Static_assert(__builtin_offsetof(struct vesta_cpu_user_regs,
				  error_code) == 120,
	       "cpu_user_regs.error_code");
_Static_assert(__builtin_offsetof(struct vesta_cpu_user_regs, rip) == 128,
	       "cpu_user_regs.rip");
_Static_assert(__builtin_offsetof(struct vesta_cpu_user_regs, cs) == 136,
	       "cpu_user_regs.cs");
_Static_assert(__builtin_offsetof(struct vesta_cpu_user_regs,
				  saved_upcall_mask) == 140,
	       "cpu_user_regs.saved_upcall_mask");
_Static_assert(__builtin_offsetof(struct vesta_cpu_user_regs, rflags) == 144,
	       "cpu_user_regs.rflags");
_Static_assert(__builtin_offsetof(struct vesta_cpu_user_regs, ss) == 160,
	       "cpu_user_regs.ss");
_Static_assert(__builtin_offsetof(struct vesta_cpu_user_regs, gs) == 192,
	       "cpu_user_regs.gs");

/*
 * A whole PV vCPU context: IN for VCPUOP_initialise (guest bringing up an
 * AP) and for the domain builder / restore; OUT when the toolstack reads a
 * context. ctrlreg[1] holds the user-mode page-table root (a CR3 value),
 * ctrlreg[3] the kernel one.
 */
struct vesta_vcpu_guest_context {
	uint8_t fpu_ctxt[512];		/* FXSAVE image; valid if i387_valid */
	uint64_t flags;			/* VESTA_VGCF_* */
	struct vesta_cpu_user_regs user_regs;
	struct vesta_trap_info trap_ctxt[VESTA_NR_TRAP_VECTORS]; /* IDT */
	uint64_t ldt_base;		/* LDT guest virtual address */
	uint64_t ldt_ents;		/* LDT entries */
	uint64_t gdt_frames[VESTA_NR_GDT_FRAMES]; /* GDT machine frames */
	uint64_t gdt_ents;		/* GDT entries */
	uint64_t kernel_ss;		/* stack for bounces into the kernel */
	uint64_t kernel_sp;
	uint64_t ctrlreg[8];		/* CR0-CR7 */
	uint64_t debugreg[8];		/* DR0-DR7 */
	uint64_t event_callback_eip;	/* guest virtual addresses */
	uint64_t failsafe_callback_eip;
	uint64_t syscall_callback_eip;
	uint64_t vm_assist;		/* bitmap of VESTA_VMASST_TYPE_* */
	uint64_t fs_base;
	uint64_t gs_base_kernel;
	uint64_t gs_base_user;
};
_Static_assert(sizeof(struct vesta_vcpu_guest_context) == 5168,
	       "vcpu_guest_context size");
_Static_assert(__builtin_offsetof(struct vesta_vcpu_guest_context,
				  flags) == 512,
	       "vcpu_guest_context.flags");
_Static_assert(__builtin_offsetof(struct vesta_vcpu_guest_context,
				  user_regs) == 520,
	       "vcpu_guest_context.user_regs");
_Static_assert(__builtin_offsetof(struct vesta_vcpu_guest_context,
				  trap_ctxt) == 720,
	       "vcpu_guest_context.trap_ctxt");
_Static_assert(__builtin_offsetof(struct vesta_vcpu_guest_context,
				  ldt_base) == 4816,
	       "vcpu_guest_context.ldt_base");
_Static_assert(__builtin_offsetof(struct vesta_vcpu_guest_context,
				  gdt_frames) == 4832,
	       "vcpu_guest_context.gdt_frames");
_Static_assert(__builtin_offsetof(struct vesta_vcpu_guest_context,
				  kernel_ss) == 4968,
	       "vcpu_guest_context.kernel_ss");
_Static_assert(__builtin_offsetof(struct vesta_vcpu_guest_context,
				  ctrlreg) == 4984,
	       "vcpu_guest_context.ctrlreg");
_Static_assert(__builtin_offsetof(struct vesta_vcpu_guest_context,
				  event_callback_eip) == 5112,
	       "vcpu_guest_context.event_callback_eip");
_Static_assert(__builtin_offsetof(struct vesta_vcpu_guest_context,
				  vm_assist) == 5136,
	       "vcpu_guest_context.vm_assist");
_Static_assert(__builtin_offsetof(struct vesta_vcpu_guest_context,
				  gs_base_user) == 5160,
	       "vcpu_guest_context.gs_base_user");

/*
 * What the guest leaves on its kernel stack before HYPERVISOR_iret, lowest
 * address (the RSP at the syscall) first. IN only.
 */
struct vesta_iret_context {
	uint64_t rax;		/* IN: restored; also the hypercall's result */
	uint64_t r11;		/* IN: restored unless VGCF_in_syscall */
	uint64_t rcx;		/* IN: restored unless VGCF_in_syscall */
	uint64_t flags;		/* IN: VESTA_VGCF_in_syscall or 0 */
	uint64_t rip;		/* IN: the ordinary iret frame from here on */
	uint64_t cs;
	uint64_t rflags;
	uint64_t rsp;
	uint64_t ss;
};
_Static_assert(sizeof(struct vesta_iret_context) == 72, "iret_context size");
_Static_assert(__builtin_offsetof(struct vesta_iret_context, flags) == 24,
	       "iret_context.flags");
_Static_assert(__builtin_offsetof(struct vesta_iret_context, rip) == 32,
	       "iret_context.rip");
_Static_assert(__builtin_offsetof(struct vesta_iret_context, ss) == 64,
	       "iret_context.ss");

#endif /* !__ASSEMBLER__ */

#endif /* VESTA_PUBLIC_ARCH_X86_H */
