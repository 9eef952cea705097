/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Fake implementations of the domain, vCPU, guest-access and scheduler
 * interfaces that common/ code calls (see fake-domain.h). Reference
 * counts are real and a drop to zero aborts: a fake domain is only ever
 * freed by fake_domain_destroy(), so reaching zero means the code under
 * test put a reference it never took. Not responsible for event-channel
 * state (that is the code under test) or its checks (evtchn-model.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vesta/domain.h>
#include <vesta/errno.h>
#include <vesta/event.h>
#include <vesta/guest-access.h>

#include "fake-domain.h"

struct fake_vcpu {
	struct vcpu v;
	unsigned long upcalls;
};

static struct domain *listed[MAX_DOMAINS];
static DEFINE_SPINLOCK(list_lock);
static __thread struct vcpu *cur;
static unsigned long upcalls_total, poll_wakes;
static struct domain *last_poll_d;
static uint32_t last_poll_port;

static void die(const char *msg)
{
	fprintf(stderr, "fake-domain: %s\n", msg);
	abort();
}

/* ---- domains ----------------------------------------------------------- */

static int add_vcpus(struct domain *d, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++) {
		struct fake_vcpu *fv = calloc(1, sizeof(*fv));

		if (!fv)
			return -ENOMEM;
		fv->v.vcpu_id = i;
		fv->v.domain = d;
		if (i < VESTA_LEGACY_MAX_VCPUS)
			fv->v.vcpu_info = &d->shared_info->vcpu_info[i];
		d->vcpus[i] = &fv->v;
	}
	return 0;
}

static void free_domain(struct domain *d)
{
	for (unsigned int i = 0; i < MAX_VCPUS; i++)
		free(d->vcpus[i] ?
		     container_of(d->vcpus[i], struct fake_vcpu, v) : NULL);
	free(d->shared_info);
	free(d);
}

struct domain *fake_domain_create(domid_t id, unsigned int nr_vcpus,
				  bool privileged)
{
	struct domain *d;

	if (id >= MAX_DOMAINS || !nr_vcpus || nr_vcpus > MAX_VCPUS ||
	    listed[id])
		return NULL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->domain_id = id;
	d->is_privileged = privileged;
	d->max_vcpus = nr_vcpus;
	d->refcnt = 1;
	d->shared_info = calloc(1, sizeof(*d->shared_info));
	if (!d->shared_info || add_vcpus(d, nr_vcpus) ||
	    evtchn_domain_init(d)) {
		free_domain(d);
		return NULL;
	}
	spin_lock(&list_lock);
	listed[id] = d;
	spin_unlock(&list_lock);
	return d;
}

void fake_domain_unlist(struct domain *d)
{
	spin_lock(&list_lock);
	if (listed[d->domain_id] == d)
		listed[d->domain_id] = NULL;
	d->state = DOMAIN_DYING;
	spin_unlock(&list_lock);
}

void fake_domain_destroy(struct domain *d)
{
	fake_domain_unlist(d);
	if (__atomic_load_n(&d->refcnt, __ATOMIC_SEQ_CST) != 1)
		die("domain destroyed while references are held");
	evtchn_domain_destroy(d);
	free_domain(d);
}

struct domain *fake_domain_by_id(domid_t id)
{
	return id < MAX_DOMAINS ? listed[id] : NULL;
}

struct domain *domain_lookup(domid_t id)
{
	struct domain *d;

	if (id >= MAX_DOMAINS)
		return NULL;
	spin_lock(&list_lock);
	d = listed[id];
	if (d)
		domain_get(d);
	spin_unlock(&list_lock);
	return d;
}

struct domain *domain_lookup_by_caller(struct domain *caller, domid_t id)
{
	if (id == VESTA_DOMID_SELF || id == caller->domain_id) {
		domain_get(caller);
		return caller;
	}
	return domain_lookup(id);
}

void domain_get(struct domain *d)
{
	__atomic_add_fetch(&d->refcnt, 1, __ATOMIC_SEQ_CST);
}

void domain_put(struct domain *d)
{
	if (__atomic_sub_fetch(&d->refcnt, 1, __ATOMIC_SEQ_CST) <= 0)
		die("domain_put dropped a reference that was never taken");
}

struct vcpu *domain_vcpu(const struct domain *d, unsigned int id)
{
	return id < d->max_vcpus ? d->vcpus[id] : NULL;
}

/* ---- current vCPU and the hooks ----------------------------------------- */

void fake_set_current(struct vcpu *v)
{
	cur = v;
}

struct vcpu *current_vcpu(void)
{
	if (!cur)
		die("no current vCPU set");
	return cur;
}

void vcpu_mark_events_pending(struct vcpu *v)
{
	struct fake_vcpu *fv = container_of(v, struct fake_vcpu, v);

	if (v->vcpu_info)
		__atomic_store_n(&v->vcpu_info->evtchn_upcall_pending, 1,
				 __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&fv->upcalls, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&upcalls_total, 1, __ATOMIC_SEQ_CST);
}

void sched_poll_wake(struct domain *d, uint32_t port)
{
	__atomic_add_fetch(&poll_wakes, 1, __ATOMIC_SEQ_CST);
	__atomic_store_n(&last_poll_d, d, __ATOMIC_SEQ_CST);
	__atomic_store_n(&last_poll_port, port, __ATOMIC_SEQ_CST);
}

unsigned long fake_upcalls(const struct vcpu *v)
{
	return container_of(v, struct fake_vcpu, v)->upcalls;
}

unsigned long fake_upcalls_total(void)
{
	return upcalls_total;
}

unsigned long fake_poll_wakes(void)
{
	return poll_wakes;
}

struct domain *fake_last_poll_domain(void)
{
	return last_poll_d;
}

uint32_t fake_last_poll_port(void)
{
	return last_poll_port;
}

void fake_counters_reset(void)
{
	upcalls_total = 0;
	poll_wakes = 0;
	last_poll_d = NULL;
	last_poll_port = 0;
	for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
		struct domain *d = listed[i];

		for (unsigned int j = 0; d && j < d->max_vcpus; j++) {
			struct fake_vcpu *fv;

			fv = container_of(d->vcpus[j], struct fake_vcpu, v);
			fv->upcalls = 0;
		}
	}
}

/* ---- guest memory ----------------------------------------------------- */

static _Alignas(64) uint8_t arena[FAKE_GUEST_SIZE];
static size_t arena_used;
static int copy_budget = -1;
static unsigned long copies;

uint64_t fake_guest_alloc(size_t len)
{
	size_t off = __atomic_fetch_add(&arena_used, (len + 15) & ~(size_t)15,
					__ATOMIC_SEQ_CST);

	if (len > FAKE_GUEST_SIZE || off > FAKE_GUEST_SIZE - len)
		die("guest arena exhausted");
	return FAKE_GUEST_BASE + off;
}

void fake_guest_reset(void)
{
	arena_used = 0;
	copy_budget = -1;
	copies = 0;
	memset(arena, 0, sizeof(arena));
}

void *fake_guest_ptr(uint64_t gva, size_t len)
{
	/* G2-style: both ends, no overflow. */
	if (gva < FAKE_GUEST_BASE || len > FAKE_GUEST_SIZE ||
	    gva - FAKE_GUEST_BASE > FAKE_GUEST_SIZE - len)
		return NULL;
	return arena + (gva - FAKE_GUEST_BASE);
}

void fake_guest_fail_after(int n)
{
	copy_budget = n;
}

unsigned long fake_guest_copies(void)
{
	return copies;
}

static void *guest_access(uint64_t gva, size_t len)
{
	__atomic_add_fetch(&copies, 1, __ATOMIC_SEQ_CST);
	if (copy_budget == 0)
		return NULL;
	if (copy_budget > 0)
		copy_budget--;
	return fake_guest_ptr(gva, len);
}

int copy_from_guest(void *dst, uint64_t gva, size_t len)
{
	void *p = guest_access(gva, len);

	if (!p)
		return -EFAULT;
	memcpy(dst, p, len);
	return 0;
}

int copy_to_guest(uint64_t gva, const void *src, size_t len)
{
	void *p = guest_access(gva, len);

	if (!p)
		return -EFAULT;
	memcpy(p, src, len);
	return 0;
}
