/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Unit tests of hypervisor/lib/pv-build.c. Small ELF64 kernels with Xen
 * notes are synthesised here, laid out and built into simulated guest
 * memory (frames allocated on first use, PFNs shuffled onto MFNs so that
 * pfn != mfn). The result is then checked by an independent walker:
 * every page table entry reachable from the L4 is enumerated, so every
 * region page must appear at VIRT_BASE + pfn * 4096 with the right MFN
 * and rights and nothing else may be mapped except the INIT_P2M list;
 * the p2m list, kernel bytes, module, start_info and hypercall page are
 * read back through the guest's own virtual addresses. Refusals (memory
 * one page short, region above 1 GiB, bad addresses) are checked with
 * their diagnostics. If VESTA_TEST_VMLINUZ names a real bzImage, the
 * whole pipeline runs on it as a 512 MiB dom0 and the layout is printed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <public/vesta.h>
#include <vesta/bzimage.h>
#include <vesta/elf.h>
#include <vesta/errno.h>
#include <vesta/pv-build.h>
#include <vesta/xz.h>

#define PG 4096ull
#define LINUX_VB 0xffffffff80000000ull
#define LINUX_P2M 0x8000000000ull
#define MFN_BASE 0x123400ull
#define PTE_NX (1ull << 63)
/* Expected entry flags, spelled out rather than taken from pv-build.h. */
#define T_PRESENT 0x01ull
#define T_TABLE 0x27ull		/* PRESENT | RW | USER | ACCESSED */
#define T_LEAF_RW 0x67ull	/* ... | DIRTY */
#define T_LEAF_RO 0x65ull	/* PRESENT | USER | ACCESSED | DIRTY */
#define T_ADDR 0x000ffffffffff000ull

/* ---- diagnostics -------------------------------------------------- */

static char log_buf[8192];

static void log_fn(void *ctx, const char *fmt, ...)
{
	size_t used = strlen(log_buf);
	va_list ap;

	(void)ctx;
	va_start(ap, fmt);
	vsnprintf(log_buf + used, sizeof(log_buf) - used, fmt, ap);
	va_end(ap);
	used = strlen(log_buf);
	snprintf(log_buf + used, sizeof(log_buf) - used, "\n");
}

static const struct diag dg = { .fn = log_fn };

static void expect_log(const char *s)
{
	if (!strstr(log_buf, s))
		fail_msg("expected \"%s\" in log:\n%s", s, log_buf);
}

/* ---- simulated guest memory ---------------------------------------- */

struct guest {
	uint64_t nr;
	uint64_t *mfn_of;	/* pfn -> mfn */
	uint64_t *pfn_of;	/* mfn - MFN_BASE -> pfn */
	uint8_t **frame;	/* mfn - MFN_BASE -> page, made on first use */
	uint64_t bad_pfn;	/* pfn_to_mfn answers 2^40 for this PFN */
};

static uint8_t *frame(struct guest *g, uint64_t mfn)
{
	uint64_t i = mfn - MFN_BASE;

	if (mfn < MFN_BASE || i >= g->nr)
		fail_msg("MFN %#llx is not the guest's", (unsigned long long)mfn);
	if (!g->frame[i]) {
		/* Unscrubbed: what the builder must clear has to be cleared. */
		g->frame[i] = malloc(PG);
		assert_non_null(g->frame[i]);
		memset(g->frame[i], 0xdb, PG);
	}
	return g->frame[i];
}

static uint64_t g_pfn_to_mfn(void *ctx, uint64_t pfn)
{
	struct guest *g = ctx;

	assert_true(pfn < g->nr);
	return pfn == g->bad_pfn ? 1ull << 40 : g->mfn_of[pfn];
}

static void *g_map(void *ctx, uint64_t pfn)
{
	struct guest *g = ctx;

	assert_true(pfn < g->nr);
	return frame(g, g->mfn_of[pfn]);
}

static void guest_init(struct guest *g, uint64_t nr)
{
	uint64_t i, j, t, x = 0x9e3779b97f4a7c15ull;

	g->nr = nr;
	g->bad_pfn = ~0ull;
	g->mfn_of = malloc(nr * sizeof(uint64_t));
	g->pfn_of = malloc(nr * sizeof(uint64_t));
	g->frame = calloc(nr, sizeof(uint8_t *));
	assert_true(g->mfn_of && g->pfn_of && g->frame);
	for (i = 0; i < nr; i++)
		g->mfn_of[i] = i;
	for (i = nr - 1; i > 0; i--) {	/* Fisher-Yates, xorshift64 */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		j = x % (i + 1);
		t = g->mfn_of[i];
		g->mfn_of[i] = g->mfn_of[j];
		g->mfn_of[j] = t;
	}
	for (i = 0; i < nr; i++) {
		g->mfn_of[i] += MFN_BASE;
		g->pfn_of[g->mfn_of[i] - MFN_BASE] = i;
	}
}

static void guest_free(struct guest *g)
{
	for (uint64_t i = 0; g->frame && i < g->nr; i++)
		free(g->frame[i]);
	free(g->frame);
	free(g->mfn_of);
	free(g->pfn_of);
	memset(g, 0, sizeof(*g));
}

/* ---- synthetic kernels -------------------------------------------- */

#define F_PHOFF 64
#define F_NOTES 0x200
#define F_DATA 0x1000

struct kseg {
	uint64_t paddr, filesz, memsz;
};

struct kspec {
	bool has_virt_base, has_paddr_offset, has_init_p2m, mod_start_pfn;
	bool has_hypercall_page;
	uint64_t virt_base, paddr_offset, init_p2m, hypercall_page, entry;
	unsigned int nr_seg;
	struct kseg seg[3];
};

struct kernel {
	uint8_t *file;
	size_t len;
	struct elf_image elf;
	struct xen_elf_info info;
};

static void wr32(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void wr64(uint8_t *p, uint64_t v)
{
	wr32(p, v);
	wr32(p + 4, v >> 32);
}

static size_t note(uint8_t *p, uint32_t type, const void *desc, uint32_t sz)
{
	wr32(p, 4);
	wr32(p + 4, sz);
	wr32(p + 8, type);
	memcpy(p + 12, "Xen", 4);
	memcpy(p + 16, desc, sz);
	return 16 + ((sz + 3) & ~3u);
}

static size_t note_str(uint8_t *p, uint32_t type, const char *s)
{
	return note(p, type, s, (uint32_t)strlen(s) + 1);
}

static size_t note_u64(uint8_t *p, uint32_t type, uint64_t v)
{
	uint8_t d[8];

	wr64(d, v);
	return note(p, type, d, 8);
}

static size_t write_notes(uint8_t *p, const struct kspec *k)
{
	size_t n = 0;

	n += note_str(p + n, XEN_ELFNOTE_GUEST_OS, "linux");
	n += note_str(p + n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	n += note_str(p + n, XEN_ELFNOTE_LOADER, "generic");
	n += note_str(p + n, XEN_ELFNOTE_FEATURES, "!writable_page_tables");
	n += note_u64(p + n, XEN_ELFNOTE_SUPPORTED_FEATURES, 0x801);
	n += note_u64(p + n, XEN_ELFNOTE_ENTRY, k->entry);
	if (k->has_virt_base)
		n += note_u64(p + n, XEN_ELFNOTE_VIRT_BASE, k->virt_base);
	if (k->has_paddr_offset)
		n += note_u64(p + n, XEN_ELFNOTE_PADDR_OFFSET,
			      k->paddr_offset);
	if (k->has_init_p2m)
		n += note_u64(p + n, XEN_ELFNOTE_INIT_P2M, k->init_p2m);
	if (k->mod_start_pfn)
		n += note_u64(p + n, XEN_ELFNOTE_MOD_START_PFN, 1);
	if (k->has_hypercall_page)
		n += note_u64(p + n, XEN_ELFNOTE_HYPERCALL_PAGE,
			      k->hypercall_page);
	assert_true(F_NOTES + n <= F_DATA);
	return n;
}

static void write_phdr(uint8_t *ph, uint32_t type, uint64_t off, uint64_t va,
		       uint64_t pa, uint64_t filesz, uint64_t memsz)
{
	wr32(ph, type);
	wr32(ph + 4, 7);
	wr64(ph + 8, off);
	wr64(ph + 16, va);
	wr64(ph + 24, pa);
	wr64(ph + 32, filesz);
	wr64(ph + 40, memsz);
	wr64(ph + 48, PG);
}

static void write_ehdr(uint8_t *f, unsigned int phnum)
{
	memcpy(f, "\177ELF\2\1\1", 7);
	f[16] = 2;	/* ET_EXEC */
	f[18] = 62;	/* EM_X86_64 */
	wr32(f + 20, 1);
	wr64(f + 24, 0x1000000);	/* bare-metal entry: not used */
	wr64(f + 32, F_PHOFF);
	f[52] = 64;
	f[54] = 56;
	f[56] = (uint8_t)phnum;
}

/* Build the image file; segment bytes follow a pattern of their offset. */
static void kernel_file(struct kernel *kn, const struct kspec *k)
{
	size_t off = F_DATA, notes;
	uint64_t vb = k->has_virt_base ? k->virt_base : 0;
	unsigned int i;

	kn->len = F_DATA;
	for (i = 0; i < k->nr_seg; i++)
		kn->len += (k->seg[i].filesz + PG - 1) & ~(PG - 1);
	kn->file = calloc(1, kn->len);
	assert_non_null(kn->file);
	write_ehdr(kn->file, k->nr_seg + 1);
	for (i = 0; i < k->nr_seg; i++) {
		const struct kseg *s = &k->seg[i];

		write_phdr(kn->file + F_PHOFF + 56 * i, 1, off,
			   s->paddr - k->paddr_offset + vb, s->paddr,
			   s->filesz, s->memsz);
		for (uint64_t b = 0; b < s->filesz; b++)
			kn->file[off + b] = (uint8_t)((off + b) * 13 + 7);
		off += (s->filesz + PG - 1) & ~(PG - 1);
	}
	notes = write_notes(kn->file + F_NOTES, k);
	write_phdr(kn->file + F_PHOFF + 56 * i, 4, F_NOTES, 0, 0, notes, 0);
}

/* Parse the kernel; with @check the builder rules must accept it. */
static void kernel_make(struct kernel *kn, const struct kspec *k, bool check)
{
	kernel_file(kn, k);
	assert_int_equal(elf_parse(&kn->elf, kn->file, kn->len, &dg), 0);
	assert_int_equal(xen_elf_parse_notes(&kn->elf, &kn->info, &dg), 0);
	if (check)
		assert_int_equal(xen_elf_check(&kn->info, 1, true, &dg), 0);
}

/* A small Linux-like kernel: text, then data + bss after a gap. */
static void kspec_linux(struct kspec *k)
{
	memset(k, 0, sizeof(*k));
	k->has_virt_base = k->has_paddr_offset = true;
	k->virt_base = LINUX_VB;
	k->has_init_p2m = true;
	k->init_p2m = LINUX_P2M;
	k->mod_start_pfn = true;
	k->nr_seg = 2;
	k->seg[0] = (struct kseg){ 0x200000, 0x5123, 0x5123 };
	k->seg[1] = (struct kseg){ 0x206000, 0x880, 0x3210 };
	k->entry = LINUX_VB + 0x200040;
}

/* ---- building ----------------------------------------------------- */

struct build {
	struct kernel k;
	struct guest g;
	struct pv_build_params p;
	struct pv_layout l;
	struct pv_start_info_extra x;
	uint8_t *module;
	uint64_t hv_l4[PV_HV_L4_COUNT];
	uint8_t vga[40];
	struct pv_mem m;
};

static int layout(struct build *b, uint64_t nr, uint64_t mod_len, bool dom0)
{
	b->p = (struct pv_build_params){
		.elf = &b->k.elf, .info = &b->k.info, .nr_pages = nr,
		.module_len = mod_len, .is_dom0 = dom0,
	};
	log_buf[0] = 0;
	return pv_layout_compute(&b->p, &b->l, &dg);
}

static void fill_extra(struct build *b)
{
	for (unsigned int i = 0; i < sizeof(b->vga); i++)
		b->vga[i] = (uint8_t)(0xa0 + i);
	b->x = (struct pv_start_info_extra){
		.shared_info_maddr = 0xfee1000,
		.flags = 0x300,
		.cmdline = "console=hvc0 root=/dev/xvda1",
		.store_evtchn = 5,
		.console_evtchn = 6,
		.vga_info = b->vga,
		.vga_info_size = sizeof(b->vga),
	};
}

static void load_module(struct build *b)
{
	uint64_t len = b->p.module_len;

	if (!len)
		return;
	b->module = malloc(len);
	assert_non_null(b->module);
	for (uint64_t i = 0; i < len; i++)
		b->module[i] = (uint8_t)(i * 29 + 3);
	assert_int_equal(pv_load_module(&b->l, &b->m, b->module, len), 0);
}

/* Write everything into fresh guest memory; the layout is computed. */
static void build(struct build *b)
{
	void *si;

	guest_init(&b->g, b->p.nr_pages);
	b->m = (struct pv_mem){ .ctx = &b->g, .pfn_to_mfn = g_pfn_to_mfn,
				.map = g_map };
	for (unsigned int i = 0; i < PV_HV_L4_COUNT; i++)
		b->hv_l4[i] = PTE_NX | ((0xabc00ull + i) << 12) | 0x63;
	fill_extra(b);
	assert_int_equal(pv_load_kernel(&b->p, &b->l, &b->m, &dg), 0);
	load_module(b);
	assert_int_equal(pv_build_pagetables(&b->l, &b->m, b->hv_l4, &dg), 0);
	pv_fill_p2m(&b->l, &b->m);
	si = g_map(&b->g, b->l.start_info_pfn);
	assert_int_equal(pv_fill_start_info(si, &b->p, &b->l, &b->m, &b->x,
					    &dg), 0);
}

static void build_free(struct build *b)
{
	guest_free(&b->g);
	free(b->module);
	free(b->k.file);
	memset(b, 0, sizeof(*b));
}

/* ---- independent checks ------------------------------------------- */

static uint64_t *table(struct guest *g, uint64_t pte)
{
	return (uint64_t *)frame(g, (pte & T_ADDR) >> 12);
}

static uint64_t pfn_of_pte(struct guest *g, uint64_t pte)
{
	uint64_t mfn = (pte & T_ADDR) >> 12;

	assert_true(mfn >= MFN_BASE && mfn - MFN_BASE < g->nr);
	return g->pfn_of[mfn - MFN_BASE];
}

/* The leaf PTE for @va, following the tables from the L4 (0 if none). */
static uint64_t translate(struct build *b, uint64_t va)
{
	uint64_t e = ((uint64_t)b->g.mfn_of[b->l.pt_pfn] << 12) | 1;

	for (int shift = 39; shift >= 12; shift -= 9) {
		e = table(&b->g, e)[(va >> shift) & 511];
		if (!(e & T_PRESENT))
			return 0;
	}
	return e;
}

static void vread(struct build *b, uint64_t va, uint8_t *dst, uint64_t len)
{
	while (len) {
		uint64_t off = va & (PG - 1), chunk = PG - off, e;

		if (chunk > len)
			chunk = len;
		e = translate(b, va);
		if (!e)
			fail_msg("%#llx not mapped", (unsigned long long)va);
		memcpy(dst, frame(&b->g, (e & T_ADDR) >> 12) + off,
		       chunk);
		dst += chunk;
		va += chunk;
		len -= chunk;
	}
}

struct walk {
	struct build *b;
	uint32_t *refs;		/* by PFN: how many tables point at it */
	uint64_t leaves;
	uint64_t tables[4];	/* tables found at L4, L3, L2, L1 */
};

static uint64_t nblocks(uint64_t va, uint64_t size, int shift)
{
	return ((va + size - 1) >> shift) - (va >> shift) + 1;
}

/* Which PFNs may hold a table of @level (3 = L3 ... 1 = L1). */
static bool table_pfn_ok(const struct pv_layout *l, int level, uint64_t pfn)
{
	uint64_t size = l->p2m_pages * PG;
	uint64_t first = l->pt_pfn + 1, n = l->pt_l3;
	uint64_t p2m_first = l->p2m_pt_pfn, p2m_n = 1;

	if (level <= 2) {
		first += n;
		n = l->pt_l2;
		p2m_first += p2m_n;
		p2m_n = nblocks(l->p2m_virt, size, 30);
	}
	if (level == 1) {
		first += n;
		n = l->pt_l1;
		p2m_first += p2m_n;
		p2m_n = nblocks(l->p2m_virt, size, 21);
	}
	if (pfn - first < n)
		return true;
	return l->p2m_at_init_p2m && pfn - p2m_first < p2m_n;
}

static uint64_t canon(uint64_t va)
{
	return va & (1ull << 47) ? va | 0xffff000000000000ull : va;
}

static void check_leaf(struct walk *w, uint64_t va, uint64_t e)
{
	const struct pv_layout *l = &w->b->l;
	uint64_t pfn = pfn_of_pte(&w->b->g, e), want;
	bool ro;

	w->leaves++;
	if (va - l->virt_base < l->region_end - l->virt_base) {
		want = (va - l->virt_base) / PG;
		ro = want - l->pt_pfn < l->pt_pages;
	} else if (l->p2m_at_init_p2m && va - l->p2m_virt < l->p2m_pages * PG) {
		want = l->p2m_pfn + (va - l->p2m_virt) / PG;
		ro = false;
	} else {
		fail_msg("%#llx mapped outside the region and the p2m list",
			 (unsigned long long)va);
		return;
	}
	if (pfn != want)
		fail_msg("%#llx maps PFN %#llx, want %#llx",
			 (unsigned long long)va, (unsigned long long)pfn,
			 (unsigned long long)want);
	assert_int_equal(e & ~T_ADDR,
			 ro ? T_LEAF_RO : T_LEAF_RW);
}

/* A non-leaf entry: exact flags, a table of the right kind, seen once. */
static uint64_t *check_table_entry(struct walk *w, int level, uint64_t e)
{
	uint64_t pfn = pfn_of_pte(&w->b->g, e);

	assert_int_equal(e & ~T_ADDR, T_TABLE);
	if (!table_pfn_ok(&w->b->l, level, pfn))
		fail_msg("L%d table at PFN %#llx is outside its range", level,
			 (unsigned long long)pfn);
	w->refs[pfn]++;
	w->tables[4 - level]++;
	return table(&w->b->g, e);
}

static void walk_l2(struct walk *w, const uint64_t *l2, uint64_t va)
{
	for (uint64_t i = 0; i < 512; i++) {
		const uint64_t *l1;

		if (!l2[i])
			continue;
		l1 = check_table_entry(w, 1, l2[i]);
		for (uint64_t j = 0; j < 512; j++) {
			if (!l1[j])
				continue;
			check_leaf(w, va | i << 21 | j << 12, l1[j]);
		}
	}
}

static void walk_l3(struct walk *w, const uint64_t *l3, uint64_t va)
{
	for (uint64_t i = 0; i < 512; i++) {
		if (l3[i])
			walk_l2(w, check_table_entry(w, 2, l3[i]),
				va | i << 30);
	}
}

/* Enumerate every mapping from the L4 and check each entry. */
static void check_tables(struct build *b)
{
	struct walk w = { .b = b };
	const struct pv_layout *l = &b->l;
	const uint64_t *l4 = (uint64_t *)g_map(&b->g, l->pt_pfn);
	uint64_t i;

	w.refs = calloc(b->g.nr, sizeof(*w.refs));
	assert_non_null(w.refs);
	for (i = 0; i < 512; i++) {
		if (i - 256 < 16) {	/* the hypervisor's slots */
			assert_int_equal(l4[i], b->hv_l4[i - 256]);
			continue;
		}
		if (l4[i])
			walk_l3(&w, check_table_entry(&w, 3, l4[i]),
				canon(i << 39));
	}
	assert_int_equal(w.leaves, l->region_pages +
			 (l->p2m_at_init_p2m ? l->p2m_pages : 0));
	assert_int_equal(w.tables[1] + w.tables[2] + w.tables[3] + 1,
			 l->pt_pages + l->p2m_pt_pages);
	assert_int_equal(w.refs[l->pt_pfn], 0);
	for (i = 1; i < l->pt_pages; i++)
		assert_int_equal(w.refs[l->pt_pfn + i], 1);
	for (i = 0; i < l->p2m_pt_pages; i++)
		assert_int_equal(w.refs[l->p2m_pt_pfn + i], 1);
	free(w.refs);
}

/* Linux reclaims the builder's L4, L3, L2 only from the front of the range. */
static void check_pt_order(struct build *b)
{
	const struct pv_layout *l = &b->l;
	uint64_t e;

	if (l->pt_l3 != 1 || l->pt_l2 != 1)
		return;
	e = ((uint64_t *)g_map(&b->g, l->pt_pfn))[(l->virt_base >> 39) & 511];
	assert_int_equal(pfn_of_pte(&b->g, e), l->pt_pfn + 1);
	e = table(&b->g, e)[(l->virt_base >> 30) & 511];
	assert_int_equal(pfn_of_pte(&b->g, e), l->pt_pfn + 2);
	assert_int_equal(l->pt_pages, 3 + l->pt_l1);
}

/* Items follow each other in the pv-abi.md 1.3 order, without gaps. */
static void check_shape(struct build *b)
{
	const struct pv_layout *l = &b->l;
	uint64_t pfn = (l->kernel_end - l->virt_base + PG - 1) / PG;
	bool mapped_mod = b->p.module_len && !l->mod_by_pfn;
	uint64_t size;

	assert_int_equal(l->virt_base, b->k.info.virt_base);
	assert_int_equal(l->entry, b->k.info.entry);
	if (mapped_mod) {
		assert_int_equal(l->mod_pfn, pfn);
		assert_int_equal(l->mod_virt, l->virt_base + pfn * PG);
		pfn += l->mod_pages;
	}
	assert_int_equal(l->p2m_pages, (b->p.nr_pages * 8 + PG - 1) / PG);
	if (!l->p2m_at_init_p2m) {
		assert_int_equal(l->p2m_pfn, pfn);
		assert_int_equal(l->p2m_virt, l->virt_base + pfn * PG);
		pfn += l->p2m_pages;
	}
	assert_int_equal(l->start_info_pfn, pfn++);
	assert_int_equal(l->start_info_virt,
			 l->virt_base + l->start_info_pfn * PG);
	if (!b->p.is_dom0) {
		assert_int_equal(l->store_pfn, pfn++);
		assert_int_equal(l->console_pfn, pfn++);
	} else {
		assert_true(l->store_pfn == PV_NO_PFN &&
			    l->console_pfn == PV_NO_PFN);
	}
	assert_int_equal(l->pt_pfn, pfn);
	assert_int_equal(l->pt_virt, l->virt_base + pfn * PG);
	assert_int_equal(l->pt_pages, 1 + l->pt_l3 + l->pt_l2 + l->pt_l1);
	size = l->region_end - l->virt_base;
	assert_int_equal(l->pt_l3, nblocks(l->virt_base, size, 39));
	assert_int_equal(l->pt_l2, nblocks(l->virt_base, size, 30));
	assert_int_equal(l->pt_l1, nblocks(l->virt_base, size, 21));
	pfn += l->pt_pages;
	assert_int_equal(l->stack_pfn, pfn++);
	assert_int_equal(l->stack_top, l->virt_base + pfn * PG);
	assert_int_equal(l->region_end % (4ull << 20), 0);
	assert_true(l->region_end - l->stack_top >= 512 * 1024);
	assert_true(l->region_end - l->stack_top < (4ull << 20) + 512 * 1024);
	assert_true(l->region_end - l->virt_base <= 1ull << 30);
	assert_int_equal(l->region_pages * PG, l->region_end - l->virt_base);
}

static void check_after_region(struct build *b)
{
	const struct pv_layout *l = &b->l;
	uint64_t pfn = l->region_pages;

	if (l->mod_by_pfn) {
		assert_int_equal(l->mod_pfn, pfn);
		assert_int_equal(l->mod_virt, 0);
		pfn += l->mod_pages;
	}
	if (l->p2m_at_init_p2m) {
		assert_int_equal(l->p2m_virt, b->k.info.init_p2m);
		assert_int_equal(l->p2m_pt_pfn, pfn);
		assert_int_equal(l->p2m_pfn, pfn + l->p2m_pt_pages);
		pfn = l->p2m_pfn + l->p2m_pages;
	} else {
		assert_int_equal(l->p2m_pt_pages, 0);
	}
	assert_int_equal(l->used_pages, pfn);
	assert_true(pfn <= b->p.nr_pages);
}

static void check_p2m(struct build *b)
{
	const struct pv_layout *l = &b->l;
	uint64_t *p2m = malloc(l->p2m_pages * PG);

	assert_non_null(p2m);
	vread(b, l->p2m_virt, (uint8_t *)p2m, l->p2m_pages * PG);
	for (uint64_t pfn = 0; pfn < l->p2m_pages * 512; pfn++) {
		uint64_t want = pfn < b->p.nr_pages ? b->g.mfn_of[pfn] : ~0ull;

		if (p2m[pfn] != want)
			fail_msg("p2m[%#llx] = %#llx, want %#llx",
				 (unsigned long long)pfn,
				 (unsigned long long)p2m[pfn],
				 (unsigned long long)want);
	}
	free(p2m);
}

static void expect_stubs(const uint8_t *page)
{
	static const uint8_t stub0[16] = { 0x51, 0x41, 0x53, 0xb8, 0, 0, 0, 0,
		0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3, 0xcc, 0xcc };
	static const uint8_t stub23[16] = { 0x51, 0x41, 0x53, 0x50, 0xb8, 23,
		0, 0, 0, 0x0f, 0x05, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc };
	static const uint8_t stub127[16] = { 0x51, 0x41, 0x53, 0xb8, 127, 0,
		0, 0, 0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3, 0xcc, 0xcc };

	assert_memory_equal(page, stub0, 16);
	assert_memory_equal(page + 23 * 32, stub23, 16);
	assert_memory_equal(page + 127 * 32, stub127, 16);
	assert_int_equal(page[24 * 32 + 4], 24);	/* mov $24 */
	for (int i = 16; i < 32; i++)
		assert_int_equal(page[127 * 32 + i], 0xcc);
}

/* The image range holds segment bytes, zeros elsewhere, stubs if asked. */
static void check_kernel(struct build *b)
{
	const struct pv_layout *l = &b->l;
	uint64_t start = l->kernel_start & ~(PG - 1);
	uint64_t len = ((l->kernel_end + PG - 1) & ~(PG - 1)) - start;
	uint8_t *want = calloc(1, len), *got = malloc(len);
	struct elf_segment s;

	assert_true(want && got);
	for (unsigned int i = 0; i < b->k.elf.nr_load; i++) {
		assert_int_equal(elf_load_segment(&b->k.elf, i, &s), 0);
		memcpy(want + (s.paddr - b->k.info.paddr_offset +
			       l->virt_base - start), s.data, s.filesz);
	}
	if (b->k.info.has_hypercall_page) {
		uint64_t off = b->k.info.hypercall_page - start;

		memset(want + off, 0xcc, PG);
		pv_write_hypercall_page(want + off);
		assert_int_equal(l->hypercall_page_pfn * PG,
				 b->k.info.hypercall_page - l->virt_base);
	} else {
		assert_int_equal(l->hypercall_page_pfn, PV_NO_PFN);
	}
	vread(b, start, got, len);
	assert_memory_equal(got, want, len);
	if (b->k.info.has_hypercall_page)
		expect_stubs(got + (b->k.info.hypercall_page - start));
	free(want);
	free(got);
}

static void check_module(struct build *b)
{
	const struct pv_layout *l = &b->l;
	uint64_t len = b->p.module_len, full = l->mod_pages * PG;
	uint8_t *got;

	if (!len) {
		assert_int_equal(l->mod_pfn, PV_NO_PFN);
		assert_int_equal(l->mod_pages, 0);
		return;
	}
	assert_int_equal(l->mod_pages, (len + PG - 1) / PG);
	got = malloc(full);
	assert_non_null(got);
	if (l->mod_by_pfn) {
		for (uint64_t i = 0; i < l->mod_pages; i++)
			memcpy(got + i * PG, g_map(&b->g, l->mod_pfn + i), PG);
	} else {
		vread(b, l->mod_virt, got, full);
	}
	assert_memory_equal(got, b->module, len);
	for (uint64_t i = len; i < full; i++)
		assert_int_equal(got[i], 0);
	free(got);
}

static void check_start_info_console(struct build *b,
				     const struct vesta_start_info *si,
				     const uint8_t *page)
{
	const struct pv_layout *l = &b->l;

	if (b->p.is_dom0) {
		assert_int_equal(si->store_mfn, 0);
		assert_int_equal(si->console.dom0.info_off, 1168);
		assert_int_equal(si->console.dom0.info_size, sizeof(b->vga));
		assert_memory_equal(page + 1168, b->vga, sizeof(b->vga));
		return;
	}
	assert_int_equal(si->store_mfn, b->g.mfn_of[l->store_pfn]);
	assert_int_equal(si->store_evtchn, 5);
	assert_int_equal(si->console.domU.mfn, b->g.mfn_of[l->console_pfn]);
	assert_int_equal(si->console.domU.evtchn, 6);
}

static void check_start_info(struct build *b)
{
	const struct pv_layout *l = &b->l;
	uint8_t page[4096];
	struct vesta_start_info si;
	uint32_t flags = 0x300;

	vread(b, l->start_info_virt, page, sizeof(page));
	memcpy(&si, page, sizeof(si));
	assert_string_equal(si.magic, "xen-3.0-x86_64");
	assert_int_equal(si.nr_pages, b->p.nr_pages);
	assert_int_equal(si.shared_info, 0xfee1000);
	if (b->p.is_dom0)
		flags |= VESTA_SIF_PRIVILEGED | VESTA_SIF_INITDOMAIN;
	if (l->mod_by_pfn)
		flags |= VESTA_SIF_MOD_START_PFN;
	assert_int_equal(si.flags, flags);
	check_start_info_console(b, &si, page);
	assert_int_equal(si.pt_base, l->pt_virt);
	assert_int_equal(si.nr_pt_frames, l->pt_pages);
	assert_int_equal(si.mfn_list, l->p2m_virt);
	assert_int_equal(si.mod_len, b->p.module_len);
	assert_int_equal(si.mod_start, !b->p.module_len ? 0 :
			 l->mod_by_pfn ? l->mod_pfn : l->mod_virt);
	assert_string_equal((const char *)si.cmd_line, b->x.cmdline);
	assert_int_equal(si.first_p2m_pfn, l->p2m_at_init_p2m ?
			 l->p2m_pt_pfn : 0);
	assert_int_equal(si.nr_p2m_frames, l->p2m_at_init_p2m ?
			 l->p2m_pt_pages + l->p2m_pages : 0);
}

static void verify(struct build *b)
{
	check_shape(b);
	check_after_region(b);
	check_tables(b);
	check_pt_order(b);
	check_p2m(b);
	check_kernel(b);
	check_module(b);
	check_start_info(b);
}

/* Layout, build and verify a kernel for @nr pages. */
static void run(const struct kspec *k, uint64_t nr, uint64_t mod_len,
		bool dom0)
{
	struct build b = { 0 };

	kernel_make(&b.k, k, true);
	assert_int_equal(layout(&b, nr, mod_len, dom0), 0);
	build(&b);
	verify(&b);
	build_free(&b);
}

/* ---- tests -------------------------------------------------------- */

/* Debian's note set: INIT_P2M, MOD_START_PFN, dom0. */
static void test_linux_dom0(void **state)
{
	struct kspec k;

	(void)state;
	kspec_linux(&k);
	run(&k, 16384, 300001, true);
	run(&k, 16384, 0, true);
	run(&k, 16384, 4096, false);
}

/* No VIRT_BASE: virtual = pseudo-physical, the region starts at 0. */
static void test_no_virt_base(void **state)
{
	struct kspec k;

	(void)state;
	kspec_linux(&k);
	k.has_virt_base = false;
	k.has_init_p2m = false;
	k.mod_start_pfn = false;
	k.entry = 0x200040;
	run(&k, 8192, 123457, false);
	run(&k, 8192, 0, true);
	k.has_init_p2m = true;
	run(&k, 8192, 5000, true);
}

/* INIT_P2M with a mapped module; p2m in the region with a PFN module. */
static void test_mixes(void **state)
{
	struct kspec k;

	(void)state;
	kspec_linux(&k);
	k.mod_start_pfn = false;
	run(&k, 12000, 70000, false);
	run(&k, 12000, 70000, true);
	kspec_linux(&k);
	k.has_init_p2m = false;
	run(&k, 12000, 70000, false);
	run(&k, 12000, 70000, true);
	/* MOD_START_PFN note but no module: nothing passed at all. */
	run(&k, 12000, 0, false);
}

/* A region crossing 1 GiB and 512 GiB boundaries needs 2 L2s / 2 L3s. */
static void test_table_boundaries(void **state)
{
	struct kspec k;
	struct build b = { 0 };

	(void)state;
	kspec_linux(&k);
	k.virt_base = LINUX_VB - 0x200000;
	k.entry = k.virt_base + 0x200040;
	run(&k, 8192, 9000, true);
	k.virt_base = 0x7fffe00000ull;
	k.entry = k.virt_base + 0x200040;
	k.init_p2m = 0x10000000000ull;
	kernel_make(&b.k, &k, true);
	assert_int_equal(layout(&b, 8192, 0, false), 0);
	assert_int_equal(b.l.pt_l3, 2);
	build_free(&b);
	run(&k, 8192, 0, false);
}

static void test_hypercall_page(void **state)
{
	uint8_t page[4096];
	struct kspec k;

	(void)state;
	pv_write_hypercall_page(page);
	expect_stubs(page);
	kspec_linux(&k);
	k.has_hypercall_page = true;
	k.hypercall_page = LINUX_VB + 0x203000;
	run(&k, 8192, 0, true);
	k.hypercall_page = LINUX_VB + 0x208000;	/* inside bss */
	run(&k, 8192, 0, false);
}

/* Smallest nr_pages that fits, found by search; one page less fails. */
static void min_memory(const struct kspec *k, uint64_t mod_len, bool dom0)
{
	struct build b = { 0 };
	uint64_t nr;

	kernel_make(&b.k, k, true);
	for (nr = 1; layout(&b, nr, mod_len, dom0); nr++) {
		assert_true(nr < 1u << 20);
		if (nr > (mod_len + PG - 1) / PG)
			expect_log("but the domain has");
	}
	assert_int_equal(b.l.used_pages, nr);
	assert_int_equal(layout(&b, nr - 1, mod_len, dom0), -ENOMEM);
	expect_log("pv-build: needs");
	assert_int_equal(layout(&b, nr, mod_len, dom0), 0);
	build(&b);
	verify(&b);
	build_free(&b);
}

static void test_min_memory(void **state)
{
	struct kspec k;

	(void)state;
	kspec_linux(&k);
	min_memory(&k, 1000000, true);
	k.has_init_p2m = false;
	k.mod_start_pfn = false;
	min_memory(&k, 1000000, false);
	min_memory(&k, 0, true);
}

static void expect_layout(const struct kspec *k, uint64_t nr, uint64_t mod,
			  int rc, const char *msg)
{
	struct build b = { 0 };

	kernel_make(&b.k, k, false);
	assert_int_equal(layout(&b, nr, mod, true), rc);
	expect_log(msg);
	build_free(&b);
}

/* The largest mapped module gives a region of exactly 1 GiB. */
static void largest_module(const struct kspec *k)
{
	struct build b = { 0 };
	uint64_t lo = 0, hi = 1u << 18, mid;

	kernel_make(&b.k, k, true);
	while (hi - lo > 1) {	/* layout(lo pages) fits, hi does not */
		mid = (lo + hi) / 2;
		if (layout(&b, 1u << 20, mid * PG, true))
			hi = mid;
		else
			lo = mid;
	}
	assert_int_equal(layout(&b, 1u << 20, lo * PG, true), 0);
	assert_int_equal(b.l.region_end - b.l.virt_base, 1ull << 30);
	assert_int_equal(layout(&b, 1u << 20, lo * PG + 1, true), -E2BIG);
	build_free(&b);
}

static void test_too_big(void **state)
{
	struct kspec k;

	(void)state;
	kspec_linux(&k);
	k.seg[1].memsz = 0x40000000;
	expect_layout(&k, 1u << 20, 0, -E2BIG, "must fit in the first 0x40000000");
	kspec_linux(&k);
	k.mod_start_pfn = false;
	expect_layout(&k, 1u << 20, 1ull << 30, -E2BIG,
		      "the region would exceed 0x40000000 bytes");
	largest_module(&k);
	kspec_linux(&k);
	k.has_init_p2m = false;
	expect_layout(&k, 1u << 27, 0, -E2BIG, "region would exceed");
}

static void test_bad_addresses(void **state)
{
	struct kspec k;

	(void)state;
	kspec_linux(&k);
	k.paddr_offset = 0x300000;	/* image below VIRT_BASE */
	expect_layout(&k, 8192, 0, -EINVAL, "cannot be placed at or above VIRT_BASE");
	kspec_linux(&k);
	k.virt_base = 0xffff800000000000ull;	/* hypervisor's slots */
	k.entry = k.virt_base + 0x200040;
	expect_layout(&k, 8192, 0, -EINVAL, "overlaps the hypervisor's range");
	k.virt_base = 0x00007fffffe00000ull;	/* runs past 2^47 */
	k.entry = k.virt_base + 0x200040;
	expect_layout(&k, 8192, 0, -EINVAL, "is not canonical");
	k.virt_base = LINUX_VB + 0x800;
	k.entry = k.virt_base + 0x200040;
	expect_layout(&k, 8192, 0, -EINVAL, "is not page aligned");
	kspec_linux(&k);
	k.init_p2m = 0xffffff8000000000ull;	/* region's L4 slot */
	expect_layout(&k, 8192, 0, -EINVAL, "shares an L4 slot with the region");
	k.init_p2m = LINUX_P2M + 8;
	expect_layout(&k, 8192, 0, -EINVAL, "is unaligned");
	k.init_p2m = 0xffff840000000000ull;
	expect_layout(&k, 8192, 0, -EINVAL, "in the hypervisor's range");
	k.init_p2m = 0x0000900000000000ull;
	expect_layout(&k, 8192, 0, -EINVAL, "not canonical");
	k.init_p2m = 2 * LINUX_P2M - PG;	/* 16 pages of list, 1 left */
	expect_layout(&k, 8192, 0, -EINVAL, "crosses an L4 slot");
	kspec_linux(&k);
	k.entry = LINUX_VB + 0x100000;
	expect_layout(&k, 8192, 0, -EINVAL, "entry 0xffffffff80100000 outside");
	kspec_linux(&k);
	k.has_hypercall_page = true;
	k.hypercall_page = LINUX_VB + 0x20a000;
	expect_layout(&k, 8192, 0, -EINVAL, "HYPERCALL_PAGE 0xffffffff8020a000");
	k.hypercall_page = LINUX_VB + 0x203010;
	expect_layout(&k, 8192, 0, -EINVAL, "HYPERCALL_PAGE 0xffffffff80203010");
}

/* Every 4 MiB phase of the stack page: the slack is always 512 KiB-4.5 MiB. */
static void test_slack(void **state)
{
	struct build b = { 0 };
	struct kspec k;
	unsigned int extra = 0;
	uint64_t slack;

	(void)state;
	kspec_linux(&k);
	k.mod_start_pfn = false;
	kernel_make(&b.k, &k, true);
	for (uint64_t pages = 1; pages <= 1100; pages++) {
		assert_int_equal(layout(&b, 1u << 16, pages * PG, true), 0);
		slack = b.l.region_end - b.l.stack_top;
		assert_int_equal(b.l.region_end % (4ull << 20), 0);
		assert_true(slack >= 512 * 1024);
		assert_true(slack < (4ull << 20) + 512 * 1024);
		extra += slack >= 4ull << 20;
	}
	/* About 512 KiB of every 4 MiB (tables grow with the region). */
	assert_true(extra >= 120 && extra <= 130);
	build_free(&b);
}

/* No room between VIRT_BASE and 2^64 for the region. */
static void test_top_of_address_space(void **state)
{
	struct kspec k;

	(void)state;
	kspec_linux(&k);
	k.has_init_p2m = false;
	k.virt_base = 0xffffffffffe00000ull;
	k.nr_seg = 1;
	k.seg[0] = (struct kseg){ 0, 0x1000, 0x1000 };
	k.entry = k.virt_base + 0x40;
	expect_layout(&k, 8192, 0, -EINVAL, "leaves no room for the region");
}

/* A layout made for another kernel is refused by pv_load_kernel(). */
static void test_foreign_layout(void **state)
{
	struct build b = { 0 }, other = { 0 };
	struct kspec k;

	(void)state;
	kspec_linux(&k);
	kernel_make(&b.k, &k, true);
	assert_int_equal(layout(&b, 8192, 0, true), 0);
	build(&b);
	k.seg[1].memsz = 0x10000;
	kernel_make(&other.k, &k, true);
	b.p.elf = &other.k.elf;
	b.p.info = &other.k.info;
	assert_int_equal(pv_load_kernel(&b.p, &b.l, &b.m, &dg), -EINVAL);
	expect_log("outside the image [0x200000, 0x209210) of the layout");
	build_free(&other);
	build_free(&b);
}

/* Overlapping segments never get this far: elf_parse() refuses them. */
static void test_overlapping_segments(void **state)
{
	struct kspec k;
	struct kernel kn;

	(void)state;
	kspec_linux(&k);
	k.seg[1].paddr = 0x205000;
	kernel_file(&kn, &k);
	log_buf[0] = 0;
	assert_int_equal(elf_parse(&kn.elf, kn.file, kn.len, &dg), -EINVAL);
	free(kn.file);
}

static void test_params(void **state)
{
	struct kspec k;

	(void)state;
	kspec_linux(&k);
	expect_layout(&k, 0, 0, -EINVAL, "a domain needs 1 to");
	expect_layout(&k, PV_MAX_NR_PAGES + 1, 0, -EINVAL, "a domain needs");
	expect_layout(&k, 100, 100 * PG + 1, -ENOMEM, "exceeds the domain's");
	expect_layout(&k, 100, 0, -ENOMEM,
		      "(region 1024, module by PFN 0, INIT_P2M list and tables 4) but the domain has 100");
}

static void test_build_errors(void **state)
{
	struct build b = { 0 };
	struct kspec k;
	char *long_cmd = malloc(2000);
	void *si;

	(void)state;
	kspec_linux(&k);
	kernel_make(&b.k, &k, true);
	assert_int_equal(layout(&b, 8192, 100, true), 0);
	build(&b);
	assert_int_equal(pv_load_module(&b.l, &b.m, b.module, 5000), -EINVAL);
	b.g.bad_pfn = b.l.pt_pfn + 2;
	assert_int_equal(pv_build_pagetables(&b.l, &b.m, b.hv_l4, &dg),
			 -EINVAL);
	expect_log("beyond the 52-bit physical address space");
	si = g_map(&b.g, b.l.start_info_pfn);
	memset(long_cmd, 'a', 1999);
	long_cmd[1999] = 0;
	b.x.cmdline = long_cmd;
	assert_int_equal(pv_fill_start_info(si, &b.p, &b.l, &b.m, &b.x, &dg),
			 -E2BIG);
	expect_log("command line longer than 1023 bytes");
	b.x.cmdline = NULL;
	b.x.vga_info_size = 4096 - 1168 + 1;
	assert_int_equal(pv_fill_start_info(si, &b.p, &b.l, &b.m, &b.x, &dg),
			 -E2BIG);
	expect_log("does not fit in the start_info page");
	free(long_cmd);
	build_free(&b);
}

/* ---- the real kernel ---------------------------------------------- */

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void decompress(struct kernel *kn, const uint8_t *img, size_t len)
{
	static uint64_t ws[XZ_WORKSPACE_SIZE / 8];
	const uint8_t *payload;
	size_t payload_len, out_len;
	enum compression kind;
	uint64_t size;

	assert_int_equal(bzimage_payload(img, len, &payload, &payload_len,
					 &kind), 0);
	assert_int_equal(kind, COMPRESSION_XZ);
	/* The kernel build appends the uncompressed size: not xz data. */
	assert_true(payload_len > 4);
	payload_len -= 4;
	assert_int_equal(xz_uncompressed_size(payload, payload_len, &size), 0);
	kn->file = malloc(size);
	assert_non_null(kn->file);
	assert_int_equal(xz_decode(payload, payload_len, kn->file, size,
				   &out_len, ws), 0);
	kn->len = out_len;
}

static void print_layout(const struct pv_layout *l)
{
	print_message("virt_base %#llx kernel [%#llx, %#llx) entry %#llx\n",
		      (unsigned long long)l->virt_base,
		      (unsigned long long)l->kernel_start,
		      (unsigned long long)l->kernel_end,
		      (unsigned long long)l->entry);
	print_message("start_info pfn %#llx; page tables pfn %#llx x %llu (L3 %llu L2 %llu L1 %llu); stack top %#llx; region end %#llx (%llu pages)\n",
		      (unsigned long long)l->start_info_pfn,
		      (unsigned long long)l->pt_pfn,
		      (unsigned long long)l->pt_pages,
		      (unsigned long long)l->pt_l3,
		      (unsigned long long)l->pt_l2,
		      (unsigned long long)l->pt_l1,
		      (unsigned long long)l->stack_top,
		      (unsigned long long)l->region_end,
		      (unsigned long long)l->region_pages);
	print_message("module pfn %#llx x %llu (by pfn %d); p2m at %#llx: tables pfn %#llx x %llu, list pfn %#llx x %llu; %llu of %llu pages used\n",
		      (unsigned long long)l->mod_pfn,
		      (unsigned long long)l->mod_pages, l->mod_by_pfn,
		      (unsigned long long)l->p2m_virt,
		      (unsigned long long)l->p2m_pt_pfn,
		      (unsigned long long)l->p2m_pt_pages,
		      (unsigned long long)l->p2m_pfn,
		      (unsigned long long)l->p2m_pages,
		      (unsigned long long)l->used_pages,
		      (unsigned long long)l->nr_pages);
}

static void test_vmlinuz(void **state)
{
	const char *path = getenv("VESTA_TEST_VMLINUZ");
	struct build b = { 0 };
	uint8_t *img;
	size_t len;

	(void)state;
	if (!path || !*path) {
		print_message("VESTA_TEST_VMLINUZ not set\n");
		skip();
		return;
	}
	img = read_file(path, &len);
	decompress(&b.k, img, len);
	free(img);
	assert_int_equal(elf_parse(&b.k.elf, b.k.file, b.k.len, &dg), 0);
	assert_int_equal(xen_elf_parse_notes(&b.k.elf, &b.k.info, &dg), 0);
	assert_int_equal(xen_elf_check(&b.k.info, 1, true, &dg), 0);
	assert_int_equal(layout(&b, 131072, (3ull << 20) + 5, true), 0);
	print_layout(&b.l);
	assert_int_equal(b.l.virt_base, LINUX_VB);
	assert_true(b.l.p2m_at_init_p2m && b.l.mod_by_pfn);
	build(&b);
	verify(&b);
	build_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linux_dom0),
		cmocka_unit_test(test_no_virt_base),
		cmocka_unit_test(test_mixes),
		cmocka_unit_test(test_table_boundaries),
		cmocka_unit_test(test_hypercall_page),
		cmocka_unit_test(test_min_memory),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_bad_addresses),
		cmocka_unit_test(test_slack),
		cmocka_unit_test(test_top_of_address_space),
		cmocka_unit_test(test_foreign_layout),
		cmocka_unit_test(test_overlapping_segments),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_build_errors),
		cmocka_unit_test(test_vmlinuz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
