/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Linker script of every PV test kernel: one ELF64 image whose virtual
 * addresses start at GUEST_VIRT_BASE and whose physical (p_paddr) addresses
 * are those minus GUEST_VIRT_BASE, i.e. pseudo-physical and 0-based like
 * Linux's. The Xen notes sit in their own PT_NOTE segment (and inside the
 * text segment, so they are loaded too). Preprocessed with GUEST_VIRT_BASE
 * (and GUEST_LOAD_OFFSET, the first pseudo-physical address used) defined
 * by the build; it does not decide which notes exist (lib/head.S does).
 */
OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(_start)

PHDRS
{
	text PT_LOAD FLAGS(5);
	data PT_LOAD FLAGS(6);
	note PT_NOTE FLAGS(4);
}

SECTIONS
{
	. = GUEST_VIRT_BASE + GUEST_LOAD_OFFSET;
	_image_start = .;

	.text : AT(ADDR(.text) - GUEST_VIRT_BASE) {
		*(.text.head)
		*(.text .text.*)
	} :text

	.note.Xen : AT(ADDR(.note.Xen) - GUEST_VIRT_BASE) {
		*(.note.Xen)
	} :text :note

	.rodata : AT(ADDR(.rodata) - GUEST_VIRT_BASE) {
		*(.rodata .rodata.*)
		. = ALIGN(8);
		__guest_extable_start = .;
		*(.guest_extable)
		__guest_extable_end = .;
	} :text

	. = ALIGN(4096);
	.data : AT(ADDR(.data) - GUEST_VIRT_BASE) {
		*(.data.page_aligned)
		*(.data .data.*)
	} :data

	. = ALIGN(4096);
	.bss : AT(ADDR(.bss) - GUEST_VIRT_BASE) {
		__bss_start = .;
		*(.bss.page_aligned)
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(4096);
		__bss_end = .;
	} :data
	_end = .;

	/DISCARD/ : {
		*(.note.gnu.property)
		*(.note.GNU-stack)
		*(.comment)
		*(.eh_frame)
	}
}
