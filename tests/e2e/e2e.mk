# SPDX-License-Identifier: GPL-2.0-only
# QEMU boot tests: each NAME.boot file is a declarative spec that
# tests/e2e/run-boot.py executes (see its docstring). They run with
# `make check-boot` or as part of `make check-all`.

BOOT_TESTS += \
	tests/e2e/boot-kernel-q35-smp1-m256.boot \
	tests/e2e/boot-kernel-q35-smp2-m2048.boot \
	tests/e2e/boot-kernel-q35-smp4-m8192.boot \
	tests/e2e/boot-kernel-pc-smp1-m2048.boot \
	tests/e2e/boot-kernel-pc-smp2-m256.boot \
	tests/e2e/boot-kernel-pc-smp4-m8192.boot \
	tests/e2e/boot-grub-pc-smp2-m2048.boot \
	tests/e2e/boot-grub-q35-smp4-m256.boot \
	tests/e2e/boot-grub-q35-smp1-m8192.boot \
	tests/e2e/boot-xapic-max.boot \
	tests/e2e/boot-x2apic-max.boot \
	tests/e2e/boot-clock-acpi.boot \
	tests/e2e/boot-clock-pit.boot \
	tests/e2e/boot-bad-cmdline.boot \
	tests/e2e/boot-debug-fault.boot \
	tests/e2e/boot-memtest-modules.boot \
	tests/e2e/boot-grub-memtest-modules.boot \
	tests/e2e/linux-dom0-early.boot

BOOT_LOG_COMPILER = $(PYTHON3) $(srcdir)/tests/e2e/run-boot.py
if HV_DEBUG
AM_TESTS_ENVIRONMENT = VESTA_DEBUG_BUILD=yes; export VESTA_DEBUG_BUILD; \
	QEMU='$(QEMU)'; export QEMU;
else
AM_TESTS_ENVIRONMENT = VESTA_DEBUG_BUILD=no; export VESTA_DEBUG_BUILD; \
	QEMU='$(QEMU)'; export QEMU;
endif
# Boot tests need the image (and its .gz for the GRUB ISO).
check_SCRIPTS += vesta vesta.gz
EXTRA_DIST += tests/e2e
clean-local: clean-e2e
clean-e2e:
	rm -rf tests/e2e/logs
.PHONY: clean-e2e
