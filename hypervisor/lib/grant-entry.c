/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * The v1 grant-entry state machine: validating a guest's grant entry for
 * one access and marking it in use (GTF_reading/GTF_writing) for as long
 * as the hypervisor holds pins on it. The entry is guest memory that may
 * change under our feet, so it is read once per attempt as one 32-bit
 * word and updated only by compare-and-exchange; the pin counts are ours.
 * Not responsible for locating entries, page ownership or references.
 */
#include <stdbool.h>
#include <stdint.h>

#include <vesta/grant-entry.h>

/* The flags (low half) and domid (high half) share one 32-bit word. */
#define WORD_FLAGS(w)	((uint16_t)((w) & 0xffffu))
#define WORD_DOMID(w)	((uint16_t)((w) >> 16))

static uint32_t *entry_word(struct vesta_grant_entry_v1 *e)
{
	return (uint32_t *)(void *)e;
}

static bool kind_writes(unsigned int kind)
{
	return kind == GRANT_PIN_HOST_RW || kind == GRANT_PIN_DEV_RW;
}

static unsigned int write_pins(const struct grant_active *act)
{
	return (unsigned int)act->pins[GRANT_PIN_HOST_RW] +
	       act->pins[GRANT_PIN_DEV_RW];
}

/* Does the entry word @w grant @grantee this access? */
static bool word_allows(uint32_t w, uint16_t grantee, bool write)
{
	uint16_t fl = WORD_FLAGS(w);

	if ((fl & VESTA_GTF_type_mask) != VESTA_GTF_permit_access)
		return false;
	if (WORD_DOMID(w) != grantee)
		return false;
	return !(write && (fl & VESTA_GTF_readonly));
}

/*
 * Check the entry and set the in-use bits in one step. The check and the
 * update act on the same value: if the guest changed the word in between
 * the exchange fails and we start over from what it wrote.
 */
static bool mark_in_use(struct vesta_grant_entry_v1 *e, uint16_t grantee,
			bool write)
{
	uint32_t *w = entry_word(e);
	uint32_t old = __atomic_load_n(w, __ATOMIC_ACQUIRE);
	uint32_t bits = VESTA_GTF_reading | (write ? VESTA_GTF_writing : 0);

	for (unsigned int try = 0; try < GRANT_ENTRY_RETRIES; try++) {
		if (!word_allows(old, grantee, write))
			return false;
		/* Already marked: the single load was a consistent check. */
		if ((old | bits) == old)
			return true;
		if (__atomic_compare_exchange_n(w, &old, old | bits, false,
						__ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE))
			return true;
	}
	return false;
}

int grant_entry_acquire(struct vesta_grant_entry_v1 *e,
			struct grant_active *act, uint16_t grantee,
			unsigned int kind, uint32_t *frame)
{
	bool first;

	if (kind >= GRANT_PIN_KINDS)
		return VESTA_GNTST_general_error;
	first = !grant_active_pinned(act);
	/* One grant, one grantee: a domid the guest changed while in use. */
	if (!first && act->grantee != grantee)
		return VESTA_GNTST_general_error;
	if (act->pins[kind] >= GRANT_PIN_MAX)
		return VESTA_GNTST_general_error;
	if (!mark_in_use(e, grantee, kind_writes(kind)))
		return VESTA_GNTST_general_error;
	if (first) {
		/*
		 * Read after the bits are set: from here on a well-behaved
		 * granter leaves the entry alone. Later pins keep using this
		 * frame even if the guest rewrites it (as Xen does).
		 */
		act->frame = __atomic_load_n(&e->frame, __ATOMIC_ACQUIRE);
		act->grantee = grantee;
	}
	act->pins[kind]++;
	*frame = act->frame;
	return VESTA_GNTST_okay;
}

int grant_entry_release(struct vesta_grant_entry_v1 *e,
			struct grant_active *act, unsigned int kind)
{
	uint16_t clear = 0;

	if (kind >= GRANT_PIN_KINDS || !act->pins[kind])
		return VESTA_GNTST_general_error;
	act->pins[kind]--;
	if (kind_writes(kind) && !write_pins(act))
		clear |= VESTA_GTF_writing;
	if (!grant_active_pinned(act)) {
		clear |= VESTA_GTF_reading | VESTA_GTF_writing;
		act->frame = 0;
		act->grantee = 0;
	}
	/* An atomic AND keeps whatever the guest wrote to the other bits. */
	if (clear)
		__atomic_fetch_and(&e->flags, (uint16_t)~clear,
				   __ATOMIC_ACQ_REL);
	return VESTA_GNTST_okay;
}
