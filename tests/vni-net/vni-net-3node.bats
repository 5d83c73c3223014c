#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# The VNI driver in a 3-node layout under QEMU: node 0, node 1 (core 2) and node 2
# (core 3) on one VNI area. Broadcast is fanned out to every live peer, so
# ARP resolves and every pair pings.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load ../secondary/node

CONF=bootcfg/qemu-3node.conf
NODE_MINTCTL="mintctl -c /etc/mint/qemu-3node.conf"

setup_file() {
	vm_start vni-net-3node --conf "$CONF"
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

@test "node 0 brings VNI up for 3 nodes, then nodes 1 and 2 bring it up at boot" {
	run on node0 "$NODE_MINTCTL net up"
	assert_success
	assert_output "vni0: node 0, mtu 1500, 10.77.0.1/24"
	run on node0 'cat /sys/module/vni/parameters/nr_nodes /sys/module/vni/parameters/apic_ids'
	assert_output "$(printf '3\n0,2,3')"
	boot_node node1
	boot_node node2
	run on node1 'mintctl net status'
	assert_line --partial "address 10.77.0.2"
	run on node2 'mintctl net status'
	assert_line --partial "address 10.77.0.3"
}

@test "every pair of the 3 nodes pings, and ARP resolves each peer's MAC" {
	local n src dst i
	for src in 0 1 2; do
		for dst in 0 1 2; do
			[ "$src" = "$dst" ] && continue
			run on "node$src" "ping -c 2 -W 5 10.77.0.$((dst + 1))"
			assert_success
			assert_output --partial "2 packets received, 0% packet loss"
			run on "node$src" "ip neigh show 10.77.0.$((dst + 1)) dev vni0"
			assert_output --partial "lladdr 02:4d:49:4e:54:0$dst"
		done
	done
}

@test "node 2 sends node 1 a string over TCP directly, without node 0" {
	run on node1 'rm -f /tmp/s; (nc -l -p 5000 > /tmp/s; touch /tmp/s.done) >/dev/null 2>&1 & sleep 0.5'
	run on node2 "echo 'from node2 to node1' | nc -q 1 10.77.0.2 5000"
	assert_success
	run on node1 'for i in $(seq 50); do [ -e /tmp/s.done ] && break; sleep 0.1; done; cat /tmp/s'
	assert_output "from node2 to node1"
}
