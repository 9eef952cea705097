/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Unit tests of hypervisor/lib/pte-write.c. The main test uses the host
 * CPU as the oracle: it encodes random instances of every supported write
 * form (each operand size, register and immediate sources, with and
 * without LOCK, 67 and segment overrides, every addressing mode and every
 * byte offset inside the entry), runs each on a host buffer through a
 * trampoline that loads all general registers and the arithmetic flags,
 * and compares memory, registers and flags with pte_write_decode() plus
 * pte_write_apply(). Flags the SDM leaves undefined are not compared but
 * counted. Further tests check the exact encodings Linux 6.1 uses and the
 * refusals (straddling, register destinations, wrong fault address,
 * unsupported or truncated instructions, malformed struct pte_write). The
 * oracle needs an x86-64 host and MAP_32BIT; it is what this project
 * builds on, so there is no fallback.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <asm/prctl.h>

#include <vesta/errno.h>
#include <vesta/pte-write.h>

#define FL_CF	0x001ull
#define FL_PF	0x004ull
#define FL_AF	0x010ull
#define FL_ZF	0x040ull
#define FL_SF	0x080ull
#define FL_OF	0x800ull
#define FL_ARITH (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF)

#define RAX 0
#define RCX 1
#define RDX 2
#define RBX 3
#define RSP 4
#define RDI 7

#define NR_RANDOM_CASES 200000
#define DATA_SIZE 4096

/* ---- host CPU trampoline ---- */

/* Register file handed to the trampoline: gpr[4] (RSP) is ignored. */
struct cpu_state {
	uint64_t gpr[16];
	uint64_t rflags;
};

/*
 * run_insn(state, code): load every GPR but RSP and RFLAGS from @state,
 * call @code (the instruction followed by RET), store them back.
 */
void run_insn(struct cpu_state *st, const void *code);
__asm__(
	".text\n"
	".globl run_insn\n"
	".type run_insn, @function\n"
	"run_insn:\n"
	"	push %rbx\n	push %rbp\n	push %r12\n"
	"	push %r13\n	push %r14\n	push %r15\n"
	"	push %rdi\n"
	"	push %rsi\n"
	"	pushq 128(%rdi)\n"
	"	popfq\n"
	"	mov 0(%rdi), %rax\n	mov 8(%rdi), %rcx\n"
	"	mov 16(%rdi), %rdx\n	mov 24(%rdi), %rbx\n"
	"	mov 40(%rdi), %rbp\n	mov 48(%rdi), %rsi\n"
	"	mov 64(%rdi), %r8\n	mov 72(%rdi), %r9\n"
	"	mov 80(%rdi), %r10\n	mov 88(%rdi), %r11\n"
	"	mov 96(%rdi), %r12\n	mov 104(%rdi), %r13\n"
	"	mov 112(%rdi), %r14\n	mov 120(%rdi), %r15\n"
	"	mov 56(%rdi), %rdi\n"
	"	call *(%rsp)\n"
	"	push %rdi\n"
	"	mov 16(%rsp), %rdi\n"
	"	mov %rax, 0(%rdi)\n	mov %rcx, 8(%rdi)\n"
	"	mov %rdx, 16(%rdi)\n	mov %rbx, 24(%rdi)\n"
	"	mov %rbp, 40(%rdi)\n	mov %rsi, 48(%rdi)\n"
	"	mov %r8, 64(%rdi)\n	mov %r9, 72(%rdi)\n"
	"	mov %r10, 80(%rdi)\n	mov %r11, 88(%rdi)\n"
	"	mov %r12, 96(%rdi)\n	mov %r13, 104(%rdi)\n"
	"	mov %r14, 112(%rdi)\n	mov %r15, 120(%rdi)\n"
	"	popq 56(%rdi)\n"
	"	pushfq\n"
	"	popq 128(%rdi)\n"
	"	add $16, %rsp\n"
	"	pop %r15\n	pop %r14\n	pop %r13\n"
	"	pop %r12\n	pop %rbp\n	pop %rbx\n"
	"	ret\n"
	".size run_insn, . - run_insn\n");

/* ---- random numbers (xorshift64*, fixed seed unless PTE_WRITE_SEED) ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static unsigned int rnd_below(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

/* Random 64-bit value biased towards interesting edges. */
static uint64_t rnd_value(void)
{
	static const uint64_t edges[] = {
		0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff,
		0x80000000, 0xffffffff, 0x7fffffffffffffffull,
		0x8000000000000000ull, ~0ull, 0x8000000012345067ull,
	};

	switch (rnd_below(6)) {
	case 0:
		return edges[rnd_below(sizeof(edges) / sizeof(edges[0]))];
	case 1:
		return edges[rnd_below(sizeof(edges) / sizeof(edges[0]))] ^
		       (1ull << rnd_below(64));
	default:
		return rnd();
	}
}

/* ---- the write forms under test ---- */

enum kind {
	K_RM_REG,	/* opc (byte) / opc + 1, ModRM.reg = source */
	K_0F_RM_REG,	/* 0F opc (byte) / 0F opc + 1 */
	K_0F_REG,	/* 0F opc, no byte form */
	K_GRP1,		/* 80 ib, 81 iz, 83 ib with /ext */
	K_MOVI,		/* C6 ib, C7 iz */
	K_MOFFS,	/* A2 / A3 */
	K_BTI,		/* 0F BA /ext ib */
	K_INCDEC,	/* FE / FF /ext */
	K_CX8B,		/* 0F C7 /1 */
};

#define S1 1
#define S2 2
#define S4 4
#define S8 8
#define SALL (S1 | S2 | S4 | S8)

struct form {
	const char *name;
	uint8_t op;		/* expected enum pte_write_op */
	uint8_t kind;
	uint8_t opc;
	uint8_t ext;
	uint8_t sizes;		/* bit mask of allowed operand sizes */
	bool can_lock;
};

static const struct form forms[] = {
	{ "add r", PTE_WRITE_ADD, K_RM_REG, 0x00, 0, SALL, true },
	{ "or r", PTE_WRITE_OR, K_RM_REG, 0x08, 0, SALL, true },
	{ "and r", PTE_WRITE_AND, K_RM_REG, 0x20, 0, SALL, true },
	{ "sub r", PTE_WRITE_SUB, K_RM_REG, 0x28, 0, SALL, true },
	{ "xor r", PTE_WRITE_XOR, K_RM_REG, 0x30, 0, SALL, true },
	{ "xchg", PTE_WRITE_XCHG, K_RM_REG, 0x86, 0, SALL, true },
	{ "mov r", PTE_WRITE_MOV, K_RM_REG, 0x88, 0, SALL, false },
	{ "cmpxchg", PTE_WRITE_CMPXCHG, K_0F_RM_REG, 0xb0, 0, SALL, true },
	{ "bts r", PTE_WRITE_BTS, K_0F_REG, 0xab, 0, S2 | S4 | S8, true },
	{ "btr r", PTE_WRITE_BTR, K_0F_REG, 0xb3, 0, S2 | S4 | S8, true },
	{ "btc r", PTE_WRITE_BTC, K_0F_REG, 0xbb, 0, S2 | S4 | S8, true },
	{ "movnti", PTE_WRITE_MOV, K_0F_REG, 0xc3, 0, S4 | S8, false },
	{ "add i", PTE_WRITE_ADD, K_GRP1, 0, 0, SALL, true },
	{ "or i", PTE_WRITE_OR, K_GRP1, 0, 1, SALL, true },
	{ "and i", PTE_WRITE_AND, K_GRP1, 0, 4, SALL, true },
	{ "sub i", PTE_WRITE_SUB, K_GRP1, 0, 5, SALL, true },
	{ "xor i", PTE_WRITE_XOR, K_GRP1, 0, 6, SALL, true },
	{ "mov i", PTE_WRITE_MOV, K_MOVI, 0, 0, SALL, false },
	{ "mov moffs", PTE_WRITE_MOV, K_MOFFS, 0, 0, SALL, false },
	{ "bts i", PTE_WRITE_BTS, K_BTI, 0, 5, S2 | S4 | S8, true },
	{ "btr i", PTE_WRITE_BTR, K_BTI, 0, 6, S2 | S4 | S8, true },
	{ "btc i", PTE_WRITE_BTC, K_BTI, 0, 7, S2 | S4 | S8, true },
	{ "inc", PTE_WRITE_INC, K_INCDEC, 0, 0, SALL, true },
	{ "dec", PTE_WRITE_DEC, K_INCDEC, 0, 1, SALL, true },
	{ "cmpxchg8b", PTE_WRITE_CMPXCHG8B, K_CX8B, 0, 1, S8, true },
};

#define NR_FORMS (sizeof(forms) / sizeof(forms[0]))

/* Addressing modes of the memory operand. */
enum mode { M_BASE, M_BASE_INDEX, M_INDEX, M_ABS, M_RIP, M_MOFFS };

/* One generated test case. */
struct tcase {
	const struct form *f;
	unsigned int size, mode, reg, base, index, scale;
	bool lock, adsize, rex;
	uint8_t seg;		/* override prefix byte or 0 */
	uint64_t seg_base;
	uint8_t bytes[24];	/* room for 4 prefixes + REX + longest form */
	unsigned int len;
	unsigned int disp_pos, disp_size, imm_pos, imm_size;
};

static bool uses_reg_field(const struct form *f)
{
	return f->kind == K_RM_REG || f->kind == K_0F_RM_REG ||
	       f->kind == K_0F_REG;
}

static bool is_bt_reg(const struct form *f)
{
	return f->kind == K_0F_REG && f->opc != 0xc3;
}

/* Put the prefixes in random order; REX goes last, just before the opcode. */
static void emit_prefixes(struct tcase *t)
{
	uint8_t p[6];
	unsigned int n = 0, i;

	if (t->lock)
		p[n++] = 0xf0;
	if (t->size == 2 || (t->size == 8 && rnd_below(16) == 0 &&
			     t->f->opc != 0xc3 && t->f->kind != K_CX8B))
		p[n++] = 0x66;
	if (t->adsize)
		p[n++] = 0x67;
	if (t->seg)
		p[n++] = t->seg;
	for (i = n; i > 1; i--) {
		unsigned int j = rnd_below(i);
		uint8_t tmp = p[i - 1];

		p[i - 1] = p[j];
		p[j] = tmp;
	}
	memcpy(t->bytes, p, n);
	t->len = n;
}

static void emit_rex(struct tcase *t)
{
	uint8_t rex = 0x40;

	if (t->size == 8 && t->f->kind != K_CX8B)
		rex |= 8;
	if (t->reg >= 8)
		rex |= 4;
	if (t->index < 16 && t->index >= 8)
		rex |= 2;
	if (t->base < 16 && t->base >= 8)
		rex |= 1;
	if (rex != 0x40 || t->rex)
		t->bytes[t->len++] = rex;
	t->rex = rex != 0x40 || t->rex;
}

static void emit_opcode(struct tcase *t)
{
	const struct form *f = t->f;
	bool byte = t->size == 1;
	uint8_t *b = t->bytes;

	switch (f->kind) {
	case K_RM_REG: b[t->len++] = f->opc + !byte; break;
	case K_0F_RM_REG:
		b[t->len++] = 0x0f;
		b[t->len++] = f->opc + !byte;
		break;
	case K_0F_REG: b[t->len++] = 0x0f; b[t->len++] = f->opc; break;
	case K_GRP1:
		b[t->len++] = byte ? 0x80 : rnd_below(2) ? 0x81 : 0x83;
		break;
	case K_MOVI: b[t->len++] = byte ? 0xc6 : 0xc7; break;
	case K_MOFFS: b[t->len++] = byte ? 0xa2 : 0xa3; break;
	case K_BTI: b[t->len++] = 0x0f; b[t->len++] = 0xba; break;
	case K_INCDEC: b[t->len++] = byte ? 0xfe : 0xff; break;
	case K_CX8B: b[t->len++] = 0x0f; b[t->len++] = 0xc7; break;
	}
}

static unsigned int log2_scale(unsigned int scale)
{
	return scale == 8 ? 3 : scale == 4 ? 2 : scale == 2 ? 1 : 0;
}

/* SIB byte: @index 4 (no index) when the mode has none. */
static uint8_t sib_byte(const struct tcase *t, unsigned int base)
{
	bool has_index = t->mode == M_INDEX || t->mode == M_BASE_INDEX;
	unsigned int ss = has_index ? log2_scale(t->scale) : 0;
	unsigned int idx = has_index ? t->index & 7 : 4;

	return (uint8_t)(ss << 6 | idx << 3 | base);
}

/* ModRM, SIB and a placeholder displacement for the chosen mode. */
static void emit_modrm(struct tcase *t)
{
	unsigned int r = t->reg & 7, mod, rm;
	int sib = -1;

	if (t->mode == M_RIP) {
		mod = 0, rm = 5, t->disp_size = 4;
	} else if (t->mode == M_ABS || t->mode == M_INDEX) {
		/* SIB base 5 with mod 0: no base, disp32. */
		mod = 0, rm = 4, t->disp_size = 4, sib = sib_byte(t, 5);
	} else {
		/* Base 5 (RBP/R13) with mod 0 would mean "no base". */
		if (t->disp_size == 0 && (t->base & 7) == 5)
			t->disp_size = 1;
		mod = t->disp_size == 0 ? 0 : t->disp_size == 1 ? 1 : 2;
		rm = t->base & 7;
		if (t->mode == M_BASE_INDEX || rm == 4) {
			sib = sib_byte(t, rm);
			rm = 4;
		}
	}
	t->bytes[t->len++] = (uint8_t)(mod << 6 | r << 3 | rm);
	if (sib >= 0)
		t->bytes[t->len++] = (uint8_t)sib;
	t->disp_pos = t->len;
	t->len += t->disp_size;
}

static void emit_imm(struct tcase *t)
{
	const struct form *f = t->f;

	t->imm_size = 0;
	if (f->kind == K_BTI)
		t->imm_size = 1;
	else if (f->kind == K_GRP1 || f->kind == K_MOVI)
		t->imm_size = t->size == 1 ? 1 : t->size == 2 ? 2 : 4;
	t->imm_pos = t->len;
	t->len += t->imm_size;
}

/* Write @v as @n little-endian bytes at @p. */
static void put_le(uint8_t *p, unsigned int n, uint64_t v)
{
	for (unsigned int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Encode the instruction of @t, leaving displacement/immediate to fill. */
static void encode(struct tcase *t)
{
	unsigned int opc_pos;

	emit_prefixes(t);
	emit_rex(t);
	opc_pos = t->len;
	emit_opcode(t);
	if (t->f->kind == K_MOFFS) {
		t->disp_pos = t->len;
		t->disp_size = t->adsize ? 4 : 8;
		t->len += t->disp_size;
		t->imm_size = 0;
		return;
	}
	emit_modrm(t);
	/* 83: imm8 whatever the size; fix up after the generic rule. */
	emit_imm(t);
	if (t->f->kind == K_GRP1 && t->bytes[opc_pos] == 0x83) {
		t->len -= t->imm_size - 1;
		t->imm_size = 1;
	}
}

/* ---- case generation ---- */

static uint64_t host_fs_base, host_gs_base;
static uint8_t *code_page, *data_page;

static unsigned int pick_size(const struct form *f)
{
	unsigned int s;

	do
		s = 1u << rnd_below(4);
	while (!(f->sizes & s));
	return s;
}

/*
 * Choose the ModRM.reg register (or extension), the base and the index.
 * RSP is never a base, index or source: the trampoline needs it. SPL
 * (byte register 4 with REX) is excluded for the same reason.
 */
static void pick_regs(struct tcase *t)
{
	const struct form *f = t->f;

	do
		t->base = rnd_below(16);
	while (t->base == RSP);
	do
		t->index = rnd_below(16);
	while (t->index == RSP || t->index == t->base);
	/* 16: not used by the mode, so it must not set REX.B or REX.X. */
	if (t->mode != M_BASE && t->mode != M_BASE_INDEX)
		t->base = 16;
	if (t->mode != M_BASE_INDEX && t->mode != M_INDEX)
		t->index = 16;
	t->rex = rnd_below(4) == 0;
	if (!uses_reg_field(f)) {
		t->reg = f->ext;
		return;
	}
	for (;;) {
		bool rex;

		t->reg = rnd_below(16);
		rex = t->rex || t->size == 8 || t->reg >= 8 ||
		      (t->base >= 8 && t->base < 16) ||
		      (t->index >= 8 && t->index < 16);
		if (t->reg == RSP && (t->size != 1 || rex))
			continue;
		if (is_bt_reg(f) && (t->reg == t->base || t->reg == t->index))
			continue;
		break;
	}
}

static void pick_addressing(struct tcase *t)
{
	static const uint8_t segs[] = { 0x64, 0x65, 0x26, 0x2e, 0x36, 0x3e };

	t->mode = t->f->kind == K_MOFFS ? M_MOFFS : rnd_below(5);
	t->scale = 1u << rnd_below(4);
	t->disp_size = (unsigned int[]){ 0, 1, 4 }[rnd_below(3)];
	/* 67 with a register bit number is refused by design. */
	t->adsize = rnd_below(8) == 0 && !is_bt_reg(t->f);
	t->seg = rnd_below(3) == 0 ? segs[rnd_below(6)] : 0;
	t->seg_base = t->seg == 0x64 ? host_fs_base :
		      t->seg == 0x65 ? host_gs_base : 0;
	t->lock = t->f->can_lock && rnd_below(2);
}

static bool fits_s32(uint64_t v)
{
	return (int64_t)v == (int32_t)v;
}

/*
 * Make the operand address @ea (before the segment base) with the chosen
 * mode. Returns false if the mode cannot express it.
 */
static bool place_address(struct tcase *t, uint64_t ea, uint64_t gpr[16])
{
	uint64_t next_rip = (uintptr_t)code_page + t->len;
	uint64_t disp = 0, amask = t->adsize ? 0xffffffffull : ~0ull;

	if (t->adsize && ea > 0xffffffffull)
		return false;
	if (t->disp_size == 1)
		disp = (uint64_t)(int8_t)rnd();
	else if (t->disp_size == 4)
		disp = (uint64_t)(int32_t)rnd();
	switch (t->mode) {
	case M_MOFFS:
		put_le(&t->bytes[t->disp_pos], t->disp_size, ea);
		return true;
	case M_RIP:
		disp = (ea - next_rip) & amask;
		if (!t->adsize && !fits_s32(disp))
			return false;
		break;
	case M_ABS:
		disp = ea;
		if (!fits_s32(disp) && !t->adsize)
			return false;
		break;
	case M_INDEX:
		disp += (ea - disp) & (t->scale - 1);
		gpr[t->index] = (ea - disp) >> log2_scale(t->scale);
		/* Any multiple of 2^64 / scale vanishes when scaled. */
		if (t->scale > 1)
			gpr[t->index] += rnd() << (64 - log2_scale(t->scale));
		break;
	case M_BASE_INDEX:
		gpr[t->base] = ea - disp - gpr[t->index] * t->scale;
		break;
	default:
		gpr[t->base] = ea - disp;
		break;
	}
	put_le(&t->bytes[t->disp_pos], t->disp_size, disp);
	return true;
}

static uint64_t size_mask(unsigned int size)
{
	return size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

/* BTx register source: a bit number, and the displacement it implies. */
static uint64_t set_bit_number(struct tcase *t, uint64_t gpr[16])
{
	unsigned int bits = 8 * t->size;
	unsigned int sh = bits == 16 ? 4 : bits == 32 ? 5 : 6;
	uint64_t m = size_mask(t->size);
	int64_t num;

	if (rnd_below(8) == 0)
		num = (int64_t)rnd();
	else
		num = (int64_t)rnd_below(8192) - 4096;
	/* Reduce to the operand size, keeping the sign. */
	num = (int64_t)((uint64_t)num << (64 - bits)) >> (64 - bits);
	gpr[t->reg] = (rnd() & ~m) | ((uint64_t)num & m);
	return (uint64_t)(num >> sh) * t->size;
}

/* Make a CMPXCHG/CMPXCHG8B compare succeed about half of the time. */
static void bias_compare(const struct tcase *t, uint64_t gpr[16],
			 uint64_t old_bytes)
{
	bool rax_free = t->base != RAX && t->index != RAX;
	bool rdx_free = t->base != RDX && t->index != RDX;
	uint64_t m = size_mask(t->size);

	if (rnd_below(2))
		return;
	if (t->f->op == PTE_WRITE_CMPXCHG && rax_free)
		gpr[RAX] = (gpr[RAX] & ~m) | (old_bytes & m);
	if (t->f->op == PTE_WRITE_CMPXCHG8B && rax_free && rdx_free) {
		gpr[RAX] = (gpr[RAX] & ~0xffffffffull) | (uint32_t)old_bytes;
		gpr[RDX] = (gpr[RDX] & ~0xffffffffull) | (old_bytes >> 32);
	}
}

/* Everything one oracle comparison needs. */
struct scenario {
	struct tcase t;
	uint64_t gpr[16];
	uint64_t rflags;
	uint8_t *slot;		/* the 8-byte entry in data_page */
	unsigned int offset;	/* first byte accessed */
	uint64_t old_pte;
};

static bool try_generate(struct scenario *sc)
{
	struct tcase *t = &sc->t;
	uint64_t target, ea;

	memset(sc, 0, sizeof(*sc));
	t->f = &forms[rnd_below(NR_FORMS)];
	t->size = pick_size(t->f);
	pick_addressing(t);
	pick_regs(t);
	encode(t);
	/* The CPU would raise #GP on more than 15 bytes. */
	if (t->len > 15)
		return false;
	for (unsigned int i = 0; i < 16; i++)
		sc->gpr[i] = rnd_value();
	sc->rflags = 0x202 | (rnd() & FL_ARITH);
	sc->old_pte = rnd_value();
	sc->slot = data_page + 64 + 8 * rnd_below((DATA_SIZE - 128) / 8);
	sc->offset = t->f->kind == K_CX8B ? 0 : rnd_below(9 - t->size);
	target = (uintptr_t)sc->slot + sc->offset;
	for (unsigned int i = 0; i < t->imm_size; i++)
		t->bytes[t->imm_pos + i] = (uint8_t)rnd();
	ea = target;
	if (is_bt_reg(t->f))
		ea -= set_bit_number(t, sc->gpr);
	if (!place_address(t, ea - t->seg_base, sc->gpr))
		return false;
	bias_compare(t, sc->gpr, sc->old_pte >> (8 * sc->offset));
	return true;
}

/* Flags the SDM defines after @op (the others are undefined). */
static uint64_t defined_flags(unsigned int op)
{
	switch (op) {
	case PTE_WRITE_AND: case PTE_WRITE_OR: case PTE_WRITE_XOR:
		return FL_ARITH & ~FL_AF;
	case PTE_WRITE_BTS: case PTE_WRITE_BTR: case PTE_WRITE_BTC:
		return FL_CF | FL_ZF;
	}
	return FL_ARITH;
}

static unsigned long undefined_mismatch[PTE_WRITE_NR_OPS];

static void dump_case(const struct scenario *sc, const char *what)
{
	const struct tcase *t = &sc->t;

	fprintf(stderr, "MISMATCH (%s): %s size %u off %u mode %u:", what,
		t->f->name, t->size, sc->offset, t->mode);
	for (unsigned int i = 0; i < t->len; i++)
		fprintf(stderr, " %02x", t->bytes[i]);
	fprintf(stderr, "\n  old %016llx flags %llx\n",
		(unsigned long long)sc->old_pte,
		(unsigned long long)sc->rflags);
	for (unsigned int i = 0; i < 16; i++)
		fprintf(stderr, "  r%u=%016llx%s", i,
			(unsigned long long)sc->gpr[i], i % 4 == 3 ? "\n" : "");
}

/*
 * Run @sc on the host CPU (its code already in code_page): registers and
 * flags in @hw, memory in place.
 */
static void run_on_host(const struct scenario *sc, struct cpu_state *hw)
{
	memcpy(sc->slot, &sc->old_pte, 8);
	memcpy(hw->gpr, sc->gpr, sizeof(hw->gpr));
	hw->rflags = sc->rflags;
	run_insn(hw, code_page);
}

/* Emulate @sc; fails the test if decoding or applying refuses it. */
static void run_emulator(const struct scenario *sc, struct cpu_state *em,
			 uint64_t *new_pte)
{
	const struct tcase *t = &sc->t;
	struct pte_write_env env = {
		.rip = (uintptr_t)code_page,
		.fs_base = host_fs_base, .gs_base = host_gs_base,
	};
	uint64_t fault = (uintptr_t)sc->slot + sc->offset +
			 rnd_below(sc->t.size);
	size_t len = rnd_below(2) ? t->len : 15;
	struct pte_write w;
	int rc;

	rc = pte_write_decode(code_page, len, sc->gpr, &env, fault, &w);
	if (rc)
		dump_case(sc, "decode");
	assert_int_equal(rc, 0);
	if (w.op != t->f->op || w.width != t->size || w.offset != sc->offset ||
	    w.pte_addr != (uintptr_t)sc->slot || w.insn_len != t->len ||
	    w.is_locked != (t->lock || t->f->op == PTE_WRITE_XCHG))
		dump_case(sc, "decode fields");
	assert_int_equal(w.op, t->f->op);
	assert_int_equal(w.width, t->size);
	assert_int_equal(w.offset, sc->offset);
	assert_true(w.pte_addr == (uintptr_t)sc->slot);
	assert_int_equal(w.insn_len, t->len);
	assert_int_equal(w.is_locked, t->lock || t->f->op == PTE_WRITE_XCHG);
	memcpy(em->gpr, sc->gpr, sizeof(em->gpr));
	em->rflags = sc->rflags;
	assert_int_equal(pte_write_apply(&w, sc->old_pte, em->gpr,
					 &em->rflags, new_pte), 0);
}

static uint8_t data_before[DATA_SIZE];

static void check_one(const struct scenario *sc)
{
	struct cpu_state hw, em;
	uint64_t new_pte, hw_pte, def = defined_flags(sc->t.f->op);
	bool ok = true;

	memcpy(code_page, sc->t.bytes, sc->t.len);
	code_page[sc->t.len] = 0xc3;	/* ret */
	run_emulator(sc, &em, &new_pte);
	run_on_host(sc, &hw);
	memcpy(&hw_pte, sc->slot, 8);
	memcpy(data_before + (sc->slot - data_page), &hw_pte, 8);
	ok = ok && hw_pte == new_pte;
	ok = ok && !memcmp(data_before, data_page, DATA_SIZE);
	for (unsigned int i = 0; i < 16; i++)
		ok = ok && (i == RSP || hw.gpr[i] == em.gpr[i]);
	ok = ok && !((hw.rflags ^ em.rflags) & def);
	ok = ok && !((sc->rflags ^ em.rflags) & ~FL_ARITH);
	if ((hw.rflags ^ em.rflags) & FL_ARITH & ~def)
		undefined_mismatch[sc->t.f->op]++;
	if (ok)
		return;
	dump_case(sc, "result");
	fprintf(stderr, "  pte hw %016llx em %016llx; flags hw %llx em %llx\n",
		(unsigned long long)hw_pte, (unsigned long long)new_pte,
		(unsigned long long)hw.rflags, (unsigned long long)em.rflags);
	for (unsigned int i = 0; i < 16; i++)
		if (i != RSP && hw.gpr[i] != em.gpr[i])
			fprintf(stderr, "  r%u hw %016llx em %016llx\n", i,
				(unsigned long long)hw.gpr[i],
				(unsigned long long)em.gpr[i]);
	fail();
}

/* How often each dimension of the generator was exercised. */
struct coverage {
	unsigned long mode[M_MOFFS + 1];
	unsigned long fs, gs, other_seg, adsize, lock, size[9], offset[8];
};

static void count_case(struct coverage *c, const struct scenario *sc)
{
	const struct tcase *t = &sc->t;

	c->mode[t->mode]++;
	c->fs += t->seg == 0x64;
	c->gs += t->seg == 0x65;
	c->other_seg += t->seg && t->seg != 0x64 && t->seg != 0x65;
	c->adsize += t->adsize;
	c->lock += t->lock;
	c->size[t->size]++;
	c->offset[sc->offset]++;
}

static void check_coverage(const struct coverage *c)
{
	const unsigned long min = NR_RANDOM_CASES / 100;

	printf("oracle coverage: modes %lu/%lu/%lu/%lu/%lu/%lu fs %lu gs %lu "
	       "es/cs/ss/ds %lu 67 %lu lock %lu\n", c->mode[0], c->mode[1],
	       c->mode[2], c->mode[3], c->mode[4], c->mode[5], c->fs, c->gs,
	       c->other_seg, c->adsize, c->lock);
	for (unsigned int m = 0; m <= M_MOFFS; m++)
		assert_true(c->mode[m] > min);
	assert_true(c->fs > min && c->gs > min && c->other_seg > min);
	assert_true(c->adsize > min && c->lock > min);
	for (unsigned int s = 1; s <= 8; s *= 2)
		assert_true(c->size[s] > min);
	for (unsigned int o = 0; o < 8; o++)
		assert_true(c->offset[o] > min);
}

static void test_host_oracle(void **state)
{
	unsigned long done = 0, tries = 0, per_form[NR_FORMS] = { 0 };
	struct coverage cov = { 0 };
	struct scenario sc;

	(void)state;
	while (done < NR_RANDOM_CASES) {
		tries++;
		if (!try_generate(&sc))
			continue;
		/* Fresh random surroundings around the entry each time. */
		for (int i = -32; i < 32; i++)
			sc.slot[i] = (uint8_t)rnd();
		memcpy(data_before, data_page, DATA_SIZE);
		check_one(&sc);
		per_form[sc.t.f - forms]++;
		count_case(&cov, &sc);
		done++;
	}
	printf("oracle: %lu cases (%lu generated)\n", done, tries);
	check_coverage(&cov);
	for (unsigned int i = 0; i < NR_FORMS; i++)
		assert_true(per_form[i] > NR_RANDOM_CASES / NR_FORMS / 4);
	for (unsigned int op = 1; op < PTE_WRITE_NR_OPS; op++)
		if (undefined_mismatch[op])
			printf("oracle: op %u: undefined flags differ in %lu "
			       "cases (not a failure)\n", op,
			       undefined_mismatch[op]);
}

/* ---- fixed cases: the forms Linux 6.1 uses, and refusals ---- */

#define PTE_VA 0xffff888012345018ull
#define OLD_PTE 0x8000000012345067ull

struct fixed {
	uint64_t gpr[16];
	struct pte_write w;
	uint64_t rflags, new_pte;
};

/* Decode @b at PTE_VA (in RDI) faulting at @fault, then apply to OLD_PTE. */
static int run_fixed(struct fixed *fx, const uint8_t *b, size_t n,
		     uint64_t fault)
{
	static const struct pte_write_env env = { .rip = 0xffffffff81000000 };
	int rc;

	fx->gpr[RDI] = PTE_VA;
	rc = pte_write_decode(b, n, fx->gpr, &env, fault, &fx->w);
	if (rc)
		return rc;
	fx->rflags = 0x202;
	return pte_write_apply(&fx->w, OLD_PTE, fx->gpr, &fx->rflags,
			       &fx->new_pte);
}

static void test_linux_xchg_mov(void **state)
{
	static const uint8_t xchg[] = { 0x48, 0x87, 0x07 };
	static const uint8_t movq0[] = { 0x48, 0xc7, 0x07, 0, 0, 0, 0 };
	struct fixed fx = { 0 };

	(void)state;
	/* ptep_get_and_clear: xchg %rax, (%rdi) with RAX = 0. */
	assert_int_equal(run_fixed(&fx, xchg, sizeof(xchg), PTE_VA), 0);
	assert_int_equal(fx.w.op, PTE_WRITE_XCHG);
	assert_true(fx.w.pte_addr == PTE_VA && fx.w.offset == 0);
	assert_true(fx.w.width == 8 && fx.w.is_locked && fx.w.insn_len == 3);
	assert_true(fx.new_pte == 0 && fx.gpr[RAX] == OLD_PTE);
	assert_true(fx.rflags == 0x202);
	/* Full-mm teardown: movq $0, (%rdi). */
	memset(&fx, 0, sizeof(fx));
	assert_int_equal(run_fixed(&fx, movq0, sizeof(movq0), PTE_VA), 0);
	assert_int_equal(fx.w.op, PTE_WRITE_MOV);
	assert_true(fx.w.width == 8 && !fx.w.is_locked && fx.w.insn_len == 7);
	assert_true(fx.new_pte == 0 && fx.rflags == 0x202);
}

static void test_linux_and_btr(void **state)
{
	static const uint8_t andb[] = { 0xf0, 0x80, 0x27, 0xfd };
	static const uint8_t btrq[] = { 0xf0, 0x48, 0x0f, 0xba, 0x37, 0x05 };
	struct fixed fx = { 0 };

	(void)state;
	/* ptep_set_wrprotect: lock andb $~_PAGE_RW, (%rdi). */
	assert_int_equal(run_fixed(&fx, andb, sizeof(andb), PTE_VA), 0);
	assert_int_equal(fx.w.op, PTE_WRITE_AND);
	assert_true(fx.w.width == 1 && fx.w.offset == 0 && fx.w.src == 0xfd);
	assert_true(fx.w.is_locked && fx.w.insn_len == 4);
	assert_true(fx.new_pte == (OLD_PTE & ~2ull));
	/* Result 0x65: four bits set, so PF; not zero, not negative. */
	assert_true(fx.rflags == (0x202 | FL_PF));
	/* ptep_test_and_clear_young: lock btrq $5, (%rdi). */
	memset(&fx, 0, sizeof(fx));
	assert_int_equal(run_fixed(&fx, btrq, sizeof(btrq), PTE_VA), 0);
	assert_int_equal(fx.w.op, PTE_WRITE_BTR);
	assert_true(fx.w.width == 8 && fx.w.src == 5 && fx.w.is_locked);
	assert_true(fx.new_pte == (OLD_PTE & ~0x20ull));
	assert_true(fx.rflags == (0x202 | FL_CF));
}

static void test_linux_cmpxchg(void **state)
{
	static const uint8_t cx[] = { 0xf0, 0x48, 0x0f, 0xb1, 0x17 };
	static const uint8_t cx8b[] = { 0xf0, 0x0f, 0xc7, 0x0f };
	struct fixed fx = { 0 };

	(void)state;
	fx.gpr[RAX] = OLD_PTE;
	fx.gpr[RDX] = 0x1234;
	assert_int_equal(run_fixed(&fx, cx, sizeof(cx), PTE_VA), 0);
	assert_int_equal(fx.w.op, PTE_WRITE_CMPXCHG);
	assert_true(fx.new_pte == 0x1234 && fx.gpr[RAX] == OLD_PTE);
	assert_true(fx.rflags == (0x202 | FL_ZF | FL_PF));
	/* A failed compare loads RAX and leaves the entry alone. */
	memset(&fx, 0, sizeof(fx));
	fx.gpr[RAX] = 5;
	fx.gpr[RDX] = 0x1234;
	assert_int_equal(run_fixed(&fx, cx, sizeof(cx), PTE_VA), 0);
	assert_true(fx.new_pte == OLD_PTE && fx.gpr[RAX] == OLD_PTE);
	assert_false(fx.rflags & FL_ZF);
	/* CMPXCHG8B: EDX:EAX against the entry, ECX:EBX stored. */
	memset(&fx, 0, sizeof(fx));
	fx.gpr[RAX] = (uint32_t)OLD_PTE | 0xdead00000000ull;
	fx.gpr[RDX] = OLD_PTE >> 32;
	fx.gpr[RCX] = 0x11111111;
	fx.gpr[RBX] = 0x22222222;
	assert_int_equal(run_fixed(&fx, cx8b, sizeof(cx8b), PTE_VA), 0);
	assert_int_equal(fx.w.op, PTE_WRITE_CMPXCHG8B);
	assert_true(fx.new_pte == 0x1111111122222222ull);
	assert_true(fx.rflags == (0x202 | FL_ZF));
}

/* Decode @b with RDI = @rdi, faulting at @fault; return the error code. */
static int decode_at(const uint8_t *b, size_t n, uint64_t rdi, uint64_t fault)
{
	static const struct pte_write_env env = { .rip = 0x1000 };
	uint64_t gpr[16] = { 0 };
	struct pte_write w;
	int rc;

	gpr[RDI] = rdi;
	memset(&w, 0xa5, sizeof(w));
	rc = pte_write_decode(b, n, gpr, &env, fault, &w);
	if (rc) {
		/* On error the output is all zeroes. */
		for (size_t i = 0; i < sizeof(w); i++)
			assert_int_equal(((uint8_t *)&w)[i], 0);
	}
	return rc;
}

#define DECODE_AT(rc, rdi, fault, ...) do {				\
	static const uint8_t b_[] = { __VA_ARGS__ };			\
	assert_int_equal(decode_at(b_, sizeof(b_), rdi, fault), rc);	\
} while (0)

static void test_refuse_address(void **state)
{
	(void)state;
	/* mov %rax, (%rdi) straddling two entries. */
	DECODE_AT(-EOPNOTSUPP, PTE_VA + 4, PTE_VA + 4, 0x48, 0x89, 0x07);
	DECODE_AT(-EOPNOTSUPP, PTE_VA + 7, PTE_VA + 7, 0x66, 0x89, 0x07);
	DECODE_AT(-EOPNOTSUPP, PTE_VA + 6, PTE_VA + 6, 0x89, 0x07);
	DECODE_AT(0, PTE_VA + 4, PTE_VA + 4, 0x89, 0x07);
	DECODE_AT(0, PTE_VA + 6, PTE_VA + 6, 0x66, 0x89, 0x07);
	/* The fault address must be one of the bytes accessed. */
	DECODE_AT(-EINVAL, PTE_VA, PTE_VA + 8, 0x48, 0x89, 0x07);
	DECODE_AT(-EINVAL, PTE_VA, PTE_VA - 1, 0x48, 0x89, 0x07);
	DECODE_AT(0, PTE_VA, PTE_VA + 7, 0x48, 0x89, 0x07);
	DECODE_AT(-EINVAL, PTE_VA, PTE_VA + 1, 0x88, 0x07);
	DECODE_AT(-EINVAL, PTE_VA, 0x1234, 0x48, 0x89, 0x07);
	/* FS override without the FS base: a different address. */
	DECODE_AT(-EINVAL, PTE_VA, PTE_VA + 0x100, 0x64, 0x48, 0x89, 0x07);
	/* CMPXCHG16B spans two entries: refused even when 16-aligned. */
	DECODE_AT(-EOPNOTSUPP, PTE_VA - 8, PTE_VA - 8,
		  0xf0, 0x48, 0x0f, 0xc7, 0x0f);
	/* 67 with a register bit number (a 32-bit wrap is not modelled). */
	DECODE_AT(-EOPNOTSUPP, 0x1000, 0x1000, 0x67, 0x48, 0x0f, 0xab, 0x07);
}

static void test_refuse_insn(void **state)
{
	(void)state;
	DECODE_AT(-EOPNOTSUPP, PTE_VA, PTE_VA, 0x48, 0x87, 0xc7); /* reg */
	DECODE_AT(-EOPNOTSUPP, PTE_VA, PTE_VA, 0x48, 0x89, 0xc7);
	DECODE_AT(-EOPNOTSUPP, PTE_VA, PTE_VA, 0x48, 0x8b, 0x07); /* load */
	DECODE_AT(-EOPNOTSUPP, PTE_VA, PTE_VA, 0x48, 0x39, 0x07); /* cmp */
	DECODE_AT(-EOPNOTSUPP, PTE_VA, PTE_VA, 0x48, 0x0f, 0xa3, 0x07); /* bt */
	DECODE_AT(-EOPNOTSUPP, PTE_VA, PTE_VA, 0x48, 0x11, 0x07); /* adc */
	DECODE_AT(-EOPNOTSUPP, PTE_VA, PTE_VA, 0x48, 0x19, 0x07); /* sbb */
	DECODE_AT(-EOPNOTSUPP, PTE_VA, PTE_VA, 0xf0, 0x48, 0x0f, 0xc1, 0x07);
	DECODE_AT(-EOPNOTSUPP, PTE_VA, PTE_VA, 0x48, 0xf7, 0x17); /* not */
	DECODE_AT(-EOPNOTSUPP, PTE_VA, PTE_VA, 0x48, 0xf7, 0x1f); /* neg */
	DECODE_AT(-EOPNOTSUPP, PTE_VA, PTE_VA, 0x48, 0xab);	  /* stos */
	DECODE_AT(-EOPNOTSUPP, PTE_VA, PTE_VA, 0xf3, 0x48, 0xab);
	DECODE_AT(-EOPNOTSUPP, PTE_VA, PTE_VA, 0xf0, 0x48, 0x89, 0x07);
	DECODE_AT(-EOPNOTSUPP, PTE_VA, PTE_VA, 0xf3, 0x48, 0x89, 0x07);
	DECODE_AT(-EOPNOTSUPP, PTE_VA, PTE_VA, 0xf2, 0xf0, 0x48, 0x87, 0x07);
	DECODE_AT(-EOPNOTSUPP, PTE_VA, PTE_VA, 0xc5, 0xf8, 0x11, 0x07);
	DECODE_AT(-EOPNOTSUPP, PTE_VA, PTE_VA, 0x0f, 0x0b);	  /* ud2 */
	DECODE_AT(-EOPNOTSUPP, PTE_VA, PTE_VA, 0x90);
	DECODE_AT(-EINVAL, PTE_VA, PTE_VA, 0x06);		  /* push es */
	DECODE_AT(-EINVAL, PTE_VA, PTE_VA, 0x66, 0x66, 0x66, 0x66, 0x66,
		  0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x89,
		  0x07);
}

static void test_truncated(void **state)
{
	static const uint8_t b[] = { 0xf0, 0x48, 0x0f, 0xb1, 0x54, 0x87, 0x10 };
	uint64_t rdi = PTE_VA - 0x10 - 4 * PTE_VA;
	uint64_t gpr[16] = { 0 };
	struct pte_write_env env = { 0 };
	struct pte_write w;

	(void)state;
	/* lock cmpxchg %rdx, 0x10(%rdi,%rax,4) */
	gpr[RDI] = rdi;
	gpr[RAX] = PTE_VA;
	for (size_t n = 0; n < sizeof(b); n++)
		assert_int_equal(pte_write_decode(b, n, gpr, &env, PTE_VA, &w),
				 -EAGAIN);
	assert_int_equal(pte_write_decode(b, sizeof(b), gpr, &env, PTE_VA,
					  &w), 0);
	assert_true(w.pte_addr == PTE_VA && w.insn_len == sizeof(b));
}

/* Apply @w and check it is refused with every output untouched. */
static void expect_apply_refused(const struct pte_write *w)
{
	uint64_t gpr[16], rflags = 0x8d7, pte = 0x5a5a;

	memset(gpr, 0x3c, sizeof(gpr));
	assert_int_equal(pte_write_apply(w, OLD_PTE, gpr, &rflags, &pte),
			 -EINVAL);
	assert_true(rflags == 0x8d7 && pte == 0x5a5a);
	for (unsigned int i = 0; i < 16; i++)
		assert_true(gpr[i] == 0x3c3c3c3c3c3c3c3cull);
}

static void test_apply_malformed(void **state)
{
	const struct pte_write good = {
		.op = PTE_WRITE_XCHG, .width = 1, .offset = 3, .src = 0x12,
		.src_reg = 2, .src_shift = 8,
	};
	struct pte_write w = { 0 };
	uint64_t gpr[16] = { 0 }, rflags = 0, pte;

	(void)state;
	expect_apply_refused(&w);
	assert_int_equal(pte_write_apply(&good, OLD_PTE, gpr, &rflags, &pte),
			 0);
	assert_true(pte == ((OLD_PTE & ~0xff000000ull) | 0x12000000ull));
	assert_true(gpr[RDX] == 0x1200 && rflags == 0);
	w = good, w.op = PTE_WRITE_NR_OPS, expect_apply_refused(&w);
	w = good, w.op = 0xff, expect_apply_refused(&w);
	w = good, w.width = 3, expect_apply_refused(&w);
	w = good, w.width = 16, expect_apply_refused(&w);
	w = good, w.width = 2, w.offset = 7, expect_apply_refused(&w);
	w = good, w.offset = 8, expect_apply_refused(&w);
	w = good, w.offset = 0xff, expect_apply_refused(&w);
	w = good, w.src = 0x100, expect_apply_refused(&w);
	w = good, w.src_reg = 16, expect_apply_refused(&w);
	w = good, w.src_reg = 5, expect_apply_refused(&w);	/* no "CH" 5 */
	w = good, w.src_shift = 4, expect_apply_refused(&w);
	w = good, w.width = 2, w.offset = 0, expect_apply_refused(&w);
	w = good, w.op = PTE_WRITE_BTS, w.width = 8, w.src = 64,
		w.src_shift = 0, expect_apply_refused(&w);
	w = good, w.op = PTE_WRITE_BTS, w.width = 1, w.src = 1,
		w.src_shift = 0, expect_apply_refused(&w);
	w = good, w.op = PTE_WRITE_CMPXCHG8B, w.width = 4, w.offset = 0,
		w.src_shift = 0, expect_apply_refused(&w);
}

static int setup_host(void **state)
{
	uint8_t *p;

	(void)state;
	p = mmap(NULL, 2 * DATA_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return -1;
	}
	code_page = p;
	data_page = p + DATA_SIZE;
	/*
	 * x86-64 Linux user space leaves GS unused (base 0), so give it a
	 * base of our own, low enough for 67-prefixed GS accesses too.
	 */
	host_gs_base = (uintptr_t)data_page - 0x10000;
	if (syscall(SYS_arch_prctl, ARCH_GET_FS, &host_fs_base) ||
	    syscall(SYS_arch_prctl, ARCH_SET_GS, host_gs_base)) {
		perror("arch_prctl");
		return -1;
	}
	if (getenv("PTE_WRITE_SEED"))
		rng_state = strtoull(getenv("PTE_WRITE_SEED"), NULL, 0) | 1;
	printf("seed %#llx, fs base %#llx, gs base %#llx\n",
	       (unsigned long long)rng_state,
	       (unsigned long long)host_fs_base,
	       (unsigned long long)host_gs_base);
	return 0;
}

static int teardown_host(void **state)
{
	(void)state;
	return (int)syscall(SYS_arch_prctl, ARCH_SET_GS, 0ul);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linux_xchg_mov),
		cmocka_unit_test(test_linux_and_btr),
		cmocka_unit_test(test_linux_cmpxchg),
		cmocka_unit_test(test_refuse_address),
		cmocka_unit_test(test_refuse_insn),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_apply_malformed),
		cmocka_unit_test(test_host_oracle),
	};

	return cmocka_run_group_tests(tests, setup_host, teardown_host);
}
