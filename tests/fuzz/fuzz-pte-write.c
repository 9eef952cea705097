/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * libFuzzer harness for pte_write_decode() and pte_write_apply(). Input:
 * one length byte, that many instruction bytes (at most 15), then the
 * register file, RIP, FS/GS bases, fault address, old entry and RFLAGS
 * (missing bytes read as zero). Each input is decoded twice: with the
 * fuzzed fault address and with the instruction's own effective address
 * plus a fuzzed byte offset, so that the success paths are reached.
 * Checks: only documented error codes, zeroed output on error, -EAGAIN
 * only for short input; on success an 8-aligned entry address, an access
 * inside one entry that covers the fault address, the decoder's length;
 * applying a decoded write always succeeds, keeps the bytes outside the
 * access, changes only the arithmetic flags and only the registers the
 * operation may write. Applying the raw input as a struct pte_write
 * either succeeds with the same guarantees or changes nothing.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vesta/errno.h>
#include <vesta/pte-write.h>
#include <vesta/x86-decode.h>

#define FL_ARITH 0x8d5ull

struct fuzz_state {
	uint64_t gpr[16];
	struct pte_write_env env;
	uint64_t fault, old_pte, rflags;
	uint8_t delta;
};

static void check(bool ok)
{
	if (!ok)
		abort();
}

static bool is_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++) {
		if (b[i])
			return false;
	}
	return true;
}

static uint64_t access_mask(const struct pte_write *w)
{
	uint64_t m = w->width >= 8 ? ~0ull : (1ull << (8 * w->width)) - 1;

	return m << (8 * w->offset);
}

/* The registers @w may write: a bit per GPR. */
static unsigned int writable_regs(const struct pte_write *w)
{
	switch (w->op) {
	case PTE_WRITE_XCHG:
		return 1u << w->src_reg;
	case PTE_WRITE_CMPXCHG:
		return 1u << 0;
	case PTE_WRITE_CMPXCHG8B:
		return 1u << 0 | 1u << 2;
	}
	return 0;
}

/* Apply @w and check the outputs; @must_work for decoder-made writes. */
static void check_apply(const struct pte_write *w, const struct fuzz_state *s,
			bool must_work)
{
	uint64_t gpr[16], rflags = s->rflags, pte = ~s->old_pte;
	int rc;

	memcpy(gpr, s->gpr, sizeof(gpr));
	rc = pte_write_apply(w, s->old_pte, gpr, &rflags, &pte);
	check(rc == 0 || rc == -EINVAL);
	check(rc == 0 || !must_work);
	if (rc) {
		check(pte == ~s->old_pte && rflags == s->rflags);
		check(!memcmp(gpr, s->gpr, sizeof(gpr)));
		return;
	}
	check(!((pte ^ s->old_pte) & ~access_mask(w)));
	check(!((rflags ^ s->rflags) & ~FL_ARITH));
	if (w->op == PTE_WRITE_MOV || w->op == PTE_WRITE_XCHG) {
		check(rflags == s->rflags);
		check(((pte & access_mask(w)) >> (8 * w->offset)) == w->src);
	}
	for (unsigned int i = 0; i < 16; i++)
		check(gpr[i] == s->gpr[i] || (writable_regs(w) >> i & 1));
	if (w->op == PTE_WRITE_CMPXCHG && !(rflags & 0x40))
		check(pte == s->old_pte);
}

static void check_decode(const uint8_t *insn, size_t n,
			 const struct fuzz_state *s, uint64_t fault)
{
	struct pte_write w, w2;
	struct x86_insn in;
	int rc;

	rc = pte_write_decode(insn, n, s->gpr, &s->env, fault, &w);
	check(rc == 0 || rc == -EINVAL || rc == -EOPNOTSUPP ||
	      rc == -EAGAIN);
	check(rc != -EAGAIN || n < X86_MAX_INSN_LEN);
	check(pte_write_decode(insn, n, s->gpr, &s->env, fault, &w2) == rc);
	check(!memcmp(&w, &w2, sizeof(w)));
	if (rc) {
		check(is_zero(&w, sizeof(w)));
		return;
	}
	check(x86_decode(insn, n, &in) == 0 && in.len == w.insn_len);
	check(w.op > PTE_WRITE_NONE && w.op < PTE_WRITE_NR_OPS);
	check(!(w.pte_addr & 7) && w.offset < 8);
	check(w.width == 1 || w.width == 2 || w.width == 4 || w.width == 8);
	check(w.offset + w.width <= 8);
	check(fault - (w.pte_addr + w.offset) < w.width);
	check_apply(&w, s, true);
}

/* The instruction's own address, so that decoding can succeed. */
static uint64_t natural_fault(const uint8_t *insn, size_t n,
			      const struct fuzz_state *s)
{
	struct x86_insn in;
	uint64_t ea;

	if (x86_decode(insn, n, &in) ||
	    x86_insn_mem_addr(&in, s->gpr, s->env.rip + in.len, &ea))
		return s->fault;
	if (in.seg == X86_SEG_FS)
		ea += s->env.fs_base;
	else if (in.seg == X86_SEG_GS)
		ea += s->env.gs_base;
	return ea + (s->delta & 7);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t insn[X86_MAX_INSN_LEN] = { 0 };
	struct fuzz_state s;
	struct pte_write raw;
	size_t n;

	if (!size)
		return 0;
	n = data[0] % (X86_MAX_INSN_LEN + 1);
	data++, size--;
	memcpy(insn, data, n < size ? n : size);
	data += n < size ? n : size;
	size -= n < size ? n : size;
	memset(&s, 0, sizeof(s));
	memcpy(&s, data, size < sizeof(s) ? size : sizeof(s));
	check_decode(insn, n, &s, s.fault);
	check_decode(insn, n, &s, natural_fault(insn, n, &s));
	/* The same bytes as a hostile struct pte_write. */
	memset(&raw, 0, sizeof(raw));
	memcpy(&raw, &s, sizeof(raw) < sizeof(s) ? sizeof(raw) : sizeof(s));
	raw.is_locked = false;	/* any other byte is not a valid bool */
	check_apply(&raw, &s, false);
	return 0;
}
