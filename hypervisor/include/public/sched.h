/* SPDX-License-Identifier: MIT */
/*
 * sched_op (hypercall 29) sub-ops and their argument structs: yielding,
 * blocking until an event, polling event channels, shutting a domain down
 * and the domain watchdog. Numbers and layouts are Xen's. This header does
 * not define event channel ports (event_channel.h) or how the scheduler
 * picks vCPUs.
 */
#ifndef VESTA_PUBLIC_SCHED_H
#define VESTA_PUBLIC_SCHED_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

/* Sub-ops: the first hypercall argument; the second points at the struct. */
#define VESTA_SCHEDOP_yield		0	/* no argument */
#define VESTA_SCHEDOP_block		1	/* no argument; unmasks events*/
#define VESTA_SCHEDOP_shutdown		2	/* vesta_sched_shutdown */
#define VESTA_SCHEDOP_poll		3	/* vesta_sched_poll */
#define VESTA_SCHEDOP_remote_shutdown	4	/* ..._remote_shutdown */
#define VESTA_SCHEDOP_shutdown_code	5	/* vesta_sched_shutdown */
#define VESTA_SCHEDOP_watchdog		6	/* vesta_sched_watchdog */
#define VESTA_SCHEDOP_pin_override	7	/* vesta_sched_pin_override */

/* Shutdown reasons. */
#define VESTA_SHUTDOWN_poweroff		0	/* exited; destroy it */
#define VESTA_SHUTDOWN_reboot		1	/* destroy and start again */
#define VESTA_SHUTDOWN_suspend		2	/* save state, then destroy */
#define VESTA_SHUTDOWN_crash		3	/* the guest crashed */
#define VESTA_SHUTDOWN_watchdog		4	/* its watchdog expired */
#define VESTA_SHUTDOWN_soft_reset	5	/* reset, keep the memory */
#define VESTA_SHUTDOWN_MAX		5

#ifndef __ASSEMBLER__

/* SCHEDOP_shutdown, SCHEDOP_shutdown_code. IN only. */
struct vesta_sched_shutdown {
	uint32_t reason;	/* IN: VESTA_SHUTDOWN_* */
};
_Static_assert(sizeof(struct vesta_sched_shutdown) == 4,
	       "sched_shutdown size");

/*
 * SCHEDOP_poll: block until one of the ports is pending or the timeout
 * (absolute system time in ns, 0 = none) passes. IN only.
 */
struct vesta_sched_poll {
	uint64_t ports;		/* IN: guest VA of a uint32_t port array */
	uint32_t nr_ports;	/* IN: entries in that array */
	uint8_t pad[4];		/* padding */
	uint64_t timeout;	/* IN: absolute deadline, ns */
};
_Static_assert(sizeof(struct vesta_sched_poll) == 24, "sched_poll size");
_Static_assert(__builtin_offsetof(struct vesta_sched_poll, nr_ports) == 8,
	       "sched_poll.nr_ports");
_Static_assert(__builtin_offsetof(struct vesta_sched_poll, timeout) == 16,
	       "sched_poll.timeout");

/* SCHEDOP_remote_shutdown: shut another domain down. IN only. */
struct vesta_sched_remote_shutdown {
	uint16_t domain_id;	/* IN: target domain */
	uint8_t pad[2];		/* padding */
	uint32_t reason;	/* IN: VESTA_SHUTDOWN_* */
};
_Static_assert(sizeof(struct vesta_sched_remote_shutdown) == 8,
	       "sched_remote_shutdown size");
_Static_assert(__builtin_offsetof(struct vesta_sched_remote_shutdown,
				  reason) == 4,
	       "sched_remote_shutdown.reason");

/*
 * SCHEDOP_watchdog: id 0 with a timeout creates a watchdog and returns its
 * id; a non-zero id with a timeout re-arms it; a zero timeout deletes it.
 * Timeouts are in seconds. IN only (the id comes back as the result).
 */
struct vesta_sched_watchdog {
	uint32_t id;		/* IN: watchdog id, 0 = new */
	uint32_t timeout;	/* IN: seconds, 0 = delete */
};
_Static_assert(sizeof(struct vesta_sched_watchdog) == 8,
	       "sched_watchdog size");

/* SCHEDOP_pin_override (hardware domain only): pin to a pCPU, -1 = undo. */
struct vesta_sched_pin_override {
	int32_t pcpu;		/* IN: physical CPU or -1 */
};
_Static_assert(sizeof(struct vesta_sched_pin_override) == 4,
	       "sched_pin_override size");

#endif /* !__ASSEMBLER__ */

#endif /* VESTA_PUBLIC_SCHED_H */
