# SPDX-License-Identifier: GPL-2.0-only
# Fuzz harness for the x86-64 instruction decoder.
FUZZ_BINS += tests/fuzz/fuzz-x86-decode
FUZZ_TESTS += tests/fuzz/x86-decode.fuzz
