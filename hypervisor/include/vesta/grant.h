/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Grant tables (v1): each domain's table of shared entries, grown on
 * demand up to GNTTAB_MAX_FRAMES frames that the hypervisor owns and the
 * domain maps, the hypervisor-side state of every entry, and the
 * grant_table_op hypercall (setup_table, query_size, set/get_version,
 * copy). Not responsible for the entry protocol itself (lib/grant-entry.c)
 * nor, yet, for host or device mappings of grants (map_grant_ref and its
 * relatives need the page-table engine and are refused for now).
 */
#ifndef VESTA_GRANT_H
#define VESTA_GRANT_H

#include <stdbool.h>
#include <stdint.h>
#include <vesta/lib.h>

struct domain;

/* Table size limit: 32 frames of 512 v1 entries = 16384 grant refs. */
#define GNTTAB_MAX_FRAMES		32
#define GNTTAB_ENTRIES_PER_FRAME	512
#define GNTTAB_MAX_ENTRIES \
	(GNTTAB_MAX_FRAMES * GNTTAB_ENTRIES_PER_FRAME)
/* Grants one domain may have mapped at once (map_grant_ref, later). */
#define GNTTAB_MAPTRACK_MAX		4096

/*
 * grant_table_init() - Give @d an empty grant table (no frames yet; the
 * first setup_table allocates them).
 * Context: domain creation, before @d is published.
 * Return: 0, or -ENOMEM.
 */
int __must_check
grant_table_init(struct domain *d);

/*
 * grant_table_destroy() - Free @d's grant table and its frames. A frame
 * some page table still references is left allocated (and reported)
 * rather than handed out again.
 * Context: domain destruction, after the domain's page tables are gone;
 * nothing else can reach @d. Safe on a domain without a table.
 */
void grant_table_destroy(struct domain *d);

/*
 * grant_table_owns_frame() - Is @mfn one of @d's grant-table frames (which
 * @d may map as data)? Lock-free: frames are only ever added while @d
 * lives, and a frame is published only after it is set up.
 * Context: any; @d is referenced by the caller.
 */
bool grant_table_owns_frame(const struct domain *d, uint64_t mfn);

/* do_grant_table_op() is declared with the other handlers in hypercall.h. */

#endif /* VESTA_GRANT_H */
