/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sanitising guest segment descriptors (see vesta/x86-desc.h). Pure.
 */
#include <vesta/x86-desc.h>

#define DESC_P		(1ULL << 47)
#define DESC_S		(1ULL << 44)	/* 1: code or data, 0: system */
#define DESC_DPL	(3ULL << 45)

uint64_t x86_desc_sanitize(uint64_t desc)
{
	if (!(desc & DESC_P))
		return desc;
	if (!(desc & DESC_S))
		return 0;
	return desc | DESC_DPL;
}
