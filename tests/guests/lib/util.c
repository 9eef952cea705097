/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Small string helpers the test kernels need beyond the hypervisor's
 * <string.h> (hypervisor/lib/string.c), and reading "key=value" words of
 * the kernel command line. Nothing here prints or allocates.
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

const char *guest_cmdline(void)
{
	return (const char *)guest_start_info->cmd_line;
}

/* The first @w at or after @from in @s that starts a word, or NULL. */
static const char *find_word(const char *s, const char *from, const char *w)
{
	const char *p = from;

	while ((p = guest_strstr(p, w)) != NULL) {
		if (p == s || p[-1] == ' ')
			return p;
		p++;
	}
	return NULL;
}

bool guest_cmdline_has(const char *word)
{
	const char *s = guest_cmdline();
	size_t n = strlen(word);
	const char *p = n ? find_word(s, s, word) : NULL;

	while (p) {
		if (p[n] == '\0' || p[n] == ' ')
			return true;
		p = find_word(s, p + 1, word);
	}
	return false;
}

unsigned long guest_cmdline_ulong(const char *key, unsigned long def)
{
	const char *s = guest_cmdline();
	size_t n = strlen(key);
	const char *p = n ? find_word(s, s, key) : NULL;
	unsigned long v = 0;

	while (p && p[n] != '=')
		p = find_word(s, p + 1, key);
	if (!p || p[n + 1] < '0' || p[n + 1] > '9')
		return def;
	for (p += n + 1; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (unsigned long)(*p - '0');
	return v;
}
