/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * smp: bringing up secondary vCPUs of a PV domain, and running more vCPUs
 * than there are physical CPUs.
 *
 * Property tested (pv-abi.md 8 item 9, 2.6, 4; appendix A): a domain with
 * "vcpus=N" vCPUs (the spec gives dom0 4 on a 2-pCPU machine) sees
 * VCPUOP_is_up 1 for vCPU 0 and 0 for the others, -ENOENT for ids >= N
 * (sampled up to 65535), and -EINVAL for VCPUOP_up of a vCPU never
 * initialised. VCPUOP_initialise with a full vcpu_guest_context (the
 * current L4 from start_info.pt_base, the framework's trap table, event
 * and failsafe callbacks, kernel_ss/sp on a stack of its own) plus
 * VCPUOP_up starts each vCPU at the given RIP with RDI as set; a second
 * initialise is -EEXIST. Each vCPU binds its own VIRQ_TIMER (periodic
 * timer, 4 ms) and an IPI port, and runs the same fixed amount of work
 * (about 100 ms of CPU each, calibrated on vCPU 0), sending IPIs to the
 * next vCPU: all finish, every vCPU gets timer ticks and IPIs, and time
 * slicing interleaves them (more vCPUs than the "pcpus=P" of the command
 * line have started their work when the first finishes). Runstate areas,
 * registered for all vCPUs by vCPU 0 before they start (as Linux does),
 * show running
 * time for each vCPU and runnable time for at least two. A vCPU blocked
 * in SCHEDOP_block is "blocked" both in VCPUOP_get_runstate_info and in
 * its runstate area (the hypervisor updates the area when it deschedules
 * a vCPU, pv-abi.md 4: "on every schedule"); VCPUOP_down stops a spinning
 * vCPU (its counter freezes, is_up 0, runstate offline, its area no
 * longer "running") and VCPUOP_up resumes it where it was.
 *
 * With "badctx" on the command line the kernel instead checks that
 * VCPUOP_initialise refuses (-EINVAL) contexts with non-canonical
 * addresses (fs_base, gs_base_kernel, gs_base_user, kernel_sp, RIP, RSP,
 * event callback, a trap handler), as Xen does; one such vCPU is then
 * brought up anyway if the hypervisor accepted it, because loading a
 * non-canonical FS/GS base must not take the hypervisor down.
 *
 * With "console" on the command line, vCPUs 0 and 1 each write 300 lines
 * of 60 'A's (vCPU 0) or 'B's (vCPU 1) with raw CONSOLEIO_write at the
 * same time: the hypervisor must keep each write's line whole (its spec
 * rejects a line mixing A and B, or longer than 60), since the guest
 * console of one domain is shared by all its vCPUs.
 *
 * Correct behaviour: Xen 4.17's. Failure detection: FAIL lines; a vCPU
 * that never runs is reported after a deadline (RESULT: FAILURE); the
 * specs reject hypervisor crash messages and mixed console lines.
 */
#include <string.h>

#include "guest.h"

#define NS_PER_MS	1000000ULL
#define MAX_CPUS	GUEST_MAX_VCPUS
#define WORK_NS		(100 * NS_PER_MS)	/* CPU time per vCPU */
#define NR_IPIS		20
#define STATE_UNSET	0x55

struct cpu_state {
	volatile unsigned long ticks, ipis, progress, spin;
	volatile unsigned int ipi_port;
	volatile int ready, blocking, phase, stop;
	uint64_t done_time;
	unsigned long at_first_finish;	/* progress at the first finish */
};

static struct cpu_state cs[MAX_CPUS];
/* A context is 5 KiB: too big for the stack. */
static struct vesta_vcpu_guest_context ctx;
static struct vesta_vcpu_runstate_info rs_area[MAX_CPUS] GUEST_ALIGNED(64);
static unsigned int nr_vcpus;
static unsigned long work_units;
static uint64_t t_start;
static int someone_finished;

static long vcpu_op(int cmd, unsigned int id, void *arg)
{
	return hypercall_vcpu_op(cmd, id, arg);
}

static void on_count(unsigned int port, void *arg)
{
	(void)port;
	__atomic_fetch_add((unsigned long *)arg, 1, __ATOMIC_SEQ_CST);
}

/* A fixed amount of instructions: the unit of work. */
static void burn(void)
{
	for (unsigned int i = 0; i < 2000; i++)
		__asm__ volatile("" ::: "memory");
}

/* Units of work that take WORK_NS on vCPU 0 running alone. */
static unsigned long calibrate(void)
{
	uint64_t t0 = guest_system_time(), dt;
	unsigned long n;

	for (n = 0; n < 200; n++)
		burn();
	dt = guest_system_time() - t0;
	if (!dt)
		dt = 1;
	n = (unsigned long)(WORK_NS * 200 / dt);
	return n < 400 ? 400 : n;
}

/* Bind this vCPU's timer and IPI ports to handlers run on this vCPU. */
static void setup_events(unsigned int id)
{
	struct vesta_evtchn_bind_virq bv = { .virq = VESTA_VIRQ_TIMER,
					     .vcpu = id };
	struct vesta_evtchn_bind_ipi bi = { .vcpu = id };
	struct vesta_vcpu_set_periodic_timer pt = {
		.period_ns = 4 * NS_PER_MS,
	};
	long rc;

	/* No tick may arrive before its port is routed (Xen's default). */
	vcpu_op(VESTA_VCPUOP_stop_periodic_timer, id, NULL);
	rc = hypercall_event_channel_op(VESTA_EVTCHNOP_bind_virq, &bv);
	if (!rc) {
		guest_evtchn_bind_cpu(bv.port, id);
		guest_evtchn_set_handler(bv.port, on_count,
					 (void *)&cs[id].ticks);
	} else {
		guest_fail("vCPU %u: bind_virq(TIMER) = %ld", id, rc);
	}
	rc = hypercall_event_channel_op(VESTA_EVTCHNOP_bind_ipi, &bi);
	if (!rc) {
		guest_evtchn_bind_cpu(bi.port, id);
		guest_evtchn_set_handler(bi.port, on_count,
					 (void *)&cs[id].ipis);
		cs[id].ipi_port = bi.port;
	} else {
		guest_fail("vCPU %u: bind_ipi = %ld", id, rc);
	}
	rc = vcpu_op(VESTA_VCPUOP_set_periodic_timer, id, &pt);
	if (rc)
		guest_fail("vCPU %u: set_periodic_timer(4 ms) = %ld", id, rc);
	guest_events_enable();
}

static void send_ipi(unsigned int to)
{
	struct vesta_evtchn_send s = { .port = cs[to].ipi_port };

	if (s.port)
		hypercall_event_channel_op(VESTA_EVTCHNOP_send, &s);
}

static void do_work(unsigned int id)
{
	unsigned long every = work_units / NR_IPIS;
	struct cpu_state *me = &cs[id];

	for (unsigned long i = 1; i <= work_units; i++) {
		burn();
		me->progress = i;
		if (every && i % every == 0)
			send_ipi((id + 1) % nr_vcpus);
	}
	me->done_time = guest_system_time();
	/* The first to finish notes how far everybody else got. */
	if (!__atomic_exchange_n(&someone_finished, 1, __ATOMIC_SEQ_CST))
		for (unsigned int i = 0; i < nr_vcpus; i++)
			cs[i].at_first_finish = cs[i].progress;
}

/* Running (+ runnable) time as this vCPU sees it in its own area. */
static void report_runstate(unsigned int id)
{
	const volatile struct vesta_vcpu_runstate_info *r = &rs_area[id];
	uint64_t now = guest_system_time();
	uint64_t run = r->time[VESTA_RUNSTATE_running];

	if (r->state != VESTA_RUNSTATE_running) {
		guest_fail("vCPU %u: own runstate area says state %d while running",
			   id, r->state);
		return;
	}
	run += now - (r->state_entry_time & ~VESTA_RUNSTATE_UPDATE);
	guest_printf("vCPU %u: ran %lu ms, runnable %lu ms, %lu ticks, %lu IPIs\n",
		     id, (unsigned long)(run / NS_PER_MS),
		     (unsigned long)(r->time[VESTA_RUNSTATE_runnable] /
				     NS_PER_MS), cs[id].ticks, cs[id].ipis);
	if (!run)
		guest_fail("vCPU %u: no running time in its runstate area", id);
}

/* Sleep in SCHEDOP_block until vCPU 0 moves this vCPU to @phase. */
static void wait_phase(unsigned int id, int phase)
{
	while (__atomic_load_n(&cs[id].phase, __ATOMIC_SEQ_CST) < phase) {
		guest_events_disable();
		if (__atomic_load_n(&cs[id].phase, __ATOMIC_SEQ_CST) >= phase)
			break;
		hypercall_sched_op(VESTA_SCHEDOP_block, NULL);
	}
	guest_events_enable();
}

static void ap_main(unsigned int id, void *arg)
{
	(void)arg;
	setup_events(id);
	__atomic_store_n(&cs[id].ready, 1, __ATOMIC_SEQ_CST);
	do_work(id);
	report_runstate(id);
	vcpu_op(VESTA_VCPUOP_stop_periodic_timer, id, NULL);
	__atomic_store_n(&cs[id].blocking, 1, __ATOMIC_SEQ_CST);
	wait_phase(id, 1);
	if (id != nr_vcpus - 1)
		return;
	/* The last vCPU spins until told to stop: VCPUOP_down target. */
	while (!__atomic_load_n(&cs[id].stop, __ATOMIC_SEQ_CST))
		cs[id].spin++;
}

/* Wait (yielding) until @cond(@id) for every vCPU 1..n-1, or time out. */
static bool wait_all(bool (*cond)(unsigned int), uint64_t timeout_ns)
{
	uint64_t end = guest_system_time() + timeout_ns;
	unsigned int i;

	for (;;) {
		for (i = 1; i < nr_vcpus && cond(i); i++)
			;
		if (i == nr_vcpus)
			return true;
		if (guest_system_time() > end)
			return false;
		hypercall_sched_op(VESTA_SCHEDOP_yield, NULL);
	}
}

static bool is_done(unsigned int i)
{
	return cs[i].done_time != 0;
}

static bool is_blocking(unsigned int i)
{
	return __atomic_load_n(&cs[i].blocking, __ATOMIC_SEQ_CST) != 0;
}

static bool has_returned(unsigned int i)
{
	return guest_vcpu_done(i);
}

static void check_ids(void)
{
	static const unsigned int absent[] = {
		8, 9, 15, 16, 31, 32, 63, 64, 127, 128, 255, 256, 1023, 1024,
		4095, 4096, 8191, 8192, 65535,
	};
	char w[64];

	guest_check_rc("is_up(0)", 1, vcpu_op(VESTA_VCPUOP_is_up, 0, NULL));
	for (unsigned int i = 1; i < nr_vcpus; i++) {
		vesta_snprintf(w, sizeof(w), "is_up(%u) before start", i);
		guest_check_rc(w, 0, vcpu_op(VESTA_VCPUOP_is_up, i, NULL));
	}
	for (unsigned int i = nr_vcpus; i < 8; i++) {
		vesta_snprintf(w, sizeof(w), "is_up(%u) (absent)", i);
		guest_check_rc(w, -VESTA_ENOENT,
			       vcpu_op(VESTA_VCPUOP_is_up, i, NULL));
	}
	for (unsigned int k = 0; k < GUEST_ARRAY_SIZE(absent); k++) {
		vesta_snprintf(w, sizeof(w), "is_up(%u) (absent)", absent[k]);
		guest_check_rc(w, -VESTA_ENOENT,
			       vcpu_op(VESTA_VCPUOP_is_up, absent[k], NULL));
	}
	if (nr_vcpus > 1)
		guest_check_rc("VCPUOP_up(1) before initialise", -VESTA_EINVAL,
			       vcpu_op(VESTA_VCPUOP_up, 1, NULL));
}

/* vCPU 0 registers every area (Linux does it before VCPUOP_up). */
static void register_areas(void)
{
	for (unsigned int i = 0; i < nr_vcpus; i++) {
		struct vesta_vcpu_register_runstate_memory_area a = {
			.addr = (uint64_t)&rs_area[i],
		};

		memset(&rs_area[i], 0, sizeof(rs_area[i]));
		rs_area[i].state = STATE_UNSET;
		long rc = vcpu_op(VESTA_VCPUOP_register_runstate_memory_area,
				  i, &a);

		guest_check_rc("register_runstate_memory_area", 0, rc);
	}
}

static bool start_aps(void)
{
	char w[64];

	for (unsigned int i = 1; i < nr_vcpus; i++) {
		vesta_snprintf(w, sizeof(w), "start vCPU %u", i);
		if (!guest_check_rc(w, 0, guest_vcpu_start(i, ap_main, NULL)))
			return false;
		vesta_snprintf(w, sizeof(w), "is_up(%u) after up", i);
		guest_check_rc(w, 1, vcpu_op(VESTA_VCPUOP_is_up, i, NULL));
	}
	if (nr_vcpus > 1) {
		guest_vcpu_context(&ctx, 1, NULL, NULL);
		guest_check_rc("initialise(1) again", -VESTA_EEXIST,
			       vcpu_op(VESTA_VCPUOP_initialise, 1, &ctx));
	}
	return true;
}

/*
 * Run to completion, only as many vCPUs as there are pCPUs would have
 * made any progress when the first one finished; with time slicing more
 * have. (How fair the slices are is the scheduler's business: Xen's
 * credit scheduler can leave one vCPU waiting for 150 ms here.)
 */
static void check_progress(void)
{
	unsigned int pcpus = (unsigned int)guest_cmdline_ulong("pcpus", 2);
	uint64_t first_done = ~0ULL;
	unsigned int moved = 0;

	for (unsigned int i = 0; i < nr_vcpus; i++) {
		if (cs[i].done_time < first_done)
			first_done = cs[i].done_time;
		if (!cs[i].ticks)
			guest_fail("vCPU %u: no timer tick", i);
		if (!cs[i].ipis)
			guest_fail("vCPU %u: no IPI received", i);
	}
	guest_printf("work: first vCPU finished after %lu ms\n",
		     (unsigned long)((first_done - t_start) / NS_PER_MS));
	for (unsigned int i = 0; i < nr_vcpus; i++) {
		guest_printf("vCPU %u: %lu%% done at that point\n", i,
			     cs[i].at_first_finish * 100 / work_units);
		if (cs[i].at_first_finish)
			moved++;
	}
	if (nr_vcpus > pcpus && moved <= pcpus)
		guest_fail("only %u vCPUs had started their work when the first finished (%u pCPUs): no time slicing",
			   moved, pcpus);
}

static void check_runnable(void)
{
	unsigned int waited = 0;

	for (unsigned int i = 0; i < nr_vcpus; i++)
		if (rs_area[i].time[VESTA_RUNSTATE_runnable])
			waited++;
	if (nr_vcpus > 2 && waited < 2)
		guest_fail("only %u vCPU(s) ever waited for a pCPU (runnable time)",
			   waited);
}

/*
 * What the hypervisor says about vCPU @i, in both views. The area is
 * written when the vCPU is scheduled in and out: @exact if the vCPU left
 * its pCPU in state @want, else it only must not claim to be running (it
 * may have been waiting in a run queue when it went down).
 */
static void check_state(unsigned int i, int want, const char *what,
			bool exact)
{
	struct vesta_vcpu_runstate_info r;
	int32_t area = rs_area[i].state;
	char w[96];

	vesta_snprintf(w, sizeof(w), "vCPU %u %s: get_runstate_info", i, what);
	if (guest_check_rc(w, 0,
			   vcpu_op(VESTA_VCPUOP_get_runstate_info, i, &r))) {
		vesta_snprintf(w, sizeof(w), "vCPU %u %s: runstate", i, what);
		guest_check(w, (uint64_t)want, (uint64_t)r.state);
	}
	vesta_snprintf(w, sizeof(w),
		       "vCPU %u %s: state in its runstate area (updated when descheduled)",
		       i, what);
	if (exact)
		guest_check(w, (uint64_t)want, (uint64_t)area);
	else if (area == VESTA_RUNSTATE_running)
		guest_fail("%s is still \"running\"", w);
}

static void check_blocked(void)
{
	if (!wait_all(is_blocking, 10000 * NS_PER_MS)) {
		guest_fail("secondary vCPUs did not reach their block");
		return;
	}
	guest_sleep_ns(50 * NS_PER_MS);
	for (unsigned int i = 1; i < nr_vcpus; i++)
		check_state(i, VESTA_RUNSTATE_blocked, "in SCHEDOP_block",
			    true);
}

/* VCPUOP_down/up of the last vCPU while it spins. */
static void check_down_up(void)
{
	unsigned int v = nr_vcpus - 1;
	struct cpu_state *t = &cs[v];
	unsigned long s1, s2;
	uint64_t end = guest_system_time() + 5000 * NS_PER_MS;

	while (!t->spin && guest_system_time() < end)
		hypercall_sched_op(VESTA_SCHEDOP_yield, NULL);
	if (!guest_check_rc("VCPUOP_down(last)", 0,
			    vcpu_op(VESTA_VCPUOP_down, v, NULL)))
		return;
	guest_sleep_ns(20 * NS_PER_MS);
	s1 = t->spin;
	guest_sleep_ns(100 * NS_PER_MS);
	s2 = t->spin;
	if (s1 != s2)
		guest_fail("vCPU %u kept running after VCPUOP_down (%lu -> %lu)",
			   v, s1, s2);
	guest_check_rc("is_up(last) after down", 0,
		       vcpu_op(VESTA_VCPUOP_is_up, v, NULL));
	check_state(v, VESTA_RUNSTATE_offline, "after VCPUOP_down", false);
	guest_check_rc("VCPUOP_up(last) again", 0,
		       vcpu_op(VESTA_VCPUOP_up, v, NULL));
	end = guest_system_time() + 5000 * NS_PER_MS;
	while (t->spin == s2 && guest_system_time() < end)
		hypercall_sched_op(VESTA_SCHEDOP_yield, NULL);
	if (t->spin == s2)
		guest_fail("vCPU %u did not resume after VCPUOP_up", v);
	__atomic_store_n(&t->stop, 1, __ATOMIC_SEQ_CST);
}

static void finish_aps(void)
{
	char w[64];

	for (unsigned int i = 1; i < nr_vcpus; i++) {
		__atomic_store_n(&cs[i].phase, 1, __ATOMIC_SEQ_CST);
		send_ipi(i);
	}
	if (nr_vcpus > 1)
		check_down_up();
	if (!wait_all(has_returned, 5000 * NS_PER_MS))
		guest_fail("secondary vCPUs did not finish");
	guest_sleep_ns(20 * NS_PER_MS);
	for (unsigned int i = 1; i < nr_vcpus; i++) {
		vesta_snprintf(w, sizeof(w), "is_up(%u) after it went down", i);
		guest_check_rc(w, 0, vcpu_op(VESTA_VCPUOP_is_up, i, NULL));
	}
}

static void run_smp(void)
{
	check_ids();
	work_units = calibrate();
	guest_printf("smp: %u vCPUs, %lu units of work each\n", nr_vcpus,
		     work_units);
	register_areas();
	t_start = guest_system_time();
	if (!start_aps())
		return;
	setup_events(0);
	do_work(0);
	report_runstate(0);
	if (!wait_all(is_done, 20000 * NS_PER_MS)) {
		for (unsigned int i = 1; i < nr_vcpus; i++)
			guest_printf("vCPU %u: started %d, progress %lu of %lu\n",
				     i, guest_vcpu_started(i), cs[i].progress,
				     work_units);
		guest_fail("not every vCPU finished its work");
		return;
	}
	vcpu_op(VESTA_VCPUOP_stop_periodic_timer, 0, NULL);
	check_progress();
	check_runnable();
	check_blocked();
	finish_aps();
}

#define NONCANON	0x8000000000000000ULL

enum bad_field { BAD_FS, BAD_GS_K, BAD_GS_U, BAD_KSP, BAD_RIP, BAD_RSP,
		 BAD_EVENT, BAD_TRAP, NR_BAD };

static const char *const bad_names[NR_BAD] = {
	"fs_base", "gs_base_kernel", "gs_base_user", "kernel_sp",
	"user_regs.rip", "user_regs.rsp", "event_callback_eip",
	"trap_ctxt[14].address",
};

static void spoil(struct vesta_vcpu_guest_context *c, enum bad_field f)
{
	switch (f) {
	case BAD_FS: c->fs_base = NONCANON; break;
	case BAD_GS_K: c->gs_base_kernel = NONCANON; break;
	case BAD_GS_U: c->gs_base_user = NONCANON; break;
	case BAD_KSP: c->kernel_sp = NONCANON; break;
	case BAD_RIP: c->user_regs.rip = NONCANON; break;
	case BAD_RSP: c->user_regs.rsp = NONCANON; break;
	case BAD_EVENT: c->event_callback_eip = NONCANON; break;
	default: c->trap_ctxt[14].address = NONCANON; break;
	}
}


static void ap_idle(unsigned int id, void *arg)
{
	(void)id;
	(void)arg;
}

static void run_badctx(void)
{
	unsigned int fs_vcpu = 0;
	char w[96];
	long rc;

	for (unsigned int f = 0; f < NR_BAD && f + 1 < nr_vcpus; f++) {
		guest_vcpu_context(&ctx, f + 1, ap_idle, NULL);
		spoil(&ctx, (enum bad_field)f);
		rc = vcpu_op(VESTA_VCPUOP_initialise, f + 1, &ctx);
		vesta_snprintf(w, sizeof(w), "initialise with non-canonical %s",
			       bad_names[f]);
		guest_check_rc(w, -VESTA_EINVAL, rc);
		if (!rc && f == BAD_FS)
			fs_vcpu = f + 1;
	}
	if (nr_vcpus < NR_BAD + 1)
		guest_skip("only %u vCPUs: not every field checked", nr_vcpus);
	if (!fs_vcpu)
		return;
	guest_printf("badctx: vCPU %u was accepted with a non-canonical FS base; bringing it up (this may only crash this domain)\n",
		     fs_vcpu);
	vcpu_op(VESTA_VCPUOP_up, fs_vcpu, NULL);
	guest_sleep_ns(200 * NS_PER_MS);
	guest_printf("badctx: still alive 200 ms later\n");
}

/* Raw CONSOLEIO_write, bypassing the framework's console lock. */
static void console_lines(unsigned int id, void *arg)
{
	char line[61];

	(void)arg;
	for (unsigned int i = 0; i < 60; i++)
		line[i] = (char)('A' + id);
	line[60] = '\n';
	for (unsigned int i = 0; i < 300; i++)
		hypercall_console_io(VESTA_CONSOLEIO_write, sizeof(line), line);
}

static void run_console(void)
{
	uint64_t end;

	if (nr_vcpus < 2) {
		guest_skip("console mode needs 2 vCPUs");
		return;
	}
	guest_check_rc("start vCPU 1", 0,
		       guest_vcpu_start(1, console_lines, NULL));
	console_lines(0, NULL);
	end = guest_system_time() + 10000 * NS_PER_MS;
	while (!guest_vcpu_done(1) && guest_system_time() < end)
		hypercall_sched_op(VESTA_SCHEDOP_yield, NULL);
	if (!guest_vcpu_done(1))
		guest_fail("vCPU 1 did not finish its lines");
}

void test_main(const struct vesta_start_info *si)
{
	(void)si;
	nr_vcpus = (unsigned int)guest_cmdline_ulong("vcpus", 1);
	if (guest_cmdline_has("badctx")) {
		run_badctx();
		return;
	}
	if (guest_cmdline_has("console")) {
		run_console();
		return;
	}
	if (nr_vcpus < 1 || nr_vcpus > MAX_CPUS) {
		guest_fail("vcpus=%u on the command line: 1..%u supported",
			   nr_vcpus, MAX_CPUS);
		return;
	}
	run_smp();
}
