/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Fault generators of the traps test. T_BEGIN(name) ... T_INSN(name) ...
 * T_END(name) builds a C-callable `int name(void)`: it runs the setup
 * code, records RFLAGS and RSP (trap_saved_rflags/rsp), loads marker values
 * into RCX, R11 and RBX, runs the instructions after T_INSN (label
 * name_insn; name_after follows them) and resumes at name_after through the
 * exception table, restoring RSP and RFLAGS. It returns 0 if RCX, R11 and
 * RBX came back intact through the exception and HYPERVISOR_iret, else a
 * bit mask of the ones that did not (1 RCX, 2 R11, 4 RBX). Not responsible
 * for checking the exception itself (main.c does).
 */
#include <public/vesta.h>

#define MAGIC_RCX	0x1c1c2c2c3c3c4c4c
#define MAGIC_R11	0x1b1b2b2b3b3b4b4b
#define MAGIC_RBX	0x1a1a2a2a3a3a4a4a

#define T_BEGIN(name)							\
	.text;								\
	.globl	name, name##_insn, name##_after;			\
name:									\
	push	%rbx;						\
	push	%r12;						\
	mov	%rsp, %r12;						\
	pushf;								\
	pop	trap_entry_rflags(%rip)

#define T_INSN(name)							\
	pushf;								\
	pop	trap_saved_rflags(%rip);				\
	mov	%rsp, trap_saved_rsp(%rip);				\
	movabs	$MAGIC_RCX, %rcx;					\
	movabs	$MAGIC_R11, %r11;					\
	movabs	$MAGIC_RBX, %rbx;					\
name##_insn:

#define T_END(name)							\
name##_after:								\
	jmp	trap_check_regs;					\
	.pushsection .guest_extable, "a";				\
	.balign	8;						\
	.quad	name##_insn, name##_after;			\
	.quad	name##_after, name##_after;			\
	.popsection

	.text
/* Common tail: restore RSP and RFLAGS, compare the marker registers. */
trap_check_regs:
	mov	%r12, %rsp
	push	trap_entry_rflags(%rip)
	popf
	xor	%eax, %eax
	movabs	$MAGIC_RCX, %rdx
	cmp	%rdx, %rcx
	je	1f
	or	$1, %eax
1:	movabs	$MAGIC_R11, %rdx
	cmp	%rdx, %r11
	je	2f
	or	$2, %eax
2:	movabs	$MAGIC_RBX, %rdx
	cmp	%rdx, %rbx
	je	3f
	or	$4, %eax
3:	pop	%r12
	pop	%rbx
	ret

/* #DE: divide by zero. */
T_BEGIN(t_de)
	xor	%r8d, %r8d
	xor	%edx, %edx
	mov	$1, %eax
T_INSN(t_de)
	div	%r8
T_END(t_de)

/* #DE again, with RSP 8 bytes off 16-byte alignment at the fault. */
T_BEGIN(t_de_misaligned)
	sub	$8, %rsp
	xor	%r8d, %r8d
	xor	%edx, %edx
	mov	$1, %eax
T_INSN(t_de_misaligned)
	div	%r8
T_END(t_de_misaligned)

/* #DB from ICEBP (INT1), a trap: RIP after it. */
T_BEGIN(t_icebp)
T_INSN(t_icebp)
	.byte	0xf1
T_END(t_icebp)

/* #BP from INT3 and from INT $3, traps. */
T_BEGIN(t_int3)
T_INSN(t_int3)
	int3
T_END(t_int3)

T_BEGIN(t_int_3)
T_INSN(t_int_3)
	.byte	0xcd, 0x03
T_END(t_int_3)

/* #OF from INT $4; INTO itself is invalid in 64-bit mode (#UD). */
T_BEGIN(t_int_4)
T_INSN(t_int_4)
	.byte	0xcd, 0x04
T_END(t_int_4)

T_BEGIN(t_into)
T_INSN(t_into)
	.byte	0xce
T_END(t_into)

/* BOUND (0x62) is invalid in 64-bit mode: #UD. */
T_BEGIN(t_bound)
T_INSN(t_bound)
	.byte	0x62, 0x00
T_END(t_bound)

/* #UD from UD2 not followed by the "xen" signature. */
T_BEGIN(t_ud2)
T_INSN(t_ud2)
	ud2
	nop
	nop
	nop
T_END(t_ud2)

/* #NM: x87 and SSE instructions with the virtual CR0.TS set. */
T_BEGIN(t_nm_x87)
T_INSN(t_nm_x87)
	fnop
T_END(t_nm_x87)

T_BEGIN(t_nm_sse)
T_INSN(t_nm_sse)
	movaps	%xmm0, %xmm1
T_END(t_nm_sse)

/* The same instructions, expected not to fault. */
T_BEGIN(t_fpu_ok)
T_INSN(t_fpu_ok)
	fnop
	movaps	%xmm0, %xmm1
T_END(t_fpu_ok)

/* #GP(0): a non-canonical data address. */
T_BEGIN(t_gp_noncanon)
	movabs	$0x8000000000000000, %r8
T_INSN(t_gp_noncanon)
	mov	(%r8), %rax
T_END(t_gp_noncanon)

/* #GP(selector): loading a selector beyond the (empty) guest GDT. */
T_BEGIN(t_gp_sel)
	mov	$0x1233, %r8d
T_INSN(t_gp_sel)
	mov	%r8d, %ds
T_END(t_gp_sel)

/* #PF: read, write, execute at trap_pf_addr (set by main.c). */
T_BEGIN(t_pf_read)
	mov	trap_pf_addr(%rip), %r8
T_INSN(t_pf_read)
	mov	(%r8), %rax
T_END(t_pf_read)

T_BEGIN(t_pf_write)
	mov	trap_pf_addr(%rip), %r8
T_INSN(t_pf_write)
	movq	$1, (%r8)
T_END(t_pf_write)

/* The fault RIP is the target: main.c arms a fixup to t_pf_exec_after. */
T_BEGIN(t_pf_exec)
	mov	trap_pf_addr(%rip), %r8
T_INSN(t_pf_exec)
	jmp	*%r8
T_END(t_pf_exec)

/* #MF: an unmasked x87 divide-by-zero, reported at the next FWAIT. */
T_BEGIN(t_mf)
	fninit
	pushq	$0x037b
	fldcw	(%rsp)
	add	$8, %rsp
	fldz
	fld1
	fdiv	%st(1), %st
T_INSN(t_mf)
	fwait
T_END(t_mf)

/* #XM: an unmasked SSE divide-by-zero. */
T_BEGIN(t_xm)
	pushq	$0x1d80
	ldmxcsr	(%rsp)
	add	$8, %rsp
	xorps	%xmm1, %xmm1
	mov	$1, %eax
	cvtsi2ss %eax, %xmm0
T_INSN(t_xm)
	divss	%xmm1, %xmm0
T_END(t_xm)

/* #AC: a misaligned load with RFLAGS.AC set (faults only with CR0.AM). */
T_BEGIN(t_ac)
	pushf
	orl	$0x40000, (%rsp)
	popf
T_INSN(t_ac)
	mov	1(%rsp), %rax
T_END(t_ac)

/* INT $0x80 (main.c chooses the gate's DPL and flags). */
T_BEGIN(t_int80)
T_INSN(t_int80)
	int	$0x80
T_END(t_int80)

/* Clear x87 and SSE exception state after #MF/#XM. */
	.globl	trap_fpu_reset
trap_fpu_reset:
	fninit
	pushq	$0x1f80
	ldmxcsr	(%rsp)
	add	$8, %rsp
	ret

/*
 * Single step: POPF sets TF and the #DB trap comes after the next
 * instruction (the NOP), so RIP is t_tf_after. The #DB hook in main.c
 * clears TF in the frame before the return.
 */
	.globl	t_tf, t_tf_insn, t_tf_after
t_tf:
	push	%rbx
	push	%r12
	mov	%rsp, %r12
	pushf
	pop	trap_entry_rflags(%rip)
	pushf
	orl	$0x100, (%rsp)
	mov	(%rsp), %rax
	mov	%rax, trap_saved_rflags(%rip)
	lea	8(%rsp), %rax
	mov	%rax, trap_saved_rsp(%rip)
	movabs	$MAGIC_RCX, %rcx
	movabs	$MAGIC_R11, %r11
	movabs	$MAGIC_RBX, %rbx
	popf
t_tf_insn:
	nop
t_tf_after:
	jmp	trap_check_regs
	.pushsection .guest_extable, "a"
	.balign	8
	.quad	t_tf_after, t_tf_after
	.popsection

	.data
	.balign	8
	.globl	trap_saved_rflags, trap_saved_rsp, trap_entry_rflags
	.globl	trap_pf_addr
trap_saved_rflags:	.quad 0
trap_saved_rsp:		.quad 0
trap_entry_rflags:	.quad 0
trap_pf_addr:		.quad 0

	.section .note.GNU-stack, "", @progbits
