# SPDX-License-Identifier: GPL-2.0-only
# Unit test of hypervisor/common/evtchn.c, built for the host through the
# shim (tests/unit/shim/shim.h is force-included; see its header for what
# it replaces) with fake domains, guest memory and a reference model.

EVTCHN_SHIM_SRCS = tests/unit/shim/shim-core.c tests/unit/shim/fake-domain.c \
	tests/unit/shim/evtchn-model.c
EVTCHN_SHIM_CPP_FLAGS = -include $(srcdir)/tests/unit/shim/shim.h \
	-I$(srcdir)/tests/unit/shim -I$(srcdir)/hypervisor/arch/x86/include \
	-DVESTA_DEBUG=1

UNIT_TESTS += tests/unit/hv/test-evtchn
tests_unit_hv_test_evtchn_SOURCES = tests/unit/hv/test-evtchn.c \
	hypervisor/common/evtchn.c $(EVTCHN_SHIM_SRCS)
tests_unit_hv_test_evtchn_CPPFLAGS = $(UNIT_CPP_FLAGS) $(EVTCHN_SHIM_CPP_FLAGS)
tests_unit_hv_test_evtchn_CFLAGS = $(UNIT_C_FLAGS) -pthread
tests_unit_hv_test_evtchn_LDFLAGS = $(UNIT_LD_FLAGS) -pthread
tests_unit_hv_test_evtchn_LDADD = $(CMOCKA_LIBS)

noinst_HEADERS += tests/unit/shim/shim.h tests/unit/shim/shim-core.h \
	tests/unit/shim/fake-domain.h tests/unit/shim/evtchn-model.h
EXTRA_DIST += tests/unit/hv/evtchn.mk
