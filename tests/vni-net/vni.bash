# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers the VNI suites under QEMU share (load after ../qemu/vm).

# wait_carrier NODE 0|1 SECONDS: vni0's carrier on NODE reaches the value.
wait_carrier() {
	run on "$1" "for i in \$(seq $(($3 * 10))); do [ \"\$(cat /sys/class/net/vni0/carrier)\" = $2 ] && exit 0; sleep 0.1; done; exit 1"
	assert_success
}

# assert_dmesg_clean NODE: no oops, BUG or WARNING in NODE's kernel log.
assert_dmesg_clean() {
	run on "$1" 'dmesg'
	refute_output --partial 'Oops'
	refute_output --partial 'BUG:'
	refute_output --partial 'WARNING:'
}

# vni_stat NODE NAME: one counter of `ethtool -S` on NODE's vni0.
vni_stat() {
	on "$1" "ethtool -S vni0 | awk '\$1 == \"$2:\" { print \$2 }'"
}

# vni_up_two_nodes: node 0 brings VNI up ($NODE_MINTCTL net up), node 1
# boots, and both carriers come up.
vni_up_two_nodes() {
	run on node0 "$NODE_MINTCTL net up"
	assert_success
	boot_node node1
	wait_carrier node0 1 10
	wait_carrier node1 1 10
}
