#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Boot a PV test kernel as dom0 of the reference Xen 4.17 under QEMU and
# check its verdict, to re-validate a test kernel against real Xen.
#
#   tests/guests/run-on-xen.sh KERNEL.elf [module command line...]
#   tests/guests/run-on-xen.sh SPEC.boot
#
# Environment: VESTA_XEN_REF  Xen image (default /tmp/xen-anchor/xen-4.17,
#                             made by the shared xen-reference/00-fetch.sh)
#              RESULT         verdict regex for a bare kernel (default SUCCESS)
#              TIMEOUT        seconds (default 120)
#              XEN_APPEND     Xen command line (default: run-boot.py's)
# The serial log lands in tests/e2e/logs/NAME.xen.serial.log under the
# current directory. Exit status as tests/e2e/run-boot.py.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
runner="$here/../e2e/run-boot.py"
: "${VESTA_XEN_REF:=/tmp/xen-anchor/xen-4.17}"
export VESTA_XEN_REF
VESTA_BOOT_HYPERVISOR=xen
export VESTA_BOOT_HYPERVISOR

if [ $# -lt 1 ]; then
	echo "usage: $0 KERNEL.elf [cmdline...] | SPEC.boot" >&2
	exit 2
fi
target=$1
shift
case $target in
*.boot)
	exec python3 "$runner" "$target"
	;;
esac

[ -f "$target" ] || { echo "$target: no such kernel" >&2; exit 2; }
kernel=$(cd "$(dirname "$target")" && pwd)/$(basename "$target")
name=$(basename "$target" .elf)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/a/b"
spec="$tmp/a/b/$name.boot"
{
	echo "boot = kernel"
	echo "machine = q35"
	echo "smp = 2"
	echo "mem = 1024"
	echo "timeout = ${TIMEOUT:-120}"
	echo "module-file = $kernel $*"
	echo "result = ${RESULT:-SUCCESS}"
	if [ -n "${XEN_APPEND:-}" ]; then
		echo "xen:append = $XEN_APPEND"
	fi
} > "$spec"
python3 "$runner" "$spec"
