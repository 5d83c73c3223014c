#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench-net (a benchmark, not a test): in one QEMU machine, measure
# iperf3 TCP node 0 -> node 1 over VNI against the same over a veth pair
# between two network namespaces inside node 0 (the in-kernel limit under
# the same emulation), ping RTT on both paths and UDP loss at a fixed rate,
# at MTU 1500 and 65000, and print the VNI/veth ratios.
#
#   tests/vni-net/bench-net.sh [SECONDS]   (iperf3 duration, default 10)
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-10}
udp_rate=${BENCH_UDP_RATE:-100M}
mintvm=tests/qemu/mintvm
export MINTVM_DIR=$PWD/build/qemu/bench-net
N1=10.77.0.2

"$mintvm" stop
"$mintvm" start --conf bootcfg/qemu-2node.conf >/dev/null
trap '"$mintvm" stop' EXIT
"$mintvm" run node0 'mintctl net up' >/dev/null
"$mintvm" mark node1 >/dev/null
"$mintvm" run node0 -t 150 'mintctl boot node1 --timeout 90' >/dev/null
"$mintvm" wait-ready node1 90 >/dev/null
"$mintvm" run node0 'for i in $(seq 50); do [ "$(cat /sys/class/net/vni0/carrier)" = 1 ] && exit 0; sleep 0.1; done; exit 1' ||
	{ echo "bench-net: VNI carrier never came up" >&2; exit 1; }
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
"$mintvm" run node1 'iperf3 -s -D; sysctl -qw net.core.rmem_default=4194304' >/dev/null

# tcp PREFIX DEST: receiver Mbit/s of iperf3 -c DEST run on node 0 with PREFIX.
tcp() {
	"$mintvm" run node0 -t $((secs + 60)) "$1 iperf3 -c $2 -t $secs -f m" |
		awk '/receiver/ { print $7 }'
}
# rtt PREFIX DEST: average ping RTT in ms.
rtt() {
	"$mintvm" run node0 -t 60 "$1 ping -c 20 -i 0.1 -q $2" |
		sed -n 's|.*min/avg/max = [0-9.]*/\([0-9.]*\)/.*|\1|p'
}
# udp PREFIX DEST: lost/total (percent) at $udp_rate.
udp() {
	"$mintvm" run node0 -t $((secs + 60)) "$1 iperf3 -c $2 -u -b $udp_rate -t $secs" |
		awk '/receiver/ { print $(NF - 2), $(NF - 1) }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "?" }'; }

results=()
for mtu in 1500 65000; do
	"$mintvm" run node0 "ip link set vni0 mtu $mtu && ip -n a link set va mtu $mtu && ip -n b link set vb mtu $mtu" >/dev/null
	"$mintvm" run node1 "ip link set vni0 mtu $mtu" >/dev/null
	vni_tcp=$(tcp '' $N1)
	veth_tcp=$(tcp "$ref_pfx" $ref_dst)
	vni_rtt=$(rtt '' $N1)
	veth_rtt=$(rtt "$ref_pfx" $ref_dst)
	vni_udp=$(udp '' $N1)
	veth_udp=$(udp "$ref_pfx" $ref_dst)
	results+=("MTU $mtu:
  TCP node 0 -> node 1   VNI ${vni_tcp} Mbit/s   $ref ${veth_tcp} Mbit/s   VNI/$ref $(ratio "$vni_tcp" "$veth_tcp") (target >= 0.5)
  ping RTT avg           VNI ${vni_rtt} ms   $ref ${veth_rtt} ms   VNI/$ref $(ratio "$vni_rtt" "$veth_rtt") (target <= 2)
  UDP at ${udp_rate}bit/s lost   VNI ${vni_udp}   $ref ${veth_udp}")
done
"$mintvm" run node0 'ethtool -S vni0' > "$MINTVM_DIR/ethtool-node0.txt"

echo "bench-net: QEMU TCG, node 0 on 2 cores, node 1 on 2 cores, iperf3 -t $secs, reference: $ref in node 0"
printf '%s\n' "${results[@]}"
echo "(node 0's VNI counters: $MINTVM_DIR/ethtool-node0.txt)"
