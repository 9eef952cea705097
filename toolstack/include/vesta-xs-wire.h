/* SPDX-License-Identifier: MIT */
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * The xenstore wire protocol as Vesta speaks it: message type numbers, the
 * fixed message header, payload and path limits, and the layout of the shared
 * page through which a guest reaches the store.  These are facts of the
 * protocol that stock clients and guest kernels depend on, so nothing here may
 * be renumbered.  This header holds no code: decoding and validation live in
 * toolstack/xenstored/xs-wire.h.
 */
#ifndef VESTA_XS_WIRE_H
#define VESTA_XS_WIRE_H

#include <stdint.h>

/* Message types; a reply carries the request's type, or VESTA_XS_ERROR. */
enum vesta_xs_type {
	VESTA_XS_CONTROL = 0,
	VESTA_XS_DIRECTORY = 1,
	VESTA_XS_READ = 2,
	VESTA_XS_GET_PERMS = 3,
	VESTA_XS_WATCH = 4,
	VESTA_XS_UNWATCH = 5,
	VESTA_XS_TRANSACTION_START = 6,
	VESTA_XS_TRANSACTION_END = 7,
	VESTA_XS_INTRODUCE = 8,
	VESTA_XS_RELEASE = 9,
	VESTA_XS_GET_DOMAIN_PATH = 10,
	VESTA_XS_WRITE = 11,
	VESTA_XS_MKDIR = 12,
	VESTA_XS_RM = 13,
	VESTA_XS_SET_PERMS = 14,
	VESTA_XS_WATCH_EVENT = 15,
	VESTA_XS_ERROR = 16,
	VESTA_XS_IS_DOMAIN_INTRODUCED = 17,
	VESTA_XS_RESUME = 18,
	VESTA_XS_SET_TARGET = 19,
	/* 20 was a restriction request; it is retired and never reused. */
	VESTA_XS_RESET_WATCHES = 21,
	VESTA_XS_DIRECTORY_PART = 22,
	VESTA_XS_TYPE_COUNT = 23,
	VESTA_XS_INVALID = 0xffff,
};

/*
 * Every message starts with this header, in host byte order (both ends run
 * on the same machine), followed by @len payload bytes.
 */
struct vesta_xs_hdr {
	uint32_t type;   /* IN/OUT: enum vesta_xs_type */
	uint32_t req_id; /* IN: chosen by the client; OUT: echoed unchanged */
	uint32_t tx_id;  /* IN: transaction id or 0; OUT: echoed unchanged */
	uint32_t len;    /* IN/OUT: payload length, at most PAYLOAD_MAX */
};

#define VESTA_XS_PAYLOAD_MAX 4096u
#define VESTA_XS_ABS_PATH_MAX 3072u
#define VESTA_XS_REL_PATH_MAX 2048u

/* The shared ring page; indices are free-running and masked on use. */
#define VESTA_XS_RING_SIZE 1024u
#define VESTA_XS_RING_MASK(idx) ((idx) & (VESTA_XS_RING_SIZE - 1))

struct vesta_xs_ring_page {
	char req[VESTA_XS_RING_SIZE]; /* IN: guest to store */
	char rsp[VESTA_XS_RING_SIZE]; /* OUT: replies and watch events */
	uint32_t req_cons;            /* OUT: advanced by the store */
	uint32_t req_prod;            /* IN: advanced by the guest */
	uint32_t rsp_cons;            /* IN: advanced by the guest */
	uint32_t rsp_prod;            /* OUT: advanced by the store */
	uint32_t server_features;     /* OUT: VESTA_XS_FEATURE_* */
	uint32_t connection;          /* IN/OUT: VESTA_XS_CONNECTED/RECONNECT */
	uint32_t error;               /* OUT: VESTA_XS_RING_ERR_* */
};

#define VESTA_XS_FEATURE_RECONNECTION 1u
#define VESTA_XS_FEATURE_ERROR 2u

#define VESTA_XS_CONNECTED 0u
#define VESTA_XS_RECONNECT 1u

#define VESTA_XS_RING_ERR_NONE 0u
#define VESTA_XS_RING_ERR_COMM 1u
#define VESTA_XS_RING_ERR_RINGIDX 2u
#define VESTA_XS_RING_ERR_PROTO 3u

#endif /* VESTA_XS_WIRE_H */
