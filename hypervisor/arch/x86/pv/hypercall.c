/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV hypercall dispatcher: a table from hypercall number to handler
 * and argument count (arguments in RDI, RSI, RDX, R10, R8), continuations
 * (re-issue by rewinding RIP over the SYSCALL), and multicall, which runs
 * a guest array of calls through the same table and is itself
 * preemptible. Not responsible for any hypercall's meaning.
 */
#include <vesta/domain.h>
#include <vesta/errno.h>
#include <vesta/event.h>
#include <vesta/guest-access.h>
#include <vesta/hypercall.h>
#include <vesta/param.h>
#include <vesta/printk.h>
#include <vesta/smp.h>
#include <vesta/softirq.h>
#include <public/vesta.h>

typedef long (*hc0_t)(void);
typedef long (*hc1_t)(uint64_t);
typedef long (*hc2_t)(uint64_t, uint64_t);
typedef long (*hc3_t)(uint64_t, uint64_t, uint64_t);
typedef long (*hc4_t)(uint64_t, uint64_t, uint64_t, uint64_t);

struct hypercall {
	unsigned int nargs;
	union {
		hc0_t f0;
		hc1_t f1;
		hc2_t f2;
		hc3_t f3;
		hc4_t f4;
	};
	bool in_multicall;	/* may appear in a multicall batch */
};

#define HC(nr, n, fn, mc) [VESTA_HC_##nr] = { n, { .f##n = fn }, mc }

static long hc_event_channel_op(uint64_t cmd, uint64_t arg)
{
	return do_event_channel_op((unsigned int)cmd, arg);
}

static long hc_event_channel_op_compat(uint64_t arg)
{
	return do_event_channel_op_compat(arg);
}

static const struct hypercall hypercall_table[64] = {
	HC(set_trap_table, 1, do_set_trap_table, true),
	HC(mmu_update, 4, do_mmu_update, true),
	HC(set_gdt, 2, do_set_gdt, true),
	HC(stack_switch, 2, do_stack_switch, true),
	HC(set_callbacks, 3, do_set_callbacks, true),
	HC(fpu_taskswitch, 1, do_fpu_taskswitch, true),
	HC(sched_op_compat, 2, do_sched_op_compat, true),
	HC(set_debugreg, 2, do_set_debugreg, true),
	HC(get_debugreg, 1, do_get_debugreg, true),
	HC(update_descriptor, 2, do_update_descriptor, true),
	HC(memory_op, 2, do_memory_op, true),
	HC(multicall, 2, do_multicall, false),
	HC(update_va_mapping, 3, do_update_va_mapping, true),
	HC(set_timer_op, 1, do_set_timer_op, true),
	HC(event_channel_op_compat, 1, hc_event_channel_op_compat, true),
	HC(xen_version, 2, do_xen_version, true),
	HC(console_io, 3, do_console_io, true),
	HC(physdev_op, 2, do_physdev_op, true),
	HC(vm_assist, 2, do_vm_assist, true),
	HC(iret, 0, do_iret, false),
	HC(vcpu_op, 3, do_vcpu_op, true),
	HC(set_segment_base, 2, do_set_segment_base, true),
	HC(mmuext_op, 4, do_mmuext_op, true),
	HC(sched_op, 2, do_sched_op, true),
	HC(callback_op, 2, do_callback_op, true),
	HC(event_channel_op, 2, hc_event_channel_op, true),
	HC(grant_table_op, 3, do_grant_table_op, true),
	HC(platform_op, 1, do_platform_op, true),
	HC(nmi_op, 2, do_nmi_op, true),
	HC(xenpmu_op, 2, do_xenpmu_op, true),
};

static long call(const struct hypercall *h, const uint64_t a[5])
{
	switch (h->nargs) {
	case 0:
		return h->f0();
	case 1:
		return h->f1(a[0]);
	case 2:
		return h->f2(a[0], a[1]);
	case 3:
		return h->f3(a[0], a[1], a[2]);
	case 4:
		return h->f4(a[0], a[1], a[2], a[3]);
	default:
		return -ENOSYS;
	}
}

static const struct hypercall *lookup(uint64_t nr)
{
	const struct hypercall *h;

	if (nr >= ARRAY_SIZE(hypercall_table))
		return NULL;
	h = &hypercall_table[array_index_nospec(nr, ARRAY_SIZE(hypercall_table))];
	return h->f0 ? h : NULL;
}

/*
 * A continuation's updated arguments go to the registers, or, inside a
 * multicall, to the entry being run (which is written back to the guest
 * and re-run when the multicall resumes). Hypercalls are never preempted
 * inside the hypervisor, so one pointer per CPU suffices.
 */
static uint64_t *mc_args[NR_CPUS];

void hypercall_update_arg(unsigned int i, uint64_t val)
{
	uint64_t *mc = mc_args[smp_processor_id()];
	struct cpu_user_regs *regs = guest_cpu_user_regs();

	if (mc) {
		mc[i % 6] = val;
		return;
	}
	switch (i) {
	case 0:
		regs->rdi = val;
		break;
	case 1:
		regs->rsi = val;
		break;
	case 2:
		regs->rdx = val;
		break;
	case 3:
		regs->r10 = val;
		break;
	default:
		regs->r8 = val;
		break;
	}
}

/* Debugging aid: log every failing hypercall (hc_trace_errors). */
static bool opt_hc_trace;
boolean_param("hc_trace_errors", opt_hc_trace);

static void trace_result(uint64_t nr, const uint64_t a[5], long r)
{
	/* iret returns the guest's RAX, not an error. */
	if (opt_hc_trace && r < 0 && r != -ERESTART && nr != VESTA_HC_iret)
		printk(LOG_DEBUG "d%u: hypercall %lu(%#lx, %#lx, %#lx) = %ld\n",
		       current->domain->domain_id, (unsigned long)nr,
		       (unsigned long)a[0], (unsigned long)a[1],
		       (unsigned long)a[2], r);
}

void pv_hypercall(struct cpu_user_regs *regs)
{
	uint64_t nr = regs->rax;
	uint64_t a[5] = { regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8 };
	const struct hypercall *h = lookup(nr);
	long r;

	current->arch.nr_hypercalls++;
	if (!h) {
		trace_result(nr, a, -ENOSYS);
		regs->rax = (uint64_t)-ENOSYS;
		return;
	}
	r = call(h, a);
	trace_result(nr, a, r);
	if (r == -ERESTART) {
		/* Re-issue: the handler left updated arguments in @regs. */
		regs->rip -= 2;
		regs->rax = nr;
		return;
	}
	regs->rax = (uint64_t)r;
}

/*
 * multicall: run @nr entries of {op, result, args[6]} from @list. Always 0
 * once the array was walked (Linux BUG()s otherwise); each entry's result
 * says how it went. Preempted between entries when softirqs are pending.
 */
long do_multicall(uint64_t list, uint64_t nr)
{
	struct cpu_user_regs *regs = guest_cpu_user_regs();

	for (uint64_t i = 0; i < nr; i++) {
		struct vesta_multicall_entry mc;
		uint64_t gva = list + i * sizeof(mc);
		const struct hypercall *h;
		long r;

		if (i && softirq_pending()) {
			regs->rdi = gva;
			regs->rsi = nr - i;
			return -ERESTART;
		}
		if (copy_from_guest(&mc, gva, sizeof(mc)))
			return -EFAULT;
		h = lookup(mc.op);
		if (!h || !h->in_multicall) {
			r = -ENOSYS;
		} else {
			mc_args[smp_processor_id()] = mc.args;
			r = call(h, mc.args);
			mc_args[smp_processor_id()] = NULL;
			trace_result(mc.op, mc.args, r);
		}
		if (r == -ERESTART) {
			/* Resume the batch at this entry, with its new args. */
			if (copy_to_guest(gva + offsetof(struct vesta_multicall_entry,
							 args),
					  mc.args, sizeof(mc.args)))
				return -EFAULT;
			regs->rdi = gva;
			regs->rsi = nr - i;
			return -ERESTART;
		}
		mc.result = (uint64_t)r;
		if (copy_to_guest(gva + offsetof(struct vesta_multicall_entry,
						 result),
				  &mc.result, sizeof(mc.result)))
			return -EFAULT;
		if (current->domain->state != DOMAIN_RUNNING)
			break;
	}
	return 0;
}
