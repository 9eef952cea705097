/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * pt-ptwr: writable page tables (VMASST_TYPE_writable_pagetables).
 *
 * Property tested (pv-abi.md 2.8): with the assist on, a guest-kernel
 * write to an entry of one of our pinned L1 pages, through its read-only
 * mapping, is emulated in the forms Linux 6.1 uses: a plain 8-byte MOV, a
 * (locked) XCHG returning the old entry, CMPXCHG (success: ZF=1, entry
 * replaced; failure: ZF=0, RAX = current entry, entry unchanged), a locked
 * one-byte AND clearing RW (entry merged, flags as AND defines) and a
 * locked BTR of Accessed (CF = old bit). The L1 is hooked into a free
 * entry of the builder's L2, so each new entry is checked by reading (and
 * writing) through the address it maps. A write that would map a page
 * table (our L1, the builder's L4) writable is not performed: #PF with
 * P|W and CR2 = the entry is delivered to us. A write to an L2 page is
 * never emulated (#PF). With the assist off, a domU's write is a #PF (a
 * dom0's may be emulated anyway: Xen 4.17 does so for the hardware domain).
 *
 * Correct behaviour: Xen 4.17's. Failure detection: FAIL lines; an
 * unexpected fault is RESULT: ERROR.
 */
#include <string.h>

#include "pt.h"

#define ARITH	0x8d5UL		/* CF PF AF ZF SF OF */
#define ZF	0x40UL
#define CF	0x01UL

static uint64_t l1[512] GUEST_PAGE_ALIGNED_BSS;
static uint64_t data[2][512] GUEST_PAGE_ALIGNED_BSS;
static unsigned int slot;
static unsigned long win;	/* what l1 maps: win + i * 4096 */

static volatile uint64_t *at(unsigned int i)
{
	return (volatile uint64_t *)(win + i * GUEST_PAGE_SIZE);
}

static uint64_t addr_p(uint64_t pte)
{
	return pte & (PT_PTE_ADDR | GUEST_PTE_P);
}

/* Plain store to l1[@i]; Return: the #PF error code & 3, or -1. */
static long mov_entry(unsigned int i, uint64_t val, uint64_t *cr2)
{
	struct guest_fault f;

	__asm__ volatile("1: movq %1, %0\n2:\n" GUEST_EXTABLE(1b, 2b)
			 : "=m"(l1[i]) : "r"(val) : "memory");
	if (!guest_fault_taken(&f))
		return -1;
	*cr2 = f.cr2;
	return f.vector == 14 ? (long)(f.error_code & 3) : 0x100 + f.vector;
}

static bool read_ok(volatile uint64_t *va, uint64_t want)
{
	struct guest_fault f;
	uint64_t v = 0;

	pt_invlpg((void *)va);
	__asm__ volatile("1: movq %1, %0\n2:\n" GUEST_EXTABLE(1b, 2b)
			 : "+r"(v) : "m"(*va) : "memory");
	if (guest_fault_taken(&f))
		return false;
	return v == want;
}

static bool write_faults(volatile uint64_t *va)
{
	struct guest_fault f;

	__asm__ volatile("1: movq $1, %0\n2:\n" GUEST_EXTABLE(1b, 2b)
			 : "=m"(*va) :: "memory");
	return guest_fault_taken(&f);
}

static long assist(unsigned int cmd)
{
	return hypercall_vm_assist(cmd, VESTA_VMASST_TYPE_writable_pagetables);
}

static void setup(void)
{
	slot = pt_free_l2_slot(16);
	if (slot >= 512)
		guest_error("no free entry in the builder's L2");
	win = pt_l2_slot_va(slot);
	data[0][0] = 0xd0d0;
	data[1][0] = 0xd1d1;
	memset(l1, 0, sizeof(l1));
	if (pt_remap(l1, false, VESTA_UVMF_LOCAL) || pt_pin(1, pt_mfn(l1)) ||
	    pt_update(pt_maddr(pt_boot_l2(), slot),
		      pt_pte(pt_mfn(l1), PT_TABLE_FLAGS),
		      VESTA_MMU_NORMAL_PT_UPDATE))
		guest_error("cannot pin our L1 and hook it at L2 slot %u", slot);
}

/*
 * Xen 4.17 emulates a dom0 (hardware domain) write to an L1 page even with
 * the assist off (its read-only-MMIO path falls through to the page-table
 * emulation), so only a domU must see the #PF; dom0 accepts either.
 */
static void test_off(unsigned int i)
{
	uint64_t cr2 = 0;
	long r = mov_entry(i, pt_pte(pt_mfn(data[0]), PT_DATA_RW), &cr2);

	if (guest_is_privileged() && r == -1) {
		guest_printf("pt-ptwr: dom0 write emulated with the assist off (as Xen does)\n");
		guest_check_rc("clear the entry", 0,
			       pt_update(pt_maddr(pt_mfn(l1), i), 0,
					 VESTA_MMU_NORMAL_PT_UPDATE));
		return;
	}
	guest_check("write with the assist off: #PF P|W", 3, (uint64_t)r);
	guest_check("... CR2 is the entry", (uint64_t)&l1[i], cr2);
	guest_check("... entry unchanged", 0, l1[i]);
}

static void test_mov_xchg(void)
{
	uint64_t cr2, v = pt_pte(pt_mfn(data[1]), PT_DATA_RW), old = l1[0];

	guest_check("MOV emulated", -1UL,
		    (uint64_t)mov_entry(0, pt_pte(pt_mfn(data[0]), PT_DATA_RW),
					&cr2));
	if (!read_ok(at(0), 0xd0d0))
		guest_fail("MOV: the new entry does not map data 0");
	old = l1[0];
	__asm__ volatile("xchgq %0, %1" : "+r"(v), "+m"(l1[0]) :: "memory");
	guest_check("XCHG returns the old entry", old, v);
	guest_check("XCHG stored the new entry",
		    addr_p(pt_pte(pt_mfn(data[1]), GUEST_PTE_P)),
		    addr_p(l1[0]));
	if (!read_ok(at(0), 0xd1d1))
		guest_fail("XCHG: the new entry does not map data 1");
	v = 0;
	__asm__ volatile("lock xchgq %0, %1" : "+r"(v), "+m"(l1[1]) ::
			 "memory");
	guest_check("LOCK XCHG of an empty entry returns 0", 0, v);
}

static void test_cmpxchg(void)
{
	uint64_t cur = l1[0], rax = cur, nv = pt_pte(pt_mfn(data[0]),
						      PT_DATA_RO), fl;

	__asm__ volatile("lock cmpxchgq %3, %1\n\tpushfq\n\tpopq %2"
			 : "+a"(rax), "+m"(l1[0]), "=r"(fl) : "r"(nv) :
			 "memory", "cc");
	guest_check("CMPXCHG success: ZF", ZF, fl & ZF);
	guest_check("CMPXCHG success: entry", addr_p(nv), addr_p(l1[0]));
	if (!read_ok(at(0), 0xd0d0) || !write_faults(at(0)))
		guest_fail("CMPXCHG: new RO entry to data 0 not in effect");
	cur = l1[0];
	rax = 0x12345;
	nv = pt_pte(pt_mfn(data[1]), PT_DATA_RW);
	__asm__ volatile("lock cmpxchgq %3, %1\n\tpushfq\n\tpopq %2"
			 : "+a"(rax), "+m"(l1[0]), "=r"(fl) : "r"(nv) :
			 "memory", "cc");
	guest_check("CMPXCHG failure: ZF clear", 0, fl & ZF);
	guest_check("CMPXCHG failure: RAX = current entry", cur, rax);
	guest_check("CMPXCHG failure: entry unchanged", cur, l1[0]);
}

static void test_and_btr(void)
{
	uint64_t cr2, old, fl, want;
	uint8_t low;

	mov_entry(1, pt_pte(pt_mfn(data[1]), PT_DATA_RW), &cr2);
	if (!read_ok(at(1), 0xd1d1))
		guest_fail("entry 1 does not map data 1");
	old = l1[1];
	__asm__ volatile("lock andb $0xfd, %0\n\tpushfq\n\tpopq %1"
			 : "+m"(*(volatile uint8_t *)&l1[1]), "=r"(fl) ::
			 "memory", "cc");
	guest_check("LOCK ANDB clears RW only", old & ~GUEST_PTE_RW, l1[1]);
	low = (uint8_t)(old & 0xfd);
	want = (low & 0x80 ? 0x80UL : 0) | (low ? 0 : ZF) |
	       (__builtin_parity(low) ? 0 : 0x04UL);
	guest_check("LOCK ANDB flags (CF OF ZF SF PF)", want,
		    fl & (ARITH & ~0x10UL));
	if (!read_ok(at(1), 0xd1d1) || !write_faults(at(1)))
		guest_fail("ANDB: entry 1 not read-only afterwards");
	old = l1[1];
	__asm__ volatile("lock btrq $5, %0\n\tpushfq\n\tpopq %1"
			 : "+m"(l1[1]), "=r"(fl) :: "memory", "cc");
	guest_check("LOCK BTR: CF = old Accessed", (old >> 5) & 1, fl & CF);
	guest_check("LOCK BTR clears Accessed only", old & ~GUEST_PTE_A,
		    l1[1]);
	__asm__ volatile("lock btrq $5, %0\n\tpushfq\n\tpopq %1"
			 : "+m"(l1[1]), "=r"(fl) :: "memory", "cc");
	guest_check("second LOCK BTR: CF clear", 0, fl & CF);
}

static void test_refused(void)
{
	uint64_t cr2 = 0;
	volatile uint64_t *l2 = pt_mfn_va(pt_boot_l2());

	guest_check("MOV mapping our L1 writable: #PF P|W", 3,
		    (uint64_t)mov_entry(2, pt_pte(pt_mfn(l1), PT_DATA_RW),
					&cr2));
	guest_check("... CR2", (uint64_t)&l1[2], cr2);
	guest_check("... entry unchanged", 0, l1[2]);
	guest_check("MOV mapping the builder's L4 writable: #PF P|W", 3,
		    (uint64_t)mov_entry(2, pt_pte(pt_boot_l4(), PT_DATA_RW),
					&cr2));
	guest_check("MOV mapping our L1 read-only: emulated", -1UL,
		    (uint64_t)mov_entry(3, pt_pte(pt_mfn(l1), PT_DATA_RO),
					&cr2));
	if (!read_ok(at(3), l1[0]))
		guest_fail("RO self-mapping of the L1 does not read it");
	guest_check("clear entry 3", -1UL, (uint64_t)mov_entry(3, 0, &cr2));
	if (!write_faults(&l2[slot + 1]))
		guest_fail("write to the builder's L2 was not a #PF");
	guest_check("... L2 entry unchanged", 0, l2[slot + 1]);
}

void test_main(const struct vesta_start_info *si)
{
	(void)si;
	setup();
	guest_check_rc("vm_assist disable writable_pagetables", 0,
		       assist(VESTA_VMASST_CMD_disable));
	test_off(0);
	guest_check_rc("vm_assist enable writable_pagetables", 0,
		       assist(VESTA_VMASST_CMD_enable));
	test_mov_xchg();
	test_cmpxchg();
	test_and_btr();
	test_refused();
	guest_check_rc("vm_assist disable again", 0,
		       assist(VESTA_VMASST_CMD_disable));
	test_off(4);
	guest_check_rc("unhook our L1", 0,
		       pt_update(pt_maddr(pt_boot_l2(), slot), 0,
				 VESTA_MMU_NORMAL_PT_UPDATE));
	guest_check_rc("unpin our L1", 0, pt_unpin(pt_mfn(l1)));
	guest_check_rc("our L1 writable again", 0,
		       pt_remap(l1, true, VESTA_UVMF_LOCAL));
	memset(l1, 0xa5, sizeof(l1));
}
