#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs the xenstored benchmark from the build directory: starts our daemon
# on a temporary socket, runs bench/xenstored/xs-bench against it, prints
# the table, stops the daemon.  BENCH_SECONDS sets the time per cell.
set -eu
XSD=./toolstack/xenstored/xenstored
T=$(mktemp -d "${TMPDIR:-/tmp}/xsd-bench.XXXXXX")
"$XSD" --socket "$T/sock" --log-file "$T/log" --log-level warning &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ ! -S "$T/sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
./bench/xenstored/xs-bench "$T/sock" "$PID" "${BENCH_SECONDS:-0.5}"
XENSTORED_PATH="$T/sock" ./toolstack/lib/store/vesta-xs control memreport
