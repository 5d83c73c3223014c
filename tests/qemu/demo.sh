#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The Mint demo (make demo): plan a layout for the QEMU test machine, boot
# node 0 partitioned under QEMU, bring VNI up, start node 1 on cores node 0
# never brought up (its image brings VNI up at boot), show what each node
# sees, send a string over TCP and run iperf3 across the two kernels, stop
# node 1 again, and print a short report of what was measured. The machine is stopped at the end; its consoles stay
# in build/qemu/demo/.
#
#   [MINT_MACHINE=pc|modern] tests/qemu/demo.sh [CONFIG]
#
# The machine is $MINT_MACHINE (default pc); CONFIG defaults to the
# machine's 2-node example, bootcfg/qemu-2node.conf or
# bootcfg/qemu-modern-2node.conf.
set -euo pipefail
cd "$(dirname "$0")/../.."
machine=${MINT_MACHINE:-pc}
case $machine in
pc)
	conf=${1:-bootcfg/qemu-2node.conf}
	sysroot=tests/qemu/sysroot
	what="pc: SeaBIOS, xAPIC, 4 cores, 2 GiB" ;;
modern)
	conf=${1:-bootcfg/qemu-modern-2node.conf}
	sysroot=tests/qemu/sysroot-modern
	what="modern: q35, UEFI, x2APIC with interrupt remapping, 2 sockets x 2 cores x 2 threads, 2 NUMA nodes, 4 GiB" ;;
*)
	echo "demo: MINT_MACHINE=$machine: no such test machine (pc, modern)" >&2
	exit 2 ;;
esac
mintvm=tests/qemu/mintvm
export MINTVM_DIR=$PWD/build/qemu/demo
# The image keeps every example config under /etc/mint/.
guest_conf=/etc/mint/$(basename "$conf")
report=("machine:                             $what")

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
step() { printf '\n== %s\n' "$*"; }

step "mintctl -c $conf plan (on the recorded QEMU machine, $machine)"
build/mintctl/mintctl -c "$conf" --sysroot "$sysroot" plan

step "booting node 0 partitioned under QEMU (TCG, $what, no network)"
"$mintvm" stop
"$mintvm" start --machine "$machine" --conf "$conf"
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

step "mintctl net up (on node 0)"
"$mintvm" run node0 "mintctl -c $guest_conf net up"
n0_addr=$("$mintvm" run node0 "ip -4 -o addr show vni0" | awk '{ print $4 }')
n0_addr=${n0_addr%/*}

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

step "VNI: node 1 -> node 0 over Ethernet between two kernels"
"$mintvm" run node1 'mintctl net status'
carrier=$("$mintvm" run node0 'for i in $(seq 30); do [ "$(cat /sys/class/net/vni0/carrier)" = 1 ] && break; sleep 0.1; done; cat /sys/class/net/vni0/carrier')
report+=("VNI carrier on node 0:               ${carrier}")
# The first ping also resolves ARP; the RTT comes from the ten after it.
"$mintvm" run node1 "ping -c 1 -W 5 $n0_addr && ping -c 10 -i 0.1 -W 5 $n0_addr" | tee "$MINTVM_DIR/ping.txt"
rtt=$(sed -n 's|.*min/avg/max = [0-9.]*/\([0-9.]*\)/.*|\1|p' "$MINTVM_DIR/ping.txt" | tail -n 1)
report+=("ping node 1 -> node 0, avg RTT:      ${rtt:-?} ms (10 pings)")
text="mint says hello across kernels"
"$mintvm" run node0 'rm -f /tmp/str /tmp/str.done; (nc -l -p 5000 > /tmp/str 2>&1; touch /tmp/str.done) >/dev/null 2>&1 & sleep 0.5'
"$mintvm" run node1 "echo '$text' | nc -q 1 $n0_addr 5000"
got=$("$mintvm" run node0 'for i in $(seq 50); do [ -e /tmp/str.done ] && break; sleep 0.1; done; cat /tmp/str')
echo "node 0 received: $got"
if [ "$got" = "$text" ]; then
	report+=("TCP string node 1 -> node 0:         received intact")
else
	report+=("TCP string node 1 -> node 0:         MISMATCH: '$got'")
fi
"$mintvm" run node0 'iperf3 -s -D --pidfile /tmp/iperf3.pid; sleep 0.5'
# Each end on its node's first CPU, the one VNI's doorbells interrupt.
for dir in "" "-R"; do
	out=$("$mintvm" run node1 -t 90 "iperf3 -c $n0_addr -A 0,0 -t 5 -f m $dir")
	echo "$out"
	rate=$(awk '/receiver$/ { print $7, $8 }' <<<"$out")
	if [ -z "$dir" ]; then
		report+=("iperf3 TCP node 1 -> node 0:         ${rate:-failed}")
	else
		report+=("iperf3 TCP node 0 -> node 1:         ${rate:-failed}")
	fi
done

step "mintctl status (on node 0)"
"$mintvm" run node0 "mintctl -c $guest_conf status"

step "mintctl shutdown node1 (on node 0)"
t0=$(now)
"$mintvm" run node0 -t 90 "mintctl -c $guest_conf shutdown node1"
report+=("node 1 orderly shutdown:             $(elapsed "$t0") s")
"$mintvm" run node0 "mintctl -c $guest_conf status"
state=$("$mintvm" run node0 "mintctl -c $guest_conf --json status" |
	/usr/bin/python3 -c 'import json, sys; print([n["state"] for n in json.load(sys.stdin)["nodes"] if n["name"] == "node1"][0])')
report+=("node 1 state after shutdown:         ${state}")
"$mintvm" run node0 'dmesg | grep -ciE "unknown reason|spurious|APIC error|BUG:" || true' >"$MINTVM_DIR/node0-problems"
report+=("node 0 kernel problems logged:       $(cat "$MINTVM_DIR/node0-problems")")
carrier=$("$mintvm" run node0 'sleep 1; cat /sys/class/net/vni0/carrier')
report+=("VNI carrier on node 0 after that:    ${carrier}")

step "report"
printf '  %s\n' "${report[@]}"
