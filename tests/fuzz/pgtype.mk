# SPDX-License-Identifier: GPL-2.0-only
# Fuzz harness for the PV page-type engine (op sequences on a small machine).
FUZZ_BINS += tests/fuzz/fuzz-pgtype
FUZZ_TESTS += tests/fuzz/pgtype.fuzz
