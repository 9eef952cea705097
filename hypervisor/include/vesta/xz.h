/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Single-call decoder for .xz files, as used for compressed kernel
 * payloads by the PV domain builder: the whole input is in memory and the
 * whole output goes to one caller buffer, which also serves as the LZMA
 * dictionary. Supported: any number of concatenated streams with stream
 * padding, the filter chains LZMA2 and x86 BCJ + LZMA2, and the checks
 * none, CRC32, CRC64 and SHA-256. This module does not allocate, print,
 * stream input in pieces, locate an .xz payload inside a kernel image or
 * decide how large an output buffer may be.
 */
#ifndef VESTA_XZ_H
#define VESTA_XZ_H

#include <stddef.h>
#include <stdint.h>

/*
 * Bytes of scratch space xz_decode() needs (probability tables, CRC tables,
 * decoder state). The workspace must be 8-byte aligned; its contents on
 * entry do not matter.
 */
#define XZ_WORKSPACE_SIZE 32768

/*
 * xz_decode() - Decode a complete .xz file.
 * @in:        the file: one or more streams, each optionally followed by
 *             stream padding (zero bytes in multiples of four)
 * @in_len:    bytes at @in
 * @out:       output buffer; must not overlap @in
 * @out_cap:   bytes available at @out; nothing at or past @out + @out_cap
 *             is ever written
 * @out_len:   set to the bytes written to @out, also on failure (then the
 *             contents are unverified and partly unfiltered)
 * @workspace: XZ_WORKSPACE_SIZE bytes, 8-byte aligned, owned by this call
 *             until it returns
 *
 * Everything the format protects is verified: stream header and footer
 * CRC32s and their agreement, block header CRC32s, the sizes a block
 * header records, each block's check, the index against the blocks
 * actually decoded (count, sizes and order) and the footer's backward
 * size. The dictionary size a block header declares is not enforced,
 * because the whole output buffer is the dictionary; a match reaching
 * before the start of the block's data is -EINVAL instead.
 *
 * On failure xz_error_reason(@workspace) names the problem.
 *
 * Context: any; pure. About 1 KiB of stack (most of it only while
 * verifying a SHA-256 check); time linear in the output size.
 * Return: 0; -EINVAL malformed, truncated or corrupt input, a failed
 *         check, trailing garbage, a misaligned @workspace, or a NULL
 *         buffer with a non-zero length; -ENOSPC the output does not fit
 *         in @out_cap bytes; -EOPNOTSUPP valid but unsupported: a filter
 *         other than x86 BCJ and LZMA2, a check type other than none,
 *         CRC32, CRC64 or SHA-256, reserved flag bits set (a newer format
 *         version).
 */
int xz_decode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
	      size_t *out_len, void *workspace)
	__attribute__((__warn_unused_result__));

/*
 * xz_error_reason() - Why the last xz_decode() with @workspace failed.
 * Return: a static string, or NULL if that call succeeded.
 */
const char *xz_error_reason(const void *workspace);

/*
 * xz_uncompressed_size() - Total uncompressed size of an .xz file, read
 * from the index of each stream, walking backwards from the end.
 * @in, @in_len: as for xz_decode()
 * @size:        set to the total on success
 *
 * Verifies the stream footers, indexes and stream headers (CRC32s, magic
 * bytes, flags, that the streams exactly tile the input) but no block
 * data: xz_decode() may still fail on the same input.
 *
 * Context: any; pure. Stack below 512 bytes; time linear in the size
 * of the indexes.
 * Return: 0; -EINVAL malformed input; -EOPNOTSUPP reserved flag bits set;
 *         -EOVERFLOW the total does not fit in 64 bits.
 */
int xz_uncompressed_size(const uint8_t *in, size_t in_len, uint64_t *size)
	__attribute__((__warn_unused_result__));

#endif /* VESTA_XZ_H */
