/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * libFuzzer harness for multiboot_parse(). Input: byte 0 picks the magic
 * (even: multiboot1, odd: multiboot2; 0xff: a bogus magic), byte 1 times 8
 * is the info structure's offset, and the rest is physical memory starting
 * at address 0. The reader hands out a fresh heap copy of exactly the bytes
 * asked for and frees it at the next call, so ASan catches any read outside
 * a mapped range and any use of a stale mapping. Checks the result's
 * invariants: counts within bounds, every string NUL-terminated inside its
 * array, modules not ending before they start, a sane RSDP length.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vesta/errno.h>
#include <vesta/multiboot.h>

struct fake_mem {
	const uint8_t *data;
	size_t size;
	void *last;
};

static const void *fake_map(void *ctx, uint64_t pa, size_t len)
{
	struct fake_mem *m = ctx;

	free(m->last);
	m->last = NULL;
	if (!len || pa > m->size || len > m->size - pa)
		return NULL;
	m->last = malloc(len);
	if (!m->last)
		abort();
	memcpy(m->last, m->data + pa, len);
	return m->last;
}

static void check_string(const char *s, size_t size)
{
	if (!memchr(s, '\0', size))
		abort();
}

static void check(const struct boot_info *bi)
{
	if (bi->proto != 1 && bi->proto != 2)
		abort();
	if (bi->nr_mmap > MB_MAX_MMAP || bi->nr_modules > MB_MAX_MODULES)
		abort();
	check_string(bi->cmdline, sizeof(bi->cmdline));
	check_string(bi->loader_name, sizeof(bi->loader_name));
	for (unsigned int i = 0; i < bi->nr_modules; i++) {
		if (bi->modules[i].end < bi->modules[i].start)
			abort();
		check_string(bi->modules[i].cmdline,
			     sizeof(bi->modules[i].cmdline));
	}
	if (bi->rsdp_len && (bi->rsdp_len < 20 || bi->rsdp_len > 36))
		abort();
	if (bi->proto == 1 && bi->rsdp_len)
		abort();
	if (bi->nr_mmap == 0 && bi->has_meminfo &&
	    (bi->mem_lower_kb || bi->mem_upper_kb))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct boot_info bi;
	struct fake_mem m = { 0 };
	struct mb_reader rd = { .map = fake_map, .ctx = &m };
	uint32_t magic;
	int rc;

	if (len < 2)
		return 0;
	magic = data[0] & 1 ? MB2_BOOTLOADER_MAGIC : MB1_BOOTLOADER_MAGIC;
	if (data[0] == 0xff)
		magic = 0x12345678;
	m.data = data + 2;
	m.size = len - 2;
	rc = multiboot_parse(magic, (uint64_t)data[1] * 8, &rd, &bi, NULL);
	free(m.last);
	if (rc == 0)
		check(&bi);
	else if (rc != -EINVAL)
		abort();
	return 0;
}
