/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * The store's side of a guest's shared ring page: copying request bytes in
 * and reply bytes out while never trusting anything the guest can write.
 * The store keeps private copies of the indices it owns, reads each
 * guest-owned index once per call and checks it before use, and masks every
 * offset into the ring.  Pure: mapping the page and event notification
 * belong to the transport (xsd-ring.c).
 */
#ifndef VESTA_XS_RING_H
#define VESTA_XS_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vesta-xs-wire.h"

struct xs_ring {
	struct vesta_xs_ring_page *page;
	uint32_t req_cons;  /* private copy; the page's copy is output only */
	uint32_t rsp_prod;  /* private copy */
	bool is_broken;     /* guest corrupted the ring; no more service */
};

/*
 * xs_ring_init() - Attach to a mapped ring page.
 * @r:     state to initialise
 * @page:  the mapping (must stay mapped while @r is used)
 * @adopt: true to continue from the indices in the page (daemon restart),
 *         false for a fresh connection (indices reset to zero)
 *
 * Advertises reconnection and error reporting in server_features.
 * Return: 0; -EPROTO adopted indices are inconsistent (ring marked broken).
 */
int xs_ring_init(struct xs_ring *r, struct vesta_xs_ring_page *page,
		 bool adopt);

/*
 * xs_ring_read() - Copy up to @len request bytes out of the ring.
 * Return: bytes copied (0 if none pending); -EPROTO the guest's producer
 *         index is impossible (the ring is marked broken and the page's
 *         error field set).
 */
int xs_ring_read(struct xs_ring *r, void *buf, size_t len);

/*
 * xs_ring_write() - Copy up to @len reply bytes into the ring.
 * Return: bytes copied (0 if the ring is full); -EPROTO impossible
 *         consumer index (ring marked broken).
 */
int xs_ring_write(struct xs_ring *r, const void *buf, size_t len);

/*
 * xs_ring_wants_reconnect() - Whether the guest asked to reconnect.
 */
bool xs_ring_wants_reconnect(const struct xs_ring *r);

/*
 * xs_ring_reconnect() - Reset the indices to zero and report the
 * connection as re-established.  The caller must have discarded the
 * guest's watches, transactions and queued output first.
 */
void xs_ring_reconnect(struct xs_ring *r);

/*
 * xs_ring_mark_broken() - Stop serving a ring after a protocol error
 * (@err is VESTA_XS_RING_ERR_*).
 */
void xs_ring_mark_broken(struct xs_ring *r, uint32_t err);

#endif /* VESTA_XS_RING_H */
