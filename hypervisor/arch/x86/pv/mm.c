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
#include <asm/setup.h>
#include <vesta/multiboot.h>

static uint64_t *m2p;		/* hypervisor's writable view */
static uint64_t m2p_entries;

void m2p_init(void)
{
	uint64_t bytes = ROUNDUP(max_pfn * sizeof(uint64_t), MB(2));
	unsigned int order = bytes_to_order(bytes);

	m2p = alloc_pages(order);
	if (!m2p)
		panic("mm: no memory for the M2P table (%lu KiB)",
		      (unsigned long)(bytes >> 10));
	m2p_entries = max_pfn;
	for (uint64_t i = 0; i < m2p_entries; i++)
		m2p[i] = M2P_INVALID;
	map_guest_readonly(M2P_VIRT_START, __pa(m2p), bytes);
	/*
	 * Every guest L4 carries copies of slots 256-271. Pre-set their
	 * Accessed bits so the CPU never changes one copy and not the others
	 * (the page-type audit compares them).
	 */
	for (unsigned int i = 256; i < 272; i++)
		if (idle_l4[i] & _PAGE_PRESENT)
			idle_l4[i] |= _PAGE_ACCESSED;
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

/* One level of the walk: the next table's MFN, if @d's and that level. */
static uint64_t next_level(const struct domain *d, uint64_t table_mfn,
			   unsigned long va, unsigned int shift,
			   unsigned int level)
{
	const uint64_t *t = __va(pfn_to_paddr(table_mfn));
	uint64_t e = READ_ONCE(t[pt_index(va, shift)]);
	uint64_t mfn = (e & PTE_ADDR_MASK) >> PAGE_SHIFT;

	if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
		return 0;
	if (!page_owned_by(mfn, d) || page_pt_level(mfn) != level)
		return 0;
	return mfn;
}

/* The L1 table mapping @va in the current address space of @v, or 0. */
uint64_t pv_find_l1(const struct vcpu *v, unsigned long va)
{
	const struct domain *d = v->domain;
	uint64_t mfn = read_cr3() >> PAGE_SHIFT;

	mfn = next_level(d, mfn, va, L4_SHIFT, 3);
	if (mfn)
		mfn = next_level(d, mfn, va, L3_SHIFT, 2);
	if (mfn)
		mfn = next_level(d, mfn, va, L2_SHIFT, 1);
	return mfn;
}

static void flush_all_cpus(void *unused)
{
	(void)unused;
	flush_tlb_local();
}

void pv_flush_tlb_all(void)
{
	smp_call_function_all(flush_all_cpus, NULL);
}

static void do_flush(uint64_t flags, unsigned long va)
{
	if ((flags & ~VESTA_UVMF_FLUSHTYPE_MASK) != VESTA_UVMF_LOCAL) {
		/* Other vCPUs may cache it anywhere: flush every CPU. */
		pv_flush_tlb_all();
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
	uint64_t l1;
	int rc;

	if (!guest_range_ok(va, 1))
		return -EINVAL;
	l1 = pv_find_l1(v, (unsigned long)va);
	if (!l1) {
		gprintk(LOG_DEBUG "d%u: update_va_mapping %#lx: no L1 of the domain maps it\n",
			v->domain->domain_id, (unsigned long)va);
		return -EINVAL;
	}
	rc = pv_mod_entry(v->domain, l1, 1, pt_index(va, L1_SHIFT), val, 0);
	if (rc) {
		gprintk(LOG_DEBUG "d%u: update_va_mapping %#lx: entry %#lx refused (%d)\n",
			v->domain->domain_id, (unsigned long)va,
			(unsigned long)val, rc);
		return rc;
	}
	do_flush(flags, (unsigned long)va);
	return 0;
}

/*
 * mmu_update: a batch of {ptr, val}. NORMAL and PRESERVE_AD update an
 * entry of one of the caller's page tables (ptr = its machine address);
 * MACHPHYS sets the M2P entry of a frame it owns. Foreign domains are not
 * supported yet (-EPERM/-ESRCH). Stops at the first failure; *pdone says
 * how many were done.
 */
static int mmu_update_one(struct domain *d, const struct vesta_mmu_update *u)
{
	uint64_t mfn = u->ptr >> PAGE_SHIFT;
	unsigned int level;

	switch (u->ptr & VESTA_MMU_CMD_MASK) {
	case VESTA_MMU_NORMAL_PT_UPDATE:
	case VESTA_MMU_PT_UPDATE_PRESERVE_AD:
		if (!page_owned_by(mfn, d))
			return -EINVAL;
		level = page_pt_level(mfn);
		/* Not a page table (yet): a plain, checked store, as in Xen. */
		if (!level)
			return pv_write_plain(d, mfn, (unsigned int)(u->ptr & 0xff8),
					      u->val);
		return pv_mod_entry(d, mfn, level, (u->ptr & 0xff8) >> 3,
				    u->val,
				    (u->ptr & VESTA_MMU_CMD_MASK) ==
				    VESTA_MMU_PT_UPDATE_PRESERVE_AD ?
				    PGTYPE_MOD_PRESERVE_AD : 0);
	case VESTA_MMU_MACHPHYS_UPDATE:
		if (!page_owned_by(mfn, d))
			return -EINVAL;	/* Xen's answer for a frame not ours */
		m2p_set(mfn, u->val);
		return 0;
	default:
		return -ENOSYS;
	}
}

/*
 * Run a batch of @count requests of @size bytes from @list through @one,
 * stopping at the first failure; *@pdone gets how many were done (a done
 * count that cannot be written is not an error, as in Xen).
 */
static long run_batch(struct domain *d, uint64_t list, uint64_t count,
		      uint64_t pdone, size_t size,
		      int (*one)(struct domain *d, const void *req))
{
	uint64_t req[4], done = 0;
	long rc = 0;

	BUILD_BUG_ON(sizeof(struct vesta_mmu_update) > sizeof(req) ||
		     sizeof(struct vesta_mmuext_op) > sizeof(req));
	if (count > (1ULL << 20))
		return -EINVAL;
	for (; done < count; done++) {
		if (copy_from_guest(req, list + done * size, size)) {
			rc = -EFAULT;
			break;
		}
		rc = one(d, req);
		if (rc)
			break;
	}
	if (pdone && copy_to_guest(pdone, &done, sizeof(uint32_t)))
		gprintk(LOG_DEBUG "d%u: done count not written\n",
			d->domain_id);
	return rc;
}

/* Only the caller's own tables for now: foreign updates come later. */
static long check_foreigndom(const struct domain *d, uint64_t foreigndom)
{
	if ((foreigndom & 0xffff) != VESTA_DOMID_SELF &&
	    (foreigndom & 0xffff) != d->domain_id)
		return d->is_privileged ? -ESRCH : -EPERM;
	return 0;
}

static int mmu_update_req(struct domain *d, const void *req)
{
	const struct vesta_mmu_update *u = req;
	int rc = mmu_update_one(d, u);

	if (rc)
		gprintk(LOG_DEBUG "d%u: mmu_update ptr %#lx val %#lx: %d\n",
			d->domain_id, (unsigned long)u->ptr,
			(unsigned long)u->val, rc);
	return rc;
}

long do_mmu_update(uint64_t ureqs, uint64_t count, uint64_t pdone,
		   uint64_t foreigndom)
{
	struct domain *d = current->domain;
	long rc = check_foreigndom(d, foreigndom);

	return rc ? rc : run_batch(d, ureqs, count, pdone,
				   sizeof(struct vesta_mmu_update),
				   mmu_update_req);
}

/*
 * A base pointer takes an L4 type reference on the new root (validating
 * it if need be) and drops the old root's; 0 clears the user root.
 */
static int new_baseptr(bool user, uint64_t mfn)
{
	struct vcpu *v = current;
	uint64_t *root = user ? &v->arch.user_l4_mfn : &v->arch.kernel_l4_mfn;
	uint64_t old = *root ? *root : PGTYPE_NO_MFN;
	int rc;

	if (!mfn && !user)
		return -EINVAL;
	if (mfn && !page_owned_by(mfn, v->domain))
		return -EINVAL;
	rc = pv_set_base(v->domain, mfn ? mfn : PGTYPE_NO_MFN, old);
	if (rc)
		return rc;
	*root = mfn;
	if (!user || !v->arch.in_kernel)
		pv_load_cr3(v);
	return 0;
}

static int pin_op(const struct vesta_mmuext_op *op)
{
	struct domain *d = current->domain;
	uint64_t mfn = op->arg1.mfn;

	if (!page_owned_by(mfn, d))
		return -EINVAL;
	if (op->cmd == VESTA_MMUEXT_UNPIN_TABLE)
		return pv_unpin(d, mfn);
	return pv_pin(d, mfn, op->cmd - VESTA_MMUEXT_PIN_L1_TABLE + 1);
}

static int mmuext_one(const struct vesta_mmuext_op *op)
{
	switch (op->cmd) {
	case VESTA_MMUEXT_PIN_L1_TABLE:
	case VESTA_MMUEXT_PIN_L2_TABLE:
	case VESTA_MMUEXT_PIN_L3_TABLE:
	case VESTA_MMUEXT_PIN_L4_TABLE:
	case VESTA_MMUEXT_UNPIN_TABLE:
		return pin_op(op);
	case VESTA_MMUEXT_NEW_BASEPTR:
	case VESTA_MMUEXT_NEW_USER_BASEPTR:
		return new_baseptr(op->cmd == VESTA_MMUEXT_NEW_USER_BASEPTR,
				   op->arg1.mfn);
	case VESTA_MMUEXT_TLB_FLUSH_LOCAL:
		flush_tlb_local();
		return 0;
	case VESTA_MMUEXT_INVLPG_LOCAL:
		invlpg((unsigned long)op->arg1.linear_addr);
		return 0;
	case VESTA_MMUEXT_TLB_FLUSH_MULTI:
	case VESTA_MMUEXT_INVLPG_MULTI:
	case VESTA_MMUEXT_TLB_FLUSH_ALL:
	case VESTA_MMUEXT_INVLPG_ALL:
		/* Other vCPUs may cache it anywhere: flush every CPU. */
		pv_flush_tlb_all();
		return 0;
	case VESTA_MMUEXT_SET_LDT:
		/* No LDT support yet: only "no LDT" is accepted. */
		return op->arg2.nr_ents ? -ENOSYS : 0;
	default:
		return -ENOSYS;
	}
}

static int mmuext_req(struct domain *d, const void *req)
{
	(void)d;
	return mmuext_one(req);
}

long do_mmuext_op(uint64_t ops, uint64_t count, uint64_t pdone,
		  uint64_t foreigndom)
{
	struct domain *d = current->domain;
	long rc = check_foreigndom(d, foreigndom);

	return rc ? rc : run_batch(d, ops, count, pdone,
				   sizeof(struct vesta_mmuext_op), mmuext_req);
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

/*
 * The firmware's memory map as the boot loader gave it (dom0 sizes its
 * e820 from it). Types above the BIOS ones become "reserved".
 */
static long machine_memory_map(uint64_t arg)
{
	const struct boot_info *bi = boot_info_get();
	struct vesta_memory_map mm;
	unsigned int n;

	if (copy_from_guest(&mm, arg, sizeof(mm)))
		return -EFAULT;
	n = min(mm.nr_entries, bi->nr_mmap);
	for (unsigned int i = 0; i < n; i++) {
		struct vesta_e820_entry e = {
			.addr = bi->mmap[i].addr,
			.size = bi->mmap[i].size,
			.type = bi->mmap[i].type <= VESTA_E820_UNUSABLE ?
				bi->mmap[i].type : VESTA_E820_RESERVED,
		};

		if (copy_to_guest(mm.buffer + i * sizeof(e), &e, sizeof(e)))
			return -EFAULT;
	}
	mm.nr_entries = n;
	return copy_to_guest(arg, &mm, sizeof(mm)) ? -EFAULT : 0;
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
		if (!d->is_privileged)
			return -EPERM;
		return machine_memory_map(arg);
	default:
		return -ENOSYS;
	}
}
