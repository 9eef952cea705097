/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Local APIC driver: xAPIC (MMIO) or x2APIC (MSRs) chosen once at boot
 * behind an ops table, IPIs, and the one-shot timer (TSC-deadline mode when
 * the CPU has it, else the APIC count-down timer calibrated against the
 * TSC). Not responsible for the IO-APIC (ioapic.c) or timer policy.
 */
#include <vesta/lib.h>
#include <vesta/param.h>
#include <vesta/printk.h>
#include <vesta/time.h>
#include <asm/apic.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/regs.h>

struct apic_ops {
	uint32_t (*read)(unsigned int reg);
	void (*write)(unsigned int reg, uint32_t val);
	void (*send_icr)(uint32_t dest, uint32_t icr);
	uint32_t (*id)(void);
};

static bool opt_x2apic = true;
boolean_param("x2apic", opt_x2apic);
static bool opt_tsc_deadline = true;
boolean_param("tsc_deadline", opt_tsc_deadline);

bool x2apic_enabled;
bool lapic_tsc_deadline;
uint64_t lapic_timer_hz;
static volatile uint32_t *xapic_mmio;
static const struct apic_ops *apic;

static uint32_t xapic_read(unsigned int reg)
{
	return xapic_mmio[reg / 4];
}

static void xapic_write(unsigned int reg, uint32_t val)
{
	xapic_mmio[reg / 4] = val;
}

static void xapic_send_icr(uint32_t dest, uint32_t icr)
{
	unsigned int spins = 0;

	xapic_write(APIC_ICR2, dest << 24);
	xapic_write(APIC_ICR, icr);
	while ((xapic_read(APIC_ICR) & APIC_ICR_BUSY) && ++spins < 1000000)
		cpu_relax();
}

static uint32_t xapic_id(void)
{
	return xapic_read(APIC_ID) >> 24;
}

static const struct apic_ops xapic_ops = {
	xapic_read, xapic_write, xapic_send_icr, xapic_id,
};

static uint32_t x2apic_read(unsigned int reg)
{
	return (uint32_t)rdmsr(0x800 + (reg >> 4));
}

static void x2apic_write(unsigned int reg, uint32_t val)
{
	wrmsr(0x800 + (reg >> 4), val);
}

static void x2apic_send_icr(uint32_t dest, uint32_t icr)
{
	/* x2APIC ICR writes are not serialising; fence prior stores. */
	smp_mb();
	wrmsr(0x830, ((uint64_t)dest << 32) | icr);
}

static uint32_t x2apic_id(void)
{
	return (uint32_t)rdmsr(0x802);
}

static const struct apic_ops x2apic_ops = {
	x2apic_read, x2apic_write, x2apic_send_icr, x2apic_id,
};

void lapic_init_bsp(uint64_t mmio_base)
{
	bool has_x2apic = cpuid(1).c & (1U << 21);

	if (has_x2apic && opt_x2apic) {
		x2apic_enabled = true;
		apic = &x2apic_ops;
	} else {
		xapic_mmio = ioremap(mmio_base, PAGE_SIZE);
		if (!xapic_mmio)
			panic("apic: cannot map the local APIC at %#lx",
			      (unsigned long)mmio_base);
		apic = &xapic_ops;
	}
	lapic_tsc_deadline = opt_tsc_deadline && (cpuid(1).c & (1U << 24));
	printk(LOG_INFO "apic: %s mode%s, timer: %s\n",
	       x2apic_enabled ? "x2APIC" : "xAPIC",
	       has_x2apic ? "" : " (no x2APIC on this CPU)",
	       lapic_tsc_deadline ? "TSC deadline" : "one-shot count-down");
}

void lapic_cpu_init(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE;

	if (x2apic_enabled)
		base |= APIC_BASE_X2APIC;
	wrmsr(MSR_APIC_BASE, base);
	apic->write(APIC_TPR, 0);
	apic->write(APIC_LVT_TIMER, APIC_LVT_MASKED | VEC_LAPIC_TIMER);
	apic->write(APIC_LVT_LINT0, APIC_LVT_MASKED);
	apic->write(APIC_LVT_LINT1, APIC_LVT_MASKED);
	apic->write(APIC_LVT_ERR, VEC_LAPIC_ERROR);
	if ((apic->read(APIC_VERSION) >> 16 & 0xff) >= 4)
		apic->write(APIC_LVT_PMC, APIC_LVT_MASKED);
	/* Software-enable the APIC with the spurious vector. */
	apic->write(APIC_SVR, 0x100 | VEC_SPURIOUS);
	apic->write(APIC_ESR, 0);
	apic->write(APIC_ESR, 0);
	apic->write(APIC_EOI, 0);
}

uint32_t lapic_id(void)
{
	return apic->id();
}

void lapic_eoi(void)
{
	apic->write(APIC_EOI, 0);
}

void lapic_send_icr(uint32_t dest, uint32_t icr)
{
	apic->send_icr(dest, icr);
}

void lapic_send_ipi(uint32_t dest, unsigned int vec)
{
	apic->send_icr(dest, APIC_DM_FIXED | APIC_ICR_ASSERT | vec);
}

void lapic_send_nmi_allbutself(void)
{
	apic->send_icr(0, APIC_DEST_ALLBUT | APIC_DM_NMI | APIC_ICR_ASSERT);
}

void lapic_timer_calibrate(void)
{
	uint64_t t0, t1;
	uint32_t left;

	apic->write(APIC_TDCR, 0x3);	/* divide by 16 */
	apic->write(APIC_LVT_TIMER, APIC_LVT_MASKED | VEC_LAPIC_TIMER);
	apic->write(APIC_TMICT, 0xffffffff);
	t0 = rdtsc_ordered();
	udelay(10000);
	left = apic->read(APIC_TMCCT);
	t1 = rdtsc_ordered();
	apic->write(APIC_TMICT, 0);
	lapic_timer_cpu_init();
	lapic_timer_hz = (uint64_t)(0xffffffffU - left) * 1000000000ULL /
			 tsc_to_ns(t1 - t0);
	printk(LOG_INFO "apic: timer runs at %lu kHz (after divide by 16)\n",
	       (unsigned long)(lapic_timer_hz / 1000));
}

void lapic_timer_cpu_init(void)
{
	if (lapic_tsc_deadline) {
		apic->write(APIC_LVT_TIMER,
			    APIC_TIMER_TSC_DEADLINE | VEC_LAPIC_TIMER);
	} else {
		apic->write(APIC_TDCR, 0x3);
		apic->write(APIC_LVT_TIMER, VEC_LAPIC_TIMER);
	}
}

void lapic_timer_oneshot(uint64_t tsc_deadline)
{
	uint64_t now, ticks;

	if (lapic_tsc_deadline) {
		wrmsr(MSR_TSC_DEADLINE, tsc_deadline ? tsc_deadline : 0);
		return;
	}
	if (!tsc_deadline) {
		apic->write(APIC_TMICT, 0);
		return;
	}
	now = rdtsc();
	ticks = tsc_deadline > now ?
		muldiv64(tsc_to_ns(tsc_deadline - now), lapic_timer_hz,
			 1000000000ULL) : 0;
	apic->write(APIC_TMICT, (uint32_t)min(max(ticks, (uint64_t)1),
					      (uint64_t)0xffffffffU));
}
