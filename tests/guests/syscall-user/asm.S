/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Guest user mode for the syscall-user test: su_enter_user() leaves guest
 * kernel mode with HYPERVISOR_iret for a user function and returns to its
 * caller once user code makes the SU_SYS_EXIT system call; the syscall
 * callback hands every other system call, with all registers and the
 * bounce frame, to su_syscall() in C and returns to user mode with
 * HYPERVISOR_iret (flags taken from su_iret_flags); the user-mode pieces
 * (a syscall loop, single faulting instructions, a fake hypercall) each
 * end with the exit call. Not responsible for any judgement (main.c).
 *
 * Callback entry (pv-abi.md 2.4): kernel stack = RCX, R11, RIP, CS,
 * RFLAGS, RSP, SS from low to high, other registers as user mode left
 * them. Iret context (pv-abi.md 2.5): RAX, R11, RCX, flags, RIP, CS,
 * RFLAGS, RSP, SS from low to high.
 */
#include <public/vesta.h>

#define SU_SYS_EXIT	0x7e57
#define SU_SYS_NOP	0x1234
#define USER_RFLAGS	0x202

	.text
	.code64

/* void su_enter_user(void (*fn)(void), void *user_stack_top) */
	.globl	su_enter_user
su_enter_user:
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, su_kernel_rsp(%rip)
	push	$VESTA_FLAT_USER_SS
	push	%rsi			/* user RSP */
	push	$USER_RFLAGS
	push	$VESTA_FLAT_USER_CS
	push	%rdi			/* user RIP */
	push	$0			/* flags: a full return */
	push	$0			/* RCX */
	push	$0			/* R11 */
	push	$0			/* RAX */
	mov	$VESTA_HC_iret, %eax
	syscall
	ud2

/* The exit call arrives here, on the bounce stack: back to the caller. */
su_back_to_kernel:
	mov	su_kernel_rsp(%rip), %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret

/* The syscall callback. */
	.balign	16
	.globl	su_syscall_entry
su_syscall_entry:
	cmp	$SU_SYS_EXIT, %rax
	je	su_back_to_kernel
	/* struct su_regs: 15 GPRs below the frame (RCX/R11 in the frame). */
	push	%rax
	push	%rbx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rbp
	push	%r8
	push	%r9
	push	%r10
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, %rdi
	mov	%rsp, %rbx
	and	$~15, %rsp
	call	su_syscall
	mov	%rbx, %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rbx
	pop	%rax
	/* RCX, R11 on top: make the iret context around RIP..SS. */
	pop	%rcx
	pop	%r11
	push	su_iret_flags(%rip)
	push	%rcx
	push	%r11
	push	%rax
	mov	$VESTA_HC_iret, %eax
	syscall
	ud2

/*
 * User mode. su_user_loop: su_loop_count system calls; before each, RSI
 * holds the RFLAGS and RDX the RSP at the SYSCALL, RDI the call number
 * left; the callback's result (RAX) must be the count echoed back.
 */
	.globl	su_user_loop, su_loop_syscall, su_loop_after
su_user_loop:
	mov	su_loop_count(%rip), %rdi
	test	%rdi, %rdi
	jz	2f
1:	mov	$SU_SYS_NOP, %eax
	mov	%rsp, %rdx
	pushf
	pop	%rsi
su_loop_syscall:
	syscall
su_loop_after:
	cmp	%rdi, %rax
	je	3f
	incq	su_loop_bad(%rip)
3:	dec	%rdi
	jnz	1b
2:	mov	$SU_SYS_EXIT, %eax
	syscall
	ud2

/* One faulting instruction each, then the exit call. */
#define USER_FAULT(name, insn...)				\
	.globl	name, name##_after;				\
name:								\
	insn;							\
name##_after:							\
	mov	$SU_SYS_EXIT, %eax;				\
	syscall;						\
	ud2

	USER_FAULT(su_user_ud2, ud2)
	USER_FAULT(su_user_int3, int3)
	USER_FAULT(su_user_pf, movabs 0x0000100000000000, %al)
	USER_FAULT(su_user_hlt, hlt)
	USER_FAULT(su_user_cli, cli)
	USER_FAULT(su_user_in, in $0x80, %al)
	USER_FAULT(su_user_wrmsr, wrmsr)

/*
 * What a hypercall would look like from user mode: xen_version and a
 * console_io write. Both must reach the syscall callback instead; RAX
 * after each is stored for main.c.
 */
	.globl	su_user_fake_hypercalls
su_user_fake_hypercalls:
	mov	$VESTA_HC_xen_version, %eax
	xor	%edi, %edi
	xor	%esi, %esi
	syscall
	mov	%rax, su_fake_rax1(%rip)
	mov	$VESTA_HC_console_io, %eax
	xor	%edi, %edi			/* CONSOLEIO_write */
	mov	$su_leak_len, %esi
	lea	su_leak_msg(%rip), %rdx
	syscall
	mov	%rax, su_fake_rax2(%rip)
	mov	$SU_SYS_EXIT, %eax
	syscall
	ud2

	.section .rodata
su_leak_msg:
	.ascii	"USER-HYPERCALL-LEAK: a user-mode syscall ran as a hypercall\n"
	.set	su_leak_len, . - su_leak_msg

	.data
	.balign	8
	.globl	su_loop_count, su_loop_bad, su_iret_flags
	.globl	su_fake_rax1, su_fake_rax2
su_kernel_rsp:	.quad	0
su_loop_count:	.quad	0
su_loop_bad:	.quad	0
su_iret_flags:	.quad	0
su_fake_rax1:	.quad	0
su_fake_rax2:	.quad	0

	.section .note.GNU-stack, "", @progbits
