// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Connections of the daemon, independent of transport: framing requests out
 * of a byte stream, running them through the request layer, queueing replies
 * and watch events, and the per-connection limits that keep one client from
 * stalling the others (bounded work per wakeup, no reading while too many
 * replies are unsent, watch events dropped past the output limit).  Also
 * the Unix-socket transport.  Guest rings are in xsd-ring.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "xs-req.h"
#include "xsd.h"

/* Requests served per connection per wakeup, for fairness. */
#define BURST 32

int xsd_conn_create(struct xsd *d, const struct xsd_conn_ops *ops, int fd,
		    unsigned int domid, bool is_privileged, void *tp,
		    struct xsd_conn **out)
{
	struct xsd_conn *c;

	if (d->nconns >= XSD_MAX_CONNS)
		return -EMFILE;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->d = d;
	c->ops = ops;
	c->fd = fd;
	c->tp = tp;
	xs_client_init(&c->cl, domid, is_privileged, c);
	c->next = d->conns;
	d->conns = c;
	d->nconns++;
	if (out)
		*out = c;
	return 0;
}

static void free_list(struct xsd_out *o)
{
	while (o) {
		struct xsd_out *next = o->next;

		free(o);
		o = next;
	}
}

void xsd_conn_reset(struct xsd_conn *c)
{
	xs_client_teardown(c->d->s, &c->cl);
	free_list(c->out_head);
	free_list(c->def_head);
	c->out_head = c->out_tail = c->def_head = c->def_tail = NULL;
	c->out_off = c->out_bytes = 0;
	c->out_replies = 0;
	c->in_have = 0;
}

static void conn_free(struct xsd_conn *c)
{
	xsd_conn_reset(c);
	if (c->ops->destroy)
		c->ops->destroy(c);
	free(c);
}

void xsd_conn_reap(struct xsd *d)
{
	struct xsd_conn **pp = &d->conns;

	while (*pp) {
		struct xsd_conn *c = *pp;

		if (!c->is_dead) {
			pp = &c->next;
			continue;
		}
		*pp = c->next;
		d->nconns--;
		conn_free(c);
	}
}

void xsd_conn_destroy_all(struct xsd *d)
{
	struct xsd_conn *c;

	for (c = d->conns; c; c = c->next)
		c->is_dead = true;
	xsd_conn_reap(d);
}

static struct xsd_out *make_out(uint32_t type, uint32_t req_id,
				uint32_t tx_id, const void *p, size_t len)
{
	struct vesta_xs_hdr h = { type, req_id, tx_id, (uint32_t)len };
	struct xsd_out *o = malloc(sizeof(*o) + sizeof(h) + len);

	if (!o)
		return NULL;
	o->next = NULL;
	o->len = sizeof(h) + len;
	o->is_reply = false;
	memcpy(o->data, &h, sizeof(h));
	memcpy(o->data + sizeof(h), p, len);
	return o;
}

static void append(struct xsd_out **head, struct xsd_out **tail,
		   struct xsd_out *o)
{
	if (*tail)
		(*tail)->next = o;
	else
		*head = o;
	*tail = o;
}

void xsd_watch_event(void *arg, struct xs_client *cl, const char *path,
		     const char *token)
{
	struct xsd_conn *c = cl->priv;
	size_t pl = strlen(path) + 1, tl = strlen(token) + 1;
	char buf[VESTA_XS_PAYLOAD_MAX];
	struct xsd_out *o;

	(void)arg;
	if (!c || c->is_dead || c->is_quiet)
		return;
	if (pl + tl > sizeof(buf))
		return;
	/* A client that does not read must not grow our memory: past the
	 * output limit its events are dropped, and it is told so in the log. */
	if (c->out_bytes + pl + tl >
	    xs_store_quota(c->d->s)->outbuf_bytes) {
		if (!c->dropped_events++)
			xsd_log(LOG_WARNING,
				"domain %u: output limit reached, dropping "
				"watch events", c->cl.domid);
		return;
	}
	memcpy(buf, path, pl);
	memcpy(buf + pl, token, tl);
	o = make_out(VESTA_XS_WATCH_EVENT, 0, 0, buf, pl + tl);
	if (!o)
		return;
	c->out_bytes += o->len;
	if (c->in_request)
		append(&c->def_head, &c->def_tail, o);
	else
		append(&c->out_head, &c->out_tail, o);
	/* Rings have no writability wakeup: flush on the next loop pass. */
	c->needs_service = true;
}

static int flush(struct xsd_conn *c)
{
	bool is_written = false;
	int n;

	while (c->out_head) {
		struct xsd_out *o = c->out_head;

		n = c->ops->write(c, o->data + c->out_off, o->len - c->out_off);
		if (n < 0)
			return n;
		if (n == 0)
			break;
		is_written = true;
		c->out_off += (size_t)n;
		if (c->out_off < o->len)
			continue;
		c->out_head = o->next;
		if (!c->out_head)
			c->out_tail = NULL;
		c->out_off = 0;
		c->out_bytes -= o->len;
		if (o->is_reply)
			c->out_replies--;
		free(o);
	}
	if (is_written && c->ops->kick)
		c->ops->kick(c);
	return 0;
}

/* Return 1 when in_buf holds a whole message, 0 if more is needed. */
static int read_msg(struct xsd_conn *c)
{
	const size_t hl = sizeof(struct vesta_xs_hdr);
	struct vesta_xs_hdr h;
	size_t need;
	int n, rc;

	for (;;) {
		need = hl;
		if (c->in_have >= hl) {
			memcpy(&h, c->in_buf, hl);
			need = hl + h.len;
			if (c->in_have == need)
				return 1;
		}
		n = c->ops->read(c, c->in_buf + c->in_have, need - c->in_have);
		if (n <= 0)
			return n;
		c->in_have += (size_t)n;
		if (c->in_have == hl) {
			/* Checked once, before any payload is read. */
			memcpy(&h, c->in_buf, hl);
			rc = xs_wire_check_hdr(&h);
			if (rc)
				return rc;
		}
	}
}

static void handle(struct xsd_conn *c)
{
	struct vesta_xs_hdr h;
	struct xs_reply r;
	struct xsd_out *o;

	memcpy(&h, c->in_buf, sizeof(h));
	c->in_have = 0;
	if (!c->cl.is_privileged)
		c->cl.target = xs_domain_target(c->d->s, c->cl.domid);
	c->in_request = true;
	xs_req_handle(c->d->s, &c->cl, &h, c->in_buf + sizeof(h), &r);
	c->in_request = false;
	o = make_out(r.type, h.req_id, h.tx_id, r.buf, r.len);
	if (o) {
		o->is_reply = true;
		c->out_bytes += o->len;
		c->out_replies++;
		append(&c->out_head, &c->out_tail, o);
	} else {
		xsd_log(LOG_ERR, "domain %u: out of memory for a reply",
			c->cl.domid);
	}
	/* The reply goes out before the events the request raised (the
	 * initial event of a WATCH follows its OK). */
	if (c->def_head) {
		append(&c->out_head, &c->out_tail, c->def_head);
		c->out_tail = c->def_tail;
		c->def_head = c->def_tail = NULL;
	}
}

/* A transport or protocol error: rings are disabled, sockets closed. */
static void conn_error(struct xsd_conn *c, int rc)
{
	if (c->ops->fail) {
		c->ops->fail(c, rc);
		return;
	}
	if (rc == -E2BIG)
		xsd_log(LOG_WARNING,
			"domain %u: oversized message, closing %s connection",
			c->cl.domid, c->ops->kind);
	c->is_dead = true;
}

void xsd_conn_service(struct xsd_conn *c)
{
	unsigned int limit = xs_store_quota(c->d->s)->outstanding;
	int i, rc;

	c->needs_service = false;
	if (c->is_dead)
		return;
	if (c->ops->prepare && !c->ops->prepare(c))
		return;
	for (i = 0; i < BURST; i++) {
		rc = flush(c);
		if (rc)
			goto err;
		/* Back-pressure: stop reading until the client drains. */
		if (c->out_replies >= limit)
			return;
		rc = read_msg(c);
		if (rc < 0)
			goto err;
		if (rc == 0)
			return;
		handle(c);
	}
	rc = flush(c);
	if (rc)
		goto err;
	c->needs_service = true;
	return;
err:
	conn_error(c, rc);
}

/* Unix-socket transport. */

static int sock_read(struct xsd_conn *c, void *buf, size_t len)
{
	ssize_t r = read(c->fd, buf, len);

	if (r > 0)
		return (int)r;
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	return r == 0 ? -EPIPE : -errno;
}

static int sock_write(struct xsd_conn *c, const void *buf, size_t len)
{
	ssize_t r = send(c->fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);

	if (r >= 0)
		return (int)r;
	if (errno == EAGAIN || errno == EINTR)
		return 0;
	return -errno;
}

static void sock_destroy(struct xsd_conn *c)
{
	close(c->fd);
}

static const struct xsd_conn_ops sock_ops = {
	.kind = "socket",
	.read = sock_read,
	.write = sock_write,
	.destroy = sock_destroy,
};

void xsd_accept(struct xsd *d, struct xsd_listener *l)
{
	int fd = accept4(l->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	int rc;

	if (fd < 0) {
		if (errno != EAGAIN && errno != EINTR)
			xsd_log(LOG_WARNING, "accept on %s: %s", l->path,
				strerror(errno));
		return;
	}
	rc = xsd_conn_create(d, &sock_ops, fd, l->domid, l->is_privileged,
			     NULL, NULL);
	if (rc) {
		xsd_log(LOG_WARNING, "refusing connection on %s: %s", l->path,
			strerror(-rc));
		close(fd);
	}
}

static int make_parent_dir(const char *path)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

int xsd_listen(struct xsd *d, const char *path, unsigned int domid,
	       bool is_privileged)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct xsd_listener *l;
	int fd, rc;

	if (d->nlisteners >= XSD_MAX_DOM_SOCKETS + 1)
		return -ENOSPC;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	rc = make_parent_dir(path);
	if (rc)
		return rc;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* A socket file left by a crashed daemon would block bind(). */
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    chmod(path, 0600) || listen(fd, 128)) {
		rc = -errno;
		close(fd);
		return rc;
	}
	l = &d->listeners[d->nlisteners++];
	l->fd = fd;
	l->domid = domid;
	l->is_privileged = is_privileged;
	l->path = strdup(path);
	return 0;
}

void xsd_unlisten(struct xsd *d)
{
	unsigned int i;

	for (i = 0; i < d->nlisteners; i++) {
		close(d->listeners[i].fd);
		if (d->listeners[i].path)
			unlink(d->listeners[i].path);
		free(d->listeners[i].path);
	}
	d->nlisteners = 0;
}
