/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Internal interfaces of the xenstored daemon: connections over any
 * transport (Unix sockets, guest rings), the daemon object, configuration,
 * logging, state save/restore and service-manager notification.  The store
 * semantics are not here; they are in the core (xs-store.h, xs-req.h).
 */
#ifndef VESTA_XSD_H
#define VESTA_XSD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vesta-xs-wire.h"
#include "xs-store.h"

#define XSD_DEFAULT_SOCKET "/run/xenstored/socket"
#define XSD_MAX_DOM_SOCKETS 16
#define XSD_MAX_CONNS 4096

struct xsd;
struct xsd_conn;

/* One queued outgoing message (header and payload, contiguous). */
struct xsd_out {
	struct xsd_out *next;
	size_t len;
	bool is_reply;
	char data[];
};

/* What a transport provides to the generic connection code. */
struct xsd_conn_ops {
	const char *kind;
	/* Return bytes moved, 0 if none can be moved now, -errno if dead. */
	int (*read)(struct xsd_conn *c, void *buf, size_t len);
	int (*write)(struct xsd_conn *c, const void *buf, size_t len);
	/* Tell the peer that output was written (may be NULL). */
	void (*kick)(struct xsd_conn *c);
	/* Transport-specific work before reading (may be NULL); returns
	 * false if the connection must not be served now. */
	bool (*prepare)(struct xsd_conn *c);
	/* Protocol error @err from this peer; NULL means close. */
	void (*fail)(struct xsd_conn *c, int err);
	/* Free transport resources (the fd included). */
	void (*destroy)(struct xsd_conn *c);
};

struct xsd_conn {
	struct xsd_conn *next;
	struct xsd *d;
	const struct xsd_conn_ops *ops;
	struct xs_client cl;
	int fd;                 /* polled for input */
	bool is_dead;
	bool needs_service;     /* input may be pending without a wakeup */
	bool in_request;
	bool is_quiet;          /* drop watch events (state restore) */
	size_t in_have;
	char in_buf[sizeof(struct vesta_xs_hdr) + VESTA_XS_PAYLOAD_MAX];
	struct xsd_out *out_head, *out_tail;
	struct xsd_out *def_head, *def_tail; /* events raised mid-request */
	size_t out_off;
	size_t out_bytes;
	unsigned int out_replies;
	unsigned long dropped_events;
	void *tp;               /* transport data */
};

struct xsd_dom_socket {
	unsigned int domid;
	char *path;
};

struct xsd_config {
	char *socket_path;
	char *state_file;
	char *ring_dir;
	char *log_file;         /* NULL: syslog; "-": stderr */
	int log_level;          /* syslog LOG_* */
	char *pid_file;
	struct xs_quota quota;
	struct xsd_dom_socket dom_socks[XSD_MAX_DOM_SOCKETS];
	unsigned int ndom_socks;
};

struct xsd_listener {
	int fd;
	unsigned int domid;
	bool is_privileged;
	char *path;
};

struct xsd {
	struct xsd_config cfg;
	struct xs_store *s;
	struct xsd_conn *conns;
	unsigned int nconns;
	struct xsd_listener listeners[XSD_MAX_DOM_SOCKETS + 1];
	unsigned int nlisteners;
	bool is_restoring;
};

/* xsd-log.c */

/*
 * xsd_log_open() - Choose the log target and level.
 * @file: NULL for syslog (the journal under systemd), "-" for stderr, or a
 *        file to append to
 * Return: 0; -errno opening the file.
 */
int xsd_log_open(const char *file, int level);
void xsd_log_close(void);
void xsd_log(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Logger hook for the store core. */
void xsd_log_hook(void *arg, int prio, const char *msg);
/* Parse "err", "warning", "notice", "info", "debug"; -1 if unknown. */
int xsd_log_level(const char *name);

/* xsd-config.c */

/* Defaults: socket path, syslog, LOG_INFO, default quotas. */
void xsd_config_init(struct xsd_config *cfg);
void xsd_config_teardown(struct xsd_config *cfg);

/*
 * xsd_config_set() - Apply one setting, from the file or the command line.
 * @key: "socket", "state-file", "ring-dir", "log-file", "log-level",
 *       "pid-file", "domain-socket" (value "N:PATH") or "quota-NAME"
 * Return: 0; -EINVAL unknown key or bad value; -ENOSPC too many domain
 *         sockets; -ENOMEM.
 */
int xsd_config_set(struct xsd_config *cfg, const char *key,
		   const char *value);

/*
 * xsd_config_load() - Read "key = value" lines ("#" comments).
 * @err: set to a description of the first problem
 * Return: 0; -errno opening; -EINVAL a bad line.
 */
int xsd_config_load(struct xsd_config *cfg, const char *file, char *err,
		    size_t errlen);

/* xsd-conn.c */

/*
 * xsd_conn_create() - Wrap a transport in a connection and link it in.
 * Return: 0; -ENOMEM; -EMFILE too many connections.  On failure the
 *         caller still owns @fd and @tp.
 */
int xsd_conn_create(struct xsd *d, const struct xsd_conn_ops *ops, int fd,
		    unsigned int domid, bool is_privileged, void *tp,
		    struct xsd_conn **out);

/* Move data both ways and execute complete requests (bounded work). */
void xsd_conn_service(struct xsd_conn *c);

/* Forget queued input and output (ring reconnection). */
void xsd_conn_reset(struct xsd_conn *c);

/* Unlink and free dead connections. */
void xsd_conn_reap(struct xsd *d);

/* Free every connection. */
void xsd_conn_destroy_all(struct xsd *d);

/* Watch event hook for the store core. */
void xsd_watch_event(void *arg, struct xs_client *cl, const char *path,
		     const char *token);

/*
 * xsd_listen() - Create a listening Unix socket (replacing a stale one).
 * Return: 0; -errno.
 */
int xsd_listen(struct xsd *d, const char *path, unsigned int domid,
	       bool is_privileged);

/* Accept a pending client on listener @l. */
void xsd_accept(struct xsd *d, struct xsd_listener *l);

/* Close listeners and unlink their socket files. */
void xsd_unlisten(struct xsd *d);

/* xsd-ring.c: store hooks mapping guests' rings through --ring-dir. */
int xsd_ring_introduce(void *arg, unsigned int domid, unsigned long mfn,
		       unsigned int port);
void xsd_ring_release(void *arg, unsigned int domid);
/* The ring connection of @domid, or NULL. */
struct xsd_conn *xsd_ring_conn(struct xsd *d, unsigned int domid);

/* xsd-state.c */

/*
 * xsd_state_save() - Write the tree, the introduced domains and the guests'
 * watches to @path (atomically, through a temporary file and rename).
 * Return: 0; -errno.
 */
int xsd_state_save(struct xsd *d, const char *path);

/*
 * xsd_state_restore() - Load a file written by xsd_state_save().
 * Return: 0; -ENOENT no file; -EINVAL malformed; -errno.
 */
int xsd_state_restore(struct xsd *d, const char *path);

/* xsd-notify-*.c (chosen at link time) */
void xsd_notify_ready(void);
void xsd_notify_stopping(void);

#endif /* VESTA_XSD_H */
