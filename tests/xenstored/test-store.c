// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Unit tests of the xenstored store core and request layer, without any
 * transport: path rules, decoding, node semantics (implicit parents with
 * inherited permissions, recursive removal), permissions from several domain
 * identities, quotas, transactions (isolation, atomic commit, conflicts) and
 * watches (initial event, exactly one event per change, removal of subtrees,
 * relative paths, permission filtering, special watches).  A failure names
 * the broken expectation; the store's own consistency check runs after each
 * scenario.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs-path.h"
#include "xs-req.h"
#include "xs-store.h"
#include "xs-test.h"
#include "xs-wire.h"

#define MAX_EV 4096

struct ev {
	struct xs_client *cl;
	char path[3100];
	char token[64];
};

static struct ev evs[MAX_EV];
static int nev;
static int introduced_calls;

static void on_event(void *arg, struct xs_client *cl, const char *path,
		     const char *token)
{
	(void)arg;
	if (nev < MAX_EV) {
		evs[nev].cl = cl;
		snprintf(evs[nev].path, sizeof(evs[nev].path), "%s", path);
		snprintf(evs[nev].token, sizeof(evs[nev].token), "%s", token);
	}
	nev++;
}

static int on_introduce(void *arg, unsigned int domid, unsigned long mfn,
			unsigned int port)
{
	(void)arg;
	(void)domid;
	(void)port;
	introduced_calls++;
	return mfn == 666 ? -EFAULT : 0;
}

static struct xs_store *mk(void)
{
	struct xs_hooks h = { 0 };
	struct xs_quota q;
	struct xs_store *s = NULL;

	h.watch_event = on_event;
	h.introduce = on_introduce;
	xs_quota_defaults(&q);
	CHECK_EQ(xs_store_create(&q, &h, &s), 0);
	nev = 0;
	return s;
}

static void done(struct xs_store *s, struct xs_client **cls, int n)
{
	char buf[256];
	int i;

	CHECK_EQ(xs_store_check(s, buf, sizeof(buf)), 0);
	for (i = 0; i < n; i++)
		xs_client_teardown(s, cls[i]);
	xs_store_destroy(s);
}

static const char *rd(struct xs_store *s, struct xs_client *cl,
		      struct xs_txn *t, const char *path)
{
	static char buf[5000];
	const char *v;
	size_t len;

	if (xs_read(s, cl, t, path, &v, &len))
		return NULL;
	memcpy(buf, v, len);
	buf[len] = '\0';
	return buf;
}

static int wr(struct xs_store *s, struct xs_client *cl, struct xs_txn *t,
	      const char *path, const char *val)
{
	return xs_write(s, cl, t, path, val, strlen(val));
}

static void test_paths(void)
{
	char out[XS_PATH_BUF];
	char big[4000];
	bool rel;

	CHECK_EQ(xs_path_canon("/a/b-c_d@e", 0, out, &rel), 0);
	CHECK_STR(out, "/a/b-c_d@e");
	CHECK(!rel);
	CHECK_EQ(xs_path_canon("device/vif", 7, out, &rel), 0);
	CHECK_STR(out, "/local/domain/7/device/vif");
	CHECK(rel);
	CHECK_EQ(xs_path_canon("/", 0, out, NULL), 0);
	CHECK_EQ(xs_path_canon("", 0, out, NULL), -EINVAL);
	CHECK_EQ(xs_path_canon("/a/", 0, out, NULL), -EINVAL);
	CHECK_EQ(xs_path_canon("/a//b", 0, out, NULL), -EINVAL);
	CHECK_EQ(xs_path_canon("/a b", 0, out, NULL), -EINVAL);
	CHECK_EQ(xs_path_canon("/a.b", 0, out, NULL), -EINVAL);
	memset(big, 'a', sizeof(big));
	big[0] = '/';
	big[3072] = '\0';
	CHECK_EQ(xs_path_canon(big, 0, out, NULL), 0);
	big[3072] = 'a';
	big[3073] = '\0';
	CHECK_EQ(xs_path_canon(big, 0, out, NULL), -EINVAL);
	memset(big, 'a', sizeof(big));
	big[2049] = '\0';
	CHECK_EQ(xs_path_canon(big, 0, out, NULL), -EINVAL);
	CHECK(xs_path_is_under("/a/b", "/a"));
	CHECK(xs_path_is_under("/a", "/a"));
	CHECK(!xs_path_is_under("/ab", "/a"));
	CHECK(xs_path_is_under("/x", "/"));
	CHECK_EQ(xs_path_depth("/a/b/c"), 3);
	xs_path_parent("/a/b/c", out);
	CHECK_STR(out, "/a/b");
	xs_path_parent("/a", out);
	CHECK_STR(out, "/");
}

static void test_wire(void)
{
	struct xs_msg m;
	char p[] = "path\0value\0with-nul";

	memset(&m, 0, sizeof(m));
	m.hdr.type = VESTA_XS_WRITE;
	m.hdr.len = sizeof(p) - 1;
	m.payload = p;
	CHECK_EQ(xs_wire_parse(&m), 0);
	CHECK_STR(m.args[0], "path");
	CHECK_EQ(m.blob_len, 14);
	CHECK(!memcmp(m.blob, "value\0with-nul", 14));

	m.hdr.type = VESTA_XS_WATCH;
	m.hdr.len = 11;
	m.payload = "/a\0tok\0";
	m.hdr.len = 7;
	CHECK_EQ(xs_wire_parse(&m), 0);
	CHECK_EQ(m.nargs, 2);
	m.hdr.len = 6; /* token not terminated */
	CHECK_EQ(xs_wire_parse(&m), -EINVAL);
	m.payload = "/a\0";
	m.hdr.len = 3; /* one argument too few */
	CHECK_EQ(xs_wire_parse(&m), -EINVAL);
	m.payload = "a\0b\0c\0";
	m.hdr.len = 6; /* one too many */
	CHECK_EQ(xs_wire_parse(&m), -EINVAL);
	m.hdr.type = VESTA_XS_ERROR;
	CHECK_EQ(xs_wire_parse(&m), -ENOSYS);
	m.hdr.type = 20;
	CHECK_EQ(xs_wire_parse(&m), -ENOSYS);
	m.hdr.type = 999;
	CHECK_EQ(xs_wire_parse(&m), -ENOSYS);
	m.hdr.len = VESTA_XS_PAYLOAD_MAX + 1;
	CHECK_EQ(xs_wire_check_hdr(&m.hdr), -E2BIG);
	CHECK_STR(xs_wire_errname(-ENOENT), "ENOENT");
	CHECK_STR(xs_wire_errname(E2BIG), "E2BIG");
	CHECK_EQ(xs_wire_errno("EAGAIN"), EAGAIN);
	CHECK_EQ(xs_wire_errno("bogus"), EIO);
}

static void test_nodes(void)
{
	struct xs_store *s = mk();
	struct xs_client d0, *cls[] = { &d0 };
	char buf[256];
	size_t len;

	xs_client_init(&d0, 0, true, NULL);
	CHECK_EQ(wr(s, &d0, NULL, "/a/b/c", "hello"), 0);
	CHECK_STR(rd(s, &d0, NULL, "/a/b/c"), "hello");
	CHECK_STR(rd(s, &d0, NULL, "/a/b"), "");
	CHECK_EQ(xs_directory(s, &d0, NULL, "/a", buf, sizeof(buf), &len), 0);
	CHECK_EQ(len, 2);
	CHECK_STR(buf, "b");
	CHECK_EQ(xs_mkdir(s, &d0, NULL, "/a/b/c"), 0);
	CHECK_STR(rd(s, &d0, NULL, "/a/b/c"), "hello");
	CHECK_EQ(xs_mkdir(s, &d0, NULL, "/m/n"), 0);
	CHECK_STR(rd(s, &d0, NULL, "/m/n"), "");
	CHECK_EQ(xs_rm(s, &d0, NULL, "/a"), 0);
	CHECK(!rd(s, &d0, NULL, "/a/b/c"));
	CHECK(!rd(s, &d0, NULL, "/a"));
	CHECK_EQ(xs_rm(s, &d0, NULL, "/m/zz"), 0);
	CHECK_EQ(xs_rm(s, &d0, NULL, "/q/zz"), -ENOENT);
	CHECK_EQ(xs_rm(s, &d0, NULL, "/"), -EINVAL);
	CHECK_EQ(xs_directory(s, &d0, NULL, "/nope", buf, sizeof(buf), &len),
		 -ENOENT);
	/* A value may hold any bytes, including NUL. */
	CHECK_EQ(xs_write(s, &d0, NULL, "/bin", "a\0b", 3), 0);
	{
		const char *v;

		CHECK_EQ(xs_read(s, &d0, NULL, "/bin", &v, &len), 0);
		CHECK_EQ(len, 3);
		CHECK(!memcmp(v, "a\0b", 3));
	}
	done(s, cls, 1);
}

static void test_perms(void)
{
	struct xs_store *s = mk();
	struct xs_client d0, d5, d6, *cls[] = { &d0, &d5, &d6 };
	struct xs_perm p[3];
	char buf[256];
	size_t len;

	xs_client_init(&d0, 0, true, NULL);
	xs_client_init(&d5, 5, false, NULL);
	xs_client_init(&d6, 6, false, NULL);
	CHECK_EQ(wr(s, &d0, NULL, "/secret", "x"), 0);
	CHECK(!rd(s, &d5, NULL, "/secret"));
	CHECK_EQ(wr(s, &d5, NULL, "/secret", "y"), -EACCES);
	CHECK_EQ(wr(s, &d5, NULL, "/new", "y"), -EACCES);
	CHECK_EQ(xs_rm(s, &d5, NULL, "/secret"), -EACCES);
	/* dom0 hands /local/domain/5 to domain 5, readable by 6. */
	CHECK_EQ(xs_mkdir(s, &d0, NULL, "/local/domain/5"), 0);
	CHECK_EQ(xs_perm_parse("n5", &p[0]), 0);
	CHECK_EQ(xs_perm_parse("r6", &p[1]), 0);
	CHECK_EQ(xs_set_perms(s, &d0, NULL, "/local/domain/5", p, 2), 0);
	CHECK_EQ(xs_set_perms(s, &d5, NULL, "/secret", p, 2), -EACCES);
	/* Children created by 5 inherit and are owned by 5. */
	CHECK_EQ(wr(s, &d5, NULL, "/local/domain/5/data/x", "1"), 0);
	CHECK_EQ(xs_get_perms(s, &d5, NULL, "/local/domain/5/data/x", buf,
			      sizeof(buf), &len), 0);
	CHECK_EQ(len, 6);
	CHECK(!memcmp(buf, "n5\0r6\0", 6));
	CHECK_STR(rd(s, &d6, NULL, "/local/domain/5/data/x"), "1");
	CHECK_EQ(wr(s, &d6, NULL, "/local/domain/5/data/x", "2"), -EACCES);
	/* /local/domain/5 itself, data and x. */
	CHECK_EQ(xs_store_domain_nodes(s, 5), 3);
	/* Created by dom0 below it: inherited verbatim, owner stays 5. */
	CHECK_EQ(wr(s, &d0, NULL, "/local/domain/5/byd0", "z"), 0);
	CHECK_STR(rd(s, &d5, NULL, "/local/domain/5/byd0"), "z");
	/* Owner may give write access to 6. */
	CHECK_EQ(xs_perm_parse("b6", &p[1]), 0);
	CHECK_EQ(xs_set_perms(s, &d5, NULL, "/local/domain/5/data/x", p, 2),
		 0);
	CHECK_EQ(wr(s, &d6, NULL, "/local/domain/5/data/x", "3"), 0);
	/* ...but 6 is not the owner. */
	CHECK_EQ(xs_set_perms(s, &d6, NULL, "/local/domain/5/data/x", p, 2),
		 -EACCES);
	/* Bad permission text. */
	CHECK_EQ(xs_perm_parse("x5", &p[0]), -EINVAL);
	CHECK_EQ(xs_perm_parse("r", &p[0]), -EINVAL);
	CHECK_EQ(xs_perm_parse("r99999", &p[0]), -EINVAL);
	CHECK_EQ(xs_perm_parse("r5x", &p[0]), -EINVAL);
	/* Device model 6 acting for 5 after SET_TARGET. */
	CHECK_EQ(xs_domain_introduce(s, &d0, 6, 1, 1), 0);
	CHECK_EQ(xs_domain_set_target(s, &d5, 6, 5), -EACCES);
	CHECK_EQ(xs_domain_set_target(s, &d0, 6, 5), 0);
	d6.target = xs_domain_target(s, 6);
	CHECK_EQ(d6.target, 5);
	CHECK_EQ(wr(s, &d6, NULL, "/local/domain/5/dm", "ok"), 0);
	CHECK_EQ(xs_set_perms(s, &d6, NULL, "/local/domain/5/data/x", p, 1),
		 0);
	done(s, cls, 3);
}

static void test_quota(void)
{
	struct xs_store *s = mk();
	struct xs_client d0, d5, *cls[] = { &d0, &d5 };
	struct xs_quota *q = xs_store_quota(s);
	struct xs_perm p = { 5, XS_PERM_NONE };
	char path[64], big[3000];
	uint32_t id;
	int i, rc = 0;

	xs_client_init(&d0, 0, true, NULL);
	xs_client_init(&d5, 5, false, NULL);
	CHECK_EQ(xs_mkdir(s, &d0, NULL, "/local/domain/5"), 0);
	CHECK_EQ(xs_set_perms(s, &d0, NULL, "/local/domain/5", &p, 1), 0);
	q->nodes_per_domain = 10;
	for (i = 0; i < 20 && !rc; i++) {
		snprintf(path, sizeof(path), "/local/domain/5/n%d", i);
		rc = wr(s, &d5, NULL, path, "v");
	}
	CHECK_EQ(rc, -ENOSPC);
	CHECK_EQ(xs_store_domain_nodes(s, 5), 10);
	/* Multi-level creation is refused whole, not half done. */
	CHECK_EQ(xs_rm(s, &d5, NULL, "/local/domain/5/n8"), 0);
	CHECK_EQ(wr(s, &d5, NULL, "/local/domain/5/a/b", "v"), -ENOSPC);
	CHECK(!rd(s, &d0, NULL, "/local/domain/5/a"));
	/* dom0 is exempt. */
	CHECK_EQ(wr(s, &d0, NULL, "/local/domain/5/byd0", "v"), 0);
	memset(big, 'x', sizeof(big));
	CHECK_EQ(xs_write(s, &d5, NULL, "/local/domain/5/n0", big, 2049),
		 -ENOSPC);
	CHECK_EQ(xs_write(s, &d5, NULL, "/local/domain/5/n0", big, 2048), 0);
	q->path_depth = 5;
	CHECK_EQ(wr(s, &d5, NULL, "/local/domain/5/n0/deep", "v"), -ENOSPC);
	q->watches = 2;
	CHECK_EQ(xs_watch_add(s, &d5, "w1", "t"), 0);
	CHECK_EQ(xs_watch_add(s, &d5, "w1", "t"), -EEXIST);
	CHECK_EQ(xs_watch_add(s, &d5, "w2", "t"), 0);
	CHECK_EQ(xs_watch_add(s, &d5, "w3", "t"), -ENOSPC);
	q->transactions = 2;
	CHECK_EQ(xs_txn_start(s, &d5, &id), 0);
	CHECK_EQ(xs_txn_start(s, &d5, &id), 0);
	CHECK_EQ(xs_txn_start(s, &d5, &id), -ENOSPC);
	CHECK_EQ(xs_quota_set(q, "nodes", 50), 0);
	CHECK_EQ(q->nodes_per_domain, 50);
	CHECK_EQ(xs_quota_set(q, "bogus", 50), -EINVAL);
	done(s, cls, 2);
}

static void test_txn(void)
{
	struct xs_store *s = mk();
	struct xs_client a, b, *cls[] = { &a, &b };
	struct xs_txn *ta, *tb;
	uint32_t ida, idb;

	xs_client_init(&a, 0, true, NULL);
	xs_client_init(&b, 0, true, NULL);
	CHECK_EQ(wr(s, &a, NULL, "/c", "0"), 0);
	/* Isolation and atomic commit. */
	CHECK_EQ(xs_txn_start(s, &a, &ida), 0);
	ta = xs_txn_lookup(&a, ida);
	CHECK(ta != NULL);
	CHECK(!xs_txn_lookup(&b, ida));
	CHECK_EQ(wr(s, &a, ta, "/t/x", "1"), 0);
	CHECK_EQ(wr(s, &a, ta, "/t/y", "2"), 0);
	CHECK_STR(rd(s, &a, ta, "/t/x"), "1");
	CHECK(!rd(s, &b, NULL, "/t/x"));
	CHECK_EQ(xs_txn_end(s, &a, ta, true), 0);
	CHECK_STR(rd(s, &b, NULL, "/t/x"), "1");
	CHECK_STR(rd(s, &b, NULL, "/t/y"), "2");
	/* Two read-modify-write transactions on one counter: one loses. */
	CHECK_EQ(xs_txn_start(s, &a, &ida), 0);
	CHECK_EQ(xs_txn_start(s, &b, &idb), 0);
	ta = xs_txn_lookup(&a, ida);
	tb = xs_txn_lookup(&b, idb);
	CHECK_STR(rd(s, &a, ta, "/c"), "0");
	CHECK_STR(rd(s, &b, tb, "/c"), "0");
	CHECK_EQ(wr(s, &a, ta, "/c", "1"), 0);
	CHECK_EQ(wr(s, &b, tb, "/c", "1"), 0);
	CHECK_EQ(wr(s, &b, tb, "/other", "side"), 0);
	CHECK_EQ(xs_txn_end(s, &a, ta, true), 0);
	CHECK_EQ(xs_txn_end(s, &b, tb, true), -EAGAIN);
	CHECK(!rd(s, &a, NULL, "/other"));
	CHECK_STR(rd(s, &a, NULL, "/c"), "1");
	/* A plain write to a node the transaction read is a conflict. */
	CHECK_EQ(xs_txn_start(s, &a, &ida), 0);
	ta = xs_txn_lookup(&a, ida);
	CHECK_STR(rd(s, &a, ta, "/c"), "1");
	CHECK_EQ(wr(s, &a, ta, "/d", "x"), 0);
	CHECK_EQ(wr(s, &b, NULL, "/c", "9"), 0);
	CHECK_EQ(xs_txn_end(s, &a, ta, true), -EAGAIN);
	CHECK(!rd(s, &a, NULL, "/d"));
	/* Reading a missing node, then someone creating it: conflict. */
	CHECK_EQ(xs_txn_start(s, &a, &ida), 0);
	ta = xs_txn_lookup(&a, ida);
	CHECK(!rd(s, &a, ta, "/late"));
	CHECK_EQ(wr(s, &a, ta, "/e", "x"), 0);
	CHECK_EQ(wr(s, &b, NULL, "/late", "x"), 0);
	CHECK_EQ(xs_txn_end(s, &a, ta, true), -EAGAIN);
	/* Unrelated concurrent changes do not conflict. */
	CHECK_EQ(xs_txn_start(s, &a, &ida), 0);
	ta = xs_txn_lookup(&a, ida);
	CHECK_EQ(wr(s, &a, ta, "/t/x", "10"), 0);
	CHECK_EQ(wr(s, &b, NULL, "/unrelated", "x"), 0);
	CHECK_EQ(xs_txn_end(s, &a, ta, true), 0);
	CHECK_STR(rd(s, &a, NULL, "/t/x"), "10");
	/* Recursive removal inside a transaction, and abort. */
	CHECK_EQ(xs_txn_start(s, &a, &ida), 0);
	ta = xs_txn_lookup(&a, ida);
	CHECK_EQ(xs_rm(s, &a, ta, "/t"), 0);
	CHECK(!rd(s, &a, ta, "/t/x"));
	CHECK_STR(rd(s, &b, NULL, "/t/x"), "10");
	CHECK_EQ(xs_txn_end(s, &a, ta, false), 0);
	CHECK_STR(rd(s, &b, NULL, "/t/x"), "10");
	CHECK_EQ(xs_txn_start(s, &a, &ida), 0);
	ta = xs_txn_lookup(&a, ida);
	CHECK_EQ(xs_rm(s, &a, ta, "/t"), 0);
	CHECK_EQ(wr(s, &a, ta, "/t/new", "n"), 0);
	CHECK_EQ(xs_txn_end(s, &a, ta, true), 0);
	CHECK(!rd(s, &b, NULL, "/t/x"));
	CHECK_STR(rd(s, &b, NULL, "/t/new"), "n");
	CHECK_EQ(a.ntxns, 0);
	done(s, cls, 2);
}

static int count_ev(const char *path, const char *token)
{
	int i, n = 0;

	for (i = 0; i < nev && i < MAX_EV; i++)
		if (!strcmp(evs[i].path, path) && !strcmp(evs[i].token, token))
			n++;
	return n;
}

static void test_watch(void)
{
	struct xs_store *s = mk();
	struct xs_client d0, d5, *cls[] = { &d0, &d5 };
	struct xs_perm p = { 5, XS_PERM_NONE };
	struct xs_txn *t;
	uint32_t id;

	xs_client_init(&d0, 0, true, NULL);
	xs_client_init(&d5, 5, false, NULL);
	CHECK_EQ(xs_watch_add(s, &d0, "/w", "tok"), 0);
	CHECK_EQ(nev, 1);
	CHECK_EQ(count_ev("/w", "tok"), 1);
	nev = 0;
	CHECK_EQ(wr(s, &d0, NULL, "/w/a/b", "1"), 0);
	CHECK_EQ(nev, 1);
	CHECK_EQ(count_ev("/w/a/b", "tok"), 1);
	CHECK_EQ(wr(s, &d0, NULL, "/wx", "1"), 0);
	CHECK_EQ(nev, 1);
	/* Removing an ancestor fires a watch below it with its own path. */
	CHECK_EQ(xs_watch_add(s, &d0, "/w/a/b/c", "deep"), 0);
	nev = 0;
	CHECK_EQ(xs_rm(s, &d0, NULL, "/w/a"), 0);
	CHECK_EQ(nev, 2);
	CHECK_EQ(count_ev("/w/a", "tok"), 1);
	CHECK_EQ(count_ev("/w/a/b/c", "deep"), 1);
	/* Relative watch of domain 5 sees relative paths, and only what it
	 * may read. */
	CHECK_EQ(xs_mkdir(s, &d0, NULL, "/local/domain/5"), 0);
	CHECK_EQ(xs_set_perms(s, &d0, NULL, "/local/domain/5", &p, 1), 0);
	CHECK_EQ(xs_watch_add(s, &d5, "device", "rel"), 0);
	CHECK_EQ(xs_watch_add(s, &d5, "/w", "abs5"), 0);
	nev = 0;
	CHECK_EQ(wr(s, &d0, NULL, "/local/domain/5/device/vif", "x"), 0);
	CHECK_EQ(count_ev("device/vif", "rel"), 1);
	CHECK_EQ(wr(s, &d0, NULL, "/w/hidden", "x"), 0);
	CHECK_EQ(count_ev("/w/hidden", "abs5"), 0);
	CHECK_EQ(count_ev("/w/hidden", "tok"), 1);
	/* Transactions fire at commit only, and not on abort. */
	CHECK_EQ(xs_txn_start(s, &d0, &id), 0);
	t = xs_txn_lookup(&d0, id);
	nev = 0;
	CHECK_EQ(wr(s, &d0, t, "/w/t1", "x"), 0);
	CHECK_EQ(wr(s, &d0, t, "/w/t2", "x"), 0);
	CHECK_EQ(nev, 0);
	CHECK_EQ(xs_txn_end(s, &d0, t, true), 0);
	CHECK_EQ(count_ev("/w/t1", "tok"), 1);
	CHECK_EQ(count_ev("/w/t2", "tok"), 1);
	CHECK_EQ(nev, 2);
	CHECK_EQ(xs_txn_start(s, &d0, &id), 0);
	t = xs_txn_lookup(&d0, id);
	nev = 0;
	CHECK_EQ(wr(s, &d0, t, "/w/t3", "x"), 0);
	CHECK_EQ(xs_txn_end(s, &d0, t, false), 0);
	CHECK_EQ(nev, 0);
	/* Unwatch. */
	CHECK_EQ(xs_watch_del(s, &d0, "/w", "nope"), -ENOENT);
	CHECK_EQ(xs_watch_del(s, &d0, "/w", "tok"), 0);
	nev = 0;
	CHECK_EQ(wr(s, &d0, NULL, "/w/again", "x"), 0);
	CHECK_EQ(count_ev("/w/again", "tok"), 0);
	/* Special watches. */
	CHECK_EQ(xs_watch_add(s, &d0, "@introduceDomain", "i"), 0);
	CHECK_EQ(xs_watch_add(s, &d0, "@releaseDomain", "r"), 0);
	CHECK_EQ(xs_watch_add(s, &d5, "@releaseDomain", "r5"), 0);
	nev = 0;
	CHECK_EQ(xs_domain_introduce(s, &d5, 9, 1, 1), -EACCES);
	CHECK_EQ(xs_domain_introduce(s, &d0, 9, 1, 1), 0);
	CHECK_EQ(xs_domain_introduce(s, &d0, 9, 1, 1), 0);
	CHECK_EQ(xs_domain_introduce(s, &d0, 9, 2, 1), -EEXIST);
	CHECK_EQ(xs_domain_introduce(s, &d0, 10, 666, 1), -EFAULT);
	CHECK(!xs_domain_is_introduced(s, 10));
	CHECK(xs_domain_is_introduced(s, 9));
	CHECK_EQ(count_ev("@introduceDomain", "i"), 1);
	CHECK_EQ(xs_domain_release(s, &d0, 9), 0);
	CHECK_EQ(xs_domain_release(s, &d0, 9), -ENOENT);
	CHECK_EQ(count_ev("@releaseDomain", "r"), 1);
	CHECK_EQ(count_ev("@releaseDomain", "r5"), 0);
	CHECK(!xs_domain_is_introduced(s, 9));
	xs_watch_reset(s, &d0);
	CHECK_EQ(d0.nwatches, 0);
	done(s, cls, 2);
}

static void test_directory_part(void)
{
	struct xs_store *s = mk();
	struct xs_client d0, *cls[] = { &d0 };
	char buf[VESTA_XS_PAYLOAD_MAX], all[20000], path[64];
	size_t len, off = 0, glen;
	int i, chunks = 0;

	xs_client_init(&d0, 0, true, NULL);
	for (i = 0; i < 1000; i++) {
		snprintf(path, sizeof(path), "/big/child%04d", i);
		CHECK_EQ(wr(s, &d0, NULL, path, ""), 0);
	}
	CHECK_EQ(xs_directory(s, &d0, NULL, "/big", buf, sizeof(buf), &len),
		 -E2BIG);
	for (;;) {
		CHECK_EQ(xs_directory_part(s, &d0, NULL, "/big", off, buf,
					   sizeof(buf), &len), 0);
		chunks++;
		glen = strlen(buf) + 1;
		memcpy(all + off, buf + glen, len - glen);
		off += len - glen;
		if (len - glen >= 1 && buf[len - 1] == '\0' &&
		    (len - glen == 1 || buf[len - 2] == '\0'))
			break;
		if (chunks > 10)
			break;
	}
	CHECK(chunks >= 3);
	CHECK_EQ(off, 1000 * 10 + 1);
	CHECK_STR(all + 999 * 10, "child0999");
	done(s, cls, 1);
}

/* Request layer: a request goes in as bytes, a reply comes out. */
static int req(struct xs_store *s, struct xs_client *cl, uint32_t type,
	       uint32_t tx, const char *p, size_t len, struct xs_reply *r)
{
	struct vesta_xs_hdr h = { type, 42, tx, (uint32_t)len };

	return xs_req_handle(s, cl, &h, p, r);
}

static void test_req(void)
{
	struct xs_store *s = mk();
	struct xs_client d0, d3, *cls[] = { &d0, &d3 };
	struct xs_reply r;
	uint32_t tx;

	xs_client_init(&d0, 0, true, NULL);
	xs_client_init(&d3, 3, false, NULL);
	CHECK_EQ(req(s, &d0, VESTA_XS_WRITE, 0, "/x\0val", 6, &r), 0);
	CHECK_EQ(r.type, VESTA_XS_WRITE);
	CHECK(r.len == 3 && !memcmp(r.buf, "OK", 3));
	CHECK_EQ(req(s, &d0, VESTA_XS_READ, 0, "/x", 3, &r), 0);
	CHECK(r.len == 3 && !memcmp(r.buf, "val", 3));
	CHECK_EQ(req(s, &d0, VESTA_XS_READ, 0, "/nope", 6, &r), -ENOENT);
	CHECK_EQ(r.type, VESTA_XS_ERROR);
	CHECK_STR(r.buf, "ENOENT");
	CHECK_EQ(req(s, &d0, VESTA_XS_READ, 0, "/bad path", 10, &r), -EINVAL);
	CHECK_STR(r.buf, "EINVAL");
	CHECK_EQ(req(s, &d3, VESTA_XS_INTRODUCE, 0, "4\0001\0002", 6, &r),
		 -EACCES);
	CHECK_EQ(req(s, &d3, VESTA_XS_CONTROL, 0, "check", 6, &r), -EACCES);
	CHECK_EQ(req(s, &d0, VESTA_XS_CONTROL, 0, "check", 6, &r), 0);
	CHECK(!strncmp(r.buf, "OK", 2));
	CHECK_EQ(req(s, &d0, VESTA_XS_CONTROL, 0, "quota\0nodes\0" "77", 15,
		     &r), 0);
	CHECK_EQ(xs_store_quota(s)->nodes_per_domain, 77);
	CHECK_EQ(req(s, &d0, VESTA_XS_CONTROL, 0, "frobnicate", 11, &r),
		 -EINVAL);
	CHECK_EQ(req(s, &d3, VESTA_XS_GET_DOMAIN_PATH, 0, "3", 2, &r), 0);
	CHECK_STR(r.buf, "/local/domain/3");
	CHECK_EQ(req(s, &d3, VESTA_XS_GET_DOMAIN_PATH, 0, "3x", 3, &r),
		 -EINVAL);
	CHECK_EQ(req(s, &d3, VESTA_XS_IS_DOMAIN_INTRODUCED, 0, "3", 2, &r),
		 0);
	CHECK_STR(r.buf, "F");
	CHECK_EQ(req(s, &d0, VESTA_XS_INTRODUCE, 0, "3\0001\0002", 6, &r), 0);
	CHECK_EQ(req(s, &d3, VESTA_XS_IS_DOMAIN_INTRODUCED, 0, "3", 2, &r),
		 0);
	CHECK_STR(r.buf, "T");
	CHECK_EQ(req(s, &d0, VESTA_XS_RESUME, 0, "3", 2, &r), 0);
	CHECK_EQ(req(s, &d0, VESTA_XS_RESUME, 0, "8", 2, &r), -ENOENT);
	CHECK_EQ(req(s, &d0, VESTA_XS_TRANSACTION_START, 0, "", 1, &r), 0);
	tx = (uint32_t)strtoul(r.buf, NULL, 10);
	CHECK(tx != 0);
	CHECK_EQ(req(s, &d0, VESTA_XS_TRANSACTION_START, tx, "", 1, &r),
		 -EBUSY);
	CHECK_EQ(req(s, &d0, VESTA_XS_WRITE, tx, "/y\0in", 5, &r), 0);
	CHECK_EQ(req(s, &d0, VESTA_XS_WRITE, tx + 1, "/y\0in", 5, &r),
		 -ENOENT);
	CHECK_EQ(req(s, &d0, VESTA_XS_TRANSACTION_END, tx, "X", 2, &r),
		 -EINVAL);
	CHECK_EQ(req(s, &d0, VESTA_XS_TRANSACTION_END, tx, "T", 2, &r), 0);
	CHECK_EQ(req(s, &d0, VESTA_XS_TRANSACTION_END, tx, "T", 2, &r),
		 -ENOENT);
	CHECK_EQ(req(s, &d0, VESTA_XS_SET_PERMS, 0, "/y\0r3\0", 6, &r), 0);
	CHECK_EQ(req(s, &d3, VESTA_XS_GET_PERMS, 0, "/y", 3, &r), 0);
	CHECK(r.len == 3 && !memcmp(r.buf, "r3", 3));
	CHECK_EQ(req(s, &d0, VESTA_XS_SET_PERMS, 0, "/y\0q3\0", 6, &r),
		 -EINVAL);
	CHECK_EQ(req(s, &d0, VESTA_XS_WATCH_EVENT, 0, "", 0, &r), -ENOSYS);
	CHECK_EQ(req(s, &d0, 20, 0, "", 0, &r), -ENOSYS);
	CHECK_EQ(req(s, &d0, VESTA_XS_WATCH, 0, "/y\0t\0", 5, &r), 0);
	CHECK_EQ(d0.nwatches, 1);
	CHECK_EQ(req(s, &d0, VESTA_XS_RESET_WATCHES, 0, "", 0, &r), 0);
	CHECK_EQ(d0.nwatches, 0);
	CHECK_EQ(req(s, &d0, VESTA_XS_DIRECTORY_PART, 0, "/\0000", 4, &r), 0);
	done(s, cls, 2);
}

/* Random operations from several identities, then the consistency check. */
static void test_random(void)
{
	struct xs_store *s = mk();
	struct xs_client c[3], *cls[] = { &c[0], &c[1], &c[2] };
	struct xs_perm p = { 1, XS_PERM_READ };
	unsigned int seed = 12345;
	struct xs_txn *t[3] = { NULL };
	char path[64];
	int i;

	xs_client_init(&c[0], 0, true, NULL);
	xs_client_init(&c[1], 1, false, NULL);
	xs_client_init(&c[2], 2, false, NULL);
	CHECK_EQ(xs_mkdir(s, &c[0], NULL, "/r"), 0);
	p.perm = XS_PERM_BOTH;
	CHECK_EQ(xs_set_perms(s, &c[0], NULL, "/r", &p, 1), 0);
	for (i = 0; i < 20000; i++) {
		unsigned int k = (seed = seed * 1103515245u + 12345u) >> 8;
		int who = k % 3;
		uint32_t id;

		snprintf(path, sizeof(path), "/r/%u/%u", (k >> 4) % 7,
			 (k >> 8) % 5);
		switch ((k >> 12) % 7) {
		case 0:
			wr(s, cls[who], t[who], path, "v");
			break;
		case 1:
			xs_rm(s, cls[who], t[who], path + ((k >> 16) % 2) * 0);
			break;
		case 2:
			path[4] = '\0';
			xs_rm(s, cls[who], t[who], path);
			break;
		case 3:
			if (!t[who] && !xs_txn_start(s, cls[who], &id))
				t[who] = xs_txn_lookup(cls[who], id);
			break;
		case 4:
			if (t[who])
				xs_txn_end(s, cls[who], t[who], k & 1);
			t[who] = NULL;
			break;
		case 5:
			p.domid = (k >> 20) % 3;
			xs_set_perms(s, cls[who], t[who], path, &p, 1);
			break;
		default:
			rd(s, cls[who], t[who], path);
		}
	}
	done(s, cls, 3);
}

int main(void)
{
	RUN(test_paths);
	RUN(test_wire);
	RUN(test_nodes);
	RUN(test_perms);
	RUN(test_quota);
	RUN(test_txn);
	RUN(test_watch);
	RUN(test_directory_part);
	RUN(test_req);
	RUN(test_random);
	return test_status();
}
