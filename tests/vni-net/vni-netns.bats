#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# mintctl net keeps track of vni0 the way an administrator moves it: into
# a network namespace, under another name, and back when the namespace is
# deleted. status says where it is, down unloads the module wherever the
# device went, up refuses while it is elsewhere and brings it back after.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load ../secondary/node
load vni

CONF=$(machine_conf 2node)
NODE_MINTCTL=$(node0_mintctl "$CONF")

setup_file() {
	vm_start vni-netns --conf "$CONF"
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

# assert_link_back [IFNAME]: node 1's VNI device (default vni0) has its
# carrier and node 1 reaches node 0 over it again.
assert_link_back() {
	run on node1 "for i in \$(seq 100); do [ \"\$(cat /sys/class/net/${1:-vni0}/carrier)\" = 1 ] && exit 0; sleep 0.1; done; exit 1"
	assert_success
	run on node1 'ping -c 2 -W 5 10.77.0.1'
	assert_success
}

@test "net up finds a compressed module (vni.ko.xz) where the plain one is missing, and says when the kernel cannot load it" {
	# The test kernel has no CONFIG_MODULE_DECOMPRESS; the name is what counts.
	run on node0 "mkdir -p /tmp/dkms && cp /lib/modules/mint/vni.ko /tmp/dkms/vni.ko.xz &&
		$NODE_MINTCTL net up --module /tmp/dkms/vni.ko; echo \"rc \$?\"; grep -c '^vni ' /proc/modules"
	assert_line --partial "net: loading /tmp/dkms/vni.ko.xz failed:"
	assert_line --partial "this kernel cannot decompress modules (CONFIG_MODULE_DECOMPRESS); give --module an uncompressed copy"
	assert_line "rc 1"
	assert_line 0
	run on node0 "$NODE_MINTCTL net up --module /tmp/dkms/none.ko; echo \"rc \$?\""
	assert_line "mintctl: net: module /tmp/dkms/none.ko: No such file or directory (nor with .xz, .zst or .gz); give --module FILE"
	assert_line "rc 1"
}

@test "VNI comes up on node 0 and node 1" {
	run on node0 "$NODE_MINTCTL net up"
	assert_success
	boot_node node1
	assert_link_back
}

@test "vni0 moved into a namespace: status says where, up refuses and says how to move it back" {
	run on node1 'ip netns add red && ip link set vni0 netns red && ip -n red link show vni0 >/dev/null && echo moved'
	assert_output moved
	run on node1 'mintctl net status; echo "rc $?"'
	assert_line "vni0: in network namespace 'red' (for its state: ip netns exec red mintctl net status)"
	assert_line "rc 0"
	run on node1 'mintctl --json net status'
	assert_output '{"interface":"vni0","present":true,"netns":"red"}'
	run on node1 'mintctl net up; echo "rc $?"'
	assert_line --partial "the VNI device is in network namespace 'red' as vni0, not in this one; move it back with 'ip -n red link set vni0 netns 1'"
	assert_line "rc 1"
	# Inside the namespace, mintctl sees it as its own.
	run on node1 'ip netns exec red mintctl net status | head -1'
	assert_output --regexp '^vni0: (down|up), carrier'
}

@test "net down unloads the module although vni0 is in another namespace; net up brings it back here" {
	run on node1 'mintctl net down; echo "rc $?"; grep -c "^vni " /proc/modules; ip netns del red'
	assert_line "vni0 (in network namespace 'red'): gone, module unloaded"
	assert_line "rc 0"
	assert_line 0
	run on node1 'mintctl net up'
	assert_success
	assert_output "vni0: node 1, mtu 1500, 10.77.0.2/24"
	assert_link_back
}

@test "a deleted namespace gives vni0 back: net up restores its address and the link" {
	run on node1 'ip netns add blue && ip link set vni0 netns blue && ip netns del blue && for i in $(seq 50); do [ -e /sys/class/net/vni0 ] && break; sleep 0.1; done; ip -4 addr show vni0 | grep -c inet'
	assert_output 0
	run on node1 'mintctl net up'
	assert_success
	assert_output "vni0: node 1, mtu 1500, 10.77.0.2/24"
	assert_link_back
}

@test "a renamed vni0 is still found: status, up and down use its name" {
	run on node1 'ip link set vni0 down && ip link set vni0 name mint0 && mintctl net up'
	assert_success
	assert_output "mint0: node 1, mtu 1500, 10.77.0.2/24"
	assert_link_back mint0
	run on node1 'mintctl net status | head -1'
	assert_output --regexp '^mint0: up, carrier on, mtu 1500, '
	run on node1 'mintctl net down; grep -c "^vni " /proc/modules'
	assert_line "mint0: down, module unloaded"
	assert_line 0
	run on node1 'mintctl net up'
	assert_output "vni0: node 1, mtu 1500, 10.77.0.2/24"
	assert_link_back
	assert_dmesg_clean node1
	assert_dmesg_clean node0
}
