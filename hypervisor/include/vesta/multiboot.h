/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * The boot information of both multiboot protocols, parsed into one
 * normalised structure. Physical memory is read only through a caller
 * reader, so the parser is pure and host-testable. Not responsible for
 * sanitising the memory map (memmap_sanitize()), for acting on the command
 * line, or for validating module contents or the RSDP checksum.
 */
#ifndef VESTA_MULTIBOOT_H
#define VESTA_MULTIBOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vesta/diag.h>
#include <vesta/memmap.h>

#define MB1_BOOTLOADER_MAGIC 0x2BADB002u
#define MB2_BOOTLOADER_MAGIC 0x36D76289u

#define MB_MAX_MMAP 128
#define MB_MAX_MODULES 16
#define MB_CMDLINE_MAX 1024
/* multiboot2 info blocks larger than this are treated as this large. */
#define MB2_MAX_TOTAL_SIZE (1u << 20)

struct mb_reader {
	/*
	 * Pointer to [pa, pa + len), or NULL if any of it is unreadable. The
	 * parser uses a returned pointer only until its next map() call.
	 */
	const void *(*map)(void *ctx, uint64_t pa, size_t len);
	void *ctx;
};

struct boot_module {
	uint64_t start, end;	/* end exclusive */
	char cmdline[MB_CMDLINE_MAX];
};

struct boot_info {
	unsigned int proto;	/* 1 or 2 */
	char cmdline[MB_CMDLINE_MAX];
	char loader_name[64];
	bool has_meminfo;
	uint32_t mem_lower_kb, mem_upper_kb;
	unsigned int nr_mmap;
	struct memmap_entry mmap[MB_MAX_MMAP];
	unsigned int nr_modules;
	struct boot_module modules[MB_MAX_MODULES];
	uint8_t rsdp[36];
	size_t rsdp_len;	/* RSDP copy from MB2 tags 14/15; 0 if none */
};

/*
 * multiboot_parse() - Parse the boot loader's multiboot information.
 * @magic:   the value the loader left in EAX
 * @info_pa: physical address of the information structure (EBX)
 * @rd:      reader for physical memory
 * @out:     result; zeroed first, then filled in
 * @dg:      where problems are reported; may be NULL
 *
 * Multiboot1 (magic 0x2BADB002): honours flags bits 0 (mem_lower/upper),
 * 2 (cmdline), 3 (modules), 6 (memory map) and 9 (loader name).
 * Multiboot2 (magic 0x36D76289): tags 1 (cmdline), 2 (loader name),
 * 3 (module), 4 (basic meminfo), 6 (memory map), 14/15 (RSDP; 15 is
 * preferred); other tags are skipped. total_size is capped at
 * MB2_MAX_TOTAL_SIZE and a tag with a bad size ends the walk.
 *
 * Malformed parts are reported and skipped; too long strings are truncated
 * (reported); a string without a NUL in readable memory (or within 64 KiB)
 * is reported and left empty; surplus memory map entries or modules are
 * reported and dropped; modules ending before they start are reported and
 * skipped. If there is no memory map but there is meminfo, RAM entries
 * [0, mem_lower KiB) and [1 MiB, 1 MiB + mem_upper KiB) are synthesised.
 * The memory map is not sanitised.
 *
 * Context: boot; pure apart from calling @rd. Every read goes through @rd
 * and is bounded by the structure that contains it.
 * Return: 0 (possibly with reported problems); -EINVAL for an unknown
 *         @magic ("not loaded by a multiboot loader") or an unreadable or
 *         impossible information structure header.
 */
int multiboot_parse(uint32_t magic, uint64_t info_pa,
		    const struct mb_reader *rd, struct boot_info *out,
		    const struct diag *dg)
	__attribute__((__warn_unused_result__));

#endif /* VESTA_MULTIBOOT_H */
