# SPDX-License-Identifier: GPL-2.0-only
# Unit tests for hypervisor/lib/pv-build.mk (pattern: see parsers.mk).
UNIT_TESTS += tests/unit/hv/test-pv-build
tests_unit_hv_test_pv_build_SOURCES = tests/unit/hv/test-pv-build.c
tests_unit_hv_test_pv_build_CPPFLAGS = $(UNIT_CPP_FLAGS)
tests_unit_hv_test_pv_build_CFLAGS = $(UNIT_C_FLAGS)
tests_unit_hv_test_pv_build_LDFLAGS = $(UNIT_LD_FLAGS)
tests_unit_hv_test_pv_build_LDADD = $(UNIT_LIBS)
EXTRA_DIST += tests/unit/hv/pv-build.mk
