/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Pure decoding of xenstore messages: header checks, splitting a payload into
 * its NUL-terminated arguments according to a per-type table, and the mapping
 * between errno values and the protocol's error names.  It never allocates,
 * never does I/O and never interprets paths or permissions; that is the job
 * of xs-path.h and xs-store.h.  Fuzzed by tests/fuzz/fuzz-xenstored.c.
 */
#ifndef VESTA_XS_WIRE_DECODE_H
#define VESTA_XS_WIRE_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vesta-xs-wire.h"

#define XS_MAX_ARGS 72u

/* A decoded request; all pointers point into the caller's payload buffer. */
struct xs_msg {
	struct vesta_xs_hdr hdr;
	const char *payload;
	unsigned int nargs;
	const char *args[XS_MAX_ARGS];
	const char *blob;   /* WRITE: the value, not NUL-terminated */
	size_t blob_len;
};

/*
 * xs_wire_check_hdr() - Validate a message header before its payload is read.
 * @h: header, already copied out of the transport
 *
 * Return: 0 if the payload may be read; -E2BIG if @h->len exceeds
 *         VESTA_XS_PAYLOAD_MAX (the stream cannot be resynchronised).
 */
int xs_wire_check_hdr(const struct vesta_xs_hdr *h);

/*
 * xs_wire_parse() - Split a request payload into arguments.
 * @m:       message whose hdr and payload are set; nargs, args, blob are
 *           filled in
 *
 * The payload must already be in memory, m->hdr.len bytes long.  Every
 * argument must be NUL-terminated, except the value of a WRITE, which is the
 * rest of the payload after the path.
 *
 * Return: 0; -ENOSYS unknown or reply-only type; -EINVAL wrong argument count
 *         or unterminated argument.
 */
int xs_wire_parse(struct xs_msg *m);

/*
 * xs_wire_type_name() - Name of a message type, for logs.
 * Return: a static string; "UNKNOWN" for an unknown type.
 */
const char *xs_wire_type_name(uint32_t type);

/*
 * xs_wire_errname() - Protocol name of an errno value.
 * @err: positive or negative errno
 *
 * Return: static string such as "ENOENT"; "EIO" for values the protocol
 *         cannot name.
 */
const char *xs_wire_errname(int err);

/*
 * xs_wire_errno() - errno value of a protocol error name.
 * @name: NUL-terminated name from an ERROR reply
 *
 * Return: positive errno; EIO for an unknown name.
 */
int xs_wire_errno(const char *name);

#endif /* VESTA_XS_WIRE_DECODE_H */
