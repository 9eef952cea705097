/* SPDX-License-Identifier: MIT */
/*
 * The core of the PV guest ABI (Xen-compatible, x86-64): hypercall
 * numbers, domain ids, VM assists, the mmu_update / mmuext_op /
 * update_va_mapping / multicall argument formats, virtual IRQ numbers,
 * console_io sub-ops, and the layouts of the pages the hypervisor shares
 * with a guest (shared_info with its vcpu_info slots and pvclock records,
 * and start_info). Every number and layout is Xen's, bit for bit, so stock
 * Xen guests run unmodified. Per-hypercall sub-op headers (sched.h,
 * vcpu.h, event_channel.h, ...) hold their own structs; this header does
 * not. The x86-specific register and context layouts are in arch-x86.h,
 * which this header includes. Only the constants are visible from assembly.
 */
#ifndef VESTA_PUBLIC_VESTA_H
#define VESTA_PUBLIC_VESTA_H

#include "arch-x86.h"

/* Hypercall numbers (RAX at the syscall). Never renumbered. */
#define VESTA_HC_set_trap_table			0
#define VESTA_HC_mmu_update			1
#define VESTA_HC_set_gdt			2
#define VESTA_HC_stack_switch			3
#define VESTA_HC_set_callbacks			4
#define VESTA_HC_fpu_taskswitch			5
#define VESTA_HC_sched_op_compat		6
#define VESTA_HC_platform_op			7
#define VESTA_HC_set_debugreg			8
#define VESTA_HC_get_debugreg			9
#define VESTA_HC_update_descriptor		10
#define VESTA_HC_memory_op			12
#define VESTA_HC_multicall			13
#define VESTA_HC_update_va_mapping		14
#define VESTA_HC_set_timer_op			15
#define VESTA_HC_event_channel_op_compat	16
#define VESTA_HC_xen_version			17
#define VESTA_HC_console_io			18
#define VESTA_HC_physdev_op_compat		19
#define VESTA_HC_grant_table_op			20
#define VESTA_HC_vm_assist			21
#define VESTA_HC_update_va_mapping_otherdomain	22
#define VESTA_HC_iret				23
#define VESTA_HC_vcpu_op			24
#define VESTA_HC_set_segment_base		25
#define VESTA_HC_mmuext_op			26
#define VESTA_HC_xsm_op				27
#define VESTA_HC_nmi_op				28
#define VESTA_HC_sched_op			29
#define VESTA_HC_callback_op			30
#define VESTA_HC_xenoprof_op			31
#define VESTA_HC_event_channel_op		32
#define VESTA_HC_physdev_op			33
#define VESTA_HC_hvm_op				34
#define VESTA_HC_sysctl				35
#define VESTA_HC_domctl				36
#define VESTA_HC_kexec_op			37
#define VESTA_HC_tmem_op			38
#define VESTA_HC_argo_op			39
#define VESTA_HC_xenpmu_op			40
#define VESTA_HC_dm_op				41
#define VESTA_HC_hypfs_op			42
#define VESTA_HC_arch_0				48
#define VESTA_HC_arch_1				49
#define VESTA_HC_arch_2				50
#define VESTA_HC_arch_3				51
#define VESTA_HC_arch_4				52
#define VESTA_HC_arch_5				53
#define VESTA_HC_arch_6				54
#define VESTA_HC_arch_7				55
#define VESTA_HC_mca				VESTA_HC_arch_0 /* x86 */

/* A hypercall page holds this many 32-byte stubs, stub i at 32 * i. */
#define VESTA_HYPERCALL_PAGE_STUBS		128
#define VESTA_HYPERCALL_STUB_SIZE		32

/*
 * Virtual IRQs, bound to event channels with EVTCHNOP_bind_virq. Per-vCPU
 * ones (TIMER, DEBUG, XENOPROF, XENPMU) are bound on each vCPU; the others
 * are global and bound on vCPU 0.
 */
#define VESTA_VIRQ_TIMER	0	/* per vCPU: timer deadline reached */
#define VESTA_VIRQ_DEBUG	1	/* per vCPU: dump debug state */
#define VESTA_VIRQ_CONSOLE	2	/* input on the hypervisor console */
#define VESTA_VIRQ_DOM_EXC	3	/* a domain hit an exceptional event */
#define VESTA_VIRQ_TBUF		4	/* trace records available */
#define VESTA_VIRQ_DEBUGGER	6	/* a domain paused for a debugger */
#define VESTA_VIRQ_XENOPROF	7	/* per vCPU: profiling sample */
#define VESTA_VIRQ_CON_RING	8	/* console ring has new bytes */
#define VESTA_VIRQ_PCPU_STATE	9	/* a physical CPU changed state */
#define VESTA_VIRQ_MEM_EVENT	10	/* a memory event happened */
#define VESTA_VIRQ_ARGO		11	/* Argo message notification */
#define VESTA_VIRQ_ENOMEM	12	/* hypervisor heap running low */
#define VESTA_VIRQ_XENPMU	13	/* per vCPU: PMU interrupt */
#define VESTA_VIRQ_ARCH_0	16
#define VESTA_VIRQ_ARCH_1	17
#define VESTA_VIRQ_ARCH_2	18
#define VESTA_VIRQ_ARCH_3	19
#define VESTA_VIRQ_ARCH_4	20
#define VESTA_VIRQ_ARCH_5	21
#define VESTA_VIRQ_ARCH_6	22
#define VESTA_VIRQ_ARCH_7	23
#define VESTA_VIRQ_MCA		VESTA_VIRQ_ARCH_0 /* x86 machine check */
#define VESTA_NR_VIRQS		24

/* mmu_update: the low 2 bits of vesta_mmu_update.ptr select the command. */
#define VESTA_MMU_NORMAL_PT_UPDATE	0 /* checked *ptr = val, ptr a maddr */
#define VESTA_MMU_MACHPHYS_UPDATE	1 /* M2P[ptr >> 12] = val (a PFN) */
#define VESTA_MMU_PT_UPDATE_PRESERVE_AD	2 /* as NORMAL, keep old A and D bits */
#define VESTA_MMU_PT_UPDATE_NO_TRANSLATE 3 /* as NORMAL, val never translated */
#define VESTA_MMU_CMD_MASK		3

/* mmuext_op commands (vesta_mmuext_op.cmd). 14 is unused. */
#define VESTA_MMUEXT_PIN_L1_TABLE	0	/* arg1.mfn */
#define VESTA_MMUEXT_PIN_L2_TABLE	1	/* arg1.mfn */
#define VESTA_MMUEXT_PIN_L3_TABLE	2	/* arg1.mfn */
#define VESTA_MMUEXT_PIN_L4_TABLE	3	/* arg1.mfn */
#define VESTA_MMUEXT_UNPIN_TABLE	4	/* arg1.mfn */
#define VESTA_MMUEXT_NEW_BASEPTR	5	/* arg1.mfn: kernel L4 */
#define VESTA_MMUEXT_TLB_FLUSH_LOCAL	6
#define VESTA_MMUEXT_INVLPG_LOCAL	7	/* arg1.linear_addr */
#define VESTA_MMUEXT_TLB_FLUSH_MULTI	8	/* arg2.vcpumask */
#define VESTA_MMUEXT_INVLPG_MULTI	9	/* linear_addr, vcpumask */
#define VESTA_MMUEXT_TLB_FLUSH_ALL	10
#define VESTA_MMUEXT_INVLPG_ALL		11	/* arg1.linear_addr */
#define VESTA_MMUEXT_FLUSH_CACHE	12
#define VESTA_MMUEXT_SET_LDT		13	/* linear_addr, nr_ents */
#define VESTA_MMUEXT_NEW_USER_BASEPTR	15	/* arg1.mfn: user L4 or 0 */
#define VESTA_MMUEXT_CLEAR_PAGE		16	/* arg1.mfn */
#define VESTA_MMUEXT_COPY_PAGE		17	/* arg1.mfn <- arg2.src_mfn */
#define VESTA_MMUEXT_FLUSH_CACHE_GLOBAL	18
#define VESTA_MMUEXT_MARK_SUPER		19	/* arg1.mfn */
#define VESTA_MMUEXT_UNMARK_SUPER	20	/* arg1.mfn */

/*
 * update_va_mapping flags: a flush type in bits 1:0 ORed with a scope in
 * bit 2. For UVMF_MULTI the rest of the word is the guest virtual address
 * of a vCPU bitmap (a null pointer means the local vCPU: UVMF_LOCAL).
 */
#define VESTA_UVMF_NONE			VESTA_MK_ULL(0)
#define VESTA_UVMF_TLB_FLUSH		VESTA_MK_ULL(1)	/* whole TLB(s) */
#define VESTA_UVMF_INVLPG		VESTA_MK_ULL(2)	/* just this address */
#define VESTA_UVMF_FLUSHTYPE_MASK	VESTA_MK_ULL(3)
#define VESTA_UVMF_MULTI		VESTA_MK_ULL(0)	/* vCPUs in a bitmap */
#define VESTA_UVMF_LOCAL		VESTA_MK_ULL(0)	/* this vCPU */
#define VESTA_UVMF_ALL			VESTA_MK_ULL(4)	/* every vCPU */

/* console_io sub-ops. */
#define VESTA_CONSOLEIO_write		0
#define VESTA_CONSOLEIO_read		1

/* vm_assist commands and assist types (type = bit number). */
#define VESTA_VMASST_CMD_enable			0
#define VESTA_VMASST_CMD_disable		1
#define VESTA_VMASST_TYPE_4gb_segments		0
#define VESTA_VMASST_TYPE_4gb_segments_notify	1
#define VESTA_VMASST_TYPE_writable_pagetables	2
#define VESTA_VMASST_TYPE_pae_extended_cr3	3
#define VESTA_VMASST_TYPE_architectural_iopl	4
#define VESTA_VMASST_TYPE_runstate_update_flag	5
#define VESTA_VMASST_TYPE_m2p_strict		32

/* Domain ids. Ids from VESTA_DOMID_FIRST_RESERVED up are never domains. */
#define VESTA_DOMID_FIRST_RESERVED	0x7FF0U
#define VESTA_DOMID_SELF		0x7FF0U	/* the calling domain */
#define VESTA_DOMID_IO			0x7FF1U	/* owner of I/O memory */
#define VESTA_DOMID_XEN			0x7FF2U	/* the hypervisor itself */
#define VESTA_DOMID_COW			0x7FF3U	/* shared copy-on-write pages */
#define VESTA_DOMID_INVALID		0x7FF4U	/* no owner / no domain */
#define VESTA_DOMID_ANY			0x7FF5U	/* any domain (grants) */
#define VESTA_DOMID_IDLE		0x7FFFU	/* the idle domain */
#define VESTA_DOMID_MASK		0x7FFFU

/* shared_info holds this many vcpu_info slots (higher vCPUs register one). */
#define VESTA_LEGACY_MAX_VCPUS		32
#define VESTA_MAX_VIRT_CPUS		VESTA_LEGACY_MAX_VCPUS

/* vcpu_time_info.flags. */
#define VESTA_PVCLOCK_TSC_STABLE_BIT	(1 << 0) /* TSC is stable across CPUs */
#define VESTA_PVCLOCK_GUEST_STOPPED	(1 << 1) /* vCPU was paused */

/* start_info.magic and the sizes inside start_info. */
#define VESTA_START_INFO_MAGIC		"xen-3.0-x86_64"
#define VESTA_START_INFO_MAGIC_LEN	32
#define VESTA_MAX_GUEST_CMDLINE		1024

/* start_info.flags. */
#define VESTA_SIF_PRIVILEGED		(1 << 0) /* privileged domain */
#define VESTA_SIF_INITDOMAIN		(1 << 1) /* the initial domain (dom0) */
#define VESTA_SIF_MULTIBOOT_MOD		(1 << 2) /* mod_start: multiboot list */
#define VESTA_SIF_MOD_START_PFN		(1 << 3) /* mod_start is a PFN */
#define VESTA_SIF_VIRT_P2M_4TOOLS	(1 << 4) /* tools take a linear p2m */
#define VESTA_SIF_PM_MASK		(0xFF << 8) /* power management */

/* dom0_vga_console_info.video_type. */
#define VESTA_VGATYPE_TEXT_MODE_3	0x03
#define VESTA_VGATYPE_VESA_LFB		0x23
#define VESTA_VGATYPE_EFI_LFB		0x70

#ifndef __ASSEMBLER__

typedef uint64_t vesta_ulong_t;	/* a guest "unsigned long" */
typedef uint64_t vesta_pfn_t;	/* a frame number (PFN or MFN) */
typedef uint16_t vesta_domid_t;

/*
 * One mmu_update request. IN only. ptr is a machine address whose low two
 * bits hold a VESTA_MMU_* command.
 */
struct vesta_mmu_update {
	uint64_t ptr;		/* IN: target maddr | command */
	uint64_t val;		/* IN: new entry (or PFN for MACHPHYS) */
};
_Static_assert(sizeof(struct vesta_mmu_update) == 16, "mmu_update size");

/* One mmuext_op request. IN only; which arguments count depends on cmd. */
struct vesta_mmuext_op {
	uint32_t cmd;		/* IN: VESTA_MMUEXT_* */
	uint8_t pad[4];		/* padding */
	union {
		vesta_pfn_t mfn;	/* IN: table or page frame */
		uint64_t linear_addr;	/* IN: guest virtual address */
	} arg1;
	union {
		uint32_t nr_ents;	/* IN: SET_LDT entry count */
		uint64_t vcpumask;	/* IN: guest VA of a vCPU bitmap */
		vesta_pfn_t src_mfn;	/* IN: COPY_PAGE source frame */
	} arg2;
};
_Static_assert(sizeof(struct vesta_mmuext_op) == 24, "mmuext_op size");
_Static_assert(__builtin_offsetof(struct vesta_mmuext_op, arg1) == 8,
	       "mmuext_op.arg1");
_Static_assert(__builtin_offsetof(struct vesta_mmuext_op, arg2) == 16,
	       "mmuext_op.arg2");

/*
 * One multicall entry: the hypercall number and its arguments IN, its
 * return value OUT in result. The hypervisor uses only args[0..4].
 */
struct vesta_multicall_entry {
	vesta_ulong_t op;	/* IN: hypercall number */
	vesta_ulong_t result;	/* OUT: the hypercall's return value */
	vesta_ulong_t args[6];	/* IN: arguments, RDI RSI RDX R10 R8 R9 */
};
_Static_assert(sizeof(struct vesta_multicall_entry) == 64,
	       "multicall_entry size");
_Static_assert(__builtin_offsetof(struct vesta_multicall_entry, args) == 16,
	       "multicall_entry.args");

/*
 * pvclock record, written by the hypervisor (OUT to the guest). version is
 * odd while an update is in progress; read it before and after the other
 * fields and retry if it changed or was odd. Nanoseconds since boot are
 * system_time + (((tsc - tsc_timestamp) << tsc_shift) * tsc_to_system_mul
 * >> 32), where a negative tsc_shift means a right shift.
 */
struct vesta_vcpu_time_info {
	uint32_t version;		/* OUT: update sequence counter */
	uint32_t pad0;			/* padding */
	uint64_t tsc_timestamp;		/* OUT: TSC at the last update */
	uint64_t system_time;		/* OUT: ns since boot at that TSC */
	uint32_t tsc_to_system_mul;	/* OUT: 32.32 fixed-point scale */
	int8_t tsc_shift;		/* OUT: pre-scale shift */
	uint8_t flags;			/* OUT: VESTA_PVCLOCK_* */
	uint8_t pad1[2];		/* padding */
};
_Static_assert(sizeof(struct vesta_vcpu_time_info) == 32,
	       "vcpu_time_info size");
_Static_assert(__builtin_offsetof(struct vesta_vcpu_time_info,
				  tsc_to_system_mul) == 24,
	       "vcpu_time_info.tsc_to_system_mul");
_Static_assert(__builtin_offsetof(struct vesta_vcpu_time_info, flags) == 29,
	       "vcpu_time_info.flags");

/* x86 part of vcpu_info. cr2 is OUT: the address of the last #PF bounced. */
struct vesta_arch_vcpu_info {
	uint64_t cr2;		/* OUT: faulting address */
	uint64_t pad;		/* padding */
};
_Static_assert(sizeof(struct vesta_arch_vcpu_info) == 16,
	       "arch_vcpu_info size");

/*
 * Per-vCPU event and time state, in shared_info or wherever the guest
 * registered it (VCPUOP_register_vcpu_info). An upcall is delivered when
 * evtchn_upcall_pending is 1 and evtchn_upcall_mask is 0.
 */
struct vesta_vcpu_info {
	uint8_t evtchn_upcall_pending;	/* OUT: set by the hypervisor; */
					/* the guest clears it to scan */
	uint8_t evtchn_upcall_mask;	/* IN: the guest's "cli" flag */
	uint8_t pad[6];			/* padding */
	vesta_ulong_t evtchn_pending_sel; /* OUT: bit i = pending word i */
	struct vesta_arch_vcpu_info arch;
	struct vesta_vcpu_time_info time;
};
_Static_assert(sizeof(struct vesta_vcpu_info) == 64, "vcpu_info size");
_Static_assert(__builtin_offsetof(struct vesta_vcpu_info,
				  evtchn_upcall_mask) == 1,
	       "vcpu_info.evtchn_upcall_mask");
_Static_assert(__builtin_offsetof(struct vesta_vcpu_info,
				  evtchn_pending_sel) == 8,
	       "vcpu_info.evtchn_pending_sel");
_Static_assert(__builtin_offsetof(struct vesta_vcpu_info, arch) == 16,
	       "vcpu_info.arch");
_Static_assert(__builtin_offsetof(struct vesta_vcpu_info, time) == 32,
	       "vcpu_info.time");

/*
 * x86 part of shared_info. The guest writes these (IN) for the benefit of
 * the toolstack (save, migration); the hypervisor leaves them alone except
 * nmi_reason, which it writes (OUT).
 */
struct vesta_arch_shared_info {
	uint64_t max_pfn;		/* IN: p2m entries in use */
	vesta_pfn_t pfn_to_mfn_frame_list_list; /* IN: 3-level p2m root */
	uint64_t nmi_reason;		/* OUT */
	uint64_t p2m_cr3;		/* IN: CR3 where p2m_vaddr is valid */
	uint64_t p2m_vaddr;		/* IN: linear p2m list, guest VA */
	uint64_t p2m_generation;	/* IN: odd while the p2m changes */
};
_Static_assert(sizeof(struct vesta_arch_shared_info) == 48,
	       "arch_shared_info size");

/* 2-level event channel bitmaps: 64 words of 64 bits. */
#define VESTA_EVTCHN_2L_WORDS	64

/*
 * The shared_info page. Pending bits are set by the hypervisor (OUT) and
 * cleared by the guest; mask bits are written only by the guest (IN).
 * The wallclock (wc_*) is OUT, versioned like vcpu_time_info, and gives
 * UTC at system time 0: seconds = wc_sec | (uint64_t)wc_sec_hi << 32.
 */
struct vesta_shared_info {
	struct vesta_vcpu_info vcpu_info[VESTA_LEGACY_MAX_VCPUS];
	vesta_ulong_t evtchn_pending[VESTA_EVTCHN_2L_WORDS]; /* OUT */
	vesta_ulong_t evtchn_mask[VESTA_EVTCHN_2L_WORDS];	/* IN */
	uint32_t wc_version;		/* OUT */
	uint32_t wc_sec;		/* OUT */
	uint32_t wc_nsec;		/* OUT */
	uint32_t wc_sec_hi;		/* OUT */
	struct vesta_arch_shared_info arch;
};
_Static_assert(sizeof(struct vesta_shared_info) == 3136,
	       "shared_info size");
_Static_assert(__builtin_offsetof(struct vesta_shared_info,
				  evtchn_pending) == 2048,
	       "shared_info.evtchn_pending");
_Static_assert(__builtin_offsetof(struct vesta_shared_info,
				  evtchn_mask) == 2560,
	       "shared_info.evtchn_mask");
_Static_assert(__builtin_offsetof(struct vesta_shared_info,
				  wc_version) == 3072,
	       "shared_info.wc_version");
_Static_assert(__builtin_offsetof(struct vesta_shared_info,
				  wc_sec_hi) == 3084,
	       "shared_info.wc_sec_hi");
_Static_assert(__builtin_offsetof(struct vesta_shared_info, arch) == 3088,
	       "shared_info.arch");

/*
 * start_info: written by the domain builder (OUT to the guest), pointed
 * at by RSI at entry. The fields up to console are rewritten on resume;
 * the rest only at first boot. For dom0 the console union says where the
 * dom0_vga_console_info sits (an offset into this page); for a domU it
 * names the console ring.
 */
struct vesta_start_info {
	char magic[VESTA_START_INFO_MAGIC_LEN]; /* VESTA_START_INFO_MAGIC */
	uint64_t nr_pages;		/* pages owned by the domain */
	uint64_t shared_info;		/* machine address of shared_info */
	uint32_t flags;			/* VESTA_SIF_* */
	uint8_t pad0[4];		/* padding */
	vesta_pfn_t store_mfn;		/* xenstore ring frame */
	uint32_t store_evtchn;		/* xenstore event channel */
	uint8_t pad1[4];		/* padding */
	union {
		struct {
			vesta_pfn_t mfn;	/* console ring frame */
			uint32_t evtchn;	/* console event channel */
			uint8_t pad[4];		/* padding */
		} domU;
		struct {
			uint32_t info_off;	/* vga info offset */
			uint32_t info_size;	/* vga info size */
		} dom0;
	} console;
	uint64_t pt_base;		/* guest VA of the bootstrap L4 */
	uint64_t nr_pt_frames;		/* bootstrap page-table frames */
	uint64_t mfn_list;		/* guest VA of the p2m array */
	uint64_t mod_start;		/* guest VA (or PFN) of the module */
	uint64_t mod_len;		/* module size in bytes */
	int8_t cmd_line[VESTA_MAX_GUEST_CMDLINE]; /* NUL-terminated */
	uint64_t first_p2m_pfn;		/* first PFN of the initial p2m */
	uint64_t nr_p2m_frames;		/* PFNs making up that p2m */
};
_Static_assert(sizeof(struct vesta_start_info) == 1168, "start_info size");
_Static_assert(__builtin_offsetof(struct vesta_start_info, nr_pages) == 32,
	       "start_info.nr_pages");
_Static_assert(__builtin_offsetof(struct vesta_start_info,
				  shared_info) == 40,
	       "start_info.shared_info");
_Static_assert(__builtin_offsetof(struct vesta_start_info, flags) == 48,
	       "start_info.flags");
_Static_assert(__builtin_offsetof(struct vesta_start_info, store_mfn) == 56,
	       "start_info.store_mfn");
_Static_assert(__builtin_offsetof(struct vesta_start_info,
				  store_evtchn) == 64,
	       "start_info.store_evtchn");
_Static_assert(__builtin_offsetof(struct vesta_start_info,
				  console.domU.mfn) == 72,
	       "start_info.console.domU.mfn");
_Static_assert(__builtin_offsetof(struct vesta_start_info,
				  console.domU.evtchn) == 80,
	       "start_info.console.domU.evtchn");
_Static_assert(__builtin_offsetof(struct vesta_start_info,
				  console.dom0.info_size) == 76,
	       "start_info.console.dom0.info_size");
_Static_assert(__builtin_offsetof(struct vesta_start_info, pt_base) == 88,
	       "start_info.pt_base");
_Static_assert(__builtin_offsetof(struct vesta_start_info, mod_len) == 120,
	       "start_info.mod_len");
_Static_assert(__builtin_offsetof(struct vesta_start_info, cmd_line) == 128,
	       "start_info.cmd_line");
_Static_assert(__builtin_offsetof(struct vesta_start_info,
				  first_p2m_pfn) == 1152,
	       "start_info.first_p2m_pfn");
_Static_assert(__builtin_offsetof(struct vesta_start_info,
				  nr_p2m_frames) == 1160,
	       "start_info.nr_p2m_frames");

/*
 * Dom0's boot display, written by the builder after start_info in the same
 * page (OUT to dom0). The union member is chosen by video_type.
 */
struct vesta_dom0_vga_console_info {
	uint8_t video_type;		/* VESTA_VGATYPE_* */
	uint8_t pad[3];			/* padding */
	union {
		struct {
			uint16_t font_height;	/* pixels */
			uint16_t cursor_x;	/* column */
			uint16_t cursor_y;	/* row */
			uint16_t rows;
			uint16_t columns;
		} text_mode_3;
		struct {
			uint16_t width;		/* pixels */
			uint16_t height;	/* pixels */
			uint16_t bytes_per_line;
			uint16_t bits_per_pixel;
			uint32_t lfb_base;	/* low 32 bits of the LFB */
			uint32_t lfb_size;	/* in 64 KiB units */
			uint8_t red_pos;
			uint8_t red_size;
			uint8_t green_pos;
			uint8_t green_size;
			uint8_t blue_pos;
			uint8_t blue_size;
			uint8_t rsvd_pos;
			uint8_t rsvd_size;
			uint32_t gbl_caps;	/* VBE capabilities */
			uint16_t mode_attrs;	/* VBE mode attributes */
			uint16_t pad;		/* padding */
			uint32_t ext_lfb_base;	/* high 32 bits of the LFB */
		} vesa_lfb;
	} u;
};
_Static_assert(sizeof(struct vesta_dom0_vga_console_info) == 40,
	       "dom0_vga_console_info size");
_Static_assert(__builtin_offsetof(struct vesta_dom0_vga_console_info,
				  u.vesa_lfb.lfb_base) == 12,
	       "dom0_vga_console_info.u.vesa_lfb.lfb_base");
_Static_assert(__builtin_offsetof(struct vesta_dom0_vga_console_info,
				  u.vesa_lfb.gbl_caps) == 28,
	       "dom0_vga_console_info.u.vesa_lfb.gbl_caps");
_Static_assert(__builtin_offsetof(struct vesta_dom0_vga_console_info,
				  u.vesa_lfb.ext_lfb_base) == 36,
	       "dom0_vga_console_info.u.vesa_lfb.ext_lfb_base");

#endif /* !__ASSEMBLER__ */

#endif /* VESTA_PUBLIC_VESTA_H */
