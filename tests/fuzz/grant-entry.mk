# SPDX-License-Identifier: GPL-2.0-only
# Fuzz harness for the v1 grant-entry state machine.
FUZZ_BINS += tests/fuzz/fuzz-grant-entry
FUZZ_TESTS += tests/fuzz/grant-entry.fuzz
