/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Emulation of what a PV kernel running in ring 3 may not execute: the
 * forced-emulation CPUID (#UD with the "ud2; xen" prefix), plain CPUID
 * under CPUID faulting, RDMSR/WRMSR of the MSRs guests use, port I/O,
 * control and debug register moves, CLTS, HLT, CLI/STI, WBINVD and
 * INVLPG (#GP). One CPUID policy serves both paths so the two views
 * agree. Instructions are decoded by lib/x86-decode.c from a copy of the
 * guest's bytes. Not responsible for the software-interrupt path or for
 * page-table writes.
 */
#include <vesta/domain.h>
#include <vesta/errno.h>
#include <vesta/guest-access.h>
#include <vesta/hypercall.h>
#include <vesta/printk.h>
#include <vesta/x86-decode.h>
#include <public/arch-x86.h>
#include <public/sched.h>
#include <asm/processor.h>
#include <asm/pv.h>

#define XEN_PV_PAT	0x0000050100070406ULL	/* an ABI with PV guests */
#define LEAF_BASE	VESTA_CPUID_LEAF_BASE

#define cpuid_res cpuid_regs

/* Leaf 1 bits a ring-3 kernel cannot use or we do not virtualise. */
#define L1_ECX_HIDE ((1u << 3) | (1u << 5) | (1u << 6) | (1u << 8) |  \
		     (1u << 15) | (1u << 17) | (1u << 18) | (1u << 21) | \
		     (1u << 24))
/* XSAVE, OSXSAVE, AVX: shown only when guests get XSAVE (fpu.c). */
#define L1_ECX_XSAVE ((1u << 26) | (1u << 27) | (1u << 28))
#define L1_EDX_HIDE ((1u << 1) | (1u << 3) | (1u << 7) | (1u << 12) |  \
		     (1u << 13) | (1u << 14) | (1u << 17) | (1u << 18) | \
		     (1u << 21) | (1u << 29) | (1u << 31))
/* Leaf 7: only plain user-level ISA extensions. */
#define L7_EBX_ALLOW ((1u << 3) | (1u << 8) | (1u << 9) | (1u << 18) |  \
		      (1u << 19) | (1u << 23) | (1u << 24) | (1u << 29))

static void hv_leaves(uint32_t leaf, struct cpuid_res *r)
{
	switch (leaf - LEAF_BASE) {
	case 0:
		r->a = LEAF_BASE + 5;
		r->b = 0x566e6558;	/* "XenV" */
		r->c = 0x65584d4d;	/* "MMXe" */
		r->d = 0x4d4d566e;	/* "nVMM" */
		break;
	case 1:
		r->a = (4u << 16) | 17;
		break;
	case 2:
		r->a = 1;		/* hypercall pages */
		r->b = LEAF_BASE;	/* hypercall page MSR (HVM only) */
		r->c = 1;		/* MMU_PT_UPDATE_PRESERVE_AD */
		break;
	case 5:
		r->b = cpuid(0x80000008).a & 0xff;	/* machine address bits */
		break;
	default:
		break;
	}
}

/*
 * Leaf 0xD describes exactly the XCR0 bits guests may set; the size in
 * EBX follows the guest's XCR0, which is live while it runs.
 */
static void xsave_leaf(uint32_t sub, struct cpuid_res *r)
{
	if (!xstate_host_mask || sub > 2) {
		r->a = r->b = r->c = r->d = 0;
		return;
	}
	switch (sub) {
	case 0:
		r->a = (uint32_t)xstate_host_mask;
		r->d = 0;
		break;
	case 1:
		r->a &= 1;	/* XSAVEOPT only: no XSAVEC/XSAVES/XFD */
		r->b = r->c = r->d = 0;
		break;
	default:
		if (!(xstate_host_mask & (1ULL << sub)))
			r->a = r->b = r->c = r->d = 0;
		break;
	}
}

void pv_cpuid(const struct vcpu *v, uint32_t leaf, uint32_t sub,
	      struct cpuid_res *r)
{
	bool priv = v->domain->is_privileged;

	r->a = r->b = r->c = r->d = 0;
	if ((leaf & 0xffff0000u) == LEAF_BASE) {
		if ((leaf & 0xff00) == 0)
			hv_leaves(leaf, r);
		return;
	}
	cpuid_count(leaf, sub, r);
	switch (leaf) {
	case 1:
		r->c &= ~L1_ECX_HIDE;
		/* With XSAVE, OSXSAVE is on for guests (Xen sets CR4.OSXSAVE). */
		if (xstate_host_mask)
			r->c |= 1u << 27;
		else
			r->c &= ~L1_ECX_XSAVE;
		r->c |= 1u << 31;	/* running on a hypervisor */
		r->d &= ~L1_EDX_HIDE;
		if (!priv)
			r->d &= ~((1u << 9) | (1u << 22));	/* APIC, ACPI */
		/* Logical CPU number: the vCPU id, not the host APIC id. */
		r->b = (r->b & 0x00ffffffu) | (v->vcpu_id << 24);
		break;
	case 0xd:
		xsave_leaf(sub, r);
		break;
	case 5: case 6: case 0xa: case 0x14: case 0x1b:
		r->a = r->b = r->c = r->d = 0;
		break;
	case 7:
		if (sub == 0) {
			r->a = 0;
			r->b &= L7_EBX_ALLOW |
				((xstate_host_mask & 4) ? 1u << 5 : 0);	/* AVX2 */
		} else {
			r->b = 0;
		}
		r->c = r->d = 0;
		break;
	case 0x80000001:
		r->c &= (1u << 0) | (1u << 5) | (1u << 8);	/* LAHF ABM PREFETCHW */
		r->d &= (1u << 11) | (1u << 20) | (1u << 27) | (1u << 29) |
			0x0183f3ffu;	/* SYSCALL NX RDTSCP LM + base bits */
		r->d &= ~((1u << 3) | (1u << 12) | (1u << 13) | (1u << 17) |
			  (1u << 26));
		break;
	default:
		break;
	}
}

static void do_cpuid(struct cpu_user_regs *regs)
{
	struct cpuid_res r;

	pv_cpuid(current, (uint32_t)regs->rax, (uint32_t)regs->rcx, &r);
	regs->rax = r.a;
	regs->rbx = r.b;
	regs->rcx = r.c;
	regs->rdx = r.d;
}

/* #UD: the forced-emulation prefix in front of CPUID. */
bool pv_emulate_invalid_op(struct cpu_user_regs *regs)
{
	uint8_t b[X86_XEN_FORCED_CPUID_LEN];

	if (copy_from_guest(b, regs->rip, sizeof(b)) ||
	    !x86_is_xen_forced_cpuid(b, sizeof(b)))
		return false;
	do_cpuid(regs);
	regs->rip += sizeof(b);
	return true;
}

static bool read_msr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	switch (msr) {
	case MSR_FS_BASE:
		*val = v->arch.fs_base;
		return true;
	case MSR_GS_BASE:
		*val = v->arch.in_kernel ? v->arch.gs_base_kernel :
					   v->arch.gs_base_user;
		return true;
	case MSR_SHADOW_GS_BASE:
		*val = v->arch.in_kernel ? v->arch.gs_base_user :
					   v->arch.gs_base_kernel;
		return true;
	case MSR_PAT:
		*val = XEN_PV_PAT;
		return true;
	case MSR_EFER:
		*val = rdmsr(MSR_EFER);
		return true;
	case 0x8b:		/* IA32_UCODE_REV: Linux reads it at boot */
	case MSR_MISC_ENABLE:
		*val = 0;
		return true;
	default:
		return false;
	}
}

static bool write_msr(struct vcpu *v, uint32_t msr, uint64_t val)
{
	switch (msr) {
	case MSR_FS_BASE:
		return !do_set_segment_base(VESTA_SEGBASE_FS, val);
	case MSR_GS_BASE:
		return !do_set_segment_base(v->arch.in_kernel ?
					    VESTA_SEGBASE_GS_KERNEL :
					    VESTA_SEGBASE_GS_USER, val);
	case MSR_SHADOW_GS_BASE:
		return !do_set_segment_base(v->arch.in_kernel ?
					    VESTA_SEGBASE_GS_USER :
					    VESTA_SEGBASE_GS_KERNEL, val);
	case MSR_PAT:		/* the PV PAT is fixed: writes are dropped */
	case MSR_EFER:
	case MSR_MISC_ENABLE:
	case 0x8b:
	case MSR_STAR: case MSR_LSTAR: case MSR_CSTAR: case MSR_SYSCALL_MASK:
	case 0x174: case 0x175: case 0x176:	/* SYSENTER_* */
		return true;
	default:
		return false;
	}
}

/* Ports the hypervisor keeps for itself: PICs, PIT, its UART. */
static bool port_reserved(unsigned int port, unsigned int size)
{
	for (unsigned int p = port; p < port + size; p++)
		if (p == 0x20 || p == 0x21 || p == 0xa0 || p == 0xa1 ||
		    (p >= 0x40 && p <= 0x43) || (p >= 0x3f8 && p <= 0x3ff))
			return true;
	return false;
}

static bool io_allowed(const struct vcpu *v)
{
	return v->arch.iopl >= (v->arch.in_kernel ? 1u : 3u);
}

static uint32_t port_in(const struct vcpu *v, unsigned int port,
			unsigned int size)
{
	uint32_t val = 0;

	/* A domU probing legacy ports reads all ones. */
	if (!v->domain->is_privileged || port_reserved(port, size))
		return 0xffffffffu;
	switch (size) {
	case 1:
		val = inb((uint16_t)port);
		break;
	case 2:
		asm volatile("inw %w1, %w0" : "=a"(val) : "Nd"((uint16_t)port));
		break;
	default:
		val = inl((uint16_t)port);
		break;
	}
	return val;
}

static void port_out(const struct vcpu *v, unsigned int port,
		     unsigned int size, uint32_t val)
{
	if (!v->domain->is_privileged || port_reserved(port, size))
		return;
	switch (size) {
	case 1:
		outb((uint8_t)val, (uint16_t)port);
		break;
	case 2:
		asm volatile("outw %w0, %w1" :: "a"(val), "Nd"((uint16_t)port));
		break;
	default:
		outl(val, (uint16_t)port);
		break;
	}
}

static void set_gpr_sized(uint64_t *r, uint64_t val, unsigned int size)
{
	if (size == 1)
		*r = (*r & ~0xffULL) | (val & 0xff);
	else if (size == 2)
		*r = (*r & ~0xffffULL) | (val & 0xffff);
	else
		*r = (uint32_t)val;
}

static uint64_t *gpr(struct cpu_user_regs *regs, unsigned int n)
{
	uint64_t *map[16] = {
		&regs->rax, &regs->rcx, &regs->rdx, &regs->rbx,
		&regs->rsp, &regs->rbp, &regs->rsi, &regs->rdi,
		&regs->r8, &regs->r9, &regs->r10, &regs->r11,
		&regs->r12, &regs->r13, &regs->r14, &regs->r15,
	};

	return map[n & 15];
}

static bool emulate_io(struct cpu_user_regs *regs, const struct x86_insn *in,
		       enum x86_priv_op op)
{
	struct vcpu *v = current;
	unsigned int size = in->op_size;
	unsigned int port = (op == X86_PRIV_IN_IMM || op == X86_PRIV_OUT_IMM) ?
			    (unsigned int)in->imm & 0xff :
			    (unsigned int)regs->rdx & 0xffff;

	if (!io_allowed(v))
		return false;
	if (op == X86_PRIV_IN_IMM || op == X86_PRIV_IN_DX)
		set_gpr_sized(&regs->rax, port_in(v, port, size), size);
	else
		port_out(v, port, size, (uint32_t)regs->rax);
	return true;
}

static bool emulate_cr(struct cpu_user_regs *regs, const struct x86_insn *in,
		       bool to_cr)
{
	struct vcpu *v = current;
	uint64_t *r = gpr(regs, in->rm);

	if (!to_cr) {
		switch (in->reg) {
		case 0:
			*r = (read_cr0() & ~X86_CR0_TS) |
			     (v->arch.cr0_ts ? X86_CR0_TS : 0);
			return true;
		case 2:
			*r = v->vcpu_info->arch.cr2;
			return true;
		case 3:
			*r = (v->arch.in_kernel ? v->arch.kernel_l4_mfn :
						  v->arch.user_l4_mfn) << 12;
			return true;
		case 4:
			*r = (v->arch.cr4 ? v->arch.cr4 :
			      X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT) |
			     (xstate_host_mask ? X86_CR4_OSXSAVE : 0);
			return true;
		default:
			return false;
		}
	}
	switch (in->reg) {
	case 0:
		/* Only TS may change: that is fpu_taskswitch. */
		if ((*r ^ read_cr0()) & ~X86_CR0_TS)
			return false;
		return !do_fpu_taskswitch(!!(*r & X86_CR0_TS));
	case 2:
		v->vcpu_info->arch.cr2 = *r;
		return true;
	case 4:
		v->arch.cr4 = *r;	/* remembered, not applied */
		return true;
	default:
		return false;	/* CR3 loads go through mmuext_op */
	}
}

static bool emulate(struct cpu_user_regs *regs, const struct x86_insn *in)
{
	struct vcpu *v = current;
	enum x86_priv_op op = x86_classify_priv(in);
	uint64_t val;

	switch (op) {
	case X86_PRIV_CPUID:
		do_cpuid(regs);
		return true;
	case X86_PRIV_IN_IMM: case X86_PRIV_IN_DX:
	case X86_PRIV_OUT_IMM: case X86_PRIV_OUT_DX:
		return emulate_io(regs, in, op);
	default:
		break;
	}
	if (!v->arch.in_kernel)
		return false;	/* the rest is kernel-only, as on hardware */
	switch (op) {
	case X86_PRIV_RDMSR:
		if (!read_msr(v, (uint32_t)regs->rcx, &val))
			return false;
		regs->rax = (uint32_t)val;
		regs->rdx = val >> 32;
		return true;
	case X86_PRIV_WRMSR:
		return write_msr(v, (uint32_t)regs->rcx,
				 (regs->rdx << 32) | (uint32_t)regs->rax);
	case X86_PRIV_MOV_FROM_CR:
		return emulate_cr(regs, in, false);
	case X86_PRIV_MOV_TO_CR:
		return emulate_cr(regs, in, true);
	case X86_PRIV_MOV_FROM_DR:
		*gpr(regs, in->rm) = v->arch.dr[in->reg & 7];
		return true;
	case X86_PRIV_MOV_TO_DR:
		return !do_set_debugreg(in->reg & 7, *gpr(regs, in->rm));
	case X86_PRIV_CLTS:
		return !do_fpu_taskswitch(0);
	case X86_PRIV_HLT:
		return !do_sched_op(VESTA_SCHEDOP_block, 0);
	case X86_PRIV_CLI:
		v->vcpu_info->evtchn_upcall_mask = 1;
		return true;
	case X86_PRIV_STI:
		v->vcpu_info->evtchn_upcall_mask = 0;
		return true;
	case X86_PRIV_XSETBV:
		return pv_xsetbv(v, (uint32_t)regs->rcx,
				 (regs->rdx << 32) | (uint32_t)regs->rax);
	case X86_PRIV_WBINVD:
	case X86_PRIV_INVD:
		if (v->domain->is_privileged)
			asm volatile("wbinvd" ::: "memory");
		return true;
	default:
		return false;
	}
}

/* #GP(0) from the guest: emulate if it is one of ours, else report false. */
bool pv_emulate_privop(struct cpu_user_regs *regs)
{
	uint8_t buf[15];
	size_t n = 0;
	struct x86_insn in;

	if (regs->error_code)
		return false;
	/* Fetch what is readable: the instruction may end near a page end. */
	while (n < sizeof(buf) && !copy_from_guest(&buf[n], regs->rip + n, 1))
		n++;
	if (x86_decode(buf, n, &in))
		return false;
	if (!emulate(regs, &in))
		return false;
	regs->rip += in.len;
	return true;
}
