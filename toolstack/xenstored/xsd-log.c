// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Logging for the daemon: syslog by default (the journal collects it under
 * systemd), or a file, or stderr, with a level filter.  The store core logs
 * through xsd_log_hook().  Guest-triggerable messages are rate-limited by
 * their callers, not here.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>

#include "xsd.h"

static FILE *log_fp;
static bool is_syslog = true;
static int log_max = LOG_INFO;

int xsd_log_open(const char *file, int level)
{
	log_max = level;
	if (!file) {
		is_syslog = true;
		openlog("xenstored", LOG_PID | LOG_NDELAY, LOG_DAEMON);
		return 0;
	}
	is_syslog = false;
	if (!strcmp(file, "-")) {
		log_fp = stderr;
		return 0;
	}
	log_fp = fopen(file, "ae");
	if (!log_fp)
		return -errno;
	setvbuf(log_fp, NULL, _IOLBF, 0);
	return 0;
}

void xsd_log_close(void)
{
	if (is_syslog)
		closelog();
	else if (log_fp && log_fp != stderr)
		fclose(log_fp);
	log_fp = NULL;
}

static void emit(int prio, const char *msg)
{
	static const char *const names[] = { "emerg", "alert", "crit", "err",
					     "warning", "notice", "info",
					     "debug" };
	char when[32];
	time_t now;
	struct tm tm;

	if (prio > log_max)
		return;
	if (is_syslog) {
		syslog(prio, "%s", msg);
		return;
	}
	if (!log_fp)
		return;
	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	fprintf(log_fp, "%s xenstored[%s]: %s\n", when, names[prio & 7], msg);
}

void xsd_log(int prio, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	emit(prio, msg);
}

void xsd_log_hook(void *arg, int prio, const char *msg)
{
	(void)arg;
	emit(prio, msg);
}

int xsd_log_level(const char *name)
{
	static const char *const names[] = { "err", "warning", "notice",
					     "info", "debug" };
	static const int levels[] = { LOG_ERR, LOG_WARNING, LOG_NOTICE,
				      LOG_INFO, LOG_DEBUG };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(name, names[i]))
			return levels[i];
	return -1;
}
