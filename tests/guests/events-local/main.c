/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * events-local: event channels inside one domain and the one-shot timer.
 *
 * Property tested (pv-abi.md 2.6, 4, appendix A): VIRQ_TIMER bound with
 * EVTCHNOP_bind_virq fires through the upcall after
 * VCPUOP_set_singleshot_timer(now + 1 ms), waking the vCPU from
 * SCHEDOP_block (which returns 0), no earlier than 1 ms and within 1 s by
 * the pvclock; a deadline in the past returns 0 and fires at once; a
 * loopback pair (alloc_unbound(DOMID_SELF, DOMID_SELF) + bind_interdomain)
 * delivers a send on either end to the other; bind_ipi to vCPU 0 delivers
 * to itself; EVTCHNOP_status reports unbound, interdomain (with the peer
 * port), virq (with the VIRQ) and ipi states, and closed after close; an
 * event sent while the upcall mask is set waits for unmasking; an event
 * on a masked port sets only its pending bit and EVTCHNOP_unmask re-raises
 * it; binding the same VIRQ twice is -EEXIST; out-of-range ports and VIRQs
 * are -EINVAL and missing vCPUs -ENOENT. Not tested: VCPU_SSHOTTMR_future
 * (Xen 4.17 returns -ETIME for it, later Xen ignores it).
 *
 * Correct behaviour: as above (Xen 4.17's). Failure detection: FAIL lines;
 * a timer that never fires hangs in SCHEDOP_block and the runner times out
 * without a RESULT line.
 */
#include "guest.h"

#define NS_PER_MS	1000000ULL
#define NS_PER_S	1000000000ULL
#define BAD_PORT	0x7fffffffU

struct port_state {
	volatile unsigned long count;
	volatile uint64_t when;
};

static struct port_state timer_st, a_st, b_st, ipi_st;

static void on_event(unsigned int port, void *arg)
{
	struct port_state *st = arg;

	(void)port;
	st->when = guest_system_time();
	st->count++;
}

static long evtchn(int cmd, void *arg)
{
	return hypercall_event_channel_op(cmd, arg);
}

static long send(unsigned int port)
{
	struct vesta_evtchn_send s = { .port = port };

	return evtchn(VESTA_EVTCHNOP_send, &s);
}

static long close_port(unsigned int port)
{
	struct vesta_evtchn_close c = { .port = port };

	return evtchn(VESTA_EVTCHNOP_close, &c);
}

static long status(unsigned int port, struct vesta_evtchn_status *st)
{
	st->dom = VESTA_DOMID_SELF;
	st->port = port;
	return evtchn(VESTA_EVTCHNOP_status, st);
}

static long singleshot(uint64_t deadline)
{
	struct vesta_vcpu_set_singleshot_timer t = {
		.timeout_abs_ns = deadline,
	};

	return hypercall_vcpu_op(VESTA_VCPUOP_set_singleshot_timer, 0, &t);
}

/* Block (events masked between checks) until @st counts @target. */
static bool block_until(struct port_state *st, unsigned long target)
{
	unsigned int rounds;
	long rc;

	for (rounds = 0; rounds < 1000; rounds++) {
		guest_events_disable();
		if (st->count >= target)
			return true;
		rc = hypercall_sched_op(VESTA_SCHEDOP_block, NULL);
		if (rc)
			guest_fail("SCHEDOP_block returned %ld", rc);
	}
	guest_events_disable();
	return st->count >= target;
}

static void test_timer(unsigned int port)
{
	uint64_t t0, elapsed;

	t0 = guest_system_time();
	if (!guest_check_rc("set_singleshot_timer(now + 1 ms)", 0,
			    singleshot(t0 + NS_PER_MS)))
		return;
	if (!block_until(&timer_st, 1)) {
		guest_fail("VIRQ_TIMER did not fire");
		return;
	}
	elapsed = timer_st.when - t0;
	guest_printf("timer: fired after %lu ns\n", (unsigned long)elapsed);
	if (elapsed < NS_PER_MS || elapsed >= NS_PER_S)
		guest_fail("timer fired after %lu ns, not in [1 ms, 1 s)",
			   (unsigned long)elapsed);

	t0 = guest_system_time();
	guest_check_rc("set_singleshot_timer(past)", 0,
		       singleshot(t0 - NS_PER_MS));
	if (!block_until(&timer_st, 2))
		guest_fail("a past deadline did not fire");
	else if (timer_st.when - t0 >= NS_PER_S / 10)
		guest_fail("a past deadline fired only after %lu ns",
			   (unsigned long)(timer_st.when - t0));
	guest_check_rc("close(timer)", 0, close_port(port));
}

/* Returns the timer port, or ~0U if binding failed. */
static unsigned int bind_timer(void)
{
	struct vesta_evtchn_bind_virq bv = { .virq = VESTA_VIRQ_TIMER };
	struct vesta_evtchn_status st;
	unsigned int port;

	guest_check_rc("stop_periodic_timer", 0,
		       hypercall_vcpu_op(VESTA_VCPUOP_stop_periodic_timer, 0,
					 NULL));
	if (!guest_check_rc("bind_virq(TIMER)", 0,
			    evtchn(VESTA_EVTCHNOP_bind_virq, &bv)))
		return ~0U;
	port = bv.port;
	guest_evtchn_set_handler(port, on_event, &timer_st);
	if (guest_check_rc("status(timer port)", 0, status(port, &st))) {
		guest_check("timer port: status", VESTA_EVTCHNSTAT_virq,
			    st.status);
		guest_check("timer port: virq", VESTA_VIRQ_TIMER, st.u.virq);
		guest_check("timer port: vcpu", 0, st.vcpu);
	}
	guest_check_rc("bind_virq(TIMER) again", -VESTA_EEXIST,
		       evtchn(VESTA_EVTCHNOP_bind_virq, &bv));
	return port;
}

/* Send on @from; @st (the other end) must count one more, at once. */
static void check_delivery(const char *what, unsigned int from,
			   struct port_state *st)
{
	unsigned long before = st->count;

	guest_events_enable();
	guest_check_rc(what, 0, send(from));
	/* The upcall runs on the way back from the send hypercall. */
	guest_events_disable();
	if (st->count != before + 1)
		guest_fail("%s: handler ran %lu times, expected 1", what,
			   st->count - before);
}

static void check_unbound(unsigned int a)
{
	struct vesta_evtchn_status st;

	if (!guest_check_rc("status(unbound)", 0, status(a, &st)))
		return;
	guest_check("unbound: status", VESTA_EVTCHNSTAT_unbound, st.status);
	guest_printf("unbound port %u: remote dom %u\n", a,
		     st.u.unbound.dom);
}

static void check_interdomain(unsigned int a, unsigned int b)
{
	struct vesta_evtchn_status sa, sb;

	if (!guest_check_rc("status(a)", 0, status(a, &sa)) ||
	    !guest_check_rc("status(b)", 0, status(b, &sb)))
		return;
	guest_check("a: status", VESTA_EVTCHNSTAT_interdomain, sa.status);
	guest_check("b: status", VESTA_EVTCHNSTAT_interdomain, sb.status);
	guest_check("a: peer port", b, sa.u.interdomain.port);
	guest_check("b: peer port", a, sb.u.interdomain.port);
	guest_check("a and b: same peer domain", sa.u.interdomain.dom,
		    sb.u.interdomain.dom);
}

static void test_loopback(void)
{
	struct vesta_evtchn_alloc_unbound au = {
		.dom = VESTA_DOMID_SELF, .remote_dom = VESTA_DOMID_SELF,
	};
	struct vesta_evtchn_bind_interdomain bi = {
		.remote_dom = VESTA_DOMID_SELF,
	};
	unsigned int a, b;

	if (!guest_check_rc("alloc_unbound(SELF, SELF)", 0,
			    evtchn(VESTA_EVTCHNOP_alloc_unbound, &au)))
		return;
	a = au.port;
	check_unbound(a);
	bi.remote_port = a;
	if (!guest_check_rc("bind_interdomain(SELF, a)", 0,
			    evtchn(VESTA_EVTCHNOP_bind_interdomain, &bi)))
		return;
	b = bi.local_port;
	guest_printf("loopback: ports %u <-> %u\n", a, b);
	guest_evtchn_set_handler(a, on_event, &a_st);
	guest_evtchn_set_handler(b, on_event, &b_st);
	check_interdomain(a, b);
	check_delivery("send(b) reaches a", b, &a_st);
	check_delivery("send(a) reaches b", a, &b_st);
	guest_check_rc("close(a)", 0, close_port(a));
	guest_check_rc("close(b)", 0, close_port(b));
}

/* Masked upcalls, masked ports and EVTCHNOP_unmask, on an IPI port. */
static void test_masking(unsigned int p)
{
	struct vesta_evtchn_unmask um = { .port = p };
	unsigned long before = ipi_st.count;

	guest_events_disable();
	guest_check_rc("send(ipi) while masked", 0, send(p));
	guest_check("no upcall while the upcall mask is set", before,
		    ipi_st.count);
	guest_check("vcpu_info.evtchn_upcall_pending", 1,
		    guest_vcpu_info()->evtchn_upcall_pending);
	guest_events_enable();
	guest_events_disable();
	guest_check("upcall once unmasked", before + 1, ipi_st.count);

	guest_evtchn_mask(p);
	guest_events_enable();
	guest_check_rc("send(ipi) to a masked port", 0, send(p));
	guest_events_disable();
	guest_check("no upcall for a masked port", before + 1, ipi_st.count);
	guest_check("masked port: pending bit", 1, guest_evtchn_is_pending(p));
	guest_events_enable();
	guest_check_rc("EVTCHNOP_unmask", 0, evtchn(VESTA_EVTCHNOP_unmask,
						     &um));
	guest_events_disable();
	guest_check("unmask re-raised the pending port", before + 2,
		    ipi_st.count);
}

static void test_ipi(void)
{
	struct vesta_evtchn_bind_ipi bi = { .vcpu = 0 };
	struct vesta_evtchn_status st;
	unsigned int p;

	if (!guest_check_rc("bind_ipi(0)", 0,
			    evtchn(VESTA_EVTCHNOP_bind_ipi, &bi)))
		return;
	p = bi.port;
	guest_evtchn_set_handler(p, on_event, &ipi_st);
	if (guest_check_rc("status(ipi)", 0, status(p, &st))) {
		guest_check("ipi: status", VESTA_EVTCHNSTAT_ipi, st.status);
		guest_check("ipi: vcpu", 0, st.vcpu);
	}
	check_delivery("send(ipi) to self", p, &ipi_st);
	test_masking(p);
	guest_check_rc("close(ipi)", 0, close_port(p));
	if (guest_check_rc("status(closed)", 0, status(p, &st)))
		guest_check("closed: status", VESTA_EVTCHNSTAT_closed,
			    st.status);
	guest_check_rc("send(closed)", -VESTA_EINVAL, send(p));
}

static void test_errors(void)
{
	struct vesta_evtchn_bind_virq bv = { .virq = VESTA_NR_VIRQS };
	struct vesta_evtchn_bind_ipi bi = { .vcpu = 100 };
	struct vesta_evtchn_unmask um = { .port = BAD_PORT };
	struct vesta_evtchn_status st;

	guest_check_rc("send(bad port)", -VESTA_EINVAL, send(BAD_PORT));
	guest_check_rc("send(4096)", -VESTA_EINVAL, send(4096));
	guest_check_rc("close(bad port)", -VESTA_EINVAL, close_port(BAD_PORT));
	guest_check_rc("status(bad port)", -VESTA_EINVAL,
		       status(BAD_PORT, &st));
	guest_check_rc("unmask(bad port)", -VESTA_EINVAL,
		       evtchn(VESTA_EVTCHNOP_unmask, &um));
	guest_check_rc("bind_virq(NR_VIRQS)", -VESTA_EINVAL,
		       evtchn(VESTA_EVTCHNOP_bind_virq, &bv));
	bv.virq = VESTA_VIRQ_TIMER;
	bv.vcpu = 100;
	guest_check_rc("bind_virq(TIMER, vcpu 100)", -VESTA_ENOENT,
		       evtchn(VESTA_EVTCHNOP_bind_virq, &bv));
	guest_check_rc("bind_ipi(vcpu 100)", -VESTA_ENOENT,
		       evtchn(VESTA_EVTCHNOP_bind_ipi, &bi));
}

void test_main(const struct vesta_start_info *si)
{
	unsigned int timer_port;

	(void)si;
	timer_port = bind_timer();
	if (timer_port != ~0U)
		test_timer(timer_port);
	test_loopback();
	test_ipi();
	test_errors();
	guest_check("events on ports without a handler", 0,
		    guest_unhandled_events());
}
