#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Updating node 0's kernel while two secondaries run (3-node layout): the
# steps of node0-update.bats with node 1 and node 2.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load ../secondary/node
load ../vni-net/vni
load update

CONF=$(machine_conf multi)
NODE_MINTCTL=$(node0_mintctl "$CONF")
SECONDARIES="node1 node2"

setup_file() {
	NODE0_CPUS=$(($(plan_value 'len(p["nodes"][0]["cores"])')))
	export NODE0_CPUS
	vm_start node0-update-3node --conf "$CONF"
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

@test "nodes 1 and 2 run an iperf3 server each and ping node 0 over VNI" {
	update_start_traffic
}

@test "partition --kexec refuses a config that moves the shared region, says nodes 1 and 2 keep running, and node 0 comes back" {
	update_reexec_node0
}

@test "nodes 1 and 2 never rebooted: uptimes grew, consoles answer, both UP with the same epochs" {
	update_assert_nodes_ran_on
}

@test "the new node 0 holds both nodes' cores from boot and never probed their UARTs" {
	update_assert_node0_keeps_off
}

@test "net up in the new node 0 attaches to the VNI area as it is: carrier on both ends within 3 s" {
	update_assert_links_back
}

@test "iperf3 from node 0 to nodes 1 and 2 works, their pings resumed, and their kernel logs gained no complaint" {
	update_assert_traffic
}

@test "the new node 0 shuts node 1 down and boots it again while node 2 runs" {
	update_assert_node_restarts
}
