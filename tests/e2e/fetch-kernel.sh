#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Makes Debian's current stock kernel available to the tests: resolves the
# release that the linux-image-amd64 metapackage depends on, downloads that
# package with apt-get and unpacks it with dpkg -x into DIR, then writes
# DIR/vmlinuz (a symlink to DIR/boot/vmlinuz-RELEASE) and DIR/VERSION (the
# release, e.g. 6.1.0-56-amd64). Nothing is done when both already exist.
# It does not build an initramfs and does not judge whether the kernel
# boots: the tests do (VESTA_TEST_KERNEL=DIR/vmlinuz).
#   usage: tests/e2e/fetch-kernel.sh DIR
# Exit status: 0 when DIR/vmlinuz is there, 1 (with a reason) when not.
set -eu

die() {
	echo "fetch-kernel: $*" >&2
	exit 1
}

[ $# -eq 1 ] || die "usage: $0 DIR"
dir=$1
if [ -f "$dir/VERSION" ] && [ -f "$dir/vmlinuz" ]; then
	exit 0
fi
for tool in apt-cache apt-get dpkg; do
	command -v $tool >/dev/null || die "needs $tool (a Debian machine)"
done

# The metapackage's candidate version names the release, e.g.
# "Depends: linux-image-6.1.0-56-amd64 (= 6.1.192-2)".
depends() {
	apt-cache show --no-all-versions linux-image-amd64 2>/dev/null |
		sed -n 's/^Depends:.*\(linux-image-[0-9][^ ,]*\).*/\1/p' |
		head -n 1
}

pkg=$(depends)
if [ -z "$pkg" ]; then
	# No package lists yet (a fresh container): fetch them once.
	sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -q >/dev/null 2>&1 ||
		die "apt-get update failed (no network or no Debian sources?)"
	pkg=$(depends)
	[ -n "$pkg" ] ||
		die "cannot resolve linux-image-amd64's kernel package from apt"
fi
release=${pkg#linux-image-}

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
tmp=$(mktemp -d "$dir/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download -q "$pkg" >/dev/null 2>"$tmp/err") || {
	cat "$tmp/err" >&2
	die "apt-get download $pkg failed"
}
deb=$(ls "$tmp"/*.deb)
dpkg -x "$deb" "$dir" || die "dpkg -x $deb failed"
[ -f "$dir/boot/vmlinuz-$release" ] ||
	die "$pkg has no boot/vmlinuz-$release"
ln -sf "boot/vmlinuz-$release" "$dir/vmlinuz"
# VERSION last: it marks a complete fetch.
echo "$release" >"$dir/VERSION"
echo "fetch-kernel: $(basename "$deb") unpacked into $dir"
