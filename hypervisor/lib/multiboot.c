/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Parser of the multiboot1 and multiboot2 boot information. Everything is
 * read through the caller's reader, each byte once, with every size and
 * offset checked before use, and copied into struct boot_info. The boot
 * loader is trusted to load us but not to get its tables right, so
 * malformed parts are reported and skipped rather than trusted. Not
 * responsible for sanitising the memory map or interpreting any string.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <vesta/errno.h>
#include <vesta/format.h>
#include <vesta/multiboot.h>

/* Multiboot1 information structure: flag bits and field offsets. */
#define MB1_F_MEM 0x001u
#define MB1_F_CMDLINE 0x004u
#define MB1_F_MODS 0x008u
#define MB1_F_MMAP 0x040u
#define MB1_F_LOADER 0x200u
#define MB1_MEM_LOWER 4
#define MB1_MEM_UPPER 8
#define MB1_CMDLINE 16
#define MB1_MODS_COUNT 20
#define MB1_MODS_ADDR 24
#define MB1_MMAP_LENGTH 44
#define MB1_MMAP_ADDR 48
#define MB1_LOADER_NAME 64
#define MB1_INFO_MAX 68		/* end of the last field we use */
#define MB1_MOD_SIZE 16
/* An mmap entry without its size field: base, length, type. */
#define MB1_MMAP_ENTRY_MIN 20

/* Multiboot2 tag types and sizes. */
#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER 2
#define MB2_TAG_MODULE 3
#define MB2_TAG_MEMINFO 4
#define MB2_TAG_MMAP 6
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_ACPI_NEW 15
#define MB2_TAG_HDR 8
#define MB2_MMAP_ENTRY_MIN 24
#define RSDP_V1_LEN 20

/* How far a string given only by its address may run before its NUL. */
#define STR_SCAN_MAX 0x10000u
#define CHUNK 4096u

struct mb_ctx {
	const struct mb_reader *rd;
	struct boot_info *out;
	const struct diag *dg;
	bool has_rsdp_v2;
	bool is_mmap_full;
};

/* Map [pa, pa + len); NULL if it wraps past 2^64 or is unreadable. */
static const uint8_t *map(const struct mb_ctx *c, uint64_t pa, size_t len)
{
	if (!len || pa > UINT64_MAX - (len - 1))
		return NULL;
	return c->rd->map(c->rd->ctx, pa, len);
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Map up to @want bytes at @pa: a page-bounded chunk, else a single byte. */
static const uint8_t *map_some(const struct mb_ctx *c, uint64_t pa,
			       size_t want, size_t *got)
{
	const uint8_t *p;
	size_t n = CHUNK - (size_t)(pa & (CHUNK - 1));

	if (n > want)
		n = want;
	p = map(c, pa, n);
	if (!p && n > 1) {
		n = 1;
		p = map(c, pa, 1);
	}
	*got = n;
	return p;
}

/*
 * Copy the NUL-terminated string at @pa, which must end within @limit
 * bytes, into @dst of @size bytes. Reports and leaves @dst empty when there
 * is no NUL in readable memory within @limit; truncates (reported) when the
 * string does not fit.
 */
static void copy_string(const struct mb_ctx *c, uint64_t pa, size_t limit,
			char *dst, size_t size, const char *what)
{
	size_t i = 0, got;
	const uint8_t *p;

	while (i < limit) {
		/* Never wrap around to low memory. */
		if (pa + i < pa)
			break;
		p = map_some(c, pa + i, limit - i, &got);
		if (!p)
			break;
		for (size_t j = 0; j < got; j++, i++) {
			if (i < size)
				dst[i] = (char)p[j];
			if (p[j])
				continue;
			if (i >= size) {
				dst[size - 1] = '\0';
				diag_report(c->dg, "multiboot: %s truncated to %zu characters",
					    what, size - 1);
			}
			return;
		}
	}
	dst[0] = '\0';
	diag_report(c->dg, "multiboot: %s is not NUL-terminated; ignored", what);
}

/* Append a memory map entry; false once the map is full (reported once). */
static bool add_mmap(struct mb_ctx *c, uint64_t addr, uint64_t size,
		     uint32_t type)
{
	struct boot_info *out = c->out;

	if (out->nr_mmap == MB_MAX_MMAP) {
		if (!c->is_mmap_full)
			diag_report(c->dg, "multiboot: more than %d memory map entries; the rest is dropped",
				    MB_MAX_MMAP);
		c->is_mmap_full = true;
		return false;
	}
	out->mmap[out->nr_mmap].addr = addr;
	out->mmap[out->nr_mmap].size = size;
	out->mmap[out->nr_mmap].type = type;
	out->nr_mmap++;
	return true;
}

/*
 * Append a module whose command line is @str_len bytes at @str_pa
 * (@str_len 0: none). False once the module table is full.
 */
static bool add_module(struct mb_ctx *c, uint32_t start, uint32_t end,
		       uint64_t str_pa, size_t str_len)
{
	struct boot_info *out = c->out;
	struct boot_module *m;
	char what[32];

	if (out->nr_modules == MB_MAX_MODULES) {
		diag_report(c->dg, "multiboot: more than %d modules; the rest is dropped",
			    MB_MAX_MODULES);
		return false;
	}
	if (end < start) {
		diag_report(c->dg, "multiboot: module [%#x, %#x) ends before it starts; skipped",
			    start, end);
		return true;
	}
	m = &out->modules[out->nr_modules];
	m->start = start;
	m->end = end;
	m->cmdline[0] = '\0';
	if (str_len) {
		vesta_snprintf(what, sizeof(what), "module %u command line",
			       out->nr_modules);
		copy_string(c, str_pa, str_len, m->cmdline, sizeof(m->cmdline),
			    what);
	}
	out->nr_modules++;
	return true;
}

static void mb1_modules(struct mb_ctx *c, uint32_t addr, uint32_t count)
{
	const uint8_t *p;
	uint32_t str;

	/* Bounded by the module table, not by the loader's count. */
	for (uint32_t i = 0; i < count; i++) {
		p = map(c, (uint64_t)addr + (uint64_t)i * MB1_MOD_SIZE,
			MB1_MOD_SIZE);
		if (!p) {
			diag_report(c->dg, "multiboot: module list unreadable at entry %u; the rest is skipped",
				    i);
			return;
		}
		str = get32(p + 8);
		/* A zero string address means "no command line". */
		if (!add_module(c, get32(p), get32(p + 4), str,
				str ? STR_SCAN_MAX : 0))
			return;
	}
}

static void mb1_mmap(struct mb_ctx *c, uint32_t addr, uint32_t length)
{
	uint64_t off = 0, pa;
	const uint8_t *p;
	uint32_t size;

	/* Each pass adds an entry or stops, so the map size bounds it. */
	while (off < length) {
		pa = (uint64_t)addr + off;
		p = length - off >= 4 ? map(c, pa, 4) : NULL;
		if (!p) {
			diag_report(c->dg, "multiboot: memory map entry at offset %llu unreadable or truncated; the rest is skipped",
				    (unsigned long long)off);
			return;
		}
		size = get32(p);
		if (size < MB1_MMAP_ENTRY_MIN || size > length - off - 4) {
			diag_report(c->dg, "multiboot: memory map entry at offset %llu has bad size %u; the rest is skipped",
				    (unsigned long long)off, size);
			return;
		}
		p = map(c, pa + 4, MB1_MMAP_ENTRY_MIN);
		if (!p) {
			diag_report(c->dg, "multiboot: memory map entry at offset %llu unreadable; the rest is skipped",
				    (unsigned long long)off);
			return;
		}
		if (!add_mmap(c, get64(p), get64(p + 8), get32(p + 16)))
			return;
		off += 4 + (uint64_t)size;
	}
}

/* Size of the information structure needed for the fields @flags uses. */
static size_t mb1_info_size(uint32_t flags)
{
	if (flags & MB1_F_LOADER)
		return MB1_INFO_MAX;
	if (flags & MB1_F_MMAP)
		return MB1_MMAP_ADDR + 4;
	if (flags & MB1_F_MODS)
		return MB1_MODS_ADDR + 4;
	if (flags & MB1_F_CMDLINE)
		return MB1_CMDLINE + 4;
	if (flags & MB1_F_MEM)
		return MB1_MEM_UPPER + 4;
	return 4;
}

static int parse_mb1(struct mb_ctx *c, uint64_t info_pa)
{
	uint8_t info[MB1_INFO_MAX];
	struct boot_info *out = c->out;
	const uint8_t *p;
	uint32_t flags;
	size_t need;

	p = map(c, info_pa, 4);
	if (!p)
		goto unreadable;
	/* Use this one read of flags throughout (no double fetch). */
	flags = get32(p);
	need = mb1_info_size(flags);
	p = map(c, info_pa, need);
	if (!p)
		goto unreadable;
	memcpy(info, p, need);

	out->proto = 1;
	if (flags & MB1_F_MEM) {
		out->has_meminfo = true;
		out->mem_lower_kb = get32(info + MB1_MEM_LOWER);
		out->mem_upper_kb = get32(info + MB1_MEM_UPPER);
	}
	if (flags & MB1_F_CMDLINE)
		copy_string(c, get32(info + MB1_CMDLINE), STR_SCAN_MAX,
			    out->cmdline, sizeof(out->cmdline), "command line");
	if (flags & MB1_F_MODS)
		mb1_modules(c, get32(info + MB1_MODS_ADDR),
			    get32(info + MB1_MODS_COUNT));
	if (flags & MB1_F_MMAP)
		mb1_mmap(c, get32(info + MB1_MMAP_ADDR),
			 get32(info + MB1_MMAP_LENGTH));
	if (flags & MB1_F_LOADER)
		copy_string(c, get32(info + MB1_LOADER_NAME), STR_SCAN_MAX,
			    out->loader_name, sizeof(out->loader_name),
			    "boot loader name");
	return 0;

unreadable:
	diag_report(c->dg, "multiboot: information structure at %#llx unreadable",
		    (unsigned long long)info_pa);
	return -EINVAL;
}

static void mb2_mmap(struct mb_ctx *c, const uint8_t *tag, uint32_t size)
{
	uint32_t esize, n;
	const uint8_t *e;

	if (size < 16) {
		diag_report(c->dg, "multiboot2: memory map tag too short; skipped");
		return;
	}
	esize = get32(tag + 8);
	if (esize < MB2_MMAP_ENTRY_MIN) {
		diag_report(c->dg, "multiboot2: memory map entry size %u too small; skipped",
			    esize);
		return;
	}
	n = (size - 16) / esize;
	if ((size - 16) % esize)
		diag_report(c->dg, "multiboot2: memory map tag has %u trailing bytes; ignored",
			    (size - 16) % esize);
	for (uint32_t i = 0; i < n; i++) {
		e = tag + 16 + (size_t)i * esize;
		if (!add_mmap(c, get64(e), get64(e + 8), get32(e + 16)))
			return;
	}
}

static void mb2_rsdp(struct mb_ctx *c, const uint8_t *tag, uint32_t size,
		     uint32_t type)
{
	struct boot_info *out = c->out;
	size_t len = size - MB2_TAG_HDR;

	if (len < RSDP_V1_LEN) {
		diag_report(c->dg, "multiboot2: ACPI tag %u too short; skipped",
			    type);
		return;
	}
	/* The ACPI 2.0+ copy wins, whatever the tag order. */
	if (type == MB2_TAG_ACPI_OLD && c->has_rsdp_v2)
		return;
	if (type == MB2_TAG_ACPI_OLD)
		len = RSDP_V1_LEN;
	if (len > sizeof(out->rsdp))
		len = sizeof(out->rsdp);
	memcpy(out->rsdp, tag + MB2_TAG_HDR, len);
	out->rsdp_len = len;
	c->has_rsdp_v2 = type == MB2_TAG_ACPI_NEW;
}

/* One tag of @size bytes (>= 8, within total_size) at @pa. */
static void mb2_tag(struct mb_ctx *c, uint64_t pa, uint32_t type,
		    uint32_t size)
{
	struct boot_info *out = c->out;
	const uint8_t *tag = map(c, pa, size);

	if (!tag) {
		diag_report(c->dg, "multiboot2: tag %u at %#llx unreadable; skipped",
			    type, (unsigned long long)pa);
		return;
	}
	switch (type) {
	case MB2_TAG_CMDLINE:
		copy_string(c, pa + 8, size - 8, out->cmdline,
			    sizeof(out->cmdline), "command line");
		break;
	case MB2_TAG_LOADER:
		copy_string(c, pa + 8, size - 8, out->loader_name,
			    sizeof(out->loader_name), "boot loader name");
		break;
	case MB2_TAG_MODULE:
		if (size < 16)
			diag_report(c->dg, "multiboot2: module tag too short; skipped");
		else
			add_module(c, get32(tag + 8), get32(tag + 12), pa + 16,
				   size - 16);
		break;
	case MB2_TAG_MEMINFO:
		if (size < 16) {
			diag_report(c->dg, "multiboot2: meminfo tag too short; skipped");
			break;
		}
		out->has_meminfo = true;
		out->mem_lower_kb = get32(tag + 8);
		out->mem_upper_kb = get32(tag + 12);
		break;
	case MB2_TAG_MMAP:
		mb2_mmap(c, tag, size);
		break;
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		mb2_rsdp(c, tag, size, type);
		break;
	default:
		break;	/* framebuffer, EFI, ...: not ours to parse */
	}
}

static int parse_mb2(struct mb_ctx *c, uint64_t info_pa)
{
	const uint8_t *p = map(c, info_pa, 8);
	uint32_t total, off, type, size;

	if (!p) {
		diag_report(c->dg, "multiboot2: information structure at %#llx unreadable",
			    (unsigned long long)info_pa);
		return -EINVAL;
	}
	total = get32(p);
	if (total < 8) {
		diag_report(c->dg, "multiboot2: information size %u too small",
			    total);
		return -EINVAL;
	}
	if (total > MB2_MAX_TOTAL_SIZE) {
		diag_report(c->dg, "multiboot2: information size %u capped at %u",
			    total, MB2_MAX_TOTAL_SIZE);
		total = MB2_MAX_TOTAL_SIZE;
	}
	c->out->proto = 2;
	/* Every pass advances by >= 8 bytes within total: bounded walk. */
	for (off = 8; off <= total - MB2_TAG_HDR; off += (size + 7) & ~7u) {
		p = map(c, info_pa + off, MB2_TAG_HDR);
		if (!p) {
			diag_report(c->dg, "multiboot2: tag at offset %u unreadable; stopping",
				    off);
			return 0;
		}
		type = get32(p);
		size = get32(p + 4);
		if (type == MB2_TAG_END)
			return 0;
		if (size < MB2_TAG_HDR || size > total - off) {
			diag_report(c->dg, "multiboot2: tag %u at offset %u has bad size %u; stopping",
				    type, off, size);
			return 0;
		}
		mb2_tag(c, info_pa + off, type, size);
	}
	diag_report(c->dg, "multiboot2: no end tag");
	return 0;
}

/* The loader gave no memory map: derive one from the basic meminfo. */
static void synthesize_mmap(struct mb_ctx *c)
{
	const struct boot_info *out = c->out;

	if (out->mem_lower_kb)
		add_mmap(c, 0, (uint64_t)out->mem_lower_kb << 10, MEMMAP_RAM);
	if (out->mem_upper_kb)
		add_mmap(c, 1ull << 20, (uint64_t)out->mem_upper_kb << 10,
			 MEMMAP_RAM);
}

int multiboot_parse(uint32_t magic, uint64_t info_pa,
		    const struct mb_reader *rd, struct boot_info *out,
		    const struct diag *dg)
{
	struct mb_ctx c = { .rd = rd, .out = out, .dg = dg };
	int rc;

	memset(out, 0, sizeof(*out));
	if (magic == MB1_BOOTLOADER_MAGIC) {
		rc = parse_mb1(&c, info_pa);
	} else if (magic == MB2_BOOTLOADER_MAGIC) {
		rc = parse_mb2(&c, info_pa);
	} else {
		diag_report(dg, "not loaded by a multiboot loader (magic %#x)",
			    magic);
		return -EINVAL;
	}
	if (rc)
		return rc;
	if (!out->nr_mmap && out->has_meminfo)
		synthesize_mmap(&c);
	return 0;
}
