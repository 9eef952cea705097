/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV memory, the part this milestone needs: the read-only M2P table every
 * guest sees at 0xffff800000000000, the hypervisor L4 slots each guest L4
 * carries, frame types, memory_op queries, local TLB flushes, and a
 * restricted update_va_mapping that rewrites an existing L1 entry of the
 * builder's page tables. Full page-table validation with type and
 * reference counts (mmu_update, pinning, new base pointers) is the next
 * milestone's; those calls answer -ENOSYS until then.
 */
#include <vesta/domain.h>
#include <vesta/errno.h>
#include <vesta/guest-access.h>
#include <vesta/hypercall.h>
#include <vesta/mm.h>
#include <vesta/printk.h>
#include <vesta/smp.h>
#include <public/memory.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>

static uint64_t *m2p;		/* hypervisor's writable view */
static uint64_t m2p_entries;

void m2p_init(void)
{
	uint64_t bytes = ROUNDUP(max_pfn * sizeof(uint64_t), MB(2));
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	m2p = alloc_pages(order);
	if (!m2p)
		panic("mm: no memory for the M2P table (%lu KiB)",
		      (unsigned long)(bytes >> 10));
	m2p_entries = max_pfn;
	for (uint64_t i = 0; i < m2p_entries; i++)
		m2p[i] = M2P_INVALID;
	map_guest_readonly(M2P_VIRT_START, __pa(m2p), bytes);
	printk(LOG_INFO "mm: M2P for %lu frames at %#lx (%lu KiB)\n",
	       (unsigned long)m2p_entries, (unsigned long)M2P_VIRT_START,
	       (unsigned long)(bytes >> 10));
}

void m2p_set(uint64_t mfn, uint64_t pfn)
{
	if (mfn < m2p_entries)
		m2p[mfn] = pfn;
}

uint64_t m2p_get(uint64_t mfn)
{
	return mfn < m2p_entries ? m2p[mfn] : M2P_INVALID;
}

void pv_hv_l4_slots(uint64_t out[16])
{
	for (unsigned int i = 0; i < 16; i++)
		out[i] = idle_l4[256 + i];
}

bool page_is_pagetable(uint64_t mfn)
{
	uint64_t t;

	if (mfn >= max_pfn)
		return false;
	t = frame_table[mfn].type_info & PGT_type_mask;
	return t >= PGT_l1 && t <= PGT_l4;
}

/* One level of the walk: the next table, if it is @d's and a page table. */
static uint64_t *next_level(const struct domain *d, uint64_t *table,
			    unsigned long va, unsigned int shift)
{
	uint64_t e = table[pt_index(va, shift)];
	uint64_t mfn = (e & PTE_ADDR_MASK) >> PAGE_SHIFT;

	if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
		return NULL;
	if (!page_owned_by(mfn, d) || !page_is_pagetable(mfn))
		return NULL;
	return __va(pfn_to_paddr(mfn));
}

/* The L1 entry mapping @va in the current address space of @v. */
static uint64_t *find_l1e(const struct vcpu *v, unsigned long va)
{
	const struct domain *d = v->domain;
	uint64_t *t = __va(read_cr3() & PTE_ADDR_MASK);

	t = next_level(d, t, va, L4_SHIFT);
	if (t)
		t = next_level(d, t, va, L3_SHIFT);
	if (t)
		t = next_level(d, t, va, L2_SHIFT);
	return t ? &t[pt_index(va, L1_SHIFT)] : NULL;
}

/*
 * What a PV guest may put in an L1 entry: a frame of its own (writable
 * only if it is not a page table) or its shared_info page. The user bit
 * is forced (the guest kernel runs in ring 3); the global bit is not
 * allowed to leak across address spaces. Return: 0 and *@out, or -EINVAL.
 */
static int check_l1e(const struct domain *d, uint64_t val, uint64_t *out)
{
	uint64_t mfn = (val & PTE_ADDR_MASK) >> PAGE_SHIFT;

	if (!(val & _PAGE_PRESENT)) {
		*out = val;
		return 0;
	}
	/* Bits 52-62 are available to the guest in Xen; keep them. */
	if (mfn != d->shared_info_mfn) {
		if (!page_owned_by(mfn, d))
			return -EINVAL;
		if ((val & _PAGE_RW) && page_is_pagetable(mfn))
			return -EINVAL;
	}
	*out = (val | _PAGE_USER) & ~_PAGE_GLOBAL;
	return 0;
}

static void flush_all_cpus(void *unused)
{
	(void)unused;
	flush_tlb_local();
}

static void do_flush(uint64_t flags, unsigned long va)
{
	if ((flags & ~VESTA_UVMF_FLUSHTYPE_MASK) != VESTA_UVMF_LOCAL) {
		/* Other vCPUs may cache it anywhere: flush every CPU. */
		smp_call_function_all(flush_all_cpus, NULL);
		return;
	}
	switch (flags & VESTA_UVMF_FLUSHTYPE_MASK) {
	case VESTA_UVMF_TLB_FLUSH:
		flush_tlb_local();
		break;
	case VESTA_UVMF_INVLPG:
		invlpg(va);
		break;
	default:
		break;
	}
}

long do_update_va_mapping(uint64_t va, uint64_t val, uint64_t flags)
{
	struct vcpu *v = current;
	uint64_t *l1e, nv;
	int rc;

	if (!guest_range_ok(va, 1))
		return -EINVAL;
	l1e = find_l1e(v, (unsigned long)va);
	if (!l1e) {
		gprintk(LOG_DEBUG "d%u: update_va_mapping %#lx: no L1 of the domain maps it\n",
			v->domain->domain_id, (unsigned long)va);
		return -EINVAL;
	}
	rc = check_l1e(v->domain, val, &nv);
	if (rc) {
		gprintk(LOG_DEBUG "d%u: update_va_mapping %#lx: entry %#lx refused (owner %u, type %lu)\n",
			v->domain->domain_id, (unsigned long)va,
			(unsigned long)val,
			frame_table[(val & PTE_ADDR_MASK) >> 12].owner,
			(unsigned long)frame_table[(val & PTE_ADDR_MASK) >> 12].type_info);
		return rc;
	}
	WRITE_ONCE(*l1e, nv);
	do_flush(flags, (unsigned long)va);
	return 0;
}

/*
 * Validated page-table updates arrive with the next milestone; until then
 * the request list is still read (a bad pointer is -EFAULT, as the ABI
 * says) and every request is refused with -ENOSYS.
 */
long do_mmu_update(uint64_t ureqs, uint64_t count, uint64_t done,
		   uint64_t foreigndom)
{
	struct vesta_mmu_update req;

	(void)done; (void)foreigndom;
	if (!count)
		return 0;
	if (copy_from_guest(&req, ureqs, sizeof(req)))
		return -EFAULT;
	return -ENOSYS;
}

/*
 * Until page tables can be validated, a base pointer may only name an L4
 * that is already typed as one (the builder's); 0 clears the user root.
 */
static int new_baseptr(bool user, uint64_t mfn)
{
	struct vcpu *v = current;

	if (user && !mfn) {
		v->arch.user_l4_mfn = 0;
		return 0;
	}
	if (!page_owned_by(mfn, v->domain) ||
	    (frame_table[mfn].type_info & PGT_type_mask) != PGT_l4)
		return -EINVAL;
	if (user) {
		v->arch.user_l4_mfn = mfn;
	} else {
		v->arch.kernel_l4_mfn = mfn;
		pv_load_cr3(v);
	}
	return 0;
}

long do_mmuext_op(uint64_t ops, uint64_t count, uint64_t done,
		  uint64_t foreigndom)
{
	struct vesta_mmuext_op op;

	(void)done;
	if (foreigndom != VESTA_DOMID_SELF && foreigndom)
		return -ENOSYS;
	for (uint64_t i = 0; i < min(count, (uint64_t)512); i++) {
		if (copy_from_guest(&op, ops + i * sizeof(op), sizeof(op)))
			return -EFAULT;
		switch (op.cmd) {
		case VESTA_MMUEXT_TLB_FLUSH_LOCAL:
			flush_tlb_local();
			break;
		case VESTA_MMUEXT_INVLPG_LOCAL:
			invlpg((unsigned long)op.arg1.linear_addr);
			break;
		case VESTA_MMUEXT_NEW_BASEPTR:
		case VESTA_MMUEXT_NEW_USER_BASEPTR:
			if (new_baseptr(op.cmd == VESTA_MMUEXT_NEW_USER_BASEPTR,
					op.arg1.mfn))
				return -EINVAL;
			break;
		case VESTA_MMUEXT_TLB_FLUSH_ALL:
		case VESTA_MMUEXT_INVLPG_ALL:
			smp_call_function_all(flush_all_cpus, NULL);
			break;
		default:
			/* Pinning and base pointers: next milestone. */
			return -ENOSYS;
		}
	}
	return count > 512 ? -EINVAL : 0;
}

static long memory_map(const struct domain *d, uint64_t arg)
{
	struct vesta_memory_map mm;
	struct vesta_e820_entry e = {
		.addr = 0,
		.size = d->tot_pages << PAGE_SHIFT,
		.type = VESTA_E820_RAM,
	};

	if (copy_from_guest(&mm, arg, sizeof(mm)))
		return -EFAULT;
	if (mm.nr_entries < 1)
		return -EINVAL;
	if (copy_to_guest(mm.buffer, &e, sizeof(e)))
		return -EFAULT;
	mm.nr_entries = 1;
	if (copy_to_guest(arg, &mm, sizeof(mm)))
		return -EFAULT;
	return 0;
}

static long reservation_query(struct domain *d, uint64_t cmd, uint64_t arg)
{
	uint16_t domid;
	struct domain *t;
	long r;

	if (copy_from_guest(&domid, arg, sizeof(domid)))
		return -EFAULT;
	if (domid != VESTA_DOMID_SELF && domid != d->domain_id &&
	    !d->is_privileged)
		return -EPERM;
	t = domain_lookup_by_caller(d, domid);
	if (!t)
		return -ESRCH;
	switch (cmd) {
	case VESTA_XENMEM_current_reservation:
		r = (long)t->tot_pages;
		break;
	case VESTA_XENMEM_maximum_reservation:
		r = (long)t->max_pages;
		break;
	default:
		r = (long)t->tot_pages - 1;	/* maximum_gpfn */
		break;
	}
	domain_put(t);
	return r;
}

long do_memory_op(uint64_t cmd, uint64_t arg)
{
	struct domain *d = current->domain;

	switch (cmd) {
	case VESTA_XENMEM_maximum_ram_page:
		return (long)max_pfn - 1;
	case VESTA_XENMEM_current_reservation:
	case VESTA_XENMEM_maximum_reservation:
	case VESTA_XENMEM_maximum_gpfn:
		return reservation_query(d, cmd, arg);
	case VESTA_XENMEM_machphys_mapping: {
		struct vesta_machphys_mapping m = {
			.v_start = M2P_VIRT_START,
			.v_end = M2P_VIRT_START + m2p_entries * 8,
			.max_mfn = m2p_entries - 1,
		};

		return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
	}
	case VESTA_XENMEM_memory_map:
		return memory_map(d, arg);
	case VESTA_XENMEM_machine_memory_map:
		return d->is_privileged ? -ENOSYS : -EPERM;
	default:
		return -ENOSYS;
	}
}
