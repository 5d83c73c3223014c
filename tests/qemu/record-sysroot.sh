#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Record the QEMU test machine's firmware facts into tests/qemu/sysroot, for
# `mintctl --sysroot`: boots node 0 unpartitioned and copies /proc/cpuinfo,
# /proc/iomem, the CPU masks, the ACPI MADT and /sys/firmware/memmap.
#
#   tests/qemu/record-sysroot.sh [mintvm start options, e.g. --kernel F]
set -euo pipefail
cd "$(dirname "$0")/../.."
export MINTVM_DIR=$PWD/build/qemu/record-sysroot
mintvm=tests/qemu/mintvm
out=tests/qemu/sysroot

"$mintvm" stop
"$mintvm" start --unpartitioned "$@"
trap '"$mintvm" stop' EXIT
# sysfs files claim 4096 bytes, so copy them with cat before tar reads them.
"$mintvm" run node0 '
	set -e
	rm -rf /tmp/sysroot && mkdir /tmp/sysroot && cd /
	for f in proc/cpuinfo proc/iomem sys/devices/system/cpu/present \
		 sys/devices/system/cpu/online sys/devices/system/cpu/possible \
		 sys/firmware/acpi/tables/APIC sys/firmware/memmap/*/start \
		 sys/firmware/memmap/*/end sys/firmware/memmap/*/type; do
		[ -e "$f" ] || continue
		mkdir -p "/tmp/sysroot/$(dirname "$f")"
		cat "$f" > "/tmp/sysroot/$f"
	done
	cd /tmp/sysroot && tar -cf - * | gzip | base64' > "$MINTVM_DIR/sysroot.b64"
rm -rf "$out"
mkdir -p "$out"
base64 -d "$MINTVM_DIR/sysroot.b64" | tar -xzf - -C "$out"
echo "record-sysroot: $out: $(find "$out" -type f | wc -l) files, node 0 kernel $("$mintvm" run node0 'uname -r')"
