/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Entry point and Xen ELF notes of every PV test kernel. The builder jumps
 * to _start in guest-kernel mode with RSI = start_info; we clear .bss, move
 * to a stack of our own and call guest_start(start_info) in C. The notes
 * make a generic-loader, dom0-capable 64-bit PV image; the build selects
 * VIRT_BASE/PADDR_OFFSET (GUEST_HAS_VIRT_BASE) and the hypercall page
 * (GUEST_HYPERCALL_PAGE). guest_ap_entry is where secondary vCPUs start
 * (smp.c). Not responsible for anything after guest_start/guest_ap_main.
 */
#include <public/vesta.h>
#include <public/version.h>
#include "elfnote.h"

#define GUEST_STACK_SIZE	(16 * 4096)

	.section .text.head, "ax", @progbits
	.code64
	.globl	_start
_start:
	cld
	mov	%rsi, %r12
	/* Clearing .bss is safe: start_info and the boot stack lie beyond. */
	lea	__bss_start(%rip), %rdi
	lea	__bss_end(%rip), %rcx
	sub	%rdi, %rcx
	shr	$3, %rcx
	xor	%eax, %eax
	rep stosq
	mov	%rsp, guest_boot_rsp(%rip)
	lea	guest_stack_top(%rip), %rsp
	xor	%ebp, %ebp
	mov	%r12, %rdi
	call	guest_start
	ud2

	/*
	 * Secondary vCPUs (smp.c): VCPUOP_initialise starts them here with
	 * RSP = the top of their own stack and RDI = their vCPU id.
	 */
	.globl	guest_ap_entry
guest_ap_entry:
	cld
	and	$~15, %rsp
	xor	%ebp, %ebp
	call	guest_ap_main
	ud2

#ifdef GUEST_HYPERCALL_PAGE
	/* Filled with hypercall stubs by the domain builder. */
	.section .text.hypercall_page, "ax", @progbits
	.balign	4096
	.globl	hypercall_page
hypercall_page:
	.fill	4096, 1, 0xcc
	GUEST_ELFNOTE(GUEST_ELFNOTE_HYPERCALL_PAGE, .quad, hypercall_page)
#endif

	.data
	.balign	8
	.globl	guest_boot_rsp
guest_boot_rsp:
	.quad	0

	.section .bss.page_aligned, "aw", @nobits
	.balign	4096
	.globl	guest_stack_bottom, guest_stack_top
guest_stack_bottom:
	.skip	GUEST_STACK_SIZE
guest_stack_top:

	GUEST_ELFNOTE(GUEST_ELFNOTE_GUEST_OS, .asciz, "Vesta-test")
	GUEST_ELFNOTE(GUEST_ELFNOTE_XEN_VERSION, .asciz, "xen-3.0")
	GUEST_ELFNOTE(GUEST_ELFNOTE_LOADER, .asciz, "generic")
	GUEST_ELFNOTE(GUEST_ELFNOTE_ENTRY, .quad, _start)
	GUEST_ELFNOTE(GUEST_ELFNOTE_FEATURES, .asciz, "")
	GUEST_ELFNOTE(GUEST_ELFNOTE_SUPPORTED_FEATURES, .long,
		      (1 << VESTA_FEAT_dom0))
#ifdef GUEST_HAS_VIRT_BASE
	GUEST_ELFNOTE(GUEST_ELFNOTE_VIRT_BASE, .quad, GUEST_VIRT_BASE)
	GUEST_ELFNOTE(GUEST_ELFNOTE_PADDR_OFFSET, .quad, 0)
#endif

	.section .note.GNU-stack, "", @progbits
