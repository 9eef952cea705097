/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * evtchn-interdomain: an event channel between two domains, and what an
 * unprivileged domain may not do.
 *
 * Property tested (pv-abi.md 2.6, 5; appendix A): the same kernel runs as
 * dom0 and as domU 1 (the role comes from SIF_PRIVILEGED). dom0 offers a
 * port with alloc_unbound(SELF, remote 1); status says unbound, remote
 * dom 1. The domU finds it by trying bind_interdomain(0, p) for p = 1..64
 * (the only port dom0 offers it; every other dom0 port is -EINVAL for it)
 * and says hello. Then 1000 pings and pongs alternate strictly: each side
 * sees exactly one event per event sent, never two in a row. Afterwards
 * EVTCHNOP_status on both sides says interdomain with the peer's domain
 * and port (dom0 also looks at the domU's port, which its privilege
 * allows); dom0 may allocate a port in the domU on its behalf
 * (alloc_unbound(dom 1, remote 0)). When the domU closes its end, dom0's
 * port turns back into an unbound port offered to domain 1, a send on it
 * is silently dropped (0), and the domU's port reads closed and refuses a
 * send (-EINVAL). The domU may not: allocate a port in dom0
 * (alloc_unbound(dom 0) -EPERM), query dom0's ports (status -EPERM), shut
 * dom0 down (SCHEDOP_remote_shutdown -EPERM), reset dom0's channels
 * (EVTCHNOP_reset -EPERM), read the hypervisor command line (-EPERM) or
 * dom0's reservation (-EPERM); binding to a domain that does not exist is
 * -ESRCH. It may allocate ports for itself.
 *
 * Correct behaviour: as above (multi-domain: Vesta only). Failure
 * detection: each domain prints its own FAIL lines and RESULT; a lost
 * event stops the exchange at a deadline.
 */
#include <public/memory.h>

#include "guest.h"

#define NS_PER_MS	1000000ULL
#define NS_PER_S	1000000000ULL
#define DOMU		1

static volatile unsigned long events;
static unsigned long rounds;

static void on_event(unsigned int port, void *arg)
{
	(void)port;
	(void)arg;
	events++;
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

static long status(unsigned int dom, unsigned int port,
		   struct vesta_evtchn_status *st)
{
	st->dom = (uint16_t)dom;
	st->port = port;
	return evtchn(VESTA_EVTCHNOP_status, st);
}

/* Wait until exactly @n events were seen (more is an ordering error). */
static bool expect_events(unsigned int port, unsigned long n,
			  uint64_t deadline)
{
	if (!guest_wait_count(port, &events, n, deadline)) {
		guest_fail("event %lu never came (seen %lu)", n, events);
		return false;
	}
	if (events != n) {
		guest_fail("%lu events where %lu were sent: not strictly alternating",
			   events, n);
		return false;
	}
	return true;
}

static void check_peer(const char *who, unsigned int dom, unsigned int port,
		       unsigned int peer_dom, unsigned int *peer_port)
{
	struct vesta_evtchn_status st;
	char w[96];

	vesta_snprintf(w, sizeof(w), "%s: status", who);
	if (!guest_check_rc(w, 0, status(dom, port, &st)))
		return;
	vesta_snprintf(w, sizeof(w), "%s: interdomain", who);
	guest_check(w, VESTA_EVTCHNSTAT_interdomain, st.status);
	vesta_snprintf(w, sizeof(w), "%s: remote domain", who);
	guest_check(w, peer_dom, st.u.interdomain.dom);
	if (peer_port)
		*peer_port = st.u.interdomain.port;
}

/* ---- dom0 ---- */

static void dom0_privileged_extras(unsigned int their_port, unsigned int p0)
{
	struct vesta_evtchn_alloc_unbound au = { .dom = DOMU, .remote_dom = 0 };
	struct vesta_evtchn_status st;
	unsigned int back = 0;

	check_peer("dom0 looks at the domU's port", DOMU, their_port, 0, &back);
	guest_check("domU's port points back at ours", p0, back);
	if (guest_check_rc("alloc_unbound(dom 1, remote 0) by dom0", 0,
			   evtchn(VESTA_EVTCHNOP_alloc_unbound, &au)) &&
	    guest_check_rc("status of that port", 0,
			   status(DOMU, au.port, &st))) {
		guest_check("port made for the domU: unbound",
			    VESTA_EVTCHNSTAT_unbound, st.status);
		guest_check("port made for the domU: offered to dom0", 0,
			    st.u.unbound.dom);
	}
}

static void dom0_wait_unbound(unsigned int p0)
{
	uint64_t end = guest_system_time() + 10 * NS_PER_S;
	struct vesta_evtchn_status st;

	do {
		if (status(VESTA_DOMID_SELF, p0, &st))
			break;
		if (st.status == VESTA_EVTCHNSTAT_unbound)
			break;
		guest_sleep_ns(NS_PER_MS);
	} while (guest_system_time() < end);
	guest_check("dom0's port after the domU closed: unbound",
		    VESTA_EVTCHNSTAT_unbound, st.status);
	guest_check("... and offered to domain 1 again", DOMU,
		    st.u.unbound.dom);
	guest_check_rc("send on the unbound port (dropped)", 0, send(p0));
	guest_check_rc("close(our port)", 0,
		       evtchn(VESTA_EVTCHNOP_close,
			      &(struct vesta_evtchn_close){ .port = p0 }));
}

static void run_dom0(void)
{
	struct vesta_evtchn_status st;
	uint64_t end;
	unsigned int their = 0;
	long p0 = guest_xdom_offer(DOMU);

	if (p0 <= 0) {
		guest_fail("alloc_unbound(SELF, remote 1) = %ld", p0);
		return;
	}
	guest_evtchn_set_handler((unsigned int)p0, on_event, NULL);
	if (guest_check_rc("status(offered port)", 0,
			   status(VESTA_DOMID_SELF, (unsigned int)p0, &st))) {
		/*
		 * The domU may already have bound it (it polls for the
		 * offer): unbound towards domain 1, or connected to it.
		 */
		if (st.status == VESTA_EVTCHNSTAT_interdomain) {
			guest_check("offered port: bound by dom 1", DOMU,
				    st.u.interdomain.dom);
		} else {
			guest_check("offered port: unbound",
				    VESTA_EVTCHNSTAT_unbound, st.status);
			guest_check("offered port: remote dom 1", DOMU,
				    st.u.unbound.dom);
		}
	}
	guest_events_enable();
	if (!expect_events((unsigned int)p0, 1,
			   guest_system_time() + 30 * NS_PER_S))
		return;
	end = guest_system_time() + 60 * NS_PER_S;
	for (unsigned long i = 1; i <= rounds; i++) {
		if (send((unsigned int)p0) ||
		    !expect_events((unsigned int)p0, i + 1, end))
			return;
	}
	guest_printf("dom0: %lu pings answered\n", rounds);
	check_peer("dom0's port", VESTA_DOMID_SELF, (unsigned int)p0, DOMU,
		   &their);
	dom0_privileged_extras(their, (unsigned int)p0);
	guest_check_rc("send(close now)", 0, send((unsigned int)p0));
	dom0_wait_unbound((unsigned int)p0);
}

/* ---- domU ---- */

static void domu_refusals(void)
{
	struct vesta_evtchn_alloc_unbound au = { .dom = 0, .remote_dom = DOMU };
	struct vesta_evtchn_bind_interdomain bi = { .remote_dom = 5,
						    .remote_port = 1 };
	struct vesta_sched_remote_shutdown rs = { .domain_id = 0 };
	struct vesta_evtchn_reset rst = { .dom = 0 };
	struct vesta_evtchn_status st;
	char cmdline[VESTA_XENVER_COMMANDLINE_LEN];
	uint16_t dom0 = 0;

	guest_check_rc("domU: alloc_unbound(dom 0)", -VESTA_EPERM,
		       evtchn(VESTA_EVTCHNOP_alloc_unbound, &au));
	guest_check_rc("domU: status(dom 0, port 1)", -VESTA_EPERM,
		       status(0, 1, &st));
	guest_check_rc("domU: SCHEDOP_remote_shutdown(dom 0)", -VESTA_EPERM,
		       hypercall_sched_op(VESTA_SCHEDOP_remote_shutdown, &rs));
	guest_check_rc("domU: EVTCHNOP_reset(dom 0)", -VESTA_EPERM,
		       evtchn(VESTA_EVTCHNOP_reset, &rst));
	guest_check_rc("domU: XENVER_commandline", -VESTA_EPERM,
		       hypercall_xen_version(VESTA_XENVER_commandline,
					     cmdline));
	guest_check_rc("domU: current_reservation(dom 0)", -VESTA_EPERM,
		       hypercall_memory_op(VESTA_XENMEM_current_reservation,
					   &dom0));
	guest_check_rc("domU: bind_interdomain(dom 5)", -VESTA_ESRCH,
		       evtchn(VESTA_EVTCHNOP_bind_interdomain, &bi));
	au.dom = VESTA_DOMID_SELF;
	au.remote_dom = 0;
	if (guest_check_rc("domU: alloc_unbound(SELF, remote 0)", 0,
			   evtchn(VESTA_EVTCHNOP_alloc_unbound, &au)))
		evtchn(VESTA_EVTCHNOP_close,
		       &(struct vesta_evtchn_close){ .port = au.port });
}

/* dom0 offers us exactly one port: every other one must be refused. */
static void domu_other_ports(void)
{
	struct vesta_evtchn_bind_interdomain bi = { .remote_dom = 0 };
	unsigned int wrong = 0;

	for (unsigned int p = 1; p <= GUEST_XDOM_MAX_PORT; p++) {
		long rc;

		bi.remote_port = p;
		rc = evtchn(VESTA_EVTCHNOP_bind_interdomain, &bi);
		if (rc != -VESTA_EINVAL) {
			guest_printf("bind_interdomain(0, %u) = %ld\n", p, rc);
			wrong++;
		}
	}
	guest_check("other dom0 ports the domU could bind", 0, wrong);
}

static void domu_close(unsigned int p1)
{
	struct vesta_evtchn_status st;

	guest_check_rc("domU: close(our end)", 0,
		       evtchn(VESTA_EVTCHNOP_close,
			      &(struct vesta_evtchn_close){ .port = p1 }));
	if (guest_check_rc("domU: status(closed port)", 0,
			   status(VESTA_DOMID_SELF, p1, &st)))
		guest_check("domU: closed port", VESTA_EVTCHNSTAT_closed,
			    st.status);
	guest_check_rc("domU: send on the closed port", -VESTA_EINVAL,
		       send(p1));
}

static void run_domu(void)
{
	long p1 = guest_xdom_find(0, 30 * NS_PER_S);
	unsigned int peer = 0;
	uint64_t end;

	domu_refusals();
	if (p1 <= 0) {
		guest_fail("domU: no dom0 port to bind to (%ld)", p1);
		return;
	}
	guest_evtchn_clear_pending((unsigned int)p1);
	guest_evtchn_set_handler((unsigned int)p1, on_event, NULL);
	guest_events_enable();
	check_peer("domU's port", VESTA_DOMID_SELF, (unsigned int)p1, 0, &peer);
	domu_other_ports();
	guest_check_rc("domU: hello", 0, send((unsigned int)p1));
	end = guest_system_time() + 60 * NS_PER_S;
	for (unsigned long i = 1; i <= rounds; i++) {
		if (!expect_events((unsigned int)p1, i, end) ||
		    send((unsigned int)p1))
			return;
	}
	guest_printf("domU: %lu pings answered (dom0 port %u)\n", rounds,
		     peer);
	/* The "close now" ping. */
	if (expect_events((unsigned int)p1, rounds + 1, end))
		domu_close((unsigned int)p1);
}

void test_main(const struct vesta_start_info *si)
{
	(void)si;
	rounds = guest_cmdline_ulong("rounds", 1000);
	if (guest_is_privileged())
		run_dom0();
	else
		run_domu();
}
