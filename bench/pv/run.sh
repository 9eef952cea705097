#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# PV core benchmark driver (bench/pv/README.md). Builds what is missing,
# then boots three configurations in the same QEMU (-machine q35 -cpu qemu64
# -m 2048 -smp 2, TCG), each RUNS times, interleaved: Vesta with the bench
# kernel as dom0 and again as a domU, Debian's Xen 4.17 with it as dom0,
# and Debian's stock kernel natively with a busybox initramfs running
# bench/pv/pvnative. Every QEMU runs under `timeout`; the serial logs go to
# bench/pv/work/logs in the build tree, and bench/pv/report.py prints the
# table from them. It never fails on a figure: a configuration that cannot
# run is reported as "not measured: <why>".
#
# Run from a configured build tree (`make bench-pv` does), or from anywhere
# else, in which case it configures a release build in $BENCH_PV_BUILD.
# Environment:
#   RUNS=3                 boots per configuration and mode (at least 3)
#   MODES="tcg icount"     plain TCG, and TCG with -icount shift=0
#   VESTA_XEN_REF          Xen image (default /tmp/xen-anchor/xen-4.17)
#   BENCH_PV_VMLINUZ       native kernel (default: Debian 6.1 found below)
#   TIMEOUT=240            seconds per boot
#   QEMU                   qemu-system-x86_64 to use
set -eu

here=$(cd "$(dirname "$0")" && pwd)
srcdir=$(cd "$here/../.." && pwd)
RUNS=${RUNS:-3}
MODES=${MODES:-tcg icount}
TIMEOUT=${TIMEOUT:-240}
case ${QEMU:-} in
'' | no) QEMU=$(command -v qemu-system-x86_64 || echo no) ;;
esac
MACHINE="-machine q35 -cpu qemu64 -m 2048 -smp 2"
VESTA_APPEND="com1=115200,8n1 console=com1"
XEN_APPEND="console=com1 com1=115200,8n1 dom0_mem=256M,max:256M"
XEN_APPEND="$XEN_APPEND dom0_max_vcpus=1 bootscrub=0 loglvl=all"
XEN_APPEND="$XEN_APPEND guest_loglvl=all"
NATIVE_APPEND="console=ttyS0,115200 quiet panic=-1"

# ---- build ----
if [ ! -f Makefile ] || ! grep -q '^bench-pv:' Makefile; then
	b=${BENCH_PV_BUILD:-${TMPDIR:-/tmp}/vesta-bench-pv-build}
	echo "bench-pv: no build tree here; configuring a release build in $b"
	mkdir -p "$b"
	cd "$b"
	[ -f Makefile ] || "$srcdir/configure" -q
fi
${MAKE:-make} -s vesta bench/pv/pvbench.elf bench/pv/pvnative
build=$(pwd)
debug=${VESTA_DEBUG_BUILD:-unknown}
if [ "$debug" = unknown ]; then
	debug=no
	! grep -q 'enable-debug' config.log 2>/dev/null || debug=yes
fi

W=$build/bench/pv/work
L=$W/logs
rm -rf "$L"
mkdir -p "$L"

PVK=$build/bench/pv/pvbench.elf
case $PVK in
*,* | *' '*)
	echo "bench-pv: the build path must not contain commas or spaces" >&2
	exit 2
	;;
esac
XEN=${VESTA_XEN_REF:-/tmp/xen-anchor/xen-4.17}
VMLINUZ=${BENCH_PV_VMLINUZ:-}
if [ -z "$VMLINUZ" ]; then
	for k in /tmp/kern/x/boot/vmlinuz-6.1.0-56-amd64 \
		/tmp/xen-anchor/vmlinuz "${VESTA_TEST_KERNEL:-}" \
		"$build/kernel/vmlinuz"; do
		if [ -n "$k" ] && [ -f "$k" ]; then
			VMLINUZ=$k
			break
		fi
	done
fi
BUSYBOX=$(command -v busybox || true)

# ---- the native initramfs: busybox, pvnative, an /init of our own ----
native_why() {
	if [ -z "$VMLINUZ" ] || [ ! -f "$VMLINUZ" ]; then
		echo "no Debian kernel (set BENCH_PV_VMLINUZ; apt-get" \
			"download linux-image-6.1.0-*-amd64, then dpkg -x)"
	elif [ -z "$BUSYBOX" ] ||
		! file -L "$BUSYBOX" | grep -q 'statically linked'; then
		echo "no static busybox (apt-get install busybox-static)"
	elif ! command -v cpio > /dev/null; then
		echo "no cpio (apt-get install cpio)"
	fi
}

make_initramfs() {
	r=$W/initramfs
	rm -rf "$r"
	mkdir -p "$r/bin" "$r/proc" "$r/dev"
	cp "$BUSYBOX" "$r/bin/busybox"
	for a in sh mount poweroff; do
		ln -s busybox "$r/bin/$a"
	done
	cp "$build/bench/pv/pvnative" "$r/pvnative"
	cat > "$r/init" << 'INIT'
#!/bin/sh
# Bench init: run the native benchmark once, then switch the machine off.
/bin/mount -t proc proc /proc
/pvnative
/bin/poweroff -f
INIT
	chmod +x "$r/init"
	(cd "$r" && find . | cpio -o -H newc --quiet | gzip -1) \
		> "$W/native.cpio.gz"
}

# ---- booting ----
# boot LOG QEMU-ARGS...: boot under timeout, stop once PVB-END is logged.
boot() {
	log=$1
	shift
	: > "$log"
	t0=$(date +%s)
	# shellcheck disable=SC2086 # MACHINE and icount are word lists
	timeout "$TIMEOUT" "$QEMU" $MACHINE $icount -display none -vga none \
		-monitor none -no-reboot -net none -serial "file:$log" "$@" \
		< /dev/null > "$log.qemu" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2> /dev/null; do
		if grep -q 'PVB-END' "$log"; then
			sleep 1
			break
		fi
		sleep 0.5
	done
	kill "$pid" 2> /dev/null || true
	wait "$pid" 2> /dev/null || true
	t=$(($(date +%s) - t0))
	name=$(basename "$log" .log)
	if grep -q 'PVB-END' "$log"; then
		echo "  $name: done in $t s"
	else
		echo "  $name: no PVB-END after $t s (timeout or crash)"
	fi
}

boot_vesta() {
	boot "$1" -kernel "$build/vesta" -append "$VESTA_APPEND" \
		-initrd "$PVK peer=1,$PVK"
}

boot_xen() {
	boot "$1" -kernel "$XEN" -append "$XEN_APPEND" -initrd "$PVK"
}

# Under -icount, Linux 6.1 hangs bringing up CPU 1 (QEMU 7.2): one CPU.
boot_native() {
	extra=
	if [ -n "$icount" ]; then
		extra=" maxcpus=1"
		echo "booted with maxcpus=1: under -icount shift=0 Linux 6.1" \
			"hangs at 'Booting SMP configuration' (QEMU 7.2), so" \
			"the cross-CPU analogues are not measured" \
			> "$L/$mode-native.note"
	fi
	boot "$1" -kernel "$VMLINUZ" -initrd "$W/native.cpio.gz" \
		-append "$NATIVE_APPEND$extra"
}

# Why a configuration cannot run at all, or nothing.
why_not() {
	if [ "$QEMU" = no ]; then
		echo "qemu-system-x86_64 not found" \
			"(apt-get install qemu-system-x86)"
		return
	fi
	case $1 in
	xen)
		[ -f "$XEN" ] || echo "no Xen image at $XEN (VESTA_XEN_REF;" \
			"the shared tools/xen-reference/00-fetch.sh makes it)"
		;;
	native)
		native_why
		;;
	esac
}

[ -n "$(native_why)" ] || make_initramfs
echo "bench-pv: build $build (Vesta debug build: $debug)," \
	"$RUNS run(s), modes: $MODES"
echo "bench-pv: Xen $XEN; native kernel ${VMLINUZ:-none}; logs in $L"
for mode in $MODES; do
	case $mode in
	tcg) icount= ;;
	icount) icount="-icount shift=0" ;;
	*)
		echo "bench-pv: unknown mode $mode" >&2
		exit 2
		;;
	esac
	for cfg in vesta xen native; do
		w=$(why_not "$cfg")
		[ -z "$w" ] || echo "$w" > "$L/$mode-$cfg.why"
	done
	for run in $(seq 1 "$RUNS"); do
		for cfg in vesta xen native; do
			[ ! -f "$L/$mode-$cfg.why" ] || continue
			"boot_$cfg" "$L/$mode-$cfg-$run.log"
		done
	done
done

{
	echo "PV core benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -n)"
	echo "QEMU: $("$QEMU" --version 2> /dev/null | head -1); $MACHINE"
	echo "Vesta: $build/vesta (debug build: $debug); Xen: $XEN;" \
		"native: ${VMLINUZ:-none}"
	python3 "$here/report.py" "$L"
} | tee "$W/results.txt"
