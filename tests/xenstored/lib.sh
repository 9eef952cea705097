# SPDX-License-Identifier: GPL-2.0-only
# Shared helpers for the xenstored test scripts: a private temporary
# directory, starting our xenstored on a socket inside it and stopping it
# with SIGTERM, and the CI rule for missing tools (skip on a developer
# machine, fail under CI=true, naming the Debian package either way).
# Sourced, not run; every wait is bounded.

XSD=${XSD:-./toolstack/xenstored/xenstored}
VXS=${VXS:-./toolstack/lib/store/vesta-xs}
T=$(mktemp -d "${TMPDIR:-/tmp}/xsd-test.XXXXXX")
XSD_PID=
cleanup() {
	if [ -n "$XSD_PID" ]; then
		kill "$XSD_PID" 2>/dev/null
		wait "$XSD_PID" 2>/dev/null
	fi
	rm -rf "$T"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	[ -f "$T/xsd.log" ] && tail -n 20 "$T/xsd.log" >&2
	exit 1
}

# need_tool TOOL PACKAGE
need_tool() {
	command -v "$1" >/dev/null 2>&1 && return 0
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $1 not found: install the Debian package $2" >&2
		exit 1
	fi
	echo "SKIP: $1 not found: install the Debian package $2" >&2
	exit 77
}

# start_xenstored [ARGS...]: socket at $T/sock, log at $T/xsd.log
start_xenstored() {
	[ -x "$XSD" ] || fail "$XSD not built"
	rm -f "$T/sock"
	"$XSD" --socket "$T/sock" --log-file "$T/xsd.log" \
		--log-level debug "$@" &
	XSD_PID=$!
	i=0
	while [ ! -S "$T/sock" ]; do
		i=$((i + 1))
		[ $i -gt 100 ] && fail "xenstored did not create its socket"
		kill -0 "$XSD_PID" 2>/dev/null || fail "xenstored exited early"
		sleep 0.05
	done
	export XENSTORED_PATH="$T/sock"
}

# stop_xenstored: SIGTERM, must exit 0 within 5 s
stop_xenstored() {
	kill -TERM "$XSD_PID"
	i=0
	while kill -0 "$XSD_PID" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && fail "xenstored ignored SIGTERM"
		sleep 0.05
	done
	wait "$XSD_PID"
	rc=$?
	XSD_PID=
	[ $rc -eq 0 ] || fail "xenstored exited with $rc after SIGTERM"
	[ ! -e "$T/sock" ] || fail "socket left behind after shutdown"
}
