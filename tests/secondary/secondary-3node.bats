#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Secondary nodes, 3-node layout under QEMU: node 1 on core 2 and node 2 on core 3,
# each with its own low window and UART, both UP at once next to node 0.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load node

CONF=bootcfg/qemu-3node.conf
# Node 0's image carries every layout; its default mint.conf is the 2-node one.
NODE_MINTCTL="mintctl -c /etc/mint/qemu-3node.conf"

setup_file() {
	vm_start secondary-3node --conf "$CONF"
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

@test "node 1 on core 2 and node 2 on core 3 boot and are both UP at once" {
	boot_node node1
	boot_node node2
	[ "$(node_state node1)" = UP ] || fail "node 1 is not UP"
	[ "$(node_state node2)" = UP ] || fail "node 2 is not UP"
	run on node0 nproc
	assert_output 2
}

@test "each of the two nodes has one core, its own id and its own console" {
	# Two kernel consoles, the shared-memory one and the node's serial
	# port; the shell runs on the serial port, the last console=.
	run on node1 'nproc; cat /sys/firmware/mint/node_id /sys/firmware/mint/apic_ids; readlink /proc/self/fd/1
		tr " " "\n" < /sys/class/tty/console/active | sort'
	assert_success
	assert_output "$(printf '1\n1\n2\n/dev/ttyS1\nhvc0\nttyS1')"
	run on node2 'nproc; cat /sys/firmware/mint/node_id /sys/firmware/mint/apic_ids; readlink /proc/self/fd/1
		tr " " "\n" < /sys/class/tty/console/active | sort'
	assert_success
	assert_output "$(printf '1\n2\n3\n/dev/ttyS2\nhvc0\nttyS2')"
}

@test "node 2 shuts down while node 1 stays UP, then both are DOWN, node 0 unharmed" {
	run on node0 -t 60 "$NODE_MINTCTL shutdown node2"
	assert_success
	[ "$(node_state node2)" = DOWN ] || fail "node 2 is not DOWN"
	[ "$(node_state node1)" = UP ] || fail "node 1 went down with node 2"
	run on node1 'echo still here'
	assert_output 'still here'
	run on node0 -t 60 "$NODE_MINTCTL shutdown node1"
	assert_success
	[ "$(node_state node1)" = DOWN ] || fail "node 1 is not DOWN"
	assert_node0_dmesg_clean
}
