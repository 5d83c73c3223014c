#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# VNI with four rings per pair ([vni] queues = 4) between two 4-CPU nodes:
# each ring is a channel with its NAPI on a CPU of its own, flows spread
# over the channels by their hash, and ethtool -L chooses how many channels
# a node sends on. Run on the modern machine (node 0 and node 1 have four
# CPUs each).

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load ../secondary/node
load vni

CONF=bootcfg/qemu-modern-2node.conf
NODE_MINTCTL=mintctl

# Node 0's config says queues = 4, as a user's would: every mintctl on node
# 0 (also the harness's console to node 1) plans the same VNI area.
setup_file() {
	vm_start vni-channels --conf "$CONF"
	on node0 'sed -i "/^\[vni\]/a queues = 4" /etc/mint/qemu-modern-2node.conf &&
		mintctl plan | grep "4 queues"' >/dev/null
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

# channels NODE: "N:FRAMES" for each channel's received frames on NODE.
channels_rx() {
	on "$1" "ethtool -S vni0 | awk -F'[_: ]+' '/channel_[0-9]+_rx_frames/ { print \$3 \":\" \$NF }'"
}

# busy_channels NODE BEFORE: how many channels received frames since BEFORE
# (a channels_rx output).
busy_channels() {
	local now
	now=$(channels_rx "$1")
	join -t: <(sort <<<"$2") <(sort <<<"$now") | awk -F: '$3 > $2 { n++ } END { print n + 0 }'
}

@test "four channels on both nodes: ethtool -l, a NAPI CPU each, rx and tx queues in sysfs" {
	run on node0 "$NODE_MINTCTL net up"
	assert_success
	boot_node node1
	wait_carrier node0 1 10
	wait_carrier node1 1 10
	for n in node0 node1; do
		run on "$n" 'ethtool -l vni0'
		assert_success
		assert_line --regexp '^Combined:[[:space:]]+4$'
		[ "$(grep -c '^Combined:[[:space:]]*4$' <<<"$output")" -eq 2 ] || fail "max and current: $output"
		run on "$n" 'ls /sys/class/net/vni0/queues | tr "\n" " "'
		assert_output "rx-0 rx-1 rx-2 rx-3 tx-0 tx-1 tx-2 tx-3 tx-4 tx-5 tx-6 tx-7 "
		run on "$n" "ethtool -S vni0 | awk '/channel_[0-9]+_cpu/ { print \$2 }' | sort -u | wc -l"
		assert_output 4
	done
	run on node1 'cat /sys/module/vni/parameters/queues'
	assert_output 4
}

@test "eight TCP flows spread over the channels: node 1 receives on more than one" {
	local before
	before=$(channels_rx node1)
	run on node1 'iperf3 -s -1 -D; sleep 0.3'
	run on node0 -t 90 'iperf3 -c 10.77.0.2 -P 8 -t 3 -f m 2>&1 | tail -4'
	assert_output --partial receiver
	run busy_channels node1 "$before"
	(( output >= 2 )) || fail "flows on $output channel(s): $(channels_rx node1)"
}

@test "ethtool -L vni0 combined 1: node 0 sends on channel 0 alone; 5 is refused; 4 again spreads" {
	local before
	run on node0 'ethtool -L vni0 combined 1 && ethtool -l vni0 | tail -5'
	assert_success
	assert_line --regexp '^Combined:[[:space:]]+1$'
	before=$(channels_rx node1)
	run on node1 'iperf3 -s -1 -D; sleep 0.3'
	run on node0 -t 90 'iperf3 -c 10.77.0.2 -P 8 -t 2 -f m 2>&1 | tail -4'
	assert_output --partial receiver
	run busy_channels node1 "$before"
	assert_output 1
	run on node0 'ethtool -L vni0 combined 5'
	assert_failure
	run on node0 'ethtool -L vni0 combined 0'
	assert_failure
	run on node0 'ethtool -L vni0 combined 4 && ethtool -l vni0 | tail -5'
	assert_success
	assert_line --regexp '^Combined:[[:space:]]+4$'
}

@test "a node loading VNI with another queue count is refused, naming nr_queues; the others run on" {
	run on node1 'mintctl net down && params=$(mintctl net up --dry-run | sed -n "s/^module [^ ]* //p" | sed "s/queues=4/queues=2/") &&
		insmod /lib/modules/mint/vni.ko $params; dmesg | tail -20'
	assert_output --partial 'cannot attach to the VNI area: geometry mismatch: nr_queues'
	run on node1 'rmmod vni; mintctl net up'
	assert_success
	wait_carrier node0 1 10
	wait_carrier node1 1 10
	run on node0 'ping -c 3 -W 3 10.77.0.2'
	assert_success
}

@test "garbage in one ring's producer index resets that ring alone: the link comes back, nothing crashes" {
	local bad
	bad=$(vni_stat node0 rx_bad_index)
	# Node 0 plays a hostile node 1: ring (node 1 -> node 0, queue 2),
	# whose prod sits 64 bytes into its block.
	run on node0 -t 60 'cd /sys/module/vni/parameters; base=$(cat shared_base); n=$(cat nr_nodes); re=$(cat ring_entries); q=$(cat queues)
		R=$((4096 + (n * 128 + 4095) / 4096 * 4096)); P=$(( (256 + re * 32 + 127) / 128 * 128 ))
		ring=$((base + 65536 + R + ((1 * n + 0) * q + 2) * P))
		for i in $(seq 20); do
			printf "\377\377\377\177" > /tmp/p; mint-launch write $((ring + 64)) /tmp/p >/dev/null || exit 1
			sleep 0.1
		done; echo scribbled'
	assert_output scribbled
	(( $(vni_stat node0 rx_bad_index) > bad )) || fail "no bad index counted"
	wait_carrier node0 1 10
	run on node0 'for i in $(seq 20); do ping -c 1 -W 1 10.77.0.2 >/dev/null && exit 0; sleep 0.5; done; exit 1'
	assert_success
	run on node1 'iperf3 -s -1 -D; sleep 0.3'
	run on node0 -t 90 'iperf3 -c 10.77.0.2 -P 8 -t 2 -f m 2>&1 | tail -4'
	assert_output --partial receiver
	assert_dmesg_clean node0
	assert_dmesg_clean node1
}
