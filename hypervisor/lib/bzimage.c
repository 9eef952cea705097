/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * bzImage payload location and classification. The boot image comes from
 * the boot loader or the toolstack and is not trusted: every field is read
 * with an explicit bounds check and every offset sum is checked for
 * overflow before it is used. Field offsets are those of the x86 Linux
 * boot protocol's setup header. Decompression and ELF parsing live in
 * inflate.c, the xz decoder and elf.c.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <vesta/bzimage.h>
#include <vesta/errno.h>

#define SECTOR			512u
#define OFF_SETUP_SECTS		0x1f1
#define OFF_BOOT_FLAG		0x1fe
#define OFF_HEADER		0x202
#define OFF_VERSION		0x206
#define OFF_PAYLOAD_OFFSET	0x248
#define OFF_PAYLOAD_LENGTH	0x24c
/* End of the last setup header field read; first protocol with payloads. */
#define HDR_END			0x250
#define PROTO_PAYLOAD		0x0208
#define DEFAULT_SETUP_SECTS	4

struct magic {
	uint8_t len;
	uint8_t bytes[6];
	enum compression kind;
};

static const struct magic magics[] = {
	{ 4, { 0x7f, 'E', 'L', 'F' }, COMPRESSION_ELF },
	{ 2, { 0x1f, 0x8b }, COMPRESSION_GZIP },
	{ 6, { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, COMPRESSION_XZ },
	{ 3, { 'B', 'Z', 'h' }, COMPRESSION_BZIP2 },
	{ 2, { 0x5d, 0x00 }, COMPRESSION_LZMA },
	{ 4, { 0x89, 'L', 'Z', 'O' }, COMPRESSION_LZO },
	{ 4, { 0x02, 0x21, 0x4c, 0x18 }, COMPRESSION_LZ4 },
	{ 4, { 0x04, 0x22, 0x4d, 0x18 }, COMPRESSION_LZ4 },
	{ 4, { 0x28, 0xb5, 0x2f, 0xfd }, COMPRESSION_ZSTD },
};

static const char *const names[] = {
	[COMPRESSION_ELF] = "elf",	[COMPRESSION_GZIP] = "gzip",
	[COMPRESSION_XZ] = "xz",	[COMPRESSION_BZIP2] = "bzip2",
	[COMPRESSION_LZMA] = "lzma",	[COMPRESSION_LZO] = "lzo",
	[COMPRESSION_LZ4] = "lz4",	[COMPRESSION_ZSTD] = "zstd",
};

const char *bzimage_compression_name(enum compression kind)
{
	if ((unsigned int)kind >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[kind];
}

static uint32_t rd16(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t rd32(const uint8_t *p)
{
	return rd16(p) | rd16(p + 2) << 16;
}

/* Format of the @len bytes at @p by magic; false when none matches. */
static bool classify(const uint8_t *p, size_t len, enum compression *kind)
{
	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
		if (len >= magics[i].len &&
		    !memcmp(p, magics[i].bytes, magics[i].len)) {
			*kind = magics[i].kind;
			return true;
		}
	}
	return false;
}

static bool is_bzimage(const uint8_t *img, size_t len)
{
	return len >= HDR_END && img[OFF_BOOT_FLAG] == 0x55 &&
	       img[OFF_BOOT_FLAG + 1] == 0xaa &&
	       !memcmp(img + OFF_HEADER, "HdrS", 4);
}

int bzimage_payload(const uint8_t *img, size_t len, const uint8_t **payload,
		    size_t *payload_len, enum compression *kind)
{
	size_t setup_sects, pm_start, off, plen;
	enum compression k;

	if (!is_bzimage(img, len)) {
		if (!classify(img, len, &k) || k != COMPRESSION_ELF)
			return -ENOEXEC;
		*payload = img;
		*payload_len = len;
		*kind = k;
		return 0;
	}
	if (rd16(img + OFF_VERSION) < PROTO_PAYLOAD)
		return -ENOEXEC;
	setup_sects = img[OFF_SETUP_SECTS];
	if (!setup_sects)
		setup_sects = DEFAULT_SETUP_SECTS;
	/* At most 256 * 512 bytes: no overflow on any size_t we build for. */
	pm_start = (setup_sects + 1) * SECTOR;
	off = rd32(img + OFF_PAYLOAD_OFFSET);
	plen = rd32(img + OFF_PAYLOAD_LENGTH);
	/* G2: check both ends without forming a sum that could wrap. */
	if (pm_start > len || off > len - pm_start || !plen ||
	    plen > len - pm_start - off)
		return -EINVAL;
	if (!classify(img + pm_start + off, plen, &k))
		return -ENOEXEC;
	*payload = img + pm_start + off;
	*payload_len = plen;
	*kind = k;
	return 0;
}
