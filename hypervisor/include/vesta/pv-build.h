/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * The pure part of the 64-bit PV domain builder (pv-abi.md 1.3-1.6): where
 * the kernel, module, p2m list, start_info, xenstore and console pages,
 * bootstrap page tables and stack go in a new domain's pseudo-physical
 * and virtual address spaces; loading the kernel's PT_LOAD segments;
 * writing the bootstrap page tables, the p2m list, start_info and the
 * hypercall page. Guest memory is reached only through the caller's
 * struct pv_mem, so the same code serves the hypervisor (dom0 and test
 * domains at boot) and the toolstack (domUs). This module does not
 * allocate or scrub memory, parse or decompress the kernel (see elf.h,
 * bzimage.h, xz.h), type or pin page-table pages, fill the M2P table,
 * set up vCPU registers or print anything: problems are reported through
 * a struct diag.
 */
#ifndef VESTA_PV_BUILD_H
#define VESTA_PV_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vesta/diag.h>
#include <vesta/elf.h>

#define PV_PAGE_SIZE 4096u

/* Value of the *_pfn fields of struct pv_layout that do not apply. */
#define PV_NO_PFN (~0ull)

/* Largest domain accepted: 2^36 pages (256 TiB), a p2m list of 512 GiB. */
#define PV_MAX_NR_PAGES (1ull << 36)

/* The initial mapping must fit in the first 1 GiB above VIRT_BASE. */
#define PV_MAX_REGION (1ull << 30)

/* Bits of a page-table entry as this builder writes them. */
#define PV_PTE_PRESENT	(1ull << 0)
#define PV_PTE_RW	(1ull << 1)
#define PV_PTE_USER	(1ull << 2)
#define PV_PTE_ACCESSED	(1ull << 5)
#define PV_PTE_DIRTY	(1ull << 6)
#define PV_PTE_ADDR_MASK 0x000ffffffffff000ull

/* Non-leaf entries; leaves add DIRTY and lose RW for page-table pages. */
#define PV_PTE_TABLE (PV_PTE_PRESENT | PV_PTE_RW | PV_PTE_USER | \
		      PV_PTE_ACCESSED)
#define PV_PTE_LEAF_RW (PV_PTE_TABLE | PV_PTE_DIRTY)
#define PV_PTE_LEAF_RO (PV_PTE_LEAF_RW & ~PV_PTE_RW)

/* L4 slots the hypervisor owns in every PV guest's L4 (256-271). */
#define PV_HV_L4_FIRST 256
#define PV_HV_L4_COUNT 16

/* What to build. IN for every function below. */
struct pv_build_params {
	const struct elf_image *elf;	/* parsed vmlinux (decompressed) */
	const struct xen_elf_info *info; /* its notes, xen_elf_check()ed */
	uint64_t nr_pages;	/* domain memory: PFNs 0..nr_pages-1, RAM */
	uint64_t module_len;	/* initrd bytes; 0 = none */
	bool is_dom0;		/* dom0: no xenstore/console pages,
				 * SIF_PRIVILEGED|SIF_INITDOMAIN */
};

/*
 * Where everything goes. OUT of pv_layout_compute(), IN for the rest.
 * Virtual addresses are guest-virtual; inside the region,
 * virt = virt_base + pfn * 4096. PFNs are pseudo-physical.
 */
struct pv_layout {
	uint64_t nr_pages;		/* copy of the parameter */
	uint64_t virt_base;		/* VIRT_BASE, 0 without the note */
	uint64_t kernel_start, kernel_end;  /* image, byte-exact virtual */
	uint64_t entry;			/* initial RIP */
	/* Module: PV_NO_PFN / 0 pages / virt 0 when there is none. */
	uint64_t mod_pfn, mod_pages;
	uint64_t mod_virt;		/* 0 when passed by PFN */
	bool mod_by_pfn;		/* MOD_START_PFN honoured */
	/* p2m list: p2m_pages pages from p2m_pfn, mapped at p2m_virt. */
	uint64_t p2m_virt, p2m_pfn, p2m_pages;
	bool p2m_at_init_p2m;		/* at the INIT_P2M address */
	/*
	 * INIT_P2M only: the L3, L2s and L1s mapping the p2m list, in that
	 * order; they come first in the block of first_p2m_pfn /
	 * nr_p2m_frames (p2m_pt_pfn .. p2m_pfn + p2m_pages). Otherwise
	 * PV_NO_PFN / 0.
	 */
	uint64_t p2m_pt_pfn, p2m_pt_pages;
	uint64_t start_info_pfn, start_info_virt;
	uint64_t store_pfn, console_pfn;	/* domU only, else PV_NO_PFN */
	/* Bootstrap tables: L4, then the L3s, L2s, L1s; pt_virt = pt_base. */
	uint64_t pt_pfn, pt_pages, pt_virt;
	uint64_t pt_l3, pt_l2, pt_l1;		/* how many of each */
	uint64_t stack_pfn, stack_top;	/* initial RSP = stack_top */
	/* End of the mapped region: 4 MiB aligned, >= 512 KiB slack. */
	uint64_t region_end;
	uint64_t region_pages;	/* PFNs 0..region_pages-1 are mapped */
	uint64_t hypercall_page_pfn;	/* PV_NO_PFN without the note */
	uint64_t used_pages;	/* PFNs 0..used_pages-1 hold all above */
};

/*
 * Guest memory, provided by the caller. Frames must already be scrubbed:
 * the builder writes only what it lays out (image, module, tables, p2m,
 * start_info), not the pages below the image, the xenstore and console
 * pages, the stack or the padding.
 */
struct pv_mem {
	void *ctx;
	/* Machine frame backing @pfn (< nr_pages); must be < 2^40. */
	uint64_t (*pfn_to_mfn)(void *ctx, uint64_t pfn);
	/* Writable pointer to the 4 KiB page of @pfn (< nr_pages). */
	void *(*map)(void *ctx, uint64_t pfn);
};

/* Per-domain values for start_info that the layout does not decide. */
struct pv_start_info_extra {
	uint64_t shared_info_maddr;	/* machine address of shared_info */
	uint32_t flags;			/* more SIF_* bits (SIF_PM) */
	const char *cmdline;		/* NUL-terminated; NULL = empty */
	uint32_t store_evtchn;		/* domU */
	uint32_t console_evtchn;	/* domU */
	const void *vga_info;		/* dom0: console info, or NULL */
	uint32_t vga_info_size;		/* bytes at vga_info */
};

/*
 * pv_layout_compute() - Decide where everything of a new PV domain goes.
 * @p:  what to build; @p->elf and @p->info must be valid, @p->info having
 *      passed xen_elf_check()
 * @l:  out: the layout
 * @dg: every refusal is reported with a message naming the sizes or
 *      addresses involved; may be NULL
 *
 * The region starts at VIRT_BASE (virtual 0 without the note) and maps
 * PFN 0 upwards 1:1. It holds, each page aligned: the kernel (from PFN
 * 0 up to the end of its image), the module unless MOD_START_PFN is
 * set, the p2m list unless INIT_P2M is set, start_info, for a domU the
 * xenstore and console pages, the bootstrap page tables (their count
 * found by iterating to a fixed point, since they map themselves), one
 * stack page, and padding to a 4 MiB boundary leaving at least 512 KiB
 * spare. After the region come the module when passed by PFN, then with
 * INIT_P2M the tables mapping the p2m list followed by the list itself.
 *
 * Refused: no computable image layout (an image below VIRT_BASE); an
 * unaligned VIRT_BASE; an entry point or hypercall page outside the
 * image; a region that wraps, is not canonical or touches the
 * hypervisor's range (L4 slots 256-271); a region larger than
 * PV_MAX_REGION; an INIT_P2M address that is unaligned, not canonical,
 * in the hypervisor's range, in an L4 slot the region uses, or whose
 * list would cross an L4 slot; nr_pages 0 or above PV_MAX_NR_PAGES; a
 * total that does not fit in nr_pages.
 *
 * Context: any; pure. O(1) apart from a fixed-point loop bounded by the
 * number of page tables a 1 GiB region needs.
 * Return: 0; -EINVAL bad image layout, notes or parameters as above;
 *         -E2BIG region above PV_MAX_REGION; -ENOMEM does not fit in
 *         nr_pages. On error *@l is unspecified.
 */
int pv_layout_compute(const struct pv_build_params *p, struct pv_layout *l,
		      const struct diag *dg)
	__attribute__((__warn_unused_result__));

/*
 * pv_load_kernel() - Copy the kernel into guest memory.
 * @p, @l: as passed to and computed by pv_layout_compute()
 * @m:     guest memory
 * @dg:    reports; may be NULL
 *
 * Every page of the image's PFN range is written in full: segment bytes
 * at p_paddr - PADDR_OFFSET, zeros for bss and for gaps between
 * segments. If the kernel has a HYPERCALL_PAGE note, that page is then
 * overwritten by pv_write_hypercall_page(). Pages outside the image are
 * not touched.
 *
 * Context: any; pure apart from writes through @m.
 * Return: 0; -EINVAL a segment outside the layout's image range (the
 *         layout does not belong to @p).
 */
int pv_load_kernel(const struct pv_build_params *p, const struct pv_layout *l,
		   const struct pv_mem *m, const struct diag *dg)
	__attribute__((__warn_unused_result__));

/*
 * pv_load_module() - Copy the module (initrd) to its pages.
 * @l:    from pv_layout_compute()
 * @m:    guest memory
 * @data: @len bytes; @len must equal the module_len given to the layout
 *
 * The tail of the last page is zeroed. A caller that hands the module's
 * own frames to the guest (pfn_to_mfn mapping mod_pfn.. onto them) skips
 * this call.
 *
 * Context: any; pure apart from writes through @m.
 * Return: 0; -EINVAL @len does not match the layout.
 */
int pv_load_module(const struct pv_layout *l, const struct pv_mem *m,
		   const void *data, uint64_t len)
	__attribute__((__warn_unused_result__));

/*
 * pv_build_pagetables() - Write the bootstrap page tables.
 * @l:     from pv_layout_compute()
 * @m:     guest memory
 * @hv_l4: the hypervisor's entries for L4 slots 256-271, copied verbatim
 *         (a linear self-map, if any, must be computed by the caller from
 *         pt_pfn)
 * @dg:    reports; may be NULL
 *
 * The region's PFNs are mapped at virt_base + pfn * 4096 with 4 KiB pages
 * only, every entry PRESENT|USER|ACCESSED and RW, leaves also DIRTY,
 * except that the page-table pages are mapped read-only. With INIT_P2M
 * the p2m list is also mapped at its address by the tables in p2m_pt_pfn
 * (those tables are not mapped anywhere). No entry has G, PSE or NX.
 * Entries hold machine addresses from @m->pfn_to_mfn. All table pages are
 * cleared first; nothing else is written.
 *
 * Context: any; pure apart from writes through @m.
 * Return: 0; -EINVAL an MFN from @m at or above 2^40 (reported).
 */
int pv_build_pagetables(const struct pv_layout *l, const struct pv_mem *m,
			const uint64_t hv_l4[PV_HV_L4_COUNT],
			const struct diag *dg)
	__attribute__((__warn_unused_result__));

/*
 * pv_fill_p2m() - Write the p2m list: entry pfn = MFN of pfn for every
 * pfn < nr_pages, ~0 in the unused tail of the last page.
 * Context: any; pure apart from writes through @m.
 */
void pv_fill_p2m(const struct pv_layout *l, const struct pv_mem *m);

/*
 * pv_fill_start_info() - Write the start_info page.
 * @page: the page at start_info_pfn (4096 bytes); cleared first
 * @p, @l: as for pv_layout_compute()
 * @m:    guest memory, for the MFNs of the xenstore and console pages
 * @x:    the values the layout does not decide
 * @dg:   reports; may be NULL
 *
 * Fills magic "xen-3.0-x86_64", nr_pages, shared_info, flags (dom0:
 * SIF_PRIVILEGED|SIF_INITDOMAIN; SIF_MOD_START_PFN with a module passed
 * by PFN; plus @x->flags), store and console MFN and event channel for a
 * domU, the dom0 console info (copied right after the structure, 8-byte
 * aligned) for dom0, pt_base, nr_pt_frames, mfn_list, mod_start (a
 * virtual address or a PFN, 0 without module), mod_len, cmd_line,
 * first_p2m_pfn and nr_p2m_frames (the INIT_P2M block; 0 otherwise).
 *
 * Context: any; pure apart from writes to @page.
 * Return: 0; -E2BIG the command line (with its NUL) exceeds cmd_line, or
 *         the console info does not fit in the page. Nothing is written
 *         on error.
 */
int pv_fill_start_info(void *page, const struct pv_build_params *p,
		       const struct pv_layout *l, const struct pv_mem *m,
		       const struct pv_start_info_extra *x,
		       const struct diag *dg)
	__attribute__((__warn_unused_result__));

/*
 * pv_write_hypercall_page() - Fill a hypercall page: 128 stubs of 32
 * bytes. Stub i: push %rcx; push %r11; mov $i,%eax; syscall; pop %r11;
 * pop %rcx; ret. Stub 23 (iret): push %rcx; push %r11; push %rax;
 * mov $23,%eax; syscall. Unused bytes are int3 (0xcc).
 * Context: any; pure.
 */
void pv_write_hypercall_page(uint8_t page[PV_PAGE_SIZE]);

#endif /* VESTA_PV_BUILD_H */
