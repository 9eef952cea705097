# SPDX-License-Identifier: GPL-2.0-only
# PV core benchmark (bench/pv/, see its README.md). The benchmark kernel
# bench/pv/pvbench.elf is built exactly like the PV test kernels: the
# flags, pattern rules and framework objects of tests/guests/guests.mk
# (used read-only, so this file is included after it). The native
# comparison program is a static host binary. `make bench-pv` runs
# bench/pv/run.sh from the build tree; nothing here is part of make check.

BENCH_PV_KERNEL_OBJS = $(addprefix guest-obj/high/bench/pv/kernel/, \
	main.o stat.o syscall.o evtchn.o user.o)

bench/pv/pvbench.elf: $(BENCH_PV_KERNEL_OBJS) $(GUEST_LIB_high) \
		guest-obj/high/guest.lds
	@$(MKDIR_P) $(@D)
	$(GUEST_LINK)

.SECONDARY: $(BENCH_PV_KERNEL_OBJS)
-include $(BENCH_PV_KERNEL_OBJS:.o=.d)

# Static, so the initramfs needs no shared libraries.
bench/pv/pvnative: $(srcdir)/bench/pv/native/pvnative.c
	@$(MKDIR_P) $(@D)
	$(AM_V_CCLD)$(CC) -std=gnu11 -O2 -static $(WARN_FLAGS) $< -o $@

if HV_DEBUG
BENCH_PV_DEBUG = yes
else
BENCH_PV_DEBUG = no
endif

# Built with everything else so that it cannot rot unnoticed.
all-local: bench/pv/pvbench.elf

bench-pv: vesta bench/pv/pvbench.elf bench/pv/pvnative
	VESTA_DEBUG_BUILD=$(BENCH_PV_DEBUG) QEMU='$(QEMU)' \
		$(SHELL) $(srcdir)/bench/pv/run.sh
.PHONY: bench-pv

clean-local: clean-bench-pv
clean-bench-pv:
	rm -rf guest-obj/high/bench bench/pv/pvbench.elf bench/pv/pvbench.map \
		bench/pv/pvnative bench/pv/work
.PHONY: clean-bench-pv

# Listed file by file: the build tree's bench/pv holds logs and images.
EXTRA_DIST += bench/pv/README.md bench/pv/run.sh bench/pv/report.py \
	bench/pv/kernel/pvbench.h bench/pv/kernel/main.c \
	bench/pv/kernel/stat.c bench/pv/kernel/syscall.c \
	bench/pv/kernel/evtchn.c bench/pv/kernel/user.S \
	bench/pv/native/pvnative.c
