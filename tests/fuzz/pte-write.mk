# SPDX-License-Identifier: GPL-2.0-only
# Fuzz harness for the writable page-table emulation core.
FUZZ_BINS += tests/fuzz/fuzz-pte-write
FUZZ_TESTS += tests/fuzz/pte-write.fuzz
