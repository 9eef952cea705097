// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Implementation of libvesta-xs (see libvesta-xs.h): framing requests,
 * matching replies by request id, queueing interleaved watch events, and
 * helpers for each message type.  Replies from the daemon are checked for
 * size before they are read, like any other input.  No printing, no exit.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "libvesta-xs.h"
#include "vesta-xs-wire.h"
#include "xs-wire.h"

struct event {
	struct event *next;
	char *path;
	char *token;
};

struct libvesta_xs {
	int fd;
	uint32_t next_id;
	libvesta_xs_logger *log;
	void *arg;
	struct event *ev_head, *ev_tail;
};

static void logf_(struct libvesta_xs *h, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void logf_(struct libvesta_xs *h, int prio, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!h->log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	h->log(h->arg, prio, msg);
}

int libvesta_xs_open(const char *path, libvesta_xs_logger *log, void *arg,
		     struct libvesta_xs **out)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct libvesta_xs *h;
	int rc;

	if (!path)
		path = getenv("XENSTORED_PATH");
	if (!path)
		path = "/run/xenstored/socket";
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->log = log;
	h->arg = arg;
	h->next_id = 1;
	h->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (h->fd < 0 || connect(h->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		rc = -errno;
		logf_(h, LOG_ERR, "cannot connect to %s: %s", path,
		      strerror(errno));
		if (h->fd >= 0)
			close(h->fd);
		free(h);
		return rc;
	}
	*out = h;
	return 0;
}

void libvesta_xs_close(struct libvesta_xs *h)
{
	struct event *e;

	if (!h)
		return;
	while ((e = h->ev_head)) {
		h->ev_head = e->next;
		free(e->path);
		free(e->token);
		free(e);
	}
	close(h->fd);
	free(h);
}

int libvesta_xs_fd(const struct libvesta_xs *h)
{
	return h->fd;
}

static int io_all(int fd, void *buf, size_t len, bool is_write)
{
	char *p = buf;
	ssize_t r;

	while (len) {
		if (is_write)
			r = send(fd, p, len, MSG_NOSIGNAL);
		else
			r = read(fd, p, len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r == 0 ? -EPIPE : -errno;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

/* Read one message; payload malloc'd with a NUL appended. */
static int read_msg(struct libvesta_xs *h, struct vesta_xs_hdr *hdr,
		    char **payload)
{
	char *p;
	int rc;

	rc = io_all(h->fd, hdr, sizeof(*hdr), false);
	if (rc)
		return rc;
	if (xs_wire_check_hdr(hdr)) {
		logf_(h, LOG_ERR, "daemon sent oversized message (%u bytes)",
		      hdr->len);
		return -EPROTO;
	}
	p = malloc(hdr->len + 1);
	if (!p)
		return -ENOMEM;
	rc = io_all(h->fd, p, hdr->len, false);
	if (rc) {
		free(p);
		return rc;
	}
	p[hdr->len] = '\0';
	*payload = p;
	return 0;
}

static int queue_event(struct libvesta_xs *h, const char *p, size_t len)
{
	size_t pl = strnlen(p, len);
	struct event *e;

	/* Payload is "path\0token\0". */
	if (pl == len)
		return -EPROTO;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->path = strdup(p);
	e->token = strdup(p + pl + 1);
	if (!e->path || !e->token) {
		free(e->path);
		free(e->token);
		free(e);
		return -ENOMEM;
	}
	if (h->ev_tail)
		h->ev_tail->next = e;
	else
		h->ev_head = e;
	h->ev_tail = e;
	return 0;
}

int libvesta_xs_request(struct libvesta_xs *h, uint32_t type, uint32_t tx,
			const void *payload, size_t len, char **reply,
			size_t *rlen)
{
	struct vesta_xs_hdr hdr = { type, h->next_id++, tx, (uint32_t)len };
	char *p;
	int rc;

	if (len > VESTA_XS_PAYLOAD_MAX)
		return -E2BIG;
	rc = io_all(h->fd, &hdr, sizeof(hdr), true);
	if (!rc)
		rc = io_all(h->fd, (void *)payload, len, true);
	if (rc)
		return rc;
	for (;;) {
		struct vesta_xs_hdr r;

		rc = read_msg(h, &r, &p);
		if (rc)
			return rc;
		if (r.type == VESTA_XS_WATCH_EVENT) {
			rc = queue_event(h, p, r.len);
			free(p);
			if (rc)
				return rc;
			continue;
		}
		if (r.req_id != hdr.req_id) {
			logf_(h, LOG_ERR, "reply id %u for request %u",
			      r.req_id, hdr.req_id);
			free(p);
			return -EPROTO;
		}
		if (r.type == VESTA_XS_ERROR) {
			rc = -xs_wire_errno(p);
			free(p);
			return rc;
		}
		if (reply) {
			*reply = p;
			if (rlen)
				*rlen = r.len;
		} else {
			free(p);
		}
		return 0;
	}
}

/* Build "a\0b\0..." from strings. */
static int join(char *buf, size_t cap, size_t *len, const char *const *s,
		unsigned int n)
{
	unsigned int i;
	size_t off = 0, l;

	for (i = 0; i < n; i++) {
		l = strlen(s[i]) + 1;
		if (off + l > cap)
			return -E2BIG;
		memcpy(buf + off, s[i], l);
		off += l;
	}
	*len = off;
	return 0;
}

static int simple(struct libvesta_xs *h, uint32_t type, uint32_t tx,
		  const char *const *args, unsigned int n, char **reply,
		  size_t *rlen)
{
	char buf[VESTA_XS_PAYLOAD_MAX];
	size_t len;
	int rc;

	rc = join(buf, sizeof(buf), &len, args, n);
	if (rc)
		return rc;
	return libvesta_xs_request(h, type, tx, buf, len, reply, rlen);
}

int libvesta_xs_read(struct libvesta_xs *h, uint32_t tx, const char *path,
		     char **val, size_t *len)
{
	return simple(h, VESTA_XS_READ, tx, &path, 1, val, len);
}

int libvesta_xs_write(struct libvesta_xs *h, uint32_t tx, const char *path,
		      const void *val, size_t len)
{
	char buf[VESTA_XS_PAYLOAD_MAX];
	size_t pl = strlen(path) + 1;

	if (pl + len > sizeof(buf))
		return -E2BIG;
	memcpy(buf, path, pl);
	memcpy(buf + pl, val, len);
	return libvesta_xs_request(h, VESTA_XS_WRITE, tx, buf, pl + len, NULL,
				   NULL);
}

int libvesta_xs_mkdir(struct libvesta_xs *h, uint32_t tx, const char *path)
{
	return simple(h, VESTA_XS_MKDIR, tx, &path, 1, NULL, NULL);
}

int libvesta_xs_rm(struct libvesta_xs *h, uint32_t tx, const char *path)
{
	return simple(h, VESTA_XS_RM, tx, &path, 1, NULL, NULL);
}

/* Turn "a\0b\0" into an array of pointers sharing one allocation. */
static int split_list(const char *p, size_t len, char ***out,
		      unsigned int *n)
{
	unsigned int count = 0, i = 0;
	size_t off;
	char **arr, *copy;

	for (off = 0; off < len; off++)
		if (!p[off])
			count++;
	arr = malloc((count + 1) * sizeof(char *) + len + 1);
	if (!arr)
		return -ENOMEM;
	copy = (char *)(arr + count + 1);
	memcpy(copy, p, len);
	copy[len] = '\0';
	for (off = 0; off < len && i < count; off += strlen(copy + off) + 1)
		arr[i++] = copy + off;
	arr[i] = NULL;
	*out = arr;
	*n = i;
	return 0;
}

static int directory_parts(struct libvesta_xs *h, uint32_t tx,
			   const char *path, char **all, size_t *all_len)
{
	char off_str[16], gen[32] = "", *r, *acc = NULL;
	const char *args[2] = { path, off_str };
	size_t rlen, off = 0, gl;
	int rc, tries = 0;

	for (;;) {
		snprintf(off_str, sizeof(off_str), "%zu", off);
		rc = simple(h, VESTA_XS_DIRECTORY_PART, tx, args, 2, &r, &rlen);
		if (rc)
			break;
		gl = strlen(r) + 1;
		if (gl > rlen || gl > sizeof(gen)) {
			free(r);
			rc = -EPROTO;
			break;
		}
		/* The node changed between chunks: start again. */
		if (off && strcmp(gen, r)) {
			free(r);
			off = 0;
			if (++tries > 8) {
				rc = -EAGAIN;
				break;
			}
			continue;
		}
		memcpy(gen, r, gl);
		{
			char *n = realloc(acc, off + (rlen - gl) + 1);

			if (!n) {
				free(r);
				rc = -ENOMEM;
				break;
			}
			acc = n;
		}
		memcpy(acc + off, r + gl, rlen - gl);
		off += rlen - gl;
		free(r);
		/* A chunk ending in an empty name is the last one. */
		if (rlen - gl == 0 ||
		    (off >= 1 && acc[off - 1] == '\0' &&
		     (off == 1 || acc[off - 2] == '\0'))) {
			*all = acc;
			*all_len = off ? off - 1 : 0;
			return 0;
		}
	}
	free(acc);
	return rc;
}

int libvesta_xs_directory(struct libvesta_xs *h, uint32_t tx,
			  const char *path, char ***names, unsigned int *n)
{
	char *r;
	size_t len;
	int rc;

	rc = simple(h, VESTA_XS_DIRECTORY, tx, &path, 1, &r, &len);
	if (rc == -E2BIG)
		rc = directory_parts(h, tx, path, &r, &len);
	if (rc)
		return rc;
	rc = split_list(r, len, names, n);
	free(r);
	return rc;
}

int libvesta_xs_get_perms(struct libvesta_xs *h, uint32_t tx,
			  const char *path, char ***perms, unsigned int *n)
{
	char *r;
	size_t len;
	int rc;

	rc = simple(h, VESTA_XS_GET_PERMS, tx, &path, 1, &r, &len);
	if (rc)
		return rc;
	rc = split_list(r, len, perms, n);
	free(r);
	return rc;
}

int libvesta_xs_set_perms(struct libvesta_xs *h, uint32_t tx,
			  const char *path, const char *const *perms,
			  unsigned int n)
{
	const char *args[72];
	unsigned int i;

	if (n + 1 > 72)
		return -E2BIG;
	args[0] = path;
	for (i = 0; i < n; i++)
		args[i + 1] = perms[i];
	return simple(h, VESTA_XS_SET_PERMS, tx, args, n + 1, NULL, NULL);
}

int libvesta_xs_watch(struct libvesta_xs *h, const char *path,
		      const char *token)
{
	const char *args[2] = { path, token };

	return simple(h, VESTA_XS_WATCH, 0, args, 2, NULL, NULL);
}

int libvesta_xs_unwatch(struct libvesta_xs *h, const char *path,
			const char *token)
{
	const char *args[2] = { path, token };

	return simple(h, VESTA_XS_UNWATCH, 0, args, 2, NULL, NULL);
}

int libvesta_xs_read_watch(struct libvesta_xs *h, int timeout_ms,
			   char **path, char **token)
{
	struct pollfd pfd = { .fd = h->fd, .events = POLLIN };
	struct vesta_xs_hdr r;
	struct event *e;
	char *p;
	int rc;

	while (!h->ev_head) {
		rc = poll(&pfd, 1, timeout_ms);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return -errno;
		if (rc == 0)
			return -ETIMEDOUT;
		rc = read_msg(h, &r, &p);
		if (rc)
			return rc;
		if (r.type != VESTA_XS_WATCH_EVENT) {
			logf_(h, LOG_WARNING, "unexpected message type %u",
			      r.type);
			free(p);
			return -EPROTO;
		}
		rc = queue_event(h, p, r.len);
		free(p);
		if (rc)
			return rc;
	}
	e = h->ev_head;
	h->ev_head = e->next;
	if (!h->ev_head)
		h->ev_tail = NULL;
	*path = e->path;
	*token = e->token;
	free(e);
	return 0;
}

int libvesta_xs_txn_start(struct libvesta_xs *h, uint32_t *tx)
{
	const char *empty = "";
	unsigned long v;
	char *r, *end;
	int rc;

	rc = simple(h, VESTA_XS_TRANSACTION_START, 0, &empty, 1, &r, NULL);
	if (rc)
		return rc;
	v = strtoul(r, &end, 10);
	rc = (*end || end == r || !v || v > 0xffffffffu) ? -EPROTO : 0;
	free(r);
	if (!rc)
		*tx = (uint32_t)v;
	return rc;
}

int libvesta_xs_txn_end(struct libvesta_xs *h, uint32_t tx, bool commit)
{
	const char *arg = commit ? "T" : "F";

	return simple(h, VESTA_XS_TRANSACTION_END, tx, &arg, 1, NULL, NULL);
}

static int domid_req(struct libvesta_xs *h, uint32_t type,
		     unsigned int domid, char **reply)
{
	char num[16];
	const char *arg = num;

	snprintf(num, sizeof(num), "%u", domid);
	return simple(h, type, 0, &arg, 1, reply, NULL);
}

int libvesta_xs_introduce(struct libvesta_xs *h, unsigned int domid,
			  unsigned long mfn, unsigned int port)
{
	char a[16], b[24], c[16];
	const char *args[3] = { a, b, c };

	snprintf(a, sizeof(a), "%u", domid);
	snprintf(b, sizeof(b), "%lu", mfn);
	snprintf(c, sizeof(c), "%u", port);
	return simple(h, VESTA_XS_INTRODUCE, 0, args, 3, NULL, NULL);
}

int libvesta_xs_release(struct libvesta_xs *h, unsigned int domid)
{
	return domid_req(h, VESTA_XS_RELEASE, domid, NULL);
}

int libvesta_xs_get_domain_path(struct libvesta_xs *h, unsigned int domid,
				char **path)
{
	return domid_req(h, VESTA_XS_GET_DOMAIN_PATH, domid, path);
}

int libvesta_xs_is_introduced(struct libvesta_xs *h, unsigned int domid,
			      bool *is_introduced)
{
	char *r;
	int rc;

	rc = domid_req(h, VESTA_XS_IS_DOMAIN_INTRODUCED, domid, &r);
	if (rc)
		return rc;
	*is_introduced = r[0] == 'T';
	free(r);
	return 0;
}

int libvesta_xs_control(struct libvesta_xs *h, const char *const *argv,
			unsigned int argc, char **out)
{
	return simple(h, VESTA_XS_CONTROL, 0, argv, argc, out, NULL);
}
