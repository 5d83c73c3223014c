# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers for the secondary-node suites; load after ../qemu/vm.
# NODE_MINTCTL is mintctl as run inside node 0, with the suite's layout.

NODE_MINTCTL=${NODE_MINTCTL:-mintctl}

# boot_node NODE [MINTCTL-BOOT-ARGS...]: `mintctl boot` on node 0, then wait
# for the node's own console to report ready and answer.
boot_node() {
	local node=$1
	shift
	"$MINTVM" mark "$node" >/dev/null
	run on node0 -t 150 "$NODE_MINTCTL boot $node --timeout 90 $*"
	assert_success
	assert_output --regexp "$node: UP after [0-9.]+ s"
	"$MINTVM" wait-ready "$node" 90 >/dev/null || fail "$node's console never said ready"
}

# node_state NODE: the node's state in `mintctl status --json`.
node_state() {
	on node0 "$NODE_MINTCTL --json status" | /usr/bin/python3 -c '
import json, sys
for n in json.load(sys.stdin)["nodes"]:
    if n["name"] == sys.argv[1]:
        print(n["state"])' "$1"
}

# wait_state NODE STATE SECONDS: poll mintctl status until NODE is in STATE.
wait_state() {
	local i state
	for ((i = 0; i < $3 * 2; i++)); do
		state=$(node_state "$1")
		[ "$state" = "$2" ] && return 0
		sleep 0.5
	done
	fail "$1 is $state, not $2, after $3 s"
}

# Nothing in node 0's kernel log that another node's kernel could cause.
assert_node0_dmesg_clean() {
	run on node0 'dmesg'
	assert_success
	refute_output --partial 'NMI received for unknown reason'
	refute_output --partial 'Uhhuh'
	refute_output --partial 'spurious'
	refute_output --partial 'APIC error'
	refute_output --partial 'Kernel panic'
	refute_output --partial 'BUG:'
	run on node0 "awk '\$1 == \"SPU:\" || \$1 == \"ERR:\" { s += \$2 + \$3 } END { print s + 0 }' /proc/interrupts"
	assert_success
	assert_output 0
}

# node0_uptime: node 0's uptime in seconds, for assert_node0_survived.
node0_uptime() {
	on node0 "cut -d' ' -f1 /proc/uptime"
}

# assert_node0_survived UPTIME: node 0 runs on since it had UPTIME, with
# its own CPUs and a clean kernel log. A machine reset would restart it
# (and -no-reboot would stop QEMU).
assert_node0_survived() {
	local up
	up=$(node0_uptime)
	awk -v a="$1" -v b="$up" 'BEGIN { exit !(b > a) }' ||
		fail "node 0's uptime went from $1 to $up"
	run on node0 nproc
	assert_output "$NODE0_CPUS"
	assert_node0_dmesg_clean
}
