/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The glue between PV domains and the page-type engine (lib/pgtype.c):
 * the per-domain environment (which frames exist, what a guest L1 may
 * map, the hypervisor L4 slots, the user bit every PV entry gets), and
 * pin/unpin, base-pointer and entry updates run to completion. Not
 * responsible for decoding the hypercalls that ask for them (mm.c).
 */
#include <vesta/domain.h>
#include <vesta/errno.h>
#include <vesta/grant.h>
#include <vesta/mm.h>
#include <vesta/pgtype.h>
#include <vesta/printk.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/setup.h>
#include <vesta/memmap.h>

/* Entries the engine may visit per step; a whole tree is a few steps. */
#define PGT_BUDGET	4096
/* Steps before giving up on a walk another CPU keeps interrupting. */
#define PGT_MAX_STEPS	(1U << 20)

struct pgt_ctx {
	struct domain *d;
};

/*
 * RAM the engine counts references on: guest and hypervisor memory. The
 * first MiB, ACPI areas, reserved ranges and holes are I/O memory (NULL),
 * which only a privileged domain may map (env_check_data).
 */
static struct pgtype_frame *env_frame(void *ctx, uint64_t mfn)
{
	uint32_t type;

	(void)ctx;
	if (mfn >= max_pfn || mfn < 256)
		return NULL;
	type = memmap_type_at(pfn_to_paddr(mfn));
	if (type != MEMMAP_RAM && type != MEMMAP_HYPERVISOR &&
	    type != MEMMAP_MODULE)
		return NULL;
	return &frame_table[mfn].pgt;
}

/*
 * Device pages the hypervisor drives itself: the IO-APICs and the local
 * APIC, never. The HPET stays mappable: dom0's ACPI code maps it, and the
 * hypervisor only uses it to calibrate the TSC at boot. (Xen downgrades
 * such mappings to read-only; the engine cannot rewrite RW yet.)
 */
static bool mmio_reserved(uint64_t mfn, uint64_t pte)
{
	(void)pte;
	return (mfn >= 0xfec00 && mfn < 0xfed00) || mfn == 0xfee00;
}

static uint64_t *env_map(void *ctx, uint64_t mfn)
{
	(void)ctx;
	return __va(pfn_to_paddr(mfn));
}

/*
 * A PV L1 may map its own domain's shared_info and grant-table pages (as
 * data); the privileged domain may also map I/O memory (device BARs, ACPI
 * tables, the BIOS area), except the interrupt controllers and HPET.
 */
static int env_check_data(void *ctx, uint64_t mfn,
			  const struct pgtype_frame *f, uint64_t pte)
{
	const struct pgt_ctx *c = ctx;

	if (f)
		return mfn == c->d->shared_info_mfn ||
		       grant_table_owns_frame(c->d, mfn) ? 0 : -EBUSY;
	if (c->d->is_privileged && !mmio_reserved(mfn, pte))
		return 0;
	return -EPERM;
}

/* The guest kernel runs in ring 3: every level needs the user bit. */
static uint64_t env_adjust(void *ctx, unsigned int level, uint64_t pte)
{
	(void)ctx;
	(void)level;
	return (pte | _PAGE_USER) & ~_PAGE_GLOBAL;
}

static void env_relax(void *ctx)
{
	(void)ctx;
	cpu_relax();
}

static void make_env(struct domain *d, struct pgt_ctx *c,
		     struct pgtype_env *env, uint64_t hv_l4[16])
{
	c->d = d;
	pv_hv_l4_slots(hv_l4);
	*env = (struct pgtype_env){
		.ctx = c,
		.frame = env_frame,
		.map = env_map,
		.check_data = env_check_data,
		.adjust = env_adjust,
		.relax = env_relax,
		.hv_l4 = hv_l4,
		.self = d->domain_id + 1u,
		.can_cache_attrs = d->is_privileged,
	};
}

/* Finish a teardown the engine paused (call->pending). */
static void drain(const struct pgtype_env *env, struct pgtype_call *call)
{
	for (unsigned int n = 0; call->pending != PGTYPE_NO_MFN &&
				 n < PGT_MAX_STEPS; n++) {
		uint64_t mfn = call->pending;

		call->pending = PGTYPE_NO_MFN;
		call->budget = PGT_BUDGET;
		if (pgtype_continue(env, mfn, false, call) == -ERESTART &&
		    call->pending == PGTYPE_NO_MFN)
			call->pending = mfn;
	}
}

enum pgt_op { OP_PIN, OP_UNPIN, OP_BASE, OP_MOD };

struct pgt_args {
	enum pgt_op op;
	uint64_t mfn, old_mfn, val;
	unsigned int level, index, flags;
};

static int run_once(const struct pgtype_env *env, const struct pgt_args *a,
		    struct pgtype_call *call)
{
	switch (a->op) {
	case OP_PIN:
		return pgtype_pin(env, a->mfn, a->level, call);
	case OP_UNPIN:
		return pgtype_unpin(env, a->mfn, call);
	case OP_BASE:
		return pgtype_new_base(env, a->mfn, a->old_mfn, call);
	default:
		return pgtype_mod_entry(env, a->mfn, a->level, a->index,
					a->val, a->flags, call);
	}
}

/*
 * Run one operation to completion: -ERESTART from the engine means "call
 * again" (a paused walk is taken over by the same request). Hypercalls
 * are not continued across guest entries yet: a huge tree is validated in
 * one go, bounded by PGT_MAX_STEPS.
 */
static int run(struct domain *d, const struct pgt_args *a)
{
	struct pgt_ctx c;
	struct pgtype_env env;
	uint64_t hv_l4[16];
	struct pgtype_call call = { PGT_BUDGET, PGTYPE_NO_MFN };
	int rc = -ERESTART;

	/*
	 * Anything that may validate a table (pin, a root, an L2-L4 entry
	 * naming a lower table) first flushes every CPU: a frame that was
	 * writable until just now may still be cached writable in another
	 * CPU's TLB, and its contents must not change after validation.
	 * (Xen limits this with TLB-flush timestamps; we flush always.)
	 */
	if (a->op == OP_PIN || (a->op == OP_BASE && a->mfn != PGTYPE_NO_MFN) ||
	    (a->op == OP_MOD && a->level > 1))
		pv_flush_tlb_all();
	make_env(d, &c, &env, hv_l4);
	for (unsigned int n = 0; rc == -ERESTART && n < PGT_MAX_STEPS; n++) {
		call.budget = PGT_BUDGET;
		rc = run_once(&env, a, &call);
		drain(&env, &call);
	}
	return rc == -ERESTART ? -EBUSY : rc;
}

int pv_pin(struct domain *d, uint64_t mfn, unsigned int level)
{
	struct pgt_args a = { .op = OP_PIN, .mfn = mfn, .level = level };

	return run(d, &a);
}

int pv_unpin(struct domain *d, uint64_t mfn)
{
	struct pgt_args a = { .op = OP_UNPIN, .mfn = mfn };

	return run(d, &a);
}

/* Swap a root reference: @new_mfn (or none) in, @old_mfn (or none) out. */
int pv_set_base(struct domain *d, uint64_t new_mfn, uint64_t old_mfn)
{
	struct pgt_args a = { .op = OP_BASE, .mfn = new_mfn,
			      .old_mfn = old_mfn };

	return run(d, &a);
}

/*
 * A plain store to a frame of @d that is not a page table (mmu_update on
 * an ordinary page, as Linux does for tables not yet pinned): done under
 * a writable type reference so the frame cannot become a table meanwhile.
 */
int pv_write_plain(struct domain *d, uint64_t mfn, unsigned int offset,
		   uint64_t val)
{
	struct pgt_ctx c;
	struct pgtype_env env;
	uint64_t hv_l4[16];
	struct pgtype_call call = { PGT_BUDGET, PGTYPE_NO_MFN };
	int rc;

	make_env(d, &c, &env, hv_l4);
	rc = pgtype_get_page(&frame_table[mfn].pgt, env.self);
	if (rc)
		return -EINVAL;
	rc = pgtype_get_type(&env, mfn, PGTYPE_WRITABLE, &call);
	if (!rc) {
		WRITE_ONCE(((uint64_t *)__va(pfn_to_paddr(mfn)))[offset / 8], val);
		pgtype_put_type(&env, mfn, &call);
		drain(&env, &call);
	}
	pgtype_put_page(&env, mfn);
	return rc ? -EINVAL : 0;
}

int pv_mod_entry(struct domain *d, uint64_t table, unsigned int level,
		 unsigned int index, uint64_t val, unsigned int flags)
{
	struct pgt_args a = { .op = OP_MOD, .mfn = table, .level = level,
			      .index = index, .val = val, .flags = flags };

	return run(d, &a);
}

unsigned int page_pt_level(uint64_t mfn)
{
	uint64_t t;
	unsigned int type;

	if (mfn >= max_pfn)
		return 0;
	t = READ_ONCE(frame_table[mfn].pgt.type);
	type = pgtype_type_of(t);
	if (type < PGTYPE_L1 || type > PGTYPE_L4 || !(t & PGTYPE_F_VALID))
		return 0;
	return type;
}

bool page_is_pagetable(uint64_t mfn)
{
	unsigned int type;

	if (mfn >= max_pfn)
		return false;
	type = pgtype_type_of(READ_ONCE(frame_table[mfn].pgt.type));
	return type >= PGTYPE_L1 && type <= PGTYPE_L4 &&
	       pgtype_count_of(READ_ONCE(frame_table[mfn].pgt.type));
}

/*
 * A dying domain: drop the vCPUs' root references, every pin, then the
 * allocation reference of each frame, so all counts return to zero.
 */
void arch_domain_relinquish(struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpus[i];

		if (!v)
			continue;
		if (v->arch.kernel_l4_mfn)
			(void)pv_set_base(d, PGTYPE_NO_MFN, v->arch.kernel_l4_mfn);
		if (v->arch.user_l4_mfn)
			(void)pv_set_base(d, PGTYPE_NO_MFN, v->arch.user_l4_mfn);
		v->arch.kernel_l4_mfn = v->arch.user_l4_mfn = 0;
	}
	for (unsigned int e = 0; e < d->nr_extents; e++) {
		uint64_t first = d->extents[e].mfn;

		for (uint64_t f = 0; f < (1ULL << d->extents[e].order); f++)
			if (READ_ONCE(frame_table[first + f].pgt.type) &
			    PGTYPE_F_PINNED)
				(void)pv_unpin(d, first + f);
	}
	for (unsigned int e = 0; e < d->nr_extents; e++) {
		uint64_t first = d->extents[e].mfn;
		struct pgt_ctx c;
		struct pgtype_env env;
		uint64_t hv_l4[16];

		make_env(d, &c, &env, hv_l4);
		for (uint64_t f = 0; f < (1ULL << d->extents[e].order); f++)
			if (READ_ONCE(frame_table[first + f].pgt.count))
				pgtype_put_page(&env, first + f);
	}
}

/*
 * Audit support: references held outside page tables and pins, which
 * the engine cannot see: each owned frame's allocation reference, the
 * shared_info page's, and every vCPU's root (general + L4 type).
 */
static void env_extra_refs(void *ctx, uint64_t mfn, uint64_t *general,
			   uint64_t *type)
{
	const struct pgt_ctx *c = ctx;
	const struct domain *d = c->d;

	if (page_owned_by(mfn, d) || mfn == d->shared_info_mfn ||
	    grant_table_owns_frame(d, mfn))
		(*general)++;
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		const struct vcpu *v = d->vcpus[i];

		if (!v)
			continue;
		if (v->arch.kernel_l4_mfn == mfn) {
			(*general)++;
			(*type)++;
		}
		if (v->arch.user_l4_mfn == mfn) {
			(*general)++;
			(*type)++;
		}
	}
}

/*
 * pv_audit_domain() - Recompute every count of @d's frames from its page
 * tables, pins and roots and report mismatches (pgtype_audit). Needs a
 * quiet domain (stopped, or the caller accepts races). Return: problems
 * found, or -ENOMEM.
 */
long pv_audit_domain(struct domain *d)
{
	struct pgt_ctx c;
	struct pgtype_env env;
	uint64_t hv_l4[16], lo = ~0ULL, hi = 0, nr;
	const struct diag dg = { printk_diag, "audit" };
	struct pgtype_audit_slot *scratch;
	unsigned int order;
	unsigned long bad;

	for (unsigned int e = 0; e < d->nr_extents; e++) {
		lo = min(lo, d->extents[e].mfn);
		hi = max(hi, d->extents[e].mfn + (1ULL << d->extents[e].order));
	}
	if (lo >= hi)
		return 0;
	nr = hi - lo;
	order = bytes_to_order(nr * sizeof(*scratch));
	scratch = alloc_pages(order);
	if (!scratch)
		return -ENOMEM;
	make_env(d, &c, &env, hv_l4);
	env.extra_refs = env_extra_refs;
	bad = pgtype_audit(&env, lo, nr, scratch, &dg);
	free_pages(scratch, order);
	return (long)bad;
}
