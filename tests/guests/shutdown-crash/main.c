/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * shutdown-crash: a guest kernel that faults with no handler must crash
 * (only) its own domain.
 *
 * Property tested: after set_trap_table(NULL), which empties the virtual
 * IDT, a page fault has nowhere to be bounced; the hypervisor must crash
 * the domain (Xen: "Unhandled: vec 14, #PF[0000]", then domain_crash),
 * not loop on the fault and not crash itself. Under Xen 4.17 this kernel
 * runs as dom0, so the dom0 crash makes Xen reboot the machine ("Hardware
 * Dom0 crashed: rebooting machine in 5 seconds."; QEMU -no-reboot then
 * exits); Vesta is to run it as a domU next to a healthy dom0 and report
 * the crash.
 *
 * Correct behaviour: the line "shutdown-crash: faulting now" and then no
 * RESULT line from this kernel. Failure detection: if the fault returns,
 * the kernel prints FAIL and RESULT: FAILURE (which the spec rejects).
 */
#include "guest.h"

void test_main(const struct vesta_start_info *si)
{
	volatile uint64_t *bad = GUEST_BAD_PTR_UNMAPPED;
	long rc;

	(void)si;
	rc = hypercall_set_trap_table(NULL);
	if (!guest_check_rc("set_trap_table(NULL)", 0, rc))
		return;
	guest_printf("shutdown-crash: faulting now\n");
	(void)*bad;
	guest_fail("the unhandled #PF at %p did not crash the domain",
		   (void *)bad);
}
