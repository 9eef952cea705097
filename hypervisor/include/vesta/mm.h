/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical memory: the boot allocator (carves pages out of the sanitised
 * memory map before the frame table exists), the frame table with one
 * struct page_info per frame, and the buddy-backed page allocator that
 * takes over once boot allocations are done. Not responsible for page
 * tables (arch mm.c).
 */
#ifndef VESTA_MM_H
#define VESTA_MM_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <vesta/buddy.h>
#include <vesta/pgtype.h>
#include <vesta/memmap.h>

struct page_info {
	struct buddy_node buddy;	/* first: the buddy zone's stride base */
	/*
	 * Owner (domain id + 1; 0 = none), general and type references of a
	 * guest frame (lib/pgtype.c). Zero while the frame is not a guest's.
	 */
	struct pgtype_frame pgt;
};

/* pgt.owner of hypervisor pages a guest may map (its shared_info). */
#define PAGE_OWNER_SHARED	0xfffeu

extern struct page_info *frame_table;

/* Is @mfn a (PV guest) page-table page? Bounds-checked. */
bool page_is_pagetable(uint64_t mfn);
/* Its page-table level (1-4) while it is a validated one, else 0. */
unsigned int page_pt_level(uint64_t mfn);
extern uint64_t max_pfn;

/*
 * bootmem_init() - Take the RAM entries of @map as the boot allocator's
 * pool. @map must be sanitised with the image, modules and low memory
 * already marked (they are not RAM in it).
 */
void bootmem_init(const struct memmap_entry *map, unsigned int nr);

/*
 * bootmem_alloc() - Allocate @bytes (rounded up to pages) aligned to
 * @align (a power of two >= PAGE_SIZE) below @limit, zeroed.
 * Context: boot CPU, before page_alloc_init(). Boot-time only.
 * Return: physical address. Panics when memory is exhausted: nothing can
 * boot without it.
 */
uint64_t bootmem_alloc(size_t bytes, size_t align, uint64_t limit);

/* Build the frame table, then hand what bootmem has left to the buddy. */
void page_alloc_init(void);

/*
 * alloc_pages() - 2^@order zeroed, naturally aligned, direct-mapped pages.
 * Context: any, IRQs on or off. Return: pointer or NULL when out of memory.
 */
void *alloc_pages(unsigned int order);
void free_pages(void *p, unsigned int order);

/* Full consistency walk of the buddy zone; 0 or -EINVAL (reported). */
int page_alloc_check(void);

/* Free pages, for the boot summary and the 'm' debug key. */
uint64_t free_ram_pages(void);

#endif /* VESTA_MM_H */
