#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# The QEMU harness itself: mintvm runs commands on a node's serial console and
# returns their output and exit status, times out cleanly, and waits for
# console output. One unpartitioned machine serves the whole file.

bats_load_library bats-support
bats_load_library bats-assert
load vm

setup_file() {
	vm_start harness --unpartitioned
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

@test "run prints the command's output and exits with its status" {
	run on node0 'echo hello; hostname'
	assert_success
	assert_output "$(printf 'hello\nnode0')"
	run on node0 'echo partial; exit 7'
	assert_failure 7
	assert_output "partial"
}

@test "run joins stderr, keeps quotes, newlines and UTF-8, and a missing final newline" {
	run on node0 $'echo "it\'s \\"quoted\\" $((6*7))" >&2\nprintf "caf\xc3\xa9 no-newline"'
	assert_success
	assert_output "$(printf 'it'"'"'s "quoted" 42\ncaf\xc3\xa9 no-newline')"
}

@test "run carries a command longer than one console line intact" {
	local long
	long=$(head -c 3000 /dev/zero | tr '\0' 'x')
	run on node0 "s='$long'; echo \${#s}; echo \$s | sha256sum"
	assert_success
	assert_line --index 0 3000
	assert_line --index 1 --partial "$(echo "$long" | sha256sum | cut -d' ' -f1)"
}

@test "each run is its own subshell: exit and cd do not leak into the next" {
	run on node0 'cd /proc; exit 3'
	assert_failure 3
	run on node0 'pwd'
	assert_success
	assert_output "/root"
}

@test "a command that outlives its timeout exits 124, is interrupted, and the console recovers" {
	local t0=$SECONDS
	run on node0 -t 3 'sleep 30; echo never'
	assert_failure 124
	assert_output --partial "the end of command 'sleep 30; echo never' not seen within 3 s"
	[ $((SECONDS - t0)) -lt 15 ]
	run on node0 'echo back'
	assert_success
	assert_output "back"
	run on node0 'ps | grep -c "[s]leep 30"'
	assert_output "0"
}

@test "send does not wait; wait-for sees the later output, and only new output" {
	tests/qemu/mintvm send node0 'sleep 1; echo "late-marker-$((40+2))"'
	run tests/qemu/mintvm wait-for node0 '^late-marker-(\d+)$' 30
	assert_success
	assert_output "late-marker-42"
	# Already consumed: the same pattern is not found again.
	run tests/qemu/mintvm wait-for node0 '^late-marker-42$' 2
	assert_failure 124
	run tests/qemu/mintvm wait-for --from-start node0 '^late-marker-42$' 2
	assert_success
}

@test "each node has its own console log; the others stay silent" {
	run on node0 'echo only-on-node0 > /dev/ttyS0'
	assert_success
	grep -q only-on-node0 "$MINTVM_DIR/node0.log"
	run ! grep -q only-on-node0 "$MINTVM_DIR/node1.log"
	on node0 'echo to-node1-port > /dev/ttyS1'
	run tests/qemu/mintvm wait-for node1 '^to-node1-port$' 10
	assert_success
	run ! grep -q to-node1-port "$MINTVM_DIR/node2.log"
}

@test "a node whose console does not answer times out with the console's last lines" {
	run on node2 -t 2 'true'
	assert_failure 124
	assert_output --partial "node2"
	assert_output --partial "not seen within 2 s"
}

@test "unknown nodes and a second start are harness errors (125)" {
	run on node7 'true'
	assert_failure 125
	assert_output --partial "unknown node 'node7'"
	run tests/qemu/mintvm start --unpartitioned
	assert_failure 125
	assert_output --partial "already running"
}

@test "the QEMU monitor sees the machine's 4 CPUs" {
	run tests/qemu/mintvm monitor 'info cpus'
	assert_success
	[ "$(grep -c 'CPU #' <<< "$output")" -eq 4 ]
}

@test "after stop, run reports that the machine is not running" {
	tests/qemu/mintvm stop
	run on node0 'true'
	assert_failure 125
	assert_output --partial "not running"
}

@test "a secondary's image comes up on the console its kernel is given (node1 on ttyS1)" {
	vm_start harness --unpartitioned --initrd build/initramfs/node1.cpio.gz --console node1 --timeout 60
	run on node1 'hostname; readlink /proc/self/fd/1'
	assert_success
	assert_line --index 0 node1
	assert_line --index 1 /dev/ttyS1
	run on node1 'command -v iperf3 nc mintctl'
	assert_success
	assert_output "$(printf '/usr/bin/iperf3\n/usr/bin/nc\n/usr/sbin/mintctl')"
	run ! grep -q "mint: node1 ready" "$MINTVM_DIR/node0.log"
}
