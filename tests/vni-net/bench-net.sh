#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench-net (a benchmark, not a test): in one QEMU machine, measure
# iperf3 TCP node 0 -> node 1 over VNI against the same over a veth pair
# between two network namespaces inside node 0 (the in-kernel limit under
# the same emulation), the CPU time both paths cost per Gbit/s (from
# /proc/stat), ping RTT on both paths, UDP loss at a fixed rate, and (at
# MTU 1500) UDP datagrams/s of 64 and 1400 bytes, at MTU 1500 and 65000;
# print the VNI/veth ratios and one line per target.
#
#   tests/vni-net/bench-net.sh [SECONDS]   (iperf3 duration, default 10)
#   BENCH_NET_ROUNDS=N (default 5)  BENCH_UDP_RATE=R (default 100M)
#
# Fair shares under TCG: every endpoint gets one vCPU of its own. For TCP
# on the VNI path that is the first CPU of each node, the one VNI's
# doorbells interrupt (like pinning to a NIC's IRQ CPU); on the veth path
# the two CPUs of node 0. For UDP the receiving server runs on CPU 1 on
# both paths, away from the CPU that runs the receive path (veth's runs in
# the sender's softirq on CPU 0): sharing that CPU, a flood starves the
# server and the socket drops most datagrams, which is placement, not VNI.
# That case is printed too. Rounds alternate VNI and veth so host noise hits both;
# the report gives the median of each and the ratio of the medians.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-10}
rounds=${BENCH_NET_ROUNDS:-5}
udp_rate=${BENCH_UDP_RATE:-100M}
export MINTVM_DIR=$PWD/build/qemu/bench-net
BENCH=bench-net
. tests/vni-net/bench.bash

bench_boot bootcfg/qemu-2node.conf
# The veth reference: namespaces a (10.99.0.1) and b (10.99.0.2) in node 0.
ref=veth ref_pfx='ip netns exec a' ref_dst=10.99.0.2
if ! "$mintvm" run node0 'ip netns add a && ip netns add b &&
	ip link add va netns a type veth peer name vb netns b &&
	ip -n a addr add 10.99.0.1/24 dev va && ip -n b addr add 10.99.0.2/24 dev vb &&
	ip -n a link set va up && ip -n b link set vb up &&
	ip netns exec b iperf3 -s -D' >"$MINTVM_DIR/veth-setup.txt" 2>&1; then
	echo "bench-net: could not set up the veth reference in node 0 (needs CONFIG_NET_NS and CONFIG_VETH):" >&2
	cat "$MINTVM_DIR/veth-setup.txt" >&2
	exit 1
fi
"$mintvm" run node0 'sysctl -qw net.core.rmem_default=4194304' >/dev/null

# busy NODES...: CPU time the nodes spent (not idle, not iowait), in
# USER_HZ ticks, from the first line of each node's /proc/stat.
busy() {
	local n t=0
	for n in "$@"; do
		t=$((t + $("$mintvm" run "$n" 'head -1 /proc/stat' | awk '{ print $2 + $3 + $4 + $7 + $8 + $9 }')))
	done
	echo "$t"
}
# tcp PREFIX DEST AFFINITY NODES...: "Mbit/s CPU-seconds-per-Gbit" of
# iperf3 -c DEST from node 0 (receiver's figure), the CPU time of NODES.
tcp() {
	local pfx=$1 dst=$2 aff=$3 before after mbps
	shift 3
	before=$(busy "$@")
	mbps=$(run node0 $((secs + 60)) "$pfx iperf3 -c $dst -A $aff -t $secs -f m" |
		awk '/receiver/ { print $7 }')
	after=$(busy "$@")
	awk -v m="$mbps" -v t=$((after - before)) -v s="$secs" \
		'BEGIN { printf "%s %.3f\n", m, (m > 0) ? (t / 100) / (m * s / 1000) : 0 }'
}
# rtt PREFIX DEST: average RTT in ms of 20 pings from node 0's CPU 0.
rtt() {
	run node0 60 "$1 taskset -c 0 ping -c 20 -i 0.1 -q $2" |
		sed -n 's|.*min/avg/max = [0-9.]*/\([0-9.]*\)/.*|\1|p'
}
# udp PREFIX DEST AFFINITY: lost/total (percent) at $udp_rate.
udp() {
	run node0 $((secs + 60)) "$1 iperf3 -c $2 -u -b $udp_rate -A $3 -t $secs" |
		awk '/receiver/ { print $(NF - 2), $(NF - 1) }'
}
# pps PREFIX DEST AFFINITY LEN: "datagrams/s received, loss %" of an
# unlimited iperf3 UDP stream of LEN-byte datagrams.
pps() {
	run node0 $((secs + 60)) "$1 iperf3 -c $2 -u -b 0 -l $4 -A $3 -t $secs" |
		awk -v s="$secs" '/receiver/ { split($(NF - 2), a, "/"); gsub(/[()%]/, "", $(NF - 1));
			printf "%.0f %s\n", (a[2] - a[1]) / s, $(NF - 1) }'
}

# target NAME VALUE OP GOAL: one line a script can read.
target() {
	awk -v n="$1" -v v="$2" -v op="$3" -v g="$4" 'BEGIN {
		ok = (v != "?") && ((op == ">=") ? v + 0 >= g + 0 : v + 0 <= g + 0)
		printf "target %s: %s (goal %s %s) %s\n", n, v, op, g, ok ? "met" : "MISSED" }'
}

results=() targets=()
for mtu in 1500 65000; do
	"$mintvm" run node0 "ip link set vni0 mtu $mtu && ip -n a link set va mtu $mtu && ip -n b link set vb mtu $mtu" >/dev/null
	"$mintvm" run node1 "ip link set vni0 mtu $mtu" >/dev/null
	vt=() et=() vr=() er=() per=() vc=() ec=()
	for r in $(seq "$rounds"); do
		step "MTU $mtu, round $r of $rounds: iperf3 TCP ${secs} s and 20 pings on each path"
		# Alternate which path goes first.
		if [ $((r % 2)) = 1 ]; then
			v=$(tcp '' $N1 0,0 node0 node1); e=$(tcp "$ref_pfx" $ref_dst 0,1 node0)
		else
			e=$(tcp "$ref_pfx" $ref_dst 0,1 node0); v=$(tcp '' $N1 0,0 node0 node1)
		fi
		vc+=("${v#* }") ec+=("${e#* }") v=${v%% *} e=${e%% *}
		vt+=("$v") et+=("$e") per+=("$(ratio "$v" "$e")")
		vr+=("$(rtt '' $N1)") er+=("$(rtt "$ref_pfx" $ref_dst)")
	done
	# Context for the RTT target: veth again, with RPS sending each
	# direction's receive to the other CPU, so it too crosses vCPUs.
	rps_set="ip netns exec b sh -c 'echo 2 > /sys/class/net/vb/queues/rx-0/rps_cpus' && ip netns exec a sh -c 'echo 2 > /sys/class/net/va/queues/rx-0/rps_cpus'"
	rps_clear="ip netns exec b sh -c 'echo 0 > /sys/class/net/vb/queues/rx-0/rps_cpus' && ip netns exec a sh -c 'echo 0 > /sys/class/net/va/queues/rx-0/rps_cpus'"
	"$mintvm" run node0 "$rps_set" >/dev/null
	xr=$(rtt "$ref_pfx" $ref_dst)
	"$mintvm" run node0 "$rps_clear" >/dev/null
	step "MTU $mtu: UDP at ${udp_rate}bit/s on each path"
	vni_udp=$(udp '' $N1 0,1)
	veth_udp=$(udp "$ref_pfx" $ref_dst 0,1)
	pps_lines=""
	if [ "$mtu" = 1500 ]; then
		for len in 64 1400; do
			step "MTU $mtu: UDP datagrams of $len bytes, unlimited rate, on each path"
			vp=$(pps '' $N1 0,1 $len) ep=$(pps "$ref_pfx" $ref_dst 0,1 $len)
			vs=$(pps '' $N1 0,0 $len)
			pps_lines+="
  UDP $len-byte datagrams/s  VNI ${vp% *} (lost ${vp#* }%)   $ref ${ep% *} (lost ${ep#* }%)   VNI/$ref $(ratio "${vp% *}" "${ep% *}")
                         VNI, server on node 1's doorbell CPU (-A 0,0): ${vs% *} (lost ${vs#* }%)"
		done
	fi
	mv=$(median "${vt[@]}") me=$(median "${et[@]}")
	mvr=$(median "${vr[@]}") mer=$(median "${er[@]}")
	mvc=$(median "${vc[@]}") mec=$(median "${ec[@]}")
	results+=("MTU $mtu ($rounds rounds, medians):
  TCP node 0 -> node 1   VNI $mv Mbit/s   $ref $me Mbit/s   VNI/$ref $(ratio "$mv" "$me")
                         per round: VNI ${vt[*]}; $ref ${et[*]}; ratios ${per[*]}
  CPU s per Gbit         VNI $mvc (both nodes)   $ref $mec (node 0)   VNI/$ref $(ratio "$mvc" "$mec")
                         per round: VNI ${vc[*]}; $ref ${ec[*]}
  ping RTT avg           VNI $mvr ms   $ref $mer ms   VNI/$ref $(ratio "$mvr" "$mer")
                         per round: VNI ${vr[*]}; $ref ${er[*]}
                         $ref with RPS to the other CPU (crossing vCPUs as VNI does): $xr ms, VNI/that $(ratio "$mvr" "$xr")
  UDP at ${udp_rate}bit/s lost   VNI ${vni_udp}   $ref ${veth_udp}$pps_lines")
	tcp_goal=1.0
	[ "$mtu" != 1500 ] || tcp_goal=0.8
	targets+=("$(target "TCP VNI/$ref at MTU $mtu" "$(ratio "$mv" "$me")" ">=" $tcp_goal)")
	targets+=("$(target "ping RTT VNI/$ref at MTU $mtu" "$(ratio "$mvr" "$mer")" "<=" 2.0)")
	targets+=("$(target "CPU per Gbit/s VNI/$ref at MTU $mtu" "$(ratio "$mvc" "$mec")" "<=" 1.5)")
done
"$mintvm" run node0 'ethtool -S vni0' > "$MINTVM_DIR/ethtool-node0.txt"
"$mintvm" run node1 'ethtool -S vni0' > "$MINTVM_DIR/ethtool-node1.txt"

echo "bench-net: QEMU TCG, node 0 on cores 0-1, node 1 on cores 2-3, iperf3 -t $secs, reference: $ref in node 0"
echo "bench-net: TCP: one vCPU per endpoint, VNI iperf3 -A 0,0 (each node's doorbell CPU), $ref iperf3 -A 0,1; ping on CPU 0"
echo "bench-net: UDP: the receiving server off the CPU that runs the receive path, as with $ref: -A 0,1 on both paths"
printf '%s\n' "${results[@]}"
printf '%s\n' "${targets[@]}"
echo "(every command and its output: $log; VNI counters: $MINTVM_DIR/ethtool-node{0,1}.txt)"
