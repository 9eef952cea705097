# SPDX-License-Identifier: GPL-2.0-only
# Unit tests for hypervisor/lib/grant-entry.mk (with a concurrent guest thread).
UNIT_TESTS += tests/unit/hv/test-grant-entry
tests_unit_hv_test_grant_entry_SOURCES = tests/unit/hv/test-grant-entry.c
tests_unit_hv_test_grant_entry_CPPFLAGS = $(UNIT_CPP_FLAGS)
tests_unit_hv_test_grant_entry_CFLAGS = $(UNIT_C_FLAGS) -pthread
tests_unit_hv_test_grant_entry_LDFLAGS = $(UNIT_LD_FLAGS) -pthread
tests_unit_hv_test_grant_entry_LDADD = $(UNIT_LIBS)
