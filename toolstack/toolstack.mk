# SPDX-License-Identifier: GPL-2.0-only
# xenstored: daemon, client library, tests (issue 7).

XS_CPPFLAGS = -D_GNU_SOURCE -I$(srcdir)/toolstack/include -I$(srcdir)/toolstack/xenstored \
	-I$(srcdir)/toolstack/lib/store
XS_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

# The store core: pure, host-testable, fuzzed.
noinst_LIBRARIES += toolstack/xenstored/libxscore.a
XS_CORE_SRCS = toolstack/xenstored/xs-wire.c toolstack/xenstored/xs-path.c \
	toolstack/xenstored/xs-node.c toolstack/xenstored/xs-store.c \
	toolstack/xenstored/xs-txn.c toolstack/xenstored/xs-watch.c \
	toolstack/xenstored/xs-domain.c toolstack/xenstored/xs-req.c \
	toolstack/xenstored/xs-ring.c
toolstack_xenstored_libxscore_a_CPPFLAGS = $(XS_CPPFLAGS)
toolstack_xenstored_libxscore_a_SOURCES = $(XS_CORE_SRCS)
noinst_HEADERS += toolstack/include/vesta-xs-wire.h \
	toolstack/xenstored/xs-wire.h toolstack/xenstored/xs-path.h \
	toolstack/xenstored/xs-store.h toolstack/xenstored/xs-store-priv.h \
	toolstack/xenstored/xs-req.h toolstack/xenstored/xs-ring.h \
	toolstack/xenstored/xsd.h toolstack/lib/store/libvesta-xs.h

# The daemon.
sbin_PROGRAMS = toolstack/xenstored/xenstored
toolstack_xenstored_xenstored_CPPFLAGS = $(XS_CPPFLAGS) \
	-DSYSCONFDIR='"$(sysconfdir)"'
toolstack_xenstored_xenstored_SOURCES = toolstack/xenstored/xenstored.c \
	toolstack/xenstored/xsd-conn.c toolstack/xenstored/xsd-ring.c \
	toolstack/xenstored/xsd-state.c toolstack/xenstored/xsd-log.c \
	toolstack/xenstored/xsd-config.c
toolstack_xenstored_xenstored_LDADD = toolstack/xenstored/libxscore.a
if HAVE_LIBSYSTEMD
toolstack_xenstored_xenstored_SOURCES += toolstack/xenstored/xsd-notify-systemd.c
toolstack_xenstored_xenstored_CFLAGS = $(AM_CFLAGS) $(LIBSYSTEMD_CFLAGS)
toolstack_xenstored_xenstored_LDADD += $(LIBSYSTEMD_LIBS)
else
toolstack_xenstored_xenstored_SOURCES += toolstack/xenstored/xsd-notify-none.c
endif
EXTRA_DIST += toolstack/xenstored/xsd-notify-systemd.c \
	toolstack/xenstored/xsd-notify-none.c
dist_man8_MANS = man/xenstored.8

# Client library and its command-line helper (used by the tests).
noinst_LIBRARIES += toolstack/lib/store/libvesta-xs.a
toolstack_lib_store_libvesta_xs_a_CPPFLAGS = $(XS_CPPFLAGS)
toolstack_lib_store_libvesta_xs_a_SOURCES = toolstack/lib/store/xs-client.c \
	toolstack/xenstored/xs-wire.c
check_PROGRAMS += toolstack/lib/store/vesta-xs
toolstack_lib_store_vesta_xs_CPPFLAGS = $(XS_CPPFLAGS)
toolstack_lib_store_vesta_xs_SOURCES = toolstack/lib/store/vesta-xs.c
toolstack_lib_store_vesta_xs_LDADD = toolstack/lib/store/libvesta-xs.a

# Tests.  Scripts find the binaries relative to the build directory.
check_PROGRAMS += tests/xenstored/test-store tests/xenstored/test-daemon \
	tests/xenstored/test-ring
TESTS += tests/xenstored/test-store tests/xenstored/test-daemon.sh \
	tests/xenstored/test-ring.sh tests/xenstored/test-stock-clients.sh \
	tests/xenstored/test-restart.sh
EXTRA_DIST += tests/xenstored/test-daemon.sh tests/xenstored/test-ring.sh \
	tests/xenstored/test-stock-clients.sh tests/xenstored/test-restart.sh \
	tests/xenstored/lib.sh tests/xenstored/xenstored.fuzz \
	tests/xenstored/fuzz-xenstored.c tests/xenstored/corpus \
	bench/xenstored/run.sh

tests_xenstored_test_store_CPPFLAGS = $(XS_CPPFLAGS)
tests_xenstored_test_store_CFLAGS = $(AM_CFLAGS) $(XS_SAN)
tests_xenstored_test_store_LDFLAGS = $(XS_SAN)
tests_xenstored_test_store_SOURCES = tests/xenstored/test-store.c \
	tests/xenstored/xs-test.h $(XS_CORE_SRCS)

tests_xenstored_test_daemon_CPPFLAGS = $(XS_CPPFLAGS)
tests_xenstored_test_daemon_SOURCES = tests/xenstored/test-daemon.c \
	tests/xenstored/xs-test.h
tests_xenstored_test_daemon_LDADD = toolstack/lib/store/libvesta-xs.a \
	-lpthread

tests_xenstored_test_ring_CPPFLAGS = $(XS_CPPFLAGS)
tests_xenstored_test_ring_SOURCES = tests/xenstored/test-ring.c \
	tests/xenstored/xs-test.h
tests_xenstored_test_ring_LDADD = toolstack/lib/store/libvesta-xs.a

# libFuzzer harness over the decoder and request sequences (fuzz.mk
# convention; the spec lives with the other xenstored tests).
XS_FUZZ_SRCS = $(addprefix $(srcdir)/,$(XS_CORE_SRCS))
tests/fuzz/fuzz-xenstored: $(srcdir)/tests/xenstored/fuzz-xenstored.c \
		$(XS_FUZZ_SRCS)
	@$(MKDIR_P) $(@D)
	$(AM_V_CCLD)$(FUZZ_CC) $(FUZZ_FLAGS) $(XS_CPPFLAGS) $< \
		$(XS_FUZZ_SRCS) -o $@
FUZZ_BINS += tests/fuzz/fuzz-xenstored
FUZZ_TESTS += tests/xenstored/xenstored.fuzz

# Benchmark: make bench-xenstored
noinst_PROGRAMS = bench/xenstored/xs-bench
bench_xenstored_xs_bench_CPPFLAGS = $(XS_CPPFLAGS)
bench_xenstored_xs_bench_SOURCES = bench/xenstored/xs-bench.c
bench_xenstored_xs_bench_LDADD = toolstack/lib/store/libvesta-xs.a -lpthread
bench-xenstored: bench/xenstored/xs-bench toolstack/xenstored/xenstored \
		toolstack/lib/store/vesta-xs
	$(SHELL) $(srcdir)/bench/xenstored/run.sh
.PHONY: bench-xenstored
