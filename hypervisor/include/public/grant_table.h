/* SPDX-License-Identifier: MIT */
/*
 * grant_table_op (hypercall 20) sub-ops and their argument structs, and
 * the layout of grant-table entries (v1 and v2) a domain writes to share
 * its pages: numbers, flags, status codes and layouts are Xen's. Not
 * described here: how the hypervisor tracks mappings or validates them.
 */
#ifndef VESTA_PUBLIC_GRANT_TABLE_H
#define VESTA_PUBLIC_GRANT_TABLE_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

/* Sub-ops: grant_table_op(cmd, array of structs, count). */
#define VESTA_GNTTABOP_map_grant_ref		0
#define VESTA_GNTTABOP_unmap_grant_ref		1
#define VESTA_GNTTABOP_setup_table		2
#define VESTA_GNTTABOP_dump_table		3
#define VESTA_GNTTABOP_transfer			4
#define VESTA_GNTTABOP_copy			5
#define VESTA_GNTTABOP_query_size		6
#define VESTA_GNTTABOP_unmap_and_replace	7
#define VESTA_GNTTABOP_set_version		8
#define VESTA_GNTTABOP_get_status_frames	9
#define VESTA_GNTTABOP_get_version		10
#define VESTA_GNTTABOP_swap_grant_ref		11
#define VESTA_GNTTABOP_cache_flush		12

/* Entries 0-7 are kept for the toolstack; 0 and 1 have fixed uses. */
#define VESTA_GNTTAB_NR_RESERVED_ENTRIES	8
#define VESTA_GNTTAB_RESERVED_CONSOLE		0
#define VESTA_GNTTAB_RESERVED_XENSTORE		1

/*
 * Grant entry flags. Bits 1:0 are the type; the others qualify it.
 * reading/writing and transfer_* are set by the hypervisor.
 */
#define VESTA_GTF_invalid		(0U << 0)
#define VESTA_GTF_permit_access		(1U << 0)
#define VESTA_GTF_accept_transfer	(2U << 0)
#define VESTA_GTF_transitive		(3U << 0)
#define VESTA_GTF_type_mask		(3U << 0)
#define VESTA_GTF_readonly		(1U << 2)	/* map read-only */
#define VESTA_GTF_reading		(1U << 3)	/* in use for reading */
#define VESTA_GTF_writing		(1U << 4)	/* in use for writing */
#define VESTA_GTF_PWT			(1U << 5)	/* cache attributes */
#define VESTA_GTF_PCD			(1U << 6)
#define VESTA_GTF_PAT			(1U << 7)
#define VESTA_GTF_sub_page		(1U << 8)	/* v2 sub-page grant */
#define VESTA_GTF_transfer_committed	(1U << 2)	/* accept_transfer */
#define VESTA_GTF_transfer_completed	(1U << 3)	/* accept_transfer */

/* map_grant_ref.flags. */
#define VESTA_GNTMAP_device_map		(1U << 0) /* for device DMA */
#define VESTA_GNTMAP_host_map		(1U << 1) /* for the CPU */
#define VESTA_GNTMAP_readonly		(1U << 2)
#define VESTA_GNTMAP_application_map	(1U << 3) /* user mode may use it */
#define VESTA_GNTMAP_contains_pte	(1U << 4) /* host_addr is a PTE maddr */
#define VESTA_GNTMAP_guest_avail0	16
#define VESTA_GNTMAP_guest_avail_mask	(~0U << VESTA_GNTMAP_guest_avail0)

/* gnttab_copy.flags: which side is a grant reference (else a frame). */
#define VESTA_GNTCOPY_source_gref	(1U << 0)
#define VESTA_GNTCOPY_dest_gref		(1U << 1)

/* gnttab_cache_flush.op. */
#define VESTA_GNTTAB_CACHE_CLEAN	(1U << 0)
#define VESTA_GNTTAB_CACHE_INVAL	(1U << 1)
#define VESTA_GNTTAB_CACHE_SOURCE_GREF	(1U << 31)

/* Per-operation status values (the status fields below). */
#define VESTA_GNTST_okay		0
#define VESTA_GNTST_general_error	(-1)
#define VESTA_GNTST_bad_domain		(-2)
#define VESTA_GNTST_bad_gntref		(-3)
#define VESTA_GNTST_bad_handle		(-4)
#define VESTA_GNTST_bad_virt_addr	(-5)
#define VESTA_GNTST_bad_dev_addr	(-6)
#define VESTA_GNTST_no_device_space	(-7)
#define VESTA_GNTST_permission_denied	(-8)
#define VESTA_GNTST_bad_page		(-9)
#define VESTA_GNTST_bad_copy_arg	(-10)
#define VESTA_GNTST_address_too_big	(-11)
#define VESTA_GNTST_eagain		(-12)
#define VESTA_GNTST_no_space		(-13)

#ifndef __ASSEMBLER__

typedef uint32_t vesta_grant_ref_t;
typedef uint32_t vesta_grant_handle_t;
typedef uint16_t vesta_grant_status_t;	/* v2 status-frame entry */

/*
 * A v1 grant entry in the granting domain's table. The granter writes
 * domid and frame (IN), then flags; the hypervisor sets the reading /
 * writing and transfer bits (OUT) and, after a transfer, frame.
 */
struct vesta_grant_entry_v1 {
	uint16_t flags;		/* IN/OUT: VESTA_GTF_* */
	uint16_t domid;		/* IN: grantee */
	uint32_t frame;		/* IN: frame granted (OUT after transfer) */
};
_Static_assert(sizeof(struct vesta_grant_entry_v1) == 8,
	       "grant_entry_v1 size");
_Static_assert(__builtin_offsetof(struct vesta_grant_entry_v1, frame) == 4,
	       "grant_entry_v1.frame");

/* Common head of a v2 entry. */
struct vesta_grant_entry_header {
	uint16_t flags;		/* IN: VESTA_GTF_* */
	uint16_t domid;		/* IN: grantee */
};
_Static_assert(sizeof(struct vesta_grant_entry_header) == 4,
	       "grant_entry_header size");

/* A v2 grant entry (16 bytes); status bits live in separate frames. */
union vesta_grant_entry_v2 {
	struct vesta_grant_entry_header hdr;
	struct {
		struct vesta_grant_entry_header hdr;
		uint32_t pad0;		/* padding */
		uint64_t frame;		/* IN: whole frame granted */
	} full_page;
	struct {
		struct vesta_grant_entry_header hdr;
		uint16_t page_off;	/* IN: first byte granted */
		uint16_t length;	/* IN: bytes granted */
		uint64_t frame;		/* IN */
	} sub_page;
	struct {
		struct vesta_grant_entry_header hdr;
		uint16_t trans_domid;	/* IN: domain of the original grant */
		uint16_t pad0;		/* padding */
		vesta_grant_ref_t gref;	/* IN: its grant reference */
	} transitive;
	uint32_t spacer[4];		/* size: 16 bytes */
};
_Static_assert(sizeof(union vesta_grant_entry_v2) == 16,
	       "grant_entry_v2 size");
_Static_assert(__builtin_offsetof(union vesta_grant_entry_v2,
				  full_page.frame) == 8,
	       "grant_entry_v2.full_page.frame");

/* GNTTABOP_map_grant_ref: map another domain's granted frame. */
struct vesta_gnttab_map_grant_ref {
	uint64_t host_addr;		/* IN: guest VA, or PTE maddr */
	uint32_t flags;			/* IN: VESTA_GNTMAP_* */
	vesta_grant_ref_t ref;		/* IN */
	uint16_t dom;			/* IN: granting domain */
	int16_t status;			/* OUT: VESTA_GNTST_* */
	vesta_grant_handle_t handle;	/* OUT: for unmap */
	uint64_t dev_bus_addr;		/* OUT: for device_map */
};
_Static_assert(sizeof(struct vesta_gnttab_map_grant_ref) == 32,
	       "gnttab_map_grant_ref size");
_Static_assert(__builtin_offsetof(struct vesta_gnttab_map_grant_ref,
				  dom) == 16,
	       "gnttab_map_grant_ref.dom");
_Static_assert(__builtin_offsetof(struct vesta_gnttab_map_grant_ref,
				  handle) == 20,
	       "gnttab_map_grant_ref.handle");
_Static_assert(__builtin_offsetof(struct vesta_gnttab_map_grant_ref,
				  dev_bus_addr) == 24,
	       "gnttab_map_grant_ref.dev_bus_addr");

/* GNTTABOP_unmap_grant_ref. */
struct vesta_gnttab_unmap_grant_ref {
	uint64_t host_addr;		/* IN */
	uint64_t dev_bus_addr;		/* IN */
	vesta_grant_handle_t handle;	/* IN */
	int16_t status;			/* OUT: VESTA_GNTST_* */
	uint8_t pad[2];			/* padding */
};
_Static_assert(sizeof(struct vesta_gnttab_unmap_grant_ref) == 24,
	       "gnttab_unmap_grant_ref size");
_Static_assert(__builtin_offsetof(struct vesta_gnttab_unmap_grant_ref,
				  status) == 20,
	       "gnttab_unmap_grant_ref.status");

/* GNTTABOP_setup_table: grow the table and learn its frames (PV). */
struct vesta_gnttab_setup_table {
	uint16_t dom;		/* IN */
	uint8_t pad0[2];	/* padding */
	uint32_t nr_frames;	/* IN */
	int16_t status;		/* OUT: VESTA_GNTST_* */
	uint8_t pad1[6];	/* padding */
	uint64_t frame_list;	/* IN: guest VA of a uint64_t array (OUT) */
};
_Static_assert(sizeof(struct vesta_gnttab_setup_table) == 24,
	       "gnttab_setup_table size");
_Static_assert(__builtin_offsetof(struct vesta_gnttab_setup_table,
				  status) == 8,
	       "gnttab_setup_table.status");
_Static_assert(__builtin_offsetof(struct vesta_gnttab_setup_table,
				  frame_list) == 16,
	       "gnttab_setup_table.frame_list");

/* GNTTABOP_dump_table: print a table on the hypervisor console. */
struct vesta_gnttab_dump_table {
	uint16_t dom;		/* IN */
	int16_t status;		/* OUT: VESTA_GNTST_* */
};
_Static_assert(sizeof(struct vesta_gnttab_dump_table) == 4,
	       "gnttab_dump_table size");

/* GNTTABOP_transfer: give a page to a domain that accepts transfers. */
struct vesta_gnttab_transfer {
	uint64_t mfn;		/* IN: frame given away */
	uint16_t domid;		/* IN: receiver */
	uint8_t pad0[2];	/* padding */
	vesta_grant_ref_t ref;	/* IN: receiver's accept_transfer entry */
	int16_t status;		/* OUT: VESTA_GNTST_* */
	uint8_t pad1[6];	/* padding */
};
_Static_assert(sizeof(struct vesta_gnttab_transfer) == 24,
	       "gnttab_transfer size");
_Static_assert(__builtin_offsetof(struct vesta_gnttab_transfer, ref) == 12,
	       "gnttab_transfer.ref");
_Static_assert(__builtin_offsetof(struct vesta_gnttab_transfer,
				  status) == 16,
	       "gnttab_transfer.status");

/* One side of a GNTTABOP_copy: a grant reference or a local frame. */
struct vesta_gnttab_copy_ptr {
	union {
		vesta_grant_ref_t ref;	/* IN: if the GNTCOPY_*_gref flag */
		uint64_t gmfn;		/* IN: otherwise, own frame */
	} u;
	uint16_t domid;		/* IN */
	uint16_t offset;	/* IN: byte offset in the page */
	uint8_t pad[4];		/* padding */
};
_Static_assert(sizeof(struct vesta_gnttab_copy_ptr) == 16,
	       "gnttab_copy_ptr size");
_Static_assert(__builtin_offsetof(struct vesta_gnttab_copy_ptr, domid) == 8,
	       "gnttab_copy_ptr.domid");

/* GNTTABOP_copy: copy len bytes; neither side may cross a page. */
struct vesta_gnttab_copy {
	struct vesta_gnttab_copy_ptr source;	/* IN */
	struct vesta_gnttab_copy_ptr dest;	/* IN */
	uint16_t len;		/* IN */
	uint16_t flags;		/* IN: VESTA_GNTCOPY_* */
	int16_t status;		/* OUT: VESTA_GNTST_* */
	uint8_t pad[2];		/* padding */
};
_Static_assert(sizeof(struct vesta_gnttab_copy) == 40, "gnttab_copy size");
_Static_assert(__builtin_offsetof(struct vesta_gnttab_copy, dest) == 16,
	       "gnttab_copy.dest");
_Static_assert(__builtin_offsetof(struct vesta_gnttab_copy, len) == 32,
	       "gnttab_copy.len");
_Static_assert(__builtin_offsetof(struct vesta_gnttab_copy, status) == 36,
	       "gnttab_copy.status");

/* GNTTABOP_query_size. */
struct vesta_gnttab_query_size {
	uint16_t dom;		/* IN */
	uint8_t pad0[2];	/* padding */
	uint32_t nr_frames;	/* OUT: current size in frames */
	uint32_t max_nr_frames;	/* OUT: limit */
	int16_t status;		/* OUT: VESTA_GNTST_* */
	uint8_t pad1[2];	/* padding */
};
_Static_assert(sizeof(struct vesta_gnttab_query_size) == 16,
	       "gnttab_query_size size");
_Static_assert(__builtin_offsetof(struct vesta_gnttab_query_size,
				  status) == 12,
	       "gnttab_query_size.status");

/* GNTTABOP_unmap_and_replace: unmap, moving new_addr's PTE into place. */
struct vesta_gnttab_unmap_and_replace {
	uint64_t host_addr;		/* IN */
	uint64_t new_addr;		/* IN */
	vesta_grant_handle_t handle;	/* IN */
	int16_t status;			/* OUT: VESTA_GNTST_* */
	uint8_t pad[2];			/* padding */
};
_Static_assert(sizeof(struct vesta_gnttab_unmap_and_replace) == 24,
	       "gnttab_unmap_and_replace size");

/* GNTTABOP_set_version: version IN (1 or 2, 0 = query), current OUT. */
struct vesta_gnttab_set_version {
	uint32_t version;	/* IN/OUT */
};
_Static_assert(sizeof(struct vesta_gnttab_set_version) == 4,
	       "gnttab_set_version size");

/* GNTTABOP_get_status_frames (v2). */
struct vesta_gnttab_get_status_frames {
	uint32_t nr_frames;	/* IN */
	uint16_t dom;		/* IN */
	int16_t status;		/* OUT: VESTA_GNTST_* */
	uint64_t frame_list;	/* IN: guest VA of a uint64_t array (OUT) */
};
_Static_assert(sizeof(struct vesta_gnttab_get_status_frames) == 16,
	       "gnttab_get_status_frames size");
_Static_assert(__builtin_offsetof(struct vesta_gnttab_get_status_frames,
				  frame_list) == 8,
	       "gnttab_get_status_frames.frame_list");

/* GNTTABOP_get_version. */
struct vesta_gnttab_get_version {
	uint16_t dom;		/* IN */
	uint16_t pad;		/* padding */
	uint32_t version;	/* OUT */
};
_Static_assert(sizeof(struct vesta_gnttab_get_version) == 8,
	       "gnttab_get_version size");

/* GNTTABOP_swap_grant_ref: swap two of the caller's entries. */
struct vesta_gnttab_swap_grant_ref {
	vesta_grant_ref_t ref_a;	/* IN */
	vesta_grant_ref_t ref_b;	/* IN */
	int16_t status;			/* OUT: VESTA_GNTST_* */
	uint8_t pad[2];			/* padding */
};
_Static_assert(sizeof(struct vesta_gnttab_swap_grant_ref) == 12,
	       "gnttab_swap_grant_ref size");

/* GNTTABOP_cache_flush (Arm): clean/invalidate part of a grant. IN only. */
struct vesta_gnttab_cache_flush {
	union {
		uint64_t dev_bus_addr;	/* IN */
		vesta_grant_ref_t ref;	/* IN: with CACHE_SOURCE_GREF */
	} a;
	uint16_t offset;	/* IN: from the start of the grant */
	uint16_t length;	/* IN */
	uint32_t op;		/* IN: VESTA_GNTTAB_CACHE_* */
};
_Static_assert(sizeof(struct vesta_gnttab_cache_flush) == 16,
	       "gnttab_cache_flush size");
_Static_assert(__builtin_offsetof(struct vesta_gnttab_cache_flush, op) == 12,
	       "gnttab_cache_flush.op");

#endif /* !__ASSEMBLER__ */

#endif /* VESTA_PUBLIC_GRANT_TABLE_H */
