/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Event delivery for the test kernels: registers the event and failsafe
 * callbacks (CALLBACKOP_register, events masked on entry), and on each
 * upcall scans the 2-level selector and pending words of the vCPU it runs
 * on, clears the ports routed to that vCPU (vCPU 0 unless a test routes
 * them elsewhere, as Linux's per-CPU event masks do) and calls their
 * handlers. Also SCHEDOP_poll waits and the small handshake two domains
 * use to find an interdomain port. Not responsible for binding ports
 * (tests do that with hypercall_event_channel_op()) or for FIFO events.
 */
#include "guest.h"

#define NR_PORTS	VESTA_EVTCHN_2L_NR_CHANNELS
#define BITS_PER_WORD	64

static struct {
	guest_evtchn_handler_t fn;
	void *arg;
} handlers[NR_PORTS];

/* Which vCPU's upcall handles each port. */
static uint8_t port_cpu[NR_PORTS];

static unsigned long nr_upcalls;
static unsigned long nr_unhandled;

long guest_events_init(void)
{
	struct vesta_callback_register cb = {
		.type = VESTA_CALLBACKTYPE_event,
		.flags = VESTA_CALLBACKF_mask_events,
		.address = (uint64_t)guest_event_entry,
	};
	long rc;

	rc = hypercall_callback_op(VESTA_CALLBACKOP_register, &cb);
	if (rc)
		return rc;
	cb.type = VESTA_CALLBACKTYPE_failsafe;
	cb.address = (uint64_t)guest_failsafe_entry;
	return hypercall_callback_op(VESTA_CALLBACKOP_register, &cb);
}

void guest_evtchn_set_handler(unsigned int port, guest_evtchn_handler_t fn,
			      void *arg)
{
	if (port >= NR_PORTS)
		return;
	handlers[port].fn = NULL;
	guest_barrier();
	handlers[port].arg = arg;
	guest_barrier();
	handlers[port].fn = fn;
}

void guest_evtchn_bind_cpu(unsigned int port, unsigned int cpu)
{
	if (port < NR_PORTS && cpu < GUEST_MAX_VCPUS)
		__atomic_store_n(&port_cpu[port], (uint8_t)cpu,
				 __ATOMIC_SEQ_CST);
}

static uint64_t *word_of(uint64_t *bitmap, unsigned int port)
{
	return &bitmap[(port / BITS_PER_WORD) % VESTA_EVTCHN_2L_WORDS];
}

static uint64_t bit_of(unsigned int port)
{
	return 1ULL << (port % BITS_PER_WORD);
}

void guest_evtchn_mask(unsigned int port)
{
	__atomic_fetch_or(word_of(guest_shared_info->evtchn_mask, port),
			  bit_of(port), __ATOMIC_SEQ_CST);
}

void guest_evtchn_unmask(unsigned int port)
{
	__atomic_fetch_and(word_of(guest_shared_info->evtchn_mask, port),
			   ~bit_of(port), __ATOMIC_SEQ_CST);
}

bool guest_evtchn_is_pending(unsigned int port)
{
	return (__atomic_load_n(word_of(guest_shared_info->evtchn_pending,
					port), __ATOMIC_SEQ_CST) &
		bit_of(port)) != 0;
}

void guest_evtchn_clear_pending(unsigned int port)
{
	__atomic_fetch_and(word_of(guest_shared_info->evtchn_pending, port),
			   ~bit_of(port), __ATOMIC_SEQ_CST);
}

void guest_events_enable(void)
{
	struct vesta_vcpu_info *vi = guest_vcpu_info();

	__atomic_store_n(&vi->evtchn_upcall_mask, 0, __ATOMIC_SEQ_CST);
	/* Anything that arrived while masked needs a trip to the hypervisor. */
	if (__atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST))
		hypercall_xen_version(VESTA_XENVER_version, NULL);
}

void guest_events_disable(void)
{
	__atomic_store_n(&guest_vcpu_info()->evtchn_upcall_mask, 1,
			 __ATOMIC_SEQ_CST);
}

unsigned long guest_upcall_count(void)
{
	return __atomic_load_n(&nr_upcalls, __ATOMIC_SEQ_CST);
}

unsigned long guest_unhandled_events(void)
{
	return __atomic_load_n(&nr_unhandled, __ATOMIC_SEQ_CST);
}

static void handle_port(unsigned int port)
{
	guest_evtchn_handler_t fn = handlers[port].fn;

	if (fn) {
		fn(port, handlers[port].arg);
		return;
	}
	/* Keep an unknown port from storming: leave it masked. */
	__atomic_fetch_add(&nr_unhandled, 1, __ATOMIC_SEQ_CST);
	guest_evtchn_mask(port);
	guest_printf("event on port %u without a handler (now masked)\n",
		     port);
}

static void scan_word(unsigned int w, unsigned int cpu)
{
	struct vesta_shared_info *sh = guest_shared_info;
	uint64_t pend = __atomic_load_n(&sh->evtchn_pending[w],
					__ATOMIC_SEQ_CST) &
			~__atomic_load_n(&sh->evtchn_mask[w], __ATOMIC_SEQ_CST);

	while (pend) {
		unsigned int b = (unsigned int)__builtin_ctzll(pend);
		unsigned int port = w * BITS_PER_WORD + b;

		pend &= pend - 1;
		/* Another vCPU's port: its own selector bit brings it there. */
		if (__atomic_load_n(&port_cpu[port], __ATOMIC_SEQ_CST) != cpu)
			continue;
		__atomic_fetch_and(&sh->evtchn_pending[w], ~(1ULL << b),
				   __ATOMIC_SEQ_CST);
		handle_port(port);
	}
}

void guest_events_upcall(struct guest_regs *regs)
{
	struct vesta_vcpu_info *vi = guest_vcpu_info();
	unsigned int cpu = guest_cpu_id();
	uint64_t sel;

	(void)regs;
	__atomic_fetch_add(&nr_upcalls, 1, __ATOMIC_SEQ_CST);
	do {
		__atomic_store_n(&vi->evtchn_upcall_pending, 0,
				 __ATOMIC_SEQ_CST);
		sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0,
					  __ATOMIC_SEQ_CST);
		while (sel) {
			unsigned int w = (unsigned int)__builtin_ctzll(sel);

			sel &= sel - 1;
			scan_word(w, cpu);
		}
	} while (__atomic_load_n(&vi->evtchn_upcall_pending,
				 __ATOMIC_SEQ_CST));
}

long guest_evtchn_poll(unsigned int port, uint64_t timeout_abs_ns)
{
	uint32_t ports[1] = { port };
	struct vesta_sched_poll p = {
		.ports = (uint64_t)ports,
		.nr_ports = 1,
		.timeout = timeout_abs_ns,
	};

	return hypercall_sched_op(VESTA_SCHEDOP_poll, &p);
}

bool guest_wait_count(unsigned int port, const volatile unsigned long *count,
		      unsigned long target, uint64_t deadline_ns)
{
	bool ok;

	for (;;) {
		guest_events_disable();
		ok = *count >= target;
		if (ok || guest_system_time() >= deadline_ns)
			break;
		/* Woken by the port (pending even while masked) or by time. */
		guest_evtchn_poll(port, deadline_ns);
		/* Let the upcall run the handler. */
		guest_events_enable();
	}
	guest_events_enable();
	return ok;
}

long guest_xdom_offer(unsigned int remote_dom)
{
	struct vesta_evtchn_alloc_unbound au = {
		.dom = VESTA_DOMID_SELF,
		.remote_dom = (uint16_t)remote_dom,
	};
	long rc = hypercall_event_channel_op(VESTA_EVTCHNOP_alloc_unbound,
					     &au);

	return rc ? rc : (long)au.port;
}

long guest_xdom_find(unsigned int remote_dom, uint64_t timeout_ns)
{
	uint64_t deadline = guest_system_time() + timeout_ns;
	struct vesta_evtchn_bind_interdomain bi = {
		.remote_dom = (uint16_t)remote_dom,
	};
	unsigned int p;

	do {
		/* G4-style bound: the offering side's first ports. */
		for (p = 1; p <= GUEST_XDOM_MAX_PORT; p++) {
			bi.remote_port = p;
			if (!hypercall_event_channel_op(
					VESTA_EVTCHNOP_bind_interdomain, &bi))
				return (long)bi.local_port;
		}
		guest_sleep_ns(1000000);
	} while (guest_system_time() < deadline);
	return -VESTA_ETIMEDOUT;
}
