/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Unit tests of hypervisor/lib/xz*.c against liblzma as the oracle. liblzma
 * encodes random, compressible, incompressible and x86-like data of many
 * sizes with every check type, presets 0-9 (and extreme), custom lc/lp/pb,
 * the x86 BCJ filter (also chained twice, odd start offsets), several
 * blocks per stream (with and without sizes in the block headers) and
 * concatenated streams with padding; our output must match byte for byte,
 * xz_uncompressed_size() must agree, and every smaller output buffer must
 * give -ENOSPC. Corrupted inputs (every bit flipped, every truncation,
 * random byte damage) are decoded by both: whenever liblzma rejects, so
 * must we, and whenever we accept the output must be liblzma's. A guard
 * region after the output buffer and ASan catch any write past out_cap.
 * Hand-made files cover unsupported filters and checks, index tampering,
 * stray stream padding and the overflow of xz_uncompressed_size(). If
 * VESTA_TEST_VMLINUZ names a bzImage its payload is decoded too.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lzma.h>

#include <vesta/errno.h>
#include <vesta/xz.h>

#define GUARD 64
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define GUARD_BYTE 0xa5

static unsigned long long rng_state = 0x9e3779b97f4a7c15ull;
static void *ws;

static unsigned int rnd(unsigned int n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned int)(rng_state % n);
}

enum kind { K_RANDOM, K_TEXT, K_ZERO, K_X86, K_BCJ_TORTURE, K_MIXED };

static uint8_t *gen(enum kind kind, size_t len)
{
	static const char *words[] = {
	    "the ",   "hypervisor ", "domain ", "page ", "grant ",
	    "event ", "channel ",    "\n",	"0x",	 "ffff8000",
	    "vcpu",   "; ",	     "{",	"}\n",
	};
	uint8_t *p = malloc(len ? len : 1);
	size_t i = 0;

	assert_non_null(p);
	while (i < len) {
		switch (kind) {
		case K_RANDOM:
			p[i++] = (uint8_t)rnd(256);
			break;
		case K_TEXT: {
			const char *w = words[rnd(ARRAY_SIZE(words))];

			for (; *w && i < len; w++)
				p[i++] = (uint8_t)*w;
			break;
		}
		case K_ZERO:
			p[i++] = 0;
			break;
		case K_X86:
			/* Code-like: calls/jumps to nearby targets in noise. */
			if (rnd(6) == 0 && len - i >= 5) {
				p[i++] = rnd(2) ? 0xe8 : 0xe9;
				p[i++] = (uint8_t)rnd(256);
				p[i++] = (uint8_t)rnd(256);
				p[i++] = (uint8_t)rnd(4);
				p[i++] = rnd(2) ? 0x00 : 0xff;
			} else {
				static const uint8_t ops[] = {
				    0x48, 0x89, 0xe5, 0x8b, 0x45, 0xc3,
				    0x55, 0x0f, 0x1f, 0x44, 0x00, 0x00,
				};
				p[i++] = ops[rnd(ARRAY_SIZE(ops))];
			}
			break;
		case K_BCJ_TORTURE: {
			static const uint8_t b[] = {0x00, 0xff, 0xe8, 0xe9};
			unsigned int r = rnd(5);

			p[i++] = r < 4 ? b[r] : (uint8_t)rnd(256);
			break;
		}
		case K_MIXED: {
			/* Alternating stored and compressed LZMA2 chunks. */
			size_t run = 1000 + rnd(200000);
			int sub = rnd(2);

			for (; run && i < len; run--, i++)
				p[i] = sub ? (uint8_t)rnd(256)
					   : (uint8_t) "ab"[rnd(2)];
			break;
		}
		}
	}
	return p;
}

/* Zero means the default: CRC64, preset 1, the preset's lc/lp/pb. */
struct enc_opts {
	int check1;	  /* 1 + lzma_check */
	uint32_t preset1; /* 1 + preset */
	int bcj;	  /* number of x86 filters before LZMA2 */
	uint32_t bcj_start;
	bool lclppb; /* use the next three */
	int lc, lp, pb;
	size_t block;	 /* 0: one block; else a block every @block bytes */
	bool mt;	 /* multi-threaded encoder: sizes in headers */
	bool buffer_api; /* lzma_stream_buffer_encode() */
	bool small_dict; /* 4 KiB: cheap for liblzma to decode often */
};

static lzma_check check_of(const struct enc_opts *o)
{
	return o->check1 ? (lzma_check)(o->check1 - 1) : LZMA_CHECK_CRC64;
}

static void build_filters(const struct enc_opts *o, lzma_filter *f,
			  lzma_options_lzma *lz, lzma_options_bcj *bcj)
{
	int n = 0;

	assert_false(lzma_lzma_preset(lz, o->preset1 ? o->preset1 - 1 : 1));
	/*
	 * Presets 7-9 differ from 6 only in dictionary size, which cannot
	 * matter for inputs this small; capping it saves the encoder's
	 * hundreds of megabytes.
	 */
	if (lz->dict_size > (4u << 20))
		lz->dict_size = 4u << 20;
	if (o->small_dict)
		lz->dict_size = LZMA_DICT_SIZE_MIN;
	if (o->lclppb) {
		lz->lc = o->lc;
		lz->lp = o->lp;
		lz->pb = o->pb;
	}
	bcj->start_offset = o->bcj_start;
	for (int i = 0; i < o->bcj; i++) {
		f[n].id = LZMA_FILTER_X86;
		f[n++].options = bcj;
	}
	f[n].id = LZMA_FILTER_LZMA2;
	f[n++].options = lz;
	f[n].id = LZMA_VLI_UNKNOWN;
	f[n].options = NULL;
}

static uint8_t *encode(const struct enc_opts *o, const uint8_t *data,
		       size_t len, size_t *enc_len)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_options_lzma lz;
	lzma_options_bcj bcj;
	lzma_filter f[5];
	size_t cap = lzma_stream_buffer_bound(len) + 4096, fed = 0;
	uint8_t *out = malloc(cap);
	lzma_ret r;

	assert_non_null(out);
	build_filters(o, f, &lz, &bcj);
	if (o->buffer_api) {
		*enc_len = 0;
		r = lzma_stream_buffer_encode(f, check_of(o), NULL, data, len,
					      out, enc_len, cap);
		assert_int_equal(r, LZMA_OK);
		return out;
	}
	if (o->mt) {
		lzma_mt mt = {
		    .threads = 2,
		    .block_size = o->block,
		    .filters = f,
		    .check = check_of(o),
		};
		r = lzma_stream_encoder_mt(&s, &mt);
	} else {
		r = lzma_stream_encoder(&s, f, check_of(o));
	}
	assert_int_equal(r, LZMA_OK);
	s.next_out = out;
	s.avail_out = cap;
	do {
		size_t step = len - fed;
		lzma_action act = LZMA_FINISH;

		if (!o->mt && o->block && step > o->block) {
			step = o->block;
			act = LZMA_FULL_FLUSH;
		}
		s.next_in = data + fed;
		s.avail_in = step;
		do {
			r = lzma_code(&s, act);
		} while (r == LZMA_OK && (s.avail_in || act == LZMA_FINISH));
		fed += step;
		if (act == LZMA_FULL_FLUSH)
			assert_int_equal(r, LZMA_STREAM_END);
	} while (fed < len && r == LZMA_STREAM_END);
	assert_int_equal(r, LZMA_STREAM_END);
	*enc_len = s.total_out;
	lzma_end(&s);
	return out;
}

/* liblzma's verdict: decoded length, or -1 if it rejects the file. */
static long ref_decode(const uint8_t *in, size_t in_len, uint8_t *out,
		       size_t cap)
{
	uint64_t memlimit = UINT64_MAX;
	size_t in_pos = 0, out_pos = 0;
	lzma_ret r;

	r = lzma_stream_buffer_decode(&memlimit, LZMA_CONCATENATED, NULL, in,
				      &in_pos, in_len, out, &out_pos, cap);
	if (r != LZMA_OK || in_pos != in_len)
		return -1;
	return (long)out_pos;
}

/* Our decoder into an exactly sized buffer followed by a guard region. */
static int our_decode(const uint8_t *in, size_t in_len, uint8_t *buf,
		      size_t cap, size_t *out_len)
{
	int rc;

	memset(buf + cap, GUARD_BYTE, GUARD);
	rc = xz_decode(in, in_len, buf, cap, out_len, ws);
	for (size_t i = 0; i < GUARD; i++)
		assert_int_equal(buf[cap + i], GUARD_BYTE);
	assert_true(*out_len <= cap);
	if (rc)
		assert_non_null(xz_error_reason(ws));
	else
		assert_null(xz_error_reason(ws));
	return rc;
}

static unsigned int files_checked;

/* Must decode to @data; smaller buffers must give -ENOSPC. */
static void check_file(const uint8_t *enc, size_t enc_len, const uint8_t *data,
		       size_t len, bool all_caps)
{
	uint8_t *buf = malloc(len + GUARD);
	uint64_t size = 0;
	size_t out_len;
	int rc;

	assert_non_null(buf);
	rc = our_decode(enc, enc_len, buf, len, &out_len);
	if (rc)
		fail_msg("decode failed: %d (%s), len %zu", rc,
			 xz_error_reason(ws), len);
	assert_int_equal(out_len, len);
	assert_memory_equal(buf, data, len);
	assert_int_equal(xz_uncompressed_size(enc, enc_len, &size), 0);
	assert_int_equal(size, len);
	if (len) {
		size_t caps[] = {0, len / 2, len - 1};

		for (size_t i = 0; i < ARRAY_SIZE(caps); i++)
			assert_int_equal(
			    our_decode(enc, enc_len, buf, caps[i], &out_len),
			    -ENOSPC);
	}
	for (size_t cap = 0; all_caps && cap < len; cap++)
		assert_int_equal(our_decode(enc, enc_len, buf, cap, &out_len),
				 -ENOSPC);
	free(buf);
	files_checked++;
}

static void roundtrip(const struct enc_opts *o, enum kind kind, size_t len)
{
	uint8_t *data = gen(kind, len), *enc;
	size_t enc_len;

	enc = encode(o, data, len, &enc_len);
	check_file(enc, enc_len, data, len, false);
	free(enc);
	free(data);
}

#define OPTS(...) ((struct enc_opts){__VA_ARGS__})

static void test_sizes(void **state)
{
	static const size_t sizes[] = {
	    0,
	    1,
	    2,
	    3,
	    4,
	    5,
	    6,
	    7,
	    8,
	    15,
	    16,
	    17,
	    100,
	    255,
	    256,
	    257,
	    4095,
	    4096,
	    4097,
	    65535,
	    65536,
	    65537,
	    200000,
	    1 << 20,
	    (2 << 20) + 1,
	    (3 << 20) + 7,
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (int k = K_RANDOM; k <= K_ZERO; k++) {
			roundtrip(&OPTS(.preset1 = 1 + 0), k, sizes[i]);
			if (sizes[i] < 70000)
				roundtrip(&OPTS(.buffer_api = true), k,
					  sizes[i]);
		}
	}
}

static void test_checks(void **state)
{
	static const lzma_check checks[] = {
	    LZMA_CHECK_NONE,
	    LZMA_CHECK_CRC32,
	    LZMA_CHECK_CRC64,
	    LZMA_CHECK_SHA256,
	};
	static const size_t sizes[] = {0, 1, 55, 56, 63, 64, 119, 120, 5000};

	(void)state;
	for (size_t c = 0; c < ARRAY_SIZE(checks); c++) {
		for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
			roundtrip(&OPTS(.check1 = 1 + checks[c]), K_TEXT,
				  sizes[i]);
	}
}

static void test_presets(void **state)
{
	(void)state;
	for (uint32_t p = 0; p <= 9; p++) {
		roundtrip(&OPTS(.preset1 = 1 + p), K_TEXT, 300000);
		roundtrip(&OPTS(.preset1 = (1 + p) | LZMA_PRESET_EXTREME),
			  K_X86, 100000);
	}
}

static void test_lclppb(void **state)
{
	(void)state;
	for (int lc = 0; lc <= 4; lc++) {
		for (int lp = 0; lc + lp <= 4; lp++) {
			for (int pb = 0; pb <= 4; pb++)
				roundtrip(&OPTS(.lclppb = true, .lc = lc,
						.lp = lp, .pb = pb),
					  rnd(2) ? K_TEXT : K_X86, 20000);
		}
	}
	roundtrip(
	    &OPTS(.lclppb = true, .lc = 0, .lp = 4, .pb = 4, .preset1 = 1 + 6),
	    K_X86, 300000);
}

static void test_incompressible(void **state)
{
	(void)state;
	roundtrip(&OPTS(.preset1 = 1 + 0), K_RANDOM, 3 << 20);
	roundtrip(&OPTS(.preset1 = 1 + 2), K_MIXED, 2 << 20);
	roundtrip(&OPTS(.preset1 = 1 + 2, .buffer_api = true), K_MIXED,
		  1 << 20);
}

static void test_bcj(void **state)
{
	static const uint32_t starts[] = {
	    0, 1, 3, 4, 0x1000, 0x7fffffff, 0xfffffff0u, 0xfffffffeu,
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(starts); i++) {
		roundtrip(&OPTS(.bcj = 1, .bcj_start = starts[i]), K_X86,
			  50000);
		roundtrip(&OPTS(.bcj = 1, .bcj_start = starts[i]),
			  K_BCJ_TORTURE, 50000);
	}
	for (size_t len = 0; len < 40; len++)
		roundtrip(&OPTS(.bcj = 1), K_BCJ_TORTURE, len);
	roundtrip(&OPTS(.bcj = 2, .bcj_start = 77), K_BCJ_TORTURE, 100000);
	roundtrip(&OPTS(.bcj = 3), K_X86, 100000);
	roundtrip(&OPTS(.bcj = 1, .check1 = 1 + LZMA_CHECK_CRC32,
			.preset1 = (1 + 6) | LZMA_PRESET_EXTREME),
		  K_X86, 2 << 20);
	roundtrip(&OPTS(.bcj = 1, .buffer_api = true), K_BCJ_TORTURE, 300000);
}

static void test_blocks(void **state)
{
	(void)state;
	roundtrip(&OPTS(.block = 10000), K_TEXT, 100000);
	roundtrip(&OPTS(.block = 1), K_TEXT, 50);
	roundtrip(
	    &OPTS(.block = 65536, .bcj = 1, .check1 = 1 + LZMA_CHECK_SHA256),
	    K_X86, 300001);
	roundtrip(&OPTS(.block = 100000, .mt = true), K_TEXT, 1000000);
	roundtrip(&OPTS(.block = 50000, .mt = true, .bcj = 1,
			.check1 = 1 + LZMA_CHECK_CRC32),
		  K_BCJ_TORTURE, 400000);
	roundtrip(&OPTS(.block = 70000, .mt = true), K_MIXED, 500000);
}

/* Appends @n bytes at @p to the growing buffer *@buf. */
static void append(uint8_t **buf, size_t *len, const void *p, size_t n)
{
	*buf = realloc(*buf, *len + n + 1);
	assert_non_null(*buf);
	memcpy(*buf + *len, p, n);
	*len += n;
}

static void test_concatenated(void **state)
{
	static const uint8_t zeros[16];
	uint8_t *file = NULL, *data = NULL;
	size_t file_len = 0, data_len = 0;

	(void)state;
	for (int i = 0; i < 6; i++) {
		size_t len = i == 2 ? 0 : rnd(100000);
		struct enc_opts o =
		    OPTS(.check1 = 1 + (i % 2 ? 1 : 10), .bcj = i % 3 == 0,
			 .block = i == 4 ? 9999 : 0);
		uint8_t *part = gen(i % 2 ? K_X86 : K_TEXT, len), *enc;
		size_t enc_len;

		enc = encode(&o, part, len, &enc_len);
		append(&file, &file_len, enc, enc_len);
		append(&file, &file_len, zeros, 4 * (i % 4));
		append(&data, &data_len, part, len);
		check_file(file, file_len, data, data_len, false);
		free(part);
		free(enc);
	}
	free(file);
	free(data);
}

/*
 * Differential check of one (possibly corrupt) file: liblzma's rejection
 * must be ours, and our success must reproduce liblzma's output.
 */
static unsigned int diff_rejected, diff_accepted;

static void differential(const uint8_t *in, size_t in_len, size_t max_out)
{
	uint8_t *ref = malloc(max_out + 1), *buf = malloc(max_out + GUARD);
	long ref_len = ref_decode(in, in_len, ref, max_out + 1);
	size_t out_len;
	uint64_t size;
	int rc;

	rc = our_decode(in, in_len, buf, max_out, &out_len);
	if (ref_len < 0 || (size_t)ref_len > max_out) {
		if (!rc)
			fail_msg("accepted what liblzma rejects (len %zu)",
				 in_len);
		assert_true(rc == -EINVAL || rc == -EOPNOTSUPP ||
			    rc == -ENOSPC);
		diff_rejected++;
	} else {
		if (rc)
			fail_msg("rejected what liblzma accepts: %d (%s)", rc,
				 xz_error_reason(ws));
		assert_int_equal(out_len, ref_len);
		assert_memory_equal(buf, ref, out_len);
		diff_accepted++;
	}
	/* Must not crash; on success it must agree with the index. */
	if (!xz_uncompressed_size(in, in_len, &size) && !rc)
		assert_int_equal(size, out_len);
	free(ref);
	free(buf);
}

static void corrupt_all(const struct enc_opts *o, enum kind kind, size_t len)
{
	uint8_t *data = gen(kind, len), *enc, *bad;
	size_t enc_len;

	enc = encode(o, data, len, &enc_len);
	bad = malloc(enc_len);
	for (size_t i = 0; i < enc_len; i++) {
		for (int bit = 0; bit < 8; bit++) {
			memcpy(bad, enc, enc_len);
			bad[i] ^= (uint8_t)(1u << bit);
			differential(bad, enc_len, len + 64);
		}
	}
	for (size_t n = 0; n < enc_len; n++)
		differential(enc, n, len + 64);
	free(bad);
	free(enc);
	free(data);
}

static void test_corrupt_bits(void **state)
{
	(void)state;
	corrupt_all(&OPTS(.small_dict = true, .check1 = 1 + LZMA_CHECK_CRC32),
		    K_TEXT, 300);
	corrupt_all(&OPTS(.small_dict = true, .check1 = 1 + LZMA_CHECK_CRC64,
			  .bcj = 1, .buffer_api = true),
		    K_X86, 200);
	corrupt_all(&OPTS(.small_dict = true, .check1 = 1 + LZMA_CHECK_SHA256,
			  .block = 50),
		    K_RANDOM, 120);
	corrupt_all(&OPTS(.small_dict = true, .check1 = 1 + LZMA_CHECK_CRC32,
			  .lclppb = true, .lc = 0, .lp = 2, .pb = 3),
		    K_MIXED, 2000);
	print_message("differential: %u rejected, %u accepted\n", diff_rejected,
		      diff_accepted);
}

/* Random multi-byte damage to bigger files, including with no check. */
static void test_corrupt_random(void **state)
{
	static const struct enc_opts opts[] = {
	    OPTS(.check1 = 1 + LZMA_CHECK_NONE, .small_dict = true),
	    OPTS(.check1 = 1 + LZMA_CHECK_CRC32, .bcj = 1, .block = 3000,
		 .small_dict = true),
	    OPTS(.check1 = 1 + LZMA_CHECK_CRC64, .preset1 = 1 + 6,
		 .small_dict = true),
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++) {
		uint8_t *data = gen(i == 1 ? K_X86 : K_TEXT, 20000), *enc;
		size_t enc_len;

		enc = encode(&opts[i], data, 20000, &enc_len);
		for (int round = 0; round < 300; round++) {
			uint8_t *bad = malloc(enc_len);
			int hits = 1 + rnd(4);

			memcpy(bad, enc, enc_len);
			for (int h = 0; h < hits; h++)
				bad[rnd(enc_len)] = (uint8_t)rnd(256);
			differential(bad, enc_len, 20000 + rnd(2) * 1000);
			free(bad);
		}
		free(enc);
		free(data);
	}
}

static void test_enospc_every_cap(void **state)
{
	uint8_t *data = gen(K_TEXT, 3000), *enc;
	size_t enc_len;

	(void)state;
	enc = encode(&OPTS(.bcj = 1, .block = 1000), data, 3000, &enc_len);
	check_file(enc, enc_len, data, 3000, true);
	free(enc);
	free(data);
}

static uint32_t crc32_of(const uint8_t *p, size_t n)
{
	return lzma_crc32(p, n, 0);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Encodes an empty-filter-options stream via raw filters and a header. */
static uint8_t *encode_filters(lzma_filter *f, const uint8_t *data, size_t len,
			       size_t *enc_len)
{
	size_t cap = lzma_stream_buffer_bound(len) + 4096;
	uint8_t *out = malloc(cap);

	*enc_len = 0;
	assert_int_equal(lzma_stream_buffer_encode(f, LZMA_CHECK_CRC32, NULL,
						   data, len, out, enc_len,
						   cap),
			 LZMA_OK);
	return out;
}

static void test_unsupported(void **state)
{
	uint8_t *data = gen(K_TEXT, 1000), *enc, buf[1000 + GUARD];
	lzma_options_lzma lz;
	lzma_options_delta delta = {.type = LZMA_DELTA_TYPE_BYTE, .dist = 2};
	lzma_options_bcj bcj = {0};
	lzma_filter f[3] = {
	    {LZMA_FILTER_DELTA, &delta},
	    {LZMA_FILTER_LZMA2, &lz},
	    {LZMA_VLI_UNKNOWN, NULL},
	};
	size_t enc_len, out_len;

	(void)state;
	lzma_lzma_preset(&lz, 1);
	enc = encode_filters(f, data, 1000, &enc_len);
	assert_int_equal(our_decode(enc, enc_len, buf, 1000, &out_len),
			 -EOPNOTSUPP);
	free(enc);
	f[0].id = LZMA_FILTER_ARM;
	f[0].options = &bcj;
	enc = encode_filters(f, data, 1000, &enc_len);
	assert_int_equal(our_decode(enc, enc_len, buf, 1000, &out_len),
			 -EOPNOTSUPP);
	free(enc);

	/* Check ID 2 (4 bytes, reserved): patch flags, fix the CRC32s. */
	f[0].id = LZMA_FILTER_LZMA2;
	f[0].options = &lz;
	f[1].id = LZMA_VLI_UNKNOWN;
	enc = encode_filters(f, data, 1000, &enc_len);
	enc[7] = 2;
	put_le32(enc + 8, crc32_of(enc + 6, 2));
	enc[enc_len - 3] = 2;
	put_le32(enc + enc_len - 12, crc32_of(enc + enc_len - 8, 6));
	assert_int_equal(our_decode(enc, enc_len, buf, 1000, &out_len),
			 -EOPNOTSUPP);
	/* Reserved stream flag bits. */
	enc[7] = 0x21;
	put_le32(enc + 8, crc32_of(enc + 6, 2));
	assert_int_equal(our_decode(enc, enc_len, buf, 1000, &out_len),
			 -EOPNOTSUPP);
	free(enc);
	free(data);
}

static void test_malformed(void **state)
{
	uint8_t *data = gen(K_TEXT, 30000), *enc, *buf = malloc(30000 + GUARD);
	size_t enc_len, out_len, idx;
	uint64_t size;

	(void)state;
	/* Two blocks of equal compressed size: swap their index records. */
	enc = encode(&OPTS(.block = 15000), data, 30000, &enc_len);
	assert_int_equal(our_decode(enc, enc_len, buf, 30000, &out_len), 0);
	idx = enc_len - 12 -
	      (((size_t)enc[enc_len - 8] | (size_t)enc[enc_len - 7] << 8) + 1) *
		  4;
	assert_int_equal(enc[idx], 0);
	assert_int_equal(enc[idx + 1], 2);
	{
		/* Records are unpadded, uncompressed VLIs; swap the sizes. */
		uint8_t r[32];
		size_t a = idx + 2, n1 = 0, n2 = 0;

		while (enc[a + n1] & 0x80)
			n1++;
		n1++;
		while (enc[a + n1 + n2] & 0x80)
			n2++;
		n2++;
		/* Same uncompressed sizes; change the first unpadded size. */
		memcpy(r, enc + a, n1 + n2);
		r[0] ^= 4;
		memcpy(enc + a, r, n1 + n2);
		put_le32(enc + enc_len - 16,
			 crc32_of(enc + idx, enc_len - 16 - idx));
	}
	assert_int_equal(our_decode(enc, enc_len, buf, 30000, &out_len),
			 -EINVAL);
	free(enc);

	/* Padding before the first stream, and odd-sized padding. */
	enc = encode(&OPTS(), data, 1000, &enc_len);
	{
		uint8_t *padded = calloc(1, enc_len + 8);

		memcpy(padded + 4, enc, enc_len);
		assert_int_equal(
		    our_decode(padded, enc_len + 4, buf, 1000, &out_len),
		    -EINVAL);
		assert_int_equal(
		    xz_uncompressed_size(padded, enc_len + 4, &size), -EINVAL);
		memcpy(padded, enc, enc_len);
		memset(padded + enc_len, 0, 8);
		assert_int_equal(
		    our_decode(padded, enc_len + 3, buf, 1000, &out_len),
		    -EINVAL);
		assert_int_equal(
		    our_decode(padded, enc_len + 8, buf, 1000, &out_len), 0);
		assert_int_equal(
		    xz_uncompressed_size(padded, enc_len + 8, &size), 0);
		assert_int_equal(size, 1000);
		assert_int_equal(xz_uncompressed_size(padded, 8, &size),
				 -EINVAL);
		free(padded);
	}
	assert_int_equal(our_decode(enc, 0, buf, 1000, &out_len), -EINVAL);
	assert_int_equal(xz_uncompressed_size(enc, 0, &size), -EINVAL);
	/* A misaligned workspace is refused. */
	assert_int_equal(
	    xz_decode(enc, enc_len, buf, 1000, &out_len, (char *)ws + 1),
	    -EINVAL);
	free(enc);
	free(buf);
	free(data);
}

/*
 * A stream with @n blocks that claim huge uncompressed sizes: only the
 * index is real, which is all xz_uncompressed_size() reads.
 */
static size_t fake_stream(uint8_t *p, uint64_t usize)
{
	static const uint8_t magic[6] = {0xfd, '7', 'z', 'X', 'Z', 0};
	uint8_t *q = p;
	size_t index;

	memcpy(q, magic, 6);
	q[6] = 0;
	q[7] = 1;
	put_le32(q + 8, crc32_of(q + 6, 2));
	q += 12;
	memset(q, 0x55, 12); /* a 12-byte "block" nobody decodes */
	q += 12;
	index = q - p;
	q[0] = 0;
	q[1] = 1;
	q[2] = 12; /* unpadded size */
	q += 3;
	for (int i = 0; i < 9; i++) { /* uncompressed size VLI */
		*q = (uint8_t)(usize & 0x7f);
		usize >>= 7;
		if (!usize) {
			q++;
			break;
		}
		*q++ |= 0x80;
	}
	while ((q - p) & 3)
		*q++ = 0;
	put_le32(q, crc32_of(p + index, q - p - index));
	q += 4;
	put_le32(q + 4, (uint32_t)((q - p - index) / 4 - 1));
	q[8] = 0;
	q[9] = 1;
	put_le32(q, crc32_of(q + 4, 6));
	q[10] = 'Y';
	q[11] = 'Z';
	return q + 12 - p;
}

static void test_size_overflow(void **state)
{
	uint8_t file[256];
	size_t len = 0;
	uint64_t size;

	(void)state;
	len += fake_stream(file, 1ull << 62);
	assert_int_equal(xz_uncompressed_size(file, len, &size), 0);
	assert_int_equal(size, 1ull << 62);
	len += fake_stream(file + len, (1ull << 63) - 1);
	len += fake_stream(file + len, (1ull << 63) - 1);
	assert_int_equal(xz_uncompressed_size(file, len, &size), -EOVERFLOW);
}

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * The payload of a bzImage: the setup header names it relative to the
 * protected-mode code, which follows the (setup_sects + 1) sectors of
 * real-mode setup. The kernel build appends the uncompressed size as
 * 4 bytes (size_append), which is not stream padding: strip it.
 */
static void decode_bzimage(const uint8_t *img, size_t len)
{
	unsigned int setup_sects;
	size_t base, off, plen, out_len;
	uint64_t size;
	uint8_t *out;

	assert_true(len > 0x250);
	setup_sects = img[0x1f1] ? img[0x1f1] : 4;
	base = (size_t)(setup_sects + 1) * 512;
	off = get_le32(img + 0x248);
	plen = get_le32(img + 0x24c);
	assert_true(base <= len && off <= len - base &&
		    plen <= len - base - off && plen > 4);
	img += base + off;
	if (memcmp(img,
		   "\xfd"
		   "7zXZ",
		   6)) {
		skip();
		return;
	}
	plen -= 4;
	assert_int_equal(xz_uncompressed_size(img, plen, &size), 0);
	assert_int_equal(size, get_le32(img + plen));
	out = malloc(size + GUARD);
	assert_non_null(out);
	assert_int_equal(our_decode(img, plen, out, size, &out_len), 0);
	assert_int_equal(out_len, size);
	assert_memory_equal(out,
			    "\x7f"
			    "ELF",
			    4);
	free(out);
}

static void test_bzimage_synthetic(void **state)
{
	size_t elf_len = 200000, enc_len, img_len;
	uint8_t *elf = gen(K_X86, elf_len), *enc, *img;

	(void)state;
	memcpy(elf,
	       "\x7f"
	       "ELF",
	       4);
	enc = encode(&OPTS(.bcj = 1, .check1 = 1 + LZMA_CHECK_CRC32), elf,
		     elf_len, &enc_len);
	img_len = 3 * 512 + 0x100 + enc_len + 4;
	img = calloc(1, img_len);
	img[0x1f1] = 2;
	put_le32(img + 0x248, 0x100);
	put_le32(img + 0x24c, (uint32_t)enc_len + 4);
	memcpy(img + 3 * 512 + 0x100, enc, enc_len);
	put_le32(img + 3 * 512 + 0x100 + enc_len, (uint32_t)elf_len);
	decode_bzimage(img, img_len);
	free(img);
	free(enc);
	free(elf);
}

static void test_vmlinuz(void **state)
{
	const char *path = getenv("VESTA_TEST_VMLINUZ");
	uint8_t *img;
	long len;
	FILE *f;

	(void)state;
	if (!path || !*path) {
		print_message("VESTA_TEST_VMLINUZ not set\n");
		skip();
		return;
	}
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len > 0);
	rewind(f);
	img = malloc(len);
	assert_int_equal(fread(img, 1, len, f), (size_t)len);
	fclose(f);
	decode_bzimage(img, (size_t)len);
	free(img);
}

static int setup(void **state)
{
	(void)state;
	ws = malloc(XZ_WORKSPACE_SIZE);
	return ws ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	print_message("%u files decoded and compared\n", files_checked);
	free(ws);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sizes),
	    cmocka_unit_test(test_checks),
	    cmocka_unit_test(test_presets),
	    cmocka_unit_test(test_lclppb),
	    cmocka_unit_test(test_incompressible),
	    cmocka_unit_test(test_bcj),
	    cmocka_unit_test(test_blocks),
	    cmocka_unit_test(test_concatenated),
	    cmocka_unit_test(test_corrupt_bits),
	    cmocka_unit_test(test_corrupt_random),
	    cmocka_unit_test(test_enospc_every_cap),
	    cmocka_unit_test(test_unsupported),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_size_overflow),
	    cmocka_unit_test(test_bzimage_synthetic),
	    cmocka_unit_test(test_vmlinuz),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
