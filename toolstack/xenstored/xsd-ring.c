// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Guest ring connections.  INTRODUCE maps a guest's xenstore page and binds
 * its event channel; on the host (no hypervisor) both come from a directory
 * given with --ring-dir: DIR/N.ring is the shared page of domain N, and the
 * FIFOs DIR/N.kick and DIR/N.notify stand in for the event channel in each
 * direction.  The connection code is generic (xsd-conn.c); this file only
 * moves bytes through xs-ring.c and handles reconnection and ring errors.
 * Without --ring-dir, domains are recorded but get no ring.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "xs-ring.h"
#include "xsd.h"

struct ring_tp {
	struct xs_ring r;
	void *map;
	int notify_fd;
};

static int ring_read(struct xsd_conn *c, void *buf, size_t len)
{
	struct ring_tp *tp = c->tp;

	return xs_ring_read(&tp->r, buf, len);
}

static int ring_write(struct xsd_conn *c, const void *buf, size_t len)
{
	struct ring_tp *tp = c->tp;

	return xs_ring_write(&tp->r, buf, len);
}

static void ring_kick(struct xsd_conn *c)
{
	struct ring_tp *tp = c->tp;
	char b = 1;

	/* A full FIFO already holds a pending wakeup. */
	if (write(tp->notify_fd, &b, 1) < 0 && errno != EAGAIN)
		xsd_log(LOG_WARNING, "domain %u: notify: %s", c->cl.domid,
			strerror(errno));
}

static bool ring_prepare(struct xsd_conn *c)
{
	struct ring_tp *tp = c->tp;
	char buf[64];

	while (read(c->fd, buf, sizeof(buf)) > 0)
		;
	if (xs_ring_wants_reconnect(&tp->r)) {
		xsd_log(LOG_INFO, "domain %u: ring reconnection", c->cl.domid);
		xsd_conn_reset(c);
		xs_ring_reconnect(&tp->r);
		ring_kick(c);
		return true;
	}
	return !tp->r.is_broken;
}

static void ring_fail(struct xsd_conn *c, int err)
{
	struct ring_tp *tp = c->tp;

	if (!tp->r.is_broken)
		xs_ring_mark_broken(&tp->r, VESTA_XS_RING_ERR_PROTO);
	xsd_log(LOG_WARNING,
		"domain %u: ring protocol error (%s), ring disabled until "
		"the guest reconnects", c->cl.domid, strerror(-err));
	ring_kick(c);
}

static void ring_destroy(struct xsd_conn *c)
{
	struct ring_tp *tp = c->tp;

	munmap(tp->map, sizeof(struct vesta_xs_ring_page));
	close(tp->notify_fd);
	close(c->fd);
	free(tp);
}

static const struct xsd_conn_ops ring_ops = {
	.kind = "ring",
	.read = ring_read,
	.write = ring_write,
	.kick = ring_kick,
	.prepare = ring_prepare,
	.fail = ring_fail,
	.destroy = ring_destroy,
};

struct xsd_conn *xsd_ring_conn(struct xsd *d, unsigned int domid)
{
	struct xsd_conn *c;

	for (c = d->conns; c; c = c->next)
		if (c->ops == &ring_ops && c->cl.domid == domid && !c->is_dead)
			return c;
	return NULL;
}

static int open_file(const char *dir, unsigned int domid, const char *ext,
		     int flags)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%u.%s", dir, domid, ext);
	return open(path, flags | O_CLOEXEC);
}

static int map_ring(const char *dir, unsigned int domid, void **map)
{
	struct stat st;
	int fd, rc = 0;

	fd = open_file(dir, domid, "ring", O_RDWR);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    st.st_size < (off_t)sizeof(struct vesta_xs_ring_page)) {
		rc = -EINVAL;
		goto out;
	}
	*map = mmap(NULL, sizeof(struct vesta_xs_ring_page),
		    PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (*map == MAP_FAILED)
		rc = -errno;
out:
	close(fd);
	return rc;
}

int xsd_ring_introduce(void *arg, unsigned int domid, unsigned long mfn,
		       unsigned int port)
{
	struct xsd *d = arg;
	struct ring_tp *tp;
	struct xsd_conn *c;
	int kick = -1, rc;

	(void)mfn;
	(void)port;
	if (!d->cfg.ring_dir) {
		xsd_log(LOG_INFO, "domain %u: no ring backend, not connected",
			domid);
		return 0;
	}
	tp = calloc(1, sizeof(*tp));
	if (!tp)
		return -ENOMEM;
	tp->notify_fd = -1;
	rc = map_ring(d->cfg.ring_dir, domid, &tp->map);
	if (rc) {
		free(tp);
		return rc;
	}
	/* O_RDWR on a FIFO never blocks and keeps it open for both ends. */
	kick = open_file(d->cfg.ring_dir, domid, "kick", O_RDWR | O_NONBLOCK);
	tp->notify_fd = open_file(d->cfg.ring_dir, domid, "notify",
				  O_RDWR | O_NONBLOCK);
	if (kick < 0 || tp->notify_fd < 0) {
		rc = -ENOENT;
		goto fail;
	}
	rc = xs_ring_init(&tp->r, tp->map, d->is_restoring);
	if (rc)
		xsd_log(LOG_WARNING, "domain %u: saved ring indices invalid",
			domid);
	rc = xsd_conn_create(d, &ring_ops, kick, domid, false, tp, &c);
	if (rc)
		goto fail;
	/* Requests may already be waiting without a wakeup. */
	c->needs_service = true;
	return 0;
fail:
	if (kick >= 0)
		close(kick);
	if (tp->notify_fd >= 0)
		close(tp->notify_fd);
	munmap(tp->map, sizeof(struct vesta_xs_ring_page));
	free(tp);
	return rc;
}

void xsd_ring_release(void *arg, unsigned int domid)
{
	struct xsd_conn *c = xsd_ring_conn(arg, domid);

	if (c)
		c->is_dead = true;
}
