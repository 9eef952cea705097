# SPDX-License-Identifier: GPL-2.0-only
# Fuzz harnesses for the parsers fragment: FUZZ_BINS += tests/fuzz/fuzz-NAME; FUZZ_TESTS += tests/fuzz/NAME.fuzz
FUZZ_BINS += tests/fuzz/fuzz-format
FUZZ_TESTS += tests/fuzz/format.fuzz
FUZZ_BINS += tests/fuzz/fuzz-cmdline
FUZZ_TESTS += tests/fuzz/cmdline.fuzz
FUZZ_BINS += tests/fuzz/fuzz-serial-spec
FUZZ_TESTS += tests/fuzz/serial-spec.fuzz
FUZZ_BINS += tests/fuzz/fuzz-multiboot
FUZZ_TESTS += tests/fuzz/multiboot.fuzz
FUZZ_BINS += tests/fuzz/fuzz-memmap
FUZZ_TESTS += tests/fuzz/memmap.fuzz
