/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hooks between the boot path and the test-only code that --enable-debug
 * builds link in (common/debug-fault.c).
 */
#ifndef VESTA_DEBUG_H
#define VESTA_DEBUG_H

/*
 * debug_boot_hook() - Run once the boot summary is printed. A weak empty
 * default in setup.c applies to release builds.
 */
void debug_boot_hook(void);

/*
 * boot_data_verify() - Re-check the image's code and read-only data and
 * every boot module against their checksums from before the allocators
 * existed. Return: number of regions that changed.
 */
unsigned int boot_data_verify(void);

#endif /* VESTA_DEBUG_H */
