// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Ring transport tests: this program plays simulated guests on shared-memory
 * ring pages (files in a ring directory, FIFOs for the event channel) that
 * the daemon maps on INTRODUCE, as started by test-ring.sh.  It checks
 * requests, replies and watch events through the ring, messages split
 * across the ring's wrap-around and delivered in pieces, and hostile rings:
 * impossible producer and consumer indices, an oversized message length, a
 * guest that never consumes replies.  Each must disable only that guest's
 * ring (with the error field set) while dom0 and other guests are still
 * served, and a reconnection must restore service.  Arguments: dom0 socket,
 * ring directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "libvesta-xs.h"
#include "vesta-xs-wire.h"
#include "xs-test.h"

static const char *sock0, *dir;
static struct libvesta_xs *h0;

struct guest {
	unsigned int domid;
	struct vesta_xs_ring_page *page;
	int kick, notify;
	uint32_t req_id;
};

static void guest_create(struct guest *g, unsigned int domid)
{
	char path[4096];
	int fd;

	memset(g, 0, sizeof(*g));
	g->domid = domid;
	snprintf(path, sizeof(path), "%s/%u.ring", dir, domid);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, 4096))
		exit(1);
	g->page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (g->page == MAP_FAILED)
		exit(1);
	snprintf(path, sizeof(path), "%s/%u.kick", dir, domid);
	mkfifo(path, 0600);
	g->kick = open(path, O_RDWR | O_NONBLOCK);
	snprintf(path, sizeof(path), "%s/%u.notify", dir, domid);
	mkfifo(path, 0600);
	g->notify = open(path, O_RDWR | O_NONBLOCK);
	if (g->kick < 0 || g->notify < 0)
		exit(1);
	CHECK_EQ(libvesta_xs_introduce(h0, domid, domid * 100, domid), 0);
}

static void kick(struct guest *g)
{
	char b = 1;

	if (write(g->kick, &b, 1) < 0 && errno != EAGAIN)
		exit(1);
}

/* Wait up to @ms for a notification from the daemon. */
static bool wait_notify(struct guest *g, int ms)
{
	struct pollfd p = { .fd = g->notify, .events = POLLIN };
	char buf[64];
	bool is_ready = poll(&p, 1, ms) > 0;

	while (read(g->notify, buf, sizeof(buf)) > 0)
		;
	return is_ready;
}

/* Write bytes into the request ring, waiting for space. */
static int send_bytes(struct guest *g, const void *data, size_t len)
{
	const char *p = data;
	int spins = 0;

	while (len) {
		uint32_t prod = g->page->req_prod;
		uint32_t cons = __atomic_load_n(&g->page->req_cons,
						__ATOMIC_ACQUIRE);
		uint32_t space = VESTA_XS_RING_SIZE - (prod - cons);

		if (!space) {
			kick(g);
			if (!wait_notify(g, 100) && ++spins > 10)
				return -ETIMEDOUT;
			continue;
		}
		if (space > len)
			space = (uint32_t)len;
		for (uint32_t i = 0; i < space; i++)
			g->page->req[VESTA_XS_RING_MASK(prod + i)] = p[i];
		__atomic_store_n(&g->page->req_prod, prod + space,
				 __ATOMIC_RELEASE);
		p += space;
		len -= space;
	}
	kick(g);
	return 0;
}

static int recv_bytes(struct guest *g, void *data, size_t len, int ms)
{
	char *p = data;
	int waited = 0;

	while (len) {
		uint32_t cons = g->page->rsp_cons;
		uint32_t prod = __atomic_load_n(&g->page->rsp_prod,
						__ATOMIC_ACQUIRE);
		uint32_t avail = prod - cons;

		if (!avail) {
			if (waited >= ms)
				return -ETIMEDOUT;
			wait_notify(g, 20);
			waited += 20;
			continue;
		}
		if (avail > len)
			avail = (uint32_t)len;
		for (uint32_t i = 0; i < avail; i++)
			p[i] = g->page->rsp[VESTA_XS_RING_MASK(cons + i)];
		__atomic_store_n(&g->page->rsp_cons, cons + avail,
				 __ATOMIC_RELEASE);
		kick(g);
		p += avail;
		len -= avail;
	}
	return 0;
}

/* Send a request, return the reply type; payload copied to @out. */
static int request(struct guest *g, uint32_t type, const char *p,
		   size_t len, char *out, size_t *olen)
{
	struct vesta_xs_hdr h = { type, ++g->req_id, 0, (uint32_t)len };
	char buf[VESTA_XS_PAYLOAD_MAX + 1];

	if (send_bytes(g, &h, sizeof(h)) || send_bytes(g, p, len))
		return -1;
	do {
		if (recv_bytes(g, &h, sizeof(h), 2000) ||
		    h.len > VESTA_XS_PAYLOAD_MAX ||
		    recv_bytes(g, buf, h.len, 2000))
			return -1;
	} while (h.type == VESTA_XS_WATCH_EVENT);
	buf[h.len] = '\0';
	if (out)
		memcpy(out, buf, h.len + 1);
	if (olen)
		*olen = h.len;
	return (int)h.type;
}

/* dom0 gives domain @domid its home directory. */
static int wr_dom_home(unsigned int domid)
{
	char path[64], perm[16];
	const char *p = perm;
	int rc;

	snprintf(path, sizeof(path), "/local/domain/%u", domid);
	snprintf(perm, sizeof(perm), "n%u", domid);
	rc = libvesta_xs_mkdir(h0, 0, path);
	return rc ? rc : libvesta_xs_set_perms(h0, 0, path, &p, 1);
}

/* After RELEASE nobody answers, not even a reconnection request. */
static void reconnect_expect_none(struct guest *g)
{
	__atomic_store_n(&g->page->connection, VESTA_XS_RECONNECT,
			 __ATOMIC_RELEASE);
	kick(g);
	usleep(200000);
	CHECK_EQ(g->page->connection, VESTA_XS_RECONNECT);
}

static void test_basic(void)
{
	struct guest g;
	char out[VESTA_XS_PAYLOAD_MAX + 1], req[64];
	int i, bad = 0;

	guest_create(&g, 3);
	CHECK_EQ(g.page->server_features & VESTA_XS_FEATURE_RECONNECTION,
		 VESTA_XS_FEATURE_RECONNECTION);
	CHECK_EQ(wr_dom_home(3), 0);
	CHECK_EQ(request(&g, VESTA_XS_WRITE, "name\0guest3", 11, out, NULL),
		 VESTA_XS_WRITE);
	CHECK_STR(out, "OK");
	CHECK_EQ(request(&g, VESTA_XS_READ, "name", 5, out, NULL),
		 VESTA_XS_READ);
	CHECK_STR(out, "guest3");
	CHECK_EQ(request(&g, VESTA_XS_READ, "/tool", 6, out, NULL),
		 VESTA_XS_ERROR);
	CHECK_STR(out, "EACCES");
	/* Many messages: indices wrap around the ring many times. */
	for (i = 0; i < 300; i++) {
		int n = snprintf(req, sizeof(req), "k%d", i % 10);

		memcpy(req + n + 1, "some-value-text", 15);
		bad += request(&g, VESTA_XS_WRITE, req, (size_t)n + 16, out,
			       NULL) != VESTA_XS_WRITE;
	}
	CHECK_EQ(bad, 0);
	CHECK(g.page->req_prod > 4 * VESTA_XS_RING_SIZE);
	/* A message delivered in pieces is served once it is complete. */
	{
		struct vesta_xs_hdr h = { VESTA_XS_READ, 77, 0, 5 };
		struct vesta_xs_hdr r;

		CHECK_EQ(send_bytes(&g, &h, 10), 0);
		usleep(50000);
		CHECK_EQ(send_bytes(&g, (char *)&h + 10, 6), 0);
		CHECK_EQ(send_bytes(&g, "na", 2), 0);
		usleep(50000);
		CHECK(g.page->rsp_prod == g.page->rsp_cons);
		CHECK_EQ(send_bytes(&g, "me", 3), 0);
		CHECK_EQ(recv_bytes(&g, &r, sizeof(r), 2000), 0);
		CHECK_EQ(r.req_id, 77);
		CHECK_EQ(recv_bytes(&g, out, r.len, 2000), 0);
		CHECK(!memcmp(out, "guest3", 6));
	}
	/* A watch through the ring. */
	{
		struct vesta_xs_hdr r;
		char ev[256];

		CHECK_EQ(request(&g, VESTA_XS_WATCH, "name\0wtok", 10, out,
				 NULL), VESTA_XS_WATCH);
		CHECK_EQ(recv_bytes(&g, &r, sizeof(r), 2000), 0);
		CHECK_EQ(r.type, VESTA_XS_WATCH_EVENT);
		CHECK_EQ(recv_bytes(&g, ev, r.len, 2000), 0);
		CHECK(!memcmp(ev, "name\0wtok\0", 10));
		CHECK_EQ(libvesta_xs_write(h0, 0, "/local/domain/3/name", "x",
					   1), 0);
		CHECK_EQ(recv_bytes(&g, &r, sizeof(r), 2000), 0);
		CHECK_EQ(r.type, VESTA_XS_WATCH_EVENT);
		CHECK_EQ(recv_bytes(&g, ev, r.len, 2000), 0);
		CHECK(!memcmp(ev, "name\0wtok\0", 10));
	}
	CHECK_EQ(g.page->error, VESTA_XS_RING_ERR_NONE);
}

static void dom0_alive(void)
{
	char *v;

	CHECK_EQ(libvesta_xs_write(h0, 0, "/alive", "1", 1), 0);
	CHECK_EQ(libvesta_xs_read(h0, 0, "/alive", &v, NULL), 0);
	free(v);
}

static void wait_error(struct guest *g, uint32_t err)
{
	int i;

	for (i = 0; i < 100 && g->page->error != err; i++)
		usleep(10000);
	CHECK_EQ(g->page->error, err);
}

static void reconnect(struct guest *g)
{
	int i;

	__atomic_store_n(&g->page->connection, VESTA_XS_RECONNECT,
			 __ATOMIC_RELEASE);
	kick(g);
	for (i = 0; i < 100 && g->page->connection != VESTA_XS_CONNECTED; i++)
		usleep(10000);
	CHECK_EQ(g->page->connection, VESTA_XS_CONNECTED);
	CHECK_EQ(g->page->error, VESTA_XS_RING_ERR_NONE);
	CHECK_EQ(g->page->req_prod, 0);
	CHECK_EQ(g->page->rsp_prod, 0);
	g->req_id = 0;
}

static void test_hostile(void)
{
	struct vesta_xs_hdr big = { VESTA_XS_READ, 1, 0, 99999 };
	char out[VESTA_XS_PAYLOAD_MAX + 1];
	struct guest g, ok;
	int i;

	guest_create(&ok, 4);
	guest_create(&g, 5);
	/* Impossible producer index. */
	g.page->req_prod = g.page->req_cons + 5000;
	kick(&g);
	wait_error(&g, VESTA_XS_RING_ERR_RINGIDX);
	dom0_alive();
	CHECK_EQ(request(&ok, VESTA_XS_GET_DOMAIN_PATH, "4", 2, out, NULL),
		 VESTA_XS_GET_DOMAIN_PATH);
	reconnect(&g);
	CHECK_EQ(request(&g, VESTA_XS_GET_DOMAIN_PATH, "5", 2, out, NULL),
		 VESTA_XS_GET_DOMAIN_PATH);
	CHECK_STR(out, "/local/domain/5");
	/* Oversized length in a header. */
	CHECK_EQ(send_bytes(&g, &big, sizeof(big)), 0);
	wait_error(&g, VESTA_XS_RING_ERR_PROTO);
	dom0_alive();
	reconnect(&g);
	/* Impossible consumer index on the response ring. */
	g.page->rsp_cons = g.page->rsp_prod + 3000;
	CHECK_EQ(send_bytes(&g, "\2\0\0\0\1\0\0\0\0\0\0\0\2\0\0\0" "5", 18),
		 0);
	wait_error(&g, VESTA_XS_RING_ERR_RINGIDX);
	dom0_alive();
	reconnect(&g);
	/* A guest that never consumes its replies: the daemon stops reading
	 * its requests but keeps serving everyone else. */
	for (i = 0; i < 200; i++) {
		struct vesta_xs_hdr h = { VESTA_XS_READ, (uint32_t)i, 0, 2 };

		if (send_bytes(&g, &h, sizeof(h)) || send_bytes(&g, "x", 2))
			break;
	}
	CHECK(i < 200); /* it had to stop: back-pressure reached us */
	dom0_alive();
	CHECK_EQ(request(&ok, VESTA_XS_GET_DOMAIN_PATH, "4", 2, out, NULL),
		 VESTA_XS_GET_DOMAIN_PATH);
	/* Garbage bytes: random headers with unknown types get replies
	 * or disable the ring, never anything else. */
	reconnect(&g);
	{
		unsigned char junk[512];

		srand(7);
		for (i = 0; i < (int)sizeof(junk); i++)
			junk[i] = (unsigned char)rand();
		send_bytes(&g, junk, sizeof(junk));
		usleep(100000);
		dom0_alive();
	}
	/* Release: the ring is no longer served. */
	CHECK_EQ(libvesta_xs_release(h0, 5), 0);
	reconnect_expect_none(&g);
	CHECK_EQ(libvesta_xs_release(h0, 4), 0);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: test-ring DOM0SOCK RINGDIR\n");
		return 2;
	}
	sock0 = argv[1];
	dir = argv[2];
	if (libvesta_xs_open(sock0, NULL, NULL, &h0))
		return 1;
	RUN(test_basic);
	RUN(test_hostile);
	libvesta_xs_close(h0);
	return test_status();
}
