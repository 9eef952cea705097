# SPDX-License-Identifier: GPL-2.0-only
# The hypervisor is freestanding: it is built by explicit rules with its own
# compiler flags, so that distribution CFLAGS (stack protector, fortify,
# SSE) never leak into ring-0 code.

# Pure library code, built both into the hypervisor and into libhvlib.a for
# host tests. Fragments append to HV_LIB_COMMON.
HV_LIB_COMMON =
include hypervisor/lib/parsers.mk
include hypervisor/lib/acpi-buddy.mk
include hypervisor/lib/decompress.mk
include hypervisor/lib/x86-decode.mk
include hypervisor/lib/pv-build.mk
include hypervisor/lib/x86-desc.mk
include hypervisor/lib/pgtype.mk
include hypervisor/lib/pte-write.mk
include hypervisor/lib/grant-entry.mk

# Library code that only makes sense freestanding (libc provides it on the host).
HV_LIB_FREESTANDING = hypervisor/lib/string.c

HV_ARCH_SRCS = \
	hypervisor/arch/x86/boot/head.S \
	hypervisor/arch/x86/boot/trampoline.S \
	hypervisor/arch/x86/entry.S \
	hypervisor/arch/x86/acpi.c \
	hypervisor/arch/x86/apic.c \
	hypervisor/arch/x86/cpu.c \
	hypervisor/arch/x86/ioapic.c \
	hypervisor/arch/x86/mm.c \
	hypervisor/arch/x86/ns16550.c \
	hypervisor/arch/x86/setup.c \
	hypervisor/arch/x86/smp.c \
	hypervisor/arch/x86/smpboot.c \
	hypervisor/arch/x86/time.c \
	hypervisor/arch/x86/traps.c \
	hypervisor/arch/x86/pv/dom-build.c \
	hypervisor/arch/x86/pv/domain.c \
	hypervisor/arch/x86/pv/emulate.c \
	hypervisor/arch/x86/pv/fpu.c \
	hypervisor/arch/x86/pv/guest-access.c \
	hypervisor/arch/x86/pv/hypercall.c \
	hypervisor/arch/x86/pv/mm.c \
	hypervisor/arch/x86/pv/pgt.c \
	hypervisor/arch/x86/pv/ptwr.c \
	hypervisor/arch/x86/pv/traps.c

HV_COMMON_SRCS = \
	hypervisor/common/console.c \
	hypervisor/common/domain.c \
	hypervisor/common/evtchn.c \
	hypervisor/common/grant_table.c \
	hypervisor/common/kernel.c \
	hypervisor/common/keyhandler.c \
	hypervisor/common/page_alloc.c \
	hypervisor/common/sched.c \
	hypervisor/common/softirq.c \
	hypervisor/common/timer.c \
	hypervisor/common/vcpu-op.c \
	hypervisor/common/vtime.c

# Test-only code (deliberate faults) exists only in debug builds.
if HV_DEBUG
HV_COMMON_SRCS += hypervisor/common/debug-fault.c
endif

HV_SRCS = $(HV_ARCH_SRCS) $(HV_COMMON_SRCS) $(HV_LIB_FREESTANDING) $(HV_LIB_COMMON)
HV_OBJS = $(addprefix hv-obj/,$(addsuffix .o,$(basename $(filter %.c %.S,$(HV_SRCS)))))

HV_INCLUDES = -nostdinc -isystem $(shell $(HV_CC) -print-file-name=include) \
	-I$(srcdir)/hypervisor/include/libc -I$(srcdir)/hypervisor/include \
	-I$(srcdir)/hypervisor/arch/x86/include
HV_CC_FLAGS_BASE = -std=gnu11 -O2 -g -ffreestanding -fno-common \
	-fno-stack-protector -fcf-protection=none -mno-red-zone -mgeneral-regs-only \
	-mno-sse -mno-mmx -mno-avx -fpie -fno-plt -fvisibility=hidden \
	-fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
	-fno-strict-aliasing -fno-delete-null-pointer-checks \
	-include $(srcdir)/hypervisor/include/vesta/visibility.h \
	-D__VESTA_HYPERVISOR__ -DPACKAGE_VERSION='"$(PACKAGE_VERSION)"' $(WARN_FLAGS) -Wno-error=unused-function
if HV_DEBUG
HV_CC_FLAGS = $(HV_CC_FLAGS_BASE) -DVESTA_DEBUG=1
else
HV_CC_FLAGS = $(HV_CC_FLAGS_BASE) -DVESTA_DEBUG=0
endif
HV_AS_FLAGS = -D__ASSEMBLY__ $(HV_INCLUDES) -D__VESTA_HYPERVISOR__
HV_LD_FLAGS = -static -nostdlib -z max-page-size=0x1000 -z noexecstack \
	--no-warn-rwx-segments --build-id=none

hv-obj/%.o: $(srcdir)/%.c
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(HV_CC) $(HV_INCLUDES) $(HV_CC_FLAGS) -MMD -MP -c $< -o $@

hv-obj/%.o: $(srcdir)/%.S
	@$(MKDIR_P) $(@D)
	$(AM_V_CCAS)$(HV_CC) $(HV_AS_FLAGS) -MMD -MP -c $< -o $@

hv-obj/hypervisor.lds: $(srcdir)/hypervisor/hypervisor.lds.S
	@$(MKDIR_P) $(@D)
	$(AM_V_GEN)$(HV_CC) -E -P -x c -D__ASSEMBLY__ -D__LINKER__ $(HV_INCLUDES) $< -o $@

vesta: $(HV_OBJS) hv-obj/hypervisor.lds
	$(AM_V_CCLD)$(HV_LD) $(HV_LD_FLAGS) -T hv-obj/hypervisor.lds -Map vesta.map \
		-o $@ $(HV_OBJS)

vesta.gz: vesta
	$(AM_V_GEN)$(GZIP_PROG) -9 -n -c vesta > $@

-include $(HV_OBJS:.o=.d)

all-local: vesta vesta.gz

install-data-local: vesta.gz
	$(MKDIR_P) '$(DESTDIR)$(bootdir)'
	$(INSTALL_DATA) vesta.gz '$(DESTDIR)$(bootdir)/vesta-$(VERSION).gz'

uninstall-local:
	rm -f '$(DESTDIR)$(bootdir)/vesta-$(VERSION).gz'

clean-local: clean-hv
clean-hv:
	rm -rf hv-obj vesta vesta.gz vesta.map
.PHONY: clean-hv

# The whole hypervisor tree (sources, headers, fragments, linker script).
EXTRA_DIST += hypervisor

# Host build of the pure library, for unit tests and fuzzing.
noinst_LIBRARIES += libhvlib.a
libhvlib_a_SOURCES = $(HV_LIB_COMMON)
libhvlib_a_CPPFLAGS = $(AM_CPPFLAGS) -DVESTA_HOST_TEST=1
libhvlib_a_CFLAGS = $(AM_CFLAGS) $(SAN_FLAGS)
