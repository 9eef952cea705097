# SPDX-License-Identifier: GPL-2.0-only
# Unit tests for hypervisor/lib/parsers.mk. Pattern for each test:
#   UNIT_TESTS += tests/unit/hv/test-foo
#   tests_unit_hv_test_foo_SOURCES = tests/unit/hv/test-foo.c
#   tests_unit_hv_test_foo_CPPFLAGS = $(UNIT_CPP_FLAGS)
#   tests_unit_hv_test_foo_CFLAGS = $(UNIT_C_FLAGS)
#   tests_unit_hv_test_foo_LDFLAGS = $(UNIT_LD_FLAGS)
#   tests_unit_hv_test_foo_LDADD = $(UNIT_LIBS)

UNIT_TESTS += tests/unit/hv/test-string
tests_unit_hv_test_string_SOURCES = tests/unit/hv/test-string.c \
	tests/unit/hv/hv-string.c
tests_unit_hv_test_string_CPPFLAGS = $(UNIT_CPP_FLAGS)
tests_unit_hv_test_string_CFLAGS = $(UNIT_C_FLAGS)
tests_unit_hv_test_string_LDFLAGS = $(UNIT_LD_FLAGS)
tests_unit_hv_test_string_LDADD = $(UNIT_LIBS)

UNIT_TESTS += tests/unit/hv/test-format
tests_unit_hv_test_format_SOURCES = tests/unit/hv/test-format.c
tests_unit_hv_test_format_CPPFLAGS = $(UNIT_CPP_FLAGS)
tests_unit_hv_test_format_CFLAGS = $(UNIT_C_FLAGS)
tests_unit_hv_test_format_LDFLAGS = $(UNIT_LD_FLAGS)
tests_unit_hv_test_format_LDADD = $(UNIT_LIBS)

UNIT_TESTS += tests/unit/hv/test-cmdline
tests_unit_hv_test_cmdline_SOURCES = tests/unit/hv/test-cmdline.c
tests_unit_hv_test_cmdline_CPPFLAGS = $(UNIT_CPP_FLAGS)
tests_unit_hv_test_cmdline_CFLAGS = $(UNIT_C_FLAGS)
tests_unit_hv_test_cmdline_LDFLAGS = $(UNIT_LD_FLAGS)
tests_unit_hv_test_cmdline_LDADD = $(UNIT_LIBS)

UNIT_TESTS += tests/unit/hv/test-multiboot
tests_unit_hv_test_multiboot_SOURCES = tests/unit/hv/test-multiboot.c
tests_unit_hv_test_multiboot_CPPFLAGS = $(UNIT_CPP_FLAGS)
tests_unit_hv_test_multiboot_CFLAGS = $(UNIT_C_FLAGS)
tests_unit_hv_test_multiboot_LDFLAGS = $(UNIT_LD_FLAGS)
tests_unit_hv_test_multiboot_LDADD = $(UNIT_LIBS)

UNIT_TESTS += tests/unit/hv/test-memmap
tests_unit_hv_test_memmap_SOURCES = tests/unit/hv/test-memmap.c
tests_unit_hv_test_memmap_CPPFLAGS = $(UNIT_CPP_FLAGS)
tests_unit_hv_test_memmap_CFLAGS = $(UNIT_C_FLAGS)
tests_unit_hv_test_memmap_LDFLAGS = $(UNIT_LD_FLAGS)
tests_unit_hv_test_memmap_LDADD = $(UNIT_LIBS)

UNIT_TESTS += tests/unit/hv/test-bitmap
tests_unit_hv_test_bitmap_SOURCES = tests/unit/hv/test-bitmap.c
tests_unit_hv_test_bitmap_CPPFLAGS = $(UNIT_CPP_FLAGS)
tests_unit_hv_test_bitmap_CFLAGS = $(UNIT_C_FLAGS)
tests_unit_hv_test_bitmap_LDFLAGS = $(UNIT_LD_FLAGS)
tests_unit_hv_test_bitmap_LDADD = $(UNIT_LIBS)
