/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * x86-64 instruction decoder for privileged-instruction and page-table
 * write emulation. It turns up to 15 bytes copied from a guest into one
 * decoded 64-bit-mode instruction (prefixes, REX, opcode map and byte,
 * ModRM/SIB/displacement, immediate, operand and address size, length),
 * computes memory-operand effective addresses from a register file, and
 * classifies the few instructions the hypervisor emulates. It is pure: it
 * never reads guest memory, never touches CPU state, never emulates
 * anything and never decides policy (whether a CR, MSR or port may be
 * accessed is the caller's business). Only 64-bit mode is decoded; there
 * is no 16- or 32-bit code-segment support.
 */
#ifndef VESTA_X86_DECODE_H
#define VESTA_X86_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Architectural limit on the length of one instruction, prefixes included. */
#define X86_MAX_INSN_LEN 15

/* Register numbers: 0-15 are RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8-R15. */
#define X86_REG_RIP 16		/* memory base only: RIP-relative */
#define X86_REG_NONE 0xff	/* no base or no index register */

/* Segment-override prefix, numbered like the segment registers. */
enum x86_seg {
	X86_SEG_ES, X86_SEG_CS, X86_SEG_SS, X86_SEG_DS, X86_SEG_FS, X86_SEG_GS,
	X86_SEG_NONE,
};

/* Opcode maps. VEX/EVEX instructions use the same numbers for their map. */
enum x86_map {
	X86_MAP_ONE,		/* one-byte opcodes */
	X86_MAP_0F,
	X86_MAP_0F38,
	X86_MAP_0F3A,
	X86_MAP_EVEX5 = 5,	/* EVEX only (AVX512-FP16) */
	X86_MAP_EVEX6 = 6,
};

/*
 * One decoded instruction. All fields are written by x86_decode(); those
 * that do not apply are 0 (or X86_REG_NONE / X86_SEG_NONE where stated).
 */
struct x86_insn {
	uint8_t len;		/* total length in bytes, 1-15 */
	uint8_t nr_prefixes;	/* legacy and REX bytes before the opcode */

	/* Legacy prefixes, each set if present anywhere in the prefix run. */
	bool has_lock;		/* F0 */
	bool has_rep;		/* F3 (REP/REPE, XRELEASE) */
	bool has_repne;		/* F2 (REPNE, XACQUIRE, BND) */
	bool has_opsize;	/* 66 */
	bool has_adsize;	/* 67 */
	uint8_t last_rep;	/* 0xf2 or 0xf3: the last of them, or 0 */
	uint8_t seg;		/* enum x86_seg: last override, or NONE */

	/*
	 * REX: the raw byte (0 if none) and its bits. Only a REX directly
	 * before the opcode counts; for VEX/EVEX the bits come from the VEX
	 * payload instead and @rex stays 0.
	 */
	uint8_t rex;
	bool rex_w, rex_r, rex_x, rex_b;

	/* VEX/EVEX: 0, 0xc5, 0xc4 or 0x62, and the payload bytes after it. */
	uint8_t vex;
	uint8_t vex_payload[3];

	uint8_t map;		/* enum x86_map */
	uint8_t opcode;		/* the opcode byte within @map */

	/*
	 * ModRM. @reg is extended by REX.R and @rm by REX.B; when mod != 3
	 * use @base/@index instead of @rm. MOV to/from CR/DR (0F 20-23)
	 * ignore the mod bits, so @mod reads 3 for them whatever the byte
	 * says.
	 */
	bool has_modrm;
	uint8_t modrm;		/* raw byte */
	uint8_t mod, reg, rm;

	/*
	 * Explicit memory operand (ModRM with mod != 3, or the moffs of
	 * A0-A3, whose address is in @disp with no base or index). The
	 * implicit operands of string instructions are not described here.
	 */
	bool has_mem;
	bool has_sib;
	uint8_t sib;		/* raw byte */
	uint8_t base;		/* 0-15, X86_REG_RIP or X86_REG_NONE */
	uint8_t index;		/* 0-15 or X86_REG_NONE */
	uint8_t scale;		/* 1, 2, 4 or 8 */
	uint8_t disp_size;	/* 0, 1, 4 or (moffs only) 8 */
	int64_t disp;		/* sign-extended; moffs zero-extended */

	/*
	 * Immediate. Sign-extended from its encoded size where the
	 * instruction sign-extends it (ALU, MOV r/m, PUSH, IMUL, TEST,
	 * relative branches); zero-extended where it is a port, vector,
	 * count, shift, selector-like or MOV r, imm (B0-BF) value. ENTER
	 * and EXTRQ/INSERTQ have a second immediate in @imm2.
	 */
	uint8_t imm_size;	/* bytes of the first immediate: 0-8 */
	int64_t imm;
	uint8_t imm2;

	/*
	 * Operand size in bytes (1, 2, 4, 8) from the opcode's byte form,
	 * 66, REX.W and 64-bit defaults; meaningful for general-register
	 * operations only. IN/OUT/INS/OUTS: 1, 2 or 4 (REX.W ignored).
	 * MOV CR/DR: 8. Address size: 8, or 4 with 67.
	 */
	uint8_t op_size;
	uint8_t addr_size;
};

/*
 * x86_decode() - Decode one 64-bit-mode instruction.
 * @buf: instruction bytes, starting at the first prefix
 * @len: bytes available at @buf; at most 15 are ever read
 * @out: the decoded instruction; fully written on success
 *
 * Decodes legacy prefixes (any number and order, repeats allowed), REX,
 * the one-byte, 0F, 0F38 and 0F3A maps and VEX (C4/C5) and EVEX (62)
 * encodings. VEX/EVEX instructions get their length and fields only.
 * Success means the length is known, not that the CPU implements the
 * instruction: unassigned ModRM.reg extensions and 0F38/0F3A/VEX opcodes
 * decode, since their length is defined by the format.
 *
 * Rejected with -EINVAL: opcodes invalid in 64-bit mode (06 07 0E 16 17
 * 1E 1F 27 2F 37 3F 60 61 82 9A CE D4 D5 D6 EA, 0F 24-27), unassigned 0F
 * opcodes whose length is not defined (0F 04 0A 0C 36 39 3B-3F 7A 7B,
 * 0F B8 without F3, F3 0F 78), VIA PadLock (0F A6, 0F A7), 3DNow! (0F
 * 0E, 0F 0F) and AMD XOP (8F with ModRM.reg != 0), VEX/EVEX after a
 * 66/F2/F3/F0/REX prefix or with an unknown map (VEX maps 1-3, EVEX
 * maps 1-3, 5, 6 are known) or reserved payload bits.
 *
 * Deliberate choice: 66 on near CALL/JMP/Jcc rel (E8, E9, 0F 80-8F) is
 * ignored as on Intel CPUs (rel32 always); AMD CPUs would take rel16.
 *
 * Context: any; pure and bounded (reads at most 15 bytes of @buf).
 * Return: 0 and @out filled; -EINVAL undecodable in 64-bit mode; -E2BIG
 *         the instruction would be longer than 15 bytes (the CPU raises
 *         #GP); -EAGAIN @len ends before the instruction does (fewer
 *         than 15 bytes given): supply more bytes and retry. On error
 *         @out is zeroed (apart from len = 0).
 */
int x86_decode(const uint8_t *buf, size_t len, struct x86_insn *out)
	__attribute__((__warn_unused_result__));

/*
 * x86_insn_mem_addr() - Effective address of the explicit memory operand.
 * @in:       a successfully decoded instruction
 * @gpr:      the guest's 16 general registers, numbered as X86_REG_*
 * @next_rip: address of the next instruction (RIP + @in->len), for
 *            RIP-relative operands
 * @addr:     out: base + index * scale + disp, truncated to the address
 *            size; no segment base is added (apply FS/GS from @in->seg)
 *
 * BT/BTS/BTR/BTC with a register bit offset may touch memory outside the
 * operand at @addr; that adjustment is the emulator's job.
 *
 * Context: any; pure.
 * Return: 0 and @addr set; -EINVAL if @in has no explicit memory operand
 *         or names an impossible register.
 */
int x86_insn_mem_addr(const struct x86_insn *in, const uint64_t gpr[16],
		      uint64_t next_rip, uint64_t *addr)
	__attribute__((__warn_unused_result__));

/* Instructions a PV guest kernel meets as #GP/#UD at CPL 3. */
enum x86_priv_op {
	X86_PRIV_UNKNOWN,	/* anything else, including VEX/EVEX */
	X86_PRIV_CPUID,
	X86_PRIV_RDMSR,
	X86_PRIV_WRMSR,
	X86_PRIV_RDTSC,
	X86_PRIV_RDTSCP,
	X86_PRIV_RDPMC,
	X86_PRIV_IN_IMM,	/* port = imm, size = op_size */
	X86_PRIV_IN_DX,
	X86_PRIV_OUT_IMM,
	X86_PRIV_OUT_DX,
	X86_PRIV_INS,		/* rep if has_rep || has_repne; ES:rDI */
	X86_PRIV_OUTS,		/* rep as INS; seg:rSI (overridable) */
	X86_PRIV_MOV_FROM_CR,	/* CR = reg, GPR = rm */
	X86_PRIV_MOV_TO_CR,
	X86_PRIV_MOV_FROM_DR,	/* DR = reg, GPR = rm */
	X86_PRIV_MOV_TO_DR,
	X86_PRIV_CLTS,
	X86_PRIV_HLT,
	X86_PRIV_XSETBV,
	X86_PRIV_WBINVD,	/* also WBNOINVD (F3 0F 09) */
	X86_PRIV_INVD,
	X86_PRIV_INVLPG,	/* memory operand: x86_insn_mem_addr() */
	X86_PRIV_LMSW,		/* from GPR rm (mod 3) or 16-bit memory */
	X86_PRIV_SMSW,		/* to GPR rm (mod 3) or memory */
	X86_PRIV_INT_N,		/* CD ib: vector = imm */
	X86_PRIV_INT3,
	X86_PRIV_INT1,		/* F1 (ICEBP) */
	X86_PRIV_CLI,
	X86_PRIV_STI,
	X86_PRIV_PUSHF,
	X86_PRIV_POPF,
	X86_PRIV_IRET,		/* op_size 8 (IRETQ), 4 or 2 */
	X86_PRIV_SWAPGS,
	X86_PRIV_STORE_DESC,	/* SGDT, SIDT, SLDT, STR (UMIP) */
	X86_PRIV_OTHER,		/* CPL0-only, not emulated (LGDT, ...) */
};

/*
 * x86_classify_priv() - Which emulatable privileged instruction @in is.
 * @in: a successfully decoded instruction
 *
 * Operands stay in @in (see the comments in enum x86_priv_op). A LOCK
 * prefix, which makes every one of these raise #UD (LOCK MOV CR0 is AMD's
 * CR8 alias, which PV guests do not get), yields X86_PRIV_UNKNOWN, as do
 * 66/F2/F3 on the three-byte 0F 01 forms (SWAPGS, RDTSCP, XSETBV, ...).
 * X86_PRIV_OTHER covers LGDT, LIDT, LLDT, LTR, MONITOR, MWAIT, CLAC,
 * STAC, SYSRET, SYSEXIT, INVPCID, the SVM and VMX instructions in 0F 01
 * and VMREAD/VMWRITE. CR/DR numbers are not range-checked.
 *
 * Context: any; pure.
 * Return: the operation, X86_PRIV_UNKNOWN if it is none of them.
 */
enum x86_priv_op x86_classify_priv(const struct x86_insn *in);

/* The forced-emulation sequence: ud2; .ascii "xen"; cpuid. */
#define X86_XEN_FORCED_CPUID_LEN 7

/*
 * x86_is_xen_forced_cpuid() - Whether @buf starts with 0F 0B 78 65 6E 0F A2.
 * @buf: bytes at the guest RIP of a #UD
 * @len: bytes available (fewer than 7 gives false)
 *
 * Context: any; pure.
 * Return: true if so; the caller then emulates CPUID and skips
 *         X86_XEN_FORCED_CPUID_LEN bytes.
 */
bool x86_is_xen_forced_cpuid(const uint8_t *buf, size_t len);

/* Memory-writing instructions a guest may use on a page-table entry. */
enum x86_mem_write_op {
	X86_MW_NONE,		/* none of these, or not to memory */
	X86_MW_MOV,		/* 88/89 reg, C6/C7 /0 imm */
	X86_MW_XCHG,		/* 86/87 reg (locked with or without F0) */
	X86_MW_CMPXCHG,		/* 0F B0/B1 reg; compares with rAX */
	X86_MW_CMPXCHG8B,	/* 0F C7 /1; size 8: EDX:EAX, ECX:EBX */
	X86_MW_CMPXCHG16B,	/* REX.W 0F C7 /1: RDX:RAX, RCX:RBX */
	X86_MW_ADD,		/* 00/01 reg, 80/81/83 /0 imm */
	X86_MW_OR,		/* 08/09 reg, 80/81/83 /1 imm */
	X86_MW_AND,		/* 20/21 reg, 80/81/83 /4 imm */
	X86_MW_SUB,		/* 28/29 reg, 80/81/83 /5 imm */
	X86_MW_XOR,		/* 30/31 reg, 80/81/83 /6 imm */
	X86_MW_BTS,		/* 0F AB reg, 0F BA /5 imm8 */
	X86_MW_BTR,		/* 0F B3 reg, 0F BA /6 imm8 */
	X86_MW_BTC,		/* 0F BB reg, 0F BA /7 imm8 */
	X86_MW_INC,		/* FE/FF /0 */
	X86_MW_DEC,		/* FE/FF /1 */
	X86_MW_MOVNTI,		/* 0F C3 reg */
	X86_MW_STOS,		/* AA/AB: ES:[rDI] = rAX (no ModRM) */
};

/* Where the value written (or combined) comes from. */
enum x86_mw_src {
	X86_MW_SRC_NONE,	/* INC, DEC, CMPXCHG8B/16B (implicit) */
	X86_MW_SRC_REG,
	X86_MW_SRC_IMM,
};

/* Operands of a memory-writing instruction, see x86_mem_write_operands(). */
struct x86_mem_write {
	enum x86_mem_write_op op;
	uint8_t size;		/* destination bytes: 1, 2, 4, 8, 16 */
	uint8_t src;		/* enum x86_mw_src */
	uint8_t src_reg;	/* GPR 0-15 (for STOS: 0, rAX) */
	uint8_t src_shift;	/* 8 for AH, CH, DH, BH; else 0 */
	uint64_t imm;		/* immediate, truncated to @size bytes */
	bool is_locked;		/* F0 present, or XCHG (always atomic) */
	bool is_rep;		/* STOS only: F3 or F2 */
};

/*
 * x86_mem_write_operands() - Classify a memory write and find its source.
 * @in:  a successfully decoded instruction
 * @out: written in full (op X86_MW_NONE and zeros when not a write)
 *
 * Only memory destinations count (mod != 3; STOS always). Forms that the
 * CPU rejects with #UD give X86_MW_NONE: LOCK on MOV, MOVNTI or STOS,
 * MOVNTI with 66, CMPXCHG8B with a register operand, VEX/EVEX. The
 * destination address is x86_insn_mem_addr() (STOS: rDI, not computed
 * here); the register source of BTS/BTR/BTC is the signed bit offset.
 *
 * Context: any; pure.
 * Return: @out->op.
 */
enum x86_mem_write_op x86_mem_write_operands(const struct x86_insn *in,
					     struct x86_mem_write *out);

/*
 * x86_classify_mem_write() - x86_mem_write_operands() without the operands.
 * @in: a successfully decoded instruction
 *
 * Context: any; pure.
 * Return: the operation, X86_MW_NONE if @in writes no memory this way.
 */
enum x86_mem_write_op x86_classify_mem_write(const struct x86_insn *in);

#endif /* VESTA_X86_DECODE_H */
