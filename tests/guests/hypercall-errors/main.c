/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * hypercall-errors: how the hypercall layer refuses what it must refuse.
 *
 * Property tested (style guide G1, G5, G6; pv-abi.md 1.7): hypercall
 * numbers without a handler (unused slots, >= 64, values with bits above
 * 31 set; not 49, which is Xen's x86 paging_domctl_cont) return -ENOSYS
 * without side effects; unknown sub-ops of sched_op, vcpu_op,
 * event_channel_op, callback_op, physdev_op, memory_op, console_io and
 * vm_assist return -ENOSYS; a vcpu_op for a vCPU that does not exist
 * returns -ENOENT (is_up of vCPU 0 returns 1); argument pointers that are
 * unmapped, in the hypervisor hole or non-canonical give -EFAULT and do
 * nothing (for the struct-taking sub-ops of sched_op, event_channel_op,
 * vcpu_op, callback_op, physdev_op, memory_op, xen_version and for
 * set_trap_table, console_io write, multicall, mmuext_op, mmu_update); in
 * a domU (no SIF_PRIVILEGED), platform_op, XENMEM_machine_memory_map,
 * SCHEDOP_remote_shutdown and alloc_unbound in another domain give -EPERM
 * (skipped, with a note, in a privileged domain: they would act).
 *
 * Correct behaviour: the exact error codes above, which are Xen 4.17's,
 * and the domain keeps running. Failure detection: a FAIL line per
 * mismatch; if a call with a bad pointer shuts the domain down, the
 * RESULT line never appears.
 */
#include <string.h>

#include <public/memory.h>
#include <public/physdev.h>
#include <public/platform.h>

#include "guest.h"

static void check_unknown_numbers(void)
{
	static const unsigned long nrs[] = {
		11, 43, 47, 50, 55, 56, 60, 63, 64, 128, 255, 0xffffffffUL,
		(1UL << 32) | VESTA_HC_xen_version, ~0UL,
	};
	char what[48];
	unsigned int i;

	for (i = 0; i < GUEST_ARRAY_SIZE(nrs); i++) {
		vesta_snprintf(what, sizeof(what), "hypercall %#lx", nrs[i]);
		guest_check_rc(what, -VESTA_ENOSYS,
			       hypercall5(nrs[i], 0, 0, 0, 0, 0));
	}
}

static void check_unknown_subops(void)
{
	guest_check_rc("sched_op(100)", -VESTA_ENOSYS,
		       hypercall_sched_op(100, NULL));
	guest_check_rc("vcpu_op(100, 0)", -VESTA_ENOSYS,
		       hypercall_vcpu_op(100, 0, NULL));
	guest_check_rc("event_channel_op(100)", -VESTA_ENOSYS,
		       hypercall_event_channel_op(100, NULL));
	guest_check_rc("callback_op(100)", -VESTA_ENOSYS,
		       hypercall_callback_op(100, NULL));
	guest_check_rc("physdev_op(100)", -VESTA_ENOSYS,
		       hypercall_physdev_op(100, NULL));
	guest_check_rc("memory_op(100)", -VESTA_ENOSYS,
		       hypercall_memory_op(100, NULL));
	guest_check_rc("console_io(100)", -VESTA_ENOSYS,
		       hypercall_console_io(100, 0, NULL));
	guest_check_rc("vm_assist(cmd 7)", -VESTA_ENOSYS,
		       hypercall_vm_assist(7, 0));
	guest_check_rc("vcpu_op(is_up, vcpu 4096)", -VESTA_ENOENT,
		       hypercall_vcpu_op(VESTA_VCPUOP_is_up, 4096, NULL));
	guest_check_rc("vcpu_op(is_up, vcpu 0)", 1,
		       hypercall_vcpu_op(VESTA_VCPUOP_is_up, 0, NULL));
}

/* One call with each kind of bad pointer; @fn issues it with @p. */
static void check_efault(const char *what, long (*fn)(void *p))
{
	static void *const bad[] = {
		GUEST_BAD_PTR_UNMAPPED, GUEST_BAD_PTR_HOLE,
		GUEST_BAD_PTR_NONCANON,
	};
	static const char *const names[] = { "unmapped", "hole", "noncanon" };
	char label[80];
	unsigned int i;

	for (i = 0; i < GUEST_ARRAY_SIZE(bad); i++) {
		vesta_snprintf(label, sizeof(label), "%s(%s)", what, names[i]);
		guest_check_rc(label, -VESTA_EFAULT, fn(bad[i]));
	}
}

static long bad_shutdown(void *p)
{
	return hypercall_sched_op(VESTA_SCHEDOP_shutdown, p);
}

static long bad_poll(void *p)
{
	return hypercall_sched_op(VESTA_SCHEDOP_poll, p);
}

static long bad_alloc_unbound(void *p)
{
	return hypercall_event_channel_op(VESTA_EVTCHNOP_alloc_unbound, p);
}

static long bad_evtchn_status(void *p)
{
	return hypercall_event_channel_op(VESTA_EVTCHNOP_status, p);
}

static long bad_singleshot(void *p)
{
	return hypercall_vcpu_op(VESTA_VCPUOP_set_singleshot_timer, 0, p);
}

static long bad_callback(void *p)
{
	return hypercall_callback_op(VESTA_CALLBACKOP_register, p);
}

static long bad_trap_table(void *p)
{
	return hypercall_set_trap_table(p);
}

static long bad_console_write(void *p)
{
	return hypercall_console_io(VESTA_CONSOLEIO_write, 16, p);
}

static long bad_multicall(void *p)
{
	return hypercall_multicall(p, 1);
}

static long bad_mmuext(void *p)
{
	return hypercall_mmuext_op(p, 1, NULL, VESTA_DOMID_SELF);
}

static long bad_mmu_update(void *p)
{
	return hypercall_mmu_update(p, 1, NULL, VESTA_DOMID_SELF);
}

static long bad_set_iopl(void *p)
{
	return hypercall_physdev_op(VESTA_PHYSDEVOP_set_iopl, p);
}

static long bad_memory_map(void *p)
{
	return hypercall_memory_op(VESTA_XENMEM_memory_map, p);
}

static long bad_features(void *p)
{
	return hypercall_xen_version(VESTA_XENVER_get_features, p);
}

static void check_bad_pointers(void)
{
	check_efault("sched_op(shutdown)", bad_shutdown);
	check_efault("sched_op(poll)", bad_poll);
	check_efault("evtchn(alloc_unbound)", bad_alloc_unbound);
	check_efault("evtchn(status)", bad_evtchn_status);
	check_efault("vcpu_op(set_singleshot_timer)", bad_singleshot);
	check_efault("callback_op(register)", bad_callback);
	check_efault("set_trap_table", bad_trap_table);
	check_efault("console_io(write)", bad_console_write);
	check_efault("multicall", bad_multicall);
	check_efault("mmuext_op", bad_mmuext);
	check_efault("mmu_update", bad_mmu_update);
	check_efault("physdev_op(set_iopl)", bad_set_iopl);
	check_efault("memory_op(memory_map)", bad_memory_map);
	check_efault("xen_version(get_features)", bad_features);
}

/* Only a domU may try these: in dom0 they would really act. */
static void check_privileged_ops(void)
{
	struct vesta_platform_op op = {
		.cmd = VESTA_XENPF_settime64,
		.interface_version = VESTA_XENPF_INTERFACE_VERSION,
	};
	struct vesta_e820_entry map[4];
	struct vesta_memory_map mm = { .nr_entries = 4,
				       .buffer = (uint64_t)map };
	struct vesta_sched_remote_shutdown rs = {
		.domain_id = 0, .reason = VESTA_SHUTDOWN_poweroff,
	};
	struct vesta_evtchn_alloc_unbound au = {
		.dom = 0, .remote_dom = VESTA_DOMID_SELF,
	};

	if (guest_is_privileged()) {
		guest_printf("NOTE: privileged domain: the -EPERM checks run "
			     "only in a domU\n");
		return;
	}
	guest_check_rc("platform_op from a domU", -VESTA_EPERM,
		       hypercall5(VESTA_HC_platform_op, (unsigned long)&op, 0,
				  0, 0, 0));
	guest_check_rc("machine_memory_map from a domU", -VESTA_EPERM,
		       hypercall_memory_op(VESTA_XENMEM_machine_memory_map,
					   &mm));
	guest_check_rc("remote_shutdown of dom0 from a domU", -VESTA_EPERM,
		       hypercall_sched_op(VESTA_SCHEDOP_remote_shutdown, &rs));
	guest_check_rc("alloc_unbound in dom0 from a domU", -VESTA_EPERM,
		       hypercall_event_channel_op(VESTA_EVTCHNOP_alloc_unbound,
						  &au));
}

void test_main(const struct vesta_start_info *si)
{
	(void)si;
	check_unknown_numbers();
	check_unknown_subops();
	check_bad_pointers();
	check_privileged_ops();
}
