/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Small string helpers the test kernels need beyond the hypervisor's
 * <string.h> (hypervisor/lib/string.c). Nothing here prints or allocates.
 */
#include <string.h>

#include "guest.h"

const char *guest_strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncmp(hay, needle, n))
			return hay;
	return n ? NULL : hay;
}
