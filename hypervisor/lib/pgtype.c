/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * PV frame types and reference counts (see vesta/pgtype.h for the API).
 * This file owns the per-frame state machine, the preemptible validation
 * and teardown walks, linear-table rules, entry updates and the audit. It
 * does not know about domains, vCPUs, TLBs or hypercall ABI structures:
 * everything outside the frames comes through struct pgtype_env.
 *
 * Design. A page-table frame is free (type count 0), VALID (count > 0,
 * every entry holds its references) or BUSY (on a walk stack, count 0):
 * its entries [0, next) hold their references, and if wflags has
 * PGTYPE_W_CHILD the entry at next holds a general reference on a frame
 * that is itself BUSY one step up the same walk. A walk is an explicit
 * stack (L4 -> L3 -> L2 -> L1, plus one level for a linear target being
 * torn down) processed one entry at a time against call->budget. When
 * the budget runs out only the root is marked PAUSED (with its own
 * general reference); the chain above it is rebuilt from the CHILD links
 * by whoever resumes: any getter of the same type for a validation,
 * pgtype_continue() for a teardown. Nobody ever waits for a BUSY frame:
 * a getter that meets one returns -ERESTART. The only spin is a put of the
 * last type reference while an entry update holds the table LOCKED, which
 * lasts at most one budget. A failed validation turns its walk around and
 * undoes what it holds, through the same machinery.
 */
#include <vesta/pgtype.h>
#include <vesta/errno.h>

#define TYPE_MASK	(0xfULL << PGTYPE_TYPE_SHIFT)
#define TYPE(t)		((uint64_t)(t) << PGTYPE_TYPE_SHIFT)
#define WALK_MAX	6
#define PUSHED		1
#define SWAP_TRIES	8

#define PTE_AD		(PGTYPE_PTE_A | PGTYPE_PTE_D)
#define PTE_CACHE	(PGTYPE_PTE_PWT | PGTYPE_PTE_PCD | PGTYPE_PTE_PSE)
#define PTE_AVAIL	(0xe00ULL | (0x7ffULL << 52))
/* Bits a guest may set in any present entry (Xen's base mask). */
#define PTE_BASE_OK	(PGTYPE_PTE_P | PGTYPE_PTE_RW | PGTYPE_PTE_US | \
			 PTE_AD | PTE_AVAIL | PGTYPE_PTE_NX | PGTYPE_PTE_ADDR)
/* Bits an env->adjust hook may not change. */
#define PTE_KEEP	(PGTYPE_PTE_ADDR | PGTYPE_PTE_P | PGTYPE_PTE_RW | \
			 PGTYPE_PTE_PSE)

/* Internal invariant broken: never reachable by a guest. */
#define PGT_BUG()	__builtin_trap()

struct wframe {
	uint64_t mfn;
	struct pgtype_frame *f;
	uint64_t *pt;
	unsigned int level;
};

struct walk {
	const struct pgtype_env *env;
	struct pgtype_call *call;
	struct wframe st[WALK_MAX];
	unsigned int depth;
	bool down;		/* tearing down (or undoing) */
	bool progressed;	/* at least one entry done in this call */
	bool root_ref;		/* we own the root's pause reference */
	int err;		/* why a validation is being undone */
};

/* Outcome of try_get_type(). */
enum tget { TG_OK, TG_FRESH, TG_TAKEN, TG_BUSY, TG_CONFLICT, TG_OVERFLOW };

static uint64_t ld(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void st(uint64_t *p, uint64_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static bool cas(uint64_t *p, uint64_t *old, uint64_t new)
{
	return __atomic_compare_exchange_n(p, old, new, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

static uint64_t pte_mfn(uint64_t e)
{
	return (e & PGTYPE_PTE_ADDR) >> 12;
}

static bool is_pt(unsigned int type)
{
	return type >= PGTYPE_L1 && type <= PGTYPE_L4;
}

static bool is_hv_slot(unsigned int level, unsigned int i)
{
	return level == PGTYPE_L4 && i >= PGTYPE_HV_SLOT_FIRST &&
	       i < PGTYPE_HV_SLOT_FIRST + PGTYPE_HV_SLOTS;
}

static uint64_t hv_slot_val(const struct pgtype_env *env, unsigned int i)
{
	return env->hv_l4 ? env->hv_l4[i - PGTYPE_HV_SLOT_FIRST] : 0;
}

static uint64_t allowed_bits(const struct pgtype_env *env, unsigned int lvl)
{
	if (lvl != PGTYPE_L1)
		return PTE_BASE_OK;
	return PTE_BASE_OK | PGTYPE_PTE_G |
	       (env->can_cache_attrs ? PTE_CACHE : 0);
}

static void relax(const struct pgtype_env *env)
{
	if (env->relax)
		env->relax(env->ctx);
}

static uint32_t owner_of(const struct pgtype_frame *f)
{
	return __atomic_load_n(&f->owner, __ATOMIC_ACQUIRE);
}

int pgtype_get_page(struct pgtype_frame *f, uint32_t owner)
{
	uint64_t x = ld(&f->count);

	do {
		if (!x || owner_of(f) != owner)
			return -EINVAL;
		if (x >= PGTYPE_COUNT_MAX)
			return -EOVERFLOW;
	} while (!cas(&f->count, &x, x + 1));
	return 0;
}

static void put_frame(const struct pgtype_env *env, uint64_t mfn,
		      struct pgtype_frame *f)
{
	uint64_t old = __atomic_fetch_sub(&f->count, 1, __ATOMIC_ACQ_REL);

	if (!old)
		PGT_BUG();
	if (old == 1 && env->release)
		env->release(env->ctx, mfn);
}

void pgtype_put_page(const struct pgtype_env *env, uint64_t mfn)
{
	struct pgtype_frame *f = env->frame(env->ctx, mfn);

	if (!f)
		PGT_BUG();
	put_frame(env, mfn, f);
}

/*
 * The reference a paused root keeps on itself. Its taker already holds
 * one, so the count is > 0; the cap may be exceeded by one per paused
 * root, which a 64-bit counter absorbs.
 */
static void get_page_light(struct pgtype_frame *f)
{
	__atomic_fetch_add(&f->count, 1, __ATOMIC_ACQ_REL);
}

/* Take a type reference on a frame in use (count > 0). */
static enum tget get_in_use(struct pgtype_frame *f, uint64_t *x,
			    unsigned int type)
{
	if (pgtype_type_of(*x) != type || !(*x & PGTYPE_F_VALID))
		return TG_CONFLICT;
	if (pgtype_count_of(*x) >= PGTYPE_COUNT_MAX)
		return TG_OVERFLOW;
	return cas(&f->type, x, *x + 1) ? TG_OK : TG_BUSY;
}

/*
 * Take a type reference if no validation is needed (TG_OK), or take the
 * frame BUSY for a fresh validation (TG_FRESH) or to resume a paused one
 * (TG_TAKEN). TG_BUSY here only means "retry", turned into a result below.
 */
static enum tget try_get_type(struct pgtype_frame *f, unsigned int type)
{
	uint64_t x = ld(&f->type);
	uint64_t paused = PGTYPE_F_BUSY | PGTYPE_F_PAUSED;
	enum tget r;

	for (;;) {
		if (x & PGTYPE_F_BUSY) {
			if (pgtype_type_of(x) != type)
				return TG_CONFLICT;
			if ((x & (paused | PGTYPE_F_DOWN)) != paused)
				return TG_BUSY;
			if (cas(&f->type, &x, x & ~PGTYPE_F_PAUSED))
				return TG_TAKEN;
		} else if (!pgtype_count_of(x)) {
			uint64_t nx = TYPE(type) | (is_pt(type) ?
				PGTYPE_F_BUSY : PGTYPE_F_VALID | 1);

			if (cas(&f->type, &x, nx))
				break;
		} else {
			r = get_in_use(f, &x, type);
			if (r != TG_BUSY)
				return r;
		}
	}
	if (!is_pt(type))
		return TG_OK;
	if (__atomic_load_n(&f->linear, __ATOMIC_RELAXED))
		PGT_BUG();
	f->next = 0;
	f->wflags = 0;
	return TG_FRESH;
}

/* A reference on a validated table of @type (linear mappings only). */
static bool get_valid_ref(struct pgtype_frame *f, unsigned int type)
{
	uint64_t want = TYPE(type) | PGTYPE_F_VALID;
	uint64_t x = ld(&f->type);

	do {
		if ((x & (TYPE_MASK | PGTYPE_F_VALID | PGTYPE_F_BUSY)) !=
		    want || !pgtype_count_of(x) ||
		    pgtype_count_of(x) >= PGTYPE_COUNT_MAX)
			return false;
	} while (!cas(&f->type, &x, x + 1));
	return true;
}

/* Drop a non-page-table type reference (writable, descriptor). */
static void put_simple(struct pgtype_frame *f)
{
	uint64_t x = ld(&f->type), nx;

	do {
		if (!pgtype_count_of(x) || (x & PGTYPE_F_BUSY))
			PGT_BUG();
		nx = pgtype_count_of(x) == 1 ? 0 : x - 1;
	} while (!cas(&f->type, &x, nx));
}

/*
 * Drop a page-table type reference. Return: true if it was the last one:
 * the frame is now BUSY for teardown and the caller must walk it down.
 */
static bool put_pt_type(const struct pgtype_env *env, struct pgtype_frame *f)
{
	uint64_t x = ld(&f->type), nx;

	for (;;) {
		if (!pgtype_count_of(x) || !(x & PGTYPE_F_VALID) ||
		    (x & PGTYPE_F_BUSY))
			PGT_BUG();
		if (pgtype_count_of(x) > 1) {
			nx = x - 1;
		} else if (x & PGTYPE_F_LOCKED) {
			/* An update of this table is running: let it end. */
			relax(env);
			x = ld(&f->type);
			continue;
		} else {
			nx = (x & TYPE_MASK) | PGTYPE_F_BUSY;
		}
		if (cas(&f->type, &x, nx))
			break;
	}
	if (pgtype_count_of(x) > 1)
		return false;
	f->next = PGTYPE_ENTRIES;
	f->wflags = 0;
	return true;
}

/*
 * Linear-table bookkeeping (frame.linear): a table either holds linear
 * entries (< 0) or is the target of some (> 0), never both, so teardown
 * through linear entries is at most one level deep and cannot loop.
 */
static bool linear_add(struct pgtype_frame *f, int32_t d)
{
	int32_t x = __atomic_load_n(&f->linear, __ATOMIC_ACQUIRE);

	do {
		if ((d > 0 && (x < 0 || x == INT32_MAX)) ||
		    (d < 0 && (x > 0 || x == INT32_MIN)))
			return false;
	} while (!__atomic_compare_exchange_n(&f->linear, &x, x + d, false,
					      __ATOMIC_ACQ_REL,
					      __ATOMIC_ACQUIRE));
	return true;
}

static void linear_undo(struct pgtype_frame *f, int32_t d)
{
	__atomic_fetch_sub(&f->linear, d, __ATOMIC_ACQ_REL);
}

/* Present L1 entry: references on the data frame it maps. */
static int l1e_get(const struct pgtype_env *env, uint64_t e)
{
	uint64_t mfn = pte_mfn(e);
	struct pgtype_frame *f;
	uint32_t owner;
	int rc;

	/*
	 * Not-present entries are never translated: their other bits are the
	 * guest's (Linux keeps swap entries there), so they are not checked.
	 */
	if (!(e & PGTYPE_PTE_P))
		return 0;
	if (e & ~allowed_bits(env, PGTYPE_L1))
		return -EINVAL;
	f = env->frame(env->ctx, mfn);
	owner = f ? owner_of(f) : 0;
	if (!f || owner != env->self) {
		if (env->check_data)
			rc = env->check_data(env->ctx, mfn, f, e);
		else
			rc = f ? -EBUSY : -EPERM;
		if (rc || !f)
			return rc > 0 ? -EINVAL : rc;
	}
	if (pgtype_get_page(f, owner))
		return -EBUSY;
	if (!(e & PGTYPE_PTE_RW) || try_get_type(f, PGTYPE_WRITABLE) == TG_OK)
		return 0;
	/* Writable mappings of page tables or descriptor pages: never. */
	put_frame(env, mfn, f);
	return -EBUSY;
}

static void l1e_put(const struct pgtype_env *env, uint64_t e)
{
	uint64_t mfn = pte_mfn(e);
	struct pgtype_frame *f;

	if (!(e & PGTYPE_PTE_P))
		return;
	f = env->frame(env->ctx, mfn);
	if (!f)
		return;		/* MMIO holds no references */
	if (e & PGTYPE_PTE_RW)
		put_simple(f);
	put_frame(env, mfn, f);
}

/* A read-only mapping of another validated table of the same level. */
static int linear_get(const struct wframe *t, struct pgtype_frame *f,
		      uint64_t e)
{
	if (e & PGTYPE_PTE_RW)
		return -EINVAL;
	if (!linear_add(t->f, -1))
		return -EINVAL;
	if (!linear_add(f, 1)) {
		linear_undo(t->f, -1);
		return -EINVAL;
	}
	if (get_valid_ref(f, t->level))
		return 0;
	linear_undo(f, 1);
	linear_undo(t->f, -1);
	return -EINVAL;
}

/*
 * Present L2-L4 entry of table @t: a general and a type reference on the
 * next-level table it maps. Return: 0 done; PUSHED *cmfn must be
 * validated (or resumed, then its chain pushed too) first; -errno.
 */
static int upper_get(const struct pgtype_env *env, const struct wframe *t,
		     uint64_t e, uint64_t *cmfn)
{
	uint64_t mfn = pte_mfn(e);
	struct pgtype_frame *f;
	int rc = -EINVAL;

	if (!(e & PGTYPE_PTE_P))
		return 0;
	if (e & ~allowed_bits(env, t->level))
		return -EINVAL;
	/* A table mapping itself (read-only) is a linear map; holds nothing. */
	if (mfn == t->mfn)
		return (e & PGTYPE_PTE_RW) ? -EINVAL : 0;
	f = env->frame(env->ctx, mfn);
	if (!f || pgtype_get_page(f, env->self))
		return -EINVAL;
	switch (try_get_type(f, t->level - 1)) {
	case TG_OK:
		return 0;
	case TG_TAKEN:
		/* Our general reference replaces the paused root's own. */
		put_frame(env, mfn, f);
		*cmfn = mfn;
		return PUSHED;
	case TG_FRESH:
		*cmfn = mfn;
		return PUSHED;
	case TG_BUSY:
		rc = -ERESTART;
		break;
	case TG_CONFLICT:
		rc = linear_get(t, f, e);
		break;
	case TG_OVERFLOW:
		break;
	}
	if (rc)
		put_frame(env, mfn, f);
	return rc;
}

/*
 * Drop what a present L2-L4 entry of @t holds. Return: PUSHED if that was
 * the last type reference of *cmfn, which must now be torn down (its
 * general reference is still held); else 0.
 */
static int upper_put(const struct pgtype_env *env, const struct wframe *t,
		     uint64_t e, uint64_t *cmfn)
{
	uint64_t mfn = pte_mfn(e);
	struct pgtype_frame *f;

	if (!(e & PGTYPE_PTE_P) || mfn == t->mfn)
		return 0;
	f = env->frame(env->ctx, mfn);
	if (!f)
		PGT_BUG();
	/* The type cannot change under the reference this entry holds. */
	if (pgtype_type_of(ld(&f->type)) == t->level) {
		linear_undo(f, 1);
		linear_undo(t->f, -1);
	}
	if (put_pt_type(env, f)) {
		*cmfn = mfn;
		return PUSHED;
	}
	put_frame(env, mfn, f);
	return 0;
}

static void push(struct walk *w, uint64_t mfn, struct pgtype_frame *f)
{
	const struct pgtype_env *env = w->env;
	struct wframe *s;

	if (w->depth == WALK_MAX)
		PGT_BUG();
	s = &w->st[w->depth++];
	s->mfn = mfn;
	s->f = f;
	s->level = pgtype_type_of(ld(&f->type));
	s->pt = env->map(env->ctx, mfn);
	if (!is_pt(s->level))
		PGT_BUG();
}

static void pop(struct walk *w)
{
	struct wframe *s = &w->st[--w->depth];

	if (w->env->unmap)
		w->env->unmap(w->env->ctx, s->pt);
}

/* Push a frame taken from a paused walk and the chain it had above it. */
static void push_chain(struct walk *w, uint64_t mfn, struct pgtype_frame *f)
{
	push(w, mfn, f);
	while (f->wflags & PGTYPE_W_CHILD) {
		struct wframe *s = &w->st[w->depth - 1];

		mfn = pte_mfn(__atomic_load_n(&s->pt[s->f->next],
					      __ATOMIC_RELAXED));
		f = w->env->frame(w->env->ctx, mfn);
		if (!f || !(ld(&f->type) & PGTYPE_F_BUSY))
			PGT_BUG();
		push(w, mfn, f);
	}
}

static void walk_init(struct walk *w, const struct pgtype_env *env,
		      struct pgtype_call *call, bool down)
{
	w->env = env;
	w->call = call;
	w->depth = 0;
	w->down = down;
	w->progressed = false;
	w->root_ref = false;
	w->err = 0;
}

/* Charge one entry to the budget; false: pause now. */
static bool charge(struct walk *w)
{
	if (!w->call->budget)
		return !w->progressed;
	w->call->budget--;
	w->progressed = true;
	return true;
}

/* Entry @i of @s now holds its references: let env->adjust rewrite it. */
static void entry_done(const struct pgtype_env *env, struct wframe *s,
		       unsigned int i)
{
	uint64_t e = __atomic_load_n(&s->pt[i], __ATOMIC_RELAXED), ne;

	if (env->adjust && (e & PGTYPE_PTE_P)) {
		ne = (env->adjust(env->ctx, s->level, e) & ~PTE_KEEP) |
		     (e & PTE_KEEP);
		if (ne != e)
			__atomic_store_n(&s->pt[i], ne, __ATOMIC_RELAXED);
	}
	s->f->next = i + 1;
}

static void finish_up(struct walk *w)
{
	struct wframe *s = &w->st[w->depth - 1];

	/* Publish: from here the frame is an ordinary validated table. */
	st(&s->f->type, TYPE(s->level) | PGTYPE_F_VALID | 1);
	pop(w);
	if (w->depth) {
		s = &w->st[w->depth - 1];
		s->f->wflags &= ~PGTYPE_W_CHILD;
		entry_done(w->env, s, s->f->next);
	}
}

static int step_up(struct walk *w)
{
	struct wframe *s = &w->st[w->depth - 1];
	unsigned int i = s->f->next;
	uint64_t e, cmfn;
	int rc;

	if (i == PGTYPE_ENTRIES) {
		finish_up(w);
		return 0;
	}
	if (!charge(w))
		return -ERESTART;
	if (is_hv_slot(s->level, i)) {
		/* Whatever the guest wrote there is replaced, never used. */
		__atomic_store_n(&s->pt[i], hv_slot_val(w->env, i),
				 __ATOMIC_RELAXED);
		s->f->next = i + 1;
		return 0;
	}
	e = __atomic_load_n(&s->pt[i], __ATOMIC_RELAXED);
	if (s->level == PGTYPE_L1)
		rc = l1e_get(w->env, e);
	else
		rc = upper_get(w->env, s, e, &cmfn);
	if (rc == PUSHED) {
		s->f->wflags |= PGTYPE_W_CHILD;
		push_chain(w, cmfn, w->env->frame(w->env->ctx, cmfn));
		return 0;
	}
	if (!rc)
		entry_done(w->env, s, i);
	return rc;
}

static void finish_down(struct walk *w)
{
	struct wframe *s = &w->st[w->depth - 1];
	uint64_t mfn = s->mfn;
	struct pgtype_frame *f = s->f;

	if (__atomic_load_n(&f->linear, __ATOMIC_ACQUIRE))
		PGT_BUG();
	st(&f->type, 0);
	pop(w);
	if (w->depth) {
		w->st[w->depth - 1].f->wflags &= ~PGTYPE_W_CHILD;
		put_frame(w->env, mfn, f);
	}
}

static int step_down(struct walk *w)
{
	struct wframe *s = &w->st[w->depth - 1];
	unsigned int i;
	uint64_t e, cmfn;

	if (!s->f->next) {
		finish_down(w);
		return 0;
	}
	if (!charge(w))
		return -ERESTART;
	i = --s->f->next;
	if (is_hv_slot(s->level, i))
		return 0;
	e = __atomic_load_n(&s->pt[i], __ATOMIC_RELAXED);
	if (s->level == PGTYPE_L1) {
		l1e_put(w->env, e);
	} else if (upper_put(w->env, s, e, &cmfn) == PUSHED) {
		s->f->wflags |= PGTYPE_W_CHILD;
		push(w, cmfn, w->env->frame(w->env->ctx, cmfn));
	}
	return 0;
}

/* Out of budget: leave the stack in the frames, mark only the root. */
static int walk_pause(struct walk *w)
{
	struct wframe *root = &w->st[0];
	uint64_t mfn = root->mfn;

	if (!w->root_ref)
		get_page_light(root->f);
	st(&root->f->type, TYPE(root->level) | PGTYPE_F_BUSY |
	   PGTYPE_F_PAUSED | (w->down ? PGTYPE_F_DOWN : 0));
	while (w->depth)
		pop(w);
	if (!w->down)
		return -ERESTART;
	w->call->pending = mfn;
	return w->err ? w->err : -ERESTART;
}

/*
 * Run the walk until its root is done or the budget is used up.
 * Return: 0; -ERESTART paused; -errno validation failed (undone, or
 * being undone: call->pending).
 */
static int walk_run(struct walk *w)
{
	uint64_t root_mfn = w->st[0].mfn;
	struct pgtype_frame *root = w->st[0].f;
	int rc;

	while (w->depth) {
		rc = w->down ? step_down(w) : step_up(w);
		if (rc == -ERESTART)
			return walk_pause(w);
		if (rc) {
			/* Undo: every frame on the stack unwinds from next. */
			w->err = rc;
			w->down = true;
		}
	}
	if (w->root_ref)
		put_frame(w->env, root_mfn, root);
	return w->err;
}

static int start_walk(const struct pgtype_env *env, uint64_t mfn,
		      struct pgtype_frame *f, bool taken,
		      struct pgtype_call *call)
{
	struct walk w;

	walk_init(&w, env, call, false);
	w.root_ref = taken;
	push_chain(&w, mfn, f);
	return walk_run(&w);
}

int pgtype_get_type(const struct pgtype_env *env, uint64_t mfn,
		    unsigned int type, struct pgtype_call *call)
{
	struct pgtype_frame *f;

	if (!is_pt(type) && type != PGTYPE_SEG && type != PGTYPE_WRITABLE)
		return -EINVAL;
	f = env->frame(env->ctx, mfn);
	if (!f)
		return -EINVAL;
	switch (try_get_type(f, type)) {
	case TG_OK:
		return 0;
	case TG_FRESH:
		return start_walk(env, mfn, f, false, call);
	case TG_TAKEN:
		return start_walk(env, mfn, f, true, call);
	case TG_BUSY:
		return -ERESTART;
	case TG_CONFLICT:
		return type == PGTYPE_WRITABLE ? -EBUSY : -EINVAL;
	case TG_OVERFLOW:
		break;
	}
	return -EINVAL;
}

/* Tear down @f (BUSY, count 0) whose last type reference just went. */
static void teardown(const struct pgtype_env *env, uint64_t mfn,
		     struct pgtype_frame *f, struct pgtype_call *call)
{
	struct walk w;

	walk_init(&w, env, call, true);
	push(&w, mfn, f);
	(void)walk_run(&w);
}

void pgtype_put_type(const struct pgtype_env *env, uint64_t mfn,
		     struct pgtype_call *call)
{
	struct pgtype_frame *f = env->frame(env->ctx, mfn);

	if (!f)
		PGT_BUG();
	if (!is_pt(pgtype_type_of(ld(&f->type))))
		put_simple(f);
	else if (put_pt_type(env, f))
		teardown(env, mfn, f, call);
}

int pgtype_continue(const struct pgtype_env *env, uint64_t mfn,
		    bool force_validation, struct pgtype_call *call)
{
	uint64_t paused = PGTYPE_F_BUSY | PGTYPE_F_PAUSED;
	struct pgtype_frame *f = env->frame(env->ctx, mfn);
	struct walk w;
	uint64_t x;

	if (!f)
		return -EINVAL;
	x = ld(&f->type);
	do {
		if ((x & paused) != paused ||
		    (!(x & PGTYPE_F_DOWN) && !force_validation))
			return -EINVAL;
	} while (!cas(&f->type, &x, x & ~(PGTYPE_F_PAUSED | PGTYPE_F_DOWN)));
	if (call->pending == mfn)
		call->pending = PGTYPE_NO_MFN;
	walk_init(&w, env, call, true);
	w.root_ref = true;
	push_chain(&w, mfn, f);
	return walk_run(&w);
}

int pgtype_pin(const struct pgtype_env *env, uint64_t mfn, unsigned int level,
	       struct pgtype_call *call)
{
	struct pgtype_frame *f = env->frame(env->ctx, mfn);
	int rc;

	if (!is_pt(level) || !f || pgtype_get_page(f, env->self))
		return -EINVAL;
	rc = pgtype_get_type(env, mfn, level, call);
	if (rc) {
		put_frame(env, mfn, f);
		return rc;
	}
	if (__atomic_fetch_or(&f->type, PGTYPE_F_PINNED, __ATOMIC_ACQ_REL) &
	    PGTYPE_F_PINNED) {
		/* The pin's own reference remains: this put cannot tear down. */
		pgtype_put_type(env, mfn, call);
		put_frame(env, mfn, f);
		return -EINVAL;
	}
	return 0;
}

int pgtype_unpin(const struct pgtype_env *env, uint64_t mfn,
		 struct pgtype_call *call)
{
	struct pgtype_frame *f = env->frame(env->ctx, mfn);
	uint64_t x;

	if (!f || owner_of(f) != env->self)
		return -EINVAL;
	x = ld(&f->type);
	do {
		if (!(x & PGTYPE_F_PINNED))
			return -EINVAL;
	} while (!cas(&f->type, &x, x & ~PGTYPE_F_PINNED));
	/* The pin's general reference keeps @f alive through the put. */
	pgtype_put_type(env, mfn, call);
	put_frame(env, mfn, f);
	return 0;
}

int pgtype_new_base(const struct pgtype_env *env, uint64_t new_mfn,
		    uint64_t old_mfn, struct pgtype_call *call)
{
	struct pgtype_frame *f;
	int rc;

	if (new_mfn != PGTYPE_NO_MFN) {
		f = env->frame(env->ctx, new_mfn);
		if (!f || pgtype_get_page(f, env->self))
			return -EINVAL;
		rc = pgtype_get_type(env, new_mfn, PGTYPE_L4, call);
		if (rc) {
			put_frame(env, new_mfn, f);
			return rc;
		}
	}
	if (old_mfn != PGTYPE_NO_MFN) {
		pgtype_put_type(env, old_mfn, call);
		pgtype_put_page(env, old_mfn);
	}
	return 0;
}

/*
 * Lock a validated table of @level against the teardown of its entries
 * (a put of its last type reference waits) and against other updates.
 */
static int lock_table(const struct pgtype_env *env, struct pgtype_frame *f,
		      unsigned int level)
{
	uint64_t want = TYPE(level) | PGTYPE_F_VALID;
	uint64_t x = ld(&f->type);

	for (;;) {
		if ((x & (TYPE_MASK | PGTYPE_F_VALID | PGTYPE_F_BUSY)) !=
		    want || !pgtype_count_of(x))
			return -EINVAL;
		if (x & PGTYPE_F_LOCKED) {
			relax(env);
			x = ld(&f->type);
			continue;
		}
		if (cas(&f->type, &x, x | PGTYPE_F_LOCKED))
			return 0;
	}
}

static void unlock_table(struct pgtype_frame *f)
{
	__atomic_fetch_and(&f->type, ~PGTYPE_F_LOCKED, __ATOMIC_RELEASE);
}

/* Do @a and @b hold the same references? */
static bool same_refs(uint64_t a, uint64_t b)
{
	if (!(a & PGTYPE_PTE_P) || !(b & PGTYPE_PTE_P))
		return !(a & PGTYPE_PTE_P) && !(b & PGTYPE_PTE_P);
	return pte_mfn(a) == pte_mfn(b) &&
	       !((a ^ b) & PGTYPE_PTE_RW);
}

/* Drop what entry value @e of table @t holds. */
static void entry_put(const struct pgtype_env *env, const struct wframe *t,
		      uint64_t e, struct pgtype_call *call)
{
	struct pgtype_frame *cf;
	uint64_t cmfn;

	if (t->level == PGTYPE_L1) {
		l1e_put(env, e);
		return;
	}
	if (upper_put(env, t, e, &cmfn) != PUSHED)
		return;
	cf = env->frame(env->ctx, cmfn);
	teardown(env, cmfn, cf, call);
	put_frame(env, cmfn, cf);
}

/* Take what entry value @e of table @t must hold (may validate). */
static int entry_get(const struct pgtype_env *env, const struct wframe *t,
		     uint64_t e, struct pgtype_call *call)
{
	struct pgtype_frame *cf;
	uint64_t cmfn;
	int rc;

	if (t->level == PGTYPE_L1)
		return l1e_get(env, e);
	rc = upper_get(env, t, e, &cmfn);
	if (rc != PUSHED)
		return rc;
	cf = env->frame(env->ctx, cmfn);
	rc = start_walk(env, cmfn, cf, false, call);
	if (rc)
		put_frame(env, cmfn, cf);
	return rc;
}

static uint64_t adjusted(const struct pgtype_env *env, unsigned int level,
			 uint64_t e)
{
	if (!env->adjust || !(e & PGTYPE_PTE_P))
		return e;
	return (env->adjust(env->ctx, level, e) & ~PTE_KEEP) | (e & PTE_KEEP);
}

/*
 * Swap in @val. Under the table lock only the CPU's Accessed/Dirty
 * updates race with us, so a few attempts suffice. @same: the entry must
 * keep holding the same references (no reference work was done).
 */
static int swap_entry(uint64_t *slot, uint64_t val, bool preserve_ad,
		      bool same, uint64_t *old)
{
	uint64_t cur = __atomic_load_n(slot, __ATOMIC_ACQUIRE), nv;

	for (unsigned int n = 0; n < SWAP_TRIES; n++) {
		if (same && !same_refs(cur, val))
			return -EAGAIN;
		nv = preserve_ad ? (val & ~PTE_AD) | (cur & PTE_AD) : val;
		if (cas(slot, &cur, nv)) {
			*old = cur;
			return 0;
		}
	}
	return -EAGAIN;
}

/*
 * Under the table lock: take the new entry's references and swap it in.
 * *drop: the entry value whose references the caller drops once the lock
 * is released (the old entry, or the new one if the swap failed).
 */
static int mod_locked(const struct pgtype_env *env, const struct wframe *t,
		      unsigned int index, uint64_t val, bool preserve_ad,
		      struct pgtype_call *call, uint64_t *drop)
{
	uint64_t *slot = &t->pt[index], old;
	bool same = same_refs(__atomic_load_n(slot, __ATOMIC_ACQUIRE), val);
	int rc;

	if ((val & PGTYPE_PTE_P) && (val & ~allowed_bits(env, t->level)))
		return -EINVAL;
	if (!same) {
		rc = entry_get(env, t, val, call);
		if (rc)
			return rc;
	}
	rc = swap_entry(slot, adjusted(env, t->level, val), preserve_ad,
			same, &old);
	if (!same)
		*drop = rc ? val : old;
	return rc;
}

int pgtype_mod_entry(const struct pgtype_env *env, uint64_t table,
		     unsigned int level, unsigned int index, uint64_t val,
		     unsigned int flags, struct pgtype_call *call)
{
	struct wframe t = { .mfn = table, .level = level };
	uint64_t drop = 0;
	int rc;

	if (!is_pt(level) || index >= PGTYPE_ENTRIES ||
	    (flags & ~PGTYPE_MOD_PRESERVE_AD) || is_hv_slot(level, index))
		return -EINVAL;
	t.f = env->frame(env->ctx, table);
	if (!t.f || pgtype_get_page(t.f, env->self))
		return -EINVAL;
	rc = lock_table(env, t.f, level);
	if (!rc) {
		t.pt = env->map(env->ctx, table);
		rc = mod_locked(env, &t, index, val,
				flags & PGTYPE_MOD_PRESERVE_AD, call, &drop);
		unlock_table(t.f);
		/*
		 * Dropped unlocked: a teardown started here must not run
		 * while a put of this table's last reference spins on us.
		 */
		entry_put(env, &t, drop, call);
		if (env->unmap)
			env->unmap(env->ctx, t.pt);
	}
	put_frame(env, table, t.f);
	return rc;
}

/* ---- Audit ---- */

struct audit {
	const struct pgtype_env *env;
	uint64_t first, nr;
	struct pgtype_audit_slot *sl;
	const struct diag *dg;
	unsigned long bad;
};

static struct pgtype_audit_slot *slot_of(struct audit *a, uint64_t mfn)
{
	if (mfn < a->first || mfn - a->first >= a->nr)
		return NULL;
	return &a->sl[mfn - a->first];
}

static void type_ref(struct pgtype_audit_slot *s, unsigned int type)
{
	s->type++;
	if (!s->ref_type)
		s->ref_type = (uint8_t)type;
	else if (s->ref_type != type)
		s->conflict = 1;
}

/* How many entries of @f (type word @x) hold references; -1 if none. */
static int held_entries(const struct pgtype_frame *f, uint64_t x)
{
	if (!is_pt(pgtype_type_of(x)))
		return -1;
	if (x & PGTYPE_F_VALID)
		return PGTYPE_ENTRIES;
	if (x & PGTYPE_F_BUSY)
		return f->next;
	return -1;
}

static void audit_report_entry(struct audit *a, uint64_t mfn, unsigned int i,
			       uint64_t e, const char *what)
{
	a->bad++;
	diag_report(a->dg, "pgtype: mfn %#llx entry %u (%#llx): %s",
		    (unsigned long long)mfn, i, (unsigned long long)e, what);
}

/* Count what entry @i (value @e) of table @t holds. */
static void audit_entry(struct audit *a, const struct wframe *t,
			unsigned int i, uint64_t e)
{
	const struct pgtype_env *env = a->env;
	struct pgtype_audit_slot *s, *ts = slot_of(a, t->mfn);
	const struct pgtype_frame *f;
	uint64_t mfn = pte_mfn(e);

	if (is_hv_slot(t->level, i)) {
		if (e != hv_slot_val(env, i))
			audit_report_entry(a, t->mfn, i, e, "hypervisor slot");
		return;
	}
	if (!(e & PGTYPE_PTE_P))
		return;
	if (e & ~allowed_bits(env, t->level))
		audit_report_entry(a, t->mfn, i, e, "disallowed bits");
	if (t->level != PGTYPE_L1 && mfn == t->mfn) {
		if (e & PGTYPE_PTE_RW)
			audit_report_entry(a, t->mfn, i, e, "writable self");
		return;
	}
	s = slot_of(a, mfn);
	f = env->frame(env->ctx, mfn);
	if (!s || !f)
		return;
	s->general++;
	if (t->level == PGTYPE_L1) {
		s->writable += !!(e & PGTYPE_PTE_RW);
	} else if (pgtype_type_of(ld(&f->type)) == t->level) {
		type_ref(s, t->level);
		s->linear++;
		ts->linear--;
	} else {
		type_ref(s, t->level - 1);
	}
}

static void audit_table(struct audit *a, uint64_t mfn,
			struct pgtype_frame *f, uint64_t x)
{
	struct wframe t = { .mfn = mfn, .f = f, .level = pgtype_type_of(x) };
	int n = held_entries(f, x);
	struct pgtype_audit_slot *s;

	if (n < 0)
		return;
	t.pt = a->env->map(a->env->ctx, mfn);
	for (int i = 0; i < n; i++)
		audit_entry(a, &t, i, t.pt[i]);
	if ((x & PGTYPE_F_BUSY) && (f->wflags & PGTYPE_W_CHILD) && n < 512) {
		s = slot_of(a, pte_mfn(t.pt[n]));
		if (s)
			s->general++;
	}
	if (a->env->unmap)
		a->env->unmap(a->env->ctx, t.pt);
}

/* Pass 1: expected counts from tables, pins, paused roots, extra refs. */
static void audit_count(struct audit *a)
{
	const struct pgtype_env *env = a->env;

	for (uint64_t k = 0; k < a->nr; k++) {
		uint64_t mfn = a->first + k, g = 0, ty = 0, x;
		struct pgtype_frame *f = env->frame(env->ctx, mfn);
		struct pgtype_audit_slot *s = &a->sl[k];

		if (!f)
			continue;
		x = ld(&f->type);
		audit_table(a, mfn, f, x);
		if (x & PGTYPE_F_PINNED) {
			s->general++;
			s->type++;
		}
		if ((x & PGTYPE_F_BUSY) && (x & PGTYPE_F_PAUSED))
			s->general++;
		if (env->extra_refs)
			env->extra_refs(env->ctx, mfn, &g, &ty);
		s->general += g;
		s->type += ty;
		if (ty || (x & (PGTYPE_F_PINNED | PGTYPE_F_PAUSED)))
			s->reached = 1;
	}
}

/* Mark what reachable tables of @level hold as reachable. */
static void audit_reach_level(struct audit *a, unsigned int level)
{
	for (uint64_t k = 0; k < a->nr; k++) {
		uint64_t mfn = a->first + k, x, *pt;
		struct pgtype_frame *f = a->env->frame(a->env->ctx, mfn);
		struct pgtype_audit_slot *s;
		int n;

		if (!f || !a->sl[k].reached)
			continue;
		x = ld(&f->type);
		n = held_entries(f, x);
		if (pgtype_type_of(x) != level || level == PGTYPE_L1 || n < 0)
			continue;
		if ((x & PGTYPE_F_BUSY) && (f->wflags & PGTYPE_W_CHILD))
			n++;
		pt = a->env->map(a->env->ctx, mfn);
		for (int i = 0; i < n && i < PGTYPE_ENTRIES; i++) {
			s = slot_of(a, pte_mfn(pt[i]));
			if ((pt[i] & PGTYPE_PTE_P) && !is_hv_slot(level, i) && s)
				s->reached = 1;
		}
		if (a->env->unmap)
			a->env->unmap(a->env->ctx, pt);
	}
}

static void audit_bad(struct audit *a, uint64_t mfn, const char *what,
		      unsigned long long have, unsigned long long want)
{
	a->bad++;
	diag_report(a->dg, "pgtype: mfn %#llx: %s is %llu, expected %llu",
		    (unsigned long long)mfn, what, have, want);
}

static void audit_check_type(struct audit *a, uint64_t mfn,
			     const struct pgtype_audit_slot *s, uint64_t x)
{
	unsigned int t = pgtype_type_of(x);
	uint64_t cnt = pgtype_count_of(x);

	if (s->writable && t != PGTYPE_WRITABLE)
		audit_bad(a, mfn, "writable mappings of a non-writable frame",
			  s->writable, 0);
	if (s->conflict || (s->ref_type && s->ref_type != t))
		audit_bad(a, mfn, "type referenced as other type", t,
			  s->ref_type);
	if (cnt != s->type + s->writable)
		audit_bad(a, mfn, "type count", cnt, s->type + s->writable);
	if (cnt && !(x & (PGTYPE_F_VALID | PGTYPE_F_BUSY)))
		audit_bad(a, mfn, "unvalidated type count", cnt, 0);
	if (!cnt && (x & PGTYPE_F_VALID))
		audit_bad(a, mfn, "validated with type count", 0, 1);
	if (is_pt(t) && (x & (PGTYPE_F_VALID | PGTYPE_F_BUSY)) && !s->reached)
		audit_bad(a, mfn, "unreachable table of level", t, 0);
}

/* Pass 3: compare. */
static void audit_compare(struct audit *a)
{
	for (uint64_t k = 0; k < a->nr; k++) {
		uint64_t mfn = a->first + k;
		struct pgtype_frame *f = a->env->frame(a->env->ctx, mfn);
		const struct pgtype_audit_slot *s = &a->sl[k];

		if (!f)
			continue;
		if (ld(&f->count) != s->general)
			audit_bad(a, mfn, "general count", ld(&f->count),
				  s->general);
		if (f->linear != s->linear)
			audit_bad(a, mfn, "linear count",
				  (unsigned long long)(long long)f->linear,
				  (unsigned long long)(long long)s->linear);
		audit_check_type(a, mfn, s, ld(&f->type));
	}
}

unsigned long pgtype_audit(const struct pgtype_env *env, uint64_t first,
			   uint64_t nr, struct pgtype_audit_slot *scratch,
			   const struct diag *dg)
{
	struct audit a = {
		.env = env, .first = first, .nr = nr, .sl = scratch, .dg = dg,
	};

	for (uint64_t k = 0; k < nr; k++)
		scratch[k] = (struct pgtype_audit_slot){ 0 };
	audit_count(&a);
	/* Twice per level: linear targets sit on the same level. */
	for (unsigned int level = PGTYPE_L4; level > PGTYPE_L1; level--) {
		audit_reach_level(&a, level);
		audit_reach_level(&a, level);
	}
	audit_compare(&a);
	return a.bad;
}
