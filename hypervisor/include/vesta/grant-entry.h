/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * The v1 grant-entry protocol between a granting guest and the
 * hypervisor: checking that an entry the guest shares lets a given domain
 * read or write the granted frame, setting GTF_reading/GTF_writing in the
 * guest's entry while the hypervisor uses the grant, and clearing them
 * when the last use of that kind ends. The per-grant pin counts live in
 * hypervisor memory (struct grant_active). Pure: the caller supplies the
 * entry (which the guest may rewrite at any moment) and serialises calls
 * on one struct grant_active (the granter's grant-table lock). Not
 * responsible for finding the entry, checking that the frame belongs to
 * the granter, taking page references or mapping anything.
 */
#ifndef VESTA_GRANT_ENTRY_H
#define VESTA_GRANT_ENTRY_H

#include <stdbool.h>
#include <stdint.h>
#include <public/grant_table.h>

/* What a pin is for: CPU (host) or device access, read-only or writable. */
enum grant_pin {
	GRANT_PIN_HOST_RO,
	GRANT_PIN_HOST_RW,
	GRANT_PIN_DEV_RO,
	GRANT_PIN_DEV_RW,
	GRANT_PIN_KINDS
};

/* Highest count of one pin kind; one more acquire is refused. */
#define GRANT_PIN_MAX		0xffffu

/*
 * Attempts at the compare-and-exchange on the guest's entry before giving
 * up: a guest rewriting its entry in a loop must not keep us spinning.
 */
#define GRANT_ENTRY_RETRIES	5

/* Hypervisor-side state of one grant entry. Zero = not in use. */
struct grant_active {
	uint16_t pins[GRANT_PIN_KINDS];	/* uses of each enum grant_pin */
	uint32_t frame;			/* latched by the first pin */
	uint16_t grantee;		/* domain holding the pins */
	uint16_t pad;
};

/* grant_active_pinned() - Does @act hold any pin? */
static inline bool grant_active_pinned(const struct grant_active *act)
{
	for (unsigned int k = 0; k < GRANT_PIN_KINDS; k++)
		if (act->pins[k])
			return true;
	return false;
}

/*
 * grant_entry_acquire() - Take a pin of @kind on the grant @e for domain
 * @grantee.
 * @e:       the entry in the granter's shared table (guest-writable)
 * @act:     its hypervisor-side state
 * @grantee: the domain that wants to use the grant
 * @kind:    an enum grant_pin; the _RW kinds need a writable grant
 * @frame:   OUT: the granted frame (the one latched by the first pin),
 *           still to be checked by the caller against the granter
 *
 * Every call re-checks the entry as it is now: the type must be
 * GTF_permit_access, domid @grantee and, for a writable pin, GTF_readonly
 * clear. GTF_reading (and GTF_writing for a writable pin) is then set
 * with a compare-and-exchange on the flags+domid word, retried at most
 * GRANT_ENTRY_RETRIES times if the guest changes it meanwhile.
 * Context: any; the caller serialises all calls on @act.
 * Return: VESTA_GNTST_okay; VESTA_GNTST_general_error for a bad @kind, an
 *         entry that does not grant this access to @grantee, an entry the
 *         guest kept changing, a pin count at GRANT_PIN_MAX, or @act
 *         already pinned by another domain. Nothing changes on error.
 */
int grant_entry_acquire(struct vesta_grant_entry_v1 *e,
			struct grant_active *act, uint16_t grantee,
			unsigned int kind, uint32_t *frame);

/*
 * grant_entry_release() - Drop a pin of @kind taken by
 * grant_entry_acquire(). When the last writable pin goes GTF_writing is
 * cleared in @e; when the last pin goes GTF_reading too (atomically: the
 * guest's other flag bits are kept).
 * Context: any; the caller serialises all calls on @act.
 * Return: VESTA_GNTST_okay; VESTA_GNTST_general_error if @kind is bad or
 *         holds no pin (a caller bug; nothing changes).
 */
int grant_entry_release(struct vesta_grant_entry_v1 *e,
			struct grant_active *act, unsigned int kind);

#endif /* VESTA_GRANT_ENTRY_H */
