/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot-time domain construction: every boot module that is a PV kernel
 * (bzImage or ELF) becomes a domain, the module after it (if it is not a
 * kernel) its initrd. The first is dom0 (privileged, dom0_mem=,
 * dom0_max_vcpus=); later ones are unprivileged test domains
 * (domu_mem=, domu_max_vcpus=). The pure work (layout, page tables,
 * start_info) is lib/pv-build.c; this file decompresses, allocates,
 * types the page-table frames and starts vCPU 0.
 */
#include <vesta/bzimage.h>
#include <vesta/domain.h>
#include <vesta/elf.h>
#include <vesta/errno.h>
#include <vesta/inflate.h>
#include <vesta/mm.h>
#include <vesta/multiboot.h>
#include <vesta/param.h>
#include <vesta/printk.h>
#include <vesta/pv-build.h>
#include <vesta/smp.h>
#include <vesta/xz.h>
#include <string.h>
#include <asm/page.h>
#include <asm/pv.h>
#include <asm/setup.h>

static unsigned long opt_dom0_mem = 256UL << 20;
size_param("dom0_mem", opt_dom0_mem);
static unsigned long opt_dom0_vcpus = 1;
integer_param("dom0_max_vcpus", opt_dom0_vcpus);
static unsigned long opt_domu_mem = 64UL << 20;
size_param("domu_mem", opt_domu_mem);
static unsigned long opt_domu_vcpus = 1;
integer_param("domu_max_vcpus", opt_domu_vcpus);
/* Pin dom0's vCPU i to pCPU i (modulo the pCPUs), as Xen's option does. */
static bool opt_dom0_vcpus_pin;
boolean_param("dom0_vcpus_pin", opt_dom0_vcpus_pin);
/* Scheduler parameters for the boot domUs (no toolstack yet). */
static unsigned long opt_domu_weight = 256;
integer_param("domu_weight", opt_domu_weight);
static unsigned long opt_domu_cap;
integer_param("domu_cap", opt_domu_cap);

/* What we offer a PV kernel (its '!' features must be among these). */
#define OFFERED_FEATURES ((1u << XEN_FEAT_writable_page_tables) |	\
			  (1u << XEN_FEAT_pae_pgdir_above_4gb) |	\
			  (1u << XEN_FEAT_dom0))

struct image {
	const uint8_t *data;	/* the vmlinux ELF */
	size_t len;
	void *buf;		/* decompression output to free, or NULL */
	unsigned int buf_order;
};

static int decompress(const uint8_t *p, size_t n, enum compression kind,
		      struct image *img, const struct diag *dg)
{
	uint64_t size = 0;
	size_t out_len;
	void *ws;
	int rc;

	if (kind == COMPRESSION_XZ) {
		/*
		 * Linux's bzImage appends the uncompressed size (4 bytes) to
		 * the xz stream; the stream itself ends before it.
		 */
		rc = xz_uncompressed_size(p, n, &size);
		if (rc && n > 4 && !xz_uncompressed_size(p, n - 4, &size)) {
			n -= 4;
			rc = 0;
		}
	} else if (kind == COMPRESSION_GZIP && n >= 4) {
		/* ISIZE, the gzip trailer: a hint, checked by the decoder. */
		size = p[n - 4] | p[n - 3] << 8 | p[n - 2] << 16 |
		       (uint64_t)p[n - 1] << 24;
		rc = 0;
	} else {
		diag_report(dg, "kernel payload is %s: not supported (xz and gzip are)",
			   bzimage_compression_name(kind));
		return -EOPNOTSUPP;
	}
	if (rc || !size || size > (1ULL << 30)) {
		diag_report(dg, "cannot size the compressed kernel payload");
		return -EINVAL;
	}
	img->buf_order = bytes_to_order(size);
	img->buf = alloc_pages(img->buf_order);
	ws = alloc_pages(bytes_to_order(INFLATE_WORKSPACE_SIZE));
	if (!img->buf || !ws) {
		free_pages(ws, bytes_to_order(INFLATE_WORKSPACE_SIZE));
		diag_report(dg, "no memory to decompress the kernel (%lu MiB)",
			   (unsigned long)(size >> 20));
		return -ENOMEM;
	}
	if (kind == COMPRESSION_XZ)
		rc = xz_decode(p, n, img->buf, size, &out_len, ws);
	else
		rc = gzip_decode(p, n, img->buf, size, &out_len, ws);
	if (rc)
		diag_report(dg, "kernel payload does not decompress (%s, error %d)",
			   bzimage_compression_name(kind), rc);
	free_pages(ws, bytes_to_order(INFLATE_WORKSPACE_SIZE));
	img->data = img->buf;
	img->len = out_len;
	return rc;
}

static int open_image(const struct boot_module *m, struct image *img,
		      const struct diag *dg)
{
	const uint8_t *p;
	size_t n;
	enum compression kind;
	int rc;

	memset(img, 0, sizeof(*img));
	rc = bzimage_payload(__va(m->start), m->end - m->start, &p, &n, &kind);
	if (rc)
		return rc;
	if (kind == COMPRESSION_ELF) {
		img->data = p;
		img->len = n;
		return 0;
	}
	return decompress(p, n, kind, img, dg);
}

static void close_image(struct image *img)
{
	if (img->buf)
		free_pages(img->buf, img->buf_order);
	img->buf = NULL;
}

static uint64_t mem_pfn_to_mfn(void *ctx, uint64_t pfn)
{
	const struct domain *d = ctx;

	return d->arch.p2m_copy[pfn];
}

static void *mem_map(void *ctx, uint64_t pfn)
{
	const struct domain *d = ctx;

	return __va(pfn_to_paddr(d->arch.p2m_copy[pfn]));
}

static void start_vcpu0(struct domain *d, const struct pv_layout *l)
{
	struct vcpu *v = d->vcpus[0];
	struct arch_vcpu *a = &v->arch;

	a->regs.rip = l->entry;
	a->regs.rsp = l->stack_top;
	a->regs.rsi = l->start_info_virt;
	a->kernel_ss = VESTA_FLAT_KERNEL_SS64;
	a->kernel_sp = l->stack_top;
	a->kernel_l4_mfn = d->arch.p2m_copy[l->pt_pfn];
	a->initialised = true;
	domain_unpause(d);
}

/* Boot loaders put the module's file name first; the kernel wants the rest. */
static const char *kernel_args(const char *s)
{
	while (*s == ' ')
		s++;
	while (*s && *s != ' ')
		s++;
	while (*s == ' ')
		s++;
	return s;
}

struct build_req {
	domid_t id;
	const struct boot_module *kernel, *initrd;
	uint64_t mem;
	unsigned int vcpus;
};

static int fill_domain(struct domain *d, const struct build_req *r,
		       const struct image *img, const struct diag *dg)
{
	struct elf_image elf;
	struct xen_elf_info info;
	struct pv_build_params p = { 0 };
	struct pv_layout l;
	struct pv_mem m = { d, mem_pfn_to_mfn, mem_map };
	struct pv_start_info_extra x = { 0 };
	uint64_t hv_l4[16];
	int rc;

	rc = elf_parse(&elf, img->data, img->len, dg);
	if (!rc)
		rc = xen_elf_parse_notes(&elf, &info, dg);
	if (!rc)
		rc = xen_elf_check(&info, OFFERED_FEATURES, d->is_privileged, dg);
	if (rc)
		return rc;
	p.elf = &elf;
	p.info = &info;
	p.nr_pages = d->tot_pages;
	p.module_len = r->initrd ? r->initrd->end - r->initrd->start : 0;
	p.is_dom0 = d->is_privileged;
	rc = pv_layout_compute(&p, &l, dg);
	if (!rc)
		rc = pv_load_kernel(&p, &l, &m, dg);
	if (!rc && r->initrd)
		rc = pv_load_module(&l, &m, __va(r->initrd->start), p.module_len);
	pv_hv_l4_slots(hv_l4);
	if (!rc)
		rc = pv_build_pagetables(&l, &m, hv_l4, dg);
	if (rc)
		return rc;
	pv_fill_p2m(&l, &m);
	x.shared_info_maddr = pfn_to_paddr(d->shared_info_mfn);
	x.cmdline = kernel_args(r->kernel->cmdline);
	rc = pv_fill_start_info(mem_map(d, l.start_info_pfn), &p, &l, &m, &x, dg);
	if (rc)
		return rc;
	/*
	 * Validate the bootstrap tables as a guest's: pinned (as Xen's
	 * builder does), plus vCPU 0's root reference. This types every
	 * table and counts every mapping.
	 */
	rc = pv_pin(d, d->arch.p2m_copy[l.pt_pfn], 4);
	if (!rc)
		rc = pv_set_base(d, d->arch.p2m_copy[l.pt_pfn], PGTYPE_NO_MFN);
	if (rc) {
		diag_report(dg, "the bootstrap page tables do not validate (%d)",
			    rc);
		return rc;
	}
	printk(LOG_INFO "d%u: %lu MiB, %u vCPU(s), kernel %#lx-%#lx, entry %#lx, start_info %#lx, %lu page-table frames\n",
	       d->domain_id, (unsigned long)(d->tot_pages >> 8),
	       d->max_vcpus, (unsigned long)l.kernel_start,
	       (unsigned long)l.kernel_end, (unsigned long)l.entry,
	       (unsigned long)l.start_info_virt, (unsigned long)l.pt_pages);
	start_vcpu0(d, &l);
	return 0;
}

static int build_one(const struct build_req *r)
{
	const struct diag dg = { printk_diag, "domain builder" };
	struct domain *d = NULL;
	struct image img;
	uint64_t nr_pages = r->mem >> PAGE_SHIFT;
	int rc;

	rc = open_image(r->kernel, &img, &dg);
	if (rc)
		goto out;
	rc = domain_create(r->id, r->vcpus, r->id == 0, &d);
	if (rc) {
		printk(LOG_ERR "d%u: cannot create the domain (%d)\n", r->id, rc);
		goto out;
	}
	if (!r->id && opt_dom0_vcpus_pin)
		for (unsigned int i = 0; i < d->max_vcpus; i++)
			vcpu_set_affinity_one(d->vcpus[i], i % nr_cpus_online);
	if (r->id) {
		d->sched_weight = (unsigned int)min(max(opt_domu_weight, 1UL),
						    65535UL);
		d->sched_cap = (unsigned int)min(opt_domu_cap, 100UL *
						 d->max_vcpus);
	}
	d->arch.p2m_order = bytes_to_order(nr_pages * 8);
	d->arch.p2m_copy = alloc_pages(d->arch.p2m_order);
	d->arch.nr_p2m = nr_pages;
	rc = d->arch.p2m_copy ? domain_alloc_memory(d, nr_pages,
						    d->arch.p2m_copy) : -ENOMEM;
	if (rc)
		printk(LOG_ERR "d%u: not enough memory for %lu MiB\n", r->id,
		       (unsigned long)(r->mem >> 20));
	else
		rc = fill_domain(d, r, &img, &dg);
	if (rc)
		domain_crash(d, "could not be built (error %d)", rc);
out:
	close_image(&img);
	return rc;
}

static bool is_kernel(const struct boot_module *m)
{
	const uint8_t *p = __va(m->start);
	uint64_t n = m->end - m->start;

	if (n >= 4 && p[0] == 0x7f && p[1] == 'E' && p[2] == 'L' && p[3] == 'F')
		return true;
	return n >= 0x206 && !memcmp(p + 0x202, "HdrS", 4);
}

void pv_build_boot_domains(void)
{
	const struct boot_info *bi = boot_info_get();
	domid_t id = 0;

	for (unsigned int i = 0; i < bi->nr_modules; i++) {
		struct build_req r = { id, &bi->modules[i], NULL, 0, 0 };

		if (!is_kernel(r.kernel)) {
			printk(LOG_WARNING "module %u is not a PV kernel: ignored\n", i);
			continue;
		}
		if (i + 1 < bi->nr_modules && !is_kernel(&bi->modules[i + 1]))
			r.initrd = &bi->modules[++i];
		r.mem = id ? opt_domu_mem : opt_dom0_mem;
		r.vcpus = (unsigned int)(id ? opt_domu_vcpus : opt_dom0_vcpus);
		if (build_one(&r) == 0)
			printk(LOG_INFO "d%u: started\n", id);
		id++;
	}
	if (!id)
		printk(LOG_WARNING "no PV kernel among the boot modules: no domain started\n");
}
