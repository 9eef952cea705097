# SPDX-License-Identifier: GPL-2.0-only
# libFuzzer harnesses for every parser of untrusted input. `make check` runs
# each briefly (FUZZ_SECONDS, default 10); long runs: tests/fuzz/run-fuzz.sh
# with FUZZ_SECONDS=3600.
#
# A harness tests/fuzz/fuzz-NAME.c is registered in a fragment with
#   FUZZ_BINS += tests/fuzz/fuzz-NAME
#   FUZZ_TESTS += tests/fuzz/NAME.fuzz
# plus a committed one-line spec tests/fuzz/NAME.fuzz (its text is a
# description); the seed corpus, if any, lives in tests/fuzz/corpus/NAME/.

FUZZ_BINS =
FUZZ_TESTS =
include tests/fuzz/parsers.mk
include tests/fuzz/acpi-buddy.mk
include tests/fuzz/decompress.mk
include tests/fuzz/evtchn.mk
include tests/fuzz/x86-decode.mk
include tests/fuzz/pte-write.mk
include tests/fuzz/pgtype.mk
include tests/fuzz/grant-entry.mk

FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-I$(srcdir)/hypervisor/include -DVESTA_HOST_TEST=1
FUZZ_LIB_SRCS = $(addprefix $(srcdir)/,$(HV_LIB_COMMON))

tests/fuzz/fuzz-%: $(srcdir)/tests/fuzz/fuzz-%.c $(FUZZ_LIB_SRCS)
	@$(MKDIR_P) $(@D)
	$(AM_V_CCLD)$(FUZZ_CC) $(FUZZ_FLAGS) $< $(FUZZ_LIB_SRCS) -o $@

if HAVE_FUZZ
check_SCRIPTS += $(FUZZ_BINS)
TESTS += $(FUZZ_TESTS)
endif
FUZZ_LOG_COMPILER = $(SHELL) $(srcdir)/tests/fuzz/run-fuzz.sh
CLEANFILES += $(FUZZ_BINS)
EXTRA_DIST += tests/fuzz
