#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# mint-launch's own argument handling, on the host (built with ASan/UBSan):
# bad input gets a message naming the bad thing and exit 2, a device that
# is not there gets the errno name and exit 1, and nothing is sent.

bats_load_library bats-support
bats_load_library bats-assert

TOOL=build/launcher/mint-launch-asan

@test "no command prints the usage and exits 2" {
	run "$TOOL"
	assert_failure 2
	assert_output --partial "Usage: mint-launch"
}

@test "--help prints the usage and exits 0" {
	run "$TOOL" --help
	assert_success
	assert_output --partial "payload-start APICID LOAD MAILBOX FILE"
}

@test "an unknown command or a wrong argument count exits 2 and names the command" {
	run "$TOOL" launch 2
	assert_failure 2
	assert_output --partial "unknown command or wrong arguments: launch"
	run "$TOOL" start 2 0x1000
	assert_failure 2
	assert_output --partial "unknown command or wrong arguments: start"
}

@test "malformed numbers are refused before /dev/mint is opened, naming the argument" {
	run "$TOOL" -d /nonexistent/mint start 2x 0x1000 0x2000
	assert_failure 2
	assert_output "mint-launch: bad APIC ID '2x'"
	run "$TOOL" -d /nonexistent/mint start 2 0x100000000 0x2000
	assert_failure 2
	assert_output "mint-launch: bad entry '0x100000000'"
	# start64 takes 64-bit addresses, but a CR3 must still be a number.
	run "$TOOL" -d /nonexistent/mint start64 2 0x100000000 0x100001000 3x
	assert_failure 2
	assert_output "mint-launch: bad CR3 '3x'"
	run "$TOOL" -d /nonexistent/mint read -5 16
	assert_failure 2
	assert_output "mint-launch: bad address '-5'"
	run "$TOOL" -d /nonexistent/mint wait-ipis 0x1000 3 0
	assert_failure 2
	assert_output "mint-launch: bad timeout '0'"
}

@test "a missing launcher device is reported with its path and ENOENT, exit 1" {
	run "$TOOL" -d /nonexistent/mint info
	assert_failure 1
	assert_output "mint-launch: /nonexistent/mint: ENOENT (No such file or directory)"
}

@test "a device that is not the launcher is reported with the ioctl and ENOTTY" {
	run "$TOOL" -d /dev/null state 2
	assert_failure 1
	assert_output "mint-launch: MINT_IOC_CPU_STATE: ENOTTY (Inappropriate ioctl for device)"
	run "$TOOL" -d /dev/null start64 2 0x100000000 0x100001000 0x20000
	assert_failure 1
	assert_output "mint-launch: MINT_IOC_CPU_START64: ENOTTY (Inappropriate ioctl for device)"
}

@test "write reports an unreadable file by name before touching the launcher" {
	run "$TOOL" -d /dev/null write 0x1000 /nonexistent/payload.bin
	assert_failure 1
	assert_output "mint-launch: /nonexistent/payload.bin: ENOENT (No such file or directory)"
}
