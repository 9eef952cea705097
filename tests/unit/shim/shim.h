/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Host shim for building selected hypervisor/common/ files into host
 * tests and fuzzers. It is force-included (-include shim.h) before
 * anything else and works by claiming two headers' include guards, so
 * the hypervisor sources compile unchanged (nothing is sed'ed in):
 *
 * - asm/processor.h (guard ASM_PROCESSOR_H) holds privileged inline asm
 *   (cli, sti, hlt, rdmsr, CR and port access) that would fault in user
 *   space. The shim never lets it be compiled in; it provides only the
 *   helpers generic headers need: cpu_relax() and the local_irq_*()
 *   family acting on a simulated, per-thread interrupt flag.
 * - vesta/spinlock.h (guard VESTA_SPINLOCK_H) is replaced by checking
 *   locks with the same API. They really exclude (usable from several
 *   pthreads) and abort with a message on: taking a lock the thread
 *   already holds (a certain deadlock), releasing a lock it does not
 *   hold, or spinning for seconds (a probable ABBA deadlock). A
 *   per-thread count of held locks lets a test assert that every path,
 *   error paths included, released what it took.
 *
 * Everything else the code under test calls (printk, panic, page
 * allocation, domain lookups, guest copies, scheduler hooks) is supplied
 * at link time by shim-core.c and fake-domain.c. If a hypervisor header
 * starts to need more from asm/processor.h, the build fails loudly here
 * and this file grows the host-safe equivalent. Not responsible for
 * faking hardware or for making code that needs it testable.
 */
#ifndef VESTA_TEST_SHIM_H
#define VESTA_TEST_SHIM_H

#include <stdbool.h>
#include <stdint.h>

/* ---- asm/processor.h, host-safe part ---------------------------------- */
#define ASM_PROCESSOR_H

#define X86_EFLAGS_IF	(1UL << 9)

static inline void cpu_relax(void)
{
	__builtin_ia32_pause();
}

/* The simulated interrupt flag of the calling thread. */
unsigned long *shim_irq_flags(void);

static inline void local_irq_disable(void)
{
	*shim_irq_flags() &= ~X86_EFLAGS_IF;
}

static inline void local_irq_enable(void)
{
	*shim_irq_flags() |= X86_EFLAGS_IF;
}

static inline unsigned long local_save_flags(void)
{
	return *shim_irq_flags();
}

static inline unsigned long local_irq_save(void)
{
	unsigned long f = local_save_flags();

	local_irq_disable();
	return f;
}

static inline void local_irq_restore(unsigned long f)
{
	if (f & X86_EFLAGS_IF)
		local_irq_enable();
}

static inline bool local_irq_is_enabled(void)
{
	return local_save_flags() & X86_EFLAGS_IF;
}

/* ---- vesta/spinlock.h, checking version ------------------------------- */
#define VESTA_SPINLOCK_H

typedef struct {
	volatile int locked;
	volatile unsigned long owner;	/* shim thread id; 0 when free */
} spinlock_t;

#define SPIN_LOCK_UNLOCKED { 0, 0 }
#define DEFINE_SPINLOCK(n) spinlock_t n = SPIN_LOCK_UNLOCKED

void shim_spin_lock(spinlock_t *l);
bool shim_spin_trylock(spinlock_t *l);
void shim_spin_unlock(spinlock_t *l);

/* Locks the calling thread holds right now (0 between operations). */
unsigned int shim_locks_held(void);

static inline void spin_lock(spinlock_t *l)
{
	shim_spin_lock(l);
}

static inline bool spin_trylock(spinlock_t *l)
{
	return shim_spin_trylock(l);
}

static inline void spin_unlock(spinlock_t *l)
{
	shim_spin_unlock(l);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
	return l->locked;
}

static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
	unsigned long f = local_irq_save();

	spin_lock(l);
	return f;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long f)
{
	spin_unlock(l);
	local_irq_restore(f);
}

#endif /* VESTA_TEST_SHIM_H */
