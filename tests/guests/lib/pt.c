/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Page-table helpers for the pt-* test kernels (API in pt.h): thin
 * wrappers around one mmu_update/mmuext_op/update_va_mapping request and
 * reads of the builder's tables through their read-only mappings in the
 * initial region. Not responsible for deciding what a result means.
 */
#include "pt.h"

unsigned long pt_m2p(unsigned long mfn)
{
	const volatile unsigned long *m2p =
		(const volatile unsigned long *)PT_M2P_START;

	return m2p[mfn];
}

void *pt_mfn_va(unsigned long mfn)
{
	unsigned long pfn = pt_m2p(mfn);

	if (pfn >= guest_start_info->nr_pages ||
	    guest_virt_to_mfn((void *)(GUEST_REGION_START +
				       (pfn << GUEST_PAGE_SHIFT))) != mfn)
		return NULL;
	return (void *)(GUEST_REGION_START + (pfn << GUEST_PAGE_SHIFT));
}

long pt_update(uint64_t maddr, uint64_t val, unsigned int cmd)
{
	struct vesta_mmu_update u = { .ptr = maddr | cmd, .val = val };

	return hypercall_mmu_update(&u, 1, NULL, VESTA_DOMID_SELF);
}

long pt_mmuext(unsigned int cmd, uint64_t arg1, uint64_t arg2)
{
	struct vesta_mmuext_op op = { .cmd = cmd };

	op.arg1.linear_addr = arg1;
	op.arg2.vcpumask = arg2;
	return hypercall_mmuext_op(&op, 1, NULL, VESTA_DOMID_SELF);
}

long pt_pin(unsigned int level, unsigned long mfn)
{
	return pt_mmuext(VESTA_MMUEXT_PIN_L1_TABLE + level - 1, mfn, 0);
}

long pt_unpin(unsigned long mfn)
{
	return pt_mmuext(VESTA_MMUEXT_UNPIN_TABLE, mfn, 0);
}

long pt_new_baseptr(unsigned long mfn)
{
	return pt_mmuext(VESTA_MMUEXT_NEW_BASEPTR, mfn, 0);
}

long pt_invlpg(const void *va)
{
	return pt_mmuext(VESTA_MMUEXT_INVLPG_LOCAL, (unsigned long)va, 0);
}

long pt_remap(void *va, bool writable, uint64_t scope)
{
	uint64_t pte = pt_pte(pt_mfn(va), writable ? PT_DATA_RW : PT_DATA_RO);

	return hypercall_update_va_mapping((unsigned long)va, pte,
					   VESTA_UVMF_INVLPG | scope);
}

unsigned long pt_boot_l4(void)
{
	return pt_mfn((void *)guest_start_info->pt_base);
}

uint64_t pt_boot_entry(unsigned long va, unsigned int level)
{
	unsigned long mfn = pt_boot_l4();
	uint64_t e = 0;

	for (unsigned int l = 4; l >= level; l--) {
		const volatile uint64_t *t = pt_mfn_va(mfn);

		if (!t)
			return 0;
		e = t[pt_index(va, l)];
		if (!(e & GUEST_PTE_P))
			return l == level ? e : 0;
		mfn = (unsigned long)((e & PT_PTE_ADDR) >> GUEST_PAGE_SHIFT);
	}
	return e;
}

unsigned long pt_boot_l2(void)
{
	return (unsigned long)((pt_boot_entry(GUEST_REGION_START, 3) &
				PT_PTE_ADDR) >> GUEST_PAGE_SHIFT);
}

unsigned int pt_free_l2_slot(unsigned int from)
{
	const volatile uint64_t *l2 = pt_mfn_va(pt_boot_l2());

	if (!l2)
		return 512;
	for (unsigned int i = from; i < 512; i++)
		if (!l2[i])
			return i;
	return 512;
}
