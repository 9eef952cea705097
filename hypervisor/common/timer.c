/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Software timers: one binary min-heap per CPU ordered by deadline. The
 * hardware is programmed for the heap's top; its interrupt raises
 * TIMER_SOFTIRQ, which runs every expired timer with interrupts enabled.
 * A timer always runs on the CPU it was initialised for.
 */
#include <vesta/errno.h>
#include <vesta/lib.h>
#include <vesta/printk.h>
#include <vesta/smp.h>
#include <vesta/softirq.h>
#include <vesta/time.h>
#include <vesta/timer.h>
#include <asm/pcpu.h>

static struct timer_heap *heap_of(unsigned int cpu)
{
	return &pcpus[cpu].timers;
}

static void heap_swap(struct timer_heap *h, unsigned int a, unsigned int b)
{
	struct timer *t = h->heap[a];

	h->heap[a] = h->heap[b];
	h->heap[b] = t;
	h->heap[a]->heap_idx = (int)a;
	h->heap[b]->heap_idx = (int)b;
}

static void sift_up(struct timer_heap *h, unsigned int i)
{
	while (i > 0) {
		unsigned int parent = (i - 1) / 2;

		if (h->heap[parent]->expires <= h->heap[i]->expires)
			break;
		heap_swap(h, i, parent);
		i = parent;
	}
}

static void sift_down(struct timer_heap *h, unsigned int i)
{
	for (;;) {
		unsigned int l = 2 * i + 1, r = l + 1, m = i;

		if (l < h->n && h->heap[l]->expires < h->heap[m]->expires)
			m = l;
		if (r < h->n && h->heap[r]->expires < h->heap[m]->expires)
			m = r;
		if (m == i)
			return;
		heap_swap(h, i, m);
		i = m;
	}
}

static void heap_remove(struct timer_heap *h, struct timer *t)
{
	unsigned int i = (unsigned int)t->heap_idx;

	t->heap_idx = -1;
	if (i == --h->n)
		return;
	h->heap[i] = h->heap[h->n];
	h->heap[i]->heap_idx = (int)i;
	sift_down(h, i);
	sift_up(h, i);
}

/* Reprogram the hardware if @cpu is this CPU, else kick @cpu. */
static void reprogram(unsigned int cpu)
{
	if (cpu == smp_processor_id())
		raise_softirq(TIMER_SOFTIRQ);
	else
		cpu_raise_softirq(cpu, TIMER_SOFTIRQ);
}

void timer_init(struct timer *t, void (*fn)(void *), void *data,
		unsigned int cpu)
{
	t->fn = fn;
	t->data = data;
	t->cpu = cpu;
	t->expires = 0;
	t->heap_idx = -1;
}

int set_timer(struct timer *t, uint64_t expires)
{
	struct timer_heap *h = heap_of(t->cpu);
	unsigned long f = spin_lock_irqsave(&h->lock);
	bool new_top;

	if (t->heap_idx >= 0)
		heap_remove(h, t);
	if (h->n == TIMER_HEAP_MAX) {
		spin_unlock_irqrestore(&h->lock, f);
		return -ENOSPC;
	}
	t->expires = expires;
	t->heap_idx = (int)h->n;
	h->heap[h->n++] = t;
	sift_up(h, (unsigned int)t->heap_idx);
	new_top = h->heap[0] == t;
	spin_unlock_irqrestore(&h->lock, f);
	if (new_top)
		reprogram(t->cpu);
	return 0;
}

void stop_timer(struct timer *t)
{
	struct timer_heap *h = heap_of(t->cpu);
	unsigned long f = spin_lock_irqsave(&h->lock);

	if (t->heap_idx >= 0)
		heap_remove(h, t);
	spin_unlock_irqrestore(&h->lock, f);
}

bool timer_is_active(const struct timer *t)
{
	return READ_ONCE(t->heap_idx) >= 0;
}

void timer_softirq_action(void)
{
	unsigned int cpu = smp_processor_id();
	struct timer_heap *h = heap_of(cpu);
	unsigned long f = spin_lock_irqsave(&h->lock);
	unsigned int ran = 0;

	/* Bounded batch so one storm of timers cannot monopolise the CPU. */
	while (h->n && h->heap[0]->expires <= now_ns() && ran++ < 256) {
		struct timer *t = h->heap[0];

		heap_remove(h, t);
		spin_unlock_irqrestore(&h->lock, f);
		t->fn(t->data);
		f = spin_lock_irqsave(&h->lock);
	}
	arch_timer_program(h->n ? max(h->heap[0]->expires, (uint64_t)1) : 0);
	if (h->n && h->heap[0]->expires <= now_ns())
		raise_softirq(TIMER_SOFTIRQ);
	spin_unlock_irqrestore(&h->lock, f);
}

void timer_cpu_init(unsigned int cpu)
{
	struct timer_heap *h = heap_of(cpu);

	h->lock = (spinlock_t)SPIN_LOCK_UNLOCKED;
	h->n = 0;
	if (cpu == 0)
		open_softirq(TIMER_SOFTIRQ, timer_softirq_action);
}
