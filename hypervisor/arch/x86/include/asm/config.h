/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Virtual memory layout and fixed sizes of the x86-64 hypervisor. Everything
 * the hypervisor maps lives in the 64-bit PV hole (L4 slots 256-271), which
 * is shared into every PV guest's L4 later. Usable from C, assembly and the
 * linker script. Not responsible for page-table bit definitions (page.h).
 */
#ifndef ASM_CONFIG_H
#define ASM_CONFIG_H

#ifdef __ASSEMBLY__
#define _AC(x, s) x
#else
#define _AC(x, s) x##s
#endif

/* The PV hole: 16 L4 slots, 8 TiB. */
#define HV_HOLE_START		_AC(0xffff800000000000, UL)
#define HV_HOLE_END		_AC(0xffff880000000000, UL)
#define HV_L4_FIRST		256
#define HV_L4_LAST		271

/* Slot 256: read-only machine-to-physical table (filled by a later milestone). */
#define M2P_VIRT_START		_AC(0xffff800000000000, UL)

/*
 * Slot 261: the image, mapped at IMAGE_VOFFSET + physical address, so the
 * first GiB of that slot mirrors the first GiB of physical memory. Above it
 * sits the I/O remap area for device MMIO (uncached 4 KiB mappings).
 */
#define IMAGE_VOFFSET		_AC(0xffff828000000000, UL)
#define IMAGE_PHYS_START	_AC(0x200000, UL)
#define IMAGE_VIRT_START	(IMAGE_VOFFSET + IMAGE_PHYS_START)
#define IOREMAP_VIRT_START	_AC(0xffff828040000000, UL)
#define IOREMAP_VIRT_END	_AC(0xffff828080000000, UL)

/* Slots 262-271: direct map of all RAM, 5 TiB. */
#define DIRECTMAP_VIRT_START	_AC(0xffff830000000000, UL)
#define DIRECTMAP_VIRT_END	_AC(0xffff880000000000, UL)
#define DIRECTMAP_L4_FIRST	262

/*
 * Per-CPU stack block: naturally aligned, so any stack inside it finds the
 * CPU's struct cpu_info at the block's top. Pages 0-2 are the IST stacks
 * (#DF, NMI, #MC), page 3 is unmapped-in-spirit padding, pages 4-7 are the
 * primary stack.
 */
#define STACK_ORDER		3
#define STACK_SIZE		(_AC(4096, UL) << STACK_ORDER)
/* struct cpu_info sits in the top CPU_INFO_SIZE bytes of the block. */
#define CPU_INFO_SIZE		256
#define IST_DF			1
#define IST_NMI			2
#define IST_MC			3

#define PAGE_SHIFT		12
#define PAGE_SIZE		(_AC(1, UL) << PAGE_SHIFT)

#define NR_CPUS			256
/* Low-memory page for the AP start-up trampoline (below 1 MiB). */
#define TRAMPOLINE_PHYS		_AC(0x8000, UL)

#endif /* ASM_CONFIG_H */
