/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Page-table entry bits and the conversions between the hypervisor's
 * virtual addresses (image, direct map) and physical addresses.
 */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <stdint.h>
#include <asm/config.h>

#define _PAGE_PRESENT	0x001UL
#define _PAGE_RW	0x002UL
#define _PAGE_USER	0x004UL
#define _PAGE_PWT	0x008UL
#define _PAGE_PCD	0x010UL
#define _PAGE_ACCESSED	0x020UL
#define _PAGE_DIRTY	0x040UL
#define _PAGE_PSE	0x080UL
#define _PAGE_GLOBAL	0x100UL
#define _PAGE_NX	(1UL << 63)
#define PTE_ADDR_MASK	0x000ffffffffff000UL

#define L1_SHIFT	12
#define L2_SHIFT	21
#define L3_SHIFT	30
#define L4_SHIFT	39
#define PT_ENTRIES	512
#define pt_index(va, shift) (((unsigned long)(va) >> (shift)) & 511)

#define MB(x)		((uint64_t)(x) << 20)
#define GB(x)		((uint64_t)(x) << 30)

extern char __image_start[], __image_end[], __bss_start[], __bss_end[];

/* Physical address -> direct-map pointer. Valid for all RAM once mapped. */
static inline void *__va(uint64_t pa)
{
	return (void *)(uintptr_t)(pa + DIRECTMAP_VIRT_START);
}

/* Image or direct-map virtual address -> physical address. */
static inline uint64_t __pa(const void *va)
{
	uintptr_t v = (uintptr_t)va;

	if (v >= IMAGE_VOFFSET && v < IMAGE_VOFFSET + GB(1))
		return v - IMAGE_VOFFSET;
	return v - DIRECTMAP_VIRT_START;
}

static inline uint64_t pfn_to_paddr(uint64_t pfn)
{
	return pfn << PAGE_SHIFT;
}

static inline uint64_t paddr_to_pfn(uint64_t pa)
{
	return pa >> PAGE_SHIFT;
}

/* Smallest allocation order (2^order pages) holding @bytes. */
static inline unsigned int bytes_to_order(uint64_t bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

#define PAGE_ALIGN_UP(x)   (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define PAGE_ALIGN_DOWN(x) ((x) & ~(PAGE_SIZE - 1))

#endif /* ASM_PAGE_H */
