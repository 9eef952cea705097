/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * grant-copy: grant tables v1 between two domains through GNTTABOP_copy.
 *
 * Property tested (pv-abi.md 3.1 grant_table_op; issue 4): the same kernel
 * runs as dom0 and as domU 1. The domU asks for v1 (set_version 1 = 0,
 * v2 refused, get_version 1), sizes its table (query_size: 0 frames, max
 * 32), sets up one frame (setup_table; too many frames, a bad frame list,
 * another domain, count 2 and a bad pointer are refused with the right
 * status or errno), maps that frame writable with update_va_mapping and
 * writes grants into it: ref 8 read-only and ref 9 writable data pages,
 * ref 10 a writable mailbox, ref 11 granted to another domain, ref 12
 * never granted, ref 13 naming a frame the domU does not own, ref 14 its
 * own L4 page table (writable). It also copies between its own frames and
 * fails to copy into its own L4. dom0 waits for a phase word in the
 * ref-8 page, reads the whole page by copy and checks every byte, writes
 * a pattern into ref 9 in pieces (own frame -> grant, with offsets) and
 * signals through the mailbox. The domU checks every byte and that no
 * GTF_reading/writing bit is left, revokes ref 9 and moves the phase on;
 * dom0 then finds ref 9 refused. dom0 also checks every error status:
 * read-only grant written, wrong domid, never granted, unowned frame,
 * page table as destination, refs beyond the table, a frame side that
 * is not DOMID_SELF, an unknown domain, unknown flags, a span crossing
 * the page; -EFAULT for bad op pointers; 2048 empty ops in one call
 * (continuations) and a count of 2^31-1 over two mapped pages followed
 * by a hole (stops with -EFAULT); count 2^31 is -EINVAL.
 *
 * Correct behaviour: as above (multi-domain: Vesta only). Failure
 * detection: each domain prints its own FAIL lines and RESULT; waits for
 * the other side end at a deadline.
 */
#include <public/grant_table.h>

#include "guest.h"

#define NS_PER_S	1000000000ULL
#define DOMU		1
#define PHASE_READY	0x5245414459ULL		/* "READY" */
#define PHASE_REVOKED	0x52564b44ULL		/* "RVKD" */
#define MAIL_WRITTEN	0x5752495454454eULL	/* "WRITTEN" */
#define MAIL_DONE	0x444f4e45ULL		/* "DONE" */
#define REF_RO		8
#define REF_RW		9
#define REF_MAIL	10
#define REF_OTHER_DOM	11
#define REF_NEVER	12
#define REF_UNOWNED	13
#define REF_PT		14
#define NR_EMPTY_OPS	2048

static uint8_t ro_page[GUEST_PAGE_SIZE] GUEST_PAGE_ALIGNED_BSS;
static uint8_t rw_page[GUEST_PAGE_SIZE] GUEST_PAGE_ALIGNED_BSS;
static uint8_t mail_page[GUEST_PAGE_SIZE] GUEST_PAGE_ALIGNED_BSS;
static uint8_t gnt_va[GUEST_PAGE_SIZE] GUEST_PAGE_ALIGNED_BSS;
static uint8_t buf[GUEST_PAGE_SIZE] GUEST_PAGE_ALIGNED_BSS;
/* Two pages of ops and a third page that is unmapped for the hole test. */
static uint8_t ops_area[3 * GUEST_PAGE_SIZE] GUEST_PAGE_ALIGNED_BSS;
static struct vesta_gnttab_copy empty_ops[NR_EMPTY_OPS];

static long gnttab(unsigned int cmd, void *arg, unsigned long count)
{
	return hypercall3(VESTA_HC_grant_table_op, cmd, HC_ARG(arg), count);
}

static uint8_t pattern_a(unsigned int i)
{
	return (uint8_t)(i * 7 + 3);
}

static uint8_t pattern_b(unsigned int i)
{
	return (uint8_t)(i * 13 + 0x5a);
}

static volatile uint64_t *word(uint8_t *page)
{
	return (volatile uint64_t *)page;
}

/* One copy; returns its status (or the hypercall's error if nonzero). */
static long copy1(struct vesta_gnttab_copy *op)
{
	long rc;

	op->status = 0x7777;
	rc = gnttab(VESTA_GNTTABOP_copy, op, 1);
	return rc ? rc : op->status;
}

static void gref_side(struct vesta_gnttab_copy_ptr *p, uint16_t dom,
		      uint32_t ref, uint16_t off)
{
	p->u.gmfn = 0;
	p->u.ref = ref;
	p->domid = dom;
	p->offset = off;
}

static void frame_side(struct vesta_gnttab_copy_ptr *p, void *va,
		       uint16_t off)
{
	p->u.gmfn = guest_virt_to_mfn(va);
	p->domid = VESTA_DOMID_SELF;
	p->offset = off;
}

/* ---- domU ---- */

static void domu_version_and_size(void)
{
	struct vesta_gnttab_set_version sv = { .version = 1 };
	struct vesta_gnttab_get_version gv = { .dom = VESTA_DOMID_SELF };
	struct vesta_gnttab_query_size qs = { .dom = VESTA_DOMID_SELF };

	guest_check_rc("set_version 1", 0,
		       gnttab(VESTA_GNTTABOP_set_version, &sv, 1));
	sv.version = 2;
	if (!gnttab(VESTA_GNTTABOP_set_version, &sv, 1))
		guest_fail("set_version 2 succeeded");
	guest_check("version after v2 request", 1, sv.version);
	guest_check_rc("get_version", 0,
		       gnttab(VESTA_GNTTABOP_get_version, &gv, 1));
	guest_check("get_version.version", 1, gv.version);
	gv.dom = 0;
	guest_check_rc("get_version of dom0", -VESTA_EPERM,
		       gnttab(VESTA_GNTTABOP_get_version, &gv, 1));
	guest_check_rc("query_size", 0,
		       gnttab(VESTA_GNTTABOP_query_size, &qs, 1));
	guest_check_rc("query_size.status", 0, qs.status);
	guest_check("query_size.nr_frames", 0, qs.nr_frames);
	guest_check("query_size.max_nr_frames", 32, qs.max_nr_frames);
	qs.dom = 0;
	guest_check_rc("query_size of dom0", 0,
		       gnttab(VESTA_GNTTABOP_query_size, &qs, 1));
	guest_check_rc("query_size of dom0 status",
		       VESTA_GNTST_permission_denied, qs.status);
}

static long setup(uint16_t dom, uint32_t nr, uint64_t *list, int16_t *st)
{
	struct vesta_gnttab_setup_table op = {
		.dom = dom, .nr_frames = nr, .frame_list = HC_ARG(list),
	};
	long rc = gnttab(VESTA_GNTTABOP_setup_table, &op, 1);

	*st = op.status;
	return rc;
}

static unsigned long domu_setup(void)
{
	uint64_t frames[2] = { 0, 0 };
	int16_t st;

	guest_check_rc("setup 33 frames", 0,
		       setup(VESTA_DOMID_SELF, 33, frames, &st));
	guest_check_rc("setup 33 frames status", VESTA_GNTST_general_error,
		       st);
	guest_check_rc("setup bad list", 0, setup(VESTA_DOMID_SELF, 1,
						  GUEST_BAD_PTR_HOLE, &st));
	guest_check_rc("setup bad list status", VESTA_GNTST_bad_virt_addr,
		       st);
	guest_check_rc("setup dom0", 0, setup(0, 1, frames, &st));
	guest_check_rc("setup dom0 status", VESTA_GNTST_permission_denied,
		       st);
	guest_check_rc("setup count 2", -VESTA_EINVAL,
		       gnttab(VESTA_GNTTABOP_setup_table, frames, 2));
	guest_check_rc("setup bad pointer", -VESTA_EFAULT,
		       gnttab(VESTA_GNTTABOP_setup_table,
			      GUEST_BAD_PTR_UNMAPPED, 1));
	guest_check_rc("setup 1 frame", 0,
		       setup(VESTA_DOMID_SELF, 1, frames, &st));
	guest_check_rc("setup 1 frame status", 0, st);
	if (!frames[0])
		guest_error("setup_table gave no frame");
	guest_check("frame_list[1] untouched", 0, frames[1]);
	return (unsigned long)frames[0];
}

static void grant(struct vesta_grant_entry_v1 *t, unsigned int ref,
		  uint16_t flags, uint16_t dom, unsigned long frame)
{
	t[ref].domid = dom;
	t[ref].frame = (uint32_t)frame;
	guest_barrier();
	__atomic_store_n(&t[ref].flags, flags, __ATOMIC_RELEASE);
}

static void domu_local_copies(void)
{
	struct vesta_gnttab_copy op = { .len = 16 };
	unsigned long l4 = guest_virt_to_mfn((void *)guest_start_info->pt_base);

	for (unsigned int i = 0; i < 16; i++)
		buf[i] = (uint8_t)(0xa0 + i);
	frame_side(&op.source, buf, 0);
	frame_side(&op.dest, buf, 100);
	guest_check_rc("own frame to own frame", 0, copy1(&op));
	for (unsigned int i = 0; i < 16; i++)
		if (buf[100 + i] != (uint8_t)(0xa0 + i))
			guest_fail("local copy byte %u", i);
	op.dest.u.gmfn = l4;
	op.dest.offset = 0;
	guest_check_rc("copy into own L4", VESTA_GNTST_general_error,
		       copy1(&op));
}

static bool wait_word(volatile uint64_t *w, uint64_t want, uint64_t secs)
{
	uint64_t end = guest_system_time() + secs * NS_PER_S;

	while (*w != want) {
		if (guest_system_time() > end)
			return false;
		guest_sleep_ns(1000000);
	}
	return true;
}

static void domu_main(void)
{
	struct vesta_grant_entry_v1 *t = (void *)gnt_va;
	unsigned long mfn;

	domu_version_and_size();
	mfn = domu_setup();
	guest_check_rc("map grant frame", 0, guest_map_mfn(gnt_va, mfn, true));
	domu_local_copies();
	for (unsigned int i = 8; i < GUEST_PAGE_SIZE; i++)
		ro_page[i] = pattern_a(i);
	grant(t, REF_RO, VESTA_GTF_permit_access | VESTA_GTF_readonly, 0,
	      guest_virt_to_mfn(ro_page));
	grant(t, REF_RW, VESTA_GTF_permit_access, 0,
	      guest_virt_to_mfn(rw_page));
	grant(t, REF_MAIL, VESTA_GTF_permit_access, 0,
	      guest_virt_to_mfn(mail_page));
	grant(t, REF_OTHER_DOM, VESTA_GTF_permit_access, 5,
	      guest_virt_to_mfn(rw_page));
	grant(t, REF_UNOWNED, VESTA_GTF_permit_access, 0, mfn);
	grant(t, REF_PT, VESTA_GTF_permit_access, 0,
	      guest_virt_to_mfn((void *)guest_start_info->pt_base));
	__atomic_store_n(word(ro_page), PHASE_READY, __ATOMIC_RELEASE);

	if (!wait_word(word(mail_page), MAIL_WRITTEN, 60))
		guest_error("dom0 never wrote the pages");
	for (unsigned int i = 8; i < GUEST_PAGE_SIZE; i++)
		if (rw_page[i] != pattern_b(i)) {
			guest_fail("rw_page byte %u is %#x", i, rw_page[i]);
			break;
		}
	for (unsigned int r = REF_RO; r <= REF_PT; r++)
		if (t[r].flags & (VESTA_GTF_reading | VESTA_GTF_writing))
			guest_fail("ref %u flags %#x: in-use bit left", r,
				   t[r].flags);
	/* Revoke: Linux clears the flags when no in-use bit is set. */
	__atomic_store_n(&t[REF_RW].flags, 0, __ATOMIC_RELEASE);
	__atomic_store_n(word(ro_page), PHASE_REVOKED, __ATOMIC_RELEASE);
	if (!wait_word(word(mail_page), MAIL_DONE, 60))
		guest_fail("dom0 never finished");
}

/* ---- dom0 ---- */

static uint64_t dom0_read_phase(void)
{
	struct vesta_gnttab_copy op = { .len = 8,
					.flags = VESTA_GNTCOPY_source_gref };
	uint64_t phase = 0;

	gref_side(&op.source, DOMU, REF_RO, 0);
	frame_side(&op.dest, buf, 0);
	if (copy1(&op))
		return 0;
	__builtin_memcpy(&phase, buf, 8);
	return phase;
}

static bool dom0_wait_phase(uint64_t want)
{
	uint64_t end = guest_system_time() + 60 * NS_PER_S;

	while (dom0_read_phase() != want) {
		if (guest_system_time() > end)
			return false;
		guest_sleep_ns(1000000);
	}
	return true;
}

static void dom0_read_all(void)
{
	struct vesta_gnttab_copy op = { .len = GUEST_PAGE_SIZE,
					.flags = VESTA_GNTCOPY_source_gref };

	gref_side(&op.source, DOMU, REF_RO, 0);
	frame_side(&op.dest, buf, 0);
	guest_check_rc("read whole ro page", 0, copy1(&op));
	for (unsigned int i = 8; i < GUEST_PAGE_SIZE; i++)
		if (buf[i] != pattern_a(i)) {
			guest_fail("ro byte %u is %#x", i, buf[i]);
			break;
		}
}

/* Write pattern B into ref 9 in three pieces of odd sizes. */
static void dom0_write_rw(void)
{
	static const uint16_t cut[] = { 8, 1000, 3001, GUEST_PAGE_SIZE };
	struct vesta_gnttab_copy op = { .flags = VESTA_GNTCOPY_dest_gref };

	for (unsigned int i = 0; i < GUEST_PAGE_SIZE; i++)
		buf[i] = pattern_b(i);
	for (unsigned int k = 0; k + 1 < GUEST_ARRAY_SIZE(cut); k++) {
		op.len = (uint16_t)(cut[k + 1] - cut[k]);
		frame_side(&op.source, buf, cut[k]);
		gref_side(&op.dest, DOMU, REF_RW, cut[k]);
		guest_check_rc("write piece of rw page", 0, copy1(&op));
	}
}

static void dom0_mail(uint64_t v)
{
	struct vesta_gnttab_copy op = { .len = 8,
					.flags = VESTA_GNTCOPY_dest_gref };

	__builtin_memcpy(buf, &v, 8);
	frame_side(&op.source, buf, 0);
	gref_side(&op.dest, DOMU, REF_MAIL, 0);
	guest_check_rc("mailbox write", 0, copy1(&op));
}

/* A copy from ref @ref (or into it if @write) with status @want. */
static void dom0_expect(const char *what, uint32_t ref, bool write,
			uint16_t dom, long want)
{
	struct vesta_gnttab_copy op = { .len = 64 };

	if (write) {
		op.flags = VESTA_GNTCOPY_dest_gref;
		frame_side(&op.source, buf, 0);
		gref_side(&op.dest, dom, ref, 0);
	} else {
		op.flags = VESTA_GNTCOPY_source_gref;
		gref_side(&op.source, dom, ref, 0);
		frame_side(&op.dest, buf, 0);
	}
	guest_check_rc(what, want, copy1(&op));
}

static void dom0_bad_args(void)
{
	struct vesta_gnttab_copy op = { .len = 64 };

	dom0_expect("write ro grant", REF_RO, true, DOMU,
		    VESTA_GNTST_general_error);
	dom0_expect("grant for another domain", REF_OTHER_DOM, false, DOMU,
		    VESTA_GNTST_general_error);
	dom0_expect("never granted", REF_NEVER, false, DOMU,
		    VESTA_GNTST_general_error);
	dom0_expect("unowned frame", REF_UNOWNED, false, DOMU,
		    VESTA_GNTST_bad_page);
	dom0_expect("page table as dest", REF_PT, true, DOMU,
		    VESTA_GNTST_general_error);
	dom0_expect("page table as source", REF_PT, false, DOMU, 0);
	dom0_expect("ref beyond table", 600, false, DOMU,
		    VESTA_GNTST_bad_gntref);
	dom0_expect("ref ~0", 0xffffffffu, false, DOMU,
		    VESTA_GNTST_bad_gntref);
	dom0_expect("unknown domain", REF_RO, false, 99,
		    VESTA_GNTST_bad_domain);
	/* Frame sides must be DOMID_SELF, even the domU's own ids. */
	frame_side(&op.source, buf, 0);
	op.source.domid = DOMU;
	frame_side(&op.dest, buf, 512);
	guest_check_rc("foreign frame side", VESTA_GNTST_permission_denied,
		       copy1(&op));
	frame_side(&op.source, buf, 0);
	op.source.u.gmfn = 1ULL << 40;
	guest_check_rc("frame beyond RAM", VESTA_GNTST_bad_page, copy1(&op));
	frame_side(&op.source, buf, 0);
	op.flags = 4;
	guest_check_rc("unknown flag", VESTA_GNTST_bad_copy_arg, copy1(&op));
	op.flags = 0;
	op.source.offset = 4000;
	op.len = 200;
	guest_check_rc("span crosses page", VESTA_GNTST_bad_copy_arg,
		       copy1(&op));
	op.len = 0;
	guest_check_rc("empty copy", 0, copy1(&op));
}

static void dom0_bad_pointers_and_counts(void)
{
	struct vesta_gnttab_copy *ops = (void *)ops_area;
	unsigned int per2 = 2 * GUEST_PAGE_SIZE / sizeof(*ops);

	guest_check_rc("copy unmapped", -VESTA_EFAULT,
		       gnttab(VESTA_GNTTABOP_copy, GUEST_BAD_PTR_UNMAPPED, 1));
	guest_check_rc("copy hole", -VESTA_EFAULT,
		       gnttab(VESTA_GNTTABOP_copy, GUEST_BAD_PTR_HOLE, 1));
	guest_check_rc("copy noncanonical", -VESTA_EFAULT,
		       gnttab(VESTA_GNTTABOP_copy, GUEST_BAD_PTR_NONCANON, 1));
	guest_check_rc("count 2^31", -VESTA_EINVAL,
		       gnttab(VESTA_GNTTABOP_copy, ops, 0x80000000UL));
	guest_check_rc("unknown sub-op", -VESTA_ENOSYS, gnttab(99, ops, 1));
	guest_check_rc("map_grant_ref", -VESTA_ENOSYS,
		       gnttab(VESTA_GNTTABOP_map_grant_ref, ops, 1));
	for (unsigned int i = 0; i < NR_EMPTY_OPS; i++)
		empty_ops[i].status = 0x55;
	guest_check_rc("2048 empty ops", 0,
		       gnttab(VESTA_GNTTABOP_copy, empty_ops, NR_EMPTY_OPS));
	for (unsigned int i = 0; i < NR_EMPTY_OPS; i++)
		if (empty_ops[i].status) {
			guest_fail("empty op %u status %d", i,
				   empty_ops[i].status);
			break;
		}
	for (unsigned int i = 0; i < per2; i++)
		ops[i].status = 0x55;
	guest_check_rc("unmap page after ops", 0,
		       guest_unmap(ops_area + 2 * GUEST_PAGE_SIZE));
	guest_check_rc("count 2^31-1 into a hole", -VESTA_EFAULT,
		       gnttab(VESTA_GNTTABOP_copy, ops, 0x7fffffffUL));
	guest_check("last op before the hole done", 0, ops[per2 - 1].status);
	guest_check_rc("remap page after ops", 0,
		       guest_map_mfn(ops_area + 2 * GUEST_PAGE_SIZE,
				     guest_virt_to_mfn(ops_area +
						       2 * GUEST_PAGE_SIZE),
				     true));
}

static void dom0_main(void)
{
	struct vesta_gnttab_query_size qs = { .dom = DOMU };
	struct vesta_gnttab_get_version gv = { .dom = DOMU };

	dom0_bad_pointers_and_counts();
	if (!dom0_wait_phase(PHASE_READY))
		guest_error("domU never published its grants");
	guest_check_rc("query_size domU", 0,
		       gnttab(VESTA_GNTTABOP_query_size, &qs, 1));
	guest_check_rc("query_size domU status", 0, qs.status);
	guest_check("query_size domU frames", 1, qs.nr_frames);
	guest_check_rc("get_version domU", 0,
		       gnttab(VESTA_GNTTABOP_get_version, &gv, 1));
	dom0_read_all();
	dom0_bad_args();
	dom0_write_rw();
	dom0_mail(MAIL_WRITTEN);
	if (!dom0_wait_phase(PHASE_REVOKED))
		guest_fail("domU never revoked");
	dom0_expect("revoked grant", REF_RW, true, DOMU,
		    VESTA_GNTST_general_error);
	dom0_mail(MAIL_DONE);
}

void test_main(const struct vesta_start_info *si)
{
	(void)si;
	if (guest_is_privileged())
		dom0_main();
	else
		domu_main();
}
