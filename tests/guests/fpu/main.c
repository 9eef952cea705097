/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * fpu: the x87/SSE register state of each vCPU survives context
 * switches, and the virtual CR0.TS works as fpu_taskswitch says.
 *
 * Property tested (pv-abi.md 2.5 "fpu_taskswitch", 2.9 "CR0"): every vCPU
 * ("vcpus=N" on the command line; the specs run 3 vCPUs on 2 pCPUs, or one
 * vCPU in each of two domains on 1 pCPU) loads a state of its own with
 * FXRSTOR (x87 control word with its own rounding mode, all eight x87
 * registers, MXCSR, XMM0-15, each value marked with the domain and vCPU),
 * then 300 times checks it with FXSAVE and gives the pCPU away (yield, or
 * block for 1 ms every fourth round), while the others do the same on the
 * same pCPUs: the state must come back intact every time. Then, on vCPU
 * 0: fpu_taskswitch(1) sets the virtual TS (mov %cr0, emulated, shows
 * it), the next FPU instruction raises #NM exactly once, the FPU state is
 * unchanged by it and TS reads clear afterwards; CLTS (emulated) clears TS
 * so that no #NM follows; writing CR0 with only TS changed behaves as
 * fpu_taskswitch.
 *
 * Correct behaviour: Xen 4.17's. Failure detection: FAIL lines naming the
 * vCPU, the round and the first differing field; a #NM that repeats
 * endlessly is cut off after 3 and reported.
 */
#include <string.h>

#include "guest.h"

#define NS_PER_MS	1000000ULL
#define ROUNDS		300
#define CR0_TS		0x8ULL
#define FX_FCW		0
#define FX_FSW		2
#define FX_FTW		4
#define FX_MXCSR	24
#define FX_ST(i)	(32 + 16 * (i))
#define FX_XMM(i)	(160 + 16 * (i))

struct fx_area {
	uint8_t b[512];
} GUEST_ALIGNED(16);

static struct fx_area want[GUEST_MAX_VCPUS], got[GUEST_MAX_VCPUS];
static volatile unsigned long ticks[GUEST_MAX_VCPUS];
static unsigned int timer_port[GUEST_MAX_VCPUS];
static volatile unsigned int nm_count;
static unsigned int dom_mark;

static void fxrstor(const struct fx_area *a)
{
	__asm__ volatile("fxrstor64 %0" :: "m"(*a));
}

static void fxsave(struct fx_area *a)
{
	__asm__ volatile("fxsave64 %0" : "=m"(*a));
}

static uint64_t read_cr0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static void put(struct fx_area *a, unsigned int off, uint64_t v,
		unsigned int len)
{
	memcpy(&a->b[off], &v, len);
}

/* A state that says which domain and vCPU it belongs to. */
static void make_state(unsigned int id)
{
	struct fx_area *a = &want[id];
	uint64_t tag = ((uint64_t)dom_mark << 56) | ((uint64_t)id << 48);

	memset(a, 0, sizeof(*a));
	put(a, FX_FCW, 0x037f | ((id & 3) << 10), 2);
	put(a, FX_FTW, 0xff, 1);		/* all eight registers in use */
	put(a, FX_MXCSR, 0x1f80 | ((id & 3) << 13), 4);
	for (unsigned int i = 0; i < 8; i++) {
		put(a, FX_ST(i), tag | 0x1111111100000000ULL | i, 8);
		put(a, FX_ST(i) + 8, 0x3fff - i, 2);
	}
	for (unsigned int i = 0; i < 16; i++) {
		put(a, FX_XMM(i), tag | 0x2222222200000000ULL | i, 8);
		put(a, FX_XMM(i) + 8, tag | 0x3333333300000000ULL | i, 8);
	}
}

/* Name of the first field that differs, or NULL. */
static const char *compare(const struct fx_area *a, const struct fx_area *b)
{
	if (memcmp(&a->b[FX_FCW], &b->b[FX_FCW], 2))
		return "x87 control word";
	if (memcmp(&a->b[FX_FSW], &b->b[FX_FSW], 2))
		return "x87 status word";
	if (a->b[FX_FTW] != b->b[FX_FTW])
		return "x87 tag word";
	if (memcmp(&a->b[FX_MXCSR], &b->b[FX_MXCSR], 4))
		return "MXCSR";
	for (unsigned int i = 0; i < 8; i++)
		if (memcmp(&a->b[FX_ST(i)], &b->b[FX_ST(i)], 10))
			return "an x87 register";
	for (unsigned int i = 0; i < 16; i++)
		if (memcmp(&a->b[FX_XMM(i)], &b->b[FX_XMM(i)], 16))
			return "an XMM register";
	return NULL;
}

static bool state_intact(unsigned int id, unsigned int round)
{
	const char *bad;

	memset(&got[id], 0, sizeof(got[id]));
	fxsave(&got[id]);
	bad = compare(&want[id], &got[id]);
	if (bad)
		guest_fail("vCPU %u round %u: %s changed behind its back", id,
			   round, bad);
	return !bad;
}

static void on_tick(unsigned int port, void *arg)
{
	(void)port;
	__atomic_fetch_add((unsigned long *)arg, 1, __ATOMIC_SEQ_CST);
}

static void bind_timer(unsigned int id)
{
	struct vesta_evtchn_bind_virq bv = { .virq = VESTA_VIRQ_TIMER,
					     .vcpu = id };

	hypercall_vcpu_op(VESTA_VCPUOP_stop_periodic_timer, id, NULL);
	if (hypercall_event_channel_op(VESTA_EVTCHNOP_bind_virq, &bv)) {
		guest_fail("vCPU %u: bind_virq(TIMER) failed", id);
		return;
	}
	timer_port[id] = bv.port;
	guest_evtchn_bind_cpu(bv.port, id);
	guest_evtchn_set_handler(bv.port, on_tick, (void *)&ticks[id]);
	guest_events_enable();
}

static void block_1ms(unsigned int id)
{
	struct vesta_vcpu_set_singleshot_timer t = {
		.timeout_abs_ns = guest_system_time() + NS_PER_MS,
	};

	unsigned long target = ticks[id] + 1;	/* before it can fire */

	if (!timer_port[id])
		return;
	hypercall_vcpu_op(VESTA_VCPUOP_set_singleshot_timer, id, &t);
	if (!guest_wait_count(timer_port[id], &ticks[id], target,
			      guest_system_time() + 1000 * NS_PER_MS))
		guest_fail("vCPU %u: a 1 ms timer did not fire within 1 s", id);
}

static void churn(unsigned int id, void *arg)
{
	(void)arg;
	bind_timer(id);
	make_state(id);
	fxrstor(&want[id]);
	for (unsigned int r = 0; r < ROUNDS; r++) {
		if (!state_intact(id, r))
			return;
		if (r % 4 == 3)
			block_1ms(id);
		else
			hypercall_sched_op(VESTA_SCHEDOP_yield, NULL);
	}
	state_intact(id, ROUNDS);
}

static bool nm_hook(struct guest_regs *regs)
{
	(void)regs;
	/* A TS the hypervisor never clears would loop here for ever. */
	if (++nm_count >= 3)
		hypercall_fpu_taskswitch(0);
	return true;		/* retry the instruction */
}

static void fpu_touch(void)
{
	__asm__ volatile("movaps %%xmm3, %%xmm3" ::: "memory");
}

static void test_taskswitch(void)
{
	make_state(0);
	fxrstor(&want[0]);
	guest_set_trap_hook(7, nm_hook);
	nm_count = 0;
	guest_check_rc("fpu_taskswitch(1)", 0, hypercall_fpu_taskswitch(1));
	guest_check("CR0.TS after fpu_taskswitch(1)", CR0_TS,
		    read_cr0() & CR0_TS);
	fpu_touch();
	guest_check("#NM taken by the first FPU use", 1, nm_count);
	guest_check("CR0.TS after the #NM", 0, read_cr0() & CR0_TS);
	fpu_touch();
	guest_check("no second #NM", 1, nm_count);
	state_intact(0, 0);

	nm_count = 0;
	guest_check_rc("fpu_taskswitch(1) again", 0,
		       hypercall_fpu_taskswitch(1));
	__asm__ volatile("clts" ::: "memory");
	guest_check("CR0.TS after clts", 0, read_cr0() & CR0_TS);
	fpu_touch();
	guest_check("no #NM after clts", 0, nm_count);

	__asm__ volatile("mov %0, %%cr0" :: "r"(read_cr0() | CR0_TS));
	guest_check("CR0.TS after mov to CR0", CR0_TS, read_cr0() & CR0_TS);
	fpu_touch();
	guest_check("#NM after mov to CR0 with TS", 1, nm_count);
	state_intact(0, 0);
	guest_set_trap_hook(7, NULL);
}

static void report_switches(unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		struct vesta_vcpu_runstate_info r;

		if (hypercall_vcpu_op(VESTA_VCPUOP_get_runstate_info, i, &r))
			continue;
		guest_printf("fpu: vCPU %u waited %lu ms runnable, %lu ms blocked\n",
			     i,
			     (unsigned long)(r.time[VESTA_RUNSTATE_runnable] /
					     NS_PER_MS),
			     (unsigned long)(r.time[VESTA_RUNSTATE_blocked] /
					     NS_PER_MS));
	}
}

void test_main(const struct vesta_start_info *si)
{
	unsigned int n = (unsigned int)guest_cmdline_ulong("vcpus", 1);
	uint64_t end;

	(void)si;
	dom_mark = guest_is_privileged() ? 0xd0 : 0xd1;
	if (n < 1 || n > GUEST_MAX_VCPUS) {
		guest_fail("vcpus=%u: 1..%u supported", n, GUEST_MAX_VCPUS);
		return;
	}
	test_taskswitch();
	for (unsigned int i = 1; i < n; i++)
		guest_check_rc("start vCPU", 0, guest_vcpu_start(i, churn, NULL));
	churn(0, NULL);
	end = guest_system_time() + 20000 * NS_PER_MS;
	for (unsigned int i = 1; i < n; i++)
		while (!guest_vcpu_done(i) && guest_system_time() < end)
			hypercall_sched_op(VESTA_SCHEDOP_yield, NULL);
	for (unsigned int i = 1; i < n; i++)
		if (!guest_vcpu_done(i))
			guest_fail("vCPU %u did not finish its rounds", i);
	report_switches(n);
}
