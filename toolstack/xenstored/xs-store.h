/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * The store core: the node tree with its permissions, per-domain quotas,
 * transactions with optimistic conflict detection, watches, and the table of
 * introduced domains.  It is a pure library: no sockets, no rings, no
 * printing.  It reports through caller-supplied hooks (a logger, watch event
 * delivery, ring mapping on INTRODUCE).  Paths handed to the node operations
 * must already be canonical and absolute (see xs-path.h); the request layer
 * (xs-req.h) does that translation and the wire decoding.
 *
 * Context: single-threaded; no function here may be called concurrently on
 * the same store.
 */
#ifndef VESTA_XS_STORE_H
#define VESTA_XS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XS_PERM_NONE 0u
#define XS_PERM_READ 1u
#define XS_PERM_WRITE 2u
#define XS_PERM_BOTH 3u

/* Domain ids at and above this are reserved and never name a guest. */
#define XS_DOMID_LIMIT 0x7ff0u

struct xs_perm {
	unsigned int domid;
	unsigned int perm; /* XS_PERM_* */
};

/*
 * Limits that keep one guest from exhausting the daemon.  Node, size, depth,
 * permission, watch and transaction limits apply to unprivileged clients
 * only; the per-connection output limits (enforced by the daemon) apply to
 * everybody, because a stalled dom0 tool must not stall the daemon either.
 */
struct xs_quota {
	unsigned int nodes_per_domain;
	unsigned int node_size;       /* bytes of value */
	unsigned int path_depth;      /* components */
	unsigned int perms_per_node;
	unsigned int watches;         /* per connection */
	unsigned int transactions;    /* per connection */
	unsigned int outstanding;     /* queued replies per connection */
	unsigned int outbuf_bytes;    /* queued output per connection */
};

/* Fills @q with the defaults documented in man/xenstored.8. */
void xs_quota_defaults(struct xs_quota *q);

/*
 * xs_quota_set() - Set one limit by its configuration name.
 * @name: "nodes", "node-size", "depth", "perms", "watches",
 *        "transactions", "outstanding" or "outbuf"
 * Return: 0; -EINVAL unknown name or zero value.
 */
int xs_quota_set(struct xs_quota *q, const char *name, unsigned long val);

/*
 * xs_quota_format() - Describe all limits, one "name value" per line.
 * Return: bytes written, excluding the NUL (truncated to @cap).
 */
size_t xs_quota_format(const struct xs_quota *q, char *buf, size_t cap);

struct xs_store;
struct xs_txn;

/* One client of the store: a socket connection or a guest's ring. */
struct xs_client {
	unsigned int domid;
	bool is_privileged;
	int target;             /* domain this client may act for, or -1 */
	unsigned int nwatches;
	unsigned int ntxns;
	struct xs_txn *txns;
	void *priv;             /* the transport's connection */
};

struct xs_hooks {
	/* Log a message; @prio uses syslog's LOG_* values. */
	void (*log)(void *arg, int prio, const char *msg);
	/* Queue a WATCH_EVENT for @cl; may drop it (and log) under quota. */
	void (*watch_event)(void *arg, struct xs_client *cl, const char *path,
			    const char *token);
	/* Map the ring of a newly introduced domain; returns 0 or -errno. */
	int (*introduce)(void *arg, unsigned int domid, unsigned long mfn,
			 unsigned int port);
	/* Tear down the ring connection of a released domain. */
	void (*release)(void *arg, unsigned int domid);
	void *arg;
};

/*
 * xs_store_create() - Allocate a store holding "/", "/local",
 * "/local/domain" and "/tool", all owned by dom0.
 * @q:     limits, copied
 * @hooks: callbacks, copied; any member may be NULL
 * @out:   the new store
 * Return: 0; -ENOMEM.
 */
int xs_store_create(const struct xs_quota *q, const struct xs_hooks *hooks,
		    struct xs_store **out);

/* Free the store and everything in it.  Clients must be torn down first. */
void xs_store_destroy(struct xs_store *s);

/* The store's live limits (CONTROL quota may change them). */
struct xs_quota *xs_store_quota(struct xs_store *s);

/* Enable or disable logging of every request (CONTROL log). */
void xs_store_set_trace(struct xs_store *s, bool on);
bool xs_store_trace(const struct xs_store *s);

/* Log through the store's hook (printf-style). */
void xs_log(struct xs_store *s, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Initialise a client; @domid must be below XS_DOMID_LIMIT. */
void xs_client_init(struct xs_client *cl, unsigned int domid,
		    bool is_privileged, void *priv);

/* Abort the client's transactions and drop its watches.  Idempotent. */
void xs_client_teardown(struct xs_store *s, struct xs_client *cl);

/*
 * Node operations.  @t is the transaction or NULL.  @path is canonical and
 * absolute.  Every operation checks @cl's permission on the node first.
 *
 * Common errors: -ENOENT missing node (or, for writes, missing nothing: the
 * parents are created); -EACCES permission denied; -ENOSPC a quota would
 * be exceeded; -ENOMEM.
 */

/*
 * xs_read() - Read a node's value.
 * @val, @len: set to the value; valid until the next store mutation.
 * Return: 0; -ENOENT; -EACCES.
 */
int xs_read(struct xs_store *s, struct xs_client *cl, struct xs_txn *t,
	    const char *path, const char **val, size_t *len);

/*
 * xs_write() - Create or overwrite a node, creating missing parents with
 * inherited permissions (owned by @cl if @cl is unprivileged).
 * Return: 0; -EACCES; -ENOSPC node count, value size or depth quota;
 *         -ENOMEM.
 */
int xs_write(struct xs_store *s, struct xs_client *cl, struct xs_txn *t,
	     const char *path, const char *val, size_t len);

/* xs_mkdir() - Like xs_write() with an empty value, but an existing node is
 * left untouched.  Return: as xs_write(). */
int xs_mkdir(struct xs_store *s, struct xs_client *cl, struct xs_txn *t,
	     const char *path);

/*
 * xs_rm() - Remove a node and everything below it.  Removing a missing node
 * whose parent exists succeeds.
 * Return: 0; -EINVAL for "/"; -ENOENT parent missing too; -EACCES.
 */
int xs_rm(struct xs_store *s, struct xs_client *cl, struct xs_txn *t,
	  const char *path);

/*
 * xs_directory() - List a node's children, each name NUL-terminated.
 * @buf, @cap: output buffer
 * @len:       bytes written
 * Return: 0; -ENOENT; -EACCES; -E2BIG the list does not fit in @cap.
 */
int xs_directory(struct xs_store *s, struct xs_client *cl, struct xs_txn *t,
		 const char *path, char *buf, size_t cap, size_t *len);

/*
 * xs_directory_part() - One chunk of a long children list: the node's
 * generation as a decimal string with NUL, then whole NUL-terminated names
 * starting at byte @off of the full list, then an extra NUL if the chunk
 * reaches the end of the list.
 * Return: 0; -ENOENT; -EACCES; -E2BIG @cap too small for one name.
 */
int xs_directory_part(struct xs_store *s, struct xs_client *cl,
		      struct xs_txn *t, const char *path, size_t off,
		      char *buf, size_t cap, size_t *len);

/*
 * xs_get_perms() - Format the permissions ("r0", "n5" ...), each with NUL.
 * Return: 0; -ENOENT; -EACCES; -E2BIG.
 */
int xs_get_perms(struct xs_store *s, struct xs_client *cl, struct xs_txn *t,
		 const char *path, char *buf, size_t cap, size_t *len);

/*
 * xs_set_perms() - Replace a node's permissions; @p[0] names the owner and
 * the default access of everybody else.  Only the owner or a privileged
 * client may do this.
 * Return: 0; -ENOENT; -EACCES; -EINVAL bad domid or n == 0; -ENOSPC too
 *         many entries or the new owner's node quota.
 */
int xs_set_perms(struct xs_store *s, struct xs_client *cl, struct xs_txn *t,
		 const char *path, const struct xs_perm *p, unsigned int n);

/*
 * xs_perm_parse() - Parse "r5" style text.
 * Return: 0; -EINVAL.
 */
int xs_perm_parse(const char *str, struct xs_perm *out);

/*
 * Transactions.  Reads and writes in a transaction see a private view;
 * commit succeeds only if no node the transaction read or wrote changed
 * since it was first touched, and then applies every change at once.
 */

/*
 * xs_txn_start() - Open a transaction for @cl.
 * @id: set to a nonzero id unique among @cl's transactions
 * Return: 0; -ENOSPC transaction quota; -ENOMEM.
 */
int xs_txn_start(struct xs_store *s, struct xs_client *cl, uint32_t *id);

/* Find @cl's transaction @id, or NULL. */
struct xs_txn *xs_txn_lookup(struct xs_client *cl, uint32_t id);

/*
 * xs_txn_end() - Commit (@commit) or abort a transaction; it is freed in
 * every case.
 * Return: 0; -EAGAIN conflict (nothing applied); -ENOMEM (nothing applied).
 */
int xs_txn_end(struct xs_store *s, struct xs_client *cl, struct xs_txn *t,
	       bool commit);

/*
 * Watches.  @path is as the client sent it (relative, absolute or special).
 */

/*
 * xs_watch_add() - Register a watch and queue its initial event.
 * Return: 0; -EINVAL bad path; -EEXIST same path and token; -ENOSPC watch
 *         quota; -ENOMEM.
 */
int xs_watch_add(struct xs_store *s, struct xs_client *cl, const char *path,
		 const char *token);

/* xs_watch_del() - Return: 0; -EINVAL bad path; -ENOENT no such watch. */
int xs_watch_del(struct xs_store *s, struct xs_client *cl, const char *path,
		 const char *token);

/* Drop all of @cl's watches. */
void xs_watch_reset(struct xs_store *s, struct xs_client *cl);

/*
 * xs_watch_foreach() - Call @fn for every watch of every client with the
 * path as the client registered it.  Used to save state.
 */
void xs_watch_foreach(struct xs_store *s,
		      void (*fn)(void *arg, struct xs_client *cl,
				 const char *path, const char *token),
		      void *arg);

/*
 * Domains.
 */

/*
 * xs_domain_introduce() - Record a guest and map its ring (hook), then fire
 * @introduceDomain.  Re-introducing with the same ring is accepted.
 * Return: 0; -EACCES unprivileged @cl; -EINVAL bad domid; -EEXIST already
 *         introduced with another ring; -errno from the hook; -ENOMEM.
 */
int xs_domain_introduce(struct xs_store *s, struct xs_client *cl,
			unsigned int domid, unsigned long mfn,
			unsigned int port);

/*
 * xs_domain_release() - Forget a guest (hook tears the ring down), then fire
 * @releaseDomain.  Its nodes stay until the toolstack removes them.
 * Return: 0; -EACCES; -EINVAL; -ENOENT not introduced.
 */
int xs_domain_release(struct xs_store *s, struct xs_client *cl,
		      unsigned int domid);

/* Whether @domid is introduced (dom0 always is). */
bool xs_domain_is_introduced(struct xs_store *s, unsigned int domid);

/*
 * xs_domain_set_target() - Let @domid act on @target's nodes as if it were
 * @target (device-model stubdomains).
 * Return: 0; -EACCES; -EINVAL; -ENOENT @domid not introduced.
 */
int xs_domain_set_target(struct xs_store *s, struct xs_client *cl,
			 unsigned int domid, unsigned int target);

/* The target recorded for @domid, or -1. */
int xs_domain_target(struct xs_store *s, unsigned int domid);

/* Fill the ring parameters of introduced domain @domid.
 * Return: 0; -ENOENT. */
int xs_domain_ring(struct xs_store *s, unsigned int domid,
		   unsigned long *mfn, unsigned int *port);

/* Call @fn for each introduced guest (not dom0). */
void xs_domain_foreach(struct xs_store *s,
		       void (*fn)(void *arg, unsigned int domid,
				  unsigned long mfn, unsigned int port,
				  int target),
		       void *arg);

/*
 * Whole-store services.
 */

/* Number of nodes owned by @domid. */
unsigned int xs_store_domain_nodes(struct xs_store *s, unsigned int domid);

/*
 * xs_store_check() - Verify internal consistency (CONTROL check): every
 * node's parent lists it, every listed child exists, the per-domain counts
 * match.  Writes a one-line verdict to @buf.
 * Return: 0 consistent; -EIO inconsistent.
 */
int xs_store_check(struct xs_store *s, char *buf, size_t cap);

/* Write a memory and object report to @buf; returns bytes written. */
size_t xs_store_memreport(struct xs_store *s, char *buf, size_t cap);

/*
 * xs_store_foreach_node() - Visit every node, parents before children.
 * Return: 0, or the first nonzero value @fn returned.
 */
int xs_store_foreach_node(struct xs_store *s,
			  int (*fn)(void *arg, const char *path,
				    const struct xs_perm *p, unsigned int np,
				    const char *val, size_t len),
			  void *arg);

/*
 * xs_store_restore_node() - Create or replace a node verbatim (restoring
 * saved state): no permission checks, no quotas, no watch events; missing
 * parents are created owned by dom0.
 * Return: 0; -EINVAL bad path or perms; -ENOMEM.
 */
int xs_store_restore_node(struct xs_store *s, const char *path,
			  const struct xs_perm *p, unsigned int np,
			  const char *val, size_t len);

#endif /* VESTA_XS_STORE_H */
