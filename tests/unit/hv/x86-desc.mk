# SPDX-License-Identifier: GPL-2.0-only
# Unit test for hypervisor/lib/x86-desc.c.
UNIT_TESTS += tests/unit/hv/test-x86-desc
tests_unit_hv_test_x86_desc_SOURCES = tests/unit/hv/test-x86-desc.c
tests_unit_hv_test_x86_desc_CPPFLAGS = $(UNIT_CPP_FLAGS)
tests_unit_hv_test_x86_desc_CFLAGS = $(UNIT_C_FLAGS)
tests_unit_hv_test_x86_desc_LDFLAGS = $(UNIT_LD_FLAGS)
tests_unit_hv_test_x86_desc_LDADD = $(UNIT_LIBS)
EXTRA_DIST += tests/unit/hv/x86-desc.mk hypervisor/lib/x86-desc.mk
