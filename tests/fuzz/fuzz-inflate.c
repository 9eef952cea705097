/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * libFuzzer harness for inflate_raw() and gzip_decode(). Input: byte 0
 * picks the decoder (bit 0: gzip) and, with byte 1, the output capacity
 * (up to 256 KiB); the rest is the compressed data. Checks: only 0,
 * -EINVAL or -ENOSPC come back; the guard region after the capacity is
 * never written; on success the output and input counts are within their
 * buffers, and decoding again into exactly the produced size gives the
 * same bytes, while one byte less gives -ENOSPC.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vesta/errno.h>
#include <vesta/inflate.h>

#define MAX_CAP (256u * 1024u)
#define GUARD 256u
#define GUARD_BYTE 0xa5

static uint64_t workspace[INFLATE_WORKSPACE_SIZE / 8];
static uint8_t out[MAX_CAP + GUARD];
static uint8_t again[MAX_CAP + GUARD];

static int decode(bool is_gzip, const uint8_t *in, size_t len, uint8_t *dst,
		  size_t cap, size_t *used, size_t *got)
{
	int rc;

	memset(dst + cap, GUARD_BYTE, GUARD);
	if (is_gzip) {
		rc = gzip_decode(in, len, dst, cap, got, workspace);
		*used = len;
	} else {
		rc = inflate_raw(in, len, used, dst, cap, got, workspace);
	}
	for (size_t i = 0; i < GUARD; i++) {
		if (dst[cap + i] != GUARD_BYTE)
			abort();
	}
	if (rc != 0 && rc != -EINVAL && rc != -ENOSPC)
		abort();
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	size_t cap, used = 0, got = 0, used2, got2;
	bool is_gzip;
	int rc;

	if (len < 2)
		return 0;
	is_gzip = data[0] & 1;
	cap = ((size_t)(data[0] >> 1) << 8 | data[1]) * 8;
	cap = cap > MAX_CAP ? MAX_CAP : cap;
	data += 2;
	len -= 2;
	rc = decode(is_gzip, data, len, out, cap, &used, &got);
	if (rc)
		return 0;
	if (got > cap || used > len)
		abort();
	if (decode(is_gzip, data, len, again, got, &used2, &got2) ||
	    got2 != got || used2 != used || memcmp(out, again, got))
		abort();
	if (got && decode(is_gzip, data, len, again, got - 1, &used2,
			  &got2) != -ENOSPC)
		abort();
	return 0;
}
