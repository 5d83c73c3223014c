#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Updating node 0's kernel while node 1 runs: `mintctl partition --kexec`
# re-executes node 0; node 1 never reboots, keeps its epoch, its console
# and its UART, and its VNI link comes back after `mintctl net up`.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load ../secondary/node
load ../vni-net/vni
load update

CONF=$(machine_conf 2node)
NODE_MINTCTL=$(node0_mintctl "$CONF")
SECONDARIES=node1

setup_file() {
	NODE0_CPUS=$(($(plan_value 'len(p["nodes"][0]["cores"])')))
	export NODE0_CPUS
	vm_start node0-update --conf "$CONF"
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

@test "node 1 runs an iperf3 server and pings node 0 over VNI" {
	update_start_traffic
}

@test "partition --kexec refuses a config that moves the shared region, says node 1 keeps running, and node 0 comes back" {
	update_reexec_node0
}

@test "node 1 never rebooted: its uptime grew, its console answers, it is UP with the same epoch" {
	update_assert_nodes_ran_on
}

@test "the new node 0 holds node 1's cores from boot and never probed its UART" {
	update_assert_node0_keeps_off
}

@test "net up in the new node 0 attaches to the VNI area as it is: carrier on both ends within 3 s" {
	update_assert_links_back
}

@test "iperf3 from node 0 to node 1 works, node 1's ping resumed, and its kernel log gained no complaint" {
	update_assert_traffic
}

@test "the new node 0 shuts node 1 down and boots it again" {
	update_assert_node_restarts
}
