/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * System time: nanoseconds since boot from the calibrated TSC, and the
 * calibration results. Not responsible for timers (timer.h).
 */
#ifndef VESTA_TIME_H
#define VESTA_TIME_H

#include <stdint.h>

#define MILLISECS(ms)	((uint64_t)(ms) * 1000000ULL)
#define MICROSECS(us)	((uint64_t)(us) * 1000ULL)
#define SECONDS(s)	((uint64_t)(s) * 1000000000ULL)

/* TSC ticks per second; 0 until time_init() has calibrated it. */
extern uint64_t tsc_khz;
/* TSC value at the 32-bit entry point (head.S). */
extern uint64_t boot_tsc;

/* Nanoseconds since the 32-bit entry; 0 before calibration. */
uint64_t now_ns(void);
/* Convert a TSC delta to nanoseconds (no overflow below ~300 years). */
uint64_t tsc_to_ns(uint64_t ticks);
uint64_t ns_to_tsc(uint64_t ns);
/* a * b / c without 128-bit division (b below ~18e9). */
uint64_t muldiv64(uint64_t a, uint64_t b, uint64_t c);

/*
 * time_init() - Calibrate the TSC against the HPET, the ACPI PM timer or
 * the PIT (first that works), and report which one and the result.
 * Context: boot CPU, interrupts off, after acpi_init().
 */
void time_init(void);

/* Busy-wait; usable once time_init() has run. */
void udelay(uint64_t us);

#endif /* VESTA_TIME_H */
