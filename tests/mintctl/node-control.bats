#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# boot (without --dry-run), status and shutdown on a host: they need node
# 0's launcher, /dev/mint, and say so clearly. Under QEMU the same
# commands run for real (tests/secondary).

load helpers

setup_file() {
	export MINT_DEV="$BATS_FILE_TMPDIR/no-such-dev"
}

# Runtime failure: exit 1, a message containing $1, nothing on stdout.
refute_runtime() {
	local msg=$1
	shift
	run --separate-stderr "$MINTCTL" --sysroot "$QEMU" \
		-c "$REPO/bootcfg/qemu-2node.conf" "$@"
	[ "$status" -eq 1 ] || fail "exit status $status, expected 1; stderr: $stderr"
	assert_stderr_has "$msg"
	[ -z "$output" ] || fail "unexpected stdout: $output"
}

@test "status without /dev/mint says the launcher exists only on node 0" {
	refute_runtime "$MINT_DEV: No such file or directory (the launcher exists only on node 0, running the Mint kernel, as root)" status
	# Under --json the same failure is one error object on stdout.
	run --separate-stderr "$MINTCTL" --sysroot "$QEMU" \
		-c "$REPO/bootcfg/qemu-2node.conf" status --json
	assert_failure 1
	assert_stderr_has "exists only on node 0"
	"$BATS_TEST_DIRNAME/json-schema.py" error <<<"$output" || fail "not an error object: $output"
	assert_output --partial '"command":"status","exit_code":1'
}

@test "shutdown without /dev/mint fails the same way" {
	refute_runtime "exists only on node 0" shutdown node1
	refute_runtime "exists only on node 0" shutdown node1 --force
}

@test "a device that is not the launcher is refused at MINT_IOC_INFO" {
	[ -f "$REPO/build/kernel/bzImage" ] || skip "no build/kernel/bzImage (make kernel)"
	partitioned_sysroot "$REPO/bootcfg/qemu-2node.conf"
	: >"$BATS_TEST_TMPDIR/plain-file"
	MINT_DEV="$BATS_TEST_TMPDIR/plain-file" run --separate-stderr "$MINTCTL" \
		--sysroot "$SYSROOT" -c "$CONF" boot node1 \
		--kernel "$REPO/build/kernel/bzImage" --initrd ''
	[ "$status" -eq 1 ] || fail "exit status $status, expected 1; stderr: $stderr"
	assert_stderr_has "MINT_IOC_INFO: ENOTTY (Inappropriate ioctl for device)"
	[ ! -s "$BATS_TEST_TMPDIR/plain-file" ] || fail "the file was written"
}

@test "shutdown refuses node 0, unknown nodes and bad options before opening anything" {
	for args in "node0" "node9" "node1 --timeout 0" "node1 extra" ""; do
		# shellcheck disable=SC2086
		run --separate-stderr "$MINTCTL" --sysroot "$QEMU" \
			-c "$REPO/bootcfg/qemu-2node.conf" shutdown $args
		[ "$status" -eq 2 ] || fail "shutdown $args: exit $status, expected 2: $stderr"
	done
	run --separate-stderr "$MINTCTL" --sysroot "$QEMU" \
		-c "$REPO/bootcfg/qemu-2node.conf" shutdown node0
	assert_stderr_has "shutdown: node0 is node 0, the node running mintctl"
	run --separate-stderr "$MINTCTL" --sysroot "$QEMU" \
		-c "$REPO/bootcfg/qemu-2node.conf" shutdown node9
	assert_stderr_has "shutdown: no node 'node9' in the plan (nodes are 0..1, by id, name or nodeN)"
}

@test "status takes no arguments" {
	run --separate-stderr "$MINTCTL" --sysroot "$QEMU" \
		-c "$REPO/bootcfg/qemu-2node.conf" status node1
	[ "$status" -eq 2 ] || fail "exit $status"
	assert_stderr_has "status: unexpected argument 'node1'"
}
