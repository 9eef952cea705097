/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * The guest system-call bounce benchmark: guest user code issues SYSCALL,
 * the hypervisor bounces it to the guest kernel's syscall callback, which
 * returns at once with HYPERVISOR_iret; one round trip is one user
 * SYSCALL and one iret back to user mode, i.e. two kernel/user mode
 * switches with their page-table (CR3) and GS swaps. User and kernel share
 * the builder's L4 (MMUEXT_NEW_USER_BASEPTR with the same MFN), which is
 * fine for both Xen and Vesta and keeps the test kernel small. The timed
 * loop runs in user mode; the mode switches themselves are in user.S. Not
 * responsible for anything a real guest kernel does in a system call.
 */
#include "pvbench.h"

#define SYS_BATCHES	21
#define SYS_OPS		500
#define PVB_SYS_NOP	0

static char user_stack[4 * GUEST_PAGE_SIZE] GUEST_PAGE_ALIGNED_BSS;
static char bounce_stack[4 * GUEST_PAGE_SIZE] GUEST_PAGE_ALIGNED_BSS;

/* Written by the user-mode loop (the kernel's pages are user-reachable). */
static struct pvb_stat user_stat;

/* One guest system call; a debug hypervisor may poison any argument reg. */
static inline void user_syscall(void)
{
	unsigned long nr = PVB_SYS_NOP;

	__asm__ volatile("syscall"
			 : "+a"(nr)
			 :
			 : "rcx", "r11", "rdi", "rsi", "rdx", "r8", "r9",
			   "r10", "memory");
}

/* Runs in guest user mode: no hypercalls, no printing. */
static void user_loop(void)
{
	struct pvb_clock t0;

	pvb_stat_reset(&user_stat);
	for (unsigned int b = 0; b <= SYS_BATCHES; b++) {
		pvb_now(&t0);
		for (unsigned int i = 0; i < SYS_OPS; i++)
			user_syscall();
		if (b)
			pvb_stat_since(&user_stat, &t0);
	}
}

static long register_syscall_cb(const char *entry)
{
	struct vesta_callback_register cb = {
		.type = VESTA_CALLBACKTYPE_syscall,
		.flags = VESTA_CALLBACKF_mask_events,
		.address = (uint64_t)entry,
	};

	return hypercall_callback_op(VESTA_CALLBACKOP_register, &cb);
}

static long setup_user_mode(const struct vesta_start_info *si)
{
	struct vesta_mmuext_op op = { .cmd = VESTA_MMUEXT_NEW_USER_BASEPTR };
	unsigned long l4 = guest_virt_to_mfn((const void *)si->pt_base);
	long rc;

	if (l4 == ~0UL)
		return -VESTA_EINVAL;
	op.arg1.mfn = l4;
	rc = hypercall_mmuext_op(&op, 1, NULL, VESTA_DOMID_SELF);
	if (rc)
		return rc;
	return hypercall_stack_switch(VESTA_FLAT_KERNEL_SS,
				      (unsigned long)bounce_stack +
				      sizeof(bounce_stack));
}

static void run_variant(const char *name, const char *entry)
{
	long rc = register_syscall_cb(entry);

	if (rc) {
		guest_fail("registering the syscall callback: %ld", rc);
		pvb_skip(name, "syscall-callback-refused");
		return;
	}
	pvb_user_run(user_loop, user_stack + sizeof(user_stack));
	pvb_report(name, &user_stat, SYS_OPS);
}

void pvb_bench_syscall(const struct vesta_start_info *si)
{
	long rc = setup_user_mode(si);

	if (rc) {
		guest_fail("user page table / kernel stack set-up: %ld", rc);
		pvb_skip("syscall_iret", "user-mode-setup-refused");
		pvb_skip("syscall_sysret", "user-mode-setup-refused");
		return;
	}
	run_variant("syscall_iret", pvb_syscall_cb_iret);
	run_variant("syscall_sysret", pvb_syscall_cb_sysret);
}
