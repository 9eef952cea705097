// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Decoder for xenstore request payloads.  A table gives, per message type,
 * how many arguments it takes and whether its last argument is a raw value;
 * one generic splitter enforces the table, so no handler ever sees an
 * unterminated string.  Nothing here knows what the arguments mean.
 */
#include <errno.h>
#include <string.h>

#include "xs-wire.h"

struct type_info {
	const char *name;
	unsigned char min_args;
	unsigned char max_args;
	bool has_blob;   /* last argument is the rest of the payload */
	bool is_request; /* clients may send it */
};

static const struct type_info types[VESTA_XS_TYPE_COUNT] = {
	[VESTA_XS_CONTROL] = { "CONTROL", 1, 8, false, true },
	[VESTA_XS_DIRECTORY] = { "DIRECTORY", 1, 1, false, true },
	[VESTA_XS_READ] = { "READ", 1, 1, false, true },
	[VESTA_XS_GET_PERMS] = { "GET_PERMS", 1, 1, false, true },
	[VESTA_XS_WATCH] = { "WATCH", 2, 2, false, true },
	[VESTA_XS_UNWATCH] = { "UNWATCH", 2, 2, false, true },
	[VESTA_XS_TRANSACTION_START] = { "TRANSACTION_START", 0, 1, false,
					 true },
	[VESTA_XS_TRANSACTION_END] = { "TRANSACTION_END", 1, 1, false, true },
	[VESTA_XS_INTRODUCE] = { "INTRODUCE", 3, 3, false, true },
	[VESTA_XS_RELEASE] = { "RELEASE", 1, 1, false, true },
	[VESTA_XS_GET_DOMAIN_PATH] = { "GET_DOMAIN_PATH", 1, 1, false, true },
	[VESTA_XS_WRITE] = { "WRITE", 1, 1, true, true },
	[VESTA_XS_MKDIR] = { "MKDIR", 1, 1, false, true },
	[VESTA_XS_RM] = { "RM", 1, 1, false, true },
	[VESTA_XS_SET_PERMS] = { "SET_PERMS", 2, XS_MAX_ARGS, false, true },
	[VESTA_XS_WATCH_EVENT] = { "WATCH_EVENT", 0, 0, false, false },
	[VESTA_XS_ERROR] = { "ERROR", 0, 0, false, false },
	[VESTA_XS_IS_DOMAIN_INTRODUCED] = { "IS_DOMAIN_INTRODUCED", 1, 1,
					    false, true },
	[VESTA_XS_RESUME] = { "RESUME", 1, 1, false, true },
	[VESTA_XS_SET_TARGET] = { "SET_TARGET", 2, 2, false, true },
	[VESTA_XS_RESET_WATCHES] = { "RESET_WATCHES", 0, 1, false, true },
	[VESTA_XS_DIRECTORY_PART] = { "DIRECTORY_PART", 2, 2, false, true },
};

int xs_wire_check_hdr(const struct vesta_xs_hdr *h)
{
	if (h->len > VESTA_XS_PAYLOAD_MAX)
		return -E2BIG;
	return 0;
}

const char *xs_wire_type_name(uint32_t type)
{
	if (type >= VESTA_XS_TYPE_COUNT || !types[type].name)
		return "UNKNOWN";
	return types[type].name;
}

/*
 * Split @len bytes at @p into NUL-terminated strings.  @len is bounded by
 * VESTA_XS_PAYLOAD_MAX and the argument count by @max, so the loop is bounded
 * independently of the sender (G4).
 */
static int split(struct xs_msg *m, const char *p, size_t len, unsigned int max)
{
	while (len) {
		const char *nul = memchr(p, '\0', len);

		if (!nul || m->nargs >= max)
			return -EINVAL;
		m->args[m->nargs++] = p;
		len -= (size_t)(nul - p) + 1;
		p = nul + 1;
	}
	return 0;
}

int xs_wire_parse(struct xs_msg *m)
{
	const struct type_info *ti;
	size_t len = m->hdr.len;
	const char *p = m->payload;
	int rc;

	m->nargs = 0;
	m->blob = NULL;
	m->blob_len = 0;
	if (m->hdr.type >= VESTA_XS_TYPE_COUNT)
		return -ENOSYS;
	ti = &types[m->hdr.type];
	if (!ti->is_request)
		return -ENOSYS;
	if (len > VESTA_XS_PAYLOAD_MAX)
		return -E2BIG;

	if (ti->has_blob) {
		const char *nul = memchr(p, '\0', len);

		if (!nul)
			return -EINVAL;
		m->args[m->nargs++] = p;
		m->blob = nul + 1;
		m->blob_len = len - (size_t)(nul - p) - 1;
		return 0;
	}
	rc = split(m, p, len, ti->max_args);
	if (rc)
		return rc;
	if (m->nargs < ti->min_args)
		return -EINVAL;
	return 0;
}

struct err_name {
	int err;
	const char *name;
};

static const struct err_name errs[] = {
	{ EINVAL, "EINVAL" },
	{ EACCES, "EACCES" },
	{ EEXIST, "EEXIST" },
	{ EISDIR, "EISDIR" },
	{ ENOENT, "ENOENT" },
	{ ENOMEM, "ENOMEM" },
	{ ENOSPC, "ENOSPC" },
	{ EIO, "EIO" },
	{ ENOTEMPTY, "ENOTEMPTY" },
	{ ENOSYS, "ENOSYS" },
	{ EROFS, "EROFS" },
	{ EBUSY, "EBUSY" },
	{ EAGAIN, "EAGAIN" },
	{ EISCONN, "EISCONN" },
	{ E2BIG, "E2BIG" },
	{ EPERM, "EPERM" },
};

const char *xs_wire_errname(int err)
{
	size_t i;

	if (err < 0)
		err = -err;
	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		if (errs[i].err == err)
			return errs[i].name;
	return "EIO";
}

int xs_wire_errno(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		if (!strcmp(errs[i].name, name))
			return errs[i].err;
	return EIO;
}
