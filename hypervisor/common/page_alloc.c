/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot allocator and the page allocator. Boot allocations carve pages
 * from the top of the sanitised RAM ranges; page_alloc_init() then builds
 * the frame table and gives every remaining RAM page to the buddy zone.
 * The image, the boot modules and the first MiB are never RAM in the map
 * handed to bootmem_init(), so they are never allocated. Not responsible
 * for the buddy algorithm itself (lib/buddy.c) or for mapping memory.
 */
#include <vesta/keyhandler.h>
#include <vesta/lib.h>
#include <vesta/mm.h>
#include <vesta/printk.h>
#include <vesta/spinlock.h>
#include <string.h>
#include <asm/page.h>

#define MAX_BOOT_RANGES 128

struct range {
	uint64_t start, end;	/* [start, end), page aligned */
};

static struct range boot_ranges[MAX_BOOT_RANGES];
static unsigned int nr_boot_ranges;
static bool bootmem_closed;
static uint64_t ram_pages;

struct page_info *frame_table;
uint64_t max_pfn;
static struct buddy_zone zone;
static DEFINE_SPINLOCK(heap_lock);

void bootmem_init(const struct memmap_entry *map, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++) {
		uint64_t s = PAGE_ALIGN_UP(map[i].addr);
		uint64_t e = PAGE_ALIGN_DOWN(map[i].addr + map[i].size);

		if (map[i].type != MEMMAP_RAM || e <= s)
			continue;
		if (nr_boot_ranges == MAX_BOOT_RANGES) {
			printk(LOG_WARNING "bootmem: more than %u RAM ranges, ignoring %#lx-%#lx\n",
			       MAX_BOOT_RANGES, s, e);
			continue;
		}
		boot_ranges[nr_boot_ranges++] = (struct range){ s, e };
		ram_pages += (e - s) >> PAGE_SHIFT;
		if (paddr_to_pfn(e) > max_pfn)
			max_pfn = paddr_to_pfn(e);
	}
}

uint64_t bootmem_alloc(size_t bytes, size_t align, uint64_t limit)
{
	uint64_t size = PAGE_ALIGN_UP((uint64_t)bytes);

	BUG_ON(bootmem_closed);
	/* Highest fitting range first: low memory is precious for DMA. */
	for (unsigned int i = nr_boot_ranges; i-- > 0;) {
		struct range *r = &boot_ranges[i];
		uint64_t top = min(r->end, limit);
		uint64_t base;

		if (top < size || top - size < r->start)
			continue;
		base = (top - size) & ~((uint64_t)align - 1);
		if (base < r->start)
			continue;
		/* Split the range around the block; keep the part above it. */
		if (base + size < r->end) {
			if (nr_boot_ranges == MAX_BOOT_RANGES)
				continue;
			memmove(r + 2, r + 1,
				(nr_boot_ranges - i - 1) * sizeof(*r));
			nr_boot_ranges++;
			r[1] = (struct range){ base + size, r->end };
		}
		r->end = base;
		memset(__va(base), 0, size);
		return base;
	}
	panic("bootmem: cannot allocate %lu bytes below %#lx", (unsigned long)size,
	      limit);
}

void page_alloc_init(void)
{
	size_t ft_bytes = max_pfn * sizeof(struct page_info);
	uint64_t ft;

	BUILD_BUG_ON(offsetof(struct page_info, buddy) != 0);
	ft = bootmem_alloc(ft_bytes, PAGE_SIZE, max_pfn << PAGE_SHIFT);
	frame_table = __va(ft);
	buddy_init(&zone, frame_table, sizeof(struct page_info), 0, max_pfn);
	bootmem_closed = true;
	for (unsigned int i = 0; i < nr_boot_ranges; i++) {
		const struct range *r = &boot_ranges[i];

		if (r->end > r->start)
			buddy_add_range(&zone, paddr_to_pfn(r->start),
					paddr_to_pfn(r->end - r->start));
	}
	printk(LOG_INFO "mm: frame table %lu KiB for %lu frames; %lu of %lu RAM pages free\n",
	       (unsigned long)(ft_bytes >> 10), (unsigned long)max_pfn,
	       (unsigned long)zone.free_pages, (unsigned long)ram_pages);
}

void *alloc_pages(unsigned int order)
{
	unsigned long f = spin_lock_irqsave(&heap_lock);
	int64_t pfn = buddy_alloc(&zone, order);
	void *p;

	spin_unlock_irqrestore(&heap_lock, f);
	if (pfn < 0)
		return NULL;
	p = __va(pfn_to_paddr((uint64_t)pfn));
	memset(p, 0, PAGE_SIZE << order);
	return p;
}

void free_pages(void *p, unsigned int order)
{
	unsigned long f;
	int rc;

	if (!p)
		return;
	f = spin_lock_irqsave(&heap_lock);
	rc = buddy_free(&zone, paddr_to_pfn(__pa(p)), order);
	spin_unlock_irqrestore(&heap_lock, f);
	/* Freeing what was not allocated is a hypervisor bug. */
	BUG_ON(rc);
}

uint64_t free_ram_pages(void)
{
	return zone.free_pages;
}

int page_alloc_check(void)
{
	struct diag dg = { printk_diag, "mm" };
	unsigned long f = spin_lock_irqsave(&heap_lock);
	int rc = buddy_check(&zone, &dg);

	spin_unlock_irqrestore(&heap_lock, f);
	return rc;
}

static void dump_memory(char key)
{
	(void)key;
	printk("'m' memory: %lu MiB RAM, %lu MiB free, %lu frames\n",
	       (unsigned long)(ram_pages >> 8),
	       (unsigned long)(zone.free_pages >> 8), (unsigned long)max_pfn);
	for (unsigned int o = 0; o <= BUDDY_MAX_ORDER; o++)
		if (zone.nr_blocks[o])
			printk("  order %2u: %lu free blocks\n", o,
			       (unsigned long)zone.nr_blocks[o]);
	printk("  buddy consistency check: %s\n",
	       page_alloc_check() ? "FAILED" : "ok");
}
keyhandler('m', "dump memory allocator state", dump_memory);
