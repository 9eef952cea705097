// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Watches of the store core: registration with per-client quota and the
 * initial event, removal, and firing.  A change to a path fires every watch
 * on that path or an ancestor of it, once, with the changed path; a removal
 * also fires watches below the removed node with their own paths.  A client
 * only hears about nodes it may read.  Delivery itself (queueing, output
 * limits) belongs to the transport, reached through the watch_event hook.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "xs-path.h"
#include "xs-store-priv.h"

static int canon(struct xs_client *cl, const char *given, char *out,
		 bool *is_rel)
{
	if (xs_path_is_special(given)) {
		strcpy(out, given);
		*is_rel = false;
		return 0;
	}
	return xs_path_canon(given, cl->domid, out, is_rel);
}

static struct xs_watch *find(struct xs_store *s, struct xs_client *cl,
			     const char *path, const char *token)
{
	struct xs_watch *w;

	for (w = s->watches; w; w = w->next)
		if (w->cl == cl && !strcmp(w->path, path) &&
		    !strcmp(w->token, token))
			return w;
	return NULL;
}

static void deliver(struct xs_store *s, struct xs_watch *w, const char *path)
{
	char prefix[32];
	size_t n;

	if (!s->hooks.watch_event)
		return;
	if (w->is_rel) {
		n = xs_path_domain_prefix(w->cl->domid, prefix);
		if (!strncmp(path, prefix, n) && path[n] == '/')
			path += n + 1;
	}
	s->events_fired++;
	s->hooks.watch_event(s->hooks.arg, w->cl, path, w->token);
}

int xs_watch_add(struct xs_store *s, struct xs_client *cl, const char *path,
		 const char *token)
{
	char buf[XS_PATH_BUF];
	struct xs_watch *w, **pp;
	bool is_rel;
	int rc;

	rc = canon(cl, path, buf, &is_rel);
	if (rc)
		return rc;
	if (find(s, cl, buf, token))
		return -EEXIST;
	if (!cl->is_privileged && cl->nwatches >= s->quota.watches) {
		xs_log(s, LOG_WARNING, "domain %u: watch quota (%u)",
		       cl->domid, s->quota.watches);
		return -ENOSPC;
	}
	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->path = strdup(buf);
	w->given = strdup(path);
	w->token = strdup(token);
	if (!w->path || !w->given || !w->token) {
		free(w->path);
		free(w->given);
		free(w->token);
		free(w);
		return -ENOMEM;
	}
	w->cl = cl;
	w->is_rel = is_rel;
	/* Append, so events go out in registration order. */
	for (pp = &s->watches; *pp; pp = &(*pp)->next)
		;
	*pp = w;
	cl->nwatches++;
	s->nwatches++;
	if (s->hooks.watch_event)
		s->hooks.watch_event(s->hooks.arg, cl, path, token);
	return 0;
}

static void unlink_watch(struct xs_store *s, struct xs_watch *w)
{
	struct xs_watch **pp;

	for (pp = &s->watches; *pp; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	}
	w->cl->nwatches--;
	s->nwatches--;
	free(w->path);
	free(w->given);
	free(w->token);
	free(w);
}

int xs_watch_del(struct xs_store *s, struct xs_client *cl, const char *path,
		 const char *token)
{
	char buf[XS_PATH_BUF];
	struct xs_watch *w;
	bool is_rel;
	int rc;

	rc = canon(cl, path, buf, &is_rel);
	if (rc)
		return rc;
	w = find(s, cl, buf, token);
	if (!w)
		return -ENOENT;
	unlink_watch(s, w);
	return 0;
}

void xs_watch_reset(struct xs_store *s, struct xs_client *cl)
{
	struct xs_watch *w, *next;

	for (w = s->watches; w; w = next) {
		next = w->next;
		if (w->cl == cl)
			unlink_watch(s, w);
	}
}

void xs_watch_foreach(struct xs_store *s,
		      void (*fn)(void *arg, struct xs_client *cl,
				 const char *path, const char *token),
		      void *arg)
{
	struct xs_watch *w;

	for (w = s->watches; w; w = w->next)
		fn(arg, w->cl, w->given, w->token);
}

static bool may_read(struct xs_client *cl, const struct xs_perm *p,
		     unsigned int np)
{
	/* A node without permissions never existed live; only privileged
	 * clients hear about it. */
	if (!np)
		return cl->is_privileged;
	return xs_perm_for(cl, p, np) & XS_PERM_READ;
}

void xs_watch_fire(struct xs_store *s, const char *path,
		   const struct xs_perm *p, unsigned int np, bool is_rm)
{
	struct xs_watch *w;

	for (w = s->watches; w; w = w->next) {
		if (w->path[0] != '/')
			continue;
		if (xs_path_is_under(path, w->path)) {
			if (may_read(w->cl, p, np))
				deliver(s, w, path);
		} else if (is_rm && xs_path_is_under(w->path, path)) {
			if (may_read(w->cl, p, np))
				deliver(s, w, w->path);
		}
	}
}

void xs_watch_fire_special(struct xs_store *s, const char *name)
{
	struct xs_watch *w;

	/* Domain lifecycle is only shown to dom0 and device models. */
	for (w = s->watches; w; w = w->next)
		if (!strcmp(w->path, name) &&
		    (w->cl->is_privileged || w->cl->target >= 0))
			deliver(s, w, name);
}
