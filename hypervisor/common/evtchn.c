/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Event channels with the 2-level ABI: each domain has a table of 4096
 * ports; the event_channel_op hypercalls allocate, connect, signal, query
 * and close them; delivery sets bits in the guest-visible shared_info
 * pending bitmap and the vCPU's selector word and asks for an upcall.
 * Interdomain ports name their peer by domain id and port; every use of
 * the peer looks it up again and checks that the peer's port still points
 * back, so a port of a dying or vanished domain is never followed blindly.
 * Locks: one event_lock per domain; two domains are locked in address
 * order. Not responsible for the upcall itself (vcpu_mark_events_pending),
 * for waking pollers (sched_poll_wake), for the FIFO ABI (-ENOSYS, the
 * guest falls back to 2-level) or for physical IRQs (bind_pirq refused).
 */
#include <string.h>
#include <vesta/domain.h>
#include <vesta/errno.h>
#include <vesta/event.h>
#include <vesta/guest-access.h>
#include <vesta/lib.h>
#include <vesta/mm.h>
#include <vesta/printk.h>
#include <public/event_channel.h>
#include <public/vesta.h>

#define WORD_BITS		64
/* 4096 ports x 32 bytes = 128 KiB = 2^5 pages of 4 KiB. */
#define EVTCHN_TABLE_ORDER	5
/* A close retries this often when the port is rebound under it. */
#define CLOSE_TRIES		4

BUILD_BUG_ON(sizeof(struct evtchn) * EVTCHN_2L_PORTS >
	     (4096UL << EVTCHN_TABLE_ORDER));
BUILD_BUG_ON(EVTCHN_2L_PORTS != VESTA_EVTCHN_2L_WORDS * WORD_BITS);
BUILD_BUG_ON(NR_VIRQS != VESTA_NR_VIRQS);

/* ------------------------------------------------------------------ */
/* Small helpers                                                      */

static bool virq_is_per_vcpu(unsigned int virq)
{
	return virq == VESTA_VIRQ_TIMER || virq == VESTA_VIRQ_DEBUG ||
	       virq == VESTA_VIRQ_XENOPROF || virq == VESTA_VIRQ_XENPMU;
}

/*
 * Global VIRQs report host-wide events, so only a privileged domain may
 * bind them (Xen: only the hardware domain by default; others -EBUSY).
 */
static bool virq_is_global(unsigned int virq)
{
	return !virq_is_per_vcpu(virq) && virq != VESTA_VIRQ_ARGO;
}

/* May @caller name domain @dom in an op? (G6: checked before any work.) */
static bool caller_may_access(const struct domain *caller, domid_t dom)
{
	return dom == VESTA_DOMID_SELF || dom == caller->domain_id ||
	       caller->is_privileged;
}

/* The port's slot, or NULL if out of range. Context: d->event_lock. */
static struct evtchn *port_lookup(const struct domain *d, uint32_t port)
{
	if (!d->evtchn || port >= d->max_evtchns)
		return NULL;
	return &d->evtchn[array_index_nospec(port, d->max_evtchns)];
}

static void lock_pair(struct domain *a, struct domain *b)
{
	if (a == b) {
		spin_lock(&a->event_lock);
	} else if ((uintptr_t)a < (uintptr_t)b) {
		spin_lock(&a->event_lock);
		spin_lock(&b->event_lock);
	} else {
		spin_lock(&b->event_lock);
		spin_lock(&a->event_lock);
	}
}

static void unlock_pair(struct domain *a, struct domain *b)
{
	if (a != b)
		spin_unlock(&b->event_lock);
	spin_unlock(&a->event_lock);
}

/* Does @rchn (a port of another domain) point back at @d's @port? */
static bool points_back(const struct evtchn *rchn, const struct domain *d,
			uint32_t port)
{
	return rchn->state == EVTCHN_INTERDOMAIN && !rchn->hv_handler &&
	       rchn->u.interdomain.remote_dom == d->domain_id &&
	       rchn->u.interdomain.remote_port == port;
}

/* Lowest free port, or -ENOSPC. Context: d->event_lock. */
static int alloc_port_locked(struct domain *d)
{
	uint32_t port;

	if (!d->evtchn)
		return -EINVAL;
	/* G4: bounded by the table size, which no guest controls. */
	for (port = 1; port < d->max_evtchns; port++) {
		if (d->evtchn[port].state == EVTCHN_FREE) {
			memset(&d->evtchn[port], 0, sizeof(d->evtchn[port]));
			return (int)port;
		}
	}
	return -ENOSPC;
}

/* ------------------------------------------------------------------ */
/* 2-level delivery                                                   */

static bool word_test_and_set(vesta_ulong_t *w, unsigned int bit)
{
	vesta_ulong_t m = 1ULL << bit;

	return __atomic_fetch_or(w, m, __ATOMIC_SEQ_CST) & m;
}

static bool word_test_and_clear(vesta_ulong_t *w, unsigned int bit)
{
	vesta_ulong_t m = 1ULL << bit;

	return __atomic_fetch_and(w, ~m, __ATOMIC_SEQ_CST) & m;
}

static bool word_test(vesta_ulong_t *w, unsigned int bit)
{
	return __atomic_load_n(w, __ATOMIC_SEQ_CST) & (1ULL << bit);
}

/* Ask @v for an upcall if @word's selector bit was clear. */
static void select_word(struct vcpu *v, unsigned int word)
{
	if (v && v->vcpu_info &&
	    !word_test_and_set(&v->vcpu_info->evtchn_pending_sel, word))
		vcpu_mark_events_pending(v);
}

/*
 * The order (pending, then mask, then selector) pairs with the guest's
 * scan, which clears the selector before the pending bits: an event is
 * either seen by a scan in progress or makes a new selector bit.
 */
static void set_pending(struct domain *d, struct vcpu *v, uint32_t port)
{
	struct vesta_shared_info *s = d->shared_info;
	unsigned int word, bit;

	if (port >= EVTCHN_2L_PORTS || !s)
		return;
	port = array_index_nospec(port, EVTCHN_2L_PORTS);
	word = port / WORD_BITS;
	bit = port % WORD_BITS;
	if (word_test_and_set(&s->evtchn_pending[word], bit))
		return;
	if (!word_test(&s->evtchn_mask[word], bit))
		select_word(v, word);
	/* Pollers wait on masked ports too (PV spinlocks): wake regardless. */
	sched_poll_wake(d, port);
}

void evtchn_set_pending(struct vcpu *v, uint32_t port)
{
	set_pending(v->domain, v, port);
}

/* Deliver @port to the vCPU it is bound to. Context: d->event_lock. */
static void raise_locked(struct domain *d, const struct evtchn *chn,
			 uint32_t port)
{
	set_pending(d, domain_vcpu(d, chn->notify_vcpu_id), port);
}

static void unmask_locked(struct domain *d, const struct evtchn *chn,
			  uint32_t port)
{
	struct vesta_shared_info *s = d->shared_info;
	unsigned int word, bit;

	if (port >= EVTCHN_2L_PORTS || !s)
		return;
	port = array_index_nospec(port, EVTCHN_2L_PORTS);
	word = port / WORD_BITS;
	bit = port % WORD_BITS;
	if (word_test_and_clear(&s->evtchn_mask[word], bit) &&
	    word_test(&s->evtchn_pending[word], bit))
		select_word(domain_vcpu(d, chn->notify_vcpu_id), word);
}

/* Forget @port: a stale pending bit would fire on the next binding. */
static void free_port_locked(struct domain *d, struct evtchn *chn,
			     uint32_t port)
{
	if (d->shared_info && port < EVTCHN_2L_PORTS) {
		port = array_index_nospec(port, EVTCHN_2L_PORTS);
		word_test_and_clear(&d->shared_info->evtchn_pending[port /
								    WORD_BITS],
				    port % WORD_BITS);
	}
	memset(chn, 0, sizeof(*chn));
}

/* ------------------------------------------------------------------ */
/* Closing                                                            */

static void unbind_virq_locked(struct domain *d, const struct evtchn *chn,
			       uint32_t port)
{
	unsigned int virq = chn->u.virq;
	struct vcpu *v;

	if (virq >= NR_VIRQS)
		return;
	virq = array_index_nospec(virq, NR_VIRQS);
	v = domain_vcpu(d, virq_is_per_vcpu(virq) ? chn->notify_vcpu_id : 0);
	if (v && v->virq_to_port[virq] == port)
		WRITE_ONCE(v->virq_to_port[virq], 0);
}

/*
 * Turn the peer's end of an interdomain port back into an unbound port
 * offered to @d. @peer is the domain locked for @rid (NULL if the lookup
 * failed: then the peer is dying and nothing on its side needs fixing).
 * Return: 0; -EAGAIN if the port now points at a domain not locked.
 */
static int unlink_peer_locked(struct domain *d, const struct evtchn *chn,
			      uint32_t port, domid_t rid,
			      struct domain *peer)
{
	domid_t now = chn->u.interdomain.remote_dom;
	struct domain *rd = peer;
	struct evtchn *rchn;

	if (now == d->domain_id)
		rd = d;
	else if (now != rid)
		return -EAGAIN;
	if (!rd)
		return 0;
	rchn = port_lookup(rd, chn->u.interdomain.remote_port);
	if (rchn && points_back(rchn, d, port)) {
		memset(&rchn->u, 0, sizeof(rchn->u));
		rchn->state = EVTCHN_UNBOUND;
		rchn->u.unbound.remote_domid = d->domain_id;
	}
	return 0;
}

static int close_locked(struct domain *d, uint32_t port, domid_t rid,
			struct domain *peer, bool by_guest)
{
	struct evtchn *chn = port_lookup(d, port);
	int rc;

	if (!chn || chn->state == EVTCHN_FREE ||
	    chn->state == EVTCHN_RESERVED)
		return -EINVAL;
	/* The hypervisor backend owns an hv port; the guest cannot drop it. */
	if (chn->hv_handler && by_guest)
		return -EINVAL;
	if (chn->state == EVTCHN_VIRQ)
		unbind_virq_locked(d, chn, port);
	if (chn->state == EVTCHN_INTERDOMAIN && !chn->hv_handler) {
		rc = unlink_peer_locked(d, chn, port, rid, peer);
		if (rc)
			return rc;
	}
	free_port_locked(d, chn, port);
	return 0;
}

/* The other domain an interdomain port points at, or DOMID_INVALID. */
static domid_t port_peer_id(struct domain *d, uint32_t port)
{
	domid_t id = VESTA_DOMID_INVALID;
	struct evtchn *chn;

	spin_lock(&d->event_lock);
	chn = port_lookup(d, port);
	if (chn && chn->state == EVTCHN_INTERDOMAIN && !chn->hv_handler &&
	    chn->u.interdomain.remote_dom != d->domain_id)
		id = chn->u.interdomain.remote_dom;
	spin_unlock(&d->event_lock);
	return id;
}

/*
 * The peer must be locked with @d, in address order, so it is looked up
 * first without holding @d's lock; close_locked() then re-checks that the
 * port still points at that peer and asks for another try if not.
 * domain_put() runs with no lock held: it may destroy the peer.
 */
static int close_port(struct domain *d, uint32_t port, bool by_guest)
{
	unsigned int tries;
	int rc = -EAGAIN;

	for (tries = 0; tries < CLOSE_TRIES && rc == -EAGAIN; tries++) {
		domid_t rid = port_peer_id(d, port);
		struct domain *peer = NULL;
		struct domain *other;

		if (rid != VESTA_DOMID_INVALID)
			peer = domain_lookup(rid);
		other = peer ? peer : d;
		lock_pair(d, other);
		rc = close_locked(d, port, rid, peer, by_guest);
		unlock_pair(d, other);
		if (peer)
			domain_put(peer);
	}
	return rc;
}

/* Is @port in use (and, if @skip_hv, not an hv port)? */
static bool port_in_use(struct domain *d, uint32_t port, bool skip_hv)
{
	struct evtchn *chn;
	bool used;

	spin_lock(&d->event_lock);
	chn = port_lookup(d, port);
	used = chn && chn->state != EVTCHN_FREE &&
	       chn->state != EVTCHN_RESERVED && !(skip_hv && chn->hv_handler);
	spin_unlock(&d->event_lock);
	return used;
}

/* Close every port of @d; @by_guest keeps the hv ports (EVTCHNOP_reset). */
static void close_all(struct domain *d, bool by_guest)
{
	uint32_t port;

	/* G4: bounded by the table size, not by the guest. */
	for (port = 1; port < EVTCHN_2L_PORTS; port++)
		if (port_in_use(d, port, by_guest))
			(void)close_port(d, port, by_guest);
}

/* ------------------------------------------------------------------ */
/* Domain life cycle                                                  */

int evtchn_domain_init(struct domain *d)
{
	struct evtchn *table;

	if (d->evtchn)
		return -EEXIST;
	table = alloc_pages(EVTCHN_TABLE_ORDER);
	if (!table)
		return -ENOMEM;
	memset(table, 0, sizeof(*table) * EVTCHN_2L_PORTS);
	table[0].state = EVTCHN_RESERVED;
	d->event_lock = (spinlock_t)SPIN_LOCK_UNLOCKED;
	d->max_evtchns = EVTCHN_2L_PORTS;
	d->evtchn = table;
	return 0;
}

void evtchn_domain_destroy(struct domain *d)
{
	struct evtchn *table;
	unsigned int i;

	/* Exclusive caller (the domain is unreachable): no lock to peek. */
	if (!d->evtchn)
		return;
	close_all(d, false);
	spin_lock(&d->event_lock);
	table = d->evtchn;
	d->evtchn = NULL;
	d->max_evtchns = 0;
	for (i = 0; i < MAX_VCPUS; i++)
		if (d->vcpus[i])
			memset(d->vcpus[i]->virq_to_port, 0,
			       sizeof(d->vcpus[i]->virq_to_port));
	spin_unlock(&d->event_lock);
	if (table)
		free_pages(table, EVTCHN_TABLE_ORDER);
}

/* ------------------------------------------------------------------ */
/* Hypercall ops. Each gets the caller's domain and the copied-in args. */

union evtchn_op_args {
	struct vesta_evtchn_alloc_unbound alloc_unbound;
	struct vesta_evtchn_bind_interdomain bind_interdomain;
	struct vesta_evtchn_bind_virq bind_virq;
	struct vesta_evtchn_bind_pirq bind_pirq;
	struct vesta_evtchn_bind_ipi bind_ipi;
	struct vesta_evtchn_close close;
	struct vesta_evtchn_send send;
	struct vesta_evtchn_status status;
	struct vesta_evtchn_bind_vcpu bind_vcpu;
	struct vesta_evtchn_unmask unmask;
	struct vesta_evtchn_reset reset;
};

static int op_alloc_unbound(struct domain *caller, union evtchn_op_args *a)
{
	struct vesta_evtchn_alloc_unbound *req = &a->alloc_unbound;
	domid_t remote = req->remote_dom;
	struct domain *d;
	int port;

	if (!caller_may_access(caller, req->dom))
		return -EPERM;
	d = domain_lookup_by_caller(caller, req->dom);
	if (!d)
		return -ESRCH;
	if (remote == VESTA_DOMID_SELF)
		remote = caller->domain_id;
	/*
	 * G9: remote is not required to exist (nor is it in Xen): a port
	 * offered to nobody is merely never bound.
	 */
	spin_lock(&d->event_lock);
	port = alloc_port_locked(d);
	if (port > 0) {
		d->evtchn[port].state = EVTCHN_UNBOUND;
		d->evtchn[port].u.unbound.remote_domid = remote;
	}
	spin_unlock(&d->event_lock);
	domain_put(d);
	if (port < 0)
		return port;
	req->port = (uint32_t)port;
	return 0;
}

static int bind_interdomain_locked(struct domain *ld, struct domain *rd,
				   struct vesta_evtchn_bind_interdomain *req)
{
	struct evtchn *rchn = port_lookup(rd, req->remote_port);
	struct evtchn *lchn;
	int lport;

	if (!rchn || rchn->state != EVTCHN_UNBOUND ||
	    rchn->u.unbound.remote_domid != ld->domain_id)
		return -EINVAL;
	lport = alloc_port_locked(ld);
	if (lport < 0)
		return lport;
	lchn = &ld->evtchn[lport];
	lchn->state = EVTCHN_INTERDOMAIN;
	lchn->u.interdomain.remote_dom = rd->domain_id;
	lchn->u.interdomain.remote_port = req->remote_port;
	memset(&rchn->u, 0, sizeof(rchn->u));
	rchn->state = EVTCHN_INTERDOMAIN;
	rchn->u.interdomain.remote_dom = ld->domain_id;
	rchn->u.interdomain.remote_port = (uint32_t)lport;
	/* The peer may have sent while unbound (dropped): assume it did. */
	raise_locked(ld, lchn, (uint32_t)lport);
	req->local_port = (uint32_t)lport;
	return 0;
}

/*
 * G9: pad is not checked for zero: Linux leaves it uninitialised
 * (bind_interdomain_evtchn_to_irq_chip), so checking would break it.
 */
static int op_bind_interdomain(struct domain *ld, union evtchn_op_args *a)
{
	struct vesta_evtchn_bind_interdomain *req = &a->bind_interdomain;
	struct domain *rd;
	int rc;

	rd = domain_lookup_by_caller(ld, req->remote_dom);
	if (!rd)
		return -ESRCH;
	lock_pair(ld, rd);
	rc = bind_interdomain_locked(ld, rd, req);
	unlock_pair(ld, rd);
	domain_put(rd);
	return rc;
}

static int op_bind_virq(struct domain *d, union evtchn_op_args *a)
{
	struct vesta_evtchn_bind_virq *req = &a->bind_virq;
	unsigned int virq = req->virq;
	struct vcpu *v;
	int port;

	if (virq >= NR_VIRQS)
		return -EINVAL;
	virq = array_index_nospec(virq, NR_VIRQS);
	if (virq_is_global(virq) && !d->is_privileged)
		return -EBUSY;
	/* Global and per-domain VIRQs start on vCPU 0; bind_vcpu moves them. */
	if (!virq_is_per_vcpu(virq) && req->vcpu != 0)
		return -EINVAL;
	v = domain_vcpu(d, req->vcpu);
	if (!v)
		return -ENOENT;
	spin_lock(&d->event_lock);
	port = v->virq_to_port[virq] ? -EEXIST : alloc_port_locked(d);
	if (port > 0) {
		d->evtchn[port].state = EVTCHN_VIRQ;
		d->evtchn[port].notify_vcpu_id = (uint16_t)v->vcpu_id;
		d->evtchn[port].u.virq = virq;
		WRITE_ONCE(v->virq_to_port[virq], (uint32_t)port);
	}
	spin_unlock(&d->event_lock);
	if (port < 0)
		return port;
	req->port = (uint32_t)port;
	return 0;
}

static int op_bind_ipi(struct domain *d, union evtchn_op_args *a)
{
	struct vesta_evtchn_bind_ipi *req = &a->bind_ipi;
	struct vcpu *v = domain_vcpu(d, req->vcpu);
	int port;

	if (!v)
		return -ENOENT;
	spin_lock(&d->event_lock);
	port = alloc_port_locked(d);
	if (port > 0) {
		d->evtchn[port].state = EVTCHN_IPI;
		d->evtchn[port].notify_vcpu_id = (uint16_t)v->vcpu_id;
	}
	spin_unlock(&d->event_lock);
	if (port < 0)
		return port;
	req->port = (uint32_t)port;
	return 0;
}

/*
 * Physical IRQs need the PIRQ layer (PHYSDEVOP_map_pirq, IRQ routing),
 * which comes with dom0 device support. Until then only the privilege
 * check is real: Linux logs a failed bind_pirq and carries on.
 */
static int op_bind_pirq(struct domain *d, union evtchn_op_args *a)
{
	(void)a;
	return d->is_privileged ? -ENOSYS : -EPERM;
}

static int op_close(struct domain *d, union evtchn_op_args *a)
{
	return close_port(d, a->close.port, true);
}

/* Where a send must go once @d's lock is dropped. */
struct send_fwd {
	evtchn_hv_handler_t fn;
	void *data;
	domid_t rid;
	uint32_t rport;
};

static void send_interdomain_locked(struct domain *d, struct evtchn *chn,
				    uint32_t port, struct send_fwd *fwd)
{
	struct evtchn *rchn;

	if (chn->hv_handler) {
		fwd->fn = chn->hv_handler;
		fwd->data = chn->hv_data;
	} else if (chn->u.interdomain.remote_dom == d->domain_id) {
		rchn = port_lookup(d, chn->u.interdomain.remote_port);
		if (rchn && points_back(rchn, d, port))
			raise_locked(d, rchn, chn->u.interdomain.remote_port);
	} else {
		fwd->rid = chn->u.interdomain.remote_dom;
		fwd->rport = chn->u.interdomain.remote_port;
	}
}

/* Raise the peer's port, if it still points back at @d's @port. */
static void send_remote(struct domain *d, uint32_t port,
			const struct send_fwd *fwd)
{
	struct domain *rd = domain_lookup(fwd->rid);
	struct evtchn *rchn;

	if (!rd)
		return;		/* dying peer: nowhere to deliver */
	spin_lock(&rd->event_lock);
	rchn = port_lookup(rd, fwd->rport);
	if (rchn && points_back(rchn, d, port))
		raise_locked(rd, rchn, fwd->rport);
	spin_unlock(&rd->event_lock);
	domain_put(rd);
}

static int op_send(struct domain *d, union evtchn_op_args *a)
{
	struct send_fwd fwd = { .rid = VESTA_DOMID_INVALID };
	uint32_t port = a->send.port;
	struct evtchn *chn;
	int rc = 0;

	spin_lock(&d->event_lock);
	chn = port_lookup(d, port);
	if (!chn)
		rc = -EINVAL;
	else if (chn->state == EVTCHN_IPI)
		raise_locked(d, chn, port);
	else if (chn->state == EVTCHN_INTERDOMAIN)
		send_interdomain_locked(d, chn, port, &fwd);
	else if (chn->state != EVTCHN_UNBOUND)
		rc = -EINVAL;	/* UNBOUND: nobody listens yet, dropped */
	spin_unlock(&d->event_lock);
	/* Handlers and the peer's lock are taken without @d's lock held. */
	if (fwd.fn)
		fwd.fn(d, port, fwd.data);
	else if (fwd.rid != VESTA_DOMID_INVALID)
		send_remote(d, port, &fwd);
	return rc;
}

static void fill_status(const struct evtchn *chn,
			struct vesta_evtchn_status *st)
{
	st->status = VESTA_EVTCHNSTAT_closed;
	st->vcpu = chn->notify_vcpu_id;
	memset(&st->u, 0, sizeof(st->u));
	switch (chn->state) {
	case EVTCHN_UNBOUND:
		st->status = VESTA_EVTCHNSTAT_unbound;
		st->u.unbound.dom = chn->u.unbound.remote_domid;
		break;
	case EVTCHN_INTERDOMAIN:
		st->status = VESTA_EVTCHNSTAT_interdomain;
		st->u.interdomain.dom = chn->u.interdomain.remote_dom;
		st->u.interdomain.port = chn->u.interdomain.remote_port;
		break;
	case EVTCHN_VIRQ:
		st->status = VESTA_EVTCHNSTAT_virq;
		st->u.virq = chn->u.virq;
		break;
	case EVTCHN_IPI:
		st->status = VESTA_EVTCHNSTAT_ipi;
		break;
	case EVTCHN_PIRQ:
		st->status = VESTA_EVTCHNSTAT_pirq;
		st->u.pirq = chn->u.pirq;
		break;
	default:
		break;		/* FREE, RESERVED: closed */
	}
}

/*
 * A free or reserved port in range reports "closed" with success, as in
 * Xen: Linux probes every port this way to find an already bound VIRQ.
 * G9: pad and the OUT fields are not checked (Linux does not zero them).
 */
static int op_status(struct domain *caller, union evtchn_op_args *a)
{
	struct vesta_evtchn_status *req = &a->status;
	struct domain *d;
	struct evtchn *chn;
	int rc = 0;

	if (!caller_may_access(caller, req->dom))
		return -EPERM;
	d = domain_lookup_by_caller(caller, req->dom);
	if (!d)
		return -ESRCH;
	spin_lock(&d->event_lock);
	chn = port_lookup(d, req->port);
	if (chn)
		fill_status(chn, req);
	else
		rc = -EINVAL;
	spin_unlock(&d->event_lock);
	domain_put(d);
	return rc;
}

/* IPIs and per-vCPU VIRQs stay on the vCPU they were bound for. */
static int op_bind_vcpu(struct domain *d, union evtchn_op_args *a)
{
	struct vesta_evtchn_bind_vcpu *req = &a->bind_vcpu;
	struct vcpu *v = domain_vcpu(d, req->vcpu);
	struct evtchn *chn;
	int rc = -EINVAL;

	if (!v)
		return -ENOENT;
	spin_lock(&d->event_lock);
	chn = port_lookup(d, req->port);
	if (chn && (chn->state == EVTCHN_UNBOUND ||
		    chn->state == EVTCHN_INTERDOMAIN ||
		    chn->state == EVTCHN_PIRQ ||
		    (chn->state == EVTCHN_VIRQ &&
		     !virq_is_per_vcpu(chn->u.virq)))) {
		chn->notify_vcpu_id = (uint16_t)v->vcpu_id;
		rc = 0;
	}
	spin_unlock(&d->event_lock);
	return rc;
}

/*
 * Any port in range may be unmasked, free ones included (as in Xen): the
 * mask bit is guest memory the guest could clear itself anyway.
 */
static int op_unmask(struct domain *d, union evtchn_op_args *a)
{
	uint32_t port = a->unmask.port;
	struct evtchn *chn;
	int rc = -EINVAL;

	spin_lock(&d->event_lock);
	chn = port_lookup(d, port);
	if (chn) {
		unmask_locked(d, chn, port);
		rc = 0;
	}
	spin_unlock(&d->event_lock);
	return rc;
}

/* G4: at most 4095 closes, a fixed bound: no continuation needed. */
static int op_reset(struct domain *caller, union evtchn_op_args *a)
{
	domid_t dom = a->reset.dom;
	struct domain *d;

	if (!caller_may_access(caller, dom))
		return -EPERM;
	d = domain_lookup_by_caller(caller, dom);
	if (!d)
		return -ESRCH;
	close_all(d, true);
	domain_put(d);
	return 0;
}

/*
 * FIFO ABI (init_control, expand_array, set_priority): not implemented.
 * Linux treats any init_control failure as "use 2-level" and ignores the
 * result of set_priority, so -ENOSYS is the whole contract. The argument
 * is not read.
 */
static int op_fifo(struct domain *d, union evtchn_op_args *a)
{
	(void)d;
	(void)a;
	return -ENOSYS;
}

/* ------------------------------------------------------------------ */
/* Dispatch (style 2.7: the table drives copy-in, size and copy-out).  */

struct evtchn_op_desc {
	int (*fn)(struct domain *d, union evtchn_op_args *a);
	uint8_t size;		/* bytes copied in (and out); 0: none */
	bool has_out;		/* copy back on success */
	bool in_compat;		/* reachable through hypercall 16 */
};

#define OP(name, fn, out, compat)                                          \
	[VESTA_EVTCHNOP_##name] = { fn,                                    \
				    sizeof(struct vesta_evtchn_##name),    \
				    out, compat }

static const struct evtchn_op_desc evtchn_ops[] = {
	OP(bind_interdomain, op_bind_interdomain, true, true),
	OP(bind_virq, op_bind_virq, true, true),
	OP(bind_pirq, op_bind_pirq, true, true),
	OP(close, op_close, false, true),
	OP(send, op_send, false, true),
	OP(status, op_status, true, true),
	OP(alloc_unbound, op_alloc_unbound, true, true),
	OP(bind_ipi, op_bind_ipi, true, true),
	OP(bind_vcpu, op_bind_vcpu, false, true),
	OP(unmask, op_unmask, false, true),
	OP(reset, op_reset, false, false),
	[VESTA_EVTCHNOP_init_control] = { op_fifo, 0, false, false },
	[VESTA_EVTCHNOP_expand_array] = { op_fifo, 0, false, false },
	[VESTA_EVTCHNOP_set_priority] = { op_fifo, 0, false, false },
};

static long evtchn_dispatch(unsigned int cmd, uint64_t arg, bool compat)
{
	const struct evtchn_op_desc *op;
	union evtchn_op_args a;
	int rc;

	if (cmd >= ARRAY_SIZE(evtchn_ops))
		return -ENOSYS;
	op = &evtchn_ops[array_index_nospec(cmd, ARRAY_SIZE(evtchn_ops))];
	if (!op->fn || (compat && !op->in_compat))
		return -ENOSYS;
	memset(&a, 0, sizeof(a));
	if (op->size && copy_from_guest(&a, arg, op->size))
		return -EFAULT;
	rc = op->fn(current->domain, &a);
	/*
	 * G9: a failed copy-out leaves the op done (as Xen does): undoing it
	 * could race with a peer that already saw the new port.
	 */
	if (!rc && op->has_out && copy_to_guest(arg, &a, op->size))
		rc = -EFAULT;
	return rc;
}

long do_event_channel_op(unsigned int cmd, uint64_t arg)
{
	return evtchn_dispatch(cmd, arg, false);
}

long do_event_channel_op_compat(uint64_t arg)
{
	uint32_t cmd;

	/* G2: the op struct must not wrap around the address space. */
	if (arg > UINT64_MAX - sizeof(struct vesta_evtchn_op))
		return -EFAULT;
	if (copy_from_guest(&cmd, arg, sizeof(cmd)))
		return -EFAULT;
	return evtchn_dispatch(cmd, arg + offsetof(struct vesta_evtchn_op, u),
			       true);
}

/* ------------------------------------------------------------------ */
/* Interface for the rest of the hypervisor                           */

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
	struct domain *d = v->domain;
	struct evtchn *chn;
	uint32_t port;

	ASSERT(virq < NR_VIRQS && virq_is_per_vcpu(virq));
	if (virq >= NR_VIRQS)
		return;
	virq = array_index_nospec(virq, NR_VIRQS);
	spin_lock(&d->event_lock);
	port = v->virq_to_port[virq];
	chn = port ? port_lookup(d, port) : NULL;
	if (chn && chn->state == EVTCHN_VIRQ)
		set_pending(d, v, port);
	spin_unlock(&d->event_lock);
}

void send_guest_global_virq(struct domain *d, unsigned int virq)
{
	struct vcpu *v0 = domain_vcpu(d, 0);
	struct evtchn *chn;
	uint32_t port;

	ASSERT(virq < NR_VIRQS && !virq_is_per_vcpu(virq));
	if (virq >= NR_VIRQS || !v0)
		return;
	virq = array_index_nospec(virq, NR_VIRQS);
	spin_lock(&d->event_lock);
	port = v0->virq_to_port[virq];
	chn = port ? port_lookup(d, port) : NULL;
	if (chn && chn->state == EVTCHN_VIRQ)
		raise_locked(d, chn, port);
	spin_unlock(&d->event_lock);
}

int evtchn_raise(struct domain *d, uint32_t port)
{
	struct evtchn *chn;
	int rc = -EINVAL;

	spin_lock(&d->event_lock);
	chn = port_lookup(d, port);
	if (chn && chn->state != EVTCHN_FREE &&
	    chn->state != EVTCHN_RESERVED) {
		raise_locked(d, chn, port);
		rc = 0;
	}
	spin_unlock(&d->event_lock);
	return rc;
}

bool evtchn_port_is_pending(struct domain *d, uint32_t port)
{
	struct vesta_shared_info *s = d->shared_info;

	if (port >= EVTCHN_2L_PORTS || port >= READ_ONCE(d->max_evtchns) ||
	    !s)
		return false;
	port = array_index_nospec(port, EVTCHN_2L_PORTS);
	return word_test(&s->evtchn_pending[port / WORD_BITS],
			 port % WORD_BITS);
}

int evtchn_alloc_hv_port(struct domain *d, domid_t remote,
			 evtchn_hv_handler_t handler, void *data)
{
	int port;

	if (!handler)
		return -EINVAL;
	spin_lock(&d->event_lock);
	port = alloc_port_locked(d);
	if (port > 0) {
		d->evtchn[port].state = EVTCHN_INTERDOMAIN;
		d->evtchn[port].u.interdomain.remote_dom = remote;
		d->evtchn[port].hv_handler = handler;
		d->evtchn[port].hv_data = data;
	}
	spin_unlock(&d->event_lock);
	return port;
}

int evtchn_free_hv_port(struct domain *d, uint32_t port)
{
	struct evtchn *chn;
	int rc = -EINVAL;

	spin_lock(&d->event_lock);
	chn = port_lookup(d, port);
	if (chn && chn->hv_handler) {
		free_port_locked(d, chn, port);
		rc = 0;
	}
	spin_unlock(&d->event_lock);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Debug key                                                          */

static const char *const state_names[] = {
	[EVTCHN_FREE] = "free",
	[EVTCHN_RESERVED] = "reserved",
	[EVTCHN_UNBOUND] = "unbound",
	[EVTCHN_INTERDOMAIN] = "interdomain",
	[EVTCHN_VIRQ] = "virq",
	[EVTCHN_IPI] = "ipi",
	[EVTCHN_PIRQ] = "pirq",
};

static void dump_port(struct domain *d, const struct evtchn *chn,
		      uint32_t port)
{
	struct vesta_shared_info *s = d->shared_info;
	struct vcpu *v = domain_vcpu(d, chn->notify_vcpu_id);
	unsigned int w = port / WORD_BITS, b = port % WORD_BITS;
	int p = s ? word_test(&s->evtchn_pending[w], b) : 0;
	int m = s ? word_test(&s->evtchn_mask[w], b) : 0;
	int sel = v && v->vcpu_info ?
		  word_test(&v->vcpu_info->evtchn_pending_sel, w) : 0;
	unsigned int x = 0, y = 0;

	if (chn->state == EVTCHN_UNBOUND) {
		x = chn->u.unbound.remote_domid;
	} else if (chn->state == EVTCHN_INTERDOMAIN) {
		x = chn->u.interdomain.remote_dom;
		y = chn->u.interdomain.remote_port;
	} else if (chn->state == EVTCHN_VIRQ || chn->state == EVTCHN_PIRQ) {
		x = chn->u.virq;	/* pirq shares the slot */
	}
	printk(LOG_INFO "  port %4u %-11s v%u p%d m%d s%d x=%u y=%u%s\n",
	       port, chn->state < ARRAY_SIZE(state_names) ?
	       state_names[chn->state] : "?", chn->notify_vcpu_id, p, m, sel,
	       x, y, chn->hv_handler ? " hv" : "");
}

void evtchn_dump(struct domain *d)
{
	uint32_t port;

	/* A debug key may interrupt a holder of the lock: never wait. */
	if (!spin_trylock(&d->event_lock)) {
		printk(LOG_INFO "d%u: event channels busy, not dumped\n",
		       d->domain_id);
		return;
	}
	printk(LOG_INFO "d%u: event channels (p/m/s: pending/masked/selector; x: remote dom or [p]irq; y: remote port)\n",
	       d->domain_id);
	for (port = 1; port < d->max_evtchns; port++)
		if (d->evtchn[port].state != EVTCHN_FREE)
			dump_port(d, &d->evtchn[port], port);
	spin_unlock(&d->event_lock);
}
