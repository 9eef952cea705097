/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Unit tests of hypervisor/lib/elf.c. Small ELF64 images are built by hand
 * (header, program headers, a note area, segment bytes, optionally section
 * headers): the Debian 6.1 kernel's note set must decode to the values
 * recorded in pv-abi.md 1.2 and pass the builder rules; every note type,
 * 4- and 8-byte values, string limits, FEATURES parsing, malformed note
 * areas, the SHT_NOTE fallback, header and segment validation (bounds,
 * wrapping, overlap) and every builder-rule refusal are checked together
 * with the diagnostic that names the problem.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <vesta/elf.h>
#include <vesta/errno.h>

#define PHOFF 64
#define NOTE_OFF 0x400
#define SEG_OFF 0x1000
#define SHOFF 0x1800
#define KVIRT 0xffffffff81000000ull
#define KPHYS 0x1000000ull
#define KSIZE 0x200000ull
#define VIRT_BASE 0xffffffff80000000ull
#define ENTRY (KVIRT + 0x1c0)

struct img {
	uint8_t buf[0x2000];
	size_t len;
	unsigned int phnum, shnum;
	size_t notes_len;
};

static struct img m;

static char log_buf[8192];
static unsigned int log_count;

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
	log_count++;
}

static const struct diag dg = { .fn = log_fn };

static void log_reset(void)
{
	log_buf[0] = 0;
	log_count = 0;
}

static bool logged(const char *s)
{
	return strstr(log_buf, s) != NULL;
}

static void wr16(uint8_t *p, uint64_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void wr32(uint8_t *p, uint64_t v)
{
	wr16(p, v);
	wr16(p + 2, v >> 16);
}

static void wr64(uint8_t *p, uint64_t v)
{
	wr32(p, v);
	wr32(p + 4, v >> 32);
}

static uint8_t *ph(unsigned int i)
{
	return m.buf + PHOFF + 56 * i;
}

static void add_phdr(uint32_t type, uint64_t off, uint64_t va, uint64_t pa,
		     uint64_t filesz, uint64_t memsz, uint64_t align)
{
	uint8_t *p = ph(m.phnum++);

	wr32(p, type);
	wr32(p + 4, 5);
	wr64(p + 8, off);
	wr64(p + 16, va);
	wr64(p + 24, pa);
	wr64(p + 32, filesz);
	wr64(p + 40, memsz);
	wr64(p + 48, align);
	wr16(m.buf + 56, m.phnum);
}

/* ELF header and one PT_LOAD of the kernel's shape; no notes yet. */
static void img_init(void)
{
	memset(&m, 0, sizeof(m));
	memcpy(m.buf, "\177ELF", 4);
	m.buf[4] = 2;
	m.buf[5] = 1;
	m.buf[6] = 1;
	wr16(m.buf + 16, 2);
	wr16(m.buf + 18, 62);
	wr32(m.buf + 20, 1);
	wr64(m.buf + 24, KPHYS);
	wr64(m.buf + 32, PHOFF);
	wr16(m.buf + 52, 64);
	wr16(m.buf + 54, 56);
	m.len = SEG_OFF + 0x100;
	add_phdr(1, SEG_OFF, KVIRT, KPHYS, 0x100, KSIZE, 0x200000);
	log_reset();
}

static void add_note_named(const char *name, uint32_t namesz, uint32_t type,
			   const void *desc, uint32_t descsz)
{
	uint8_t *p = m.buf + NOTE_OFF + m.notes_len;
	size_t name_pad = (namesz + 3) & ~3u, desc_pad = (descsz + 3) & ~3u;

	wr32(p, namesz);
	wr32(p + 4, descsz);
	wr32(p + 8, type);
	memcpy(p + 12, name, namesz);
	memcpy(p + 12 + name_pad, desc, descsz);
	m.notes_len += 12 + name_pad + desc_pad;
	assert_true(NOTE_OFF + m.notes_len <= SEG_OFF);
}

static void add_note(uint32_t type, const void *desc, uint32_t descsz)
{
	add_note_named("Xen", 4, type, desc, descsz);
}

static void note_str(uint32_t type, const char *s)
{
	add_note(type, s, (uint32_t)strlen(s) + 1);
}

static void note_u64(uint32_t type, uint64_t v)
{
	uint8_t d[8];

	wr64(d, v);
	add_note(type, d, 8);
}

static void note_u32(uint32_t type, uint32_t v)
{
	uint8_t d[4];

	wr32(d, v);
	add_note(type, d, 4);
}

static void note_segment(void)
{
	add_phdr(4, NOTE_OFF, 0, 0, m.notes_len, 0, 4);
}

/* The notes of Debian 12's 6.1.0-56-amd64, as listed in pv-abi.md 1.2. */
static void linux_notes(void)
{
	uint8_t l1[16];

	note_str(XEN_ELFNOTE_GUEST_OS, "linux");
	note_str(XEN_ELFNOTE_GUEST_VERSION, "2.6");
	note_str(XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	note_u64(XEN_ELFNOTE_VIRT_BASE, VIRT_BASE);
	note_u64(XEN_ELFNOTE_PADDR_OFFSET, 0);
	note_u64(XEN_ELFNOTE_INIT_P2M, 0x8000000000ull);
	note_u64(XEN_ELFNOTE_ENTRY, ENTRY);
	note_str(XEN_ELFNOTE_FEATURES,
		 "!writable_page_tables|pae_pgdir_above_4gb");
	note_u32(XEN_ELFNOTE_SUPPORTED_FEATURES, 0x8801);
	note_str(XEN_ELFNOTE_PAE_MODE, "yes");
	note_str(XEN_ELFNOTE_LOADER, "generic");
	wr64(l1, 1);
	wr64(l1 + 8, 1);
	add_note(XEN_ELFNOTE_L1_MFN_VALID, l1, 16);
	note_u32(XEN_ELFNOTE_SUSPEND_CANCEL, 1);
	note_u32(XEN_ELFNOTE_MOD_START_PFN, 1);
	note_u64(XEN_ELFNOTE_HV_START_LOW, 0xffff800000000000ull);
	note_u32(XEN_ELFNOTE_PHYS32_ENTRY, 0x1000850);
}

static int parse(struct elf_image *elf)
{
	return elf_parse(elf, m.buf, m.len, &dg);
}

static int parse_notes(struct xen_elf_info *info)
{
	struct elf_image elf;

	assert_int_equal(parse(&elf), 0);
	return xen_elf_parse_notes(&elf, info, &dg);
}

static void test_linux_notes(void **state)
{
	struct xen_elf_info info;
	uint32_t offered = 1u << XEN_FEAT_writable_page_tables;

	(void)state;
	img_init();
	linux_notes();
	note_segment();
	assert_int_equal(parse_notes(&info), 0);
	assert_int_equal(log_count, 0);
	assert_true(info.has_xen_notes);
	assert_true(info.has_entry);
	assert_int_equal(info.entry, ENTRY);
	assert_false(info.has_hypercall_page);
	assert_true(info.has_virt_base && info.has_paddr_offset);
	assert_int_equal(info.virt_base, VIRT_BASE);
	assert_int_equal(info.paddr_offset, 0);
	assert_true(info.has_init_p2m);
	assert_int_equal(info.init_p2m, 0x8000000000ull);
	assert_true(info.has_hv_start_low);
	assert_int_equal(info.hv_start_low, 0xffff800000000000ull);
	assert_true(info.has_phys32_entry);
	assert_int_equal(info.phys32_entry, 0x1000850);
	assert_true(info.has_l1_mfn_valid);
	assert_int_equal(info.l1_mfn_valid_mask, 1);
	assert_int_equal(info.l1_mfn_valid_value, 1);
	assert_true(info.suspend_cancel && info.mod_start_pfn);
	assert_true(info.has_supported_features);
	assert_int_equal(info.supported_features, 0x8801);
	assert_int_equal(info.features_named, (1u << 0) | (1u << 4));
	assert_int_equal(info.required_features, 1u << 0);
	assert_string_equal(info.guest_os, "linux");
	assert_string_equal(info.guest_version, "2.6");
	assert_string_equal(info.xen_version, "xen-3.0");
	assert_string_equal(info.loader, "generic");
	assert_string_equal(info.pae_mode, "yes");
	assert_string_equal(info.features,
			    "!writable_page_tables|pae_pgdir_above_4gb");
	assert_true(info.has_layout);
	assert_int_equal(info.virt_kstart, KVIRT);
	assert_int_equal(info.virt_kend, KVIRT + KSIZE);
	assert_int_equal(xen_elf_check(&info, offered, false, &dg), 0);
	assert_int_equal(xen_elf_check(&info, offered, true, &dg), 0);
	assert_int_equal(log_count, 0);
}

static void test_numeric_sizes(void **state)
{
	struct xen_elf_info info;
	uint8_t three[3] = { 1, 2, 3 };

	(void)state;
	img_init();
	note_u32(XEN_ELFNOTE_ENTRY, 0x81001000u);
	note_u64(XEN_ELFNOTE_HYPERCALL_PAGE, 0xffffffff81002000ull);
	note_segment();
	assert_int_equal(parse_notes(&info), 0);
	assert_int_equal(info.entry, 0x81001000u);
	assert_int_equal(info.hypercall_page, 0xffffffff81002000ull);
	assert_true(info.has_hypercall_page);

	img_init();
	add_note(XEN_ELFNOTE_VIRT_BASE, three, 3);
	note_segment();
	assert_int_equal(parse_notes(&info), -EINVAL);
	assert_true(logged("VIRT_BASE note has a 3-byte value, need 4 or 8"));

	img_init();
	add_note(XEN_ELFNOTE_SUSPEND_CANCEL, three, 0);
	note_segment();
	assert_int_equal(parse_notes(&info), -EINVAL);
	assert_true(logged("SUSPEND_CANCEL note has a 0-byte value"));
}

static void test_every_note_type(void **state)
{
	struct xen_elf_info info;

	(void)state;
	img_init();
	for (uint32_t t = 0; t <= XEN_ELFNOTE_PHYS32_RELOC; t++) {
		switch (t) {
		case XEN_ELFNOTE_INFO:
		case XEN_ELFNOTE_XEN_VERSION:
		case XEN_ELFNOTE_GUEST_OS:
		case XEN_ELFNOTE_GUEST_VERSION:
		case XEN_ELFNOTE_LOADER:
		case XEN_ELFNOTE_PAE_MODE:
		case XEN_ELFNOTE_FEATURES:
		case XEN_ELFNOTE_BSD_SYMTAB: {
			char s[8];

			snprintf(s, sizeof(s), "s%u", t);
			note_str(t, s);
			break;
		}
		case XEN_ELFNOTE_L1_MFN_VALID: {
			uint8_t d[8];

			wr32(d, 0x11);
			wr32(d + 4, 0x22);
			add_note(t, d, 8);
			break;
		}
		case XEN_ELFNOTE_PHYS32_RELOC:
			add_note(t, "\0\0\0\0\0\0\0\0\0\0\0\0", 12);
			break;
		default:
			note_u64(t, 0x1000ull * t + 7);
			break;
		}
	}
	note_segment();
	assert_int_equal(parse_notes(&info), 0);
	assert_int_equal(info.entry, 0x1000 * 1 + 7);
	assert_int_equal(info.hypercall_page, 0x1000 * 2 + 7);
	assert_int_equal(info.virt_base, 0x1000 * 3 + 7);
	assert_int_equal(info.paddr_offset, 0x1000 * 4 + 7);
	assert_string_equal(info.xen_version, "s5");
	assert_string_equal(info.guest_os, "s6");
	assert_string_equal(info.guest_version, "s7");
	assert_string_equal(info.loader, "s8");
	assert_string_equal(info.pae_mode, "s9");
	assert_string_equal(info.features, "s10");
	assert_true(info.has_bsd_symtab);
	assert_int_equal(info.hv_start_low, 0x1000 * 12 + 7);
	assert_true(info.has_l1_mfn_valid);
	assert_int_equal(info.l1_mfn_valid_mask, 0x11);
	assert_int_equal(info.l1_mfn_valid_value, 0x22);
	assert_true(info.suspend_cancel);
	assert_int_equal(info.init_p2m, 0x1000 * 15 + 7);
	assert_true(info.mod_start_pfn);
	assert_int_equal(info.supported_features, 0x1000 * 17 + 7);
	assert_int_equal(info.phys32_entry, 0x1000 * 18 + 7);
	assert_true(info.has_entry && info.has_hypercall_page &&
		    info.has_virt_base && info.has_paddr_offset &&
		    info.has_init_p2m && info.has_hv_start_low &&
		    info.has_phys32_entry && info.has_supported_features);
	/* The FEATURES value "s10" is not a feature name. */
	assert_true(logged("unknown feature 's10' ignored"));
	assert_int_equal(log_count, 1);
}

static void test_flags_zero_and_unknown_type(void **state)
{
	struct xen_elf_info info;

	(void)state;
	img_init();
	note_u32(XEN_ELFNOTE_SUSPEND_CANCEL, 0);
	note_u64(XEN_ELFNOTE_MOD_START_PFN, 0);
	note_u32(42, 1);
	note_segment();
	assert_int_equal(parse_notes(&info), 0);
	assert_false(info.suspend_cancel);
	assert_false(info.mod_start_pfn);
	assert_true(info.has_xen_notes);
	assert_true(logged("unknown note type 42 ignored"));
}

static void test_strings(void **state)
{
	struct xen_elf_info info;
	char s31[32], s255[256];

	(void)state;
	memset(s31, 'a', 31);
	s31[31] = 0;
	memset(s255, 'b', 255);
	s255[255] = 0;
	img_init();
	note_str(XEN_ELFNOTE_GUEST_OS, s31);
	note_str(XEN_ELFNOTE_FEATURES, s255);
	note_segment();
	assert_int_equal(parse_notes(&info), 0);
	assert_string_equal(info.guest_os, s31);
	assert_string_equal(info.features, s255);

	/* One byte too long for the buffer. */
	img_init();
	add_note(XEN_ELFNOTE_LOADER, "generic-generic-generic-generic!", 33);
	note_segment();
	assert_int_equal(parse_notes(&info), -EINVAL);
	assert_true(logged("LOADER note is longer than 31 bytes"));

	/*
	 * No NUL inside the descriptor: the value is all descsz bytes. Linux
	 * 6.1 emits its FEATURES note exactly like this (.ascii, 41 bytes).
	 */
	img_init();
	add_note(XEN_ELFNOTE_GUEST_OS, "linux", 5);
	add_note(XEN_ELFNOTE_FEATURES,
		 "!writable_page_tables|pae_pgdir_above_4gb", 41);
	note_segment();
	assert_int_equal(parse_notes(&info), 0);
	assert_string_equal(info.guest_os, "linux");
	assert_string_equal(info.features,
			    "!writable_page_tables|pae_pgdir_above_4gb");
	assert_int_equal(info.required_features, 1u << 0);

	/* An empty descriptor is an empty string. */
	img_init();
	add_note(XEN_ELFNOTE_XEN_VERSION, "", 0);
	note_segment();
	assert_int_equal(parse_notes(&info), 0);
	assert_string_equal(info.xen_version, "");

	/* A NUL before the end is fine: the string stops there. */
	img_init();
	add_note(XEN_ELFNOTE_GUEST_OS, "linux\0junk", 10);
	note_segment();
	assert_int_equal(parse_notes(&info), 0);
	assert_string_equal(info.guest_os, "linux");
}

static void test_features(void **state)
{
	struct xen_elf_info info;

	(void)state;
	img_init();
	note_str(XEN_ELFNOTE_FEATURES,
		 "!writable_page_tables|bogus||!dom0|!|hvm_pirqs|"
		 "writable_page_tables_x|!dm_msix_all_writes|"
		 "ARM_SMCCC_supported|");
	note_segment();
	assert_int_equal(parse_notes(&info), 0);
	assert_int_equal(info.features_named,
			 (1u << 0) | (1u << 11) | (1u << 10) | (1u << 20) |
			 (1u << 14));
	assert_int_equal(info.required_features,
			 (1u << 0) | (1u << 11) | (1u << 20));
	assert_true(logged("unknown feature 'bogus' ignored"));
	assert_true(logged("unknown feature 'writable_page_tables_x' ignored"));
	assert_int_equal(log_count, 2);
	for (unsigned int b = 0; b < XEN_FEAT_NR; b++)
		assert_non_null(xen_elf_feature_name(b));
	assert_string_equal(xen_elf_feature_name(11), "dom0");
	assert_string_equal(xen_elf_feature_name(15),
			    "linux_rsdp_unrestricted");
	assert_string_equal(xen_elf_feature_name(17), "direct_mapped");
	assert_null(xen_elf_feature_name(XEN_FEAT_NR));
}

static void test_duplicate_note(void **state)
{
	struct xen_elf_info info;

	(void)state;
	img_init();
	note_u64(XEN_ELFNOTE_ENTRY, 1);
	note_u64(XEN_ELFNOTE_ENTRY, 2);
	note_segment();
	assert_int_equal(parse_notes(&info), 0);
	assert_int_equal(info.entry, 2);
	assert_true(logged("ENTRY note repeated; the last one counts"));
}

static void test_l1_mfn_valid(void **state)
{
	struct xen_elf_info info;
	uint8_t d[32] = { 0 };

	(void)state;
	wr64(d, 3);
	wr64(d + 8, 1);
	img_init();
	add_note(XEN_ELFNOTE_L1_MFN_VALID, d, 32);
	note_segment();
	assert_int_equal(parse_notes(&info), 0);
	assert_int_equal(info.l1_mfn_valid_mask, 3);
	assert_int_equal(info.l1_mfn_valid_value, 1);
	img_init();
	add_note(XEN_ELFNOTE_L1_MFN_VALID, d, 12);
	note_segment();
	assert_int_equal(parse_notes(&info), -EINVAL);
	assert_true(logged("L1_MFN_VALID note has 12 bytes"));
}

static void test_other_names(void **state)
{
	struct xen_elf_info info;

	(void)state;
	img_init();
	add_note_named("GNU", 4, XEN_ELFNOTE_GUEST_OS, "bad", 4);
	add_note_named("Xen", 3, XEN_ELFNOTE_GUEST_OS, "bad", 4);
	add_note_named("XenX", 5, XEN_ELFNOTE_GUEST_OS, "bad", 4);
	add_note_named("", 0, 0, "", 0);
	note_segment();
	assert_int_equal(parse_notes(&info), 0);
	assert_false(info.has_xen_notes);
	assert_string_equal(info.guest_os, "");
	assert_int_equal(info.entry, KPHYS);
	assert_int_equal(xen_elf_check(&info, ~0u, false, &dg), -ENOEXEC);
	assert_true(logged("no Xen ELF notes: not a PV kernel"));
}

static void expect_bad_area(const char *msg)
{
	struct xen_elf_info info;

	assert_int_equal(parse_notes(&info), -EINVAL);
	assert_true(logged(msg));
}

static void test_malformed_notes(void **state)
{
	(void)state;
	/* namesz and descsz near 2^32 must not wrap the area walk. */
	img_init();
	note_str(XEN_ELFNOTE_GUEST_OS, "linux");
	wr32(m.buf + NOTE_OFF, 0xffffffff);
	note_segment();
	expect_bad_area("runs past its area");

	img_init();
	note_str(XEN_ELFNOTE_GUEST_OS, "linux");
	wr32(m.buf + NOTE_OFF + 4, 0xfffffffd);
	note_segment();
	expect_bad_area("runs past its area");

	/*
	 * The last note's padding may be cut off, but its descriptor may not
	 * run one byte past the area.
	 */
	img_init();
	note_str(XEN_ELFNOTE_GUEST_OS, "linux");
	add_phdr(4, NOTE_OFF, 0, 0, 12 + 4 + 6, 0, 4);
	assert_int_equal(parse_notes(&(struct xen_elf_info){ 0 }), 0);
	img_init();
	note_str(XEN_ELFNOTE_GUEST_OS, "linux");
	add_phdr(4, NOTE_OFF, 0, 0, 12 + 4 + 6, 0, 4);
	wr32(m.buf + NOTE_OFF + 4, 7);
	expect_bad_area("runs past its area");

	/* Trailing bytes too short for another note header. */
	img_init();
	note_str(XEN_ELFNOTE_GUEST_OS, "linux");
	m.notes_len += 8;
	note_segment();
	expect_bad_area("truncated note header");

	/* A note area that does not start 4-byte aligned. */
	img_init();
	note_str(XEN_ELFNOTE_GUEST_OS, "linux");
	add_phdr(4, NOTE_OFF + 2, 0, 0, m.notes_len, 0, 4);
	expect_bad_area("is not 4-byte aligned");

	/* An 8-aligned area pads names and descriptors to 8. */
	img_init();
	wr32(m.buf + NOTE_OFF, 4);
	wr32(m.buf + NOTE_OFF + 4, 6);
	wr32(m.buf + NOTE_OFF + 8, XEN_ELFNOTE_GUEST_OS);
	memcpy(m.buf + NOTE_OFF + 12, "Xen", 4);
	memcpy(m.buf + NOTE_OFF + 16, "linux", 6);
	add_phdr(4, NOTE_OFF, 0, 0, 24, 0, 8);
	{
		struct xen_elf_info info;

		assert_int_equal(parse_notes(&info), 0);
		assert_string_equal(info.guest_os, "linux");
	}

	/* PT_NOTE outside the file is caught by elf_parse(). */
	img_init();
	add_phdr(4, m.len - 4, 0, 0, 5, 0, 4);
	{
		struct elf_image elf;

		assert_int_equal(parse(&elf), -EINVAL);
		assert_true(logged("PT_NOTE 1 outside the file"));
	}
}

/* Section headers: index 0 null, 1 a note section over the note area. */
static void add_sections(uint64_t note_off, uint64_t note_size)
{
	uint8_t *sh = m.buf + SHOFF + 64;

	memset(m.buf + SHOFF, 0, 128);
	wr32(sh + 4, 7);
	wr64(sh + 24, note_off);
	wr64(sh + 32, note_size);
	wr64(sh + 48, 4);
	wr64(m.buf + 40, SHOFF);
	wr16(m.buf + 58, 64);
	wr16(m.buf + 60, 2);
	m.len = SHOFF + 128;
}

static void test_section_fallback(void **state)
{
	struct xen_elf_info info;

	(void)state;
	img_init();
	linux_notes();
	add_sections(NOTE_OFF, m.notes_len);
	assert_int_equal(parse_notes(&info), 0);
	assert_string_equal(info.guest_os, "linux");
	assert_int_equal(info.entry, ENTRY);

	/* A PT_NOTE with Xen notes wins; sections are not read at all. */
	note_segment();
	wr64(m.buf + SHOFF + 64 + 32, 0x100000);
	assert_int_equal(parse_notes(&info), 0);

	/* Without it, a bad section table is an error... */
	img_init();
	linux_notes();
	add_sections(NOTE_OFF, m.notes_len);
	wr64(m.buf + SHOFF + 64 + 32, 0x100000);
	assert_int_equal(parse_notes(&info), -EINVAL);
	assert_true(logged("note section 1 outside the file"));
	img_init();
	add_sections(NOTE_OFF, 0);
	wr16(m.buf + 58, 40);
	assert_int_equal(parse_notes(&info), -EINVAL);
	assert_true(logged("bad section header table"));
	img_init();
	add_sections(NOTE_OFF, 0);
	m.len = SHOFF + 127;
	assert_int_equal(parse_notes(&info), -EINVAL);
	/* ...and no section table at all simply means no notes. */
	img_init();
	assert_int_equal(parse_notes(&info), 0);
	assert_false(info.has_xen_notes);
}

static void expect_header(int rc, const char *msg)
{
	struct elf_image elf;

	log_reset();
	assert_int_equal(parse(&elf), rc);
	assert_true(logged(msg));
}

static void test_bad_headers(void **state)
{
	struct elf_image elf;

	(void)state;
	img_init();
	assert_int_equal(parse(&elf), 0);
	assert_int_equal(elf_parse(&elf, m.buf, 63, &dg), -ENOEXEC);
	m.buf[1] = 'e';
	expect_header(-ENOEXEC, "not an ELF file");
	img_init();
	m.buf[4] = 1;
	expect_header(-ENOEXEC, "not a little-endian ELF64 x86-64 executable (class 1");
	img_init();
	m.buf[5] = 2;
	expect_header(-ENOEXEC, "data 2");
	img_init();
	wr16(m.buf + 18, 3);
	expect_header(-ENOEXEC, "machine 3");
	img_init();
	wr16(m.buf + 16, 3);
	expect_header(-ENOEXEC, "type 3");
	img_init();
	m.buf[6] = 0;
	expect_header(-EINVAL, "unknown ELF version");
	img_init();
	wr32(m.buf + 20, 2);
	expect_header(-EINVAL, "unknown ELF version");
	img_init();
	wr16(m.buf + 54, 64);
	expect_header(-EINVAL, "bad program header table (entry size 64");
	img_init();
	wr16(m.buf + 56, 0);
	expect_header(-EINVAL, "bad program header table");
	img_init();
	wr16(m.buf + 56, ELF_MAX_PHNUM + 1);
	expect_header(-EINVAL, "bad program header table");
	img_init();
	wr64(m.buf + 32, m.len - 55);
	expect_header(-EINVAL, "bad program header table");
	img_init();
	wr64(m.buf + 32, UINT64_MAX - 20);
	expect_header(-EINVAL, "bad program header table");
	img_init();
	wr32(ph(0), 6);		/* no PT_LOAD left */
	expect_header(-EINVAL, "no loadable segment");
	img_init();
	wr64(ph(0) + 40, 0);	/* an empty PT_LOAD does not count */
	expect_header(-EINVAL, "no loadable segment");
}

static void test_segments(void **state)
{
	struct elf_image elf;
	struct elf_segment seg;

	(void)state;
	img_init();
	/* Adjacent segments in both spaces, an empty one, a note. */
	add_phdr(1, SEG_OFF + 0x80, KVIRT + KSIZE, KPHYS + KSIZE, 0x80, 0x1000,
		 0x1000);
	add_phdr(1, 0, 0, 0, 0, 0, 0);
	add_phdr(6, UINT64_MAX, 0, 0, UINT64_MAX, 0, 0);	/* PT_PHDR */
	add_phdr(1, SEG_OFF, KVIRT - 0x1000, KPHYS - 0x1000, 0, 0x1000, 0);
	assert_int_equal(parse(&elf), 0);
	assert_int_equal(elf.nr_load, 3);
	assert_int_equal(elf.vstart, KVIRT - 0x1000);
	assert_int_equal(elf.vend, KVIRT + KSIZE + 0x1000);
	assert_int_equal(elf.pstart, KPHYS - 0x1000);
	assert_int_equal(elf.pend, KPHYS + KSIZE + 0x1000);
	assert_int_equal(elf.entry, KPHYS);
	assert_int_equal(elf_load_segment(&elf, 0, &seg), 0);
	assert_int_equal(seg.vaddr, KVIRT);
	assert_int_equal(seg.paddr, KPHYS);
	assert_int_equal(seg.memsz, KSIZE);
	assert_int_equal(seg.filesz, 0x100);
	assert_ptr_equal(seg.data, m.buf + SEG_OFF);
	assert_int_equal(seg.flags, ELF_PF_R | ELF_PF_X);
	assert_int_equal(elf_load_segment(&elf, 1, &seg), 0);
	assert_int_equal(seg.vaddr, KVIRT + KSIZE);
	assert_ptr_equal(seg.data, m.buf + SEG_OFF + 0x80);
	assert_int_equal(elf_load_segment(&elf, 2, &seg), 0);
	assert_int_equal(seg.vaddr, KVIRT - 0x1000);
	assert_int_equal(elf_load_segment(&elf, 3, &seg), -ENOENT);

	img_init();
	add_phdr(1, SEG_OFF, KVIRT + KSIZE - 1, KPHYS + KSIZE, 0, 16, 0);
	expect_header(-EINVAL, "PT_LOAD 0 and 1 overlap in virtual space");
	img_init();
	add_phdr(1, SEG_OFF, 0, KPHYS + 0x1000, 0, 16, 0);
	expect_header(-EINVAL, "PT_LOAD 0 and 1 overlap in physical space");
	img_init();
	add_phdr(1, SEG_OFF, KVIRT - 16, 0, 0, 32, 0);
	expect_header(-EINVAL, "overlap in virtual space");
	img_init();
	wr64(ph(0) + 32, KSIZE + 1);	/* filesz > memsz */
	expect_header(-EINVAL, "PT_LOAD 0 malformed");
	img_init();
	wr64(ph(0) + 32, m.len - SEG_OFF + 1);
	expect_header(-EINVAL, "PT_LOAD 0 malformed");
	img_init();
	wr64(ph(0) + 8, UINT64_MAX - 0x10);
	expect_header(-EINVAL, "PT_LOAD 0 malformed");
	img_init();
	wr64(ph(0) + 16, UINT64_MAX - 0x1000);
	expect_header(-EINVAL, "PT_LOAD 0 malformed");
	img_init();
	wr64(ph(0) + 24, UINT64_MAX - KSIZE + 2);
	expect_header(-EINVAL, "PT_LOAD 0 malformed");
	/* Ending exactly at 2^64 - 1 is fine. */
	img_init();
	wr64(ph(0) + 16, UINT64_MAX - KSIZE);
	wr64(ph(0) + 24, UINT64_MAX - KSIZE);
	assert_int_equal(parse(&elf), 0);
}

static void build_linux(struct xen_elf_info *info)
{
	img_init();
	linux_notes();
	note_segment();
	assert_int_equal(parse_notes(info), 0);
	log_reset();
}

static void expect_refusal(const struct xen_elf_info *info, uint32_t offered,
			   bool as_dom0, int rc, const char *msg)
{
	log_reset();
	assert_int_equal(xen_elf_check(info, offered, as_dom0, &dg), rc);
	if (!logged(msg))
		fail_msg("expected '%s', got '%s'", msg, log_buf);
}

static void test_check_rules(void **state)
{
	struct xen_elf_info info;
	const uint32_t wpt = 1u << XEN_FEAT_writable_page_tables;

	(void)state;
	build_linux(&info);
	strcpy(info.loader, "elf");
	expect_refusal(&info, wpt, false, -EINVAL,
		       "LOADER note is 'elf', need 'generic'");
	info.loader[0] = 0;
	expect_refusal(&info, wpt, false, -EINVAL,
		       "LOADER note is '', need 'generic'");

	build_linux(&info);
	strcpy(info.xen_version, "xen-4.0");
	expect_refusal(&info, wpt, false, -EINVAL,
		       "XEN_VERSION note is 'xen-4.0', need 'xen-3.0'");

	build_linux(&info);
	info.guest_os[0] = 0;
	expect_refusal(&info, wpt, false, -EINVAL, "no GUEST_OS note");

	build_linux(&info);
	expect_refusal(&info, 0, false, -EOPNOTSUPP,
		       "kernel requires feature writable_page_tables which is not offered (missing set 0x1)");
	expect_refusal(&info, ~wpt, true, -EOPNOTSUPP,
		       "requires feature writable_page_tables");

	build_linux(&info);
	info.supported_features &= ~(1u << XEN_FEAT_dom0);
	assert_int_equal(xen_elf_check(&info, wpt, false, &dg), 0);
	expect_refusal(&info, wpt, true, -EOPNOTSUPP,
		       "kernel does not support running as dom0");
	/* Naming dom0 in FEATURES is as good as the bitmap. */
	info.features_named |= 1u << XEN_FEAT_dom0;
	assert_int_equal(xen_elf_check(&info, wpt, true, &dg), 0);

	build_linux(&info);
	info.entry = KVIRT + KSIZE;
	expect_refusal(&info, wpt, false, -EINVAL,
		       "entry point 0xffffffff81200000 outside the image [0xffffffff81000000, 0xffffffff81200000)");
	info.entry = KVIRT - 1;
	expect_refusal(&info, wpt, false, -EINVAL, "outside the image");

	build_linux(&info);
	info.has_hypercall_page = true;
	info.hypercall_page = KVIRT + 0x3000;
	assert_int_equal(xen_elf_check(&info, wpt, false, &dg), 0);
	info.hypercall_page = KVIRT + KSIZE - 0x1000;
	assert_int_equal(xen_elf_check(&info, wpt, false, &dg), 0);
	info.hypercall_page = KVIRT + 0x3008;
	expect_refusal(&info, wpt, false, -EINVAL,
		       "HYPERCALL_PAGE 0xffffffff81003008 is not a page inside the image");
	info.hypercall_page = KVIRT + KSIZE;
	expect_refusal(&info, wpt, false, -EINVAL, "HYPERCALL_PAGE");
	info.hypercall_page = KVIRT - 0x1000;
	expect_refusal(&info, wpt, false, -EINVAL, "HYPERCALL_PAGE");
}

static void test_entry_fallback_and_layout(void **state)
{
	struct xen_elf_info info;

	(void)state;
	/* No ENTRY note: e_entry is used, and reported. */
	img_init();
	note_str(XEN_ELFNOTE_GUEST_OS, "linux");
	note_str(XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	note_str(XEN_ELFNOTE_LOADER, "generic");
	note_u64(XEN_ELFNOTE_VIRT_BASE, VIRT_BASE);
	note_segment();
	wr64(m.buf + 24, KVIRT + 0x40);
	assert_int_equal(parse_notes(&info), 0);
	assert_false(info.has_entry);
	assert_int_equal(info.entry, KVIRT + 0x40);
	log_reset();
	assert_int_equal(xen_elf_check(&info, 0, false, &dg), 0);
	assert_true(logged("no ENTRY note; using the ELF entry point 0xffffffff81000040"));
	/* Linux's e_entry is physical: outside the image, refused. */
	wr64(m.buf + 24, KPHYS);
	assert_int_equal(parse_notes(&info), 0);
	expect_refusal(&info, 0, false, -EINVAL,
		       "entry point 0x1000000 outside the image");

	/* PADDR_OFFSET above the physical start: cannot be placed. */
	img_init();
	linux_notes();
	note_u64(XEN_ELFNOTE_PADDR_OFFSET, KPHYS + 1);
	note_segment();
	assert_int_equal(parse_notes(&info), 0);
	assert_false(info.has_layout);
	expect_refusal(&info, 1, false, -EINVAL,
		       "image cannot be placed: PADDR_OFFSET 0x1000001");
	/* A VIRT_BASE that wraps the image past 2^64. */
	img_init();
	linux_notes();
	note_u64(XEN_ELFNOTE_VIRT_BASE, UINT64_MAX - KPHYS - 0x1000);
	note_segment();
	assert_int_equal(parse_notes(&info), 0);
	assert_false(info.has_layout);
	/* PADDR_OFFSET moves the image down. */
	img_init();
	linux_notes();
	note_u64(XEN_ELFNOTE_PADDR_OFFSET, 0x800000);
	note_segment();
	assert_int_equal(parse_notes(&info), 0);
	assert_int_equal(info.virt_kstart, VIRT_BASE + KPHYS - 0x800000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linux_notes),
		cmocka_unit_test(test_numeric_sizes),
		cmocka_unit_test(test_every_note_type),
		cmocka_unit_test(test_flags_zero_and_unknown_type),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_duplicate_note),
		cmocka_unit_test(test_l1_mfn_valid),
		cmocka_unit_test(test_other_names),
		cmocka_unit_test(test_malformed_notes),
		cmocka_unit_test(test_section_fallback),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_segments),
		cmocka_unit_test(test_check_rules),
		cmocka_unit_test(test_entry_fallback_and_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
