/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Unit tests of hypervisor/lib/grant-entry.c, the v1 grant-entry state
 * machine: which entries grant which access (type, domid, read-only), the
 * GTF_reading/GTF_writing bits set while pinned and cleared exactly when
 * the last pin of their kind goes, the frame latched by the first pin,
 * the pin-count limit, refusals that change nothing, and two threaded
 * runs against a concurrent "guest" thread: a well-behaved one that
 * toggles an unrelated flag with compare-and-exchange (acquires must keep
 * succeeding or fail only as "unstable", and the in-use bits must come
 * out right), and a hostile one that flips between entries that never
 * grant write access (every write acquire must fail).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include <vesta/grant-entry.h>

#define ME	3
#define OTHER	4
#define FRAME	0x12345u

static void set_entry(struct vesta_grant_entry_v1 *e, uint16_t flags,
		      uint16_t domid, uint32_t frame)
{
	e->flags = flags;
	e->domid = domid;
	e->frame = frame;
}

static void test_refusals(void **state)
{
	struct vesta_grant_entry_v1 e;
	struct grant_active act;
	uint32_t frame = 0;
	static const struct {
		uint16_t flags, domid;
		unsigned int kind;
	} bad[] = {
		{ VESTA_GTF_invalid, ME, GRANT_PIN_HOST_RO },
		{ VESTA_GTF_accept_transfer, ME, GRANT_PIN_HOST_RO },
		{ VESTA_GTF_transitive, ME, GRANT_PIN_HOST_RO },
		{ VESTA_GTF_permit_access, OTHER, GRANT_PIN_HOST_RO },
		{ VESTA_GTF_permit_access | VESTA_GTF_readonly, ME,
		  GRANT_PIN_HOST_RW },
		{ VESTA_GTF_permit_access | VESTA_GTF_readonly, ME,
		  GRANT_PIN_DEV_RW },
		{ VESTA_GTF_permit_access, ME, GRANT_PIN_KINDS },
		{ VESTA_GTF_permit_access, ME, 1000 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&act, 0, sizeof(act));
		set_entry(&e, bad[i].flags, bad[i].domid, FRAME);
		assert_int_equal(grant_entry_acquire(&e, &act, ME, bad[i].kind,
						     &frame),
				 VESTA_GNTST_general_error);
		/* Nothing changed: entry, pins, output. */
		assert_int_equal(e.flags, bad[i].flags);
		assert_int_equal(e.domid, bad[i].domid);
		assert_false(grant_active_pinned(&act));
		assert_int_equal(frame, 0);
	}
	/* Releasing what is not held is refused. */
	memset(&act, 0, sizeof(act));
	set_entry(&e, VESTA_GTF_permit_access, ME, FRAME);
	assert_int_equal(grant_entry_release(&e, &act, GRANT_PIN_HOST_RO),
			 VESTA_GNTST_general_error);
	assert_int_equal(grant_entry_release(&e, &act, 99),
			 VESTA_GNTST_general_error);
	assert_int_equal(e.flags, VESTA_GTF_permit_access);
}

static void test_read_write_bits(void **state)
{
	struct vesta_grant_entry_v1 e;
	struct grant_active act = { 0 };
	uint16_t base = VESTA_GTF_permit_access | VESTA_GTF_PWT;
	uint32_t frame;

	(void)state;
	set_entry(&e, base, ME, FRAME);
	assert_int_equal(grant_entry_acquire(&e, &act, ME, GRANT_PIN_HOST_RO,
					     &frame), VESTA_GNTST_okay);
	assert_int_equal(frame, FRAME);
	assert_int_equal(e.flags, base | VESTA_GTF_reading);
	assert_int_equal(grant_entry_acquire(&e, &act, ME, GRANT_PIN_HOST_RW,
					     &frame), VESTA_GNTST_okay);
	assert_int_equal(e.flags,
			 base | VESTA_GTF_reading | VESTA_GTF_writing);
	assert_int_equal(grant_entry_acquire(&e, &act, ME, GRANT_PIN_DEV_RW,
					     &frame), VESTA_GNTST_okay);
	/* Another domain cannot join while pinned, even if domid changes. */
	e.domid = OTHER;
	assert_int_equal(grant_entry_acquire(&e, &act, OTHER,
					     GRANT_PIN_HOST_RO, &frame),
			 VESTA_GNTST_general_error);
	e.domid = ME;
	/* Writing stays while one writable pin is left. */
	assert_int_equal(grant_entry_release(&e, &act, GRANT_PIN_HOST_RW), 0);
	assert_true(e.flags & VESTA_GTF_writing);
	assert_int_equal(grant_entry_release(&e, &act, GRANT_PIN_DEV_RW), 0);
	assert_int_equal(e.flags, base | VESTA_GTF_reading);
	assert_int_equal(grant_entry_release(&e, &act, GRANT_PIN_HOST_RO), 0);
	assert_int_equal(e.flags, base);
	assert_false(grant_active_pinned(&act));
}

static void test_frame_latched_and_revoked(void **state)
{
	struct vesta_grant_entry_v1 e;
	struct grant_active act = { 0 };
	uint32_t frame;

	(void)state;
	set_entry(&e, VESTA_GTF_permit_access, ME, FRAME);
	assert_int_equal(grant_entry_acquire(&e, &act, ME, GRANT_PIN_HOST_RO,
					     &frame), 0);
	e.frame = 0x999;
	assert_int_equal(grant_entry_acquire(&e, &act, ME, GRANT_PIN_DEV_RO,
					     &frame), 0);
	assert_int_equal(frame, FRAME);
	/* Revoked while in use: no new pins, old ones release cleanly. */
	__atomic_store_n(&e.flags, VESTA_GTF_reading, __ATOMIC_SEQ_CST);
	assert_int_equal(grant_entry_acquire(&e, &act, ME, GRANT_PIN_HOST_RO,
					     &frame),
			 VESTA_GNTST_general_error);
	assert_int_equal(grant_entry_release(&e, &act, GRANT_PIN_DEV_RO), 0);
	assert_int_equal(e.flags, VESTA_GTF_reading);
	assert_int_equal(grant_entry_release(&e, &act, GRANT_PIN_HOST_RO), 0);
	assert_int_equal(e.flags, 0);
	/* A fresh first pin latches the new frame. */
	set_entry(&e, VESTA_GTF_permit_access, ME, 0x777);
	assert_int_equal(grant_entry_acquire(&e, &act, ME, GRANT_PIN_HOST_RO,
					     &frame), 0);
	assert_int_equal(frame, 0x777);
	assert_int_equal(grant_entry_release(&e, &act, GRANT_PIN_HOST_RO), 0);
}

static void test_pin_limit(void **state)
{
	struct vesta_grant_entry_v1 e;
	struct grant_active act = { 0 };
	uint32_t frame;

	(void)state;
	set_entry(&e, VESTA_GTF_permit_access, ME, FRAME);
	for (unsigned int i = 0; i < GRANT_PIN_MAX; i++)
		assert_int_equal(grant_entry_acquire(&e, &act, ME,
						     GRANT_PIN_HOST_RW,
						     &frame), 0);
	assert_int_equal(grant_entry_acquire(&e, &act, ME, GRANT_PIN_HOST_RW,
					     &frame),
			 VESTA_GNTST_general_error);
	assert_int_equal(act.pins[GRANT_PIN_HOST_RW], GRANT_PIN_MAX);
	/* Other kinds are counted separately. */
	assert_int_equal(grant_entry_acquire(&e, &act, ME, GRANT_PIN_HOST_RO,
					     &frame), 0);
	assert_int_equal(grant_entry_release(&e, &act, GRANT_PIN_HOST_RO), 0);
	for (unsigned int i = 0; i < GRANT_PIN_MAX; i++)
		assert_int_equal(grant_entry_release(&e, &act,
						     GRANT_PIN_HOST_RW), 0);
	assert_int_equal(e.flags, VESTA_GTF_permit_access);
}

/* ---- concurrent guest ---- */

struct guest_thread {
	struct vesta_grant_entry_v1 *e;
	volatile bool stop;
	bool hostile;
	unsigned long writes;
};

static void *guest_writer(void *arg)
{
	struct guest_thread *g = arg;
	uint32_t *w = (uint32_t *)(void *)g->e;
	/* Entries that never let ME write: RO, other domid, wrong type. */
	static const uint32_t hostile[] = {
		VESTA_GTF_permit_access | VESTA_GTF_readonly |
			((uint32_t)ME << 16),
		VESTA_GTF_permit_access | ((uint32_t)OTHER << 16),
		VESTA_GTF_accept_transfer | ((uint32_t)ME << 16),
		VESTA_GTF_invalid | VESTA_GTF_reading | ((uint32_t)ME << 16),
	};

	while (!g->stop) {
		if (g->hostile) {
			__atomic_store_n(w, hostile[g->writes % 4],
					 __ATOMIC_RELEASE);
		} else {
			/* Keeps the hypervisor's bits: flips only PWT. */
			__atomic_fetch_xor(&g->e->flags, VESTA_GTF_PWT,
					   __ATOMIC_ACQ_REL);
		}
		g->writes++;
	}
	return NULL;
}

static void run_concurrent(bool hostile, unsigned long *ok,
			   unsigned long *fail)
{
	struct vesta_grant_entry_v1 e;
	struct grant_active act = { 0 };
	struct guest_thread g = { .e = &e, .hostile = hostile };
	pthread_t t;
	uint32_t frame;

	set_entry(&e, hostile ? VESTA_GTF_invalid :
		  VESTA_GTF_permit_access, ME, FRAME);
	assert_int_equal(pthread_create(&t, NULL, guest_writer, &g), 0);
	for (unsigned int i = 0; i < 200000; i++) {
		unsigned int kind = i & 1 ? GRANT_PIN_HOST_RW :
					    GRANT_PIN_DEV_RW;

		if (grant_entry_acquire(&e, &act, ME, kind, &frame)) {
			(*fail)++;
			assert_false(grant_active_pinned(&act));
			continue;
		}
		(*ok)++;
		assert_int_equal(frame, FRAME);
		assert_true(__atomic_load_n(&e.flags, __ATOMIC_ACQUIRE) &
			    VESTA_GTF_writing);
		assert_int_equal(grant_entry_release(&e, &act, kind), 0);
	}
	g.stop = true;
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_false(grant_active_pinned(&act));
	if (!hostile)
		assert_int_equal(e.flags & (VESTA_GTF_reading |
					    VESTA_GTF_writing), 0);
}

static void test_concurrent_benign(void **state)
{
	unsigned long ok = 0, fail = 0;

	(void)state;
	run_concurrent(false, &ok, &fail);
	/* Failures are possible (an "unstable" entry) but must be rare. */
	assert_true(ok > fail);
}

static void test_concurrent_hostile(void **state)
{
	unsigned long ok = 0, fail = 0;

	(void)state;
	/*
	 * The hostile writer never offers a writable grant to ME, so no
	 * write acquire may succeed; the assert inside checks the bit too.
	 */
	run_concurrent(true, &ok, &fail);
	assert_int_equal(ok, 0);
	assert_int_equal(fail, 200000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_read_write_bits),
		cmocka_unit_test(test_frame_latched_and_revoked),
		cmocka_unit_test(test_pin_limit),
		cmocka_unit_test(test_concurrent_benign),
		cmocka_unit_test(test_concurrent_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
