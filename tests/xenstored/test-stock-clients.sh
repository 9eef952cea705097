#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Stock clients against our daemon: Debian's xenstore-utils (which reach the
# daemon through $XENSTORED_PATH) must work unmodified -- write, read, ls,
# list, exists, chmod, rm, watch -- including permissions seen as another
# domain (through a test-only socket that acts as domain 5), a directory too
# long for one message, and many concurrent transactional writers
# (vesta-xs txn-incr, from several processes) with no lost update.
. "${srcdir:-.}/tests/xenstored/lib.sh"
need_tool xenstore-read xenstore-utils
start_xenstored --domain-socket "5:$T/dom5"
to() { timeout 10 "$@"; }

to xenstore-write /vm/a one /vm/b two || fail "xenstore-write"
[ "$(to xenstore-read /vm/a)" = one ] || fail "xenstore-read"
[ "$(to xenstore-read /vm/a /vm/b | tr '\n' ,)" = "one,two," ] ||
	fail "xenstore-read of two paths"
[ "$(to xenstore-list /vm | tr '\n' ,)" = "a,b," ] || fail "xenstore-list"
to xenstore-ls /vm > "$T/ls" || fail "xenstore-ls"
grep -q '^a = "one"$' "$T/ls" || fail "xenstore-ls output: $(cat "$T/ls")"
to xenstore-exists /vm/a || fail "xenstore-exists on a node"
to xenstore-exists /vm/zz 2>/dev/null && fail "xenstore-exists on nothing"
to xenstore-read /vm/zz 2>/dev/null && fail "reading a missing node worked"

# Permissions, and domain 5's view of them.
to xenstore-write /local/domain/5/name guest5 || fail "write domain home"
to xenstore-chmod /local/domain/5 n5 || fail "xenstore-chmod"
to xenstore-chmod /local/domain/5/name n5 r6 || fail "xenstore-chmod 2"
to xenstore-ls -p /local/domain/5 | grep -q '(n5,r6)' ||
	fail "xenstore-ls -p does not show n5,r6"
D5="env XENSTORED_PATH=$T/dom5"
[ "$($D5 timeout 10 xenstore-read name)" = guest5 ] ||
	fail "domain 5 cannot read its relative path"
$D5 timeout 10 xenstore-write data/state 4 || fail "domain 5 write"
[ "$(to xenstore-read /local/domain/5/data/state)" = 4 ] ||
	fail "dom0 does not see domain 5's write"
$D5 timeout 10 xenstore-read /vm/a 2>/dev/null &&
	fail "domain 5 read a dom0-only node"
$D5 timeout 10 xenstore-write /vm/evil x 2>/dev/null &&
	fail "domain 5 wrote outside its home"
$D5 timeout 10 xenstore-rm /vm 2>/dev/null && fail "domain 5 removed /vm"
to xenstore-exists /vm/a || fail "/vm/a vanished"

# Watches: initial event, then exactly one event per change.
to xenstore-watch -n 4 /vm > "$T/watch" 2>&1 &
WPID=$!
i=0
while [ ! -s "$T/watch" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
to xenstore-write /vm/c three || fail "write for watch"
to xenstore-rm /vm/a || fail "xenstore-rm"
to xenstore-write /elsewhere x || fail "unrelated write"
to xenstore-write /vm/b 2 || fail "write for watch 2"
wait $WPID || fail "xenstore-watch failed: $(cat "$T/watch")"
[ "$(tr '\n' , < "$T/watch")" = "/vm,/vm/c,/vm/a,/vm/b," ] ||
	fail "watch events: $(tr '\n' , < "$T/watch")"

# A directory too long for one message.
args=
i=0
while [ $i -lt 1000 ]; do args="$args /big/entry-number-$i v"; i=$((i + 1)); done
# shellcheck disable=SC2086
to xenstore-write $args || fail "writing 1000 nodes"
n=$(to xenstore-list /big | wc -l)
[ "$n" = 1000 ] || fail "xenstore-list of 1000 children gave $n"
to xenstore-rm /big || fail "xenstore-rm of a tree"
to xenstore-exists /big/entry-number-7 2>/dev/null && fail "rm left children"

# Concurrent transactional writers: no lost updates.
pids=
for k in 1 2 3 4 5 6 7 8; do
	timeout 30 "$VXS" txn-incr /counter 20 > "$T/incr.$k" &
	pids="$pids $!"
done
for p in $pids; do wait "$p" || fail "txn-incr failed"; done
[ "$(to xenstore-read /counter)" = 160 ] ||
	fail "counter is $(to xenstore-read /counter), expected 160"
echo "conflicts reported: $(cat "$T"/incr.* | awk "{s += \$1} END {print s}")"

stop_xenstored
echo "PASS"
