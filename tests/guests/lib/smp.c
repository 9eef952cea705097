/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Secondary vCPUs for the test kernels: a stack per vCPU, the
 * vcpu_guest_context that starts one (pv-abi.md 8, item 9: the current
 * page tables, the framework's trap table and callbacks, its own kernel
 * stack), VCPUOP_initialise + VCPUOP_up, and the C entry that runs the
 * test's function and takes the vCPU down when it returns. Also which
 * vCPU the caller is on, told by its stack. Not responsible for what the
 * vCPUs do, for synchronising them (tests use atomics) or for events
 * (events.c routes ports to vCPUs).
 */
#include <string.h>

#include "guest.h"

#define AP_STACK_SIZE	(4 * GUEST_PAGE_SIZE)

/* vCPU 0 runs on guest_stack (head.S); vCPU n on ap_stacks[n - 1]. */
static char ap_stacks[GUEST_MAX_VCPUS - 1][AP_STACK_SIZE]
	GUEST_PAGE_ALIGNED_BSS;

static struct {
	guest_vcpu_fn_t fn;
	void *arg;
	volatile int state;	/* 0 idle, 1 running fn, 2 fn returned */
} aps[GUEST_MAX_VCPUS];

/* The 5 KiB context is too big for a test's stack: one, under a lock. */
static struct vesta_vcpu_guest_context ctx_buf;
static volatile int ctx_lock;

extern char guest_ap_entry[];

unsigned int guest_cpu_id(void)
{
	unsigned long sp = (unsigned long)__builtin_frame_address(0);
	unsigned long off = sp - (unsigned long)ap_stacks;

	/* Below the array the difference wraps and fails the bound too. */
	if (off >= sizeof(ap_stacks))
		return 0;
	return 1 + (unsigned int)(off / AP_STACK_SIZE);
}

void *guest_vcpu_stack_top(unsigned int id)
{
	if (id == 0)
		return guest_stack_top;
	if (id >= GUEST_MAX_VCPUS)
		return NULL;
	return ap_stacks[id - 1] + AP_STACK_SIZE;
}

void guest_vcpu_context(struct vesta_vcpu_guest_context *c, unsigned int id,
			guest_vcpu_fn_t fn, void *arg)
{
	uint64_t top = (uint64_t)guest_vcpu_stack_top(id);
	unsigned long l4 = guest_virt_to_mfn((void *)guest_start_info->pt_base);

	memset(c, 0, sizeof(*c));
	if (fn && id < GUEST_MAX_VCPUS) {
		aps[id].fn = fn;
		aps[id].arg = arg;
	}
	/*
	 * Not VGCF_online: Xen 4.17 then marks the vCPU up without waking
	 * it, and the VCPUOP_up that follows finds nothing to do.
	 */
	c->flags = VESTA_VGCF_in_kernel;
	c->user_regs.rip = (uint64_t)guest_ap_entry;
	c->user_regs.rsp = top;
	c->user_regs.rdi = id;
	c->user_regs.cs = VESTA_FLAT_KERNEL_CS;
	c->user_regs.ss = VESTA_FLAT_KERNEL_SS;
	c->user_regs.rflags = 0x2;		/* IF comes from the mask */
	guest_fill_trap_ctxt(c->trap_ctxt);
	c->kernel_ss = VESTA_FLAT_KERNEL_SS;
	c->kernel_sp = top;
	c->ctrlreg[3] = (uint64_t)l4 << GUEST_PAGE_SHIFT;
	c->event_callback_eip = (uint64_t)guest_event_entry;
	c->failsafe_callback_eip = (uint64_t)guest_failsafe_entry;
}

static void ctx_acquire(void)
{
	while (__atomic_exchange_n(&ctx_lock, 1, __ATOMIC_ACQUIRE))
		hypercall_sched_op(VESTA_SCHEDOP_yield, NULL);
}

static void ctx_release(void)
{
	__atomic_store_n(&ctx_lock, 0, __ATOMIC_RELEASE);
}

long guest_vcpu_start(unsigned int id, guest_vcpu_fn_t fn, void *arg)
{
	long rc;

	if (id == 0 || id >= GUEST_MAX_VCPUS)
		return -VESTA_EINVAL;
	ctx_acquire();
	guest_vcpu_context(&ctx_buf, id, fn, arg);
	aps[id].state = 0;
	rc = hypercall_vcpu_op(VESTA_VCPUOP_initialise, id, &ctx_buf);
	ctx_release();
	if (rc)
		return rc;
	return hypercall_vcpu_op(VESTA_VCPUOP_up, id, NULL);
}

bool guest_vcpu_started(unsigned int id)
{
	return id < GUEST_MAX_VCPUS &&
	       __atomic_load_n(&aps[id].state, __ATOMIC_ACQUIRE) != 0;
}

bool guest_vcpu_done(unsigned int id)
{
	return id < GUEST_MAX_VCPUS &&
	       __atomic_load_n(&aps[id].state, __ATOMIC_ACQUIRE) == 2;
}

/* Called by guest_ap_entry (head.S) on the vCPU's own stack. */
GUEST_NORETURN void guest_ap_main(unsigned int id)
{
	if (id == 0 || id >= GUEST_MAX_VCPUS)
		guest_error("vCPU started with id %u", id);
	__atomic_store_n(&aps[id].state, 1, __ATOMIC_RELEASE);
	if (aps[id].fn)
		aps[id].fn(id, aps[id].arg);
	__atomic_store_n(&aps[id].state, 2, __ATOMIC_RELEASE);
	/* Done: go offline; should someone bring us up again, go again. */
	for (;;)
		hypercall_vcpu_op(VESTA_VCPUOP_down, id, NULL);
}
