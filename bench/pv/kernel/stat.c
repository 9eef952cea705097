/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Batch statistics of the PV benchmark kernel: recording per-batch TSC and
 * pvclock totals, the median over batches and the PVB report line. The
 * recording half runs in guest user mode as well (no hypercalls, no
 * printing). Not responsible for what is being timed.
 */
#include <string.h>

#include "pvbench.h"

void pvb_stat_reset(struct pvb_stat *s)
{
	memset(s, 0, sizeof(*s));
}

void pvb_stat_since(struct pvb_stat *s, const struct pvb_clock *t0)
{
	struct pvb_clock t1;

	pvb_now(&t1);
	if (s->nr >= PVB_MAX_BATCHES)
		return;
	s->cyc[s->nr] = t1.cyc - t0->cyc;
	s->ns[s->nr] = t1.ns - t0->ns;
	s->nr++;
}

/* Insertion sort: at most PVB_MAX_BATCHES values. */
static void sort_u64(uint64_t *v, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++) {
		uint64_t x = v[i];
		unsigned int j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* @total / @ops with one decimal, as "<int>.<digit>" into @buf. */
static const char *per_op(char *buf, size_t len, uint64_t total,
			  unsigned long ops)
{
	uint64_t tenths = (total * 10 + ops / 2) / ops;

	vesta_snprintf(buf, len, "%lu.%lu", (unsigned long)(tenths / 10),
		       (unsigned long)(tenths % 10));
	return buf;
}

void pvb_report(const char *name, struct pvb_stat *s, unsigned long ops)
{
	char cyc[24], ns[24], lo[24], hi[24];
	unsigned int mid = s->nr / 2;

	if (!s->nr || !ops) {
		pvb_skip(name, "no-batch-completed");
		return;
	}
	sort_u64(s->cyc, s->nr);
	sort_u64(s->ns, s->nr);
	guest_printf("PVB %s ops=%lu batches=%u cyc=%s ns=%s ns_min=%s "
		     "ns_max=%s\n",
		     name, ops, s->nr,
		     per_op(cyc, sizeof(cyc), s->cyc[mid], ops),
		     per_op(ns, sizeof(ns), s->ns[mid], ops),
		     per_op(lo, sizeof(lo), s->ns[0], ops),
		     per_op(hi, sizeof(hi), s->ns[s->nr - 1], ops));
}

void pvb_skip(const char *name, const char *why)
{
	guest_printf("PVB %s skip=%s\n", name, why);
}
