/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Local APIC (xAPIC through MMIO or x2APIC through MSRs, chosen once at
 * boot behind an ops table) and IO-APIC interfaces.
 */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <stdint.h>
#include <stdbool.h>

#define APIC_ID		0x020
#define APIC_VERSION	0x030
#define APIC_TPR	0x080
#define APIC_EOI	0x0b0
#define APIC_LDR	0x0d0
#define APIC_DFR	0x0e0
#define APIC_SVR	0x0f0
#define APIC_ESR	0x280
#define APIC_ICR	0x300
#define APIC_ICR2	0x310
#define APIC_LVT_TIMER	0x320
#define APIC_LVT_THERM	0x330
#define APIC_LVT_PMC	0x340
#define APIC_LVT_LINT0	0x350
#define APIC_LVT_LINT1	0x360
#define APIC_LVT_ERR	0x370
#define APIC_TMICT	0x380
#define APIC_TMCCT	0x390
#define APIC_TDCR	0x3e0

#define APIC_LVT_MASKED		(1U << 16)
#define APIC_TIMER_TSC_DEADLINE	(2U << 17)
#define APIC_DM_FIXED		0x000
#define APIC_DM_NMI		0x400
#define APIC_DM_INIT		0x500
#define APIC_DM_STARTUP		0x600
#define APIC_ICR_BUSY		0x1000
#define APIC_ICR_ASSERT		0x4000
#define APIC_ICR_LEVEL		0x8000
#define APIC_DEST_SELF		0x40000
#define APIC_DEST_ALLBUT	0xc0000

/* x2APIC is used when the CPU has it, unless `x2apic=0`. */
extern bool x2apic_enabled;

void lapic_init_bsp(uint64_t mmio_base);
/* Per-CPU: enable the APIC, mask LVTs, set the spurious vector. */
void lapic_cpu_init(void);
uint32_t lapic_id(void);
void lapic_eoi(void);
/* Send a fixed-mode IPI with @vec to the CPU with APIC ID @dest. */
void lapic_send_ipi(uint32_t dest, unsigned int vec);
/* Raw ICR write for INIT/SIPI/NMI; waits for delivery (xAPIC). */
void lapic_send_icr(uint32_t dest, uint32_t icr);
void lapic_send_nmi_allbutself(void);

/* LAPIC timer: calibrate against the TSC, then one-shot programming. */
void lapic_timer_calibrate(void);
void lapic_timer_cpu_init(void);
void lapic_timer_oneshot(uint64_t tsc_deadline);
extern uint64_t lapic_timer_hz;
extern bool lapic_tsc_deadline;

/* IO-APICs: map and mask every pin of every IO-APIC the MADT listed. */
struct acpi_madt_info;
void ioapic_init(const struct acpi_madt_info *madt);
unsigned int ioapic_count(void);

#endif /* ASM_APIC_H */
