/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Image entry: the multiboot1 and multiboot2 headers, the 32-bit entry both
 * loaders jump to, the boot page tables, and the switch to long mode at the
 * image's linked address in the PV hole. Hands over to __start_vesta() with
 * the loader's magic and info pointer. Not responsible for APs (see
 * trampoline.S) or for the final page tables (mm.c).
 */
#include <asm/config.h>

#define PHYS(sym)	((sym) - IMAGE_VOFFSET)

#define MB1_MAGIC	0x1BADB002
/* Bits: 0 align modules, 1 memory info, 16 load addresses in header. */
#define MB1_FLAGS	0x00010003
#define MB2_MAGIC	0xE85250D6

#define PTE_P		0x001
#define PTE_RW		0x002
#define PTE_PS		0x080

	.section .text.head, "ax", @progbits
	.code32

	.align 4
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long PHYS(mb1_header)		/* header_addr */
	.long PHYS(__image_start)	/* load_addr */
	.long PHYS(__load_end)		/* load_end_addr */
	.long PHYS(__bss_end)		/* bss_end_addr */
	.long PHYS(start32)		/* entry_addr */

	.align 8
mb2_header:
	.long MB2_MAGIC
	.long 0				/* architecture: i386 protected mode */
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + (mb2_header_end - mb2_header))
	/* Address tag: load like the multiboot1 header says. */
	.align 8
	.short 2, 0
	.long 24
	.long PHYS(mb2_header)
	.long PHYS(__image_start)
	.long PHYS(__load_end)
	.long PHYS(__bss_end)
	/* Entry address tag. */
	.align 8
	.short 3, 0
	.long 12
	.long PHYS(start32)
	/* Module alignment tag: page-aligned modules. */
	.align 8
	.short 6, 0
	.long 8
	/* End tag. */
	.align 8
	.short 0, 0
	.long 8
mb2_header_end:

	.align 16
	.globl start32
start32:
	cli
	cld
	movl	$PHYS(boot_stack_top), %esp
	movl	%eax, PHYS(boot_mb_magic)
	movl	%ebx, PHYS(boot_mb_info)

	/* Zero .bss: not every loader does it. */
	movl	$PHYS(__bss_start), %edi
	movl	$PHYS(__bss_end), %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb

	rdtsc
	movl	%eax, PHYS(boot_tsc)
	movl	%edx, PHYS(boot_tsc) + 4

	/* Long mode is required; say so on COM1 if it is missing. */
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	no_long_mode
	movl	$0x80000001, %eax
	cpuid
	btl	$29, %edx
	jnc	no_long_mode
	movl	%edx, PHYS(boot_ext_edx)

	/*
	 * Four L2 tables of 2 MiB pages map the first 4 GiB. They back the
	 * identity map (slot 0, needed until we run at the high address and
	 * by the AP trampoline), the direct map (slot 262) and, through the
	 * first one, the image slot (261).
	 */
	movl	$PHYS(boot_l2), %edi
	movl	$(PTE_P | PTE_RW | PTE_PS), %eax
	xorl	%edx, %edx
	movl	$2048, %ecx
1:	movl	%eax, (%edi)
	movl	%edx, 4(%edi)
	addl	$0x200000, %eax
	adcl	$0, %edx
	addl	$8, %edi
	loop	1b

	movl	$PHYS(boot_l2) + (PTE_P | PTE_RW), %eax
	movl	%eax, PHYS(boot_l3_ident)
	movl	%eax, PHYS(boot_l3_dmap)
	movl	%eax, PHYS(boot_l3_image)
	addl	$4096, %eax
	movl	%eax, PHYS(boot_l3_ident) + 8
	movl	%eax, PHYS(boot_l3_dmap) + 8
	addl	$4096, %eax
	movl	%eax, PHYS(boot_l3_ident) + 16
	movl	%eax, PHYS(boot_l3_dmap) + 16
	addl	$4096, %eax
	movl	%eax, PHYS(boot_l3_ident) + 24
	movl	%eax, PHYS(boot_l3_dmap) + 24

	movl	$PHYS(boot_l3_ident) + (PTE_P | PTE_RW), %eax
	movl	%eax, PHYS(idle_l4)
	movl	$PHYS(boot_l3_image) + (PTE_P | PTE_RW), %eax
	movl	%eax, PHYS(idle_l4) + ((IMAGE_VOFFSET >> 39) & 511) * 8
	movl	$PHYS(boot_l3_dmap) + (PTE_P | PTE_RW), %eax
	movl	%eax, PHYS(idle_l4) + DIRECTMAP_L4_FIRST * 8

	lgdt	PHYS(boot_gdt_desc32)

	/* CR4.PAE, then CR3, then EFER.LME (and NXE if present), then paging. */
	movl	%cr4, %eax
	orl	$0x20, %eax
	movl	%eax, %cr4
	movl	$PHYS(idle_l4), %eax
	movl	%eax, %cr3
	movl	$0xC0000080, %ecx
	rdmsr
	orl	$0x100, %eax
	btl	$20, PHYS(boot_ext_edx)
	jnc	2f
	orl	$0x800, %eax
2:	wrmsr
	movl	$0x80010001, %eax	/* PG | WP | PE */
	movl	%eax, %cr0
	ljmp	$0x08, $PHYS(start64_low)

no_long_mode:
	movl	$PHYS(no_lm_msg), %esi
1:	movb	(%esi), %al
	testb	%al, %al
	jz	3f
	movw	$0x3fd, %dx
2:	inb	%dx, %al
	testb	$0x20, %al
	jz	2b
	movb	(%esi), %al
	movw	$0x3f8, %dx
	outb	%al, %dx
	incl	%esi
	jmp	1b
3:	hlt
	jmp	3b

	.code64
start64_low:
	movabsq	$start64_high, %rax
	jmp	*%rax

	.section .text, "ax", @progbits
start64_high:
	lgdt	boot_gdt_desc64(%rip)
	movl	$0x10, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	leaq	boot_stack_top - CPU_INFO_SIZE(%rip), %rsp
	xorl	%ebp, %ebp
	movl	boot_mb_magic(%rip), %edi
	movl	boot_mb_info(%rip), %esi
	call	__start_vesta
	ud2

	.section .rodata, "a", @progbits
no_lm_msg:
	.asciz	"vesta: this CPU has no long mode (x86-64); cannot boot\r\n"

	.section .data, "aw", @progbits
	.align 16
	.globl boot_gdt
boot_gdt:
	.quad	0
	.quad	0x00af9a000000ffff	/* 0x08: ring-0 64-bit code */
	.quad	0x00cf92000000ffff	/* 0x10: ring-0 data */
	.quad	0x00cf9a000000ffff	/* 0x18: ring-0 32-bit code (trampoline) */
boot_gdt_end:
	.align 8
	.short	0
boot_gdt_desc32:
	.short	boot_gdt_end - boot_gdt - 1
	.long	PHYS(boot_gdt)
	.align 8
	.short	0, 0, 0
boot_gdt_desc64:
	.short	boot_gdt_end - boot_gdt - 1
	.quad	boot_gdt

	.globl boot_mb_magic, boot_mb_info, boot_tsc
	.align 8
boot_tsc:	.quad 0
boot_mb_magic:	.long 0
boot_mb_info:	.long 0
boot_ext_edx:	.long 0

	.section .bss.page, "aw", @nobits
	.align 4096
	.globl idle_l4, boot_l3_dmap, boot_l3_image, boot_l3_ident, boot_l2
idle_l4:	.skip 4096
boot_l3_ident:	.skip 4096
boot_l3_image:	.skip 4096
boot_l3_dmap:	.skip 4096
boot_l2:	.skip 4 * 4096
	/*
	 * The linker script aligns this to STACK_SIZE; asking for it here
	 * would raise the segment alignment and push the multiboot headers
	 * beyond the first 8 KiB of the file.
	 */
	.section .bss.stack, "aw", @nobits
	.align 4096
	.globl boot_stack, boot_stack_top
boot_stack:	.skip STACK_SIZE
boot_stack_top:
