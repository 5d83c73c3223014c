#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Four nodes on the modern test machine (MINT_MACHINE=modern), for
# bootcfg/qemu-modern-4node.conf: node 0 on cores 0-1, node 1 on cores 2-3
# (socket 0, memory below 2 GiB), node 2 and node 3 on socket 1 (memory on
# NUMA node 1, above 4 GiB, started in 64-bit mode), 2 cores each. Every pair
# of nodes talks over VNI; one secondary crashes and the other three keep
# working, then it boots again.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load ../secondary/node

CONF=bootcfg/qemu-modern-4node.conf
NODE_MINTCTL="mintctl -c /etc/mint/qemu-modern-4node.conf"
NODES="node0 node1 node2 node3"

setup_file() {
	[ "$MINT_MACHINE" = modern ] || skip "the modern machine only (MINT_MACHINE=modern)"
	vm_start modern-4node --conf "$CONF"
}

teardown_file() {
	[ "$MINT_MACHINE" != modern ] || vm_stop
}

teardown() {
	vm_log_on_failure
}

# addr NODE: NODE's VNI address (node N is host N+1 of 10.77.0.0/24).
addr() {
	echo "10.77.0.$((${1#node} + 1))"
}

# ping_all FROM: FROM reaches every other node of $NODES that is not in $2.
ping_all() {
	local to
	for to in $NODES; do
		[ "$to" != "$1" ] || continue
		[[ " ${2:-} " != *" $to "* ]] || continue
		run on "$1" -t 60 "ping -c 2 -i 0.2 -W 5 $(addr "$to")"
		assert_success
		assert_output --partial '2 packets received'
	done
}

@test "node 0 boots the three secondaries, each on its own 2 cores and its own NUMA node" {
	local n mode
	run on node0 -t 60 "$NODE_MINTCTL net up"
	assert_success
	for n in node1 node2 node3; do
		run on node0 -t 60 "$NODE_MINTCTL boot $n --dry-run /tmp/$n >/dev/null && awk '\$1 == \"mode\" { print \$2 }' /tmp/$n/manifest"
		assert_success
		mode=$output
		boot_node "$n"
		run on "$n" 'nproc; cat /sys/firmware/mint/node_id'
		assert_success
		assert_line --index 0 2
		assert_line --index 1 "${n#node}"
		# Socket 0's node below 4 GiB is entered in 32-bit mode, socket 1's in 64-bit mode.
		case $n in
		node1) [ "$mode" = 32-bit ] || fail "$n: $mode" ;;
		*) [ "$mode" = 64-bit ] || fail "$n: $mode" ;;
		esac
	done
	# No warning: every node's memory sits on its cores' NUMA node.
	run on node0 "$NODE_MINTCTL validate 2>&1"
	assert_success
	refute_output --partial warning
	run on node0 "$NODE_MINTCTL status"
	assert_success
	assert_line --regexp '^1 +node1 +UP +2-3 '
	assert_line --regexp '^2 +node2 +UP +4-5 '
	assert_line --regexp '^3 +node3 +UP +6-7 '
}

@test "every pair of nodes pings over VNI" {
	local n
	for n in $NODES; do
		wait_carrier_on "$n"
		ping_all "$n"
	done
}

@test "iperf3 runs between two secondaries, node 2 and node 3" {
	on node3 'iperf3 -s -D --pidfile /tmp/iperf3.pid; sleep 0.5' >/dev/null
	run on node2 -t 90 "iperf3 -c $(addr node3) -t 3 -f m"
	assert_success
	assert_output --regexp 'receiver'
}

@test "node 2 crashes and the other three keep working; node 2 boots again" {
	"$MINTVM" send node2 'echo c > /proc/sysrq-trigger'
	wait_state node2 CRASHED 30
	[ "$(node_state node1)" = UP ] || fail "node1 is $(node_state node1)"
	[ "$(node_state node3)" = UP ] || fail "node3 is $(node_state node3)"
	ping_all node0 node2
	ping_all node1 node2
	ping_all node3 node2
	assert_node0_dmesg_clean
	run on node0 -t 90 "$NODE_MINTCTL shutdown node2 --force"
	assert_success
	boot_node node2
	wait_carrier_on node2
	ping_all node2
	ping_all node3
	assert_node0_dmesg_clean
}

# wait_carrier_on NODE: vni0 on NODE has its carrier within 10 s.
wait_carrier_on() {
	run on "$1" 'for i in $(seq 100); do [ "$(cat /sys/class/net/vni0/carrier 2>/dev/null)" = 1 ] && exit 0; sleep 0.1; done; exit 1'
	assert_success
}
