/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writable page tables (VMASST_TYPE_writable_pagetables): a guest kernel
 * write that faults on one of its own L1 page-table pages (mapped
 * read-only) is decoded (lib/pte-write.c), turned into the new entry,
 * validated and stored as an L1 update, and the instruction is completed
 * for the guest. Writes to L2-L4 pages are never emulated: they stay page
 * faults, as in Xen. Not responsible for other page faults (traps.c).
 */
#include <vesta/domain.h>
#include <vesta/guest-access.h>
#include <vesta/mm.h>
#include <vesta/pte-write.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>

#define ARITH_FLAGS	0x8d5UL	/* CF PF AF ZF SF OF */

static void regs_to_gpr(const struct cpu_user_regs *r, uint64_t g[16])
{
	g[0] = r->rax; g[1] = r->rcx; g[2] = r->rdx; g[3] = r->rbx;
	g[4] = r->rsp; g[5] = r->rbp; g[6] = r->rsi; g[7] = r->rdi;
	g[8] = r->r8; g[9] = r->r9; g[10] = r->r10; g[11] = r->r11;
	g[12] = r->r12; g[13] = r->r13; g[14] = r->r14; g[15] = r->r15;
}

static void gpr_to_regs(const uint64_t g[16], struct cpu_user_regs *r)
{
	r->rax = g[0]; r->rcx = g[1]; r->rdx = g[2]; r->rbx = g[3];
	r->rbp = g[5]; r->rsi = g[6]; r->rdi = g[7];
	r->r8 = g[8]; r->r9 = g[9]; r->r10 = g[10]; r->r11 = g[11];
	r->r12 = g[12]; r->r13 = g[13]; r->r14 = g[14]; r->r15 = g[15];
}

/* The L1 page-table frame that @va (a faulting write) lies in, or 0. */
static uint64_t target_l1(const struct vcpu *v, unsigned long va)
{
	uint64_t l1 = pv_find_l1(v, va), pte, mfn;

	if (!l1)
		return 0;
	pte = READ_ONCE(((const uint64_t *)__va(pfn_to_paddr(l1)))
			[pt_index(va, L1_SHIFT)]);
	mfn = (pte & PTE_ADDR_MASK) >> PAGE_SHIFT;
	if (!(pte & _PAGE_PRESENT) || !page_owned_by(mfn, v->domain) ||
	    page_pt_level(mfn) != 1)
		return 0;
	return mfn;
}

bool pv_ptwr_emulate(struct cpu_user_regs *regs, uint64_t cr2)
{
	struct vcpu *v = current;
	struct pte_write w;
	struct pte_write_env env = { regs->rip, v->arch.fs_base,
				     v->arch.in_kernel ? v->arch.gs_base_kernel :
							 v->arch.gs_base_user };
	uint64_t gpr[16], rflags = regs->rflags, table, old, new_pte;
	uint8_t insn[15];
	size_t n = 0;
	unsigned int index;

	if (!(v->domain->vm_assist &
	      (1UL << VESTA_VMASST_TYPE_writable_pagetables)))
		return false;
	table = target_l1(v, (unsigned long)cr2);
	if (!table)
		return false;
	while (n < sizeof(insn) && !copy_from_guest(&insn[n], regs->rip + n, 1))
		n++;
	regs_to_gpr(regs, gpr);
	if (pte_write_decode(insn, n, gpr, &env, cr2, &w))
		return false;
	index = (unsigned int)((w.pte_addr & (PAGE_SIZE - 1)) >> 3);
	old = READ_ONCE(((const uint64_t *)__va(pfn_to_paddr(table)))[index]);
	if (pte_write_apply(&w, old, gpr, &rflags, &new_pte))
		return false;
	if (new_pte != old &&
	    pv_mod_entry(v->domain, table, 1, index, new_pte, 0))
		return false;	/* refused: the guest gets its #PF */
	gpr_to_regs(gpr, regs);
	regs->rflags = (regs->rflags & ~ARITH_FLAGS) | (rflags & ARITH_FLAGS);
	regs->rip += w.insn_len;
	return true;
}
