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
export MINT_MACHINE=modern
export MINTVM_DIR=$PWD/build/qemu/bench-channels
BENCH=bench-channels
. tests/vni-net/bench.bash

# Node 0's config says queues = 4, so every mintctl there (also the one
# that relays node 1's console) plans the same VNI area.
bench_boot bootcfg/qemu-modern-2node.conf \
	'sed -i "/^\[vni\]/a queues = 4" /etc/mint/qemu-modern-2node.conf'

# tcp N: Mbit/s of iperf3 -P 4 with node 0 sending on N channels.
tcp() {
	run node0 10 "ethtool -L vni0 combined $1" >/dev/null
	run node0 $((secs + 60)) "iperf3 -c $N1 -P 4 -t $secs -f m" |
		awk '/SUM.*receiver/ { print $6 }'
}

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
