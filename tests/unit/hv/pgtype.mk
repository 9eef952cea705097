# SPDX-License-Identifier: GPL-2.0-only
# Unit tests for hypervisor/lib/pgtype.c (PV frame types and counts).
UNIT_TESTS += tests/unit/hv/test-pgtype
tests_unit_hv_test_pgtype_SOURCES = tests/unit/hv/test-pgtype.c
tests_unit_hv_test_pgtype_CPPFLAGS = $(UNIT_CPP_FLAGS)
tests_unit_hv_test_pgtype_CFLAGS = $(UNIT_C_FLAGS) -pthread
tests_unit_hv_test_pgtype_LDFLAGS = $(UNIT_LD_FLAGS) -pthread
tests_unit_hv_test_pgtype_LDADD = $(UNIT_LIBS)
EXTRA_DIST += tests/unit/hv/pgtype.mk hypervisor/lib/pgtype.mk
