/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Internal API of the PV core benchmark kernel (bench/pv/kernel): batch
 * timing and the report lines it prints, and the measurements themselves
 * (null hypercall, event-channel ping-pong, guest system-call bounce). It
 * sits on the PV test-kernel framework (tests/guests/lib), which boots the
 * kernel, owns the console and shuts the domain down; this code does not
 * judge figures (nothing here passes or fails on time).
 *
 * Report protocol, one line per measurement, parsed by bench/pv/report.py:
 *   PVB <name> ops=<per batch> batches=<n> cyc=<x.y> ns=<x.y>
 *       ns_min=<x.y> ns_max=<x.y>
 *   PVB <name> skip=<reason without spaces>
 * where cyc and ns are the median over the batches of the per-operation
 * cost (TSC ticks and pvclock nanoseconds) and the first batch of every
 * measurement is a discarded warm-up.
 */
#ifndef PVBENCH_H
#define PVBENCH_H

#include <stdint.h>

#include "guest.h"

#define PVB_MAX_BATCHES		64

/* The hypercall number nobody implements (Xen 4.17 and Vesta: -ENOSYS). */
#define PVB_HC_UNKNOWN		63

/* Per-batch totals of one measurement. */
struct pvb_stat {
	unsigned int nr;
	uint64_t cyc[PVB_MAX_BATCHES];
	uint64_t ns[PVB_MAX_BATCHES];
};

/* A point in time: TSC and pvclock system time. */
struct pvb_clock {
	uint64_t cyc;
	uint64_t ns;
};

/*
 * pvb_now() - Read the pvclock (ns) and then the TSC into @c. Usable in
 * guest user mode too (the shared_info page is reachable there).
 */
static inline void pvb_now(struct pvb_clock *c)
{
	c->ns = guest_system_time();
	c->cyc = guest_rdtsc();
}

/* pvb_stat_reset() - Forget every batch of @s. */
void pvb_stat_reset(struct pvb_stat *s);

/*
 * pvb_stat_since() - Record one batch of @s that started at @t0 and ends
 * now. Batches beyond PVB_MAX_BATCHES are dropped. Usable in user mode.
 */
void pvb_stat_since(struct pvb_stat *s, const struct pvb_clock *t0);

/*
 * pvb_report() - Print the PVB line of @name for @s, @ops operations per
 * batch (see the protocol above). Sorts @s in place. With no batch
 * recorded it prints a skip line instead.
 */
void pvb_report(const char *name, struct pvb_stat *s, unsigned long ops);

/* pvb_skip() - Print "PVB <name> skip=<why>"; @why must have no spaces. */
void pvb_skip(const char *name, const char *why);

/*
 * pvb_user_run() - Enter guest user mode at @fn with the stack pointer at
 * @user_stack_top (16-byte aligned), with HYPERVISOR_iret, and return
 * once @fn has returned (its trampoline then makes the exit system call,
 * which one of the callbacks below turns into this return). Needs a user
 * page table, a kernel stack (stack_switch) and one of the callbacks
 * registered as CALLBACKTYPE_syscall. @fn runs in user mode: it must not
 * make hypercalls. Returns with events masked. In user.S.
 */
void pvb_user_run(void (*fn)(void), void *user_stack_top);

/*
 * Syscall callbacks (user.S): answer every guest system call at once with
 * HYPERVISOR_iret, flags 0 (_iret) or VGCF_in_syscall (_sysret), except
 * the exit call of pvb_user_run(). Registered with CALLBACKF_mask_events.
 */
extern char pvb_syscall_cb_iret[], pvb_syscall_cb_sysret[];

/* Null hypercalls: xen_version(XENVER_version) and an unknown number. */
void pvb_bench_hypercalls(void);

/*
 * pvb_bench_syscall() - Guest user -> guest kernel -> guest user bounce:
 * installs the builder's L4 (@si->pt_base) as the user page table
 * (MMUEXT_NEW_USER_BASEPTR), a kernel stack (stack_switch) and a syscall
 * callback that returns with HYPERVISOR_iret, then runs the timed loop in
 * guest user mode; once with iret flags 0 (Linux's way), once with
 * VGCF_in_syscall. Prints skip lines if the set-up is refused.
 */
void pvb_bench_syscall(const struct vesta_start_info *si);

/*
 * pvb_bench_loopback() - Ping-pong over an interdomain channel whose two
 * ends are in this domain (alloc_unbound(DOMID_SELF) + bind_interdomain
 * to it), spinning on the pending bit and then blocking (SCHEDOP_block).
 */
void pvb_bench_loopback(void);

/*
 * pvb_bench_interdomain() - Ping-pong with domain @peer, which runs
 * pvb_echo_interdomain(): finds @peer's unbound port offered to us
 * (EVTCHNOP_status), binds it, then times round trips spinning and
 * blocking. Prints skip lines if @peer never offers a port.
 */
void pvb_bench_interdomain(unsigned int peer);

/*
 * pvb_echo_interdomain() - The unprivileged side: offer a port to dom0
 * (alloc_unbound) and answer every event on it with one, in the order and
 * number pvb_bench_interdomain() sends them. Returns when done; blocks
 * for as long as dom0 does not connect.
 */
void pvb_echo_interdomain(void);

#endif /* PVBENCH_H */
