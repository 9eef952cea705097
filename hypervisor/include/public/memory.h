/* SPDX-License-Identifier: MIT */
/*
 * memory_op (hypercall 12) sub-ops and their argument structs: growing,
 * shrinking and exchanging a domain's memory, querying reservations and
 * the machine-to-physical table, placing special pages in the physmap,
 * and the e820-style memory maps. Numbers and layouts are Xen's. The
 * paging, sharing and access sub-ops are listed by number only. Not
 * described here: allocation policy or the M2P table's contents.
 */
#ifndef VESTA_PUBLIC_MEMORY_H
#define VESTA_PUBLIC_MEMORY_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

/* Sub-ops: memory_op(cmd, argument pointer). 8 was removed. */
#define VESTA_XENMEM_increase_reservation	0 /* vesta_memory_reservation */
#define VESTA_XENMEM_decrease_reservation	1 /* vesta_memory_reservation */
#define VESTA_XENMEM_maximum_ram_page		2 /* no argument */
#define VESTA_XENMEM_current_reservation	3 /* domid_t */
#define VESTA_XENMEM_maximum_reservation	4 /* domid_t */
#define VESTA_XENMEM_machphys_mfn_list		5 /* vesta_machphys_mfn_list */
#define VESTA_XENMEM_populate_physmap		6 /* vesta_memory_reservation */
#define VESTA_XENMEM_add_to_physmap		7 /* vesta_add_to_physmap */
#define VESTA_XENMEM_memory_map			9 /* vesta_memory_map */
#define VESTA_XENMEM_machine_memory_map		10 /* vesta_memory_map */
#define VESTA_XENMEM_exchange			11 /* vesta_memory_exchange */
#define VESTA_XENMEM_machphys_mapping		12 /* vesta_machphys_mapping */
#define VESTA_XENMEM_set_memory_map		13 /* vesta_foreign_memory_map*/
#define VESTA_XENMEM_maximum_gpfn		14 /* domid_t */
#define VESTA_XENMEM_remove_from_physmap	15
#define VESTA_XENMEM_set_pod_target		16 /* vesta_pod_target */
#define VESTA_XENMEM_get_pod_target		17 /* vesta_pod_target */
#define VESTA_XENMEM_get_sharing_freed_pages	18
#define VESTA_XENMEM_get_sharing_shared_pages	19
#define VESTA_XENMEM_paging_op			20
#define VESTA_XENMEM_access_op			21
#define VESTA_XENMEM_sharing_op			22
#define VESTA_XENMEM_add_to_physmap_batch	23
#define VESTA_XENMEM_claim_pages		24
#define VESTA_XENMEM_machphys_compat_mfn_list	25
#define VESTA_XENMEM_get_vnumainfo		26
#define VESTA_XENMEM_reserved_device_memory_map	27
#define VESTA_XENMEM_acquire_resource		28

/*
 * memory_reservation.mem_flags: bits 7:0 limit the machine address width
 * of new extents (0 = no limit), bits 15:8 hold a NUMA node + 1, plus
 * the flags below.
 */
#define VESTA_XENMEMF_address_bits(x)		(x)
#define VESTA_XENMEMF_get_address_bits(x)	((x) & 0xffu)
#define VESTA_XENMEMF_node(x)			(((x) + 1) << 8)
#define VESTA_XENMEMF_get_node(x)		((((x) >> 8) - 1) & 0xffu)
#define VESTA_XENMEMF_populate_on_demand	(1U << 16)
#define VESTA_XENMEMF_exact_node_request	(1U << 17)
#define VESTA_XENMEMF_vnode			(1U << 18)

/* add_to_physmap.space. */
#define VESTA_XENMAPSPACE_shared_info	0	/* the shared_info page */
#define VESTA_XENMAPSPACE_grant_table	1	/* a grant-table frame */
#define VESTA_XENMAPSPACE_gmfn		2	/* move one guest frame */
#define VESTA_XENMAPSPACE_gmfn_range	3	/* move size guest frames */
#define VESTA_XENMAPSPACE_gmfn_foreign	4	/* another domain's frame */
#define VESTA_XENMAPSPACE_dev_mmio	5	/* device MMIO (Arm only) */

/* add_to_physmap.idx flag: a grant-table status frame, not a shared one. */
#define VESTA_XENMAPIDX_grant_table_status	0x80000000U

/* e820 entry types, as the BIOS reports them. */
#define VESTA_E820_RAM		1
#define VESTA_E820_RESERVED	2
#define VESTA_E820_ACPI		3
#define VESTA_E820_NVS		4
#define VESTA_E820_UNUSABLE	5

#ifndef __ASSEMBLER__

/*
 * increase_reservation, decrease_reservation, populate_physmap.
 * extent_start lists nr_extents frame numbers, each the base of
 * 2^extent_order pages: OUT (new MFNs) for increase, IN (GFNs to free)
 * for decrease, IN (GPFNs to fill) and OUT (frames given) for populate.
 * The result is the number of extents done.
 */
struct vesta_memory_reservation {
	uint64_t extent_start;	/* IN: guest VA of a vesta_pfn_t array */
	uint64_t nr_extents;	/* IN */
	uint32_t extent_order;	/* IN: log2 pages per extent */
	uint32_t mem_flags;	/* IN: VESTA_XENMEMF_* */
	uint16_t domid;		/* IN: DOMID_SELF unless privileged */
	uint8_t pad[6];		/* padding */
};
_Static_assert(sizeof(struct vesta_memory_reservation) == 32,
	       "memory_reservation size");
_Static_assert(__builtin_offsetof(struct vesta_memory_reservation,
				  nr_extents) == 8,
	       "memory_reservation.nr_extents");
_Static_assert(__builtin_offsetof(struct vesta_memory_reservation,
				  extent_order) == 16,
	       "memory_reservation.extent_order");
_Static_assert(__builtin_offsetof(struct vesta_memory_reservation,
				  mem_flags) == 20,
	       "memory_reservation.mem_flags");
_Static_assert(__builtin_offsetof(struct vesta_memory_reservation,
				  domid) == 24,
	       "memory_reservation.domid");

/*
 * XENMEM_exchange: give back the in extents and receive the out extents
 * (same total size, same domain). out.extent_start holds GPFNs (IN) and
 * is overwritten with the new frames (OUT). nr_exchanged must be 0 on
 * entry and counts the in extents exchanged (OUT).
 */
struct vesta_memory_exchange {
	struct vesta_memory_reservation in;	/* IN */
	struct vesta_memory_reservation out;	/* IN/OUT */
	uint64_t nr_exchanged;			/* IN (0) / OUT */
};
_Static_assert(sizeof(struct vesta_memory_exchange) == 72,
	       "memory_exchange size");
_Static_assert(__builtin_offsetof(struct vesta_memory_exchange, out) == 32,
	       "memory_exchange.out");
_Static_assert(__builtin_offsetof(struct vesta_memory_exchange,
				  nr_exchanged) == 64,
	       "memory_exchange.nr_exchanged");

/*
 * XENMEM_machphys_mfn_list: the frames backing the M2P table, one per
 * 2 MiB of it.
 */
struct vesta_machphys_mfn_list {
	uint32_t max_extents;	/* IN: entries extent_start can hold */
	uint8_t pad0[4];	/* padding */
	uint64_t extent_start;	/* IN: guest VA of a vesta_pfn_t array */
	uint32_t nr_extents;	/* OUT: entries written */
	uint8_t pad1[4];	/* padding */
};
_Static_assert(sizeof(struct vesta_machphys_mfn_list) == 24,
	       "machphys_mfn_list size");
_Static_assert(__builtin_offsetof(struct vesta_machphys_mfn_list,
				  extent_start) == 8,
	       "machphys_mfn_list.extent_start");
_Static_assert(__builtin_offsetof(struct vesta_machphys_mfn_list,
				  nr_extents) == 16,
	       "machphys_mfn_list.nr_extents");

/* XENMEM_machphys_mapping: where the read-only M2P table is. OUT only. */
struct vesta_machphys_mapping {
	uint64_t v_start;	/* OUT: first virtual address */
	uint64_t v_end;		/* OUT: end virtual address */
	uint64_t max_mfn;	/* OUT: highest MFN it covers */
};
_Static_assert(sizeof(struct vesta_machphys_mapping) == 24,
	       "machphys_mapping size");

/* XENMEM_add_to_physmap: make a page appear at gpfn. IN only. */
struct vesta_add_to_physmap {
	uint16_t domid;		/* IN */
	uint16_t size;		/* IN: pages, for gmfn_range */
	uint32_t space;		/* IN: VESTA_XENMAPSPACE_* */
	uint64_t idx;		/* IN: index in that space */
	uint64_t gpfn;		/* IN: where it appears */
};
_Static_assert(sizeof(struct vesta_add_to_physmap) == 24,
	       "add_to_physmap size");
_Static_assert(__builtin_offsetof(struct vesta_add_to_physmap, space) == 4,
	       "add_to_physmap.space");
_Static_assert(__builtin_offsetof(struct vesta_add_to_physmap, gpfn) == 16,
	       "add_to_physmap.gpfn");

/* XENMEM_add_to_physmap_batch. */
struct vesta_add_to_physmap_batch {
	uint16_t domid;		/* IN */
	uint16_t space;		/* IN: VESTA_XENMAPSPACE_* */
	uint16_t size;		/* IN: entries in idxs, gpfns, errs */
	union {
		uint16_t foreign_domid;	/* IN: for gmfn_foreign */
		uint16_t res0;		/* IN: 0 for other spaces */
	} u;
	uint64_t idxs;		/* IN: guest VA of a uint64_t array */
	uint64_t gpfns;		/* IN: guest VA of a vesta_pfn_t array */
	uint64_t errs;		/* OUT: guest VA of an int32_t array */
};
_Static_assert(sizeof(struct vesta_add_to_physmap_batch) == 32,
	       "add_to_physmap_batch size");
_Static_assert(__builtin_offsetof(struct vesta_add_to_physmap_batch,
				  idxs) == 8,
	       "add_to_physmap_batch.idxs");

/* XENMEM_remove_from_physmap. IN only. */
struct vesta_remove_from_physmap {
	uint16_t domid;		/* IN */
	uint8_t pad[6];		/* padding */
	uint64_t gpfn;		/* IN */
};
_Static_assert(sizeof(struct vesta_remove_from_physmap) == 16,
	       "remove_from_physmap size");

/*
 * XENMEM_memory_map (the caller's pseudo-physical map) and
 * XENMEM_machine_memory_map (the host's, dom0 only). buffer holds
 * vesta_e820_entry records.
 */
struct vesta_memory_map {
	uint32_t nr_entries;	/* IN: room in buffer; OUT: entries written */
	uint8_t pad[4];		/* padding */
	uint64_t buffer;	/* IN: guest VA of the entry array */
};
_Static_assert(sizeof(struct vesta_memory_map) == 16, "memory_map size");
_Static_assert(__builtin_offsetof(struct vesta_memory_map, buffer) == 8,
	       "memory_map.buffer");

/* XENMEM_set_memory_map: set a domain's pseudo-physical map. IN only. */
struct vesta_foreign_memory_map {
	uint16_t domid;		/* IN */
	uint8_t pad[6];		/* padding */
	struct vesta_memory_map map;	/* IN */
};
_Static_assert(sizeof(struct vesta_foreign_memory_map) == 24,
	       "foreign_memory_map size");
_Static_assert(__builtin_offsetof(struct vesta_foreign_memory_map,
				  map) == 8,
	       "foreign_memory_map.map");

/*
 * One memory-map entry in the BIOS INT 15h/E820 format: 20 bytes, no
 * padding between entries, so 8-byte fields may be misaligned.
 */
struct vesta_e820_entry {
	uint64_t addr;		/* start address */
	uint64_t size;		/* length in bytes */
	uint32_t type;		/* VESTA_E820_* */
} __attribute__((packed));
_Static_assert(sizeof(struct vesta_e820_entry) == 20, "e820_entry size");
_Static_assert(__builtin_offsetof(struct vesta_e820_entry, type) == 16,
	       "e820_entry.type");

/* XENMEM_set_pod_target / get_pod_target. */
struct vesta_pod_target {
	uint64_t target_pages;		/* IN */
	uint64_t tot_pages;		/* OUT */
	uint64_t pod_cache_pages;	/* OUT */
	uint64_t pod_entries;		/* OUT */
	uint16_t domid;			/* IN */
	uint8_t pad[6];			/* padding */
};
_Static_assert(sizeof(struct vesta_pod_target) == 40, "pod_target size");

#endif /* !__ASSEMBLER__ */

#endif /* VESTA_PUBLIC_MEMORY_H */
