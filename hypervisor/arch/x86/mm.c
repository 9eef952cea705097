/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The idle page table: extends the boot direct map to all RAM and creates
 * uncached mappings for device MMIO (APICs, HPET). Page-table pages come
 * from the boot allocator before the page allocator exists and from it
 * afterwards. Not responsible for guest page tables (a later milestone).
 */
#include <vesta/lib.h>
#include <vesta/mm.h>
#include <vesta/printk.h>
#include <vesta/spinlock.h>
#include <string.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>

static bool heap_ready;
static uint64_t ioremap_next = IOREMAP_VIRT_START;
static DEFINE_SPINLOCK(map_lock);

static uint64_t alloc_pt_page(void)
{
	void *p;

	if (!heap_ready)
		return bootmem_alloc(PAGE_SIZE, PAGE_SIZE, GB(4));
	p = alloc_pages(0);
	if (!p)
		panic("mm: out of memory for page tables");
	return __pa(p);
}

/* Return the next-level table for @va at @shift, creating it. */
static uint64_t *next_table(uint64_t *table, unsigned long va,
			    unsigned int shift)
{
	uint64_t *e = &table[pt_index(va, shift)];

	if (!(*e & _PAGE_PRESENT))
		*e = alloc_pt_page() | _PAGE_PRESENT | _PAGE_RW;
	/* Boot code maps large pages only at L2: never split here. */
	BUG_ON(*e & _PAGE_PSE);
	return __va(*e & PTE_ADDR_MASK);
}

static void map_2m(unsigned long va, uint64_t pa, uint64_t flags)
{
	uint64_t *l3 = next_table(idle_l4, va, L4_SHIFT);
	uint64_t *l2 = next_table(l3, va, L3_SHIFT);

	l2[pt_index(va, L2_SHIFT)] = pa | flags | _PAGE_PSE;
}

static void map_4k(unsigned long va, uint64_t pa, uint64_t flags)
{
	uint64_t *l3 = next_table(idle_l4, va, L4_SHIFT);
	uint64_t *l2 = next_table(l3, va, L3_SHIFT);
	uint64_t *l1 = next_table(l2, va, L2_SHIFT);

	l1[pt_index(va, L1_SHIFT)] = pa | flags;
	invlpg(va);
}

void directmap_extend(const struct memmap_entry *map, unsigned int nr)
{
	uint64_t mapped = 0;

	for (unsigned int i = 0; i < nr; i++) {
		uint64_t s, e;

		if (map[i].type != MEMMAP_RAM && map[i].type != MEMMAP_MODULE &&
		    map[i].type != MEMMAP_ACPI && map[i].type != MEMMAP_NVS)
			continue;
		s = map[i].addr & ~(MB(2) - 1);
		e = ROUNDUP(map[i].addr + map[i].size, MB(2));
		if (e <= GB(4))
			continue;
		if (s < GB(4))
			s = GB(4);
		if (e > DIRECTMAP_VIRT_END - DIRECTMAP_VIRT_START) {
			printk(LOG_WARNING "mm: RAM above %#lx not mapped\n",
			       DIRECTMAP_VIRT_END - DIRECTMAP_VIRT_START);
			continue;
		}
		for (uint64_t pa = s; pa < e; pa += MB(2)) {
			map_2m(DIRECTMAP_VIRT_START + pa, pa,
			       _PAGE_PRESENT | _PAGE_RW | _PAGE_GLOBAL);
			mapped += MB(2);
		}
	}
	flush_tlb_local();
	if (mapped)
		printk(LOG_INFO "mm: direct map extended by %lu MiB above 4 GiB\n",
		       (unsigned long)(mapped >> 20));
}

void mm_heap_ready(void);
void mm_heap_ready(void)
{
	heap_ready = true;
}

void *ioremap(uint64_t pa, size_t size)
{
	uint64_t base = PAGE_ALIGN_DOWN(pa);
	uint64_t len = PAGE_ALIGN_UP(pa + size) - base;
	unsigned long f;
	uint64_t va;

	f = spin_lock_irqsave(&map_lock);
	if (len > IOREMAP_VIRT_END - ioremap_next) {
		spin_unlock_irqrestore(&map_lock, f);
		return NULL;
	}
	va = ioremap_next;
	ioremap_next += len;
	for (uint64_t off = 0; off < len; off += PAGE_SIZE)
		map_4k(va + off, base + off,
		       _PAGE_PRESENT | _PAGE_RW | _PAGE_PCD | _PAGE_PWT |
			       ((rdmsr(MSR_EFER) & EFER_NXE) ? _PAGE_NX : 0));
	spin_unlock_irqrestore(&map_lock, f);
	return (void *)(uintptr_t)(va + (pa - base));
}
