/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Application-processor start-up. smpboot.c copies the block between
 * tramp_start and tramp_end to TRAMPOLINE_PHYS (below 1 MiB), fills in its
 * parameters, and sends INIT-SIPI-SIPI. The AP starts in real mode there,
 * goes through protected mode to long mode on the idle page table, and
 * jumps to ap_start64 at the image's high address on its own stack.
 */
#include <asm/config.h>

#define TRAMP(sym)	(TRAMPOLINE_PHYS + ((sym) - tramp_start))

	.section .rodata, "a", @progbits
	.align 16
	.globl tramp_start, tramp_end
	.globl tramp_gdt_base, tramp_cr3, tramp_efer, tramp_stack, tramp_entry
	.code16
tramp_start:
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds
	lgdtl	tramp_gdt_desc - tramp_start
	movl	%cr0, %eax
	orl	$1, %eax
	movl	%eax, %cr0
	ljmpl	$0x18, $TRAMP(tramp32)

	.code32
tramp32:
	movl	$0x10, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%cr4, %eax
	orl	$0x20, %eax		/* PAE */
	movl	%eax, %cr4
	movl	TRAMP(tramp_cr3), %eax
	movl	%eax, %cr3
	movl	$0xC0000080, %ecx
	movl	TRAMP(tramp_efer), %eax
	xorl	%edx, %edx
	wrmsr
	movl	$0x80010001, %eax	/* PG | WP | PE */
	movl	%eax, %cr0
	ljmp	$0x08, $TRAMP(tramp64)

	.code64
tramp64:
	movq	TRAMP(tramp_stack), %rsp
	movq	TRAMP(tramp_entry), %rax
	jmp	*%rax

	.align 8
tramp_gdt_desc:
	.short	31
tramp_gdt_base:
	.long	0
	.align 8
tramp_cr3:	.quad 0
tramp_efer:	.quad 0
tramp_stack:	.quad 0
tramp_entry:	.quad 0
tramp_end:

	.section .text, "ax", @progbits
	.globl ap_start64
ap_start64:
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	xorl	%ebp, %ebp
	call	start_secondary
	ud2
