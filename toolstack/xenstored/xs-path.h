/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Pure helpers for xenstore paths: validating a client's path and turning a
 * domain-relative one into an absolute one, and the prefix tests that watches
 * and recursive removal need.  Paths here are plain strings; this file knows
 * nothing of nodes, permissions or the special "@" watch names beyond
 * recognising them.
 */
#ifndef VESTA_XS_PATH_H
#define VESTA_XS_PATH_H

#include <stdbool.h>
#include <stddef.h>

/* Large enough for any canonical absolute path plus its NUL. */
#define XS_PATH_BUF 3100u

/*
 * xs_path_canon() - Validate a client path and make it absolute.
 * @in:       NUL-terminated path as sent by the client
 * @domid:    the client's domain, for relative paths
 * @out:      buffer of XS_PATH_BUF bytes
 * @is_rel:   set to whether @in was relative (may be NULL)
 *
 * Allowed: ASCII letters and digits and "-/_@"; no empty component; no
 * trailing slash except for "/" itself; absolute paths up to
 * VESTA_XS_ABS_PATH_MAX and relative ones up to VESTA_XS_REL_PATH_MAX
 * characters.  Special names ("@introduceDomain", "@releaseDomain") are
 * rejected here; see xs_path_is_special().
 *
 * Return: 0; -EINVAL invalid path.
 */
int xs_path_canon(const char *in, unsigned int domid, char *out, bool *is_rel);

/*
 * xs_path_is_special() - Whether @p names one of the special watch nodes.
 */
bool xs_path_is_special(const char *p);

/*
 * xs_path_is_under() - Whether @p equals @base or lies below it.
 * Both must be canonical absolute paths.
 */
bool xs_path_is_under(const char *p, const char *base);

/*
 * xs_path_depth() - Number of components of a canonical path ("/" is 0).
 */
unsigned int xs_path_depth(const char *p);

/*
 * xs_path_parent() - Copy the parent of canonical path @p into @out.
 * @out: buffer of XS_PATH_BUF bytes; "/" is its own parent.
 */
void xs_path_parent(const char *p, char *out);

/*
 * xs_path_base() - Last component of canonical path @p (empty for "/").
 * Return: pointer into @p.
 */
const char *xs_path_base(const char *p);

/*
 * xs_path_domain_prefix() - Write "/local/domain/<domid>" into @out.
 * @out: buffer of at least 32 bytes.
 * Return: length written.
 */
size_t xs_path_domain_prefix(unsigned int domid, char *out);

#endif /* VESTA_XS_PATH_H */
