/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Internal interfaces between the parts of the xz decoder: the layout of
 * the caller's workspace, the LZMA2 decoder (xz-lzma2.c) and the integrity
 * checks (xz-hash.c). Only hypervisor/lib/xz*.c include this header; the
 * public contract is in <vesta/xz.h> and nothing here is stable.
 */
#ifndef VESTA_XZ_PRIVATE_H
#define VESTA_XZ_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#define XZ_LZMA_STATES		12
#define XZ_LZMA_POS_STATES_MAX	16	/* pb <= 4 */
#define XZ_LZMA_LIT_STATES_MAX	16	/* LZMA2 requires lc + lp <= 4 */
#define XZ_LZMA_LIT_PROBS	0x300	/* per literal state */
#define XZ_LZMA_DIST_STATES	4
#define XZ_LZMA_DIST_SLOTS	64
/* Slots 4..13 use modelled bits, indexed 1..114 (0 unused). */
#define XZ_LZMA_DIST_SPECIAL	115
#define XZ_LZMA_ALIGN_SIZE	16

struct xz_len_probs {
	uint16_t choice;
	uint16_t choice2;
	uint16_t low[XZ_LZMA_POS_STATES_MAX][8];
	uint16_t mid[XZ_LZMA_POS_STATES_MAX][8];
	uint16_t high[256];
};

/* Only uint16_t members, so the reset may treat it as one array. */
struct xz_lzma_probs {
	uint16_t is_match[XZ_LZMA_STATES][XZ_LZMA_POS_STATES_MAX];
	uint16_t is_rep[XZ_LZMA_STATES];
	uint16_t is_rep0[XZ_LZMA_STATES];
	uint16_t is_rep1[XZ_LZMA_STATES];
	uint16_t is_rep2[XZ_LZMA_STATES];
	uint16_t is_rep0_long[XZ_LZMA_STATES][XZ_LZMA_POS_STATES_MAX];
	uint16_t dist_slot[XZ_LZMA_DIST_STATES][XZ_LZMA_DIST_SLOTS];
	uint16_t dist_special[XZ_LZMA_DIST_SPECIAL];
	uint16_t dist_align[XZ_LZMA_ALIGN_SIZE];
	struct xz_len_probs match_len;
	struct xz_len_probs rep_len;
	uint16_t literal[XZ_LZMA_LIT_STATES_MAX][XZ_LZMA_LIT_PROBS];
};

/* LZMA state that survives from one LZMA2 chunk to the next. */
struct xz_lzma2 {
	struct xz_lzma_probs probs;
	uint32_t rep[4];	/* last four distances, minus one */
	unsigned int state;
	unsigned int lc;
	unsigned int lp_mask;
	unsigned int pb_mask;
};

/* Lookup tables for the CRCs, rebuilt by every xz_decode() call. */
struct xz_hash_tables {
	uint32_t crc32[256];
	uint64_t crc64[256];
};

/* What the caller's workspace holds (XZ_WORKSPACE_SIZE bytes). */
struct xz_workspace {
	struct xz_lzma2 lzma2;
	struct xz_hash_tables tables;
	const char *why;	/* reason of the last failure, or NULL */
};

/*
 * One LZMA2 run: input [@in_pos, @in_len) of @in is consumed up to and
 * including the end-of-data control byte; output is appended at @out_pos
 * and never reaches @out_cap. Positions are updated on return. @in and
 * @out must not overlap.
 */
struct xz_lzma2_io {
	const uint8_t *in;
	size_t in_pos;
	size_t in_len;
	uint8_t *out;
	size_t out_pos;
	size_t out_cap;
	const char *why;	/* set on failure */
};

/*
 * xz_lzma2_decode() - Decode one LZMA2 stream (the data of one xz block).
 * @lz: decoder state; fully reinitialised from the stream itself, since
 *      an LZMA2 stream must begin with a dictionary reset
 * @io: buffers and positions, see struct xz_lzma2_io
 *
 * The dictionary is the output written since the latest dictionary reset;
 * a match reaching before it is an error, whatever dictionary size the
 * block header announced.
 *
 * Context: any; pure. Bounded by @io->in_len and @io->out_cap.
 * Return: 0; -EINVAL malformed or truncated data (@io->why says which);
 *         -ENOSPC a chunk does not fit below @io->out_cap.
 */
int xz_lzma2_decode(struct xz_lzma2 *lz, struct xz_lzma2_io *io)
	__attribute__((__warn_unused_result__));

/* xz_hash_init() - Fill @t with the CRC32 and CRC64 lookup tables. */
void xz_hash_init(struct xz_hash_tables *t);

/*
 * xz_hash_crc32() - CRC32 (IEEE 802.3, as in .xz) of @len bytes at @buf.
 * @t: tables from xz_hash_init(), or NULL for a slower bitwise loop.
 */
uint32_t xz_hash_crc32(const struct xz_hash_tables *t, const uint8_t *buf,
		       size_t len);

/* xz_hash_crc64() - CRC64 (ECMA-182, as in .xz); @t must be initialised. */
uint64_t xz_hash_crc64(const struct xz_hash_tables *t, const uint8_t *buf,
		       size_t len);

/* xz_hash_sha256() - SHA-256 digest of @len bytes at @buf into @digest. */
void xz_hash_sha256(const uint8_t *buf, size_t len, uint8_t digest[32]);

#endif /* VESTA_XZ_PRIVATE_H */
