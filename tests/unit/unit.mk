# SPDX-License-Identifier: GPL-2.0-only
# Host unit tests (cmocka) of the hypervisor's pure library.

SAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
UNIT_C_FLAGS = $(AM_CFLAGS) $(SAN_FLAGS) $(CMOCKA_CFLAGS)
UNIT_LIBS = libhvlib.a $(CMOCKA_LIBS)
UNIT_LD_FLAGS = $(SAN_FLAGS)
UNIT_CPP_FLAGS = $(AM_CPPFLAGS) -DVESTA_HOST_TEST=1

UNIT_TESTS =
include tests/unit/hv/parsers.mk
include tests/unit/hv/acpi-buddy.mk
include tests/unit/hv/decompress.mk
include tests/unit/hv/evtchn.mk
include tests/unit/hv/x86-decode.mk
include tests/unit/hv/public-abi.mk
include tests/unit/hv/pv-build.mk
include tests/unit/hv/x86-desc.mk
include tests/unit/hv/pte-write.mk
include tests/unit/hv/pgtype.mk
include tests/unit/hv/grant-entry.mk

if HAVE_CMOCKA
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
endif
EXTRA_DIST += tests/unit/hv/parsers.mk tests/unit/hv/acpi-buddy.mk tests/unit/hv/decompress.mk
