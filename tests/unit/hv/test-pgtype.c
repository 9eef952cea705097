/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Tests of the PV page-type engine (hypervisor/lib/pgtype.c) on a
 * simulated machine: an array of frames with 4 KiB contents and owners.
 * What is tested: Linux-like address spaces (kernel and user L4 sharing
 * L3s, L1s pinned first) are validated, counted and torn down to zero;
 * every hostile case of issue 4 fails with its documented error and
 * leaves pgt_audit clean; tiny budgets give many -ERESTART rounds with a
 * clean audit in between; a random op sequence is compared after every op
 * with a simple recursive reference model; several threads build and
 * tear down address spaces sharing L1s and every count returns to zero.
 * Failure is an assertion, a sanitizer report or a non-clean audit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sched.h>
#include <cmocka.h>

#include <vesta/errno.h>
#include <vesta/pgtype.h>

#define NF		160		/* RAM frames 0..NF-1; above: MMIO */
#define DOM		1
#define OTHER		2
#define P		PGTYPE_PTE_P
#define RW		PGTYPE_PTE_RW
#define US		PGTYPE_PTE_US
#define PSE		PGTYPE_PTE_PSE
#define G		PGTYPE_PTE_G
#define PCD		PGTYPE_PTE_PCD
#define NO		PGTYPE_NO_MFN

struct machine {
	struct pgtype_frame fr[NF];
	uint64_t mem[NF][512];
	uint64_t xgen[NF], xtype[NF];	/* allocation refs, base pointers */
	uint64_t hv[PGTYPE_HV_SLOTS];
	struct pgtype_env env;
	bool allow_foreign;
	unsigned long released;
};

static struct pgtype_frame *m_frame(void *ctx, uint64_t mfn)
{
	struct machine *m = ctx;

	return mfn < NF ? &m->fr[mfn] : NULL;
}

static uint64_t *m_map(void *ctx, uint64_t mfn)
{
	struct machine *m = ctx;

	assert_true(mfn < NF);
	return m->mem[mfn];
}

static int m_check_data(void *ctx, uint64_t mfn, const struct pgtype_frame *f,
			uint64_t pte)
{
	struct machine *m = ctx;

	(void)mfn;
	(void)pte;
	if (!m->allow_foreign)
		return f ? -EBUSY : -EPERM;
	return 0;
}

static void m_extra(void *ctx, uint64_t mfn, uint64_t *g, uint64_t *t)
{
	struct machine *m = ctx;

	*g = __atomic_load_n(&m->xgen[mfn], __ATOMIC_RELAXED);
	*t = __atomic_load_n(&m->xtype[mfn], __ATOMIC_RELAXED);
}

static void m_release(void *ctx, uint64_t mfn)
{
	struct machine *m = ctx;

	(void)mfn;
	__atomic_fetch_add(&m->released, 1, __ATOMIC_RELAXED);
}

static void m_relax(void *ctx)
{
	(void)ctx;
	sched_yield();
}

static struct machine *machine_new(void)
{
	struct machine *m = calloc(1, sizeof(*m));

	assert_non_null(m);
	for (unsigned int i = 0; i < NF; i++) {
		m->fr[i].owner = i >= NF - 8 ? OTHER : DOM;
		m->fr[i].count = 1;	/* the allocation reference */
		m->xgen[i] = 1;
	}
	for (unsigned int i = 0; i < PGTYPE_HV_SLOTS; i++)
		m->hv[i] = 0xabc000ULL + (i << 12) + 0x63;
	m->env = (struct pgtype_env){
		.ctx = m, .frame = m_frame, .map = m_map,
		.check_data = m_check_data, .release = m_release,
		.relax = m_relax, .extra_refs = m_extra, .hv_l4 = m->hv,
		.self = DOM,
	};
	return m;
}

static char last_diag[256];

static void diag_fn(void *ctx, const char *fmt, ...)
{
	va_list ap;

	(void)ctx;
	va_start(ap, fmt);
	vsnprintf(last_diag, sizeof(last_diag), fmt, ap);
	va_end(ap);
	fprintf(stderr, "audit: %s\n", last_diag);
}

static unsigned long audit(struct machine *m)
{
	static struct pgtype_audit_slot scratch[NF];
	struct diag dg = { .fn = diag_fn };

	return pgtype_audit(&m->env, 0, NF, scratch, &dg);
}

static struct pgtype_call call_big(void)
{
	return (struct pgtype_call){ .budget = 1u << 30, .pending = NO };
}

static uint64_t pte(uint64_t mfn, uint64_t flags)
{
	return (mfn << 12) | flags;
}

static unsigned int tcount(struct machine *m, uint64_t mfn)
{
	return (unsigned int)pgtype_count_of(m->fr[mfn].type);
}

static unsigned int ttype(struct machine *m, uint64_t mfn)
{
	return pgtype_type_of(m->fr[mfn].type);
}

static int pin(struct machine *m, uint64_t mfn, unsigned int level)
{
	struct pgtype_call c = call_big();
	int rc = pgtype_pin(&m->env, mfn, level, &c);

	assert_int_equal(c.pending, NO);
	return rc;
}

static int unpin(struct machine *m, uint64_t mfn)
{
	struct pgtype_call c = call_big();
	int rc = pgtype_unpin(&m->env, mfn, &c);

	assert_int_equal(c.pending, NO);
	return rc;
}

static int mod(struct machine *m, uint64_t t, unsigned int lvl,
	       unsigned int i, uint64_t v)
{
	struct pgtype_call c = call_big();
	int rc = pgtype_mod_entry(&m->env, t, lvl, i, v, 0, &c);

	assert_int_equal(c.pending, NO);
	return rc;
}

/* Base pointer switch; the machine records the reference it holds. */
static int set_base(struct machine *m, uint64_t *cur, uint64_t nw)
{
	struct pgtype_call c = call_big();
	int rc = pgtype_new_base(&m->env, nw, *cur, &c);

	assert_int_equal(c.pending, NO);
	if (rc)
		return rc;
	if (*cur != NO) {
		m->xgen[*cur]--;
		m->xtype[*cur]--;
	}
	if (nw != NO) {
		m->xgen[nw]++;
		m->xtype[nw]++;
	}
	*cur = nw;
	return 0;
}

static void assert_all_free(struct machine *m)
{
	for (unsigned int i = 0; i < NF; i++) {
		assert_int_equal(m->fr[i].type, 0);
		assert_int_equal(m->fr[i].count, m->xgen[i]);
		assert_int_equal(m->fr[i].linear, 0);
	}
	assert_int_equal(audit(m), 0);
}

/*
 * A Linux-like mm: kernel L4 K (10) and user L4 U (20); both map the user
 * L3 (21) in slot 0; K maps the kernel L3 (11) in slot 511. L3 -> L2 ->
 * L1s; data frames 100.. mapped RW and RO. L1s are pinned first.
 */
#define K	10
#define U	20

static void build_linux(struct machine *m)
{
	m->mem[K][0] = pte(21, P | RW | US);
	m->mem[U][0] = pte(21, P | RW | US);
	m->mem[K][511] = pte(11, P | RW);
	m->mem[K][260] = 0xdeadULL << 12 | P | RW;	/* hv slot: replaced */
	m->mem[11][510] = pte(12, P | RW);
	m->mem[12][0] = pte(13, P | RW);
	m->mem[12][1] = pte(14, P | RW);
	m->mem[21][0] = pte(22, P | RW | US);
	m->mem[22][0] = pte(23, P | RW | US);
	for (unsigned int i = 0; i < 8; i++) {
		m->mem[13][i] = pte(100 + i, P | RW | G);
		m->mem[14][i] = pte(100 + i, P | PGTYPE_PTE_NX);
		m->mem[23][i] = pte(110 + i, P | RW | US);
	}
	/* Page tables mapped read-only in the kernel's direct map. */
	m->mem[14][20] = pte(13, P);
	m->mem[14][21] = pte(K, P);
}

static void pin_linux(struct machine *m)
{
	assert_int_equal(pin(m, 13, PGTYPE_L1), 0);
	assert_int_equal(pin(m, 14, PGTYPE_L1), 0);
	assert_int_equal(pin(m, 23, PGTYPE_L1), 0);
	assert_int_equal(pin(m, K, PGTYPE_L4), 0);
	assert_int_equal(pin(m, U, PGTYPE_L4), 0);
}

static void linux_address_space(void **state)
{
	struct machine *m = machine_new();
	uint64_t base = NO, ubase = NO;

	(void)state;
	build_linux(m);
	pin_linux(m);
	assert_int_equal(audit(m), 0);
	assert_int_equal(ttype(m, 21), PGTYPE_L3);
	assert_int_equal(tcount(m, 21), 2);	/* shared by K and U */
	assert_int_equal(tcount(m, 13), 2);	/* pin + L2 entry */
	assert_int_equal(ttype(m, 100), PGTYPE_WRITABLE);
	assert_int_equal(tcount(m, 100), 1);
	assert_int_equal(m->fr[100].count, 3);	/* alloc + RW + RO */
	assert_int_equal(m->mem[K][260], m->hv[260 - 256]);
	assert_int_equal(set_base(m, &base, K), 0);
	assert_int_equal(set_base(m, &ubase, U), 0);
	assert_int_equal(tcount(m, K), 2);
	/* Linux unpins L4s first, then the L1s, while still running on K. */
	assert_int_equal(unpin(m, K), 0);
	assert_int_equal(unpin(m, U), 0);
	assert_int_equal(ttype(m, 21), PGTYPE_L3);
	assert_int_equal(audit(m), 0);
	assert_int_equal(set_base(m, &ubase, NO), 0);
	assert_int_equal(set_base(m, &base, NO), 0);
	assert_int_equal(tcount(m, 13), 1);	/* its pin only */
	assert_int_equal(unpin(m, 13), 0);
	assert_int_equal(unpin(m, 14), 0);
	assert_int_equal(unpin(m, 23), 0);
	assert_all_free(m);
	free(m);
}

static void mod_entries(void **state)
{
	struct machine *m = machine_new();
	struct pgtype_call c = call_big();

	(void)state;
	build_linux(m);
	pin_linux(m);
	/* Map a fresh data frame RW, then switch it to RO, then unmap. */
	assert_int_equal(mod(m, 23, 1, 100, pte(120, P | RW | US)), 0);
	assert_int_equal(ttype(m, 120), PGTYPE_WRITABLE);
	assert_int_equal(mod(m, 23, 1, 100, pte(120, P | US)), 0);
	assert_int_equal(tcount(m, 120), 0);
	assert_int_equal(audit(m), 0);
	/* PRESERVE_AD keeps the A/D the CPU set. */
	m->mem[23][100] |= PGTYPE_PTE_A | PGTYPE_PTE_D;
	assert_int_equal(pgtype_mod_entry(&m->env, 23, 1, 100,
					  pte(120, P | RW | US),
					  PGTYPE_MOD_PRESERVE_AD, &c), 0);
	assert_int_equal(m->mem[23][100], pte(120, P | RW | US |
				PGTYPE_PTE_A | PGTYPE_PTE_D));
	/* A new L1 under the user L2, validated by the update itself. */
	m->mem[30][5] = pte(121, P | RW);
	assert_int_equal(mod(m, 22, 2, 1, pte(30, P | RW | US)), 0);
	assert_int_equal(ttype(m, 30), PGTYPE_L1);
	assert_int_equal(audit(m), 0);
	/* Replace the user L3 entry of U: the old subtree stays (K). */
	assert_int_equal(mod(m, U, 4, 0, 0), 0);
	assert_int_equal(tcount(m, 21), 1);
	/* Drop it from K too: the subtree is torn down, pinned L1 stays. */
	assert_int_equal(mod(m, K, 4, 0, 0), 0);
	assert_int_equal(tcount(m, 21), 0);
	assert_int_equal(tcount(m, 30), 0);
	assert_int_equal(tcount(m, 23), 1);
	assert_int_equal(audit(m), 0);
	/* Not a validated table of that level. */
	assert_int_equal(mod(m, 21, 3, 0, 0), -EINVAL);
	assert_int_equal(mod(m, 13, 2, 0, 0), -EINVAL);
	assert_int_equal(mod(m, 13, 1, 512, 0), -EINVAL);
	assert_int_equal(pgtype_mod_entry(&m->env, 13, 1, 0, 0, 2, &c),
			 -EINVAL);
	free(m);
}

/* Every hostile case fails with its error and leaves the audit clean. */
static void expect(struct machine *m, int got, int want)
{
	assert_int_equal(got, want);
	assert_int_equal(audit(m), 0);
}

static void hostile_writable_pt(void **state)
{
	struct machine *m = machine_new();

	(void)state;
	build_linux(m);
	pin_linux(m);
	/* Directly: an L1 mapping an L1 / L2 / L4 writable. */
	expect(m, mod(m, 23, 1, 50, pte(13, P | RW)), -EBUSY);
	expect(m, mod(m, 23, 1, 50, pte(12, P | RW)), -EBUSY);
	expect(m, mod(m, 23, 1, 50, pte(K, P | RW)), -EBUSY);
	expect(m, mod(m, 23, 1, 50, pte(23, P | RW)), -EBUSY);
	/* An L1 that maps itself writable cannot be pinned. */
	m->mem[40][0] = pte(40, P | RW);
	expect(m, pin(m, 40, PGTYPE_L1), -EBUSY);
	/* A frame mapped writable cannot become a table. */
	assert_int_equal(mod(m, 23, 1, 50, pte(41, P | RW)), 0);
	expect(m, pin(m, 41, PGTYPE_L1), -EINVAL);
	expect(m, mod(m, 22, 2, 7, pte(41, P)), -EINVAL);
	/* Linear mapping with write access: self and other. */
	expect(m, mod(m, K, 4, 510, pte(K, P | RW)), -EINVAL);
	expect(m, mod(m, 12, 2, 9, pte(22, P | RW)), -EINVAL);
	/* Superpages at L2 and L3. */
	expect(m, mod(m, 12, 2, 9, pte(42, P | PSE)), -EINVAL);
	expect(m, mod(m, 11, 3, 9, pte(0, P | RW | PSE)), -EINVAL);
	/* Aliases: an L3 entry to an L1, an L2 entry to an L3 or L4. */
	expect(m, mod(m, 11, 3, 9, pte(13, P)), -EINVAL);
	expect(m, mod(m, 12, 2, 9, pte(21, P)), -EINVAL);
	expect(m, mod(m, 12, 2, 9, pte(K, P)), -EINVAL);
	/* Global, cache attributes where disallowed. */
	expect(m, mod(m, 12, 2, 9, pte(13, P | G)), -EINVAL);
	expect(m, mod(m, 23, 1, 50, pte(42, P | PCD)), -EINVAL);
	m->env.can_cache_attrs = true;
	expect(m, mod(m, 23, 1, 50, pte(42, P | PCD)), 0);
	free(m);
}

static void hostile_ownership(void **state)
{
	struct machine *m = machine_new();
	uint64_t foreign = NF - 1, mmio = NF + 5;

	(void)state;
	build_linux(m);
	pin_linux(m);
	expect(m, mod(m, 23, 1, 60, pte(foreign, P)), -EBUSY);
	expect(m, mod(m, 23, 1, 60, pte(mmio, P | RW)), -EPERM);
	/* Tables must be the domain's own. */
	expect(m, mod(m, 22, 2, 8, pte(foreign, P)), -EINVAL);
	expect(m, pin(m, foreign, PGTYPE_L1), -EINVAL);
	expect(m, mod(m, 22, 2, 8, pte(mmio, P)), -EINVAL);
	/* A privileged env allows both: foreign is counted, MMIO is not. */
	m->allow_foreign = true;
	expect(m, mod(m, 23, 1, 60, pte(foreign, P | RW)), 0);
	assert_int_equal(m->fr[foreign].count, 2);
	assert_int_equal(ttype(m, foreign), PGTYPE_WRITABLE);
	expect(m, mod(m, 23, 1, 61, pte(mmio, P | RW)), 0);
	expect(m, mod(m, 23, 1, 60, 0), 0);
	assert_int_equal(m->fr[foreign].count, 1);
	/* A freed frame (count 0) cannot be mapped. */
	m->fr[43].count = 0;
	m->xgen[43] = 0;
	expect(m, mod(m, 23, 1, 62, pte(43, P)), -EBUSY);
	free(m);
}

static void hostile_hv_slots(void **state)
{
	struct machine *m = machine_new();

	(void)state;
	build_linux(m);
	pin_linux(m);
	for (unsigned int i = 256; i < 272; i++)
		expect(m, mod(m, K, 4, i, pte(21, P)), -EINVAL);
	/* A tampered slot (a hypervisor bug) is what the audit catches. */
	m->mem[U][260] ^= RW;
	assert_int_equal(audit(m), 1);
	m->mem[U][260] ^= RW;
	assert_int_equal(audit(m), 0);
	free(m);
}

static void hostile_pins(void **state)
{
	struct machine *m = machine_new();
	uint64_t base = NO;

	(void)state;
	build_linux(m);
	pin_linux(m);
	expect(m, pin(m, K, PGTYPE_L4), -EINVAL);	/* double pin */
	expect(m, pin(m, 21, PGTYPE_L3), 0);		/* in use: fine */
	expect(m, pin(m, 21, PGTYPE_L2), -EINVAL);	/* wrong level */
	expect(m, unpin(m, 22), -EINVAL);		/* not pinned */
	expect(m, unpin(m, 21), 0);
	expect(m, unpin(m, 21), -EINVAL);
	expect(m, pin(m, K, 0), -EINVAL);
	expect(m, pin(m, K, 5), -EINVAL);
	assert_int_equal(set_base(m, &base, K), 0);
	expect(m, unpin(m, K), 0);			/* in use by base */
	assert_int_equal(ttype(m, K), PGTYPE_L4);
	expect(m, set_base(m, &base, 22), -EINVAL);	/* an L2 */
	assert_int_equal(base, K);
	assert_int_equal(set_base(m, &base, NO), 0);
	expect(m, unpin(m, U), 0);
	free(m);
}

static void hostile_overflow(void **state)
{
	struct machine *m = machine_new();
	uint64_t saved;

	(void)state;
	build_linux(m);
	pin_linux(m);
	/* General count at its maximum. */
	saved = m->fr[44].count;
	m->fr[44].count = PGTYPE_COUNT_MAX;
	assert_int_equal(mod(m, 23, 1, 70, pte(44, P)), -EBUSY);
	assert_int_equal(pin(m, 44, PGTYPE_L1), -EINVAL);
	assert_int_equal(m->fr[44].count, PGTYPE_COUNT_MAX);
	m->fr[44].count = saved;
	/* Type count at its maximum. */
	saved = m->fr[13].type;
	m->fr[13].type = (saved & ~PGTYPE_COUNT_MASK) | PGTYPE_COUNT_MAX;
	assert_int_equal(mod(m, 22, 2, 3, pte(13, P)), -EINVAL);
	assert_int_equal(m->fr[13].type,
			 (saved & ~PGTYPE_COUNT_MASK) | PGTYPE_COUNT_MAX);
	m->fr[13].type = saved;
	/* Writable type count at its maximum. */
	saved = m->fr[100].type;
	m->fr[100].type = (saved & ~PGTYPE_COUNT_MASK) | PGTYPE_COUNT_MAX;
	assert_int_equal(mod(m, 23, 1, 70, pte(100, P | RW)), -EBUSY);
	m->fr[100].type = saved;
	assert_int_equal(audit(m), 0);
	free(m);
}

static void hostile_cycles(void **state)
{
	struct machine *m = machine_new();

	(void)state;
	/* L4 whose L3 points back to the L4. */
	m->mem[50][0] = pte(51, P | RW);
	m->mem[51][0] = pte(50, P | RW);
	expect(m, pin(m, 50, PGTYPE_L4), -EINVAL);
	m->mem[51][0] = pte(50, P);
	expect(m, pin(m, 50, PGTYPE_L4), -EINVAL);
	/* L2 pointing to its L3; L1 below pointing to the L4 writable. */
	m->mem[51][0] = pte(52, P | RW);
	m->mem[52][0] = pte(51, P);
	expect(m, pin(m, 50, PGTYPE_L4), -EINVAL);
	m->mem[52][0] = pte(53, P | RW);
	m->mem[53][0] = pte(50, P | RW);
	expect(m, pin(m, 50, PGTYPE_L4), -EBUSY);
	m->mem[53][0] = pte(50, P);
	/* Self entry at a non-linear level (writable) vs read-only. */
	m->mem[50][1] = pte(50, P | RW);
	expect(m, pin(m, 50, PGTYPE_L4), -EINVAL);
	m->mem[50][1] = pte(50, P);
	expect(m, pin(m, 50, PGTYPE_L4), 0);
	/* Linear chains: a linear target may not hold linear entries. */
	m->mem[60][0] = pte(61, P);
	expect(m, pin(m, 60, PGTYPE_L2), 0);
	expect(m, pin(m, 62, PGTYPE_L2), 0);
	expect(m, mod(m, 62, 2, 1, pte(60, P)), 0);	/* 62 -> 60 linear */
	assert_int_equal(m->fr[60].linear, 1);
	assert_int_equal(m->fr[62].linear, -1);
	expect(m, mod(m, 60, 2, 1, pte(63, P)), 0);	/* new L1 is fine */
	expect(m, pin(m, 64, PGTYPE_L2), 0);
	expect(m, mod(m, 60, 2, 2, pte(64, P)), -EINVAL);
	expect(m, mod(m, 64, 2, 2, pte(62, P)), -EINVAL);
	expect(m, mod(m, 62, 2, 2, pte(62, P)), 0);	/* self: free */
	/* Unpin the target: the linear entry keeps it alive. */
	expect(m, unpin(m, 60), 0);
	assert_int_equal(ttype(m, 60), PGTYPE_L2);
	expect(m, unpin(m, 62), 0);
	assert_int_equal(m->fr[60].type, 0);
	expect(m, unpin(m, 64), 0);
	expect(m, unpin(m, 50), 0);
	assert_all_free(m);
	free(m);
}

/*
 * A big tree: L4 80 with entries 0..7 and 272..279 on four L3s
 * (81..84), each L3 with two L2s, each L2 with two full L1s.
 */
static void build_big(struct machine *m)
{
	uint64_t next = 85;

	for (unsigned int i = 0; i < 8; i++) {
		m->mem[80][i] = pte(81 + i % 4, P | RW);
		m->mem[80][272 + i] = pte(81 + i % 4, P);
	}
	for (unsigned int l3 = 81; l3 <= 84; l3++) {
		for (unsigned int j = 0; j < 2; j++) {
			uint64_t l2 = next++;

			m->mem[l3][j * 100] = pte(l2, P | RW);
			for (unsigned int k = 0; k < 2; k++) {
				uint64_t l1 = next++;

				m->mem[l2][k] = pte(l1, P | RW);
				for (unsigned int e = 0; e < 512; e++)
					m->mem[l1][e] = pte(e % 2 ? 140 : 141,
							    P | (e % 2 ? 0 : RW));
			}
		}
	}
	assert_true(next <= 140);
}

static void preemption(void **state)
{
	struct machine *m = machine_new();
	struct pgtype_call c;
	unsigned int rounds = 0;
	int rc;

	(void)state;
	build_big(m);
	do {
		c = (struct pgtype_call){ .budget = 7, .pending = NO };
		rc = pgtype_pin(&m->env, 80, PGTYPE_L4, &c);
		assert_int_equal(c.pending, NO);
		assert_int_equal(audit(m), 0);
		rounds++;
		if (rounds == 20) {
			/* Mid-walk frames: others get -ERESTART. */
			assert_true(m->fr[81].type & PGTYPE_F_BUSY);
			assert_int_equal(pin(m, 81, PGTYPE_L3), -ERESTART);
			assert_int_equal(mod(m, 81, 3, 1, 0), -EINVAL);
		}
	} while (rc == -ERESTART && rounds < 100000);
	assert_int_equal(rc, 0);
	assert_true(rounds > 1000);
	assert_int_equal(tcount(m, 81), 4);
	assert_int_equal(tcount(m, 141), 16 * 256);
	/* Teardown with the same budget: pending until finished. */
	c = (struct pgtype_call){ .budget = 7, .pending = NO };
	assert_int_equal(pgtype_unpin(&m->env, 80, &c), 0);
	assert_int_equal(c.pending, 80);
	rounds = 0;
	do {
		assert_int_equal(audit(m), 0);
		assert_int_equal(pin(m, 80, PGTYPE_L4), -ERESTART);
		c.budget = 5;
		rc = pgtype_continue(&m->env, 80, false, &c);
		rounds++;
	} while (rc == -ERESTART);
	assert_int_equal(rc, 0);
	assert_int_equal(c.pending, NO);
	assert_true(rounds > 1000);
	assert_all_free(m);
	free(m);
}

/* A paused validation is resumed by whoever asks for that type next. */
static void preemption_takeover(void **state)
{
	struct machine *m = machine_new();
	struct pgtype_call c = { .budget = 300, .pending = NO };
	uint64_t base = NO;
	int rc;

	(void)state;
	build_big(m);
	/* Pause a validation of one L3 subtree, then an L4 picks it up. */
	assert_int_equal(pgtype_pin(&m->env, 82, PGTYPE_L3, &c), -ERESTART);
	assert_true(m->fr[82].type & PGTYPE_F_PAUSED);
	assert_int_equal(audit(m), 0);
	for (;;) {
		c.budget = 300;
		rc = pgtype_pin(&m->env, 80, PGTYPE_L4, &c);
		assert_int_equal(audit(m), 0);
		if (rc != -ERESTART)
			break;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(tcount(m, 82), 4);
	/* The original pin, re-issued, now just counts. */
	assert_int_equal(pin(m, 82, PGTYPE_L3), 0);
	assert_int_equal(tcount(m, 82), 5);
	assert_int_equal(set_base(m, &base, 80), 0);
	assert_int_equal(unpin(m, 80), 0);
	assert_int_equal(unpin(m, 82), 0);
	assert_int_equal(set_base(m, &base, NO), 0);
	assert_all_free(m);
	/* An abandoned paused validation is undone on domain teardown. */
	c = (struct pgtype_call){ .budget = 1000, .pending = NO };
	assert_int_equal(pgtype_pin(&m->env, 80, PGTYPE_L4, &c), -ERESTART);
	assert_int_equal(pgtype_continue(&m->env, 80, false, &c), -EINVAL);
	do {
		c.budget = 1000;
		rc = pgtype_continue(&m->env, 80, true, &c);
		assert_int_equal(audit(m), 0);
	} while (rc == -ERESTART);
	assert_int_equal(rc, 0);
	assert_all_free(m);
	free(m);
}

/* An error deep in a preempted validation: undone, then the error. */
static void preemption_error(void **state)
{
	struct machine *m = machine_new();
	struct pgtype_call c;
	int rc;

	(void)state;
	build_big(m);
	m->mem[84][300] = pte(85, P | PSE);	/* last L3, late entry */
	do {
		c = (struct pgtype_call){ .budget = 50, .pending = NO };
		rc = pgtype_pin(&m->env, 80, PGTYPE_L4, &c);
		assert_int_equal(audit(m), 0);
	} while (rc == -ERESTART);
	assert_int_equal(rc, -EINVAL);
	assert_int_equal(c.pending, 80);
	do {
		c.budget = 50;
		rc = pgtype_continue(&m->env, 80, false, &c);
		assert_int_equal(audit(m), 0);
	} while (rc == -ERESTART);
	assert_int_equal(rc, 0);
	assert_all_free(m);
	free(m);
}

/* ---- Reference model: recursive, sequential, whole-state rollback ---- */

#define RN	40	/* frames in the random machine; NF-8.. are OTHER */

struct model {
	unsigned int type[NF];
	uint64_t tc[NF], gc[NF];
	int32_t lin[NF];
	bool pinned[NF], busy[NF];
};

static const uint64_t *ref_mem(struct machine *m, uint64_t mfn)
{
	return m->mem[mfn];
}

static bool ref_get_type(struct model *s, struct machine *m, uint64_t mfn,
			 unsigned int type);

static bool ref_l1e(struct model *s, struct machine *m, uint64_t e)
{
	uint64_t t = e >> 12 & 0xffffffffffULL;
	uint64_t ok = P | RW | US | PGTYPE_PTE_A | PGTYPE_PTE_D | G |
		      PGTYPE_PTE_NX | 0xe00 | PGTYPE_PTE_ADDR;

	if (!(e & P))
		return true;
	if ((e & ~ok) || t >= NF || m->fr[t].owner != DOM || !s->gc[t])
		return false;
	if ((e & RW) && !ref_get_type(s, m, t, PGTYPE_WRITABLE))
		return false;
	s->gc[t]++;
	return true;
}

static bool ref_upper(struct model *s, struct machine *m, uint64_t tm,
		      unsigned int lvl, uint64_t e)
{
	uint64_t t = e >> 12 & 0xffffffffffULL;
	uint64_t ok = P | RW | US | PGTYPE_PTE_A | PGTYPE_PTE_D |
		      PGTYPE_PTE_NX | 0xe00 | PGTYPE_PTE_ADDR;

	if (!(e & P))
		return true;
	if (e & ~ok)
		return false;
	if (t == tm)
		return !(e & RW);
	if (t >= NF || m->fr[t].owner != DOM || !s->gc[t])
		return false;
	if (s->tc[t] && s->type[t] == lvl && !s->busy[t]) {
		/* Linear. */
		if ((e & RW) || s->lin[tm] > 0 || s->lin[t] < 0)
			return false;
		s->lin[tm]--;
		s->lin[t]++;
		s->tc[t]++;
	} else if (!ref_get_type(s, m, t, lvl - 1)) {
		return false;
	}
	s->gc[t]++;
	return true;
}

static bool ref_get_type(struct model *s, struct machine *m, uint64_t mfn,
			 unsigned int type)
{
	if (s->busy[mfn])
		return false;
	if (s->tc[mfn]) {
		if (s->type[mfn] != type)
			return false;
		s->tc[mfn]++;
		return true;
	}
	s->type[mfn] = type;
	if (type == PGTYPE_WRITABLE) {
		s->tc[mfn] = 1;
		return true;
	}
	s->busy[mfn] = true;
	for (unsigned int i = 0; i < 512; i++) {
		uint64_t e = ref_mem(m, mfn)[i];
		bool ok;

		if (type == 4 && i >= 256 && i < 272)
			continue;
		ok = type == 1 ? ref_l1e(s, m, e) : ref_upper(s, m, mfn,
							      type, e);
		if (!ok)
			return false;	/* the caller discards the state */
	}
	s->busy[mfn] = false;
	s->tc[mfn] = 1;
	return true;
}

static void ref_put_type(struct model *s, struct machine *m, uint64_t mfn);

static void ref_put_entry(struct model *s, struct machine *m, uint64_t tm,
			  unsigned int lvl, uint64_t e)
{
	uint64_t t = e >> 12 & 0xffffffffffULL;

	if (!(e & P) || t >= NF || (lvl > 1 && t == tm))
		return;
	if (lvl == 1) {
		if (e & RW)
			ref_put_type(s, m, t);
	} else {
		if (s->type[t] == lvl) {
			s->lin[t]--;
			s->lin[tm]++;
		}
		ref_put_type(s, m, t);
	}
	s->gc[t]--;
}

static void ref_put_type(struct model *s, struct machine *m, uint64_t mfn)
{
	unsigned int lvl = s->type[mfn];

	assert_true(s->tc[mfn] > 0);
	if (--s->tc[mfn])
		return;
	s->type[mfn] = 0;
	if (lvl < 1 || lvl > 4)
		return;
	for (unsigned int i = 512; i-- > 0;) {
		if (lvl == 4 && i >= 256 && i < 272)
			continue;
		ref_put_entry(s, m, mfn, lvl, ref_mem(m, mfn)[i]);
	}
}

static void model_check(struct model *s, struct machine *m)
{
	for (unsigned int i = 0; i < NF; i++) {
		uint64_t x = m->fr[i].type;

		assert_int_equal(m->fr[i].count, s->gc[i]);
		assert_int_equal(pgtype_count_of(x), s->tc[i]);
		if (s->tc[i])
			assert_int_equal(pgtype_type_of(x), s->type[i]);
		assert_int_equal(!!(x & PGTYPE_F_PINNED), s->pinned[i]);
		assert_int_equal(m->fr[i].linear, s->lin[i]);
	}
}

static uint64_t rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static uint64_t rnd_entry(uint64_t *x)
{
	static const uint64_t fl[] = {
		P, P | RW, P | US, P | RW | US, P | PSE, P | G, P | PCD,
		P | RW | PGTYPE_PTE_A, 0, P | PGTYPE_PTE_NX,
	};
	uint64_t t = rnd(x) % (RN + 2);

	if (t >= RN)
		t = NF - 1 - (t - RN);	/* a foreign frame */
	return pte(t, fl[rnd(x) % (sizeof(fl) / sizeof(fl[0]))]);
}

static const unsigned int rnd_idx[] = { 0, 1, 2, 3, 255, 272, 511 };

/* Successes per op kind (pin, unpin, base, mod), to prove coverage. */
static unsigned long diff_ok[4];

/* One random op on both; the results and all counts must agree. */
static void random_op(struct machine *m, struct model *s, uint64_t *x,
		      uint64_t *base)
{
	uint64_t f = rnd(x) % RN;
	unsigned int op = rnd(x) % 8, lvl = 1 + rnd(x) % 4;
	struct model t = *s;
	bool want = false;
	int rc;

	if (op < 2) {
		want = !t.pinned[f] && t.gc[f] && ref_get_type(&t, m, f, lvl);
		if (want) {
			t.pinned[f] = true;
			t.gc[f]++;
		}
		rc = pin(m, f, lvl);
	} else if (op < 4) {
		want = t.pinned[f];
		if (want) {
			t.pinned[f] = false;
			ref_put_type(&t, m, f);
			t.gc[f]--;
		}
		rc = unpin(m, f);
	} else if (op == 4) {
		/* Mostly switch to an existing L4, like a context switch. */
		for (unsigned int k = 0; k < RN && rnd(x) % 4; k++) {
			if (t.type[(f + k) % RN] == 4 && t.tc[(f + k) % RN]) {
				f = (f + k) % RN;
				break;
			}
		}
		want = f != *base && t.gc[f] && ref_get_type(&t, m, f, 4);
		if (f == *base)
			return;
		if (want) {
			t.gc[f]++;
			if (*base != NO) {
				ref_put_type(&t, m, *base);
				t.gc[*base]--;
			}
		}
		rc = set_base(m, base, f);
	} else {
		unsigned int i = rnd_idx[rnd(x) % 7];
		uint64_t v = rnd_entry(x), old = m->mem[f][i];
		bool same = (!(old & P) && !(v & P)) ||
			    ((old & P) && (v & P) && !((old ^ v) & (RW |
			      PGTYPE_PTE_ADDR)));
		uint64_t okb = lvl == 1 ? P | RW | US | G | PGTYPE_PTE_A |
			PGTYPE_PTE_NX | PGTYPE_PTE_ADDR :
			P | RW | US | PGTYPE_PTE_A | PGTYPE_PTE_NX |
			PGTYPE_PTE_ADDR;

		want = t.tc[f] && t.type[f] == lvl && !(lvl == 4 && i >= 256 &&
			i < 272) && !((v & P) && (v & ~okb));
		if (want && !same)
			want = lvl == 1 ? ref_l1e(&t, m, v) :
			       ref_upper(&t, m, f, lvl, v);
		rc = mod(m, f, lvl, i, v);
		if (want && !same)
			ref_put_entry(&t, m, f, lvl, old);
	}
	assert_int_equal(rc == 0, want);
	if (want) {
		*s = t;
		diff_ok[op < 2 ? 0 : op < 4 ? 1 : op == 4 ? 2 : 3]++;
	}
	model_check(s, m);
}

static void differential(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 30; seed++) {
		struct machine *m = machine_new();
		struct model *s = calloc(1, sizeof(*s));
		uint64_t x = seed * 0x9e3779b97f4a7c15ULL, base = NO;

		for (unsigned int i = 0; i < NF; i++)
			s->gc[i] = m->fr[i].count;
		/* Sparse random tables; hv slots never hold guest data. */
		for (unsigned int f = 0; f < RN; f++)
			for (unsigned int k = 0; k < 4; k++)
				m->mem[f][rnd_idx[rnd(&x) % 7]] =
					rnd_entry(&x);
		/* Frames 0..7: plausible upper tables, so L4s do validate. */
		for (unsigned int f = 0; f < 8; f++) {
			memset(m->mem[f], 0, sizeof(m->mem[f]));
			m->mem[f][rnd(&x) % 2] = pte(8 + rnd(&x) % (RN - 8),
						     P | (rnd(&x) % 2 ? RW : 0));
		}
		for (unsigned int n = 0; n < 3000; n++) {
			random_op(m, s, &x, &base);
			if (n % 100 == 0)
				assert_int_equal(audit(m), 0);
		}
		assert_int_equal(audit(m), 0);
		free(s);
		free(m);
	}
	print_message("differential: %lu pins, %lu unpins, %lu bases, %lu mods\n",
		      diff_ok[0], diff_ok[1], diff_ok[2], diff_ok[3]);
	assert_true(diff_ok[0] > 100 && diff_ok[1] > 100 && diff_ok[3] > 100);
	assert_true(diff_ok[2] > 10);
}

/* ---- Threads ---- */

#define THREADS		4
#define ROUNDS		300
/* Per thread t: L4 = 20+4t, L3 +1, L2 +2, own L1 +3; shared L1s 60, 61. */

struct thr {
	struct machine *m;
	unsigned int id;
};

static int retry(struct machine *m, int (*op)(struct machine *, uint64_t,
		 unsigned int, struct pgtype_call *), uint64_t mfn,
		 unsigned int arg)
{
	struct pgtype_call c;
	int rc;

	do {
		c = (struct pgtype_call){ .budget = 3 + mfn % 5, .pending = NO };
		rc = op(m, mfn, arg, &c);
		while (c.pending != NO) {
			uint64_t p = c.pending;

			c.budget = 4;
			if (pgtype_continue(&m->env, p, false, &c) == -EINVAL)
				abort();
		}
	} while (rc == -ERESTART);
	return rc;
}

static int op_pin(struct machine *m, uint64_t mfn, unsigned int lvl,
		  struct pgtype_call *c)
{
	return pgtype_pin(&m->env, mfn, lvl, c);
}

static int op_unpin(struct machine *m, uint64_t mfn, unsigned int lvl,
		    struct pgtype_call *c)
{
	(void)lvl;
	return pgtype_unpin(&m->env, mfn, c);
}

static int op_base(struct machine *m, uint64_t mfn, unsigned int old,
		   struct pgtype_call *c)
{
	return pgtype_new_base(&m->env, mfn == 0 ? NO : mfn,
			       old == 0 ? NO : old, c);
}

static int op_mod_l1(struct machine *m, uint64_t mfn, unsigned int v,
		     struct pgtype_call *c)
{
	return pgtype_mod_entry(&m->env, mfn, 1, v & 511,
				pte(100 + (v >> 9), P | RW), 0, c);
}

static void *thread_main(void *arg)
{
	struct thr *t = arg;
	struct machine *m = t->m;
	uint64_t l4 = 20 + 4 * t->id;

	for (unsigned int r = 0; r < ROUNDS; r++) {
		if (retry(m, op_pin, l4, PGTYPE_L4))
			abort();
		if (retry(m, op_base, l4, 0))
			abort();
		if (retry(m, op_mod_l1, l4 + 3, 7 | ((r % 4) << 9)))
			abort();
		if (r % 2 && retry(m, op_unpin, l4, 0))
			abort();
		if (retry(m, op_base, 0, l4))
			abort();
		if (!(r % 2) && retry(m, op_unpin, l4, 0))
			abort();
	}
	return NULL;
}

static void threads(void **state)
{
	struct machine *m = machine_new();
	pthread_t th[THREADS];
	struct thr a[THREADS];

	(void)state;
	for (unsigned int t = 0; t < THREADS; t++) {
		uint64_t l4 = 20 + 4 * t;

		m->mem[l4][0] = pte(l4 + 1, P | RW);
		m->mem[l4][1] = pte(l4, P);		/* self map */
		m->mem[l4 + 1][0] = pte(l4 + 2, P | RW);
		m->mem[l4 + 2][0] = pte(60, P | RW);
		m->mem[l4 + 2][1] = pte(61, P | RW);
		m->mem[l4 + 2][2] = pte(l4 + 3, P | RW);
		m->mem[l4 + 2][3] = pte(l4 + 2, P);	/* linear L2 */
	}
	for (unsigned int e = 0; e < 512; e++) {
		m->mem[60][e] = pte(100 + e % 8, P | (e % 3 ? RW : 0));
		m->mem[61][e] = pte(110 + e % 8, P);
	}
	for (unsigned int t = 0; t < THREADS; t++) {
		a[t] = (struct thr){ .m = m, .id = t };
		assert_int_equal(pthread_create(&th[t], NULL, thread_main,
						&a[t]), 0);
	}
	for (unsigned int t = 0; t < THREADS; t++)
		assert_int_equal(pthread_join(th[t], NULL), 0);
	assert_all_free(m);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(linux_address_space),
		cmocka_unit_test(mod_entries),
		cmocka_unit_test(hostile_writable_pt),
		cmocka_unit_test(hostile_ownership),
		cmocka_unit_test(hostile_hv_slots),
		cmocka_unit_test(hostile_pins),
		cmocka_unit_test(hostile_overflow),
		cmocka_unit_test(hostile_cycles),
		cmocka_unit_test(preemption),
		cmocka_unit_test(preemption_takeover),
		cmocka_unit_test(preemption_error),
		cmocka_unit_test(differential),
		cmocka_unit_test(threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
