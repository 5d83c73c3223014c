#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench-channels (a benchmark, not a test): on the modern QEMU machine
# (node 0 and node 1 with four CPUs each) and a VNI layout of four rings
# per pair ([vni] queues = 4), iperf3 -P 4 from node 0 to node 1 with node 0
# sending on one channel (ethtool -L vni0 combined 1) against all four.
# Rounds alternate the two; the report gives the medians, their ratio, and
# how node 1's received frames spread over its channels.
#
#   tests/vni-net/bench-channels.sh [SECONDS]   (iperf3 duration, default 10)
#   BENCH_NET_ROUNDS=N (default 3)
#
# Under TCG every vCPU is a host thread: scaling is bounded by the host's
# cores (the development host has two), not by VNI.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-10}
rounds=${BENCH_NET_ROUNDS:-3}
mintvm=tests/qemu/mintvm
export MINT_MACHINE=modern
export MINTVM_DIR=$PWD/build/qemu/bench-channels
N1=10.77.0.2
MINTCTL=mintctl
log=$MINTVM_DIR/bench-channels.log

step() { printf 'bench-channels: %s\n' "$*" >&2; }

"$mintvm" stop
step "booting node 0 and node 1 on the modern machine under QEMU (TCG)"
"$mintvm" start --conf bootcfg/qemu-modern-2node.conf >/dev/null
trap '"$mintvm" stop' EXIT
: > "$log"
# Node 0's config says queues = 4, so every mintctl there (also the one
# that relays node 1's console) plans the same VNI area.
"$mintvm" run node0 'sed -i "/^\[vni\]/a queues = 4" /etc/mint/qemu-modern-2node.conf' >/dev/null
"$mintvm" run node0 "$MINTCTL net up" >/dev/null
"$mintvm" mark node1 >/dev/null
"$mintvm" run node0 -t 150 "$MINTCTL boot node1 --timeout 90" >/dev/null
"$mintvm" wait-ready node1 90 >/dev/null
"$mintvm" run node0 'for i in $(seq 50); do [ "$(cat /sys/class/net/vni0/carrier)" = 1 ] && exit 0; sleep 0.1; done; exit 1' ||
	{ echo "bench-channels: VNI carrier never came up" >&2; exit 1; }
"$mintvm" run node1 'iperf3 -s -D; sysctl -qw net.core.rmem_default=4194304' >/dev/null

# run NODE TIMEOUT CMD: run CMD on NODE, keep its output in the log.
run() {
	local out
	out=$("$mintvm" run "$1" -t "$2" "$3")
	printf '### %s: %s\n%s\n' "$1" "$3" "$out" >> "$log"
	printf '%s\n' "$out"
}
# tcp N: Mbit/s of iperf3 -P 4 with node 0 sending on N channels.
tcp() {
	run node0 10 "ethtool -L vni0 combined $1" >/dev/null
	run node0 $((secs + 60)) "iperf3 -c $N1 -P 4 -t $secs -f m" |
		awk '/SUM.*receiver/ { print $6 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "?" }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

one=() four=()
for r in $(seq "$rounds"); do
	step "round $r of $rounds: iperf3 -P 4 for ${secs} s on 1 and on 4 channels"
	if [ $((r % 2)) = 1 ]; then
		one+=("$(tcp 1)") four+=("$(tcp 4)")
	else
		four+=("$(tcp 4)") one+=("$(tcp 1)")
	fi
done
spread=$(run node1 10 "ethtool -S vni0" | awk '/channel_[0-9]+_rx_frames/ { printf "%s %s  ", $1, $2 }')
m1=$(median "${one[@]}") m4=$(median "${four[@]}")
echo "bench-channels: QEMU TCG modern machine, node 0 on cores 0-3, node 1 on cores 4-7, [vni] queues = 4, iperf3 -P 4 -t $secs"
echo "  TCP node 0 -> node 1, 1 channel   $m1 Mbit/s   (rounds: ${one[*]})"
echo "  TCP node 0 -> node 1, 4 channels  $m4 Mbit/s   (rounds: ${four[*]})"
echo "  4 channels / 1 channel            $(ratio "$m4" "$m1")"
echo "  node 1's frames by channel: $spread"
echo "(every command and its output: $log)"
