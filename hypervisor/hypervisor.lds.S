/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Linker script: one image linked at IMAGE_VIRT_START and loaded at
 * IMAGE_PHYS_START, laid out so the multiboot loaders can copy it as one
 * contiguous blob (file offsets follow addresses) and zero the .bss after it.
 */
#include <asm/config.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(start32_phys)

PHDRS
{
	image PT_LOAD FLAGS(7);
}

SECTIONS
{
	. = IMAGE_VIRT_START;
	__image_start = .;

	.text : AT(ADDR(.text) - IMAGE_VOFFSET) {
		__text_start = .;
		*(.text.head)
		*(.text .text.*)
		*(.fixup)
	} :image

	. = ALIGN(4096);
	.rodata : AT(ADDR(.rodata) - IMAGE_VOFFSET) {
		*(.rodata .rodata.*)
		. = ALIGN(8);
		__params_start = .;
		KEEP(*(.params))
		__params_end = .;
		. = ALIGN(8);
		__keyhandlers_start = .;
		KEEP(*(.keyhandlers))
		__keyhandlers_end = .;
		. = ALIGN(8);
		__ex_table_start = .;
		KEEP(*(.ex_table))
		__ex_table_end = .;
		__rodata_end = .;
	} :image

	. = ALIGN(4096);
	.data : AT(ADDR(.data) - IMAGE_VOFFSET) {
		*(.data .data.*)
	} :image

	. = ALIGN(4096);
	__load_end = .;

	.bss : AT(ADDR(.bss) - IMAGE_VOFFSET) {
		__bss_start = .;
		*(.bss.page)
		. = ALIGN(STACK_SIZE);
		*(.bss.stack)
		*(.bss .bss.* COMMON)
		. = ALIGN(4096);
		__bss_end = .;
	} :image

	__image_end = .;

	/DISCARD/ : {
		*(.note.gnu.property) *(.note.GNU-stack) *(.comment)
		*(.eh_frame) *(.interp) *(.dynamic) *(.dynsym) *(.dynstr)
		*(.hash) *(.gnu.hash) *(.rela.dyn)
	}
}

start32_phys = start32 - IMAGE_VOFFSET;
