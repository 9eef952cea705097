/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * traps: exception delivery to a PV guest kernel and the bounce frame.
 *
 * Property tested (pv-abi.md 2.3, 2.5): each exception a guest kernel can
 * raise deterministically at CPL 3 is bounced to its trap-table entry with
 * the right vector: #DE (div 0), #DB (TF single step; ICEBP), #BP (INT3
 * and INT $3), #OF (INT $4), #UD (UD2, and INTO and BOUND, which are
 * invalid in 64-bit mode), #NM (x87 and SSE with the virtual CR0.TS set by
 * fpu_taskswitch; delivery clears the virtual TS), #GP (non-canonical
 * address: code 0; selector beyond the empty guest GDT: code = selector),
 * #PF (read/write/execute of an unmapped page, write to a read-only page,
 * execute of an NX page; CR2 in vcpu_info.arch.cr2; the error code has U
 * clear because the fault is in guest kernel mode), #MF (unmasked x87
 * fault at FWAIT), #XM (unmasked SSE fault) and #AC (only if alignment
 * checking is on; otherwise noted). INT $0x80 reaches DPL 3 and DPL 1
 * gates from guest kernel mode. For every delivery the frame is checked
 * exactly: RCX and R11 on top hold the interrupted values, an error code
 * is present exactly for vectors 8, 10-14 and 17, RIP is the faulting
 * instruction (after it for traps), the CS slot is FLAT_KERNEL_CS with RPL
 * 0 plus the saved upcall mask in bits 32-39, RFLAGS is the interrupted
 * one with IF = !mask and IOPL 0, RSP/SS are the interrupted ones, the
 * frame ends at the interrupted RSP rounded down to 16 bytes (also from a
 * misaligned RSP), interrupt gates (and only they) set the upcall mask,
 * and HYPERVISOR_iret restores RCX, R11, RBX, RFLAGS and the upcall mask.
 *
 * Accepted with a NOTE line, as seen under Xen 4.17 on QEMU 7.2 TCG: ICEBP
 * raises #UD (QEMU raises it, per -d int), no #XM is ever raised (QEMU
 * raises none), the single-step frame has TF clear (see
 * test_single_step()). Not tested here: DPL 0 gates (softint test; Xen
 * 4.17 ignores the DPL for INT $0x80), #SS (a non-canonical RBP-based load
 * gives #GP(0) under Xen 4.17 on QEMU 7.2, #SS(0) on hardware), #TS/#NP
 * (need a guest GDT/LDT), NMI, #DF, #MC and vectors 20-31.
 *
 * Correct behaviour: Xen 4.17's, as above. Failure detection: FAIL lines
 * for each wrong field; an exception that should not happen is an
 * unexpected exception (RESULT: ERROR).
 */
#include <string.h>

#include "guest.h"

#define MAGIC_RCX	0x1c1c2c2c3c3c4c4cULL
#define MAGIC_R11	0x1b1b2b2b3b3b4b4bULL
#define RFLAGS_TF	0x100ULL
#define RFLAGS_IF	0x200ULL
#define RFLAGS_IOPL	0x3000ULL
#define RFLAGS_RF	0x10000ULL
#define NO_EC		(-1)

#define T_DECL(n) extern int n(void); extern char n##_insn[], n##_after[]
T_DECL(t_de); T_DECL(t_de_misaligned); T_DECL(t_icebp); T_DECL(t_int3);
T_DECL(t_int_3); T_DECL(t_int_4); T_DECL(t_into); T_DECL(t_bound);
T_DECL(t_ud2); T_DECL(t_nm_x87); T_DECL(t_nm_sse); T_DECL(t_fpu_ok);
T_DECL(t_gp_noncanon); T_DECL(t_gp_sel); T_DECL(t_pf_read);
T_DECL(t_pf_write); T_DECL(t_pf_exec); T_DECL(t_mf); T_DECL(t_xm);
T_DECL(t_ac); T_DECL(t_int80); T_DECL(t_tf);
extern void trap_fpu_reset(void);
extern uint64_t trap_saved_rflags, trap_saved_rsp, trap_pf_addr;

struct tcase {
	const char *name;
	int (*fn)(void);
	const char *insn, *after;
	unsigned int vector;
	long ec;		/* expected error code or NO_EC */
	bool trap;		/* RIP reported after the instruction */
	bool mask_in_handler;	/* handler runs with the upcall mask set */
};

#define TC(n, fn, vec, ec, trap) \
	{ n, fn, fn##_insn, fn##_after, vec, ec, trap, true }

static const struct tcase basic[] = {
	TC("#DE div", t_de, 0, NO_EC, false),
	TC("#DE misaligned rsp", t_de_misaligned, 0, NO_EC, false),
	TC("#BP int3", t_int3, 3, NO_EC, true),
	TC("#BP int $3", t_int_3, 3, NO_EC, true),
	TC("#OF int $4", t_int_4, 4, NO_EC, true),
	TC("#UD into", t_into, 6, NO_EC, false),
	TC("#UD bound", t_bound, 6, NO_EC, false),
	TC("#UD ud2", t_ud2, 6, NO_EC, false),
	TC("#GP non-canonical", t_gp_noncanon, 13, 0, false),
	TC("#GP selector", t_gp_sel, 13, 0x1230, false),
};

static uint8_t test_page[GUEST_PAGE_SIZE] GUEST_PAGE_ALIGNED_BSS;

static void set_mask(uint8_t mask)
{
	if (mask)
		guest_events_disable();
	else
		guest_events_enable();
}

static void check_cs_ss_flags(const char *n, const struct guest_fault *f,
			      uint8_t mask)
{
	char w[96];
	uint64_t want = (trap_saved_rflags & ~(RFLAGS_IF | RFLAGS_IOPL)) |
			(mask ? 0 : RFLAGS_IF);
	/* RF depends on the fault path; TF: see test_single_step(). */
	uint64_t ignore = RFLAGS_RF | (f->vector == 1 ? RFLAGS_TF : 0);

	vesta_snprintf(w, sizeof(w), "%s: CS slot (RPL 0, mask << 32)", n);
	guest_check(w, (VESTA_FLAT_KERNEL_CS & ~3ULL) | ((uint64_t)mask << 32),
		    f->cs);
	vesta_snprintf(w, sizeof(w), "%s: SS slot", n);
	guest_check(w, VESTA_FLAT_KERNEL_SS, f->ss);
	vesta_snprintf(w, sizeof(w), "%s: RFLAGS", n);
	guest_check(w, want & ~ignore, f->rflags & ~ignore);
}

static void check_stack(const char *n, const struct guest_fault *f, bool ec)
{
	char w[96];
	uint64_t words = ec ? 8 : 7;

	vesta_snprintf(w, sizeof(w), "%s: RSP slot", n);
	guest_check(w, trap_saved_rsp, f->rsp);
	vesta_snprintf(w, sizeof(w), "%s: frame end == RSP & ~15", n);
	guest_check(w, f->rsp & ~15ULL, f->frame + 8 * words);
	vesta_snprintf(w, sizeof(w), "%s: RCX slot", n);
	guest_check(w, MAGIC_RCX, f->rcx);
	vesta_snprintf(w, sizeof(w), "%s: R11 slot", n);
	guest_check(w, MAGIC_R11, f->r11);
}

/* Everything about one delivery except the RIP and the handler's mask. */
static void check_frame(const struct tcase *c, const struct guest_fault *f,
			uint8_t mask)
{
	char w[96];
	bool ec = guest_has_error_code(c->vector);

	vesta_snprintf(w, sizeof(w), "%s: vector", c->name);
	if (!guest_check(w, c->vector, f->vector))
		return;
	if (ec) {
		vesta_snprintf(w, sizeof(w), "%s: error code", c->name);
		guest_check(w, (uint64_t)c->ec, f->error_code);
	}
	check_cs_ss_flags(c->name, f, mask);
	check_stack(c->name, f, ec);
	vesta_snprintf(w, sizeof(w), "%s: upcall mask in the handler",
		       c->name);
	guest_check(w, c->mask_in_handler ? 1 : mask, f->upcall_mask);
}

/* Run @c with upcall mask @mask; @rip is the RIP the frame must show. */
static bool run_case_at(const struct tcase *c, uint8_t mask, uint64_t rip,
			struct guest_fault *f)
{
	char w[96];
	int regs;

	set_mask(mask);
	regs = c->fn();
	guest_events_disable();
	if (!guest_fault_taken(f)) {
		guest_fail("%s (mask %u): no exception", c->name, mask);
		return false;
	}
	check_frame(c, f, mask);
	vesta_snprintf(w, sizeof(w), "%s: RIP", c->name);
	guest_check(w, rip, f->rip);
	vesta_snprintf(w, sizeof(w), "%s: RCX/R11/RBX after iret (bits bad)",
		       c->name);
	guest_check(w, 0, (uint64_t)regs);
	return true;
}

static bool run_case(const struct tcase *c, uint8_t mask,
		     struct guest_fault *f)
{
	uint64_t rip = (uint64_t)(c->trap ? c->after : c->insn);

	return run_case_at(c, mask, rip, f);
}

static void test_basic(void)
{
	struct guest_fault f;
	unsigned int i;

	for (i = 0; i < GUEST_ARRAY_SIZE(basic); i++) {
		run_case(&basic[i], 1, &f);
		run_case(&basic[i], 0, &f);
	}
}

static bool db_clear_tf(struct guest_regs *regs)
{
	regs->rflags &= ~RFLAGS_TF;
	return false;
}

/*
 * Single step. Under Xen 4.17 on QEMU 7.2 TCG the frame's RFLAGS.TF is
 * clear (QEMU's CPU state shows TF set when it raises the #DB; whether
 * QEMU or Xen drops it is not established), so TF is not compared for #DB.
 */
static void test_single_step(void)
{
	const struct tcase c = TC("#DB single step", t_tf, 1, NO_EC, true);
	struct guest_fault f;

	guest_set_trap_hook(1, db_clear_tf);
	if (run_case(&c, 1, &f) && (f.rflags & RFLAGS_TF))
		guest_printf("NOTE: single-step frame has RFLAGS.TF set\n");
	guest_set_trap_hook(1, NULL);
}

/*
 * ICEBP (INT1) is a #DB trap on hardware; QEMU 7.2 TCG raises #UD for it
 * instead. Accept exactly that, with a note, and check the frame either way.
 */
static void test_icebp(void)
{
	const struct tcase db = TC("#DB icebp", t_icebp, 1, NO_EC, true);
	const struct tcase ud = TC("icebp as #UD", t_icebp, 6, NO_EC, false);
	struct guest_fault f;
	int regs = t_icebp();

	if (!guest_fault_taken(&f)) {
		guest_fail("icebp: no exception");
		return;
	}
	if (f.vector == 6 && f.rip == (uint64_t)t_icebp_insn) {
		guest_printf("NOTE: icebp raised #UD (QEMU TCG defect; "
			     "hardware raises #DB)\n");
		check_frame(&ud, &f, 1);
		return;
	}
	check_frame(&db, &f, 1);
	guest_check("#DB icebp: RIP", (uint64_t)t_icebp_after, f.rip);
	guest_check("#DB icebp: registers after iret", 0, (uint64_t)regs);
}

static bool cpu_has_nx(void)
{
	uint32_t a, b, c, d;

	guest_cpuid(0x80000001, 0, &a, &b, &c, &d);
	return d & (1U << 20);
}

/* One #PF at @addr; @rip is where the frame must say it happened. */
static void pf_case(const char *name, int (*fn)(void), const char *insn,
		    uint64_t addr, uint64_t ec, uint64_t rip)
{
	struct tcase c = { name, fn, insn, insn, 14, (long)ec, false, true };
	struct guest_fault f;
	char w[96];

	trap_pf_addr = addr;
	if (!run_case_at(&c, 1, rip, &f))
		return;
	vesta_snprintf(w, sizeof(w), "%s: vcpu_info.arch.cr2", name);
	guest_check(w, addr, f.cr2);
}

static void pf_exec_case(const char *name, uint64_t addr, uint64_t ec)
{
	guest_expect_fault(0, (uint64_t)t_pf_exec_after);
	pf_case(name, t_pf_exec, t_pf_exec_insn, addr, ec, addr);
}

static void test_page_faults(void)
{
	uint64_t unmapped = (uint64_t)GUEST_BAD_PTR_UNMAPPED + 0x128;
	uint64_t page = (uint64_t)test_page;
	unsigned long mfn = guest_virt_to_mfn(test_page);
	uint64_t ifetch = cpu_has_nx() ? GUEST_PFEC_I : 0;
	uint64_t pte = ((uint64_t)mfn << GUEST_PAGE_SHIFT) | GUEST_PTE_P |
		       GUEST_PTE_RW | GUEST_PTE_A | GUEST_PTE_D;

	pf_case("#PF read unmapped", t_pf_read, t_pf_read_insn, unmapped, 0,
		(uint64_t)t_pf_read_insn);
	pf_case("#PF write unmapped", t_pf_write, t_pf_write_insn, unmapped,
		GUEST_PFEC_W, (uint64_t)t_pf_write_insn);
	pf_exec_case("#PF exec unmapped", unmapped, ifetch);
	if (!guest_check_rc("map test page read-only", 0,
			    guest_map_mfn(test_page, mfn, false)))
		return;
	pf_case("#PF write read-only", t_pf_write, t_pf_write_insn,
		page + 0x40, GUEST_PFEC_P | GUEST_PFEC_W,
		(uint64_t)t_pf_write_insn);
	guest_check_rc("map test page RW", 0,
		       guest_map_mfn(test_page, mfn, true));
	memset(test_page, 0xc3, sizeof(test_page));
	if (!ifetch) {
		guest_printf("NOTE: no NX: execute-disable test skipped\n");
		return;
	}
	if (guest_check_rc("map test page NX", 0,
			   hypercall_update_va_mapping(page, pte | GUEST_PTE_NX,
						       VESTA_UVMF_INVLPG)))
		pf_exec_case("#PF exec NX", page + 0x80,
			     GUEST_PFEC_P | GUEST_PFEC_I);
	guest_check_rc("map test page RW again", 0,
		       guest_map_mfn(test_page, mfn, true));
}

static void test_fpu_nm(void)
{
	const struct tcase x87 = TC("#NM x87", t_nm_x87, 7, NO_EC, false);
	const struct tcase sse = TC("#NM sse", t_nm_sse, 7, NO_EC, false);
	struct guest_fault f;

	guest_check_rc("fpu_taskswitch(1)", 0, hypercall_fpu_taskswitch(1));
	run_case(&x87, 1, &f);
	/* Delivering #NM clears the virtual TS, as Xen does. */
	t_fpu_ok();
	if (guest_fault_taken(&f))
		guest_fail("virtual CR0.TS still set after #NM delivery "
			   "(vector %u)", f.vector);
	guest_check_rc("fpu_taskswitch(1)", 0, hypercall_fpu_taskswitch(1));
	run_case(&sse, 1, &f);
	guest_check_rc("fpu_taskswitch(0)", 0, hypercall_fpu_taskswitch(0));
	t_fpu_ok();
	if (guest_fault_taken(&f))
		guest_fail("FPU/SSE fault %u with TS clear", f.vector);
}

/*
 * QEMU 7.2 TCG never raises #XM (SSE exceptions are not modelled): no
 * exception at all is accepted with a note; anything else is checked.
 */
static void test_xm(const struct tcase *xm)
{
	struct guest_fault f;
	int regs = t_xm();

	trap_fpu_reset();
	if (!guest_fault_taken(&f)) {
		guest_printf("NOTE: no #XM for an unmasked SSE divide by zero "
			     "(QEMU TCG does not model SSE exceptions)\n");
		return;
	}
	check_frame(xm, &f, 1);
	guest_check("#XM: RIP", (uint64_t)t_xm_insn, f.rip);
	guest_check("#XM: registers after iret", 0, (uint64_t)regs);
}

static void test_fpu(void)
{
	const struct tcase mf = TC("#MF fwait", t_mf, 16, NO_EC, false);
	const struct tcase xm = TC("#XM divss", t_xm, 19, NO_EC, false);
	struct guest_fault f;

	test_fpu_nm();
	run_case(&mf, 1, &f);
	trap_fpu_reset();
	test_xm(&xm);
}

static void test_alignment_check(void)
{
	const struct tcase c = TC("#AC", t_ac, 17, 0, false);
	struct guest_fault f;
	int regs;

	regs = t_ac();
	if (!guest_fault_taken(&f)) {
		guest_printf("NOTE: no #AC with RFLAGS.AC set: alignment "
			     "checking is off (CR0.AM clear)\n");
		return;
	}
	check_frame(&c, &f, 1);
	guest_check("#AC: RIP", (uint64_t)t_ac_insn, f.rip);
	guest_check("#AC: registers after iret", 0, (uint64_t)regs);
}

/*
 * INT $0x80 to a gate of DPL @dpl. Xen 4.17 delivers INT $0x80 whatever the
 * gate's DPL (its direct int80 path ignores it), so the DPL 0 -> #GP rule
 * is tested on other vectors by the softint test.
 */
static void int80_case(const char *name, unsigned int dpl, bool intr,
		       uint8_t mask)
{
	struct tcase c = {
		name, t_int80, t_int80_insn, t_int80_after, 0x80, NO_EC,
		true, intr,
	};
	struct guest_fault f;

	if (!guest_check_rc("set_trap_table(0x80)", 0,
			    guest_set_trap(0x80, dpl, intr)))
		return;
	run_case(&c, mask, &f);
}

static void test_int80(void)
{
	int80_case("int $0x80, DPL 3 trap gate", 3, false, 1);
	int80_case("int $0x80, DPL 3 trap gate, unmasked", 3, false, 0);
	int80_case("int $0x80, DPL 3 interrupt gate", 3, true, 0);
	int80_case("int $0x80, DPL 1 trap gate", 1, false, 0);
}

void test_main(const struct vesta_start_info *si)
{
	(void)si;
	test_basic();
	test_icebp();
	test_single_step();
	test_page_faults();
	test_fpu();
	test_alignment_check();
	test_int80();
}
