/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * LZMA2 decoding for the xz container: the chunk layer (stored chunks,
 * dictionary, state and property resets) and the LZMA range decoder under
 * it. The whole output buffer is the dictionary, so nothing is allocated
 * and no bytes are copied twice; every match distance is checked against
 * the bytes written since the last dictionary reset and every chunk
 * against the room left in the buffer. This file knows nothing about the
 * .xz container, BCJ filters or integrity checks (xz.c, xz-hash.c).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <vesta/errno.h>

#include "xz-private.h"

#define RC_TOP		(1u << 24)
#define PROB_BITS	11
#define PROB_INIT	(1u << (PROB_BITS - 1))
#define PROB_SHIFT	5
#define RC_INIT_BYTES	5

#define LIT_STATES	7	/* states below this one follow a literal */
#define LEN_MIN		2
#define DIST_MODEL_START 4
#define DIST_MODEL_END	14
#define ALIGN_BITS	4
#define END_MARKER	0xffffffffu

/* Largest properties byte: pb = 4, lp = 4, lc = 8 as pb * 45 + lp * 9 + lc. */
#define PROPS_MAX	(9 * 5 * 5)
#define LCLP_MAX	4

/*
 * Range decoder over one chunk's compressed bytes. Reading past @size
 * yields zeros instead of touching memory; @pos still counts, so the
 * overrun is seen by the main loop and at the end of the chunk.
 */
struct range_dec {
	const uint8_t *in;
	size_t pos;
	size_t size;
	uint32_t range;
	uint32_t code;
};

static inline void rc_normalize(struct range_dec *rd)
{
	if (rd->range < RC_TOP) {
		rd->range <<= 8;
		rd->code <<= 8;
		if (rd->pos < rd->size)
			rd->code |= rd->in[rd->pos];
		rd->pos++;
	}
}

static inline unsigned int rc_bit(struct range_dec *rd, uint16_t *prob)
{
	uint32_t bound = (rd->range >> PROB_BITS) * *prob;
	unsigned int bit;

	if (rd->code < bound) {
		rd->range = bound;
		*prob += ((1u << PROB_BITS) - *prob) >> PROB_SHIFT;
		bit = 0;
	} else {
		rd->range -= bound;
		rd->code -= bound;
		*prob -= *prob >> PROB_SHIFT;
		bit = 1;
	}
	rc_normalize(rd);
	return bit;
}

/* @bits bits, most significant first, through a binary tree of probs. */
static inline unsigned int rc_tree(struct range_dec *rd, uint16_t *probs,
				   unsigned int bits)
{
	unsigned int node = 1;

	for (unsigned int i = 0; i < bits; i++)
		node = (node << 1) | rc_bit(rd, &probs[node]);
	return node - (1u << bits);
}

/* Like rc_tree() but the value is built least significant bit first. */
static inline unsigned int rc_tree_rev(struct range_dec *rd, uint16_t *probs,
				       unsigned int bits)
{
	unsigned int node = 1, val = 0;

	for (unsigned int i = 0; i < bits; i++) {
		unsigned int bit = rc_bit(rd, &probs[node]);

		node = (node << 1) | bit;
		val |= bit << i;
	}
	return val;
}

/* Bits of fixed probability one half. */
static inline uint32_t rc_direct(struct range_dec *rd, unsigned int bits)
{
	uint32_t val = 0;

	for (unsigned int i = 0; i < bits; i++) {
		rd->range >>= 1;
		val <<= 1;
		if (rd->code >= rd->range) {
			rd->code -= rd->range;
			val |= 1;
		}
		rc_normalize(rd);
	}
	return val;
}

static void lzma_reset(struct xz_lzma2 *lz)
{
	uint16_t *p = (uint16_t *)&lz->probs;

	for (size_t i = 0; i < sizeof(lz->probs) / sizeof(*p); i++)
		p[i] = PROB_INIT;
	lz->state = 0;
	lz->rep[0] = lz->rep[1] = lz->rep[2] = lz->rep[3] = 0;
}

/* Match length minus LEN_MIN: 3, 3 or 8 bits behind one or two choices. */
static inline uint32_t lzma_len(struct range_dec *rd, struct xz_len_probs *l,
				unsigned int pos_state)
{
	if (!rc_bit(rd, &l->choice))
		return rc_tree(rd, l->low[pos_state], 3);
	if (!rc_bit(rd, &l->choice2))
		return 8 + rc_tree(rd, l->mid[pos_state], 3);
	return 16 + rc_tree(rd, l->high, 8);
}

/*
 * Distance minus one of a fresh match: a 6-bit slot chosen by length, then
 * the slot's low bits, modelled for short distances, partly direct and
 * partly modelled ("aligned") for long ones.
 */
static inline uint32_t lzma_dist(struct range_dec *rd, struct xz_lzma_probs *p,
				 uint32_t len)
{
	unsigned int dist_state = len < XZ_LZMA_DIST_STATES - 1 ?
				  len : XZ_LZMA_DIST_STATES - 1;
	unsigned int slot = rc_tree(rd, p->dist_slot[dist_state], 6);
	unsigned int bits;
	uint32_t dist;

	if (slot < DIST_MODEL_START)
		return slot;
	bits = (slot >> 1) - 1;
	dist = (2u | (slot & 1)) << bits;
	if (slot < DIST_MODEL_END)
		return dist + rc_tree_rev(rd, p->dist_special + dist - slot,
					  bits);
	dist += rc_direct(rd, bits - ALIGN_BITS) << ALIGN_BITS;
	return dist + rc_tree_rev(rd, p->dist_align, ALIGN_BITS);
}

/*
 * One literal at @pos. After a match the byte at the last distance steers
 * the probabilities until the first bit that differs from it. The caller
 * has checked that this byte lies inside the dictionary.
 */
static inline void lzma_literal(struct xz_lzma2 *lz, struct range_dec *rd,
				uint8_t *dict, size_t pos)
{
	unsigned int prev = pos ? dict[pos - 1] : 0;
	unsigned int lit = ((pos & lz->lp_mask) << lz->lc) +
			   (prev >> (8 - lz->lc));
	uint16_t *probs = lz->probs.literal[lit];
	unsigned int sym = 1;

	if (lz->state >= LIT_STATES) {
		unsigned int match = dict[pos - lz->rep[0] - 1];

		do {
			unsigned int match_bit = (match >> 7) & 1;
			unsigned int bit;

			match <<= 1;
			bit = rc_bit(rd, &probs[0x100 + (match_bit << 8) +
						sym]);
			sym = (sym << 1) | bit;
			if (bit != match_bit)
				break;
		} while (sym < 0x100);
	}
	while (sym < 0x100)
		sym = (sym << 1) | rc_bit(rd, &probs[sym]);
	dict[pos] = (uint8_t)sym;

	if (lz->state < 4)
		lz->state = 0;
	else if (lz->state < 10)
		lz->state -= 3;
	else
		lz->state -= 6;
}

/*
 * Decodes a repeated match (rep0..rep3 or the one-byte "short rep") after
 * the is_rep bit. Updates the state and the distance history; returns the
 * length minus LEN_MIN, or -1 for a short rep (length one).
 */
static inline int lzma_rep(struct xz_lzma2 *lz, struct range_dec *rd,
			   unsigned int pos_state)
{
	struct xz_lzma_probs *p = &lz->probs;
	unsigned int st = lz->state;
	uint32_t dist;

	if (!rc_bit(rd, &p->is_rep0[st])) {
		if (!rc_bit(rd, &p->is_rep0_long[st][pos_state])) {
			lz->state = st < LIT_STATES ? 9 : 11;
			return -1;
		}
	} else {
		if (!rc_bit(rd, &p->is_rep1[st])) {
			dist = lz->rep[1];
		} else if (!rc_bit(rd, &p->is_rep2[st])) {
			dist = lz->rep[2];
			lz->rep[2] = lz->rep[1];
		} else {
			dist = lz->rep[3];
			lz->rep[3] = lz->rep[2];
			lz->rep[2] = lz->rep[1];
		}
		lz->rep[1] = lz->rep[0];
		lz->rep[0] = dist;
	}
	lz->state = st < LIT_STATES ? 8 : 11;
	return (int)lzma_len(rd, &p->rep_len, pos_state);
}

/* Copies @len bytes from @dist + 1 back; the ranges may overlap. */
static inline void copy_match(uint8_t *dict, size_t pos, uint32_t dist,
			      uint32_t len)
{
	uint8_t *dst = dict + pos;
	const uint8_t *src = dst - dist - 1;

	if (dist >= len) {
		memcpy(dst, src, len);
		return;
	}
	for (uint32_t i = 0; i < len; i++)
		dst[i] = src[i];
}

/*
 * Decodes symbols into @dict from @pos until exactly @end. Every iteration
 * writes at least one byte, so the loop is bounded by the chunk size; the
 * input side is bounded because an overrun ends the loop.
 */
static int lzma_run(struct xz_lzma2 *lz, struct range_dec *rd, uint8_t *dict,
		    size_t pos, size_t end, const char **why)
{
	struct xz_lzma_probs *p = &lz->probs;

	while (pos < end && rd->pos <= rd->size) {
		unsigned int pos_state = pos & lz->pb_mask;
		unsigned int st = lz->state;
		uint32_t len;
		int rep_len;

		if (!rc_bit(rd, &p->is_match[st][pos_state])) {
			if (st >= LIT_STATES && lz->rep[0] >= pos)
				goto bad_dist;
			lzma_literal(lz, rd, dict, pos++);
			continue;
		}
		if (!rc_bit(rd, &p->is_rep[st])) {
			len = lzma_len(rd, &p->match_len, pos_state);
			lz->rep[3] = lz->rep[2];
			lz->rep[2] = lz->rep[1];
			lz->rep[1] = lz->rep[0];
			lz->state = st < LIT_STATES ? 7 : 10;
			lz->rep[0] = lzma_dist(rd, p, len);
			if (lz->rep[0] == END_MARKER) {
				*why = "LZMA end marker inside an LZMA2 chunk";
				return -EINVAL;
			}
		} else {
			rep_len = lzma_rep(lz, rd, pos_state);
			if (rep_len < 0) {
				if (lz->rep[0] >= pos)
					goto bad_dist;
				dict[pos] = dict[pos - lz->rep[0] - 1];
				pos++;
				continue;
			}
			len = (uint32_t)rep_len;
		}
		len += LEN_MIN;
		if (lz->rep[0] >= pos)
			goto bad_dist;
		if (len > end - pos) {
			*why = "LZMA match crosses the end of its chunk";
			return -EINVAL;
		}
		copy_match(dict, pos, lz->rep[0], len);
		pos += len;
	}
	return 0;

bad_dist:
	*why = "LZMA distance reaches before the dictionary";
	return -EINVAL;
}

/* Reads the lc/lp/pb byte of a chunk that sets new properties. */
static int lzma_props(struct xz_lzma2 *lz, unsigned int props,
		      const char **why)
{
	unsigned int lc, lp, pb;

	if (props >= PROPS_MAX) {
		*why = "LZMA properties byte out of range";
		return -EINVAL;
	}
	lc = props % 9;
	lp = props / 9 % 5;
	pb = props / 45;
	if (lc + lp > LCLP_MAX) {
		*why = "LZMA2 requires lc + lp <= 4";
		return -EINVAL;
	}
	lz->lc = lc;
	lz->lp_mask = (1u << lp) - 1;
	lz->pb_mask = (1u << pb) - 1;
	return 0;
}

/* A stored chunk: its size, then the bytes themselves. */
static int stored_chunk(struct xz_lzma2_io *io)
{
	size_t size;

	if (io->in_len - io->in_pos < 2) {
		io->why = "truncated LZMA2 chunk header";
		return -EINVAL;
	}
	size = ((size_t)io->in[io->in_pos] << 8) + io->in[io->in_pos + 1] + 1;
	io->in_pos += 2;
	if (size > io->in_len - io->in_pos) {
		io->why = "truncated LZMA2 stored chunk";
		return -EINVAL;
	}
	if (size > io->out_cap - io->out_pos) {
		io->why = "output buffer too small";
		return -ENOSPC;
	}
	memcpy(io->out + io->out_pos, io->in + io->in_pos, size);
	io->in_pos += size;
	io->out_pos += size;
	return 0;
}

/*
 * An LZMA chunk: sizes, optional properties, then a self-contained range
 * coder stream that must end exactly at the announced compressed size
 * with the code value back at zero.
 */
static int lzma_chunk(struct xz_lzma2 *lz, struct xz_lzma2_io *io,
		      unsigned int ctrl, bool *need_props, size_t dict_start)
{
	const uint8_t *h = io->in + io->in_pos;
	size_t usize, csize, hlen = ctrl >= 0xc0 ? 5 : 4;
	struct range_dec rd;
	int rc;

	if (io->in_len - io->in_pos < hlen) {
		io->why = "truncated LZMA2 chunk header";
		return -EINVAL;
	}
	usize = ((size_t)(ctrl & 0x1f) << 16) + ((size_t)h[0] << 8) + h[1] + 1;
	csize = ((size_t)h[2] << 8) + h[3] + 1;
	if (ctrl >= 0xc0) {
		rc = lzma_props(lz, h[4], &io->why);
		if (rc)
			return rc;
		*need_props = false;
	} else if (*need_props) {
		io->why = "LZMA2 chunk without properties";
		return -EINVAL;
	}
	if (ctrl >= 0xa0)
		lzma_reset(lz);
	io->in_pos += hlen;
	if (csize > io->in_len - io->in_pos) {
		io->why = "truncated LZMA2 chunk";
		return -EINVAL;
	}
	if (usize > io->out_cap - io->out_pos) {
		io->why = "output buffer too small";
		return -ENOSPC;
	}
	rd.in = io->in + io->in_pos;
	rd.size = csize;
	if (csize < RC_INIT_BYTES || rd.in[0]) {
		io->why = "bad range coder start";
		return -EINVAL;
	}
	rd.pos = RC_INIT_BYTES;
	rd.range = 0xffffffffu;
	rd.code = ((uint32_t)rd.in[1] << 24) | ((uint32_t)rd.in[2] << 16) |
		  ((uint32_t)rd.in[3] << 8) | rd.in[4];
	rc = lzma_run(lz, &rd, io->out + dict_start, io->out_pos - dict_start,
		       io->out_pos - dict_start + usize, &io->why);
	if (rc)
		return rc;
	if (rd.pos != csize || rd.code) {
		io->why = "LZMA chunk size does not match its data";
		return -EINVAL;
	}
	io->in_pos += csize;
	io->out_pos += usize;
	return 0;
}

int xz_lzma2_decode(struct xz_lzma2 *lz, struct xz_lzma2_io *io)
{
	bool need_dict_reset = true, need_props = true;
	size_t dict_start = io->out_pos;
	int rc;

	/* Every chunk consumes at least one byte: bounded by the input. */
	while (io->in_pos < io->in_len) {
		unsigned int ctrl = io->in[io->in_pos++];

		if (!ctrl)
			return 0;
		if (ctrl >= 0xe0 || ctrl == 1) {
			/* New dictionary: the next LZMA chunk resets all. */
			need_props = true;
			need_dict_reset = false;
			dict_start = io->out_pos;
		} else if (need_dict_reset) {
			io->why = "no dictionary reset at LZMA2 start";
			return -EINVAL;
		}
		if (ctrl >= 0x80) {
			rc = lzma_chunk(lz, io, ctrl, &need_props, dict_start);
		} else if (ctrl <= 2) {
			rc = stored_chunk(io);
		} else {
			io->why = "bad LZMA2 control byte";
			rc = -EINVAL;
		}
		if (rc)
			return rc;
	}
	io->why = "truncated LZMA2 data";
	return -EINVAL;
}
