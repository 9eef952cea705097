/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Host tests of the 2-level event channels (hypervisor/common/evtchn.c),
 * built through tests/unit/shim/ with fake domains and guest memory.
 * Covered: every EVTCHNOP sub-op and its errno paths, hypercall 16, the
 * 2-level delivery protocol bit by bit (pending, mask, selector,
 * upcall_pending, poll wake-ups), interdomain channels between two
 * domains and in loopback (bind, send both ways, close either side,
 * destroy a domain), permissions, per-vCPU and global VIRQ rules, port
 * exhaustion, hostile numbers, faulting guest pointers, hypervisor-side
 * ports and the debug dump; then a randomized run against a reference
 * model (tests/unit/shim/evtchn-model.c) and a threaded run checking
 * that concurrent ops neither deadlock nor break peer consistency. After
 * every hypercall: no lock held, no domain reference leaked. Not covered:
 * the real upcall bounce and the scheduler's poll handling (faked).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vesta/domain.h>
#include <vesta/errno.h>
#include <vesta/event.h>
#include <public/event_channel.h>
#include <public/vesta.h>

#include "evtchn-model.h"
#include "fake-domain.h"
#include "shim-core.h"

#define SELF	VESTA_DOMID_SELF

static struct domain *d0, *d1;	/* d0: id 0, privileged, 4 vCPUs */
static uint64_t argbuf;		/* guest address of the op struct */

static struct vcpu *V(struct domain *d, unsigned int i)
{
	return d->vcpus[i];
}

static struct vesta_shared_info *SI(struct domain *d)
{
	return d->shared_info;
}

static bool pending(struct domain *d, uint32_t port)
{
	return SI(d)->evtchn_pending[port / 64] & (1ULL << (port % 64));
}

static bool sel(struct domain *d, unsigned int v, uint32_t port)
{
	return SI(d)->vcpu_info[v].evtchn_pending_sel & (1ULL << (port / 64));
}

static void guest_mask(struct domain *d, uint32_t port, bool on)
{
	if (on)
		SI(d)->evtchn_mask[port / 64] |= 1ULL << (port % 64);
	else
		SI(d)->evtchn_mask[port / 64] &= ~(1ULL << (port % 64));
}

/* What a guest does after an upcall: clear everything it acknowledges. */
static void guest_ack_all(struct domain *d)
{
	memset(SI(d)->evtchn_pending, 0, sizeof(SI(d)->evtchn_pending));
	for (unsigned int v = 0; v < d->max_vcpus && v < 32; v++) {
		SI(d)->vcpu_info[v].evtchn_pending_sel = 0;
		SI(d)->vcpu_info[v].evtchn_upcall_pending = 0;
	}
}

/* For hv ports that must never be signalled. */
static void hv_never(struct domain *d, uint32_t port, void *data)
{
	(void)d;
	(void)port;
	(void)data;
	fail();
}

static void after_call(void)
{
	assert_int_equal(shim_locks_held(), 0);
	if (d0)
		assert_int_equal(d0->refcnt, 1);
	if (d1)
		assert_int_equal(d1->refcnt, 1);
}

/* Issue sub-op @cmd as vCPU @v with @len bytes of @op; copy results back. */
static long hc(struct vcpu *v, unsigned int cmd, void *op, size_t len)
{
	void *g = fake_guest_ptr(argbuf, len);
	long rc;

	memcpy(g, op, len);
	fake_set_current(v);
	rc = do_event_channel_op(cmd, argbuf);
	memcpy(op, g, len);
	after_call();
	return rc;
}

static long alloc_unbound(struct vcpu *v, domid_t dom, domid_t remote,
			  uint32_t *port)
{
	struct vesta_evtchn_alloc_unbound a = { dom, remote, 0xdeadbeef };
	long rc = hc(v, VESTA_EVTCHNOP_alloc_unbound, &a, sizeof(a));

	if (port)
		*port = a.port;
	return rc;
}

static long bind_interdomain(struct vcpu *v, domid_t rdom, uint32_t rport,
			     uint32_t *lport)
{
	struct vesta_evtchn_bind_interdomain a = {
		.remote_dom = rdom, .pad = { 0xa5, 0x5a },
		.remote_port = rport, .local_port = 0xdeadbeef };
	long rc = hc(v, VESTA_EVTCHNOP_bind_interdomain, &a, sizeof(a));

	if (lport)
		*lport = a.local_port;
	return rc;
}

static long bind_virq(struct vcpu *v, uint32_t virq, uint32_t vcpu,
		      uint32_t *port)
{
	struct vesta_evtchn_bind_virq a = { virq, vcpu, 0xdeadbeef };
	long rc = hc(v, VESTA_EVTCHNOP_bind_virq, &a, sizeof(a));

	if (port)
		*port = a.port;
	return rc;
}

static long bind_ipi(struct vcpu *v, uint32_t vcpu, uint32_t *port)
{
	struct vesta_evtchn_bind_ipi a = { vcpu, 0xdeadbeef };
	long rc = hc(v, VESTA_EVTCHNOP_bind_ipi, &a, sizeof(a));

	if (port)
		*port = a.port;
	return rc;
}

static long port_op(struct vcpu *v, unsigned int cmd, uint32_t port)
{
	uint32_t a = port;

	return hc(v, cmd, &a, sizeof(a));
}

static long ev_close(struct vcpu *v, uint32_t port)
{
	return port_op(v, VESTA_EVTCHNOP_close, port);
}

static long ev_send(struct vcpu *v, uint32_t port)
{
	return port_op(v, VESTA_EVTCHNOP_send, port);
}

static long ev_unmask(struct vcpu *v, uint32_t port)
{
	return port_op(v, VESTA_EVTCHNOP_unmask, port);
}

static long ev_status(struct vcpu *v, domid_t dom, uint32_t port,
		      struct vesta_evtchn_status *st)
{
	memset(st, 0xa5, sizeof(*st));	/* OUT fields start as garbage */
	st->dom = dom;
	st->port = port;
	return hc(v, VESTA_EVTCHNOP_status, st, sizeof(*st));
}

static long bind_vcpu(struct vcpu *v, uint32_t port, uint32_t vcpu)
{
	struct vesta_evtchn_bind_vcpu a = { port, vcpu };

	return hc(v, VESTA_EVTCHNOP_bind_vcpu, &a, sizeof(a));
}

static long ev_reset(struct vcpu *v, domid_t dom)
{
	struct vesta_evtchn_reset a = { dom };

	return hc(v, VESTA_EVTCHNOP_reset, &a, sizeof(a));
}

static void expect_status(struct vcpu *v, domid_t dom, uint32_t port,
			  uint32_t status, uint32_t vcpu, uint16_t rdom,
			  uint32_t rport_or_virq)
{
	struct vesta_evtchn_status st;

	assert_int_equal(ev_status(v, dom, port, &st), 0);
	assert_int_equal(st.status, status);
	assert_int_equal(st.vcpu, vcpu);
	if (status == VESTA_EVTCHNSTAT_unbound) {
		assert_int_equal(st.u.unbound.dom, rdom);
	} else if (status == VESTA_EVTCHNSTAT_interdomain) {
		assert_int_equal(st.u.interdomain.dom, rdom);
		assert_int_equal(st.u.interdomain.port, rport_or_virq);
	} else if (status == VESTA_EVTCHNSTAT_virq) {
		assert_int_equal(st.u.virq, rport_or_virq);
	} else {
		assert_int_equal(st.u.interdomain.dom, 0);
		assert_int_equal(st.u.interdomain.port, 0);
	}
}

static int setup(void **state)
{
	(void)state;
	fake_guest_reset();
	d0 = fake_domain_create(0, 4, true);
	d1 = fake_domain_create(1, 2, false);
	if (!d0 || !d1)
		return -1;
	argbuf = fake_guest_alloc(64);
	fake_counters_reset();
	shim_log_reset();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (d0)
		fake_domain_destroy(d0);
	if (d1)
		fake_domain_destroy(d1);
	d0 = d1 = NULL;
	assert_int_equal(shim_pages_outstanding(), 0);
	return 0;
}

/* ---- life cycle ------------------------------------------------------ */

static void test_init_and_destroy(void **state)
{
	struct domain *d;

	(void)state;
	assert_int_equal(d0->max_evtchns, EVTCHN_2L_PORTS);
	assert_int_equal(d0->evtchn[0].state, EVTCHN_RESERVED);
	for (unsigned int p = 1; p < EVTCHN_2L_PORTS; p++)
		assert_int_equal(d0->evtchn[p].state, EVTCHN_FREE);
	assert_int_equal(evtchn_domain_init(d0), -EEXIST);

	/* Destroy is idempotent and leaves a table-less domain. */
	d = fake_domain_create(5, 1, false);
	assert_non_null(d);
	fake_domain_unlist(d);
	evtchn_domain_destroy(d);
	assert_null(d->evtchn);
	assert_int_equal(d->max_evtchns, 0);
	evtchn_domain_destroy(d);
	assert_int_equal(evtchn_raise(d, 1), -EINVAL);
	assert_false(evtchn_port_is_pending(d, 1));
	assert_int_equal(evtchn_alloc_hv_port(d, 0, hv_never, NULL), -EINVAL);
	assert_int_equal(evtchn_free_hv_port(d, 1), -EINVAL);
	send_guest_vcpu_virq(d->vcpus[0], VESTA_VIRQ_TIMER);
	send_guest_global_virq(d, VESTA_VIRQ_CONSOLE);

	/* Out of memory, then a second chance. */
	shim_alloc_fail_after(0);
	assert_int_equal(evtchn_domain_init(d), -ENOMEM);
	shim_alloc_fail_after(-1);
	assert_null(d->evtchn);
	assert_int_equal(evtchn_domain_init(d), 0);
	fake_domain_destroy(d);
}

/* ---- alloc_unbound / bind_interdomain -------------------------------- */

static void test_alloc_unbound(void **state)
{
	uint32_t p;

	(void)state;
	assert_int_equal(alloc_unbound(V(d1, 0), SELF, 0, &p), 0);
	assert_int_equal(p, 1);
	expect_status(V(d1, 0), SELF, 1, VESTA_EVTCHNSTAT_unbound, 0, 0, 0);
	/* Own id works like DOMID_SELF; remote DOMID_SELF means the caller. */
	assert_int_equal(alloc_unbound(V(d1, 1), 1, SELF, &p), 0);
	assert_int_equal(p, 2);
	expect_status(V(d1, 0), SELF, 2, VESTA_EVTCHNSTAT_unbound, 0, 1, 0);

	/* Unprivileged callers may not allocate in another domain. */
	assert_int_equal(alloc_unbound(V(d1, 0), 0, 1, NULL), -EPERM);
	assert_int_equal(alloc_unbound(V(d1, 0), 7, 1, NULL), -EPERM);
	assert_int_equal(alloc_unbound(V(d1, 0), 0xffff, 1, NULL), -EPERM);
	/* The privileged one may; remote SELF then names the caller. */
	assert_int_equal(alloc_unbound(V(d0, 0), 1, SELF, &p), 0);
	assert_int_equal(p, 3);
	expect_status(V(d1, 0), SELF, 3, VESTA_EVTCHNSTAT_unbound, 0, 0, 0);
	assert_int_equal(alloc_unbound(V(d0, 0), 7, 0, NULL), -ESRCH);
	assert_int_equal(alloc_unbound(V(d0, 0), VESTA_DOMID_INVALID, 0,
				       NULL), -ESRCH);
	assert_int_equal(d0->evtchn[1].state, EVTCHN_FREE);
}

static void test_bind_interdomain(void **state)
{
	uint32_t bport, aport, p;

	(void)state;
	assert_int_equal(alloc_unbound(V(d1, 0), SELF, 0, &bport), 0);
	assert_int_equal(bind_interdomain(V(d0, 2), 1, bport, &aport), 0);
	assert_int_equal(aport, 1);
	expect_status(V(d0, 0), SELF, aport, VESTA_EVTCHNSTAT_interdomain, 0,
		      1, bport);
	expect_status(V(d1, 0), SELF, bport, VESTA_EVTCHNSTAT_interdomain, 0,
		      0, aport);
	/* Binding raises the new local port (missed sends are not lost). */
	assert_true(pending(d0, aport));
	assert_true(sel(d0, 0, aport));
	assert_int_equal(SI(d0)->vcpu_info[0].evtchn_upcall_pending, 1);
	assert_int_equal(fake_upcalls(V(d0, 0)), 1);
	assert_false(pending(d1, bport));

	/* A bound port cannot be bound again. */
	assert_int_equal(bind_interdomain(V(d0, 0), 1, bport, NULL), -EINVAL);
	/* Offered to another domain: d1 offers port to d1 only. */
	assert_int_equal(alloc_unbound(V(d1, 0), SELF, SELF, &p), 0);
	assert_int_equal(bind_interdomain(V(d0, 0), 1, p, NULL), -EINVAL);
	/* Free, reserved and out-of-range remote ports. */
	assert_int_equal(bind_interdomain(V(d0, 0), 1, 0, NULL), -EINVAL);
	assert_int_equal(bind_interdomain(V(d0, 0), 1, 100, NULL), -EINVAL);
	assert_int_equal(bind_interdomain(V(d0, 0), 1, 4096, NULL), -EINVAL);
	assert_int_equal(bind_interdomain(V(d0, 0), 1, 0xffffffff, NULL),
			 -EINVAL);
	assert_int_equal(bind_interdomain(V(d0, 0), 7, 1, NULL), -ESRCH);
	assert_int_equal(bind_interdomain(V(d0, 0), 0xffff, 1, NULL), -ESRCH);
	/* No local port was leaked by the failures. */
	assert_int_equal(d0->evtchn[2].state, EVTCHN_FREE);
}

static void test_send_both_ways(void **state)
{
	uint32_t bport, aport;

	(void)state;
	assert_int_equal(alloc_unbound(V(d0, 0), SELF, 1, &aport), 0);
	assert_int_equal(bind_interdomain(V(d1, 1), 0, aport, &bport), 0);
	guest_ack_all(d0);
	guest_ack_all(d1);
	fake_counters_reset();

	assert_int_equal(ev_send(V(d0, 3), aport), 0);
	assert_true(pending(d1, bport));
	assert_true(sel(d1, 0, bport));
	assert_int_equal(fake_upcalls(V(d1, 0)), 1);
	assert_false(pending(d0, aport));
	assert_int_equal(fake_poll_wakes(), 1);
	assert_ptr_equal(fake_last_poll_domain(), d1);
	assert_int_equal(fake_last_poll_port(), bport);

	/* Move d0's end to vCPU 2: the event goes to its selector. */
	assert_int_equal(bind_vcpu(V(d0, 0), aport, 2), 0);
	assert_int_equal(ev_send(V(d1, 0), bport), 0);
	assert_true(pending(d0, aport));
	assert_true(sel(d0, 2, aport));
	assert_false(sel(d0, 0, aport));
	assert_int_equal(fake_upcalls(V(d0, 2)), 1);
	expect_status(V(d0, 0), SELF, aport, VESTA_EVTCHNSTAT_interdomain, 2,
		      1, bport);
}

static void test_close_makes_peer_unbound(void **state)
{
	uint32_t bport, aport, again;

	(void)state;
	assert_int_equal(alloc_unbound(V(d1, 0), SELF, 0, &bport), 0);
	assert_int_equal(bind_interdomain(V(d0, 0), 1, bport, &aport), 0);
	assert_int_equal(ev_send(V(d0, 0), aport), 0);
	assert_true(pending(d1, bport));

	assert_int_equal(ev_close(V(d0, 1), aport), 0);
	expect_status(V(d0, 0), SELF, aport, VESTA_EVTCHNSTAT_closed, 0, 0, 0);
	assert_false(pending(d0, aport));	/* stale bit cleared */
	expect_status(V(d1, 0), SELF, bport, VESTA_EVTCHNSTAT_unbound, 0, 0, 0);
	/* Sending on an unbound port is silently dropped (Xen). */
	guest_ack_all(d1);
	assert_int_equal(ev_send(V(d1, 0), bport), 0);
	assert_false(pending(d1, bport));
	assert_int_equal(ev_close(V(d0, 0), aport), -EINVAL);

	/* The port is offered to d0 again: it can reconnect. */
	assert_int_equal(bind_interdomain(V(d0, 0), 1, bport, &again), 0);
	assert_int_equal(again, aport);
	/* Closing the other side works the same way. */
	assert_int_equal(ev_close(V(d1, 0), bport), 0);
	expect_status(V(d0, 0), SELF, aport, VESTA_EVTCHNSTAT_unbound, 0, 1, 0);
	assert_int_equal(ev_send(V(d0, 0), aport), 0);
}

static void test_destroy_makes_peer_unbound(void **state)
{
	struct vesta_evtchn_status st;
	uint32_t bport, aport, a2, b2;

	(void)state;
	assert_int_equal(alloc_unbound(V(d1, 0), SELF, 0, &bport), 0);
	assert_int_equal(bind_interdomain(V(d0, 0), 1, bport, &aport), 0);
	assert_int_equal(alloc_unbound(V(d0, 0), SELF, 1, &a2), 0);
	assert_int_equal(bind_interdomain(V(d1, 0), 0, a2, &b2), 0);
	assert_int_equal(bind_ipi(V(d1, 0), 1, NULL), 0);
	assert_true(shim_pages_outstanding() > 0);

	fake_domain_destroy(d1);
	d1 = NULL;
	expect_status(V(d0, 0), SELF, aport, VESTA_EVTCHNSTAT_unbound, 0, 1, 0);
	expect_status(V(d0, 0), SELF, a2, VESTA_EVTCHNSTAT_unbound, 0, 1, 0);
	assert_int_equal(ev_send(V(d0, 0), aport), 0);
	assert_int_equal(bind_interdomain(V(d0, 0), 1, bport, NULL), -ESRCH);
	expect_status(V(d0, 0), 0, aport, VESTA_EVTCHNSTAT_unbound, 0, 1, 0);
	assert_int_equal(ev_status(V(d0, 0), 1, 1, &st), -ESRCH);

	/* A new domain 1 may take the offer up again. */
	d1 = fake_domain_create(1, 2, false);
	assert_non_null(d1);
	assert_int_equal(bind_interdomain(V(d1, 0), 0, aport, &b2), 0);
	expect_status(V(d0, 0), SELF, aport, VESTA_EVTCHNSTAT_interdomain, 0,
		      1, b2);
}

/* A dying peer cannot be looked up: the close still succeeds locally. */
static void test_close_with_dying_peer(void **state)
{
	uint32_t bport, aport;

	(void)state;
	assert_int_equal(alloc_unbound(V(d1, 0), SELF, 0, &bport), 0);
	assert_int_equal(bind_interdomain(V(d0, 0), 1, bport, &aport), 0);
	fake_domain_unlist(d1);
	assert_int_equal(ev_send(V(d0, 0), aport), 0);
	assert_false(pending(d1, bport));
	assert_int_equal(ev_close(V(d0, 0), aport), 0);
	/* d1's end was not touched (its teardown will find no partner). */
	assert_int_equal(d1->evtchn[bport].state, EVTCHN_INTERDOMAIN);
	/* d0 reuses the port for something else; d1's teardown leaves it. */
	assert_int_equal(bind_ipi(V(d0, 0), 0, &aport), 0);
	/* A send from d1's stale end must not reach the reused port. */
	guest_ack_all(d0);
	assert_int_equal(ev_send(V(d1, 0), bport), 0);
	assert_false(pending(d0, aport));
	fake_domain_destroy(d1);
	d1 = NULL;
	expect_status(V(d0, 0), SELF, aport, VESTA_EVTCHNSTAT_ipi, 0, 0, 0);
}

static void test_loopback(void **state)
{
	uint32_t p1, p2;

	(void)state;
	assert_int_equal(alloc_unbound(V(d1, 0), SELF, SELF, &p1), 0);
	assert_int_equal(bind_interdomain(V(d1, 1), SELF, p1, &p2), 0);
	expect_status(V(d1, 0), SELF, p1, VESTA_EVTCHNSTAT_interdomain, 0, 1,
		      p2);
	expect_status(V(d1, 0), SELF, p2, VESTA_EVTCHNSTAT_interdomain, 0, 1,
		      p1);
	guest_ack_all(d1);
	assert_int_equal(ev_send(V(d1, 0), p1), 0);
	assert_true(pending(d1, p2));
	assert_false(pending(d1, p1));
	assert_int_equal(ev_send(V(d1, 0), p2), 0);
	assert_true(pending(d1, p1));
	assert_int_equal(ev_close(V(d1, 0), p2), 0);
	expect_status(V(d1, 0), SELF, p1, VESTA_EVTCHNSTAT_unbound, 0, 1, 0);
	/* Own id as remote_dom is loopback too. */
	assert_int_equal(bind_interdomain(V(d1, 0), 1, p1, &p2), 0);
	assert_int_equal(ev_reset(V(d1, 0), SELF), 0);
	expect_status(V(d1, 0), SELF, p1, VESTA_EVTCHNSTAT_closed, 0, 0, 0);
	expect_status(V(d1, 0), SELF, p2, VESTA_EVTCHNSTAT_closed, 0, 0, 0);
}

/* ---- VIRQs and IPIs ------------------------------------------------- */

static void test_bind_virq_rules(void **state)
{
	uint32_t t[4], con, argo, p;

	(void)state;
	for (unsigned int v = 0; v < 4; v++) {
		assert_int_equal(bind_virq(V(d0, v), VESTA_VIRQ_TIMER, v,
					   &t[v]), 0);
		assert_int_equal(V(d0, v)->virq_to_port[VESTA_VIRQ_TIMER],
				 t[v]);
		expect_status(V(d0, 0), SELF, t[v], VESTA_EVTCHNSTAT_virq, v, 0,
			      VESTA_VIRQ_TIMER);
	}
	assert_int_equal(bind_virq(V(d0, 0), VESTA_VIRQ_TIMER, 2, NULL),
			 -EEXIST);
	assert_int_equal(bind_virq(V(d0, 0), VESTA_VIRQ_DEBUG, 3, &p), 0);
	/* Global VIRQs: privileged, on vCPU 0 only. */
	assert_int_equal(bind_virq(V(d0, 0), VESTA_VIRQ_CONSOLE, 1, NULL),
			 -EINVAL);
	assert_int_equal(bind_virq(V(d0, 1), VESTA_VIRQ_CONSOLE, 0, &con), 0);
	assert_int_equal(V(d0, 0)->virq_to_port[VESTA_VIRQ_CONSOLE], con);
	assert_int_equal(bind_virq(V(d0, 0), VESTA_VIRQ_CONSOLE, 0, NULL),
			 -EEXIST);
	assert_int_equal(bind_virq(V(d1, 0), VESTA_VIRQ_CONSOLE, 0, NULL),
			 -EBUSY);
	assert_int_equal(bind_virq(V(d1, 0), VESTA_VIRQ_MCA, 0, NULL), -EBUSY);
	/* Per-domain (ARGO): anyone, vCPU 0. */
	assert_int_equal(bind_virq(V(d1, 0), VESTA_VIRQ_ARGO, 1, NULL),
			 -EINVAL);
	assert_int_equal(bind_virq(V(d1, 0), VESTA_VIRQ_ARGO, 0, &argo), 0);
	/* Hostile numbers. */
	assert_int_equal(bind_virq(V(d0, 0), NR_VIRQS, 0, NULL), -EINVAL);
	assert_int_equal(bind_virq(V(d0, 0), (uint32_t)-1, 0, NULL), -EINVAL);
	assert_int_equal(bind_virq(V(d0, 0), 0x80000000u, 0, NULL), -EINVAL);
	assert_int_equal(bind_virq(V(d0, 0), VESTA_VIRQ_XENPMU, 4, NULL),
			 -ENOENT);
	assert_int_equal(bind_virq(V(d0, 0), VESTA_VIRQ_XENPMU, 0xffffffff,
				   NULL), -ENOENT);
	assert_int_equal(bind_virq(V(d0, 0), VESTA_VIRQ_CONSOLE, 0xffffffff,
				   NULL), -EINVAL);
	/* Sending on a VIRQ port is not allowed. */
	assert_int_equal(ev_send(V(d0, 0), t[0]), -EINVAL);
	/* bind_vcpu: global yes, per-vCPU no. */
	assert_int_equal(bind_vcpu(V(d0, 0), t[1], 0), -EINVAL);
	assert_int_equal(bind_vcpu(V(d0, 0), con, 3), 0);
	expect_status(V(d0, 0), SELF, con, VESTA_EVTCHNSTAT_virq, 3, 0,
		      VESTA_VIRQ_CONSOLE);
	/* Close unbinds; the VIRQ can be bound again. */
	assert_int_equal(ev_close(V(d0, 2), t[2]), 0);
	assert_int_equal(V(d0, 2)->virq_to_port[VESTA_VIRQ_TIMER], 0);
	assert_int_equal(bind_virq(V(d0, 2), VESTA_VIRQ_TIMER, 2, &p), 0);
	assert_int_equal(p, t[2]);
	assert_int_equal(ev_close(V(d0, 0), con), 0);
	assert_int_equal(V(d0, 0)->virq_to_port[VESTA_VIRQ_CONSOLE], 0);
}

static void test_virq_delivery(void **state)
{
	uint32_t t1, con;

	(void)state;
	assert_int_equal(bind_virq(V(d0, 1), VESTA_VIRQ_TIMER, 1, &t1), 0);
	assert_int_equal(bind_virq(V(d0, 0), VESTA_VIRQ_CONSOLE, 0, &con), 0);
	assert_int_equal(bind_vcpu(V(d0, 0), con, 2), 0);
	guest_ack_all(d0);
	fake_counters_reset();

	send_guest_vcpu_virq(V(d0, 1), VESTA_VIRQ_TIMER);
	assert_true(pending(d0, t1));
	assert_true(sel(d0, 1, t1));
	assert_int_equal(fake_upcalls(V(d0, 1)), 1);
	/* Not bound on vCPU 3: nothing. */
	send_guest_vcpu_virq(V(d0, 3), VESTA_VIRQ_TIMER);
	assert_int_equal(fake_upcalls_total(), 1);
	send_guest_global_virq(d0, VESTA_VIRQ_CONSOLE);
	assert_true(pending(d0, con));
	assert_true(sel(d0, 2, con));
	assert_int_equal(fake_upcalls(V(d0, 2)), 1);
	send_guest_global_virq(d1, VESTA_VIRQ_CONSOLE);	/* unbound */
	assert_int_equal(fake_upcalls_total(), 2);
	after_call();
}

static void test_bind_ipi(void **state)
{
	uint32_t p;

	(void)state;
	assert_int_equal(bind_ipi(V(d1, 0), 1, &p), 0);
	expect_status(V(d1, 0), SELF, p, VESTA_EVTCHNSTAT_ipi, 1, 0, 0);
	assert_int_equal(bind_ipi(V(d1, 0), 2, NULL), -ENOENT);
	assert_int_equal(bind_ipi(V(d1, 0), 0xffffffff, NULL), -ENOENT);
	assert_int_equal(bind_ipi(V(d1, 0), 0x80000000u, NULL), -ENOENT);
	assert_int_equal(bind_vcpu(V(d1, 0), p, 0), -EINVAL);
	assert_int_equal(ev_send(V(d1, 0), p), 0);
	assert_true(pending(d1, p));
	assert_true(sel(d1, 1, p));
	assert_false(sel(d1, 0, p));
}

static void test_bind_pirq(void **state)
{
	struct vesta_evtchn_bind_pirq a = { 5, 0, 0 };

	(void)state;
	assert_int_equal(hc(V(d0, 0), VESTA_EVTCHNOP_bind_pirq, &a,
			    sizeof(a)), -ENOSYS);
	assert_int_equal(hc(V(d1, 0), VESTA_EVTCHNOP_bind_pirq, &a,
			    sizeof(a)), -EPERM);
}

/* ---- status, bind_vcpu, unmask, reset --------------------------------- */

static void test_status(void **state)
{
	struct vesta_evtchn_status st;
	uint32_t p;

	(void)state;
	assert_int_equal(alloc_unbound(V(d1, 0), SELF, 0, &p), 0);
	/* Reserved and free ports in range: closed, vCPU 0, u zeroed. */
	expect_status(V(d1, 0), SELF, 0, VESTA_EVTCHNSTAT_closed, 0, 0, 0);
	expect_status(V(d1, 0), SELF, 4095, VESTA_EVTCHNSTAT_closed, 0, 0, 0);
	assert_int_equal(ev_status(V(d1, 0), SELF, 4096, &st), -EINVAL);
	assert_int_equal(ev_status(V(d1, 0), SELF, 0xffffffff, &st), -EINVAL);
	/* Another domain's ports: privileged callers only. */
	assert_int_equal(ev_status(V(d1, 0), 0, 1, &st), -EPERM);
	assert_int_equal(ev_status(V(d1, 0), 7, 1, &st), -EPERM);
	expect_status(V(d0, 0), 1, p, VESTA_EVTCHNSTAT_unbound, 0, 0, 0);
	assert_int_equal(ev_status(V(d0, 0), 7, 1, &st), -ESRCH);
	assert_int_equal(ev_status(V(d0, 0), 1, 4096, &st), -EINVAL);
}

static void test_bind_vcpu(void **state)
{
	uint32_t p;

	(void)state;
	assert_int_equal(alloc_unbound(V(d0, 0), SELF, 1, &p), 0);
	assert_int_equal(bind_vcpu(V(d0, 0), p, 3), 0);
	expect_status(V(d0, 0), SELF, p, VESTA_EVTCHNSTAT_unbound, 3, 1, 0);
	assert_int_equal(bind_vcpu(V(d0, 0), p, 4), -ENOENT);
	assert_int_equal(bind_vcpu(V(d0, 0), p, 0xffffffff), -ENOENT);
	assert_int_equal(bind_vcpu(V(d0, 0), 2, 1), -EINVAL);	/* free */
	assert_int_equal(bind_vcpu(V(d0, 0), 0, 1), -EINVAL);
	assert_int_equal(bind_vcpu(V(d0, 0), 4096, 1), -EINVAL);
	assert_int_equal(bind_vcpu(V(d0, 0), 0xffffffff, 1), -EINVAL);
	/* A freed and reused port starts on vCPU 0 again. */
	assert_int_equal(ev_close(V(d0, 0), p), 0);
	assert_int_equal(alloc_unbound(V(d0, 0), SELF, 1, &p), 0);
	expect_status(V(d0, 0), SELF, p, VESTA_EVTCHNSTAT_unbound, 0, 1, 0);
}

static void test_reset(void **state)
{
	uint32_t a1, b1, hv;
	struct vesta_evtchn_status st;

	(void)state;
	assert_int_equal(alloc_unbound(V(d1, 0), SELF, 0, &b1), 0);
	assert_int_equal(bind_interdomain(V(d0, 0), 1, b1, &a1), 0);
	assert_int_equal(bind_virq(V(d1, 1), VESTA_VIRQ_TIMER, 1, NULL), 0);
	assert_int_equal(bind_ipi(V(d1, 0), 0, NULL), 0);
	hv = (uint32_t)evtchn_alloc_hv_port(d1, 0, hv_never,
					    NULL);
	assert_true(hv > 0);

	assert_int_equal(ev_reset(V(d1, 0), 0), -EPERM);
	assert_int_equal(ev_reset(V(d1, 0), 7), -EPERM);
	assert_int_equal(ev_reset(V(d0, 0), 7), -ESRCH);
	assert_int_equal(ev_reset(V(d1, 0), SELF), 0);
	for (uint32_t p = 1; p < EVTCHN_2L_PORTS; p++)
		if (p != hv)
			assert_int_equal(d1->evtchn[p].state, EVTCHN_FREE);
	assert_int_equal(V(d1, 1)->virq_to_port[VESTA_VIRQ_TIMER], 0);
	/* The hypervisor's port survives a guest reset. */
	expect_status(V(d1, 0), SELF, hv, VESTA_EVTCHNSTAT_interdomain, 0, 0,
		      0);
	expect_status(V(d0, 0), SELF, a1, VESTA_EVTCHNSTAT_unbound, 0, 1, 0);
	/* The privileged domain may reset another one. */
	assert_int_equal(bind_ipi(V(d1, 0), 0, &b1), 0);
	assert_int_equal(ev_reset(V(d0, 0), 1), 0);
	assert_int_equal(ev_status(V(d1, 0), SELF, b1, &st), 0);
	assert_int_equal(st.status, VESTA_EVTCHNSTAT_closed);
	assert_int_equal(evtchn_free_hv_port(d1, hv), 0);
}

static void test_unmask_errors(void **state)
{
	(void)state;
	assert_int_equal(ev_unmask(V(d0, 0), 4096), -EINVAL);
	assert_int_equal(ev_unmask(V(d0, 0), 0xffffffff), -EINVAL);
	/* In range: allowed even when free (the bit is guest memory). */
	guest_mask(d0, 77, true);
	assert_int_equal(ev_unmask(V(d0, 0), 77), 0);
	assert_false(SI(d0)->evtchn_mask[1] & (1ULL << 13));
	assert_int_equal(fake_upcalls_total(), 0);
	assert_int_equal(ev_close(V(d0, 0), 4096), -EINVAL);
	assert_int_equal(ev_close(V(d0, 0), 0), -EINVAL);
	assert_int_equal(ev_close(V(d0, 0), 5), -EINVAL);
	assert_int_equal(ev_send(V(d0, 0), 0), -EINVAL);
	assert_int_equal(ev_send(V(d0, 0), 5), -EINVAL);
	assert_int_equal(ev_send(V(d0, 0), 0xffffffff), -EINVAL);
}

/* ---- the 2-level protocol, bit by bit --------------------------------- */

static void test_2l_protocol(void **state)
{
	uint32_t p;
	struct vesta_vcpu_info *vi = &SI(d0)->vcpu_info[1];

	(void)state;
	assert_int_equal(bind_ipi(V(d0, 0), 1, &p), 0);
	fake_counters_reset();

	/* Unmasked: pending, selector, upcall; one poll wake-up. */
	assert_int_equal(ev_send(V(d0, 0), p), 0);
	assert_true(pending(d0, p));
	assert_true(sel(d0, 1, p));
	assert_int_equal(vi->evtchn_upcall_pending, 1);
	assert_int_equal(fake_upcalls(V(d0, 1)), 1);
	assert_int_equal(fake_poll_wakes(), 1);
	assert_true(evtchn_port_is_pending(d0, p));

	/* Already pending: nothing at all happens. */
	vi->evtchn_upcall_pending = 0;
	assert_int_equal(ev_send(V(d0, 0), p), 0);
	assert_int_equal(vi->evtchn_upcall_pending, 0);
	assert_int_equal(fake_upcalls_total(), 1);
	assert_int_equal(fake_poll_wakes(), 1);

	/* Pending cleared, selector still set: no new upcall. */
	guest_ack_all(d0);
	vi->evtchn_pending_sel = 1ULL << (p / 64);
	assert_int_equal(ev_send(V(d0, 0), p), 0);
	assert_true(pending(d0, p));
	assert_int_equal(vi->evtchn_upcall_pending, 0);
	assert_int_equal(fake_upcalls_total(), 1);
	assert_int_equal(fake_poll_wakes(), 2);

	/* Masked: pending only, but pollers still wake. */
	guest_ack_all(d0);
	guest_mask(d0, p, true);
	assert_int_equal(ev_send(V(d0, 0), p), 0);
	assert_true(pending(d0, p));
	assert_false(sel(d0, 1, p));
	assert_int_equal(vi->evtchn_upcall_pending, 0);
	assert_int_equal(fake_upcalls_total(), 1);
	assert_int_equal(fake_poll_wakes(), 3);
}

static void test_2l_unmask(void **state)
{
	uint32_t p;
	struct vesta_vcpu_info *vi = &SI(d0)->vcpu_info[1];

	(void)state;
	assert_int_equal(bind_ipi(V(d0, 0), 1, &p), 0);
	guest_mask(d0, p, true);
	assert_int_equal(ev_send(V(d0, 0), p), 0);
	assert_int_equal(fake_upcalls_total(), 0);

	/* Unmask with pending set: re-delivered to the bound vCPU. */
	assert_int_equal(ev_unmask(V(d0, 3), p), 0);
	assert_false(SI(d0)->evtchn_mask[p / 64] & (1ULL << (p % 64)));
	assert_true(sel(d0, 1, p));
	assert_int_equal(vi->evtchn_upcall_pending, 1);
	assert_int_equal(fake_upcalls(V(d0, 1)), 1);

	/* Unmask of an unmasked port: nothing. */
	vi->evtchn_upcall_pending = 0;
	vi->evtchn_pending_sel = 0;
	assert_int_equal(ev_unmask(V(d0, 0), p), 0);
	assert_int_equal(vi->evtchn_pending_sel, 0);
	assert_int_equal(fake_upcalls_total(), 1);

	/* Masked but not pending: the mask just goes. */
	guest_ack_all(d0);
	guest_mask(d0, p, true);
	assert_int_equal(ev_unmask(V(d0, 0), p), 0);
	assert_false(SI(d0)->evtchn_mask[p / 64] & (1ULL << (p % 64)));
	assert_int_equal(vi->evtchn_pending_sel, 0);

	/* Masked and pending with the selector already set: no upcall. */
	guest_mask(d0, p, true);
	assert_int_equal(ev_send(V(d0, 0), p), 0);
	vi->evtchn_pending_sel = 1ULL << (p / 64);
	assert_int_equal(ev_unmask(V(d0, 0), p), 0);
	assert_int_equal(fake_upcalls_total(), 1);
	assert_int_equal(vi->evtchn_upcall_pending, 0);

	/* Closing clears the pending bit. */
	assert_int_equal(ev_close(V(d0, 0), p), 0);
	assert_false(pending(d0, p));
	assert_false(evtchn_port_is_pending(d0, p));
	assert_false(evtchn_port_is_pending(d0, 4096));
	assert_false(evtchn_port_is_pending(d0, 0xffffffff));
}

/* Ports beyond 63 use selector bits beyond 0. */
static void test_2l_words(void **state)
{
	uint32_t p = 0;

	(void)state;
	for (unsigned int i = 0; i < 200; i++)
		assert_int_equal(bind_ipi(V(d0, 0), 2, &p), 0);
	assert_int_equal(p, 200);
	guest_ack_all(d0);
	assert_int_equal(ev_send(V(d0, 0), 200), 0);
	assert_int_equal(ev_send(V(d0, 0), 64), 0);
	assert_int_equal(SI(d0)->vcpu_info[2].evtchn_pending_sel,
			 (1ULL << 3) | (1ULL << 1));
	assert_int_equal(SI(d0)->evtchn_pending[3], 1ULL << 8);
	assert_int_equal(SI(d0)->evtchn_pending[1], 1ULL);
	assert_int_equal(fake_upcalls(V(d0, 2)), 1 + 1);
}

/* A vCPU without vcpu_info (id >= 32, not registered) gets the bit only. */
static void test_vcpu_without_info(void **state)
{
	struct domain *d = fake_domain_create(9, 40, false);
	uint32_t p;

	(void)state;
	assert_non_null(d);
	assert_null(d->vcpus[35]->vcpu_info);
	assert_int_equal(bind_ipi(d->vcpus[0], 35, &p), 0);
	assert_int_equal(ev_send(d->vcpus[0], p), 0);
	assert_true(pending(d, p));
	assert_int_equal(fake_upcalls(d->vcpus[35]), 0);
	assert_int_equal(bind_virq(d->vcpus[0], VESTA_VIRQ_TIMER, 39, &p), 0);
	send_guest_vcpu_virq(d->vcpus[39], VESTA_VIRQ_TIMER);
	assert_true(pending(d, p));
	fake_domain_destroy(d);
}

/* ---- FIFO, unknown ops, bad pointers, compat --------------------------- */

static void test_fifo_and_unknown(void **state)
{
	static const unsigned int cmds[] = {
		VESTA_EVTCHNOP_init_control, VESTA_EVTCHNOP_expand_array,
		VESTA_EVTCHNOP_set_priority, VESTA_EVTCHNOP_reset_cont, 15,
		255, 0x80000000u, 0xffffffffu,
	};

	(void)state;
	fake_set_current(V(d1, 0));
	for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++) {
		fake_guest_reset();
		assert_int_equal(do_event_channel_op(cmds[i], 0), -ENOSYS);
		/* The argument is not even read. */
		assert_int_equal(fake_guest_copies(), 0);
	}
	argbuf = fake_guest_alloc(64);
	after_call();
}

static void test_bad_pointers(void **state)
{
	static const uint64_t bad[] = {
		0, 4096, FAKE_GUEST_BASE - 4,
		FAKE_GUEST_BASE + FAKE_GUEST_SIZE - 1,
		0x8000000000000000ULL, ~0ULL, ~0ULL - 27,
	};
	uint32_t p;

	(void)state;
	fake_set_current(V(d0, 0));
	for (unsigned int cmd = 0; cmd <= VESTA_EVTCHNOP_reset; cmd++)
		for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
			assert_int_equal(do_event_channel_op(cmd, bad[i]),
					 -EFAULT);
			assert_int_equal(do_event_channel_op_compat(bad[i]),
					 -EFAULT);
			after_call();
		}
	for (p = 1; p < EVTCHN_2L_PORTS; p++)
		assert_int_equal(d0->evtchn[p].state, EVTCHN_FREE);

	/* Copy-out fault: -EFAULT, but the port exists (as in Xen). */
	fake_guest_fail_after(1);
	assert_int_equal(alloc_unbound(V(d0, 0), SELF, 1, &p), -EFAULT);
	fake_guest_fail_after(-1);
	assert_int_equal(d0->evtchn[1].state, EVTCHN_UNBOUND);
	/* A failed op copies nothing out: the guest sees its own error. */
	fake_guest_fail_after(1);
	assert_int_equal(alloc_unbound(V(d1, 0), 0, 1, &p), -EPERM);
	fake_guest_fail_after(-1);
}

static void test_compat(void **state)
{
	uint8_t *g = fake_guest_ptr(argbuf, 64);
	struct vesta_evtchn_alloc_unbound au = { SELF, 0, 0 };
	struct vesta_evtchn_status st;
	uint32_t cmd;

	(void)state;
	fake_set_current(V(d1, 0));
	memset(g, 0xee, 64);
	cmd = VESTA_EVTCHNOP_alloc_unbound;
	memcpy(g, &cmd, 4);
	memcpy(g + 4, &au, sizeof(au));
	assert_int_equal(do_event_channel_op_compat(argbuf), 0);
	memcpy(&au, g + 4, sizeof(au));
	assert_int_equal(au.port, 1);
	assert_int_equal(g[4 + sizeof(au)], 0xee);	/* nothing beyond */

	cmd = VESTA_EVTCHNOP_status;
	memset(&st, 0, sizeof(st));
	st.dom = SELF;
	st.port = 1;
	memcpy(g, &cmd, 4);
	memcpy(g + 4, &st, sizeof(st));
	assert_int_equal(do_event_channel_op_compat(argbuf), 0);
	memcpy(&st, g + 4, sizeof(st));
	assert_int_equal(st.status, VESTA_EVTCHNSTAT_unbound);

	/* Sub-ops outside the compat union, and junk. */
	for (cmd = VESTA_EVTCHNOP_reset; cmd <= 20; cmd++) {
		memcpy(g, &cmd, 4);
		assert_int_equal(do_event_channel_op_compat(argbuf), -ENOSYS);
	}
	cmd = 0xffffffffu;
	memcpy(g, &cmd, 4);
	assert_int_equal(do_event_channel_op_compat(argbuf), -ENOSYS);
	/* The struct may not wrap around the top of the address space. */
	assert_int_equal(do_event_channel_op_compat(~0ULL - 27), -EFAULT);
	after_call();
}

/* ---- exhaustion --------------------------------------------------------- */

static void test_exhaustion(void **state)
{
	uint32_t p = 0;

	(void)state;
	for (uint32_t i = 1; i < EVTCHN_2L_PORTS; i++) {
		assert_int_equal(alloc_unbound(V(d1, 0), SELF, 0, &p), 0);
		assert_int_equal(p, i);
	}
	assert_int_equal(alloc_unbound(V(d1, 0), SELF, 0, NULL), -ENOSPC);
	assert_int_equal(bind_ipi(V(d1, 0), 0, NULL), -ENOSPC);
	assert_int_equal(bind_virq(V(d1, 0), VESTA_VIRQ_TIMER, 0, NULL),
			 -ENOSPC);
	assert_int_equal(V(d1, 0)->virq_to_port[VESTA_VIRQ_TIMER], 0);
	assert_int_equal(evtchn_alloc_hv_port(d1, 0, hv_never,
					      NULL), -ENOSPC);
	/* d1 full: a bind from d0 to it works, but d0 full fails cleanly. */
	assert_int_equal(bind_interdomain(V(d0, 0), 1, 77, &p), 0);
	assert_int_equal(ev_close(V(d1, 0), 1234), 0);
	assert_int_equal(bind_ipi(V(d1, 1), 1, &p), 0);
	assert_int_equal(p, 1234);
	for (uint32_t i = 2; i < EVTCHN_2L_PORTS; i++)
		assert_int_equal(bind_ipi(V(d0, 0), 0, NULL), 0);
	assert_int_equal(alloc_unbound(V(d1, 0), SELF, 0, NULL), -ENOSPC);
	assert_int_equal(ev_close(V(d1, 0), 3000), 0);
	assert_int_equal(alloc_unbound(V(d1, 0), SELF, 0, &p), 0);
	assert_int_equal(p, 3000);
	assert_int_equal(bind_interdomain(V(d0, 0), 1, 3000, NULL), -ENOSPC);
	expect_status(V(d1, 0), SELF, 3000, VESTA_EVTCHNSTAT_unbound, 0, 0, 0);
}

/* ---- hypervisor-side ports ------------------------------------------- */

static unsigned int hv_calls;
static struct domain *hv_d;
static uint32_t hv_port;
static void *hv_data;

static void hv_handler(struct domain *d, uint32_t port, void *data)
{
	/* Runs with no event-channel lock held: it may raise the port. */
	assert_int_equal(shim_locks_held(), 0);
	hv_calls++;
	hv_d = d;
	hv_port = port;
	hv_data = data;
	assert_int_equal(evtchn_raise(d, port), 0);
}

static void test_hv_port(void **state)
{
	int port;
	uint32_t p;
	static int cookie;

	(void)state;
	assert_int_equal(evtchn_alloc_hv_port(d1, 0, NULL, NULL), -EINVAL);
	port = evtchn_alloc_hv_port(d1, 0, hv_handler, &cookie);
	assert_int_equal(port, 1);
	expect_status(V(d1, 0), SELF, 1, VESTA_EVTCHNSTAT_interdomain, 0, 0, 0);
	guest_ack_all(d1);

	/* The guest's send reaches the handler, which answers. */
	assert_int_equal(ev_send(V(d1, 1), 1), 0);
	assert_int_equal(hv_calls, 1);
	assert_ptr_equal(hv_d, d1);
	assert_int_equal(hv_port, 1);
	assert_ptr_equal(hv_data, &cookie);
	assert_true(pending(d1, 1));
	assert_true(sel(d1, 0, 1));

	/* Movable, not closable, not bindable by anyone else. */
	assert_int_equal(bind_vcpu(V(d1, 0), 1, 1), 0);
	assert_int_equal(ev_close(V(d1, 0), 1), -EINVAL);
	assert_int_equal(bind_interdomain(V(d0, 0), 1, 1, NULL), -EINVAL);
	assert_int_equal(evtchn_free_hv_port(d1, 2), -EINVAL);
	assert_int_equal(alloc_unbound(V(d1, 0), SELF, 0, &p), 0);
	assert_int_equal(evtchn_free_hv_port(d1, p), -EINVAL);
	assert_int_equal(evtchn_free_hv_port(d1, 4096), -EINVAL);
	assert_int_equal(evtchn_free_hv_port(d1, 1), 0);
	expect_status(V(d1, 0), SELF, 1, VESTA_EVTCHNSTAT_closed, 0, 0, 0);
	assert_false(pending(d1, 1));
	assert_int_equal(ev_send(V(d1, 0), 1), -EINVAL);
	assert_int_equal(hv_calls, 1);

	/* Teardown frees it too. */
	assert_true(evtchn_alloc_hv_port(d1, 0, hv_handler, NULL) > 0);
}

static void test_evtchn_raise(void **state)
{
	uint32_t p;

	(void)state;
	assert_int_equal(evtchn_raise(d1, 0), -EINVAL);
	assert_int_equal(evtchn_raise(d1, 1), -EINVAL);
	assert_int_equal(evtchn_raise(d1, 4096), -EINVAL);
	assert_int_equal(evtchn_raise(d1, 0xffffffff), -EINVAL);
	assert_int_equal(alloc_unbound(V(d1, 0), SELF, 0, &p), 0);
	assert_int_equal(bind_vcpu(V(d1, 0), p, 1), 0);
	assert_int_equal(evtchn_raise(d1, p), 0);
	assert_true(pending(d1, p));
	assert_true(sel(d1, 1, p));
	after_call();
}

static void test_dump(void **state)
{
	uint32_t p;

	(void)state;
	assert_int_equal(bind_virq(V(d0, 0), VESTA_VIRQ_TIMER, 0, &p), 0);
	assert_int_equal(alloc_unbound(V(d0, 0), SELF, 1, &p), 0);
	assert_true(evtchn_alloc_hv_port(d0, 1, hv_handler, NULL) > 0);
	shim_log_reset();
	evtchn_dump(d0);
	assert_non_null(strstr(shim_log_text(), "d0: event channels"));
	assert_non_null(strstr(shim_log_text(), "port    1 virq"));
	assert_non_null(strstr(shim_log_text(), "port    2 unbound"));
	assert_non_null(strstr(shim_log_text(), "x=1 y=0 hv"));
	assert_int_equal(shim_log_count(), 4);
	/* Busy table: the dump does not wait. */
	spin_lock(&d0->event_lock);
	shim_log_reset();
	evtchn_dump(d0);
	spin_unlock(&d0->event_lock);
	assert_non_null(strstr(shim_log_text(), "busy"));
	after_call();
}

/* ---- model-based randomized run --------------------------------------- */

static uint64_t rng_state;

static uint8_t rng8(void)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint8_t)(rng_state >> 56);
}

static void run_model(uint64_t seed, unsigned int steps)
{
	struct model *m = model_create();
	uint8_t b[MODEL_OP_BYTES];
	struct model_op op;

	assert_non_null(m);
	rng_state = seed;
	for (unsigned int i = 0; i < steps; i++) {
		for (unsigned int j = 0; j < MODEL_OP_BYTES; j++)
			b[j] = rng8();
		model_decode(b, &op);
		if (model_step(m, &op)) {
			print_error("seed %llu step %u op %u caller %u: %s\n",
				    (unsigned long long)seed, i, op.kind,
				    op.caller, model_error(m));
			model_destroy(m);
			fail();
		}
	}
	assert_true(model_ports_in_use(m, 0) + model_ports_in_use(m, 1) > 0);
	model_destroy(m);
}

static void test_model_random(void **state)
{
	(void)state;
	fake_domain_destroy(d0);
	fake_domain_destroy(d1);
	d0 = d1 = NULL;
	for (uint64_t seed = 1; seed <= 6; seed++)
		run_model(seed, 2500);
	assert_int_equal(shim_pages_outstanding(), 0);
}

/* ---- concurrency ------------------------------------------------------ */

struct worker {
	struct vcpu *v;
	uint64_t gva;
	uint64_t seed;
	unsigned int iters;
};

static long worker_hc(struct worker *w, unsigned int cmd, void *op,
		      size_t len)
{
	void *g = fake_guest_ptr(w->gva, len);
	long rc;

	memcpy(g, op, len);
	rc = do_event_channel_op(cmd, w->gva);
	memcpy(op, g, len);
	if (shim_locks_held())
		abort();
	return rc;
}

static uint32_t wrand(struct worker *w)
{
	w->seed = w->seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(w->seed >> 33);
}

/* Random ops on low ports of both domains, racing the other threads. */
static void *worker_main(void *arg)
{
	struct worker *w = arg;
	domid_t other = w->v->domain->domain_id ^ 1;

	fake_set_current(w->v);
	for (unsigned int i = 0; i < w->iters; i++) {
		uint32_t r = wrand(w), port = 1 + (r >> 8) % 24;
		union {
			struct vesta_evtchn_alloc_unbound au;
			struct vesta_evtchn_bind_interdomain bi;
			struct vesta_evtchn_bind_ipi ipi;
			uint32_t port;
		} a;

		memset(&a, 0, sizeof(a));
		switch (r % 6) {
		case 0:
			a.au.dom = SELF;
			a.au.remote_dom = r & 0x80 ? SELF : other;
			worker_hc(w, VESTA_EVTCHNOP_alloc_unbound, &a, 8);
			break;
		case 1:
			a.bi.remote_dom = r & 0x80 ? SELF : other;
			a.bi.remote_port = port;
			worker_hc(w, VESTA_EVTCHNOP_bind_interdomain, &a, 12);
			break;
		case 2:
			a.ipi.vcpu = r & 1;
			worker_hc(w, VESTA_EVTCHNOP_bind_ipi, &a, 8);
			break;
		case 3:
			a.port = port;
			worker_hc(w, VESTA_EVTCHNOP_close, &a, 4);
			break;
		default:
			a.port = port;
			worker_hc(w, VESTA_EVTCHNOP_send, &a, 4);
			break;
		}
	}
	return NULL;
}

static void check_peers(struct domain *d)
{
	for (uint32_t p = 1; p < EVTCHN_2L_PORTS; p++) {
		const struct evtchn *c = &d->evtchn[p];
		struct domain *rd;
		const struct evtchn *r;

		if (c->state != EVTCHN_INTERDOMAIN)
			continue;
		rd = fake_domain_by_id(c->u.interdomain.remote_dom);
		assert_non_null(rd);
		r = &rd->evtchn[c->u.interdomain.remote_port];
		assert_int_equal(r->state, EVTCHN_INTERDOMAIN);
		assert_int_equal(r->u.interdomain.remote_dom, d->domain_id);
		assert_int_equal(r->u.interdomain.remote_port, p);
	}
}

static void test_threads(void **state)
{
	struct worker w[4];
	pthread_t t[4];

	(void)state;
	for (unsigned int i = 0; i < 4; i++) {
		w[i].v = V(i < 2 ? d0 : d1, i & 1);
		w[i].gva = fake_guest_alloc(64);
		w[i].seed = 1000 + i;
		w[i].iters = 40000;
		assert_int_equal(pthread_create(&t[i], NULL, worker_main,
						&w[i]), 0);
	}
	for (unsigned int i = 0; i < 4; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	after_call();
	check_peers(d0);
	check_peers(d1);
	/* Teardown of one side while the other keeps its ports. */
	fake_domain_destroy(d1);
	d1 = NULL;
	for (uint32_t p = 1; p < EVTCHN_2L_PORTS; p++)
		assert_false(d0->evtchn[p].state == EVTCHN_INTERDOMAIN &&
			     d0->evtchn[p].u.interdomain.remote_dom == 1);
	check_peers(d0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_init_and_destroy),
		T(test_alloc_unbound),
		T(test_bind_interdomain),
		T(test_send_both_ways),
		T(test_close_makes_peer_unbound),
		T(test_destroy_makes_peer_unbound),
		T(test_close_with_dying_peer),
		T(test_loopback),
		T(test_bind_virq_rules),
		T(test_virq_delivery),
		T(test_bind_ipi),
		T(test_bind_pirq),
		T(test_status),
		T(test_bind_vcpu),
		T(test_reset),
		T(test_unmask_errors),
		T(test_2l_protocol),
		T(test_2l_unmask),
		T(test_2l_words),
		T(test_vcpu_without_info),
		T(test_fifo_and_unknown),
		T(test_bad_pointers),
		T(test_compat),
		T(test_exhaustion),
		T(test_hv_port),
		T(test_evtchn_raise),
		T(test_dump),
		T(test_model_random),
		T(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
