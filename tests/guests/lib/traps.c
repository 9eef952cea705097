/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Exception handling of the test kernels: installs the virtual IDT
 * (set_trap_table) for vectors 0-31, dispatches every bounce that entry.S
 * hands over to a per-vector hook, an armed expectation or the exception
 * table, and turns anything else into a register dump plus RESULT: ERROR.
 * Expectations and recorded faults are kept per vCPU; the trap table is
 * mirrored for the contexts of secondary vCPUs (smp.c). Not responsible
 * for event upcalls (events.c) or for judging whether a recorded fault was
 * the right one (the tests do).
 */
#include <string.h>

#include "guest.h"

struct extable_entry {
	uint64_t from;
	uint64_t to;
};

extern const struct extable_entry __guest_extable_start[];
extern const struct extable_entry __guest_extable_end[];
extern char guest_trap_stubs[];

static guest_trap_hook_t hooks[VESTA_NR_TRAP_VECTORS];

/* What every vCPU started with guest_vcpu_start() gets as its IDT. */
static struct vesta_trap_info trap_ctxt[VESTA_NR_TRAP_VECTORS];

/* Expectations and recorded faults are per vCPU (guest_cpu_id()). */
static struct {
	bool armed;
	unsigned int skip_len;
	uint64_t fixup;
} expect[GUEST_MAX_VCPUS];

static struct guest_fault last_fault[GUEST_MAX_VCPUS];
static bool fault_recorded[GUEST_MAX_VCPUS];
static unsigned int nesting[GUEST_MAX_VCPUS];

static const char *const vector_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
	"#DF", "CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "15",
	"#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "22", "23",
	"24", "25", "26", "27", "#HV", "#VC", "#SX", "31",
};

bool guest_has_error_code(unsigned int vec)
{
	switch (vec) {
	case 8: case 10: case 11: case 12: case 13: case 14:
	case 17: case 21: case 29: case 30:
		return true;
	default:
		return false;
	}
}

uint64_t guest_trap_stub(unsigned int vec)
{
	return (uint64_t)guest_trap_stubs + 16 * (uint64_t)(vec & 0xff);
}

uint64_t guest_frame_base(const struct guest_regs *regs)
{
	uint64_t rip_slot = (uint64_t)&regs->rip;

	if (regs->vector < 32 && guest_has_error_code(regs->vector))
		return rip_slot - 24;
	return rip_slot - 16;
}

long guest_set_trap(unsigned int vec, unsigned int dpl, bool mask_events)
{
	struct vesta_trap_info t[2];

	memset(t, 0, sizeof(t));
	t[0].vector = (uint8_t)vec;
	t[0].flags = (uint8_t)((dpl & VESTA_TI_DPL_MASK) |
			       (mask_events ? VESTA_TI_IF : 0));
	t[0].cs = VESTA_FLAT_KERNEL_CS;
	t[0].address = guest_trap_stub(vec);
	trap_ctxt[vec & 0xff] = t[0];
	return hypercall_set_trap_table(t);
}

void guest_fill_trap_ctxt(struct vesta_trap_info ctxt[VESTA_NR_TRAP_VECTORS])
{
	memcpy(ctxt, trap_ctxt, sizeof(trap_ctxt));
}

void guest_traps_init(void)
{
	static struct vesta_trap_info table[33];
	unsigned int v;
	long rc;

	for (v = 0; v < 32; v++) {
		table[v].vector = (uint8_t)v;
		/* int3 and into may be used by anyone, as on bare metal. */
		table[v].flags = (uint8_t)((v == 3 || v == 4 ? 3 : 0) |
					   VESTA_TI_IF);
		table[v].cs = VESTA_FLAT_KERNEL_CS;
		table[v].address = guest_trap_stub(v);
		trap_ctxt[v] = table[v];
	}
	rc = hypercall_set_trap_table(table);
	if (rc)
		guest_error("set_trap_table failed: %ld", rc);
}

void guest_set_trap_hook(unsigned int vec, guest_trap_hook_t hook)
{
	if (vec < VESTA_NR_TRAP_VECTORS)
		hooks[vec] = hook;
}

void guest_expect_fault(unsigned int skip_len, uint64_t fixup)
{
	unsigned int cpu = guest_cpu_id();

	fault_recorded[cpu] = false;
	expect[cpu].skip_len = skip_len;
	expect[cpu].fixup = fixup;
	guest_barrier();
	expect[cpu].armed = true;
	guest_barrier();
}

bool guest_fault_taken(struct guest_fault *f)
{
	unsigned int cpu = guest_cpu_id();
	bool taken;

	guest_barrier();
	expect[cpu].armed = false;
	taken = fault_recorded[cpu];
	fault_recorded[cpu] = false;
	if (taken && f)
		*f = last_fault[cpu];
	guest_barrier();
	return taken;
}

static void record_fault(const struct guest_regs *regs)
{
	struct vesta_vcpu_info *vi = guest_vcpu_info();
	unsigned int cpu = guest_cpu_id();
	struct guest_fault *lf = &last_fault[cpu];

	lf->vector = (unsigned int)regs->vector;
	lf->error_code = regs->error_code;
	lf->rip = regs->rip;
	lf->cs = regs->cs;
	lf->rflags = regs->rflags;
	lf->rsp = regs->rsp;
	lf->ss = regs->ss;
	lf->rcx = regs->rcx;
	lf->r11 = regs->r11;
	lf->cr2 = vi ? vi->arch.cr2 : 0;
	lf->upcall_mask = vi ? vi->evtchn_upcall_mask : 0xff;
	lf->frame = guest_frame_base(regs);
	fault_recorded[cpu] = true;
}

static const struct extable_entry *extable_lookup(uint64_t rip)
{
	const struct extable_entry *e;

	for (e = __guest_extable_start; e < __guest_extable_end; e++)
		if (e->from == rip)
			return e;
	return NULL;
}

void guest_dump_regs(const struct guest_regs *r)
{
	unsigned int v = (unsigned int)r->vector;

	guest_printf("exception %u (%s) error code %#lx\n", v,
		     v < 32 ? vector_names[v] : "int",
		     (unsigned long)r->error_code);
	guest_printf("RIP %016lx CS %016lx RFLAGS %016lx\n", r->rip, r->cs,
		     r->rflags);
	guest_printf("RSP %016lx SS %016lx CR2 %016lx\n", r->rsp, r->ss,
		     guest_vcpu_info() ? guest_vcpu_info()->arch.cr2 : 0);
	guest_printf("RAX %016lx RBX %016lx RCX %016lx RDX %016lx\n", r->rax,
		     r->rbx, r->rcx, r->rdx);
	guest_printf("RSI %016lx RDI %016lx RBP %016lx R8  %016lx\n", r->rsi,
		     r->rdi, r->rbp, r->r8);
	guest_printf("R9  %016lx R10 %016lx R11 %016lx R12 %016lx\n", r->r9,
		     r->r10, r->r11, r->r12);
	guest_printf("R13 %016lx R14 %016lx R15 %016lx\n", r->r13, r->r14,
		     r->r15);
}

static bool try_handle(struct guest_regs *regs)
{
	unsigned int vec = (unsigned int)regs->vector;
	unsigned int cpu = guest_cpu_id();
	const struct extable_entry *e;

	if (hooks[vec] && hooks[vec](regs))
		return true;
	if (expect[cpu].armed) {
		expect[cpu].armed = false;
		record_fault(regs);
		if (expect[cpu].fixup)
			regs->rip = expect[cpu].fixup;
		else
			regs->rip += expect[cpu].skip_len;
		return true;
	}
	e = extable_lookup(regs->rip);
	if (e) {
		record_fault(regs);
		regs->rip = e->to;
		return true;
	}
	return false;
}

void guest_trap_dispatch(struct guest_regs *regs)
{
	unsigned int cpu;

	if (regs->vector == GUEST_VEC_EVENT) {
		guest_events_upcall(regs);
		return;
	}
	cpu = guest_cpu_id();
	/* A fault while reporting a fault: give up without more output. */
	if (++nesting[cpu] > 2)
		guest_shutdown(VESTA_SHUTDOWN_crash);
	if (regs->vector >= VESTA_NR_TRAP_VECTORS || !try_handle(regs)) {
		guest_printf("unexpected exception:\n");
		guest_dump_regs(regs);
		guest_error("unexpected exception %lu at %#lx",
			    (unsigned long)regs->vector,
			    (unsigned long)regs->rip);
	}
	nesting[cpu]--;
}

GUEST_NORETURN void guest_failsafe(const uint64_t *frame)
{
	guest_printf("failsafe callback: RIP %#lx CS %#lx DS %#lx ES %#lx "
		     "FS %#lx GS %#lx\n", frame[6], frame[7], frame[2],
		     frame[3], frame[4], frame[5]);
	guest_error("failsafe callback at %#lx", (unsigned long)frame[6]);
}
