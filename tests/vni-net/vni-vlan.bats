#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# VLANs on vni0: 802.1Q with checksum and segmentation offloads at the
# largest MTU, and a double tag (QinQ, 802.1ad outside 802.1Q), carry
# traffic intact in both directions.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load ../secondary/node
load vni

CONF=$(machine_conf 2node)
NODE_MINTCTL=$(node0_mintctl "$CONF")

setup_file() {
	vm_start vni-vlan --conf "$CONF"
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

# vlan_pair LINK-CMD IFNAME NET: run LINK-CMD on both nodes, then give
# IFNAME NET.1 on node 0 and NET.2 on node 1 (a /24) and bring it up.
vlan_pair() {
	local n
	for n in 0 1; do
		run on "node$n" "$1 && ip addr add $3.$((n + 1))/24 dev $2 && ip link set $2 up && echo ok"
		assert_output ok
	done
}

# assert_intact_transfer ADDR: 8 MiB sent from node 0 to ADDR on node 1
# over TCP arrive with the same sha256.
assert_intact_transfer() {
	local sum
	run on node0 'head -c 8388608 /dev/urandom > /tmp/blob && sha256sum < /tmp/blob'
	assert_success
	sum=$output
	run on node1 'rm -f /tmp/blob /tmp/blob.done; (nc -l -p 7001 > /tmp/blob; touch /tmp/blob.done) >/dev/null 2>&1 & sleep 0.5'
	run on node0 -t 60 "nc -q 1 $1 7001 < /tmp/blob"
	assert_success
	run on node1 -t 30 'for i in $(seq 200); do [ -e /tmp/blob.done ] && break; sleep 0.1; done; sha256sum < /tmp/blob'
	assert_output "$sum"
}

@test "VNI comes up on node 0 and node 1, at the largest MTU" {
	vni_up_two_nodes
	run on node0 'ip link set vni0 mtu 65535'
	assert_success
	run on node1 'ip link set vni0 mtu 65535'
	assert_success
}

@test "802.1Q on vni0 keeps checksum and segmentation offloads and the full MTU" {
	vlan_pair 'ip link add link vni0 name vni0.10 type vlan id 10' vni0.10 10.78.10
	run on node0 'cat /sys/class/net/vni0.10/mtu; ethtool -k vni0.10'
	assert_line 65535
	assert_line 'tx-checksumming: on'
	assert_line 'tcp-segmentation-offload: on'
}

@test "802.1Q: a full-size datagram and an 8 MiB TCP stream go through intact" {
	run on node0 'ping -c 2 -W 3 -s 65507 10.78.10.2'
	assert_success
	assert_output --partial '65515 bytes from 10.78.10.2'
	assert_intact_transfer 10.78.10.2
	run on node1 'iperf3 -s -1 -D; sleep 0.3'
	run on node0 -t 60 'iperf3 -c 10.78.10.2 -t 1 -f m 2>&1 | tail -3'
	assert_output --partial receiver
}

@test "QinQ (802.1ad outside 802.1Q) goes through intact at the full MTU" {
	vlan_pair 'ip link add link vni0 name vni0.100 type vlan proto 802.1ad id 100 &&
		ip link set vni0.100 up &&
		ip link add link vni0.100 name vni0.100.20 type vlan id 20' vni0.100.20 10.78.20
	run on node0 'cat /sys/class/net/vni0.100.20/mtu'
	assert_output 65535
	run on node0 'ping -c 2 -W 3 -s 65507 10.78.20.2'
	assert_success
	assert_intact_transfer 10.78.20.2
	# Untagged traffic is unaffected.
	run on node0 'ping -c 2 -W 3 10.77.0.2'
	assert_success
	assert_dmesg_clean node0
	assert_dmesg_clean node1
}
