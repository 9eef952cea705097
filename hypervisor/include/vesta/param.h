/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Self-registering boot options. Each option is declared next to the code
 * that uses it; the linker gathers the descriptors into one table that
 * cmdline_parse() (lib/cmdline.c) walks once at boot.
 */
#ifndef VESTA_PARAM_H
#define VESTA_PARAM_H

#include <vesta/cmdline.h>
#include <vesta/lib.h>

#define __param_entry(id) \
	static const struct param __param_##id __used __section(".params") \
		__aligned(__alignof__(struct param))

#define boolean_param(nm, v) \
	__param_entry(v) = { .name = nm, .kind = PARAM_BOOL, .var = &(v) }
#define integer_param(nm, v) \
	__param_entry(v) = { .name = nm, .kind = PARAM_UINT, .var = &(v) }
#define size_param(nm, v) \
	__param_entry(v) = { .name = nm, .kind = PARAM_SIZE, .var = &(v) }
#define string_param(nm, v)                                          \
	__param_entry(v) = { .name = nm, .kind = PARAM_STRING,       \
			     .var = (v), .len = sizeof(v) }
#define custom_param(nm, fn)                                        \
	__param_entry(fn) = { .name = nm, .kind = PARAM_CUSTOM,     \
			      .parse = (fn) }

extern const struct param __params_start[], __params_end[];

#endif /* VESTA_PARAM_H */
