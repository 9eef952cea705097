/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Event delivery for the test kernels: registers the event and failsafe
 * callbacks (CALLBACKOP_register, events masked on entry), and on each
 * upcall scans the 2-level selector and pending words of vCPU 0, clears
 * what it finds and calls the port's handler. Not responsible for binding
 * ports (tests do that with hypercall_event_channel_op()) or for FIFO
 * events; the framework uses vCPU 0 only.
 */
#include "guest.h"

#define NR_PORTS	VESTA_EVTCHN_2L_NR_CHANNELS
#define BITS_PER_WORD	64

extern char guest_event_entry[], guest_failsafe_entry[];

static struct {
	guest_evtchn_handler_t fn;
	void *arg;
} handlers[NR_PORTS];

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
	return nr_upcalls;
}

unsigned long guest_unhandled_events(void)
{
	return nr_unhandled;
}

static void handle_port(unsigned int port)
{
	guest_evtchn_handler_t fn = handlers[port].fn;

	if (fn) {
		fn(port, handlers[port].arg);
		return;
	}
	/* Keep an unknown port from storming: leave it masked. */
	nr_unhandled++;
	guest_evtchn_mask(port);
	guest_printf("event on port %u without a handler (now masked)\n",
		     port);
}

static void scan_word(unsigned int w)
{
	struct vesta_shared_info *sh = guest_shared_info;
	uint64_t pend = __atomic_load_n(&sh->evtchn_pending[w],
					__ATOMIC_SEQ_CST) &
			~__atomic_load_n(&sh->evtchn_mask[w], __ATOMIC_SEQ_CST);

	while (pend) {
		unsigned int b = (unsigned int)__builtin_ctzll(pend);
		unsigned int port = w * BITS_PER_WORD + b;

		pend &= pend - 1;
		__atomic_fetch_and(&sh->evtchn_pending[w], ~(1ULL << b),
				   __ATOMIC_SEQ_CST);
		handle_port(port);
	}
}

void guest_events_upcall(struct guest_regs *regs)
{
	struct vesta_vcpu_info *vi = guest_vcpu_info();
	uint64_t sel;

	(void)regs;
	nr_upcalls++;
	do {
		__atomic_store_n(&vi->evtchn_upcall_pending, 0,
				 __ATOMIC_SEQ_CST);
		sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0,
					  __ATOMIC_SEQ_CST);
		while (sel) {
			unsigned int w = (unsigned int)__builtin_ctzll(sel);

			sel &= sel - 1;
			scan_word(w);
		}
	} while (__atomic_load_n(&vi->evtchn_upcall_pending,
				 __ATOMIC_SEQ_CST));
}
