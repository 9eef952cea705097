/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test-only faults, linked into --enable-debug builds only: `debug_fault=`
 * makes the hypervisor fault on purpose once boot is complete, so the boot
 * tests can check that a hypervisor exception produces a register dump, the
 * instruction bytes and a stack trace and halts all CPUs.
 *   debug_fault=pagefault  read from an unmapped address
 *   debug_fault=ud         execute ud2
 *   debug_fault=panic      call panic()
 * and `debug_memtest`, which allocates every free page, writes a pattern
 * into each, and checks that the image and the boot modules were never
 * handed out (their checksums are unchanged) before freeing it all again.
 */
#include <vesta/debug.h>
#include <vesta/mm.h>
#include <asm/config.h>
#include <asm/mm.h>
#include <vesta/param.h>
#include <vesta/printk.h>
#include <string.h>

static char opt_debug_fault[16];
string_param("debug_fault", opt_debug_fault);

static bool opt_debug_memtest;
boolean_param("debug_memtest", opt_debug_memtest);

static void memtest(void)
{
	void *head = NULL;
	uint64_t n = 0, bad = 0, want = free_ram_pages();

	/* Chain every free page through its first word, then check them. */
	for (void *p; (p = alloc_pages(0)) != NULL; n++) {
		uint64_t *w = p;

		for (unsigned int i = 1; i < PAGE_SIZE / 8; i++)
			w[i] = ((uint64_t)(uintptr_t)p) ^ i;
		w[0] = (uint64_t)(uintptr_t)head;
		head = p;
	}
	printk("selftest: allocated %lu of %lu free pages, none left: %s\n",
	       (unsigned long)n, (unsigned long)want,
	       free_ram_pages() == 0 ? "yes" : "no");
	bad = boot_data_verify();
	/* The IO-APIC and local APIC pages must never be mapped write-back. */
	printk("selftest: device MMIO (IO-APIC, local APIC) outside the direct map: %s\n",
	       !va_is_mapped(DIRECTMAP_VIRT_START + 0xfec00000UL) &&
	       !va_is_mapped(DIRECTMAP_VIRT_START + 0xfee00000UL) ? "yes" : "NO");
	while (head) {
		uint64_t *w = head;

		for (unsigned int i = 1; i < PAGE_SIZE / 8; i++)
			bad += w[i] != (((uint64_t)(uintptr_t)head) ^ i);
		head = (void *)(uintptr_t)w[0];
		free_pages(w, 0);
	}
	printk("selftest: %s; %lu pages free again; buddy check %s\n",
	       bad ? "FAILED (overlapping or corrupted memory)" :
		     "every page held its pattern, image and modules intact",
	       (unsigned long)free_ram_pages(),
	       page_alloc_check() ? "FAILED" : "ok");
}

void debug_boot_hook(void)
{
	if (opt_debug_memtest)
		memtest();
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
