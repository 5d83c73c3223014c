#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# VNI's queues: one per destination node, the node's own id for broadcast.
# ethtool -S counts each, and a frame that tc puts on another node's
# queue never stops that queue, so ARP and IPv6 ND keep working.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load ../secondary/node
load vni

CONF=$(machine_conf 2node)
NODE_MINTCTL=$(node0_mintctl "$CONF")
N1_LL=fe80::4d:49ff:fe4e:5401

setup_file() {
	vm_start vni-queues --conf "$CONF"
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

@test "VNI comes up on node 0 and node 1" {
	vni_up_two_nodes
}

@test "ethtool -S counts frames per queue: queue 1 of node 0 carries what goes to node 1" {
	local tx rx
	tx=$(vni_stat node0 tx_queue_1_packets)
	rx=$(vni_stat node1 rx_queue_0_packets)
	run on node0 'ping -c 3 -W 3 10.77.0.2'
	assert_success
	(( $(vni_stat node0 tx_queue_1_packets) >= tx + 3 ))
	(( $(vni_stat node1 rx_queue_0_packets) >= rx + 3 ))
	# A 2-node layout has queues 0 and 1 only.
	run on node0 'ethtool -S vni0 | grep -c "_queue_[0-9]*_packets"'
	assert_output 4
}

# assert_neighbours_found: node 0 resolves node 1 afresh, by ARP and by ND.
assert_neighbours_found() {
	run on node0 "ip neigh flush dev vni0 && ping -c 2 -W 3 10.77.0.2 && ping6 -c 2 -W 3 -I vni0 $N1_LL"
	assert_success
}

@test "tc puts every frame on the broadcast queue under a full-speed stream: no queue stays stopped" {
	run on node0 'tc qdisc add dev vni0 clsact &&
		tc filter add dev vni0 egress matchall action skbedit queue_mapping 0 && echo ok'
	assert_output ok
	run on node1 'iperf3 -s -1 -D; sleep 0.3'
	run on node0 -t 60 'iperf3 -c 10.77.0.2 -t 2 -f m 2>&1 | tail -3'
	assert_output --partial receiver
	assert_neighbours_found
	run on node0 'tc filter del dev vni0 egress && echo ok'
	assert_output ok
	assert_neighbours_found
}

@test "tc puts broadcast and multicast on node 1's queue: ARP and ND still work, queue 1 keeps flowing" {
	run on node0 'tc filter add dev vni0 egress matchall action skbedit queue_mapping 1 && echo ok'
	assert_output ok
	assert_neighbours_found
	run on node1 'iperf3 -s -1 -D; sleep 0.3'
	run on node0 -t 60 'iperf3 -c 10.77.0.2 -t 2 -f m 2>&1 | tail -3'
	assert_output --partial receiver
	run on node0 'tc qdisc del dev vni0 clsact && echo ok'
	assert_output ok
	assert_neighbours_found
	run on node0 'cat /sys/class/net/vni0/queues/tx-*/tx_timeout'
	refute_output --regexp '[1-9]'
	assert_dmesg_clean node0
}

@test "the network-manager drop-ins name the device as the kernel reports it" {
	local driver
	driver=$(sed -n 's/^Driver=//p' "$BATS_TEST_DIRNAME/../../vni/dist/10-mint-vni.network")
	assert_equal "$driver" vni
	grep -q "driver:$driver;" "$BATS_TEST_DIRNAME/../../vni/dist/90-mint-vni.conf"
	run on node0 'ethtool -i vni0'
	assert_line "driver: $driver"
}
