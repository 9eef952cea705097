/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * One-shot decoders for DEFLATE (RFC 1951) and the gzip file format
 * (RFC 1952), for unpacking gzip-compressed kernels in the PV domain
 * builder. The whole input and the whole output buffer are in memory; the
 * output buffer doubles as the history window, and the Huffman tables live
 * in a workspace the caller provides, so nothing is allocated and stack use
 * is small and fixed. Not responsible for streaming, zlib (RFC 1950)
 * framing, or any other compression format.
 */
#ifndef VESTA_INFLATE_H
#define VESTA_INFLATE_H

#include <stddef.h>
#include <stdint.h>

/* Bytes of workspace both decoders need; align it to 8 bytes. */
#define INFLATE_WORKSPACE_SIZE (132u * 1024u)

/*
 * inflate_raw() - Decode one raw DEFLATE stream.
 * @in:        compressed data
 * @in_len:    its length; bytes after the final block are not read
 * @in_used:   out: bytes of @in the stream occupies, up to and including
 *             the byte holding the final block's last bit
 * @out:       output buffer; also the history window, so a match may not
 *             reach before @out
 * @out_cap:   its size; nothing is ever written at or beyond it
 * @out_len:   out: bytes produced
 * @workspace: INFLATE_WORKSPACE_SIZE bytes, 8-byte aligned, no contents
 *             needed before or kept after the call
 *
 * All three block types are decoded. A Huffman code must be complete,
 * except that a literal/length or distance code may consist of a single
 * code of length 1, and a distance code may be empty (a block of literals
 * only); the code-length code must be complete.
 *
 * Context: any; pure apart from @out and @workspace. No recursion; time
 *          linear in @in_len + @out_cap.
 * Return: 0; -EINVAL for malformed or truncated input: reserved block type,
 *         stored length not matching its complement, too many length or
 *         distance codes, invalid or repeated-without-predecessor code
 *         lengths, an over-subscribed or (disallowed) incomplete code, a
 *         missing end-of-block code, an invalid symbol, a distance reaching
 *         before @out, or input ending before the final block; -ENOSPC if
 *         the output does not fit in @out_cap bytes. On error *@in_used
 *         and *@out_len are not written, and @out holds unspecified data
 *         (never beyond @out_cap).
 */
int inflate_raw(const uint8_t *in, size_t in_len, size_t *in_used,
		uint8_t *out, size_t out_cap, size_t *out_len, void *workspace)
	__attribute__((__warn_unused_result__));

/*
 * gzip_decode() - Decode a gzip file of one or more members.
 * @in, @in_len: the file
 * @out, @out_cap, @workspace: as inflate_raw(); every member's data is
 *             appended, and each member's matches may only reach back to
 *             the start of that member's own output
 * @out_len:   out: total bytes produced
 *
 * Each member needs ID1 1f, ID2 8b, CM 8 and no reserved FLG bit; FEXTRA,
 * FNAME and FCOMMENT are skipped (names and comments must end in NUL
 * inside the input), FHCRC is verified, and so are the CRC-32 and ISIZE
 * of the trailer. After a member, further input starting with 1f 8b is
 * another member; any other trailing input must consist of zero bytes
 * (padding, accepted and ignored), else the file is rejected.
 *
 * Context: as inflate_raw().
 * Return: 0; -EINVAL empty input, bad header, header CRC, trailer CRC or
 *         size, trailing garbage, or any inflate_raw() -EINVAL case;
 *         -ENOSPC output larger than @out_cap. On error *@out_len is not
 *         written.
 */
int gzip_decode(const uint8_t *in, size_t in_len, uint8_t *out,
		size_t out_cap, size_t *out_len, void *workspace)
	__attribute__((__warn_unused_result__));

#endif /* VESTA_INFLATE_H */
