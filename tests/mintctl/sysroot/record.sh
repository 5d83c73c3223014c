#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Regenerate the binary ACPI tables (MADT, SRAT) of the recorded machines,
# in place or below DEST if given. Everything else in the sysroots is plain
# text copied from the machines' /proc and /sys.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dest=${1:-$here}
mkdir -p "$dest/qemu-4cpu-2g/sys/firmware/acpi/tables" \
	"$dest/hw-8cpu-16g/sys/firmware/acpi/tables" \
	"$dest/numa-8cpu-6g/sys/firmware/acpi/tables"

# QEMU pc, -smp 4: APIC ID == CPU index, all four enabled.
"$here/make-madt.py" "$dest/qemu-4cpu-2g/sys/firmware/acpi/tables/APIC" \
	lapic:0:0:1 lapic:1:1:1 lapic:2:2:1 lapic:3:3:1

# 8 cores without SMT siblings: even APIC IDs, listed out of order like
# many BIOSes do, plus two disabled hot-plug slots and a disabled x2APIC.
"$here/make-madt.py" "$dest/hw-8cpu-16g/sys/firmware/acpi/tables/APIC" \
	lapic:0:0:1 lapic:1:4:1 lapic:2:8:1 lapic:3:12:1 \
	lapic:4:2:1 lapic:5:6:1 lapic:6:10:1 lapic:7:14:1 \
	lapic:8:16:0 lapic:9:18:0 x2apic:10:300:0

# A synthetic 2-socket server with SMT: APIC ID bit 0 is the thread, bit 1
# the core, bit 3 the socket, so socket 1 starts at 8 and 4-7 are a gap.
# The MADT lists first threads first, as many BIOSes do. Node 0 booted
# with maxcpus=4: CPUs 0-3 are socket 0.
"$here/make-madt.py" "$dest/numa-8cpu-6g/sys/firmware/acpi/tables/APIC" \
	lapic:0:0:1 lapic:1:2:1 lapic:2:8:1 lapic:3:10:1 \
	lapic:4:1:1 lapic:5:3:1 lapic:6:9:1 lapic:7:11:1
# One NUMA node per socket. NUMA node 0: 0-640K and 1M-2G; NUMA node 1:
# 2G-3G below the PCI hole and 4G-7G. So the firmware's RAM range
# 1M-3G spans both. Disabled entries must be ignored: an x2APIC hot-plug
# slot in domain 7, a memory entry that would give 2G-3G to node 0, and
# QEMU's zero padding entry.
"$here/make-srat.py" "$dest/numa-8cpu-6g/sys/firmware/acpi/tables/SRAT" \
	cpu:0:0 cpu:0:1 cpu:0:2 cpu:0:3 cpu:1:8 cpu:1:9 cpu:1:10 cpu:1:11 \
	x2apic:7:300:0 \
	mem:0:0:0xa0000 mem:0:0x100000:0x7ff00000 \
	mem:1:0x80000000:0x40000000 mem:1:0x100000000:0xc0000000 \
	mem:0:0x80000000:0x40000000:0 mem:0:0:0:0
