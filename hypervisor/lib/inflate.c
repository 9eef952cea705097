/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * DEFLATE and gzip decoding, written from RFC 1951 and RFC 1952. Huffman
 * codes are decoded with one flat lookup table per code, indexed by the
 * next (longest code length) input bits, which the canonical code makes
 * easy to fill: a code of length L, bit-reversed because DEFLATE sends
 * codes most significant bit first into a least-significant-first bit
 * stream, owns every 2^L-th entry from its reversed value on. Entries hold
 * the symbol and the code length, 0 for holes. The input is compressed
 * data from outside the hypervisor: every symbol, length, distance and
 * output position is checked before use. This file does not stream,
 * allocate, or know what the output is.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <vesta/crc32.h>
#include <vesta/errno.h>
#include <vesta/inflate.h>

#define MAX_BITS	15	/* longest Huffman code */
#define CLEN_BITS	7	/* longest code-length code */
/* Symbol counts, each including two symbols that are never valid. */
#define NR_LITLEN	288
#define NR_DIST		32
#define NR_CLEN		19
#define MAX_HLIT	286
#define MAX_HDIST	30
#define SYM_EOB		256
#define ENTRY_SYM_MASK	0x1ffu
#define ENTRY_LEN_SHIFT	9

struct workspace {
	uint16_t litlen[1u << MAX_BITS];
	uint16_t dist[1u << MAX_BITS];
	uint16_t clen[1u << CLEN_BITS];
	uint8_t lens[NR_LITLEN + NR_DIST];
};

_Static_assert(sizeof(struct workspace) <= INFLATE_WORKSPACE_SIZE,
	       "INFLATE_WORKSPACE_SIZE too small");

struct huff {
	uint16_t *table;
	unsigned int bits;	/* index width: the longest code length */
};

struct state {
	const uint8_t *in;
	size_t in_len, pos;	/* next byte to load into the bit buffer */
	uint64_t buf;		/* loaded, unconsumed bits; LSB first */
	unsigned int cnt;	/* how many */
	uint8_t *out;
	size_t out_cap, out_pos;
	struct workspace *ws;
};

/* RFC 1951 3.2.5: bases and extra bits of length symbols 257..285. */
static const uint16_t len_base[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
};
static const uint8_t len_extra[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
};
/* ... and of distance symbols 0..29. */
static const uint16_t dist_base[30] = {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
	257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
	8193, 12289, 16385, 24577,
};
static const uint8_t dist_extra[30] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
	7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
};
/* RFC 1951 3.2.7: order in which code-length code lengths are sent. */
static const uint8_t clen_order[NR_CLEN] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
};

static void refill(struct state *s)
{
	while (s->cnt <= 56 && s->pos < s->in_len) {
		s->buf |= (uint64_t)s->in[s->pos++] << s->cnt;
		s->cnt += 8;
	}
}

/* The next @n (<= 32) bits as a number; -EINVAL if the input ends. */
static int get_bits(struct state *s, unsigned int n, unsigned int *val)
{
	if (s->cnt < n) {
		refill(s);
		if (s->cnt < n)
			return -EINVAL;
	}
	*val = (unsigned int)(s->buf & ((1ull << n) - 1));
	s->buf >>= n;
	s->cnt -= n;
	return 0;
}

static int decode(struct state *s, const struct huff *h, unsigned int *sym)
{
	unsigned int entry, len;

	if (s->cnt < h->bits)
		refill(s);
	/* Near the end of input the missing high bits read as zeros. */
	entry = h->table[s->buf & ((1u << h->bits) - 1)];
	len = entry >> ENTRY_LEN_SHIFT;
	if (!len || len > s->cnt)
		return -EINVAL;
	s->buf >>= len;
	s->cnt -= len;
	*sym = entry & ENTRY_SYM_MASK;
	return 0;
}

static unsigned int reverse(unsigned int code, unsigned int len)
{
	unsigned int r = 0;

	while (len--) {
		r = r << 1 | (code & 1);
		code >>= 1;
	}
	return r;
}

/*
 * Kraft check of the code lengths in @count: 0 complete, 1 incomplete,
 * -EINVAL over-subscribed.
 */
static int kraft(const unsigned int *count)
{
	int left = 1;

	for (unsigned int len = 1; len <= MAX_BITS; len++) {
		left = 2 * left - (int)count[len];
		if (left < 0)
			return -EINVAL;
	}
	return left > 0;
}

/*
 * Build the table of the code with lengths @lens[0..@n). With
 * @allow_sparse, an empty code and a single code of length 1 are accepted
 * (their unused entries are holes); other incomplete codes never are.
 */
static int build(struct huff *h, const uint8_t *lens, unsigned int n,
		 bool allow_sparse)
{
	unsigned int count[MAX_BITS + 1] = { 0 }, next[MAX_BITS + 1];
	unsigned int used = 0, size, code = 0, step, r;
	int incomplete;

	for (unsigned int i = 0; i < n; i++)
		count[lens[i]]++;
	count[0] = 0;
	h->bits = 1;
	for (unsigned int len = 1; len <= MAX_BITS; len++) {
		used += count[len];
		if (count[len])
			h->bits = len;
	}
	incomplete = kraft(count);
	if (incomplete < 0)
		return incomplete;
	if (incomplete && !(allow_sparse && used <= 1 && h->bits == 1))
		return -EINVAL;
	size = 1u << h->bits;
	if (incomplete)
		memset(h->table, 0, size * sizeof(h->table[0]));
	for (unsigned int len = 1; len <= MAX_BITS; len++) {
		code = (code + count[len - 1]) << 1;
		next[len] = code;
	}
	for (unsigned int sym = 0; sym < n; sym++) {
		if (!lens[sym])
			continue;
		step = 1u << lens[sym];
		r = reverse(next[lens[sym]]++, lens[sym]);
		for (unsigned int i = r; i < size; i += step)
			h->table[i] = (uint16_t)(sym |
						 lens[sym] << ENTRY_LEN_SHIFT);
	}
	return 0;
}

static int put_match(struct state *s, unsigned int len, unsigned int dist)
{
	const uint8_t *src;
	uint8_t *dst;

	/* The window is the output of this stream: nothing before @out. */
	if (dist > s->out_pos)
		return -EINVAL;
	if (len > s->out_cap - s->out_pos)
		return -ENOSPC;
	dst = s->out + s->out_pos;
	src = dst - dist;
	s->out_pos += len;
	if (dist >= len) {
		memcpy(dst, src, len);
		return 0;
	}
	/* Overlapping: each byte may be one this copy has just written. */
	for (unsigned int i = 0; i < len; i++)
		dst[i] = src[i];
	return 0;
}

/* A length symbol's match: extra bits, distance code, distance bits. */
static int do_match(struct state *s, unsigned int sym, const struct huff *d)
{
	unsigned int len, dsym, dist, extra;
	int rc;

	sym -= SYM_EOB + 1;
	if (sym >= 29)
		return -EINVAL;
	rc = get_bits(s, len_extra[sym], &extra);
	if (rc)
		return rc;
	len = len_base[sym] + extra;
	rc = decode(s, d, &dsym);
	if (rc)
		return rc;
	if (dsym >= 30)
		return -EINVAL;
	rc = get_bits(s, dist_extra[dsym], &extra);
	if (rc)
		return rc;
	dist = dist_base[dsym] + extra;
	return put_match(s, len, dist);
}

/*
 * Decode symbols up to end of block. G4: every iteration consumes at
 * least one input bit, so the input length bounds the loop.
 */
static int codes(struct state *s, const struct huff *lit, const struct huff *d)
{
	unsigned int sym;
	int rc;

	for (;;) {
		rc = decode(s, lit, &sym);
		if (rc)
			return rc;
		if (sym < SYM_EOB) {
			if (s->out_pos == s->out_cap)
				return -ENOSPC;
			s->out[s->out_pos++] = (uint8_t)sym;
			continue;
		}
		if (sym == SYM_EOB)
			return 0;
		rc = do_match(s, sym, d);
		if (rc)
			return rc;
	}
}

static int stored(struct state *s)
{
	size_t len;

	/* Skip to a byte boundary, then give back the whole bytes held. */
	s->pos -= s->cnt / 8;
	s->buf = 0;
	s->cnt = 0;
	if (s->in_len - s->pos < 4)
		return -EINVAL;
	len = s->in[s->pos] | (size_t)s->in[s->pos + 1] << 8;
	if ((s->in[s->pos + 2] ^ s->in[s->pos]) != 0xff ||
	    (s->in[s->pos + 3] ^ s->in[s->pos + 1]) != 0xff)
		return -EINVAL;
	s->pos += 4;
	if (len > s->in_len - s->pos)
		return -EINVAL;
	if (len > s->out_cap - s->out_pos)
		return -ENOSPC;
	memcpy(s->out + s->out_pos, s->in + s->pos, len);
	s->out_pos += len;
	s->pos += len;
	return 0;
}

static int fixed(struct state *s)
{
	uint8_t *lens = s->ws->lens;
	struct huff lit = { s->ws->litlen, 0 }, d = { s->ws->dist, 0 };
	int rc;

	/* RFC 1951 3.2.6. */
	memset(lens, 8, 144);
	memset(lens + 144, 9, 256 - 144);
	memset(lens + 256, 7, 280 - 256);
	memset(lens + 280, 8, NR_LITLEN - 280);
	memset(lens + NR_LITLEN, 5, NR_DIST);
	rc = build(&lit, lens, NR_LITLEN, false);
	if (rc)
		return rc;
	rc = build(&d, lens + NR_LITLEN, NR_DIST, false);
	if (rc)
		return rc;
	return codes(s, &lit, &d);
}

/*
 * Fill @lens[0..@n) from code-length symbols (RFC 1951 3.2.7): 0-15 are
 * lengths, 16 repeats the previous length, 17 and 18 repeat zero.
 */
static int read_lengths(struct state *s, const struct huff *cl,
			uint8_t *lens, unsigned int n)
{
	static const uint8_t rep_bits[3] = { 2, 3, 7 };
	static const uint8_t rep_base[3] = { 3, 3, 11 };
	unsigned int i = 0, sym, rep, val;
	int rc;

	while (i < n) {
		rc = decode(s, cl, &sym);
		if (rc)
			return rc;
		if (sym < 16) {
			lens[i++] = (uint8_t)sym;
			continue;
		}
		if (sym == 16 && !i)
			return -EINVAL;
		val = sym == 16 ? lens[i - 1] : 0;
		rc = get_bits(s, rep_bits[sym - 16], &rep);
		if (rc)
			return rc;
		rep += rep_base[sym - 16];
		if (rep > n - i)
			return -EINVAL;
		memset(lens + i, (int)val, rep);
		i += rep;
	}
	return 0;
}

static int dynamic(struct state *s)
{
	uint8_t *lens = s->ws->lens, clens[NR_CLEN] = { 0 };
	struct huff lit = { s->ws->litlen, 0 }, d = { s->ws->dist, 0 };
	struct huff cl = { s->ws->clen, 0 };
	unsigned int hlit, hdist, hclen, v;
	int rc;

	rc = get_bits(s, 14, &v);
	if (rc)
		return rc;
	hlit = (v & 31) + 257;
	hdist = (v >> 5 & 31) + 1;
	hclen = (v >> 10) + 4;
	if (hlit > MAX_HLIT || hdist > MAX_HDIST)
		return -EINVAL;
	for (unsigned int i = 0; i < hclen; i++) {
		rc = get_bits(s, 3, &v);
		if (rc)
			return rc;
		clens[clen_order[i]] = (uint8_t)v;
	}
	rc = build(&cl, clens, NR_CLEN, false);
	if (rc)
		return rc;
	/* Lengths may run on from the literal into the distance code. */
	rc = read_lengths(s, &cl, lens, hlit + hdist);
	if (rc)
		return rc;
	if (!lens[SYM_EOB])
		return -EINVAL;
	rc = build(&lit, lens, hlit, true);
	if (rc)
		return rc;
	rc = build(&d, lens + hlit, hdist, true);
	if (rc)
		return rc;
	return codes(s, &lit, &d);
}

int inflate_raw(const uint8_t *in, size_t in_len, size_t *in_used,
		uint8_t *out, size_t out_cap, size_t *out_len, void *workspace)
{
	struct state s = {
		.in = in, .in_len = in_len, .out = out, .out_cap = out_cap,
		.ws = workspace,
	};
	unsigned int hdr;
	int rc;

	/* G4: each block consumes at least three bits of input. */
	do {
		rc = get_bits(&s, 3, &hdr);
		if (rc)
			return rc;
		switch (hdr >> 1) {
		case 0:
			rc = stored(&s);
			break;
		case 1:
			rc = fixed(&s);
			break;
		case 2:
			rc = dynamic(&s);
			break;
		default:
			rc = -EINVAL;
			break;
		}
		if (rc)
			return rc;
	} while (!(hdr & 1));
	*in_used = s.pos - s.cnt / 8;
	*out_len = s.out_pos;
	return 0;
}

/* ---- gzip (RFC 1952) ---------------------------------------------- */

#define GZ_FHCRC	0x02
#define GZ_FEXTRA	0x04
#define GZ_FNAME	0x08
#define GZ_FCOMMENT	0x10
#define GZ_FRESERVED	0xe0
#define GZ_FIXED_HDR	10
#define GZ_TRAILER	8

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Skip a NUL-terminated field at *@pos; false if the NUL is missing. */
static bool skip_string(const uint8_t *in, size_t len, size_t *pos)
{
	while (*pos < len) {
		if (!in[(*pos)++])
			return true;
	}
	return false;
}

/* Check one member header at @in; *@hdr_len gets its size. */
static int gzip_header(const uint8_t *in, size_t len, size_t *hdr_len)
{
	size_t pos = GZ_FIXED_HDR, xlen;
	uint8_t flg;

	if (len < GZ_FIXED_HDR || in[0] != 0x1f || in[1] != 0x8b ||
	    in[2] != 8)
		return -EINVAL;
	flg = in[3];
	if (flg & GZ_FRESERVED)
		return -EINVAL;
	if (flg & GZ_FEXTRA) {
		if (len - pos < 2)
			return -EINVAL;
		xlen = in[pos] | (size_t)in[pos + 1] << 8;
		pos += 2;
		if (xlen > len - pos)
			return -EINVAL;
		pos += xlen;
	}
	if ((flg & GZ_FNAME) && !skip_string(in, len, &pos))
		return -EINVAL;
	if ((flg & GZ_FCOMMENT) && !skip_string(in, len, &pos))
		return -EINVAL;
	if (flg & GZ_FHCRC) {
		if (len - pos < 2)
			return -EINVAL;
		if ((crc32_update(0, in, pos) & 0xffff) !=
		    (in[pos] | (uint32_t)in[pos + 1] << 8))
			return -EINVAL;
		pos += 2;
	}
	*hdr_len = pos;
	return 0;
}

static int gzip_member(const uint8_t *in, size_t len, size_t *used,
		       uint8_t *out, size_t out_cap, size_t *out_len,
		       void *workspace)
{
	size_t pos, n, body;
	int rc;

	rc = gzip_header(in, len, &pos);
	if (rc)
		return rc;
	rc = inflate_raw(in + pos, len - pos, &body, out, out_cap, &n,
			 workspace);
	if (rc)
		return rc;
	pos += body;
	if (len - pos < GZ_TRAILER)
		return -EINVAL;
	if (rd32(in + pos) != crc32_update(0, out, n) ||
	    rd32(in + pos + 4) != (uint32_t)n)
		return -EINVAL;
	*used = pos + GZ_TRAILER;
	*out_len = n;
	return 0;
}

static bool all_zero(const uint8_t *p, size_t len)
{
	while (len--) {
		if (*p++)
			return false;
	}
	return true;
}

int gzip_decode(const uint8_t *in, size_t in_len, uint8_t *out,
		size_t out_cap, size_t *out_len, void *workspace)
{
	size_t pos = 0, total = 0, used, n;
	int rc;

	/* G4: every member consumes at least 20 bytes of input. */
	do {
		rc = gzip_member(in + pos, in_len - pos, &used, out + total,
				 out_cap - total, &n, workspace);
		if (rc)
			return rc;
		pos += used;
		total += n;
	} while (in_len - pos >= 2 && in[pos] == 0x1f && in[pos + 1] == 0x8b);
	if (!all_zero(in + pos, in_len - pos))
		return -EINVAL;
	*out_len = total;
	return 0;
}
