// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Daemon configuration: defaults, the "key = value" configuration file and
 * the single setter that both the file and the command line go through, so
 * every option has one spelling and one validation.  Does not open sockets
 * or files named by the settings.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "xsd.h"

void xsd_config_init(struct xsd_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->log_level = LOG_INFO;
	xs_quota_defaults(&cfg->quota);
}

void xsd_config_teardown(struct xsd_config *cfg)
{
	unsigned int i;

	free(cfg->socket_path);
	free(cfg->state_file);
	free(cfg->ring_dir);
	free(cfg->log_file);
	free(cfg->pid_file);
	for (i = 0; i < cfg->ndom_socks; i++)
		free(cfg->dom_socks[i].path);
	memset(cfg, 0, sizeof(*cfg));
}

static int set_str(char **dst, const char *value)
{
	char *dup;

	if (!*value)
		return -EINVAL;
	dup = strdup(value);
	if (!dup)
		return -ENOMEM;
	free(*dst);
	*dst = dup;
	return 0;
}

static int set_dom_socket(struct xsd_config *cfg, const char *value)
{
	struct xsd_dom_socket *ds;
	unsigned long domid;
	char *end;

	if (cfg->ndom_socks >= XSD_MAX_DOM_SOCKETS)
		return -ENOSPC;
	domid = strtoul(value, &end, 10);
	if (end == value || *end != ':' || !end[1] || domid == 0 ||
	    domid >= XS_DOMID_LIMIT)
		return -EINVAL;
	ds = &cfg->dom_socks[cfg->ndom_socks];
	ds->path = strdup(end + 1);
	if (!ds->path)
		return -ENOMEM;
	ds->domid = (unsigned int)domid;
	cfg->ndom_socks++;
	return 0;
}

static int set_quota(struct xsd_config *cfg, const char *name,
		     const char *value)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(value, &end, 10);
	if (errno || end == value || *end || value[0] == '-')
		return -EINVAL;
	return xs_quota_set(&cfg->quota, name, v);
}

int xsd_config_set(struct xsd_config *cfg, const char *key,
		   const char *value)
{
	int level;

	if (!strcmp(key, "socket"))
		return set_str(&cfg->socket_path, value);
	if (!strcmp(key, "state-file"))
		return set_str(&cfg->state_file, value);
	if (!strcmp(key, "ring-dir"))
		return set_str(&cfg->ring_dir, value);
	if (!strcmp(key, "log-file"))
		return set_str(&cfg->log_file, value);
	if (!strcmp(key, "pid-file"))
		return set_str(&cfg->pid_file, value);
	if (!strcmp(key, "domain-socket"))
		return set_dom_socket(cfg, value);
	if (!strcmp(key, "log-level")) {
		level = xsd_log_level(value);
		if (level < 0)
			return -EINVAL;
		cfg->log_level = level;
		return 0;
	}
	if (!strncmp(key, "quota-", 6))
		return set_quota(cfg, key + 6, value);
	return -EINVAL;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
			 e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int xsd_config_load(struct xsd_config *cfg, const char *file, char *err,
		    size_t errlen)
{
	char line[1024], *key, *value, *eq;
	unsigned int lineno = 0;
	FILE *f = fopen(file, "re");
	int rc = 0;

	if (!f) {
		rc = -errno;
		snprintf(err, errlen, "%s: %s", file, strerror(-rc));
		return rc;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		key = trim(line);
		if (!*key || *key == '#')
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			rc = -EINVAL;
			snprintf(err, errlen, "%s:%u: expected key = value",
				 file, lineno);
			break;
		}
		*eq = '\0';
		value = trim(eq + 1);
		key = trim(key);
		rc = xsd_config_set(cfg, key, value);
		if (rc) {
			snprintf(err, errlen, "%s:%u: bad setting '%s': %s",
				 file, lineno, key, strerror(-rc));
			break;
		}
	}
	fclose(f);
	return rc;
}
