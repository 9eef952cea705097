/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * The Xen ELF note types a PV test kernel emits (pv-abi.md 1.2) and a macro
 * that emits one note into .note.Xen from assembly. Usable from assembly
 * only. It does not decide which notes a kernel carries (head.S does) and
 * knows nothing of how a builder parses them.
 */
#ifndef GUEST_ELFNOTE_H
#define GUEST_ELFNOTE_H

#define GUEST_ELFNOTE_ENTRY			1
#define GUEST_ELFNOTE_HYPERCALL_PAGE		2
#define GUEST_ELFNOTE_VIRT_BASE			3
#define GUEST_ELFNOTE_PADDR_OFFSET		4
#define GUEST_ELFNOTE_XEN_VERSION		5
#define GUEST_ELFNOTE_GUEST_OS			6
#define GUEST_ELFNOTE_LOADER			8
#define GUEST_ELFNOTE_FEATURES			10
#define GUEST_ELFNOTE_SUPPORTED_FEATURES	17

#ifdef __ASSEMBLER__
/*
 * One note named "Xen": header (name size, descriptor size, type), the
 * name padded to 4 bytes, then the descriptor emitted by @desc, padded.
 */
#define GUEST_ELFNOTE(type, desctype, descdata)			\
	.pushsection .note.Xen, "a", @note;			\
	.balign 4;						\
	.long 4;						\
	.long 8881f - 8880f;					\
	.long (type);						\
	.asciz "Xen";						\
	.balign 4;						\
8880:	desctype descdata;					\
8881:	.balign 4;						\
	.popsection
#endif

#endif /* GUEST_ELFNOTE_H */
