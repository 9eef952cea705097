#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Ring transport: our xenstored maps simulated guests' ring pages from a
# temporary directory (--ring-dir); tests/xenstored/test-ring.c plays the
# guests, well-behaved and hostile.  Fails if any guest can break the daemon
# or another client, or if the daemon does not stop cleanly.
. "${srcdir:-.}/tests/xenstored/lib.sh"
mkdir "$T/rings"
start_xenstored --ring-dir "$T/rings"
timeout 60 ./tests/xenstored/test-ring "$T/sock" "$T/rings" ||
	fail "test-ring failed"
kill -0 "$XSD_PID" || fail "xenstored died"
stop_xenstored
grep -q "ring protocol error\|saved ring" "$T/xsd.log" ||
	grep -q "domain 5" "$T/xsd.log" || fail "ring errors were not logged"
echo "PASS"
