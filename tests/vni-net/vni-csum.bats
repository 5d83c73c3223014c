#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# VNI carries each frame's checksum state as the sender had it: partial,
# verified, or none. A frame nobody verified (from a packet socket, or
# forwarded from another interface) is checked by the receiving stack, so
# a bad UDP checksum is counted in InCsumErrors and never reaches the
# application; rx-checksumming off makes the receiver verify everything.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load ../secondary/node
load vni

CONF=$(machine_conf 2node)
NODE_MINTCTL=$(node0_mintctl "$CONF")
N1_MAC=02:4d:49:4e:54:01

setup_file() {
	vm_start vni-csum --conf "$CONF"
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

# snmp NODE PROTO FIELD: a counter of NODE's /proc/net/snmp, e.g. Udp InCsumErrors.
SNMP_AWK='$1 == p { if (!n++) { for (i = 2; i <= NF; i++) col[$i] = i } else print $col[f] }'
snmp() {
	on "$1" "awk -v p=$2: -v f=$3 '$SNMP_AWK' /proc/net/snmp"
}

csum_errors() {
	snmp "$1" Udp InCsumErrors
}

# Node 1 listens on UDP port 9999 into /tmp/udp.out.
listen_udp() {
	run on node1 'rm -f /tmp/udp.out; (nc -u -l -p 9999 > /tmp/udp.out 2>&1 &); sleep 0.3'
	assert_success
}

# received: what node 1's listener got, once the frames had time to land.
received() {
	sleep 0.5
	on node1 'cat /tmp/udp.out; killall nc 2>/dev/null; true'
}

# assert_only_good_arrives WRAP IFACE DST-MAC SRC-IP TAG: node 0 sends node 1
# (port 9999) BAD-TAG with a wrong UDP checksum, then GOOD-TAG with a right
# one, through udpframe on IFACE (run under WRAP, e.g. "ip netns exec lan").
# Only GOOD-TAG reaches node 1's listener; Udp InCsumErrors grows by one.
assert_only_good_arrives() {
	local send="$1 udpframe $2 $3 $4 10.77.0.2 9999" before
	before=$(csum_errors node1)
	listen_udp
	run on node0 "$send BAD-$5 bad && $send GOOD-$5 good"
	assert_success
	run received
	assert_output "GOOD-$5"
	assert_equal "$(csum_errors node1)" $((before + 1))
}

@test "VNI comes up on node 0 and node 1" {
	run on node0 "$NODE_MINTCTL net up"
	assert_success
	boot_node node1
	wait_carrier node0 1 10
	wait_carrier node1 1 10
}

@test "a frame with a bad UDP checksum from a packet socket is dropped by node 1's stack and counted" {
	assert_only_good_arrives "" vni0 $N1_MAC 10.77.0.1 FRAME
}

@test "with rx-checksumming off node 1 verifies every checksum: TCP still flows, a bad UDP checksum is still caught" {
	local tcp_before
	run on node1 'ethtool -K vni0 rx off && ethtool -k vni0 | grep "^rx-checksumming"'
	assert_success
	assert_output "rx-checksumming: off"
	tcp_before=$(snmp node1 Tcp InCsumErrors)
	assert_only_good_arrives "" vni0 $N1_MAC 10.77.0.1 FRAME
	# Locally sent TCP has a partial checksum: node 1 completes it and
	# its stack verifies it.
	run on node1 'iperf3 -s -1 -D; sleep 0.3'
	run on node0 -t 60 'iperf3 -c 10.77.0.2 -t 1 -f m'
	assert_success
	assert_output --partial receiver
	assert_equal "$(snmp node1 Tcp InCsumErrors)" "$tcp_before"
	run on node1 'ethtool -K vni0 rx on'
	assert_success
	assert_dmesg_clean node1
}

@test "node 0 forwards a frame from its LAN with a bad checksum: node 1 drops it, the good one arrives" {
	local lanr_mac
	# A namespace with a veth pair stands for the LAN behind node 0.
	run on node0 'ip netns add lan && ip link add lanr type veth peer name lan0 netns lan &&
		ip addr add 192.168.50.1/24 dev lanr && ip link set lanr up &&
		ip -n lan addr add 192.168.50.2/24 dev lan0 && ip -n lan link set lan0 up &&
		ip -n lan route add default via 192.168.50.1 &&
		sysctl -qw net.ipv4.ip_forward=1 && cat /sys/class/net/lanr/address'
	assert_success
	lanr_mac=$output
	run on node1 'ip route add 192.168.50.0/24 via 10.77.0.1'
	assert_success
	run on node0 'ip netns exec lan ping -c 1 -W 5 10.77.0.2'
	assert_success
	assert_only_good_arrives "ip netns exec lan" lan0 "$lanr_mac" 192.168.50.2 FORWARDED
	# Forwarded TCP keeps its partial checksum and arrives intact.
	run on node1 'rm -f /tmp/t.out; (nc -l -p 7000 > /tmp/t.out &); sleep 0.3'
	run on node0 "ip netns exec lan sh -c 'echo through-node0 | nc -q 1 10.77.0.2 7000'"
	assert_success
	run on node1 'sleep 0.5; cat /tmp/t.out'
	assert_output through-node0
	assert_dmesg_clean node0
	assert_dmesg_clean node1
}
