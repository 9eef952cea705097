/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Locating the kernel inside an x86 bzImage for the PV domain builder: the
 * real-mode setup header is checked (boot sector signature, "HdrS", boot
 * protocol 2.08 or later for the payload fields), the compressed payload
 * is bounds-checked against the image and classified by its magic bytes.
 * A plain ELF file is accepted as its own payload. This module does not
 * decompress anything, parse the ELF file or look at any other field of
 * the setup header.
 */
#ifndef VESTA_BZIMAGE_H
#define VESTA_BZIMAGE_H

#include <stddef.h>
#include <stdint.h>

/* What a kernel payload is, by its leading magic bytes. */
enum compression {
	COMPRESSION_ELF,	/* not compressed: 7f 'E' 'L' 'F' */
	COMPRESSION_GZIP,	/* 1f 8b */
	COMPRESSION_XZ,		/* fd '7' 'z' 'X' 'Z' 00 */
	COMPRESSION_BZIP2,	/* 'B' 'Z' 'h' */
	COMPRESSION_LZMA,	/* 5d 00 (lzma-alone header) */
	COMPRESSION_LZO,	/* 89 'L' 'Z' 'O' */
	COMPRESSION_LZ4,	/* 02 21 4c 18 (legacy frame) or 04 22 4d 18 */
	COMPRESSION_ZSTD,	/* 28 b5 2f fd */
};

/*
 * bzimage_payload() - Find and classify the kernel inside a boot image.
 * @img:         the whole image as loaded from the boot module
 * @len:         its length in bytes
 * @payload:     out: start of the payload, a pointer into @img
 * @payload_len: out: payload length in bytes (non-zero)
 * @kind:        out: the payload's format
 *
 * A bzImage is recognised by 55 aa at 0x1fe and "HdrS" at 0x202. It must
 * use boot protocol 2.08 or later (the version at 0x206); its payload
 * starts payload_offset (0x248) bytes after the protected-mode code, which
 * begins at (setup_sects + 1) * 512 (setup_sects at 0x1f1; 0 means 4), and
 * is payload_length (0x24c) bytes long. An image without the bzImage
 * signatures that starts with the ELF magic is returned whole as
 * COMPRESSION_ELF. Only magic bytes are examined: whether the payload
 * really decompresses or parses is for the decoder and ELF parser to find.
 *
 * Context: any; pure. Reads only inside [@img, @img + @len).
 * Return: 0 and the three outputs set; -EINVAL for a bzImage whose setup
 *         size or payload lies (partly) outside the image or whose payload
 *         is empty; -ENOEXEC if @img is neither a bzImage nor an ELF file,
 *         uses a boot protocol older than 2.08, or carries a payload of
 *         unknown format. On error the outputs are unchanged.
 */
int bzimage_payload(const uint8_t *img, size_t len, const uint8_t **payload,
		    size_t *payload_len, enum compression *kind)
	__attribute__((__warn_unused_result__));

/*
 * bzimage_compression_name() - Short lower-case name of @kind ("gzip",
 * "xz", "elf", ...), or "unknown" for a value outside the enum.
 */
const char *bzimage_compression_name(enum compression kind);

#endif /* VESTA_BZIMAGE_H */
