/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * libFuzzer harness for the v1 grant-entry state machine
 * (hypervisor/lib/grant-entry.c). Every 4 bytes of input are one step on
 * one entry: a guest write of the flags+domid word or of the frame, an
 * acquire of any kind (including bad ones) for one of two domains, or a
 * release of any kind. A model of the pin counts predicts every result;
 * after each step the harness checks that a successful acquire saw an
 * entry granting that access, that refusals changed nothing, and that
 * GTF_reading/GTF_writing are set exactly while the model says pins of
 * that kind are held (the guest's own writes aside, which the next
 * acquire or release may overwrite only in those two bits).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vesta/grant-entry.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define STEP_BYTES	4
#define MAX_STEPS	2000
#define INUSE		(VESTA_GTF_reading | VESTA_GTF_writing)

struct state {
	struct vesta_grant_entry_v1 e;
	struct grant_active act;
	unsigned int pins[GRANT_PIN_KINDS + 1];
	uint16_t holder;
	uint32_t frame;
};

static void fail(const char *why, size_t step)
{
	fprintf(stderr, "fuzz-grant-entry: step %zu: %s\n", step, why);
	abort();
}

static unsigned int total(const struct state *s)
{
	unsigned int n = 0;

	for (unsigned int k = 0; k < GRANT_PIN_KINDS; k++)
		n += s->pins[k];
	return n;
}

static bool writes(unsigned int kind)
{
	return kind == GRANT_PIN_HOST_RW || kind == GRANT_PIN_DEV_RW;
}

static bool allows(const struct vesta_grant_entry_v1 *e, uint16_t dom,
		   unsigned int kind)
{
	if ((e->flags & VESTA_GTF_type_mask) != VESTA_GTF_permit_access ||
	    e->domid != dom)
		return false;
	return !(writes(kind) && (e->flags & VESTA_GTF_readonly));
}

static void do_acquire(struct state *s, uint16_t dom, unsigned int kind,
		       size_t step)
{
	struct vesta_grant_entry_v1 before = s->e;
	bool expect = kind < GRANT_PIN_KINDS && allows(&s->e, dom, kind) &&
		      (!total(s) || s->holder == dom) &&
		      s->pins[kind] < GRANT_PIN_MAX;
	uint32_t frame = 0xdeadbeef;
	int rc = grant_entry_acquire(&s->e, &s->act, dom, kind, &frame);

	if ((rc == VESTA_GNTST_okay) != expect)
		fail("acquire result differs from the model", step);
	if (rc) {
		if (memcmp(&before, &s->e, sizeof(before)) ||
		    frame != 0xdeadbeef)
			fail("refused acquire changed something", step);
		return;
	}
	if (!total(s)) {
		s->frame = before.frame;
		s->holder = dom;
	}
	s->pins[kind]++;
	if (frame != s->frame)
		fail("acquire returned another frame", step);
	if (!(s->e.flags & VESTA_GTF_reading) ||
	    (writes(kind) && !(s->e.flags & VESTA_GTF_writing)))
		fail("in-use bit not set", step);
	if ((s->e.flags & ~INUSE) != (before.flags & ~INUSE) ||
	    s->e.domid != before.domid || s->e.frame != before.frame)
		fail("acquire changed more than the in-use bits", step);
}

static void do_release(struct state *s, unsigned int kind, size_t step)
{
	struct vesta_grant_entry_v1 before = s->e;
	bool expect = kind < GRANT_PIN_KINDS && s->pins[kind];
	int rc = grant_entry_release(&s->e, &s->act, kind);

	if ((rc == VESTA_GNTST_okay) != expect)
		fail("release result differs from the model", step);
	if (rc) {
		if (memcmp(&before, &s->e, sizeof(before)))
			fail("refused release changed the entry", step);
		return;
	}
	s->pins[kind]--;
	if (!(s->pins[GRANT_PIN_HOST_RW] + s->pins[GRANT_PIN_DEV_RW]) &&
	    writes(kind) && (s->e.flags & VESTA_GTF_writing))
		fail("writing left set after the last write pin", step);
	if (!total(s) && (s->e.flags & INUSE))
		fail("in-use bits left after the last pin", step);
	if (total(s) && !(s->e.flags & VESTA_GTF_reading) &&
	    (before.flags & VESTA_GTF_reading))
		fail("reading cleared while pinned", step);
	if ((s->e.flags & ~INUSE) != (before.flags & ~INUSE) ||
	    s->e.domid != before.domid || s->e.frame != before.frame)
		fail("release changed more than the in-use bits", step);
}

static void step_one(struct state *s, const uint8_t *p, size_t step)
{
	uint16_t arg = (uint16_t)(p[2] | p[3] << 8);
	/* Domids 1 and 2 mostly, so that grants match often. */
	uint16_t dom = (p[1] & 0x80) ? arg : (uint16_t)(1 + (p[1] & 1));
	unsigned int kind = (p[1] >> 1) & 7;	/* 0-7: 4 valid kinds */

	switch (p[0] % 5) {
	case 0:		/* guest flags, maybe keeping in-use bits */
		if (p[1] & 1)
			arg |= s->e.flags & INUSE;
		s->e.flags = arg;
		break;
	case 1:
		s->e.domid = (p[1] & 1) ? (uint16_t)(1 + (arg & 1)) : arg;
		break;
	case 2:
		s->e.frame = (uint32_t)arg * 0x10001u;
		break;
	case 3:
		do_acquire(s, dom, kind, step);
		break;
	default:
		do_release(s, kind, step);
		break;
	}
	for (unsigned int k = 0; k < GRANT_PIN_KINDS; k++)
		if (s->act.pins[k] != s->pins[k])
			fail("pin counts differ from the model", step);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state s;
	size_t steps = size / STEP_BYTES;

	memset(&s, 0, sizeof(s));
	if (steps > MAX_STEPS)
		steps = MAX_STEPS;
	for (size_t i = 0; i < steps; i++)
		step_one(&s, data + i * STEP_BYTES, i);
	return 0;
}
