/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot-time entry points shared between the x86 boot files (setup.c,
 * smpboot.c, mm.c, time.c). Not for use after boot, except idle_loop().
 */
#ifndef ASM_SETUP_H
#define ASM_SETUP_H

#include <vesta/lib.h>
#include <asm/pcpu.h>
#include <vesta/arch.h>

/* Per-CPU bring-up common to the boot CPU and the APs (setup.c). */
void cpu_common_init(struct pcpu *p);
/* Every CPU ends here: softirqs, then hlt (setup.c). */
void __noreturn idle_loop(void);
/* Start every enabled CPU the MADT lists, one at a time (smpboot.c). */
void smp_boot_cpus(void);
/* Page tables now come from the page allocator, not bootmem (mm.c). */
void mm_heap_ready(void);
/* Name of the timer the TSC was calibrated against (time.c). */
extern const char *clocksource_name;

/* Type (enum memmap_type) of physical address @pa in the sanitised map; 0 = hole. */
uint32_t memmap_type_at(uint64_t pa);
/* The boot information multiboot gave us (setup.c). */
struct boot_info;
const struct boot_info *boot_info_get(void);

#endif /* ASM_SETUP_H */
