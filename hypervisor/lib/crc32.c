/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * CRC-32 (IEEE) with a 16-entry table, consuming four bits per step: the
 * table is small enough to sit in the code's own cache lines and needs no
 * initialisation, and two lookups per byte are fast enough for decoding a
 * kernel image once per boot. Entry i is the CRC register after shifting
 * the nibble i through four rounds of the reflected polynomial.
 */
#include <stddef.h>
#include <stdint.h>

#include <vesta/crc32.h>

static const uint32_t nibble_table[16] = {
	0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac,
	0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
	0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
	0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
};

uint32_t crc32_update(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		crc = (crc >> 4) ^ nibble_table[crc & 15];
		crc = (crc >> 4) ^ nibble_table[crc & 15];
	}
	return ~crc;
}
