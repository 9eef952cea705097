#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Drives our xenstored through our client library (tests/xenstored/
# test-daemon.c): every message type and error path, permissions from
# several domain identities, quotas, transactions under contention and watch
# delivery.  Fails if the daemon misbehaves, crashes, or does not shut down
# cleanly on SIGTERM.
. "${srcdir:-.}/tests/xenstored/lib.sh"
start_xenstored --domain-socket "5:$T/dom5" --domain-socket "6:$T/dom6" \
	--quota nodes=30 --quota watches=4 --quota transactions=2 \
	--quota node-size=100
timeout 60 ./tests/xenstored/test-daemon "$T/sock" "$T/dom5" "$T/dom6" ||
	fail "test-daemon failed"
stop_xenstored
grep -q "quota" "$T/xsd.log" || fail "quota refusals were not logged"
echo "PASS"
