# SPDX-License-Identifier: GPL-2.0-only
# Unit tests for hypervisor/lib/x86-decode.mk. objdump is an optional oracle
# found at run time (the differential test skips without it).
UNIT_TESTS += tests/unit/hv/test-x86-decode
tests_unit_hv_test_x86_decode_SOURCES = tests/unit/hv/test-x86-decode.c
tests_unit_hv_test_x86_decode_CPPFLAGS = $(UNIT_CPP_FLAGS)
tests_unit_hv_test_x86_decode_CFLAGS = $(UNIT_C_FLAGS)
tests_unit_hv_test_x86_decode_LDFLAGS = $(UNIT_LD_FLAGS)
tests_unit_hv_test_x86_decode_LDADD = $(UNIT_LIBS)
