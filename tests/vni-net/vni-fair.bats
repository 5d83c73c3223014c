#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# A small VNI pool shared by three nodes (ring_entries = pool_slots = 64):
# node 0 streams to node 1 with iperf3 and meanwhile pings node 2. Each
# destination holds at most its share of node 0's pool, so node 2 keeps
# getting through, and every stopped queue wakes once there is room.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load ../secondary/node
load vni

CONF=bootcfg/qemu-3node.conf
NODE_MINTCTL="mintctl -c /etc/mint/qemu-3node.conf --set vni.ring_entries=64 --set vni.pool_slots=64"

setup_file() {
	vm_start vni-fair --conf "$CONF"
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

# stat NODE NAME: a counter of NODE's ethtool -S vni0.
stat() {
	on "$1" "ethtool -S vni0 | awk '\$1 == \"$2:\" { print \$2 }'"
}

@test "three nodes bring VNI up with a pool of 64 slots" {
	run on node0 "$NODE_MINTCTL net up"
	assert_success
	run on node0 'cat /sys/module/vni/parameters/ring_entries /sys/module/vni/parameters/pool_slots'
	assert_output "$(printf '64\n64')"
	boot_node node1
	boot_node node2
	wait_carrier node1 1 10
	wait_carrier node2 1 10
	run on node2 'cat /sys/module/vni/parameters/pool_slots'
	assert_output 64
}

@test "while node 0 streams to node 1, its pings to node 2 still get through" {
	local stops
	run on node1 'iperf3 -s -1 -D; sleep 0.3'
	run on node0 '(iperf3 -c 10.77.0.2 -t 10 -f m > /tmp/iperf.out 2>&1 &); sleep 3; ping -c 10 -i 0.3 -W 2 10.77.0.3'
	assert_output --partial "10 packets transmitted"
	[[ $output =~ ([0-9]+)\ packets\ received ]] || fail "no ping summary: $output"
	[ "${BASH_REMATCH[1]}" -ge 9 ] || fail "only ${BASH_REMATCH[1]} of 10 pings to node 2 came back during the stream"
	run on node0 -t 30 'for i in $(seq 100); do grep -q "iperf Done" /tmp/iperf.out && break; sleep 0.2; done; cat /tmp/iperf.out'
	assert_output --partial receiver
	# The stream did fill node 1's share: queues stopped and woke.
	stops=$(stat node0 tx_queue_stops)
	[ "$stops" -gt 0 ] || fail "node 0's queues never stopped: the pool was never short"
}

@test "after the stream every queue is awake: node 0 reaches node 1 and node 2, no queue timed out" {
	run on node0 'ping -c 3 -W 2 10.77.0.2 && ping -c 3 -W 2 10.77.0.3'
	assert_success
	assert_equal "$(stat node0 tx_timeouts)" 0
	assert_dmesg_clean node0
	assert_dmesg_clean node1
	assert_dmesg_clean node2
}
