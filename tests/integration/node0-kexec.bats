#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# `mintctl partition --kexec` partitions a running, unpartitioned node 0: it
# re-executes node 0's kernel with the parameters, and node 0 comes back
# partitioned without touching the bootloader.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load node0

CONF=$(machine_conf 2node)
# mintctl inside node 0, for CONF.
NODE_MINTCTL=$(node0_mintctl "$CONF")

setup_file() {
	PARAMS=$(plan_params "$CONF")
	export PARAMS
	vm_start node0-kexec --unpartitioned
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

@test "unpartitioned node 0 starts on all the machine's CPUs with no Mint parameters" {
	run on node0 'cat /sys/devices/system/cpu/online; cat /proc/cmdline'
	assert_success
	assert_line --index 0 "$(machine_cpus)"
	refute_output --partial "memmap="
	refute_output --partial "maxcpus="
	refute_output --partial "no_ipi_broadcast"
	# The launcher forbids shorthand IPIs itself: they would reach the
	# cores of nodes it starts, whatever node 0's command line says.
	run on node0 'dmesg'
	assert_line --partial 'IPI shorthand broadcast: disabled'
	mem_total_kb node0 > "$MINTVM_DIR/memtotal.before"
	on node0 'cat /proc/sys/kernel/random/boot_id' > "$MINTVM_DIR/boot_id.before"
}

@test "mintctl doctor on the unpartitioned node 0: the partition and the CPUs FAIL with what to do, exit 1" {
	run on node0 "$NODE_MINTCTL doctor; echo \"status \$?\""
	assert_line 'status 1'
	assert_line --regexp '^ok +kernel: '
	assert_line --regexp '^FAIL +partition: node 0 booted without maxcpus=.*; fix: mintctl partition --grub /etc/default/grub.d/mint.cfg && update-grub, then reboot \(or mintctl partition --kexec\)$'
	assert_line --regexp '^FAIL +cpus: CPUs? [0-9,-]+ of node1 (is|are) online in node 0 '
	assert_line --regexp '^FAIL +launcher: it may not write node1.s memory .*: node 0 did not reserve it with memmap='
	# kexec-tools with -c is there: partition --kexec can do the fix.
	assert_line --regexp '^ok +kexec: '
}

@test "mintctl partition --kexec re-executes node 0, which comes back partitioned" {
	tests/qemu/mintvm send node0 "$NODE_MINTCTL partition --kexec"
	run tests/qemu/mintvm wait-ready node0 300
	assert_success
	run on node0 'cat /proc/sys/kernel/random/boot_id'
	assert_success
	refute_output "$(cat "$MINTVM_DIR/boot_id.before")"
	assert_partitioned node0 "$PARAMS"
}

@test "after kexec node 0 keeps the parameters it booted with and no stale ones" {
	run on node0 'cat /proc/cmdline'
	assert_success
	# The boot's own parameters survive, each Mint parameter appears once.
	assert_output --partial "console=ttyS0"
	[ "$(grep -o 'maxcpus=' <<< "$output" | wc -l)" -eq 1 ] || fail "maxcpus= twice: $output"
}

@test "after kexec node 0's MemTotal shrank by the reserved RAM" {
	local before after reserved_kb drop
	before=$(cat "$MINTVM_DIR/memtotal.before")
	after=$(mem_total_kb node0)
	reserved_kb=$(($(reserved_ram_bytes "$PARAMS") / 1024))
	drop=$((before - after))
	# Reserved RAM needs no struct pages (1/64 of it), give 8 MiB slack.
	[ "$drop" -le $((reserved_kb + 8192)) ] && [ "$drop" -ge $((reserved_kb - reserved_kb / 64 - 8192)) ] ||
		fail "MemTotal went from $before to $after kB ($drop kB less); reserved RAM is $reserved_kb kB"
}

@test "node 0 stays responsive after kexec and mintctl sees it partitioned" {
	run on node0 "$NODE_MINTCTL partition --print"
	assert_success
	assert_output "$PARAMS"
	run on node0 "$NODE_MINTCTL doctor; echo \"status \$?\""
	assert_line 'status 0'
	refute_output --partial 'FAIL'
	assert_line --regexp '^ok +partition: '
	assert_line --regexp '^ok +cpus: '
	run on node0 -t 30 'for i in 1 2 3 4 5; do echo ok-$i; done'
	assert_success
	assert_line --index 4 "ok-5"
}
