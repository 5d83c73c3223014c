#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Node 0 boots the Mint kernel under QEMU, partitioned for the 2-node layout
# by the parameters that `mintctl partition --print` gives.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load node0

CONF=bootcfg/qemu-2node.conf

setup_file() {
	PARAMS=$(plan_params "$CONF")
	export PARAMS
	vm_start node0-boot --conf "$CONF"
	mem_total_kb node0 > "$MINTVM_DIR/memtotal.start"
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

@test "mintctl plans node 0's parameters for the QEMU machine" {
	[[ $PARAMS == *maxcpus=2* ]] || fail "no maxcpus=2 in: $PARAMS"
	[[ $PARAMS == *no_ipi_broadcast=1* ]] || fail "no no_ipi_broadcast=1 in: $PARAMS"
	# Node 1's memory, its low window and the shared region, each inside
	# one reservation (touching ones share a memmap=).
	local base size
	for r in '["nodes"][1]["memory"][0]' '["nodes"][1]["low_window"]' '["shared_region"]'; do
		base=$(($(plan_value "p$r[\"base\"]")))
		size=$(($(plan_value "p$r[\"size\"]")))
		reservations "$PARAMS" | awk -v b="$base" -v e="$((base + size - 1))" '
			$1 <= b && e <= $2 { found = 1 } END { exit !found }' ||
			fail "p$r ($base, $size bytes) is not reserved by: $PARAMS"
	done
}

@test "node 0 runs our kernel with the mintctl parameters on its command line" {
	run on node0 'uname -r; cat /proc/cmdline'
	assert_success
	assert_line --index 0 "$(cat build/kernel/src/include/config/kernel.release)"
	assert_line --index 1 --partial "$PARAMS"
}

@test "node 0 has exactly 2 online CPUs, and cores 2-3 are present but never booted" {
	run on node0 'cat /sys/devices/system/cpu/online /sys/devices/system/cpu/present; nproc'
	assert_success
	assert_output "$(printf '0-1\n0-3\n2')"
}

@test "node 1's memory, its low window and the shared region are Reserved in /proc/iomem" {
	run on node0 'cat /proc/iomem'
	assert_success
	assert_reserved_in_iomem "$output" "$PARAMS"
}

@test "node 0's own kernel image lies outside every reservation" {
	run on node0 'cat /proc/iomem'
	assert_success
	assert_output --partial "Kernel code"
	assert_kernel_outside_reservations "$output" "$PARAMS"
}

@test "node 0's MemTotal leaves out the reserved memory" {
	local ram reserved expected total
	ram=$(firmware_ram_bytes)
	reserved=$(reserved_ram_bytes "$PARAMS")
	expected=$(((ram - reserved) / 1024))
	total=$(cat "$MINTVM_DIR/memtotal.start")
	# The kernel keeps some RAM for itself (image, struct pages), < 96 MiB.
	[ "$total" -le "$expected" ] ||
		fail "MemTotal $total kB exceeds RAM minus reservations, $expected kB"
	[ "$total" -ge $((expected - 98304)) ] ||
		fail "MemTotal $total kB is far below RAM minus reservations, $expected kB"
}

@test "mintctl inside node 0 discovers the machine and plans the same parameters" {
	run on node0 'mintctl partition --print'
	assert_success
	assert_output "$PARAMS"
}

@test "mintctl partition --kexec --dry-run in node 0 names its own kernel and initrd" {
	run on node0 'mintctl partition --kexec --dry-run'
	assert_success
	assert_line --index 0 --regexp "^kexec -l .*'?/boot/[^ ]+'? "
	assert_line --index 0 --regexp " '?--initrd=/boot/initrd\.img-[^ ]+'?( |$)"
	assert_line --index 0 --partial "maxcpus=2 no_ipi_broadcast=1"
	assert_line --index 1 "kexec -e"
	# The kernel and initrd it names are in the image.
	run on node0 "ls -L /boot/initrd.img-\$(uname -r) $(grep -m1 '^kernel' "$CONF" | cut -d= -f2)"
	assert_success
}

@test "node 0 stays responsive: 20 commands in a row, same CPUs and memory" {
	local i start
	start=$(date +%s)
	for i in $(seq 20); do
		run on node0 -t 10 "echo ping-$i"
		assert_success
		assert_output "ping-$i"
	done
	[ $(($(date +%s) - start)) -lt 60 ] || fail "20 commands took $(($(date +%s) - start)) s"
	run on node0 'nproc'
	assert_output 2
	assert_equal "$(mem_total_kb node0)" "$(cat "$MINTVM_DIR/memtotal.start")"
}
