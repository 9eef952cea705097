/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * CRC-32 as used by gzip, xz, PNG and Ethernet (IEEE 802.3, reflected
 * polynomial 0xedb88320, initial value and final XOR all ones). A small,
 * table-light implementation for the decompressors of the domain builder;
 * not responsible for CRC-32C or any other polynomial.
 */
#ifndef VESTA_CRC32_H
#define VESTA_CRC32_H

#include <stddef.h>
#include <stdint.h>

/*
 * crc32_update() - Extend a CRC-32 over @len more bytes at @buf.
 * @crc: the CRC of the data so far; 0 for no data yet
 * @buf: the next bytes (may be NULL when @len is 0)
 * @len: their count
 *
 * crc32_update(crc32_update(0, a, n), b, m) equals the CRC of a followed
 * by b; crc32_update(0, "123456789", 9) is 0xcbf43926.
 *
 * Context: any; pure. About two table lookups per byte.
 * Return: the CRC-32 of the data so far, including @buf.
 */
uint32_t crc32_update(uint32_t crc, const void *buf, size_t len);

#endif /* VESTA_CRC32_H */
