#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Under QEMU: the order of `mintctl net up` does not matter. Node 1 boots
# (and brings VNI up at boot) before node 0 has formatted the VNI area: its
# module loads anyway, vni0 waits with the carrier off, and the link comes
# up on both nodes once node 0 runs `mintctl net up`. A real geometry
# mismatch still fails the module load.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load ../secondary/node
load vni

CONF=bootcfg/qemu-2node.conf
N0=10.77.0.1
N1=10.77.0.2

setup_file() {
	vm_start vni-net-order --conf "$CONF"
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

@test "node 1 booted before node 0's net up has vni loaded and vni0 waiting, carrier off" {
	run on node0 'grep -c "^vni " /proc/modules'
	assert_output 0
	boot_node node1
	run on node1 'sleep 1; grep -c "^vni " /proc/modules; cat /sys/class/net/vni0/carrier /sys/class/net/vni0/vni/attached'
	assert_success
	assert_output "$(printf '1\n0\n0')"
	run on node1 'mintctl net status'
	assert_success
	assert_line --regexp "^vni0: down, carrier off, mtu 1500, mac 02:4d:49:4e:54:01, address 10.77.0.2$"
	assert_line "  waiting for the VNI area: node 0 has not run 'mintctl net up' yet"
	run on node1 'mintctl --json net status'
	assert_output --partial '"carrier":false,"attached":false'
	# Logged once, not every link period.
	run on node1 'dmesg | grep -c "waiting for node 0"'
	assert_output 1
}

@test "while waiting nothing gets through, and unloading the waiting module is clean" {
	run on node1 "ping -c 2 -W 1 $N0"
	assert_failure
	run on node1 'mintctl net down >/dev/null && ! grep -q "^vni " /proc/modules && mintctl net up >/dev/null && cat /sys/class/net/vni0/vni/attached'
	assert_success
	assert_output 0
	assert_dmesg_clean node1
}

@test "mintctl net up on node 0 later: both carriers come up within 3 s, node 1 logs the attach once" {
	run on node0 'mintctl net up'
	assert_success
	wait_carrier node0 1 3
	wait_carrier node1 1 3
	run on node1 'cat /sys/class/net/vni0/vni/attached; dmesg | grep -c "attached to the VNI area"'
	assert_output "$(printf '1\n1')"
	run on node1 'mintctl net status'
	refute_output --partial 'waiting'
}

@test "ping works both ways after the late format" {
	run on node0 "ping -c 3 -W 5 $N1"
	assert_success
	assert_output --partial "3 packets received, 0% packet loss"
	run on node1 "ping -c 3 -W 5 $N0"
	assert_success
	assert_output --partial "3 packets received, 0% packet loss"
	assert_dmesg_clean node0
	assert_dmesg_clean node1
}

@test "a secondary with another geometry than the formatted area still fails to load, naming it" {
	run on node1 'mintctl net down >/dev/null; p=$(mintctl net up --dry-run | sed -n "s/^module [^ ]* //p")
		insmod /lib/modules/mint/vni.ko ${p/ring_entries=512/ring_entries=256} && echo loaded
		grep -c "^vni " /proc/modules; dmesg | tail -n 5'
	refute_line loaded
	assert_line 0
	assert_output --partial "vni: cannot attach to the VNI area: geometry mismatch: ring_entries"
	run on node1 'mintctl net up'
	assert_success
	wait_carrier node1 1 3
	run on node1 "ping -c 2 -W 5 $N0"
	assert_success
}
