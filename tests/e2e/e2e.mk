# SPDX-License-Identifier: GPL-2.0-only
# QEMU boot tests: each NAME.boot file is a test spec run by run-boot.py.
BOOT_LOG_COMPILER = $(PYTHON3) $(srcdir)/tests/e2e/run-boot.py
EXTRA_DIST += tests/e2e
