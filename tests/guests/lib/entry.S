/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Exception, event and failsafe entry points of the test kernels. The
 * hypervisor enters them with the PV bounce frame on the stack (pv-abi.md
 * 2.3): RCX, R11, [error code], RIP, CS, RFLAGS, RSP, SS. A stub pops RCX
 * and R11 back into their registers, pushes a dummy error code where the
 * vector has none and the vector number, and the common path saves the
 * GPRs as struct guest_regs and calls guest_trap_dispatch(). The return is
 * always HYPERVISOR_iret (pv-abi.md 2.5). Not responsible for deciding
 * what an exception means (traps.c and events.c do).
 */
#include <public/vesta.h>

#define GUEST_VEC_EVENT	256

	.text
	.code64

/* Vectors for which the CPU pushes an error code. */
#define HAS_EC(v) (((v) == 8) || (((v) >= 10) && ((v) <= 14)) || \
		   ((v) == 17) || ((v) == 21) || ((v) == 29) || ((v) == 30))

/*
 * One stub per vector, 16 bytes apart (guest_trap_stub() relies on it):
 * the longest is 1 + 2 + 2 + 5 + 5 = 15 bytes.
 */
	.altmacro
.macro	TRAP_STUB vec
	.balign	16
	pop	%rcx
	pop	%r11
	.if	HAS_EC(\vec) == 0
	push	$0
	.endif
	push	$\vec
	jmp	guest_trap_common
.endm

	.balign	16
	.globl	guest_trap_stubs
guest_trap_stubs:
	.set	vec, 0
	.rept	256
	TRAP_STUB %vec
	.set	vec, vec + 1
	.endr
	.noaltmacro

	.balign	16
	.globl	guest_event_entry
guest_event_entry:
	pop	%rcx
	pop	%r11
	push	$0
	push	$GUEST_VEC_EVENT
	jmp	guest_trap_common

guest_trap_common:
	push	%rax
	push	%rbx
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rbp
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, %rdi
	/* Do not trust the frame's alignment for the C call. */
	mov	%rsp, %rbx
	and	$~15, %rsp
	call	guest_trap_dispatch
	mov	%rbx, %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rbx
	pop	%rax
	add	$16, %rsp
	/* Fall through: RSP points at an RIP, CS, RFLAGS, RSP, SS frame. */

/*
 * guest_iret: HYPERVISOR_iret with the iret frame at RSP and RAX, RCX, R11
 * holding the values to restore. flags = 0: a full IRET return.
 */
	.globl	guest_iret
guest_iret:
	push	$0
#ifdef GUEST_HYPERCALL_PAGE
	/* The page's iret stub pushes RCX, R11 and RAX itself. */
	jmp	hypercall_page + VESTA_HC_iret * VESTA_HYPERCALL_STUB_SIZE
#else
	push	%rcx
	push	%r11
	push	%rax
	mov	$VESTA_HC_iret, %eax
	syscall
#endif
	ud2

/*
 * Failsafe frame: RCX, R11, DS, ES, FS, GS, RIP, CS, RFLAGS, RSP, SS.
 * Always fatal for a test kernel.
 */
	.balign	16
	.globl	guest_failsafe_entry
guest_failsafe_entry:
	mov	%rsp, %rdi
	and	$~15, %rsp
	call	guest_failsafe
	ud2

	.section .note.GNU-stack, "", @progbits
