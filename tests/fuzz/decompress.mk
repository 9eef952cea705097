# SPDX-License-Identifier: GPL-2.0-only
# Fuzz harnesses for the decompress fragment: FUZZ_BINS += tests/fuzz/fuzz-NAME; FUZZ_TESTS += tests/fuzz/NAME.fuzz
FUZZ_BINS += tests/fuzz/fuzz-inflate
FUZZ_TESTS += tests/fuzz/inflate.fuzz
FUZZ_BINS += tests/fuzz/fuzz-elf
FUZZ_TESTS += tests/fuzz/elf.fuzz
FUZZ_BINS += tests/fuzz/fuzz-bzimage
FUZZ_TESTS += tests/fuzz/bzimage.fuzz
FUZZ_BINS += tests/fuzz/fuzz-xz
FUZZ_TESTS += tests/fuzz/xz.fuzz
