# SPDX-License-Identifier: GPL-2.0-only
# Fuzz harness for hypervisor/common/evtchn.c: an input is a sequence of
# event-channel operations on two fake domains, run against the reference
# model of tests/unit/shim/ (the same shim as the unit test). Not a pure
# library, so it gets its own rule instead of the fuzz-% pattern.
FUZZ_BINS += tests/fuzz/fuzz-evtchn
FUZZ_TESTS += tests/fuzz/evtchn.fuzz

FUZZ_EVTCHN_SRCS = $(srcdir)/tests/fuzz/fuzz-evtchn.c \
	$(srcdir)/hypervisor/common/evtchn.c \
	$(srcdir)/tests/unit/shim/shim-core.c \
	$(srcdir)/tests/unit/shim/fake-domain.c \
	$(srcdir)/tests/unit/shim/evtchn-model.c

FUZZ_EVTCHN_HDRS = $(srcdir)/tests/unit/shim/shim.h \
	$(srcdir)/tests/unit/shim/shim-core.h \
	$(srcdir)/tests/unit/shim/fake-domain.h \
	$(srcdir)/tests/unit/shim/evtchn-model.h \
	$(srcdir)/hypervisor/include/vesta/event.h \
	$(srcdir)/hypervisor/include/vesta/domain.h

tests/fuzz/fuzz-evtchn: $(FUZZ_EVTCHN_SRCS) $(FUZZ_EVTCHN_HDRS)
	@$(MKDIR_P) $(@D)
	$(AM_V_CCLD)$(FUZZ_CC) $(FUZZ_FLAGS) \
		-include $(srcdir)/tests/unit/shim/shim.h \
		-I$(srcdir)/tests/unit/shim \
		-I$(srcdir)/hypervisor/arch/x86/include -DVESTA_DEBUG=1 \
		$(FUZZ_EVTCHN_SRCS) -o $@
