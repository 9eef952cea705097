#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Daemon life cycle: --help and bad options, settings from a configuration
# file overridden by the command line, clean exit on SIGTERM, and a restart
# that keeps the whole tree (values, permissions, introduced domains)
# through --state-file.  A state file that cannot be read must stop the
# daemon from starting rather than be overwritten.
. "${srcdir:-.}/tests/xenstored/lib.sh"

"$XSD" --help | grep -q "^Usage: xenstored" || fail "--help"
"$XSD" --no-such-option 2>/dev/null
[ $? -eq 2 ] || fail "a bad option must exit 2"
"$XSD" --quota bogus=1 2>/dev/null
[ $? -eq 2 ] || fail "a bad quota must exit 2"

cat > "$T/conf" <<EOC
# test configuration
socket = $T/ignored
quota-nodes = 7
quota-watches = 3
EOC
start_xenstored --config "$T/conf" --quota nodes=9
[ ! -e "$T/ignored" ] || fail "command line did not override socket"
q=$("$VXS" control quota) || fail "control quota"
echo "$q" | grep -q "^nodes 9$" || fail "command line quota: $q"
echo "$q" | grep -q "^watches 3$" || fail "config file quota: $q"
stop_xenstored
echo "bogus line" > "$T/badconf"
"$XSD" --config "$T/badconf" -s "$T/sock" 2>/dev/null
[ $? -eq 2 ] || fail "a bad config file must exit 2"

# State across a restart.
start_xenstored --state-file "$T/state"
"$VXS" write /keep/a "hello world" || fail write
"$VXS" write /keep/deep/er/node "x" || fail write
"$VXS" write /local/domain/3/name guest3 || fail write
"$VXS" setperms /local/domain/3 n3 r4 || fail setperms
"$VXS" introduce 3 1234 7 || fail introduce
"$VXS" rm /local/domain/0 2>/dev/null
stop_xenstored
[ -s "$T/state" ] || fail "no state saved"
start_xenstored --state-file "$T/state"
[ "$("$VXS" read /keep/a)" = "hello world" ] || fail "value lost"
[ "$("$VXS" read /keep/deep/er/node)" = x ] || fail "deep value lost"
[ "$("$VXS" getperms /local/domain/3)" = "n3 r4" ] || fail "perms lost"
[ "$("$VXS" getperms /local/domain/3/name)" = "n0" ] ||
	fail "child perms: $("$VXS" getperms /local/domain/3/name)"
[ "$("$VXS" introduced 3)" = T ] || fail "introduced domain lost"
"$VXS" control check | grep -q "^OK" || fail "store inconsistent"
stop_xenstored

# Corrupt state: refuse to start, keep the file.
printf 'VESTA-XENSTORED-STATE 1\nnode 99 1 n0\n/x' > "$T/state"
cp "$T/state" "$T/state.orig"
"$XSD" --socket "$T/sock" --log-file "$T/xsd.log" --state-file "$T/state"
[ $? -ne 0 ] || fail "started from a corrupt state file"
cmp -s "$T/state" "$T/state.orig" || fail "corrupt state was overwritten"
echo "PASS"
