# SPDX-License-Identifier: GPL-2.0-only
# PV test kernels (tests/guests/): freestanding ELF64 images built by
# explicit rules with their own flags, like the hypervisor. Each kernel is
# tests/guests/NAME.elf in the build tree, from tests/guests/NAME/*.[cS]
# plus the framework in tests/guests/lib/. Three flavours of the framework:
#   high   - linked at VIRT_BASE 0xffffffff80000000, p_paddr from 0 (default)
#   low    - no VIRT_BASE/PADDR_OFFSET notes: virt == pseudo-physical (1 MiB)
#   hcpage - like high, plus a HYPERCALL_PAGE note; calls go through the page
# Their .boot specs are in GUEST_TESTS, run by `make check-guests` (against
# Vesta) or `make check-guests-xen` (against Xen 4.17, VESTA_XEN_REF=...).

GUEST_CC = $(HV_CC)
GUEST_LD = $(HV_LD)

GUEST_INCLUDES = -nostdinc -isystem $(shell $(GUEST_CC) -print-file-name=include) \
	-I$(srcdir)/hypervisor/include/libc -I$(srcdir)/hypervisor/include \
	-I$(srcdir)/tests/guests/lib
GUEST_CC_FLAGS_BASE = -std=gnu11 -O2 -g -ffreestanding -fno-common \
	-fno-pic -fno-pie -mno-red-zone -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fcf-protection=none \
	-fno-strict-aliasing -fno-omit-frame-pointer -mgeneral-regs-only \
	$(WARN_FLAGS)
GUEST_HIGH_BASE = 0xffffffff80000000
GUEST_DEFS_high = -DGUEST_VIRT_BASE=$(GUEST_HIGH_BASE) -DGUEST_HAS_VIRT_BASE
GUEST_DEFS_hcpage = $(GUEST_DEFS_high) -DGUEST_HYPERCALL_PAGE
GUEST_DEFS_low = -DGUEST_VIRT_BASE=0
GUEST_MODEL_high = -mcmodel=kernel
GUEST_MODEL_hcpage = -mcmodel=kernel
GUEST_MODEL_low = -mcmodel=small
GUEST_LDS_DEFS_high = -DGUEST_VIRT_BASE=$(GUEST_HIGH_BASE) -DGUEST_LOAD_OFFSET=0
GUEST_LDS_DEFS_hcpage = $(GUEST_LDS_DEFS_high)
GUEST_LDS_DEFS_low = -DGUEST_VIRT_BASE=0 -DGUEST_LOAD_OFFSET=0x100000
GUEST_LD_FLAGS = -static -nostdlib -z max-page-size=0x1000 -z noexecstack \
	--no-warn-rwx-segments --build-id=none

GUEST_LIB_SRCS = \
	tests/guests/lib/head.S \
	tests/guests/lib/entry.S \
	tests/guests/lib/setup.c \
	tests/guests/lib/traps.c \
	tests/guests/lib/events.c \
	tests/guests/lib/time.c \
	tests/guests/lib/console.c \
	tests/guests/lib/report.c \
	tests/guests/lib/util.c \
	tests/guests/lib/smp.c \
	tests/guests/lib/pt.c \
	hypervisor/lib/format.c \
	hypervisor/lib/string.c
GUEST_LIB_OBJS = $(addsuffix .o,$(basename $(GUEST_LIB_SRCS)))
GUEST_LIB_high = $(addprefix guest-obj/high/,$(GUEST_LIB_OBJS))
GUEST_LIB_low = $(addprefix guest-obj/low/,$(GUEST_LIB_OBJS))
GUEST_LIB_hcpage = $(addprefix guest-obj/hcpage/,$(GUEST_LIB_OBJS))

# Objects: guest-obj/FLAVOUR/<source path>.o
guest-obj/high/%.o: $(srcdir)/%.c
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(GUEST_CC) $(GUEST_INCLUDES) $(GUEST_CC_FLAGS_BASE) $(GUEST_MODEL_high) $(GUEST_DEFS_high) -MMD -MP -c $< -o $@
guest-obj/high/%.o: $(srcdir)/%.S
	@$(MKDIR_P) $(@D)
	$(AM_V_CCAS)$(GUEST_CC) -D__ASSEMBLY__ $(GUEST_INCLUDES) $(GUEST_DEFS_high) -MMD -MP -c $< -o $@
guest-obj/low/%.o: $(srcdir)/%.c
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(GUEST_CC) $(GUEST_INCLUDES) $(GUEST_CC_FLAGS_BASE) $(GUEST_MODEL_low) $(GUEST_DEFS_low) -MMD -MP -c $< -o $@
guest-obj/low/%.o: $(srcdir)/%.S
	@$(MKDIR_P) $(@D)
	$(AM_V_CCAS)$(GUEST_CC) -D__ASSEMBLY__ $(GUEST_INCLUDES) $(GUEST_DEFS_low) -MMD -MP -c $< -o $@
guest-obj/hcpage/%.o: $(srcdir)/%.c
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(GUEST_CC) $(GUEST_INCLUDES) $(GUEST_CC_FLAGS_BASE) $(GUEST_MODEL_hcpage) $(GUEST_DEFS_hcpage) -MMD -MP -c $< -o $@
guest-obj/hcpage/%.o: $(srcdir)/%.S
	@$(MKDIR_P) $(@D)
	$(AM_V_CCAS)$(GUEST_CC) -D__ASSEMBLY__ $(GUEST_INCLUDES) $(GUEST_DEFS_hcpage) -MMD -MP -c $< -o $@

guest-obj/high/guest.lds guest-obj/low/guest.lds guest-obj/hcpage/guest.lds: $(srcdir)/tests/guests/lib/guest.lds.S
	@$(MKDIR_P) $(@D)
	$(AM_V_GEN)$(GUEST_CC) -E -P -x c -D__ASSEMBLY__ -D__LINKER__ \
		$(GUEST_LDS_DEFS_$(notdir $(@D))) $< -o $@

GUEST_LINK = $(AM_V_CCLD)$(GUEST_LD) $(GUEST_LD_FLAGS) -T $(filter %.lds,$^) \
	-Map $(@:.elf=.map) -o $@ $(filter %.o,$^)

# Default rule: tests/guests/NAME.elf from tests/guests/NAME/main.c, high.
tests/guests/%.elf: guest-obj/high/tests/guests/%/main.o $(GUEST_LIB_high) guest-obj/high/guest.lds
	@$(MKDIR_P) $(@D)
	$(GUEST_LINK)

# Tests with more than main.c.
tests/guests/traps.elf: guest-obj/high/tests/guests/traps/asm.o
tests/guests/syscall-user.elf: guest-obj/high/tests/guests/syscall-user/asm.o

# Variants of hello exercising the other two builder paths.
tests/guests/hello-low.elf: guest-obj/low/tests/guests/hello/main.o $(GUEST_LIB_low) guest-obj/low/guest.lds
	@$(MKDIR_P) $(@D)
	$(GUEST_LINK)
tests/guests/hello-hcpage.elf: guest-obj/hcpage/tests/guests/hello/main.o $(GUEST_LIB_hcpage) guest-obj/hcpage/guest.lds
	@$(MKDIR_P) $(@D)
	$(GUEST_LINK)

# Kernels built by the default rule, then the variants.
GUEST_HIGH_KERNELS = \
	tests/guests/hello.elf \
	tests/guests/version.elf \
	tests/guests/hypercall-errors.elf \
	tests/guests/traps.elf \
	tests/guests/cpuid.elf \
	tests/guests/events-local.elf \
	tests/guests/shutdown-crash.elf \
	tests/guests/softint.elf \
	tests/guests/smp.elf \
	tests/guests/timers.elf \
	tests/guests/multicall.elf \
	tests/guests/descriptors.elf \
	tests/guests/vcpu-info.elf \
	tests/guests/fpu.elf \
	tests/guests/syscall-user.elf \
	tests/guests/evtchn-interdomain.elf \
	tests/guests/crash-isolation.elf \
	tests/guests/sched-share.elf \
	tests/guests/pt-basic.elf \
	tests/guests/pt-ptwr.elf \
	tests/guests/pt-hostile.elf \
	tests/guests/pt-stress.elf \
	tests/guests/grant-copy.elf \
	tests/guests/misc-ops.elf
GUEST_KERNELS = $(GUEST_HIGH_KERNELS) \
	tests/guests/hello-low.elf \
	tests/guests/hello-hcpage.elf
GUEST_MAIN_OBJS = $(patsubst tests/guests/%.elf,guest-obj/high/tests/guests/%/main.o,$(GUEST_HIGH_KERNELS))
# Only pattern rules name these: keep make from deleting them as
# intermediate files (which would relink every kernel every time).
.SECONDARY: $(GUEST_MAIN_OBJS) $(GUEST_LIB_high) $(GUEST_LIB_low) \
	$(GUEST_LIB_hcpage) guest-obj/high/guest.lds guest-obj/low/guest.lds \
	guest-obj/hcpage/guest.lds

GUEST_TESTS = \
	tests/guests/hello.boot \
	tests/guests/hello-low.boot \
	tests/guests/hello-hcpage.boot \
	tests/guests/version.boot \
	tests/guests/hypercall-errors.boot \
	tests/guests/traps.boot \
	tests/guests/cpuid.boot \
	tests/guests/events-local.boot \
	tests/guests/shutdown-crash.boot \
	tests/guests/softint.boot \
	tests/guests/smp.boot \
	tests/guests/smp-badctx.boot \
	tests/guests/smp-console.boot \
	tests/guests/timers.boot \
	tests/guests/multicall.boot \
	tests/guests/descriptors.boot \
	tests/guests/vcpu-info.boot \
	tests/guests/fpu.boot \
	tests/guests/fpu-domains.boot \
	tests/guests/syscall-user.boot \
	tests/guests/evtchn-interdomain.boot \
	tests/guests/crash-isolation.boot \
	tests/guests/lastdown.boot \
	tests/guests/sched-cap.boot \
	tests/guests/sched-weight.boot \
	tests/guests/sched-alone.boot \
	tests/guests/pt-basic.boot \
	tests/guests/pt-ptwr.boot \
	tests/guests/pt-hostile.boot \
	tests/guests/pt-hostile-domu.boot \
	tests/guests/pt-stress.boot \
	tests/guests/grant-copy.boot \
	tests/guests/misc-ops.boot

-include $(GUEST_LIB_high:.o=.d) $(GUEST_LIB_low:.o=.d) $(GUEST_LIB_hcpage:.o=.d)
-include $(GUEST_MAIN_OBJS:.o=.d)
-include guest-obj/low/tests/guests/hello/main.d guest-obj/hcpage/tests/guests/hello/main.d

all-local: $(GUEST_KERNELS)

# The guest specs boot the kernels above; they are not in TESTS yet.
check-guests: all
	$(MAKE) $(AM_MAKEFLAGS) check TESTS="$(GUEST_TESTS)"
check-guests-xen: all
	VESTA_BOOT_HYPERVISOR=xen $(MAKE) $(AM_MAKEFLAGS) check TESTS="$(GUEST_TESTS)"
.PHONY: check-guests check-guests-xen

clean-local: clean-guests
clean-guests:
	rm -rf guest-obj $(GUEST_KERNELS) $(GUEST_KERNELS:.elf=.map)
.PHONY: clean-guests

EXTRA_DIST += tests/guests
