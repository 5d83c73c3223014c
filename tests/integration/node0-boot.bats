#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Node 0 boots the Mint kernel under QEMU, partitioned for the 2-node layout
# of this run's machine (machine_conf) by the parameters that `mintctl
# partition --print` gives.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load node0

CONF=$(machine_conf 2node)
# mintctl inside node 0, for CONF.
NODE_MINTCTL=$(node0_mintctl "$CONF")

setup_file() {
	PARAMS=$(plan_params "$CONF")
	# Node 0's CPUs in the plan: 2 on pc, 4 on modern.
	NODE0_CPUS=$(($(plan_value 'len(p["nodes"][0]["cores"])')))
	export PARAMS NODE0_CPUS
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
	[[ " $PARAMS " == *" maxcpus=$NODE0_CPUS "* ]] || fail "no maxcpus=$NODE0_CPUS in: $PARAMS"
	[[ $PARAMS == *no_ipi_broadcast=1* ]] || fail "no no_ipi_broadcast=1 in: $PARAMS"
	# Node 1's memory, its low window and the shared region, each inside
	# one reservation (touching ones share a memmap=).
	local base size
	for r in '["nodes"][1]["memory"][0]' '["nodes"][1]["low_window"]' '["shared_region"]'; do
		base=$(($(plan_value "p$r[\"start\"]")))
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

@test "node 0 has exactly its own CPUs online, and the other nodes' cores are present but never booted" {
	run on node0 'cat /sys/devices/system/cpu/online /sys/devices/system/cpu/present; nproc'
	assert_success
	assert_output "$(printf '0-%d\n%s\n%d' $((NODE0_CPUS - 1)) "$(machine_cpus)" "$NODE0_CPUS")"
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

@test "node 0's serial driver never probes node 1's UART: its port is reserved and left unknown" {
	if ! node_has_uart node1; then
		# No UART for node 1 (its console is hvc0): nothing to reserve,
		# and the machine has no second serial port at all.
		[[ " $PARAMS " != *" reserve="* ]] || fail "a reserve= for no UART in: $PARAMS"
		run on node0 'grep "^[01]:" /proc/tty/driver/serial'
		assert_success
		assert_line --index 0 --regexp '^0: uart:16550A port:000003F8 '
		assert_line --index 1 --regexp '^1: uart:unknown port:000002F8 '
		return
	fi
	# Probing clears the UART's interrupt enables: node 1 (polled) would
	# never see input again. reserve=0x2f8,8 makes the probe skip it.
	[[ " $PARAMS " == *" reserve=0x2f8,8 "* ]] || fail "no reserve=0x2f8,8 in: $PARAMS"
	run on node0 'grep -i "^ *02f8-02ff" /proc/ioports; grep "^[01]:" /proc/tty/driver/serial'
	assert_success
	assert_line --index 0 --regexp '^ *02f8-02ff : reserved$'
	assert_line --index 1 --regexp '^0: uart:16550A port:000003F8 '
	assert_line --index 2 --regexp '^1: uart:unknown port:000002F8 '
}

@test "node 0's MemTotal leaves out the reserved memory" {
	local ram reserved expected total swiotlb kept
	ram=$(firmware_ram_bytes)
	reserved=$(reserved_ram_bytes "$PARAMS")
	expected=$(((ram - reserved) / 1024))
	total=$(cat "$MINTVM_DIR/memtotal.start")
	[ "$total" -le "$expected" ] ||
		fail "MemTotal $total kB exceeds RAM minus reservations, $expected kB"
	# The kernel keeps some RAM for itself: struct pages (1/64 of it), the
	# swiotlb bounce buffer if it has one (64 MiB on modern, with RAM above
	# 4 GiB), and < 64 MiB for its image, the retained initrd and the rest.
	swiotlb=$(on node0 dmesg | sed -n 's/.*software IO TLB: mapped .*(\([0-9]*\)MB)$/\1/p')
	kept=$((expected / 64 + ${swiotlb:-0} * 1024 + 65536))
	[ "$total" -ge $((expected - kept)) ] ||
		fail "MemTotal $total kB is more than $kept kB below RAM minus reservations, $expected kB"
}

@test "mintctl inside node 0 discovers the machine and plans the same parameters" {
	run on node0 "$NODE_MINTCTL partition --print"
	assert_success
	assert_output "$PARAMS"
}

@test "mintctl partition --kexec --dry-run in node 0 names its own kernel and initrd" {
	run on node0 "$NODE_MINTCTL partition --kexec --dry-run"
	assert_success
	assert_line --index 0 --regexp "^kexec -l .*'?/boot/[^ ]+'? "
	assert_line --index 0 --regexp " '?--initrd=/boot/initrd\.img-[^ ]+'?( |$)"
	assert_line --index 0 --partial "maxcpus=$NODE0_CPUS no_ipi_broadcast=1"
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
	assert_output "$NODE0_CPUS"
	assert_equal "$(mem_total_kb node0)" "$(cat "$MINTVM_DIR/memtotal.start")"
}
