/* SPDX-License-Identifier: MIT */
/*
 * physdev_op (hypercall 33) sub-ops and their argument structs: I/O
 * privilege and port bitmaps, physical IRQ (PIRQ) mapping and the EOI
 * protocol, IO-APIC register access, and PCI device and MMCONFIG reports
 * from dom0. Numbers and layouts are Xen's. Which domains may use which
 * sub-op is policy, not described here.
 */
#ifndef VESTA_PUBLIC_PHYSDEV_H
#define VESTA_PUBLIC_PHYSDEV_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

/* Sub-ops: physdev_op(cmd, argument pointer). 18 and 22 are unused. */
#define VESTA_PHYSDEVOP_IRQ_UNMASK_NOTIFY	4	/* obsolete */
#define VESTA_PHYSDEVOP_irq_status_query	5
#define VESTA_PHYSDEVOP_set_iopl		6
#define VESTA_PHYSDEVOP_set_iobitmap		7
#define VESTA_PHYSDEVOP_apic_read		8
#define VESTA_PHYSDEVOP_apic_write		9
#define VESTA_PHYSDEVOP_alloc_irq_vector	10
#define VESTA_PHYSDEVOP_free_irq_vector		11
#define VESTA_PHYSDEVOP_eoi			12
#define VESTA_PHYSDEVOP_map_pirq		13
#define VESTA_PHYSDEVOP_unmap_pirq		14
#define VESTA_PHYSDEVOP_manage_pci_add		15
#define VESTA_PHYSDEVOP_manage_pci_remove	16
#define VESTA_PHYSDEVOP_pirq_eoi_gmfn_v1	17
#define VESTA_PHYSDEVOP_restore_msi		19
#define VESTA_PHYSDEVOP_manage_pci_add_ext	20
#define VESTA_PHYSDEVOP_setup_gsi		21
#define VESTA_PHYSDEVOP_get_free_pirq		23
#define VESTA_PHYSDEVOP_pci_mmcfg_reserved	24
#define VESTA_PHYSDEVOP_pci_device_add		25
#define VESTA_PHYSDEVOP_pci_device_remove	26
#define VESTA_PHYSDEVOP_restore_msi_ext		27
#define VESTA_PHYSDEVOP_pirq_eoi_gmfn_v2	28
#define VESTA_PHYSDEVOP_dbgp_op			29
#define VESTA_PHYSDEVOP_prepare_msix		30
#define VESTA_PHYSDEVOP_release_msix		31
#define VESTA_PHYSDEVOP_pci_device_reset	32

/* irq_status_query.flags. */
#define VESTA_XENIRQSTAT_needs_eoi	(1U << 0) /* call PHYSDEVOP_eoi */
#define VESTA_XENIRQSTAT_shared		(1U << 1) /* shared with others */

/* map_pirq.type. */
#define VESTA_MAP_PIRQ_TYPE_MSI		0x0
#define VESTA_MAP_PIRQ_TYPE_GSI		0x1
#define VESTA_MAP_PIRQ_TYPE_UNKNOWN	0x2
#define VESTA_MAP_PIRQ_TYPE_MSI_SEG	0x3
#define VESTA_MAP_PIRQ_TYPE_MULTI_MSI	0x4

/* pci_mmcfg_reserved.flags. */
#define VESTA_PCI_MMCFG_RESERVED	0x1

/* pci_device_add.flags. */
#define VESTA_PCI_DEV_EXTFN		0x1	/* ARI extended function */
#define VESTA_PCI_DEV_VIRTFN		0x2	/* SR-IOV virtual function */
#define VESTA_PCI_DEV_PXM		0x4	/* optarr[0] is the PXM */

/* pci_device_reset.flags. */
#define VESTA_PCI_DEVICE_RESET_COLD	0x0
#define VESTA_PCI_DEVICE_RESET_WARM	0x1
#define VESTA_PCI_DEVICE_RESET_HOT	0x2
#define VESTA_PCI_DEVICE_RESET_FLR	0x3
#define VESTA_PCI_DEVICE_RESET_MASK	0x3

/* dbgp_op.op and dbgp_op.bus. */
#define VESTA_PHYSDEVOP_DBGP_RESET_PREPARE	1
#define VESTA_PHYSDEVOP_DBGP_RESET_DONE		2
#define VESTA_PHYSDEVOP_DBGP_BUS_UNKNOWN	0
#define VESTA_PHYSDEVOP_DBGP_BUS_PCI		1

#ifndef __ASSEMBLER__

/* PHYSDEVOP_eoi: the guest finished handling this PIRQ. IN only. */
struct vesta_physdev_eoi {
	uint32_t irq;		/* IN: PIRQ */
};
_Static_assert(sizeof(struct vesta_physdev_eoi) == 4, "physdev_eoi size");

/*
 * PHYSDEVOP_pirq_eoi_gmfn_v1/_v2: a guest page holding one bit per PIRQ
 * that says whether the PIRQ still needs an EOI. IN only.
 */
struct vesta_physdev_pirq_eoi_gmfn {
	uint64_t gmfn;		/* IN: guest frame of the bitmap page */
};
_Static_assert(sizeof(struct vesta_physdev_pirq_eoi_gmfn) == 8,
	       "physdev_pirq_eoi_gmfn size");

/* PHYSDEVOP_irq_status_query. */
struct vesta_physdev_irq_status_query {
	uint32_t irq;		/* IN: PIRQ */
	uint32_t flags;		/* OUT: VESTA_XENIRQSTAT_* */
};
_Static_assert(sizeof(struct vesta_physdev_irq_status_query) == 8,
	       "physdev_irq_status_query size");

/* PHYSDEVOP_set_iopl: the guest's virtual IOPL (0-3). IN only. */
struct vesta_physdev_set_iopl {
	uint32_t iopl;		/* IN */
};
_Static_assert(sizeof(struct vesta_physdev_set_iopl) == 4,
	       "physdev_set_iopl size");

/*
 * PHYSDEVOP_set_iobitmap: a TSS-style I/O permission bitmap in guest
 * memory (a clear bit allows the port). IN only.
 */
struct vesta_physdev_set_iobitmap {
	uint64_t bitmap;	/* IN: guest VA of the bitmap, 0 = none */
	uint32_t nr_ports;	/* IN: ports the bitmap covers */
	uint8_t pad[4];		/* padding */
};
_Static_assert(sizeof(struct vesta_physdev_set_iobitmap) == 16,
	       "physdev_set_iobitmap size");
_Static_assert(__builtin_offsetof(struct vesta_physdev_set_iobitmap,
				  nr_ports) == 8,
	       "physdev_set_iobitmap.nr_ports");

/* PHYSDEVOP_apic_read / apic_write: one IO-APIC register. */
struct vesta_physdev_apic {
	uint64_t apic_physbase;	/* IN: IO-APIC physical base */
	uint32_t reg;		/* IN: register index */
	uint32_t value;		/* IN for write, OUT for read */
};
_Static_assert(sizeof(struct vesta_physdev_apic) == 16,
	       "physdev_apic size");
_Static_assert(__builtin_offsetof(struct vesta_physdev_apic, reg) == 8,
	       "physdev_apic.reg");

/* PHYSDEVOP_alloc_irq_vector / free_irq_vector. */
struct vesta_physdev_irq {
	uint32_t irq;		/* IN */
	uint32_t vector;	/* OUT for alloc, IN for free */
};
_Static_assert(sizeof(struct vesta_physdev_irq) == 8, "physdev_irq size");

/*
 * PHYSDEVOP_map_pirq: map a GSI or MSI(-X) of a device to a PIRQ of
 * domid. pirq is IN (wanted PIRQ, or -1 for any) and OUT (the one given).
 */
struct vesta_physdev_map_pirq {
	uint16_t domid;		/* IN */
	uint8_t pad0[2];	/* padding */
	int32_t type;		/* IN: VESTA_MAP_PIRQ_TYPE_* */
	int32_t index;		/* IN: GSI, or MSI-X entry */
	int32_t pirq;		/* IN/OUT */
	int32_t bus;		/* IN: segment in bits 31:16 for MSI_SEG */
	int32_t devfn;		/* IN */
	int32_t entry_nr;	/* IN (OUT for MULTI_MSI): vector count */
	uint8_t pad1[4];	/* padding */
	uint64_t table_base;	/* IN: MSI-X table physical address */
};
_Static_assert(sizeof(struct vesta_physdev_map_pirq) == 40,
	       "physdev_map_pirq size");
_Static_assert(__builtin_offsetof(struct vesta_physdev_map_pirq, type) == 4,
	       "physdev_map_pirq.type");
_Static_assert(__builtin_offsetof(struct vesta_physdev_map_pirq, pirq) == 12,
	       "physdev_map_pirq.pirq");
_Static_assert(__builtin_offsetof(struct vesta_physdev_map_pirq,
				  entry_nr) == 24,
	       "physdev_map_pirq.entry_nr");
_Static_assert(__builtin_offsetof(struct vesta_physdev_map_pirq,
				  table_base) == 32,
	       "physdev_map_pirq.table_base");

/* PHYSDEVOP_unmap_pirq. IN only. */
struct vesta_physdev_unmap_pirq {
	uint16_t domid;		/* IN */
	uint8_t pad[2];		/* padding */
	int32_t pirq;		/* IN */
};
_Static_assert(sizeof(struct vesta_physdev_unmap_pirq) == 8,
	       "physdev_unmap_pirq size");

/* PHYSDEVOP_manage_pci_add / _remove (old interface). IN only. */
struct vesta_physdev_manage_pci {
	uint8_t bus;		/* IN */
	uint8_t devfn;		/* IN */
};
_Static_assert(sizeof(struct vesta_physdev_manage_pci) == 2,
	       "physdev_manage_pci size");

/* PHYSDEVOP_restore_msi. IN only. */
struct vesta_physdev_restore_msi {
	uint8_t bus;		/* IN */
	uint8_t devfn;		/* IN */
};
_Static_assert(sizeof(struct vesta_physdev_restore_msi) == 2,
	       "physdev_restore_msi size");

/* PHYSDEVOP_manage_pci_add_ext. IN only. */
struct vesta_physdev_manage_pci_ext {
	uint8_t bus;		/* IN */
	uint8_t devfn;		/* IN */
	uint8_t pad0[2];	/* padding */
	uint32_t is_extfn;	/* IN: boolean */
	uint32_t is_virtfn;	/* IN: boolean */
	struct {
		uint8_t bus;	/* IN: physical function, if virtfn */
		uint8_t devfn;	/* IN */
	} physfn;
	uint8_t pad1[2];	/* padding */
};
_Static_assert(sizeof(struct vesta_physdev_manage_pci_ext) == 16,
	       "physdev_manage_pci_ext size");
_Static_assert(__builtin_offsetof(struct vesta_physdev_manage_pci_ext,
				  physfn) == 12,
	       "physdev_manage_pci_ext.physfn");

/*
 * Argument of the old physdev_op_compat (hypercall 19): sub-op and struct
 * in one block. IN/OUT as for the member used.
 */
struct vesta_physdev_op {
	uint32_t cmd;		/* IN: VESTA_PHYSDEVOP_* */
	uint8_t pad[4];		/* padding */
	union {
		struct vesta_physdev_irq_status_query irq_status_query;
		struct vesta_physdev_set_iopl set_iopl;
		struct vesta_physdev_set_iobitmap set_iobitmap;
		struct vesta_physdev_apic apic_op;
		struct vesta_physdev_irq irq_op;
	} u;
};
_Static_assert(sizeof(struct vesta_physdev_op) == 24, "physdev_op size");
_Static_assert(__builtin_offsetof(struct vesta_physdev_op, u) == 8,
	       "physdev_op.u");

/*
 * PHYSDEVOP_setup_gsi: trigger mode (0 edge, 1 level) and polarity
 * (0 high, 1 low) of a GSI. IN only.
 */
struct vesta_physdev_setup_gsi {
	int32_t gsi;		/* IN */
	uint8_t triggering;	/* IN */
	uint8_t polarity;	/* IN */
	uint8_t pad[2];		/* padding */
};
_Static_assert(sizeof(struct vesta_physdev_setup_gsi) == 8,
	       "physdev_setup_gsi size");
_Static_assert(__builtin_offsetof(struct vesta_physdev_setup_gsi,
				  polarity) == 5,
	       "physdev_setup_gsi.polarity");

/* PHYSDEVOP_get_free_pirq. */
struct vesta_physdev_get_free_pirq {
	int32_t type;		/* IN: VESTA_MAP_PIRQ_TYPE_GSI or _MSI */
	uint32_t pirq;		/* OUT */
};
_Static_assert(sizeof(struct vesta_physdev_get_free_pirq) == 8,
	       "physdev_get_free_pirq size");

/* PHYSDEVOP_pci_mmcfg_reserved: an MMCONFIG area dom0 found. IN only. */
struct vesta_physdev_pci_mmcfg_reserved {
	uint64_t address;	/* IN: physical base */
	uint16_t segment;	/* IN */
	uint8_t start_bus;	/* IN */
	uint8_t end_bus;	/* IN */
	uint32_t flags;		/* IN: VESTA_PCI_MMCFG_RESERVED */
};
_Static_assert(sizeof(struct vesta_physdev_pci_mmcfg_reserved) == 16,
	       "physdev_pci_mmcfg_reserved size");
_Static_assert(__builtin_offsetof(struct vesta_physdev_pci_mmcfg_reserved,
				  flags) == 12,
	       "physdev_pci_mmcfg_reserved.flags");

/*
 * PHYSDEVOP_pci_device_add: a PCI device dom0 found. IN only. optarr is a
 * flexible array; optarr[0] is the proximity domain if VESTA_PCI_DEV_PXM.
 */
struct vesta_physdev_pci_device_add {
	uint16_t seg;		/* IN */
	uint8_t bus;		/* IN */
	uint8_t devfn;		/* IN */
	uint32_t flags;		/* IN: VESTA_PCI_DEV_* */
	struct {
		uint8_t bus;	/* IN: physical function, if VIRTFN */
		uint8_t devfn;	/* IN */
	} physfn;
	uint8_t pad[2];		/* padding */
	uint32_t optarr[];	/* IN: optional parameters */
};
_Static_assert(sizeof(struct vesta_physdev_pci_device_add) == 12,
	       "physdev_pci_device_add size");
_Static_assert(__builtin_offsetof(struct vesta_physdev_pci_device_add,
				  physfn) == 8,
	       "physdev_pci_device_add.physfn");

/*
 * PHYSDEVOP_pci_device_remove, restore_msi_ext, prepare_msix, release_msix:
 * one PCI device. IN only.
 */
struct vesta_physdev_pci_device {
	uint16_t seg;		/* IN */
	uint8_t bus;		/* IN */
	uint8_t devfn;		/* IN */
};
_Static_assert(sizeof(struct vesta_physdev_pci_device) == 4,
	       "physdev_pci_device size");

/* PHYSDEVOP_pci_device_reset. IN only. */
struct vesta_pci_device_reset {
	struct vesta_physdev_pci_device dev;	/* IN */
	uint32_t flags;			/* IN: VESTA_PCI_DEVICE_RESET_* */
};
_Static_assert(sizeof(struct vesta_pci_device_reset) == 8,
	       "pci_device_reset size");

/* PHYSDEVOP_dbgp_op: USB debug port handover around a controller reset. */
struct vesta_physdev_dbgp_op {
	uint8_t op;		/* IN: VESTA_PHYSDEVOP_DBGP_RESET_* */
	uint8_t bus;		/* IN: VESTA_PHYSDEVOP_DBGP_BUS_* */
	union {
		struct vesta_physdev_pci_device pci;	/* IN */
	} u;
};
_Static_assert(sizeof(struct vesta_physdev_dbgp_op) == 6,
	       "physdev_dbgp_op size");
_Static_assert(__builtin_offsetof(struct vesta_physdev_dbgp_op, u) == 2,
	       "physdev_dbgp_op.u");

#endif /* !__ASSEMBLER__ */

#endif /* VESTA_PUBLIC_PHYSDEV_H */
