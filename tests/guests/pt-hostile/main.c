/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * pt-hostile: attacks on PV page-table management.
 *
 * Property tested (pv-abi.md 2.2, 3.2; issue 4 "Tests"): each attack gets
 * the error Xen 4.17 gives and the domain lives on:
 * - a writable mapping of an own page-table page: update_va_mapping RW of
 *   our pinned L1 or of the builder's L4, an mmu_update RW L1 entry to
 *   them (-EBUSY); a linear (recursive) L4 self-entry with RW (-EINVAL;
 *   read-only it is allowed, reads the L4 and faults on write); an L2 entry
 *   pointing at an L2 with RW or at an L3, an L3 entry pointing at an L1
 *   (-EINVAL); PSE entries in L2 and L3 (-EINVAL);
 * - pinning a page that is mapped writable (-EINVAL), pinning twice and
 *   unpinning an unpinned table (-EINVAL), pin/unpin of a hypervisor frame
 *   (-EINVAL);
 * - mapping a frame we do not own: the hypervisor's L3 behind L4 slot 256
 *   (-EBUSY); as a domU also MFN 0 and an MFN beyond RAM (-EPERM), MFN
 *   0x200 (refused) and a frame of dom0 found through the M2P (-EBUSY). As
 *   dom0 the last two kinds are I/O memory dom0 may map (Xen allows it);
 * - writing L4 slots 256-271 (-EINVAL);
 * - unpinning a table that is the current CR3 (allowed, Linux relies on
 *   it; the CR3 reference keeps it valid and it can be pinned again);
 * - bad pointers to mmu_update/mmuext_op (-EFAULT), huge and negative
 *   counts on a batch that ends in an invalid request (-EINVAL), a bad
 *   done pointer (Xen ignores it: 0);
 * - NEW_BASEPTR/NEW_USER_BASEPTR to an L1, a writable page or a hypervisor
 *   frame (-EINVAL); update_va_mapping in the hypervisor hole (-EINVAL);
 * - with vcpus=2: a page that vCPU 1 keeps writing through a writable
 *   mapping cached in its TLB is remapped read-only with a local flush
 *   only and pinned as an L1 by vCPU 0: once the pin succeeded, no raw
 *   write of vCPU 1 may land in the validated table (the hypervisor must
 *   flush the other CPUs when a writable page becomes a page table).
 *   vCPU 1's writes may still be emulated as validated updates (Xen
 *   does so for dom0 even with writable_pagetables off): those carry the
 *   user bit the hypervisor adds, raw ones do not.
 *
 * Correct behaviour: Xen 4.17's. Failure detection: FAIL lines naming the
 * attack; an unexpected fault is RESULT: ERROR; a hypervisor crash is
 * rejected by the spec (FATAL).
 */
#include <string.h>

#include <public/memory.h>

#include "pt.h"

#define NONE	(-1L)

static uint64_t tl1[512] GUEST_PAGE_ALIGNED_BSS;
static uint64_t tl4[512] GUEST_PAGE_ALIGNED_BSS;
static uint64_t wdata[512] GUEST_PAGE_ALIGNED_BSS;
static uint64_t victim[512] GUEST_PAGE_ALIGNED_BSS;
static unsigned int slot;
static unsigned long hv_mfn;	/* the hypervisor's L3 at L4 slot 256 */

static long upd(unsigned long table, unsigned int i, uint64_t val)
{
	return pt_update(pt_maddr(table, i), val, VESTA_MMU_NORMAL_PT_UPDATE);
}

static void expect(const char *what, long want, long got)
{
	guest_check_rc(what, want, got);
}

static void setup(void)
{
	hv_mfn = (unsigned long)((pt_boot_entry(PT_M2P_START, 4) &
				  PT_PTE_ADDR) >> GUEST_PAGE_SHIFT);
	slot = pt_free_l2_slot(16);
	memset(tl1, 0, sizeof(tl1));
	memset(tl4, 0, sizeof(tl4));
	tl4[511] = pt_boot_entry(GUEST_REGION_START, 4);
	if (!hv_mfn || slot >= 511 || pt_remap(tl1, false, VESTA_UVMF_LOCAL) ||
	    pt_remap(tl4, false, VESTA_UVMF_LOCAL) || pt_pin(1, pt_mfn(tl1)) ||
	    upd(pt_boot_l2(), slot, pt_pte(pt_mfn(tl1), PT_TABLE_FLAGS)))
		guest_error("setup failed (hv %#lx, slot %u)", hv_mfn, slot);
}

static void writable_self(void)
{
	unsigned long l1 = pt_mfn(tl1);

	expect("uvm RW of our pinned L1", -VESTA_EBUSY,
	       hypercall_update_va_mapping((unsigned long)tl1,
					   pt_pte(l1, PT_DATA_RW), 0));
	expect("uvm RW of the builder's L4", -VESTA_EBUSY,
	       hypercall_update_va_mapping(guest_start_info->pt_base,
					   pt_pte(pt_boot_l4(), PT_DATA_RW),
					   0));
	expect("L1 entry RW -> our L1", -VESTA_EBUSY,
	       upd(l1, 0, pt_pte(l1, PT_DATA_RW)));
	expect("L1 entry RW -> builder's L2", -VESTA_EBUSY,
	       upd(l1, 0, pt_pte(pt_boot_l2(), PT_DATA_RW)));
	expect("L1 entry RW -> builder's L4", -VESTA_EBUSY,
	       upd(l1, 1, pt_pte(pt_boot_l4(), PT_DATA_RW)));
	guest_check("our L1 untouched", 0, tl1[0] | tl1[1]);
	expect("L1 entry RO -> our L1 (allowed)", 0,
	       upd(l1, 2, pt_pte(l1, PT_DATA_RO)));
	expect("clear it", 0, upd(l1, 2, 0));
}

/* A read-only L4 self-entry in the live L4: the L4 appears as data. */
static void linear(void)
{
	unsigned long l4 = pt_boot_l4();
	unsigned long va = (5UL << 39) | (5UL << 30) | (5UL << 21) |
			   (5UL << 12);
	const volatile uint64_t *boot =
		(const uint64_t *)guest_start_info->pt_base;
	struct guest_fault f;

	expect("L4 self-entry RW", -VESTA_EINVAL,
	       upd(l4, 5, pt_pte(l4, PT_TABLE_FLAGS)));
	expect("L4 self-entry RO", 0,
	       upd(l4, 5, pt_pte(l4, PT_TABLE_FLAGS & ~GUEST_PTE_RW)));
	pt_mmuext(VESTA_MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
	guest_check("L4 read through the linear mapping", boot[511],
		    ((const volatile uint64_t *)va)[511]);
	__asm__ volatile("1: movq $0, %0\n2:\n" GUEST_EXTABLE(1b, 2b)
			 : "=m"(*(uint64_t *)(va + 8 * 6)) :: "memory");
	if (!guest_fault_taken(&f))
		guest_fail("write through the RO linear mapping did not fault");
	guest_check("L4 entry 6 unchanged", 0, boot[6]);
	expect("remove the self-entry", 0, upd(l4, 5, 0));
	pt_mmuext(VESTA_MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
}

static void aliases(void)
{
	unsigned long l2 = pt_boot_l2(), l3;
	unsigned int l3slot = pt_index(GUEST_REGION_START, 3) - 1;

	l3 = (unsigned long)((pt_boot_entry(GUEST_REGION_START, 4) &
			      PT_PTE_ADDR) >> GUEST_PAGE_SHIFT);
	expect("L2 entry RW -> the L2 itself", -VESTA_EINVAL,
	       upd(l2, slot + 1, pt_pte(l2, PT_TABLE_FLAGS)));
	expect("L2 entry RO -> an L3", -VESTA_EINVAL,
	       upd(l2, slot + 1, pt_pte(l3, GUEST_PTE_P | GUEST_PTE_A)));
	expect("L2 entry -> a writable data page", -VESTA_EINVAL,
	       upd(l2, slot + 1, pt_pte(pt_mfn(wdata), PT_TABLE_FLAGS)));
	expect("L3 entry -> our L1", -VESTA_EINVAL,
	       upd(l3, l3slot, pt_pte(pt_mfn(tl1), PT_TABLE_FLAGS)));
	expect("L2 PSE entry over our tables", -VESTA_EINVAL,
	       upd(l2, slot + 1, ((uint64_t)pt_mfn(tl1) << 12 & ~0x1fffffULL) |
		   PT_DATA_RW | PT_PTE_PSE));
	expect("L3 PSE entry", -VESTA_EINVAL,
	       upd(l3, l3slot, PT_DATA_RW | PT_PTE_PSE));
	guest_check("L3 entry untouched", 0,
		    ((const volatile uint64_t *)pt_mfn_va(l3))[l3slot]);
}

static void pins(void)
{
	unsigned long w = pt_mfn(wdata);

	wdata[0] = 1;
	expect("pin L1 of a page mapped writable", -VESTA_EINVAL, pt_pin(1, w));
	expect("pin L4 of a page mapped writable", -VESTA_EINVAL, pt_pin(4, w));
	expect("pin our L1 twice", -VESTA_EINVAL, pt_pin(1, pt_mfn(tl1)));
	expect("pin our L1 as L2", -VESTA_EINVAL, pt_pin(2, pt_mfn(tl1)));
	expect("unpin an unpinned page", -VESTA_EINVAL, pt_unpin(w));
	expect("unpin the builder's L2 (not pinned)", -VESTA_EINVAL,
	       pt_unpin(pt_boot_l2()));
	expect("pin a hypervisor frame", -VESTA_EINVAL, pt_pin(3, hv_mfn));
	expect("unpin a hypervisor frame", -VESTA_EINVAL, pt_unpin(hv_mfn));
	expect("pin L1 of MFN 2^44-1", -VESTA_EINVAL,
	       pt_pin(1, ~0UL >> 20));
	wdata[1] = 2;		/* still writable */
}

/* A frame of another domain: M2P-valid, not in our p2m. */
static unsigned long find_foreign(void)
{
	const unsigned long *p2m = (const unsigned long *)
		guest_start_info->mfn_list;
	long max = hypercall_memory_op(VESTA_XENMEM_maximum_ram_page, NULL);

	for (unsigned long m = 0x100; m <= (unsigned long)max; m++) {
		unsigned long pfn = pt_m2p(m);

		if (pfn >= (1UL << 30))
			continue;
		if (pfn >= guest_start_info->nr_pages || p2m[pfn] != m)
			return m;
	}
	return 0;
}

static void foreign(void)
{
	unsigned long l1 = pt_mfn(tl1), dom0;
	bool priv = guest_is_privileged();
	long max = hypercall_memory_op(VESTA_XENMEM_maximum_ram_page, NULL);

	expect("map the hypervisor's L3 RO", -VESTA_EBUSY,
	       upd(l1, 3, pt_pte(hv_mfn, PT_DATA_RO)));
	expect("map the hypervisor's L3 RW", -VESTA_EBUSY,
	       upd(l1, 3, pt_pte(hv_mfn, PT_DATA_RW)));
	expect("uvm of the hypervisor's L3", -VESTA_EBUSY,
	       hypercall_update_va_mapping((unsigned long)wdata,
					   pt_pte(hv_mfn, PT_DATA_RO), 0));
	if (priv) {
		expect("dom0 maps MFN 0 (I/O memory)", 0,
		       upd(l1, 3, pt_pte(0, PT_DATA_RO)));
		expect("dom0 maps an MFN beyond RAM (I/O memory)", 0,
		       upd(l1, 4, pt_pte(max + 0x10000, PT_DATA_RO)));
		expect("clear", 0, upd(l1, 3, 0));
		expect("clear", 0, upd(l1, 4, 0));
		return;
	}
	expect("domU maps MFN 0", -VESTA_EPERM,
	       upd(l1, 3, pt_pte(0, PT_DATA_RO)));
	expect("domU maps an MFN beyond RAM", -VESTA_EPERM,
	       upd(l1, 3, pt_pte(max + 0x10000, PT_DATA_RO)));
	if (upd(l1, 3, pt_pte(0x200, PT_DATA_RO)) >= 0)
		guest_fail("domU mapped MFN 0x200");
	dom0 = find_foreign();
	if (!dom0) {
		guest_fail("no foreign frame found in the M2P");
		return;
	}
	guest_printf("pt-hostile: foreign frame %#lx (M2P %#lx)\n", dom0,
		     pt_m2p(dom0));
	expect("domU maps a dom0 frame RO", -VESTA_EBUSY,
	       upd(l1, 3, pt_pte(dom0, PT_DATA_RO)));
	expect("domU maps a dom0 frame RW", -VESTA_EBUSY,
	       upd(l1, 3, pt_pte(dom0, PT_DATA_RW)));
	expect("domU MACHPHYS of a dom0 frame", -VESTA_EINVAL,
	       pt_update((uint64_t)dom0 << 12, 5, VESTA_MMU_MACHPHYS_UPDATE));
	guest_check("tl1 entry 3 empty", 0, tl1[3]);
}

static void hv_slots(void)
{
	unsigned long l4 = pt_boot_l4();
	const volatile uint64_t *boot =
		(const uint64_t *)guest_start_info->pt_base;

	for (unsigned int i = 256; i < 272; i += 5) {
		char w[48];

		vesta_snprintf(w, sizeof(w), "write L4 slot %u", i);
		expect(w, -VESTA_EINVAL, upd(l4, i, boot[i]));
		expect(w, -VESTA_EINVAL, upd(l4, i, 0));
	}
	expect("write L4 slot 271", -VESTA_EINVAL, upd(l4, 271, 0));
	expect("write L4 slot 271 to our L3-to-be", -VESTA_EINVAL,
	       upd(l4, 271, pt_pte(pt_mfn(tl1), PT_TABLE_FLAGS)));
}

/* Unpin the L4 in use as CR3: allowed, the CR3 reference keeps it. */
static void unpin_cr3(void)
{
	unsigned long l4 = pt_mfn(tl4), boot = pt_boot_l4();

	expect("pin our L4", 0, pt_pin(4, l4));
	expect("NEW_BASEPTR to our L4", 0, pt_new_baseptr(l4));
	expect("unpin our L4 while it is CR3", 0, pt_unpin(l4));
	expect("unpin it again", -VESTA_EINVAL, pt_unpin(l4));
	expect("uvm RW of it while CR3", -VESTA_EBUSY,
	       hypercall_update_va_mapping((unsigned long)tl4,
					   pt_pte(l4, PT_DATA_RW), 0));
	guest_printf("pt-hostile: still running on the unpinned L4\n");
	expect("unpin the builder's L4 (not CR3 now)", 0, pt_unpin(boot));
	expect("NEW_BASEPTR back to the builder's L4", 0,
	       pt_new_baseptr(boot));
	expect("pin the builder's L4 again", 0, pt_pin(4, boot));
	expect("our L4 lost its type: writable again", 0,
	       pt_remap(tl4, true, VESTA_UVMF_LOCAL));
	tl4[0] = 0;
	expect("and read-only again", 0,
	       pt_remap(tl4, false, VESTA_UVMF_LOCAL));
}

static struct vesta_mmu_update ureq[3];
static struct vesta_mmuext_op xreq[3];

static void batches(void)
{
	unsigned long l1 = pt_mfn(tl1), bogus = 0xfffffffffUL;
	unsigned int done = 0;

	for (unsigned int i = 0; i < 2; i++) {
		ureq[i].ptr = pt_maddr(l1, 10 + i);
		ureq[i].val = 0;
		xreq[i].cmd = VESTA_MMUEXT_TLB_FLUSH_LOCAL;
	}
	ureq[2].ptr = pt_maddr(bogus, 0);	/* no such frame: -EINVAL */
	xreq[2].cmd = VESTA_MMUEXT_PIN_L1_TABLE;
	xreq[2].arg1.mfn = bogus;
	expect("mmu_update count 0", 0,
	       hypercall_mmu_update(ureq, 0, NULL, VESTA_DOMID_SELF));
	expect("mmu_update ending in a bad request", -VESTA_EINVAL,
	       hypercall_mmu_update(ureq, 3, &done, VESTA_DOMID_SELF));
	guest_check("... done", 2, done);
	expect("mmu_update count 2^31-1", -VESTA_EINVAL,
	       hypercall_mmu_update(ureq, 0x7fffffff, &done,
				    VESTA_DOMID_SELF));
	done = 0;
	expect("mmu_update count -1", -VESTA_EINVAL,
	       hypercall_mmu_update(ureq, 0xffffffffU, &done,
				    VESTA_DOMID_SELF));
	done = 0;
	expect("mmu_update 64-bit count -1", -VESTA_EINVAL,
	       hypercall4(VESTA_HC_mmu_update, (unsigned long)ureq, ~0UL,
			  (unsigned long)&done, VESTA_DOMID_SELF));
	expect("mmuext_op ending in a bad request", -VESTA_EINVAL,
	       hypercall_mmuext_op(xreq, 3, &done, VESTA_DOMID_SELF));
	guest_check("... done", 2, done);
	expect("mmuext_op count 2^31-1", -VESTA_EINVAL,
	       hypercall_mmuext_op(xreq, 0x7fffffff, &done,
				   VESTA_DOMID_SELF));
	done = 0;
	expect("mmuext_op count -1", -VESTA_EINVAL,
	       hypercall_mmuext_op(xreq, 0xffffffffU, &done,
				   VESTA_DOMID_SELF));
	expect("mmu_update with a bad done pointer (Xen ignores it)", 0,
	       hypercall_mmu_update(ureq, 2, GUEST_BAD_PTR_UNMAPPED,
				    VESTA_DOMID_SELF));
}

static void bad_pointers(void)
{
	void *bad[3] = { GUEST_BAD_PTR_UNMAPPED, GUEST_BAD_PTR_HOLE,
			 GUEST_BAD_PTR_NONCANON };

	for (unsigned int i = 0; i < 3; i++) {
		expect("mmu_update bad list", -VESTA_EFAULT,
		       hypercall_mmu_update(bad[i], 1, NULL, VESTA_DOMID_SELF));
		expect("mmuext_op bad list", -VESTA_EFAULT,
		       hypercall_mmuext_op(bad[i], 1, NULL, VESTA_DOMID_SELF));
	}
}

static void baseptrs(void)
{
	expect("NEW_BASEPTR to an L1", -VESTA_EINVAL,
	       pt_new_baseptr(pt_mfn(tl1)));
	expect("NEW_BASEPTR to a writable page", -VESTA_EINVAL,
	       pt_new_baseptr(pt_mfn(wdata)));
	expect("NEW_BASEPTR to a hypervisor frame", -VESTA_EINVAL,
	       pt_new_baseptr(hv_mfn));
	expect("NEW_USER_BASEPTR to an L1", -VESTA_EINVAL,
	       pt_mmuext(VESTA_MMUEXT_NEW_USER_BASEPTR, pt_mfn(tl1), 0));
	expect("uvm in the hypervisor hole", -VESTA_EINVAL,
	       hypercall_update_va_mapping((unsigned long)GUEST_BAD_PTR_HOLE,
					   pt_pte(pt_mfn(wdata), PT_DATA_RO),
					   0));
	expect("uvm of the M2P", -VESTA_EINVAL,
	       hypercall_update_va_mapping(PT_M2P_START, 0, 0));
	expect("uvm non-canonical", -VESTA_EINVAL,
	       hypercall_update_va_mapping((unsigned long)
					   GUEST_BAD_PTR_NONCANON, 0, 0));
}

/* ---- a stale writable TLB entry on another vCPU ---- */

static volatile unsigned long stop, writes, faults;

static void writer(unsigned int id, void *arg)
{
	unsigned long mfn = pt_mfn(wdata);
	struct guest_fault f;

	(void)id;
	(void)arg;
	while (!stop) {
		uint64_t v = pt_pte(mfn, GUEST_PTE_P | ((writes & 1) << 5));

		__asm__ volatile("1: movq %1, %0\n2:\n" GUEST_EXTABLE(1b, 2b)
				 : "=m"(victim[0]) : "r"(v) : "memory");
		if (guest_fault_taken(&f))
			faults++;
		else
			writes++;
	}
}

static void stale_tlb(void)
{
	unsigned long before;
	uint64_t deadline, e;

	memset(victim, 0, sizeof(victim));
	if (guest_vcpu_start(1, writer, NULL))
		guest_error("cannot start vCPU 1");
	while (writes < 1000)
		__asm__ volatile("pause");
	expect("victim RO, local flush only", 0,
	       pt_remap(victim, false, VESTA_UVMF_LOCAL));
	expect("pin the victim as L1", 0, pt_pin(1, pt_mfn(victim)));
	before = writes + faults;
	deadline = guest_system_time() + 500000000ULL;
	while (writes + faults < before + 100000 &&
	       guest_system_time() < deadline)
		__asm__ volatile("pause");
	stop = 1;
	e = victim[0];
	/*
	 * Validation and emulated writes add the user bit to every present
	 * entry (the kernel runs in ring 3); vCPU 1 writes entries without
	 * it, so one without it was stored behind the hypervisor's back.
	 */
	if ((e & GUEST_PTE_P) && !(e & GUEST_PTE_US))
		guest_fail("raw write of vCPU 1 landed in the pinned L1 (entry %#llx): stale writable TLB entry not flushed",
			   (unsigned long long)e);
	guest_printf("pt-hostile: vCPU 1 wrote %lu times, faulted %lu\n",
		     writes, faults);
	while (!guest_vcpu_done(1))
		__asm__ volatile("pause");
	expect("unpin the victim", 0, pt_unpin(pt_mfn(victim)));
	expect("victim writable again", 0,
	       pt_remap(victim, true, VESTA_UVMF_ALL));
}

void test_main(const struct vesta_start_info *si)
{
	(void)si;
	hypercall_vm_assist(VESTA_VMASST_CMD_disable,
			    VESTA_VMASST_TYPE_writable_pagetables);
	setup();
	writable_self();
	linear();
	aliases();
	pins();
	foreign();
	hv_slots();
	unpin_cr3();
	batches();
	bad_pointers();
	baseptrs();
	if (guest_cmdline_ulong("vcpus", 1) >= 2)
		stale_tlb();
	expect("unhook our L1", 0, upd(pt_boot_l2(), slot, 0));
	expect("unpin our L1", 0, pt_unpin(pt_mfn(tl1)));
	expect("our L1 writable again", 0,
	       pt_remap(tl1, true, VESTA_UVMF_LOCAL));
	tl1[0] = 1;
	guest_printf("pt-hostile: domain still alive\n");
	/* Two-domain spec: dom0 gives the domU time to finish. */
	guest_sleep_ns(guest_cmdline_ulong("linger", 0) * 1000000000ULL);
}
