# SPDX-License-Identifier: GPL-2.0-only
# Tests of the public guest ABI headers (hypervisor/include/public): the
# cmocka test compares layouts and numbers with Xen's; the stamp rule
# below compiles every header alone, as host C, as freestanding hypervisor
# C and as assembler input, and the test program depends on it.

PUBLIC_ABI_HDR_LIST = vesta.h arch-x86.h sched.h event_channel.h vcpu.h \
	callback.h version.h physdev.h memory.h grant_table.h platform.h \
	io/console.h errno.h

UNIT_TESTS += tests/unit/hv/test-public-abi
tests_unit_hv_test_public_abi_SOURCES = tests/unit/hv/test-public-abi.c
tests_unit_hv_test_public_abi_CPPFLAGS = $(UNIT_CPP_FLAGS)
tests_unit_hv_test_public_abi_CFLAGS = $(UNIT_C_FLAGS)
tests_unit_hv_test_public_abi_LDFLAGS = $(UNIT_LD_FLAGS)
tests_unit_hv_test_public_abi_LDADD = $(CMOCKA_LIBS)
EXTRA_tests_unit_hv_test_public_abi_DEPENDENCIES = \
	tests/unit/hv/public-abi-headers.stamp

# Each header must stand alone: it is the only #include of each unit.
PUBLIC_ABI_HDR_FILES = \
	$(addprefix $(srcdir)/hypervisor/include/public/,$(PUBLIC_ABI_HDR_LIST))
tests/unit/hv/public-abi-headers.stamp: $(PUBLIC_ABI_HDR_FILES)
	@$(MKDIR_P) $(@D)
	$(AM_V_GEN)set -e; for h in $(PUBLIC_ABI_HDR_LIST); do \
		printf '#include <public/%s>\nint public_abi_unit;\n' "$$h" | \
		$(CC) -x c -std=gnu11 $(AM_CPPFLAGS) $(WARN_FLAGS) \
			-Wno-missing-prototypes -fsyntax-only - || \
		{ echo "public/$$h: not self-contained (host)"; exit 1; }; \
		printf '#include <public/%s>\nint public_abi_unit;\n' "$$h" | \
		$(HV_CC) -x c $(HV_INCLUDES) $(HV_CC_FLAGS) -fsyntax-only - || \
		{ echo "public/$$h: not self-contained (hv)"; exit 1; }; \
		printf '#include <public/%s>\n' "$$h" | \
		$(HV_CC) -x assembler-with-cpp $(HV_AS_FLAGS) \
			-c - -o /dev/null || \
		{ echo "public/$$h: not usable from assembly"; exit 1; }; \
	done; touch $@

CLEANFILES += tests/unit/hv/public-abi-headers.stamp
EXTRA_DIST += tests/unit/hv/public-abi.mk
