# SPDX-License-Identifier: GPL-2.0-only
#
# Node 0 re-executes itself (mintctl partition --kexec) while secondaries
# run: the steps node0-update*.bats share. Load after ../qemu/vm,
# ../secondary/node and ../vni-net/vni. SECONDARIES lists the running
# nodes, e.g. "node1 node2"; node N has the address 10.77.0.(N+1).

# node_field NODE FIELD: FIELD of NODE in node 0's `mintctl status --json`.
node_field() {
	on node0 "$NODE_MINTCTL --json status" | /usr/bin/python3 -c '
import json, sys
for n in json.load(sys.stdin)["nodes"]:
    if n["name"] == sys.argv[1]:
        print(n[sys.argv[2]])' "$1" "$2"
}

# A node's kernel log lines that complain. The update must add none; the
# unsigned vni module's taint notice is expected.
DMESG_COMPLAINTS='dmesg | grep -i -E "error|fail|warn" | grep -v "vni: module verification failed" || true'

addr_of() {
	echo "10.77.0.$((${1#node} + 1))"
}

# Each secondary serves iperf3 and pings node 0 five times a second; what
# it looked like before node 0 goes away is kept in $MINTVM_DIR.
update_start_traffic() {
	local n
	run on node0 "$NODE_MINTCTL net up"
	assert_success
	for n in $SECONDARIES; do
		boot_node "$n"
		wait_carrier "$n" 1 10
		run on "$n" 'iperf3 -s -D >/dev/null 2>&1; (ping -i 0.2 10.77.0.1 > /tmp/ping.log 2>&1 & echo $! > /tmp/ping.pid); sleep 1; grep -c "bytes from" /tmp/ping.log'
		assert_success
		[ "$output" -ge 1 ] || fail "$n's ping to node 0 got no reply: $output"
		node_field "$n" epoch > "$MINTVM_DIR/$n.epoch"
		on "$n" "$DMESG_COMPLAINTS" > "$MINTVM_DIR/$n.complaints"
		on "$n" "cut -d' ' -f1 /proc/uptime" > "$MINTVM_DIR/$n.uptime"
	done
	on node0 'cat /proc/sys/kernel/random/boot_id' > "$MINTVM_DIR/node0.boot_id"
}

# partition --kexec says which nodes keep running, then node 0 comes back.
update_reexec_node0() {
	local n old new
	run on node0 "$NODE_MINTCTL partition --kexec --dry-run"
	assert_success
	for n in $SECONDARIES; do
		assert_line --regexp "^mintctl: partition: node ${n#node} \\($n\\) is UP \\(epoch $(cat "$MINTVM_DIR/$n.epoch")\\) and keeps running"
	done
	# A config that moves the shared region would leave the running
	# nodes' memory unreserved: refused, nothing runs.
	old=$(plan_value 'p["shared_region"]["start"]')
	new=$(plan_json --shared-size 64M | /usr/bin/python3 -c 'import json, sys; print(hex(json.load(sys.stdin)["shared_region"]["start"]))')
	[ "$old" != "$new" ] || fail "a 64M shared region stays at $old"
	run on node0 "$NODE_MINTCTL --shared-size 64M partition --kexec; echo \"rc \$?\""
	assert_line --partial "runs with the shared region at $old, but this config puts it at $new"
	assert_line "rc 2"
	"$MINTVM" send node0 "$NODE_MINTCTL partition --kexec"
	run "$MINTVM" wait-ready node0 300
	assert_success
	run on node0 'cat /proc/sys/kernel/random/boot_id'
	refute_output "$(cat "$MINTVM_DIR/node0.boot_id")"
}

# Every secondary ran on: uptime grew, its console answers, and the new
# node 0 sees it UP with the epoch it had.
update_assert_nodes_ran_on() {
	local n up
	for n in $SECONDARIES; do
		run on "$n" -t 10 "cut -d' ' -f1 /proc/uptime"
		assert_success
		up=$output
		awk -v a="$(cat "$MINTVM_DIR/$n.uptime")" -v b="$up" 'BEGIN { exit !(b > a) }' ||
			fail "$n's uptime went from $(cat "$MINTVM_DIR/$n.uptime") to $up: it rebooted"
		assert_equal "$(node_field "$n" state)" UP
		assert_equal "$(node_field "$n" epoch)" "$(cat "$MINTVM_DIR/$n.epoch")"
	done
	# The new node 0 plans the layout the nodes booted with.
	run on node0 "$NODE_MINTCTL partition --kexec --dry-run"
	assert_success
	for n in $SECONDARIES; do
		assert_line --regexp "^mintctl: partition: node ${n#node} \\($n\\) is UP .* keeps running"
	done
}

# The new node 0 holds the secondaries' cores and left their UARTs alone.
update_assert_node0_keeps_off() {
	local n
	run on node0 'cat /sys/devices/system/cpu/online; dmesg | grep -c "holding .* CPUs node 0 did not bring up"; cat /proc/tty/driver/serial'
	assert_success
	assert_line --index 0 "0-$((NODE0_CPUS - 1))"
	assert_line --index 1 1
	for n in $SECONDARIES; do
		assert_line --regexp "^${n#node}: uart:unknown "
	done
	run on node0 "echo 1 > /sys/devices/system/cpu/cpu$NODE0_CPUS/online"
	assert_failure
}

# `mintctl net up` in the new node 0 attaches to the VNI area as it is:
# each link is back within 3 s on both ends.
update_assert_links_back() {
	local n
	run on node0 "$NODE_MINTCTL net up"
	assert_success
	for n in $SECONDARIES; do
		wait_carrier node0 1 3
		wait_carrier "$n" 1 3
	done
	run on node0 'dmesg | grep vni'
	refute_output --partial 'formatting the VNI area'
}

# Traffic flows again: iperf3 from node 0 to every secondary, and each
# secondary's ping to node 0 got replies after node 0 came back.
update_assert_traffic() {
	local n before
	for n in $SECONDARIES; do
		run on node0 -t 60 "iperf3 -c $(addr_of "$n") -t 2 -f m"
		assert_success
		assert_output --partial "receiver"
		before=$(on "$n" 'grep -c "bytes from" /tmp/ping.log')
		sleep 1
		run on "$n" 'grep -c "bytes from" /tmp/ping.log; kill -0 $(cat /tmp/ping.pid) && echo running'
		assert_success
		[ "${lines[0]}" -gt "$before" ] || fail "$n's ping to node 0 stopped at $before replies"
		assert_equal "${lines[1]}" running
		assert_dmesg_clean "$n"
		run on "$n" "$DMESG_COMPLAINTS"
		assert_output "$(cat "$MINTVM_DIR/$n.complaints")"
	done
	assert_node0_dmesg_clean
}

# The new node 0 still runs the nodes: stop one and boot it again.
update_assert_node_restarts() {
	local n=${SECONDARIES%% *}
	run on node0 -t 120 "$NODE_MINTCTL shutdown $n"
	assert_success
	assert_equal "$(node_field "$n" state)" DOWN
	boot_node "$n"
	wait_carrier "$n" 1 10
	run on node0 "ping -c 2 -W 5 $(addr_of "$n")"
	assert_success
}
