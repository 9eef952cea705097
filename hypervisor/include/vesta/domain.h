/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains and vCPUs: the objects, their life cycle (create, run, pause,
 * shut down, crash, destroy) and the lookups every hypercall uses. Not
 * responsible for how a domain is built (pv/dom-build.c), scheduled
 * (sched.c) or how its event channels work (evtchn.c); those keep their
 * state here only through the fields named below.
 */
#ifndef VESTA_DOMAIN_H
#define VESTA_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>
#include <vesta/lib.h>
#include <vesta/spinlock.h>
#include <vesta/timer.h>
#include <public/vesta.h>
#include <public/vcpu.h>
#include <public/sched.h>
#include <asm/domain.h>

typedef uint16_t domid_t;

#define MAX_DOMAINS		128
#define MAX_VCPUS		128	/* per domain */
#define DOMAIN_MAX_EXTENTS	1024	/* memory chunks per domain */
#define NR_VIRQS		24
#define NR_WATCHDOGS		2
#define CPUMASK_LONGS		(NR_CPUS / 64)

/* vCPU pause/sleep reasons (struct vcpu.pause_flags bits). */
#define VPF_blocked		0	/* SCHEDOP_block / poll: wait for an event */
#define VPF_down		1	/* not initialised, or VCPUOP_down */
#define VPF_shutdown		2	/* its domain has shut down or crashed */

enum domain_state {
	DOMAIN_RUNNING,		/* some vCPUs may be runnable */
	DOMAIN_SHUTDOWN,	/* SCHEDOP_shutdown: reason in shutdown_code */
	DOMAIN_CRASHED,		/* domain_crash(): killed for a guest error */
	DOMAIN_DYING,		/* being torn down */
};

struct vcpu {
	unsigned int vcpu_id;
	struct domain *domain;

	/* Scheduling (sched.c). processor is where it runs or is queued. */
	unsigned int processor;
	unsigned long affinity[CPUMASK_LONGS];
	volatile unsigned long pause_flags;	/* VPF_* */
	volatile bool is_running;		/* on a pCPU right now */
	bool on_runq;
	struct vcpu *runq_next, *runq_prev;
	int64_t credit;				/* ns of CPU left this period */
	uint64_t sched_in_ns;			/* when it last started running */

	/*
	 * Where the guest sees its vcpu_info: the legacy slot in shared_info
	 * until VCPUOP_register_vcpu_info moves it into a guest page.
	 */
	struct vesta_vcpu_info *vcpu_info;
	uint64_t vcpu_info_mfn;			/* ~0 while in shared_info */
	/* vCPUs 32 and up have no legacy slot: this until they register. */
	struct vesta_vcpu_info dummy_vcpu_info;

	/* Runstate accounting, copied to runstate_guest when registered. */
	struct vesta_vcpu_runstate_info runstate;
	uint64_t runstate_guest;		/* guest VA, 0 = none */

	/* Timers (time.c / vcpu_op). */
	struct timer singleshot_timer;
	struct timer periodic_timer;
	uint64_t periodic_period_ns;
	struct timer poll_timer;

	/* Events (evtchn.c). */
	uint32_t virq_to_port[NR_VIRQS];
	/* SCHEDOP_poll: the ports this vCPU waits on (copied in). */
	uint32_t poll_ports[128];
	unsigned int nr_poll_ports;
	volatile bool is_polling;

	struct arch_vcpu arch;
};

struct domain_extent {
	uint64_t mfn;
	unsigned int order;
};

struct domain {
	domid_t domain_id;
	bool is_privileged;
	volatile enum domain_state state;
	unsigned int shutdown_code;		/* VESTA_SHUTDOWN_* */
	spinlock_t lock;
	volatile int refcnt;

	unsigned int max_vcpus;
	struct vcpu *vcpus[MAX_VCPUS];

	/* Memory: the extents the domain owns, freed on destroy. */
	struct domain_extent extents[DOMAIN_MAX_EXTENTS];
	unsigned int nr_extents;
	uint64_t tot_pages, max_pages;

	/* The shared_info page (owned by the hypervisor, mapped by the guest). */
	struct vesta_shared_info *shared_info;
	uint64_t shared_info_mfn;

	unsigned long vm_assist;		/* VESTA_VMASST_TYPE_* bits */

	/* Scheduler parameters (credit-style). */
	unsigned int sched_weight;		/* relative share, default 256 */
	unsigned int sched_cap;			/* % of one pCPU, 0 = none */
	uint64_t cap_period_start;		/* ns; usage resets each period */
	uint64_t cap_used_ns;			/* run time in this period */

	/* Event channels (evtchn.c). */
	spinlock_t event_lock;
	struct evtchn *evtchn;			/* array of max_evtchns */
	unsigned int max_evtchns;

	/* Grant table (grant_table.c); NULL until domain_create sets it. */
	struct grant_table *grant;

	/* SCHEDOP_watchdog timers. */
	struct timer watchdog[NR_WATCHDOGS];
	bool watchdog_used[NR_WATCHDOGS];

	/* Console output collected up to a newline (console_io). */
	spinlock_t con_lock;
	char con_buf[160];
	unsigned int con_len;

	struct arch_domain arch;
};

/* All domains by id; NULL where free. Read under domlist_lock. */
extern struct domain *domain_list[MAX_DOMAINS];
extern spinlock_t domlist_lock;

/*
 * domain_create() - Allocate and register a domain with @max_vcpus vCPUs
 * (all down) and a shared_info page.
 * Return: 0 and *@out, -EINVAL bad id or vCPU count, -EEXIST id taken,
 * -ENOMEM out of memory. The domain is published only when complete.
 */
int __must_check domain_create(domid_t id, unsigned int max_vcpus,
			       bool is_privileged, struct domain **out);

/*
 * domain_alloc_memory() - Give @d @nr_pages pages of RAM (zeroed, owned by
 * it, in the M2P as pfns 0..nr_pages-1 in order of the returned p2m).
 * @p2m: out, one MFN per pfn (caller's array of @nr_pages entries).
 * Return: 0, or -ENOMEM (everything allocated so far stays with @d and is
 * freed by domain_destroy()).
 */
int __must_check domain_alloc_memory(struct domain *d, uint64_t nr_pages,
				     uint64_t *p2m);

/* Reference counting: _lookup returns a referenced domain or NULL. */
struct domain *domain_lookup(domid_t id);
struct domain *domain_lookup_by_caller(struct domain *caller, domid_t id);
void domain_get(struct domain *d);
void domain_put(struct domain *d);

/*
 * domain_crash() - Kill @d because of a guest error: every vCPU stops,
 * the reason is logged with the domain id. Safe from any context of the
 * domain's own vCPUs; never returns an error.
 */
void domain_crash(struct domain *d, const char *why, ...) __printf(2, 3);

/* domain_shutdown() - SCHEDOP_shutdown: stop all vCPUs, record @reason. */
void domain_shutdown(struct domain *d, unsigned int reason);

/* Unpause the domain's vCPUs that are initialised (start it running). */
void domain_unpause(struct domain *d);

/* Number of live (not shut down, not crashed) domains. */
unsigned int domains_running(void);

/* The vCPU running on this pCPU (the idle vCPU when none). */
struct vcpu *current_vcpu(void);
#define current current_vcpu()

bool is_idle_vcpu(const struct vcpu *v);

/* vCPU @id of @d, or NULL (bounds-checked: ids come from guests). */
struct vcpu *domain_vcpu(const struct domain *d, unsigned int id);

/*
 * vcpu_create() - Allocate vCPU @id of @d (down, affinity all pCPUs,
 * placed round-robin). Return: 0, -EINVAL, -EEXIST, -ENOMEM.
 */
int __must_check vcpu_create(struct domain *d, unsigned int id);

/*
 * vcpu_mark_events_pending() - Set evtchn_upcall_pending in @v's
 * vcpu_info and make @v notice: wake it if blocked, kick its pCPU if it is
 * running elsewhere. Context: any, no lock held of @v's domain required.
 */
void vcpu_mark_events_pending(struct vcpu *v);

/* Does @d own machine frame @mfn (bounds-checked)? */
bool page_owned_by(uint64_t mfn, const struct domain *d);

/*
 * domain_dead_notify() - @d has shut down or crashed: when no domain is
 * left running, report it and power the machine off (boot-time domains
 * have no toolstack to restart them yet).
 */
void domain_dead_notify(struct domain *d);

/* Copy @v's runstate to its registered guest area, if mapped now. */
void vcpu_runstate_publish(struct vcpu *v);

/* Guest time (vtime.c): pvclock, wallclock, vCPU timers. */
void time_domain_init(struct domain *d);
void vcpu_timers_init(struct vcpu *v);
void vcpu_timers_stop(struct vcpu *v);
void vcpu_timers_kill(struct vcpu *v);
/* Refresh @v's pvclock (vcpu_info and legacy slot); @v is current. */
void vcpu_time_update(struct vcpu *v);
/* Guest system time: ns since boot, the same clock pvclock shows. */
uint64_t guest_now_ns(void);

/* Scheduler (sched.c). */
void sched_init(void);
void sched_cpu_init(unsigned int cpu);
void vcpu_wake(struct vcpu *v);			/* clear nothing; requeue if runnable */
void vcpu_sleep(struct vcpu *v);		/* take off a pCPU if not runnable */
void vcpu_block(struct vcpu *v);		/* current vCPU: set VPF_blocked, resched */
void vcpu_unblock(struct vcpu *v);		/* clear VPF_blocked and wake */
void vcpu_yield(void);
/* Pin @v to pCPU @cpu (boot-time placement, e.g. dom0_vcpus_pin). */
void vcpu_set_affinity_one(struct vcpu *v, unsigned int cpu);
bool vcpu_runnable(const struct vcpu *v);
void vcpu_pause_flag_set(struct vcpu *v, unsigned int flag);
void vcpu_pause_flag_clear(struct vcpu *v, unsigned int flag);
/* Make this pCPU re-run the scheduler on its way out of the hypervisor. */
void sched_raise(void);
/* Called from the SCHEDULE softirq: pick and switch (may not return). */
void schedule(void);

#endif /* VESTA_DOMAIN_H */
