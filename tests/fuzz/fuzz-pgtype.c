/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * libFuzzer harness for hypervisor/lib/pgtype.c. The input is a sequence
 * of 8-byte operations (op, frame, level, index, value bits, budget) run
 * on a 48-frame machine whose tables start with entries taken from the
 * input too. Checks: no crash or sanitizer report; a paused teardown
 * (call.pending) always finishes through pgtype_continue(); the audit is
 * clean after every operation; after unpinning everything, dropping the
 * base and undoing abandoned validations every frame is free again.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vesta/errno.h>
#include <vesta/pgtype.h>

#define NF	48
#define DOM	1

static struct pgtype_frame fr[NF];
static uint64_t mem[NF][512];
static uint64_t xgen[NF], xtype[NF];
static struct pgtype_audit_slot scratch[NF];
static uint64_t base;

static void check(bool ok)
{
	if (!ok)
		abort();
}

static struct pgtype_frame *f_frame(void *ctx, uint64_t mfn)
{
	(void)ctx;
	return mfn < NF ? &fr[mfn] : NULL;
}

static uint64_t *f_map(void *ctx, uint64_t mfn)
{
	(void)ctx;
	check(mfn < NF);
	return mem[mfn];
}

static int f_check_data(void *ctx, uint64_t mfn, const struct pgtype_frame *f,
			uint64_t pte)
{
	(void)ctx;
	(void)f;
	/* Allow odd MMIO frames read-only, refuse everything else. */
	return (mfn & 1) && !(pte & PGTYPE_PTE_RW) ? 0 : -EPERM;
}

static void f_extra(void *ctx, uint64_t mfn, uint64_t *g, uint64_t *t)
{
	(void)ctx;
	*g = xgen[mfn];
	*t = xtype[mfn];
}

static const uint64_t hv[PGTYPE_HV_SLOTS] = { 0x1063, 0x2063 };

static const struct pgtype_env env = {
	.frame = f_frame, .map = f_map, .check_data = f_check_data,
	.extra_refs = f_extra, .hv_l4 = hv, .self = DOM,
};

static void audit_clean(void)
{
	check(pgtype_audit(&env, 0, NF, scratch, NULL) == 0);
}

static void finish(struct pgtype_call *c)
{
	unsigned int n = 0;

	while (c->pending != PGTYPE_NO_MFN) {
		c->budget = 16;
		check(pgtype_continue(&env, c->pending, false, c) != -EINVAL);
		check(++n < 1000000);
	}
}

static uint64_t entry(const uint8_t *p)
{
	static const uint64_t fl[] = {
		PGTYPE_PTE_P, PGTYPE_PTE_P | PGTYPE_PTE_RW, 0,
		PGTYPE_PTE_P | PGTYPE_PTE_PSE, PGTYPE_PTE_P | PGTYPE_PTE_G,
		PGTYPE_PTE_P | PGTYPE_PTE_US | PGTYPE_PTE_A,
		PGTYPE_PTE_P | PGTYPE_PTE_PCD, PGTYPE_PTE_P | (1ULL << 52),
	};

	return ((uint64_t)(p[0] % (NF + 4)) << 12) | fl[p[1] & 7];
}

static void set_base(uint64_t nw, struct pgtype_call *c)
{
	uint64_t old = base;

	if (pgtype_new_base(&env, nw, old, c))
		return;
	if (old != PGTYPE_NO_MFN) {
		xgen[old]--;
		xtype[old]--;
	}
	if (nw != PGTYPE_NO_MFN) {
		xgen[nw]++;
		xtype[nw]++;
	}
	base = nw;
}

static void run_op(const uint8_t *p)
{
	struct pgtype_call c = { .budget = p[7] % 64, .pending = PGTYPE_NO_MFN };
	uint64_t f = p[1] % NF;
	unsigned int lvl = 1 + p[2] % 4, idx = (p[3] | p[4] << 8) % 512;

	switch (p[0] % 6) {
	case 0:
		(void)pgtype_pin(&env, f, lvl, &c);
		break;
	case 1:
		(void)pgtype_unpin(&env, f, &c);
		break;
	case 2:
		set_base(p[2] & 1 ? PGTYPE_NO_MFN : f, &c);
		break;
	case 3:
	case 4:
		(void)pgtype_mod_entry(&env, f, lvl, idx, entry(p + 5),
				       p[2] & 0x80 ? PGTYPE_MOD_PRESERVE_AD : 0,
				       &c);
		break;
	default:
		/* A resume of whatever may be paused there: never harmful. */
		if (pgtype_continue(&env, f, false, &c) == -ERESTART)
			check(c.pending == f);
		break;
	}
	finish(&c);
	audit_clean();
}

static void drop_all(void)
{
	struct pgtype_call c = { .budget = 1u << 30, .pending = PGTYPE_NO_MFN };

	set_base(PGTYPE_NO_MFN, &c);
	finish(&c);
	for (uint64_t f = 0; f < NF; f++) {
		if (pgtype_unpin(&env, f, &c) == 0)
			finish(&c);
	}
	for (uint64_t f = 0; f < NF; f++) {
		if (pgtype_continue(&env, f, true, &c) == 0)
			check(c.pending == PGTYPE_NO_MFN);
	}
	for (uint64_t f = 0; f < NF; f++)
		check(fr[f].type == 0 && fr[f].count == xgen[f] &&
		      !fr[f].linear);
	audit_clean();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	memset(fr, 0, sizeof(fr));
	memset(mem, 0, sizeof(mem));
	base = PGTYPE_NO_MFN;
	for (unsigned int i = 0; i < NF; i++) {
		fr[i].owner = i < NF - 4 ? DOM : DOM + 1;
		fr[i].count = 1;
		xgen[i] = 1;
		xtype[i] = 0;
	}
	/* First bytes: initial entries (frame, index, value) triples. */
	for (unsigned int n = 0; n < 32 && size >= 4; n++) {
		mem[data[0] % NF][data[1] % 8 + (data[1] & 8 ? 504 : 0)] =
			entry(data + 2);
		data += 4;
		size -= 4;
	}
	for (; size >= 8; data += 8, size -= 8)
		run_op(data);
	drop_all();
	return 0;
}
