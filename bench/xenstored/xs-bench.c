// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * xenstored benchmark client (run by bench/xenstored/run.sh, which starts
 * the daemon): operations per second for read, write, listing a directory
 * of 1,000 children and transaction commit, each with 1, 8 and 64
 * concurrent clients; watch delivery latency; and the daemon's resident
 * memory for 100 guests' worth of typical entries (200 nodes each).
 * Prints one table.  Measures, never asserts.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libvesta-xs.h"

static const char *sock;
static double secs = 0.5;

enum op { OP_READ, OP_WRITE, OP_DIR, OP_TXN, OP_COUNT };
static const char *const op_names[] = { "read", "write",
					"directory (1000 children)",
					"transaction commit" };

struct worker {
	pthread_t th;
	enum op op;
	int id;
	long ops;
	long conflicts;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct libvesta_xs *conn(void)
{
	struct libvesta_xs *h;

	if (libvesta_xs_open(sock, NULL, NULL, &h)) {
		fprintf(stderr, "xs-bench: cannot connect to %s\n", sock);
		exit(1);
	}
	return h;
}

static int one(struct libvesta_xs *h, struct worker *w, const char *path)
{
	unsigned int n;
	char **names, *v;
	uint32_t tx;
	int rc;

	switch (w->op) {
	case OP_READ:
		rc = libvesta_xs_read(h, 0, "/bench/value", &v, NULL);
		if (!rc)
			free(v);
		return rc;
	case OP_WRITE:
		return libvesta_xs_write(h, 0, path, "some-value", 10);
	case OP_DIR:
		rc = libvesta_xs_directory(h, 0, "/bench/dir", &names, &n);
		if (!rc)
			free(names);
		return rc;
	default:
		rc = libvesta_xs_txn_start(h, &tx);
		if (!rc)
			rc = libvesta_xs_write(h, tx, path, "v", 1);
		if (!rc)
			rc = libvesta_xs_txn_end(h, tx, true);
		if (rc == -EAGAIN) {
			w->conflicts++;
			rc = 0;
		}
		return rc;
	}
}

static void *run_worker(void *arg)
{
	struct worker *w = arg;
	struct libvesta_xs *h = conn();
	char path[64];
	double end = now() + secs;

	snprintf(path, sizeof(path), "/bench/w/%d", w->id);
	while (now() < end) {
		if (one(h, w, path)) {
			fprintf(stderr, "xs-bench: %s failed\n",
				op_names[w->op]);
			exit(1);
		}
		w->ops++;
	}
	libvesta_xs_close(h);
	return NULL;
}

static double measure(enum op op, int nclients)
{
	struct worker *w = calloc((size_t)nclients, sizeof(*w));
	double t0, t;
	long total = 0;
	int i;

	t0 = now();
	for (i = 0; i < nclients; i++) {
		w[i].op = op;
		w[i].id = i;
		pthread_create(&w[i].th, NULL, run_worker, &w[i]);
	}
	for (i = 0; i < nclients; i++) {
		pthread_join(w[i].th, NULL);
		total += w[i].ops;
	}
	t = now() - t0;
	free(w);
	return (double)total / t;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void watch_latency(double *avg, double *p99)
{
	struct libvesta_xs *w = conn(), *h = conn();
	enum { N = 2000 };
	static double lat[N];
	char *p, *t;
	double sum = 0;
	int i;

	libvesta_xs_watch(w, "/bench/watched", "tok");
	libvesta_xs_read_watch(w, 1000, &p, &t);
	free(p);
	free(t);
	for (i = 0; i < N; i++) {
		double t0 = now();

		libvesta_xs_write(h, 0, "/bench/watched", "x", 1);
		if (libvesta_xs_read_watch(w, 1000, &p, &t)) {
			fprintf(stderr, "xs-bench: watch event lost\n");
			exit(1);
		}
		lat[i] = (now() - t0) * 1e6;
		sum += lat[i];
		free(p);
		free(t);
	}
	qsort(lat, N, sizeof(lat[0]), cmp_double);
	*avg = sum / N;
	*p99 = lat[N * 99 / 100];
	libvesta_xs_close(w);
	libvesta_xs_close(h);
}

static long rss_kib(const char *pid)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/status", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/* 100 guests, 200 nodes each, shaped like a toolstack's entries. */
static void populate_guests(void)
{
	struct libvesta_xs *h = conn();
	char path[128], val[64];
	int d, i;

	for (d = 1; d <= 100; d++) {
		for (i = 0; i < 200; i++) {
			snprintf(path, sizeof(path),
				 "/local/domain/%d/device/vif/%d/param-%d", d,
				 i / 20, i % 20);
			snprintf(val, sizeof(val), "value-%d-%d-00:16:3e:aa",
				 d, i);
			libvesta_xs_write(h, 0, path, val, strlen(val));
		}
	}
	libvesta_xs_close(h);
}

int main(int argc, char **argv)
{
	static const int clients[] = { 1, 8, 64 };
	struct libvesta_xs *h;
	char path[64];
	double avg, p99;
	long before, after;
	int i, op;

	if (argc < 3) {
		fputs("usage: xs-bench SOCKET DAEMON-PID [SECONDS]\n", stderr);
		return 2;
	}
	sock = argv[1];
	if (argc > 3)
		secs = atof(argv[3]);
	h = conn();
	libvesta_xs_write(h, 0, "/bench/value", "hello", 5);
	for (i = 0; i < 1000; i++) {
		snprintf(path, sizeof(path), "/bench/dir/child-%04d", i);
		libvesta_xs_write(h, 0, path, "", 0);
	}
	libvesta_xs_close(h);

	printf("%-28s %12s %12s %12s\n", "operation (ops/s)", "1 client",
	       "8 clients", "64 clients");
	for (op = 0; op < OP_COUNT; op++) {
		printf("%-28s", op_names[op]);
		for (i = 0; i < 3; i++) {
			printf(" %12.0f", measure(op, clients[i]));
			fflush(stdout);
		}
		printf("\n");
	}
	watch_latency(&avg, &p99);
	printf("%-28s %9.1f us avg, %.1f us p99 (2000 events)\n",
	       "watch delivery latency", avg, p99);
	before = rss_kib(argv[2]);
	populate_guests();
	after = rss_kib(argv[2]);
	printf("%-28s %ld KiB RSS before, %ld KiB after 100 guests x 200 "
	       "nodes (+%ld KiB)\n", "daemon memory", before, after,
	       after - before);
	return 0;
}
