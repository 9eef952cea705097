# SPDX-License-Identifier: GPL-2.0-only
# Unit tests for hypervisor/lib/decompress.mk (pattern: see parsers.mk).

# zlib is the oracle of the inflate test only; the library never uses it.
UNIT_TESTS += tests/unit/hv/test-inflate
tests_unit_hv_test_inflate_SOURCES = tests/unit/hv/test-inflate.c
tests_unit_hv_test_inflate_CPPFLAGS = $(UNIT_CPP_FLAGS)
tests_unit_hv_test_inflate_CFLAGS = $(UNIT_C_FLAGS)
tests_unit_hv_test_inflate_LDFLAGS = $(UNIT_LD_FLAGS)
tests_unit_hv_test_inflate_LDADD = $(UNIT_LIBS) $(ZLIB_LIBS)

UNIT_TESTS += tests/unit/hv/test-elf
tests_unit_hv_test_elf_SOURCES = tests/unit/hv/test-elf.c
tests_unit_hv_test_elf_CPPFLAGS = $(UNIT_CPP_FLAGS)
tests_unit_hv_test_elf_CFLAGS = $(UNIT_C_FLAGS)
tests_unit_hv_test_elf_LDFLAGS = $(UNIT_LD_FLAGS)
tests_unit_hv_test_elf_LDADD = $(UNIT_LIBS)

UNIT_TESTS += tests/unit/hv/test-bzimage
tests_unit_hv_test_bzimage_SOURCES = tests/unit/hv/test-bzimage.c
tests_unit_hv_test_bzimage_CPPFLAGS = $(UNIT_CPP_FLAGS)
tests_unit_hv_test_bzimage_CFLAGS = $(UNIT_C_FLAGS)
tests_unit_hv_test_bzimage_LDFLAGS = $(UNIT_LD_FLAGS)
tests_unit_hv_test_bzimage_LDADD = $(UNIT_LIBS)

# liblzma is the oracle of the xz test only; the library never uses it.
UNIT_TESTS += tests/unit/hv/test-xz
tests_unit_hv_test_xz_SOURCES = tests/unit/hv/test-xz.c
tests_unit_hv_test_xz_CPPFLAGS = $(UNIT_CPP_FLAGS)
tests_unit_hv_test_xz_CFLAGS = $(UNIT_C_FLAGS)
tests_unit_hv_test_xz_LDFLAGS = $(UNIT_LD_FLAGS)
tests_unit_hv_test_xz_LDADD = $(UNIT_LIBS) $(LZMA_LIBS)
