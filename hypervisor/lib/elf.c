/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * ELF64 executable validation and Xen ELF note decoding for the PV domain
 * builder. The kernel image is untrusted input (a domU kernel comes from
 * the toolstack): every field is read byte-wise in little endian from
 * inside the file, every (offset, size) pair is checked without forming a
 * sum that could wrap, and every loop is bounded by the file size or a
 * fixed cap. Structure layouts follow the ELF64 specification; note
 * numbers and meanings follow Xen's public elfnote.h. This file neither
 * loads segments nor decides memory layout beyond the checks in
 * xen_elf_check().
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <vesta/elf.h>
#include <vesta/errno.h>

/* ELF header fields. */
#define EH_SIZE		64
#define EI_CLASS	4
#define EI_DATA		5
#define EI_VERSION	6
#define EH_TYPE		16
#define EH_MACHINE	18
#define EH_VERSION	20
#define EH_ENTRY	24
#define EH_PHOFF	32
#define EH_SHOFF	40
#define EH_PHENTSIZE	54
#define EH_PHNUM	56
#define EH_SHENTSIZE	58
#define EH_SHNUM	60
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1
#define ET_EXEC		2
#define EM_X86_64	62

/* Program header fields. */
#define PH_SIZE		56
#define PH_TYPE		0
#define PH_FLAGS	4
#define PH_OFFSET	8
#define PH_VADDR	16
#define PH_PADDR	24
#define PH_FILESZ	32
#define PH_MEMSZ	40
#define PH_ALIGN	48
#define PT_LOAD		1
#define PT_NOTE		4

/* Section header fields. */
#define SH_SIZE		64
#define SH_TYPE		4
#define SH_OFFSET	24
#define SH_SIZE_FIELD	32
#define SH_ADDRALIGN	48
#define SHT_NOTE	7

#define NOTE_HDR	12
#define PAGE_SIZE	4096ull

static uint64_t rd16(const uint8_t *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8;
}

static uint64_t rd32(const uint8_t *p)
{
	return rd16(p) | rd16(p + 2) << 16;
}

static uint64_t rd64(const uint8_t *p)
{
	return rd32(p) | rd32(p + 4) << 32;
}

/* G2: [off, off + size) inside a file of @len bytes, without wrapping. */
static bool in_file(uint64_t off, uint64_t size, size_t len)
{
	return size <= len && off <= len - size;
}

static const uint8_t *phdr(const struct elf_image *elf, unsigned int i)
{
	return elf->data + elf->phoff + (size_t)i * PH_SIZE;
}

static int check_header(struct elf_image *elf, const struct diag *dg)
{
	const uint8_t *h = elf->data;
	uint64_t phentsize, phnum;

	if (elf->len < EH_SIZE || memcmp(h, "\177ELF", 4)) {
		diag_report(dg, "elf: not an ELF file");
		return -ENOEXEC;
	}
	if (h[EI_CLASS] != ELFCLASS64 || h[EI_DATA] != ELFDATA2LSB ||
	    rd16(h + EH_MACHINE) != EM_X86_64 || rd16(h + EH_TYPE) != ET_EXEC) {
		diag_report(dg, "elf: not a little-endian ELF64 x86-64 executable (class %u, data %u, machine %u, type %u)",
			    h[EI_CLASS], h[EI_DATA],
			    (unsigned int)rd16(h + EH_MACHINE),
			    (unsigned int)rd16(h + EH_TYPE));
		return -ENOEXEC;
	}
	if (h[EI_VERSION] != EV_CURRENT || rd32(h + EH_VERSION) != EV_CURRENT) {
		diag_report(dg, "elf: unknown ELF version");
		return -EINVAL;
	}
	phentsize = rd16(h + EH_PHENTSIZE);
	phnum = rd16(h + EH_PHNUM);
	elf->phoff = rd64(h + EH_PHOFF);
	if (phentsize != PH_SIZE || !phnum || phnum > ELF_MAX_PHNUM ||
	    !in_file(elf->phoff, phnum * PH_SIZE, elf->len)) {
		diag_report(dg, "elf: bad program header table (entry size %u, %u entries at %#llx)",
			    (unsigned int)phentsize, (unsigned int)phnum,
			    (unsigned long long)elf->phoff);
		return -EINVAL;
	}
	elf->phnum = (unsigned int)phnum;
	elf->entry = rd64(h + EH_ENTRY);
	return 0;
}

static bool ranges_overlap(uint64_t a, uint64_t b, uint64_t size_a,
			   uint64_t size_b)
{
	/* Both ranges are known not to wrap. */
	return a < b + size_b && b < a + size_a;
}

/* A non-empty PT_LOAD's own checks, plus its place in the extents. */
static int check_load(struct elf_image *elf, const uint8_t *ph,
		      unsigned int i, const struct diag *dg)
{
	uint64_t off = rd64(ph + PH_OFFSET), va = rd64(ph + PH_VADDR);
	uint64_t pa = rd64(ph + PH_PADDR), filesz = rd64(ph + PH_FILESZ);
	uint64_t memsz = rd64(ph + PH_MEMSZ);

	if (filesz > memsz || !in_file(off, filesz, elf->len) ||
	    memsz > UINT64_MAX - va || memsz > UINT64_MAX - pa) {
		diag_report(dg, "elf: PT_LOAD %u malformed (offset %#llx, filesz %#llx, memsz %#llx, vaddr %#llx, paddr %#llx)",
			    i, (unsigned long long)off,
			    (unsigned long long)filesz,
			    (unsigned long long)memsz, (unsigned long long)va,
			    (unsigned long long)pa);
		return -EINVAL;
	}
	if (!elf->nr_load++) {
		elf->vstart = va;
		elf->vend = va + memsz;
		elf->pstart = pa;
		elf->pend = pa + memsz;
		return 0;
	}
	elf->vstart = va < elf->vstart ? va : elf->vstart;
	elf->vend = va + memsz > elf->vend ? va + memsz : elf->vend;
	elf->pstart = pa < elf->pstart ? pa : elf->pstart;
	elf->pend = pa + memsz > elf->pend ? pa + memsz : elf->pend;
	return 0;
}

/* Segments @i and @j (both non-empty, valid PT_LOADs) must be disjoint. */
static int check_pair(const struct elf_image *elf, unsigned int i,
		      unsigned int j, const struct diag *dg)
{
	const uint8_t *a = phdr(elf, i), *b = phdr(elf, j);
	uint64_t sa = rd64(a + PH_MEMSZ), sb = rd64(b + PH_MEMSZ);

	if (ranges_overlap(rd64(a + PH_VADDR), rd64(b + PH_VADDR), sa, sb)) {
		diag_report(dg, "elf: PT_LOAD %u and %u overlap in virtual space",
			    i, j);
		return -EINVAL;
	}
	if (ranges_overlap(rd64(a + PH_PADDR), rd64(b + PH_PADDR), sa, sb)) {
		diag_report(dg, "elf: PT_LOAD %u and %u overlap in physical space",
			    i, j);
		return -EINVAL;
	}
	return 0;
}

static bool is_load(const uint8_t *ph)
{
	return rd32(ph + PH_TYPE) == PT_LOAD && rd64(ph + PH_MEMSZ);
}

static int check_segments(struct elf_image *elf, const struct diag *dg)
{
	int rc;

	for (unsigned int i = 0; i < elf->phnum; i++) {
		const uint8_t *ph = phdr(elf, i);

		if (rd32(ph + PH_TYPE) == PT_NOTE &&
		    !in_file(rd64(ph + PH_OFFSET), rd64(ph + PH_FILESZ),
			     elf->len)) {
			diag_report(dg, "elf: PT_NOTE %u outside the file", i);
			return -EINVAL;
		}
		if (!is_load(ph))
			continue;
		rc = check_load(elf, ph, i, dg);
		if (rc)
			return rc;
	}
	if (!elf->nr_load) {
		diag_report(dg, "elf: no loadable segment");
		return -EINVAL;
	}
	/* At most ELF_MAX_PHNUM^2 / 2 pairs. */
	for (unsigned int i = 0; i < elf->phnum; i++) {
		if (!is_load(phdr(elf, i)))
			continue;
		for (unsigned int j = i + 1; j < elf->phnum; j++) {
			if (!is_load(phdr(elf, j)))
				continue;
			rc = check_pair(elf, i, j, dg);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int elf_parse(struct elf_image *elf, const uint8_t *data, size_t len,
	      const struct diag *dg)
{
	int rc;

	memset(elf, 0, sizeof(*elf));
	elf->data = data;
	elf->len = len;
	rc = check_header(elf, dg);
	if (rc)
		return rc;
	return check_segments(elf, dg);
}

int elf_load_segment(const struct elf_image *elf, unsigned int n,
		     struct elf_segment *seg)
{
	for (unsigned int i = 0; i < elf->phnum; i++) {
		const uint8_t *ph = phdr(elf, i);

		if (!is_load(ph) || n--)
			continue;
		seg->vaddr = rd64(ph + PH_VADDR);
		seg->paddr = rd64(ph + PH_PADDR);
		seg->memsz = rd64(ph + PH_MEMSZ);
		seg->filesz = rd64(ph + PH_FILESZ);
		/* elf_parse() checked offset and filesz against the file. */
		seg->data = elf->data + rd64(ph + PH_OFFSET);
		seg->flags = (uint32_t)rd32(ph + PH_FLAGS);
		return 0;
	}
	return -ENOENT;
}

/* ---- Xen notes ---------------------------------------------------- */

static const char *const feature_names[XEN_FEAT_NR] = {
	[XEN_FEAT_writable_page_tables] = "writable_page_tables",
	[XEN_FEAT_writable_descriptor_tables] = "writable_descriptor_tables",
	[XEN_FEAT_auto_translated_physmap] = "auto_translated_physmap",
	[XEN_FEAT_supervisor_mode_kernel] = "supervisor_mode_kernel",
	[XEN_FEAT_pae_pgdir_above_4gb] = "pae_pgdir_above_4gb",
	[XEN_FEAT_mmu_pt_update_preserve_ad] = "mmu_pt_update_preserve_ad",
	[XEN_FEAT_highmem_assist] = "highmem_assist",
	[XEN_FEAT_gnttab_map_avail_bits] = "gnttab_map_avail_bits",
	[XEN_FEAT_hvm_callback_vector] = "hvm_callback_vector",
	[XEN_FEAT_hvm_safe_pvclock] = "hvm_safe_pvclock",
	[XEN_FEAT_hvm_pirqs] = "hvm_pirqs",
	[XEN_FEAT_dom0] = "dom0",
	[XEN_FEAT_grant_map_identity] = "grant_map_identity",
	[XEN_FEAT_memory_op_vnode_supported] = "memory_op_vnode_supported",
	[XEN_FEAT_ARM_SMCCC_supported] = "ARM_SMCCC_supported",
	[XEN_FEAT_linux_rsdp_unrestricted] = "linux_rsdp_unrestricted",
	[XEN_FEAT_not_direct_mapped] = "not_direct_mapped",
	[XEN_FEAT_direct_mapped] = "direct_mapped",
	[XEN_FEAT_runstate_phys_area] = "runstate_phys_area",
	[XEN_FEAT_vcpu_time_phys_area] = "vcpu_time_phys_area",
	[XEN_FEAT_dm_msix_all_writes] = "dm_msix_all_writes",
};

const char *xen_elf_feature_name(unsigned int bit)
{
	return bit < XEN_FEAT_NR ? feature_names[bit] : NULL;
}

enum note_kind { NOTE_IGNORE, NOTE_NUM, NOTE_FLAG, NOTE_STR, NOTE_L1 };

/*
 * How each note type is stored: NOTE_NUM writes the uint64_t at @off and
 * sets the bool at @has; NOTE_FLAG sets the bool at @off to (value != 0);
 * NOTE_STR copies into the char array at @off of @size bytes; NOTE_IGNORE
 * sets the bool at @has when @has is non-zero.
 */
struct note_desc {
	const char *name;
	uint8_t kind;
	uint16_t off, has, size;
};

#define INFO_OFF(f) ((uint16_t)offsetof(struct xen_elf_info, f))
#define NUM(n, f, h) { n, NOTE_NUM, INFO_OFF(f), INFO_OFF(h), 0 }
#define FLAG(n, f) { n, NOTE_FLAG, INFO_OFF(f), 0, 0 }
#define STR(n, f) \
	{ n, NOTE_STR, INFO_OFF(f), 0, sizeof(((struct xen_elf_info *)0)->f) }

static const struct note_desc notes[] = {
	[XEN_ELFNOTE_INFO] = { "INFO", NOTE_IGNORE, 0, 0, 0 },
	[XEN_ELFNOTE_ENTRY] = NUM("ENTRY", entry, has_entry),
	[XEN_ELFNOTE_HYPERCALL_PAGE] = NUM("HYPERCALL_PAGE", hypercall_page,
					   has_hypercall_page),
	[XEN_ELFNOTE_VIRT_BASE] = NUM("VIRT_BASE", virt_base, has_virt_base),
	[XEN_ELFNOTE_PADDR_OFFSET] = NUM("PADDR_OFFSET", paddr_offset,
					 has_paddr_offset),
	[XEN_ELFNOTE_XEN_VERSION] = STR("XEN_VERSION", xen_version),
	[XEN_ELFNOTE_GUEST_OS] = STR("GUEST_OS", guest_os),
	[XEN_ELFNOTE_GUEST_VERSION] = STR("GUEST_VERSION", guest_version),
	[XEN_ELFNOTE_LOADER] = STR("LOADER", loader),
	[XEN_ELFNOTE_PAE_MODE] = STR("PAE_MODE", pae_mode),
	[XEN_ELFNOTE_FEATURES] = STR("FEATURES", features),
	[XEN_ELFNOTE_BSD_SYMTAB] = { "BSD_SYMTAB", NOTE_IGNORE, 0,
				     INFO_OFF(has_bsd_symtab), 0 },
	[XEN_ELFNOTE_HV_START_LOW] = NUM("HV_START_LOW", hv_start_low,
					 has_hv_start_low),
	[XEN_ELFNOTE_L1_MFN_VALID] = { "L1_MFN_VALID", NOTE_L1, 0, 0, 0 },
	[XEN_ELFNOTE_SUSPEND_CANCEL] = FLAG("SUSPEND_CANCEL", suspend_cancel),
	[XEN_ELFNOTE_INIT_P2M] = NUM("INIT_P2M", init_p2m, has_init_p2m),
	[XEN_ELFNOTE_MOD_START_PFN] = FLAG("MOD_START_PFN", mod_start_pfn),
	/* A 32-bit bitmap: decode_note() stores it itself. */
	[XEN_ELFNOTE_SUPPORTED_FEATURES] = {
		"SUPPORTED_FEATURES", NOTE_NUM, 0,
		INFO_OFF(has_supported_features), 0
	},
	[XEN_ELFNOTE_PHYS32_ENTRY] = NUM("PHYS32_ENTRY", phys32_entry,
					 has_phys32_entry),
	[XEN_ELFNOTE_PHYS32_RELOC] = { "PHYS32_RELOC", NOTE_IGNORE, 0, 0, 0 },
};

struct note_ctx {
	struct xen_elf_info *info;
	const struct diag *dg;
	uint32_t seen;		/* bit per note type already decoded */
};

static int read_num(const struct note_desc *nd, const uint8_t *desc,
		    uint64_t descsz, uint64_t *val, const struct diag *dg)
{
	if (descsz == 4) {
		*val = rd32(desc);
	} else if (descsz == 8) {
		*val = rd64(desc);
	} else {
		diag_report(dg, "xen-elf: %s note has a %llu-byte value, need 4 or 8",
			    nd->name, (unsigned long long)descsz);
		return -EINVAL;
	}
	return 0;
}

static int read_str(const struct note_desc *nd, const uint8_t *desc,
		    uint64_t descsz, char *dst, const struct diag *dg)
{
	/*
	 * The value is the descriptor up to its first NUL, which is optional:
	 * Linux emits FEATURES with .ascii, so its 41 bytes carry no NUL.
	 */
	size_t len = strnlen((const char *)desc, (size_t)descsz);

	if (len >= nd->size) {
		diag_report(dg, "xen-elf: %s note is longer than %u bytes",
			    nd->name, nd->size - 1u);
		return -EINVAL;
	}
	memcpy(dst, desc, len);
	dst[len] = '\0';
	return 0;
}

static int read_l1(struct xen_elf_info *info, const uint8_t *desc,
		   uint64_t descsz, const struct diag *dg)
{
	if (descsz == 8) {
		info->l1_mfn_valid_mask = rd32(desc);
		info->l1_mfn_valid_value = rd32(desc + 4);
	} else if (descsz && descsz % 16 == 0) {
		info->l1_mfn_valid_mask = rd64(desc);
		info->l1_mfn_valid_value = rd64(desc + 8);
	} else {
		diag_report(dg, "xen-elf: L1_MFN_VALID note has %llu bytes, need 8 or a multiple of 16",
			    (unsigned long long)descsz);
		return -EINVAL;
	}
	info->has_l1_mfn_valid = true;
	return 0;
}

static void set_bool(struct xen_elf_info *info, uint16_t off)
{
	bool t = true;

	memcpy((uint8_t *)info + off, &t, sizeof(t));
}

static int decode_note(struct note_ctx *nc, uint32_t type,
		       const uint8_t *desc, uint64_t descsz)
{
	struct xen_elf_info *info = nc->info;
	const struct note_desc *nd;
	uint64_t val;
	bool b;
	int rc;

	info->has_xen_notes = true;
	if (type >= sizeof(notes) / sizeof(notes[0])) {
		diag_report(nc->dg, "xen-elf: unknown note type %u ignored",
			    type);
		return 0;
	}
	nd = &notes[type];
	if (nc->seen & (1u << type))
		diag_report(nc->dg, "xen-elf: %s note repeated; the last one counts",
			    nd->name);
	nc->seen |= 1u << type;
	switch (nd->kind) {
	case NOTE_NUM:
		rc = read_num(nd, desc, descsz, &val, nc->dg);
		if (rc)
			return rc;
		if (type == XEN_ELFNOTE_SUPPORTED_FEATURES)
			info->supported_features = (uint32_t)val;
		else
			memcpy((uint8_t *)info + nd->off, &val, sizeof(val));
		set_bool(info, nd->has);
		return 0;
	case NOTE_FLAG:
		rc = read_num(nd, desc, descsz, &val, nc->dg);
		if (rc)
			return rc;
		b = val != 0;
		memcpy((uint8_t *)info + nd->off, &b, sizeof(b));
		return 0;
	case NOTE_STR:
		return read_str(nd, desc, descsz, (char *)info + nd->off,
				nc->dg);
	case NOTE_L1:
		return read_l1(info, desc, descsz, nc->dg);
	default:
		if (nd->has)
			set_bool(info, nd->has);
		return 0;
	}
}

/*
 * Walk one note area of @size bytes at @p with @align-byte padding.
 * Loop bound: every iteration consumes at least NOTE_HDR bytes.
 */
static int walk_notes(struct note_ctx *nc, const uint8_t *p, uint64_t size,
		      uint64_t align)
{
	uint64_t pos = 0, namesz, descsz, name_end, desc_off;
	int rc;

	while (pos < size) {
		if (size - pos < NOTE_HDR) {
			diag_report(nc->dg, "xen-elf: truncated note header at %#llx",
				    (unsigned long long)pos);
			return -EINVAL;
		}
		namesz = rd32(p + pos);
		descsz = rd32(p + pos + 4);
		/* Sizes are < 2^32, positions < the file size: no wrap. */
		name_end = pos + NOTE_HDR + namesz;
		desc_off = (name_end + align - 1) & ~(align - 1);
		if (desc_off > size || descsz > size - desc_off) {
			diag_report(nc->dg, "xen-elf: note at %#llx runs past its area (namesz %llu, descsz %llu)",
				    (unsigned long long)pos,
				    (unsigned long long)namesz,
				    (unsigned long long)descsz);
			return -EINVAL;
		}
		if (namesz == 4 && !memcmp(p + pos + NOTE_HDR, "Xen", 4)) {
			rc = decode_note(nc, (uint32_t)rd32(p + pos + 8),
					 p + desc_off, descsz);
			if (rc)
				return rc;
		}
		/* Only the last note's padding may be cut off. */
		pos = (desc_off + descsz + align - 1) & ~(align - 1);
	}
	return 0;
}

static int walk_area(struct note_ctx *nc, const struct elf_image *elf,
		     uint64_t off, uint64_t size, uint64_t align)
{
	align = align == 8 ? 8 : 4;
	if (off % align) {
		diag_report(nc->dg, "xen-elf: note area at %#llx is not %llu-byte aligned",
			    (unsigned long long)off,
			    (unsigned long long)align);
		return -EINVAL;
	}
	return walk_notes(nc, elf->data + off, size, align);
}

static int walk_segments(struct note_ctx *nc, const struct elf_image *elf)
{
	int rc;

	for (unsigned int i = 0; i < elf->phnum; i++) {
		const uint8_t *ph = phdr(elf, i);

		if (rd32(ph + PH_TYPE) != PT_NOTE)
			continue;
		/* elf_parse() checked the area against the file. */
		rc = walk_area(nc, elf, rd64(ph + PH_OFFSET),
			       rd64(ph + PH_FILESZ), rd64(ph + PH_ALIGN));
		if (rc)
			return rc;
	}
	return 0;
}

static int walk_sections(struct note_ctx *nc, const struct elf_image *elf)
{
	const uint8_t *h = elf->data, *sh;
	uint64_t shoff = rd64(h + EH_SHOFF), shnum = rd16(h + EH_SHNUM);
	uint64_t off, size;
	int rc;

	if (!shoff || !shnum)
		return 0;
	if (rd16(h + EH_SHENTSIZE) != SH_SIZE || shnum > ELF_MAX_SHNUM ||
	    !in_file(shoff, shnum * SH_SIZE, elf->len)) {
		diag_report(nc->dg, "elf: bad section header table");
		return -EINVAL;
	}
	for (uint64_t i = 0; i < shnum; i++) {
		sh = h + shoff + i * SH_SIZE;
		if (rd32(sh + SH_TYPE) != SHT_NOTE)
			continue;
		off = rd64(sh + SH_OFFSET);
		size = rd64(sh + SH_SIZE_FIELD);
		if (!in_file(off, size, elf->len)) {
			diag_report(nc->dg, "elf: note section %u outside the file",
				    (unsigned int)i);
			return -EINVAL;
		}
		rc = walk_area(nc, elf, off, size, rd64(sh + SH_ADDRALIGN));
		if (rc)
			return rc;
	}
	return 0;
}

/* Split FEATURES at '|'; the string is NUL-terminated in its buffer. */
static void parse_features(struct xen_elf_info *info, const struct diag *dg)
{
	const char *s = info->features;
	size_t len, name_len;
	unsigned int bit;
	bool required;

	while (*s) {
		len = 0;
		while (s[len] && s[len] != '|')
			len++;
		required = len && s[0] == '!';
		name_len = len - required;
		for (bit = 0; bit < XEN_FEAT_NR; bit++) {
			if (strlen(feature_names[bit]) == name_len &&
			    !memcmp(feature_names[bit], s + required, name_len))
				break;
		}
		if (bit < XEN_FEAT_NR) {
			info->features_named |= 1u << bit;
			if (required)
				info->required_features |= 1u << bit;
		} else if (name_len) {
			diag_report(dg, "xen-elf: unknown feature '%.*s' ignored",
				    (int)name_len, s + required);
		}
		s += len + (s[len] == '|');
	}
}

static void compute_layout(const struct elf_image *elf,
			   struct xen_elf_info *info)
{
	uint64_t size = elf->pend - elf->pstart;

	if (elf->pstart < info->paddr_offset)
		return;
	info->virt_kstart = elf->pstart - info->paddr_offset + info->virt_base;
	if (info->virt_kstart < info->virt_base ||
	    size > UINT64_MAX - info->virt_kstart)
		return;
	info->virt_kend = info->virt_kstart + size;
	info->has_layout = true;
}

int xen_elf_parse_notes(const struct elf_image *elf,
			struct xen_elf_info *info, const struct diag *dg)
{
	struct note_ctx nc = { .info = info, .dg = dg };
	int rc;

	memset(info, 0, sizeof(*info));
	rc = walk_segments(&nc, elf);
	if (rc)
		return rc;
	if (!info->has_xen_notes) {
		rc = walk_sections(&nc, elf);
		if (rc)
			return rc;
	}
	if (!info->has_entry)
		info->entry = elf->entry;
	parse_features(info, dg);
	compute_layout(elf, info);
	return 0;
}

/* ---- builder rules ------------------------------------------------ */

static int check_strings(const struct xen_elf_info *info,
			 const struct diag *dg)
{
	if (strcmp(info->loader, "generic")) {
		diag_report(dg, "xen-elf: LOADER note is '%s', need 'generic'",
			    info->loader);
		return -EINVAL;
	}
	if (strcmp(info->xen_version, "xen-3.0")) {
		diag_report(dg, "xen-elf: XEN_VERSION note is '%s', need 'xen-3.0'",
			    info->xen_version);
		return -EINVAL;
	}
	if (!info->guest_os[0]) {
		diag_report(dg, "xen-elf: no GUEST_OS note");
		return -EINVAL;
	}
	return 0;
}

static int check_addresses(const struct xen_elf_info *info,
			   const struct diag *dg)
{
	uint64_t start = info->virt_kstart, end = info->virt_kend;
	uint64_t hp = info->hypercall_page;

	if (!info->has_layout) {
		diag_report(dg, "xen-elf: image cannot be placed: PADDR_OFFSET %#llx / VIRT_BASE %#llx do not fit its physical addresses",
			    (unsigned long long)info->paddr_offset,
			    (unsigned long long)info->virt_base);
		return -EINVAL;
	}
	if (info->entry < start || info->entry >= end) {
		diag_report(dg, "xen-elf: entry point %#llx outside the image [%#llx, %#llx)",
			    (unsigned long long)info->entry,
			    (unsigned long long)start, (unsigned long long)end);
		return -EINVAL;
	}
	if (info->has_hypercall_page &&
	    (hp % PAGE_SIZE || hp < start || end - start < PAGE_SIZE ||
	     hp > end - PAGE_SIZE)) {
		diag_report(dg, "xen-elf: HYPERCALL_PAGE %#llx is not a page inside the image [%#llx, %#llx)",
			    (unsigned long long)hp, (unsigned long long)start,
			    (unsigned long long)end);
		return -EINVAL;
	}
	return 0;
}

static int check_features(const struct xen_elf_info *info, uint32_t offered,
			  bool as_dom0, const struct diag *dg)
{
	uint32_t missing = info->required_features & ~offered;
	unsigned int bit = 0;

	if (missing) {
		while (!(missing & (1u << bit)))
			bit++;
		diag_report(dg, "xen-elf: kernel requires feature %s which is not offered (missing set %#x)",
			    feature_names[bit], missing);
		return -EOPNOTSUPP;
	}
	if (as_dom0 && !((info->supported_features | info->features_named) &
			 (1u << XEN_FEAT_dom0))) {
		diag_report(dg, "xen-elf: kernel does not support running as dom0 (no dom0 bit in SUPPORTED_FEATURES)");
		return -EOPNOTSUPP;
	}
	return 0;
}

int xen_elf_check(const struct xen_elf_info *info, uint32_t offered_features,
		  bool as_dom0, const struct diag *dg)
{
	int rc;

	if (!info->has_xen_notes) {
		diag_report(dg, "xen-elf: no Xen ELF notes: not a PV kernel");
		return -ENOEXEC;
	}
	rc = check_strings(info, dg);
	if (rc)
		return rc;
	if (!info->has_entry)
		diag_report(dg, "xen-elf: no ENTRY note; using the ELF entry point %#llx",
			    (unsigned long long)info->entry);
	rc = check_addresses(info, dg);
	if (rc)
		return rc;
	return check_features(info, offered_features, as_dom0, dg);
}
