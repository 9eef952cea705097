#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs one libFuzzer harness for a bounded time. Argument: the NAME.fuzz spec
# (its path names the harness). The binary is in the build tree, the corpus
# seeds in the source tree; new corpus entries go to a scratch directory so
# the source tree stays clean (distcheck makes it read-only).
set -eu
spec=$1
name=$(basename "$spec" .fuzz)
srcdir=$(cd "$(dirname "$spec")" && pwd)
bin=./tests/fuzz/fuzz-$name
[ -x "$bin" ] || { echo "run-fuzz: $bin not built" >&2; exit 99; }
secs=${FUZZ_SECONDS:-10}
work=$(mktemp -d "${TMPDIR:-/tmp}/vesta-fuzz-$name.XXXXXX")
trap 'rm -rf "$work"' EXIT
seeds=
[ -d "$srcdir/corpus/$name" ] && seeds="$srcdir/corpus/$name"
echo "fuzzing $name for ${secs}s"
# -timeout: one input taking over 10 s is a hang and fails the test.
"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix="$work/" "$work" $seeds 2>&1 | tail -n 25
rc=$?
# tail hides the fuzzer's status; a crash leaves an artifact.
if ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* >/dev/null 2>&1; then
	echo "run-fuzz: $name found a failing input:" >&2
	for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-*; do
		[ -f "$f" ] && od -A x -t x1z "$f" | head -n 20 >&2
	done
	exit 1
fi
exit $rc
