/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Emulation core for guest writes to read-only page-table pages
 * (VMASST_TYPE_writable_pagetables). Given the bytes of the instruction
 * that took a write #PF, the guest registers and the faulting address, it
 * decides whether the instruction is a supported write that lies inside a
 * single aligned 8-byte entry, and computes the entry's new value and the
 * instruction's effect on the registers and arithmetic flags. It is pure:
 * it never reads or writes guest memory, never checks that the new entry
 * is a valid L1 entry, never performs the write and never advances RIP.
 * The caller copies the instruction bytes, validates the new entry like an
 * mmu_update, commits it with a cmpxchg against the old value, stores the
 * updated registers and flags and moves RIP past pte_write::insn_len.
 */
#ifndef VESTA_PTE_WRITE_H
#define VESTA_PTE_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Emulated operations. 0 is never a valid operation. */
enum pte_write_op {
	PTE_WRITE_NONE,
	PTE_WRITE_MOV,		/* MOV r/imm, MOV moffs, MOVNTI */
	PTE_WRITE_XCHG,
	PTE_WRITE_CMPXCHG,
	PTE_WRITE_CMPXCHG8B,
	PTE_WRITE_ADD,
	PTE_WRITE_OR,
	PTE_WRITE_AND,
	PTE_WRITE_SUB,
	PTE_WRITE_XOR,
	PTE_WRITE_BTS,
	PTE_WRITE_BTR,
	PTE_WRITE_BTC,
	PTE_WRITE_INC,
	PTE_WRITE_DEC,
	PTE_WRITE_NR_OPS,
};

/* Address environment of the faulting instruction. */
struct pte_write_env {
	uint64_t rip;		/* address of the instruction's first byte */
	uint64_t fs_base;	/* added when an FS override (64) is present */
	uint64_t gs_base;	/* added when a GS override (65) is present */
};

/*
 * A decoded page-table write, produced by pte_write_decode() and consumed
 * by pte_write_apply().
 */
struct pte_write {
	uint64_t pte_addr;	/* linear address of the entry, 8-aligned */
	/*
	 * Source operand truncated to @width bytes: the register (AH-BH
	 * already shifted down) or immediate value. BTS/BTR/BTC: the bit
	 * number inside the accessed @width bytes. CMPXCHG8B, INC, DEC: 0.
	 */
	uint64_t src;
	uint8_t op;		/* enum pte_write_op */
	uint8_t offset;		/* first byte accessed inside the entry, 0-7 */
	uint8_t width;		/* bytes accessed: 1, 2, 4 or 8 */
	/*
	 * XCHG only: the register that receives the old memory value (0-15)
	 * and 8 when it is AH, CH, DH or BH (then @src_reg is 0-3), else 0.
	 * Other operations: 0 and 0.
	 */
	uint8_t src_reg;
	uint8_t src_shift;
	bool is_locked;		/* LOCK prefix, or XCHG (always atomic) */
	uint8_t insn_len;	/* bytes to advance RIP by, 1-15 */
};

/*
 * pte_write_decode() - Decode the instruction behind a page-table write #PF.
 * @insn:       instruction bytes copied from the guest at @env->rip
 * @len:        bytes available at @insn (at most 15 are read)
 * @gpr:        guest registers RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
 *              R8-R15 at the time of the fault
 * @env:        RIP and the FS/GS bases (other segment overrides have no
 *              base in 64-bit mode and are ignored)
 * @fault_addr: the faulting linear address (CR2)
 * @out:        the decoded write; written in full, zeroed on error
 *
 * Supported forms, all with a memory destination: MOV (88, 89, A2, A3,
 * C6 /0, C7 /0), MOVNTI (0F C3), XCHG (86, 87), CMPXCHG (0F B0, 0F B1),
 * CMPXCHG8B (0F C7 /1), ADD/OR/AND/SUB/XOR with a register or immediate
 * source (00/01, 08/09, 20/21, 28/29, 30/31; 80, 81, 83 /0 /1 /4 /5 /6),
 * BTS/BTR/BTC with a register or immediate bit number (0F AB, B3, BB, 0F
 * BA /5-7), INC/DEC (FE, FF /0, /1); every operand size, with or without
 * LOCK, 67 and segment overrides. The linear address is the effective address plus the FS or
 * GS base if overridden; for BTS/BTR/BTC with a register bit number the
 * access is at EA + width * floor(bitnum / (8 * width)), with the bit
 * number signed in the operand size, as the SDM describes.
 *
 * Refused with -EOPNOTSUPP: any other instruction or a register
 * destination; CMPXCHG16B (it spans two entries; the SDM also makes it
 * #GP unless 16-aligned, so it can never lie in one entry); STOS (string
 * forms are not emulated); F2/F3 prefixes (XACQUIRE/XRELEASE/REP, never
 * used on page tables); BTS/BTR/BTC with a register bit number under a 67
 * prefix; an access that does not lie inside one aligned 8-byte entry.
 * Refused with -EINVAL: undecodable or over-long bytes, or @fault_addr
 * outside the bytes the instruction accesses (the instruction is not the
 * one that faulted, e.g. the guest changed it). Deliberately lenient:
 * any byte of the access is accepted as @fault_addr, not only the first;
 * this costs nothing, as the access must still lie inside one entry.
 *
 * Context: any; pure.
 * Return: 0 and @out filled; -EAGAIN @len ends inside the instruction
 *         (fewer than 15 bytes given); -EINVAL or -EOPNOTSUPP as above.
 */
int pte_write_decode(const uint8_t *insn, size_t len, const uint64_t gpr[16],
		     const struct pte_write_env *env, uint64_t fault_addr,
		     struct pte_write *out)
	__attribute__((__warn_unused_result__));

/*
 * pte_write_apply() - Compute the effect of a decoded write on one entry.
 * @w:       a write from pte_write_decode() (checked again here)
 * @old_pte: the entry's current 8-byte value
 * @gpr:     guest registers; updated as the instruction would: XCHG loads
 *           the old bytes into its register, CMPXCHG loads the accumulator
 *           (AL/AX/EAX/RAX) and CMPXCHG8B loads EDX:EAX on a failed
 *           compare; 32-bit loads zero the upper half as on hardware
 * @rflags:  guest RFLAGS; only CF, PF, AF, ZF, SF and OF are changed, as
 *           the instruction defines them: ADD/SUB/CMPXCHG all six;
 *           INC/DEC all but CF; AND/OR/XOR clear CF, OF and AF and set
 *           the rest; BTS/BTR/BTC set CF to the old bit; CMPXCHG8B sets ZF
 *           only; MOV and XCHG none. Flags the SDM leaves undefined (AF
 *           after AND/OR/XOR, OF/SF/AF/PF after BTx) are cleared (AF) or
 *           left unchanged (BTx), which is what the AMD host of the
 *           oracle test does (Intel not checked); guests cannot rely on
 *           them anyway.
 * @new_pte: out: @old_pte with the accessed bytes replaced by the result;
 *           equal to @old_pte when nothing changes (failed CMPXCHG)
 *
 * The caller must write @new_pte with a cmpxchg against @old_pte and
 * retry (re-reading the entry, calling this again on fresh copies of the
 * registers) if the entry changed meanwhile, so that the emulated
 * instruction is atomic whether or not it carried a LOCK prefix.
 *
 * Context: any; pure.
 * Return: 0 and the outputs updated; -EINVAL if @w is malformed (bad op,
 *         width, offset, bit number or register), in which case @gpr,
 *         @rflags and @new_pte are untouched.
 */
int pte_write_apply(const struct pte_write *w, uint64_t old_pte,
		    uint64_t gpr[16], uint64_t *rflags, uint64_t *new_pte)
	__attribute__((__warn_unused_result__));

#endif /* VESTA_PTE_WRITE_H */
