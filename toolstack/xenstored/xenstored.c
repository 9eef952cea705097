// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * xenstored's main(): command line and configuration file, start-up (state
 * restore, sockets, readiness notification), the poll loop that services
 * listeners and connections, and orderly shutdown on SIGTERM/SIGINT with
 * state saved.  The only place in the daemon that decides to exit.  Request
 * semantics live in the store core; transports in xsd-conn.c/xsd-ring.c.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <syslog.h>
#include <unistd.h>

#include "xsd.h"

#define DEFAULT_CONFIG SYSCONFDIR "/vesta/xenstored.conf"

static const struct option opts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "socket", required_argument, NULL, 's' },
	{ "state-file", required_argument, NULL, 'S' },
	{ "ring-dir", required_argument, NULL, 'R' },
	{ "domain-socket", required_argument, NULL, 'D' },
	{ "log-file", required_argument, NULL, 'l' },
	{ "log-level", required_argument, NULL, 'L' },
	{ "quota", required_argument, NULL, 'q' },
	{ "pid-file", required_argument, NULL, 'p' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static const char *const opt_keys[128] = {
	['s'] = "socket",	 ['S'] = "state-file", ['R'] = "ring-dir",
	['D'] = "domain-socket", ['l'] = "log-file",   ['L'] = "log-level",
	['p'] = "pid-file",
};

static const char help_text[] =
	"Usage: xenstored [OPTION]...\n"
	"Serve the xenstore database to local tools over a Unix socket and\n"
	"to guests over their shared rings.\n\n"
	"  -c, --config=FILE       read settings from FILE (default\n"
	"                          " DEFAULT_CONFIG ", if present)\n"
	"  -s, --socket=PATH       listen on PATH\n"
	"                          (default " XSD_DEFAULT_SOCKET ")\n"
	"  -S, --state-file=FILE   save state to FILE on stop, restore it\n"
	"                          on start\n"
	"  -R, --ring-dir=DIR      host testing: guest rings are DIR/N.ring,\n"
	"                          events DIR/N.kick and DIR/N.notify\n"
	"  -D, --domain-socket=N:PATH\n"
	"                          testing: clients of PATH act as domain N\n"
	"  -l, --log-file=FILE     log to FILE ('-': stderr; default syslog)\n"
	"  -L, --log-level=LEVEL   err, warning, notice, info (default),\n"
	"                          debug\n"
	"  -q, --quota=NAME=VALUE  set a limit: nodes, node-size, depth,\n"
	"                          perms, watches, transactions,\n"
	"                          outstanding, outbuf\n"
	"  -p, --pid-file=FILE     write the process id to FILE\n"
	"  -h, --help              show this help and exit\n"
	"  -V, --version           show the version and exit\n\n"
	"Command-line options override the configuration file.\n"
	"See xenstored(8).\n";

static void usage(FILE *f)
{
	fputs(help_text, f);
}

static int apply_opt(struct xsd_config *cfg, int c, const char *arg)
{
	char key[64];
	const char *eq;

	if (c == 'q') {
		eq = strchr(arg, '=');
		if (!eq || (size_t)(eq - arg) > 40)
			return -EINVAL;
		snprintf(key, sizeof(key), "quota-%.*s", (int)(eq - arg), arg);
		return xsd_config_set(cfg, key, eq + 1);
	}
	if (c > 0 && c < 128 && opt_keys[c])
		return xsd_config_set(cfg, opt_keys[c], arg);
	return -EINVAL;
}

/* Return 0 to run, 1 to exit successfully, 2 for a usage error. */
static int parse_args(int argc, char **argv, struct xsd_config *cfg)
{
	const char *config = NULL;
	char err[512];
	int c, rc;

	/* First pass: only the config file, so the command line wins. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "c:s:S:R:D:l:L:q:p:hV", opts,
				NULL)) != -1) {
		if (c == 'c')
			config = optarg;
		if (c == 'h') {
			usage(stdout);
			return 1;
		}
		if (c == 'V') {
			printf("xenstored (%s) %s\n", PACKAGE_NAME,
			       PACKAGE_VERSION);
			return 1;
		}
	}
	if (!config && access(DEFAULT_CONFIG, R_OK) == 0)
		config = DEFAULT_CONFIG;
	if (config && xsd_config_load(cfg, config, err, sizeof(err))) {
		fprintf(stderr, "xenstored: %s\n", err);
		return 2;
	}
	optind = 0;
	opterr = 1;
	while ((c = getopt_long(argc, argv, "c:s:S:R:D:l:L:q:p:hV", opts,
				NULL)) != -1) {
		if (c == 'c')
			continue;
		if (c == '?') {
			usage(stderr);
			return 2;
		}
		rc = apply_opt(cfg, c, optarg);
		if (rc) {
			fprintf(stderr, "xenstored: bad option -%c %s: %s\n", c,
				optarg, strerror(-rc));
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "xenstored: unexpected argument '%s'\n",
			argv[optind]);
		return 2;
	}
	return 0;
}

static int poll_events(struct xsd_conn *c)
{
	int ev = 0;

	if (c->ops->prepare)
		return POLLIN; /* ring: the kick FIFO */
	if (c->out_replies < xs_store_quota(c->d->s)->outstanding)
		ev |= POLLIN;
	if (c->out_head)
		ev |= POLLOUT;
	return ev;
}

static int grow(struct pollfd **pfd, struct xsd_conn ***who, size_t n)
{
	struct pollfd *p = realloc(*pfd, n * sizeof(*p));
	struct xsd_conn **w;

	if (!p)
		return -ENOMEM;
	*pfd = p;
	w = realloc(*who, n * sizeof(*w));
	if (!w)
		return -ENOMEM;
	*who = w;
	return 0;
}

/* Service everything until a termination signal arrives. */
static int run(struct xsd *d, int sfd)
{
	struct pollfd *pfd = NULL;
	struct xsd_conn **who = NULL, *c;
	size_t n, i, first;
	bool is_busy;
	int rc = 0;

	for (;;) {
		n = 1 + d->nlisteners + d->nconns;
		rc = grow(&pfd, &who, n);
		if (rc)
			break;
		pfd[0] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		for (i = 0; i < d->nlisteners; i++)
			pfd[1 + i] = (struct pollfd){
				.fd = d->listeners[i].fd, .events = POLLIN
			};
		first = 1 + d->nlisteners;
		is_busy = false;
		for (i = first, c = d->conns; c; c = c->next, i++) {
			who[i] = c;
			pfd[i].fd = c->fd;
			pfd[i].events = (short)poll_events(c);
			pfd[i].revents = 0;
			is_busy |= c->needs_service;
		}
		if (poll(pfd, n, is_busy ? 0 : -1) < 0 && errno != EINTR) {
			rc = -errno;
			break;
		}
		if (pfd[0].revents)
			break;
		for (i = 0; i < d->nlisteners; i++)
			if (pfd[1 + i].revents)
				xsd_accept(d, &d->listeners[i]);
		for (i = first; i < n; i++)
			if (pfd[i].revents || who[i]->needs_service)
				xsd_conn_service(who[i]);
		xsd_conn_reap(d);
	}
	free(pfd);
	free(who);
	return rc;
}

static int start(struct xsd *d)
{
	const char *sock = d->cfg.socket_path ? d->cfg.socket_path :
						 XSD_DEFAULT_SOCKET;
	unsigned int i;
	int rc;

	if (d->cfg.state_file) {
		rc = xsd_state_restore(d, d->cfg.state_file);
		if (rc && rc != -ENOENT) {
			xsd_log(LOG_ERR, "cannot restore %s: %s",
				d->cfg.state_file, strerror(-rc));
			return rc;
		}
		if (!rc)
			xsd_log(LOG_NOTICE, "state restored from %s",
				d->cfg.state_file);
	}
	rc = xsd_listen(d, sock, 0, true);
	if (rc) {
		xsd_log(LOG_ERR, "cannot listen on %s: %s", sock,
			strerror(-rc));
		return rc;
	}
	for (i = 0; i < d->cfg.ndom_socks; i++) {
		rc = xsd_listen(d, d->cfg.dom_socks[i].path,
				d->cfg.dom_socks[i].domid, false);
		if (rc) {
			xsd_log(LOG_ERR, "cannot listen on %s: %s",
				d->cfg.dom_socks[i].path, strerror(-rc));
			return rc;
		}
	}
	xsd_log(LOG_NOTICE, "serving on %s", sock);
	return 0;
}

static void stop(struct xsd *d, bool is_save)
{
	int rc;

	xsd_notify_stopping();
	if (is_save && d->cfg.state_file) {
		rc = xsd_state_save(d, d->cfg.state_file);
		if (rc)
			xsd_log(LOG_ERR, "cannot save state to %s: %s",
				d->cfg.state_file, strerror(-rc));
		else
			xsd_log(LOG_NOTICE, "state saved to %s",
				d->cfg.state_file);
	}
	xsd_unlisten(d);
	xsd_conn_destroy_all(d);
	if (d->cfg.pid_file)
		unlink(d->cfg.pid_file);
}

static int write_pid(const char *path)
{
	FILE *f = fopen(path, "we");

	if (!f)
		return -errno;
	fprintf(f, "%ld\n", (long)getpid());
	return fclose(f) ? -errno : 0;
}

static int setup_signals(void)
{
	sigset_t set;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

int main(int argc, char **argv)
{
	struct xsd d = { 0 };
	struct xs_hooks hooks = {
		.log = xsd_log_hook,
		.watch_event = xsd_watch_event,
		.introduce = xsd_ring_introduce,
		.release = xsd_ring_release,
		.arg = &d,
	};
	int rc, sfd, status = EXIT_FAILURE;

	xsd_config_init(&d.cfg);
	rc = parse_args(argc, argv, &d.cfg);
	if (rc) {
		xsd_config_teardown(&d.cfg);
		return rc == 1 ? EXIT_SUCCESS : 2;
	}
	rc = xsd_log_open(d.cfg.log_file, d.cfg.log_level);
	if (rc) {
		fprintf(stderr, "xenstored: cannot open log %s: %s\n",
			d.cfg.log_file, strerror(-rc));
		goto out_cfg;
	}
	sfd = setup_signals();
	if (sfd < 0) {
		xsd_log(LOG_ERR, "cannot set up signals: %s", strerror(errno));
		goto out_log;
	}
	rc = xs_store_create(&d.cfg.quota, &hooks, &d.s);
	if (rc) {
		xsd_log(LOG_ERR, "cannot create store: %s", strerror(-rc));
		goto out_sig;
	}
	if (start(&d)) {
		/* Never overwrite saved state we could not load. */
		stop(&d, false);
		goto out_destroy;
	}
	if (d.cfg.pid_file && write_pid(d.cfg.pid_file))
		xsd_log(LOG_WARNING, "cannot write %s", d.cfg.pid_file);
	xsd_notify_ready();
	rc = run(&d, sfd);
	if (rc)
		xsd_log(LOG_ERR, "main loop failed: %s", strerror(-rc));
	else
		status = EXIT_SUCCESS;
	xsd_log(LOG_NOTICE, "shutting down");
	stop(&d, true);
out_destroy:
	xs_store_destroy(d.s);
out_sig:
	close(sfd);
out_log:
	xsd_log_close();
out_cfg:
	xsd_config_teardown(&d.cfg);
	return status;
}
