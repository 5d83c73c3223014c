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
	qemu-system-x86 kexec-tools iperf3 busybox-static netcat-openbsd
	iproute2 ethtool kmod cpio zstd xz-utils
	linux-source-6.12 bc bison flex libelf-dev libssl-dev dwarves
	ccache quilt python3 rsync python3-ply python3-git groff-base
"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "deps: all $(echo $PACKAGES | wc -w) packages present"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages:$missing" >&2
	echo "deps: run 'make deps' as root to install them" >&2
	exit 1
fi

echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
