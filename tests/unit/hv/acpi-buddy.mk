# SPDX-License-Identifier: GPL-2.0-only
# Unit tests for hypervisor/lib/acpi-buddy.mk. Pattern for each test:
#   UNIT_TESTS += tests/unit/hv/test-foo
#   tests_unit_hv_test_foo_SOURCES = tests/unit/hv/test-foo.c
#   tests_unit_hv_test_foo_CPPFLAGS = $(UNIT_CPP_FLAGS)
#   tests_unit_hv_test_foo_CFLAGS = $(UNIT_C_FLAGS)
#   tests_unit_hv_test_foo_LDFLAGS = $(UNIT_LD_FLAGS)
#   tests_unit_hv_test_foo_LDADD = $(UNIT_LIBS)

UNIT_TESTS += tests/unit/hv/test-acpi
tests_unit_hv_test_acpi_SOURCES = tests/unit/hv/test-acpi.c
tests_unit_hv_test_acpi_CPPFLAGS = $(UNIT_CPP_FLAGS)
tests_unit_hv_test_acpi_CFLAGS = $(UNIT_C_FLAGS)
tests_unit_hv_test_acpi_LDFLAGS = $(UNIT_LD_FLAGS)
tests_unit_hv_test_acpi_LDADD = $(UNIT_LIBS)

UNIT_TESTS += tests/unit/hv/test-buddy
tests_unit_hv_test_buddy_SOURCES = tests/unit/hv/test-buddy.c
tests_unit_hv_test_buddy_CPPFLAGS = $(UNIT_CPP_FLAGS)
tests_unit_hv_test_buddy_CFLAGS = $(UNIT_C_FLAGS)
tests_unit_hv_test_buddy_LDFLAGS = $(UNIT_LD_FLAGS)
tests_unit_hv_test_buddy_LDADD = $(UNIT_LIBS)
