/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * libFuzzer harness for xz_decode() and xz_uncompressed_size(). Byte 0
 * picks the mode and bytes 1-2 the output capacity (up to 1 MiB); in raw
 * mode the rest is the .xz file, in body mode the rest is placed behind a
 * valid stream header and block header (check none, LZMA2 alone or after
 * x86 BCJ) so that the LZMA2 and LZMA decoders are reached without
 * guessing CRC32s. Checks: nothing is written past the capacity (guard
 * bytes and ASan), only the documented codes come back, a reason is given
 * exactly on failure, and a success agrees with xz_uncompressed_size(),
 * decodes again into a buffer of exactly the output size, and gives
 * -ENOSPC with one byte less. No oracle: liblzma is not linked.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vesta/errno.h>
#include <vesta/xz.h>

#define GUARD 64
#define GUARD_BYTE 0x5a

static uint64_t ws[XZ_WORKSPACE_SIZE / sizeof(uint64_t)];

static uint32_t crc32(const uint8_t *p, size_t n)
{
	uint32_t crc = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return ~crc;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Stream header plus one block header; returns the bytes written. */
static size_t make_headers(uint8_t *p, bool bcj, uint32_t start)
{
	static const uint8_t magic[6] = {0xfd, '7', 'z', 'X', 'Z', 0};
	uint8_t *b = p + 12;
	size_t n = 2;

	memcpy(p, magic, 6);
	p[6] = 0;
	p[7] = 0; /* check none */
	put_le32(p + 8, crc32(p + 6, 2));
	b[1] = bcj ? 1 : 0; /* filter count - 1 */
	if (bcj) {
		b[n++] = 0x04;
		b[n++] = 4;
		put_le32(b + n, start);
		n += 4;
	}
	b[n++] = 0x21;
	b[n++] = 1;
	b[n++] = 20; /* 1 MiB dictionary */
	while ((n + 4) & 3)
		b[n++] = 0;
	b[0] = (uint8_t)((n + 4) / 4 - 1);
	put_le32(b + n, crc32(b, n));
	return 12 + n + 4;
}

static int decode(const uint8_t *in, size_t len, size_t cap, size_t *out_len,
		  uint8_t **outp)
{
	uint8_t *out = malloc(cap + GUARD);
	int rc;

	if (!out)
		abort();
	memset(out + cap, GUARD_BYTE, GUARD);
	rc = xz_decode(in, len, out, cap, out_len, ws);
	for (size_t i = 0; i < GUARD; i++) {
		if (out[cap + i] != GUARD_BYTE)
			abort();
	}
	if (*out_len > cap)
		abort();
	if (rc != 0 && rc != -EINVAL && rc != -ENOSPC && rc != -EOPNOTSUPP)
		abort();
	if (!rc != !xz_error_reason(ws))
		abort();
	*outp = out;
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	uint8_t *in, *out, *out2;
	size_t cap, in_len, hdr = 0, out_len, out_len2;
	uint64_t size;
	int rc;

	if (len < 3)
		return 0;
	cap = ((size_t)data[1] << 12 | (size_t)data[2] << 4) & ((1u << 20) - 1);
	in = malloc(len + 64);
	if (!in)
		abort();
	if (data[0] & 1)
		hdr = make_headers(in, data[0] & 2, (uint32_t)data[0] << 24);
	memcpy(in + hdr, data + 3, len - 3);
	in_len = hdr + len - 3;

	rc = decode(in, in_len, cap, &out_len, &out);
	if (!xz_uncompressed_size(in, in_len, &size) && !rc && size != out_len)
		abort();
	if (!rc) {
		if (xz_uncompressed_size(in, in_len, &size) || size != out_len)
			abort();
		if (decode(in, in_len, out_len, &out_len2, &out2) ||
		    out_len2 != out_len || memcmp(out, out2, out_len))
			abort();
		free(out2);
		if (out_len && decode(in, in_len, out_len - 1, &out_len2,
				      &out2) != -ENOSPC)
			abort();
		if (out_len)
			free(out2);
	}
	free(out);
	free(in);
	return 0;
}
