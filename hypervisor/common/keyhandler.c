/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Debug-key dispatch and the generic keys: 'h' help, 't' time, 'r' replay
 * the console ring. Other keys live next to the state they dump.
 */
#include <vesta/keyhandler.h>
#include <vesta/printk.h>
#include <vesta/time.h>

void keyhandler_dispatch(char key)
{
	for (const struct keyhandler *k = __keyhandlers_start;
	     k < __keyhandlers_end; k++) {
		if (k->key == key) {
			k->fn(key);
			return;
		}
	}
	if (key == '\r' || key == '\n')
		return;
	printk("No debug key '%c' (%#x); press 'h' for help\n",
	       key >= 0x20 && key < 0x7f ? key : '?', (unsigned char)key);
}

static void show_help(char key)
{
	(void)key;
	printk("'h' debug keys:\n");
	for (const struct keyhandler *k = __keyhandlers_start;
	     k < __keyhandlers_end; k++)
		printk("  '%c'  %s\n", k->key, k->desc);
}
keyhandler('h', "show this help", show_help);

static void show_time(char key)
{
	uint64_t t = now_ns();

	(void)key;
	printk("'t' time since boot: %lu.%09lu s, TSC %lu kHz\n",
	       (unsigned long)(t / 1000000000ULL),
	       (unsigned long)(t % 1000000000ULL), (unsigned long)tsc_khz);
}
keyhandler('t', "show system time", show_time);

static void replay_ring(char key)
{
	(void)key;
	printk_dump_ring();
}
keyhandler('r', "replay the console ring buffer", replay_ring);
