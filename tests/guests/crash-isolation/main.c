/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * crash-isolation: a domU that breaks its own exception or return path
 * dies alone; dom0 and the hypervisor carry on.
 *
 * Property tested (DESIGN.md principle 1, style.md 2.3 item 4, pv-abi.md
 * 2.3-2.5): the same kernel runs in every domain and takes its role from
 * the command line. dom0 ("role=healthy", the default for a privileged
 * domain) spends "run_ms" (default 5000) ms taking a 10 ms timer tick and
 * sending itself an IPI per tick, and checks its own health: every IPI
 * delivered, the pvclock monotonic, and after "warmup_ms" (default 2500:
 * the boot domUs are still being built on its pCPU before that) ticks
 * never more than 2 s late and at least a tenth of the expected ticks
 * (generous: other domains share its pCPU, and other work its host).
 * Each domU breaks itself one way: "role=badtrap" points #UD and #PF
 * handlers at an unmapped address and into the hypervisor's hole (a
 * non-canonical handler is refused with -EINVAL first), then executes
 * ud2: every bounce faults again until its stack runs out; "role=badiret"
 * hands HYPERVISOR_iret a frame with a code selector the CPU cannot load;
 * "role=badiretsp" calls HYPERVISOR_iret with RSP pointing at unmapped
 * memory; "role=badstack" takes an exception with RSP inside the
 * hypervisor's hole, so the bounce frame has nowhere to go;
 * "role=lastdown" takes its only vCPU down with VCPUOP_down, which is a
 * shutdown (poweroff) of the domain in Xen (not a crash). The spec adds
 * the shutdown-crash kernel as one more domU (an unhandled fault).
 * Expected: each broken domU is reported crashed (or shut down, for
 * lastdown) and destroyed, never a hypervisor fault, and dom0 still
 * prints RESULT: SUCCESS after all of them.
 *
 * Correct behaviour: as above (multi-domain: Vesta only). Failure
 * detection: the spec waits for the crash/destroy lines of every domU and
 * rejects hypervisor fault messages; a broken domU that survives prints
 * "crash-isolation: survived" (rejected); dom0's FAIL lines and RESULT.
 */
#include "guest.h"

#define NS_PER_MS	1000000ULL
#define HOLE		0xffff830000000000ULL
#define UNMAPPED	0x0000100000000000ULL

/* ---- dom0 ---- */

static volatile unsigned long ticks, ipis, judged_ticks;
static volatile uint64_t deadline, worst_late, judge_from;
static volatile bool stopping;
static unsigned int timer_port, ipi_port;

static void arm(uint64_t when)
{
	struct vesta_vcpu_set_singleshot_timer t = { .timeout_abs_ns = when };

	deadline = when;
	hypercall_vcpu_op(VESTA_VCPUOP_set_singleshot_timer, 0, &t);
}

static void on_tick(unsigned int port, void *arg)
{
	struct vesta_evtchn_send s = { .port = ipi_port };
	uint64_t now = guest_system_time();

	(void)port;
	(void)arg;
	if (now >= judge_from) {
		if (now > deadline && now - deadline > worst_late)
			worst_late = now - deadline;
		judged_ticks++;
	}
	ticks++;
	hypercall_event_channel_op(VESTA_EVTCHNOP_send, &s);
	if (!stopping)
		arm(now + 10 * NS_PER_MS);
}

static void on_ipi(unsigned int port, void *arg)
{
	(void)port;
	(void)arg;
	ipis++;
}

static bool bind_ports(void)
{
	struct vesta_evtchn_bind_virq bv = { .virq = VESTA_VIRQ_TIMER };
	struct vesta_evtchn_bind_ipi bi = { .vcpu = 0 };

	hypercall_vcpu_op(VESTA_VCPUOP_stop_periodic_timer, 0, NULL);
	if (!guest_check_rc("bind_virq(TIMER)", 0,
			    hypercall_event_channel_op(VESTA_EVTCHNOP_bind_virq,
						       &bv)) ||
	    !guest_check_rc("bind_ipi", 0,
			    hypercall_event_channel_op(VESTA_EVTCHNOP_bind_ipi,
						       &bi)))
		return false;
	timer_port = bv.port;
	ipi_port = bi.port;
	guest_evtchn_set_handler(timer_port, on_tick, NULL);
	guest_evtchn_set_handler(ipi_port, on_ipi, NULL);
	return true;
}

/*
 * The hypervisor builds the boot domUs on pCPU 0 after dom0 started, and
 * the timers of dom0's vCPU live there: ticks in the first warmup_ms are
 * counted but not judged.
 */
static void run_healthy(void)
{
	uint64_t run = guest_cmdline_ulong("run_ms", 5000) * NS_PER_MS;
	uint64_t warm = guest_cmdline_ulong("warmup_ms", 2500) * NS_PER_MS;
	uint64_t t0, end, prev, now, back = 0;
	unsigned long want;

	if (!bind_ports())
		return;
	if (warm >= run)
		warm = run / 2;
	t0 = guest_system_time();
	end = t0 + run;
	judge_from = t0 + warm;
	prev = t0;
	arm(t0 + 10 * NS_PER_MS);
	guest_events_enable();
	while ((now = guest_system_time()) < end) {
		if (now < prev)
			back++;
		prev = now;
	}
	/* A tick already on its way must not re-arm the timer. */
	stopping = true;
	hypercall_vcpu_op(VESTA_VCPUOP_stop_singleshot_timer, 0, NULL);
	guest_sleep_ns(50 * NS_PER_MS);
	/*
	 * The last tick's IPI may still be on its way on a loaded host: give
	 * it up to a second; an IPI that never arrives still fails below.
	 */
	for (unsigned int i = 0; i < 100 && ipis != ticks; i++)
		guest_sleep_ns(10 * NS_PER_MS);
	want = (unsigned long)((run - warm) / (10 * NS_PER_MS));
	guest_printf("healthy: %lu ticks, %lu after the warm-up (of up to %lu), %lu IPIs, worst tick after it %lu us late\n",
		     ticks, judged_ticks, want, ipis,
		     (unsigned long)(worst_late / 1000));
	guest_check("pvclock steps back", 0, back);
	guest_check("IPIs sent by the tick handler and received", ticks, ipis);
	if (judged_ticks < want / 10)
		guest_fail("only %lu timer ticks in %lu ms", judged_ticks,
			   (unsigned long)((run - warm) / NS_PER_MS));
	if (worst_late > 2000 * NS_PER_MS)
		guest_fail("a tick came %lu ms late",
			   (unsigned long)(worst_late / NS_PER_MS));
	guest_check("events on ports without a handler", 0,
		    guest_unhandled_events());
}

/* ---- the broken domUs ---- */

static void bad_trap_table(void)
{
	struct vesta_trap_info t[3] = {
		{ .vector = 6, .cs = VESTA_FLAT_KERNEL_CS,
		  .address = UNMAPPED },
		{ .vector = 14, .cs = VESTA_FLAT_KERNEL_CS, .address = HOLE },
	};
	struct vesta_trap_info nc[2] = {
		{ .vector = 13, .cs = VESTA_FLAT_KERNEL_CS,
		  .address = 0x8000000000000000ULL },
	};

	guest_check_rc("set_trap_table(non-canonical handler)", -VESTA_EINVAL,
		       hypercall_set_trap_table(nc));
	guest_check_rc("set_trap_table(#UD unmapped, #PF in the hole)", 0,
		       hypercall_set_trap_table(t));
	guest_printf("crash-isolation: badtrap: ud2 now\n");
	__asm__ volatile("ud2");
}

/* HYPERVISOR_iret with the context at @sp (RAX, R11, RCX, flags, RIP...). */
static void iret_at(uint64_t *sp)
{
	__asm__ volatile("mov %0, %%rsp\n\t"
			 "mov %1, %%eax\n\t"
			 "syscall\n\t"
			 "ud2"
			 :: "r"(sp), "i"(VESTA_HC_iret) : "memory");
}

static uint64_t iret_frame[9];

/* Where a return that should have failed would land. */
static GUEST_NORETURN void survived(void)
{
	guest_printf("crash-isolation: survived\n");
	guest_error("the domain survived breaking itself");
}

static void bad_iret_cs(void)
{
	iret_frame[4] = (uint64_t)survived;		/* RIP */
	iret_frame[5] = 0x1230;		/* a CS beyond our empty GDT */
	iret_frame[6] = 0x202;				/* RFLAGS */
	iret_frame[7] = ((uint64_t)guest_stack_top - 256) & ~15ULL;
	iret_frame[8] = VESTA_FLAT_KERNEL_SS;
	guest_printf("crash-isolation: badiret: iret to cs 0x1230 now\n");
	iret_at(iret_frame);
}

static void bad_iret_sp(void)
{
	guest_printf("crash-isolation: badiretsp: iret with RSP unmapped now\n");
	iret_at((uint64_t *)UNMAPPED);
}

static void bad_stack(void)
{
	guest_printf("crash-isolation: badstack: exception with RSP in the hole now\n");
	__asm__ volatile("mov %0, %%rsp\n\tud2" :: "r"(HOLE) : "memory");
}

static void last_down(void)
{
	guest_printf("crash-isolation: lastdown: taking the only vCPU down now\n");
	hypercall_vcpu_op(VESTA_VCPUOP_down, 0, NULL);
}

void test_main(const struct vesta_start_info *si)
{
	(void)si;
	if (guest_cmdline_has("role=badtrap"))
		bad_trap_table();
	else if (guest_cmdline_has("role=badiret"))
		bad_iret_cs();
	else if (guest_cmdline_has("role=badiretsp"))
		bad_iret_sp();
	else if (guest_cmdline_has("role=badstack"))
		bad_stack();
	else if (guest_cmdline_has("role=lastdown"))
		last_down();
	else {
		if (!guest_is_privileged())
			guest_fail("no role given to an unprivileged domain");
		run_healthy();
		return;
	}
	/* Only a hypervisor that let the breakage pass gets here. */
	survived();
}
