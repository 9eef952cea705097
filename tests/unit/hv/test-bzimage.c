/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Unit tests of hypervisor/lib/bzimage.c. Synthetic bzImages (a setup
 * header with the fields the function reads, then a payload) cover every
 * payload magic, the setup_sects == 0 rule, protocol versions, each bounds
 * check (offset, length, both near 2^32) and plain ELF input; outputs must
 * stay untouched on every error. If VESTA_TEST_VMLINUZ names a real
 * bzImage (such as Debian's vmlinuz), it must be classified as xz with its
 * payload inside the file; without it that case is skipped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vesta/bzimage.h>
#include <vesta/errno.h>

#define IMG_MAX 0x4000

static uint8_t img[IMG_MAX];

static void wr16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void wr32(uint8_t *p, uint32_t v)
{
	wr16(p, v);
	wr16(p + 2, v >> 16);
}

/*
 * A bzImage with @sects setup sectors whose payload (@magic, @mlen bytes,
 * then filler up to @plen) sits @gap bytes after the protected-mode code.
 * Return: the image length.
 */
static size_t make(unsigned int sects, uint32_t version, uint32_t gap,
		   const void *magic, size_t mlen, uint32_t plen)
{
	size_t pm = ((sects ? sects : 4) + 1) * 512u;

	memset(img, 0xcc, sizeof(img));
	img[0x1f1] = (uint8_t)sects;
	img[0x1fe] = 0x55;
	img[0x1ff] = 0xaa;
	memcpy(img + 0x202, "HdrS", 4);
	wr16(img + 0x206, version);
	wr32(img + 0x248, gap);
	wr32(img + 0x24c, plen);
	assert_true(pm + gap + plen <= sizeof(img));
	memcpy(img + pm + gap, magic, mlen);
	return pm + gap + plen;
}

static int run(size_t len, const uint8_t **p, size_t *plen,
	       enum compression *kind)
{
	return bzimage_payload(img, len, p, plen, kind);
}

static void test_every_magic(void **state)
{
	static const struct {
		const char *magic;
		size_t len;
		enum compression kind;
		const char *name;
	} cases[] = {
		{ "\x1f\x8b\x08", 3, COMPRESSION_GZIP, "gzip" },
		{ "\xfd" "7zXZ\0", 6, COMPRESSION_XZ, "xz" },
		{ "BZh9", 4, COMPRESSION_BZIP2, "bzip2" },
		{ "\x5d\0\0\0\x04", 5, COMPRESSION_LZMA, "lzma" },
		{ "\x89LZO", 4, COMPRESSION_LZO, "lzo" },
		{ "\x02\x21\x4c\x18", 4, COMPRESSION_LZ4, "lz4" },
		{ "\x04\x22\x4d\x18", 4, COMPRESSION_LZ4, "lz4" },
		{ "\x28\xb5\x2f\xfd", 4, COMPRESSION_ZSTD, "zstd" },
		{ "\x7f" "ELF\x02", 5, COMPRESSION_ELF, "elf" },
	};
	const uint8_t *p;
	enum compression kind;
	size_t plen, len;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = make(27, 0x020f, 0x3a0 + (uint32_t)i, cases[i].magic,
			   cases[i].len, 100);
		assert_int_equal(run(len, &p, &plen, &kind), 0);
		assert_ptr_equal(p, img + 28 * 512 + 0x3a0 + i);
		assert_int_equal(plen, 100);
		assert_int_equal(kind, cases[i].kind);
		assert_string_equal(bzimage_compression_name(kind),
				    cases[i].name);
	}
	assert_string_equal(bzimage_compression_name((enum compression)99),
			    "unknown");
}

static void test_setup_sects_zero_means_four(void **state)
{
	const uint8_t *p;
	enum compression kind;
	size_t plen, len;

	(void)state;
	len = make(0, 0x0208, 0, "\x1f\x8b", 2, 2);
	assert_int_equal(len, 5 * 512 + 2);
	assert_int_equal(run(len, &p, &plen, &kind), 0);
	assert_ptr_equal(p, img + 5 * 512);
	assert_int_equal(plen, 2);
	assert_int_equal(kind, COMPRESSION_GZIP);
	/* The payload may end exactly at the end of the image... */
	assert_int_equal(run(len, &p, &plen, &kind), 0);
	/* ...but not one byte later. */
	assert_int_equal(run(len - 1, &p, &plen, &kind), -EINVAL);
}

static void test_old_protocol(void **state)
{
	const uint8_t *p = NULL;
	enum compression kind = COMPRESSION_ZSTD;
	size_t plen = 77, len;

	(void)state;
	len = make(4, 0x0207, 0, "\x1f\x8b", 2, 16);
	assert_int_equal(run(len, &p, &plen, &kind), -ENOEXEC);
	len = make(4, 0x0100, 0, "\x1f\x8b", 2, 16);
	assert_int_equal(run(len, &p, &plen, &kind), -ENOEXEC);
	assert_null(p);
	assert_int_equal(plen, 77);
	assert_int_equal(kind, COMPRESSION_ZSTD);
	len = make(4, 0xffff, 0, "\x1f\x8b", 2, 16);
	assert_int_equal(run(len, &p, &plen, &kind), 0);
}

static void test_bounds(void **state)
{
	const uint8_t *p = NULL;
	enum compression kind = COMPRESSION_ZSTD;
	size_t plen = 77, len;

	(void)state;
	len = make(4, 0x020f, 16, "\xfd" "7zXZ\0", 6, 64);
	/* Length one past the end. */
	wr32(img + 0x24c, 65);
	assert_int_equal(run(len, &p, &plen, &kind), -EINVAL);
	/* Empty payload. */
	wr32(img + 0x24c, 0);
	assert_int_equal(run(len, &p, &plen, &kind), -EINVAL);
	/* Lengths and offsets that would wrap a 32-bit sum. */
	wr32(img + 0x24c, 0xffffffff);
	assert_int_equal(run(len, &p, &plen, &kind), -EINVAL);
	wr32(img + 0x24c, 64);
	wr32(img + 0x248, 0xfffffff0);
	assert_int_equal(run(len, &p, &plen, &kind), -EINVAL);
	wr32(img + 0x248, (uint32_t)(len - 5 * 512 + 1));
	wr32(img + 0x24c, 1);
	assert_int_equal(run(len, &p, &plen, &kind), -EINVAL);
	/* Setup code larger than the whole image. */
	wr32(img + 0x248, 0);
	img[0x1f1] = 255;
	assert_int_equal(run(len, &p, &plen, &kind), -EINVAL);
	assert_null(p);
	assert_int_equal(plen, 77);
	assert_int_equal(kind, COMPRESSION_ZSTD);
}

static void test_unknown_payload(void **state)
{
	const uint8_t *p = NULL;
	enum compression kind;
	size_t plen, len;

	(void)state;
	len = make(4, 0x020f, 0, "\x1f\x8c", 2, 64);
	assert_int_equal(run(len, &p, &plen, &kind), -ENOEXEC);
	/* A magic longer than the payload does not match. */
	len = make(4, 0x020f, 0, "\xfd" "7zX", 4, 4);
	assert_int_equal(run(len, &p, &plen, &kind), -ENOEXEC);
	len = make(4, 0x020f, 0, "\xfd" "7zXZ\0", 6, 6);
	assert_int_equal(run(len, &p, &plen, &kind), 0);
	assert_int_equal(kind, COMPRESSION_XZ);
	assert_int_equal(plen, 6);
}

static void test_plain_elf_and_garbage(void **state)
{
	const uint8_t *p = NULL;
	enum compression kind;
	size_t plen;

	(void)state;
	memset(img, 0, sizeof(img));
	memcpy(img, "\x7f" "ELF", 4);
	assert_int_equal(run(64, &p, &plen, &kind), 0);
	assert_ptr_equal(p, img);
	assert_int_equal(plen, 64);
	assert_int_equal(kind, COMPRESSION_ELF);
	assert_int_equal(run(4, &p, &plen, &kind), 0);
	assert_int_equal(run(3, &p, &plen, &kind), -ENOEXEC);
	assert_int_equal(run(0, &p, &plen, &kind), -ENOEXEC);
	/* A bare gzip file is not a kernel image. */
	memcpy(img, "\x1f\x8b\x08\x00", 4);
	assert_int_equal(run(64, &p, &plen, &kind), -ENOEXEC);
	/* Boot flag without "HdrS", and "HdrS" without the boot flag. */
	img[0x1fe] = 0x55;
	img[0x1ff] = 0xaa;
	assert_int_equal(run(0x300, &p, &plen, &kind), -ENOEXEC);
	memcpy(img + 0x202, "HdrS", 4);
	img[0x1ff] = 0xab;
	assert_int_equal(run(0x300, &p, &plen, &kind), -ENOEXEC);
	/* Signatures present but the header cut short. */
	img[0x1ff] = 0xaa;
	assert_int_equal(run(0x24f, &p, &plen, &kind), -ENOEXEC);
}

static void test_real_vmlinuz(void **state)
{
	const char *path = getenv("VESTA_TEST_VMLINUZ");
	const uint8_t *p;
	enum compression kind;
	uint8_t *buf;
	size_t plen, len;
	long size;
	FILE *f;

	(void)state;
	if (!path || !*path) {
		skip();
		return;
	}
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size > 0);
	rewind(f);
	buf = malloc((size_t)size);
	assert_non_null(buf);
	len = fread(buf, 1, (size_t)size, f);
	fclose(f);
	assert_int_equal(len, (size_t)size);
	assert_int_equal(bzimage_payload(buf, len, &p, &plen, &kind), 0);
	assert_int_equal(kind, COMPRESSION_XZ);
	assert_true(p > buf && plen <= len - (size_t)(p - buf));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_magic),
		cmocka_unit_test(test_setup_sects_zero_means_four),
		cmocka_unit_test(test_old_protocol),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_unknown_payload),
		cmocka_unit_test(test_plain_elf_and_garbage),
		cmocka_unit_test(test_real_vmlinuz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
