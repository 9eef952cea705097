/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Grant tables, v1: each domain's table of shared entries (frames owned
 * by the hypervisor, mapped by the domain, allocated on demand up to
 * GNTTAB_MAX_FRAMES), the hypervisor-side state of each entry, and the
 * grant_table_op sub-ops setup_table, query_size, set_version,
 * get_version and copy. Copies pin the grants they use through
 * lib/grant-entry.c and hold page references (and a writable type on the
 * destination) for exactly as long as the copy runs. Not responsible for
 * host or device mappings of grants, transfers or v2: map_grant_ref,
 * unmap_grant_ref, unmap_and_replace, transfer, get_status_frames and
 * the rest return -ENOSYS until the page-table engine can install and
 * revoke grant mappings (then GNTTAB_MAPTRACK_MAX bounds them).
 */
#include <vesta/arch.h>
#include <vesta/domain.h>
#include <vesta/errno.h>
#include <vesta/grant-entry.h>
#include <vesta/grant.h>
#include <vesta/guest-access.h>
#include <vesta/hypercall.h>
#include <vesta/mm.h>
#include <vesta/pgtype.h>
#include <vesta/printk.h>
#include <vesta/softirq.h>
#include <vesta/spinlock.h>
#include <public/grant_table.h>
#include <public/vesta.h>
#include <string.h>

/* Copy operations per call even with no softirq pending (G4). */
#define GNTTAB_COPY_MAX_PER_CALL	1024
/* Largest count accepted at all (Xen treats it as a signed int). */
#define GNTTAB_COUNT_MAX		0x7fffffffULL
#define ACTIVE_ORDER			1

struct grant_table {
	spinlock_t lock;		/* growth, and every grant_active */
	unsigned int nr_frames;		/* frames [0, nr) are set up */
	uint64_t mfn[GNTTAB_MAX_FRAMES];
	struct vesta_grant_entry_v1 *shared[GNTTAB_MAX_FRAMES];
	struct grant_active *active[GNTTAB_MAX_FRAMES];
};

BUILD_BUG_ON(sizeof(struct grant_table) > PAGE_SIZE);
BUILD_BUG_ON(GNTTAB_ENTRIES_PER_FRAME * sizeof(struct vesta_grant_entry_v1)
	     != PAGE_SIZE);
BUILD_BUG_ON(GNTTAB_ENTRIES_PER_FRAME * sizeof(struct grant_active) >
	     (PAGE_SIZE << ACTIVE_ORDER));

int grant_table_init(struct domain *d)
{
	struct grant_table *gt = alloc_pages(0);

	/* Zeroed memory: no frames, and the lock is unlocked. */
	if (!gt)
		return -ENOMEM;
	d->grant = gt;
	return 0;
}

/* Add frame @i (the next one) to @gt. Context: gt->lock held. */
static int grow_one(struct grant_table *gt, unsigned int i)
{
	void *shared = alloc_pages(0);
	void *active = alloc_pages(ACTIVE_ORDER);
	uint64_t mfn;

	if (!shared || !active) {
		if (shared)
			free_pages(shared, 0);
		if (active)
			free_pages(active, ACTIVE_ORDER);
		return -ENOMEM;
	}
	mfn = virt_to_mfn(shared);
	/* Mappable by the guest as data, never as a page table. */
	frame_table[mfn].pgt.owner = PAGE_OWNER_SHARED;
	frame_table[mfn].pgt.count = 1;
	gt->mfn[i] = mfn;
	gt->shared[i] = shared;
	gt->active[i] = active;
	/* Lock-free readers see a frame only once it is complete. */
	smp_wmb();
	WRITE_ONCE(gt->nr_frames, i + 1);
	return 0;
}

/* Grow @gt to at least @nr frames. Return: 0 or -ENOMEM (partly grown). */
static int grow(struct grant_table *gt, unsigned int nr)
{
	int rc = 0;

	spin_lock(&gt->lock);
	for (unsigned int i = gt->nr_frames; i < nr && !rc; i++)
		rc = grow_one(gt, i);
	spin_unlock(&gt->lock);
	return rc;
}

void grant_table_destroy(struct domain *d)
{
	struct grant_table *gt = d->grant;

	if (!gt)
		return;
	for (unsigned int i = 0; i < gt->nr_frames; i++) {
		struct pgtype_frame *f = &frame_table[gt->mfn[i]].pgt;

		free_pages(gt->active[i], ACTIVE_ORDER);
		/* Still mapped somewhere: a hypervisor bug; never reuse it. */
		if (f->count != 1 || pgtype_count_of(f->type)) {
			printk(LOG_ERR "d%u: grant frame %#lx still referenced\n",
			       d->domain_id, (unsigned long)gt->mfn[i]);
			continue;
		}
		memset(f, 0, sizeof(*f));
		free_pages(gt->shared[i], 0);
	}
	free_pages(gt, 0);
	d->grant = NULL;
}

bool grant_table_owns_frame(const struct domain *d, uint64_t mfn)
{
	const struct grant_table *gt = d->grant;
	unsigned int nr;

	if (!gt)
		return false;
	nr = READ_ONCE(gt->nr_frames);
	smp_rmb();
	for (unsigned int i = 0; i < nr && i < GNTTAB_MAX_FRAMES; i++)
		if (gt->mfn[i] == mfn)
			return true;
	return false;
}

/*
 * The domain a sub-op names: the caller itself, or (privileged callers
 * only) another live domain. Authorisation comes before the lookup, so an
 * unprivileged caller learns nothing about other domain ids (G6).
 * Return: VESTA_GNTST_okay and a referenced *@out, or
 * VESTA_GNTST_permission_denied / VESTA_GNTST_bad_domain.
 */
static int target_domain(struct domain *cur, uint16_t dom,
			 struct domain **out)
{
	if (dom != VESTA_DOMID_SELF && dom != cur->domain_id &&
	    !cur->is_privileged)
		return VESTA_GNTST_permission_denied;
	*out = domain_lookup_by_caller(cur, dom);
	return *out ? VESTA_GNTST_okay : VESTA_GNTST_bad_domain;
}

/* Grow @d's table to @nr frames and write their MFNs to @list. */
static int setup_frames(struct domain *d, uint32_t nr, uint64_t list)
{
	struct grant_table *gt = d->grant;
	uint64_t mfns[GNTTAB_MAX_FRAMES];

	if (nr > GNTTAB_MAX_FRAMES || !gt)
		return VESTA_GNTST_general_error;
	if (grow(gt, nr))
		return VESTA_GNTST_general_error;
	spin_lock(&gt->lock);
	memcpy(mfns, gt->mfn, nr * sizeof(mfns[0]));
	spin_unlock(&gt->lock);
	if (nr && copy_to_guest(list, mfns, nr * sizeof(mfns[0])))
		return VESTA_GNTST_bad_virt_addr;
	return VESTA_GNTST_okay;
}

/*
 * GNTTABOP_setup_table. The padding between the fields is not checked
 * (G9): Linux fills the struct field by field on its stack and leaves
 * the implicit padding holes uninitialised.
 */
static long gnttab_setup_table(struct domain *cur, uint64_t uop)
{
	struct vesta_gnttab_setup_table op;
	struct domain *d;
	int16_t status;

	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	status = (int16_t)target_domain(cur, op.dom, &d);
	if (status == VESTA_GNTST_okay) {
		status = (int16_t)setup_frames(d, op.nr_frames, op.frame_list);
		domain_put(d);
	}
	if (copy_to_guest(uop + offsetof(struct vesta_gnttab_setup_table,
					 status), &status, sizeof(status)))
		return -EFAULT;
	return 0;
}

/* GNTTABOP_query_size (padding unchecked, as for setup_table). */
static long gnttab_query_size(struct domain *cur, uint64_t uop)
{
	struct vesta_gnttab_query_size op;
	struct domain *d;

	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	op.status = (int16_t)target_domain(cur, op.dom, &d);
	if (op.status == VESTA_GNTST_okay) {
		op.nr_frames = d->grant ? READ_ONCE(d->grant->nr_frames) : 0;
		op.max_nr_frames = GNTTAB_MAX_FRAMES;
		domain_put(d);
	}
	return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/*
 * GNTTABOP_set_version: only v1 exists. Asking for v2 fails, which Linux
 * takes as "stay on v1"; the current version is written back either way.
 */
static long gnttab_set_version(uint64_t uop)
{
	struct vesta_gnttab_set_version op;
	long rc;

	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	if (op.version == 1)
		rc = 0;
	else if (op.version == 2)
		rc = -ENOSYS;
	else
		rc = -EINVAL;
	op.version = 1;
	if (copy_to_guest(uop, &op, sizeof(op)))
		return -EFAULT;
	return rc;
}

/* GNTTABOP_get_version. */
static long gnttab_get_version(struct domain *cur, uint64_t uop)
{
	struct vesta_gnttab_get_version op;
	struct domain *d;
	int st;

	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	if (op.pad)
		return -EINVAL;
	st = target_domain(cur, op.dom, &d);
	if (st == VESTA_GNTST_permission_denied)
		return -EPERM;
	if (st != VESTA_GNTST_okay)
		return -ESRCH;
	domain_put(d);
	op.version = 1;
	return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/* ---- GNTTABOP_copy ---- */

/* One side of a copy and what it holds while the copy runs. */
struct copy_side {
	struct domain *d;		/* referenced */
	uint64_t mfn;
	struct grant_table *gt;		/* set while a pin is held */
	struct vesta_grant_entry_v1 *entry;
	struct grant_active *act;
	unsigned int kind;
	bool have_page, have_type;
};

static struct pgtype_frame *copy_env_frame(void *ctx, uint64_t mfn)
{
	(void)ctx;
	if (mfn >= max_pfn)
		return NULL;
	return &frame_table[array_index_nospec(mfn, max_pfn)].pgt;
}

/*
 * Writable type references only touch the frame's own counts, so the
 * engine needs no map or policy callbacks for them.
 */
static const struct pgtype_env copy_env = { .frame = copy_env_frame };

/* Lock the side's domain (Xen's rule: frames only as DOMID_SELF). */
static int side_domain(struct domain *cur,
		       const struct vesta_gnttab_copy_ptr *p, bool is_gref,
		       struct copy_side *s)
{
	if (!is_gref && p->domid != VESTA_DOMID_SELF)
		return VESTA_GNTST_permission_denied;
	s->d = domain_lookup_by_caller(cur, p->domid);
	return s->d ? VESTA_GNTST_okay : VESTA_GNTST_bad_domain;
}

/* Pin grant @ref of s->d for @cur; the frame it names goes to s->mfn. */
static int side_pin(struct domain *cur, uint32_t ref, struct copy_side *s)
{
	struct grant_table *gt = s->d->grant;
	unsigned int nr, f, i;
	uint32_t frame;
	int rc;

	nr = gt ? READ_ONCE(gt->nr_frames) * GNTTAB_ENTRIES_PER_FRAME : 0;
	if (ref >= nr)
		return VESTA_GNTST_bad_gntref;
	smp_rmb();
	ref = (uint32_t)array_index_nospec(ref, nr);
	f = ref / GNTTAB_ENTRIES_PER_FRAME;
	i = ref % GNTTAB_ENTRIES_PER_FRAME;
	spin_lock(&gt->lock);
	rc = grant_entry_acquire(&gt->shared[f][i], &gt->active[f][i],
				 cur->domain_id, s->kind, &frame);
	spin_unlock(&gt->lock);
	if (rc)
		return rc;
	s->gt = gt;
	s->entry = &gt->shared[f][i];
	s->act = &gt->active[f][i];
	s->mfn = frame;
	return VESTA_GNTST_okay;
}

/* References on s->mfn, which must be a frame s->d owns. */
static int side_refs(struct copy_side *s, bool write)
{
	struct pgtype_call call = { .budget = 1, .pending = PGTYPE_NO_MFN };

	/* The owner check is inside get_page: the frame is s->d's or not. */
	if (s->mfn >= max_pfn ||
	    pgtype_get_page(&frame_table[array_index_nospec(s->mfn,
							    max_pfn)].pgt,
			    s->d->domain_id + 1u))
		return VESTA_GNTST_bad_page;
	s->have_page = true;
	if (!write)
		return VESTA_GNTST_okay;
	/*
	 * Page tables and descriptor pages must not be written behind the
	 * engine's back; the writable type also stops the frame becoming one
	 * while the copy runs.
	 */
	if (pgtype_get_type(&copy_env, s->mfn, PGTYPE_WRITABLE, &call))
		return VESTA_GNTST_general_error;
	s->have_type = true;
	return VESTA_GNTST_okay;
}

static int side_claim(struct domain *cur,
		      const struct vesta_gnttab_copy_ptr *p, bool is_gref,
		      bool write, struct copy_side *s)
{
	int rc;

	s->kind = write ? GRANT_PIN_HOST_RW : GRANT_PIN_HOST_RO;
	if (is_gref) {
		rc = side_pin(cur, p->u.ref, s);
		if (rc)
			return rc;
	} else {
		s->mfn = p->u.gmfn;
	}
	return side_refs(s, write);
}

/* Drop in reverse order: the granter sees the grant free only at the end. */
static void side_release(struct copy_side *s)
{
	struct pgtype_call call = { .budget = 1, .pending = PGTYPE_NO_MFN };

	if (s->have_type)
		pgtype_put_type(&copy_env, s->mfn, &call);
	if (s->have_page)
		pgtype_put_page(&copy_env, s->mfn);
	if (s->gt) {
		spin_lock(&s->gt->lock);
		(void)grant_entry_release(s->entry, s->act, s->kind);
		spin_unlock(&s->gt->lock);
	}
	if (s->d)
		domain_put(s->d);
}

/* G2 for one side: [offset, offset + len) inside one page. */
static bool span_ok(uint16_t offset, uint16_t len)
{
	return len <= PAGE_SIZE && offset <= PAGE_SIZE - len;
}

static int copy_one(struct domain *cur, const struct vesta_gnttab_copy *op)
{
	bool sg = op->flags & VESTA_GNTCOPY_source_gref;
	bool dg = op->flags & VESTA_GNTCOPY_dest_gref;
	struct copy_side src = { 0 }, dst = { 0 };
	int rc;

	if (op->flags & ~(VESTA_GNTCOPY_source_gref | VESTA_GNTCOPY_dest_gref))
		return VESTA_GNTST_bad_copy_arg;
	if (!op->len)
		return VESTA_GNTST_okay;
	if (!span_ok(op->source.offset, op->len) ||
	    !span_ok(op->dest.offset, op->len))
		return VESTA_GNTST_bad_copy_arg;
	rc = side_domain(cur, &op->source, sg, &src);
	if (rc == VESTA_GNTST_okay)
		rc = side_domain(cur, &op->dest, dg, &dst);
	if (rc == VESTA_GNTST_okay)
		rc = side_claim(cur, &op->source, sg, false, &src);
	if (rc == VESTA_GNTST_okay)
		rc = side_claim(cur, &op->dest, dg, true, &dst);
	if (rc == VESTA_GNTST_okay)
		memmove((char *)mfn_to_virt(dst.mfn) + op->dest.offset,
			(const char *)mfn_to_virt(src.mfn) + op->source.offset,
			op->len);
	side_release(&dst);
	side_release(&src);
	return rc;
}

/*
 * GNTTABOP_copy: each op gets its own status; a fault on the array ends
 * the call with -EFAULT. Long batches continue after a softirq check
 * (and at least every GNTTAB_COPY_MAX_PER_CALL ops). The ops' padding and
 * the upper half of a gref side's union are not checked (G9): Linux
 * reuses op arrays and leaves stale bytes there.
 */
static long gnttab_copy(struct domain *cur, uint64_t uop, uint64_t count)
{
	const uint64_t sz = sizeof(struct vesta_gnttab_copy);
	struct vesta_gnttab_copy op;

	for (uint64_t i = 0; i < count; i++) {
		uint64_t at = uop + i * sz;
		int16_t status;

		if (i && (i >= GNTTAB_COPY_MAX_PER_CALL || softirq_pending())) {
			hypercall_update_arg(1, at);
			hypercall_update_arg(2, count - i);
			return -ERESTART;
		}
		if (copy_from_guest(&op, at, sz))
			return -EFAULT;
		status = (int16_t)copy_one(cur, &op);
		if (copy_to_guest(at + offsetof(struct vesta_gnttab_copy,
						 status), &status,
				  sizeof(status)))
			return -EFAULT;
	}
	return 0;
}

/*
 * The hypercall. Single-struct sub-ops require count == 1 (as Xen). The
 * sub-ops that map grants or move pages are not implemented yet: they
 * need the page-table engine to install and revoke grant mappings, and
 * until then they are refused with -ENOSYS.
 */
long do_grant_table_op(uint64_t cmd, uint64_t uop, uint64_t count)
{
	struct domain *cur = current->domain;

	if (count > GNTTAB_COUNT_MAX)
		return -EINVAL;
	switch (cmd) {
	case VESTA_GNTTABOP_copy:
		return gnttab_copy(cur, uop, count);
	case VESTA_GNTTABOP_setup_table:
		return count == 1 ? gnttab_setup_table(cur, uop) : -EINVAL;
	case VESTA_GNTTABOP_query_size:
		return count == 1 ? gnttab_query_size(cur, uop) : -EINVAL;
	case VESTA_GNTTABOP_set_version:
		return count == 1 ? gnttab_set_version(uop) : -EINVAL;
	case VESTA_GNTTABOP_get_version:
		return count == 1 ? gnttab_get_version(cur, uop) : -EINVAL;
	default:
		/* map/unmap/unmap_and_replace/transfer/dump/v2/swap/flush. */
		return -ENOSYS;
	}
}
