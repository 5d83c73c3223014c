#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Node 0 boots partitioned for the 3-node layout: two secondaries of one core
# each, two memory ranges and two low windows. The memory ranges and the
# shared region touch, and so do the low windows, so mintctl reserves them
# with one memmap= each.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load node0

CONF=bootcfg/qemu-3node.conf

setup_file() {
	PARAMS=$(plan_params "$CONF")
	export PARAMS
	vm_start node0-boot-3node --conf "$CONF"
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

@test "the 3-node plan reserves two nodes' memory, two low windows and the shared region in two memmap=" {
	[ "$(reservations "$PARAMS" | wc -l)" -eq 2 ] || fail "expected 2 memmap= in: $PARAMS"
	[[ $PARAMS == *maxcpus=2* ]] || fail "no maxcpus=2 in: $PARAMS"
}

@test "node 0 boots on cores 0-1 with every 3-node reservation in effect" {
	assert_partitioned node0 "$PARAMS"
}

@test "mintctl inside node 0 plans the same 3-node parameters" {
	run on node0 'mintctl -c /etc/mint/qemu-3node.conf partition --print'
	assert_success
	assert_output "$PARAMS"
}
