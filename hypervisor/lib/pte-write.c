/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Writable page-table emulation core: turns a decoded x86 instruction
 * into "these bytes of this 8-byte entry, this operation, this source"
 * and computes the resulting entry, registers and arithmetic flags
 * exactly as the CPU would. Decoding proper is x86-decode.c's job; this
 * file adds the policy of which write forms are emulated, the linear
 * address and the single-entry check. It never touches guest memory,
 * never validates the new entry as a page-table entry and holds no state.
 * Everything it is given (bytes, registers, even a struct pte_write) is
 * treated as hostile and checked before use.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <vesta/errno.h>
#include <vesta/pte-write.h>
#include <vesta/x86-decode.h>

#define FL_CF	0x001ull
#define FL_PF	0x004ull
#define FL_AF	0x010ull
#define FL_ZF	0x040ull
#define FL_SF	0x080ull
#define FL_OF	0x800ull
#define FL_ARITH (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF)

#define PTE_SIZE 8u

/* All-ones in the low @width bytes; @width is 1, 2, 4 or 8. */
static uint64_t width_mask(unsigned int width)
{
	return width >= 8 ? ~0ull : (1ull << (8 * width)) - 1;
}

static uint64_t sign_bit(unsigned int width)
{
	return 1ull << (8 * width - 1);
}

/* Decoder operations mapped to ours; 0 means not emulated. */
static const uint8_t op_map[] = {
	[X86_MW_MOV] = PTE_WRITE_MOV,
	[X86_MW_MOVNTI] = PTE_WRITE_MOV,
	[X86_MW_XCHG] = PTE_WRITE_XCHG,
	[X86_MW_CMPXCHG] = PTE_WRITE_CMPXCHG,
	[X86_MW_CMPXCHG8B] = PTE_WRITE_CMPXCHG8B,
	[X86_MW_ADD] = PTE_WRITE_ADD,
	[X86_MW_OR] = PTE_WRITE_OR,
	[X86_MW_AND] = PTE_WRITE_AND,
	[X86_MW_SUB] = PTE_WRITE_SUB,
	[X86_MW_XOR] = PTE_WRITE_XOR,
	[X86_MW_BTS] = PTE_WRITE_BTS,
	[X86_MW_BTR] = PTE_WRITE_BTR,
	[X86_MW_BTC] = PTE_WRITE_BTC,
	[X86_MW_INC] = PTE_WRITE_INC,
	[X86_MW_DEC] = PTE_WRITE_DEC,
	/* CMPXCHG16B (two entries) and STOS stay 0: not emulated. */
};

static bool is_bt(unsigned int op)
{
	return op == PTE_WRITE_BTS || op == PTE_WRITE_BTR ||
	       op == PTE_WRITE_BTC;
}

/* log2 of the operand size in bits: 4 for 16, 5 for 32, 6 for 64. */
static unsigned int bits_shift(unsigned int width)
{
	return width == 2 ? 4 : width == 4 ? 5 : 6;
}

/*
 * BTx with a register bit number reaches outside the addressed operand:
 * the number is signed in the operand size, its high part selects the
 * operand-sized word and its low part the bit within it. Returns the
 * byte displacement and leaves the bit in *@bit.
 */
static uint64_t bt_reg_adjust(uint64_t raw, unsigned int width,
			      uint64_t *bit)
{
	unsigned int sh = bits_shift(width);
	unsigned int unused = 64 - 8 * width;
	int64_t num;

	/* Sign-extend from the operand size without a signed shift-left. */
	num = (int64_t)(raw << unused);
	num >>= unused;
	*bit = raw & (8ull * width - 1);
	/* Arithmetic shift: floor division, so negative numbers go back. */
	return (uint64_t)(num >> sh) * width;
}

/* Source operand of @mw read from @gpr, truncated to its width. */
static uint64_t read_src(const struct x86_mem_write *mw,
			 const uint64_t gpr[16])
{
	if (mw->src == X86_MW_SRC_IMM)
		return mw->imm & width_mask(mw->size);
	if (mw->src == X86_MW_SRC_REG)
		return (gpr[mw->src_reg & 15] >> mw->src_shift) &
		       width_mask(mw->size);
	return 0;
}

/* Segment base to add in 64-bit mode: only FS and GS have one. */
static uint64_t seg_base(const struct x86_insn *in,
			 const struct pte_write_env *env)
{
	if (in->seg == X86_SEG_FS)
		return env->fs_base;
	if (in->seg == X86_SEG_GS)
		return env->gs_base;
	return 0;
}

/*
 * Policy on a decoded instruction: which forms are emulated. Returns our
 * operation or PTE_WRITE_NONE.
 */
static unsigned int pick_op(const struct x86_insn *in,
			    const struct x86_mem_write *mw)
{
	unsigned int op;

	if (mw->op == X86_MW_NONE || mw->op >= sizeof(op_map))
		return PTE_WRITE_NONE;
	op = op_map[mw->op];
	if (op == PTE_WRITE_NONE)
		return PTE_WRITE_NONE;
	/* REP/XACQUIRE/XRELEASE: never on page tables; keep the set small. */
	if (in->has_rep || in->has_repne)
		return PTE_WRITE_NONE;
	/*
	 * A 32-bit address wrap of the BTx displacement is not modelled;
	 * nobody addresses page tables with 67 and a bit-number register.
	 */
	if (is_bt(op) && mw->src == X86_MW_SRC_REG && in->addr_size != 8)
		return PTE_WRITE_NONE;
	if (mw->size != 1 && mw->size != 2 && mw->size != 4 && mw->size != 8)
		return PTE_WRITE_NONE;
	return op;
}

/* Fill @out from the operands; the address checks are the caller's. */
static void fill_write(const struct x86_insn *in,
		       const struct x86_mem_write *mw, unsigned int op,
		       const uint64_t gpr[16], struct pte_write *out)
{
	out->op = op;
	out->width = mw->size;
	out->is_locked = mw->is_locked;
	out->insn_len = in->len;
	if (op == PTE_WRITE_CMPXCHG8B)
		return;
	out->src = read_src(mw, gpr);
	if (op == PTE_WRITE_XCHG) {
		out->src_reg = mw->src_reg;
		out->src_shift = mw->src_shift;
	}
}

/* Linear address of the access (BTx register form adjusted). */
static int access_addr(const struct x86_insn *in,
		       const struct x86_mem_write *mw, unsigned int op,
		       const uint64_t gpr[16], const struct pte_write_env *env,
		       struct pte_write *out, uint64_t *lin)
{
	uint64_t ea;
	int rc;

	rc = x86_insn_mem_addr(in, gpr, env->rip + in->len, &ea);
	if (rc)
		return rc;
	ea += seg_base(in, env);
	if (is_bt(op) && mw->src == X86_MW_SRC_REG)
		ea += bt_reg_adjust(out->src, mw->size, &out->src);
	else if (is_bt(op))
		out->src &= 8ull * mw->size - 1;
	*lin = ea;
	return 0;
}

int pte_write_decode(const uint8_t *insn, size_t len, const uint64_t gpr[16],
		     const struct pte_write_env *env, uint64_t fault_addr,
		     struct pte_write *out)
{
	struct x86_insn in;
	struct x86_mem_write mw;
	struct pte_write w;
	unsigned int op;
	uint64_t lin;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	rc = x86_decode(insn, len, &in);
	if (rc == -E2BIG)
		return -EINVAL;
	if (rc)
		return rc;
	x86_mem_write_operands(&in, &mw);
	op = pick_op(&in, &mw);
	if (op == PTE_WRITE_NONE)
		return -EOPNOTSUPP;
	fill_write(&in, &mw, op, gpr, &w);
	rc = access_addr(&in, &mw, op, gpr, env, &w, &lin);
	if (rc)
		return -EOPNOTSUPP;
	/* The whole access must sit in one entry: no straddling. */
	if ((lin & (PTE_SIZE - 1)) + w.width > PTE_SIZE)
		return -EOPNOTSUPP;
	/* Unsigned difference: also right when lin + width wraps. */
	if (fault_addr - lin >= w.width)
		return -EINVAL;
	w.pte_addr = lin & ~(uint64_t)(PTE_SIZE - 1);
	w.offset = lin & (PTE_SIZE - 1);
	memcpy(out, &w, sizeof(w));
	return 0;
}

/* PF: set when the low byte of the result has an even number of ones. */
static uint64_t parity_flag(uint64_t res)
{
	unsigned int v = res & 0xff;

	v ^= v >> 4;
	v ^= v >> 2;
	v ^= v >> 1;
	return (v & 1) ? 0 : FL_PF;
}

/* ZF, SF and PF of a result of @width bytes. */
static uint64_t szp_flags(uint64_t res, unsigned int width)
{
	uint64_t f = parity_flag(res);

	if (!(res & width_mask(width)))
		f |= FL_ZF;
	if (res & sign_bit(width))
		f |= FL_SF;
	return f;
}

/* Flags of a + b = res, all masked to @width bytes. */
static uint64_t add_flags(uint64_t a, uint64_t b, uint64_t res,
			  unsigned int width)
{
	uint64_t f = szp_flags(res, width);

	if (res < a)
		f |= FL_CF;
	if ((a ^ b ^ res) & 0x10)
		f |= FL_AF;
	if ((a ^ res) & (b ^ res) & sign_bit(width))
		f |= FL_OF;
	return f;
}

/* Flags of a - b = res, all masked to @width bytes. */
static uint64_t sub_flags(uint64_t a, uint64_t b, uint64_t res,
			  unsigned int width)
{
	uint64_t f = szp_flags(res, width);

	if (a < b)
		f |= FL_CF;
	if ((a ^ b ^ res) & 0x10)
		f |= FL_AF;
	if ((a ^ b) & (a ^ res) & sign_bit(width))
		f |= FL_OF;
	return f;
}

/* Result of one operation; @changed: the flags the operation defines. */
struct alu_out {
	uint64_t val;
	uint64_t flags;
	uint64_t changed;
};

/* ADD, SUB, INC, DEC, AND, OR, XOR on @old (the memory operand). */
static void alu(unsigned int op, uint64_t old, uint64_t src,
		unsigned int width, struct alu_out *o)
{
	uint64_t m = width_mask(width);

	o->changed = FL_ARITH;
	switch (op) {
	case PTE_WRITE_ADD:
		o->val = (old + src) & m;
		o->flags = add_flags(old, src, o->val, width);
		return;
	case PTE_WRITE_SUB:
		o->val = (old - src) & m;
		o->flags = sub_flags(old, src, o->val, width);
		return;
	case PTE_WRITE_INC:
		o->val = (old + 1) & m;
		o->flags = add_flags(old, 1, o->val, width) & ~FL_CF;
		o->changed &= ~FL_CF;
		return;
	case PTE_WRITE_DEC:
		o->val = (old - 1) & m;
		o->flags = sub_flags(old, 1, o->val, width) & ~FL_CF;
		o->changed &= ~FL_CF;
		return;
	}
	if (op == PTE_WRITE_AND)
		o->val = old & src;
	else if (op == PTE_WRITE_OR)
		o->val = old | src;
	else
		o->val = old ^ src;
	/* CF and OF are defined as 0; AF is undefined, CPUs clear it. */
	o->flags = szp_flags(o->val, width);
}

/* BTS/BTR/BTC: CF is the old bit; the other flags are left alone. */
static void bit_op(unsigned int op, uint64_t old, uint64_t bit,
		   struct alu_out *o)
{
	uint64_t b = 1ull << bit;

	o->flags = (old & b) ? FL_CF : 0;
	o->changed = FL_CF;
	if (op == PTE_WRITE_BTS)
		o->val = old | b;
	else if (op == PTE_WRITE_BTR)
		o->val = old & ~b;
	else
		o->val = old ^ b;
}

/*
 * Store @val (of @width bytes) into a register as a register write would:
 * 32-bit writes zero the upper half, 8- and 16-bit writes merge.
 */
static void write_reg(uint64_t gpr[16], unsigned int reg, unsigned int shift,
		      unsigned int width, uint64_t val)
{
	uint64_t m = width_mask(width) << shift;

	if (width == 4) {
		gpr[reg] = (uint32_t)val;
		return;
	}
	gpr[reg] = (gpr[reg] & ~m) | ((val << shift) & m);
}

/* CMPXCHG: compare the accumulator, exchange or load it. */
static void cmpxchg(const struct pte_write *w, uint64_t old, uint64_t gpr[16],
		    struct alu_out *o)
{
	uint64_t m = width_mask(w->width);
	uint64_t acc = gpr[0] & m;

	/* The flags are those of CMP accumulator, destination. */
	o->flags = sub_flags(acc, old, (acc - old) & m, w->width);
	o->changed = FL_ARITH;
	if (acc == old) {
		o->val = w->src;
		return;
	}
	o->val = old;
	write_reg(gpr, 0, 0, w->width, old);
}

/* CMPXCHG8B: EDX:EAX against the entry, ECX:EBX stored on a match. */
static void cmpxchg8b(uint64_t old, uint64_t gpr[16], struct alu_out *o)
{
	uint64_t cmp = (uint32_t)gpr[0] | (gpr[2] << 32);

	o->changed = FL_ZF;
	if (cmp == old) {
		o->val = (uint32_t)gpr[3] | (gpr[1] << 32);
		o->flags = FL_ZF;
		return;
	}
	o->val = old;
	o->flags = 0;
	gpr[0] = (uint32_t)old;
	gpr[2] = old >> 32;
}

/* Every field of @w in range, so that apply cannot misbehave. */
static bool write_is_sane(const struct pte_write *w)
{
	unsigned int width = w->width;

	if (w->op == PTE_WRITE_NONE || w->op >= PTE_WRITE_NR_OPS)
		return false;
	if (width != 1 && width != 2 && width != 4 && width != 8)
		return false;
	if (w->offset >= PTE_SIZE || w->offset + width > PTE_SIZE)
		return false;
	if (w->src & ~width_mask(width))
		return false;
	if (is_bt(w->op) && (width == 1 || w->src >= 8u * width))
		return false;
	if (w->op == PTE_WRITE_CMPXCHG8B && width != 8)
		return false;
	if (w->src_reg >= 16 || (w->src_shift != 0 && w->src_shift != 8))
		return false;
	/* Only AH, CH, DH, BH exist as high-byte registers. */
	return !w->src_shift || (width == 1 && w->src_reg < 4);
}

int pte_write_apply(const struct pte_write *w, uint64_t old_pte,
		    uint64_t gpr[16], uint64_t *rflags, uint64_t *new_pte)
{
	unsigned int sh;
	uint64_t m, old;
	struct alu_out o = { 0 };

	if (!write_is_sane(w))
		return -EINVAL;
	sh = 8 * w->offset;
	m = width_mask(w->width);
	old = (old_pte >> sh) & m;
	switch (w->op) {
	case PTE_WRITE_MOV:
		o.val = w->src;
		break;
	case PTE_WRITE_XCHG:
		o.val = w->src;
		write_reg(gpr, w->src_reg, w->src_shift, w->width, old);
		break;
	case PTE_WRITE_CMPXCHG:
		cmpxchg(w, old, gpr, &o);
		break;
	case PTE_WRITE_CMPXCHG8B:
		cmpxchg8b(old, gpr, &o);
		break;
	case PTE_WRITE_BTS: case PTE_WRITE_BTR: case PTE_WRITE_BTC:
		bit_op(w->op, old, w->src, &o);
		break;
	default:
		alu(w->op, old, w->src, w->width, &o);
		break;
	}
	*rflags = (*rflags & ~o.changed) | (o.flags & o.changed);
	*new_pte = (old_pte & ~(m << sh)) | ((o.val & m) << sh);
	return 0;
}
