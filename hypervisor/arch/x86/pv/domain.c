/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV vCPU state on x86: creation, the context switch (registers, page
 * tables, segment bases, the guest part of the GDT, lazy FPU), guest
 * kernel/user mode switching, descriptor validation and the hypercalls
 * that set that state (set_gdt, update_descriptor, set_segment_base,
 * fpu_taskswitch, stack_switch). Not responsible for exception delivery
 * (traps.c) or page-table updates (mm.c).
 */
#include <vesta/domain.h>
#include <vesta/errno.h>
#include <vesta/guest-access.h>
#include <vesta/hypercall.h>
#include <vesta/mm.h>
#include <vesta/printk.h>
#include <vesta/x86-desc.h>
#include <vesta/smp.h>
#include <string.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/pcpu.h>
#include <asm/processor.h>
#include <asm/pv.h>

int arch_vcpu_create(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	a->fpu_area = alloc_pages(0);
	if (!a->fpu_area)
		return -ENOMEM;
	a->regs.cs = VESTA_FLAT_KERNEL_CS64;
	a->regs.ss = VESTA_FLAT_KERNEL_SS64;
	a->regs.rflags = X86_EFLAGS_IF | X86_EFLAGS_FIXED;
	a->in_kernel = true;
	return 0;
}

void arch_vcpu_destroy(struct vcpu *v)
{
	for (unsigned int c = 0; c < NR_CPUS; c++)
		if (pcpus[c].fpu_owner == v)
			pcpus[c].fpu_owner = NULL;
	free_pages(v->arch.fpu_area, 0);
	v->arch.fpu_area = NULL;
}

void pv_load_cr3(struct vcpu *v)
{
	uint64_t mfn = v->arch.in_kernel ? v->arch.kernel_l4_mfn :
					   v->arch.user_l4_mfn;

	write_cr3(pfn_to_paddr(mfn));
}

static void load_gs_base(const struct vcpu *v)
{
	wrmsr(MSR_GS_BASE, v->arch.in_kernel ? v->arch.gs_base_kernel :
					       v->arch.gs_base_user);
}

void pv_toggle_guest_mode(struct vcpu *v)
{
	v->arch.in_kernel = !v->arch.in_kernel;
	pv_load_cr3(v);
	load_gs_base(v);
}

void pv_load_gdt(struct vcpu *v)
{
	struct pcpu *p = this_pcpu();
	unsigned int n = v ? v->arch.gdt_ents : 0;

	for (unsigned int i = 0; i < n; i++) {
		const uint64_t *f = __va(pfn_to_paddr(v->arch.gdt_frames[i / 512]));

		/* Validated on every load: the frame may have changed. */
		p->gdt[i] = x86_desc_sanitize(READ_ONCE(f[i % 512]));
	}
	for (unsigned int i = n; i < p->gdt_guest_ents; i++)
		p->gdt[i] = 0;
	p->gdt_guest_ents = n;
}

void arch_context_switch(struct vcpu *prev, struct vcpu *next)
{
	struct cpu_user_regs *frame = guest_cpu_user_regs();
	struct pcpu *p = this_pcpu();

	if (!is_idle_vcpu(prev)) {
		/* Its page tables are still live: publish its new runstate. */
		vcpu_runstate_publish(prev);
		prev->arch.regs = *frame;
		if (p->fpu_owner == prev) {
			pv_fpu_save(prev);
			p->fpu_owner = NULL;
		}
	}
	if (is_idle_vcpu(next)) {
		write_cr3(__pa(idle_l4));
		pv_load_gdt(NULL);
		return;
	}
	*frame = next->arch.regs;
	pv_load_cr3(next);
	wrmsr(MSR_FS_BASE, next->arch.fs_base);
	load_gs_base(next);
	pv_load_gdt(next);
	/* The FPU belongs to nobody now: the first use traps (#NM). */
	stts();
	pv_xcr0_switch(next);
	vcpu_time_update(next);
	vcpu_runstate_publish(next);
}

/* Linux passes its own RPL-0 selectors (0x10); the guest runs at RPL 3. */
static uint64_t fix_sel(uint64_t sel)
{
	return (sel & 0xffff) | 3;
}

long do_stack_switch(uint64_t ss, uint64_t sp)
{
	struct vcpu *v = current;

	v->arch.kernel_ss = fix_sel(ss);
	v->arch.kernel_sp = sp;
	return 0;
}

long do_fpu_taskswitch(uint64_t set)
{
	struct vcpu *v = current;

	if (set) {
		v->arch.cr0_ts = 1;
		stts();
	} else {
		v->arch.cr0_ts = 0;
		if (this_pcpu()->fpu_owner == v)
			clts();
	}
	return 0;
}

long do_set_segment_base(uint64_t which, uint64_t base)
{
	struct vcpu *v = current;

	switch (which) {
	case VESTA_SEGBASE_FS:
		if (!is_canonical(base))
			return -EINVAL;
		v->arch.fs_base = base;
		wrmsr(MSR_FS_BASE, base);
		return 0;
	case VESTA_SEGBASE_GS_USER:
		if (!is_canonical(base))
			return -EINVAL;
		v->arch.gs_base_user = base;
		if (!v->arch.in_kernel)
			wrmsr(MSR_GS_BASE, base);
		return 0;
	case VESTA_SEGBASE_GS_KERNEL:
		if (!is_canonical(base))
			return -EINVAL;
		v->arch.gs_base_kernel = base;
		if (v->arch.in_kernel)
			wrmsr(MSR_GS_BASE, base);
		return 0;
	case VESTA_SEGBASE_GS_USER_SEL:
		/*
		 * Linux's load_gs_index: a null or ring-3 selector. Loading a
		 * flat segment resets the user GS base to its base (0). The
		 * selector is remembered, not yet loaded into %gs on exit to
		 * user mode: 64-bit user code addresses through the base.
		 */
		if ((base & 0xfffc) && (base & 3) != 3)
			return -EINVAL;
		v->arch.gs = (uint16_t)base;
		v->arch.gs_base_user = 0;
		if (!v->arch.in_kernel)
			wrmsr(MSR_GS_BASE, 0);
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * set_gdt: @frames names up to 14 frames of the guest's own memory holding
 * @entries descriptors. They are checked now and again each time they are
 * loaded (the guest may write them: we copy, we never map them).
 */
long do_set_gdt(uint64_t frames_gva, uint64_t entries)
{
	struct vcpu *v = current;
	uint64_t frames[PV_GDT_FRAMES];
	unsigned int nr;

	if (entries > VESTA_FIRST_RESERVED_GDT_ENTRY)
		return -EINVAL;
	nr = (unsigned int)DIV_ROUND_UP(entries, 512);
	if (nr && copy_from_guest(frames, frames_gva, nr * sizeof(frames[0])))
		return -EFAULT;
	for (unsigned int i = 0; i < nr; i++) {
		/* PV guests name machine frames; they must be their own. */
		if (!page_owned_by(frames[i], v->domain) ||
		    page_is_pagetable(frames[i]))
			return -EINVAL;
	}
	memcpy(v->arch.gdt_frames, frames, nr * sizeof(frames[0]));
	v->arch.gdt_ents = (unsigned int)entries;
	pv_load_gdt(v);
	return 0;
}

/* update_descriptor: @maddr = machine address of an 8-byte entry. */
long do_update_descriptor(uint64_t maddr, uint64_t desc)
{
	struct vcpu *v = current;
	uint64_t mfn = maddr >> PAGE_SHIFT;

	/* Never a page-table page: that would be a way to forge PTEs. */
	if ((maddr & 7) || !page_owned_by(mfn, v->domain) ||
	    page_is_pagetable(mfn))
		return -EINVAL;
	if (desc && !x86_desc_sanitize(desc))
		return -EINVAL;
	/* Stored as it will be loaded (DPL raised), as Xen does. */
	*(volatile uint64_t *)__va(maddr) = x86_desc_sanitize(desc);
	if (v->arch.gdt_ents)
		pv_load_gdt(v);
	return 0;
}
