/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * pt-stress: address spaces built and torn down on several vCPUs at once.
 *
 * Property tested (pv-abi.md 3.2): vcpus=N vCPUs (4 on 2 pCPUs in the
 * spec) each run iters=M rounds of: zero three pages of their own, link
 * them as L4 (slot 511 copied from the builder, slot 8 to the L3) -> L3 ->
 * L2, whose entry 0 is one L1 shared by all vCPUs (pinned once by vCPU 0),
 * remap them read-only, pin the L4, NEW_BASEPTR to it, read the shared
 * data page through slot 8, switch back to the builder's L4, unpin, make
 * the pages writable again and write them. The type and reference counts
 * of the shared L1 and the builder's L3 change concurrently from every
 * vCPU. At the end the shared L1 is unpinned and every page is writable
 * memory again.
 *
 * Correct behaviour: every hypercall succeeds, every read sees the magic
 * value, no vCPU faults. Failure detection: FAIL lines (with vCPU and
 * round), an unexpected fault is RESULT: ERROR, a hung vCPU times out.
 */
#include <string.h>

#include "pt.h"

#define MAXV		GUEST_MAX_VCPUS
#define TVA		(8UL << 39)
#define MAGIC		0x5eed5eed5eed5eedULL

static uint64_t pool[MAXV][3][512] GUEST_PAGE_ALIGNED_BSS;
static uint64_t shl1[512] GUEST_PAGE_ALIGNED_BSS;
static uint64_t sdata[512] GUEST_PAGE_ALIGNED_BSS;
static unsigned long iters;
static volatile unsigned long rounds_done[MAXV];

static bool step(unsigned int id, const char *what, long rc, unsigned long r)
{
	if (rc)
		guest_fail("vCPU %u round %lu: %s: %ld", id, r, what, rc);
	return rc == 0;
}

static bool one_round(unsigned int id, unsigned long r)
{
	uint64_t (*p)[512] = pool[id];
	unsigned long l4 = pt_mfn(p[0]);
	bool ok = true;

	memset(p, 0, sizeof(pool[0]));
	p[0][8] = pt_pte(pt_mfn(p[1]), PT_TABLE_FLAGS);
	p[0][511] = pt_boot_entry(GUEST_REGION_START, 4);
	p[1][0] = pt_pte(pt_mfn(p[2]), PT_TABLE_FLAGS);
	p[2][0] = pt_pte(pt_mfn(shl1), PT_TABLE_FLAGS);
	for (unsigned int i = 0; i < 3 && ok; i++)
		ok = step(id, "remap RO", pt_remap(p[i], false,
						   VESTA_UVMF_LOCAL), r);
	ok = ok && step(id, "pin L4", pt_pin(4, l4), r);
	ok = ok && step(id, "NEW_BASEPTR", pt_new_baseptr(l4), r);
	if (ok && *(volatile uint64_t *)TVA != MAGIC)
		ok = step(id, "magic through the shared L1", -1, r);
	ok = step(id, "NEW_BASEPTR back", pt_new_baseptr(pt_boot_l4()), r) &&
	     ok;
	ok = ok && step(id, "unpin L4", pt_unpin(l4), r);
	for (unsigned int i = 0; i < 3 && ok; i++) {
		ok = step(id, "remap RW", pt_remap(p[i], true,
						   VESTA_UVMF_LOCAL), r);
		if (ok)
			p[i][17] = r;
	}
	return ok;
}

static void worker(unsigned int id, void *arg)
{
	(void)arg;
	for (unsigned long r = 0; r < iters; r++) {
		if (!one_round(id, r))
			break;
		rounds_done[id] = r + 1;
	}
}

void test_main(const struct vesta_start_info *si)
{
	unsigned int n = (unsigned int)guest_cmdline_ulong("vcpus", 4);
	uint64_t deadline;
	bool all;

	(void)si;
	iters = guest_cmdline_ulong("iters", 300);
	if (n > MAXV)
		n = MAXV;
	sdata[0] = MAGIC;
	memset(shl1, 0, sizeof(shl1));
	shl1[0] = pt_pte(pt_mfn(sdata), PT_DATA_RO);
	if (pt_remap(shl1, false, VESTA_UVMF_ALL) || pt_pin(1, pt_mfn(shl1)))
		guest_error("cannot pin the shared L1");
	for (unsigned int i = 1; i < n; i++)
		if (guest_vcpu_start(i, worker, NULL))
			guest_error("cannot start vCPU %u", i);
	worker(0, NULL);
	deadline = guest_system_time() + 60000000000ULL;
	do {
		all = true;
		for (unsigned int i = 1; i < n; i++)
			all = all && guest_vcpu_done(i);
		if (!all)
			guest_sleep_ns(1000000);
	} while (!all && guest_system_time() < deadline);
	for (unsigned int i = 0; i < n; i++) {
		guest_printf("pt-stress: vCPU %u did %lu rounds\n", i,
			     rounds_done[i]);
		guest_check("rounds", iters, rounds_done[i]);
	}
	guest_check_rc("unpin the shared L1", 0, pt_unpin(pt_mfn(shl1)));
	guest_check_rc("shared L1 writable again", 0,
		       pt_remap(shl1, true, VESTA_UVMF_ALL));
	memset(shl1, 0x5a, sizeof(shl1));
	memset(pool, 0xa5, sizeof(pool));
}
