// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * vesta-xs: command-line helper over libvesta-xs, used by the xenstored
 * tests and handy for debugging.  One command per run; failures print the
 * protocol error name (e.g. "ENOENT") to stderr and exit 1.  It is a thin
 * argv-to-library adapter: no store logic here.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libvesta-xs.h"
#include "vesta-xs-wire.h"
#include "xs-wire.h"

struct cmd {
	const char *name;
	int min_args;
	int (*fn)(struct libvesta_xs *h, int argc, char **argv);
	const char *usage;
};

static unsigned int num(const char *s)
{
	return (unsigned int)strtoul(s, NULL, 0);
}

static int c_read(struct libvesta_xs *h, int argc, char **argv)
{
	size_t len;
	char *v;
	int rc;

	(void)argc;
	rc = libvesta_xs_read(h, 0, argv[0], &v, &len);
	if (rc)
		return rc;
	fwrite(v, 1, len, stdout);
	putchar('\n');
	free(v);
	return 0;
}

static int c_write(struct libvesta_xs *h, int argc, char **argv)
{
	(void)argc;
	return libvesta_xs_write(h, 0, argv[0], argv[1], strlen(argv[1]));
}

static int c_mkdir(struct libvesta_xs *h, int argc, char **argv)
{
	(void)argc;
	return libvesta_xs_mkdir(h, 0, argv[0]);
}

static int c_rm(struct libvesta_xs *h, int argc, char **argv)
{
	(void)argc;
	return libvesta_xs_rm(h, 0, argv[0]);
}

static int c_ls(struct libvesta_xs *h, int argc, char **argv)
{
	unsigned int n, i;
	char **names;
	int rc;

	(void)argc;
	rc = libvesta_xs_directory(h, 0, argv[0], &names, &n);
	if (rc)
		return rc;
	for (i = 0; i < n; i++)
		puts(names[i]);
	free(names);
	return 0;
}

static int c_getperms(struct libvesta_xs *h, int argc, char **argv)
{
	unsigned int n, i;
	char **p;
	int rc;

	(void)argc;
	rc = libvesta_xs_get_perms(h, 0, argv[0], &p, &n);
	if (rc)
		return rc;
	for (i = 0; i < n; i++)
		printf("%s%s", i ? " " : "", p[i]);
	putchar('\n');
	free(p);
	return 0;
}

static int c_setperms(struct libvesta_xs *h, int argc, char **argv)
{
	return libvesta_xs_set_perms(h, 0, argv[0],
				     (const char *const *)argv + 1,
				     (unsigned int)argc - 1);
}

/* watch PATH TOKEN COUNT [TIMEOUT_MS]: print COUNT events, initial one
 * included, then exit; -ETIMEDOUT if they do not come. */
static int c_watch(struct libvesta_xs *h, int argc, char **argv)
{
	int timeout = argc > 3 ? (int)num(argv[3]) : 5000;
	unsigned int count = num(argv[2]), i;
	char *path, *token;
	int rc;

	rc = libvesta_xs_watch(h, argv[0], argv[1]);
	if (rc)
		return rc;
	fflush(stdout);
	for (i = 0; i < count; i++) {
		rc = libvesta_xs_read_watch(h, timeout, &path, &token);
		if (rc)
			return rc;
		printf("%s %s\n", path, token);
		fflush(stdout);
		free(path);
		free(token);
	}
	return 0;
}

/* txn-incr PATH N: N transactional increments, retrying conflicts;
 * prints the number of conflicts seen. */
static int c_txn_incr(struct libvesta_xs *h, int argc, char **argv)
{
	unsigned int n = num(argv[1]), i, conflicts = 0;
	char val[32], *v;
	uint32_t tx;
	size_t len;
	int rc;

	(void)argc;
	for (i = 0; i < n; i++) {
		rc = libvesta_xs_txn_start(h, &tx);
		if (rc)
			return rc;
		rc = libvesta_xs_read(h, tx, argv[0], &v, &len);
		if (rc == -ENOENT) {
			v = strdup("0");
			rc = v ? 0 : -ENOMEM;
		}
		if (rc)
			return rc;
		snprintf(val, sizeof(val), "%lu", strtoul(v, NULL, 10) + 1);
		free(v);
		rc = libvesta_xs_write(h, tx, argv[0], val, strlen(val));
		if (rc)
			return rc;
		rc = libvesta_xs_txn_end(h, tx, true);
		if (rc == -EAGAIN) {
			conflicts++;
			i--;
			continue;
		}
		if (rc)
			return rc;
	}
	printf("%u\n", conflicts);
	return 0;
}

static int print_reply(int rc, char *r)
{
	if (!rc && r) {
		fputs(r, stdout);
		putchar('\n');
	}
	free(r);
	return rc;
}

static int c_domain_path(struct libvesta_xs *h, int argc, char **argv)
{
	char *r = NULL;
	int rc;

	(void)argc;
	rc = libvesta_xs_get_domain_path(h, num(argv[0]), &r);
	return print_reply(rc, r);
}

static int c_introduce(struct libvesta_xs *h, int argc, char **argv)
{
	(void)argc;
	return libvesta_xs_introduce(h, num(argv[0]), num(argv[1]),
				     num(argv[2]));
}

static int c_release(struct libvesta_xs *h, int argc, char **argv)
{
	(void)argc;
	return libvesta_xs_release(h, num(argv[0]));
}

static int c_introduced(struct libvesta_xs *h, int argc, char **argv)
{
	bool is;
	int rc;

	(void)argc;
	rc = libvesta_xs_is_introduced(h, num(argv[0]), &is);
	if (!rc)
		puts(is ? "T" : "F");
	return rc;
}

static int c_control(struct libvesta_xs *h, int argc, char **argv)
{
	char *r = NULL;
	int rc;

	rc = libvesta_xs_control(h, (const char *const *)argv,
				 (unsigned int)argc, &r);
	return print_reply(rc, r);
}

/* raw TYPE TX [ARG...]: send arguments NUL-joined, print the reply. */
static int c_raw(struct libvesta_xs *h, int argc, char **argv)
{
	char buf[VESTA_XS_PAYLOAD_MAX], *r = NULL;
	size_t off = 0, l, rlen = 0, i;
	int k, rc;

	for (k = 2; k < argc; k++) {
		l = strlen(argv[k]) + 1;
		if (off + l > sizeof(buf))
			return -E2BIG;
		memcpy(buf + off, argv[k], l);
		off += l;
	}
	rc = libvesta_xs_request(h, num(argv[0]), num(argv[1]), buf, off, &r,
				 &rlen);
	if (rc)
		return rc;
	for (i = 0; i < rlen; i++)
		putchar(r[i] ? r[i] : '\n');
	if (rlen && r[rlen - 1])
		putchar('\n');
	free(r);
	return 0;
}

static const struct cmd cmds[] = {
	{ "read", 1, c_read, "PATH" },
	{ "write", 2, c_write, "PATH VALUE" },
	{ "mkdir", 1, c_mkdir, "PATH" },
	{ "rm", 1, c_rm, "PATH" },
	{ "ls", 1, c_ls, "PATH" },
	{ "getperms", 1, c_getperms, "PATH" },
	{ "setperms", 2, c_setperms, "PATH PERM..." },
	{ "watch", 3, c_watch, "PATH TOKEN COUNT [TIMEOUT_MS]" },
	{ "txn-incr", 2, c_txn_incr, "PATH N" },
	{ "domain-path", 1, c_domain_path, "DOMID" },
	{ "introduce", 3, c_introduce, "DOMID MFN PORT" },
	{ "release", 1, c_release, "DOMID" },
	{ "introduced", 1, c_introduced, "DOMID" },
	{ "control", 1, c_control, "CMD [ARG...]" },
	{ "raw", 2, c_raw, "TYPE TX [ARG...]" },
};

static void usage(void)
{
	size_t i;

	fprintf(stderr, "usage: vesta-xs [-s SOCKET] COMMAND ARGS\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(stderr, "  %s %s\n", cmds[i].name, cmds[i].usage);
}

int main(int argc, char **argv)
{
	const char *sock = NULL;
	struct libvesta_xs *h;
	size_t i;
	int rc;

	if (argc > 2 && !strcmp(argv[1], "-s")) {
		sock = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc < 2) {
		usage();
		return 2;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(cmds[i].name, argv[1]))
			break;
	if (i == sizeof(cmds) / sizeof(cmds[0]) ||
	    argc - 2 < cmds[i].min_args) {
		usage();
		return 2;
	}
	rc = libvesta_xs_open(sock, NULL, NULL, &h);
	if (rc) {
		fprintf(stderr, "vesta-xs: cannot connect: %s\n",
			strerror(-rc));
		return 1;
	}
	rc = cmds[i].fn(h, argc - 2, argv + 2);
	libvesta_xs_close(h);
	if (rc) {
		fprintf(stderr, "vesta-xs: %s: %s\n", argv[1],
			xs_wire_errname(rc));
		return 1;
	}
	return 0;
}
