/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Event-channel ping-pong of the PV benchmark kernel. One round trip is
 * a send and the wait for the answer. Two ways to wait: spinning on the
 * port's pending bit with events masked (then clearing it), or blocking in
 * SCHEDOP_block with the event delivered through the upcall. Between
 * domains (dom0 <-> an echoing domU) the answer comes from the peer; in
 * loopback both ends of one interdomain channel belong to this domain, so
 * a round trip is send(a), wait(b), send(b), wait(a). Both sides run the
 * same fixed schedule (handshake, then every spin round, then every block
 * round), so they need no other protocol. Not responsible for FIFO events
 * or for more than vCPU 0.
 */
#include "pvbench.h"

#define EV_BATCHES	15
#define EV_OPS		200
/* Round trips per mode, warm-up batch included. */
#define EV_ROUNDS	((EV_BATCHES + 1) * EV_OPS)
/* Spins before a yield, in case both ends share one pCPU. */
#define SPIN_YIELD	(1UL << 24)
#define NS_PER_S	1000000000ULL
#define PEER_WAIT_NS	(60 * NS_PER_S)

enum wait_mode { WAIT_SPIN, WAIT_BLOCK };

struct port {
	unsigned int nr;
	unsigned long want;		/* events awaited so far (block) */
	volatile unsigned long seen;	/* events the upcall handed us */
};

static unsigned long nr_yields;

static void on_event(unsigned int nr, void *arg)
{
	struct port *p = arg;

	(void)nr;
	p->seen++;
}

static long ev_op(int cmd, void *arg)
{
	return hypercall_event_channel_op(cmd, arg);
}

static void send(const struct port *p)
{
	struct vesta_evtchn_send s = { .port = p->nr };

	(void)ev_op(VESTA_EVTCHNOP_send, &s);
}

static void close_port(const struct port *p)
{
	struct vesta_evtchn_close c = { .port = p->nr };

	guest_evtchn_set_handler(p->nr, NULL, NULL);
	(void)ev_op(VESTA_EVTCHNOP_close, &c);
}

static void wait_spin(const struct port *p)
{
	unsigned long n = 0;

	while (!guest_evtchn_is_pending(p->nr)) {
		__asm__ volatile("pause" ::: "memory");
		if (++n == SPIN_YIELD) {
			nr_yields++;
			n = 0;
			(void)hypercall_sched_op(VESTA_SCHEDOP_yield, NULL);
		}
	}
	guest_evtchn_clear_pending(p->nr);
}

static void wait_block(struct port *p)
{
	p->want++;
	for (;;) {
		guest_events_disable();
		if (p->seen >= p->want)
			return;
		(void)hypercall_sched_op(VESTA_SCHEDOP_block, NULL);
	}
}

static void wait_event(struct port *p, enum wait_mode m)
{
	if (m == WAIT_SPIN)
		wait_spin(p);
	else
		wait_block(p);
}

/*
 * Before a block phase: count from what the handler has seen so far, then
 * let the upcall run once to clear the selector and upcall flags the spin
 * phase left set. An event that is already pending again (the peer may
 * be ahead of us) is delivered now and counts for the next wait.
 */
static void start_block_phase(struct port *p)
{
	p->want = p->seen;
	guest_events_enable();
	guest_events_disable();
}

static void attach(struct port *p, unsigned int nr)
{
	p->nr = nr;
	p->want = 0;
	p->seen = 0;
	guest_evtchn_clear_pending(nr);
	guest_evtchn_unmask(nr);
	guest_evtchn_set_handler(nr, on_event, p);
}

/* ---- loopback ---- */

static void loopback_phase(const char *name, struct port *a, struct port *b,
			   enum wait_mode m)
{
	static struct pvb_stat st;
	struct pvb_clock t0;

	pvb_stat_reset(&st);
	if (m == WAIT_BLOCK) {
		start_block_phase(a);
		start_block_phase(b);
	}
	for (unsigned int bt = 0; bt <= EV_BATCHES; bt++) {
		pvb_now(&t0);
		for (unsigned int i = 0; i < EV_OPS; i++) {
			send(a);
			wait_event(b, m);
			send(b);
			wait_event(a, m);
		}
		if (bt)
			pvb_stat_since(&st, &t0);
	}
	pvb_report(name, &st, EV_OPS);
}

void pvb_bench_loopback(void)
{
	struct vesta_evtchn_alloc_unbound au = {
		.dom = VESTA_DOMID_SELF, .remote_dom = VESTA_DOMID_SELF,
	};
	struct vesta_evtchn_bind_interdomain bi = {
		.remote_dom = VESTA_DOMID_SELF,
	};
	static struct port a, b;
	long rc;

	rc = ev_op(VESTA_EVTCHNOP_alloc_unbound, &au);
	if (!rc) {
		bi.remote_port = au.port;
		rc = ev_op(VESTA_EVTCHNOP_bind_interdomain, &bi);
	}
	if (rc) {
		guest_fail("loopback channel set-up: %ld", rc);
		pvb_skip("evtchn_loop_spin", "loopback-setup-refused");
		pvb_skip("evtchn_loop_block", "loopback-setup-refused");
		return;
	}
	attach(&a, au.port);
	attach(&b, bi.local_port);
	nr_yields = 0;
	loopback_phase("evtchn_loop_spin", &a, &b, WAIT_SPIN);
	loopback_phase("evtchn_loop_block", &a, &b, WAIT_BLOCK);
	close_port(&b);
	close_port(&a);
}

/* ---- between two domains ---- */

static void inter_phase(const char *name, struct port *p, enum wait_mode m)
{
	static struct pvb_stat st;
	struct pvb_clock t0;

	pvb_stat_reset(&st);
	nr_yields = 0;
	if (m == WAIT_BLOCK)
		start_block_phase(p);
	for (unsigned int bt = 0; bt <= EV_BATCHES; bt++) {
		pvb_now(&t0);
		for (unsigned int i = 0; i < EV_OPS; i++) {
			send(p);
			wait_event(p, m);
		}
		if (bt)
			pvb_stat_since(&st, &t0);
	}
	pvb_report(name, &st, EV_OPS);
	if (nr_yields)
		guest_printf("PVB-NOTE %s: %lu spin timeouts yielded\n", name,
			     nr_yields);
}

/* The peer's port offered to us, or 0 if there is none (yet). */
static unsigned int find_offer(unsigned int peer)
{
	struct vesta_evtchn_status st;

	for (unsigned int nr = 1; nr < 64; nr++) {
		st = (struct vesta_evtchn_status){ .dom = (uint16_t)peer,
						   .port = nr };
		if (ev_op(VESTA_EVTCHNOP_status, &st))
			continue;
		if (st.status == VESTA_EVTCHNSTAT_unbound &&
		    st.u.unbound.dom == 0)
			return nr;
	}
	return 0;
}

/* Bind to @peer's offer, waiting up to PEER_WAIT_NS for it. */
static long connect_peer(unsigned int peer, unsigned int *local)
{
	struct vesta_evtchn_bind_interdomain bi = {
		.remote_dom = (uint16_t)peer,
	};
	uint64_t end = guest_system_time() + PEER_WAIT_NS;
	long rc;

	while (!(bi.remote_port = find_offer(peer))) {
		if (guest_system_time() > end)
			return -VESTA_ETIMEDOUT;
		(void)hypercall_sched_op(VESTA_SCHEDOP_yield, NULL);
	}
	rc = ev_op(VESTA_EVTCHNOP_bind_interdomain, &bi);
	if (!rc)
		*local = bi.local_port;
	return rc;
}

void pvb_bench_interdomain(unsigned int peer)
{
	static struct port p;
	unsigned int nr;
	long rc = connect_peer(peer, &nr);

	if (rc) {
		guest_fail("no channel to d%u: %ld", peer, rc);
		pvb_skip("evtchn_inter_spin", "peer-never-offered-a-port");
		pvb_skip("evtchn_inter_block", "peer-never-offered-a-port");
		return;
	}
	guest_printf("PVB-NOTE connected to d%u: local port %u\n", peer, nr);
	attach(&p, nr);		/* drops the event the bind raised */
	send(&p);		/* handshake */
	wait_event(&p, WAIT_BLOCK);
	inter_phase("evtchn_inter_spin", &p, WAIT_SPIN);
	inter_phase("evtchn_inter_block", &p, WAIT_BLOCK);
	close_port(&p);
}

void pvb_echo_interdomain(void)
{
	struct vesta_evtchn_alloc_unbound au = {
		.dom = VESTA_DOMID_SELF, .remote_dom = 0,
	};
	static struct port p;
	long rc = ev_op(VESTA_EVTCHNOP_alloc_unbound, &au);

	if (rc) {
		guest_fail("offering a port to dom0: %ld", rc);
		return;
	}
	guest_printf("PVB-DOMU offering port %u to d0\n", au.port);
	attach(&p, au.port);
	wait_event(&p, WAIT_BLOCK);	/* handshake */
	send(&p);
	for (unsigned long i = 0; i < EV_ROUNDS; i++) {
		wait_event(&p, WAIT_SPIN);
		send(&p);
	}
	start_block_phase(&p);
	for (unsigned long i = 0; i < EV_ROUNDS; i++) {
		wait_event(&p, WAIT_BLOCK);
		send(&p);
	}
	guest_printf("PVB-DOMU echoed %lu events\n", 1 + 2UL * EV_ROUNDS);
	close_port(&p);
}
