// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Path validation and canonicalisation for the store.  Every path a client
 * sends passes through xs_path_canon() before it is used as a key, so the
 * store itself can assume canonical absolute paths.  Not responsible for
 * access control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vesta-xs-wire.h"
#include "xs-path.h"

static bool is_path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '@' ||
	       c == '/';
}

bool xs_path_is_special(const char *p)
{
	return !strcmp(p, "@introduceDomain") || !strcmp(p, "@releaseDomain");
}

size_t xs_path_domain_prefix(unsigned int domid, char *out)
{
	return (size_t)snprintf(out, 32, "/local/domain/%u", domid);
}

static int check_chars(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (!is_path_char(p[i]))
			return -EINVAL;
		if (p[i] == '/' && (p[i + 1] == '/' || p[i + 1] == '\0'))
			return -EINVAL;
	}
	return 0;
}

int xs_path_canon(const char *in, unsigned int domid, char *out, bool *is_rel)
{
	size_t len = strnlen(in, VESTA_XS_ABS_PATH_MAX + 1);
	size_t plen;
	int rc;

	if (is_rel)
		*is_rel = in[0] != '/';
	if (!strcmp(in, "/")) {
		strcpy(out, "/");
		return 0;
	}
	if (len == 0 || len > VESTA_XS_ABS_PATH_MAX)
		return -EINVAL;
	rc = check_chars(in, len);
	if (rc)
		return rc;
	if (in[0] == '/') {
		memcpy(out, in, len + 1);
		return 0;
	}
	if (len > VESTA_XS_REL_PATH_MAX)
		return -EINVAL;
	plen = xs_path_domain_prefix(domid, out);
	/* The prefix is short and len <= REL_PATH_MAX, so this fits. */
	out[plen] = '/';
	memcpy(out + plen + 1, in, len + 1);
	if (plen + 1 + len > VESTA_XS_ABS_PATH_MAX)
		return -EINVAL;
	return 0;
}

bool xs_path_is_under(const char *p, const char *base)
{
	size_t n = strlen(base);

	if (!strcmp(base, "/"))
		return p[0] == '/';
	if (strncmp(p, base, n))
		return false;
	return p[n] == '\0' || p[n] == '/';
}

unsigned int xs_path_depth(const char *p)
{
	unsigned int n = 0;

	if (!strcmp(p, "/"))
		return 0;
	for (; *p; p++)
		if (*p == '/')
			n++;
	return n;
}

void xs_path_parent(const char *p, char *out)
{
	const char *slash = strrchr(p, '/');
	size_t n;

	if (!slash || slash == p) {
		strcpy(out, "/");
		return;
	}
	n = (size_t)(slash - p);
	memcpy(out, p, n);
	out[n] = '\0';
}

const char *xs_path_base(const char *p)
{
	const char *slash = strrchr(p, '/');

	return slash ? slash + 1 : p;
}
