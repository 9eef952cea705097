/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * pt-basic: building, using and tearing down an address space of our own.
 *
 * Property tested (pv-abi.md 3.2): pages of our .bss, zeroed, remapped
 * read-only and pinned (two L1s, then an L4 whose entries are filled with
 * mmu_update: slot 8 to our own L3/L2, slot 511 copied from the builder's
 * L4), become an address space NEW_BASEPTR can switch to: the kernel keeps
 * running, the hypervisor slot 256 (M2P) is filled in (by NEW_BASEPTR
 * at the latest), data mapped through
 * our L1s reads and writes, a read-only one faults on write with P|W.
 * PRESERVE_AD keeps the Accessed/Dirty bits the CPU set, NORMAL does not.
 * update_va_mapping with UVMF_INVLPG, UVMF_TLB_FLUSH, UVMF_ALL and a
 * UVMF_MULTI vCPU mask takes effect at once. A batch whose second of three
 * requests fails reports done = 1 and leaves the third undone.
 * mmu_update on a page that is not a page table (plain writable RAM of
 * ours) just stores the value (Xen does; Linux relies on it for unpinned
 * tables in lazy-MMU mode, e.g. fork's copy_page_range). MMU_MACHPHYS_UPDATE
 * of an own frame shows in the M2P; of a hypervisor frame (the L3 behind
 * L4 slot 256) it is refused with -EINVAL (Xen). After switching back and
 * unpinning, every page can be mapped writable again, and the whole cycle
 * runs a second time on the same pages.
 *
 * Correct behaviour: Xen 4.17's. Failure detection: FAIL lines; an
 * unexpected fault is RESULT: ERROR.
 */
#include <string.h>

#include "pt.h"

#define TVA		(8UL << 39)	/* our L4 slot 8 */
#define NPT		5
#define T_L4		0
#define T_L3		1
#define T_L2		2
#define T_L1A		3
#define T_L1B		4

static uint64_t pool[NPT][512] GUEST_PAGE_ALIGNED_BSS;
static uint64_t data[2][512] GUEST_PAGE_ALIGNED_BSS;
static uint64_t scratch[512] GUEST_PAGE_ALIGNED_BSS;

static unsigned long mfn_of(unsigned int t)
{
	return pt_mfn(pool[t]);
}

static volatile uint64_t *tva(unsigned int page)
{
	return (volatile uint64_t *)(TVA + page * GUEST_PAGE_SIZE);
}

/* Read @va; Return: true if it faulted. */
static bool read_faults(const volatile uint64_t *va, uint64_t *val)
{
	struct guest_fault f;
	uint64_t v = 0;

	__asm__ volatile("1: movq %1, %0\n2:\n" GUEST_EXTABLE(1b, 2b)
			 : "+r"(v) : "m"(*va) : "memory");
	*val = v;
	return guest_fault_taken(&f);
}

/* Write @val to @va; Return: the fault's error code, or -1 if none. */
static long write_fault(volatile uint64_t *va, uint64_t val)
{
	struct guest_fault f;

	__asm__ volatile("1: movq %1, %0\n2:\n" GUEST_EXTABLE(1b, 2b)
			 : "=m"(*va) : "r"(val) : "memory");
	if (!guest_fault_taken(&f))
		return -1;
	return f.vector == 14 ? (long)(f.error_code & 3) : 0x1000 + f.vector;
}

/* Zero the pool, link L3 -> L2 -> L1s by plain writes, make it RO. */
static void prepare(void)
{
	memset(pool, 0, sizeof(pool));
	pool[T_L3][0] = pt_pte(mfn_of(T_L2), PT_TABLE_FLAGS);
	pool[T_L2][0] = pt_pte(mfn_of(T_L1A), PT_TABLE_FLAGS);
	pool[T_L2][1] = pt_pte(mfn_of(T_L1B), PT_TABLE_FLAGS);
	for (unsigned int i = 0; i < NPT; i++)
		guest_check_rc("remap a table page read-only", 0,
			       pt_remap(pool[i], false, VESTA_UVMF_LOCAL));
}

/* Pin the L1s, fill them, pin the L4 and fill it. */
static void build(void)
{
	unsigned long l1 = mfn_of(T_L1A);
	struct vesta_mmu_update u[2] = {
		{ pt_maddr(l1, 0), pt_pte(pt_mfn(data[0]), PT_DATA_RW) },
		{ pt_maddr(l1, 1), pt_pte(pt_mfn(data[1]), PT_DATA_RO) },
	};
	unsigned int done = 99;

	guest_check_rc("pin L1 A", 0, pt_pin(1, mfn_of(T_L1A)));
	guest_check_rc("pin L1 B", 0, pt_pin(1, mfn_of(T_L1B)));
	guest_check_rc("mmu_update of 2 L1 entries", 0,
		       hypercall_mmu_update(u, 2, &done, VESTA_DOMID_SELF));
	guest_check("mmu_update done count", 2, done);
	guest_check_rc("pin the empty L4", 0, pt_pin(4, mfn_of(T_L4)));
	guest_check_rc("L4[8] -> our L3 (validates L3, L2)", 0,
		       pt_update(pt_maddr(mfn_of(T_L4), 8),
				 pt_pte(mfn_of(T_L3), PT_TABLE_FLAGS),
				 VESTA_MMU_NORMAL_PT_UPDATE));
	guest_check_rc("L4[511] = the builder's L4[511]", 0,
		       pt_update(pt_maddr(mfn_of(T_L4), 511),
				 pt_boot_entry(GUEST_REGION_START, 4),
				 VESTA_MMU_NORMAL_PT_UPDATE));
}

/* Data through our tables while they are the current address space. */
static void use_mappings(void)
{
	uint64_t v;

	/* Xen fills slot 256 at NEW_BASEPTR unless m2p_strict (at pin if). */
	if (!pool[T_L4][256] ||
	    pool[T_L4][256] != pt_boot_entry(PT_M2P_START, 4))
		guest_fail("L4 slot 256 not filled by the hypervisor (%#llx, builder %#llx)",
			   (unsigned long long)pool[T_L4][256],
			   (unsigned long long)pt_boot_entry(PT_M2P_START, 4));
	data[0][3] = 0x1111222233334444ULL;
	data[1][7] = 0x5555666677778888ULL;
	if (read_faults(tva(0) + 3, &v))
		guest_fail("read through our L1 entry 0 faulted");
	else
		guest_check("data 0 through our tables", data[0][3], v);
	if (read_faults(tva(1) + 7, &v))
		guest_fail("read through our L1 entry 1 faulted");
	else
		guest_check("data 1 through our tables", data[1][7], v);
	guest_check("write through our RW mapping", -1UL,
		    (unsigned long)write_fault(tva(0) + 9, 42));
	guest_check("written value seen in .bss", 42, data[0][9]);
	guest_check("write to our RO mapping: #PF P|W", 3,
		    (unsigned long)write_fault(tva(1), 1));
	if (*(volatile unsigned long *)(PT_M2P_START +
					8 * pt_mfn(data[0])) !=
	    pt_m2p(pt_mfn(data[0])))
		guest_fail("M2P reads differently in our address space");
}

/* PRESERVE_AD keeps the A/D bits the CPU set; NORMAL replaces them. */
static void preserve_ad(void)
{
	const volatile uint64_t *l1 = pool[T_L1A];
	uint64_t ad = GUEST_PTE_A | GUEST_PTE_D;
	uint64_t val = pt_pte(pt_mfn(data[0]), GUEST_PTE_P | GUEST_PTE_RW);

	*tva(0) = 5;		/* the CPU sets A and D */
	guest_check("A|D set by the CPU", ad, l1[0] & ad);
	guest_check_rc("PRESERVE_AD update", 0,
		       pt_update(pt_maddr(mfn_of(T_L1A), 0), val,
				 VESTA_MMU_PT_UPDATE_PRESERVE_AD));
	guest_check("A|D after PRESERVE_AD", ad, l1[0] & ad);
	guest_check_rc("NORMAL update", 0,
		       pt_update(pt_maddr(mfn_of(T_L1A), 0), val,
				 VESTA_MMU_NORMAL_PT_UPDATE));
	guest_check("A|D after NORMAL", 0, l1[0] & ad);
	guest_check("address kept", val & PT_PTE_ADDR, l1[0] & PT_PTE_ADDR);
	guest_check_rc("INVLPG_LOCAL", 0, pt_invlpg((void *)tva(0)));
	guest_check("still writable after the updates", -1UL,
		    (unsigned long)write_fault(tva(0), 6));
}

/* update_va_mapping of page 2 of our L1 with each flush flavour. */
static void uvm_flushes(void)
{
	static unsigned long mask = 1;	/* vCPU 0 */
	unsigned long va = (unsigned long)tva(2);
	uint64_t rw = pt_pte(pt_mfn(data[1]), PT_DATA_RW), v;

	guest_check_rc("uvm RW, INVLPG", 0,
		       hypercall_update_va_mapping(va, rw, VESTA_UVMF_INVLPG));
	guest_check("write after INVLPG", -1UL,
		    (unsigned long)write_fault(tva(2) + 1, 77));
	guest_check("written through the new mapping", 77, data[1][1]);
	guest_check_rc("uvm RO, TLB_FLUSH", 0,
		       hypercall_update_va_mapping(va, rw & ~GUEST_PTE_RW,
						   VESTA_UVMF_TLB_FLUSH));
	guest_check("write after RO + TLB_FLUSH faults P|W", 3,
		    (unsigned long)write_fault(tva(2), 1));
	guest_check_rc("uvm RW, INVLPG|ALL", 0,
		       hypercall_update_va_mapping(va, rw, VESTA_UVMF_INVLPG |
						   VESTA_UVMF_ALL));
	guest_check("write after INVLPG|ALL", -1UL,
		    (unsigned long)write_fault(tva(2) + 2, 78));
	guest_check_rc("uvm 0, INVLPG|MULTI mask", 0,
		       hypercall_update_va_mapping(va, 0, VESTA_UVMF_INVLPG |
						   (unsigned long)&mask));
	if (!read_faults(tva(2), &v))
		guest_fail("read after clearing with INVLPG|MULTI did not fault");
	guest_check_rc("uvm RO, TLB_FLUSH|ALL", 0,
		       hypercall_update_va_mapping(va, rw & ~GUEST_PTE_RW,
						   VESTA_UVMF_TLB_FLUSH |
						   VESTA_UVMF_ALL));
	if (read_faults(tva(2) + 2, &v) || v != 78)
		guest_fail("read after TLB_FLUSH|ALL: %#lx", (unsigned long)v);
	guest_check_rc("uvm 0, NONE", 0,
		       hypercall_update_va_mapping(va, 0, VESTA_UVMF_NONE));
}

/* A batch of 3 whose 2nd request fails: done 1, 3rd untouched. */
static void partial_batch(void)
{
	unsigned long l1 = mfn_of(T_L1A);
	struct vesta_mmu_update u[3] = {
		{ pt_maddr(l1, 20), pt_pte(pt_mfn(data[1]), PT_DATA_RO) },
		{ pt_maddr(l1, 21), pt_pte(l1, PT_DATA_RW) },
		{ pt_maddr(l1, 22), pt_pte(pt_mfn(data[1]), PT_DATA_RO) },
	};
	unsigned int done = 99;
	long rc = hypercall_mmu_update(u, 3, &done, VESTA_DOMID_SELF);

	guest_check_rc("batch with a writable self-mapping: -EBUSY",
		       -VESTA_EBUSY, rc);
	guest_check("done = index of the failing request", 1, done);
	if (!(pool[T_L1A][20] & GUEST_PTE_P) || pool[T_L1A][21] ||
	    pool[T_L1A][22])
		guest_fail("batch effects: %#llx %#llx %#llx",
			   (unsigned long long)pool[T_L1A][20],
			   (unsigned long long)pool[T_L1A][21],
			   (unsigned long long)pool[T_L1A][22]);
	guest_check_rc("clear entry 20", 0,
		       pt_update(pt_maddr(l1, 20), 0,
				 VESTA_MMU_NORMAL_PT_UPDATE));
}

/* mmu_update on an ordinary writable page of ours stores the value. */
static void update_plain_page(void)
{
	long rc;

	scratch[5] = 0;
	rc = pt_update(pt_maddr(pt_mfn(scratch), 5), 0x1234,
		       VESTA_MMU_NORMAL_PT_UPDATE);
	guest_check_rc("mmu_update on a plain writable page", 0, rc);
	guest_check("value stored in the plain page", 0x1234, scratch[5]);
}

/* MMU_MACHPHYS_UPDATE: own frame visible in the M2P; foreign refused. */
static void machphys(void)
{
	unsigned long mfn = pt_mfn(data[1]), pfn = pt_m2p(mfn);
	unsigned long hv = (unsigned long)(pt_boot_entry(PT_M2P_START, 4) >>
					   GUEST_PAGE_SHIFT) & 0xffffffffffUL;

	guest_check_rc("MACHPHYS own frame", 0,
		       pt_update((uint64_t)mfn << GUEST_PAGE_SHIFT, pfn + 7,
				 VESTA_MMU_MACHPHYS_UPDATE));
	guest_check("M2P shows the new PFN", pfn + 7, pt_m2p(mfn));
	guest_check_rc("MACHPHYS restore", 0,
		       pt_update((uint64_t)mfn << GUEST_PAGE_SHIFT, pfn,
				 VESTA_MMU_MACHPHYS_UPDATE));
	guest_check("M2P restored", pfn, pt_m2p(mfn));
	guest_check_rc("MACHPHYS of a hypervisor frame: -EINVAL",
		       -VESTA_EINVAL,
		       pt_update((uint64_t)hv << GUEST_PAGE_SHIFT, 1,
				 VESTA_MMU_MACHPHYS_UPDATE));
	guest_check("M2P of the hypervisor frame unchanged (not 1)", 1,
		    pt_m2p(hv) != 1);
}

/* Back to the builder's tables, unpin, make writable, write. */
static void teardown(void)
{
	uint64_t v;

	guest_check_rc("NEW_BASEPTR back to the builder's L4", 0,
		       pt_new_baseptr(pt_boot_l4()));
	if (!read_faults(tva(0), &v))
		guest_fail("our slot 8 still mapped in the builder's tables");
	guest_check_rc("unpin L4", 0, pt_unpin(mfn_of(T_L4)));
	guest_check_rc("unpin L1 A", 0, pt_unpin(mfn_of(T_L1A)));
	guest_check_rc("unpin L1 B", 0, pt_unpin(mfn_of(T_L1B)));
	for (unsigned int i = 0; i < NPT; i++) {
		guest_check_rc("table page writable again", 0,
			       pt_remap(pool[i], true, VESTA_UVMF_LOCAL));
		pool[i][100] = i;
	}
}

void test_main(const struct vesta_start_info *si)
{
	(void)si;
	update_plain_page();
	for (unsigned int round = 0; round < 2; round++) {
		guest_printf("pt-basic: round %u\n", round);
		unsigned int before = guest_failures();

		prepare();
		build();
		if (guest_failures() != before)
			guest_error("cannot build the address space");
		guest_check_rc("NEW_BASEPTR to our L4", 0,
			       pt_new_baseptr(mfn_of(T_L4)));
		use_mappings();
		preserve_ad();
		uvm_flushes();
		partial_batch();
		teardown();
	}
	machphys();
}
