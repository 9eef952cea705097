/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * The integrity checks an .xz file may carry: CRC32 (also protecting the
 * container's own headers and index), CRC64 and SHA-256 over one block's
 * uncompressed data. Each is computed over a whole buffer in one call,
 * which suits the single-call decoder; the CRC tables live in the
 * caller's workspace, never in global state. Deciding which check a
 * stream uses and comparing the stored values is xz.c's job.
 */
#include <stddef.h>
#include <stdint.h>

#include "xz-private.h"

#define CRC32_POLY 0xedb88320u			/* bit-reversed 0x04c11db7 */
#define CRC64_POLY 0xc96c5795d7870f42ull	/* bit-reversed ECMA-182 */

void xz_hash_init(struct xz_hash_tables *t)
{
	for (unsigned int i = 0; i < 256; i++) {
		uint32_t c32 = i;
		uint64_t c64 = i;

		for (int k = 0; k < 8; k++) {
			c32 = (c32 >> 1) ^ (CRC32_POLY & (0u - (c32 & 1)));
			c64 = (c64 >> 1) ^ (CRC64_POLY & (0ull - (c64 & 1)));
		}
		t->crc32[i] = c32;
		t->crc64[i] = c64;
	}
}

uint32_t xz_hash_crc32(const struct xz_hash_tables *t, const uint8_t *buf,
		       size_t len)
{
	uint32_t crc = 0xffffffffu;

	if (t) {
		for (size_t i = 0; i < len; i++)
			crc = t->crc32[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
		return ~crc;
	}
	for (size_t i = 0; i < len; i++) {
		crc ^= buf[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (CRC32_POLY & (0u - (crc & 1)));
	}
	return ~crc;
}

uint64_t xz_hash_crc64(const struct xz_hash_tables *t, const uint8_t *buf,
		       size_t len)
{
	uint64_t crc = ~0ull;

	for (size_t i = 0; i < len; i++)
		crc = t->crc64[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* FIPS 180-4: cube roots of the first 64 primes, fractional bits. */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror32(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha256_block(uint32_t h[8], const uint8_t blk[64])
{
	uint32_t w[64], v[8];

	for (int i = 0; i < 16; i++)
		w[i] = ((uint32_t)blk[4 * i] << 24) |
		       ((uint32_t)blk[4 * i + 1] << 16) |
		       ((uint32_t)blk[4 * i + 2] << 8) | blk[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^
			      (w[i - 15] >> 3);
		uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^
			      (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	for (int i = 0; i < 8; i++)
		v[i] = h[i];
	for (int i = 0; i < 64; i++) {
		uint32_t s1 = ror32(v[4], 6) ^ ror32(v[4], 11) ^
			      ror32(v[4], 25);
		uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
		uint32_t t1 = v[7] + s1 + ch + sha256_k[i] + w[i];
		uint32_t s0 = ror32(v[0], 2) ^ ror32(v[0], 13) ^
			      ror32(v[0], 22);
		uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);

		for (int k = 7; k > 0; k--)
			v[k] = v[k - 1];
		v[4] += t1;
		v[0] = t1 + s0 + maj;
	}
	for (int i = 0; i < 8; i++)
		h[i] += v[i];
}

void xz_hash_sha256(const uint8_t *buf, size_t len, uint8_t digest[32])
{
	/* Square roots of the first 8 primes, fractional bits. */
	uint32_t h[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	uint8_t tail[128] = { 0 };
	size_t full = len / 64 * 64, rest = len - full, tail_len;
	uint64_t bits = (uint64_t)len << 3;

	for (size_t off = 0; off < full; off += 64)
		sha256_block(h, buf + off);
	for (size_t i = 0; i < rest; i++)
		tail[i] = buf[full + i];
	tail[rest] = 0x80;
	tail_len = rest < 56 ? 64 : 128;
	for (int i = 0; i < 8; i++)
		tail[tail_len - 1 - i] = (uint8_t)(bits >> (8 * i));
	sha256_block(h, tail);
	if (tail_len == 128)
		sha256_block(h, tail + 64);
	for (int i = 0; i < 32; i++)
		digest[i] = (uint8_t)(h[i / 4] >> (24 - 8 * (i % 4)));
}
