/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * System time for the test kernels from the calling vCPU's pvclock record
 * (in shared_info, or where register_vcpu_info moved it; pv-abi.md 4):
 * the version protocol and the TSC scaling formula; and a sleep that
 * yields the pCPU. Not responsible for wallclock time or timers.
 */
#include "guest.h"

static uint64_t rdtsc_ordered(void)
{
	__asm__ volatile("lfence" ::: "memory");
	return guest_rdtsc();
}

static uint64_t scale_delta(uint64_t delta, uint32_t mul, int8_t shift)
{
	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	/* A 64x32-bit product needs 96 bits; only multiplication is used. */
	return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

uint64_t guest_system_time(void)
{
	const volatile struct vesta_vcpu_time_info *t =
		&guest_vcpu_info()->time;
	uint32_t version, mul;
	uint64_t stamp, sys, tsc;
	int8_t shift;

	do {
		version = t->version;
		guest_barrier();
		stamp = t->tsc_timestamp;
		sys = t->system_time;
		mul = t->tsc_to_system_mul;
		shift = t->tsc_shift;
		tsc = rdtsc_ordered();
		guest_barrier();
	} while ((version & 1) || version != t->version);
	return sys + scale_delta(tsc - stamp, mul, shift);
}

void guest_sleep_ns(uint64_t ns)
{
	uint64_t end = guest_system_time() + ns;

	while (guest_system_time() < end)
		hypercall_sched_op(VESTA_SCHEDOP_yield, NULL);
}
