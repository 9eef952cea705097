/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * ELF64 x86-64 executables as the PV domain builder sees them: header and
 * program header validation, iteration over the loadable segments, the
 * Xen ELF notes (PT_NOTE segments, or SHT_NOTE sections when no segment
 * carries any) decoded into struct xen_elf_info, and the builder's rules
 * for refusing a kernel. Pure: the image is only read, never copied,
 * relocated or loaded; page tables, start_info and the hypercall page are
 * the builder's business.
 */
#ifndef VESTA_ELF_H
#define VESTA_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vesta/diag.h>

/* Largest e_phnum / e_shnum accepted; Linux's vmlinux has about 5 / 80. */
#define ELF_MAX_PHNUM 64
#define ELF_MAX_SHNUM 4096

/* p_flags bits. */
#define ELF_PF_X 1u
#define ELF_PF_W 2u
#define ELF_PF_R 4u

/* A validated image; filled by elf_parse(), read-only afterwards. */
struct elf_image {
	const uint8_t *data;	/* the file, still owned by the caller */
	size_t len;
	uint64_t entry;		/* e_entry */
	uint64_t phoff;		/* program headers, inside the file */
	unsigned int phnum;
	unsigned int nr_load;	/* PT_LOAD segments with p_memsz != 0 */
	/* [start, end) hulls of those segments' virtual / physical ranges. */
	uint64_t vstart, vend;
	uint64_t pstart, pend;
};

/* One loadable segment, as returned by elf_load_segment(). */
struct elf_segment {
	uint64_t vaddr, paddr;	/* p_vaddr, p_paddr */
	uint64_t memsz;		/* > 0; zero-filled past filesz */
	uint64_t filesz;	/* <= memsz */
	const uint8_t *data;	/* filesz bytes inside elf_image.data */
	uint32_t flags;		/* ELF_PF_* */
};

/*
 * elf_parse() - Validate an ELF64 x86-64 executable.
 * @elf:  out: the validated image
 * @data: the file; must stay valid and unchanged while @elf is used
 * @len:  its size in bytes
 * @dg:   problems found are reported here, one message each; may be NULL
 *
 * Checks: ELF magic; class ELF64, little endian, version 1, e_machine
 * EM_X86_64, e_type ET_EXEC; e_phentsize 56; 1 <= e_phnum <= ELF_MAX_PHNUM
 * and the program header table inside the file. For each PT_LOAD segment:
 * p_filesz <= p_memsz, [p_offset, +p_filesz) inside the file, neither
 * [p_vaddr, +p_memsz) nor [p_paddr, +p_memsz) wrapping past 2^64, and no
 * two segments overlapping in virtual or in physical space. For each
 * PT_NOTE segment: [p_offset, +p_filesz) inside the file. At least one
 * PT_LOAD with p_memsz != 0 must exist; empty ones are ignored. The file
 * ranges of other segment types are not checked, because nothing here or
 * in the builder reads them; nor is p_align, because the builder places
 * segments by address, never by file offset congruence.
 *
 * Context: any; pure. O(e_phnum^2) time.
 * Return: 0; -ENOEXEC not an ELF file, or an ELF file of another class,
 *         byte order, machine or type; -EINVAL malformed as above. On
 *         error *@elf is unspecified.
 */
int elf_parse(struct elf_image *elf, const uint8_t *data, size_t len,
	      const struct diag *dg)
	__attribute__((__warn_unused_result__));

/*
 * elf_load_segment() - The @n-th (from 0) non-empty PT_LOAD segment of a
 * parsed image, in program header order.
 * Context: any; pure. O(e_phnum).
 * Return: 0 and *@seg filled; -ENOENT if @n >= @elf->nr_load.
 */
int elf_load_segment(const struct elf_image *elf, unsigned int n,
		     struct elf_segment *seg)
	__attribute__((__warn_unused_result__));

/* Xen ELF note types (Xen's public elfnote.h numbering). */
enum xen_elfnote {
	XEN_ELFNOTE_INFO = 0,
	XEN_ELFNOTE_ENTRY = 1,
	XEN_ELFNOTE_HYPERCALL_PAGE = 2,
	XEN_ELFNOTE_VIRT_BASE = 3,
	XEN_ELFNOTE_PADDR_OFFSET = 4,
	XEN_ELFNOTE_XEN_VERSION = 5,
	XEN_ELFNOTE_GUEST_OS = 6,
	XEN_ELFNOTE_GUEST_VERSION = 7,
	XEN_ELFNOTE_LOADER = 8,
	XEN_ELFNOTE_PAE_MODE = 9,
	XEN_ELFNOTE_FEATURES = 10,
	XEN_ELFNOTE_BSD_SYMTAB = 11,
	XEN_ELFNOTE_HV_START_LOW = 12,
	XEN_ELFNOTE_L1_MFN_VALID = 13,
	XEN_ELFNOTE_SUSPEND_CANCEL = 14,
	XEN_ELFNOTE_INIT_P2M = 15,
	XEN_ELFNOTE_MOD_START_PFN = 16,
	XEN_ELFNOTE_SUPPORTED_FEATURES = 17,
	XEN_ELFNOTE_PHYS32_ENTRY = 18,
	XEN_ELFNOTE_PHYS32_RELOC = 19,
};

/*
 * Feature bit numbers as in Xen's public features.h (XENFEAT_<name>); the
 * FEATURES note names them without the prefix. Bit 12 (grant_map_identity)
 * is deprecated upstream but still recognised by name.
 */
#define XEN_FEAT_writable_page_tables		0
#define XEN_FEAT_writable_descriptor_tables	1
#define XEN_FEAT_auto_translated_physmap	2
#define XEN_FEAT_supervisor_mode_kernel		3
#define XEN_FEAT_pae_pgdir_above_4gb		4
#define XEN_FEAT_mmu_pt_update_preserve_ad	5
#define XEN_FEAT_highmem_assist			6
#define XEN_FEAT_gnttab_map_avail_bits		7
#define XEN_FEAT_hvm_callback_vector		8
#define XEN_FEAT_hvm_safe_pvclock		9
#define XEN_FEAT_hvm_pirqs			10
#define XEN_FEAT_dom0				11
#define XEN_FEAT_grant_map_identity		12
#define XEN_FEAT_memory_op_vnode_supported	13
#define XEN_FEAT_ARM_SMCCC_supported		14
#define XEN_FEAT_linux_rsdp_unrestricted	15
#define XEN_FEAT_not_direct_mapped		16
#define XEN_FEAT_direct_mapped			17
#define XEN_FEAT_runstate_phys_area		18
#define XEN_FEAT_vcpu_time_phys_area		19
#define XEN_FEAT_dm_msix_all_writes		20
#define XEN_FEAT_NR				21

#define XEN_ELF_STR_MAX 32		/* buffer size of the short strings */
#define XEN_ELF_FEATURES_MAX 256	/* buffer size of .features */

/*
 * The Xen notes of a kernel. A has_* flag says whether the note was
 * present; the value next to it is 0 when it was not. Strings are
 * NUL-terminated and empty when their note is absent.
 */
struct xen_elf_info {
	/* ENTRY if has_entry, otherwise the ELF e_entry (see xen_elf_check). */
	uint64_t entry;
	uint64_t hypercall_page;	/* HYPERCALL_PAGE, a virtual address */
	uint64_t virt_base;		/* VIRT_BASE; 0 when absent */
	uint64_t paddr_offset;		/* PADDR_OFFSET; 0 when absent */
	uint64_t init_p2m;		/* INIT_P2M */
	uint64_t hv_start_low;		/* HV_START_LOW (32-bit guests) */
	uint64_t phys32_entry;		/* PHYS32_ENTRY (PVH) */
	/* First (mask, value) pair of L1_MFN_VALID. */
	uint64_t l1_mfn_valid_mask, l1_mfn_valid_value;
	/*
	 * Guest virtual range the loaded image occupies: the physical hull
	 * of the PT_LOAD segments moved by virt_base - paddr_offset. Valid
	 * only when has_layout; the hull start below paddr_offset or an end
	 * wrapping past 2^64 clears it.
	 */
	uint64_t virt_kstart, virt_kend;
	uint32_t supported_features;	/* SUPPORTED_FEATURES bitmap */
	uint32_t features_named;	/* every known name in FEATURES */
	uint32_t required_features;	/* FEATURES names marked '!' */
	bool has_xen_notes;		/* at least one note named "Xen" */
	bool has_entry, has_hypercall_page, has_virt_base, has_paddr_offset;
	bool has_init_p2m, has_hv_start_low, has_phys32_entry;
	bool has_l1_mfn_valid, has_supported_features, has_bsd_symtab;
	bool has_layout;
	/* MOD_START_PFN / SUSPEND_CANCEL present with a value != 0. */
	bool mod_start_pfn, suspend_cancel;
	char guest_os[XEN_ELF_STR_MAX];
	char guest_version[XEN_ELF_STR_MAX];
	char xen_version[XEN_ELF_STR_MAX];
	char loader[XEN_ELF_STR_MAX];
	char pae_mode[XEN_ELF_STR_MAX];
	char features[XEN_ELF_FEATURES_MAX];	/* raw FEATURES string */
};

/*
 * xen_elf_parse_notes() - Decode the Xen notes of a parsed image.
 * @elf:  from elf_parse()
 * @info: out: the notes
 * @dg:   reports; may be NULL
 *
 * Every PT_NOTE segment is walked; only if none holds a note named "Xen"
 * are the SHT_NOTE sections walked instead (when there is a section header
 * table at all). Notes are 4-byte aligned (8-byte in an area whose
 * alignment is 8); the area must start aligned, a note's name and
 * descriptor must lie inside the area, and only the final note's trailing
 * padding may be cut off. Notes with other names are skipped. Numeric
 * notes must have a 4- or 8-byte descriptor (little endian); L1_MFN_VALID
 * an 8-byte (two 32-bit) or a multiple of 16 bytes (64-bit pairs)
 * descriptor; SUPPORTED_FEATURES keeps the low 32 bits of an 8-byte
 * value. String notes must hold a NUL inside the descriptor and fit
 * their buffer with it. A repeated note replaces the earlier one and is
 * reported. FEATURES is split at '|' into known names (bits in
 * features_named, plus required_features for names starting with '!');
 * unknown names are reported and ignored. INFO, PAE_MODE's meaning,
 * BSD_SYMTAB's value, PHYS32_RELOC and unknown note types are ignored
 * (unknown types reported).
 *
 * Context: any; pure. Linear in the size of the note areas.
 * Return: 0 (also when there are no Xen notes: see has_xen_notes);
 *         -EINVAL for a malformed note area or Xen note as above, or a
 *         malformed section header table when it has to be read.
 */
int xen_elf_parse_notes(const struct elf_image *elf,
			struct xen_elf_info *info, const struct diag *dg)
	__attribute__((__warn_unused_result__));

/*
 * xen_elf_check() - Apply the PV domain builder's rules to a kernel.
 * @info:            from xen_elf_parse_notes()
 * @offered_features: XENFEAT bits this hypervisor provides to the guest
 * @as_dom0:         the kernel is to become the hardware domain
 * @dg:              every refusal is reported with a message naming the
 *                   problem; a kernel without an ENTRY note is reported
 *                   (the ELF e_entry is used) but accepted
 *
 * Rules: Xen notes present; LOADER "generic"; XEN_VERSION "xen-3.0";
 * GUEST_OS present and non-empty; the image's virtual range computable
 * (has_layout) and holding the entry point; HYPERCALL_PAGE, if present,
 * page aligned with its whole page inside that range; no required feature
 * missing from @offered_features; and as dom0, the dom0 feature (bit 11)
 * in SUPPORTED_FEATURES or named in FEATURES.
 *
 * Context: any; pure.
 * Return: 0 accepted; -ENOEXEC no Xen notes (not a PV kernel); -EINVAL
 *         bad or missing LOADER, XEN_VERSION or GUEST_OS, or an entry,
 *         hypercall page or layout outside the image; -EOPNOTSUPP a
 *         required feature is not offered, or dom0 is asked of a kernel
 *         that does not support it. The first failing rule in the order
 *         above decides.
 */
int xen_elf_check(const struct xen_elf_info *info, uint32_t offered_features,
		  bool as_dom0, const struct diag *dg)
	__attribute__((__warn_unused_result__));

/*
 * xen_elf_feature_name() - The FEATURES name of XENFEAT bit @bit, or NULL
 * if the bit has no name here.
 */
const char *xen_elf_feature_name(unsigned int bit);

#endif /* VESTA_ELF_H */
