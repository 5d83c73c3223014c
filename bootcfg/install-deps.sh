#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Install the Debian packages Mint needs to build and test. Idempotent: it
# only runs apt-get when a package is missing.
set -eu

PACKAGES="
	build-essential pkg-config clang libclang-rt-14-dev
	libfdt-dev libinih-dev device-tree-compiler
	bats bats-support bats-assert grub-common
	qemu-system-x86 ovmf kexec-tools iperf3 busybox-static netcat-openbsd
	iproute2 ethtool nftables kmod cpio zstd xz-utils
	linux-source-6.12 bc bison flex libelf-dev libssl-dev dwarves
	ccache quilt python3 rsync python3-ply python3-git groff-base
	systemd git debhelper dh-dkms dkms lintian linux-config-6.12
	makedumpfile dropbear-bin
"

# The modern test machine needs x2APIC under TCG, which QEMU emulates from
# 9.0 on; Debian 12 ships 7.2, its backports suite 10.0.
QEMU_PACKAGE=qemu-system-x86
QEMU_MIN_VERSION=1:9.0

installed() {
	dpkg-query -W -f '${Status}\n' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

qemu_new_enough() {
	v=$(dpkg-query -W -f '${Version}' "$QEMU_PACKAGE" 2>/dev/null) || return 1
	installed "$QEMU_PACKAGE" && dpkg --compare-versions "$v" ge "$QEMU_MIN_VERSION"
}

missing=""
for p in $PACKAGES; do
	installed "$p" || missing="$missing $p"
done

if [ -z "$missing" ] && qemu_new_enough; then
	echo "deps: all $(echo $PACKAGES | wc -w) packages present"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages:$missing" >&2
	qemu_new_enough || echo "deps: $QEMU_PACKAGE older than $QEMU_MIN_VERSION" >&2
	echo "deps: run 'make deps' as root to install them" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! qemu_new_enough; then
	sh "$(dirname "$0")/apt-backports.sh"
	# QEMU comes from backports below, not first from the release.
	missing=$(echo "$missing" | tr ' ' '\n' | grep -vx "$QEMU_PACKAGE" | tr '\n' ' ')
fi
apt-get update -q
if [ -n "$(echo $missing)" ]; then
	echo "deps: installing: $(echo $missing)"
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing
fi
if ! qemu_new_enough; then
	codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
	echo "deps: installing $QEMU_PACKAGE from $codename-backports"
	apt-get install -y -q --no-install-recommends -t "$codename-backports" "$QEMU_PACKAGE"
	qemu_new_enough || { echo "deps: $QEMU_PACKAGE is still older than $QEMU_MIN_VERSION" >&2; exit 1; }
fi
