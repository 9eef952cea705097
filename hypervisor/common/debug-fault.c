/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test-only faults, linked into --enable-debug builds only: `debug_fault=`
 * makes the hypervisor fault on purpose once boot is complete, so the boot
 * tests can check that a hypervisor exception produces a register dump, the
 * instruction bytes and a stack trace and halts all CPUs.
 *   debug_fault=pagefault  read from an unmapped address
 *   debug_fault=ud         execute ud2
 *   debug_fault=panic      call panic()
 */
#include <vesta/param.h>
#include <vesta/printk.h>
#include <string.h>

static char opt_debug_fault[16];
string_param("debug_fault", opt_debug_fault);

void debug_boot_hook(void);
void debug_boot_hook(void)
{
	if (!opt_debug_fault[0])
		return;
	printk(LOG_WARNING "debug_fault=%s: faulting on purpose now\n",
	       opt_debug_fault);
	if (!strcmp(opt_debug_fault, "pagefault"))
		(void)*(volatile unsigned long *)0xffff8000dead0000UL;
	else if (!strcmp(opt_debug_fault, "ud"))
		asm volatile("ud2");
	else if (!strcmp(opt_debug_fault, "panic"))
		panic("debug_fault=panic requested on the command line");
	else
		printk(LOG_WARNING "debug_fault: unknown kind '%s' (pagefault, ud, panic)\n",
		       opt_debug_fault);
}
