/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Reference model of hypervisor/common/evtchn.c for two domains (see
 * evtchn-model.h). The model is written from the ABI rules (Xen's
 * semantics as documented in evtchn.c and event.h), not from the code:
 * each operation first computes its expected result and state change on
 * plain arrays, then runs the real operation, then everything is
 * compared. Not responsible for concurrency or for ports beyond two
 * domains.
 */
#include <stdarg.h>
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

#define NPORTS		EVTCHN_2L_PORTS
#define NWORDS		(NPORTS / 64)
#define MAXV		4
#define NOBODY		0xffff	/* the id of no domain */

struct mport {
	uint8_t state;
	uint16_t notify;
	uint16_t rdom;		/* UNBOUND / INTERDOMAIN remote id */
	uint32_t rport;		/* INTERDOMAIN */
	uint32_t virq;		/* VIRQ */
	bool hv;
};

struct mdom {
	domid_t id;
	bool priv;
	unsigned int nv;
	struct domain *d;
	struct mport port[NPORTS];
	uint64_t pending[NWORDS], mask[NWORDS];
	uint64_t sel[MAXV];
	uint8_t upcall[MAXV];
	uint32_t virq_map[MAXV][NR_VIRQS];
	uint32_t last;		/* the port most recently allocated */
	uint32_t hi;		/* no port above this was ever allocated */
};

struct model {
	struct mdom dom[2];
	unsigned long poll_wakes, upcalls, hv_calls;
	unsigned long real_hv_calls;
	struct domain *hv_last_d, *real_hv_last_d;
	uint32_t hv_last_port, real_hv_last_port;
	bool copyout_fault;	/* the next op's copy-out will fault */
	uint64_t arg_gva;
	char err[512];
};

static const unsigned int dom_vcpus[2] = { 3, 2 };

/* ---- helpers -------------------------------------------------------- */

static int fail(struct model *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct model *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->err, sizeof(m->err), fmt, ap);
	va_end(ap);
	return -1;
}

const char *model_error(const struct model *m)
{
	return m->err;
}

static bool per_vcpu(uint32_t virq)
{
	return virq == VESTA_VIRQ_TIMER || virq == VESTA_VIRQ_DEBUG ||
	       virq == VESTA_VIRQ_XENOPROF || virq == VESTA_VIRQ_XENPMU;
}

static bool in_use(const struct mport *p)
{
	return p->state != EVTCHN_FREE && p->state != EVTCHN_RESERVED;
}

/* Model domain of domid @id as named by @caller, or NULL. */
static struct mdom *resolve(struct model *m, struct mdom *caller,
			    uint16_t id)
{
	if (id == VESTA_DOMID_SELF)
		return caller;
	for (unsigned int i = 0; i < 2; i++)
		if (m->dom[i].id == id)
			return &m->dom[i];
	return NULL;
}

static bool may_access(const struct mdom *caller, uint16_t id)
{
	return id == VESTA_DOMID_SELF || id == caller->id || caller->priv;
}

static int m_alloc(struct mdom *md)
{
	for (unsigned int p = 1; p < NPORTS; p++)
		if (md->port[p].state == EVTCHN_FREE) {
			md->last = p;	/* a guess: kept even if unused */
			if (p > md->hi)
				md->hi = p;
			return (int)p;
		}
	return -ENOSPC;
}

static void m_select(struct model *m, struct mdom *md, unsigned int v,
		     unsigned int word)
{
	if (v >= md->nv)
		return;
	if (!(md->sel[v] & (1ULL << word))) {
		md->sel[v] |= 1ULL << word;
		md->upcall[v] = 1;
		m->upcalls++;
	}
}

static void m_set_pending(struct model *m, struct mdom *md, uint32_t port,
			  unsigned int v)
{
	unsigned int w = port / 64;
	uint64_t bit = 1ULL << (port % 64);

	if (md->pending[w] & bit)
		return;
	md->pending[w] |= bit;
	m->poll_wakes++;
	if (!(md->mask[w] & bit))
		m_select(m, md, v, w);
}

static void m_free(struct mdom *md, uint32_t port)
{
	md->pending[port / 64] &= ~(1ULL << (port % 64));
	memset(&md->port[port], 0, sizeof(md->port[port]));
}

static int m_close(struct model *m, struct mdom *md, uint32_t port,
		   bool by_guest)
{
	struct mport *p;

	if (port >= NPORTS || !in_use(&md->port[port]))
		return -EINVAL;
	p = &md->port[port];
	if (p->hv && by_guest)
		return -EINVAL;
	if (p->state == EVTCHN_VIRQ) {
		unsigned int v = per_vcpu(p->virq) ? p->notify : 0;

		if (md->virq_map[v][p->virq] == port)
			md->virq_map[v][p->virq] = 0;
	}
	if (p->state == EVTCHN_INTERDOMAIN && !p->hv) {
		struct mdom *rd = resolve(m, md, p->rdom);
		struct mport *q = rd ? &rd->port[p->rport] : NULL;

		if (q && q->state == EVTCHN_INTERDOMAIN && !q->hv &&
		    q->rdom == md->id && q->rport == port) {
			uint16_t notify = q->notify;

			memset(q, 0, sizeof(*q));
			q->state = EVTCHN_UNBOUND;
			q->notify = notify;
			q->rdom = md->id;
		}
	}
	m_free(md, port);
	return 0;
}

static struct vcpu *vcpu_of(struct mdom *md, unsigned int v)
{
	return md->d->vcpus[v % md->nv];
}

/*
 * Issue sub-op @cmd with @len bytes of @args, padding and OUT fields
 * pre-filled with garbage, as @op's caller; copy the guest's view back.
 */
static long hypercall(struct model *m, const struct model_op *op,
		      unsigned int cmd, void *args, size_t len)
{
	struct mdom *md = &m->dom[op->caller];
	uint8_t *g = fake_guest_ptr(m->arg_gva, 64);
	size_t off = op->compat ? 4 : 0;
	long rc;

	memset(g, op->fill, 64);
	memcpy(g + off, args, len);
	fake_set_current(vcpu_of(md, op->vcpu));
	if (op->compat) {
		memcpy(g, &cmd, sizeof(cmd));
		rc = do_event_channel_op_compat(m->arg_gva);
	} else {
		rc = do_event_channel_op(cmd, m->arg_gva);
	}
	memcpy(args, g + off, len);
	return rc;
}

static int expect_rc(struct model *m, const char *what, long got, long want)
{
	if (got != want)
		return fail(m, "%s: returned %ld, model expects %ld", what, got,
			    want);
	return 0;
}

/* Compat (hypercall 16) only knows the sub-ops in its union: 0..9. */
static bool compat_refuses(const struct model_op *op, unsigned int cmd)
{
	return op->compat && cmd > VESTA_EVTCHNOP_unmask;
}

/* ---- hypercall ops -------------------------------------------------- */

static int op_alloc_unbound(struct model *m, const struct model_op *op)
{
	struct mdom *c = &m->dom[op->caller], *t;
	struct vesta_evtchn_alloc_unbound a = { op->dom, op->dom2, op->fill };
	long want, rc = hypercall(m, op, VESTA_EVTCHNOP_alloc_unbound, &a,
				  sizeof(a));

	t = resolve(m, c, op->dom);
	if (!may_access(c, op->dom))
		want = -EPERM;
	else if (!t)
		want = -ESRCH;
	else
		want = m_alloc(t);
	if (want > 0) {
		t->port[want].state = EVTCHN_UNBOUND;
		t->port[want].rdom = op->dom2 == VESTA_DOMID_SELF ? c->id :
								    op->dom2;
		if (m->copyout_fault)
			return expect_rc(m, "alloc_unbound", rc, -EFAULT);
		if (!rc && a.port != (uint32_t)want)
			return fail(m, "alloc_unbound: port %u, model %ld",
				    a.port, want);
		want = 0;
	}
	return expect_rc(m, "alloc_unbound", rc, want);
}

static int op_bind_interdomain(struct model *m, const struct model_op *op)
{
	struct mdom *c = &m->dom[op->caller], *r = resolve(m, c, op->dom);
	struct vesta_evtchn_bind_interdomain a = {
		.remote_dom = op->dom, .pad = { op->fill, op->fill },
		.remote_port = op->port, .local_port = op->fill };
	long want, rc = hypercall(m, op, VESTA_EVTCHNOP_bind_interdomain,
				  &a, sizeof(a));

	if (!r)
		want = -ESRCH;
	else if (op->port >= NPORTS ||
		 r->port[op->port].state != EVTCHN_UNBOUND ||
		 r->port[op->port].rdom != c->id)
		want = -EINVAL;
	else
		want = m_alloc(c);
	if (want > 0) {
		struct mport *l = &c->port[want], *q = &r->port[op->port];

		l->state = EVTCHN_INTERDOMAIN;
		l->rdom = r->id;
		l->rport = op->port;
		q->state = EVTCHN_INTERDOMAIN;
		q->rdom = c->id;
		q->rport = (uint32_t)want;
		m_set_pending(m, c, (uint32_t)want, 0);
		if (a.local_port != (uint32_t)want)
			return fail(m, "bind_interdomain: port %u, model %ld",
				    a.local_port, want);
		want = 0;
	}
	return expect_rc(m, "bind_interdomain", rc, want);
}

static int op_bind_virq(struct model *m, const struct model_op *op)
{
	struct mdom *c = &m->dom[op->caller];
	struct vesta_evtchn_bind_virq a = { op->arg, op->arg2, op->fill };
	long want, rc = hypercall(m, op, VESTA_EVTCHNOP_bind_virq, &a,
				  sizeof(a));

	if (op->arg >= NR_VIRQS)
		want = -EINVAL;
	else if (!per_vcpu(op->arg) && op->arg != VESTA_VIRQ_ARGO && !c->priv)
		want = -EBUSY;
	else if (!per_vcpu(op->arg) && op->arg2 != 0)
		want = -EINVAL;
	else if (op->arg2 >= c->nv)
		want = -ENOENT;
	else if (c->virq_map[op->arg2][op->arg])
		want = -EEXIST;
	else
		want = m_alloc(c);
	if (want > 0) {
		c->port[want].state = EVTCHN_VIRQ;
		c->port[want].notify = (uint16_t)op->arg2;
		c->port[want].virq = op->arg;
		c->virq_map[op->arg2][op->arg] = (uint32_t)want;
		if (a.port != (uint32_t)want)
			return fail(m, "bind_virq: port %u, model %ld", a.port,
				    want);
		want = 0;
	}
	return expect_rc(m, "bind_virq", rc, want);
}

static int op_bind_ipi(struct model *m, const struct model_op *op)
{
	struct mdom *c = &m->dom[op->caller];
	struct vesta_evtchn_bind_ipi a = { op->arg2, op->fill };
	long want, rc = hypercall(m, op, VESTA_EVTCHNOP_bind_ipi, &a,
				  sizeof(a));

	want = op->arg2 >= c->nv ? -ENOENT : m_alloc(c);
	if (want > 0) {
		c->port[want].state = EVTCHN_IPI;
		c->port[want].notify = (uint16_t)op->arg2;
		if (a.port != (uint32_t)want)
			return fail(m, "bind_ipi: port %u, model %ld", a.port,
				    want);
		want = 0;
	}
	return expect_rc(m, "bind_ipi", rc, want);
}

static int op_bind_pirq(struct model *m, const struct model_op *op)
{
	struct vesta_evtchn_bind_pirq a = { op->arg, op->arg2, op->fill };
	long rc = hypercall(m, op, VESTA_EVTCHNOP_bind_pirq, &a, sizeof(a));

	return expect_rc(m, "bind_pirq", rc,
			 m->dom[op->caller].priv ? -ENOSYS : -EPERM);
}

static int op_close(struct model *m, const struct model_op *op)
{
	struct vesta_evtchn_close a = { op->port };
	long rc = hypercall(m, op, VESTA_EVTCHNOP_close, &a, sizeof(a));

	return expect_rc(m, "close", rc,
			 m_close(m, &m->dom[op->caller], op->port, true));
}

static long m_send(struct model *m, struct mdom *c, uint32_t port)
{
	struct mport *p = port < NPORTS ? &c->port[port] : NULL;
	struct mdom *r;
	struct mport *q;

	if (!p || (p->state != EVTCHN_IPI && p->state != EVTCHN_UNBOUND &&
		   p->state != EVTCHN_INTERDOMAIN))
		return -EINVAL;
	if (p->state == EVTCHN_IPI)
		m_set_pending(m, c, port, p->notify);
	if (p->state != EVTCHN_INTERDOMAIN)
		return 0;
	if (p->hv) {
		m->hv_calls++;
		m->hv_last_d = c->d;
		m->hv_last_port = port;
		return 0;
	}
	r = resolve(m, c, p->rdom);
	q = r ? &r->port[p->rport] : NULL;
	if (q && q->state == EVTCHN_INTERDOMAIN && !q->hv &&
	    q->rdom == c->id && q->rport == port)
		m_set_pending(m, r, p->rport, q->notify);
	return 0;
}

static int op_send(struct model *m, const struct model_op *op)
{
	struct vesta_evtchn_send a = { op->port };
	long want = m_send(m, &m->dom[op->caller], op->port);
	long rc = hypercall(m, op, VESTA_EVTCHNOP_send, &a, sizeof(a));

	return expect_rc(m, "send", rc, want);
}

static void m_status(const struct mport *p, struct vesta_evtchn_status *st)
{
	memset(&st->u, 0, sizeof(st->u));
	st->vcpu = p->notify;
	st->status = VESTA_EVTCHNSTAT_closed;
	if (p->state == EVTCHN_UNBOUND) {
		st->status = VESTA_EVTCHNSTAT_unbound;
		st->u.unbound.dom = p->rdom;
	} else if (p->state == EVTCHN_INTERDOMAIN) {
		st->status = VESTA_EVTCHNSTAT_interdomain;
		st->u.interdomain.dom = p->rdom;
		st->u.interdomain.port = p->rport;
	} else if (p->state == EVTCHN_VIRQ) {
		st->status = VESTA_EVTCHNSTAT_virq;
		st->u.virq = p->virq;
	} else if (p->state == EVTCHN_IPI) {
		st->status = VESTA_EVTCHNSTAT_ipi;
	}
}

static int op_status(struct model *m, const struct model_op *op)
{
	struct mdom *c = &m->dom[op->caller], *t = resolve(m, c, op->dom);
	struct vesta_evtchn_status a, want_st;
	long want, rc;

	memset(&a, op->fill, sizeof(a));
	a.dom = op->dom;
	a.port = op->port;
	want_st = a;
	rc = hypercall(m, op, VESTA_EVTCHNOP_status, &a, sizeof(a));
	if (!may_access(c, op->dom))
		want = -EPERM;
	else if (!t)
		want = -ESRCH;
	else if (op->port >= NPORTS)
		want = -EINVAL;
	else
		want = 0;
	if (expect_rc(m, "status", rc, want))
		return -1;
	if (want == 0) {
		m_status(&t->port[op->port], &want_st);
		if (memcmp(&a, &want_st, sizeof(a)))
			return fail(m, "status d%u port %u: got %u/%u/%08x%08x",
				    t->id, op->port, a.status, a.vcpu,
				    a.u.interdomain.dom,
				    a.u.interdomain.port);
	}
	return 0;
}

static int op_bind_vcpu(struct model *m, const struct model_op *op)
{
	struct mdom *c = &m->dom[op->caller];
	struct vesta_evtchn_bind_vcpu a = { op->port, op->arg2 };
	long want, rc = hypercall(m, op, VESTA_EVTCHNOP_bind_vcpu, &a,
				  sizeof(a));
	struct mport *p = op->port < NPORTS ? &c->port[op->port] : NULL;

	if (op->arg2 >= c->nv)
		want = -ENOENT;
	else if (!p)
		want = -EINVAL;
	else if (p->state == EVTCHN_UNBOUND ||
		 p->state == EVTCHN_INTERDOMAIN ||
		 (p->state == EVTCHN_VIRQ && !per_vcpu(p->virq)))
		want = 0;
	else
		want = -EINVAL;
	if (want == 0)
		p->notify = (uint16_t)op->arg2;
	return expect_rc(m, "bind_vcpu", rc, want);
}

static void m_unmask(struct model *m, struct mdom *md, uint32_t port)
{
	unsigned int w = port / 64;
	uint64_t bit = 1ULL << (port % 64);

	if (!(md->mask[w] & bit))
		return;
	md->mask[w] &= ~bit;
	if (md->pending[w] & bit)
		m_select(m, md, md->port[port].notify, w);
}

static int op_unmask(struct model *m, const struct model_op *op)
{
	struct vesta_evtchn_unmask a = { op->port };
	long rc = hypercall(m, op, VESTA_EVTCHNOP_unmask, &a, sizeof(a));

	if (op->port >= NPORTS)
		return expect_rc(m, "unmask", rc, -EINVAL);
	m_unmask(m, &m->dom[op->caller], op->port);
	return expect_rc(m, "unmask", rc, 0);
}

static int op_reset(struct model *m, const struct model_op *op)
{
	struct mdom *c = &m->dom[op->caller], *t = resolve(m, c, op->dom);
	struct vesta_evtchn_reset a = { op->dom };
	long want, rc = hypercall(m, op, VESTA_EVTCHNOP_reset, &a, sizeof(a));

	if (op->compat)
		want = -ENOSYS;
	else if (!may_access(c, op->dom))
		want = -EPERM;
	else if (!t)
		want = -ESRCH;
	else
		want = 0;
	for (unsigned int p = 1; want == 0 && p < NPORTS; p++)
		if (in_use(&t->port[p]) && !t->port[p].hv)
			m_close(m, t, p, true);
	return expect_rc(m, "reset", rc, want);
}

static int op_fifo(struct model *m, const struct model_op *op)
{
	unsigned int cmd = VESTA_EVTCHNOP_init_control + op->arg % 3;
	uint8_t junk[24];
	long rc;

	memset(junk, op->fill, sizeof(junk));
	rc = hypercall(m, op, cmd, junk, sizeof(junk));
	return expect_rc(m, "fifo op", rc, -ENOSYS);
}

static int op_bad_cmd(struct model *m, const struct model_op *op)
{
	static const uint32_t cmds[] = { 14, 15, 16, 255, 0x80000000u,
					 0xffffffffu };
	uint8_t junk[24];
	long rc;

	memset(junk, op->fill, sizeof(junk));
	rc = hypercall(m, op, cmds[op->arg % 6], junk, sizeof(junk));
	return expect_rc(m, "unknown sub-op", rc, -ENOSYS);
}

/*
 * A faulting argument pointer must fail with -EFAULT and change nothing
 * (or, for a fault on copy-out only, keep the op's effect, as Xen does).
 */
static int op_bad_pointer(struct model *m, const struct model_op *op)
{
	static const uint64_t bad[] = {
		0, FAKE_GUEST_BASE - 1, FAKE_GUEST_BASE + FAKE_GUEST_SIZE - 1,
		~0ULL, ~0ULL - 3, 0x8000000000000000ULL,
	};
	struct mdom *c = &m->dom[op->caller];
	unsigned int cmd = op->arg % (VESTA_EVTCHNOP_set_priority + 1);
	uint64_t gva = bad[op->arg2 % 6];
	long rc, want;

	fake_set_current(vcpu_of(c, op->vcpu));
	if (op->port & 1) {
		/* Copy-in fine, copy-out faults: the port stays allocated. */
		struct model_op o = *op;

		o.kind = MOP_ALLOC_UNBOUND;
		o.dom = o.dom2 = VESTA_DOMID_SELF;
		fake_guest_fail_after(op->compat ? 2 : 1);
		m->copyout_fault = true;
		rc = op_alloc_unbound(m, &o);
		m->copyout_fault = false;
		fake_guest_fail_after(-1);
		return rc;
	}
	if (op->compat)
		rc = do_event_channel_op_compat(gva);
	else
		rc = do_event_channel_op(cmd, gva);
	want = (!op->compat && cmd >= VESTA_EVTCHNOP_init_control) ? -ENOSYS :
								    -EFAULT;
	return expect_rc(m, "bad pointer", rc, want);
}

/* ---- guest and hypervisor actions ----------------------------------- */

static int op_guest(struct model *m, const struct model_op *op)
{
	struct mdom *c = &m->dom[op->caller];
	struct vesta_shared_info *s = c->d->shared_info;
	uint32_t port = op->port % NPORTS;
	unsigned int w = port / 64, v = op->vcpu % c->nv;
	uint64_t bit = 1ULL << (port % 64);

	if (op->kind == MOP_GUEST_MASK) {
		c->mask[w] |= bit;
		__atomic_fetch_or(&s->evtchn_mask[w], bit, __ATOMIC_SEQ_CST);
	} else if (op->kind == MOP_GUEST_UNMASK_BIT) {
		c->mask[w] &= ~bit;
		__atomic_fetch_and(&s->evtchn_mask[w], ~bit, __ATOMIC_SEQ_CST);
	} else if (op->kind == MOP_GUEST_CLEAR_PENDING) {
		/* One port, or (like an upcall handler) its whole word. */
		if (op->arg & 1)
			bit = ~0ULL;
		c->pending[w] &= ~bit;
		__atomic_fetch_and(&s->evtchn_pending[w], ~bit,
				   __ATOMIC_SEQ_CST);
	} else {
		c->upcall[v] = 0;
		c->sel[v] = 0;
		s->vcpu_info[v].evtchn_upcall_pending = 0;
		__atomic_store_n(&s->vcpu_info[v].evtchn_pending_sel, 0,
				 __ATOMIC_SEQ_CST);
	}
	return 0;
}

static void hv_handler(struct domain *d, uint32_t port, void *data)
{
	struct model *m = data;

	m->real_hv_calls++;
	m->real_hv_last_d = d;
	m->real_hv_last_port = port;
}

static int op_hv(struct model *m, const struct model_op *op)
{
	struct mdom *c = &m->dom[op->caller];
	struct mport *p = op->port < NPORTS ? &c->port[op->port] : NULL;
	long want, rc;

	if (op->kind == MOP_HV_ALLOC) {
		rc = evtchn_alloc_hv_port(c->d, op->dom2, hv_handler, m);
		want = m_alloc(c);
		if (want > 0) {
			c->port[want].state = EVTCHN_INTERDOMAIN;
			c->port[want].hv = true;
			c->port[want].rdom = op->dom2;
		}
		return expect_rc(m, "alloc_hv_port", rc, want);
	}
	if (op->kind == MOP_HV_FREE) {
		rc = evtchn_free_hv_port(c->d, op->port);
		want = p && p->hv ? 0 : -EINVAL;
		if (!want)
			m_free(c, op->port);
		return expect_rc(m, "free_hv_port", rc, want);
	}
	rc = evtchn_raise(c->d, op->port);
	want = p && in_use(p) ? 0 : -EINVAL;
	if (!want)
		m_set_pending(m, c, op->port, p->notify);
	return expect_rc(m, "evtchn_raise", rc, want);
}

static int op_virq(struct model *m, const struct model_op *op)
{
	static const uint8_t vcpu_virqs[] = { 0, 1, 7, 13 };
	static const uint8_t global_virqs[] = { 2, 3, 4, 6, 8, 9, 10, 11,
						12, 16, 19, 23 };
	struct mdom *c = &m->dom[op->caller];
	unsigned int v = op->vcpu % c->nv, virq;
	uint32_t port;

	if (op->kind == MOP_VIRQ_VCPU) {
		virq = vcpu_virqs[op->arg % 4];
		send_guest_vcpu_virq(c->d->vcpus[v], virq);
		port = c->virq_map[v][virq];
		if (port && c->port[port].state == EVTCHN_VIRQ)
			m_set_pending(m, c, port, v);
		return 0;
	}
	virq = global_virqs[op->arg % 12];
	send_guest_global_virq(c->d, virq);
	port = c->virq_map[0][virq];
	if (port && c->port[port].state == EVTCHN_VIRQ)
		m_set_pending(m, c, port, c->port[port].notify);
	return 0;
}

static void init_mdom(struct mdom *md, unsigned int i, struct domain *d)
{
	memset(md, 0, sizeof(*md));
	md->id = (domid_t)i;
	md->priv = i == 0;
	md->nv = dom_vcpus[i];
	md->d = d;
	md->port[0].state = EVTCHN_RESERVED;
}

/* Destroy B: every port closes as by the hypervisor, hv ports included. */
static int op_recreate(struct model *m)
{
	struct mdom *b = &m->dom[1];
	struct domain *d;

	for (unsigned int p = 1; p < NPORTS; p++)
		if (in_use(&b->port[p]))
			m_close(m, b, p, false);
	b->id = NOBODY;		/* gone while the real one dies */
	fake_domain_destroy(b->d);
	d = fake_domain_create(1, dom_vcpus[1], false);
	if (!d)
		return fail(m, "cannot recreate domain 1");
	init_mdom(b, 1, d);
	return 0;
}

/* ---- comparison ------------------------------------------------------ */

static bool chn_is_zero(const struct evtchn *chn)
{
	static const struct evtchn zero;

	return !memcmp(chn, &zero, sizeof(zero));
}

static int cmp_port(struct model *m, struct mdom *md, unsigned int p)
{
	const struct evtchn *r = &md->d->evtchn[p];
	const struct mport *e = &md->port[p];
	bool ok = r->state == e->state;

	if (ok && e->state == EVTCHN_FREE)
		ok = chn_is_zero(r);
	if (ok && in_use(e))
		ok = r->notify_vcpu_id == e->notify &&
		     !!r->hv_handler == e->hv &&
		     (!e->hv || r->hv_data == m);
	if (ok && e->state == EVTCHN_UNBOUND)
		ok = r->u.unbound.remote_domid == e->rdom;
	if (ok && e->state == EVTCHN_INTERDOMAIN)
		ok = r->u.interdomain.remote_dom == e->rdom &&
		     r->u.interdomain.remote_port == e->rport;
	if (ok && e->state == EVTCHN_VIRQ)
		ok = r->u.virq == e->virq;
	if (!ok)
		return fail(m, "d%u port %u: state %u v%u u=%u/%u hv=%d, model state %u v%u %u/%u/%u hv=%d",
			    md->id, p, r->state, r->notify_vcpu_id,
			    r->u.interdomain.remote_dom,
			    r->u.interdomain.remote_port, !!r->hv_handler,
			    e->state, e->notify, e->rdom, e->rport, e->virq,
			    e->hv);
	return 0;
}

static int cmp_bits(struct model *m, struct mdom *md)
{
	const struct vesta_shared_info *s = md->d->shared_info;

	for (unsigned int w = 0; w < NWORDS; w++)
		if (s->evtchn_pending[w] != md->pending[w] ||
		    s->evtchn_mask[w] != md->mask[w])
			return fail(m, "d%u word %u: pending %016llx mask %016llx, model %016llx %016llx",
				    md->id, w,
				    (unsigned long long)s->evtchn_pending[w],
				    (unsigned long long)s->evtchn_mask[w],
				    (unsigned long long)md->pending[w],
				    (unsigned long long)md->mask[w]);
	for (unsigned int v = 0; v < md->nv; v++) {
		const struct vesta_vcpu_info *vi = &s->vcpu_info[v];

		if (vi->evtchn_pending_sel != md->sel[v] ||
		    vi->evtchn_upcall_pending != md->upcall[v])
			return fail(m, "d%u v%u: sel %016llx upcall %u, model %016llx %u",
				    md->id, v,
				    (unsigned long long)vi->evtchn_pending_sel,
				    vi->evtchn_upcall_pending,
				    (unsigned long long)md->sel[v],
				    md->upcall[v]);
		if (memcmp(md->d->vcpus[v]->virq_to_port, md->virq_map[v],
			   sizeof(md->virq_map[v])))
			return fail(m, "d%u v%u: VIRQ table differs", md->id,
				    v);
	}
	return 0;
}

/* Properties of the real state alone, whatever the model believes. */
static int check_peer(struct model *m, struct mdom *md, unsigned int p)
{
	const struct evtchn *c = &md->d->evtchn[p];
	struct domain *rd = fake_domain_by_id(c->u.interdomain.remote_dom);
	const struct evtchn *r;

	if (!rd || c->u.interdomain.remote_port >= rd->max_evtchns)
		return fail(m, "d%u port %u: peer d%u/%u does not exist",
			    md->id, p, c->u.interdomain.remote_dom,
			    c->u.interdomain.remote_port);
	r = &rd->evtchn[c->u.interdomain.remote_port];
	if (r->state != EVTCHN_INTERDOMAIN || r->hv_handler ||
	    r->u.interdomain.remote_dom != md->id ||
	    r->u.interdomain.remote_port != p)
		return fail(m, "d%u port %u: peer d%u/%u does not point back",
			    md->id, p, rd->domain_id,
			    c->u.interdomain.remote_port);
	return 0;
}

static int check_invariants(struct model *m, struct mdom *md)
{
	const struct domain *d = md->d;

	if (d->evtchn[0].state != EVTCHN_RESERVED ||
	    d->max_evtchns != NPORTS)
		return fail(m, "d%u: port 0 or table size broken", md->id);
	for (unsigned int p = 1; p <= md->hi; p++) {
		const struct evtchn *c = &d->evtchn[p];

		if (c->state > EVTCHN_PIRQ || c->state == EVTCHN_RESERVED ||
		    (c->state != EVTCHN_FREE &&
		     c->notify_vcpu_id >= d->max_vcpus))
			return fail(m, "d%u port %u: bad state/vCPU", md->id,
				    p);
		if (c->state == EVTCHN_INTERDOMAIN && !c->hv_handler &&
		    check_peer(m, md, p))
			return -1;
	}
	for (unsigned int v = 0; v < md->nv; v++)
		for (unsigned int q = 0; q < NR_VIRQS; q++) {
			uint32_t p = d->vcpus[v]->virq_to_port[q];

			if (p && (p >= NPORTS ||
				  d->evtchn[p].state != EVTCHN_VIRQ ||
				  d->evtchn[p].u.virq != q ||
				  (per_vcpu(q) ?
				   d->evtchn[p].notify_vcpu_id != v : v != 0)))
				return fail(m, "d%u v%u virq %u -> port %u: not that VIRQ",
					    md->id, v, q, p);
		}
	return 0;
}

/* Ports the model never handed out must be untouched in the table. */
static bool table_tail_free(const struct mdom *md)
{
	static const struct evtchn zero[NPORTS];
	size_t n = NPORTS - md->hi - 1;

	return !memcmp(&md->d->evtchn[md->hi + 1], zero, n * sizeof(zero[0]));
}

static int compare(struct model *m)
{
	if (shim_locks_held())
		return fail(m, "%u locks still held", shim_locks_held());
	if (fake_poll_wakes() != m->poll_wakes ||
	    fake_upcalls_total() != m->upcalls ||
	    m->real_hv_calls != m->hv_calls ||
	    m->real_hv_last_d != m->hv_last_d ||
	    m->real_hv_last_port != m->hv_last_port)
		return fail(m, "counters: poll %lu upcalls %lu hv %lu, model %lu %lu %lu",
			    fake_poll_wakes(), fake_upcalls_total(),
			    m->real_hv_calls, m->poll_wakes, m->upcalls,
			    m->hv_calls);
	for (unsigned int i = 0; i < 2; i++) {
		struct mdom *md = &m->dom[i];

		if (md->d->refcnt != 1)
			return fail(m, "d%u: %d references held", md->id,
				    md->d->refcnt - 1);
		for (unsigned int p = 0; p <= md->hi; p++)
			if (cmp_port(m, md, p))
				return -1;
		if (!table_tail_free(md))
			return fail(m, "d%u: a port above %u is in use",
				    md->id, md->hi);
		if (cmp_bits(m, md) || check_invariants(m, md))
			return -1;
	}
	return 0;
}

/* ---- driver ---------------------------------------------------------- */

typedef int (*model_fn)(struct model *m, const struct model_op *op);

static const model_fn model_ops[MOP_COUNT] = {
	[MOP_ALLOC_UNBOUND] = op_alloc_unbound,
	[MOP_BIND_INTERDOMAIN] = op_bind_interdomain,
	[MOP_BIND_VIRQ] = op_bind_virq,
	[MOP_BIND_IPI] = op_bind_ipi,
	[MOP_BIND_PIRQ] = op_bind_pirq,
	[MOP_CLOSE] = op_close,
	[MOP_SEND] = op_send,
	[MOP_STATUS] = op_status,
	[MOP_BIND_VCPU] = op_bind_vcpu,
	[MOP_UNMASK] = op_unmask,
	[MOP_RESET] = op_reset,
	[MOP_FIFO] = op_fifo,
	[MOP_BAD_CMD] = op_bad_cmd,
	[MOP_BAD_POINTER] = op_bad_pointer,
	[MOP_GUEST_MASK] = op_guest,
	[MOP_GUEST_UNMASK_BIT] = op_guest,
	[MOP_GUEST_CLEAR_PENDING] = op_guest,
	[MOP_GUEST_ACK] = op_guest,
	[MOP_HV_ALLOC] = op_hv,
	[MOP_HV_FREE] = op_hv,
	[MOP_HV_RAISE] = op_hv,
	[MOP_VIRQ_VCPU] = op_virq,
	[MOP_VIRQ_GLOBAL] = op_virq,
};

static const unsigned int op_cmd[MOP_COUNT] = {
	[MOP_ALLOC_UNBOUND] = VESTA_EVTCHNOP_alloc_unbound,
	[MOP_BIND_INTERDOMAIN] = VESTA_EVTCHNOP_bind_interdomain,
	[MOP_BIND_VIRQ] = VESTA_EVTCHNOP_bind_virq,
	[MOP_BIND_IPI] = VESTA_EVTCHNOP_bind_ipi,
	[MOP_BIND_PIRQ] = VESTA_EVTCHNOP_bind_pirq,
	[MOP_CLOSE] = VESTA_EVTCHNOP_close,
	[MOP_SEND] = VESTA_EVTCHNOP_send,
	[MOP_STATUS] = VESTA_EVTCHNOP_status,
	[MOP_BIND_VCPU] = VESTA_EVTCHNOP_bind_vcpu,
	[MOP_UNMASK] = VESTA_EVTCHNOP_unmask,
	[MOP_RESET] = VESTA_EVTCHNOP_reset,
	[MOP_FIFO] = VESTA_EVTCHNOP_init_control,
};

/*
 * Through hypercall 16, sub-ops outside its union are refused before
 * anything else happens: check that and skip the model.
 */
static int compat_refused(struct model *m, const struct model_op *op)
{
	uint8_t junk[28];
	long rc;

	memset(junk, op->fill, sizeof(junk));
	rc = hypercall(m, op, op_cmd[op->kind], junk, sizeof(junk) - 4);
	return expect_rc(m, "compat-only refusal", rc, -ENOSYS);
}

int model_step(struct model *m, const struct model_op *op)
{
	struct model_op tmp;
	int rc;

	m->err[0] = '\0';
	if (op->kind >= MOP_COUNT || op->caller > 1)
		return fail(m, "bad op %u", op->kind);
	if (op->use_last) {
		struct model_op *o = &tmp;
		struct mdom *t = resolve(m, &m->dom[op->caller], op->dom);

		*o = *op;
		if (op->kind != MOP_BIND_INTERDOMAIN &&
		    op->kind != MOP_STATUS)
			t = &m->dom[op->caller];
		if (t)
			o->port = t->last;
		op = o;
	}
	if (op->kind == MOP_RECREATE)
		rc = op_recreate(m);
	else if (op->kind <= MOP_FIFO && op->kind != MOP_RESET &&
		 compat_refuses(op, op_cmd[op->kind]))
		rc = compat_refused(m, op);
	else
		rc = model_ops[op->kind](m, op);
	if (rc)
		return rc;
	return compare(m);
}

static const uint16_t domids[8] = {
	VESTA_DOMID_SELF, 0, 1, 7, VESTA_DOMID_SELF, 1,
	VESTA_DOMID_INVALID, 0xffff,
};

static const uint32_t hostile[8] = {
	0, 4095, 4096, 0xffffffffu, 0x80000000u, 4097, 64, 127,
};

static uint32_t pick(uint8_t b, uint32_t small_mask)
{
	return b & 0x80 ? hostile[b & 7] : (uint32_t)(b & small_mask);
}

void model_decode(const uint8_t *b, struct model_op *op)
{
	memset(op, 0, sizeof(*op));
	op->kind = b[0] % MOP_COUNT;
	/* Keep the destructive ops rare so that state builds up. */
	if (op->kind == MOP_RESET && (b[7] & 7))
		op->kind = MOP_SEND;
	if (op->kind == MOP_RECREATE && (b[7] & 0x1f))
		op->kind = MOP_SEND;
	op->caller = b[1] & 1;
	op->vcpu = (b[1] >> 1) & 3;
	op->compat = (b[1] >> 3) & 1 && !(b[1] & 0x30);
	op->use_last = (b[1] >> 6) & 1;
	op->dom = domids[b[2] & 7];
	op->dom2 = domids[(b[2] >> 3) & 7];
	op->port = pick(b[3], 0x1f);
	op->arg = pick(b[4], 0x1f);
	op->arg2 = b[5] & 0x80 ? hostile[b[5] & 7] : b[5] % 5;
	op->fill = b[6] ^ b[7];
}

unsigned int model_ports_in_use(const struct model *m, unsigned int dom)
{
	unsigned int n = 0;

	for (unsigned int p = 0; p < NPORTS; p++)
		n += in_use(&m->dom[dom & 1].port[p]);
	return n;
}

struct model *model_create(void)
{
	struct model *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	fake_guest_reset();
	fake_counters_reset();
	m->arg_gva = fake_guest_alloc(64);
	for (unsigned int i = 0; i < 2; i++) {
		struct domain *d = fake_domain_create((domid_t)i, dom_vcpus[i],
						      i == 0);

		if (!d) {
			model_destroy(m);
			return NULL;
		}
		init_mdom(&m->dom[i], i, d);
	}
	return m;
}

void model_destroy(struct model *m)
{
	for (unsigned int i = 0; i < 2; i++)
		if (m->dom[i].d)
			fake_domain_destroy(m->dom[i].d);
	free(m);
}
