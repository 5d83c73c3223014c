#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Record a QEMU test machine's firmware facts for `mintctl --sysroot`: boots
# node 0 unpartitioned and copies /proc/cpuinfo, /proc/iomem, the CPU masks
# and topology, the NUMA nodes, the ACPI MADT and SRAT and
# /sys/firmware/memmap. MINT_MACHINE chooses the machine (default pc): pc
# goes to tests/qemu/sysroot, modern to tests/qemu/sysroot-modern.
#
#   [MINT_MACHINE=modern] tests/qemu/record-sysroot.sh [mintvm start options]
set -euo pipefail
cd "$(dirname "$0")/../.."
machine=${MINT_MACHINE:-pc}
case $machine in
pc) out=tests/qemu/sysroot ;;
modern) out=tests/qemu/sysroot-modern ;;
*) echo "record-sysroot: MINT_MACHINE=$machine: no such test machine (pc, modern)" >&2; exit 2 ;;
esac
export MINTVM_DIR=$PWD/build/qemu/record-sysroot-$machine
mintvm=tests/qemu/mintvm

"$mintvm" stop
"$mintvm" start --machine "$machine" --unpartitioned "$@"
trap '"$mintvm" stop' EXIT
# sysfs files claim 4096 bytes, so copy them with cat before tar reads them.
"$mintvm" run node0 '
	set -e
	rm -rf /tmp/sysroot && mkdir /tmp/sysroot && cd /
	for f in proc/cpuinfo proc/iomem sys/devices/system/cpu/present \
		 sys/devices/system/cpu/online sys/devices/system/cpu/possible \
		 sys/firmware/acpi/tables/APIC sys/firmware/acpi/tables/SRAT \
		 sys/devices/system/cpu/cpu[0-9]*/topology/physical_package_id \
		 sys/devices/system/cpu/cpu[0-9]*/topology/core_id \
		 sys/devices/system/cpu/cpu[0-9]*/topology/thread_siblings_list \
		 sys/devices/system/node/online sys/devices/system/node/possible \
		 sys/devices/system/node/node[0-9]*/cpulist \
		 sys/firmware/memmap/*/start \
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
