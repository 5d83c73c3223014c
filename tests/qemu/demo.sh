#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The Mint demo (make demo): plan a layout for the QEMU test machine, boot
# node 0 partitioned under QEMU, start node 1 on cores node 0 never brought
# up, show what each node sees, stop node 1 again, and print a short report
# of what was measured. The machine is stopped at the end; its consoles stay
# in build/qemu/demo/.
#
#   tests/qemu/demo.sh [CONFIG]      (default bootcfg/qemu-2node.conf)
set -euo pipefail
cd "$(dirname "$0")/../.."
conf=${1:-bootcfg/qemu-2node.conf}
mintvm=tests/qemu/mintvm
export MINTVM_DIR=$PWD/build/qemu/demo
# The image keeps every example config under /etc/mint/.
guest_conf=/etc/mint/$(basename "$conf")
report=()

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
step() { printf '\n== %s\n' "$*"; }

step "mintctl -c $conf plan (on the recorded QEMU machine)"
build/mintctl/mintctl -c "$conf" --sysroot tests/qemu/sysroot plan

step "booting node 0 partitioned under QEMU (TCG, 4 cores, 2 GiB, no network)"
"$mintvm" stop
"$mintvm" start --conf "$conf"
trap '"$mintvm" stop' EXIT
node0_boot=$(awk '$1 == "node0_boot_seconds" { print $2 }' "$MINTVM_DIR/boot.txt")
report+=("node 0 boot (QEMU start to shell):  ${node0_boot} s")

step "node 0"
"$mintvm" run node0 '
	echo "kernel:       $(uname -r)"
	echo "command line: $(cat /proc/cmdline)"
	echo "online CPUs:  $(cat /sys/devices/system/cpu/online) of $(cat /sys/devices/system/cpu/present) present"
	echo "memory:       $(grep MemTotal /proc/meminfo | tr -s " " | cut -d" " -f2-)"
	echo "Reserved in /proc/iomem (by the firmware, and for the other nodes and the shared region):"
	grep "^[0-9a-f]*-[0-9a-f]* : Reserved" /proc/iomem | sed "s/^/  /"'

step "mintctl boot node1 (on node 0)"
"$mintvm" mark node1 >/dev/null
t0=$(now)
out=$("$mintvm" run node0 -t 150 "mintctl -c $guest_conf boot node1 --timeout 90")
echo "$out"
"$mintvm" wait-ready node1 90 >/dev/null
node1_shell=$(elapsed "$t0")
node1_up=$(sed -n 's/^node1: UP after \([0-9.]*\) s.*/\1/p' <<<"$out")
report+=("node 1 boot (mintctl boot to UP):    ${node1_up:-?} s")
report+=("node 1 boot (mintctl boot to shell): ${node1_shell} s")

step "node 1 (its own console, ttyS1)"
"$mintvm" run node1 '
	echo "kernel:       $(uname -r)"
	echo "online CPUs:  $(nproc) ($(cat /sys/devices/system/cpu/online))"
	echo "memory:       $(grep MemTotal /proc/meminfo | tr -s " " | cut -d" " -f2-)"
	echo "e820 RAM:"
	grep "System RAM" /proc/iomem | sed "s/^/  /"
	for f in node_id apic_ids shared_base shared_size tsc_khz; do
		echo "/sys/firmware/mint/$f: $(cat /sys/firmware/mint/$f)"
	done'
node1_cpus=$("$mintvm" run node1 nproc)
node0_cpus=$("$mintvm" run node0 nproc)
report+=("CPUs: node 0 has ${node0_cpus}, node 1 has ${node1_cpus}")

step "mintctl status (on node 0)"
"$mintvm" run node0 "mintctl -c $guest_conf status"

step "mintctl shutdown node1 (on node 0)"
t0=$(now)
"$mintvm" run node0 -t 90 "mintctl -c $guest_conf shutdown node1"
report+=("node 1 orderly shutdown:             $(elapsed "$t0") s")
"$mintvm" run node0 "mintctl -c $guest_conf status"
state=$("$mintvm" run node0 "mintctl -c $guest_conf --json status" |
	/usr/bin/python3 -c 'import json, sys; print([n["state"] for n in json.load(sys.stdin) if n["name"] == "node1"][0])')
report+=("node 1 state after shutdown:         ${state}")
"$mintvm" run node0 'dmesg | grep -ciE "unknown reason|spurious|APIC error|BUG:" || true' >"$MINTVM_DIR/node0-problems"
report+=("node 0 kernel problems logged:       $(cat "$MINTVM_DIR/node0-problems")")

step "report"
printf '  %s\n' "${report[@]}"
