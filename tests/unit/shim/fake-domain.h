/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Fake domains, vCPUs and guest memory for host tests of common/ code:
 * what domain.h and guest-access.h promise, implemented small enough to
 * inspect. Domains live in a by-id list (lookups take references, which
 * tests check for leaks); each has a calloc'ed shared_info whose legacy
 * vcpu_info slots its first 32 vCPUs use; the current vCPU is per thread;
 * guest virtual addresses map into one arena with injectable faults. The
 * upcall and poll-wake hooks only count. Not responsible for scheduling,
 * memory ownership or anything of a real guest's address space.
 */
#ifndef VESTA_TEST_FAKE_DOMAIN_H
#define VESTA_TEST_FAKE_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vesta/domain.h>

/* Guest virtual addresses [FAKE_GUEST_BASE, + FAKE_GUEST_SIZE) exist. */
#define FAKE_GUEST_BASE		0x00007f5500000000ULL
#define FAKE_GUEST_SIZE		(1024 * 1024)

/*
 * fake_domain_create() - A listed domain with @nr_vcpus vCPUs (all with
 * vcpu_info in shared_info if < 32), reference count 1 (the list's), and
 * its event channels initialised. Return: the domain, NULL on failure.
 */
struct domain *fake_domain_create(domid_t id, unsigned int nr_vcpus,
				  bool privileged);

/* Take @d off the list: lookups fail, as for a dying domain. */
void fake_domain_unlist(struct domain *d);

/* Unlist, tear down the event channels (evtchn_domain_destroy), free. */
void fake_domain_destroy(struct domain *d);

/* The listed domain @id (no reference taken), or NULL. */
struct domain *fake_domain_by_id(domid_t id);

/* Make @v the vCPU current_vcpu() returns on this thread. */
void fake_set_current(struct vcpu *v);

/* Calls of vcpu_mark_events_pending() for @v / in total. */
unsigned long fake_upcalls(const struct vcpu *v);
unsigned long fake_upcalls_total(void);

/* Calls of sched_poll_wake(), and the arguments of the last one. */
unsigned long fake_poll_wakes(void);
struct domain *fake_last_poll_domain(void);
uint32_t fake_last_poll_port(void);

/* Zero the upcall and poll counters. */
void fake_counters_reset(void);

/* Guest memory: a bump allocator over the arena (16-byte aligned). */
uint64_t fake_guest_alloc(size_t len);
void fake_guest_reset(void);

/* Host view of [@gva, @gva + @len), or NULL if not all in the arena. */
void *fake_guest_ptr(uint64_t gva, size_t len);

/* Let the next @n guest copies succeed, then fail all (-1: never fail). */
void fake_guest_fail_after(int n);

/* Guest copies attempted since the last fake_guest_reset(). */
unsigned long fake_guest_copies(void);

#endif /* VESTA_TEST_FAKE_DOMAIN_H */
