/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * sched-share: how much of a shared pCPU a domain gets, by its runstate.
 *
 * Property tested (DESIGN.md "scheduler (credit-style weights and caps)";
 * the hypervisor's domu_cap= and domu_weight= options): dom0 and a domU,
 * both running this kernel on a one-pCPU machine, meet over an event
 * channel (dom0 offers a port, the domU binds it and says hello), then
 * both spin for "window_ms" (default 1000) of system time, starting
 * together, and each measures its share: running time from its runstate
 * area over the window, divided by the window. Each
 * checks its share against "min=" and "max=" (percent) from its command
 * line; the specs choose them: sched-cap (domU capped at 25%: at most 36%,
 * since a cap is enforced per slice, and more than 5%; the uncapped dom0
 * at least 50%), sched-weight (domU weight 768 against dom0's 256: the
 * domU at least 60%, dom0 at most 40%; the ratio follows from the two
 * printed shares), sched-alone ("alone": dom0 by itself, no meeting, must
 * get 90% or more: a lone busy vCPU is not to be descheduled for idle).
 * Each prints its share ("sched-share: dN ran X ms of Y ms (Z%)").
 *
 * Correct behaviour: the shares above (sched-alone also on Xen 4.17; the
 * others have two domains: Vesta only).
 * Failure detection: FAIL lines with the measured share; no hello within
 * 30 s is a FAIL as well.
 */
#include "guest.h"

#define NS_PER_MS	1000000ULL
#define NS_PER_S	1000000000ULL

static volatile unsigned long events;

static void on_event(unsigned int port, void *arg)
{
	(void)port;
	(void)arg;
	events++;
}

static struct vesta_vcpu_runstate_info area GUEST_ALIGNED(64);

/*
 * Our running time so far, from the runstate area: it holds the times up
 * to state_entry_time (the hypervisor writes it when it schedules us), and
 * we are running now. (VCPUOP_get_runstate_info is not used: Xen adds the
 * current stretch to it, Vesta does not.)
 */
static uint64_t running_ns(void)
{
	const volatile struct vesta_vcpu_runstate_info *r = &area;
	uint64_t t, entry;
	uint32_t guard = 0;

	do {
		entry = r->state_entry_time;
		t = r->time[VESTA_RUNSTATE_running];
		guest_barrier();
	} while ((entry != r->state_entry_time ||
		  (entry & VESTA_RUNSTATE_UPDATE)) && ++guard < 1000);
	return t + (guest_system_time() - (entry & ~VESTA_RUNSTATE_UPDATE));
}

static bool register_area(void)
{
	struct vesta_vcpu_register_runstate_memory_area a = {
		.addr = (uint64_t)&area,
	};

	long rc = hypercall_vcpu_op(VESTA_VCPUOP_register_runstate_memory_area,
				    0, &a);

	return guest_check_rc("register_runstate_memory_area", 0, rc);
}

/* Spin for @window ns; return our running time meanwhile. */
static uint64_t spin(uint64_t window)
{
	uint64_t r0 = running_ns(), end = guest_system_time() + window;

	while (guest_system_time() < end)
		__asm__ volatile("pause");
	return running_ns() - r0;
}

static bool meet(void)
{
	long port;

	if (guest_is_privileged()) {
		port = guest_xdom_offer(1);
		if (port <= 0) {
			guest_fail("alloc_unbound for domain 1: %ld", port);
			return false;
		}
		guest_evtchn_set_handler((unsigned int)port, on_event, NULL);
		guest_events_enable();
		if (!guest_wait_count((unsigned int)port, &events, 1,
				      guest_system_time() + 30 * NS_PER_S)) {
			guest_fail("no hello from domain 1");
			return false;
		}
		return true;
	}
	port = guest_xdom_find(0, 30 * NS_PER_S);
	if (port <= 0) {
		guest_fail("no port from dom0 (%ld)", port);
		return false;
	}
	return guest_check_rc("hello", 0,
			      hypercall_event_channel_op(VESTA_EVTCHNOP_send,
				&(struct vesta_evtchn_send){
					.port = (unsigned int)port }));
}

void test_main(const struct vesta_start_info *si)
{
	uint64_t window = guest_cmdline_ulong("window_ms", 1000) * NS_PER_MS;
	unsigned long lo = guest_cmdline_ulong("min", 0);
	unsigned long hi = guest_cmdline_ulong("max", 100);
	unsigned int me = guest_is_privileged() ? 0 : 1;
	uint64_t ran;
	unsigned long pct;

	(void)si;
	if (!register_area())
		return;
	if (!guest_cmdline_has("alone") && !meet())
		return;
	ran = spin(window);
	pct = (unsigned long)(ran * 100 / window);
	guest_printf("sched-share: d%u ran %lu ms of %lu ms (%lu%%), wanted %lu..%lu%%\n",
		     me, (unsigned long)(ran / NS_PER_MS),
		     (unsigned long)(window / NS_PER_MS), pct, lo, hi);
	if (pct < lo || pct > hi)
		guest_fail("d%u got %lu%% of the pCPU, outside %lu..%lu%%", me,
			   pct, lo, hi);
}
