/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * hello: console output and the start-of-day state a PV kernel is handed.
 *
 * Property tested: the domain builder's start_info (pv-abi.md 1.3, 1.5)
 * describes the initial region correctly: the magic, nr_pages, the
 * bootstrap page tables (pt_base/nr_pt_frames), the p2m list (mfn_list),
 * start_info itself and the boot stack all lie inside the region after the
 * image; the p2m and the read-only M2P agree for the image's pages;
 * shared_info is a page-aligned machine address; SIF_INITDOMAIN implies
 * SIF_PRIVILEGED and agrees with XENFEAT_dom0; the module command line
 * reaches cmd_line NUL-terminated.
 *
 * Correct behaviour: every check holds; the command line contains the
 * tokens "hello-arg1" and "hello-arg2" in that order (the .boot spec passes
 * them); with the token "expect-dom0" on it (the spec boots the kernel as
 * dom0), flags must have both SIF_INITDOMAIN and SIF_PRIVILEGED. Failure detection: each mismatch prints a FAIL line; a fault
 * while reading the M2P is an unexpected exception (RESULT: ERROR).
 */
#include <string.h>

#include "guest.h"

#define M2P ((const unsigned long *)VESTA_MACH2PHYS_VIRT_START)

static unsigned long region_end(const struct vesta_start_info *si)
{
	return GUEST_REGION_START + si->nr_pages * GUEST_PAGE_SIZE;
}

/* @what must lie in [_end, end of region), i.e. after the image. */
static void check_after_image(const struct vesta_start_info *si,
			      const char *what, unsigned long va)
{
	if (va < (unsigned long)_end || va >= region_end(si))
		guest_fail("%s %#lx outside [%#lx, %#lx)", what, va,
			   (unsigned long)_end, region_end(si));
}

static void check_layout(const struct vesta_start_info *si)
{
	unsigned long si_va = (unsigned long)si;

	if (strncmp(si->magic, VESTA_START_INFO_MAGIC,
		    strlen(VESTA_START_INFO_MAGIC)))
		guest_fail("start_info magic \"%.32s\"", si->magic);
	if (si->nr_pages * GUEST_PAGE_SIZE <
	    (unsigned long)(_end - _image_start))
		guest_fail("nr_pages %lu smaller than the image",
			   (unsigned long)si->nr_pages);
	guest_check("start_info page-aligned", 0, si_va & 4095);
	check_after_image(si, "start_info", si_va);
	guest_check("pt_base page-aligned", 0, si->pt_base & 4095);
	check_after_image(si, "pt_base", si->pt_base);
	if (si->nr_pt_frames < 4)
		guest_fail("nr_pt_frames %lu < 4 (need L4..L1)",
			   (unsigned long)si->nr_pt_frames);
	check_after_image(si, "mfn_list", si->mfn_list);
	check_after_image(si, "boot stack", guest_boot_rsp - 8);
	if (si->shared_info == 0 || (si->shared_info & 4095))
		guest_fail("shared_info maddr %#lx not a page address",
			   (unsigned long)si->shared_info);
}

/* The p2m entries of the image's pages and the M2P must agree. */
static void check_p2m(const struct vesta_start_info *si)
{
	unsigned long va, bad = 0;

	for (va = (unsigned long)_image_start; va < (unsigned long)_end;
	     va += GUEST_PAGE_SIZE) {
		unsigned long pfn = (va - GUEST_REGION_START) >> 12;
		unsigned long mfn = guest_virt_to_mfn((void *)va);

		if (mfn == ~0UL || M2P[mfn] != pfn)
			bad++;
	}
	guest_check("image pages whose p2m and M2P disagree", 0, bad);
	(void)si;
}

static void check_flags(const struct vesta_start_info *si)
{
	struct vesta_feature_info fi = { .submap_idx = 0 };
	bool init = si->flags & VESTA_SIF_INITDOMAIN;
	bool dom0_feat;
	long rc;

	if (init && !(si->flags & VESTA_SIF_PRIVILEGED))
		guest_fail("SIF_INITDOMAIN without SIF_PRIVILEGED (flags %#x)",
			   si->flags);
	if (guest_strstr((const char *)si->cmd_line, "expect-dom0"))
		guest_check("dom0: flags & (SIF_INITDOMAIN | SIF_PRIVILEGED)",
			    VESTA_SIF_INITDOMAIN | VESTA_SIF_PRIVILEGED,
			    si->flags & (VESTA_SIF_INITDOMAIN |
					 VESTA_SIF_PRIVILEGED));
	rc = hypercall_xen_version(VESTA_XENVER_get_features, &fi);
	if (!guest_check_rc("XENVER_get_features", 0, rc))
		return;
	dom0_feat = fi.submap & (1U << VESTA_FEAT_dom0);
	guest_check("XENFEAT_dom0 == SIF_INITDOMAIN", init, dom0_feat);
}

static void check_cmdline(const struct vesta_start_info *si)
{
	const char *cmd = (const char *)si->cmd_line;
	const char *a1, *a2;

	if (strnlen(cmd, VESTA_MAX_GUEST_CMDLINE) == VESTA_MAX_GUEST_CMDLINE) {
		guest_fail("cmd_line not NUL-terminated");
		return;
	}
	a1 = guest_strstr(cmd, "hello-arg1");
	a2 = a1 ? guest_strstr(a1, "hello-arg2") : NULL;
	if (!a1 || !a2)
		guest_fail("cmd_line \"%s\" lacks hello-arg1 ... hello-arg2",
			   cmd);
}

void test_main(const struct vesta_start_info *si)
{
	guest_printf("Hello from a Vesta PV test kernel\n");
	guest_printf("magic \"%.32s\" nr_pages %lu flags %#x\n", si->magic,
		     (unsigned long)si->nr_pages, si->flags);
	guest_printf("shared_info %#lx pt_base %#lx nr_pt_frames %lu "
		     "mfn_list %#lx\n", (unsigned long)si->shared_info,
		     (unsigned long)si->pt_base,
		     (unsigned long)si->nr_pt_frames,
		     (unsigned long)si->mfn_list);
	guest_printf("mod_start %#lx mod_len %lu store_mfn %#lx boot rsp "
		     "%#lx image %p-%p\n", (unsigned long)si->mod_start,
		     (unsigned long)si->mod_len, (unsigned long)si->store_mfn,
		     (unsigned long)guest_boot_rsp, _image_start, _end);
	guest_printf("cmd_line \"%s\"\n", (const char *)si->cmd_line);
	check_layout(si);
	check_p2m(si);
	check_flags(si);
	check_cmdline(si);
}
