/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * libFuzzer harness for x86_decode() and its helpers. The input is the
 * instruction bytes. Checks: only the documented error codes; on error
 * the output is zeroed; on success 1 <= len <= min(15, input), decoding
 * exactly len bytes gives the identical result, every shorter cut gives
 * -EAGAIN, and the fields stay in their documented ranges; -EAGAIN only
 * for inputs shorter than 15 bytes; the classifiers and the address
 * helper never crash and agree with each other.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vesta/errno.h>
#include <vesta/x86-decode.h>

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

static void check_fields(const struct x86_insn *in)
{
	check(in->reg < 16 && in->rm < 16 && in->mod < 4);
	check(in->nr_prefixes < in->len);
	check(in->op_size == 1 || in->op_size == 2 || in->op_size == 4 ||
	      in->op_size == 8);
	check(in->addr_size == 4 || in->addr_size == 8);
	check(in->seg <= X86_SEG_NONE);
	check(in->map <= X86_MAP_EVEX6);
	check(in->imm_size <= 8 && in->disp_size <= 8);
	check(!in->has_sib || in->has_mem);
	if (!in->has_mem) {
		check(in->base == X86_REG_NONE && in->index == X86_REG_NONE);
		return;
	}
	check(in->base < 16 || in->base == X86_REG_RIP ||
	      in->base == X86_REG_NONE);
	check(in->index < 16 || in->index == X86_REG_NONE);
	check(in->scale == 1 || in->scale == 2 || in->scale == 4 ||
	      in->scale == 8);
}

static void check_helpers(const struct x86_insn *in, const uint8_t *data,
			  size_t size)
{
	struct x86_mem_write mw;
	uint64_t gpr[16], addr;
	enum x86_mem_write_op op;
	int rc;

	for (unsigned int i = 0; i < 16; i++)
		gpr[i] = 0x0123456789abcdefull * (i + 1) + size;
	rc = x86_insn_mem_addr(in, gpr, 0xffff800000000000ull + in->len,
			       &addr);
	check(rc == (in->has_mem ? 0 : -EINVAL));
	if (!rc && in->addr_size == 4)
		check(addr <= 0xffffffffull);
	check(x86_classify_priv(in) <= X86_PRIV_OTHER);
	op = x86_mem_write_operands(in, &mw);
	check(op == mw.op && op == x86_classify_mem_write(in));
	check(op <= X86_MW_STOS && mw.src <= X86_MW_SRC_IMM);
	check(mw.src_reg < 16 && (mw.src_shift == 0 || mw.src_shift == 8));
	if (op == X86_MW_NONE)
		check(is_zero(&mw, sizeof(mw)));
	else
		check(mw.size == 1 || mw.size == 2 || mw.size == 4 ||
		      mw.size == 8 || mw.size == 16);
	(void)x86_is_xen_forced_cpuid(data, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t avail = size < X86_MAX_INSN_LEN ? size : X86_MAX_INSN_LEN;
	struct x86_insn in, again;
	int rc = x86_decode(data, size, &in);

	if (rc) {
		check(rc == -EINVAL || rc == -E2BIG || rc == -EAGAIN);
		check(rc != -EAGAIN || size < X86_MAX_INSN_LEN);
		check(is_zero(&in, sizeof(in)));
		/* Nothing past 15 bytes is ever looked at. */
		check(x86_decode(data, avail, &again) == rc);
		return 0;
	}
	check(in.len >= 1 && in.len <= avail);
	check(x86_decode(data, in.len, &again) == 0);
	check(!memcmp(&in, &again, sizeof(in)));
	for (size_t n = 0; n < in.len; n++)
		check(x86_decode(data, n, &again) == -EAGAIN);
	check_fields(&in);
	check_helpers(&in, data, size);
	return 0;
}
