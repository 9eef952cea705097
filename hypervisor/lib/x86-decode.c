/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * x86-64 instruction decoder: prefixes, REX, VEX/EVEX payloads, opcode
 * maps, ModRM/SIB/displacement and immediates of one 64-bit-mode
 * instruction, driven by two 256-entry attribute tables (one-byte and 0F
 * maps; 0F38 and 0F3A are uniform). Also the effective-address helper and
 * the two classifiers used by privileged-instruction and page-table write
 * emulation. This file never reads guest memory, never emulates and holds
 * no state; the bytes it is given are hostile, so every read is checked
 * against both the caller's length and the 15-byte architectural limit.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <vesta/errno.h>
#include <vesta/x86-decode.h>

/* Immediate kinds, the low four bits of an opcode's attributes. */
enum imm_kind {
	IMM_NONE,
	IMM_B,		/* imm8, sign-extended */
	IMM_BU,		/* imm8, zero-extended */
	IMM_W,		/* imm16, zero-extended (RET imm16, RETF imm16) */
	IMM_Z,		/* imm16 (16-bit operand) or imm32; signed */
	IMM_V,		/* MOV r, imm: 2, 4 or 8 bytes; zero-extended */
	IMM_ENTER,	/* imm16 then imm8 */
	IMM_MOFFS,	/* A0-A3: an address of the address size */
	IMM_GRP3,	/* F6/F7: only TEST (/0, /1) has an immediate */
	IMM_REL32,	/* near CALL/JMP/Jcc: rel32 whatever 66 says */
	IMM_EXTRQ,	/* 0F 78 with 66 or F2: two imm8 */
};

#define A_IMM_MASK	0x000f
#define A_MODRM		0x0010
#define A_BYTE		0x0020	/* byte operand */
#define A_DEF64		0x0040	/* 64-bit default, 66 selects 16 */
#define A_F64		0x0080	/* always 64-bit */
#define A_IO		0x0100	/* 16 or 32 bits: REX.W ignored */
#define A_CRDR		0x0200	/* mod ignored: registers only */
#define A_BAD		0x0400	/* #UD in 64-bit mode or no length */

/* Short names for the tables only. */
#define M	A_MODRM
#define MB	(A_MODRM | A_BYTE)
#define X	A_BAD
#define P	0		/* prefix or escape byte: never looked up */
#define AL_IB	(A_BYTE | IMM_B)
#define JCC8	(A_F64 | IMM_B)
#define REL32	(A_F64 | IMM_REL32)
#define CRDR	(A_MODRM | A_CRDR | A_F64)

static const uint16_t one_byte_attr[256] = {
	/* 00 */ MB, M, MB, M, AL_IB, IMM_Z, X, X,
	/* 08 */ MB, M, MB, M, AL_IB, IMM_Z, X, P,
	/* 10 */ MB, M, MB, M, AL_IB, IMM_Z, X, X,
	/* 18 */ MB, M, MB, M, AL_IB, IMM_Z, X, X,
	/* 20 */ MB, M, MB, M, AL_IB, IMM_Z, P, X,
	/* 28 */ MB, M, MB, M, AL_IB, IMM_Z, P, X,
	/* 30 */ MB, M, MB, M, AL_IB, IMM_Z, P, X,
	/* 38 */ MB, M, MB, M, AL_IB, IMM_Z, P, X,
	/* 40 */ P, P, P, P, P, P, P, P,
	/* 48 */ P, P, P, P, P, P, P, P,
	/* 50 */ A_DEF64, A_DEF64, A_DEF64, A_DEF64,
		 A_DEF64, A_DEF64, A_DEF64, A_DEF64,
	/* 58 */ A_DEF64, A_DEF64, A_DEF64, A_DEF64,
		 A_DEF64, A_DEF64, A_DEF64, A_DEF64,
	/* 60 */ X, X, P, M, P, P, P, P,
	/* 68 */ A_DEF64 | IMM_Z, M | IMM_Z, A_DEF64 | IMM_B, M | IMM_B,
		 A_BYTE, A_IO, A_BYTE, A_IO,
	/* 70 */ JCC8, JCC8, JCC8, JCC8, JCC8, JCC8, JCC8, JCC8,
	/* 78 */ JCC8, JCC8, JCC8, JCC8, JCC8, JCC8, JCC8, JCC8,
	/* 80 */ MB | IMM_B, M | IMM_Z, X, M | IMM_B, MB, M, MB, M,
	/* 88 */ MB, M, MB, M, M, M, M, M | A_DEF64,
	/* 90 */ 0, 0, 0, 0, 0, 0, 0, 0,
	/* 98 */ 0, 0, X, 0, A_DEF64, A_DEF64, 0, 0,
	/* a0 */ A_BYTE | IMM_MOFFS, IMM_MOFFS, A_BYTE | IMM_MOFFS, IMM_MOFFS,
		 A_BYTE, 0, A_BYTE, 0,
	/* a8 */ AL_IB, IMM_Z, A_BYTE, 0, A_BYTE, 0, A_BYTE, 0,
	/* b0 */ A_BYTE | IMM_BU, A_BYTE | IMM_BU, A_BYTE | IMM_BU,
		 A_BYTE | IMM_BU, A_BYTE | IMM_BU, A_BYTE | IMM_BU,
		 A_BYTE | IMM_BU, A_BYTE | IMM_BU,
	/* b8 */ IMM_V, IMM_V, IMM_V, IMM_V, IMM_V, IMM_V, IMM_V, IMM_V,
	/* c0 */ MB | IMM_BU, M | IMM_BU, A_F64 | IMM_W, A_F64, P, P,
		 MB | IMM_B, M | IMM_Z,
	/* c8 */ A_DEF64 | IMM_ENTER, A_DEF64, IMM_W, 0, 0, IMM_BU, X, 0,
	/* d0 */ MB, M, MB, M, X, X, X, 0,
	/* d8 */ M, M, M, M, M, M, M, M,
	/* e0 */ JCC8, JCC8, JCC8, JCC8, A_BYTE | IMM_BU, A_IO | IMM_BU,
		 A_BYTE | IMM_BU, A_IO | IMM_BU,
	/* e8 */ REL32, REL32, X, JCC8, A_BYTE, A_IO, A_BYTE, A_IO,
	/* f0 */ P, 0, P, P, 0, 0, MB | IMM_GRP3, M | IMM_GRP3,
	/* f8 */ 0, 0, 0, 0, 0, 0, MB, M,
};

static const uint16_t map_0f_attr[256] = {
	/* 00 */ M, M, M, M, X, 0, 0, 0,
	/* 08 */ 0, 0, X, 0, X, M, X, X,
	/* 10 */ M, M, M, M, M, M, M, M,
	/* 18 */ M, M, M, M, M, M, M, M,
	/* 20 */ CRDR, CRDR, CRDR, CRDR, X, X, X, X,
	/* 28 */ M, M, M, M, M, M, M, M,
	/* 30 */ 0, 0, 0, 0, 0, 0, X, 0,
	/* 38 */ P, X, P, X, X, X, X, X,
	/* 40 */ M, M, M, M, M, M, M, M,
	/* 48 */ M, M, M, M, M, M, M, M,
	/* 50 */ M, M, M, M, M, M, M, M,
	/* 58 */ M, M, M, M, M, M, M, M,
	/* 60 */ M, M, M, M, M, M, M, M,
	/* 68 */ M, M, M, M, M, M, M, M,
	/* 70 */ M | IMM_BU, M | IMM_BU, M | IMM_BU, M | IMM_BU, M, M, M, 0,
	/* 78 */ M | IMM_EXTRQ, M, X, X, M, M, M, M,
	/* 80 */ REL32, REL32, REL32, REL32, REL32, REL32, REL32, REL32,
	/* 88 */ REL32, REL32, REL32, REL32, REL32, REL32, REL32, REL32,
	/* 90 */ MB, MB, MB, MB, MB, MB, MB, MB,
	/* 98 */ MB, MB, MB, MB, MB, MB, MB, MB,
	/* a0 */ A_DEF64, A_DEF64, 0, M, M | IMM_BU, M, X, X,
	/* a8 */ A_DEF64, A_DEF64, 0, M, M | IMM_BU, M, M, M,
	/* b0 */ MB, M, M, M, M, M, M, M,
	/* b8 */ M, M, M | IMM_BU, M, M, M, M, M,
	/* c0 */ MB, M, M | IMM_BU, M, M | IMM_BU, M | IMM_BU, M | IMM_BU, M,
	/* c8 */ 0, 0, 0, 0, 0, 0, 0, 0,
	/* d0 */ M, M, M, M, M, M, M, M,
	/* d8 */ M, M, M, M, M, M, M, M,
	/* e0 */ M, M, M, M, M, M, M, M,
	/* e8 */ M, M, M, M, M, M, M, M,
	/* f0 */ M, M, M, M, M, M, M, M,
	/* f8 */ M, M, M, M, M, M, M, M,
};

#undef M
#undef MB
#undef X
#undef P
#undef AL_IB
#undef JCC8
#undef REL32
#undef CRDR

/* The bytes being decoded and how far we are. Invariant: pos <= len <= 15. */
struct cursor {
	const uint8_t *buf;
	size_t len;
	size_t pos;
	bool saw_rex;		/* any REX in the prefix run */
};

/*
 * Check that @n more bytes exist. Crossing 15 bytes is reported before
 * running out of input, so a caller who supplies more bytes cannot be
 * made to loop; a truncated but otherwise valid instruction always gets
 * -EAGAIN, never a wrong length.
 */
static int cur_need(const struct cursor *c, size_t n)
{
	if (n > X86_MAX_INSN_LEN - c->pos)
		return -E2BIG;
	if (n > c->len - c->pos)
		return -EAGAIN;
	return 0;
}

static int cur_byte(struct cursor *c, uint8_t *b)
{
	int rc = cur_need(c, 1);

	if (rc)
		return rc;
	*b = c->buf[c->pos++];
	return 0;
}

/* Read an @n-byte little-endian value (n <= 8). */
static int cur_le(struct cursor *c, unsigned int n, uint64_t *v)
{
	int rc = cur_need(c, n);

	if (rc)
		return rc;
	*v = 0;
	for (unsigned int i = 0; i < n; i++)
		*v |= (uint64_t)c->buf[c->pos + i] << (8 * i);
	c->pos += n;
	return 0;
}

static int64_t sign_extend(uint64_t v, unsigned int bytes)
{
	uint64_t sign = 1ull << (8 * bytes - 1);

	return (int64_t)((v ^ sign) - sign);
}

/* Record @b if it is a legacy prefix; false if it is not one. */
static bool legacy_prefix(struct x86_insn *in, uint8_t b)
{
	switch (b) {
	case 0xf0: in->has_lock = true; break;
	case 0xf2: in->has_repne = true; in->last_rep = b; break;
	case 0xf3: in->has_rep = true; in->last_rep = b; break;
	case 0x66: in->has_opsize = true; break;
	case 0x67: in->has_adsize = true; break;
	case 0x26: in->seg = X86_SEG_ES; break;
	case 0x2e: in->seg = X86_SEG_CS; break;
	case 0x36: in->seg = X86_SEG_SS; break;
	case 0x3e: in->seg = X86_SEG_DS; break;
	case 0x64: in->seg = X86_SEG_FS; break;
	case 0x65: in->seg = X86_SEG_GS; break;
	default: return false;
	}
	return true;
}

/*
 * Consume prefixes up to the first opcode byte, returned in @op. The loop
 * is bounded by cur_byte(), which fails after 15 bytes.
 */
static int decode_prefixes(struct cursor *c, struct x86_insn *in, uint8_t *op)
{
	for (;;) {
		uint8_t b;
		int rc = cur_byte(c, &b);

		if (rc)
			return rc;
		if ((b & 0xf0) == 0x40) {
			in->rex = b;
			c->saw_rex = true;
			continue;
		}
		if (!legacy_prefix(in, b)) {
			*op = b;
			break;
		}
		/* A REX followed by a legacy prefix is ignored (SDM 2.2.1). */
		in->rex = 0;
	}
	in->nr_prefixes = (uint8_t)(c->pos - 1);
	in->rex_w = in->rex & 8;
	in->rex_r = in->rex & 4;
	in->rex_x = in->rex & 2;
	in->rex_b = in->rex & 1;
	return 0;
}

static int decode_sib(struct cursor *c, struct x86_insn *in, unsigned int *disp)
{
	unsigned int index;
	uint8_t s;
	int rc = cur_byte(c, &s);

	if (rc)
		return rc;
	in->has_sib = true;
	in->sib = s;
	in->scale = (uint8_t)(1u << (s >> 6));
	index = ((s >> 3) & 7) | (in->rex_x ? 8 : 0);
	/* Index 4 without REX.X means none; R12 (with REX.X) is a real one. */
	in->index = index == 4 ? X86_REG_NONE : (uint8_t)index;
	in->base = (s & 7) | (in->rex_b ? 8 : 0);
	/* Base 5 with mod 0 means no base and disp32, whatever REX.B says. */
	if ((s & 7) == 5 && in->mod == 0) {
		in->base = X86_REG_NONE;
		*disp = 4;
	}
	return 0;
}

static int decode_mem(struct cursor *c, struct x86_insn *in)
{
	unsigned int disp = in->mod == 1 ? 1 : in->mod == 2 ? 4 : 0;
	uint64_t v;
	int rc;

	in->has_mem = true;
	in->scale = 1;
	in->base = in->rm;
	if ((in->modrm & 7) == 4) {
		rc = decode_sib(c, in, &disp);
		if (rc)
			return rc;
	} else if ((in->modrm & 7) == 5 && in->mod == 0) {
		/* RIP-relative, even with REX.B (R13 needs mod 1 or 2). */
		in->base = X86_REG_RIP;
		disp = 4;
	}
	if (!disp)
		return 0;
	rc = cur_le(c, disp, &v);
	if (rc)
		return rc;
	in->disp_size = (uint8_t)disp;
	in->disp = sign_extend(v, disp);
	return 0;
}

static int decode_modrm(struct cursor *c, struct x86_insn *in, bool regs_only)
{
	uint8_t m;
	int rc = cur_byte(c, &m);

	if (rc)
		return rc;
	in->has_modrm = true;
	in->modrm = m;
	in->mod = regs_only ? 3 : m >> 6;
	in->reg = ((m >> 3) & 7) | (in->rex_r ? 8 : 0);
	in->rm = (m & 7) | (in->rex_b ? 8 : 0);
	if (in->mod == 3)
		return 0;
	return decode_mem(c, in);
}

/* Bytes of the first immediate of @kind, and whether it is sign-extended. */
static unsigned int imm_bytes(const struct x86_insn *in, unsigned int kind,
			      bool *is_signed)
{
	*is_signed = kind == IMM_B || kind == IMM_Z || kind == IMM_GRP3 ||
		     kind == IMM_REL32;
	switch (kind) {
	case IMM_B:
	case IMM_BU:
	case IMM_EXTRQ:
		return 1;
	case IMM_W:
	case IMM_ENTER:
		return 2;
	case IMM_Z:
		return in->op_size == 2 ? 2 : 4;
	case IMM_V:
		return in->op_size;
	case IMM_REL32:
		return 4;
	case IMM_GRP3:
		/* Only TEST (/0 and its alias /1) has one: ib, iw or id. */
		if ((in->reg & 7) > 1)
			return 0;
		return in->op_size < 4 ? in->op_size : 4;
	}
	return 0;
}

/* A0-A3: the operand address itself, as wide as the address size. */
static int decode_moffs(struct cursor *c, struct x86_insn *in)
{
	uint64_t v;
	int rc = cur_le(c, in->addr_size, &v);

	if (rc)
		return rc;
	in->has_mem = true;
	in->scale = 1;
	in->disp = (int64_t)v;
	in->disp_size = in->addr_size;
	return 0;
}

/* Read the immediate(s) of @kind; sizes depend on prefixes and ModRM. */
static int decode_imm(struct cursor *c, struct x86_insn *in, unsigned int kind)
{
	unsigned int n;
	bool is_signed;
	uint64_t v;
	int rc;

	if (kind == IMM_MOFFS)
		return decode_moffs(c, in);
	n = imm_bytes(in, kind, &is_signed);
	if (!n)
		return 0;
	rc = cur_le(c, n, &v);
	if (rc)
		return rc;
	in->imm_size = (uint8_t)n;
	in->imm = is_signed ? sign_extend(v, n) : (int64_t)v;
	if (kind != IMM_ENTER && kind != IMM_EXTRQ)
		return 0;
	rc = cur_le(c, 1, &v);
	if (rc)
		return rc;
	in->imm2 = (uint8_t)v;
	return 0;
}

static unsigned int operand_size(const struct x86_insn *in, uint16_t attr)
{
	if (attr & A_BYTE)
		return 1;
	if (attr & A_F64)
		return 8;
	if (in->rex_w && !(attr & A_IO))
		return 8;
	if (in->has_opsize)
		return 2;
	return attr & A_DEF64 ? 8 : 4;
}

/* Attributes of a legacy-encoded opcode, with the prefix-dependent cases. */
static uint16_t legacy_attr(const struct x86_insn *in)
{
	uint16_t attr;

	if (in->map == X86_MAP_ONE)
		return one_byte_attr[in->opcode];
	if (in->map == X86_MAP_0F38)
		return A_MODRM;
	if (in->map == X86_MAP_0F3A)
		return A_MODRM | IMM_BU;
	attr = map_0f_attr[in->opcode];
	/* Without F3 (the last of F2/F3), 0F B8 is IA-64's JMPE. */
	if (in->opcode == 0xb8 && in->last_rep != 0xf3)
		return A_BAD;
	/* 0F 78: VMREAD; 66 EXTRQ and F2 INSERTQ take two imm8; F3: none. */
	if (in->opcode == 0x78) {
		if (in->last_rep == 0xf3)
			return A_BAD;
		if (in->last_rep != 0xf2 && !in->has_opsize)
			return A_MODRM;
	}
	return attr;
}

/* Group-dependent attributes, known once ModRM.reg is. */
static int modrm_attr(const struct x86_insn *in, uint16_t *attr)
{
	if (in->map != X86_MAP_ONE)
		return 0;
	/* 8F with reg != 0 is AMD's XOP escape, which we do not decode. */
	if (in->opcode == 0x8f && (in->reg & 7))
		return -EINVAL;
	if (in->opcode == 0xff) {
		unsigned int r = in->reg & 7;

		if (r == 2 || r == 4)
			*attr |= A_F64;
		else if (r == 6)
			*attr |= A_DEF64;
	}
	return 0;
}

static int decode_legacy(struct cursor *c, struct x86_insn *in, uint8_t op)
{
	uint16_t attr;
	int rc;

	in->map = X86_MAP_ONE;
	if (op == 0x0f) {
		in->map = X86_MAP_0F;
		rc = cur_byte(c, &op);
		if (rc)
			return rc;
		if (op == 0x38 || op == 0x3a) {
			in->map = op == 0x38 ? X86_MAP_0F38 : X86_MAP_0F3A;
			rc = cur_byte(c, &op);
			if (rc)
				return rc;
		}
	}
	in->opcode = op;
	attr = legacy_attr(in);
	if (attr & A_BAD)
		return -EINVAL;
	if (attr & A_MODRM) {
		rc = decode_modrm(c, in, attr & A_CRDR);
		if (!rc)
			rc = modrm_attr(in, &attr);
		if (rc)
			return rc;
	}
	in->op_size = (uint8_t)operand_size(in, attr);
	return decode_imm(c, in, attr & A_IMM_MASK);
}

/*
 * Check and unpack a VEX (C5: 1 byte, C4: 2) or EVEX (62: 3) payload;
 * the bits R, X, B and vvvv are stored inverted.
 */
static int vex_payload(struct x86_insn *in)
{
	const uint8_t *p = in->vex_payload;
	unsigned int map;

	in->rex_r = !(p[0] & 0x80);
	if (in->vex == 0xc5) {
		in->map = X86_MAP_0F;
		return 0;
	}
	in->rex_x = !(p[0] & 0x40);
	in->rex_b = !(p[0] & 0x20);
	in->rex_w = p[1] & 0x80;
	if (in->vex == 0xc4) {
		map = p[0] & 0x1f;
		if (map < X86_MAP_0F || map > X86_MAP_0F3A)
			return -EINVAL;
	} else {
		/* EVEX: P0 bit 3 reserved 0, P1 bit 2 reserved 1. */
		map = p[0] & 0x0f;
		if (!(p[1] & 0x04) || (map != X86_MAP_0F && map != X86_MAP_0F38
		    && map != X86_MAP_0F3A && map != X86_MAP_EVEX5
		    && map != X86_MAP_EVEX6))
			return -EINVAL;
	}
	in->map = (uint8_t)map;
	return 0;
}

/* Whether a VEX/EVEX opcode carries an imm8 (the 0F map ones are few). */
static bool vex_has_imm8(const struct x86_insn *in)
{
	uint8_t op = in->opcode;

	if (in->map == X86_MAP_0F3A)
		return true;
	if (in->map != X86_MAP_0F)
		return false;
	return (op >= 0x70 && op <= 0x73) || op == 0xc2 || op == 0xc4 ||
	       op == 0xc5 || op == 0xc6;
}

static int decode_vex(struct cursor *c, struct x86_insn *in, uint8_t op)
{
	unsigned int n = op == 0xc5 ? 1 : op == 0xc4 ? 2 : 3;
	int rc;

	/* 66, F2, F3, F0 or REX before VEX/EVEX is #UD. */
	if (c->saw_rex || in->has_opsize || in->has_rep || in->has_repne ||
	    in->has_lock)
		return -EINVAL;
	in->vex = op;
	for (unsigned int i = 0; i < n; i++) {
		rc = cur_byte(c, &in->vex_payload[i]);
		if (rc)
			return rc;
	}
	rc = vex_payload(in);
	if (!rc)
		rc = cur_byte(c, &in->opcode);
	if (rc)
		return rc;
	in->op_size = in->rex_w ? 8 : 4;
	/* VZEROUPPER/VZEROALL (VEX 0F 77) are the only ones without ModRM. */
	if (!(in->vex != 0x62 && in->map == X86_MAP_0F && in->opcode == 0x77)) {
		rc = decode_modrm(c, in, false);
		if (rc)
			return rc;
	}
	if (vex_has_imm8(in))
		return decode_imm(c, in, IMM_BU);
	return 0;
}

int x86_decode(const uint8_t *buf, size_t len, struct x86_insn *out)
{
	struct cursor c = {
		.buf = buf,
		.len = len < X86_MAX_INSN_LEN ? len : X86_MAX_INSN_LEN,
	};
	struct x86_insn in;
	uint8_t op;
	int rc;

	memset(&in, 0, sizeof(in));
	in.seg = X86_SEG_NONE;
	in.base = X86_REG_NONE;
	in.index = X86_REG_NONE;
	rc = decode_prefixes(&c, &in, &op);
	if (!rc) {
		in.addr_size = in.has_adsize ? 4 : 8;
		if (op == 0xc4 || op == 0xc5 || op == 0x62)
			rc = decode_vex(&c, &in, op);
		else
			rc = decode_legacy(&c, &in, op);
	}
	if (rc) {
		memset(out, 0, sizeof(*out));
		return rc;
	}
	in.len = (uint8_t)c.pos;
	/* memcpy, not assignment: padding too is defined (callers compare). */
	memcpy(out, &in, sizeof(in));
	return 0;
}

int x86_insn_mem_addr(const struct x86_insn *in, const uint64_t gpr[16],
		      uint64_t next_rip, uint64_t *addr)
{
	uint64_t ea = (uint64_t)in->disp;

	if (!in->has_mem)
		return -EINVAL;
	if (in->base == X86_REG_RIP)
		ea += next_rip;
	else if (in->base < 16)
		ea += gpr[in->base];
	else if (in->base != X86_REG_NONE)
		return -EINVAL;
	if (in->index < 16)
		ea += gpr[in->index] * in->scale;
	else if (in->index != X86_REG_NONE)
		return -EINVAL;
	if (in->addr_size == 4)
		ea = (uint32_t)ea;
	*addr = ea;
	return 0;
}

/* One-byte-map instructions that are privileged or trap at CPL 3. */
static enum x86_priv_op priv_one_byte(uint8_t op)
{
	switch (op) {
	case 0xe4: case 0xe5: return X86_PRIV_IN_IMM;
	case 0xec: case 0xed: return X86_PRIV_IN_DX;
	case 0xe6: case 0xe7: return X86_PRIV_OUT_IMM;
	case 0xee: case 0xef: return X86_PRIV_OUT_DX;
	case 0x6c: case 0x6d: return X86_PRIV_INS;
	case 0x6e: case 0x6f: return X86_PRIV_OUTS;
	case 0xf4: return X86_PRIV_HLT;
	case 0xcd: return X86_PRIV_INT_N;
	case 0xcc: return X86_PRIV_INT3;
	case 0xf1: return X86_PRIV_INT1;
	case 0xfa: return X86_PRIV_CLI;
	case 0xfb: return X86_PRIV_STI;
	case 0x9c: return X86_PRIV_PUSHF;
	case 0x9d: return X86_PRIV_POPF;
	case 0xcf: return X86_PRIV_IRET;
	}
	return X86_PRIV_UNKNOWN;
}

/* 0F 01 with mod 3: the whole ModRM byte names the instruction. */
static enum x86_priv_op priv_0f01_reg(const struct x86_insn *in)
{
	uint8_t m = in->modrm;

	if ((m & 0x38) == 0x20)
		return X86_PRIV_SMSW;
	if ((m & 0x38) == 0x30)
		return X86_PRIV_LMSW;
	if (in->has_opsize || in->last_rep)
		return X86_PRIV_UNKNOWN;
	switch (m) {
	case 0xd1: return X86_PRIV_XSETBV;
	case 0xf8: return X86_PRIV_SWAPGS;
	case 0xf9: return X86_PRIV_RDTSCP;
	case 0xc1: case 0xc2: case 0xc3: case 0xc4:	/* VMX */
	case 0xc8: case 0xc9:			/* MONITOR, MWAIT */
	case 0xca: case 0xcb:			/* CLAC, STAC */
		return X86_PRIV_OTHER;
	}
	if (m >= 0xd8 && m <= 0xdf)		/* SVM */
		return X86_PRIV_OTHER;
	return X86_PRIV_UNKNOWN;
}

/* 0F 01 group 7. */
static enum x86_priv_op priv_0f01(const struct x86_insn *in)
{
	static const uint8_t mem_form[8] = {
		/* SGDT, SIDT, LGDT, LIDT */
		X86_PRIV_STORE_DESC, X86_PRIV_STORE_DESC,
		X86_PRIV_OTHER, X86_PRIV_OTHER,
		X86_PRIV_SMSW, X86_PRIV_UNKNOWN,
		X86_PRIV_LMSW, X86_PRIV_INVLPG,
	};

	if (in->mod == 3)
		return priv_0f01_reg(in);
	return (enum x86_priv_op)mem_form[in->reg & 7];
}

static enum x86_priv_op priv_0f(const struct x86_insn *in)
{
	static const uint8_t grp6[8] = {
		/* SLDT, STR, LLDT, LTR; VERR, VERW and the rest are not */
		X86_PRIV_STORE_DESC, X86_PRIV_STORE_DESC,
		X86_PRIV_OTHER, X86_PRIV_OTHER,
	};

	switch (in->opcode) {
	case 0x00: return (enum x86_priv_op)grp6[in->reg & 7];
	case 0x01: return priv_0f01(in);
	case 0x06: return X86_PRIV_CLTS;
	case 0x07: return X86_PRIV_OTHER;		/* SYSRET */
	case 0x08: return X86_PRIV_INVD;
	case 0x09: return X86_PRIV_WBINVD;
	case 0x20: return X86_PRIV_MOV_FROM_CR;
	case 0x21: return X86_PRIV_MOV_FROM_DR;
	case 0x22: return X86_PRIV_MOV_TO_CR;
	case 0x23: return X86_PRIV_MOV_TO_DR;
	case 0x30: return X86_PRIV_WRMSR;
	case 0x31: return X86_PRIV_RDTSC;
	case 0x32: return X86_PRIV_RDMSR;
	case 0x33: return X86_PRIV_RDPMC;
	case 0x35: return X86_PRIV_OTHER;		/* SYSEXIT */
	case 0xa2: return X86_PRIV_CPUID;
	case 0x78: case 0x79:			/* VMREAD, VMWRITE */
		return in->has_opsize || in->last_rep ? X86_PRIV_UNKNOWN
						      : X86_PRIV_OTHER;
	}
	return X86_PRIV_UNKNOWN;
}

enum x86_priv_op x86_classify_priv(const struct x86_insn *in)
{
	if (in->vex || in->has_lock)
		return X86_PRIV_UNKNOWN;
	switch (in->map) {
	case X86_MAP_ONE:
		return priv_one_byte(in->opcode);
	case X86_MAP_0F:
		return priv_0f(in);
	case X86_MAP_0F38:
		/* INVPCID: 66 0F 38 82 /r with a memory operand. */
		if (in->opcode == 0x82 && in->has_opsize && !in->last_rep &&
		    in->mod != 3)
			return X86_PRIV_OTHER;
		break;
	}
	return X86_PRIV_UNKNOWN;
}

bool x86_is_xen_forced_cpuid(const uint8_t *buf, size_t len)
{
	static const uint8_t seq[X86_XEN_FORCED_CPUID_LEN] = {
		0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2,
	};

	return len >= sizeof(seq) && !memcmp(buf, seq, sizeof(seq));
}

/* Register operand in ModRM.reg, as a GPR number and a bit shift. */
static void mw_src_reg(const struct x86_insn *in, struct x86_mem_write *mw)
{
	mw->src = X86_MW_SRC_REG;
	mw->src_reg = in->reg;
	/* Without any REX, byte registers 4-7 are AH, CH, DH, BH. */
	if (mw->size == 1 && !in->rex && in->reg >= 4 && in->reg < 8) {
		mw->src_reg = in->reg - 4;
		mw->src_shift = 8;
	}
}

static void mw_src_imm(const struct x86_insn *in, struct x86_mem_write *mw)
{
	uint64_t v = (uint64_t)in->imm;

	mw->src = X86_MW_SRC_IMM;
	if (mw->size < 8)
		v &= (1ull << (8 * mw->size)) - 1;
	mw->imm = v;
}

/* ALU operations by their ModRM.reg / opcode-row number. */
static const uint8_t mw_alu[8] = {
	X86_MW_ADD, X86_MW_OR, X86_MW_NONE, X86_MW_NONE,	/* ADC, SBB */
	X86_MW_AND, X86_MW_SUB, X86_MW_XOR, X86_MW_NONE,	/* CMP */
};

static enum x86_mem_write_op mw_one_byte(const struct x86_insn *in,
					 struct x86_mem_write *mw)
{
	uint8_t op = in->opcode;
	unsigned int r = in->reg & 7;

	mw->size = in->op_size;
	if (op < 0x40 && (op & 7) <= 1) {
		mw_src_reg(in, mw);
		return (enum x86_mem_write_op)mw_alu[op >> 3];
	}
	switch (op) {
	case 0x80: case 0x81: case 0x83:
		mw_src_imm(in, mw);
		return (enum x86_mem_write_op)mw_alu[r];
	case 0x86: case 0x87:
		mw->is_locked = true;
		mw_src_reg(in, mw);
		return X86_MW_XCHG;
	case 0x88: case 0x89:
		mw_src_reg(in, mw);
		return X86_MW_MOV;
	case 0xa2: case 0xa3:		/* MOV moffs, AL/rAX */
		mw->src = X86_MW_SRC_REG;
		return X86_MW_MOV;
	case 0xc6: case 0xc7:
		mw_src_imm(in, mw);
		return r == 0 ? X86_MW_MOV : X86_MW_NONE;
	case 0xfe: case 0xff:
		return r == 0 ? X86_MW_INC : r == 1 ? X86_MW_DEC : X86_MW_NONE;
	}
	return X86_MW_NONE;
}

static enum x86_mem_write_op mw_0f(const struct x86_insn *in,
				   struct x86_mem_write *mw)
{
	static const uint8_t bt_imm[8] = {
		[5] = X86_MW_BTS, [6] = X86_MW_BTR, [7] = X86_MW_BTC,
	};
	unsigned int r = in->reg & 7;

	mw->size = in->op_size;
	switch (in->opcode) {
	case 0xb0: case 0xb1:
		mw_src_reg(in, mw);
		return X86_MW_CMPXCHG;
	case 0xab: mw_src_reg(in, mw); return X86_MW_BTS;
	case 0xb3: mw_src_reg(in, mw); return X86_MW_BTR;
	case 0xbb: mw_src_reg(in, mw); return X86_MW_BTC;
	case 0xba:
		mw_src_imm(in, mw);
		return (enum x86_mem_write_op)bt_imm[r];
	case 0xc3:
		if (in->has_opsize || in->last_rep)
			return X86_MW_NONE;
		mw_src_reg(in, mw);
		return X86_MW_MOVNTI;
	case 0xc7:
		if (r != 1)
			return X86_MW_NONE;
		mw->size = in->rex_w ? 16 : 8;
		return in->rex_w ? X86_MW_CMPXCHG16B : X86_MW_CMPXCHG8B;
	}
	return X86_MW_NONE;
}

enum x86_mem_write_op x86_mem_write_operands(const struct x86_insn *in,
					     struct x86_mem_write *out)
{
	struct x86_mem_write mw;
	bool is_stos = in->map == X86_MAP_ONE &&
		       (in->opcode == 0xaa || in->opcode == 0xab);

	memset(&mw, 0, sizeof(mw));
	if (in->vex || (!in->has_mem && !is_stos))
		goto out;
	if (is_stos) {
		mw.op = X86_MW_STOS;
		mw.size = in->op_size;
		mw.src = X86_MW_SRC_REG;
		mw.is_rep = in->has_rep || in->has_repne;
	} else if (in->map == X86_MAP_ONE) {
		mw.op = mw_one_byte(in, &mw);
	} else if (in->map == X86_MAP_0F) {
		mw.op = mw_0f(in, &mw);
	}
	mw.is_locked = mw.is_locked || in->has_lock;
	/* LOCK is #UD on plain stores; they cannot be atomic RMW anyway. */
	if (in->has_lock && (mw.op == X86_MW_MOV || mw.op == X86_MW_MOVNTI ||
			     mw.op == X86_MW_STOS))
		mw.op = X86_MW_NONE;
	if (mw.op == X86_MW_NONE)
		memset(&mw, 0, sizeof(mw));
out:
	memcpy(out, &mw, sizeof(mw));
	return mw.op;
}

enum x86_mem_write_op x86_classify_mem_write(const struct x86_insn *in)
{
	struct x86_mem_write mw;

	return x86_mem_write_operands(in, &mw);
}
