/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * PV frame types and reference counts: the rules that keep a PV guest's
 * page tables safe. Every frame has a general reference count and a type
 * (writable, L1..L4 page table, descriptor page) with a type count; a
 * page-table type is only granted after every entry of the frame has been
 * validated (recursively, with an explicit work stack and a per-call budget,
 * so long validations and teardowns are preemptible). Also pin/unpin,
 * base-pointer switches, single-entry updates and a consistency audit.
 * Pure and lock-free (atomic builtins only): frames, page contents and
 * policy come from the caller through struct pgtype_env. Not responsible
 * for TLB flushes, the M2P, descriptor contents, hypercall decoding or
 * deciding which foreign/MMIO mappings a domain may make (env callbacks).
 */
#ifndef VESTA_PGTYPE_H
#define VESTA_PGTYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <vesta/diag.h>
#include <vesta/lib.h>

/* Frame types (the 4-bit field at PGTYPE_TYPE_SHIFT of pgtype_frame.type). */
#define PGTYPE_NONE		0
#define PGTYPE_L1		1
#define PGTYPE_L2		2
#define PGTYPE_L3		3
#define PGTYPE_L4		4
#define PGTYPE_SEG		5	/* GDT/LDT page (no content check here) */
#define PGTYPE_WRITABLE		7	/* mapped writable somewhere */

/* pgtype_frame.type layout. */
#define PGTYPE_TYPE_SHIFT	60
#define PGTYPE_F_VALID		(1ULL << 59)	/* count > 0 and usable */
#define PGTYPE_F_BUSY		(1ULL << 58)	/* on a (paused) walk stack */
#define PGTYPE_F_PINNED		(1ULL << 57)
#define PGTYPE_F_PAUSED		(1ULL << 56)	/* root of a paused walk */
#define PGTYPE_F_DOWN		(1ULL << 55)	/* paused walk tears down */
#define PGTYPE_F_LOCKED		(1ULL << 54)	/* entry update in progress */
#define PGTYPE_COUNT_MASK	((1ULL << 40) - 1)

/* Highest general or type count a get may create. */
#define PGTYPE_COUNT_MAX	PGTYPE_COUNT_MASK

#define PGTYPE_ENTRIES		512
#define PGTYPE_NO_MFN		(~0ULL)
/* L4 slots owned by the hypervisor (the PV hole), installed on validation. */
#define PGTYPE_HV_SLOT_FIRST	256
#define PGTYPE_HV_SLOTS		16

/* x86-64 page-table entry bits used by the rules. */
#define PGTYPE_PTE_P		(1ULL << 0)
#define PGTYPE_PTE_RW		(1ULL << 1)
#define PGTYPE_PTE_US		(1ULL << 2)
#define PGTYPE_PTE_PWT		(1ULL << 3)
#define PGTYPE_PTE_PCD		(1ULL << 4)
#define PGTYPE_PTE_A		(1ULL << 5)
#define PGTYPE_PTE_D		(1ULL << 6)
#define PGTYPE_PTE_PSE		(1ULL << 7)	/* PAT in an L1 entry */
#define PGTYPE_PTE_G		(1ULL << 8)
#define PGTYPE_PTE_NX		(1ULL << 63)
#define PGTYPE_PTE_ADDR		0x000ffffffffff000ULL

/* pgtype_mod_entry() flags. */
#define PGTYPE_MOD_PRESERVE_AD	1U

/*
 * Per-frame state; the hypervisor embeds one in each struct page_info.
 * All fields are changed only through this API (atomic builtins). next and
 * wflags belong to whoever holds the frame BUSY.
 */
struct pgtype_frame {
	uint64_t count;		/* general references; 0: frame not in use */
	uint64_t type;		/* type | flags | type count */
	uint32_t owner;		/* domain id; set by the allocator */
	int32_t linear;		/* >0 used as linear table; <0 holds such */
	uint16_t next;		/* walk: entries [0, next) hold references */
	uint16_t wflags;	/* walk: PGTYPE_W_* */
};

#define PGTYPE_W_CHILD		1U	/* entry @next's target is on the walk */

/* Per-call state: preemption budget and a teardown left to finish. */
struct pgtype_call {
	/* IN/OUT: entries this call may still visit (at least one is). */
	unsigned int budget;
	/*
	 * OUT: PGTYPE_NO_MFN, or a frame whose teardown was paused; the
	 * caller must run pgtype_continue() on it until that returns 0
	 * before the vCPU issues further page-table operations. Must be
	 * PGTYPE_NO_MFN when a call starts.
	 */
	uint64_t pending;
};

struct pgtype_env {
	void *ctx;
	/* The frame of @mfn, or NULL if @mfn is not RAM (MMIO, a hole). */
	struct pgtype_frame *(*frame)(void *ctx, uint64_t mfn);
	/* The 512 entries of a RAM frame; stays valid until unmap. */
	uint64_t *(*map)(void *ctx, uint64_t mfn);
	void (*unmap)(void *ctx, uint64_t *page);		/* optional */
	/*
	 * Optional. Called for a present L1 entry whose target is not RAM
	 * (@f NULL) or is owned by another domain than @self. Return 0 to
	 * allow (RAM targets are then referenced under their real owner, MMIO
	 * never), or a negative errno to refuse. NULL refuses with -EPERM
	 * (MMIO) or -EBUSY (foreign RAM).
	 */
	int (*check_data)(void *ctx, uint64_t mfn,
			  const struct pgtype_frame *f, uint64_t pte);
	/*
	 * Optional. Rewrites a validated present entry before it is stored
	 * (PV kernels run in ring 3: the hypervisor may add US, G...). The
	 * address, P, RW and PSE bits of the result are ignored.
	 */
	uint64_t (*adjust)(void *ctx, unsigned int level, uint64_t pte);
	/* Optional: @mfn's general count reached zero. */
	void (*release)(void *ctx, uint64_t mfn);
	/* Optional: pause hint while spinning on another CPU's update. */
	void (*relax)(void *ctx);
	/*
	 * Audit only, optional: references held outside page tables and
	 * pins (allocation reference, base pointers held by vCPUs...).
	 */
	void (*extra_refs)(void *ctx, uint64_t mfn, uint64_t *general,
			   uint64_t *type);
	/* Values of L4 slots 256..271; NULL installs empty slots. */
	const uint64_t *hv_l4;
	uint32_t self;		/* domain owning the tables and their data */
	bool can_cache_attrs;	/* L1 entries may set PWT/PCD/PAT */
};

static inline unsigned int pgtype_type_of(uint64_t type_word)
{
	return (unsigned int)(type_word >> PGTYPE_TYPE_SHIFT);
}

static inline uint64_t pgtype_count_of(uint64_t type_word)
{
	return type_word & PGTYPE_COUNT_MASK;
}

/*
 * pgtype_get_page() - Take a general reference on a frame of @owner.
 * Context: any; lock-free.
 * Return: 0; -EINVAL frame not in use (count 0) or owned by another
 *         domain; -EOVERFLOW count at PGTYPE_COUNT_MAX.
 */
int __must_check
pgtype_get_page(struct pgtype_frame *f, uint32_t owner);

/*
 * pgtype_put_page() - Drop a general reference on @mfn; calls
 * env->release when it was the last one.
 * Context: any; lock-free. The caller must hold the reference.
 */
void pgtype_put_page(const struct pgtype_env *env, uint64_t mfn);

/*
 * pgtype_get_type() - Take a type reference of @type on @mfn.
 * @type: PGTYPE_L1..L4, PGTYPE_SEG or PGTYPE_WRITABLE.
 * The first reference of a page-table type validates the frame's entries
 * (taking references on everything they map), which may take several
 * calls: -ERESTART means nothing is held and the same call must be issued
 * again; the work done so far is kept in the frames. The caller holds a
 * general reference on @mfn throughout.
 * Context: any CPU, concurrently with any other call; may spin briefly.
 * Return: 0 (reference taken); -ERESTART budget used up, or part of the
 *         tree is being (in)validated by another call; -EINVAL bad @type,
 *         @mfn not RAM, frame in use as another type, type count at
 *         maximum, or an invalid entry (see pgtype_mod_entry()); -EBUSY
 *         (WRITABLE) frame in use as another type, or an entry maps a
 *         page table writable or a foreign frame; -EPERM an entry maps
 *         MMIO the domain may not use. After an error call->pending may be
 *         set (the partial work is being undone).
 */
int __must_check
pgtype_get_type(const struct pgtype_env *env, uint64_t mfn,
		unsigned int type, struct pgtype_call *call);

/*
 * pgtype_put_type() - Drop a type reference on @mfn. Dropping the last
 * reference of a page-table type drops every reference its entries hold;
 * if that work exceeds the budget it is paused and call->pending names
 * the frame. The caller holds a general reference on @mfn for the call.
 * Context: any; may spin while another CPU updates an entry of @mfn.
 */
void pgtype_put_type(const struct pgtype_env *env, uint64_t mfn,
		     struct pgtype_call *call);

/*
 * pgtype_continue() - Resume the paused teardown of @mfn named by an
 * earlier call->pending. Also undoes a validation left paused (used when
 * a domain is destroyed).
 * Return: 0 finished (call->pending is PGTYPE_NO_MFN); -ERESTART budget
 *         used up again (call->pending is @mfn); -EINVAL nothing paused at
 *         @mfn, or it is paused as a validation another call may resume
 *         and @force_validation is false.
 */
int __must_check
pgtype_continue(const struct pgtype_env *env, uint64_t mfn,
		bool force_validation, struct pgtype_call *call);

/*
 * pgtype_pin() - MMUEXT_PIN_Ln_TABLE: take a general and a type reference
 * of @level on @mfn (owned by env->self) and mark it pinned.
 * Return: 0; -ERESTART re-issue (nothing held); -EINVAL bad level, not
 *         the domain's frame, already pinned, or pgtype_get_type() errors.
 */
int __must_check
pgtype_pin(const struct pgtype_env *env, uint64_t mfn, unsigned int level,
	   struct pgtype_call *call);

/*
 * pgtype_unpin() - MMUEXT_UNPIN_TABLE: drop the references a pin took.
 * The teardown this may start can leave call->pending set.
 * Return: 0; -EINVAL not the domain's frame or not pinned.
 */
int __must_check
pgtype_unpin(const struct pgtype_env *env, uint64_t mfn,
	     struct pgtype_call *call);

/*
 * pgtype_new_base() - NEW_BASEPTR / NEW_USER_BASEPTR: take a general and
 * an L4 reference on @new_mfn (PGTYPE_NO_MFN: none), then drop the ones
 * held on @old_mfn (PGTYPE_NO_MFN: none), possibly leaving call->pending.
 * Return: 0; -ERESTART re-issue (nothing changed); -EINVAL @new_mfn not
 *         the domain's frame, or pgtype_get_type() errors (@old_mfn is
 *         then still held).
 */
int __must_check
pgtype_new_base(const struct pgtype_env *env, uint64_t new_mfn,
		uint64_t old_mfn, struct pgtype_call *call);

/*
 * pgtype_mod_entry() - mmu_update: set entry @index of the validated
 * @level table @table to @val. The new entry is checked and its
 * references taken (this may validate a whole subtree, hence -ERESTART),
 * the entry is swapped atomically, then the old entry's references are
 * dropped (possibly leaving call->pending). With PGTYPE_MOD_PRESERVE_AD
 * the entry keeps its current Accessed and Dirty bits.
 * Entry rules: not-present entries are free. L1: no PAT/PCD/PWT unless
 * env->can_cache_attrs; the target must be the domain's RAM (or allowed by
 * env->check_data); RW needs a writable type on it. L2-L4: no PSE, G,
 * PCD, PWT; the target must be the domain's RAM and becomes a table one
 * level down, or is a read-only linear mapping of a validated table of the
 * same level (or of the table itself), which may not chain.
 * Context: any; serialised per table with other updates of it.
 * Return: 0; -ERESTART re-issue (nothing changed); -EINVAL bad
 *         level/index/flags, hypervisor L4 slot, @table not a validated
 *         table of @level of the domain, or an invalid entry; -EBUSY,
 *         -EPERM as for pgtype_get_type(); -EAGAIN the entry kept
 *         changing under us.
 */
int __must_check
pgtype_mod_entry(const struct pgtype_env *env, uint64_t table,
		 unsigned int level, unsigned int index, uint64_t val,
		 unsigned int flags, struct pgtype_call *call);

/* Scratch for pgtype_audit(): one per audited frame. */
struct pgtype_audit_slot {
	uint64_t general;	/* expected general count */
	uint64_t type;		/* expected type count */
	uint32_t writable;	/* RW mappings seen */
	int32_t linear;		/* expected pgtype_frame.linear */
	uint8_t ref_type;	/* type the type references ask for */
	uint8_t reached;	/* reachable from a root */
	uint8_t conflict;	/* referenced as two different types */
	uint8_t pad;
};

/*
 * pgtype_audit() - Recompute every count of frames [@first, @first + @nr)
 * from the page tables, pins, paused walks and env->extra_refs, and report
 * each mismatch, each entry a validated table should not hold, each
 * page-table frame mapped writable, each tampered hypervisor L4 slot and
 * each validated table not reachable from a root (pin, extra type
 * reference or paused walk). Entries pointing outside the range are not
 * counted: pass the whole machine.
 * Context: quiesced: nothing else may use these frames meanwhile.
 * Return: number of problems reported through @dg (0: consistent).
 */
unsigned long pgtype_audit(const struct pgtype_env *env, uint64_t first,
			   uint64_t nr, struct pgtype_audit_slot *scratch,
			   const struct diag *dg);

#endif /* VESTA_PGTYPE_H */
