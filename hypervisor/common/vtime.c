/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest time: the pvclock record in each vcpu_info (kept in step with this
 * CPU's TSC by the version protocol), the wallclock in shared_info, and
 * the per-vCPU timers (single-shot, periodic, SCHEDOP_poll timeout) that
 * raise VIRQ_TIMER or wake the vCPU. Not responsible for the hypercalls'
 * argument decoding (vcpu-op.c) or the physical timer hardware.
 */
#include <vesta/arch.h>
#include <vesta/domain.h>
#include <vesta/event.h>
#include <vesta/printk.h>
#include <vesta/time.h>
#include <vesta/timer.h>


static uint64_t boot_wallclock;		/* UTC seconds at system time 0 */
static uint32_t pv_mul;			/* ns = (ticks << shift) * mul >> 32 */
static int8_t pv_shift;

uint64_t guest_now_ns(void)
{
	return now_ns();
}

/*
 * now_ns() is ticks * ns_mult >> 32 with a 64-bit ns_mult; the pvclock
 * wants a 32-bit multiplier, so fold the excess into a right shift.
 */
static void pvclock_params(void)
{
	uint64_t m = tsc_to_ns(1ULL << 32);
	int shift = 0;

	while (m >= (1ULL << 32)) {
		m >>= 1;
		shift++;
	}
	pv_mul = (uint32_t)m;
	pv_shift = (int8_t)shift;
}

static void write_time(struct vesta_vcpu_time_info *t, uint64_t tsc,
		       uint64_t sys)
{
	t->version++;
	smp_wmb();
	t->tsc_timestamp = tsc;
	t->system_time = sys;
	t->tsc_to_system_mul = pv_mul;
	t->tsc_shift = pv_shift;
	t->flags = 0;
	smp_wmb();
	t->version++;
}

void vcpu_time_update(struct vcpu *v)
{
	uint64_t tsc = arch_read_tsc();
	uint64_t sys = tsc_to_ns(tsc - boot_tsc);
	struct vesta_shared_info *si = v->domain->shared_info;

	if (!pv_mul)
		pvclock_params();
	/* The odd-then-even version tells readers an update is under way. */
	if (v->vcpu_info)
		write_time(&v->vcpu_info->time, tsc, sys);
	/* Linux reads the TSC rate from the legacy slot even after moving. */
	if (v->vcpu_id < VESTA_LEGACY_MAX_VCPUS &&
	    &si->vcpu_info[v->vcpu_id] != v->vcpu_info)
		write_time(&si->vcpu_info[v->vcpu_id].time, tsc, sys);
}

void time_domain_init(struct domain *d)
{
	struct vesta_shared_info *si = d->shared_info;

	if (!boot_wallclock) {
		uint64_t rtc = arch_rtc_seconds();
		uint64_t up = now_ns() / 1000000000ULL;

		boot_wallclock = rtc > up ? rtc - up : 1;
	}
	si->wc_version++;
	smp_wmb();
	si->wc_sec = (uint32_t)boot_wallclock;
	si->wc_sec_hi = (uint32_t)(boot_wallclock >> 32);
	si->wc_nsec = 0;
	smp_wmb();
	si->wc_version++;
}

static void singleshot_fn(void *data)
{
	struct vcpu *v = data;

	send_guest_vcpu_virq(v, VESTA_VIRQ_TIMER);
}

static void periodic_fn(void *data)
{
	struct vcpu *v = data;

	send_guest_vcpu_virq(v, VESTA_VIRQ_TIMER);
	if (v->periodic_period_ns)
		(void)set_timer(&v->periodic_timer,
				now_ns() + v->periodic_period_ns);
}

static void poll_timeout_fn(void *data)
{
	struct vcpu *v = data;

	if (READ_ONCE(v->is_polling)) {
		WRITE_ONCE(v->is_polling, false);
		vcpu_unblock(v);
	}
}

void vcpu_timers_init(struct vcpu *v)
{
	unsigned int cpu = v->processor;

	timer_init(&v->singleshot_timer, singleshot_fn, v, cpu);
	timer_init(&v->periodic_timer, periodic_fn, v, cpu);
	timer_init(&v->poll_timer, poll_timeout_fn, v, cpu);
}

void vcpu_timers_stop(struct vcpu *v)
{
	stop_timer(&v->singleshot_timer);
	stop_timer(&v->periodic_timer);
	stop_timer(&v->poll_timer);
}

void vcpu_timers_kill(struct vcpu *v)
{
	vcpu_timers_stop(v);
}
