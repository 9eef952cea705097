// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * libFuzzer harness for xenstored's message decoder and request layer.  The
 * input is a sequence of messages, each one selector byte (which of four
 * clients sends it: dom0 twice, domains 5 and 6) followed by a wire header
 * and its payload, run against one store exactly as the daemon would.  A
 * header the daemon would reject ends the sequence, as it would close the
 * connection.  Besides the sanitizers, the store's own consistency check
 * must pass at the end.  Not covered: the socket and ring transports.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xs-req.h"
#include "xs-store.h"
#include "xs-wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long events;

static void on_event(void *arg, struct xs_client *cl, const char *path,
		     const char *token)
{
	(void)arg;
	(void)cl;
	events += strlen(path) + strlen(token);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xs_hooks hooks = { .watch_event = on_event };
	static char payload[VESTA_XS_PAYLOAD_MAX];
	static struct xs_reply r;
	struct xs_client cl[4];
	struct xs_store *s;
	struct xs_quota q;
	char verdict[256];
	unsigned int i;

	xs_quota_defaults(&q);
	q.nodes_per_domain = 40;
	q.watches = 8;
	q.transactions = 4;
	if (xs_store_create(&q, &hooks, &s))
		return 0;
	xs_client_init(&cl[0], 0, true, NULL);
	xs_client_init(&cl[1], 0, true, NULL);
	xs_client_init(&cl[2], 5, false, NULL);
	xs_client_init(&cl[3], 6, false, NULL);
	cl[3].target = 5;
	while (size >= 1 + sizeof(struct vesta_xs_hdr)) {
		struct vesta_xs_hdr h;
		struct xs_client *c = &cl[data[0] & 3];

		memcpy(&h, data + 1, sizeof(h));
		data += 1 + sizeof(h);
		size -= 1 + sizeof(h);
		if (xs_wire_check_hdr(&h))
			break;
		if (h.len > size)
			h.len = (uint32_t)size;
		/* The daemon hands over a private copy of exactly len bytes;
		 * do the same so ASan sees any overread. */
		memcpy(payload, data, h.len);
		xs_req_handle(s, c, &h, payload, &r);
		data += h.len;
		size -= h.len;
	}
	if (xs_store_check(s, verdict, sizeof(verdict)))
		abort();
	for (i = 0; i < 4; i++)
		xs_client_teardown(s, &cl[i]);
	xs_store_destroy(s);
	return 0;
}
