/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The vCPU scheduler: one run queue per pCPU, round-robin time slices
 * whose length follows the domain's weight, a cap that parks a vCPU for
 * the rest of its period once it used its share, affinity, work stealing
 * by pCPUs that would otherwise idle, and blocking/wake-up. A vCPU runs
 * on the pCPU whose run-queue lock covers it (v->processor); it is
 * "running" while it is that pCPU's curr. Not responsible for saving and
 * loading register state (arch_context_switch) or for what wakes a vCPU
 * (events, timers).
 */
#include <vesta/arch.h>
#include <vesta/domain.h>
#include <vesta/event.h>
#include <vesta/mm.h>
#include <vesta/printk.h>
#include <vesta/smp.h>
#include <vesta/softirq.h>
#include <vesta/time.h>
#include <vesta/timer.h>
#include <vesta/keyhandler.h>

#define SLICE_NS	MILLISECS(10)	/* at the default weight of 256 */
#define CAP_PERIOD_NS	MILLISECS(30)

struct sched_pcpu {
	spinlock_t lock;
	struct vcpu *head, *tail;	/* runnable, not running */
	unsigned int nr_queued;
	struct vcpu *curr;
	struct vcpu *idle;
	struct timer slice_timer;
	uint64_t nr_switches;
};

static struct sched_pcpu spc[NR_CPUS];
static struct domain idle_domain;

void idle_loop(void);

struct vcpu *current_vcpu(void)
{
	return spc[smp_processor_id()].curr;
}

bool is_idle_vcpu(const struct vcpu *v)
{
	return v->domain == &idle_domain;
}

bool vcpu_runnable(const struct vcpu *v)
{
	return !READ_ONCE(v->pause_flags) &&
	       READ_ONCE(v->domain->state) == DOMAIN_RUNNING;
}

static bool has_affinity(const struct vcpu *v, unsigned int cpu)
{
	return (v->affinity[cpu / 64] >> (cpu % 64)) & 1;
}

static void runq_insert(struct sched_pcpu *sp, struct vcpu *v)
{
	v->runq_next = NULL;
	v->runq_prev = sp->tail;
	if (sp->tail)
		sp->tail->runq_next = v;
	else
		sp->head = v;
	sp->tail = v;
	v->on_runq = true;
	sp->nr_queued++;
}

static void runq_remove(struct sched_pcpu *sp, struct vcpu *v)
{
	if (v->runq_prev)
		v->runq_prev->runq_next = v->runq_next;
	else
		sp->head = v->runq_next;
	if (v->runq_next)
		v->runq_next->runq_prev = v->runq_prev;
	else
		sp->tail = v->runq_prev;
	v->runq_next = v->runq_prev = NULL;
	v->on_runq = false;
	sp->nr_queued--;
}

/* Lock the run queue @v belongs to; v->processor only moves under it. */
static struct sched_pcpu *vcpu_lock(struct vcpu *v, unsigned long *flags)
{
	for (;;) {
		unsigned int cpu = READ_ONCE(v->processor);
		struct sched_pcpu *sp = &spc[cpu];

		*flags = spin_lock_irqsave(&sp->lock);
		if (cpu == READ_ONCE(v->processor))
			return sp;
		spin_unlock_irqrestore(&sp->lock, *flags);
	}
}

/* Ask an idle pCPU that may run @v to come and steal it. */
static void kick_idle_cpu(const struct vcpu *v)
{
	for (unsigned int c = 0; c < NR_CPUS; c++) {
		if (c == v->processor || !cpu_online(c) || !has_affinity(v, c))
			continue;
		if (is_idle_vcpu(READ_ONCE(spc[c].curr))) {
			cpu_raise_softirq(c, SCHEDULE_SOFTIRQ);
			return;
		}
	}
}

/*
 * Queue @v if it is runnable and neither queued nor its pCPU's curr. A
 * vCPU that is still being switched out (is_running) may be queued: its
 * own pCPU will not pick it before the switch is over, and stealers skip
 * it until then.
 */
void vcpu_wake(struct vcpu *v)
{
	unsigned long f;
	struct sched_pcpu *sp;
	unsigned int cpu;
	bool busy;

	if (is_idle_vcpu(v))
		return;
	sp = vcpu_lock(v, &f);
	if (!vcpu_runnable(v) || v->on_runq || sp->curr == v) {
		spin_unlock_irqrestore(&sp->lock, f);
		return;
	}
	runq_insert(sp, v);
	cpu = v->processor;
	busy = !is_idle_vcpu(sp->curr);
	spin_unlock_irqrestore(&sp->lock, f);
	if (!busy)
		cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
	else
		kick_idle_cpu(v);
}

void vcpu_pause_flag_set(struct vcpu *v, unsigned int flag)
{
	unsigned long f;
	struct sched_pcpu *sp;

	__atomic_fetch_or(&v->pause_flags, 1UL << flag, __ATOMIC_SEQ_CST);
	sp = vcpu_lock(v, &f);
	if (v->on_runq)
		runq_remove(sp, v);
	if (sp->curr == v)
		cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
	spin_unlock_irqrestore(&sp->lock, f);
}

void vcpu_pause_flag_clear(struct vcpu *v, unsigned int flag)
{
	__atomic_fetch_and(&v->pause_flags, ~(1UL << flag), __ATOMIC_SEQ_CST);
	vcpu_wake(v);
}

void vcpu_block(struct vcpu *v)
{
	__atomic_fetch_or(&v->pause_flags, 1UL << VPF_blocked,
			  __ATOMIC_SEQ_CST);
	raise_softirq(SCHEDULE_SOFTIRQ);
}

void vcpu_unblock(struct vcpu *v)
{
	if (__atomic_fetch_and(&v->pause_flags, ~(1UL << VPF_blocked),
			       __ATOMIC_SEQ_CST) & (1UL << VPF_blocked))
		vcpu_wake(v);
}

void sched_raise(void)
{
	raise_softirq(SCHEDULE_SOFTIRQ);
}

void vcpu_yield(void)
{
	raise_softirq(SCHEDULE_SOFTIRQ);
}

/* Wake the vCPUs of @d waiting in SCHEDOP_poll on @port. */
void sched_poll_wake(struct domain *d, uint32_t port)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpus[i];

		if (!v || !READ_ONCE(v->is_polling))
			continue;
		for (unsigned int j = 0; j < v->nr_poll_ports; j++) {
			if (v->poll_ports[j] != port)
				continue;
			WRITE_ONCE(v->is_polling, false);
			vcpu_unblock(v);
			break;
		}
	}
}

/*
 * Caps: a domain with sched_cap = N may use N% of one pCPU per 30 ms
 * period, summed over its vCPUs. Over it, its vCPUs stay queued (not
 * picked) until the period rolls over, which this check does lazily.
 */
static bool over_cap(struct domain *d, uint64_t now)
{
	if (!d->sched_cap)
		return false;
	if (now - READ_ONCE(d->cap_period_start) >= CAP_PERIOD_NS) {
		WRITE_ONCE(d->cap_period_start, now);
		WRITE_ONCE(d->cap_used_ns, 0);
		return false;
	}
	return READ_ONCE(d->cap_used_ns) >= CAP_PERIOD_NS * d->sched_cap / 100;
}

static void account(struct vcpu *v, uint64_t now)
{
	uint64_t ran = now > v->sched_in_ns ? now - v->sched_in_ns : 0;

	__atomic_fetch_add(&v->domain->cap_used_ns, ran, __ATOMIC_RELAXED);
	v->credit -= (int64_t)ran;
	v->sched_in_ns = now;
}

/* Take a runnable vCPU that may run on @cpu from another queue. */
static struct vcpu *steal(unsigned int cpu)
{
	for (unsigned int i = 1; i < NR_CPUS; i++) {
		unsigned int c = (cpu + i) % NR_CPUS;
		struct sched_pcpu *victim = &spc[c];
		struct vcpu *v;

		if (!cpu_online(c) || !READ_ONCE(victim->nr_queued))
			continue;
		if (!spin_trylock(&victim->lock))
			continue;
		for (v = victim->head; v; v = v->runq_next)
			if (has_affinity(v, cpu) && !READ_ONCE(v->is_running) &&
			    !over_cap(v->domain, now_ns()))
				break;
		if (v) {
			runq_remove(victim, v);
			WRITE_ONCE(v->processor, cpu);
		}
		spin_unlock(&victim->lock);
		if (v)
			return v;
	}
	return NULL;
}

/* @prev (this CPU's, still marked running) may be picked again. */
static struct vcpu *pick_next(struct sched_pcpu *sp, unsigned int cpu,
			      const struct vcpu *prev)
{
	uint64_t now = now_ns();
	struct vcpu *v;

	for (v = sp->head; v; v = v->runq_next)
		if ((v == prev || !READ_ONCE(v->is_running)) &&
		    !over_cap(v->domain, now) && has_affinity(v, cpu))
			break;
	if (v) {
		runq_remove(sp, v);
		return v;
	}
	v = steal(cpu);
	return v ? v : sp->idle;
}

static void runstate_change(struct vcpu *v, int state, uint64_t now)
{
	struct vesta_vcpu_runstate_info *rs = &v->runstate;

	if (rs->state >= 0 && rs->state < 4 && now > rs->state_entry_time)
		rs->time[rs->state] += now - rs->state_entry_time;
	rs->state = state;
	rs->state_entry_time = now;
}

static int idle_state(const struct vcpu *v)
{
	if (READ_ONCE(v->pause_flags) & (1UL << VPF_blocked))
		return VESTA_RUNSTATE_blocked;
	if (vcpu_runnable(v))
		return VESTA_RUNSTATE_runnable;
	return VESTA_RUNSTATE_offline;
}

/*
 * Slice length follows weight: 256 -> 10 ms, bounded to 1-100 ms; a
 * capped domain's slice also ends where its budget for the period does.
 */
static uint64_t slice_for(const struct vcpu *v)
{
	const struct domain *d = v->domain;
	uint64_t w = d->sched_weight ? d->sched_weight : 1;
	uint64_t slice = max(MILLISECS(1), min(MILLISECS(100),
					       SLICE_NS * w / 256));

	if (d->sched_cap) {
		uint64_t budget = CAP_PERIOD_NS * d->sched_cap / 100;
		uint64_t used = READ_ONCE(d->cap_used_ns);

		slice = min(slice, used < budget ? max(budget - used,
						       MICROSECS(100)) :
				   MICROSECS(100));
	}
	return slice;
}

void schedule(void)
{
	unsigned int cpu = smp_processor_id();
	struct sched_pcpu *sp = &spc[cpu];
	struct vcpu *prev, *next;
	uint64_t now = guest_now_ns();

	local_irq_disable();
	spin_lock(&sp->lock);
	prev = sp->curr;
	if (!is_idle_vcpu(prev))
		account(prev, now);
	if (!is_idle_vcpu(prev) && vcpu_runnable(prev))
		runq_insert(sp, prev);
	next = pick_next(sp, cpu, prev);
	sp->curr = next;
	if (next == prev) {
		spin_unlock(&sp->lock);
		goto out;
	}
	WRITE_ONCE(next->is_running, true);
	next->sched_in_ns = now;
	sp->nr_switches++;
	if (!is_idle_vcpu(prev))
		runstate_change(prev, idle_state(prev), now);
	if (!is_idle_vcpu(next))
		runstate_change(next, VESTA_RUNSTATE_running, now);
	spin_unlock(&sp->lock);

	arch_context_switch(prev, next);
	WRITE_ONCE(prev->is_running, false);
	if (!is_idle_vcpu(prev) && READ_ONCE(prev->on_runq))
		kick_idle_cpu(prev);
	if (!is_idle_vcpu(next))
		(void)set_timer(&sp->slice_timer, now_ns() + slice_for(next));
	else if (READ_ONCE(sp->nr_queued))
		/* Capped vCPUs wait: look again when a period may be over. */
		(void)set_timer(&sp->slice_timer, now_ns() + CAP_PERIOD_NS / 3);
	else
		stop_timer(&sp->slice_timer);
	if (is_idle_vcpu(next))
		reset_stack_and_call(idle_loop);
	continue_to_guest();
out:
	if (!is_idle_vcpu(next))
		(void)set_timer(&sp->slice_timer, now_ns() + slice_for(next));
	local_irq_enable();
}

static void slice_expired(void *data)
{
	(void)data;
	raise_softirq(SCHEDULE_SOFTIRQ);
}

static struct vcpu *idle_vcpus[NR_CPUS];

void sched_cpu_init(unsigned int cpu)
{
	struct sched_pcpu *sp = &spc[cpu];
	struct vcpu *v = alloc_pages(1);

	if (!v)
		panic("sched: no memory for CPU %u's idle vCPU", cpu);
	v->domain = &idle_domain;
	v->vcpu_id = cpu;
	v->processor = cpu;
	v->is_running = true;
	idle_vcpus[cpu] = v;
	sp->idle = v;
	sp->curr = v;
	timer_init(&sp->slice_timer, slice_expired, NULL, cpu);
}

static void dump_runqueues(char key)
{
	(void)key;
	for (unsigned int c = 0; c < NR_CPUS; c++) {
		struct sched_pcpu *sp = &spc[c];
		const struct vcpu *cur;

		if (!cpu_online(c))
			continue;
		cur = READ_ONCE(sp->curr);
		printk("CPU%u: running %s d%uv%u, %u queued, %lu switches\n", c,
		       is_idle_vcpu(cur) ? "idle" : "",
		       is_idle_vcpu(cur) ? 0 : cur->domain->domain_id,
		       cur->vcpu_id, sp->nr_queued,
		       (unsigned long)sp->nr_switches);
	}
}
keyhandler('q', "dump scheduler run queues", dump_runqueues);

void sched_init(void)
{
	idle_domain.domain_id = VESTA_DOMID_IDLE;
	idle_domain.state = DOMAIN_RUNNING;
	open_softirq(SCHEDULE_SOFTIRQ, schedule);
}

void vcpu_mark_events_pending(struct vcpu *v)
{
	struct vesta_vcpu_info *vi = v->vcpu_info;

	if (!vi)
		return;
	if (__atomic_exchange_n(&vi->evtchn_upcall_pending, 1,
				__ATOMIC_SEQ_CST))
		return;
	/* Blocked: wake it. Running elsewhere: make it pass the exit path. */
	vcpu_unblock(v);
	if (READ_ONCE(v->is_running) && v->processor != smp_processor_id())
		arch_kick_cpu(v->processor);
}

/*
 * Restrict @v to pCPU @cpu. Context: before @v first runs (boot), or with
 * @v not running; it moves to @cpu the next time it is queued.
 */
void vcpu_set_affinity_one(struct vcpu *v, unsigned int cpu)
{
	unsigned long f;
	struct sched_pcpu *sp = vcpu_lock(v, &f);

	for (unsigned int i = 0; i < CPUMASK_LONGS; i++)
		v->affinity[i] = 0;
	v->affinity[cpu / 64] = 1UL << (cpu % 64);
	if (!v->is_running && !v->on_runq)
		WRITE_ONCE(v->processor, cpu);
	spin_unlock_irqrestore(&sp->lock, f);
}
