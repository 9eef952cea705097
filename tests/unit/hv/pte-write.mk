# SPDX-License-Identifier: GPL-2.0-only
# Unit tests for hypervisor/lib/pte-write.mk. The host CPU is the oracle:
# the test runs generated instructions on a host buffer (x86-64 only).
UNIT_TESTS += tests/unit/hv/test-pte-write
tests_unit_hv_test_pte_write_SOURCES = tests/unit/hv/test-pte-write.c
tests_unit_hv_test_pte_write_CPPFLAGS = $(UNIT_CPP_FLAGS)
tests_unit_hv_test_pte_write_CFLAGS = $(UNIT_C_FLAGS)
tests_unit_hv_test_pte_write_LDFLAGS = $(UNIT_LD_FLAGS)
tests_unit_hv_test_pte_write_LDADD = $(UNIT_LIBS)
