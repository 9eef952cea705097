/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2026 The Vesta authors.
 *
 * misc-ops: the small hypercalls no other kernel covers.
 *
 * Property tested: set_debugreg/get_debugreg keep the values a guest may
 * set (DR0-3 only guest addresses: -EPERM for the hypervisor hole; DR4/5
 * and numbers above 7 -EINVAL); CALLBACKOP_unregister drops a syscall
 * callback, refuses the event callback (-EINVAL) and unknown types
 * (-ENOSYS); SCHEDOP_shutdown_code accepts a valid reason and refuses an
 * unknown one (-EINVAL) without shutting down; SCHEDOP_watchdog creates,
 * re-arms and deletes a watchdog (ids from 1, bad ids -EINVAL, zero
 * timeout on create -EINVAL); VCPUOP_get_physid answers dom0.
 *
 * Correct behaviour: the return codes above (Vesta's, following Xen's
 * code where the ABI fixes them), and the domain keeps running. Failure
 * detection: a FAIL line per mismatch; a watchdog that fired or a
 * shutdown_code that shut the domain down ends the run without RESULT.
 */
#include <public/callback.h>
#include <public/sched.h>
#include <public/vcpu.h>

#include "guest.h"

static void check_debugregs(void)
{
	unsigned long here = (unsigned long)&check_debugregs;

	guest_check_rc("set_debugreg(0, own text)", 0,
		       hypercall_set_debugreg(0, here));
	guest_check("get_debugreg(0)", here,
		    (uint64_t)hypercall_get_debugreg(0));
	guest_check_rc("set_debugreg(1, hypervisor hole)", -VESTA_EPERM,
		       hypercall_set_debugreg(1, 0xffff800000001000UL));
	guest_check_rc("set_debugreg(4)", -VESTA_EINVAL,
		       hypercall_set_debugreg(4, 0));
	guest_check_rc("set_debugreg(9)", -VESTA_EINVAL,
		       hypercall_set_debugreg(9, 0));
	guest_check_rc("get_debugreg(5)", -VESTA_EINVAL,
		       hypercall_get_debugreg(5));
	guest_check_rc("set_debugreg(7, 0)", 0, hypercall_set_debugreg(7, 0));
	guest_check("get_debugreg(7) after 0", 0x400,
		    (uint64_t)hypercall_get_debugreg(7));
	guest_check_rc("set_debugreg(0, 0)", 0, hypercall_set_debugreg(0, 0));
}

static void check_callbacks(void)
{
	struct vesta_callback_register reg = {
		.type = VESTA_CALLBACKTYPE_syscall,
		.flags = VESTA_CALLBACKF_mask_events,
		.address = (unsigned long)&check_callbacks,
	};
	struct vesta_callback_unregister un = {
		.type = VESTA_CALLBACKTYPE_syscall,
	};

	guest_check_rc("register syscall callback", 0,
		       hypercall_callback_op(VESTA_CALLBACKOP_register, &reg));
	guest_check_rc("unregister syscall callback", 0,
		       hypercall_callback_op(VESTA_CALLBACKOP_unregister, &un));
	un.type = VESTA_CALLBACKTYPE_event;
	guest_check_rc("unregister event callback", -VESTA_EINVAL,
		       hypercall_callback_op(VESTA_CALLBACKOP_unregister, &un));
	un.type = 50;
	guest_check_rc("unregister type 50", -VESTA_ENOSYS,
		       hypercall_callback_op(VESTA_CALLBACKOP_unregister, &un));
	reg.flags = 0x80;
	guest_check_rc("register with unknown flags", -VESTA_EINVAL,
		       hypercall_callback_op(VESTA_CALLBACKOP_register, &reg));
}

static void check_shutdown_code(void)
{
	struct vesta_sched_shutdown s = { .reason = 99 };

	guest_check_rc("shutdown_code(99)", -VESTA_EINVAL,
		       hypercall_sched_op(VESTA_SCHEDOP_shutdown_code, &s));
	s.reason = VESTA_SHUTDOWN_poweroff;
	guest_check_rc("shutdown_code(poweroff)", 0,
		       hypercall_sched_op(VESTA_SCHEDOP_shutdown_code, &s));
}

static long watchdog(unsigned int id, unsigned int timeout)
{
	struct vesta_sched_watchdog w = { .id = id, .timeout = timeout };

	return hypercall_sched_op(VESTA_SCHEDOP_watchdog, &w);
}

static void check_watchdog(void)
{
	long id;

	guest_check_rc("watchdog create with timeout 0", -VESTA_EINVAL,
		       watchdog(0, 0));
	id = watchdog(0, 60);
	if (id < 1 || id > 2) {
		guest_fail("watchdog create: %ld (expected an id >= 1)", id);
		return;
	}
	guest_check_rc("watchdog re-arm", 0, watchdog((unsigned int)id, 60));
	guest_check_rc("watchdog id 99", -VESTA_EINVAL, watchdog(99, 60));
	guest_check_rc("watchdog delete", 0, watchdog((unsigned int)id, 0));
	guest_check_rc("watchdog delete again", -VESTA_EINVAL,
		       watchdog((unsigned int)id, 0));
}

static void check_physid(void)
{
	struct vesta_vcpu_get_physid p = { 0 };
	long rc = hypercall_vcpu_op(VESTA_VCPUOP_get_physid, 0, &p);

	if (guest_is_privileged())
		guest_check_rc("get_physid(0) in dom0", 0, rc);
	else
		guest_check_rc("get_physid(0) in a domU", -VESTA_EPERM, rc);
}

void test_main(const struct vesta_start_info *si)
{
	(void)si;
	check_debugregs();
	check_callbacks();
	check_shutdown_code();
	check_watchdog();
	check_physid();
	guest_finish();
}
