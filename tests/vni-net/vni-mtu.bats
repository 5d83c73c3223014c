#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# VNI and the MTU, the Ethernet way: a node drops (and counts) a frame
# longer than its own MTU whatever the sender's, frames it drops are not
# counted as received, MTU changes under traffic are safe, and IPv6 comes
# back when the MTU returns to 1280 or more.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load ../secondary/node
load vni

CONF=$(machine_conf 2node)
NODE_MINTCTL=$(node0_mintctl "$CONF")
N0_LL=fe80::4d:49ff:fe4e:5400
N1_LL=fe80::4d:49ff:fe4e:5401

setup_file() {
	vm_start vni-mtu --conf "$CONF"
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

# driver_drops NODE: frames the core handed to the driver that never
# reached the stack (ethtool rx_frames minus the device's rx_packets).
driver_drops() {
	on "$1" 'echo $(( $(ethtool -S vni0 | awk "\$1 == \"rx_frames:\" { print \$2 }") - $(cat /sys/class/net/vni0/statistics/rx_packets) ))'
}

@test "VNI comes up on node 0 and node 1" {
	run on node0 "$NODE_MINTCTL net up"
	assert_success
	boot_node node1
	wait_carrier node0 1 10
	wait_carrier node1 1 10
}

@test "node 1 (MTU 1500) drops and counts a 4000-byte frame from node 0 (MTU 9000); it is not counted as received" {
	local errs drops
	run on node0 'ip link set vni0 mtu 9000'
	assert_success
	errs=$(on node1 'cat /sys/class/net/vni0/statistics/rx_length_errors')
	drops=$(driver_drops node1)
	run on node0 -t 20 'ping -c 1 -W 3 -s 4000 10.77.0.2'
	assert_failure
	assert_equal "$(on node1 'cat /sys/class/net/vni0/statistics/rx_length_errors')" $((errs + 1))
	assert_equal "$(driver_drops node1)" $((drops + 1))
	# TCP agrees on the smaller MSS and flows.
	run on node1 'iperf3 -s -1 -D; sleep 0.3'
	run on node0 -t 60 'iperf3 -c 10.77.0.2 -t 1 -f m'
	assert_success
	assert_output --partial receiver
	run on node0 'ip link set vni0 mtu 1500 && ping -c 1 -W 3 -s 1472 10.77.0.2'
	assert_success
}

@test "MTU changes on both ends under traffic are safe: the stream ends, nothing warns" {
	run on node1 'iperf3 -s -1 -D; sleep 0.3'
	run on node0 '(iperf3 -c 10.77.0.2 -t 6 -f m > /tmp/iperf.out 2>&1 &); sleep 1'
	run on node1 'for m in 9000 1500 65535 68 1500; do ip link set vni0 mtu $m; sleep 0.4; done; echo done'
	assert_output done
	run on node0 'for m in 9000 65535 1500; do ip link set vni0 mtu $m; sleep 0.4; done; echo done'
	assert_output done
	run on node0 -t 30 'for i in $(seq 100); do grep -q "iperf Done\|iperf3: error" /tmp/iperf.out && break; sleep 0.2; done; cat /tmp/iperf.out'
	assert_output --partial "iperf Done"
	run on node0 'ping -c 2 -W 3 10.77.0.2'
	assert_success
	assert_dmesg_clean node0
	assert_dmesg_clean node1
}

@test "IPv6 leaves below 1280 and comes back when the MTU returns to 1280 or more" {
	run on node1 'ip link set vni0 mtu 1200; ip -6 addr show dev vni0 | grep -c inet6'
	assert_output 0
	run on node1 "ip link set vni0 mtu 1500; for i in \$(seq 30); do ip -6 addr show dev vni0 | grep -q '$N1_LL' && ! ip -6 addr show dev vni0 | grep -q tentative && exit 0; sleep 0.1; done; exit 1"
	assert_success
	run on node0 "ping6 -c 2 -W 5 -I vni0 $N1_LL"
	assert_success
}
