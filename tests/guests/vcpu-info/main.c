/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * vcpu-info: moving vcpu_info into a page of our own, runstate queries
 * and areas, vm_assist.
 *
 * Property tested (pv-abi.md 2.6 "register_vcpu_info", 4, appendix A):
 * VCPUOP_register_vcpu_info {mfn, offset} of a page we own, at a 64-byte
 * aligned offset, succeeds once per vCPU: the new copy starts as the old
 * one (upcall mask, pvclock scale), with evtchn_pending_sel all ones and
 * upcall_pending set (so nothing is lost), the rest of the page is left
 * alone, the pvclock in the copy keeps running and stays monotonic with
 * the legacy one, events then arrive through the copy (an IPI sent while
 * masked sets its upcall_pending, not the legacy slot's, and is delivered
 * on unmasking), and a second call is -EINVAL. Refused: an offset where
 * the 64 bytes do not fit in the page and a misaligned offset (-EINVAL in
 * Vesta, -ENXIO in Xen), a frame we do not own and a page-table frame
 * (-EINVAL), a bad argument pointer (-EFAULT), a vCPU that does not exist
 * (-ENOENT); rsvd != 0 is -EINVAL in Vesta (Xen ignores it: 0 accepted).
 * The error cases that a lax hypervisor could accept are tried on the
 * spare vCPUs 1 and 2 ("vcpus=3": offline vCPUs may be given a
 * vcpu_info). VCPUOP_get_runstate_info describes the running caller
 * consistently. A runstate area registered with
 * register_runstate_memory_area is rewritten on every reschedule
 * (state_entry_time moves on, blocked time grows, the state is running
 * when we look), stops being written after registering address 0, and a
 * bad address is refused. vm_assist enables and disables valid types
 * (runstate_update_flag, writable_pagetables; with the update flag on,
 * bit 63 of state_entry_time is clear whenever we look), and gives
 * -EINVAL for unknown types and -ENOSYS for an unknown command.
 *
 * Correct behaviour: Xen 4.17's, except the errno values noted. Failure
 * detection: FAIL lines; events lost after the move hang a wait until its
 * deadline, which fails the check.
 */
#include <string.h>

#include "guest.h"

#define NS_PER_MS	1000000ULL
#define VI_OFFSET	128
#define FILL		0xaa

static uint8_t vi_page[GUEST_PAGE_SIZE] GUEST_PAGE_ALIGNED_BSS;
static uint8_t spare_page[GUEST_PAGE_SIZE] GUEST_PAGE_ALIGNED_BSS;
static struct vesta_vcpu_runstate_info area GUEST_ALIGNED(64);
static volatile unsigned long ipis, ticks;
static unsigned int ipi_port, timer_port;

static void on_count(unsigned int port, void *arg)
{
	(void)port;
	__atomic_fetch_add((unsigned long *)arg, 1, __ATOMIC_SEQ_CST);
}

static long register_vi(unsigned int vcpu, unsigned long mfn,
			uint32_t offset, uint32_t rsvd)
{
	struct vesta_vcpu_register_vcpu_info r = {
		.mfn = mfn, .offset = offset, .rsvd = rsvd,
	};

	return hypercall_vcpu_op(VESTA_VCPUOP_register_vcpu_info, vcpu, &r);
}

static void check_one_of(const char *what, long rc, long a, long b)
{
	guest_printf("%s: %ld\n", what, rc);
	if (rc != a && rc != b)
		guest_fail("%s = %ld (want %ld or %ld)", what, rc, a, b);
}

static void check_refusals(void)
{
	unsigned long own = guest_virt_to_mfn(spare_page);
	unsigned long pt = guest_virt_to_mfn((void *)guest_start_info->pt_base);

	check_one_of("register_vcpu_info(offset 4064: does not fit)",
		     register_vi(0, own, 4096 - 32, 0), -VESTA_EINVAL,
		     -VESTA_ENXIO);
	guest_check_rc("register_vcpu_info(MFN 0)", -VESTA_EINVAL,
		       register_vi(0, 0, 0, 0));
	guest_check_rc("register_vcpu_info(page-table frame)", -VESTA_EINVAL,
		       register_vi(0, pt, 0, 0));
	guest_check_rc("register_vcpu_info(bad pointer)", -VESTA_EFAULT,
		       hypercall_vcpu_op(VESTA_VCPUOP_register_vcpu_info, 0,
					 GUEST_BAD_PTR_UNMAPPED));
	guest_check_rc("register_vcpu_info(vCPU 100)", -VESTA_ENOENT,
		       register_vi(100, own, 0, 0));
	if (guest_cmdline_ulong("vcpus", 1) < 3) {
		guest_skip("fewer than 3 vCPUs: misaligned offset and rsvd not tried");
		return;
	}
	check_one_of("register_vcpu_info(vCPU 1, misaligned offset 4)",
		     register_vi(1, own, 4, 0), -VESTA_EINVAL, -VESTA_ENXIO);
	check_one_of("register_vcpu_info(vCPU 2, rsvd 1)",
		     register_vi(2, own, 512, 1), -VESTA_EINVAL, 0);
}

static bool fill_untouched(void)
{
	for (unsigned int i = 0; i < sizeof(vi_page); i++) {
		if (i >= VI_OFFSET && i < VI_OFFSET + 64)
			continue;
		if (vi_page[i] != FILL)
			return false;
	}
	return true;
}

static void check_copy(const struct vesta_vcpu_info *old,
		       const struct vesta_vcpu_info *nvi)
{
	guest_check("new copy: upcall mask as before", old->evtchn_upcall_mask,
		    nvi->evtchn_upcall_mask);
	guest_check("new copy: pvclock multiplier as before",
		    old->time.tsc_to_system_mul, nvi->time.tsc_to_system_mul);
	guest_check("new copy: pvclock shift as before",
		    (uint8_t)old->time.tsc_shift, (uint8_t)nvi->time.tsc_shift);
	guest_check("new copy: evtchn_pending_sel all ones", ~0ULL,
		    nvi->evtchn_pending_sel);
	guest_check("new copy: upcall_pending", 1, nvi->evtchn_upcall_pending);
	if (!fill_untouched())
		guest_fail("register_vcpu_info wrote outside its 64 bytes");
}

/* The pvclock of the copy runs on and agrees with the legacy one. */
static void check_clock(const struct vesta_vcpu_info *nvi, uint64_t before)
{
	uint32_t v0 = nvi->time.version;
	uint64_t t;

	guest_sleep_ns(5 * NS_PER_MS);
	t = guest_system_time();
	if (t < before)
		guest_fail("pvclock in the new copy went back by %lu ns",
			   (unsigned long)(before - t));
	if (v0 & 1)
		guest_fail("new copy: pvclock version odd at rest");
	if (t - before > 10000 * NS_PER_MS)
		guest_fail("pvclock in the new copy jumped by %lu ms",
			   (unsigned long)((t - before) / NS_PER_MS));
}

/* An IPI while masked must land in the copy, and arrive on unmasking. */
static void check_events(struct vesta_vcpu_info *nvi)
{
	struct vesta_vcpu_info *legacy = &guest_shared_info->vcpu_info[0];
	struct vesta_evtchn_send s = { .port = ipi_port };
	unsigned long before = ipis;

	guest_events_disable();
	legacy->evtchn_upcall_pending = 0;
	guest_check_rc("send(ipi) while masked", 0,
		       hypercall_event_channel_op(VESTA_EVTCHNOP_send, &s));
	guest_check("IPI sets upcall_pending in the new copy", 1,
		    nvi->evtchn_upcall_pending);
	guest_check("IPI leaves the legacy slot alone", 0,
		    legacy->evtchn_upcall_pending);
	guest_events_enable();
	guest_check("IPI delivered through the new copy", before + 1, ipis);
}

static void test_move(void)
{
	struct vesta_vcpu_info *nvi = (void *)(vi_page + VI_OFFSET);
	struct vesta_vcpu_info old;
	uint64_t before;

	memset(vi_page, FILL, sizeof(vi_page));
	before = guest_system_time();
	guest_events_disable();
	old = *guest_vcpu_info();
	if (!guest_check_rc("register_vcpu_info(own page, offset 128)", 0,
			    register_vi(0, guest_virt_to_mfn(vi_page),
					VI_OFFSET, 0)))
		return;
	check_copy(&old, nvi);
	guest_set_vcpu_info(0, nvi);
	/* pending_sel all ones: scan everything once. */
	guest_events_enable();
	check_clock(nvi, before);
	check_events(nvi);
	guest_check_rc("register_vcpu_info again", -VESTA_EINVAL,
		       register_vi(0, guest_virt_to_mfn(spare_page), 0, 0));
}

static void check_runstate_info(void)
{
	struct vesta_vcpu_runstate_info r;
	uint64_t now, sum = 0;

	if (!guest_check_rc("get_runstate_info(0)", 0,
			    hypercall_vcpu_op(VESTA_VCPUOP_get_runstate_info,
					      0, &r)))
		return;
	now = guest_system_time();
	guest_check("runstate of the caller", VESTA_RUNSTATE_running,
		    (uint64_t)r.state);
	for (unsigned int i = 0; i < 4; i++)
		sum += r.time[i];
	if ((r.state_entry_time & ~VESTA_RUNSTATE_UPDATE) > now)
		guest_fail("state_entry_time %lu is in the future (now %lu)",
			   (unsigned long)r.state_entry_time,
			   (unsigned long)now);
	if (sum > now)
		guest_fail("runstate times add up to %lu ns, more than uptime %lu",
			   (unsigned long)sum, (unsigned long)now);
	guest_check_rc("get_runstate_info(bad pointer)", -VESTA_EFAULT,
		       hypercall_vcpu_op(VESTA_VCPUOP_get_runstate_info, 0,
					 GUEST_BAD_PTR_UNMAPPED));
}

static long register_area(uint64_t addr)
{
	struct vesta_vcpu_register_runstate_memory_area a = { .addr = addr };

	return hypercall_vcpu_op(VESTA_VCPUOP_register_runstate_memory_area,
				 0, &a);
}

/* Block once for about 2 ms (a trip through the scheduler). */
static void block_once(void)
{
	struct vesta_vcpu_set_singleshot_timer t = {
		.timeout_abs_ns = guest_system_time() + 2 * NS_PER_MS,
	};

	unsigned long target = ticks + 1;	/* before it can fire */

	hypercall_vcpu_op(VESTA_VCPUOP_set_singleshot_timer, 0, &t);
	if (!guest_wait_count(timer_port, &ticks, target,
			      guest_system_time() + 1000 * NS_PER_MS))
		guest_fail("a 2 ms timer did not fire within 1 s");
}

static void check_area_updates(void)
{
	const volatile struct vesta_vcpu_runstate_info *a = &area;
	uint64_t entry, blocked;

	memset(&area, 0, sizeof(area));
	area.state = 0x55;
	if (!guest_check_rc("register_runstate_memory_area", 0,
			    register_area((uint64_t)&area)))
		return;
	for (unsigned int i = 0; i < 5; i++) {
		entry = a->state_entry_time;
		blocked = a->time[VESTA_RUNSTATE_blocked];
		block_once();
		if (a->state != VESTA_RUNSTATE_running)
			guest_fail("area after wake-up %u: state %d", i, a->state);
		if (a->state_entry_time & VESTA_RUNSTATE_UPDATE)
			guest_fail("area after wake-up %u: update flag left set",
				   i);
		if (a->state_entry_time <= entry ||
		    a->time[VESTA_RUNSTATE_blocked] <= blocked) {
			guest_fail("area not rewritten by reschedule %u", i);
			break;
		}
	}
	guest_check_rc("register_runstate_memory_area(0)", 0, register_area(0));
	entry = a->state_entry_time;
	block_once();
	guest_check("area left alone after registering 0", entry,
		    a->state_entry_time);
	if (register_area((uint64_t)GUEST_BAD_PTR_HOLE) >= 0)
		guest_fail("register_runstate_memory_area(hypervisor hole) accepted");
	if (register_area((uint64_t)GUEST_BAD_PTR_NONCANON) >= 0)
		guest_fail("register_runstate_memory_area(non-canonical) accepted");
}

static void check_vm_assist(void)
{
	const unsigned int flag = VESTA_VMASST_TYPE_runstate_update_flag;
	const unsigned int wpt = VESTA_VMASST_TYPE_writable_pagetables;

	guest_check_rc("vm_assist(enable, runstate_update_flag)", 0,
		       hypercall_vm_assist(VESTA_VMASST_CMD_enable, flag));
	check_area_updates();
	guest_check_rc("vm_assist(disable, runstate_update_flag)", 0,
		       hypercall_vm_assist(VESTA_VMASST_CMD_disable, flag));
	guest_check_rc("vm_assist(enable, writable_pagetables)", 0,
		       hypercall_vm_assist(VESTA_VMASST_CMD_enable, wpt));
	guest_check_rc("vm_assist(enable, type 6)", -VESTA_EINVAL,
		       hypercall_vm_assist(VESTA_VMASST_CMD_enable, 6));
	guest_check_rc("vm_assist(enable, type 31)", -VESTA_EINVAL,
		       hypercall_vm_assist(VESTA_VMASST_CMD_enable, 31));
	guest_check_rc("vm_assist(enable, type 64)", -VESTA_EINVAL,
		       hypercall_vm_assist(VESTA_VMASST_CMD_enable, 64));
	guest_check_rc("vm_assist(command 7)", -VESTA_ENOSYS,
		       hypercall_vm_assist(7, wpt));
}

static bool setup(void)
{
	struct vesta_evtchn_bind_ipi bi = { .vcpu = 0 };
	struct vesta_evtchn_bind_virq bv = { .virq = VESTA_VIRQ_TIMER };

	hypercall_vcpu_op(VESTA_VCPUOP_stop_periodic_timer, 0, NULL);
	if (!guest_check_rc("bind_ipi", 0,
			    hypercall_event_channel_op(VESTA_EVTCHNOP_bind_ipi,
						       &bi)) ||
	    !guest_check_rc("bind_virq(TIMER)", 0,
			    hypercall_event_channel_op(VESTA_EVTCHNOP_bind_virq,
						       &bv)))
		return false;
	ipi_port = bi.port;
	timer_port = bv.port;
	guest_evtchn_set_handler(ipi_port, on_count, (void *)&ipis);
	guest_evtchn_set_handler(timer_port, on_count, (void *)&ticks);
	guest_events_enable();
	return true;
}

void test_main(const struct vesta_start_info *si)
{
	(void)si;
	if (!setup())
		return;
	check_refusals();
	test_move();
	check_runstate_info();
	check_vm_assist();
	guest_check("events on ports without a handler", 0,
		    guest_unhandled_events());
}
