/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * How a 64-bit PV guest gets its exceptions, system calls and events: the
 * bounce frame on the guest kernel stack, the trap table and callbacks it
 * registers, HYPERVISOR_iret, the SYSCALL entry (hypercall or guest
 * system call), and the exit path that delivers pending events. Not
 * responsible for emulating what faulted (emulate.c) or for the
 * hypercalls' own logic.
 */
#include <vesta/domain.h>
#include <vesta/errno.h>
#include <vesta/guest-access.h>
#include <vesta/hypercall.h>
#include <vesta/printk.h>
#include <vesta/smp.h>
#include <vesta/softirq.h>
#include <string.h>
#include <public/callback.h>
#include <asm/pcpu.h>
#include <asm/processor.h>
#include <asm/pv.h>

/* Vectors for which the CPU pushes an error code. */
static bool vector_has_ec(unsigned int vec)
{
	return vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 ||
	       vec == 21 || vec == 29 || vec == 30;
}

/*
 * Build the frame Linux's Xen entry stubs expect and point the guest at
 * @handler: { RCX, R11, [EC,] RIP, CS|mask<<32, RFLAGS, RSP, SS } from
 * low to high addresses, on the kernel stack (switching to it from user
 * mode). CS RPL 0 tells the guest it interrupted its kernel.
 */
static bool bounce(struct cpu_user_regs *regs, uint64_t handler, bool has_ec,
		   uint64_t ec, bool mask_events)
{
	struct vcpu *v = current;
	struct vesta_vcpu_info *vi = v->vcpu_info;
	uint8_t mask = vi->evtchn_upcall_mask;
	bool was_kernel = v->arch.in_kernel;
	uint64_t frame[8], sp, cs = regs->cs, fl = regs->rflags;
	unsigned int n = 0;

	if (!was_kernel) {
		pv_toggle_guest_mode(v);
		sp = v->arch.kernel_sp;
	} else {
		sp = regs->rsp;
		cs &= ~3ULL;
	}
	sp &= ~15ULL;
	fl &= ~(X86_EFLAGS_IF | X86_EFLAGS_IOPL);
	if (!mask)
		fl |= X86_EFLAGS_IF;
	if (v->domain->vm_assist &
	    (1UL << VESTA_VMASST_TYPE_architectural_iopl))
		fl |= (uint64_t)v->arch.iopl << 12;
	frame[n++] = regs->rcx;
	frame[n++] = regs->r11;
	if (has_ec)
		frame[n++] = ec;
	frame[n++] = regs->rip;
	frame[n++] = (cs & 0xffff) | ((uint64_t)mask << 32);
	frame[n++] = fl;
	frame[n++] = regs->rsp;
	frame[n++] = regs->ss;
	sp -= n * 8;
	if (copy_to_guest(sp, frame, n * 8)) {
		domain_crash(v->domain,
			     "v%u: cannot write a bounce frame at %#lx (rip %#lx)",
			     v->vcpu_id, (unsigned long)sp,
			     (unsigned long)regs->rip);
		return false;
	}
	regs->rsp = sp;
	regs->rip = handler;
	regs->cs = VESTA_FLAT_KERNEL_CS64;
	regs->ss = VESTA_FLAT_KERNEL_SS64;
	regs->rflags &= ~(X86_EFLAGS_TF | X86_EFLAGS_NT | X86_EFLAGS_RF |
			  X86_EFLAGS_AC | X86_EFLAGS_VM | X86_EFLAGS_IOPL);
	regs->rflags |= X86_EFLAGS_IF | X86_EFLAGS_FIXED;
	if (mask_events)
		vi->evtchn_upcall_mask = 1;
	return true;
}

static const char *const vec_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#09",
	"#TS", "#NP", "#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM",
	"#VE", "#CP",
};

bool pv_inject_trap(struct cpu_user_regs *regs, unsigned int vec,
		    bool has_ec, uint64_t ec)
{
	struct vcpu *v = current;
	const struct vesta_trap_info *ti = &v->arch.trap_ctxt[vec & 0xff];

	v->arch.nr_traps++;
	if (!ti->address) {
		domain_crash(v->domain,
			     "v%u: %s%u (%s) at rip %#lx (%s mode), error %#lx, with no handler registered",
			     v->vcpu_id, vec < 32 ? "exception " : "vector ",
			     vec, vec < 32 && vec_names[vec] ? vec_names[vec] : "int",
			     (unsigned long)regs->rip,
			     v->arch.in_kernel ? "kernel" : "user",
			     (unsigned long)ec);
		return false;
	}
	return bounce(regs, ti->address, has_ec, ec, VESTA_TI_GET_IF(ti));
}

/*
 * A software "int $n" from the guest arrives as #GP (the IDT gates are
 * DPL 0). QEMU 7.2 reports a wrong error code for it, so decode the
 * instruction instead. The guest's trap-table DPL decides: kernel mode
 * may use DPL >= 1, user mode needs DPL 3; else #GP((n << 3) | 2).
 */
static bool try_soft_int(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;
	uint8_t insn[2];
	const struct vesta_trap_info *ti;
	unsigned int dpl;

	if (copy_from_guest(insn, regs->rip, 2) || insn[0] != 0xcd)
		return false;
	ti = &v->arch.trap_ctxt[insn[1]];
	dpl = VESTA_TI_GET_DPL(ti);
	if (!ti->address || dpl < (v->arch.in_kernel ? 1u : 3u)) {
		pv_inject_trap(regs, 13, true, ((uint64_t)insn[1] << 3) | 2);
		return true;
	}
	regs->rip += 2;
	bounce(regs, ti->address, false, 0, VESTA_TI_GET_IF(ti));
	return true;
}

static void handle_nm(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;

	if (v->arch.cr0_ts) {
		/* The guest asked for #NM (lazy FPU of its own tasks). */
		v->arch.cr0_ts = 0;
		pv_inject_trap(regs, 7, false, 0);
		return;
	}
	pv_fpu_restore(v);
}

void pv_handle_trap(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;
	unsigned int vec = (unsigned int)regs->vector;

	switch (vec) {
	case 14:
		/* A write to one of its own L1 tables: emulate it (ptwr.c). */
		if (v->arch.in_kernel && (regs->error_code & 3) == 3 &&
		    pv_ptwr_emulate(regs, read_cr2()))
			return;
		v->vcpu_info->arch.cr2 = read_cr2();
		/*
		 * The guest kernel runs in ring 3, so the CPU flags its faults
		 * as user accesses; the guest must see what it would natively.
		 */
		if (v->arch.in_kernel)
			regs->error_code &= ~4ULL;
		break;
	case 13:
		if (pv_emulate_privop(regs) || try_soft_int(regs))
			return;
		break;
	case 6:
		if (pv_emulate_invalid_op(regs))
			return;
		break;
	case 7:
		handle_nm(regs);
		return;
	case 1:
		v->arch.dr[6] = read_dr6();
		write_dr6(0xffff0ff0);
		break;
	default:
		break;
	}
	pv_inject_trap(regs, vec, vector_has_ec(vec), regs->error_code);
}

/* SYSCALL from the guest: a hypercall in kernel mode, else a system call. */
void pv_syscall(struct cpu_user_regs *regs);
void pv_syscall(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;
	unsigned int type;

	if (v->arch.in_kernel) {
		local_irq_enable();
		pv_hypercall(regs);
		return;
	}
	type = regs->vector == VEC_SYSCALL ? VESTA_CALLBACKTYPE_syscall :
					     VESTA_CALLBACKTYPE_syscall32;
	if (!v->arch.callback[type]) {
		pv_inject_trap(regs, 6, false, 0);
		return;
	}
	regs->rflags &= ~X86_EFLAGS_DF;
	bounce(regs, v->arch.callback[type], false, 0,
	       v->arch.callback_flags[type] & VESTA_CALLBACKF_mask_events);
}

/*
 * Leave for the guest: run softirqs (a switch to another vCPU restarts
 * this path for it), then bounce to the event callback if an upcall is
 * pending and not masked. Returns with interrupts disabled.
 */
void pv_exit_to_guest(struct cpu_user_regs *regs);
void pv_exit_to_guest(struct cpu_user_regs *regs)
{
	for (;;) {
		struct vcpu *v;
		struct vesta_vcpu_info *vi;

		local_irq_disable();
		if (softirq_pending()) {
			local_irq_enable();
			do_softirq();
			continue;
		}
		v = current;
		vi = v->vcpu_info;
		if (!vi || !READ_ONCE(vi->evtchn_upcall_pending) ||
		    READ_ONCE(vi->evtchn_upcall_mask) ||
		    !v->arch.callback[VESTA_CALLBACKTYPE_event])
			return;
		v->arch.nr_events++;
		if (!bounce(regs, v->arch.callback[VESTA_CALLBACKTYPE_event],
			    false, 0, true))
			continue;	/* crashed: the scheduler moves on */
		return;
	}
}

/* The IRETQ to the guest faulted (a bad CS or SS in its iret frame). */
void pv_iret_fault(void);
void pv_iret_fault(void)
{
	struct vcpu *v = current;
	const struct cpu_user_regs *r = guest_cpu_user_regs();

	domain_crash(v->domain, "v%u: cannot return to cs %#lx ss %#lx rip %#lx",
		     v->vcpu_id, (unsigned long)r->cs, (unsigned long)r->ss,
		     (unsigned long)r->rip);
}

long do_iret(void)
{
	struct cpu_user_regs *regs = guest_cpu_user_regs();
	struct vcpu *v = current;
	struct vesta_iret_context ic;

	if (copy_from_guest(&ic, regs->rsp, sizeof(ic))) {
		domain_crash(v->domain, "v%u: iret frame at %#lx unreadable",
			     v->vcpu_id, (unsigned long)regs->rsp);
		return -EFAULT;
	}
	if ((ic.cs & 3) == 3) {
		if (!v->arch.user_l4_mfn) {
			domain_crash(v->domain,
				     "v%u: iret to user mode without user page tables",
				     v->vcpu_id);
			return -EFAULT;
		}
		pv_toggle_guest_mode(v);
	}
	if (v->domain->vm_assist &
	    (1UL << VESTA_VMASST_TYPE_architectural_iopl))
		v->arch.iopl = (ic.rflags & X86_EFLAGS_IOPL) >> 12;
	regs->rip = ic.rip;
	regs->cs = (ic.cs & 0xffff) | 3;
	regs->rflags = (ic.rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM)) |
		       X86_EFLAGS_IF | X86_EFLAGS_FIXED;
	regs->rsp = ic.rsp;
	regs->ss = (ic.ss & 0xffff) | 3;
	if (!(ic.flags & VESTA_VGCF_in_syscall)) {
		regs->r11 = ic.r11;
		regs->rcx = ic.rcx;
	}
	v->vcpu_info->evtchn_upcall_mask = !(ic.rflags & X86_EFLAGS_IF);
	return (long)ic.rax;
}

long do_set_trap_table(uint64_t gva)
{
	struct vcpu *v = current;
	struct vesta_trap_info ti;

	if (!gva) {
		memset(v->arch.trap_ctxt, 0, sizeof(v->arch.trap_ctxt));
		return 0;
	}
	/* At most one entry per vector plus the terminator (G4). */
	for (unsigned int i = 0; i <= 256; i++, gva += sizeof(ti)) {
		if (copy_from_guest(&ti, gva, sizeof(ti)))
			return -EFAULT;
		if (!ti.address)
			return 0;
		if (!is_canonical(ti.address))
			return -EINVAL;
		ti.cs = (uint16_t)(ti.cs | 3);
		v->arch.trap_ctxt[ti.vector] = ti;
	}
	return -EINVAL;
}

static long register_callback(struct vcpu *v, unsigned int type,
			      unsigned int flags, uint64_t addr)
{
	if (flags & ~VESTA_CALLBACKF_mask_events)
		return -EINVAL;
	if (!is_canonical(addr))
		return -EINVAL;
	switch (type) {
	case VESTA_CALLBACKTYPE_event:
	case VESTA_CALLBACKTYPE_failsafe:
	case VESTA_CALLBACKTYPE_syscall:
	case VESTA_CALLBACKTYPE_syscall32:
	case VESTA_CALLBACKTYPE_sysenter:
	case VESTA_CALLBACKTYPE_nmi:
		v->arch.callback[type] = addr;
		v->arch.callback_flags[type] = (uint16_t)flags;
		return 0;
	default:
		return -ENOSYS;
	}
}

long do_callback_op(uint64_t cmd, uint64_t arg)
{
	struct vcpu *v = current;

	switch (cmd) {
	case VESTA_CALLBACKOP_register: {
		struct vesta_callback_register cb;

		if (copy_from_guest(&cb, arg, sizeof(cb)))
			return -EFAULT;
		return register_callback(v, cb.type, cb.flags, cb.address);
	}
	case VESTA_CALLBACKOP_unregister: {
		struct vesta_callback_unregister cb;

		if (copy_from_guest(&cb, arg, sizeof(cb)))
			return -EFAULT;
		/* Xen refuses to drop the event callback: keep that. */
		if (cb.type == VESTA_CALLBACKTYPE_event)
			return -EINVAL;
		if (cb.type >= PV_NR_CALLBACKS)
			return -ENOSYS;
		v->arch.callback[cb.type] = 0;
		return 0;
	}
	default:
		return -ENOSYS;
	}
}

/* The old interface: event, failsafe and syscall addresses in one call. */
long do_set_callbacks(uint64_t event, uint64_t failsafe, uint64_t syscall)
{
	struct vcpu *v = current;
	long rc = register_callback(v, VESTA_CALLBACKTYPE_event, 0, event);

	if (!rc)
		rc = register_callback(v, VESTA_CALLBACKTYPE_failsafe, 0,
				       failsafe);
	if (!rc)
		rc = register_callback(v, VESTA_CALLBACKTYPE_syscall,
				       VESTA_CALLBACKF_mask_events, syscall);
	return rc;
}
