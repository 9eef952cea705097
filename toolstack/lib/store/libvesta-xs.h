/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * libvesta-xs: a small synchronous client for xenstored over its Unix
 * socket, for Vesta's own tools and tests.  One handle is one connection;
 * calls send a request and wait for its reply, queueing any watch events
 * that arrive meanwhile for libvesta_xs_read_watch().  The library never
 * prints and never exits: it returns negative errno values (the daemon's
 * error names mapped back) and logs through the caller's logger.  Not
 * thread-safe: use one handle per thread.  No guest ring support.
 */
#ifndef LIBVESTA_XS_H
#define LIBVESTA_XS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct libvesta_xs;

/* Receives log messages; @prio uses syslog's LOG_* values. */
typedef void libvesta_xs_logger(void *arg, int prio, const char *msg);

/*
 * libvesta_xs_open() - Connect to the daemon.
 * @path: socket path; NULL means $XENSTORED_PATH, else
 *        /run/xenstored/socket
 * @log, @arg: logger (may be NULL)
 * @out: the handle
 * Return: 0; -ENOMEM; -errno from socket/connect.
 */
int libvesta_xs_open(const char *path, libvesta_xs_logger *log, void *arg,
		     struct libvesta_xs **out);

/* Close the connection and free the handle (NULL is accepted). */
void libvesta_xs_close(struct libvesta_xs *h);

/* The connection's file descriptor, to poll for watch events. */
int libvesta_xs_fd(const struct libvesta_xs *h);

/*
 * libvesta_xs_request() - Send any request and wait for its reply.
 * @type:    message type (vesta-xs-wire.h)
 * @tx:      transaction id or 0
 * @payload, @len: request payload
 * @reply, @rlen: malloc'd reply payload with an extra NUL appended (may be
 *           NULL to discard)
 * Return: 0; -errno named by an ERROR reply; -EPROTO malformed reply;
 *         -EPIPE connection lost; -E2BIG payload too long; -ENOMEM.
 */
int libvesta_xs_request(struct libvesta_xs *h, uint32_t type, uint32_t tx,
			const void *payload, size_t len, char **reply,
			size_t *rlen);

/* Node operations; @tx is a transaction id or 0.  Errors as above. */
int libvesta_xs_read(struct libvesta_xs *h, uint32_t tx, const char *path,
		     char **val, size_t *len);
int libvesta_xs_write(struct libvesta_xs *h, uint32_t tx, const char *path,
		      const void *val, size_t len);
int libvesta_xs_mkdir(struct libvesta_xs *h, uint32_t tx, const char *path);
int libvesta_xs_rm(struct libvesta_xs *h, uint32_t tx, const char *path);

/*
 * libvesta_xs_directory() - List children, falling back to DIRECTORY_PART
 * for lists longer than one message.
 * @names: malloc'd array of @n pointers into one block; free(*names)
 *         frees both
 */
int libvesta_xs_directory(struct libvesta_xs *h, uint32_t tx,
			  const char *path, char ***names, unsigned int *n);

/* Permissions as text ("n0", "r5" ...); @perms of get_perms is like
 * @names above. */
int libvesta_xs_get_perms(struct libvesta_xs *h, uint32_t tx,
			  const char *path, char ***perms, unsigned int *n);
int libvesta_xs_set_perms(struct libvesta_xs *h, uint32_t tx,
			  const char *path, const char *const *perms,
			  unsigned int n);

/* Watches. */
int libvesta_xs_watch(struct libvesta_xs *h, const char *path,
		      const char *token);
int libvesta_xs_unwatch(struct libvesta_xs *h, const char *path,
			const char *token);

/*
 * libvesta_xs_read_watch() - Wait for the next watch event.
 * @timeout_ms: -1 waits forever
 * @path, @token: malloc'd strings
 * Return: 0; -ETIMEDOUT; -EPIPE; -EPROTO; -ENOMEM.
 */
int libvesta_xs_read_watch(struct libvesta_xs *h, int timeout_ms,
			   char **path, char **token);

/* Transactions: end with @commit false to abort; a conflict is -EAGAIN. */
int libvesta_xs_txn_start(struct libvesta_xs *h, uint32_t *tx);
int libvesta_xs_txn_end(struct libvesta_xs *h, uint32_t tx, bool commit);

/* Domains (dom0 only, except the two queries). */
int libvesta_xs_introduce(struct libvesta_xs *h, unsigned int domid,
			  unsigned long mfn, unsigned int port);
int libvesta_xs_release(struct libvesta_xs *h, unsigned int domid);
int libvesta_xs_get_domain_path(struct libvesta_xs *h, unsigned int domid,
				char **path);
int libvesta_xs_is_introduced(struct libvesta_xs *h, unsigned int domid,
			      bool *is_introduced);

/*
 * libvesta_xs_control() - Send a CONTROL command with arguments.
 * @out: malloc'd reply text
 */
int libvesta_xs_control(struct libvesta_xs *h, const char *const *argv,
			unsigned int argc, char **out);

#endif /* LIBVESTA_XS_H */
