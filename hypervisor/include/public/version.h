/* SPDX-License-Identifier: MIT */
/*
 * xen_version (hypercall 17) sub-ops, their result buffers, and the
 * XENFEAT feature bits reported by XENVER_get_features. Numbers, buffer
 * sizes and bit numbers are Xen's. XENVER_version returns major << 16 |
 * minor and XENVER_pagesize the page size directly; every other sub-op
 * returns 0 and fills the buffer. Which features a given guest is told
 * about is policy, not described here (see pv-abi.md 2.8).
 */
#ifndef VESTA_PUBLIC_VERSION_H
#define VESTA_PUBLIC_VERSION_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

#define VESTA_XENVER_version		0	/* no argument */
#define VESTA_XENVER_extraversion	1	/* char[16] */
#define VESTA_XENVER_compile_info	2	/* vesta_compile_info */
#define VESTA_XENVER_capabilities	3	/* char[1024] */
#define VESTA_XENVER_changeset		4	/* char[64] */
#define VESTA_XENVER_platform_parameters 5	/* vesta_platform_parameters */
#define VESTA_XENVER_get_features	6	/* vesta_feature_info */
#define VESTA_XENVER_pagesize		7	/* no argument */
#define VESTA_XENVER_guest_handle	8	/* uint8_t[16] domain handle */
#define VESTA_XENVER_commandline	9	/* char[1024] */
#define VESTA_XENVER_build_id		10	/* vesta_build_id */
#define VESTA_XENVER_extraversion2	11	/* vesta_varbuf */
#define VESTA_XENVER_capabilities2	12	/* vesta_varbuf */
#define VESTA_XENVER_changeset2		13	/* vesta_varbuf */
#define VESTA_XENVER_commandline2	14	/* vesta_varbuf */

/* Sizes of the fixed string buffers (NUL-terminated, OUT). */
#define VESTA_XENVER_EXTRAVERSION_LEN	16
#define VESTA_XENVER_CAPABILITIES_LEN	1024
#define VESTA_XENVER_CHANGESET_LEN	64
#define VESTA_XENVER_COMMANDLINE_LEN	1024
#define VESTA_XENVER_DOMAIN_HANDLE_LEN	16

/*
 * XENFEAT bit numbers in submap 0 (the only submap). The same numbers as
 * XEN_FEAT_* in vesta/elf.h, which the ELF-note parser uses.
 */
#define VESTA_FEAT_writable_page_tables		0
#define VESTA_FEAT_writable_descriptor_tables	1
#define VESTA_FEAT_auto_translated_physmap	2
#define VESTA_FEAT_supervisor_mode_kernel	3
#define VESTA_FEAT_pae_pgdir_above_4gb		4
#define VESTA_FEAT_mmu_pt_update_preserve_ad	5
#define VESTA_FEAT_highmem_assist		6
#define VESTA_FEAT_gnttab_map_avail_bits	7
#define VESTA_FEAT_hvm_callback_vector		8
#define VESTA_FEAT_hvm_safe_pvclock		9
#define VESTA_FEAT_hvm_pirqs			10
#define VESTA_FEAT_dom0				11
#define VESTA_FEAT_grant_map_identity		12 /* deprecated, never set */
#define VESTA_FEAT_memory_op_vnode_supported	13
#define VESTA_FEAT_ARM_SMCCC_supported		14
#define VESTA_FEAT_linux_rsdp_unrestricted	15
#define VESTA_FEAT_not_direct_mapped		16
#define VESTA_FEAT_direct_mapped		17
#define VESTA_FEAT_runstate_phys_area		18
#define VESTA_FEAT_vcpu_time_phys_area		19
#define VESTA_FEAT_dm_msix_all_writes		20
#define VESTA_FEAT_NR_SUBMAPS			1

#ifndef __ASSEMBLER__

/* XENVER_compile_info. OUT only; every string NUL-terminated. */
struct vesta_compile_info {
	char compiler[64];	/* OUT */
	char compile_by[16];	/* OUT */
	char compile_domain[32]; /* OUT */
	char compile_date[32];	/* OUT */
};
_Static_assert(sizeof(struct vesta_compile_info) == 144,
	       "compile_info size");
_Static_assert(__builtin_offsetof(struct vesta_compile_info,
				  compile_date) == 112,
	       "compile_info.compile_date");

/* XENVER_platform_parameters. OUT only. */
struct vesta_platform_parameters {
	uint64_t virt_start;	/* OUT: start of the hypervisor hole */
};
_Static_assert(sizeof(struct vesta_platform_parameters) == 8,
	       "platform_parameters size");

/* XENVER_get_features. */
struct vesta_feature_info {
	uint32_t submap_idx;	/* IN: which 32-bit submap */
	uint32_t submap;	/* OUT: its bits (VESTA_FEAT_*) */
};
_Static_assert(sizeof(struct vesta_feature_info) == 8, "feature_info size");
_Static_assert(__builtin_offsetof(struct vesta_feature_info, submap) == 4,
	       "feature_info.submap");

/*
 * XENVER_build_id and the *2 sub-ops: a length-prefixed buffer. len is the
 * size of buf (IN); the result is the number of bytes written. buf is a
 * flexible array: the caller's buffer continues past the header.
 */
struct vesta_varbuf {
	uint32_t len;		/* IN: bytes available in buf */
	uint8_t buf[];		/* OUT */
};
_Static_assert(sizeof(struct vesta_varbuf) == 4, "varbuf size");

/* XENVER_build_id: the same layout under its own name. */
struct vesta_build_id {
	uint32_t len;		/* IN: bytes available in buf */
	uint8_t buf[];		/* OUT: the build id */
};
_Static_assert(sizeof(struct vesta_build_id) == 4, "build_id size");

#endif /* !__ASSEMBLER__ */

#endif /* VESTA_PUBLIC_VERSION_H */
