/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Unit tests of hypervisor/lib/multiboot.c. Multiboot1 and multiboot2
 * information blocks are built by hand in a fake physical memory window
 * (only [MEM_BASE, MEM_BASE + MEM_SIZE) is readable), covering every
 * honoured flag and tag, and malformed and truncated variants. The reader
 * fails the test on any attempt to map outside the window that the parser
 * then uses, and each case checks both the parsed result and the reports.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <vesta/errno.h>
#include <vesta/multiboot.h>

#define MEM_BASE 0x100000ull
#define MEM_SIZE 0x20000ull

static uint8_t mem[MEM_SIZE];
static unsigned int map_calls;

static const void *fake_map(void *ctx, uint64_t pa, size_t len)
{
	(void)ctx;
	map_calls++;
	if (pa < MEM_BASE || len > MEM_SIZE || pa - MEM_BASE > MEM_SIZE - len)
		return NULL;
	return mem + (pa - MEM_BASE);
}

static const struct mb_reader rd = { .map = fake_map };

struct capture {
	unsigned int count;
	char log[8192];
};

static struct capture cap;

static void capture_fn(void *ctx, const char *fmt, ...)
{
	struct capture *c = ctx;
	size_t used = strlen(c->log);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->log + used, sizeof(c->log) - used, fmt, ap);
	va_end(ap);
	used = strlen(c->log);
	if (used + 1 < sizeof(c->log))
		strcat(c->log, "\n");
	c->count++;
}

static const struct diag dg = { .fn = capture_fn, .ctx = &cap };
static struct boot_info bi;

static int reset(void **state)
{
	(void)state;
	memset(mem, 0, sizeof(mem));
	memset(&cap, 0, sizeof(cap));
	memset(&bi, 0xee, sizeof(bi));
	map_calls = 0;
	return 0;
}

static bool logged(const char *needle)
{
	return strstr(cap.log, needle) != NULL;
}

static void put32(uint64_t pa, uint32_t v)
{
	memcpy(mem + (pa - MEM_BASE), &v, 4);
}

static void put64(uint64_t pa, uint64_t v)
{
	memcpy(mem + (pa - MEM_BASE), &v, 8);
}

static void putstr(uint64_t pa, const char *s)
{
	memcpy(mem + (pa - MEM_BASE), s, strlen(s) + 1);
}

/* Multiboot1 layout used by most tests. */
#define INFO (MEM_BASE + 0x1000)
#define CMDLINE (MEM_BASE + 0x2000)
#define MODS (MEM_BASE + 0x3000)
#define MMAP (MEM_BASE + 0x4000)
#define STRS (MEM_BASE + 0x5000)

static void mb1_mmap_entry(uint64_t pa, uint32_t size, uint64_t addr,
			   uint64_t len, uint32_t type)
{
	put32(pa, size);
	put64(pa + 4, addr);
	put64(pa + 12, len);
	put32(pa + 20, type);
}

static void test_bad_magic(void **state)
{
	(void)state;
	assert_int_equal(multiboot_parse(0x12345678, INFO, &rd, &bi, &dg),
			 -EINVAL);
	assert_true(logged("not loaded by a multiboot loader"));
	assert_int_equal(map_calls, 0);
}

static void test_mb1_unreadable(void **state)
{
	(void)state;
	assert_int_equal(multiboot_parse(MB1_BOOTLOADER_MAGIC, 0x1000, &rd,
					 &bi, &dg), -EINVAL);
	assert_true(logged("unreadable"));
	/* flags readable, but the fields they announce are not. */
	put32(MEM_BASE + MEM_SIZE - 8, 0x200);
	assert_int_equal(multiboot_parse(MB1_BOOTLOADER_MAGIC,
					 MEM_BASE + MEM_SIZE - 8, &rd, &bi,
					 &dg), -EINVAL);
	/* Only 4 readable bytes, no flags set: fine. */
	put32(MEM_BASE + MEM_SIZE - 4, 0);
	assert_int_equal(multiboot_parse(MB1_BOOTLOADER_MAGIC,
					 MEM_BASE + MEM_SIZE - 4, &rd, &bi,
					 &dg), 0);
	assert_int_equal(bi.proto, 1);
	assert_int_equal(bi.nr_mmap, 0);
	assert_false(bi.has_meminfo);
}

static void test_mb1_full(void **state)
{
	(void)state;
	put32(INFO, 0x001 | 0x004 | 0x008 | 0x040 | 0x200);
	put32(INFO + 4, 639);
	put32(INFO + 8, 523264);
	put32(INFO + 16, (uint32_t)CMDLINE);
	put32(INFO + 20, 2);
	put32(INFO + 24, (uint32_t)MODS);
	put32(INFO + 44, 24 + 24 + 28);
	put32(INFO + 48, (uint32_t)MMAP);
	put32(INFO + 64, (uint32_t)STRS + 0x100);
	putstr(CMDLINE, "console=com1 dom0_mem=1G");
	put32(MODS, 0x200000);
	put32(MODS + 4, 0x300000);
	put32(MODS + 8, (uint32_t)STRS);
	put32(MODS + 16, 0x300000);
	put32(MODS + 20, 0x380000);
	put32(MODS + 24, 0);		/* no command line */
	putstr(STRS, "vmlinuz root=/dev/sda1");
	putstr(STRS + 0x100, "GRUB 2.06");
	mb1_mmap_entry(MMAP, 20, 0, 0x9fc00, 1);
	mb1_mmap_entry(MMAP + 24, 20, 0x9fc00, 0x400, 2);
	/* A larger entry: the walk follows its size field. */
	mb1_mmap_entry(MMAP + 48, 24, 0x100000, 0x7ff00000, 1);

	assert_int_equal(multiboot_parse(MB1_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	assert_int_equal(cap.count, 0);
	assert_int_equal(bi.proto, 1);
	assert_true(bi.has_meminfo);
	assert_int_equal(bi.mem_lower_kb, 639);
	assert_int_equal(bi.mem_upper_kb, 523264);
	assert_string_equal(bi.cmdline, "console=com1 dom0_mem=1G");
	assert_string_equal(bi.loader_name, "GRUB 2.06");
	assert_int_equal(bi.nr_modules, 2);
	assert_int_equal(bi.modules[0].start, 0x200000);
	assert_int_equal(bi.modules[0].end, 0x300000);
	assert_string_equal(bi.modules[0].cmdline, "vmlinuz root=/dev/sda1");
	assert_int_equal(bi.modules[1].start, 0x300000);
	assert_string_equal(bi.modules[1].cmdline, "");
	assert_int_equal(bi.nr_mmap, 3);
	assert_int_equal(bi.mmap[0].addr, 0);
	assert_int_equal(bi.mmap[0].size, 0x9fc00);
	assert_int_equal(bi.mmap[0].type, MEMMAP_RAM);
	assert_int_equal(bi.mmap[1].type, MEMMAP_RESERVED);
	assert_int_equal(bi.mmap[2].addr, 0x100000);
	assert_int_equal(bi.mmap[2].size, 0x7ff00000);
	assert_int_equal(bi.rsdp_len, 0);
}

static void test_mb1_flags_ignored(void **state)
{
	(void)state;
	/* Fields are present but their flags are clear: all ignored. */
	put32(INFO, 0);
	put32(INFO + 4, 639);
	put32(INFO + 16, (uint32_t)CMDLINE);
	putstr(CMDLINE, "secret");
	assert_int_equal(multiboot_parse(MB1_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	assert_false(bi.has_meminfo);
	assert_string_equal(bi.cmdline, "");
	assert_int_equal(bi.nr_mmap, 0);
	assert_int_equal(bi.nr_modules, 0);
	assert_string_equal(bi.loader_name, "");
}

static void test_mb1_synthesized_mmap(void **state)
{
	(void)state;
	put32(INFO, 0x001);
	put32(INFO + 4, 640);
	put32(INFO + 8, 0x100000);
	assert_int_equal(multiboot_parse(MB1_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	assert_int_equal(bi.nr_mmap, 2);
	assert_int_equal(bi.mmap[0].addr, 0);
	assert_int_equal(bi.mmap[0].size, 640 * 1024);
	assert_int_equal(bi.mmap[0].type, MEMMAP_RAM);
	assert_int_equal(bi.mmap[1].addr, 1 << 20);
	assert_int_equal(bi.mmap[1].size, 0x100000ull * 1024);
	assert_int_equal(bi.mmap[1].type, MEMMAP_RAM);
}

static void test_mb1_mmap_malformed(void **state)
{
	(void)state;
	put32(INFO, 0x041);
	put32(INFO + 4, 640);
	put32(INFO + 44, 24 * 3);
	put32(INFO + 48, (uint32_t)MMAP);
	mb1_mmap_entry(MMAP, 20, 0, 0x1000, 1);
	mb1_mmap_entry(MMAP + 24, 16, 0x1000, 0x1000, 1);	/* < 20 */
	mb1_mmap_entry(MMAP + 48, 20, 0x2000, 0x1000, 1);
	assert_int_equal(multiboot_parse(MB1_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	assert_int_equal(bi.nr_mmap, 1);
	assert_true(logged("bad size 16"));

	/* An entry running past mmap_length. */
	reset(NULL);
	put32(INFO, 0x040);
	put32(INFO + 44, 24 + 20);
	put32(INFO + 48, (uint32_t)MMAP);
	mb1_mmap_entry(MMAP, 20, 0, 0x1000, 1);
	mb1_mmap_entry(MMAP + 24, 20, 0x1000, 0x1000, 1);
	assert_int_equal(multiboot_parse(MB1_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	assert_int_equal(bi.nr_mmap, 1);
	assert_true(logged("bad size 20"));

	/* Fewer than 4 bytes left for a size field. */
	reset(NULL);
	put32(INFO, 0x040);
	put32(INFO + 44, 24 + 2);
	put32(INFO + 48, (uint32_t)MMAP);
	mb1_mmap_entry(MMAP, 20, 0, 0x1000, 1);
	assert_int_equal(multiboot_parse(MB1_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	assert_int_equal(bi.nr_mmap, 1);
	assert_true(logged("truncated"));

	/* The map itself is unreadable. */
	reset(NULL);
	put32(INFO, 0x040);
	put32(INFO + 44, 24);
	put32(INFO + 48, 0x1000);
	assert_int_equal(multiboot_parse(MB1_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	assert_int_equal(bi.nr_mmap, 0);
	assert_int_equal(cap.count, 1);
}

static void test_mb1_mmap_too_many(void **state)
{
	(void)state;
	put32(INFO, 0x040);
	put32(INFO + 44, 24 * 200);
	put32(INFO + 48, (uint32_t)MMAP);
	for (int i = 0; i < 200; i++)
		mb1_mmap_entry(MMAP + 24 * i, 20, 0x1000ull * i, 0x1000, 1);
	assert_int_equal(multiboot_parse(MB1_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	assert_int_equal(bi.nr_mmap, MB_MAX_MMAP);
	assert_int_equal(bi.mmap[MB_MAX_MMAP - 1].addr,
			 0x1000ull * (MB_MAX_MMAP - 1));
	assert_int_equal(cap.count, 1);
	assert_true(logged("more than 128 memory map entries"));
}

static void test_mb1_modules(void **state)
{
	(void)state;
	put32(INFO, 0x008);
	put32(INFO + 20, 20);
	put32(INFO + 24, (uint32_t)MODS);
	for (uint32_t i = 0; i < 20; i++) {
		put32(MODS + 16 * i, 0x1000 * (i + 1));
		put32(MODS + 16 * i + 4, 0x1000 * (i + 2));
		put32(MODS + 16 * i + 8, (uint32_t)STRS);
	}
	putstr(STRS, "m");
	/* Module 2 ends before it starts. */
	put32(MODS + 16 * 2 + 4, 0x10);
	assert_int_equal(multiboot_parse(MB1_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	assert_int_equal(bi.nr_modules, MB_MAX_MODULES);
	assert_int_equal(bi.modules[1].start, 0x2000);
	assert_int_equal(bi.modules[2].start, 0x4000);	/* skipped #2 */
	assert_string_equal(bi.modules[15].cmdline, "m");
	assert_true(logged("ends before it starts"));
	assert_true(logged("more than 16 modules"));
	assert_int_equal(cap.count, 2);

	/* Module list partly unreadable. */
	reset(NULL);
	put32(INFO, 0x008);
	put32(INFO + 20, 3);
	put32(INFO + 24, (uint32_t)(MEM_BASE + MEM_SIZE - 16));
	assert_int_equal(multiboot_parse(MB1_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	assert_int_equal(bi.nr_modules, 1);
	assert_true(logged("module list unreadable at entry 1"));
}

static void test_mb1_strings(void **state)
{
	char longstr[2001];

	(void)state;
	memset(longstr, 'a', 2000);
	longstr[2000] = '\0';
	put32(INFO, 0x204);
	put32(INFO + 16, (uint32_t)CMDLINE);
	putstr(CMDLINE, longstr);
	/* Loader name runs into the end of readable memory: no NUL. */
	put32(INFO + 64, (uint32_t)(MEM_BASE + MEM_SIZE - 3));
	memset(mem + MEM_SIZE - 3, 'x', 3);
	assert_int_equal(multiboot_parse(MB1_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	assert_int_equal(strlen(bi.cmdline), MB_CMDLINE_MAX - 1);
	assert_true(logged("command line truncated to 1023 characters"));
	assert_string_equal(bi.loader_name, "");
	assert_true(logged("boot loader name is not NUL-terminated"));

	/* Exactly 1023 characters fit without a report. */
	reset(NULL);
	longstr[1023] = '\0';
	put32(INFO, 0x004);
	put32(INFO + 16, (uint32_t)CMDLINE);
	putstr(CMDLINE, longstr);
	assert_int_equal(multiboot_parse(MB1_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	assert_string_equal(bi.cmdline, longstr);
	assert_int_equal(cap.count, 0);

	/* Unreadable string address. */
	reset(NULL);
	put32(INFO, 0x004);
	put32(INFO + 16, 0x500);
	assert_int_equal(multiboot_parse(MB1_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	assert_string_equal(bi.cmdline, "");
	assert_int_equal(cap.count, 1);
}

/* Multiboot2 builder: tags appended at 8-byte aligned offsets. */
static uint64_t mb2_pos;

static void mb2_begin(void)
{
	mb2_pos = INFO + 8;
}

static uint64_t mb2_tag(uint32_t type, const void *payload, uint32_t len)
{
	uint64_t at = mb2_pos;

	put32(at, type);
	put32(at + 4, 8 + len);
	if (len)
		memcpy(mem + (at + 8 - MEM_BASE), payload, len);
	mb2_pos += (8 + len + 7) & ~7u;
	return at;
}

static void mb2_end(void)
{
	mb2_tag(0, NULL, 0);
	put32(INFO, (uint32_t)(mb2_pos - INFO));
	put32(INFO + 4, 0);
}

static void mb2_module(uint32_t start, uint32_t end, const char *s)
{
	uint8_t buf[256];

	memcpy(buf, &start, 4);
	memcpy(buf + 4, &end, 4);
	memcpy(buf + 8, s, strlen(s) + 1);
	mb2_tag(3, buf, 8 + (uint32_t)strlen(s) + 1);
}

static void mb2_mmap(uint32_t esize, unsigned int n, uint32_t extra)
{
	uint8_t buf[1024] = { 0 };
	uint32_t ver = 0;

	memcpy(buf, &esize, 4);
	memcpy(buf + 4, &ver, 4);
	for (unsigned int i = 0; i < n; i++) {
		uint64_t addr = 0x100000ull * i, len = 0x80000;
		uint32_t type = i % 2 ? 2 : 1;

		memcpy(buf + 8 + i * esize, &addr, 8);
		memcpy(buf + 16 + i * esize, &len, 8);
		memcpy(buf + 24 + i * esize, &type, 4);
	}
	mb2_tag(6, buf, 8 + n * esize + extra);
}

static void test_mb2_full(void **state)
{
	uint32_t meminfo[2] = { 639, 2096128 };
	uint8_t rsdp1[20], rsdp2[36], junk[12] = { 1, 2, 3 };

	(void)state;
	memset(rsdp1, 0x11, sizeof(rsdp1));
	memset(rsdp2, 0x22, sizeof(rsdp2));
	mb2_begin();
	mb2_tag(1, "dom0_mem=2G", 12);
	mb2_tag(2, "GRUB 2.12", 10);
	mb2_tag(99, junk, sizeof(junk));	/* unknown: skipped */
	mb2_module(0x1000000, 0x1800000, "vmlinuz quiet");
	mb2_module(0x1800000, 0x1900000, "");
	mb2_tag(4, meminfo, sizeof(meminfo));
	mb2_tag(15, rsdp2, sizeof(rsdp2));
	mb2_tag(14, rsdp1, sizeof(rsdp1));	/* older copy loses */
	mb2_mmap(24, 3, 0);
	mb2_mmap(32, 2, 0);			/* larger entries */
	mb2_end();

	assert_int_equal(multiboot_parse(MB2_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	assert_int_equal(cap.count, 0);
	assert_int_equal(bi.proto, 2);
	assert_string_equal(bi.cmdline, "dom0_mem=2G");
	assert_string_equal(bi.loader_name, "GRUB 2.12");
	assert_int_equal(bi.nr_modules, 2);
	assert_int_equal(bi.modules[0].start, 0x1000000);
	assert_int_equal(bi.modules[0].end, 0x1800000);
	assert_string_equal(bi.modules[0].cmdline, "vmlinuz quiet");
	assert_string_equal(bi.modules[1].cmdline, "");
	assert_true(bi.has_meminfo);
	assert_int_equal(bi.mem_lower_kb, 639);
	assert_int_equal(bi.mem_upper_kb, 2096128);
	assert_int_equal(bi.rsdp_len, 36);
	assert_memory_equal(bi.rsdp, rsdp2, 36);
	assert_int_equal(bi.nr_mmap, 5);
	assert_int_equal(bi.mmap[1].addr, 0x100000);
	assert_int_equal(bi.mmap[1].size, 0x80000);
	assert_int_equal(bi.mmap[1].type, 2);
	assert_int_equal(bi.mmap[4].addr, 0x100000);
	assert_int_equal(bi.mmap[4].type, 2);
}

static void test_mb2_rsdp_v1_only(void **state)
{
	uint8_t rsdp1[24];

	(void)state;
	memset(rsdp1, 0x33, sizeof(rsdp1));
	mb2_begin();
	mb2_tag(14, rsdp1, sizeof(rsdp1));
	mb2_tag(14, rsdp1, 12);		/* too short */
	mb2_end();
	assert_int_equal(multiboot_parse(MB2_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	assert_int_equal(bi.rsdp_len, 20);
	assert_memory_equal(bi.rsdp, rsdp1, 20);
	assert_true(logged("ACPI tag 14 too short"));
	assert_int_equal(bi.nr_mmap, 0);
	assert_false(bi.has_meminfo);
}

static void test_mb2_synthesized_mmap(void **state)
{
	uint32_t meminfo[2] = { 0, 1024 };

	(void)state;
	mb2_begin();
	mb2_tag(4, meminfo, sizeof(meminfo));
	mb2_end();
	assert_int_equal(multiboot_parse(MB2_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	/* mem_lower is 0, so only the high entry exists. */
	assert_int_equal(bi.nr_mmap, 1);
	assert_int_equal(bi.mmap[0].addr, 1 << 20);
	assert_int_equal(bi.mmap[0].size, 1 << 20);
	assert_int_equal(bi.mmap[0].type, MEMMAP_RAM);
}

static void test_mb2_malformed_tags(void **state)
{
	uint32_t short_meminfo = 5;
	uint8_t shortmod[4] = { 0 };

	(void)state;
	mb2_begin();
	mb2_tag(1, "ok", 3);
	mb2_tag(4, &short_meminfo, 4);
	mb2_tag(3, shortmod, sizeof(shortmod));
	mb2_mmap(16, 2, 0);		/* entry size too small */
	mb2_mmap(24, 1, 4);		/* trailing bytes */
	mb2_tag(2, "no-nul", 6);	/* no NUL inside the tag */
	mb2_end();
	assert_int_equal(multiboot_parse(MB2_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	assert_string_equal(bi.cmdline, "ok");
	assert_false(bi.has_meminfo);
	assert_int_equal(bi.nr_modules, 0);
	assert_int_equal(bi.nr_mmap, 1);
	assert_string_equal(bi.loader_name, "");
	assert_true(logged("meminfo tag too short"));
	assert_true(logged("module tag too short"));
	assert_true(logged("entry size 16 too small"));
	assert_true(logged("4 trailing bytes"));
	assert_true(logged("boot loader name is not NUL-terminated"));
	assert_int_equal(cap.count, 5);
}

static void test_mb2_bad_sizes(void **state)
{
	uint64_t at;

	(void)state;
	/* A tag size below 8 stops the walk. */
	mb2_begin();
	mb2_tag(1, "first", 6);
	at = mb2_tag(2, "second", 7);
	mb2_end();
	put32(at + 4, 4);
	assert_int_equal(multiboot_parse(MB2_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	assert_string_equal(bi.cmdline, "first");
	assert_string_equal(bi.loader_name, "");
	assert_true(logged("tag 2 at offset 24 has bad size 4"));

	/* A tag running past total_size stops the walk. */
	reset(NULL);
	mb2_begin();
	mb2_tag(1, "first", 6);
	at = mb2_tag(2, "second", 7);
	mb2_end();
	put32(at + 4, 0x1000);
	assert_int_equal(multiboot_parse(MB2_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	assert_string_equal(bi.loader_name, "");
	assert_true(logged("bad size 4096"));

	/* No end tag: total_size ends the walk. */
	reset(NULL);
	mb2_begin();
	mb2_tag(1, "first", 6);
	put32(INFO, (uint32_t)(mb2_pos - INFO));
	assert_int_equal(multiboot_parse(MB2_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	assert_string_equal(bi.cmdline, "first");
	assert_true(logged("no end tag"));
}

static void test_mb2_header(void **state)
{
	(void)state;
	put32(INFO, 4);
	assert_int_equal(multiboot_parse(MB2_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), -EINVAL);
	assert_true(logged("too small"));
	assert_int_equal(multiboot_parse(MB2_BOOTLOADER_MAGIC, 0x2000, &rd,
					 &bi, &dg), -EINVAL);
	assert_int_equal(multiboot_parse(MB2_BOOTLOADER_MAGIC,
					 UINT64_MAX - 3, &rd, &bi, &dg),
			 -EINVAL);

	/* Huge total_size: capped; walking off readable memory stops. */
	reset(NULL);
	mb2_begin();
	mb2_tag(1, "x", 2);
	put32(INFO, 0xfffffff0);
	memset(mem + (mb2_pos - MEM_BASE), 0, 8);
	put32(mb2_pos, 77);
	put32(mb2_pos + 4, 8);
	assert_int_equal(multiboot_parse(MB2_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 &dg), 0);
	assert_string_equal(bi.cmdline, "x");
	assert_true(logged("capped"));
}

static void test_mb2_unreadable_tail(void **state)
{
	(void)state;
	/* total_size claims more than the readable window holds. */
	put32(MEM_BASE + MEM_SIZE - 16, 64);
	put32(MEM_BASE + MEM_SIZE - 8, 1);
	put32(MEM_BASE + MEM_SIZE - 4, 8);
	assert_int_equal(multiboot_parse(MB2_BOOTLOADER_MAGIC,
					 MEM_BASE + MEM_SIZE - 16, &rd, &bi,
					 &dg), 0);
	assert_true(logged("not NUL-terminated"));
	assert_true(logged("unreadable; stopping"));
}

static void test_null_diag(void **state)
{
	(void)state;
	mb2_begin();
	mb2_tag(2, "no-nul", 6);
	mb2_end();
	assert_int_equal(multiboot_parse(MB2_BOOTLOADER_MAGIC, INFO, &rd, &bi,
					 NULL), 0);
	assert_int_equal(multiboot_parse(0, INFO, &rd, &bi, NULL), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_bad_magic, reset),
		cmocka_unit_test_setup(test_mb1_unreadable, reset),
		cmocka_unit_test_setup(test_mb1_full, reset),
		cmocka_unit_test_setup(test_mb1_flags_ignored, reset),
		cmocka_unit_test_setup(test_mb1_synthesized_mmap, reset),
		cmocka_unit_test_setup(test_mb1_mmap_malformed, reset),
		cmocka_unit_test_setup(test_mb1_mmap_too_many, reset),
		cmocka_unit_test_setup(test_mb1_modules, reset),
		cmocka_unit_test_setup(test_mb1_strings, reset),
		cmocka_unit_test_setup(test_mb2_full, reset),
		cmocka_unit_test_setup(test_mb2_rsdp_v1_only, reset),
		cmocka_unit_test_setup(test_mb2_synthesized_mmap, reset),
		cmocka_unit_test_setup(test_mb2_malformed_tags, reset),
		cmocka_unit_test_setup(test_mb2_bad_sizes, reset),
		cmocka_unit_test_setup(test_mb2_header, reset),
		cmocka_unit_test_setup(test_mb2_unreadable_tail, reset),
		cmocka_unit_test_setup(test_null_diag, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
