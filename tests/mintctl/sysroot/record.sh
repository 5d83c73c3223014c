#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Regenerate the binary MADTs of the recorded machines, in place or below
# DEST if given. Everything else in the sysroots is plain text copied from
# the machines' /proc and /sys.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dest=${1:-$here}
mkdir -p "$dest/qemu-4cpu-2g/sys/firmware/acpi/tables" \
	"$dest/hw-8cpu-16g/sys/firmware/acpi/tables"

# QEMU pc, -smp 4: APIC ID == CPU index, all four enabled.
"$here/make-madt.py" "$dest/qemu-4cpu-2g/sys/firmware/acpi/tables/APIC" \
	lapic:0:0:1 lapic:1:1:1 lapic:2:2:1 lapic:3:3:1

# 8 cores without SMT siblings: even APIC IDs, listed out of order like
# many BIOSes do, plus two disabled hot-plug slots and a disabled x2APIC.
"$here/make-madt.py" "$dest/hw-8cpu-16g/sys/firmware/acpi/tables/APIC" \
	lapic:0:0:1 lapic:1:4:1 lapic:2:8:1 lapic:3:12:1 \
	lapic:4:2:1 lapic:5:6:1 lapic:6:10:1 lapic:7:14:1 \
	lapic:8:16:0 lapic:9:18:0 x2apic:10:300:0
