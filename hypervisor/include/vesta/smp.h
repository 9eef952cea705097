/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical CPUs: identity, the online set, and cross-CPU function calls.
 * Not responsible for bringing CPUs up (arch smpboot.c).
 */
#ifndef VESTA_SMP_H
#define VESTA_SMP_H

#include <stdbool.h>
#include <stdint.h>
#include <asm/config.h>

unsigned int smp_processor_id(void);

/* Number of CPUs that reached the idle loop, and the per-CPU flag. */
extern unsigned int nr_cpus_online;
bool cpu_online(unsigned int cpu);

/*
 * smp_call_function_single() - Run fn(arg) on @cpu in interrupt context.
 * @wait: if true, return only after fn has returned on @cpu.
 *
 * Context: interrupts enabled (a CPU spinning with them off while another
 * calls it would deadlock); must not be called from an interrupt handler.
 * Return: 0; -EINVAL if @cpu is not online; -ETIMEDOUT if @cpu did not
 * run fn within one second (it is then logged and fn may still run).
 */
int smp_call_function_single(unsigned int cpu, void (*fn)(void *), void *arg,
			     bool wait);

/* Run fn on every online CPU (the caller's too, directly) and wait. */
void smp_call_function_all(void (*fn)(void *), void *arg);

/* Stop all other CPUs with an NMI; used by panic and fatal traps. */
void smp_send_stop(void);

/* Called from the IPI vector. */
void smp_call_function_interrupt(void);

#endif /* VESTA_SMP_H */
