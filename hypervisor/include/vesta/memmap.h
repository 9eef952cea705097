/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Physical memory maps as reported by firmware (E820 types) plus the
 * hypervisor's own internal types, and the sanitiser that turns whatever
 * the boot loader passed into a sorted, non-overlapping map. Pure array
 * manipulation: this module does not allocate memory, touch page tables or
 * decide what the hypervisor does with each range.
 */
#ifndef VESTA_MEMMAP_H
#define VESTA_MEMMAP_H

#include <stdint.h>

#include <vesta/diag.h>

enum memmap_type {
	MEMMAP_RAM = 1,
	MEMMAP_RESERVED = 2,
	MEMMAP_ACPI = 3,	/* ACPI tables, reclaimable */
	MEMMAP_NVS = 4,		/* ACPI NVS */
	MEMMAP_UNUSABLE = 5,
	MEMMAP_PMEM = 7,
	/* Internal types, never from firmware. */
	MEMMAP_HYPERVISOR = 0x100,
	MEMMAP_MODULE = 0x101,
	MEMMAP_BOOT = 0x102,
};

struct memmap_entry {
	uint64_t addr, size;	/* [addr, addr + size) */
	uint32_t type;		/* enum memmap_type */
};

/* Largest map (the @max argument) the functions below accept. */
#define MEMMAP_MAX_ENTRIES 512

/*
 * memmap_sanitize() - Normalise a memory map in place.
 * @map:        array of @max entries, of which the first *@nr are used
 * @nr:         in: entries in the map; out: entries in the result
 * @max:        capacity of @map, at most MEMMAP_MAX_ENTRIES
 * @addr_limit: first address not to keep (exclusive); entries starting at
 *              or above it are dropped, entries crossing it are clipped
 * @dg:         where problems are reported; may be NULL
 *
 * Result: sorted by address, non-overlapping, adjacent entries of the same
 * type merged, zero-size entries dropped. Reported: unknown types (turned
 * into MEMMAP_RESERVED), entries whose end wraps past 2^64 (dropped),
 * entries dropped or clipped at @addr_limit, and overlaps between entries
 * of different types. In an overlap the more restrictive type wins:
 * HYPERVISOR > MODULE > BOOT > UNUSABLE > NVS > RESERVED > ACPI > PMEM >
 * RAM. Finally RAM entries shrink to whole 4 KiB pages (start rounded up,
 * end down) and vanish when nothing is left.
 *
 * Context: any; pure. Uses about 16 KiB of stack, O(n log n) time.
 * Return: 0; -ENOSPC if the result needs more than @max entries;
 *         -EINVAL if *@nr > @max or @max > MEMMAP_MAX_ENTRIES. On error
 *         @map and *@nr are unchanged.
 */
int memmap_sanitize(struct memmap_entry *map, unsigned int *nr,
		    unsigned int max, uint64_t addr_limit,
		    const struct diag *dg)
	__attribute__((__warn_unused_result__));

/*
 * memmap_mark() - Give [@addr, @addr + @size) the type @type, then sanitise.
 * @map, @nr, @max, @dg: as memmap_sanitize() (no address limit applies)
 * @addr, @size: the range; must not be empty or wrap past 2^64
 * @type:        the new type; it wins only where it is the more restrictive
 *               type (marking a module over RAM works, RAM over a reserved
 *               hole does not punch it)
 *
 * Context: any; pure. Uses about 16 KiB of stack.
 * Return: 0; -EINVAL for a zero-size or wrapping range or bad *@nr/@max;
 *         -ENOSPC if the result needs more than @max entries. On error
 *         @map and *@nr are unchanged.
 */
int memmap_mark(struct memmap_entry *map, unsigned int *nr, unsigned int max,
		uint64_t addr, uint64_t size, uint32_t type,
		const struct diag *dg)
	__attribute__((__warn_unused_result__));

/*
 * memmap_total() - Total bytes of entries of type @type.
 * Overlapping entries are counted twice; sanitise first. Saturates at
 * UINT64_MAX.
 */
uint64_t memmap_total(const struct memmap_entry *map, unsigned int nr,
		      uint32_t type);

#endif /* VESTA_MEMMAP_H */
