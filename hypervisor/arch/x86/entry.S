/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception and interrupt entry: one stub per vector pushes an error code
 * (a zero where the CPU pushes none) and the vector, then the common path
 * saves the general registers as struct cpu_user_regs and calls do_trap().
 * Not responsible for deciding what a vector means (traps.c).
 */
#include <asm/config.h>

	.section .text, "ax", @progbits

	.altmacro
	/* The CPU pushes an error code for 8, 10-14, 17, 21, 29 and 30. */
	.macro STUB v
	.align 16
stub_\v:
	.if !(\v == 8 || (\v >= 10 && \v <= 14) || \v == 17 || \v == 21 || \v == 29 || \v == 30)
	pushq	$0
	.endif
	pushq	$\v
	jmp	trap_common
	.endm

	.align 16
	.globl trap_stubs_start
trap_stubs_start:
	.set v, 0
	.rept 256
	STUB %v
	.set v, v + 1
	.endr

trap_common:
	cld
	pushq	%rdi
	pushq	%rsi
	pushq	%rdx
	pushq	%rcx
	pushq	%rax
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, %rdi
	call	do_trap
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rax
	popq	%rcx
	popq	%rdx
	popq	%rsi
	popq	%rdi
	addq	$16, %rsp
	iretq

	.section .rodata, "a", @progbits
	.align 8
	.globl trap_stub_table
trap_stub_table:
	.set v, 0
	.rept 256
	.quad	trap_stubs_start + v * 16
	.set v, v + 1
	.endr
