/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * The request layer: takes one complete message from any transport, decodes
 * it (xs-wire.h), authorises it, resolves its paths and transaction, runs it
 * against the store core and builds the reply.  Transport-independent and
 * free of I/O, so the same code serves sockets, guest rings, unit tests and
 * the fuzzer.  Watch events the request causes are delivered through the
 * store's hooks, not in the reply.
 */
#ifndef VESTA_XS_REQ_H
#define VESTA_XS_REQ_H

#include "xs-store.h"
#include "xs-wire.h"

struct xs_reply {
	uint32_t type;  /* the request's type, or VESTA_XS_ERROR */
	uint32_t len;
	char buf[VESTA_XS_PAYLOAD_MAX];
};

/*
 * xs_req_handle() - Execute one request.
 * @s:       the store
 * @cl:      the client that sent it
 * @hdr:     its header (already checked with xs_wire_check_hdr())
 * @payload: hdr->len bytes
 * @r:       reply to fill; always filled, errors become ERROR replies
 *
 * Return: 0 if the request succeeded, else the negative errno that was put
 *         in the ERROR reply.
 */
int xs_req_handle(struct xs_store *s, struct xs_client *cl,
		  const struct vesta_xs_hdr *hdr, const char *payload,
		  struct xs_reply *r);

#endif /* VESTA_XS_REQ_H */
