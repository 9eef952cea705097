/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain and vCPU objects: creation, the domain list and its lookups with
 * reference counts, memory ownership, shutdown and crash, teardown. Not
 * responsible for building a guest image (arch/x86/pv/dom-build.c) or for
 * choosing what runs (sched.c).
 */
#include <vesta/arch.h>
#include <vesta/domain.h>
#include <vesta/errno.h>
#include <vesta/event.h>
#include <vesta/format.h>
#include <vesta/grant.h>
#include <vesta/keyhandler.h>
#include <vesta/mm.h>
#include <vesta/printk.h>
#include <vesta/smp.h>
#include <vesta/time.h>
#include <string.h>
#include <stdarg.h>

struct domain *domain_list[MAX_DOMAINS];
DEFINE_SPINLOCK(domlist_lock);

struct vcpu *domain_vcpu(const struct domain *d, unsigned int id)
{
	if (id >= d->max_vcpus)
		return NULL;
	id = array_index_nospec(id, d->max_vcpus);
	return d->vcpus[id];
}

void domain_get(struct domain *d)
{
	__atomic_fetch_add(&d->refcnt, 1, __ATOMIC_SEQ_CST);
}

static void domain_destroy(struct domain *d);

void domain_put(struct domain *d)
{
	if (__atomic_sub_fetch(&d->refcnt, 1, __ATOMIC_SEQ_CST) == 0)
		domain_destroy(d);
}

struct domain *domain_lookup(domid_t id)
{
	struct domain *d = NULL;

	if (id >= MAX_DOMAINS)
		return NULL;
	spin_lock(&domlist_lock);
	d = domain_list[array_index_nospec(id, MAX_DOMAINS)];
	if (d && d->state != DOMAIN_DYING)
		domain_get(d);
	else
		d = NULL;
	spin_unlock(&domlist_lock);
	return d;
}

/* DOMID_SELF names the caller; any other id is looked up. */
struct domain *domain_lookup_by_caller(struct domain *caller, domid_t id)
{
	if (id == VESTA_DOMID_SELF || id == caller->domain_id) {
		domain_get(caller);
		return caller;
	}
	return domain_lookup(id);
}

int vcpu_create(struct domain *d, unsigned int id)
{
	struct vcpu *v;
	int rc;

	if (id >= d->max_vcpus)
		return -EINVAL;
	if (d->vcpus[id])
		return -EEXIST;
	v = alloc_pages(1);	/* struct vcpu is about 6 KiB */
	if (!v)
		return -ENOMEM;
	BUILD_BUG_ON(sizeof(*v) > 2 * PAGE_SIZE);
	v->vcpu_id = id;
	v->domain = d;
	v->pause_flags = 1UL << VPF_down;
	v->vcpu_info_mfn = ~0ULL;
	/* Never NULL: every trap and event path reads it. */
	if (id < VESTA_LEGACY_MAX_VCPUS) {
		v->vcpu_info = &d->shared_info->vcpu_info[id];
	} else {
		v->vcpu_info = &v->dummy_vcpu_info;
		v->dummy_vcpu_info.evtchn_upcall_mask = 1;
	}
	for (unsigned int i = 0; i < CPUMASK_LONGS; i++)
		v->affinity[i] = ~0UL;
	v->processor = (d->domain_id + id) % nr_cpus_online;
	v->runstate.state = VESTA_RUNSTATE_offline;
	rc = arch_vcpu_create(v);
	if (rc) {
		free_pages(v, 1);
		return rc;
	}
	vcpu_timers_init(v);
	d->vcpus[id] = v;
	return 0;
}

int domain_create(domid_t id, unsigned int max_vcpus, bool is_privileged,
		  struct domain **out)
{
	struct domain *d;
	int rc;

	if (id >= MAX_DOMAINS || !max_vcpus || max_vcpus > MAX_VCPUS)
		return -EINVAL;
	BUILD_BUG_ON(sizeof(*d) > 64 * 1024);
	d = alloc_pages(4);
	if (!d)
		return -ENOMEM;
	d->domain_id = id;
	d->is_privileged = is_privileged;
	d->max_vcpus = max_vcpus;
	d->refcnt = 1;
	d->sched_weight = 256;
	d->shared_info = alloc_pages(0);
	rc = -ENOMEM;
	if (!d->shared_info)
		goto fail;
	d->shared_info_mfn = paddr_to_pfn(__pa(d->shared_info));
	/* Mappable by the guest (as data), never usable as a page table. */
	frame_table[d->shared_info_mfn].pgt.owner = PAGE_OWNER_SHARED;
	frame_table[d->shared_info_mfn].pgt.count = 1;
	/* Events stay masked until the guest unmasks them (Xen does this). */
	for (unsigned int i = 0; i < VESTA_LEGACY_MAX_VCPUS; i++)
		d->shared_info->vcpu_info[i].evtchn_upcall_mask = 1;
	time_domain_init(d);
	rc = evtchn_domain_init(d);
	if (rc)
		goto fail;
	/* Grant table (grant_table.c). */
	rc = grant_table_init(d);
	if (rc)
		goto fail;
	for (unsigned int i = 0; i < max_vcpus; i++) {
		rc = vcpu_create(d, i);
		if (rc)
			goto fail;
	}

	/* Publish last: only a complete domain becomes visible. */
	spin_lock(&domlist_lock);
	if (domain_list[id]) {
		spin_unlock(&domlist_lock);
		rc = -EEXIST;
		goto fail;
	}
	domain_list[id] = d;
	spin_unlock(&domlist_lock);
	*out = d;
	return 0;

fail:
	domain_destroy(d);
	return rc;
}

static void domain_free_memory(struct domain *d)
{
	uint64_t leaked = 0;

	for (unsigned int i = 0; i < d->nr_extents; i++) {
		const struct domain_extent *e = &d->extents[i];

		for (uint64_t f = 0; f < (1ULL << e->order); f++) {
			struct pgtype_frame *pf = &frame_table[e->mfn + f].pgt;

			if (pf->count || pgtype_count_of(pf->type))
				leaked++;
			memset(pf, 0, sizeof(*pf));
			m2p_set(e->mfn + f, M2P_INVALID);
		}
		free_pages(__va(pfn_to_paddr(e->mfn)), e->order);
	}
	d->nr_extents = 0;
	d->tot_pages = 0;
	/* References no page table should still hold: a hypervisor bug. */
	if (leaked)
		printk(LOG_ERR "d%u: %lu frames still referenced at destruction\n",
		       d->domain_id, (unsigned long)leaked);
}

/* Last reference gone: nothing can reach @d any more. */
static void domain_destroy(struct domain *d)
{
	evtchn_domain_destroy(d);
	arch_domain_relinquish(d);
	for (unsigned int i = 0; i < MAX_VCPUS; i++) {
		struct vcpu *v = d->vcpus[i];

		if (!v)
			continue;
		vcpu_timers_kill(v);
		arch_vcpu_destroy(v);
		free_pages(v, 1);
		d->vcpus[i] = NULL;
	}
	domain_free_memory(d);
	if (d->arch.p2m_copy)
		free_pages(d->arch.p2m_copy, d->arch.p2m_order);
	/* Grant frames: after the page tables that could map them are gone. */
	grant_table_destroy(d);
	if (d->shared_info)
		memset(&frame_table[d->shared_info_mfn].pgt, 0,
		       sizeof(struct pgtype_frame));
	free_pages(d->shared_info, 0);
	free_pages(d, 4);
}

/*
 * The largest naturally aligned chunks first, to keep extents few; a
 * fragmented heap falls back to smaller orders.
 */
int domain_alloc_memory(struct domain *d, uint64_t nr_pages, uint64_t *p2m)
{
	uint64_t done = 0;
	unsigned int order = 12;

	while (done < nr_pages) {
		void *p;
		uint64_t mfn;

		while (order && (1ULL << order) > nr_pages - done)
			order--;
		if (d->nr_extents >= DOMAIN_MAX_EXTENTS)
			return -ENOMEM;
		p = alloc_pages(order);
		if (!p) {
			if (!order)
				return -ENOMEM;
			order--;
			continue;
		}
		mfn = paddr_to_pfn(__pa(p));
		d->extents[d->nr_extents].mfn = mfn;
		d->extents[d->nr_extents++].order = order;
		for (uint64_t i = 0; i < (1ULL << order); i++, done++) {
			struct pgtype_frame *pf = &frame_table[mfn + i].pgt;

			/* Owned, with the allocation reference, untyped. */
			memset(pf, 0, sizeof(*pf));
			pf->owner = d->domain_id + 1;
			pf->count = 1;
			p2m[done] = mfn + i;
			m2p_set(mfn + i, done);
		}
	}
	d->tot_pages = d->max_pages = nr_pages;
	return 0;
}

bool page_owned_by(uint64_t mfn, const struct domain *d)
{
	return mfn < max_pfn &&
	       READ_ONCE(frame_table[mfn].pgt.owner) == d->domain_id + 1u;
}

static void domain_stop_vcpus(struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpus[i];

		if (v) {
			vcpu_pause_flag_set(v, VPF_shutdown);
			vcpu_timers_stop(v);
		}
	}
}

static const char *const shutdown_names[] = {
	"poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset",
};

void domain_shutdown(struct domain *d, unsigned int reason)
{
	spin_lock(&d->lock);
	if (d->state != DOMAIN_RUNNING) {
		spin_unlock(&d->lock);
		return;
	}
	d->shutdown_code = reason;
	d->state = DOMAIN_SHUTDOWN;
	spin_unlock(&d->lock);
	printk(LOG_INFO "d%u: shut down (%s)\n", d->domain_id,
	       reason < ARRAY_SIZE(shutdown_names) ? shutdown_names[reason] :
	       "unknown reason");
	domain_stop_vcpus(d);
	domain_dead_notify(d);
}

void domain_crash(struct domain *d, const char *why, ...)
{
	char buf[160];
	va_list ap;

	va_start(ap, why);
	vesta_vsnprintf(buf, sizeof(buf), why, ap);
	va_end(ap);
	spin_lock(&d->lock);
	if (d->state != DOMAIN_RUNNING) {
		spin_unlock(&d->lock);
		return;
	}
	d->state = DOMAIN_CRASHED;
	d->shutdown_code = VESTA_SHUTDOWN_crash;
	spin_unlock(&d->lock);
	printk(LOG_ERR "d%u: crashed: %s\n", d->domain_id, buf);
	domain_stop_vcpus(d);
	domain_dead_notify(d);
}

void domain_unpause(struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpus[i];

		if (v && v->arch.initialised)
			vcpu_pause_flag_clear(v, VPF_down);
	}
}

unsigned int domains_running(void)
{
	unsigned int n = 0;

	spin_lock(&domlist_lock);
	for (unsigned int i = 0; i < MAX_DOMAINS; i++)
		if (domain_list[i] && domain_list[i]->state == DOMAIN_RUNNING)
			n++;
	spin_unlock(&domlist_lock);
	return n;
}

/*
 * With no toolstack yet, the boot domains are all there is: once the last
 * one has stopped, say so and switch the machine off (ACPI S5), so test
 * runs end on their own.
 */
static bool vcpus_off_cpu(const struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i] && READ_ONCE(d->vcpus[i]->is_running))
			return false;
	return true;
}

/*
 * Boot domUs have no toolstack to collect them: once stopped and off
 * every pCPU, they are unlisted and their last reference dropped, which
 * frees all their memory (as xl's on_poweroff/on_crash=destroy would).
 */
static void reap_domains(void *unused);
static void final_stop(void *unused);
static struct timer reaper, final_timer;
static bool final_ready;

/*
 * Debug builds check every stopped domain's page-type counts before it
 * goes (the hostile-guest tests rely on this line).
 */
static void audit_report(struct domain *d)
{
	long bad;

	if (!VESTA_DEBUG)
		return;
	bad = pv_audit_domain(d);
	printk(bad ? LOG_ERR "d%u: page-type audit: %ld problem(s)\n" :
		     LOG_INFO "d%u: page-type audit: %ld problem(s)\n",
	       d->domain_id, bad);
}

static void reap_domains(void *unused)
{
	(void)unused;
	for (unsigned int id = 1; id < MAX_DOMAINS; id++) {
		struct domain *d = domain_list[id];
		uint64_t before = free_ram_pages();

		if (!d || d->state == DOMAIN_RUNNING || d->state == DOMAIN_DYING)
			continue;
		if (!vcpus_off_cpu(d)) {
			(void)set_timer(&reaper, now_ns() + MILLISECS(10));
			continue;
		}
		audit_report(d);
		spin_lock(&domlist_lock);
		domain_list[id] = NULL;
		d->state = DOMAIN_DYING;
		spin_unlock(&domlist_lock);
		domain_put(d);
		printk(LOG_INFO "d%u: destroyed, %lu pages returned to the heap\n",
		       id, (unsigned long)(free_ram_pages() - before));
	}
}

void domain_dead_notify(struct domain *d)
{
	static bool reaper_ready;

	if (d->domain_id) {
		if (!reaper_ready) {
			timer_init(&reaper, reap_domains, NULL, 0);
			reaper_ready = true;
		}
		(void)set_timer(&reaper, now_ns() + MILLISECS(10));
	}
	if (domains_running())
		return;
	if (!final_ready) {
		timer_init(&final_timer, final_stop, NULL, 0);
		final_ready = true;
	}
	(void)set_timer(&final_timer, now_ns() + MILLISECS(10));
}

/*
 * Everything has stopped: once the last vCPUs are off their pCPUs, audit
 * what is left (debug builds) and switch off.
 */
static void final_stop(void *unused)
{
	static unsigned int tries;
	bool quiet = true;

	(void)unused;
	for (unsigned int id = 0; id < MAX_DOMAINS; id++)
		if (domain_list[id] && !vcpus_off_cpu(domain_list[id]))
			quiet = false;
	if (!quiet && ++tries < 100) {
		(void)set_timer(&final_timer, now_ns() + MILLISECS(10));
		return;
	}
	for (unsigned int id = 0; id < MAX_DOMAINS; id++) {
		struct domain *x = domain_list[id];

		if (x && x->state != DOMAIN_DYING && vcpus_off_cpu(x))
			audit_report(x);
	}
	printk(LOG_INFO "vesta: all domains have stopped\n");
	machine_power_off();
}

static const char *const state_names[] = {
	"running", "shut down", "crashed", "dying",
};

static void dump_vcpu(const struct vcpu *v)
{
	const struct vesta_vcpu_info *vi = v->vcpu_info;

	printk("  v%u: cpu %u%s flags %#lx upcall pending %u mask %u; run %lu ms, hypercalls %lu, traps %lu, events %lu\n",
	       v->vcpu_id, v->processor, v->is_running ? " (running)" : "",
	       (unsigned long)v->pause_flags,
	       vi ? vi->evtchn_upcall_pending : 0,
	       vi ? vi->evtchn_upcall_mask : 0,
	       (unsigned long)(v->runstate.time[VESTA_RUNSTATE_running] /
			       1000000),
	       (unsigned long)v->arch.nr_hypercalls,
	       (unsigned long)v->arch.nr_traps,
	       (unsigned long)v->arch.nr_events);
}

static void dump_domains(char key)
{
	(void)key;
	spin_lock(&domlist_lock);
	for (unsigned int id = 0; id < MAX_DOMAINS; id++) {
		const struct domain *d = domain_list[id];

		if (!d)
			continue;
		printk("d%u: %s%s, %lu pages, %u vCPUs, weight %u cap %u%%\n",
		       id, state_names[d->state & 3],
		       d->is_privileged ? " (privileged)" : "",
		       (unsigned long)d->tot_pages, d->max_vcpus,
		       d->sched_weight, d->sched_cap);
		for (unsigned int i = 0; i < d->max_vcpus; i++)
			if (d->vcpus[i])
				dump_vcpu(d->vcpus[i]);
	}
	spin_unlock(&domlist_lock);
}
keyhandler('d', "dump domains and vCPUs", dump_domains);
