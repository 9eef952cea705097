/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Pure half of the 64-bit PV domain builder: the layout of a new domain's
 * first pages (pv-abi.md 1.3), and writing the kernel, module, bootstrap
 * page tables, p2m list, start_info (1.5) and hypercall page (1.6) into
 * guest memory reached through the caller's struct pv_mem. The kernel's
 * notes come from xen_elf_parse_notes() and are re-checked here only as
 * far as the layout depends on them. This file neither allocates,
 * scrubs, types nor pins guest frames, nor touches the M2P table, vCPU
 * state or shared_info; that is the caller's job.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <public/vesta.h>
#include <vesta/errno.h>
#include <vesta/pv-build.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	4096ull
#define ENTRIES		512u
#define L4_SHIFT	39
#define L3_SHIFT	30
#define L2_SHIFT	21
#define REGION_ALIGN	(4ull << 20)
#define REGION_SLACK	(512ull << 10)
#define LOWER_HALF_END	(1ull << 47)
#define MAX_MFN		(1ull << 40)
/* A 1 GiB region needs at most 1 L4, 2 L3, 2 L2 and 513 L1 tables. */
#define MAX_PT_PAGES	1024u

#define ULL(x) ((unsigned long long)(x))

static uint64_t pages_of(uint64_t bytes)
{
	return (bytes >> PAGE_SHIFT) + !!(bytes & (PAGE_SIZE - 1));
}

/* Aligned 2^@shift blocks that [@va, @va + @size) touches; @size > 0. */
static uint64_t blocks(uint64_t va, uint64_t size, unsigned int shift)
{
	return ((va + size - 1) >> shift) - (va >> shift) + 1;
}

/*
 * [@va, @va + @size) is non-empty, does not wrap, is canonical and stays
 * clear of the hypervisor's L4 slots 256-271 (which start the upper half,
 * so an upper-half range must start at or above their end).
 */
static bool range_ok(uint64_t va, uint64_t size)
{
	uint64_t last;

	if (!size || size - 1 > UINT64_MAX - va)
		return false;
	last = va + size - 1;
	return last < LOWER_HALF_END || va >= VESTA_HYPERVISOR_VIRT_END;
}

/* ---- layout ------------------------------------------------------- */

static int check_image(const struct xen_elf_info *in, const struct diag *dg)
{
	uint64_t hp = in->hypercall_page;
	uint64_t first_page = in->virt_kstart & ~(PAGE_SIZE - 1);

	if (!in->has_layout || in->virt_kstart < in->virt_base ||
	    in->virt_kend <= in->virt_kstart) {
		diag_report(dg, "pv-build: the image cannot be placed at or above VIRT_BASE %#llx",
			    ULL(in->virt_base));
		return -EINVAL;
	}
	if (in->virt_base & (PAGE_SIZE - 1)) {
		diag_report(dg, "pv-build: VIRT_BASE %#llx is not page aligned",
			    ULL(in->virt_base));
		return -EINVAL;
	}
	if (in->entry < in->virt_kstart || in->entry >= in->virt_kend) {
		diag_report(dg, "pv-build: entry %#llx outside the image [%#llx, %#llx)",
			    ULL(in->entry), ULL(in->virt_kstart),
			    ULL(in->virt_kend));
		return -EINVAL;
	}
	if (in->has_hypercall_page &&
	    ((hp & (PAGE_SIZE - 1)) || hp < first_page ||
	     hp >= in->virt_kend)) {
		diag_report(dg, "pv-build: HYPERCALL_PAGE %#llx is not a page of the image [%#llx, %#llx)",
			    ULL(hp), ULL(in->virt_kstart), ULL(in->virt_kend));
		return -EINVAL;
	}
	return 0;
}

static int place_kernel(const struct pv_build_params *p, struct pv_layout *l,
			uint64_t *next_pfn, const struct diag *dg)
{
	const struct xen_elf_info *in = p->info;
	uint64_t span;
	int rc;

	rc = check_image(in, dg);
	if (rc)
		return rc;
	span = in->virt_kend - in->virt_base;
	if (span > PV_MAX_REGION) {
		diag_report(dg, "pv-build: the image ends %#llx bytes above VIRT_BASE; everything must fit in the first %#llx",
			    ULL(span), ULL(PV_MAX_REGION));
		return -E2BIG;
	}
	l->virt_base = in->virt_base;
	l->kernel_start = in->virt_kstart;
	l->kernel_end = in->virt_kend;
	l->entry = in->entry;
	l->hypercall_page_pfn = PV_NO_PFN;
	if (in->has_hypercall_page)
		l->hypercall_page_pfn = (in->hypercall_page - in->virt_base) >>
					PAGE_SHIFT;
	*next_pfn = pages_of(span);
	return 0;
}

/* Module (if mapped), p2m (if in the region), start_info, xenstore, console. */
static uint64_t place_items(const struct pv_build_params *p,
			    struct pv_layout *l, uint64_t pfn)
{
	if (p->module_len && !l->mod_by_pfn) {
		l->mod_pfn = pfn;
		l->mod_pages = pages_of(p->module_len);
		l->mod_virt = l->virt_base + (pfn << PAGE_SHIFT);
		pfn += l->mod_pages;
	}
	if (!l->p2m_at_init_p2m) {
		l->p2m_pfn = pfn;
		l->p2m_virt = l->virt_base + (pfn << PAGE_SHIFT);
		pfn += l->p2m_pages;
	}
	l->start_info_pfn = pfn++;
	if (!p->is_dom0) {
		l->store_pfn = pfn++;
		l->console_pfn = pfn++;
	}
	return pfn;
}

static uint64_t tables_for(uint64_t va, uint64_t size)
{
	return 1 + blocks(va, size, L4_SHIFT) + blocks(va, size, L3_SHIFT) +
	       blocks(va, size, L2_SHIFT);
}

/* Region end for @n page tables from @pt_pfn; 0 if it would be too big. */
static uint64_t region_end_for(const struct pv_layout *l, uint64_t pt_pfn,
			       uint64_t n)
{
	uint64_t used = (pt_pfn + n + 1) << PAGE_SHIFT;	/* + stack */
	uint64_t end;

	if (pt_pfn + n + 1 > (PV_MAX_REGION >> PAGE_SHIFT))
		return 0;
	end = l->virt_base + used;
	end = (end + REGION_ALIGN - 1) & ~(REGION_ALIGN - 1);
	if (end - (l->virt_base + used) < REGION_SLACK)
		end += REGION_ALIGN;
	if (end - l->virt_base > PV_MAX_REGION)
		return 0;
	return end;
}

/*
 * The tables map the whole region, themselves included, so their number
 * and the region's size depend on each other. More tables never shrink
 * the region, so the smallest n that covers its own region is exact.
 */
static int size_tables(struct pv_layout *l, uint64_t pt_pfn,
		       const struct diag *dg)
{
	uint64_t n, end = 0;

	/* The region is at most 1 GiB, so this check keeps all sums small. */
	if (l->virt_base > UINT64_MAX - PV_MAX_REGION - REGION_ALIGN) {
		diag_report(dg, "pv-build: VIRT_BASE %#llx leaves no room for the region below 2^64",
			    ULL(l->virt_base));
		return -EINVAL;
	}
	for (n = 4; n <= MAX_PT_PAGES; n++) {
		end = region_end_for(l, pt_pfn, n);
		if (!end)
			break;
		if (tables_for(l->virt_base, end - l->virt_base) <= n)
			break;
	}
	if (!end || n > MAX_PT_PAGES) {
		diag_report(dg, "pv-build: the region would exceed %#llx bytes (%llu pages before the page tables)",
			    ULL(PV_MAX_REGION), ULL(pt_pfn));
		return -E2BIG;
	}
	l->pt_pfn = pt_pfn;
	l->pt_pages = n;
	l->pt_virt = l->virt_base + (pt_pfn << PAGE_SHIFT);
	l->pt_l3 = blocks(l->virt_base, end - l->virt_base, L4_SHIFT);
	l->pt_l2 = blocks(l->virt_base, end - l->virt_base, L3_SHIFT);
	l->pt_l1 = blocks(l->virt_base, end - l->virt_base, L2_SHIFT);
	l->stack_pfn = pt_pfn + n;
	l->stack_top = l->virt_base + ((l->stack_pfn + 1) << PAGE_SHIFT);
	l->region_end = end;
	l->region_pages = (end - l->virt_base) >> PAGE_SHIFT;
	return 0;
}

static int check_region(const struct pv_layout *l, const struct diag *dg)
{
	if (!range_ok(l->virt_base, l->region_end - l->virt_base)) {
		diag_report(dg, "pv-build: region [%#llx, %#llx) is not canonical or overlaps the hypervisor's range [%#llx, %#llx)",
			    ULL(l->virt_base), ULL(l->region_end),
			    ULL(VESTA_HYPERVISOR_VIRT_START),
			    ULL(VESTA_HYPERVISOR_VIRT_END));
		return -EINVAL;
	}
	return 0;
}

static int check_init_p2m(const struct pv_layout *l, const struct diag *dg)
{
	uint64_t va = l->p2m_virt, size = l->p2m_pages << PAGE_SHIFT;
	uint64_t slot = va >> L4_SHIFT;

	if ((va & (PAGE_SIZE - 1)) || !range_ok(va, size)) {
		diag_report(dg, "pv-build: INIT_P2M %#llx: the p2m list [%#llx, +%#llx) is unaligned, not canonical or in the hypervisor's range",
			    ULL(va), ULL(va), ULL(size));
		return -EINVAL;
	}
	if (((va + size - 1) >> L4_SHIFT) != slot) {
		diag_report(dg, "pv-build: INIT_P2M %#llx: the p2m list (%#llx bytes) crosses an L4 slot",
			    ULL(va), ULL(size));
		return -EINVAL;
	}
	if (slot >= (l->virt_base >> L4_SHIFT) &&
	    slot <= ((l->region_end - 1) >> L4_SHIFT)) {
		diag_report(dg, "pv-build: INIT_P2M %#llx shares an L4 slot with the region [%#llx, %#llx)",
			    ULL(va), ULL(l->virt_base), ULL(l->region_end));
		return -EINVAL;
	}
	return 0;
}

/* Module by PFN, then the INIT_P2M tables and list, after the region. */
static int place_after_region(const struct pv_build_params *p,
			      struct pv_layout *l, const struct diag *dg)
{
	uint64_t pfn = l->region_pages, size;
	int rc;

	if (p->module_len && l->mod_by_pfn) {
		l->mod_pfn = pfn;
		l->mod_pages = pages_of(p->module_len);
		pfn += l->mod_pages;
	}
	if (l->p2m_at_init_p2m) {
		rc = check_init_p2m(l, dg);
		if (rc)
			return rc;
		size = l->p2m_pages << PAGE_SHIFT;
		l->p2m_pt_pfn = pfn;
		l->p2m_pt_pages = 1 + blocks(l->p2m_virt, size, L3_SHIFT) +
				  blocks(l->p2m_virt, size, L2_SHIFT);
		l->p2m_pfn = pfn + l->p2m_pt_pages;
		pfn = l->p2m_pfn + l->p2m_pages;
	}
	l->used_pages = pfn;
	return 0;
}

static int check_params(const struct pv_build_params *p,
			const struct diag *dg)
{
	if (!p->nr_pages || p->nr_pages > PV_MAX_NR_PAGES) {
		diag_report(dg, "pv-build: %llu pages: a domain needs 1 to %llu",
			    ULL(p->nr_pages), ULL(PV_MAX_NR_PAGES));
		return -EINVAL;
	}
	/* Bounded here, so pages_of(module_len) cannot overflow a sum. */
	if (p->module_len > (p->nr_pages << PAGE_SHIFT)) {
		diag_report(dg, "pv-build: module of %llu bytes exceeds the domain's %llu pages",
			    ULL(p->module_len), ULL(p->nr_pages));
		return -ENOMEM;
	}
	return 0;
}

static void init_layout(const struct pv_build_params *p, struct pv_layout *l)
{
	memset(l, 0, sizeof(*l));
	l->nr_pages = p->nr_pages;
	l->mod_pfn = PV_NO_PFN;
	l->p2m_pt_pfn = PV_NO_PFN;
	l->store_pfn = PV_NO_PFN;
	l->console_pfn = PV_NO_PFN;
	l->mod_by_pfn = p->module_len && p->info->mod_start_pfn;
	l->p2m_at_init_p2m = p->info->has_init_p2m;
	l->p2m_pages = pages_of(p->nr_pages * sizeof(uint64_t));
	if (l->p2m_at_init_p2m)
		l->p2m_virt = p->info->init_p2m;
}

int pv_layout_compute(const struct pv_build_params *p, struct pv_layout *l,
		      const struct diag *dg)
{
	uint64_t pfn;
	int rc;

	rc = check_params(p, dg);
	if (rc)
		return rc;
	init_layout(p, l);
	rc = place_kernel(p, l, &pfn, dg);
	if (rc)
		return rc;
	pfn = place_items(p, l, pfn);
	rc = size_tables(l, pfn, dg);
	if (rc)
		return rc;
	rc = check_region(l, dg);
	if (rc)
		return rc;
	l->start_info_virt = l->virt_base + (l->start_info_pfn << PAGE_SHIFT);
	rc = place_after_region(p, l, dg);
	if (rc)
		return rc;
	if (l->used_pages > p->nr_pages) {
		diag_report(dg, "pv-build: needs %llu pages (region %llu, module by PFN %llu, INIT_P2M list and tables %llu) but the domain has %llu",
			    ULL(l->used_pages), ULL(l->region_pages),
			    ULL(l->mod_by_pfn ? l->mod_pages : 0),
			    ULL(l->p2m_at_init_p2m ?
				l->p2m_pt_pages + l->p2m_pages : 0),
			    ULL(p->nr_pages));
		return -ENOMEM;
	}
	return 0;
}

/* ---- copying into guest memory ------------------------------------ */

/* Write @len bytes from @src (zeros if NULL) at pseudo-physical @pa. */
static void write_phys(const struct pv_mem *m, uint64_t pa, const uint8_t *src,
		       uint64_t len)
{
	while (len) {
		uint64_t off = pa & (PAGE_SIZE - 1);
		uint64_t chunk = PAGE_SIZE - off;
		uint8_t *page = m->map(m->ctx, pa >> PAGE_SHIFT);

		if (chunk > len)
			chunk = len;
		if (src) {
			memcpy(page + off, src, chunk);
			src += chunk;
		} else {
			memset(page + off, 0, chunk);
		}
		pa += chunk;
		len -= chunk;
	}
}

static int load_segment(const struct pv_build_params *p,
			const struct pv_layout *l, const struct elf_segment *s,
			const struct pv_mem *m, const struct diag *dg)
{
	uint64_t off = p->info->paddr_offset;
	uint64_t lo = l->kernel_start - l->virt_base;
	uint64_t hi = l->kernel_end - l->virt_base;
	uint64_t pa = s->paddr - off;

	if (s->paddr < off || pa < lo || pa > hi || s->memsz > hi - pa) {
		diag_report(dg, "pv-build: segment at p_paddr %#llx (+%#llx) outside the image [%#llx, %#llx) of the layout",
			    ULL(s->paddr), ULL(s->memsz), ULL(lo + off),
			    ULL(hi + off));
		return -EINVAL;
	}
	write_phys(m, pa, s->data, s->filesz);
	return 0;
}

int pv_load_kernel(const struct pv_build_params *p, const struct pv_layout *l,
		   const struct pv_mem *m, const struct diag *dg)
{
	uint64_t first = (l->kernel_start - l->virt_base) >> PAGE_SHIFT;
	uint64_t end = pages_of(l->kernel_end - l->virt_base);
	struct elf_segment s;
	unsigned int i;
	int rc;

	/* Whole pages first: bss, gaps and page tails must read as zero. */
	write_phys(m, first << PAGE_SHIFT, NULL, (end - first) << PAGE_SHIFT);
	for (i = 0; i < p->elf->nr_load; i++) {
		rc = elf_load_segment(p->elf, i, &s);
		if (rc)
			return rc;
		rc = load_segment(p, l, &s, m, dg);
		if (rc)
			return rc;
	}
	if (l->hypercall_page_pfn != PV_NO_PFN)
		pv_write_hypercall_page(m->map(m->ctx, l->hypercall_page_pfn));
	return 0;
}

int pv_load_module(const struct pv_layout *l, const struct pv_mem *m,
		   const void *data, uint64_t len)
{
	if (!len || pages_of(len) != l->mod_pages || l->mod_pfn == PV_NO_PFN)
		return -EINVAL;
	write_phys(m, l->mod_pfn << PAGE_SHIFT, data, len);
	write_phys(m, (l->mod_pfn << PAGE_SHIFT) + len, NULL,
		   (l->mod_pages << PAGE_SHIFT) - len);
	return 0;
}

/* ---- page tables -------------------------------------------------- */

/* A virtually contiguous range and the tables that map it. */
struct pt_range {
	uint64_t va;		/* first address, page aligned */
	uint64_t pages;		/* pages mapped from va */
	uint64_t data_pfn;	/* PFN mapped at va; the rest follow */
	uint64_t l3_pfn;	/* first L3; the L2s and then L1s follow */
	uint64_t n3, n2, n1;
	uint64_t ro_pfn, ro_pages;	/* data PFNs mapped read-only */
};

static int make_pte(const struct pv_mem *m, uint64_t pfn, uint64_t flags,
		    uint64_t *pte, const struct diag *dg)
{
	uint64_t mfn = m->pfn_to_mfn(m->ctx, pfn);

	if (mfn >= MAX_MFN) {
		diag_report(dg, "pv-build: PFN %#llx is backed by MFN %#llx, beyond the 52-bit physical address space",
			    ULL(pfn), ULL(mfn));
		return -EINVAL;
	}
	*pte = (mfn << PAGE_SHIFT) | flags;
	return 0;
}

/*
 * Hook @n consecutive tables starting at @child_pfn, each covering
 * 2^@shift bytes from the block holding @va, into their parents: the
 * tables from @parent_pfn, each covering 2^(@shift + 9) bytes.
 */
static int link_level(const struct pv_mem *m, uint64_t va, unsigned int shift,
		      uint64_t child_pfn, uint64_t n, uint64_t parent_pfn,
		      const struct diag *dg)
{
	uint64_t first = va >> shift, j, pte, *table;
	int rc;

	for (j = 0; j < n; j++) {
		uint64_t c = first + j;

		rc = make_pte(m, child_pfn + j, PV_PTE_TABLE, &pte, dg);
		if (rc)
			return rc;
		table = m->map(m->ctx, parent_pfn + (c / ENTRIES) -
					       (first / ENTRIES));
		table[c % ENTRIES] = pte;
	}
	return 0;
}

static int fill_leaves(const struct pv_mem *m, const struct pt_range *r,
		       uint64_t l1_pfn, const struct diag *dg)
{
	uint64_t first = r->va >> L2_SHIFT, i, pte, *table;
	int rc;

	for (i = 0; i < r->pages; i++) {
		uint64_t va = r->va + (i << PAGE_SHIFT), pfn = r->data_pfn + i;
		bool ro = pfn - r->ro_pfn < r->ro_pages;

		rc = make_pte(m, pfn, ro ? PV_PTE_LEAF_RO : PV_PTE_LEAF_RW,
			      &pte, dg);
		if (rc)
			return rc;
		table = m->map(m->ctx, l1_pfn + (va >> L2_SHIFT) - first);
		table[(va >> PAGE_SHIFT) % ENTRIES] = pte;
	}
	return 0;
}

static int map_range(const struct pv_mem *m, const struct pt_range *r,
		     uint64_t l4_pfn, const struct diag *dg)
{
	uint64_t l2_pfn = r->l3_pfn + r->n3, l1_pfn = l2_pfn + r->n2;
	int rc;

	rc = link_level(m, r->va, L4_SHIFT, r->l3_pfn, r->n3, l4_pfn, dg);
	if (rc)
		return rc;
	rc = link_level(m, r->va, L3_SHIFT, l2_pfn, r->n2, r->l3_pfn, dg);
	if (rc)
		return rc;
	rc = link_level(m, r->va, L2_SHIFT, l1_pfn, r->n1, l2_pfn, dg);
	if (rc)
		return rc;
	return fill_leaves(m, r, l1_pfn, dg);
}

static void clear_pages(const struct pv_mem *m, uint64_t pfn, uint64_t n)
{
	while (n--)
		memset(m->map(m->ctx, pfn++), 0, PAGE_SIZE);
}

static int map_init_p2m(const struct pv_layout *l, const struct pv_mem *m,
			const struct diag *dg)
{
	uint64_t size = l->p2m_pages << PAGE_SHIFT;
	struct pt_range r = {
		.va = l->p2m_virt,
		.pages = l->p2m_pages,
		.data_pfn = l->p2m_pfn,
		.l3_pfn = l->p2m_pt_pfn,
		.n3 = 1,
		.n2 = blocks(l->p2m_virt, size, L3_SHIFT),
		.n1 = blocks(l->p2m_virt, size, L2_SHIFT),
	};

	clear_pages(m, l->p2m_pt_pfn, l->p2m_pt_pages);
	return map_range(m, &r, l->pt_pfn, dg);
}

int pv_build_pagetables(const struct pv_layout *l, const struct pv_mem *m,
			const uint64_t hv_l4[PV_HV_L4_COUNT],
			const struct diag *dg)
{
	struct pt_range r = {
		.va = l->virt_base,
		.pages = l->region_pages,
		.data_pfn = 0,
		.l3_pfn = l->pt_pfn + 1,
		.n3 = l->pt_l3,
		.n2 = l->pt_l2,
		.n1 = l->pt_l1,
		.ro_pfn = l->pt_pfn,
		.ro_pages = l->pt_pages,
	};
	uint64_t *l4;
	int rc;

	clear_pages(m, l->pt_pfn, l->pt_pages);
	rc = map_range(m, &r, l->pt_pfn, dg);
	if (rc)
		return rc;
	if (l->p2m_at_init_p2m) {
		rc = map_init_p2m(l, m, dg);
		if (rc)
			return rc;
	}
	l4 = m->map(m->ctx, l->pt_pfn);
	memcpy(l4 + PV_HV_L4_FIRST, hv_l4, PV_HV_L4_COUNT * sizeof(*hv_l4));
	return 0;
}

/* ---- p2m, start_info, hypercall page ------------------------------ */

void pv_fill_p2m(const struct pv_layout *l, const struct pv_mem *m)
{
	uint64_t pg, k, pfn, *table;

	for (pg = 0; pg < l->p2m_pages; pg++) {
		table = m->map(m->ctx, l->p2m_pfn + pg);
		for (k = 0; k < ENTRIES; k++) {
			pfn = pg * ENTRIES + k;
			table[k] = pfn < l->nr_pages ?
				   m->pfn_to_mfn(m->ctx, pfn) : ~0ull;
		}
	}
}

/* The dom0 console info goes right after the structure, 8-byte aligned. */
#define VGA_INFO_OFF ((sizeof(struct vesta_start_info) + 7) & ~(size_t)7)

static int check_extra(const struct pv_build_params *p,
		       const struct pv_start_info_extra *x,
		       const struct diag *dg)
{
	size_t len = x->cmdline ?
		     strnlen(x->cmdline, VESTA_MAX_GUEST_CMDLINE) : 0;

	if (len >= VESTA_MAX_GUEST_CMDLINE) {
		diag_report(dg, "pv-build: command line longer than %u bytes",
			    VESTA_MAX_GUEST_CMDLINE - 1);
		return -E2BIG;
	}
	if (p->is_dom0 && x->vga_info &&
	    x->vga_info_size > PAGE_SIZE - VGA_INFO_OFF) {
		diag_report(dg, "pv-build: console info of %u bytes does not fit in the start_info page",
			    x->vga_info_size);
		return -E2BIG;
	}
	return 0;
}

static void fill_console(struct vesta_start_info *si, uint8_t *page,
			 const struct pv_build_params *p,
			 const struct pv_layout *l, const struct pv_mem *m,
			 const struct pv_start_info_extra *x)
{
	if (!p->is_dom0) {
		si->store_mfn = m->pfn_to_mfn(m->ctx, l->store_pfn);
		si->store_evtchn = x->store_evtchn;
		si->console.domU.mfn = m->pfn_to_mfn(m->ctx, l->console_pfn);
		si->console.domU.evtchn = x->console_evtchn;
		return;
	}
	si->flags |= VESTA_SIF_PRIVILEGED | VESTA_SIF_INITDOMAIN;
	if (x->vga_info && x->vga_info_size) {
		memcpy(page + VGA_INFO_OFF, x->vga_info, x->vga_info_size);
		si->console.dom0.info_off = VGA_INFO_OFF;
		si->console.dom0.info_size = x->vga_info_size;
	}
}

static void fill_module(struct vesta_start_info *si,
			const struct pv_build_params *p,
			const struct pv_layout *l)
{
	if (!p->module_len)
		return;
	si->mod_len = p->module_len;
	if (l->mod_by_pfn) {
		si->mod_start = l->mod_pfn;
		si->flags |= VESTA_SIF_MOD_START_PFN;
	} else {
		si->mod_start = l->mod_virt;
	}
}

int pv_fill_start_info(void *page, const struct pv_build_params *p,
		       const struct pv_layout *l, const struct pv_mem *m,
		       const struct pv_start_info_extra *x,
		       const struct diag *dg)
{
	struct vesta_start_info *si = page;
	int rc;

	rc = check_extra(p, x, dg);
	if (rc)
		return rc;
	memset(page, 0, PAGE_SIZE);
	memcpy(si->magic, VESTA_START_INFO_MAGIC,
	       sizeof(VESTA_START_INFO_MAGIC));
	si->nr_pages = l->nr_pages;
	si->shared_info = x->shared_info_maddr;
	si->flags = x->flags;
	fill_console(si, page, p, l, m, x);
	si->pt_base = l->pt_virt;
	si->nr_pt_frames = l->pt_pages;
	si->mfn_list = l->p2m_virt;
	fill_module(si, p, l);
	if (x->cmdline)
		memcpy(si->cmd_line, x->cmdline, strlen(x->cmdline) + 1);
	if (l->p2m_at_init_p2m) {
		si->first_p2m_pfn = l->p2m_pt_pfn;
		si->nr_p2m_frames = l->p2m_pt_pages + l->p2m_pages;
	}
	return 0;
}

/* Instruction bytes of the hypercall stubs. */
#define OP_PUSH_RCX	0x51
#define OP_PUSH_RAX	0x50
#define OP_REX_B	0x41	/* with 0x53 / 0x5b: push / pop %r11 */
#define OP_PUSH_RBX	0x53
#define OP_POP_RBX	0x5b
#define OP_POP_RCX	0x59
#define OP_MOV_EAX	0xb8
#define OP_RET		0xc3
#define OP_INT3		0xcc
#define STUB_SIZE	32
#define HC_IRET		23

static uint8_t *emit_hypercall(uint8_t *s, uint32_t imm)
{
	*s++ = OP_MOV_EAX;
	*s++ = (uint8_t)imm;
	*s++ = (uint8_t)(imm >> 8);
	*s++ = (uint8_t)(imm >> 16);
	*s++ = (uint8_t)(imm >> 24);
	*s++ = 0x0f;	/* syscall */
	*s++ = 0x05;
	return s;
}

void pv_write_hypercall_page(uint8_t page[PV_PAGE_SIZE])
{
	unsigned int i;
	uint8_t *s;

	memset(page, OP_INT3, PV_PAGE_SIZE);
	for (i = 0; i < PV_PAGE_SIZE / STUB_SIZE; i++) {
		s = page + i * STUB_SIZE;
		/* The page preserves RCX and R11, which syscall clobbers. */
		*s++ = OP_PUSH_RCX;
		*s++ = OP_REX_B;
		*s++ = OP_PUSH_RBX;
		if (i == HC_IRET) {
			/* Never returns: the frame stays for the hypervisor. */
			*s++ = OP_PUSH_RAX;
			emit_hypercall(s, i);
			continue;
		}
		s = emit_hypercall(s, i);
		*s++ = OP_REX_B;
		*s++ = OP_POP_RBX;
		*s++ = OP_POP_RCX;
		*s = OP_RET;
	}
}
