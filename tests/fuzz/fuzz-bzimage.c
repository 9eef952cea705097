/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * libFuzzer harness for bzimage_payload(). The input is the image. Checks:
 * only 0, -EINVAL or -ENOEXEC; on success the payload is non-empty, lies
 * inside the image, starts with a magic of the reported kind (a plain ELF
 * file is its own payload); on error the outputs are untouched.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vesta/bzimage.h>
#include <vesta/errno.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const uint8_t *const sentinel = (const uint8_t *)"s";
	const uint8_t *p = sentinel;
	enum compression kind = (enum compression)77;
	size_t plen = 12345;
	int rc;

	rc = bzimage_payload(data, len, &p, &plen, &kind);
	if (rc) {
		if ((rc != -EINVAL && rc != -ENOEXEC) || p != sentinel ||
		    plen != 12345 || kind != (enum compression)77)
			abort();
		return 0;
	}
	if (!plen || p < data || (size_t)(p - data) > len ||
	    plen > len - (size_t)(p - data))
		abort();
	switch (kind) {
	case COMPRESSION_ELF:
		if (plen < 4 || memcmp(p, "\177ELF", 4))
			abort();
		break;
	case COMPRESSION_GZIP:
		if (plen < 2 || p[0] != 0x1f || p[1] != 0x8b)
			abort();
		break;
	case COMPRESSION_XZ:
		if (plen < 6 || memcmp(p, "\xfd" "7zXZ", 6))
			abort();
		break;
	case COMPRESSION_ZSTD:
		if (plen < 4 || memcmp(p, "\x28\xb5\x2f\xfd", 4))
			abort();
		break;
	case COMPRESSION_BZIP2:
	case COMPRESSION_LZMA:
	case COMPRESSION_LZO:
	case COMPRESSION_LZ4:
		if (plen < 2)
			abort();
		break;
	default:
		abort();
	}
	/* A payload other than the whole input means a bzImage header. */
	if (p != data && (len < 0x250 || memcmp(data + 0x202, "HdrS", 4)))
		abort();
	return 0;
}
