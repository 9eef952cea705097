/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's own page tables (the idle page table shared by all
 * CPUs): the direct map of RAM and uncached device mappings.
 */
#ifndef ASM_MM_H
#define ASM_MM_H

#include <stdint.h>
#include <stddef.h>
#include <vesta/memmap.h>

extern uint64_t idle_l4[512];

/*
 * directmap_extend() - Map every 2 MiB chunk holding RAM above 4 GiB
 * (head.S maps the first 4 GiB). Context: boot CPU, bootmem live.
 */
void directmap_extend(const struct memmap_entry *map, unsigned int nr);

/*
 * ioremap() - Map device memory [@pa, @pa + @size) uncached.
 * Return: virtual address of @pa, or NULL when the remap area is full.
 * Context: boot CPU (mappings are never torn down).
 */
void *ioremap(uint64_t pa, size_t size);

#endif /* ASM_MM_H */
