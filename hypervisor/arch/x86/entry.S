/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every way into the hypervisor and back out to a PV guest: one stub per
 * IDT vector (an error code, a zero where the CPU pushes none, and the
 * vector, then the general registers as struct cpu_user_regs), the
 * SYSCALL entry (hypercalls and guest system calls), and the exit path
 * that runs softirqs, the scheduler and event delivery before IRET.
 * Entries from ring 3 always build their frame right below cpu_info
 * (TSS.RSP0 or the SYSCALL entry puts it there); NMI, #DF and #MC run on
 * IST stacks and return where they came from. Not responsible for what a
 * vector or hypercall means (traps.c, pv/).
 */
#include <asm/config.h>
#include <asm/regs.h>

/* Offsets in struct cpu_user_regs. */
#define R_RAX		0x50
#define R_VECTOR	0x78
#define R_CS		0x90

	.section .text, "ax", @progbits

	.macro SAVE_GPRS
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
	.endm

	.macro FRAME_RSP
	movq	%rsp, %rax
	orq	$(STACK_SIZE - 1), %rax
	subq	$(CPU_INFO_SIZE - 1 + 0xb0), %rax
	movq	%rax, %rsp
	.endm

	.macro RESTORE_GPRS
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
	.endm

	.altmacro
	/* The CPU pushes an error code for 8, 10-14, 17, 21, 29 and 30. */
	.macro STUB v
	.align 16
stub_\v:
	.if !(\v == 8 || (\v >= 10 && \v <= 14) || \v == 17 || \v == 21 || \v == 29 || \v == 30)
	pushq	$0
	.endif
	pushq	$\v
	.if (\v == 2 || \v == 8 || \v == 18)
	jmp	trap_common_ist
	.else
	jmp	trap_common
	.endif
	.endm

	.align 16
	.globl trap_stubs_start
trap_stubs_start:
	.set v, 0
	.rept 256
	STUB %v
	.set v, v + 1
	.endr

/* IST vectors: never the guest exit path, whatever they interrupted. */
trap_common_ist:
	SAVE_GPRS
	movq	%rsp, %rdi
	call	do_trap
	RESTORE_GPRS
	addq	$16, %rsp
	iretq

trap_common:
	SAVE_GPRS
	movq	%rsp, %rdi
	call	do_trap
	testb	$3, R_CS(%rsp)
	jnz	ret_to_guest
	RESTORE_GPRS
	addq	$16, %rsp
	iretq

/*
 * SYSCALL from a PV guest (kernel: hypercall; user: system call). IF is
 * clear (SYSCALL_MASK). SWAPGS reaches cpu_info through KERNEL_GS_BASE
 * just long enough to find the stack; the hypervisor never uses %gs.
 * The frame looks like an interrupt from ring 3: RIP = the return address
 * (RCX), RFLAGS = R11.
 */
	.macro SYSCALL_ENTRY name, cs, vec
	.align 16
	.globl \name
\name:
	swapgs
	movq	%rsp, %gs:CPU_INFO_scratch
	movq	%gs:CPU_INFO_frame_top, %rsp
	pushq	$0xe02b
	pushq	%gs:CPU_INFO_scratch
	swapgs
	pushq	%r11
	pushq	$\cs
	pushq	%rcx
	pushq	$0
	pushq	$\vec
	SAVE_GPRS
	movq	%rsp, %rdi
	call	pv_syscall
	jmp	ret_to_guest
	.endm

	/* 64-bit guest code; 32-bit (compat) guest user code. */
	SYSCALL_ENTRY syscall_entry, 0xe033, VEC_SYSCALL
	SYSCALL_ENTRY syscall32_entry, 0xe023, (VEC_SYSCALL + 1)

/*
 * Leave to the guest whose frame is below cpu_info. pv_exit_to_guest()
 * runs softirqs (which may switch to another vCPU: the frame then holds
 * that vCPU's registers) and delivers pending events; it returns with
 * interrupts disabled.
 */
	.globl ret_to_guest
ret_to_guest:
	movq	%rsp, %rdi
	call	pv_exit_to_guest
	RESTORE_GPRS
	addq	$16, %rsp
3:	iretq
	.section .ex_table, "a", @progbits
	.align 8
	.quad	3b, iret_fixup
	.previous

/* The guest's iret frame was bad: crash it and leave to whoever is next. */
iret_fixup:
	FRAME_RSP
	call	pv_iret_fault
	jmp	ret_to_guest

/*
 * reset_stack_and_call(fn): discard everything on this CPU's stack and
 * call fn (which never returns) with the stack just below the guest
 * frame. continue_to_guest: the same, then leave through the exit path
 * to whichever vCPU's registers are in the frame. Used by context switch.
 */

	.globl reset_stack_and_call
reset_stack_and_call:
	FRAME_RSP
	call	*%rdi
	ud2

	.globl continue_to_guest
continue_to_guest:
	FRAME_RSP
	jmp	ret_to_guest

/*
 * raw_copy_user(dst, src, len): returns the number of bytes not copied.
 * A fault inside rep movsb resumes at the fixup with %rcx = bytes left.
 */
	.globl raw_copy_user
raw_copy_user:
	movq	%rdx, %rcx
1:	rep movsb
2:	movq	%rcx, %rax
	ret
	.section .ex_table, "a", @progbits
	.align 8
	.quad	1b, 2b
	.previous

	.section .rodata, "a", @progbits
	.align 8
	.globl trap_stub_table
trap_stub_table:
	.set v, 0
	.rept 256
	.quad	trap_stubs_start + v * 16
	.set v, v + 1
	.endr
