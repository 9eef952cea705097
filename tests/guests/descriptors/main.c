/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * descriptors: a guest GDT of its own, descriptor updates and segment
 * bases.
 *
 * Property tested (pv-abi.md 1.4, 2.7, 6 "set_gdt, update_descriptor,
 * set_segment_base"): set_gdt with a frame of our own, mapped read-only
 * first (Xen requires that; Vesta does not yet), makes its descriptors
 * usable at once: a DPL 0 flat data segment loads into %ds with RPL 3 (the
 * hypervisor raised its DPL to 3, which LAR shows), and a far return to a
 * DPL 0 64-bit code segment of ours runs code there (CS reads back, DPL
 * 3). update_descriptor on an entry of that frame takes effect at once
 * (a new data segment loads; marking it not present, with DPL 3 since a
 * not-present descriptor is stored unchanged, makes the load fault with
 * #NP and the selector as error code), and reads back as written or
 * with DPL 3; it refuses system descriptors other than call gates (TSS,
 * LDT, interrupt gate) and a call gate aimed at the hypervisor's own code
 * selector (0xe008), a misaligned address, a frame not ours (MFN 0) and a
 * page-table frame (all -EINVAL). A call gate into our own code is noted,
 * not judged (Xen accepts it with DPL 0, Vesta refuses it). set_gdt
 * refuses more than 14 * 512 entries, a frame we do not own and a
 * page-table frame (-EINVAL) and leaves the old GDT in place.
 * set_segment_base sets the FS, kernel GS and user GS bases, which
 * rdmsr (emulated) reads back and %fs:0 / %gs:0 loads use; a
 * non-canonical base and an unknown selector are -EINVAL.
 *
 * Correct behaviour: Xen 4.17's. Failure detection: FAIL lines; a segment
 * load that faults where it should not is recorded and reported.
 */
#include <string.h>

#include "guest.h"

#define CODE64_DPL0	0x00af9a000000ffffULL
#define DATA_DPL0	0x00cf92000000ffffULL
#define DATA_DPL3	0x00cff2000000ffffULL
#define DATA_SMALL	0x0040920000000fffULL	/* limit 4 KiB, DPL 0 */
#define DESC_P		(1ULL << 47)
#define DESC_DPL3	(3ULL << 45)
#define SEL_CODE	((1 << 3) | 3)
#define SEL_DATA	((2 << 3) | 3)
#define SEL_DATA3	((3 << 3) | 3)
#define SEL_SPARE	((4 << 3) | 3)
#define GDT_ENTRIES	8
#define MSR_FS_BASE	0xc0000100U
#define MSR_GS_BASE	0xc0000101U
#define MSR_SHADOW_GS	0xc0000102U
#define FS_MAGIC	0xf5f5f5f5a1a1a1a1ULL
#define GS_MAGIC	0x6767676712121212ULL

static uint64_t gdt_page[512] GUEST_PAGE_ALIGNED_BSS;
static uint64_t spare_page[512] GUEST_PAGE_ALIGNED_BSS;
static uint64_t fs_area[2], gs_area[2];

/* Load @sel into %ds (then null again). Return: true if it faulted (*@f). */
static bool load_ds(uint16_t sel, struct guest_fault *f)
{
	__asm__ volatile("1: mov %0, %%ds\n2:\n"
			 GUEST_EXTABLE(1b, 2b)
			 :: "r"(sel) : "memory");
	__asm__ volatile("mov %0, %%ds" :: "r"(0));
	return guest_fault_taken(f);
}

/* LAR: the access rights of @sel, or ~0 if the CPU says it is invalid. */
static uint64_t lar(uint16_t sel)
{
	uint64_t ar = 0;
	uint8_t ok;

	__asm__ volatile("lar %2, %0; setz %1"
			 : "+r"(ar), "=q"(ok) : "r"((uint64_t)sel) : "cc");
	return ok ? ar : ~0ULL;
}

static unsigned int ar_dpl(uint64_t ar)
{
	return (unsigned int)(ar >> 13) & 3;
}

static uint64_t maddr_of(const void *p)
{
	return ((uint64_t)guest_virt_to_mfn(p) << GUEST_PAGE_SHIFT) |
	       ((uint64_t)p & (GUEST_PAGE_SIZE - 1));
}

static long set_gdt_frame(unsigned long mfn, unsigned int entries)
{
	unsigned long frames[1] = { mfn };

	return hypercall_set_gdt(frames, entries);
}

static void check_loads(const char *when)
{
	struct guest_fault f;
	uint64_t ar;

	if (load_ds(SEL_DATA, &f))
		guest_fail("%s: loading our DPL 0 data segment faulted (vector %u, error %#lx)",
			   when, f.vector, (unsigned long)f.error_code);
	ar = lar(SEL_DATA);
	if (ar == ~0ULL)
		guest_fail("%s: LAR of our data segment failed", when);
	else
		guest_check("data segment DPL as loaded (raised to 3)", 3,
			    ar_dpl(ar));
}

/* Far return into our own 64-bit code segment and back to FLAT_KERNEL_CS. */
static void check_code_segment(void)
{
	uint64_t cs_seen = 0;

	__asm__ volatile("pushq %[sel]\n\t"
			 "lea 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1: mov %%cs, %[seen]\n\t"
			 "pushq %[kcs]\n\t"
			 "lea 2f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "2:\n"
			 : [seen] "=&r"(cs_seen)
			 : [sel] "i"(SEL_CODE), [kcs] "i"(VESTA_FLAT_KERNEL_CS)
			 : "rax", "memory");
	guest_check("CS inside our own code segment", SEL_CODE, cs_seen & 0xffff);
	guest_check("our code segment DPL (raised to 3)", 3,
		    ar_dpl(lar(SEL_CODE)));
}

static bool install_gdt(void)
{
	unsigned long mfn = guest_virt_to_mfn(gdt_page);

	memset(gdt_page, 0, sizeof(gdt_page));
	gdt_page[1] = CODE64_DPL0;
	gdt_page[2] = DATA_DPL0;
	gdt_page[3] = DATA_DPL3;
	if (!guest_check_rc("map the GDT frame read-only", 0,
			    guest_map_mfn(gdt_page, mfn, false)))
		return false;
	return guest_check_rc("set_gdt(own frame, 8 entries)", 0,
			      set_gdt_frame(mfn, GDT_ENTRIES));
}

static void check_update(void)
{
	uint64_t ma = maddr_of(&gdt_page[4]);
	struct guest_fault f;
	uint64_t back;

	guest_check_rc("update_descriptor(valid data)", 0,
		       hypercall_update_descriptor(ma, DATA_SMALL));
	back = gdt_page[4];
	if (back != DATA_SMALL && back != (DATA_SMALL | DESC_DPL3))
		guest_fail("descriptor reads back %#lx after update_descriptor(%#lx)",
			   (unsigned long)back, (unsigned long)DATA_SMALL);
	if (load_ds(SEL_SPARE, &f))
		guest_fail("loading the updated descriptor faulted (vector %u)",
			   f.vector);
	/* DPL 3 ourselves: a not-present one is stored as is. */
	back = (DATA_SMALL | DESC_DPL3) & ~DESC_P;
	guest_check_rc("update_descriptor(not present)", 0,
		       hypercall_update_descriptor(ma, back));
	if (!load_ds(SEL_SPARE, &f)) {
		guest_fail("a not-present descriptor loaded without #NP");
		return;
	}
	guest_check("not-present load: vector (#NP)", 11, f.vector);
	guest_check("not-present load: error code", SEL_SPARE & ~3,
		    f.error_code);
}

/* 16-byte system descriptors: only the low half matters for the check. */
static void check_refused_descriptors(void)
{
	uint64_t ma = maddr_of(&gdt_page[6]);
	uint64_t kcs_gate = 0x0000ec0000000000ULL |
			    ((uint64_t)VESTA_FLAT_KERNEL_CS << 16);
	long rc;

	guest_check_rc("update_descriptor(TSS)", -VESTA_EINVAL,
		       hypercall_update_descriptor(ma, 0x0000890000000067ULL));
	guest_check_rc("update_descriptor(LDT)", -VESTA_EINVAL,
		       hypercall_update_descriptor(ma, 0x0000820000000fffULL));
	guest_check_rc("update_descriptor(interrupt gate)", -VESTA_EINVAL,
		       hypercall_update_descriptor(ma, 0x00008e00e0080000ULL));
	guest_check_rc("update_descriptor(call gate to 0xe008)", -VESTA_EINVAL,
		       hypercall_update_descriptor(ma, 0x0000ec00e0080000ULL));
	guest_check_rc("update_descriptor(misaligned)", -VESTA_EINVAL,
		       hypercall_update_descriptor(ma + 4, DATA_DPL0));
	guest_check_rc("update_descriptor(MFN 0)", -VESTA_EINVAL,
		       hypercall_update_descriptor(0, DATA_DPL0));
	guest_check_rc("update_descriptor(page-table frame)", -VESTA_EINVAL,
		       hypercall_update_descriptor(
			       maddr_of((void *)guest_start_info->pt_base),
			       DATA_DPL0));
	rc = hypercall_update_descriptor(ma, kcs_gate);
	guest_printf("NOTE: update_descriptor(call gate to FLAT_KERNEL_CS) = %ld\n",
		     rc);
	hypercall_update_descriptor(ma, 0);
}

static void check_refused_gdt(void)
{
	unsigned long mfn = guest_virt_to_mfn(gdt_page);
	unsigned long pt = guest_virt_to_mfn((void *)guest_start_info->pt_base);
	unsigned long frames[16];

	for (unsigned int i = 0; i < 16; i++)
		frames[i] = mfn;
	guest_check_rc("set_gdt(14 * 512 + 1 entries)", -VESTA_EINVAL,
		       hypercall_set_gdt(frames, 14 * 512 + 1));
	guest_check_rc("set_gdt(MFN 0)", -VESTA_EINVAL, set_gdt_frame(0, 8));
	guest_check_rc("set_gdt(page-table frame)", -VESTA_EINVAL,
		       set_gdt_frame(pt, 8));
	check_loads("after refused set_gdt calls");
}

/* A writable frame: Xen refuses it, Vesta does not check yet. */
static void note_writable_gdt(void)
{
	long rc;

	memset(spare_page, 0, sizeof(spare_page));
	spare_page[2] = DATA_DPL0;
	rc = set_gdt_frame(guest_virt_to_mfn(spare_page), GDT_ENTRIES);
	guest_printf("NOTE: set_gdt(frame mapped writable) = %ld\n", rc);
	guest_check_rc("set_gdt(back to the read-only frame)", 0,
		       set_gdt_frame(guest_virt_to_mfn(gdt_page),
				     GDT_ENTRIES));
}

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static void check_bases(void)
{
	uint64_t v;

	fs_area[0] = FS_MAGIC;
	gs_area[0] = GS_MAGIC;
	guest_check_rc("set_segment_base(FS)", 0,
		       hypercall_set_segment_base(VESTA_SEGBASE_FS,
						  (unsigned long)fs_area));
	guest_check("rdmsr(FS_BASE)", (uint64_t)fs_area, rdmsr(MSR_FS_BASE));
	__asm__ volatile("mov %%fs:0, %0" : "=r"(v));
	guest_check("%fs:0", FS_MAGIC, v);
	guest_check_rc("set_segment_base(GS_KERNEL)", 0,
		       hypercall_set_segment_base(VESTA_SEGBASE_GS_KERNEL,
						  (unsigned long)gs_area));
	guest_check("rdmsr(GS_BASE) in kernel mode", (uint64_t)gs_area,
		    rdmsr(MSR_GS_BASE));
	__asm__ volatile("mov %%gs:0, %0" : "=r"(v));
	guest_check("%gs:0", GS_MAGIC, v);
	guest_check_rc("set_segment_base(GS_USER)", 0,
		       hypercall_set_segment_base(VESTA_SEGBASE_GS_USER,
						  0x12345000UL));
	guest_check("rdmsr(SHADOW_GS_BASE) in kernel mode = user base",
		    0x12345000UL, rdmsr(MSR_SHADOW_GS));
	guest_check("GS_BASE unchanged by the user base", (uint64_t)gs_area,
		    rdmsr(MSR_GS_BASE));
	guest_check_rc("set_segment_base(FS, non-canonical)", -VESTA_EINVAL,
		       hypercall_set_segment_base(VESTA_SEGBASE_FS,
						  0x8000000000000000UL));
	guest_check_rc("set_segment_base(GS_KERNEL, non-canonical)",
		       -VESTA_EINVAL,
		       hypercall_set_segment_base(VESTA_SEGBASE_GS_KERNEL,
						  0x0000800000000000UL));
	guest_check_rc("set_segment_base(unknown 7)", -VESTA_EINVAL,
		       hypercall_set_segment_base(7, 0));
	guest_check_rc("set_segment_base(GS_USER_SEL, 0)", 0,
		       hypercall_set_segment_base(VESTA_SEGBASE_GS_USER_SEL,
						  0));
	hypercall_set_segment_base(VESTA_SEGBASE_FS, 0);
	hypercall_set_segment_base(VESTA_SEGBASE_GS_KERNEL, 0);
	hypercall_set_segment_base(VESTA_SEGBASE_GS_USER, 0);
}

void test_main(const struct vesta_start_info *si)
{
	(void)si;
	if (install_gdt()) {
		check_loads("after set_gdt");
		check_code_segment();
		check_update();
		check_refused_descriptors();
		check_refused_gdt();
		note_writable_gdt();
		check_loads("at the end");
	}
	check_bases();
}
