# SPDX-License-Identifier: GPL-2.0-only
# Fuzz harnesses for the ACPI/buddy fragment: FUZZ_BINS += tests/fuzz/fuzz-NAME; FUZZ_TESTS += tests/fuzz/NAME.fuzz
FUZZ_BINS += tests/fuzz/fuzz-acpi tests/fuzz/fuzz-buddy
FUZZ_TESTS += tests/fuzz/acpi.fuzz tests/fuzz/buddy.fuzz
