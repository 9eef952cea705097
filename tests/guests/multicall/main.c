/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * multicall: batches of hypercalls and their per-entry results.
 *
 * Property tested (pv-abi.md 1.7, 2 "multicall"): a batch mixing valid
 * calls (xen_version, stack_switch, fpu_taskswitch, update_va_mapping)
 * with invalid ones (hypercall numbers 56, 63, 64 and 1000: -ENOSYS; a bad
 * pointer argument: -EFAULT) returns 0, every entry's result is what the
 * call gives on its own, and the update_va_mapping inside it took effect
 * (the page is read-only afterwards: a write faults with W|P). A batch of
 * 1000 entries completes (the hypervisor may preempt it in between). A
 * console_io write of 700 bytes inside a batch completes with result 0:
 * a sub-call that needs a continuation must be continued, not failed
 * (Xen keeps the multicall going). A nested multicall entry fails
 * (-EINVAL in Xen, which refuses re-entry; -ENOSYS accepted) and runs
 * none of its inner entries. An empty batch returns 0. The list pointer
 * itself being bad (unmapped, in the hypervisor hole, non-canonical) makes
 * multicall return -EFAULT; a list running into an unmapped page has its
 * entries before the hole done and then returns -EFAULT.
 *
 * Correct behaviour: Xen 4.17's. Failure detection: FAIL lines naming
 * the entry; an unexpected fault is RESULT: ERROR.
 */
#include <string.h>

#include "guest.h"

#define SENTINEL	0x5e5e5e5e5e5e5e5eULL
#define BIG		1000
#define PER_PAGE	(GUEST_PAGE_SIZE / sizeof(struct vesta_multicall_entry))

static struct vesta_multicall_entry big[BIG];
static uint8_t ro_page[GUEST_PAGE_SIZE] GUEST_PAGE_ALIGNED_BSS;
/* Two pages: the list fills the first, the second is unmapped. */
static uint8_t edge[2 * GUEST_PAGE_SIZE] GUEST_PAGE_ALIGNED_BSS;
static char long_text[701];

static void set(struct vesta_multicall_entry *e, unsigned long op,
		uint64_t a0, uint64_t a1, uint64_t a2)
{
	memset(e, 0, sizeof(*e));
	e->op = op;
	e->result = SENTINEL;
	e->args[0] = a0;
	e->args[1] = a1;
	e->args[2] = a2;
}

static void check_result(const struct vesta_multicall_entry *e,
			 unsigned int i, long want)
{
	char w[80];

	vesta_snprintf(w, sizeof(w), "entry %u (op %lu) result", i,
		       (unsigned long)e->op);
	guest_check_rc(w, want, (long)e->result);
}

static uint64_t ro_pte(void)
{
	return ((uint64_t)guest_virt_to_mfn(ro_page) << GUEST_PAGE_SHIFT) |
	       GUEST_PTE_P | GUEST_PTE_A | GUEST_PTE_D;
}

/* A write to ro_page must fault with P|W now. */
static void check_read_only(void)
{
	struct guest_fault f;

	__asm__ volatile("1: movb $1, %0\n2:\n"
			 GUEST_EXTABLE(1b, 2b)
			 : "=m"(ro_page[0]) :: "memory");
	if (!guest_fault_taken(&f)) {
		guest_fail("page still writable after update_va_mapping in a multicall");
		return;
	}
	guest_check("write to the read-only page: vector", 14, f.vector);
	guest_check("write to the read-only page: error code P|W",
		    GUEST_PFEC_P | GUEST_PFEC_W,
		    f.error_code & (GUEST_PFEC_P | GUEST_PFEC_W));
	guest_check_rc("remap RW", 0,
		       guest_map_mfn(ro_page, guest_virt_to_mfn(ro_page),
				     true));
}

static void test_mixed(void)
{
	struct vesta_multicall_entry mc[11];
	long version = hypercall_xen_version(VESTA_XENVER_version, NULL);
	static const long want[11] = {
		0, 0, 0, 0, -VESTA_ENOSYS, -VESTA_ENOSYS, -VESTA_ENOSYS,
		-VESTA_ENOSYS, -VESTA_EFAULT, -VESTA_EFAULT, 0,
	};
	long rc;

	set(&mc[0], VESTA_HC_xen_version, VESTA_XENVER_version, 0, 0);
	set(&mc[1], VESTA_HC_stack_switch, VESTA_FLAT_KERNEL_SS,
	    (uint64_t)guest_stack_top, 0);
	set(&mc[2], VESTA_HC_fpu_taskswitch, 0, 0, 0);
	set(&mc[3], VESTA_HC_update_va_mapping, (uint64_t)ro_page, ro_pte(),
	    VESTA_UVMF_INVLPG | VESTA_UVMF_LOCAL);
	set(&mc[4], 56, 0, 0, 0);
	set(&mc[5], 63, 0, 0, 0);
	set(&mc[6], 64, 0, 0, 0);
	set(&mc[7], 1000, 0, 0, 0);
	set(&mc[8], VESTA_HC_xen_version, VESTA_XENVER_extraversion,
	    (uint64_t)GUEST_BAD_PTR_UNMAPPED, 0);
	set(&mc[9], VESTA_HC_event_channel_op, VESTA_EVTCHNOP_send,
	    (uint64_t)GUEST_BAD_PTR_HOLE, 0);
	set(&mc[10], VESTA_HC_xen_version, VESTA_XENVER_version, 0, 0);
	rc = hypercall_multicall(mc, 11);
	if (!guest_check_rc("multicall(mixed batch)", 0, rc))
		return;
	for (unsigned int i = 0; i < 11; i++)
		check_result(&mc[i], i, i == 0 || i == 10 ? version : want[i]);
	check_read_only();
}

static void test_big(void)
{
	long version = hypercall_xen_version(VESTA_XENVER_version, NULL);
	unsigned int bad = 0;

	for (unsigned int i = 0; i < BIG; i++)
		set(&big[i], VESTA_HC_xen_version, VESTA_XENVER_version, 0, 0);
	if (!guest_check_rc("multicall(1000 entries)", 0,
			    hypercall_multicall(big, BIG)))
		return;
	for (unsigned int i = 0; i < BIG; i++)
		if ((long)big[i].result != version)
			bad++;
	if (bad)
		guest_fail("1000-entry batch: %u entries not done (first result %#lx, last %#lx)",
			   bad, (unsigned long)big[0].result,
			   (unsigned long)big[BIG - 1].result);
}

static void test_long_console(void)
{
	struct vesta_multicall_entry mc[1];

	/* 700 bytes: text, dots, a marker and a newline. */
	memset(long_text, '.', 700);
	memcpy(long_text, "multicall: a 700-byte console write ", 36);
	memcpy(long_text + 689, "END-OF-700", 10);
	long_text[699] = '\n';
	set(&mc[0], VESTA_HC_console_io, VESTA_CONSOLEIO_write,
	    sizeof(long_text) - 1, (uint64_t)long_text);
	if (guest_check_rc("multicall(console_io 700 bytes)", 0,
			   hypercall_multicall(mc, 1)))
		check_result(&mc[0], 0, 0);
}

static void test_nested(void)
{
	struct vesta_multicall_entry inner[2], outer[2];
	long version = hypercall_xen_version(VESTA_XENVER_version, NULL);
	long r;

	set(&inner[0], VESTA_HC_xen_version, VESTA_XENVER_version, 0, 0);
	set(&inner[1], VESTA_HC_xen_version, VESTA_XENVER_version, 0, 0);
	set(&outer[0], VESTA_HC_multicall, (uint64_t)inner, 2, 0);
	set(&outer[1], VESTA_HC_xen_version, VESTA_XENVER_version, 0, 0);
	if (!guest_check_rc("multicall(nested)", 0,
			    hypercall_multicall(outer, 2)))
		return;
	r = (long)outer[0].result;
	guest_printf("nested multicall entry: %ld\n", r);
	if (r != -VESTA_EINVAL && r != -VESTA_ENOSYS)
		guest_fail("nested multicall entry gave %ld (want -EINVAL or -ENOSYS)",
			   r);
	guest_check("nested: inner entry 0 not run", SENTINEL, inner[0].result);
	guest_check("nested: inner entry 1 not run", SENTINEL, inner[1].result);
	check_result(&outer[1], 1, version);
}

static void test_bad_list(void)
{
	struct vesta_multicall_entry *list = (void *)edge;
	long version = hypercall_xen_version(VESTA_XENVER_version, NULL);
	unsigned int done = 0;

	guest_check_rc("multicall(empty)", 0, hypercall_multicall(big, 0));
	guest_check_rc("multicall(unmapped list)", -VESTA_EFAULT,
		       hypercall_multicall(GUEST_BAD_PTR_UNMAPPED, 1));
	guest_check_rc("multicall(list in the hypervisor hole)", -VESTA_EFAULT,
		       hypercall_multicall(GUEST_BAD_PTR_HOLE, 1));
	guest_check_rc("multicall(non-canonical list)", -VESTA_EFAULT,
		       hypercall_multicall(GUEST_BAD_PTR_NONCANON, 1));
	for (unsigned int i = 0; i < PER_PAGE; i++)
		set(&list[i], VESTA_HC_xen_version, VESTA_XENVER_version, 0, 0);
	if (!guest_check_rc("unmap the page after the list", 0,
			    guest_unmap(edge + GUEST_PAGE_SIZE)))
		return;
	guest_check_rc("multicall(list running into an unmapped page)",
		       -VESTA_EFAULT, hypercall_multicall(list, PER_PAGE + 1));
	guest_check_rc("remap", 0,
		       guest_map_mfn(edge + GUEST_PAGE_SIZE,
				     guest_virt_to_mfn(edge + GUEST_PAGE_SIZE),
				     true));
	for (unsigned int i = 0; i < PER_PAGE; i++)
		if ((long)list[i].result == version)
			done++;
	guest_check("entries before the unmapped page done", PER_PAGE, done);
}

void test_main(const struct vesta_start_info *si)
{
	(void)si;
	test_mixed();
	test_big();
	test_long_console();
	test_nested();
	test_bad_list();
}
