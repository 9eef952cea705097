/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Page-table helpers for the test kernels that build their own address
 * spaces (pt-*): single mmu_update and mmuext_op requests, pinning and
 * base pointers, read-only/writable remapping of our own pages, reading
 * the M2P, and finding the builder's tables (start_info.pt_base) and the
 * virtual address of any frame of the initial region. Not responsible for
 * checking results: every helper returns the hypercall's value.
 */
#ifndef GUEST_PT_H
#define GUEST_PT_H

#include "guest.h"

/* The read-only M2P every PV guest sees (pv-abi.md 2.2). */
#define PT_M2P_START		0xffff800000000000UL
#define PT_M2P_INVALID		(~0UL)

/* Entry bits beyond guest.h's. */
#define PT_PTE_PSE		0x080ULL
#define PT_PTE_ADDR		0x000ffffffffff000ULL
/* Flags of an upper-level entry (L2-L4) of ours. */
#define PT_TABLE_FLAGS		(GUEST_PTE_P | GUEST_PTE_RW | GUEST_PTE_US | \
				 GUEST_PTE_A)
/* Flags of a data mapping (L1). */
#define PT_DATA_RO		(GUEST_PTE_P | GUEST_PTE_A)
#define PT_DATA_RW		(GUEST_PTE_P | GUEST_PTE_RW | GUEST_PTE_A | \
				 GUEST_PTE_D)

/* pt_pte() - Entry mapping @mfn with @flags. */
static inline uint64_t pt_pte(unsigned long mfn, uint64_t flags)
{
	return ((uint64_t)mfn << GUEST_PAGE_SHIFT) | flags;
}

/* pt_index() - Index of @va in the table of @level (1..4). */
static inline unsigned int pt_index(unsigned long va, unsigned int level)
{
	return (unsigned int)(va >> (GUEST_PAGE_SHIFT + 9 * (level - 1))) &
	       511;
}

/* pt_m2p() - M2P entry of @mfn, read from the hypervisor's table. */
unsigned long pt_m2p(unsigned long mfn);

/*
 * pt_mfn_va() - Virtual address of frame @mfn of the initial region (via
 * the M2P and the p2m). Return: NULL if @mfn is not one of ours there.
 */
void *pt_mfn_va(unsigned long mfn);

/* pt_mfn() - guest_virt_to_mfn() of an address in the initial region. */
static inline unsigned long pt_mfn(const void *va)
{
	return guest_virt_to_mfn(va);
}

/* pt_maddr() - Machine address of entry @index of table @mfn. */
static inline uint64_t pt_maddr(unsigned long mfn, unsigned int index)
{
	return ((uint64_t)mfn << GUEST_PAGE_SHIFT) + index * 8ULL;
}

/*
 * pt_update() - One mmu_update request {@maddr | @cmd, @val} for
 * DOMID_SELF. Return: the hypercall's result.
 */
long pt_update(uint64_t maddr, uint64_t val, unsigned int cmd);

/* pt_mmuext() - One mmuext_op (@cmd, @arg1, @arg2) for DOMID_SELF. */
long pt_mmuext(unsigned int cmd, uint64_t arg1, uint64_t arg2);

/* pt_pin() - MMUEXT_PIN_L@level_TABLE of @mfn. */
long pt_pin(unsigned int level, unsigned long mfn);

/* pt_unpin() - MMUEXT_UNPIN_TABLE of @mfn. */
long pt_unpin(unsigned long mfn);

/* pt_new_baseptr() - MMUEXT_NEW_BASEPTR to the L4 @mfn. */
long pt_new_baseptr(unsigned long mfn);

/* pt_invlpg() - MMUEXT_INVLPG_LOCAL of @va. */
long pt_invlpg(const void *va);

/*
 * pt_remap() - Map our own page @va (initial region) again at its place,
 * read-only or writable, with update_va_mapping and UVMF_INVLPG|@scope
 * (VESTA_UVMF_LOCAL or VESTA_UVMF_ALL).
 */
long pt_remap(void *va, bool writable, uint64_t scope);

/* pt_boot_l4() - MFN of the builder's L4 (start_info.pt_base). */
unsigned long pt_boot_l4(void);

/*
 * pt_boot_entry() - Entry of the builder's tables on the walk to @va at
 * @level (4: the L4 entry, 3: the L3 entry, ...), read through their
 * read-only mappings. Return: the entry, or 0 if the walk stops earlier.
 */
uint64_t pt_boot_entry(unsigned long va, unsigned int level);

/*
 * pt_boot_l2() - MFN of the builder's L2 that maps GUEST_REGION_START.
 * Its entries past the initial region are free for a test's own L1s.
 */
unsigned long pt_boot_l2(void);

/*
 * pt_free_l2_slot() - Index of the first unused entry of pt_boot_l2()
 * at or after @from, or 512 if none.
 */
unsigned int pt_free_l2_slot(unsigned int from);

/* pt_l2_slot_va() - Virtual address page 0 of L2 slot @slot maps. */
static inline unsigned long pt_l2_slot_va(unsigned int slot)
{
	return (GUEST_REGION_START & ~((1UL << 30) - 1)) +
	       ((unsigned long)slot << 21);
}

#endif /* GUEST_PT_H */
