// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Ring copy routines for the store side of a guest's xenstore page (see
 * xs-ring.h).  The guest may change any byte of the page at any time, so
 * each guest-owned index is read exactly once per call into a local, checked
 * and only then used (G1); every offset is masked into the ring (G3) and
 * copy lengths are clamped to both the free space and the caller's buffer
 * (G2).  Only the volatile accesses and fences below touch the page.
 */
#include <errno.h>
#include <string.h>

#include "xs-ring.h"

static uint32_t load_idx(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store_idx(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

void xs_ring_mark_broken(struct xs_ring *r, uint32_t err)
{
	r->is_broken = true;
	store_idx(&r->page->error, err);
}

int xs_ring_init(struct xs_ring *r, struct vesta_xs_ring_page *page,
		 bool adopt)
{
	uint32_t req_prod, rsp_cons;

	r->page = page;
	r->is_broken = false;
	store_idx(&page->server_features, VESTA_XS_FEATURE_RECONNECTION |
						  VESTA_XS_FEATURE_ERROR);
	if (!adopt) {
		r->req_cons = 0;
		r->rsp_prod = 0;
		store_idx(&page->error, VESTA_XS_RING_ERR_NONE);
		return 0;
	}
	r->req_cons = load_idx(&page->req_cons);
	r->rsp_prod = load_idx(&page->rsp_prod);
	req_prod = load_idx(&page->req_prod);
	rsp_cons = load_idx(&page->rsp_cons);
	if (req_prod - r->req_cons > VESTA_XS_RING_SIZE ||
	    r->rsp_prod - rsp_cons > VESTA_XS_RING_SIZE) {
		xs_ring_mark_broken(r, VESTA_XS_RING_ERR_RINGIDX);
		return -EPROTO;
	}
	return 0;
}

/* Copy @n bytes between a linear buffer and ring offset @idx, wrapping. */
static void copy_out(const char *ring, uint32_t idx, char *dst, size_t n)
{
	size_t off = VESTA_XS_RING_MASK(idx);
	size_t first = VESTA_XS_RING_SIZE - off;

	if (first > n)
		first = n;
	memcpy(dst, ring + off, first);
	memcpy(dst + first, ring, n - first);
}

static void copy_in(char *ring, uint32_t idx, const char *src, size_t n)
{
	size_t off = VESTA_XS_RING_MASK(idx);
	size_t first = VESTA_XS_RING_SIZE - off;

	if (first > n)
		first = n;
	memcpy(ring + off, src, first);
	memcpy(ring, src + first, n - first);
}

int xs_ring_read(struct xs_ring *r, void *buf, size_t len)
{
	uint32_t prod, avail;

	if (r->is_broken)
		return -EPROTO;
	prod = load_idx(&r->page->req_prod);
	avail = prod - r->req_cons;
	/* More than a ring's worth outstanding cannot be real. */
	if (avail > VESTA_XS_RING_SIZE) {
		xs_ring_mark_broken(r, VESTA_XS_RING_ERR_RINGIDX);
		return -EPROTO;
	}
	if (avail > len)
		avail = (uint32_t)len;
	copy_out(r->page->req, r->req_cons, buf, avail);
	r->req_cons += avail;
	/* The copy must complete before the guest may reuse the space. */
	store_idx(&r->page->req_cons, r->req_cons);
	return (int)avail;
}

int xs_ring_write(struct xs_ring *r, const void *buf, size_t len)
{
	uint32_t cons, used, space;

	if (r->is_broken)
		return -EPROTO;
	cons = load_idx(&r->page->rsp_cons);
	used = r->rsp_prod - cons;
	if (used > VESTA_XS_RING_SIZE) {
		xs_ring_mark_broken(r, VESTA_XS_RING_ERR_RINGIDX);
		return -EPROTO;
	}
	space = VESTA_XS_RING_SIZE - used;
	if (space > len)
		space = (uint32_t)len;
	copy_in(r->page->rsp, r->rsp_prod, buf, space);
	r->rsp_prod += space;
	/* Publish the bytes before the index that makes them visible. */
	store_idx(&r->page->rsp_prod, r->rsp_prod);
	return (int)space;
}

bool xs_ring_wants_reconnect(const struct xs_ring *r)
{
	return load_idx(&r->page->connection) == VESTA_XS_RECONNECT;
}

void xs_ring_reconnect(struct xs_ring *r)
{
	r->req_cons = 0;
	r->rsp_prod = 0;
	r->is_broken = false;
	store_idx(&r->page->req_cons, 0);
	store_idx(&r->page->req_prod, 0);
	store_idx(&r->page->rsp_cons, 0);
	store_idx(&r->page->rsp_prod, 0);
	store_idx(&r->page->error, VESTA_XS_RING_ERR_NONE);
	store_idx(&r->page->connection, VESTA_XS_CONNECTED);
}
