/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The vCPU and scheduling hypercalls: vcpu_op (bring-up, state, runstate,
 * vcpu_info placement, timers), sched_op (yield, block, shutdown, poll,
 * remote shutdown, shutdown code, watchdog) and set_timer_op. Each decodes
 * its argument strictly and acts through domain.c, sched.c and vtime.c.
 */
#include <vesta/arch.h>
#include <vesta/domain.h>
#include <vesta/errno.h>
#include <vesta/event.h>
#include <vesta/guest-access.h>
#include <vesta/hypercall.h>
#include <vesta/mm.h>
#include <vesta/printk.h>
#include <vesta/smp.h>
#include <vesta/time.h>
#include <asm/pv.h>
#include <string.h>
#include <public/sched.h>
#include <public/vcpu.h>

/* Copy @v's runstate to the guest area; only while its kernel is mapped. */
void vcpu_runstate_publish(struct vcpu *v)
{
	struct vesta_vcpu_runstate_info rs = v->runstate;

	if (!v->runstate_guest || !v->arch.in_kernel)
		return;
	if (copy_to_guest(v->runstate_guest, &rs, sizeof(rs)))
		v->runstate_guest = 0;	/* the guest unmapped it: stop */
}

/*
 * Every address the context names must be canonical: they end up in MSRs
 * and in IRET frames, where a bad one would fault inside the hypervisor.
 */
static bool context_addresses_ok(const struct vesta_vcpu_guest_context *c)
{
	const uint64_t a[] = {
		c->user_regs.rip, c->user_regs.rsp, c->kernel_sp,
		c->event_callback_eip, c->failsafe_callback_eip,
		c->syscall_callback_eip, c->fs_base, c->gs_base_kernel,
		c->gs_base_user, c->ldt_base,
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(a); i++)
		if (!is_canonical(a[i]))
			return false;
	for (unsigned int i = 0; i < 256; i++)
		if (!is_canonical(c->trap_ctxt[i].address))
			return false;
	return true;
}

static long vcpu_initialise(struct vcpu *v, uint64_t arg)
{
	struct vesta_vcpu_guest_context *c;
	struct arch_vcpu *a = &v->arch;
	uint64_t cr3_mfn;
	long rc = 0;

	if (a->initialised)
		return -EEXIST;
	c = alloc_pages(1);	/* 5 KiB: too big for the stack */
	if (!c)
		return -ENOMEM;
	if (copy_from_guest(c, arg, sizeof(*c))) {
		rc = -EFAULT;
		goto out;
	}
	cr3_mfn = c->ctrlreg[3] >> PAGE_SHIFT;
	if (c->gdt_ents > 16 * 512 || !page_owned_by(cr3_mfn, v->domain) ||
	    !context_addresses_ok(c)) {
		rc = -EINVAL;
		goto out;
	}
	/* The new vCPU's root: an L4 type reference, validated if need be. */
	rc = pv_set_base(v->domain, cr3_mfn, PGTYPE_NO_MFN);
	if (rc)
		goto out;
	a->regs.rip = c->user_regs.rip;
	a->regs.rsp = c->user_regs.rsp;
	a->regs.rflags = (c->user_regs.rflags & ~0x3000ULL) | 0x202;
	a->regs.cs = c->user_regs.cs | 3;
	a->regs.ss = c->user_regs.ss | 3;
	a->regs.rax = c->user_regs.rax; a->regs.rbx = c->user_regs.rbx;
	a->regs.rcx = c->user_regs.rcx; a->regs.rdx = c->user_regs.rdx;
	a->regs.rsi = c->user_regs.rsi; a->regs.rdi = c->user_regs.rdi;
	a->regs.rbp = c->user_regs.rbp;
	a->regs.r8 = c->user_regs.r8; a->regs.r9 = c->user_regs.r9;
	a->regs.r10 = c->user_regs.r10; a->regs.r11 = c->user_regs.r11;
	a->regs.r12 = c->user_regs.r12; a->regs.r13 = c->user_regs.r13;
	a->regs.r14 = c->user_regs.r14; a->regs.r15 = c->user_regs.r15;
	for (unsigned int i = 0; i < 256; i++) {
		a->trap_ctxt[i] = c->trap_ctxt[i];
		a->trap_ctxt[i].cs |= 3;
	}
	a->in_kernel = true;
	a->kernel_ss = c->kernel_ss | 3;
	a->kernel_sp = c->kernel_sp;
	a->kernel_l4_mfn = cr3_mfn;
	a->callback[0] = c->event_callback_eip;
	a->callback[1] = c->failsafe_callback_eip;
	a->fs_base = c->fs_base;
	a->gs_base_kernel = c->gs_base_kernel;
	a->gs_base_user = c->gs_base_user;
	a->gdt_ents = 0;
	for (unsigned int i = 0; i < DIV_ROUND_UP(c->gdt_ents, 512) &&
			       i < PV_GDT_FRAMES; i++) {
		if (!page_owned_by(c->gdt_frames[i], v->domain)) {
			rc = -EINVAL;
			goto out;
		}
		a->gdt_frames[i] = c->gdt_frames[i];
	}
	a->gdt_ents = (unsigned int)min(c->gdt_ents,
					(uint64_t)VESTA_FIRST_RESERVED_GDT_ENTRY);
	a->initialised = true;
out:
	free_pages(c, 1);
	return rc;
}

static long register_vcpu_info(struct vcpu *v, uint64_t arg)
{
	struct vesta_vcpu_register_vcpu_info r;
	struct vesta_vcpu_info *nvi;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return -EFAULT;
	if (r.rsvd)
		return -EINVAL;
	/* Xen's answer for a placement that does not fit or is misaligned. */
	if (r.offset > PAGE_SIZE - sizeof(*nvi) || (r.offset & 7))
		return -ENXIO;
	if (v->vcpu_info_mfn != ~0ULL)
		return -EINVAL;	/* only once per vCPU, as Xen */
	if (!page_owned_by(r.mfn, v->domain) || page_is_pagetable(r.mfn))
		return -EINVAL;
	nvi = (void *)((char *)__va(pfn_to_paddr(r.mfn)) + r.offset);
	if (v->vcpu_info)
		memcpy(nvi, v->vcpu_info, sizeof(*nvi));
	/* Make the guest rescan everything once it looks at the new copy. */
	nvi->evtchn_pending_sel = ~0UL;
	nvi->evtchn_upcall_pending = 1;
	v->vcpu_info = nvi;
	v->vcpu_info_mfn = r.mfn;
	if (v == current)
		vcpu_time_update(v);
	return 0;
}

static long singleshot(struct vcpu *v, uint64_t arg)
{
	struct vesta_vcpu_set_singleshot_timer t;

	if (v != current)
		return -EINVAL;
	if (copy_from_guest(&t, arg, sizeof(t)))
		return -EFAULT;
	if (t.flags & ~VESTA_VCPU_SSHOTTMR_future)
		return -EINVAL;
	/*
	 * SSHOTTMR_future is accepted and ignored, as current Xen does:
	 * Linux passes 0 and needs a past deadline to fire, not -ETIME.
	 */
	/* A deadline in the past fires at once (Linux relies on it). */
	return set_timer(&v->singleshot_timer, t.timeout_abs_ns) ? -EBUSY : 0;
}

static long periodic(struct vcpu *v, uint64_t arg)
{
	struct vesta_vcpu_set_periodic_timer t;

	if (copy_from_guest(&t, arg, sizeof(t)))
		return -EFAULT;
	if (t.period_ns < MILLISECS(1))
		return -EINVAL;
	v->periodic_period_ns = t.period_ns;
	return set_timer(&v->periodic_timer, guest_now_ns() + t.period_ns) ?
	       -EBUSY : 0;
}

static bool all_vcpus_down(const struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i] &&
		    !(READ_ONCE(d->vcpus[i]->pause_flags) & (1UL << VPF_down)))
			return false;
	return true;
}

static long vcpu_state_op(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
	switch (cmd) {
	case VESTA_VCPUOP_initialise:
		return vcpu_initialise(v, arg);
	case VESTA_VCPUOP_up:
		if (!v->arch.initialised)
			return -EINVAL;
		vcpu_pause_flag_clear(v, VPF_down);
		return 0;
	case VESTA_VCPUOP_down:
		vcpu_pause_flag_set(v, VPF_down);
		/* With no vCPU left up, the domain has powered itself off. */
		if (all_vcpus_down(v->domain))
			domain_shutdown(v->domain, VESTA_SHUTDOWN_poweroff);
		return 0;
	case VESTA_VCPUOP_is_up:
		return !(READ_ONCE(v->pause_flags) & (1UL << VPF_down));
	case VESTA_VCPUOP_get_runstate_info: {
		struct vesta_vcpu_runstate_info rs = v->runstate;
		uint64_t now = guest_now_ns();

		/* Include the time spent so far in the current state. */
		if (rs.state >= 0 && rs.state < 4 && now > rs.state_entry_time)
			rs.time[rs.state] += now - rs.state_entry_time;

		return copy_to_guest(arg, &rs, sizeof(rs)) ? -EFAULT : 0;
	}
	case VESTA_VCPUOP_register_runstate_memory_area: {
		struct vesta_vcpu_register_runstate_memory_area r;

		if (copy_from_guest(&r, arg, sizeof(r)))
			return -EFAULT;
		if (r.addr && !guest_range_ok(r.addr, sizeof(v->runstate)))
			return -EINVAL;
		v->runstate_guest = r.addr;
		if (v == current)
			vcpu_runstate_publish(v);
		return 0;
	}
	case VESTA_VCPUOP_register_vcpu_info:
		return register_vcpu_info(v, arg);
	default:
		return -ENOSYS;
	}
}

long do_vcpu_op(uint64_t cmd, uint64_t vcpuid, uint64_t arg)
{
	struct domain *d = current->domain;
	struct vcpu *v;

	if (vcpuid >= d->max_vcpus)
		return -ENOENT;
	v = domain_vcpu(d, (unsigned int)vcpuid);
	if (!v)
		return -ENOENT;
	switch (cmd) {
	case VESTA_VCPUOP_set_periodic_timer:
		return periodic(v, arg);
	case VESTA_VCPUOP_stop_periodic_timer:
		v->periodic_period_ns = 0;
		stop_timer(&v->periodic_timer);
		return 0;
	case VESTA_VCPUOP_set_singleshot_timer:
		return singleshot(v, arg);
	case VESTA_VCPUOP_stop_singleshot_timer:
		if (v != current)
			return -EINVAL;
		stop_timer(&v->singleshot_timer);
		return 0;
	case VESTA_VCPUOP_get_physid: {
		struct vesta_vcpu_get_physid p;

		if (!d->is_privileged)
			return -EPERM;
		if (!arch_cpu_physid((unsigned int)vcpuid, &p.phys_id))
			return -EINVAL;
		return copy_to_guest(arg, &p, sizeof(p)) ? -EFAULT : 0;
	}
	default:
		return vcpu_state_op(v, cmd, arg);
	}
}

long do_set_timer_op(uint64_t timeout)
{
	struct vcpu *v = current;

	if (!timeout) {
		stop_timer(&v->singleshot_timer);
		return 0;
	}
	return set_timer(&v->singleshot_timer, timeout) ? -EBUSY : 0;
}

static bool any_port_pending(struct vcpu *v)
{
	for (unsigned int i = 0; i < v->nr_poll_ports; i++)
		if (evtchn_port_is_pending(v->domain, v->poll_ports[i]))
			return true;
	return false;
}

static long sched_poll(struct vcpu *v, uint64_t arg)
{
	struct vesta_sched_poll p;

	if (copy_from_guest(&p, arg, sizeof(p)))
		return -EFAULT;
	if (p.nr_ports > ARRAY_SIZE(v->poll_ports))
		return -EINVAL;
	if (copy_from_guest(v->poll_ports, p.ports,
			    p.nr_ports * sizeof(uint32_t)))
		return -EFAULT;
	for (unsigned int i = 0; i < p.nr_ports; i++)
		if (v->poll_ports[i] >= v->domain->max_evtchns)
			return -EINVAL;
	v->nr_poll_ports = p.nr_ports;
	WRITE_ONCE(v->is_polling, true);
	vcpu_block(v);
	smp_mb();
	/* An upcall that can be delivered now ends the poll at once. */
	if (READ_ONCE(v->vcpu_info->evtchn_upcall_pending) &&
	    !READ_ONCE(v->vcpu_info->evtchn_upcall_mask)) {
		WRITE_ONCE(v->is_polling, false);
		vcpu_unblock(v);
		return 0;
	}
	/* Re-check after publishing is_polling: a send may have raced. */
	if (any_port_pending(v)) {
		WRITE_ONCE(v->is_polling, false);
		vcpu_unblock(v);
		return 0;
	}
	if (p.timeout)
		(void)set_timer(&v->poll_timer, p.timeout);
	return 0;
}

static void watchdog_fn(void *data)
{
	struct domain *d = data;

	printk(LOG_WARNING "d%u: watchdog expired\n", d->domain_id);
	domain_shutdown(d, VESTA_SHUTDOWN_watchdog);
}

static long sched_watchdog(struct domain *d, uint64_t arg)
{
	struct vesta_sched_watchdog w;
	unsigned int i;

	if (copy_from_guest(&w, arg, sizeof(w)))
		return -EFAULT;
	if (w.id == 0) {
		if (!w.timeout)
			return -EINVAL;
		for (i = 0; i < NR_WATCHDOGS && d->watchdog_used[i]; i++)
			;
		if (i == NR_WATCHDOGS)
			return -ENOSPC;
		d->watchdog_used[i] = true;
		timer_init(&d->watchdog[i], watchdog_fn, d, 0);
		(void)set_timer(&d->watchdog[i], now_ns() + SECONDS(w.timeout));
		return i + 1;
	}
	if (w.id > NR_WATCHDOGS || !d->watchdog_used[w.id - 1])
		return -EINVAL;
	i = array_index_nospec(w.id - 1, NR_WATCHDOGS);
	if (!w.timeout) {
		stop_timer(&d->watchdog[i]);
		d->watchdog_used[i] = false;
		return 0;
	}
	(void)set_timer(&d->watchdog[i], now_ns() + SECONDS(w.timeout));
	return 0;
}

static long sched_block(struct vcpu *v)
{
	/* Blocking atomically enables events (the guest's sti; hlt). */
	v->vcpu_info->evtchn_upcall_mask = 0;
	vcpu_block(v);
	smp_mb();
	if (READ_ONCE(v->vcpu_info->evtchn_upcall_pending))
		vcpu_unblock(v);
	return 0;
}

long do_sched_op(uint64_t cmd, uint64_t arg)
{
	struct vcpu *v = current;
	struct domain *d = v->domain;

	switch (cmd) {
	case VESTA_SCHEDOP_yield:
		vcpu_yield();
		return 0;
	case VESTA_SCHEDOP_block:
		return sched_block(v);
	case VESTA_SCHEDOP_shutdown:
	case VESTA_SCHEDOP_shutdown_code: {
		struct vesta_sched_shutdown s;

		if (copy_from_guest(&s, arg, sizeof(s)))
			return -EFAULT;
		if (s.reason > VESTA_SHUTDOWN_MAX)
			return -EINVAL;
		if (cmd == VESTA_SCHEDOP_shutdown_code)
			d->shutdown_code = s.reason;
		else
			domain_shutdown(d, s.reason);
		return 0;
	}
	case VESTA_SCHEDOP_poll:
		return sched_poll(v, arg);
	case VESTA_SCHEDOP_remote_shutdown: {
		struct vesta_sched_remote_shutdown r;
		struct domain *t;

		if (!d->is_privileged)
			return -EPERM;
		if (copy_from_guest(&r, arg, sizeof(r)))
			return -EFAULT;
		if (r.reason > VESTA_SHUTDOWN_MAX)
			return -EINVAL;
		t = domain_lookup(r.domain_id);
		if (!t)
			return -ESRCH;
		domain_shutdown(t, r.reason);
		domain_put(t);
		return 0;
	}
	case VESTA_SCHEDOP_watchdog:
		return sched_watchdog(d, arg);
	default:
		return -ENOSYS;
	}
}

/* The pre-3.0 form: the argument is the value itself. */
long do_sched_op_compat(uint64_t cmd, uint64_t arg)
{
	struct vcpu *v = current;

	switch (cmd) {
	case VESTA_SCHEDOP_yield:
		vcpu_yield();
		return 0;
	case VESTA_SCHEDOP_block:
		return sched_block(v);
	case VESTA_SCHEDOP_shutdown:
		if (arg > VESTA_SHUTDOWN_MAX)
			return -EINVAL;
		domain_shutdown(v->domain, (unsigned int)arg);
		return 0;
	default:
		return -ENOSYS;
	}
}
