/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * cpuid: the forced-emulation CPUID view and the emulated MSRs a PV Linux
 * depends on.
 *
 * Property tested (pv-abi.md 2.7, 2.9): CPUID through the forced-emulation
 * prefix (ud2; "xen"; cpuid, 7 bytes, RIP advanced past all of them)
 * reports leaf 0x40000000 with "XenVMMXenVMM" and EAX >= 0x40000002, leaf
 * 0x40000001 with the same version as XENVER_version, the hypervisor bit
 * (leaf 1 ECX bit 31), and hides from leaf 1 what PV must not use (PSE,
 * PGE, VMX, MONITOR, PCID, x2APIC, TSC deadline) and from leaf 7 SMEP,
 * SMAP, INVPCID, PKU/OSPKE and LA57. rdmsr of PAT (0x277) returns Xen's
 * ABI value 0x0000050100070406; wrmsr of FS_BASE and GS_BASE takes effect
 * (read back with rdmsr and through %fs:/%gs: loads); rdmsr and wrmsr of
 * an unknown MSR raise #GP(0) in the guest.
 *
 * Correct behaviour: as above (Xen 4.17's on QEMU's qemu64 model).
 * Failure detection: FAIL lines; a #UD from the prefix (no emulation) or
 * an unexpected #GP is an unexpected exception (RESULT: ERROR).
 */
#include <string.h>

#include "guest.h"

#define MSR_PAT		0x277
#define MSR_FS_BASE	0xc0000100
#define MSR_GS_BASE	0xc0000101
#define MSR_UNKNOWN	0x4b564d99	/* unallocated, KVM range */
#define XEN_PAT		0x0000050100070406ULL

struct regs4 {
	uint32_t a, b, c, d;
};

static struct regs4 cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct regs4 r;

	guest_cpuid(leaf, subleaf, &r.a, &r.b, &r.c, &r.d);
	return r;
}

static void check_hv_leaves(void)
{
	struct regs4 r = cpuid(VESTA_CPUID_LEAF_BASE, 0);
	char sig[13];
	long ver;

	memcpy(sig, &r.b, 4);
	memcpy(sig + 4, &r.c, 4);
	memcpy(sig + 8, &r.d, 4);
	sig[12] = 0;
	guest_printf("leaf 0x40000000: eax %#x \"%s\"\n", r.a, sig);
	if (strcmp(sig, "XenVMMXenVMM"))
		guest_fail("hypervisor signature \"%s\"", sig);
	if (r.a < VESTA_CPUID_LEAF_BASE + 2)
		guest_fail("max hypervisor leaf %#x < 0x40000002", r.a);
	r = cpuid(VESTA_CPUID_LEAF_BASE + 1, 0);
	ver = hypercall_xen_version(VESTA_XENVER_version, NULL);
	guest_check("leaf 0x40000001 == XENVER_version", (uint64_t)ver, r.a);
	r = cpuid(VESTA_CPUID_LEAF_BASE + 2, 0);
	guest_printf("leaf 0x40000002: eax %#x ebx %#x ecx %#x edx %#x\n",
		     r.a, r.b, r.c, r.d);
}

static void check_hidden(const char *leaf, uint32_t reg, const char *name,
			 unsigned int bit)
{
	if (reg & (1U << bit))
		guest_fail("%s: %s (bit %u) visible to a PV guest", leaf, name,
			   bit);
}

static void check_std_leaves(void)
{
	struct regs4 r = cpuid(1, 0);

	guest_printf("leaf 1: ecx %#x edx %#x\n", r.c, r.d);
	guest_check("leaf 1 ECX.hypervisor", 1, r.c >> 31);
	check_hidden("leaf 1 ECX", r.c, "MONITOR", 3);
	check_hidden("leaf 1 ECX", r.c, "VMX", 5);
	check_hidden("leaf 1 ECX", r.c, "PCID", 17);
	check_hidden("leaf 1 ECX", r.c, "x2APIC", 21);
	check_hidden("leaf 1 ECX", r.c, "TSC-deadline", 24);
	check_hidden("leaf 1 EDX", r.d, "PSE", 3);
	check_hidden("leaf 1 EDX", r.d, "PGE", 13);
	r = cpuid(7, 0);
	guest_printf("leaf 7.0: ebx %#x ecx %#x\n", r.b, r.c);
	check_hidden("leaf 7 EBX", r.b, "SMEP", 7);
	check_hidden("leaf 7 EBX", r.b, "INVPCID", 10);
	check_hidden("leaf 7 EBX", r.b, "SMAP", 20);
	check_hidden("leaf 7 ECX", r.c, "PKU", 3);
	check_hidden("leaf 7 ECX", r.c, "OSPKE", 4);
	check_hidden("leaf 7 ECX", r.c, "LA57", 16);
}

/* The prefix is 7 bytes long with the CPUID: RIP must land after it. */
static void check_prefix_length(void)
{
	uint32_t a = 0, b, c = 0, d;
	uint64_t marker = 0;

	__asm__ volatile(VESTA_CPUID "\n\t"
			 "movq $0x5a5a, %4\n\t"
			 : "+a"(a), "=b"(b), "+c"(c), "=d"(d), "=r"(marker));
	guest_check("code after the forced CPUID runs", 0x5a5a, marker);
}

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static void wrmsr(uint32_t msr, uint64_t val)
{
	__asm__ volatile("wrmsr"
			 :
			 : "c"(msr), "a"((uint32_t)val),
			   "d"((uint32_t)(val >> 32))
			 : "memory");
}

static uint64_t probe_value = 0x0123456789abcdefULL;

static void check_segment_bases(void)
{
	uint64_t via_fs, via_gs;

	wrmsr(MSR_GS_BASE, (uint64_t)&probe_value);
	guest_check("rdmsr(GS_BASE) after wrmsr", (uint64_t)&probe_value,
		    rdmsr(MSR_GS_BASE));
	__asm__ volatile("movq %%gs:0, %0" : "=r"(via_gs));
	guest_check("load through %gs", probe_value, via_gs);
	wrmsr(MSR_FS_BASE, (uint64_t)&probe_value);
	guest_check("rdmsr(FS_BASE) after wrmsr", (uint64_t)&probe_value,
		    rdmsr(MSR_FS_BASE));
	__asm__ volatile("movq %%fs:0, %0" : "=r"(via_fs));
	guest_check("load through %fs", probe_value, via_fs);
	wrmsr(MSR_GS_BASE, 0);
	wrmsr(MSR_FS_BASE, 0);
	guest_check("GS_BASE back to 0", 0, rdmsr(MSR_GS_BASE));
}

static void check_unknown_msr(void)
{
	struct guest_fault f;
	uint32_t lo = 0, hi = 0;

	__asm__ volatile("1: rdmsr\n2:\n" GUEST_EXTABLE(1b, 2b)
			 : "+a"(lo), "+d"(hi)
			 : "c"(MSR_UNKNOWN));
	if (!guest_fault_taken(&f))
		guest_fail("rdmsr(%#x): no fault (read %#x:%#x)", MSR_UNKNOWN,
			   hi, lo);
	else if (guest_check("rdmsr(unknown): vector", 13, f.vector))
		guest_check("rdmsr(unknown): error code", 0, f.error_code);
	__asm__ volatile("1: wrmsr\n2:\n" GUEST_EXTABLE(1b, 2b)
			 :
			 : "c"(MSR_UNKNOWN), "a"(0), "d"(0));
	if (!guest_fault_taken(&f))
		guest_fail("wrmsr(%#x): no fault", MSR_UNKNOWN);
	else if (guest_check("wrmsr(unknown): vector", 13, f.vector))
		guest_check("wrmsr(unknown): error code", 0, f.error_code);
}

void test_main(const struct vesta_start_info *si)
{
	(void)si;
	check_prefix_length();
	check_hv_leaves();
	check_std_leaves();
	guest_check("rdmsr(PAT)", XEN_PAT, rdmsr(MSR_PAT));
	check_segment_bases();
	check_unknown_msr();
}
