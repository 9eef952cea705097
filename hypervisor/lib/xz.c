/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * The .xz container: stream headers and footers, block headers with their
 * filter chains, stream padding, the index, and the x86 BCJ filter that
 * runs over each block's output once LZMA2 (xz-lzma2.c) has produced it.
 * The index is checked against the blocks actually decoded through the
 * record count, the size sums and an order-sensitive fingerprint of the
 * records, so no per-block memory is needed. Computing the checks is
 * xz-hash.c's job; finding the payload in a kernel image is the caller's.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <vesta/errno.h>
#include <vesta/xz.h>

#include "xz-private.h"

#define HEADER_SIZE	12	/* stream header and stream footer */
#define VLI_BYTES_MAX	9
#define VLI_MAX		(UINT64_MAX >> 1)
#define VLI_UNKNOWN	UINT64_MAX
#define UNPADDED_MIN	5
#define UNPADDED_MAX	(VLI_MAX & ~3ull)
#define INDEX_MAX	(1ull << 34)	/* the footer stores size / 4 - 1 */

#define FILTER_X86	0x04
#define FILTER_LZMA2	0x21
#define FILTERS_MAX	4
#define LZMA2_DICT_MAX	40

#define CHECK_NONE	0
#define CHECK_CRC32	1
#define CHECK_CRC64	4
#define CHECK_SHA256	10

#define FINGERPRINT_MUL 0x100000001b3ull

_Static_assert(sizeof(struct xz_workspace) <= XZ_WORKSPACE_SIZE,
	       "XZ_WORKSPACE_SIZE too small");

static const uint8_t stream_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };

/* Check field sizes by check type, fixed by the format for all 16 IDs. */
static const uint8_t check_size[16] = {
	0, 4, 4, 4, 8, 8, 8, 16, 16, 16, 32, 32, 32, 64, 64, 64,
};

struct xz_dec {
	struct xz_workspace *ws;
	const uint8_t *in;
	size_t in_len;
	size_t in_pos;
	uint8_t *out;
	size_t out_cap;
	size_t out_pos;
};

/* What an index says, or what the decoded blocks say it should say. */
struct index_sum {
	uint64_t count;
	uint64_t blocks;	/* unpadded sizes, each rounded up to 4 */
	uint64_t uncompressed;
	uint64_t fingerprint;
};

struct block_hdr {
	size_t size;
	uint64_t csize;		/* VLI_UNKNOWN if not recorded */
	uint64_t usize;		/* VLI_UNKNOWN if not recorded */
	unsigned int nr_bcj;
	uint32_t bcj_start[FILTERS_MAX - 1];
};

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static uint64_t le64(const uint8_t *p)
{
	return le32(p) | ((uint64_t)le32(p + 4) << 32);
}

static int fail(struct xz_dec *d, int rc, const char *why)
{
	d->ws->why = why;
	return rc;
}

/* A variable-length integer: 7 bits a byte, minimal encoding only. */
static int vli_get(const uint8_t *p, size_t len, size_t *pos, uint64_t *val)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < VLI_BYTES_MAX; i++) {
		uint8_t b;

		if (*pos >= len)
			return -EINVAL;
		b = p[(*pos)++];
		if (i && !b)
			return -EINVAL;
		v |= (uint64_t)(b & 0x7f) << (7 * i);
		if (!(b & 0x80)) {
			*val = v;
			return 0;
		}
	}
	return -EINVAL;
}

/*
 * Adds one block to @sum. Each term is at most VLI_MAX and so is every
 * partial sum, so the additions cannot wrap.
 */
static int index_sum_add(struct index_sum *sum, uint64_t unpadded,
			 uint64_t uncompressed)
{
	if (unpadded < UNPADDED_MIN || unpadded > UNPADDED_MAX ||
	    uncompressed > VLI_MAX)
		return -EINVAL;
	sum->blocks += (unpadded + 3) & ~3ull;
	sum->uncompressed += uncompressed;
	if (sum->blocks > VLI_MAX || sum->uncompressed > VLI_MAX)
		return -EINVAL;
	sum->count++;
	sum->fingerprint = (sum->fingerprint ^ unpadded) * FINGERPRINT_MUL;
	sum->fingerprint = (sum->fingerprint ^ uncompressed) * FINGERPRINT_MUL;
	return 0;
}

/*
 * Parses an index at @p (at most @avail bytes), from the indicator byte
 * through its CRC32, into @sum; *@used is its length. @t may be NULL.
 */
static int index_parse(const uint8_t *p, size_t avail,
		       const struct xz_hash_tables *t, struct index_sum *sum,
		       size_t *used, const char **why)
{
	uint64_t count, unpadded, uncompressed;
	size_t pos = 1;

	if (!avail || p[0] || vli_get(p, avail, &pos, &count))
		goto bad;
	/* vli_get() fails at the end of @avail: at most avail / 2 rounds. */
	for (uint64_t n = 0; n < count; n++) {
		if (vli_get(p, avail, &pos, &unpadded) ||
		    vli_get(p, avail, &pos, &uncompressed) ||
		    index_sum_add(sum, unpadded, uncompressed))
			goto bad;
	}
	for (; pos & 3; pos++) {
		if (pos >= avail || p[pos])
			goto bad;
	}
	if (avail - pos < 4 || pos + 4 > INDEX_MAX)
		goto bad;
	if (xz_hash_crc32(t, p, pos) != le32(p + pos)) {
		*why = "index CRC32 mismatch";
		return -EINVAL;
	}
	*used = pos + 4;
	return 0;

bad:
	*why = "malformed index";
	return -EINVAL;
}

/* Stream header: magic, flags, CRC32 of the flags. Sets *@flags. */
static int stream_header(const uint8_t *p, unsigned int *flags,
			 const char **why)
{
	if (memcmp(p, stream_magic, sizeof(stream_magic))) {
		*why = "bad stream header magic";
		return -EINVAL;
	}
	if (xz_hash_crc32(NULL, p + 6, 2) != le32(p + 8)) {
		*why = "stream header CRC32 mismatch";
		return -EINVAL;
	}
	if (p[6] || (p[7] & 0xf0)) {
		*why = "reserved stream flags set";
		return -EOPNOTSUPP;
	}
	*flags = p[7];
	return 0;
}

/* Stream footer: CRC32, backward size, flags, magic. */
static int stream_footer(const uint8_t *p, unsigned int *flags,
			 uint64_t *backward, const char **why)
{
	if (p[10] != 'Y' || p[11] != 'Z') {
		*why = "bad stream footer magic";
		return -EINVAL;
	}
	if (xz_hash_crc32(NULL, p + 4, 6) != le32(p)) {
		*why = "stream footer CRC32 mismatch";
		return -EINVAL;
	}
	if (p[8] || (p[9] & 0xf0)) {
		*why = "reserved stream flags set";
		return -EOPNOTSUPP;
	}
	*flags = p[9];
	*backward = ((uint64_t)le32(p + 4) + 1) * 4;
	return 0;
}

/* One filter's flags at @pos of a block header whose fields end at @end. */
static int filter_parse(struct xz_dec *d, const uint8_t *p, size_t end,
			size_t *pos, bool is_last, struct block_hdr *h)
{
	uint64_t id, psize;

	if (vli_get(p, end, pos, &id) || vli_get(p, end, pos, &psize) ||
	    psize > end - *pos)
		return fail(d, -EINVAL, "malformed filter flags");
	if (is_last && id == FILTER_LZMA2) {
		/*
		 * The dictionary size itself is not needed (G9): the output
		 * buffer is the dictionary and xz-lzma2.c checks every
		 * distance against what has been written.
		 */
		if (psize != 1 || p[*pos] > LZMA2_DICT_MAX)
			return fail(d, -EINVAL, "bad LZMA2 properties");
	} else if (!is_last && id == FILTER_X86) {
		if (psize == 4)
			h->bcj_start[h->nr_bcj] = le32(p + *pos);
		else if (psize == 0)
			h->bcj_start[h->nr_bcj] = 0;
		else
			return fail(d, -EINVAL, "bad x86 BCJ properties");
		h->nr_bcj++;
	} else if (id == FILTER_LZMA2 || id == FILTER_X86) {
		return fail(d, -EINVAL, "filter in an impossible position");
	} else {
		return fail(d, -EOPNOTSUPP, "unsupported filter");
	}
	*pos += psize;
	return 0;
}

/* Block header at the current input position; consumes it. */
static int block_header(struct xz_dec *d, struct block_hdr *h)
{
	const uint8_t *p = d->in + d->in_pos;
	size_t size = ((size_t)p[0] + 1) * 4, end = size - 4, pos = 2;
	unsigned int flags, nr;
	int rc;

	if (size > d->in_len - d->in_pos)
		return fail(d, -EINVAL, "truncated block header");
	if (xz_hash_crc32(&d->ws->tables, p, end) != le32(p + end))
		return fail(d, -EINVAL, "block header CRC32 mismatch");
	flags = p[1];
	if (flags & 0x3c)
		return fail(d, -EOPNOTSUPP, "reserved block flags set");
	h->size = size;
	h->csize = VLI_UNKNOWN;
	h->usize = VLI_UNKNOWN;
	h->nr_bcj = 0;
	if (((flags & 0x40) && vli_get(p, end, &pos, &h->csize)) ||
	    ((flags & 0x80) && vli_get(p, end, &pos, &h->usize)))
		return fail(d, -EINVAL, "malformed block sizes");
	nr = (flags & 3) + 1;
	for (unsigned int i = 0; i < nr; i++) {
		rc = filter_parse(d, p, end, &pos, i == nr - 1, h);
		if (rc)
			return rc;
	}
	for (; pos < end; pos++) {
		if (p[pos])
			return fail(d, -EINVAL,
				    "non-zero block header padding");
	}
	d->in_pos += size;
	return 0;
}

static bool is_x86_msb(uint8_t b)
{
	return b == 0x00 || b == 0xff;
}

/*
 * Undoes the x86 BCJ filter in place. An E8/E9 opcode whose 32-bit operand
 * looks like a near target (top byte 00 or FF) had the operand turned from
 * relative to absolute by the encoder, unless opcodes in the three bytes
 * before it make that ambiguous: more than one unconverted opcode there,
 * or one whose own operand top byte was 00/FF. With exactly one such
 * opcode the encoder may also have flipped the operand bytes it shares;
 * undone below. The last four bytes are never filtered.
 */
static void bcj_x86(uint8_t *buf, size_t size, uint32_t start)
{
	/* Bit k: the opcode k bytes back was left alone (k = 1..3). */
	unsigned int skipped = 0, skipped_msb = 0;
	size_t i = 0, last = 0;

	while (i + 5 <= size) {
		size_t gap = i - last;
		uint32_t src, dest, k;

		if ((buf[i] & 0xfe) != 0xe8) {
			i++;
			continue;
		}
		skipped = gap > 3 ? 0 : (skipped << gap) & 0xe;
		skipped_msb = gap > 3 ? 0 : (skipped_msb << gap) & 0xe;
		last = i;
		if (!is_x86_msb(buf[i + 4]) || skipped_msb ||
		    (skipped & (skipped - 1))) {
			skipped |= 1;
			if (is_x86_msb(buf[i + 4]))
				skipped_msb |= 1;
			i++;
			continue;
		}
		src = le32(buf + i + 1);
		k = start + (uint32_t)i + 5;
		dest = src - k;
		if (skipped) {
			/*
			 * The one skipped opcode was @back bytes back; its
			 * operand top byte is our byte 4 - @back, which is not
			 * 00/FF (else skipped_msb). If the same byte of the
			 * result is 00/FF, the encoder flipped the bytes up to
			 * it: undo that once. Flipping again is never needed:
			 * ~(dest) + k has that byte equal to ~src's, which is
			 * not 00/FF.
			 */
			unsigned int back = __builtin_ctz(skipped);
			unsigned int bits = 32 - 8 * back;

			if (is_x86_msb((uint8_t)(dest >> (bits - 8))))
				dest = (dest ^ ((1u << bits) - 1)) - k;
		}
		buf[i + 1] = (uint8_t)dest;
		buf[i + 2] = (uint8_t)(dest >> 8);
		buf[i + 3] = (uint8_t)(dest >> 16);
		buf[i + 4] = (dest & (1u << 24)) ? 0xff : 0x00;
		skipped = 0;
		skipped_msb = 0;
		i += 5;
	}
}

static bool check_matches(struct xz_dec *d, unsigned int check,
			  const uint8_t *data, size_t len,
			  const uint8_t *stored)
{
	uint8_t digest[32];

	switch (check) {
	case CHECK_CRC32:
		return xz_hash_crc32(&d->ws->tables, data, len) == le32(stored);
	case CHECK_CRC64:
		return xz_hash_crc64(&d->ws->tables, data, len) == le64(stored);
	case CHECK_SHA256:
		xz_hash_sha256(data, len, digest);
		return !memcmp(digest, stored, sizeof(digest));
	default:
		return true;
	}
}

/* Block padding and check after @csize bytes of block data. */
static int block_trailer(struct xz_dec *d, unsigned int check, size_t csize,
			 size_t start)
{
	size_t pad = (0 - csize) & 3, csz = check_size[check];
	const uint8_t *p = d->in + d->in_pos;

	if (pad + csz > d->in_len - d->in_pos)
		return fail(d, -EINVAL, "truncated block");
	for (size_t i = 0; i < pad; i++) {
		if (p[i])
			return fail(d, -EINVAL, "non-zero block padding");
	}
	if (!check_matches(d, check, d->out + start, d->out_pos - start,
			   p + pad))
		return fail(d, -EINVAL, "block check mismatch");
	d->in_pos += pad + csz;
	return 0;
}

static int block_decode(struct xz_dec *d, unsigned int check,
			struct index_sum *sum)
{
	struct xz_lzma2_io io;
	struct block_hdr h;
	size_t start = d->out_pos, room, csize, usize;
	int rc;

	rc = block_header(d, &h);
	if (rc)
		return rc;
	room = d->in_len - d->in_pos;
	if (h.csize < room)
		room = h.csize;
	if (h.usize != VLI_UNKNOWN && h.usize > d->out_cap - d->out_pos)
		return fail(d, -ENOSPC, "output buffer too small");
	io.in = d->in;
	io.in_pos = d->in_pos;
	io.in_len = d->in_pos + room;
	io.out = d->out;
	io.out_pos = d->out_pos;
	io.out_cap = d->out_cap;
	io.why = NULL;
	rc = xz_lzma2_decode(&d->ws->lzma2, &io);
	d->out_pos = io.out_pos;
	if (rc)
		return fail(d, rc, io.why);
	csize = io.in_pos - d->in_pos;
	usize = d->out_pos - start;
	d->in_pos = io.in_pos;
	if ((h.csize != VLI_UNKNOWN && h.csize != csize) ||
	    (h.usize != VLI_UNKNOWN && h.usize != usize))
		return fail(d, -EINVAL, "block sizes differ from its header");
	/* Filters run in the reverse of the order the encoder applied them. */
	for (unsigned int i = h.nr_bcj; i > 0; i--)
		bcj_x86(d->out + start, usize, h.bcj_start[i - 1]);
	rc = block_trailer(d, check, csize, start);
	if (rc)
		return rc;
	if (index_sum_add(sum, h.size + csize + check_size[check], usize))
		return fail(d, -EINVAL, "block too large");
	return 0;
}

/* Index and footer of a stream whose blocks are summed up in @blocks. */
static int stream_end(struct xz_dec *d, unsigned int flags,
		      const struct index_sum *blocks)
{
	struct index_sum index = { 0 };
	unsigned int footer_flags;
	uint64_t backward;
	size_t used;
	int rc;

	rc = index_parse(d->in + d->in_pos, d->in_len - d->in_pos,
			 &d->ws->tables, &index, &used, &d->ws->why);
	if (rc)
		return rc;
	if (index.count != blocks->count || index.blocks != blocks->blocks ||
	    index.uncompressed != blocks->uncompressed ||
	    index.fingerprint != blocks->fingerprint)
		return fail(d, -EINVAL, "index does not match the blocks");
	d->in_pos += used;
	if (d->in_len - d->in_pos < HEADER_SIZE)
		return fail(d, -EINVAL, "truncated stream footer");
	rc = stream_footer(d->in + d->in_pos, &footer_flags, &backward,
			   &d->ws->why);
	if (rc)
		return rc;
	if (backward != used)
		return fail(d, -EINVAL,
			    "backward size does not match the index");
	if (footer_flags != flags)
		return fail(d, -EINVAL,
			    "stream header and footer flags differ");
	d->in_pos += HEADER_SIZE;
	return 0;
}

static int stream_decode(struct xz_dec *d)
{
	struct index_sum blocks = { 0 };
	unsigned int flags, check;
	int rc;

	if (d->in_len - d->in_pos < HEADER_SIZE)
		return fail(d, -EINVAL, "truncated stream header");
	rc = stream_header(d->in + d->in_pos, &flags, &d->ws->why);
	if (rc)
		return rc;
	check = flags & 0xf;
	if (check != CHECK_NONE && check != CHECK_CRC32 &&
	    check != CHECK_CRC64 && check != CHECK_SHA256)
		return fail(d, -EOPNOTSUPP, "unsupported check type");
	d->in_pos += HEADER_SIZE;
	/* Each block consumes at least eight bytes: bounded by the input. */
	while (d->in_pos < d->in_len && d->in[d->in_pos]) {
		rc = block_decode(d, check, &blocks);
		if (rc)
			return rc;
	}
	return stream_end(d, flags, &blocks);
}

int xz_decode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
	      size_t *out_len, void *workspace)
{
	struct xz_dec d = {
		.ws = workspace, .in = in, .in_len = in_len,
		.out = out, .out_cap = out_cap,
	};
	int rc;

	*out_len = 0;
	if ((uintptr_t)workspace & 7)
		return -EINVAL;
	d.ws->why = NULL;
	if ((!in && in_len) || (!out && out_cap))
		return fail(&d, -EINVAL, "NULL buffer");
	xz_hash_init(&d.ws->tables);
	/* Each stream consumes at least 32 bytes: bounded by the input. */
	do {
		rc = stream_decode(&d);
		if (rc)
			break;
		while (d.in_len - d.in_pos >= 4 && !le32(d.in + d.in_pos))
			d.in_pos += 4;
	} while (d.in_pos < d.in_len);
	*out_len = d.out_pos;
	return rc;
}

const char *xz_error_reason(const void *workspace)
{
	return ((const struct xz_workspace *)workspace)->why;
}

/* The stream ending at @end: adds its size to *@total, sets *@start. */
static int stream_size_backward(const uint8_t *in, size_t end, size_t *start,
				uint64_t *total)
{
	struct index_sum sum = { 0 };
	unsigned int flags, header_flags;
	uint64_t backward;
	size_t used, index;
	const char *why;
	int rc;

	if (end < 2 * HEADER_SIZE)
		return -EINVAL;
	rc = stream_footer(in + end - HEADER_SIZE, &flags, &backward, &why);
	if (rc)
		return rc;
	if (backward > end - 2 * HEADER_SIZE)
		return -EINVAL;
	index = end - HEADER_SIZE - (size_t)backward;
	rc = index_parse(in + index, (size_t)backward, NULL, &sum, &used, &why);
	if (rc)
		return rc;
	if (used != backward || sum.blocks > index - HEADER_SIZE)
		return -EINVAL;
	*start = index - (size_t)sum.blocks - HEADER_SIZE;
	rc = stream_header(in + *start, &header_flags, &why);
	if (rc)
		return rc;
	if (header_flags != flags)
		return -EINVAL;
	if (sum.uncompressed > UINT64_MAX - *total)
		return -EOVERFLOW;
	*total += sum.uncompressed;
	return 0;
}

int xz_uncompressed_size(const uint8_t *in, size_t in_len, uint64_t *size)
{
	uint64_t total = 0;
	size_t end = in_len;
	int rc;

	if (!in || in_len % 4)
		return -EINVAL;
	/* Each round consumes at least 24 bytes: bounded by the input. */
	do {
		while (end >= 4 && !le32(in + end - 4))
			end -= 4;
		/* Padding may follow a stream, never stand alone. */
		if (end == 0)
			return -EINVAL;
		rc = stream_size_backward(in, end, &end, &total);
		if (rc)
			return rc;
	} while (end > 0);
	*size = total;
	return 0;
}
