/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Start of day for the test kernels: guest_start() (called by head.S)
 * installs the trap table, maps the shared_info page given in start_info
 * into a reserved page of .bss, registers the event and failsafe
 * callbacks, runs test_main() and reports. Also the address helpers over
 * the initial region and its p2m list, and where each vCPU's vcpu_info
 * is. Not responsible for any test logic.
 *
 * Hypervisor support needed (beyond console_io and sched_op shutdown):
 * set_trap_table; update_va_mapping of an L1 entry of the initial page
 * tables to the domain's own shared_info frame (a frame the domain does
 * not own as RAM, exactly what Linux does for its fixmap, pv-abi.md 1.8);
 * CALLBACKOP_register for event and failsafe.
 */
#include <string.h>

#include "guest.h"

/* Where the image's pseudo-physical address 0 is mapped. */
#ifndef GUEST_VIRT_BASE
#error "GUEST_VIRT_BASE must be defined by the build"
#endif

const struct vesta_start_info *guest_start_info;
struct vesta_shared_info *guest_shared_info;

static char shared_info_page[GUEST_PAGE_SIZE] GUEST_PAGE_ALIGNED_BSS;

/* Moved copies (VCPUOP_register_vcpu_info); NULL: the legacy slot. */
static struct vesta_vcpu_info *vcpu_infos[GUEST_MAX_VCPUS];

struct vesta_vcpu_info *guest_vcpu_info_of(unsigned int id)
{
	if (id >= GUEST_MAX_VCPUS || !guest_shared_info)
		return NULL;
	if (vcpu_infos[id])
		return vcpu_infos[id];
	return &guest_shared_info->vcpu_info[id];
}

struct vesta_vcpu_info *guest_vcpu_info(void)
{
	return guest_vcpu_info_of(guest_cpu_id());
}

void guest_set_vcpu_info(unsigned int id, struct vesta_vcpu_info *vi)
{
	if (id < GUEST_MAX_VCPUS)
		__atomic_store_n(&vcpu_infos[id], vi, __ATOMIC_SEQ_CST);
}

bool guest_is_privileged(void)
{
	return (guest_start_info->flags & VESTA_SIF_PRIVILEGED) != 0;
}

unsigned long guest_virt_to_mfn(const void *va)
{
	const unsigned long *p2m =
		(const unsigned long *)guest_start_info->mfn_list;
	unsigned long pfn;

	/* Below the region the difference wraps and fails the bound too. */
	pfn = ((unsigned long)va - (unsigned long)GUEST_VIRT_BASE) >>
	      GUEST_PAGE_SHIFT;
	if (pfn >= guest_start_info->nr_pages)
		return ~0UL;
	return p2m[pfn];
}

long guest_map_mfn(void *va, unsigned long mfn, bool writable)
{
	uint64_t pte = ((uint64_t)mfn << GUEST_PAGE_SHIFT) | GUEST_PTE_P |
		       GUEST_PTE_A | GUEST_PTE_D;

	if (writable)
		pte |= GUEST_PTE_RW;
	return hypercall_update_va_mapping((unsigned long)va, pte,
					   VESTA_UVMF_INVLPG |
					   VESTA_UVMF_LOCAL);
}

long guest_unmap(void *va)
{
	return hypercall_update_va_mapping((unsigned long)va, 0,
					   VESTA_UVMF_INVLPG |
					   VESTA_UVMF_LOCAL);
}

static void map_shared_info(void)
{
	unsigned long mfn = guest_start_info->shared_info >> GUEST_PAGE_SHIFT;
	long rc;

	rc = guest_map_mfn(shared_info_page, mfn, true);
	if (rc)
		guest_error("mapping shared_info (mfn %#lx) failed: %ld", mfn,
			    rc);
	guest_shared_info = (struct vesta_shared_info *)shared_info_page;
}

GUEST_NORETURN void guest_start(const struct vesta_start_info *si)
{
	long rc;

	guest_start_info = si;
	guest_printf("vesta-test: starting, start_info at %p\n", si);
	guest_traps_init();
	map_shared_info();
	rc = guest_events_init();
	if (rc)
		guest_error("registering event/failsafe callbacks failed: %ld",
			    rc);
	test_main(si);
	guest_finish();
}
