/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest FPU state: lazily switched (CR0.TS makes the first use after a
 * context switch trap with #NM), saved with XSAVE when the CPU has it
 * (x87, SSE and AVX state; the guest picks its XCR0 through an emulated
 * XSETBV) and with FXSAVE otherwise. The hypervisor itself never touches
 * the FPU, so XCR0 is simply the running guest's. Not responsible for the
 * virtual CR0.TS the guest sets with fpu_taskswitch (domain.c).
 */
#include <vesta/domain.h>
#include <vesta/printk.h>
#include <string.h>
#include <asm/pcpu.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <vesta/hypercall.h>

#define XSTATE_X87	(1ULL << 0)
#define XSTATE_SSE	(1ULL << 1)
#define XSTATE_AVX	(1ULL << 2)
#define XSTATE_GUEST	(XSTATE_X87 | XSTATE_SSE | XSTATE_AVX)

/* XCR0 bits guests may enable: 0 when XSAVE is not used at all. */
uint64_t xstate_host_mask;
/* An area whose header says "every component in its initial state". */
static uint8_t init_area[PV_FPU_AREA] __aligned(64);

static inline void xsetbv(uint32_t idx, uint64_t val)
{
	asm volatile("xsetbv" :: "c"(idx), "a"((uint32_t)val),
		     "d"((uint32_t)(val >> 32)));
}

/* Per CPU: turn XSAVE on (it needs CR4.OSXSAVE before XSETBV). */
void xstate_cpu_init(void)
{
	struct cpuid_regs r = cpuid(1);
	uint64_t mask;

	if (!(r.c & (1u << 26)))
		return;
	cpuid_count(0xd, 0, &r);
	mask = (((uint64_t)r.d << 32) | r.a) & XSTATE_GUEST;
	if (!(mask & XSTATE_X87) || !(mask & XSTATE_SSE))
		return;
	write_cr4(read_cr4() | X86_CR4_OSXSAVE);
	xsetbv(0, mask);
	cpuid_count(0xd, 0, &r);
	if (r.b > PV_FPU_AREA) {
		printk(LOG_WARNING "fpu: XSAVE area of %u bytes too big: using FXSAVE\n",
		       r.b);
		xsetbv(0, XSTATE_X87 | XSTATE_SSE);
		write_cr4(read_cr4() & ~X86_CR4_OSXSAVE);
		return;
	}
	if (!this_pcpu()->id) {
		xstate_host_mask = mask;
		/* MXCSR is loaded from the area even for init state: mask all. */
		*(uint32_t *)&init_area[24] = 0x1f80;
		printk(LOG_INFO "fpu: XSAVE for guests, XCR0 up to %#lx (%u bytes)\n",
		       (unsigned long)mask, r.b);
	}
	this_pcpu()->xcr0 = mask;
}

static void load_xcr0(uint64_t xcr0)
{
	struct pcpu *p = this_pcpu();

	if (p->xcr0 != xcr0) {
		xsetbv(0, xcr0);
		p->xcr0 = xcr0;
	}
}

static uint64_t guest_xcr0(const struct vcpu *v)
{
	return v->arch.xcr0 ? v->arch.xcr0 : XSTATE_X87 | XSTATE_SSE;
}

void pv_fpu_save(struct vcpu *v)
{
	clts();
	if (xstate_host_mask)
		asm volatile("xsave64 %0"
			     : "+m"(*(uint8_t(*)[PV_FPU_AREA])v->arch.fpu_area)
			     : "a"(~0u), "d"(~0u));
	else
		asm volatile("fxsave64 %0"
			     : "=m"(*(uint8_t(*)[512])v->arch.fpu_area));
	v->arch.fpu_dirty = false;
	v->arch.fpu_initialised = true;
}

static void fpu_load(const uint8_t *area)
{
	if (xstate_host_mask)
		asm volatile("xrstor64 %0"
			     :: "m"(*(const uint8_t(*)[PV_FPU_AREA])area),
				"a"(~0u), "d"(~0u));
	else
		asm volatile("fxrstor64 %0"
			     :: "m"(*(const uint8_t(*)[512])area));
}

/* #NM with the guest's virtual TS clear: give it its FPU state back. */
void pv_fpu_restore(struct vcpu *v)
{
	struct pcpu *p = this_pcpu();

	clts();
	if (p->fpu_owner == v)
		return;
	if (xstate_host_mask)
		load_xcr0(guest_xcr0(v));
	if (v->arch.fpu_initialised) {
		fpu_load(v->arch.fpu_area);
	} else if (xstate_host_mask) {
		fpu_load(init_area);
	} else {
		uint32_t mxcsr = 0x1f80;

		asm volatile("fninit; ldmxcsr %0" :: "m"(mxcsr));
	}
	v->arch.fpu_initialised = true;
	p->fpu_owner = v;
	v->arch.fpu_dirty = true;
}

/*
 * XSETBV from the guest kernel: XCR0 only, x87 always on, AVX only with
 * SSE, nothing the host does not let guests have. The guest's state is
 * saved first, so the next use reloads it under the new XCR0.
 */
bool pv_xsetbv(struct vcpu *v, uint32_t idx, uint64_t val)
{
	struct pcpu *p = this_pcpu();

	if (!xstate_host_mask || idx != 0 || !(val & XSTATE_X87) ||
	    (val & ~xstate_host_mask) ||
	    ((val & XSTATE_AVX) && !(val & XSTATE_SSE)))
		return false;
	if (p->fpu_owner == v) {
		pv_fpu_save(v);
		p->fpu_owner = NULL;
		stts();
	}
	v->arch.xcr0 = val;
	load_xcr0(val);
	return true;
}

/* The guest's XCR0 must be live when CPUID leaf 0xD is answered for it. */
void pv_xcr0_switch(struct vcpu *v)
{
	if (xstate_host_mask)
		load_xcr0(guest_xcr0(v));
}
