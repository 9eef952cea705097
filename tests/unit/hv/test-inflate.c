/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Unit tests of hypervisor/lib/inflate.c and crc32.c, with zlib as the
 * oracle. Random and structured inputs of many sizes are compressed by
 * zlib at every level and strategy, as raw DEFLATE and as gzip (header
 * fields set through deflateSetHeader(), multi-member files, zero
 * padding), and must decode to the same bytes. Hand-built streams (a
 * small bit writer and canonical-code encoder) cover the corner cases
 * zlib never emits: single-code and empty codes, over-subscribed and
 * incomplete codes, bad repeat codes, invalid symbols, distances before
 * the start. Truncated, bit-flipped and undersized-output runs must fail
 * cleanly; every decode writes into a buffer followed by guard bytes that
 * must stay intact (and ASan watches the rest).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <vesta/crc32.h>
#include <vesta/errno.h>
#include <vesta/inflate.h>

#define GUARD 64
#define GUARD_BYTE 0xa5

static void *ws;
static unsigned long long rng_state = 0x9e3779b97f4a7c15ull;

static unsigned int rnd(unsigned int n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned int)(rng_state % n);
}

/* ---- inputs ------------------------------------------------------- */

enum kind { K_RANDOM, K_TEXT, K_RUNS, K_ZERO, K_FAR, K_FEWSYMS, NR_KINDS };

static void gen(uint8_t *p, size_t n, enum kind k)
{
	static const char *const words[] = {
		"xen", "vesta", "hypervisor", "page", "table", "the ",
		"domain", "\n", "grant", " ", "event", "channel", ", ",
	};
	size_t i = 0, len, from;

	while (i < n) {
		switch (k) {
		case K_RANDOM:
			p[i++] = (uint8_t)rnd(256);
			break;
		case K_TEXT:
			from = rnd(13);
			len = strlen(words[from]);
			len = len < n - i ? len : n - i;
			memcpy(p + i, words[from], len);
			i += len;
			break;
		case K_RUNS:
			len = 1 + rnd(300);
			len = len < n - i ? len : n - i;
			memset(p + i, (int)rnd(4), len);
			i += len;
			break;
		case K_ZERO:
			p[i++] = 0;
			break;
		case K_FAR:
			/* Copies from up to 32 KiB back, plus noise. */
			if (i < 64 || rnd(8) == 0) {
				p[i++] = (uint8_t)rnd(256);
				break;
			}
			len = 3 + rnd(300);
			len = len < n - i ? len : n - i;
			from = i < 32768 ? i : 32768;
			from = i - 1 - rnd((unsigned int)from);
			for (size_t j = 0; j < len; j++)
				p[i + j] = p[from + j];
			i += len;
			break;
		default:
			p[i++] = (uint8_t)("ab"[rnd(2)]);
			break;
		}
	}
}

/* ---- zlib side ---------------------------------------------------- */

/* Compress with zlib; @wbits -9..-15 raw, 25..31 gzip. */
static uint8_t *zcompress(const uint8_t *in, size_t n, int level,
			  int strategy, int wbits, gz_header *hdr,
			  size_t *out_n)
{
	z_stream zs = { 0 };
	size_t cap = n + n / 8 + 1024;
	uint8_t *out = malloc(cap);

	assert_non_null(out);
	assert_int_equal(deflateInit2(&zs, level, Z_DEFLATED, wbits,
				      1 + rnd(9), strategy), Z_OK);
	if (hdr)
		assert_int_equal(deflateSetHeader(&zs, hdr), Z_OK);
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)n;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*out_n = zs.total_out;
	deflateEnd(&zs);
	return out;
}

/* ---- our side, with guard bytes ------------------------------------ */

static uint8_t *guarded(size_t cap)
{
	uint8_t *p = malloc(cap + GUARD);

	assert_non_null(p);
	memset(p, 0x5a, cap);
	memset(p + cap, GUARD_BYTE, GUARD);
	return p;
}

static void check_guard(const uint8_t *p, size_t cap)
{
	for (size_t i = 0; i < GUARD; i++)
		assert_int_equal(p[cap + i], GUARD_BYTE);
}

/*
 * Both wrappers re-arm the guard right after @cap, so @out may be a
 * guarded() buffer of any capacity >= @cap.
 */
static int raw(const uint8_t *in, size_t n, size_t *used, uint8_t *out,
	       size_t cap, size_t *out_n)
{
	int rc;

	memset(out + cap, GUARD_BYTE, GUARD);
	rc = inflate_raw(in, n, used, out, cap, out_n, ws);

	check_guard(out, cap);
	return rc;
}

static int gz(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
	      size_t *out_n)
{
	int rc;

	memset(out + cap, GUARD_BYTE, GUARD);
	rc = gzip_decode(in, n, out, cap, out_n, ws);

	check_guard(out, cap);
	return rc;
}

/* Decode @c as raw DEFLATE and compare with @orig; then undersized. */
static void check_raw_roundtrip(const uint8_t *orig, size_t n,
				const uint8_t *c, size_t cn)
{
	uint8_t *out = guarded(n + 16);
	size_t used = 0, got = 0;

	assert_int_equal(raw(c, cn, &used, out, n + 16, &got), 0);
	assert_int_equal(got, n);
	assert_int_equal(used, cn);
	assert_memory_equal(out, orig, n);
	free(out);
	/* Exact fit works; one byte less is -ENOSPC. */
	out = guarded(n);
	assert_int_equal(raw(c, cn, &used, out, n, &got), 0);
	free(out);
	if (n) {
		out = guarded(n - 1);
		assert_int_equal(raw(c, cn, &used, out, n - 1, &got),
				 -ENOSPC);
		free(out);
	}
}

static const int strategies[] = {
	Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED,
};

static void test_crc32(void **state)
{
	uint8_t buf[3000];
	uint32_t a;

	(void)state;
	assert_int_equal(crc32_update(0, "123456789", 9), 0xcbf43926);
	assert_int_equal(crc32_update(0, NULL, 0), 0);
	assert_int_equal(crc32_update(0x1234, NULL, 0), 0x1234);
	gen(buf, sizeof(buf), K_RANDOM);
	for (size_t n = 0; n < sizeof(buf); n += 1 + n / 3) {
		assert_int_equal(crc32_update(0, buf, n),
				 crc32(0, buf, (uInt)n));
		a = crc32_update(0, buf, n / 2);
		assert_int_equal(crc32_update(a, buf + n / 2, n - n / 2),
				 crc32(0, buf, (uInt)n));
	}
}

/* Every level, strategy and kind over a spread of small sizes. */
static void test_raw_matrix(void **state)
{
	static const size_t sizes[] = {
		0, 1, 2, 3, 4, 7, 31, 100, 257, 1000, 4096, 20000,
	};
	uint8_t *orig = malloc(20000), *c;
	size_t cn;

	(void)state;
	assert_non_null(orig);
	for (size_t si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
		for (int k = 0; k < NR_KINDS; k++) {
			gen(orig, sizes[si], (enum kind)k);
			for (int level = 0; level <= 9; level++) {
				for (size_t st = 0; st < 5; st++) {
					c = zcompress(orig, sizes[si], level,
						      strategies[st],
						      -(9 + (int)rnd(7)), NULL,
						      &cn);
					check_raw_roundtrip(orig, sizes[si], c,
							    cn);
					free(c);
				}
			}
		}
	}
	free(orig);
}

/* Larger inputs: many blocks, long matches, full 32 KiB window. */
static void test_raw_large(void **state)
{
	const size_t n = 3u << 20;
	uint8_t *orig = malloc(n), *c;
	size_t cn;

	(void)state;
	assert_non_null(orig);
	for (int k = 0; k < NR_KINDS; k++) {
		size_t len = 70000 + rnd(300000);

		gen(orig, len, (enum kind)k);
		c = zcompress(orig, len, 1 + rnd(9), strategies[rnd(5)], -15,
			      NULL, &cn);
		check_raw_roundtrip(orig, len, c, cn);
		free(c);
	}
	/* A 3 MiB mix of everything at level 9. */
	for (size_t off = 0; off < n;) {
		size_t len = 1 + rnd(100000);

		len = len < n - off ? len : n - off;
		gen(orig + off, len, (enum kind)rnd(NR_KINDS));
		off += len;
	}
	c = zcompress(orig, n, 9, Z_DEFAULT_STRATEGY, -15, NULL, &cn);
	check_raw_roundtrip(orig, n, c, cn);
	free(c);
	free(orig);
}

static void test_raw_trailing_and_in_used(void **state)
{
	uint8_t orig[5000], buf[6000], out[5000], *c;
	size_t cn, used, got;

	(void)state;
	gen(orig, sizeof(orig), K_TEXT);
	c = zcompress(orig, sizeof(orig), 6, Z_DEFAULT_STRATEGY, -15, NULL,
		      &cn);
	memcpy(buf, c, cn);
	memset(buf + cn, 0xee, sizeof(buf) - cn);
	assert_int_equal(inflate_raw(buf, sizeof(buf), &used, out,
				     sizeof(out), &got, ws), 0);
	assert_int_equal(used, cn);
	assert_int_equal(got, sizeof(orig));
	assert_memory_equal(out, orig, sizeof(orig));
	free(c);
}

static void test_gzip_headers(void **state)
{
	static char extra[300], name[] = "vmlinux", comment[] = "a comment";
	uint8_t orig[10000], *c, *out;
	gz_header hdr;
	size_t cn, got;

	(void)state;
	memset(extra, 'x', sizeof(extra));
	for (unsigned int mask = 0; mask < 16; mask++) {
		memset(&hdr, 0, sizeof(hdr));
		hdr.text = mask & 1;
		hdr.time = 0x12345678;
		hdr.os = 3;
		if (mask & 1) {
			hdr.extra = (Bytef *)extra;
			hdr.extra_len = sizeof(extra);
		}
		if (mask & 2)
			hdr.name = (Bytef *)name;
		if (mask & 4)
			hdr.comment = (Bytef *)comment;
		hdr.hcrc = (mask & 8) != 0;
		gen(orig, sizeof(orig), (enum kind)(mask % NR_KINDS));
		c = zcompress(orig, sizeof(orig), (int)(mask % 10),
			      strategies[mask % 5], 31, &hdr, &cn);
		out = guarded(sizeof(orig));
		assert_int_equal(gz(c, cn, out, sizeof(orig), &got), 0);
		assert_int_equal(got, sizeof(orig));
		assert_memory_equal(out, orig, sizeof(orig));
		assert_int_equal(gz(c, cn, out, sizeof(orig) - 1, &got),
				 -ENOSPC);
		/* Every truncation fails cleanly. */
		for (size_t cut = 0; cut < cn; cut += 1 + cut / 16)
			assert_int_equal(gz(c, cut, out, sizeof(orig), &got),
					 -EINVAL);
		free(out);
		free(c);
	}
}

static void test_gzip_members_and_padding(void **state)
{
	uint8_t orig[3][7000], file[30000], *c, *out;
	size_t cn, fn = 0, got, total = 0;

	(void)state;
	for (int i = 0; i < 3; i++) {
		gen(orig[i], sizeof(orig[i]), (enum kind)(i + 1));
		c = zcompress(orig[i], sizeof(orig[i]) - 1000 * i, 9,
			      Z_DEFAULT_STRATEGY, 31, NULL, &cn);
		memcpy(file + fn, c, cn);
		fn += cn;
		total += sizeof(orig[i]) - 1000 * i;
		free(c);
	}
	out = guarded(total);
	assert_int_equal(gz(file, fn, out, total, &got), 0);
	assert_int_equal(got, total);
	assert_memory_equal(out, orig[0], 7000);
	assert_memory_equal(out + 7000, orig[1], 6000);
	assert_memory_equal(out + 13000, orig[2], 5000);
	assert_int_equal(gz(file, fn, out, total - 1, &got), -ENOSPC);
	/* Zero padding after the last member is accepted... */
	memset(file + fn, 0, 100);
	assert_int_equal(gz(file, fn + 100, out, total, &got), 0);
	assert_int_equal(got, total);
	/* ...other trailing bytes are not, nor a lone magic byte... */
	file[fn + 50] = 1;
	assert_int_equal(gz(file, fn + 100, out, total, &got), -EINVAL);
	file[fn] = 0x1f;
	assert_int_equal(gz(file, fn + 1, out, total, &got), -EINVAL);
	/* ...nor a truncated extra member. */
	file[fn + 1] = 0x8b;
	assert_int_equal(gz(file, fn + 2, out, total, &got), -EINVAL);
	free(out);
}

/* A hand-built gzip member around raw DEFLATE bytes @d. */
static size_t gzip_wrap(uint8_t *dst, const uint8_t *d, size_t dn,
			const uint8_t *plain, size_t pn)
{
	static const uint8_t head[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
	uint32_t crc = (uint32_t)crc32(0, plain, (uInt)pn);

	memcpy(dst, head, 10);
	memcpy(dst + 10, d, dn);
	for (int i = 0; i < 4; i++) {
		dst[10 + dn + i] = (uint8_t)(crc >> (8 * i));
		dst[14 + dn + i] = (uint8_t)(pn >> (8 * i));
	}
	return dn + 18;
}

static void test_gzip_bad_headers(void **state)
{
	/* A stored block holding "hi". */
	static const uint8_t body[] = { 0x01, 2, 0, 0xfd, 0xff, 'h', 'i' };
	uint8_t f[64], g[64], out[8];
	size_t n, got;

	(void)state;
	memset(out, 0, sizeof(out));
	n = gzip_wrap(f, body, sizeof(body), (const uint8_t *)"hi", 2);
	assert_int_equal(gzip_decode(f, n, out, 2, &got, ws), 0);
	assert_int_equal(got, 2);
	assert_memory_equal(out, "hi", 2);
	assert_int_equal(gzip_decode(f, 0, out, 2, &got, ws), -EINVAL);
	for (int i = 0; i < 4; i++) {
		static const uint8_t off[] = { 0, 1, 2, 3 };
		static const uint8_t val[] = { 0x1e, 0x8c, 7, 0x20 };

		memcpy(g, f, n);
		g[off[i]] = val[i];
		assert_int_equal(gzip_decode(g, n, out, 2, &got, ws), -EINVAL);
	}
	/* Trailer: CRC and ISIZE each off by one bit. */
	memcpy(g, f, n);
	g[n - 8] ^= 1;
	assert_int_equal(gzip_decode(g, n, out, 2, &got, ws), -EINVAL);
	memcpy(g, f, n);
	g[n - 4] ^= 1;
	assert_int_equal(gzip_decode(g, n, out, 2, &got, ws), -EINVAL);
	/* FNAME without its NUL, FEXTRA longer than the file. */
	memcpy(g, f, 10);
	g[3] = 0x08;
	memset(g + 10, 'n', 20);
	assert_int_equal(gzip_decode(g, 30, out, 2, &got, ws), -EINVAL);
	g[3] = 0x04;
	g[10] = 0xff;
	g[11] = 0x00;
	assert_int_equal(gzip_decode(g, 30, out, 2, &got, ws), -EINVAL);
	/* FHCRC: right and wrong. */
	memcpy(g, f, 10);
	g[3] = 0x02;
	{
		uint32_t hc = (uint32_t)crc32(0, g, 10);

		g[10] = (uint8_t)hc;
		g[11] = (uint8_t)(hc >> 8);
	}
	memcpy(g + 12, f + 10, n - 10);
	assert_int_equal(gzip_decode(g, n + 2, out, 2, &got, ws), 0);
	g[11] ^= 0x80;
	assert_int_equal(gzip_decode(g, n + 2, out, 2, &got, ws), -EINVAL);
}

/* ---- hand-built streams -------------------------------------------- */

struct bw {
	uint8_t buf[4096];
	size_t bits;
};

static void put(struct bw *w, unsigned int val, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++, w->bits++) {
		if (val >> i & 1)
			w->buf[w->bits / 8] |= (uint8_t)(1u << (w->bits % 8));
	}
}

/* Huffman codes go most significant bit first. */
static void put_code(struct bw *w, unsigned int code, unsigned int len)
{
	while (len--)
		put(w, code >> len & 1, 1);
}

static size_t bw_bytes(const struct bw *w)
{
	return (w->bits + 7) / 8;
}

/* Canonical codes for @lens (test-side encoder). */
static void canon(const uint8_t *lens, unsigned int n, unsigned int *codes)
{
	unsigned int count[16] = { 0 }, next[16], code = 0;

	for (unsigned int i = 0; i < n; i++)
		count[lens[i]]++;
	count[0] = 0;
	for (unsigned int b = 1; b < 16; b++) {
		code = (code + count[b - 1]) << 1;
		next[b] = code;
	}
	for (unsigned int i = 0; i < n; i++)
		codes[i] = lens[i] ? next[lens[i]]++ : 0;
}

/*
 * Dynamic block header for litlen/dist lengths @ll/@dl; the code-length
 * code gives symbols 0-15 four bits each (complete), so every length is
 * sent literally.
 */
static void dyn_header(struct bw *w, bool final, const uint8_t *ll,
		       unsigned int hlit, const uint8_t *dl,
		       unsigned int hdist)
{
	static const uint8_t order[19] = {
		16, 17, 18, 0, 8, 7, 9, 6, 10, 5,
		11, 4, 12, 3, 13, 2, 14, 1, 15,
	};

	put(w, final, 1);
	put(w, 2, 2);
	put(w, hlit - 257, 5);
	put(w, hdist - 1, 5);
	put(w, 19 - 4, 4);
	for (int i = 0; i < 19; i++)
		put(w, order[i] < 16 ? 4 : 0, 3);
	for (unsigned int i = 0; i < hlit; i++)
		put_code(w, ll[i], 4);
	for (unsigned int i = 0; i < hdist; i++)
		put_code(w, dl[i], 4);
}

static int run_bw(const struct bw *w, uint8_t *out, size_t cap, size_t *got)
{
	size_t used;

	return inflate_raw(w->buf, bw_bytes(w), &used, out, cap, got, ws);
}

static void test_single_and_empty_codes(void **state)
{
	uint8_t ll[286] = { 0 }, dl[30] = { 0 }, out[64];
	unsigned int lc[286], dc[30];
	struct bw w = { 0 };
	size_t got;

	(void)state;
	/* Only end-of-block, one code of length 1: an empty block. */
	ll[256] = 1;
	dyn_header(&w, true, ll, 257, dl, 1);
	put_code(&w, 0, 1);
	assert_int_equal(run_bw(&w, out, sizeof(out), &got), 0);
	assert_int_equal(got, 0);

	/* 'A', 'B', EOB, length 3 (sym 257); one distance code, length 1. */
	memset(&w, 0, sizeof(w));
	memset(ll, 0, sizeof(ll));
	ll['A'] = 2;
	ll['B'] = 2;
	ll[256] = 2;
	ll[257] = 2;
	dl[0] = 1;
	canon(ll, 286, lc);
	canon(dl, 30, dc);
	dyn_header(&w, true, ll, 258, dl, 1);
	put_code(&w, lc['A'], 2);
	put_code(&w, lc['B'], 2);
	put_code(&w, lc[257], 2);	/* length 3 */
	put_code(&w, dc[0], 1);		/* distance 1 */
	put_code(&w, lc[256], 2);
	assert_int_equal(run_bw(&w, out, sizeof(out), &got), 0);
	assert_int_equal(got, 5);
	assert_memory_equal(out, "ABBBB", 5);

	/* The same with the unused distance code bit: invalid code. */
	memset(&w, 0, sizeof(w));
	dyn_header(&w, true, ll, 258, dl, 1);
	put_code(&w, lc['A'], 2);
	put_code(&w, lc[257], 2);
	put_code(&w, 1, 1);
	put_code(&w, lc[256], 2);
	assert_int_equal(run_bw(&w, out, sizeof(out), &got), -EINVAL);

	/* No distance codes at all: literals only are fine... */
	memset(&w, 0, sizeof(w));
	dl[0] = 0;
	dyn_header(&w, true, ll, 258, dl, 1);
	put_code(&w, lc['B'], 2);
	put_code(&w, lc[256], 2);
	assert_int_equal(run_bw(&w, out, sizeof(out), &got), 0);
	assert_int_equal(got, 1);
	/* ...but a match then has no distance to decode. */
	memset(&w, 0, sizeof(w));
	dyn_header(&w, true, ll, 258, dl, 1);
	put_code(&w, lc['B'], 2);
	put_code(&w, lc[257], 2);
	put_code(&w, 0, 1);
	put_code(&w, lc[256], 2);
	assert_int_equal(run_bw(&w, out, sizeof(out), &got), -EINVAL);
}

static void expect_bad_dyn(const uint8_t *ll, unsigned int hlit,
			   const uint8_t *dl, unsigned int hdist)
{
	struct bw w = { 0 };
	uint8_t out[16];
	size_t got;

	dyn_header(&w, true, ll, hlit, dl, hdist);
	put(&w, 0, 32);
	assert_int_equal(run_bw(&w, out, sizeof(out), &got), -EINVAL);
}

static void test_bad_codes(void **state)
{
	uint8_t ll[288] = { 0 }, dl[32] = { 0 };

	(void)state;
	/* Over-subscribed: three codes of length 1. */
	ll[0] = ll[1] = ll[256] = 1;
	expect_bad_dyn(ll, 257, dl, 1);
	/* Incomplete with two codes. */
	memset(ll, 0, sizeof(ll));
	ll[0] = 2;
	ll[256] = 2;
	expect_bad_dyn(ll, 257, dl, 1);
	/* A single code longer than 1 bit. */
	memset(ll, 0, sizeof(ll));
	ll[256] = 2;
	expect_bad_dyn(ll, 257, dl, 1);
	/* No end-of-block code. */
	memset(ll, 0, sizeof(ll));
	ll[0] = 1;
	ll[1] = 1;
	expect_bad_dyn(ll, 257, dl, 1);
	/* Distance code over-subscribed / incomplete with two codes. */
	memset(ll, 0, sizeof(ll));
	ll[0] = ll[256] = 1;
	dl[0] = dl[1] = dl[2] = 1;
	expect_bad_dyn(ll, 257, dl, 3);
	memset(dl, 0, sizeof(dl));
	dl[0] = dl[1] = 2;
	expect_bad_dyn(ll, 257, dl, 2);
	/* Too many length (287) or distance (31) codes. */
	memset(dl, 0, sizeof(dl));
	expect_bad_dyn(ll, 287, dl, 1);
	expect_bad_dyn(ll, 257, dl, 31);
}

/* Code-length code edge cases, sent with explicit code-length codes. */
static void test_bad_lengths(void **state)
{
	struct bw w;
	uint8_t out[16];
	size_t got;

	(void)state;
	/*
	 * Code-length code: 16, 17, 18, 0 and 1 with lengths 3,3,3,3,2...
	 * simpler: only symbols 16 and 1 with one bit each (complete).
	 */
	memset(&w, 0, sizeof(w));
	put(&w, 1, 1);
	put(&w, 2, 2);
	put(&w, 0, 5);		/* hlit 257 */
	put(&w, 0, 5);		/* hdist 1 */
	put(&w, 18 - 4, 4);	/* 18 code-length lengths: up to symbol 1 */
	put(&w, 1, 3);		/* 16 */
	for (int i = 1; i < 17; i++)
		put(&w, 0, 3);	/* 17, 18, then 0 8 7 ... 2 14 */
	put(&w, 1, 3);		/* 1 */
	/* Canonical: symbol 1 -> 0, symbol 16 -> 1. Repeat first: bad. */
	put_code(&w, 1, 1);
	put(&w, 0, 2);
	put(&w, 0, 32);
	assert_int_equal(run_bw(&w, out, sizeof(out), &got), -EINVAL);

	/* A code-length code with a single code is incomplete: bad. */
	memset(&w, 0, sizeof(w));
	put(&w, 1, 1);
	put(&w, 2, 2);
	put(&w, 0, 10);
	put(&w, 0, 4);		/* 4 lengths: 16 17 18 0 */
	put(&w, 0, 9);
	put(&w, 1, 3);		/* symbol 0 */
	put(&w, 0, 32);
	assert_int_equal(run_bw(&w, out, sizeof(out), &got), -EINVAL);

	/* Repeats running past hlit + hdist: bad. Symbols 18 and 1. */
	memset(&w, 0, sizeof(w));
	put(&w, 1, 1);
	put(&w, 2, 2);
	put(&w, 0, 5);
	put(&w, 0, 5);
	put(&w, 18 - 4, 4);
	put(&w, 0, 3);		/* 16 */
	put(&w, 0, 3);		/* 17 */
	put(&w, 1, 3);		/* 18 */
	for (int i = 3; i < 17; i++)
		put(&w, 0, 3);
	put(&w, 1, 3);		/* 1 */
	/* Canonical: 1 -> 0, 18 -> 1. Three runs of 138 zeros > 258. */
	for (int i = 0; i < 3; i++) {
		put_code(&w, 1, 1);
		put(&w, 127, 7);
	}
	put(&w, 0, 32);
	assert_int_equal(run_bw(&w, out, sizeof(out), &got), -EINVAL);
}

static void fixed_lit(struct bw *w, unsigned int sym)
{
	if (sym < 144)
		put_code(w, 0x30 + sym, 8);
	else if (sym < 256)
		put_code(w, 0x190 + sym - 144, 9);
	else if (sym < 280)
		put_code(w, sym - 256, 7);
	else
		put_code(w, 0xc0 + sym - 280, 8);
}

static void test_fixed_and_stored_edges(void **state)
{
	uint8_t out[300], big[70000];
	struct bw w;
	size_t got, used;

	(void)state;
	/* 'x' then a match of 258 at distance 1: exactly 259 bytes. */
	memset(&w, 0, sizeof(w));
	put(&w, 1, 1);
	put(&w, 1, 2);
	fixed_lit(&w, 'x');
	fixed_lit(&w, 285);
	put_code(&w, 0, 5);
	fixed_lit(&w, 256);
	assert_int_equal(run_bw(&w, out, 259, &got), 0);
	assert_int_equal(got, 259);
	assert_int_equal(out[258], 'x');
	assert_int_equal(run_bw(&w, out, 258, &got), -ENOSPC);
	/* Distance 2 after one byte reaches before the start. */
	memset(&w, 0, sizeof(w));
	put(&w, 1, 1);
	put(&w, 1, 2);
	fixed_lit(&w, 'x');
	fixed_lit(&w, 257);
	put_code(&w, 1, 5);
	fixed_lit(&w, 256);
	assert_int_equal(run_bw(&w, out, sizeof(out), &got), -EINVAL);
	/* Length symbols 286, 287 and distance symbols 30, 31 are invalid. */
	for (unsigned int s = 286; s < 288; s++) {
		memset(&w, 0, sizeof(w));
		put(&w, 1, 1);
		put(&w, 1, 2);
		fixed_lit(&w, 'x');
		fixed_lit(&w, s);
		put(&w, 0, 32);
		assert_int_equal(run_bw(&w, out, sizeof(out), &got), -EINVAL);
	}
	for (unsigned int d = 30; d < 32; d++) {
		memset(&w, 0, sizeof(w));
		put(&w, 1, 1);
		put(&w, 1, 2);
		fixed_lit(&w, 'x');
		fixed_lit(&w, 257);
		put_code(&w, d, 5);
		put(&w, 0, 32);
		assert_int_equal(run_bw(&w, out, sizeof(out), &got), -EINVAL);
	}
	/* Reserved block type. */
	memset(&w, 0, sizeof(w));
	put(&w, 1, 1);
	put(&w, 3, 2);
	put(&w, 0, 32);
	assert_int_equal(run_bw(&w, out, sizeof(out), &got), -EINVAL);
	/* Non-final fixed block, then a stored block of 65535 bytes. */
	memset(&w, 0, sizeof(w));
	put(&w, 0, 1);
	put(&w, 1, 2);
	fixed_lit(&w, 'q');
	fixed_lit(&w, 256);
	put(&w, 1, 1);
	put(&w, 0, 2);
	w.bits = (w.bits + 7) / 8 * 8;
	put(&w, 0xffff, 16);
	put(&w, 0x0000, 16);
	memset(big, 0, sizeof(big));
	memcpy(big, w.buf, bw_bytes(&w));
	for (size_t i = 0; i < 65535; i++)
		big[bw_bytes(&w) + i] = (uint8_t)i;
	{
		uint8_t *o = guarded(65536);

		assert_int_equal(raw(big, bw_bytes(&w) + 65535, &used, o,
				     65536, &got), 0);
		assert_int_equal(got, 65536);
		assert_int_equal(used, bw_bytes(&w) + 65535);
		assert_int_equal(o[0], 'q');
		assert_int_equal(o[65535], (uint8_t)65534);
		assert_int_equal(raw(big, bw_bytes(&w) + 65534, &used, o,
				     65536, &got), -EINVAL);
		assert_int_equal(raw(big, bw_bytes(&w) + 65535, &used, o,
				     65535, &got), -ENOSPC);
		/* NLEN not the complement of LEN. */
		big[bw_bytes(&w) - 1] = 0x01;
		assert_int_equal(raw(big, bw_bytes(&w) + 65535, &used, o,
				     65536, &got), -EINVAL);
		free(o);
	}
	/* Empty input and a stream without a final block. */
	assert_int_equal(inflate_raw(out, 0, &used, out, 1, &got, ws),
			 -EINVAL);
	memset(&w, 0, sizeof(w));
	put(&w, 0, 1);
	put(&w, 1, 2);
	fixed_lit(&w, 256);
	assert_int_equal(run_bw(&w, out, sizeof(out), &got), -EINVAL);
}

/* Truncations and random corruption of zlib streams never misbehave. */
static void test_truncate_and_corrupt(void **state)
{
	uint8_t orig[20000], *c, *out, *bad;
	size_t cn, got, used;
	int rc;

	(void)state;
	out = guarded(sizeof(orig));
	for (int round = 0; round < 30; round++) {
		size_t n = 100 + rnd(sizeof(orig) - 100);
		bool is_gz = round & 1;

		gen(orig, n, (enum kind)rnd(NR_KINDS));
		c = zcompress(orig, n, rnd(10), strategies[rnd(5)],
			      is_gz ? 31 : -15, NULL, &cn);
		for (size_t cut = 0; cut < cn; cut += 1 + rnd(40)) {
			rc = is_gz ? gz(c, cut, out, n, &got) :
				     raw(c, cut, &used, out, n, &got);
			assert_int_equal(rc, -EINVAL);
		}
		bad = malloc(cn);
		assert_non_null(bad);
		for (int f = 0; f < 200; f++) {
			memcpy(bad, c, cn);
			for (int k = 0; k <= (int)rnd(3); k++)
				bad[rnd((unsigned int)cn)] ^=
					(uint8_t)(1u << rnd(8));
			rc = is_gz ? gz(bad, cn, out, n, &got) :
				     raw(bad, cn, &used, out, n, &got);
			assert_true(rc == 0 || rc == -EINVAL || rc == -ENOSPC);
			if (rc == 0)
				assert_true(got <= n);
			if (rc == 0 && is_gz)
				assert_int_equal(crc32_update(0, out, got),
						 crc32(0, out, (uInt)got));
		}
		free(bad);
		free(c);
	}
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32),
		cmocka_unit_test(test_raw_matrix),
		cmocka_unit_test(test_raw_large),
		cmocka_unit_test(test_raw_trailing_and_in_used),
		cmocka_unit_test(test_gzip_headers),
		cmocka_unit_test(test_gzip_members_and_padding),
		cmocka_unit_test(test_gzip_bad_headers),
		cmocka_unit_test(test_single_and_empty_codes),
		cmocka_unit_test(test_bad_codes),
		cmocka_unit_test(test_bad_lengths),
		cmocka_unit_test(test_fixed_and_stored_edges),
		cmocka_unit_test(test_truncate_and_corrupt),
	};
	int rc;

	ws = malloc(INFLATE_WORKSPACE_SIZE);
	if (!ws)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(ws);
	return rc;
}
