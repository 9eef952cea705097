/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * The guest-mode switches of the system-call bounce benchmark:
 * pvb_user_run() leaves guest kernel mode for guest user mode with
 * HYPERVISOR_iret and comes back when the user code makes the exit system
 * call; the two syscall callbacks answer every other system call straight
 * away with HYPERVISOR_iret, flags 0 (a full IRET, as Linux does) or
 * VGCF_in_syscall (SYSRET semantics). Not responsible for timing (the user
 * code in syscall.c does that) or for registering the callbacks.
 *
 * Callback entry (pv-abi.md 2.4): kernel stack = RCX, R11, RIP, CS,
 * RFLAGS, RSP, SS from low to high; RAX is the user's. Iret context
 * (pv-abi.md 2.5): RAX, R11, RCX, flags, RIP, CS, RFLAGS, RSP, SS.
 */
#include <public/vesta.h>

#define PVB_SYS_EXIT	0x7e57
/* IF set: events are enabled in user mode. */
#define USER_RFLAGS	0x202

	.text
	.code64

/* void pvb_user_run(void (*fn)(void), void *user_stack_top) */
	.globl	pvb_user_run
pvb_user_run:
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, pvb_saved_ksp(%rip)
	mov	%rdi, pvb_user_fn(%rip)
	push	$VESTA_FLAT_USER_SS
	push	%rsi
	push	$USER_RFLAGS
	push	$VESTA_FLAT_USER_CS
	lea	pvb_user_trampoline(%rip), %rax
	push	%rax
	push	$0			/* flags */
	push	$0			/* RCX */
	push	$0			/* R11 */
	push	$0			/* RAX */
	mov	$VESTA_HC_iret, %eax
	syscall
	ud2

/* Guest user mode from here: call the function, then leave. */
pvb_user_trampoline:
	call	*pvb_user_fn(%rip)
	mov	$PVB_SYS_EXIT, %eax
	syscall
	ud2

/* Back in guest kernel mode on the bounce stack: resume pvb_user_run. */
pvb_user_exit:
	mov	pvb_saved_ksp(%rip), %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	ret

.macro	SYSCALL_CALLBACK name, flags
	.balign	16
	.globl	\name
\name:
	cmp	$PVB_SYS_EXIT, %rax
	je	pvb_user_exit
	pop	%rcx
	pop	%r11
	push	$\flags
	push	%rcx
	push	%r11
	push	%rax
	mov	$VESTA_HC_iret, %eax
	syscall
	ud2
.endm

	SYSCALL_CALLBACK pvb_syscall_cb_iret, 0
	SYSCALL_CALLBACK pvb_syscall_cb_sysret, VESTA_VGCF_in_syscall

	.data
	.balign	8
pvb_saved_ksp:
	.quad	0
pvb_user_fn:
	.quad	0

	.section .note.GNU-stack, "", @progbits
