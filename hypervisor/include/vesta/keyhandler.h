/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Debug keys: single characters typed on the serial console that dump
 * hypervisor state. Handlers register themselves with keyhandler() next to
 * the state they dump; console.c dispatches input to them.
 */
#ifndef VESTA_KEYHANDLER_H
#define VESTA_KEYHANDLER_H

#include <vesta/lib.h>

struct keyhandler {
	char key;
	const char *desc;
	void (*fn)(char key);
};

#define keyhandler(k, d, f)                                              \
	static const struct keyhandler __key_##f __used                  \
		__aligned(__alignof__(struct keyhandler))                \
		__section(".keyhandlers") = { .key = (k), .desc = (d),   \
					      .fn = (f) }

extern const struct keyhandler __keyhandlers_start[], __keyhandlers_end[];

/* Run the handler for one key; unknown keys get a one-line hint. */
void keyhandler_dispatch(char key);

#endif /* VESTA_KEYHANDLER_H */
