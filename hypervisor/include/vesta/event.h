/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels, 2-level ABI: the per-domain port table, the
 * event_channel_op hypercalls (32 and the old 16), delivery of events
 * into shared_info / vcpu_info bitmaps, virtual IRQs, and ports whose
 * far end is the hypervisor itself (in-hypervisor backends). Not
 * responsible for how a pending event reaches the guest (the upcall
 * bounce, arch/x86/pv), for waking pollers (the scheduler implements
 * sched_poll_wake()), for the FIFO ABI (not implemented: the guest falls
 * back to 2-level) or for physical IRQs (bind_pirq is refused for now).
 */
#ifndef VESTA_EVENT_H
#define VESTA_EVENT_H

#include <stdbool.h>
#include <stdint.h>
#include <vesta/lib.h>
#include <vesta/domain.h>
#include <public/event_channel.h>

/* Ports per domain: 64 selector bits times 64-bit words. Port 0 unused. */
#define EVTCHN_2L_PORTS		VESTA_EVTCHN_2L_NR_CHANNELS

enum evtchn_state {
	EVTCHN_FREE,		/* not in use (all fields zero) */
	EVTCHN_RESERVED,	/* never handed out (port 0) */
	EVTCHN_UNBOUND,		/* offered to u.unbound.remote_domid */
	EVTCHN_INTERDOMAIN,	/* connected: u.interdomain, or hv_handler */
	EVTCHN_VIRQ,		/* u.virq (per vCPU, or global) */
	EVTCHN_IPI,		/* signals vCPU notify_vcpu_id */
	EVTCHN_PIRQ,		/* u.pirq (unused yet: bind_pirq fails) */
};

/*
 * Called, on the sending vCPU and with no event-channel lock held, when
 * the guest sends on a port allocated by evtchn_alloc_hv_port().
 */
typedef void (*evtchn_hv_handler_t)(struct domain *d, uint32_t port,
				    void *data);

/*
 * One port. Guarded by its domain's event_lock. For an interdomain port
 * the peer is named by id and port, not by pointer: every use looks the
 * peer up and checks that its port still points back (see evtchn.c).
 */
struct evtchn {
	uint8_t state;			/* enum evtchn_state */
	uint16_t notify_vcpu_id;	/* vCPU whose selector gets the event */
	union {
		struct {
			domid_t remote_domid;	/* who may bind */
		} unbound;
		struct {
			domid_t remote_dom;
			uint32_t remote_port;	/* 0 for an hv port */
		} interdomain;
		uint32_t virq;
		uint32_t pirq;
	} u;
	/* Set only on INTERDOMAIN ports whose far end is the hypervisor. */
	evtchn_hv_handler_t hv_handler;
	void *hv_data;
};

/*
 * evtchn_domain_init() - Give @d an empty 2-level port table (all ports
 * free, port 0 reserved).
 * @d: a domain under construction, not yet published.
 *
 * Context: any, no lock held. @d's vCPUs need not exist yet.
 * Return: 0; -EEXIST already initialised; -ENOMEM.
 */
int __must_check evtchn_domain_init(struct domain *d);

/*
 * evtchn_domain_destroy() - Close every port of @d and free its table. An
 * interdomain peer's port becomes UNBOUND, offered to @d's id again (as
 * after EVTCHNOP_close). Idempotent; a no-op if init never ran.
 * @d: a domain nobody can look up any more (dying, or never published).
 *
 * Context: no event-channel lock held; takes @d's and each peer's lock.
 * Must run before @d's shared_info and vCPUs are freed.
 */
void evtchn_domain_destroy(struct domain *d);

/*
 * do_event_channel_op() - Hypercall 32 for the current vCPU's domain.
 * @cmd: VESTA_EVTCHNOP_*.
 * @arg: guest virtual address of the op's struct (copied in once, and out
 *       again on success for ops with OUT fields).
 *
 * Context: hypercall, no lock held.
 * Return: 0 or the op's result; -ENOSYS unknown op, FIFO ops
 * (init_control, expand_array, set_priority); -EFAULT bad @arg; -EINVAL
 * bad port, state, vCPU/VIRQ combination; -ENOENT no such vCPU; -ESRCH
 * no such domain; -EPERM another domain without privilege, or bind_pirq
 * unprivileged; -EEXIST VIRQ already bound; -EBUSY global VIRQ asked by
 * an unprivileged domain; -ENOSPC no free port; -EAGAIN close raced
 * with the port being rebound repeatedly.
 */
long do_event_channel_op(unsigned int cmd, uint64_t arg);

/*
 * do_event_channel_op_compat() - Hypercall 16: @arg points at a struct
 * vesta_evtchn_op (cmd, then the op's struct at offset 4). Only the ops
 * in that struct's union are accepted.
 *
 * Context: hypercall, no lock held.
 * Return: as do_event_channel_op(); -ENOSYS for ops outside the union.
 */
long do_event_channel_op_compat(uint64_t arg);

/*
 * evtchn_set_pending() - 2-level delivery of @port to @v: set the pending
 * bit; if it was clear and the port is unmasked, set the selector bit in
 * @v's vcpu_info and, if that was clear too, mark an upcall pending. A
 * newly pending port (masked or not) wakes vCPUs polling on it.
 * @v:    vCPU of the port's domain (its vcpu_info may be unset: then only
 *        the pending bit is set).
 * @port: < EVTCHN_2L_PORTS; larger values are ignored.
 *
 * Context: any but hard IRQ; callers normally hold the domain's
 * event_lock so that @port cannot change meaning under them.
 */
void evtchn_set_pending(struct vcpu *v, uint32_t port);

/*
 * send_guest_vcpu_virq() - Raise per-vCPU VIRQ @virq (TIMER, DEBUG, ...)
 * on @v if the guest bound it; otherwise nothing happens.
 * Context: not hard IRQ; takes @v's domain's event_lock.
 */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);

/*
 * send_guest_global_virq() - Raise global VIRQ @virq of @d (bound on
 * vCPU 0, delivered to the vCPU the port is bound to) if bound.
 * Context: not hard IRQ; takes @d's event_lock.
 */
void send_guest_global_virq(struct domain *d, unsigned int virq);

/*
 * evtchn_raise() - Hypervisor-initiated event on @d's own @port (for
 * instance an hv backend answering the guest): set it pending for the
 * vCPU it is bound to.
 * Context: not hard IRQ; takes @d's event_lock.
 * Return: 0; -EINVAL port out of range, free or reserved.
 */
int __must_check evtchn_raise(struct domain *d, uint32_t port);

/*
 * evtchn_port_is_pending() - Is @port's pending bit set in @d's
 * shared_info? False for ports out of range. Lock-free (SCHEDOP_poll).
 */
bool evtchn_port_is_pending(struct domain *d, uint32_t port);

/*
 * evtchn_alloc_hv_port() - Allocate a port of @d that the guest sees as
 * interdomain (status: remote @remote, remote port 0) but whose sends
 * call @handler(d, port, @data) inside the hypervisor. The guest may
 * unmask it, send on it and move it to another vCPU, but not close it
 * (-EINVAL; EVTCHNOP_reset leaves it alone). Answer with evtchn_raise().
 * @data: must stay valid until evtchn_free_hv_port() or domain teardown
 *        returned and no vCPU of @d can be inside a send.
 *
 * Context: no event-channel lock held.
 * Return: the port (> 0); -EINVAL @handler NULL or no table; -ENOSPC.
 */
int __must_check evtchn_alloc_hv_port(struct domain *d, domid_t remote,
				      evtchn_hv_handler_t handler,
				      void *data);

/*
 * evtchn_free_hv_port() - Close a port from evtchn_alloc_hv_port().
 * Context: no event-channel lock held; takes @d's event_lock.
 * Return: 0; -EINVAL not such a port.
 */
int __must_check evtchn_free_hv_port(struct domain *d, uint32_t port);

/*
 * evtchn_dump() - Print @d's ports in use, one line each: state, bound
 * vCPU, pending/masked/selector bits and the state's details.
 * Context: debug key; uses a trylock and says so if the table is busy.
 */
void evtchn_dump(struct domain *d);

/*
 * sched_poll_wake() - Implemented by the scheduler: wake the vCPUs of @d
 * blocked in SCHEDOP_poll on @port (or on any port).
 * Context: called with @d's event_lock held, whenever @port becomes
 * pending; must not take an event-channel lock.
 */
void sched_poll_wake(struct domain *d, uint32_t port);

#endif /* VESTA_EVENT_H */
