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
#include <asm/setup.h>

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
	/* Large pages are only ever leaves at L2: never split here. */
	BUG_ON(*e & _PAGE_PSE);
	return __va(*e & PTE_ADDR_MASK);
}

static void map_2m(uint64_t *l4, unsigned long va, uint64_t pa, uint64_t flags)
{
	uint64_t *l3 = next_table(l4, va, L4_SHIFT);
	uint64_t *l2 = next_table(l3, va, L3_SHIFT);

	l2[pt_index(va, L2_SHIFT)] = pa | flags | _PAGE_PSE;
}

static void map_4k(uint64_t *l4, unsigned long va, uint64_t pa, uint64_t flags)
{
	uint64_t *l3 = next_table(l4, va, L4_SHIFT);
	uint64_t *l2 = next_table(l3, va, L3_SHIFT);
	uint64_t *l1 = next_table(l2, va, L2_SHIFT);

	l1[pt_index(va, L1_SHIFT)] = pa | flags;
}

/* Memory the direct map covers: everything that is RAM-like. */
static bool is_memory(uint32_t type)
{
	switch (type) {
	case MEMMAP_RAM:
	case MEMMAP_ACPI:
	case MEMMAP_NVS:
	case MEMMAP_HYPERVISOR:
	case MEMMAP_MODULE:
	case MEMMAP_BOOT:
		return true;
	default:
		return false;
	}
}

/* Map [s, e) of one memory range: 2 MiB pages where aligned, else 4 KiB. */
static uint64_t map_range(uint64_t *l4, uint64_t s, uint64_t e)
{
	const uint64_t fl = _PAGE_PRESENT | _PAGE_RW | _PAGE_GLOBAL;
	uint64_t pa = s;

	while (pa < e) {
		if (!(pa & (MB(2) - 1)) && e - pa >= MB(2)) {
			map_2m(l4, DIRECTMAP_VIRT_START + pa, pa, fl);
			pa += MB(2);
		} else {
			map_4k(l4, DIRECTMAP_VIRT_START + pa, pa, fl);
			pa += PAGE_SIZE;
		}
	}
	return e - s;
}

void directmap_init(const struct memmap_entry *map, unsigned int nr)
{
	const uint64_t limit = DIRECTMAP_VIRT_END - DIRECTMAP_VIRT_START;
	uint64_t *scratch = __va(alloc_pt_page());
	uint64_t mapped = 0;

	/*
	 * head.S mapped the first 4 GiB wholesale, device holes included,
	 * with write-back caching. Build a map of memory only in a scratch
	 * L4 (all allocations still go through the old map), then switch.
	 */
	for (unsigned int i = 0; i < nr; i++) {
		uint64_t s = PAGE_ALIGN_DOWN(map[i].addr);
		uint64_t e = PAGE_ALIGN_UP(map[i].addr + map[i].size);

		if (!is_memory(map[i].type))
			continue;
		if (e > limit) {
			printk(LOG_WARNING "mm: memory above %#lx not mapped\n",
			       (unsigned long)limit);
			e = limit;
		}
		if (s < e)
			mapped += map_range(scratch, s, e);
	}
	for (unsigned int slot = DIRECTMAP_L4_FIRST; slot <= HV_L4_LAST; slot++)
		idle_l4[slot] = scratch[slot];
	flush_tlb_local();
	write_cr4(read_cr4() & ~X86_CR4_PGE);
	write_cr4(read_cr4() | X86_CR4_PGE);
	printk(LOG_INFO "mm: direct map covers %lu MiB of memory, no device holes\n",
	       (unsigned long)(mapped >> 20));
}

bool va_is_mapped(unsigned long va)
{
	uint64_t e = read_cr3() & PTE_ADDR_MASK;
	static const unsigned int shifts[4] = { L4_SHIFT, L3_SHIFT, L2_SHIFT,
						L1_SHIFT };

	for (unsigned int lvl = 0; lvl < 4; lvl++) {
		const uint64_t *t = __va(e & PTE_ADDR_MASK);

		e = t[pt_index(va, shifts[lvl])];
		if (!(e & _PAGE_PRESENT))
			return false;
		if (lvl > 0 && lvl < 3 && (e & _PAGE_PSE))
			return true;
	}
	return true;
}

void *map_firmware(uint64_t pa, size_t len)
{
	uint64_t end = pa + len;

	if (!len || end < pa || end > DIRECTMAP_VIRT_END - DIRECTMAP_VIRT_START)
		return NULL;
	for (uint64_t p = PAGE_ALIGN_DOWN(pa); p < end; p += PAGE_SIZE)
		if (!va_is_mapped(DIRECTMAP_VIRT_START + p))
			return ioremap(pa, len);
	return __va(pa);
}

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
		map_4k(idle_l4, va + off, base + off,
		       _PAGE_PRESENT | _PAGE_RW | _PAGE_PCD | _PAGE_PWT |
			       ((rdmsr(MSR_EFER) & EFER_NXE) ? _PAGE_NX : 0));
	for (uint64_t off = 0; off < len; off += PAGE_SIZE)
		invlpg(va + off);
	spin_unlock_irqrestore(&map_lock, f);
	return (void *)(uintptr_t)(va + (pa - base));
}

/*
 * map_guest_readonly() - Map [@pa, @pa + @size) at @va with 2 MiB pages
 * that ring 3 may read but not write (the M2P table). The intermediate
 * entries get the user bit so the leaf decides. Both ends 2 MiB aligned.
 * Context: boot CPU, after the heap is ready.
 */
void map_guest_readonly(unsigned long va, uint64_t pa, uint64_t size)
{
	for (uint64_t off = 0; off < size; off += MB(2)) {
		unsigned long a = va + off;
		uint64_t *l4e = &idle_l4[pt_index(a, L4_SHIFT)];
		uint64_t *l3 = next_table(idle_l4, a, L4_SHIFT);
		uint64_t *l3e = &l3[pt_index(a, L3_SHIFT)];
		uint64_t *l2 = next_table(l3, a, L3_SHIFT);

		*l4e |= _PAGE_USER;
		*l3e |= _PAGE_USER;
		l2[pt_index(a, L2_SHIFT)] = (pa + off) | _PAGE_PRESENT |
					   _PAGE_USER | _PAGE_PSE | _PAGE_NX;
	}
	flush_tlb_local();
}
