/* SPDX-License-Identifier: MIT */
/*
 * event_channel_op (hypercall 32) sub-ops and their argument structs:
 * allocating, binding, signalling, querying and closing event channels,
 * plus the constants of the 2-level and FIFO event layouts. Numbers and
 * layouts are Xen's. The 2-level pending/mask bitmaps themselves live in
 * shared_info (vesta.h); how the hypervisor stores channels is not
 * described here.
 */
#ifndef VESTA_PUBLIC_EVENT_CHANNEL_H
#define VESTA_PUBLIC_EVENT_CHANNEL_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

/* Sub-ops: the first hypercall argument; the second points at the struct. */
#define VESTA_EVTCHNOP_bind_interdomain	0
#define VESTA_EVTCHNOP_bind_virq	1
#define VESTA_EVTCHNOP_bind_pirq	2
#define VESTA_EVTCHNOP_close		3
#define VESTA_EVTCHNOP_send		4
#define VESTA_EVTCHNOP_status		5
#define VESTA_EVTCHNOP_alloc_unbound	6
#define VESTA_EVTCHNOP_bind_ipi		7
#define VESTA_EVTCHNOP_bind_vcpu	8
#define VESTA_EVTCHNOP_unmask		9
#define VESTA_EVTCHNOP_reset		10
#define VESTA_EVTCHNOP_init_control	11
#define VESTA_EVTCHNOP_expand_array	12
#define VESTA_EVTCHNOP_set_priority	13
#define VESTA_EVTCHNOP_reset_cont	14	/* internal continuation */

/* Channel states reported by EVTCHNOP_status. */
#define VESTA_EVTCHNSTAT_closed		0	/* not in use */
#define VESTA_EVTCHNSTAT_unbound	1	/* waiting for a remote end */
#define VESTA_EVTCHNSTAT_interdomain	2	/* connected to a remote port */
#define VESTA_EVTCHNSTAT_pirq		3	/* bound to a physical IRQ */
#define VESTA_EVTCHNSTAT_virq		4	/* bound to a virtual IRQ */
#define VESTA_EVTCHNSTAT_ipi		5	/* bound as an IPI */

/* evtchn_bind_pirq.flags: the IRQ may be shared with other domains. */
#define VESTA_BIND_PIRQ__WILL_SHARE	1

/* 2-level ABI: 64 selector bits x 64-bit words = 4096 ports on x86-64. */
#define VESTA_EVTCHN_2L_NR_CHANNELS	4096

/* FIFO ABI: priorities (0 highest), event word bits, port limit. */
#define VESTA_EVTCHN_FIFO_PRIORITY_MAX		0
#define VESTA_EVTCHN_FIFO_PRIORITY_DEFAULT	7
#define VESTA_EVTCHN_FIFO_PRIORITY_MIN		15
#define VESTA_EVTCHN_FIFO_MAX_QUEUES		16
#define VESTA_EVTCHN_FIFO_PENDING		31	/* bit numbers */
#define VESTA_EVTCHN_FIFO_MASKED		30
#define VESTA_EVTCHN_FIFO_LINKED		29
#define VESTA_EVTCHN_FIFO_BUSY			28
#define VESTA_EVTCHN_FIFO_LINK_BITS		17
#define VESTA_EVTCHN_FIFO_LINK_MASK \
	((1U << VESTA_EVTCHN_FIFO_LINK_BITS) - 1)
#define VESTA_EVTCHN_FIFO_NR_CHANNELS	(1U << VESTA_EVTCHN_FIFO_LINK_BITS)

#ifndef __ASSEMBLER__

typedef uint32_t vesta_evtchn_port_t;

/*
 * EVTCHNOP_alloc_unbound: a new port in dom that remote_dom may later
 * bind to. dom is usually DOMID_SELF.
 */
struct vesta_evtchn_alloc_unbound {
	uint16_t dom;			/* IN */
	uint16_t remote_dom;		/* IN */
	vesta_evtchn_port_t port;	/* OUT: the new port */
};
_Static_assert(sizeof(struct vesta_evtchn_alloc_unbound) == 8,
	       "evtchn_alloc_unbound size");
_Static_assert(__builtin_offsetof(struct vesta_evtchn_alloc_unbound,
				  port) == 4,
	       "evtchn_alloc_unbound.port");

/* EVTCHNOP_bind_interdomain: connect to a remote domain's unbound port. */
struct vesta_evtchn_bind_interdomain {
	uint16_t remote_dom;		/* IN */
	uint8_t pad[2];			/* padding */
	vesta_evtchn_port_t remote_port; /* IN */
	vesta_evtchn_port_t local_port;	/* OUT */
};
_Static_assert(sizeof(struct vesta_evtchn_bind_interdomain) == 12,
	       "evtchn_bind_interdomain size");
_Static_assert(__builtin_offsetof(struct vesta_evtchn_bind_interdomain,
				  remote_port) == 4,
	       "evtchn_bind_interdomain.remote_port");
_Static_assert(__builtin_offsetof(struct vesta_evtchn_bind_interdomain,
				  local_port) == 8,
	       "evtchn_bind_interdomain.local_port");

/* EVTCHNOP_bind_virq: deliver a VIRQ to a vCPU through a new port. */
struct vesta_evtchn_bind_virq {
	uint32_t virq;			/* IN: VESTA_VIRQ_* */
	uint32_t vcpu;			/* IN */
	vesta_evtchn_port_t port;	/* OUT */
};
_Static_assert(sizeof(struct vesta_evtchn_bind_virq) == 12,
	       "evtchn_bind_virq size");
_Static_assert(__builtin_offsetof(struct vesta_evtchn_bind_virq, port) == 8,
	       "evtchn_bind_virq.port");

/* EVTCHNOP_bind_pirq: deliver a physical IRQ through a new port. */
struct vesta_evtchn_bind_pirq {
	uint32_t pirq;			/* IN */
	uint32_t flags;			/* IN: VESTA_BIND_PIRQ__* */
	vesta_evtchn_port_t port;	/* OUT */
};
_Static_assert(sizeof(struct vesta_evtchn_bind_pirq) == 12,
	       "evtchn_bind_pirq size");

/* EVTCHNOP_bind_ipi: a port that signals the given vCPU of this domain. */
struct vesta_evtchn_bind_ipi {
	uint32_t vcpu;			/* IN */
	vesta_evtchn_port_t port;	/* OUT */
};
_Static_assert(sizeof(struct vesta_evtchn_bind_ipi) == 8,
	       "evtchn_bind_ipi size");

/* EVTCHNOP_close. IN only. */
struct vesta_evtchn_close {
	vesta_evtchn_port_t port;	/* IN */
};
_Static_assert(sizeof(struct vesta_evtchn_close) == 4, "evtchn_close size");

/* EVTCHNOP_send: signal the other end. IN only. */
struct vesta_evtchn_send {
	vesta_evtchn_port_t port;	/* IN */
};
_Static_assert(sizeof(struct vesta_evtchn_send) == 4, "evtchn_send size");

/* EVTCHNOP_status: what a port of dom is connected to. */
struct vesta_evtchn_status {
	uint16_t dom;			/* IN */
	uint8_t pad[2];			/* padding */
	vesta_evtchn_port_t port;	/* IN */
	uint32_t status;		/* OUT: VESTA_EVTCHNSTAT_* */
	uint32_t vcpu;			/* OUT: vCPU it notifies */
	union {
		struct {
			uint16_t dom;	/* OUT: who may bind */
		} unbound;
		struct {
			uint16_t dom;	/* OUT: remote domain */
			uint8_t pad[2];	/* padding */
			vesta_evtchn_port_t port; /* OUT: remote port */
		} interdomain;
		uint32_t pirq;		/* OUT */
		uint32_t virq;		/* OUT */
	} u;				/* chosen by status */
};
_Static_assert(sizeof(struct vesta_evtchn_status) == 24,
	       "evtchn_status size");
_Static_assert(__builtin_offsetof(struct vesta_evtchn_status, port) == 4,
	       "evtchn_status.port");
_Static_assert(__builtin_offsetof(struct vesta_evtchn_status, status) == 8,
	       "evtchn_status.status");
_Static_assert(__builtin_offsetof(struct vesta_evtchn_status, u) == 16,
	       "evtchn_status.u");
_Static_assert(__builtin_offsetof(struct vesta_evtchn_status,
				  u.interdomain.port) == 20,
	       "evtchn_status.u.interdomain.port");

/* EVTCHNOP_bind_vcpu: move a port's notifications to another vCPU. */
struct vesta_evtchn_bind_vcpu {
	vesta_evtchn_port_t port;	/* IN */
	uint32_t vcpu;			/* IN */
};
_Static_assert(sizeof(struct vesta_evtchn_bind_vcpu) == 8,
	       "evtchn_bind_vcpu size");

/* EVTCHNOP_unmask: clear the mask and re-deliver if pending. IN only. */
struct vesta_evtchn_unmask {
	vesta_evtchn_port_t port;	/* IN */
};
_Static_assert(sizeof(struct vesta_evtchn_unmask) == 4,
	       "evtchn_unmask size");

/* EVTCHNOP_reset: close every port of dom. IN only. */
struct vesta_evtchn_reset {
	uint16_t dom;			/* IN */
};
_Static_assert(sizeof(struct vesta_evtchn_reset) == 2, "evtchn_reset size");

/*
 * EVTCHNOP_init_control: switch to the FIFO ABI, giving each vCPU its
 * control block at offset in frame control_gfn.
 */
struct vesta_evtchn_init_control {
	uint64_t control_gfn;		/* IN */
	uint32_t offset;		/* IN: byte offset in that frame */
	uint32_t vcpu;			/* IN */
	uint8_t link_bits;		/* OUT: bits in a link field */
	uint8_t pad[7];			/* padding */
};
_Static_assert(sizeof(struct vesta_evtchn_init_control) == 24,
	       "evtchn_init_control size");
_Static_assert(__builtin_offsetof(struct vesta_evtchn_init_control,
				  link_bits) == 16,
	       "evtchn_init_control.link_bits");

/* EVTCHNOP_expand_array: add one page of FIFO event words. IN only. */
struct vesta_evtchn_expand_array {
	uint64_t array_gfn;		/* IN */
};
_Static_assert(sizeof(struct vesta_evtchn_expand_array) == 8,
	       "evtchn_expand_array size");

/* EVTCHNOP_set_priority (FIFO only). IN only. */
struct vesta_evtchn_set_priority {
	vesta_evtchn_port_t port;	/* IN */
	uint32_t priority;		/* IN: 0 (highest) to 15 */
};
_Static_assert(sizeof(struct vesta_evtchn_set_priority) == 8,
	       "evtchn_set_priority size");

/*
 * Argument of the old event_channel_op_compat (hypercall 16): the sub-op
 * and its struct in one block. IN/OUT as for the member used.
 */
struct vesta_evtchn_op {
	uint32_t cmd;			/* IN: VESTA_EVTCHNOP_* */
	union {
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
	} u;
};
_Static_assert(sizeof(struct vesta_evtchn_op) == 28, "evtchn_op size");
_Static_assert(__builtin_offsetof(struct vesta_evtchn_op, u) == 4,
	       "evtchn_op.u");

/* FIFO per-vCPU control block, in guest memory (IN/OUT, shared). */
struct vesta_evtchn_fifo_control_block {
	uint32_t ready;		/* OUT: bit q = queue q has events */
	uint32_t rsvd;		/* reserved */
	uint32_t head[VESTA_EVTCHN_FIFO_MAX_QUEUES]; /* IN/OUT: queue heads */
};
_Static_assert(sizeof(struct vesta_evtchn_fifo_control_block) == 72,
	       "evtchn_fifo_control_block size");

#endif /* !__ASSEMBLER__ */

#endif /* VESTA_PUBLIC_EVENT_CHANNEL_H */
