/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's own page tables (the idle page table shared by all
 * CPUs): the direct map of RAM and uncached device mappings.
 */
#ifndef ASM_MM_H
#define ASM_MM_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <vesta/memmap.h>

extern uint64_t idle_l4[512];

/*
 * directmap_init() - Replace head.S's blanket map of the first 4 GiB with a
 * direct map of exactly the memory in @map (RAM, ACPI, NVS, image,
 * modules, low MiB), at any address, so no device MMIO is ever mapped
 * write-back. Context: boot CPU, bootmem live.
 */
void directmap_init(const struct memmap_entry *map, unsigned int nr);

/* Is @va mapped in the current page tables? (walks them) */
bool va_is_mapped(unsigned long va);

/*
 * map_firmware() - Pointer to firmware data (ACPI tables) at @pa: through
 * the direct map when it covers the range, else an uncached mapping.
 * Return: pointer, or NULL for an absurd range or a full remap area.
 */
void *map_firmware(uint64_t pa, size_t len);

/*
 * ioremap() - Map device memory [@pa, @pa + @size) uncached.
 * Return: virtual address of @pa, or NULL when the remap area is full.
 * Context: boot CPU (mappings are never torn down).
 */
void *ioremap(uint64_t pa, size_t size);

/* Map RAM read-only for guests (ring 3) too: the M2P table. */
void map_guest_readonly(unsigned long va, uint64_t pa, uint64_t size);

#endif /* ASM_MM_H */
