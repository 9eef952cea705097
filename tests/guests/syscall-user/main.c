/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * syscall-user: guest user mode, system calls into the guest kernel, and
 * exceptions taken in user mode.
 *
 * Property tested (pv-abi.md 2.3-2.5, 8 item 4): with
 * MMUEXT_NEW_USER_BASEPTR naming the builder's L4 (already typed, which
 * is all Vesta accepts for now), a kernel stack from stack_switch, and
 * the syscall callback registered (CALLBACKOP_register, mask_events),
 * HYPERVISOR_iret to FLAT_USER_CS (RPL 3) runs code in user mode. 1000
 * user SYSCALLs each reach the callback on the kernel stack (frame at
 * kernel_sp rounded down to 16), with RCX = the user RIP after SYSCALL
 * and R11 = the user RFLAGS in the frame, RIP/CS/RFLAGS/RSP/SS of the user
 * in the rest (CS and SS with RPL 3), events masked, all other registers
 * as user mode left them; the callback's iret back to user mode (a full
 * return, then VGCF_in_syscall) resumes there with RAX as set. ud2, int3
 * and a read of an unmapped address in user mode are bounced on the same
 * kernel stack with CS RPL 3 in the frame (#UD, #BP after the int3, #PF
 * with the user bit and CR2); hlt, cli, in and wrmsr in user mode are
 * #GP(0) (not emulated as they are for the kernel). A user SYSCALL whose
 * registers look like a hypercall (xen_version; console_io write of a
 * marker the spec rejects) goes to the callback and is not executed.
 * Also printed: the average TSC cycles and nanoseconds of one user system
 * call round trip, for each return flavour (for the benchmarks).
 *
 * Correct behaviour: Xen 4.17's. Failure detection: FAIL lines; a
 * hypercall run for user mode prints USER-HYPERCALL-LEAK (the spec
 * rejects it) and skips the callback.
 */
#include "guest.h"

#define SU_SYS_NOP	0x1234
#define NR_CALLS	1000
#define STACK_PAGES	4

struct su_regs {
	uint64_t r15, r14, r13, r12, r10, r9, r8, rbp, rdi, rsi, rdx, rbx, rax;
	uint64_t rcx, r11, rip, cs, rflags, rsp, ss;	/* bounce frame */
};

void su_enter_user(void (*fn)(void), void *user_stack_top);
void su_syscall(struct su_regs *r);
extern char su_syscall_entry[];
extern char su_user_loop[], su_loop_after[];
extern char su_user_ud2[], su_user_ud2_after[];
extern char su_user_int3[], su_user_int3_after[];
extern char su_user_pf[], su_user_pf_after[];
extern char su_user_hlt[], su_user_hlt_after[];
extern char su_user_cli[], su_user_cli_after[];
extern char su_user_in[], su_user_in_after[];
extern char su_user_wrmsr[], su_user_wrmsr_after[];
extern char su_user_fake_hypercalls[];
extern uint64_t su_loop_count, su_loop_bad, su_iret_flags;
extern uint64_t su_fake_rax1, su_fake_rax2;

static char user_stack[STACK_PAGES * GUEST_PAGE_SIZE] GUEST_PAGE_ALIGNED_BSS;
static char bounce_stack[STACK_PAGES * GUEST_PAGE_SIZE] GUEST_PAGE_ALIGNED_BSS;

static struct {
	unsigned long calls, bad_rcx, bad_r11, bad_frame, bad_stack, bad_mask;
	unsigned long fake[2];
	uint64_t fake_rax[2], fake_rdi[2];
} seen;

static uint64_t user_top(void)
{
	return (uint64_t)user_stack + sizeof(user_stack);
}

/* Where the hypervisor must put a 7-word frame bounced from user mode. */
static uint64_t frame_at(unsigned int words)
{
	return (((uint64_t)bounce_stack + sizeof(bounce_stack)) & ~15ULL) -
	       8ULL * words;
}

static void note_fake(struct su_regs *r)
{
	unsigned int i = r->rax == VESTA_HC_xen_version ? 0 : 1;

	seen.fake[i]++;
	seen.fake_rax[i] = r->rax;
	seen.fake_rdi[i] = r->rdi;
	r->rax = 0x5ca11 + i;
}

void su_syscall(struct su_regs *r)
{
	struct vesta_vcpu_info *vi = guest_vcpu_info();

	if (r->rax != SU_SYS_NOP) {
		note_fake(r);
		return;
	}
	seen.calls++;
	if (r->rcx != (uint64_t)su_loop_after || r->rip != r->rcx)
		seen.bad_rcx++;
	/* User RFLAGS as the user saw them before SYSCALL (RSI). */
	if (r->r11 != r->rsi)
		seen.bad_r11++;
	if ((r->cs & 0xffff) != VESTA_FLAT_USER_CS ||
	    (r->ss & 0xffff) != VESTA_FLAT_USER_SS || r->rsp != r->rdx)
		seen.bad_frame++;
	if ((uint64_t)&r->rcx != frame_at(7))
		seen.bad_stack++;
	if (!vi->evtchn_upcall_mask)
		seen.bad_mask++;
	r->rax = r->rdi;
}

static bool setup_user_mode(void)
{
	struct vesta_mmuext_op op = { .cmd = VESTA_MMUEXT_NEW_USER_BASEPTR };
	struct vesta_callback_register cb = {
		.type = VESTA_CALLBACKTYPE_syscall,
		.flags = VESTA_CALLBACKF_mask_events,
		.address = (uint64_t)su_syscall_entry,
	};

	unsigned long ktop = (unsigned long)bounce_stack + sizeof(bounce_stack);

	op.arg1.mfn = guest_virt_to_mfn((void *)guest_start_info->pt_base);
	return guest_check_rc("MMUEXT_NEW_USER_BASEPTR(builder's L4)", 0,
			      hypercall_mmuext_op(&op, 1, NULL,
						  VESTA_DOMID_SELF)) &&
	       guest_check_rc("stack_switch(bounce stack)", 0,
			      hypercall_stack_switch(VESTA_FLAT_KERNEL_SS,
						     ktop)) &&
	       guest_check_rc("CALLBACKOP_register(syscall)", 0,
			      hypercall_callback_op(VESTA_CALLBACKOP_register,
						    &cb));
}

static void run_loop(const char *name, uint64_t iret_flags)
{
	uint64_t t0, c0, dt, dc;

	seen.calls = seen.bad_rcx = seen.bad_r11 = seen.bad_frame = 0;
	seen.bad_stack = seen.bad_mask = 0;
	su_loop_bad = 0;
	su_loop_count = NR_CALLS;
	su_iret_flags = iret_flags;
	t0 = guest_system_time();
	c0 = guest_rdtsc();
	su_enter_user((void (*)(void))su_user_loop, (void *)user_top());
	dc = guest_rdtsc() - c0;
	dt = guest_system_time() - t0;
	guest_printf("syscall-user: %s: %u round trips, %lu TSC cycles, %lu ns each\n",
		     name, NR_CALLS, (unsigned long)(dc / NR_CALLS),
		     (unsigned long)(dt / NR_CALLS));
	guest_check("system calls reaching the callback", NR_CALLS,
		    seen.calls);
	guest_check("frames with RCX/RIP != the user RIP after SYSCALL", 0,
		    seen.bad_rcx);
	guest_check("frames with R11 != the user RFLAGS", 0, seen.bad_r11);
	guest_check("frames with wrong CS/SS/RSP", 0, seen.bad_frame);
	guest_check("frames not at kernel_sp", 0, seen.bad_stack);
	guest_check("callbacks entered with events unmasked", 0,
		    seen.bad_mask);
	guest_check("user RAX after the return != the callback's", 0,
		    su_loop_bad);
}

struct ucase {
	const char *name;
	char *fn, *after;
	unsigned int vector;
	uint64_t ec;
	bool trap;		/* RIP after the instruction */
};

static void check_user_fault(const struct ucase *c, const struct guest_fault *f)
{
	bool ec = guest_has_error_code(c->vector);
	char w[96];

	vesta_snprintf(w, sizeof(w), "%s: vector", c->name);
	guest_check(w, c->vector, f->vector);
	vesta_snprintf(w, sizeof(w), "%s: RIP", c->name);
	guest_check(w, (uint64_t)(c->trap ? c->after : c->fn), f->rip);
	vesta_snprintf(w, sizeof(w), "%s: CS in the frame (user, RPL 3)",
		       c->name);
	guest_check(w, VESTA_FLAT_USER_CS, f->cs & 0xffff);
	vesta_snprintf(w, sizeof(w), "%s: RSP in the frame (user)", c->name);
	guest_check(w, user_top(), f->rsp);
	vesta_snprintf(w, sizeof(w), "%s: frame at kernel_sp", c->name);
	guest_check(w, frame_at(ec ? 8 : 7), f->frame);
	if (ec) {
		vesta_snprintf(w, sizeof(w), "%s: error code", c->name);
		guest_check(w, c->ec, f->error_code);
	}
}

static void test_user_faults(void)
{
	static const struct ucase cases[] = {
		{ "#UD ud2", su_user_ud2, su_user_ud2_after, 6, 0, false },
		{ "#BP int3", su_user_int3, su_user_int3_after, 3, 0, true },
		{ "#PF read", su_user_pf, su_user_pf_after, 14,
		  GUEST_PFEC_U, false },
		{ "#GP hlt", su_user_hlt, su_user_hlt_after, 13, 0, false },
		{ "#GP cli", su_user_cli, su_user_cli_after, 13, 0, false },
		{ "#GP in", su_user_in, su_user_in_after, 13, 0, false },
		{ "#GP wrmsr", su_user_wrmsr, su_user_wrmsr_after, 13, 0,
		  false },
	};
	struct guest_fault f;

	for (unsigned int i = 0; i < GUEST_ARRAY_SIZE(cases); i++) {
		const struct ucase *c = &cases[i];

		guest_expect_fault(0, (uint64_t)c->after);
		su_enter_user((void (*)(void))c->fn, (void *)user_top());
		if (!guest_fault_taken(&f)) {
			guest_fail("%s in user mode: no exception", c->name);
			continue;
		}
		check_user_fault(c, &f);
		if (c->vector == 14)
			guest_check("#PF in user mode: CR2",
				    (uint64_t)GUEST_BAD_PTR_UNMAPPED, f.cr2);
	}
}

static void test_fake_hypercalls(void)
{
	su_enter_user((void (*)(void))su_user_fake_hypercalls,
		      (void *)user_top());
	guest_check("user 'xen_version' reached the callback", 1, seen.fake[0]);
	guest_check("user 'console_io' reached the callback", 1, seen.fake[1]);
	guest_check("callback saw RAX = 17", VESTA_HC_xen_version,
		    seen.fake_rax[0]);
	guest_check("callback saw RAX = 18", VESTA_HC_console_io,
		    seen.fake_rax[1]);
	guest_check("user RAX after 'xen_version': the callback's value",
		    0x5ca11, su_fake_rax1);
	guest_check("user RAX after 'console_io': the callback's value",
		    0x5ca12, su_fake_rax2);
}

void test_main(const struct vesta_start_info *si)
{
	(void)si;
	if (!setup_user_mode())
		return;
	run_loop("iret (flags 0)", 0);
	run_loop("iret (VGCF_in_syscall)", VESTA_VGCF_in_syscall);
	test_user_faults();
	test_fake_hypercalls();
}
