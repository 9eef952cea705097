// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * End-to-end tests of a running xenstored through libvesta-xs (started by
 * test-daemon.sh with small quotas and sockets that act as domains 5 and
 * 6).  Covers every message type and its error replies, permissions seen
 * from different domains, quotas, transactions from many concurrent clients
 * (no lost update, conflicts reported), watch events exactly once with the
 * right path and token, and robustness: an oversized message closes only its
 * own connection, a client that never reads does not stall others, and
 * pipelined requests are all answered.  Arguments: dom0, dom5, dom6 socket.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "libvesta-xs.h"
#include "vesta-xs-wire.h"
#include "xs-test.h"

static const char *sock0, *sock5, *sock6;

static struct libvesta_xs *conn(const char *path)
{
	struct libvesta_xs *h = NULL;

	if (libvesta_xs_open(path, NULL, NULL, &h)) {
		fprintf(stderr, "cannot connect to %s\n", path);
		exit(1);
	}
	return h;
}

static char *rd(struct libvesta_xs *h, const char *path)
{
	static char buf[8192];
	size_t len;
	char *v;

	if (libvesta_xs_read(h, 0, path, &v, &len))
		return NULL;
	snprintf(buf, sizeof(buf), "%s", v);
	free(v);
	return buf;
}

static int wr(struct libvesta_xs *h, uint32_t tx, const char *path,
	      const char *val)
{
	return libvesta_xs_write(h, tx, path, val, strlen(val));
}

static int raw(struct libvesta_xs *h, uint32_t type, uint32_t tx,
	       const char *p, size_t len, char **r)
{
	return libvesta_xs_request(h, type, tx, p, len, r, NULL);
}

static void test_basic(void)
{
	struct libvesta_xs *h = conn(sock0);
	unsigned int n;
	char **names, *r = NULL;
	bool is;

	CHECK_EQ(wr(h, 0, "/test/a/b", "v1"), 0);
	CHECK_STR(rd(h, "/test/a/b"), "v1");
	CHECK_STR(rd(h, "/test/a"), "");
	CHECK_EQ(libvesta_xs_mkdir(h, 0, "/test/dir"), 0);
	CHECK_EQ(libvesta_xs_directory(h, 0, "/test", &names, &n), 0);
	CHECK_EQ(n, 2);
	free(names);
	CHECK_EQ(libvesta_xs_rm(h, 0, "/test/a"), 0);
	CHECK(!rd(h, "/test/a/b"));
	CHECK_EQ(libvesta_xs_read(h, 0, "/test/a", &r, NULL), -ENOENT);
	CHECK_EQ(libvesta_xs_read(h, 0, "/bad//path", &r, NULL), -EINVAL);
	CHECK_EQ(libvesta_xs_read(h, 0, "/bad path", &r, NULL), -EINVAL);
	CHECK_EQ(libvesta_xs_rm(h, 0, "/nonexistent/child"), -ENOENT);
	CHECK_EQ(libvesta_xs_rm(h, 0, "/"), -EINVAL);
	/* Relative paths of dom0 resolve below /local/domain/0. */
	CHECK_EQ(wr(h, 0, "rel", "x"), 0);
	CHECK_STR(rd(h, "/local/domain/0/rel"), "x");
	CHECK_EQ(libvesta_xs_get_domain_path(h, 7, &r), 0);
	CHECK_STR(r, "/local/domain/7");
	free(r);
	CHECK_EQ(libvesta_xs_is_introduced(h, 7, &is), 0);
	CHECK(!is);
	CHECK_EQ(libvesta_xs_introduce(h, 7, 1234, 5), 0);
	CHECK_EQ(libvesta_xs_is_introduced(h, 7, &is), 0);
	CHECK(is);
	CHECK_EQ(raw(h, VESTA_XS_RESUME, 0, "7", 2, NULL), 0);
	CHECK_EQ(raw(h, VESTA_XS_SET_TARGET, 0, "7\0" "3", 4, NULL), 0);
	CHECK_EQ(libvesta_xs_release(h, 7), 0);
	CHECK_EQ(libvesta_xs_release(h, 7), -ENOENT);
	CHECK_EQ(raw(h, VESTA_XS_RESUME, 0, "7", 2, NULL), -ENOENT);
	CHECK_EQ(raw(h, 20, 0, "", 0, NULL), -ENOSYS);
	CHECK_EQ(raw(h, 99, 0, "", 0, NULL), -ENOSYS);
	CHECK_EQ(raw(h, VESTA_XS_WATCH_EVENT, 0, "", 0, NULL), -ENOSYS);
	CHECK_EQ(raw(h, VESTA_XS_READ, 0, "/unterminated", 13, NULL),
		 -EINVAL);
	CHECK_EQ(raw(h, VESTA_XS_INTRODUCE, 0, "1\0" "2\0", 4, NULL), -EINVAL);
	CHECK_EQ(raw(h, VESTA_XS_RESET_WATCHES, 0, "", 1, NULL), 0);
	{
		const char *args[] = { "check" };

		CHECK_EQ(libvesta_xs_control(h, args, 1, &r), 0);
		CHECK(!strncmp(r, "OK", 2));
		free(r);
	}
	{
		const char *args[] = { "memreport" };

		CHECK_EQ(libvesta_xs_control(h, args, 1, &r), 0);
		CHECK(strstr(r, "nodes ") != NULL);
		free(r);
	}
	{
		const char *args[] = { "help" };

		CHECK_EQ(libvesta_xs_control(h, args, 1, &r), 0);
		CHECK(strstr(r, "quota") != NULL);
		free(r);
	}
	{
		const char *args[] = { "log", "on" };

		CHECK_EQ(libvesta_xs_control(h, args, 2, &r), 0);
		CHECK_STR(r, "on");
		free(r);
	}
	{
		const char *args[] = { "quota" };

		CHECK_EQ(libvesta_xs_control(h, args, 1, &r), 0);
		CHECK(strstr(r, "nodes 30") != NULL);
		free(r);
	}
	{
		const char *args[] = { "nosuchcommand" };

		CHECK_EQ(libvesta_xs_control(h, args, 1, &r), -EINVAL);
	}
	libvesta_xs_close(h);
}

static void test_big_directory(void)
{
	struct libvesta_xs *h = conn(sock0);
	char path[64], *r;
	unsigned int n, i;
	char **names;
	int bad = 0;

	for (i = 0; i < 1000; i++) {
		snprintf(path, sizeof(path), "/big/entry%04u", i);
		CHECK_EQ(wr(h, 0, path, ""), 0);
	}
	/* Too long for one reply: plain DIRECTORY says E2BIG... */
	CHECK_EQ(raw(h, VESTA_XS_DIRECTORY, 0, "/big", 5, &r), -E2BIG);
	/* ...and the library falls back to DIRECTORY_PART. */
	CHECK_EQ(libvesta_xs_directory(h, 0, "/big", &names, &n), 0);
	CHECK_EQ(n, 1000);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "entry%04u", i);
		bad += strcmp(names[i], path) != 0;
	}
	CHECK_EQ(bad, 0);
	free(names);
	libvesta_xs_close(h);
}

static void test_perms(void)
{
	struct libvesta_xs *h0 = conn(sock0), *h5 = conn(sock5),
			   *h6 = conn(sock6);
	const char *own5[] = { "n5", "r6" };
	unsigned int n;
	char **p, *r;

	CHECK_EQ(wr(h0, 0, "/secret", "s"), 0);
	CHECK_EQ(libvesta_xs_read(h5, 0, "/secret", &r, NULL), -EACCES);
	CHECK_EQ(wr(h5, 0, "/secret", "x"), -EACCES);
	CHECK_EQ(wr(h5, 0, "/evil", "x"), -EACCES);
	CHECK_EQ(libvesta_xs_rm(h5, 0, "/secret"), -EACCES);
	CHECK_EQ(libvesta_xs_introduce(h5, 9, 1, 1), -EACCES);
	CHECK_EQ(libvesta_xs_release(h5, 9), -EACCES);
	{
		const char *args[] = { "check" };

		CHECK_EQ(libvesta_xs_control(h5, args, 1, &r), -EACCES);
	}
	CHECK_EQ(libvesta_xs_mkdir(h0, 0, "/local/domain/5"), 0);
	CHECK_EQ(libvesta_xs_set_perms(h0, 0, "/local/domain/5", own5, 2), 0);
	/* Domain 5 writes relative to its home; children inherit. */
	CHECK_EQ(wr(h5, 0, "data/x", "1"), 0);
	CHECK_STR(rd(h0, "/local/domain/5/data/x"), "1");
	CHECK_EQ(libvesta_xs_get_perms(h5, 0, "data/x", &p, &n), 0);
	CHECK_EQ(n, 2);
	if (n == 2) {
		CHECK_STR(p[0], "n5");
		CHECK_STR(p[1], "r6");
	}
	free(p);
	CHECK_STR(rd(h6, "/local/domain/5/data/x"), "1");
	CHECK_EQ(wr(h6, 0, "/local/domain/5/data/x", "2"), -EACCES);
	CHECK_EQ(libvesta_xs_set_perms(h6, 0, "/local/domain/5/data/x", own5,
				       1), -EACCES);
	/* Domain 5's relative path, GET_DOMAIN_PATH from a guest. */
	CHECK_EQ(libvesta_xs_get_domain_path(h5, 5, &r), 0);
	CHECK_STR(r, "/local/domain/5");
	free(r);
	libvesta_xs_close(h0);
	libvesta_xs_close(h5);
	libvesta_xs_close(h6);
}

static void test_quota(void)
{
	struct libvesta_xs *h5 = conn(sock5), *h5b;
	char path[64], big[200];
	uint32_t tx[3];
	int i, rc = 0;

	/* nodes=30: domain 5 already owns a few; fill up. */
	for (i = 0; i < 40 && !rc; i++) {
		snprintf(path, sizeof(path), "q/n%d", i);
		rc = wr(h5, 0, path, "v");
	}
	CHECK_EQ(rc, -ENOSPC);
	CHECK(i > 20);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK_EQ(wr(h5, 0, "q/n0", big), -ENOSPC);
	CHECK_EQ(libvesta_xs_watch(h5, "w1", "t"), 0);
	CHECK_EQ(libvesta_xs_watch(h5, "w1", "t"), -EEXIST);
	CHECK_EQ(libvesta_xs_watch(h5, "w2", "t"), 0);
	CHECK_EQ(libvesta_xs_watch(h5, "w3", "t"), 0);
	CHECK_EQ(libvesta_xs_watch(h5, "w4", "t"), 0);
	CHECK_EQ(libvesta_xs_watch(h5, "w5", "t"), -ENOSPC);
	CHECK_EQ(libvesta_xs_unwatch(h5, "w9", "t"), -ENOENT);
	CHECK_EQ(libvesta_xs_unwatch(h5, "w1", "t"), 0);
	CHECK_EQ(libvesta_xs_watch(h5, "w5", "t"), 0);
	CHECK_EQ(libvesta_xs_txn_start(h5, &tx[0]), 0);
	CHECK_EQ(libvesta_xs_txn_start(h5, &tx[1]), 0);
	CHECK_EQ(libvesta_xs_txn_start(h5, &tx[2]), -ENOSPC);
	/* Quotas are per connection: another one may open its own. */
	h5b = conn(sock5);
	CHECK_EQ(libvesta_xs_txn_start(h5b, &tx[2]), 0);
	/* Other clients' transaction ids mean nothing here. */
	CHECK_EQ(libvesta_xs_txn_end(h5, tx[2], true), -ENOENT);
	CHECK_EQ(libvesta_xs_txn_end(h5, tx[0], false), 0);
	CHECK_EQ(libvesta_xs_txn_end(h5, tx[1], false), 0);
	libvesta_xs_close(h5b);
	libvesta_xs_close(h5);
}

static void test_txn(void)
{
	struct libvesta_xs *a = conn(sock0), *b = conn(sock0);
	uint32_t ta, tb;
	char *r;

	CHECK_EQ(wr(a, 0, "/tx/c", "0"), 0);
	CHECK_EQ(libvesta_xs_txn_start(a, &ta), 0);
	CHECK_EQ(libvesta_xs_txn_start(b, &tb), 0);
	CHECK_EQ(libvesta_xs_read(a, ta, "/tx/c", &r, NULL), 0);
	free(r);
	CHECK_EQ(libvesta_xs_read(b, tb, "/tx/c", &r, NULL), 0);
	free(r);
	CHECK_EQ(wr(a, ta, "/tx/c", "1"), 0);
	CHECK_EQ(wr(a, ta, "/tx/d", "1"), 0);
	CHECK_EQ(wr(b, tb, "/tx/c", "2"), 0);
	CHECK_EQ(wr(b, tb, "/tx/e", "2"), 0);
	CHECK(!rd(b, "/tx/d"));
	CHECK_EQ(libvesta_xs_txn_end(a, ta, true), 0);
	CHECK_EQ(libvesta_xs_txn_end(b, tb, true), -EAGAIN);
	CHECK_STR(rd(a, "/tx/c"), "1");
	CHECK_STR(rd(a, "/tx/d"), "1");
	CHECK(!rd(a, "/tx/e"));
	CHECK_EQ(libvesta_xs_txn_end(a, ta, true), -ENOENT);
	CHECK_EQ(raw(a, VESTA_XS_TRANSACTION_END, 0, "T", 2, NULL), -ENOENT);
	CHECK_EQ(libvesta_xs_txn_start(a, &ta), 0);
	CHECK_EQ(raw(a, VESTA_XS_TRANSACTION_END, ta, "maybe", 6, NULL),
		 -EINVAL);
	CHECK_EQ(libvesta_xs_txn_end(a, ta, false), 0);
	libvesta_xs_close(a);
	libvesta_xs_close(b);
}

#define NTHREADS 16
#define NINCR 25

static int conflicts_total;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *incr(void *arg)
{
	struct libvesta_xs *h = conn(sock0);
	int i, conflicts = 0, rc;
	uint32_t tx;
	char val[32], *v;

	(void)arg;
	for (i = 0; i < NINCR; i++) {
		for (;;) {
			if (libvesta_xs_txn_start(h, &tx))
				exit(1);
			if (libvesta_xs_read(h, tx, "/ctr", &v, NULL))
				exit(1);
			snprintf(val, sizeof(val), "%ld", atol(v) + 1);
			free(v);
			if (wr(h, tx, "/ctr", val))
				exit(1);
			rc = libvesta_xs_txn_end(h, tx, true);
			if (rc == 0)
				break;
			if (rc != -EAGAIN)
				exit(1);
			conflicts++;
		}
	}
	pthread_mutex_lock(&lock);
	conflicts_total += conflicts;
	pthread_mutex_unlock(&lock);
	libvesta_xs_close(h);
	return NULL;
}

static void test_contention(void)
{
	struct libvesta_xs *h = conn(sock0);
	pthread_t th[NTHREADS];
	int i;

	CHECK_EQ(wr(h, 0, "/ctr", "0"), 0);
	for (i = 0; i < NTHREADS; i++)
		pthread_create(&th[i], NULL, incr, NULL);
	for (i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	CHECK_STR(rd(h, "/ctr"), "400");
	/* With 16 clients racing, conflicts must have been reported. */
	CHECK(conflicts_total > 0);
	printf("contention: %d conflicts for %d commits\n", conflicts_total,
	       NTHREADS * NINCR);
	libvesta_xs_close(h);
}

static void test_watch(void)
{
	struct libvesta_xs *w = conn(sock0), *h = conn(sock0),
			   *w5 = conn(sock5);
	char path[64], *p, *t;
	int i, bad = 0;

	CHECK_EQ(libvesta_xs_watch(w, "/wt", "tok"), 0);
	CHECK_EQ(libvesta_xs_read_watch(w, 2000, &p, &t), 0);
	CHECK_STR(p, "/wt");
	CHECK_STR(t, "tok");
	free(p);
	free(t);
	for (i = 0; i < 100; i++) {
		snprintf(path, sizeof(path), "/wt/k%d", i);
		CHECK_EQ(wr(h, 0, path, "v"), 0);
	}
	for (i = 0; i < 100; i++) {
		snprintf(path, sizeof(path), "/wt/k%d", i);
		if (libvesta_xs_read_watch(w, 2000, &p, &t)) {
			bad++;
			break;
		}
		bad += strcmp(p, path) || strcmp(t, "tok");
		free(p);
		free(t);
	}
	CHECK_EQ(bad, 0);
	/* Exactly once: nothing more is pending. */
	CHECK_EQ(libvesta_xs_read_watch(w, 200, &p, &t), -ETIMEDOUT);
	/* A recursive removal: one event for the watched ancestor. */
	CHECK_EQ(libvesta_xs_rm(h, 0, "/wt"), 0);
	CHECK_EQ(libvesta_xs_read_watch(w, 2000, &p, &t), 0);
	CHECK_STR(p, "/wt");
	free(p);
	free(t);
	CHECK_EQ(libvesta_xs_read_watch(w, 200, &p, &t), -ETIMEDOUT);
	/* Domain 5 sees relative paths under its home, and nothing it
	 * cannot read. */
	CHECK_EQ(libvesta_xs_watch(w5, "data", "rel"), 0);
	CHECK_EQ(libvesta_xs_watch(w5, "/secret", "abs"), 0);
	for (i = 0; i < 2; i++) {
		CHECK_EQ(libvesta_xs_read_watch(w5, 2000, &p, &t), 0);
		free(p);
		free(t);
	}
	CHECK_EQ(wr(h, 0, "/secret", "changed"), 0);
	CHECK_EQ(wr(h, 0, "/local/domain/5/data/y", "v"), 0);
	CHECK_EQ(libvesta_xs_read_watch(w5, 2000, &p, &t), 0);
	CHECK_STR(p, "data/y");
	CHECK_STR(t, "rel");
	free(p);
	free(t);
	CHECK_EQ(libvesta_xs_read_watch(w5, 200, &p, &t), -ETIMEDOUT);
	/* Special watches. */
	CHECK_EQ(libvesta_xs_watch(w, "@releaseDomain", "rel"), 0);
	CHECK_EQ(libvesta_xs_read_watch(w, 2000, &p, &t), 0);
	free(p);
	free(t);
	CHECK_EQ(libvesta_xs_introduce(h, 11, 1, 1), 0);
	CHECK_EQ(libvesta_xs_release(h, 11), 0);
	CHECK_EQ(libvesta_xs_read_watch(w, 2000, &p, &t), 0);
	CHECK_STR(p, "@releaseDomain");
	free(p);
	free(t);
	libvesta_xs_close(w);
	libvesta_xs_close(h);
	libvesta_xs_close(w5);
}

static int raw_socket(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
		exit(1);
	return fd;
}

static void test_robustness(void)
{
	struct vesta_xs_hdr hdr = { VESTA_XS_READ, 1, 0, 5000 };
	struct libvesta_xs *h = conn(sock0), *idle;
	char buf[64], path[64];
	int fd, i, ok = 0;
	ssize_t r;

	/* Oversized header: that connection is closed, others live on. */
	fd = raw_socket();
	CHECK_EQ(write(fd, &hdr, sizeof(hdr)), (ssize_t)sizeof(hdr));
	r = read(fd, buf, sizeof(buf));
	CHECK_EQ(r, 0);
	close(fd);
	CHECK_EQ(wr(h, 0, "/alive", "yes"), 0);
	/* A watcher that never reads: its events are dropped at the output
	 * limit, while writers carry on. */
	idle = conn(sock0);
	CHECK_EQ(libvesta_xs_watch(idle, "/flood", "t"), 0);
	for (i = 0; i < 3000; i++) {
		snprintf(path, sizeof(path),
			 "/flood/a-fairly-long-node-name-to-fill-buffers-%d",
			 i);
		ok += wr(h, 0, path, "v") == 0;
	}
	CHECK_EQ(ok, 3000);
	CHECK_EQ(libvesta_xs_rm(h, 0, "/flood"), 0);
	libvesta_xs_close(idle);
	/* Pipelined requests are all answered, in order. */
	fd = raw_socket();
	for (i = 0; i < 200; i++) {
		struct vesta_xs_hdr q = { VESTA_XS_READ, (uint32_t)i, 0, 7 };

		CHECK_EQ(write(fd, &q, sizeof(q)), (ssize_t)sizeof(q));
		CHECK_EQ(write(fd, "/alive", 7), 7);
	}
	for (i = 0; i < 200; i++) {
		struct vesta_xs_hdr a;

		if (read(fd, &a, sizeof(a)) != sizeof(a) || a.len != 3 ||
		    a.req_id != (uint32_t)i || read(fd, buf, 3) != 3)
			break;
	}
	CHECK_EQ(i, 200);
	close(fd);
	libvesta_xs_close(h);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fputs("usage: test-daemon DOM0SOCK DOM5SOCK DOM6SOCK\n", stderr);
		return 2;
	}
	sock0 = argv[1];
	sock5 = argv[2];
	sock6 = argv[3];
	RUN(test_basic);
	RUN(test_big_directory);
	RUN(test_perms);
	RUN(test_quota);
	RUN(test_txn);
	RUN(test_contention);
	RUN(test_watch);
	RUN(test_robustness);
	return test_status();
}
