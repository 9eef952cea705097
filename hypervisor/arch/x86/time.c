/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TSC calibration and the time base. The TSC is measured against the HPET,
 * the ACPI PM timer or the PIT (the first that works, or the one named by
 * `clocksource=`), and now_ns() is derived from it with a 32.32 fixed-point
 * multiplier. Also the arch side of software timers: programming the local
 * APIC for the next deadline. Not responsible for the timer heap (timer.c).
 */
#include <vesta/errno.h>
#include <vesta/lib.h>
#include <vesta/param.h>
#include <vesta/printk.h>
#include <vesta/time.h>
#include <vesta/timer.h>
#include <string.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <vesta/arch.h>

#define CALIBRATE_MS	50
#define PM_TIMER_HZ	3579545ULL
#define PIT_HZ		1193182ULL

uint64_t tsc_khz;
static uint64_t tsc_hz;
static uint64_t ns_mult;	/* ns = ticks * ns_mult >> 32 */
const char *clocksource_name = "none";

static char opt_clocksource[16];
string_param("clocksource", opt_clocksource);

uint64_t tsc_to_ns(uint64_t ticks)
{
	return (uint64_t)(((unsigned __int128)ticks * ns_mult) >> 32);
}

uint64_t muldiv64(uint64_t a, uint64_t b, uint64_t c)
{
	/* Exact while (a % c) * b fits in 64 bits: true for b < 18 GHz. */
	return a / c * b + a % c * b / c;
}

uint64_t ns_to_tsc(uint64_t ns)
{
	return muldiv64(ns, tsc_hz, 1000000000ULL);
}

uint64_t now_ns(void)
{
	if (!ns_mult)
		return 0;
	return tsc_to_ns(rdtsc() - boot_tsc);
}

void udelay(uint64_t us)
{
	uint64_t end = rdtsc() + ns_to_tsc(MICROSECS(us));

	while ((int64_t)(rdtsc() - end) < 0)
		cpu_relax();
}

/* HPET: returns TSC ticks per second, 0 if unusable. */
static uint64_t calibrate_hpet(void)
{
	volatile uint64_t *hpet;
	uint64_t period_fs, target, start, t0, t1, c;
	unsigned long spins = 0;

	if (!acpi.has_hpet)
		return 0;
	hpet = ioremap(acpi.hpet.address, 0x400);
	if (!hpet)
		return 0;
	period_fs = hpet[0] >> 32;
	/* The spec bounds the period to (0, 100 ns]. */
	if (!period_fs || period_fs > 100000000ULL)
		return 0;
	hpet[0x10 / 8] |= 1;	/* ENABLE_CNF */
	target = (uint64_t)CALIBRATE_MS * 1000000000000ULL / period_fs;
	start = hpet[0xf0 / 8];
	t0 = rdtsc_ordered();
	do {
		c = hpet[0xf0 / 8];
		if (++spins > 500000000UL)
			return 0;	/* counter stuck */
	} while (c - start < target);
	t1 = rdtsc_ordered();
	/* femtoseconds -> nanoseconds, then ticks per second. */
	return muldiv64(t1 - t0, 1000000000ULL,
			(c - start) * period_fs / 1000000ULL);
}

static uint64_t calibrate_pmtimer(void)
{
	uint16_t port;
	uint32_t mask, start, c;
	uint64_t t0, t1, elapsed = 0, target;
	unsigned long spins = 0;

	if (!acpi.has_fadt || !acpi.fadt.pm_tmr_port ||
	    acpi.fadt.pm_tmr_port > 0xffff)
		return 0;
	port = (uint16_t)acpi.fadt.pm_tmr_port;
	mask = acpi.fadt.pm_tmr_32bit ? 0xffffffffU : 0xffffffU;
	target = PM_TIMER_HZ * CALIBRATE_MS / 1000;
	start = inl(port) & mask;
	t0 = rdtsc_ordered();
	while (elapsed < target) {
		c = inl(port) & mask;
		elapsed = (c - start) & mask;
		if (++spins > 100000000UL)
			return 0;
	}
	t1 = rdtsc_ordered();
	return (t1 - t0) * PM_TIMER_HZ / elapsed;
}

/* PIT channel 2, gated through port 0x61: counts down once, no IRQ. */
static uint64_t calibrate_pit(void)
{
	uint64_t count = PIT_HZ * CALIBRATE_MS / 1000;
	uint64_t t0, t1;
	unsigned long spins = 0;

	outb((inb(0x61) & ~0x02) | 0x01, 0x61);
	outb(0xb0, 0x43);	/* channel 2, lo/hi, mode 0, binary */
	outb(count & 0xff, 0x42);
	outb((count >> 8) & 0xff, 0x42);
	t0 = rdtsc_ordered();
	while (!(inb(0x61) & 0x20)) {
		if (++spins > 100000000UL)
			return 0;
	}
	t1 = rdtsc_ordered();
	return (t1 - t0) * PIT_HZ / count;
}

void time_init(void)
{
	static const struct {
		const char *name;
		uint64_t (*fn)(void);
	} sources[] = {
		{ "hpet", calibrate_hpet },
		{ "acpi", calibrate_pmtimer },
		{ "pit", calibrate_pit },
	};
	bool forced = opt_clocksource[0] != '\0';
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sources); i++) {
		if (forced && strcmp(opt_clocksource, sources[i].name))
			continue;
		tsc_hz = sources[i].fn();
		if (tsc_hz)
			break;
		printk(LOG_WARNING "time: %s unusable for calibration\n",
		       sources[i].name);
	}
	if (forced && i == ARRAY_SIZE(sources) && !tsc_hz)
		printk(LOG_WARNING "time: clocksource=%s unknown or unusable; falling back to the PIT\n",
		       opt_clocksource);
	if (!tsc_hz) {
		i = 2;
		tsc_hz = calibrate_pit();
	}
	if (!tsc_hz)
		panic("time: cannot calibrate the TSC against any timer");
	clocksource_name = sources[i].name;
	tsc_khz = tsc_hz / 1000;
	ns_mult = (1000000000ULL << 32) / tsc_hz;
	printk(LOG_INFO "time: TSC %lu.%03lu MHz, calibrated against %s\n",
	       (unsigned long)(tsc_khz / 1000), (unsigned long)(tsc_khz % 1000),
	       clocksource_name);
}

void arch_timer_program(uint64_t deadline_ns)
{
	if (!deadline_ns) {
		lapic_timer_oneshot(0);
		return;
	}
	lapic_timer_oneshot(boot_tsc + ns_to_tsc(deadline_ns) + 1);
}

/* CMOS RTC, BCD or binary, 24-hour assumed; read twice until stable. */
static uint8_t cmos_read(uint8_t reg)
{
	outb(reg, 0x70);
	return inb(0x71);
}

static unsigned int bcd(uint8_t v, bool is_bcd)
{
	return is_bcd ? (v & 15) + (v >> 4) * 10 : v;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static uint64_t days_since_epoch(unsigned int y, unsigned int m,
				 unsigned int d)
{
	static const unsigned int cum[12] = { 0, 31, 59, 90, 120, 151, 181,
					      212, 243, 273, 304, 334 };
	uint64_t days = (uint64_t)(y - 1970) * 365;

	days += (y - 1969) / 4 - (y - 1901) / 100 + (y - 1601) / 400;
	days += cum[(m - 1) % 12] + d - 1;
	if (m > 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		days++;
	return days;
}

uint64_t arch_rtc_seconds(void)
{
	uint8_t r[6], again[6], fmt;
	unsigned int tries = 0;
	bool is_bcd;

	do {
		while ((cmos_read(0x0a) & 0x80) && tries++ < 100000)
			cpu_relax();
		for (unsigned int i = 0; i < 6; i++)
			r[i] = cmos_read((uint8_t[]){ 0, 2, 4, 7, 8, 9 }[i]);
		for (unsigned int i = 0; i < 6; i++)
			again[i] = cmos_read((uint8_t[]){ 0, 2, 4, 7, 8, 9 }[i]);
	} while (memcmp(r, again, 6) && tries++ < 100000);
	fmt = cmos_read(0x0b);
	is_bcd = !(fmt & 4);
	{
		unsigned int sec = bcd(r[0], is_bcd), min = bcd(r[1], is_bcd);
		unsigned int hour = bcd(r[2] & 0x7f, is_bcd);
		unsigned int day = bcd(r[3], is_bcd), mon = bcd(r[4], is_bcd);
		unsigned int year = 2000 + bcd(r[5], is_bcd);

		if (!mon || mon > 12 || !day || day > 31)
			return 0;
		return days_since_epoch(year, mon, day) * 86400 +
		       hour * 3600 + min * 60 + sec;
	}
}

uint64_t arch_read_tsc(void)
{
	return rdtsc();
}
