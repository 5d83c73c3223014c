#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# --json is an interface scripts depend on: every command's document
# matches the schema in mintctl/JSON.md (json-schema.py holds it in code),
# and under --json a failure is one error object on stdout with the usual
# exit status. status and boot --dry-run are checked where they run, in
# node-launcher.bats and boot-dryrun.bats.

load helpers

SCHEMA="$BATS_TEST_DIRNAME/json-schema.py"

# The document in $output must match schema KIND; $output stays.
assert_schema() {
	"$SCHEMA" "$1" <<<"$output" || fail "not a '$1' document: $output"
}

@test "plan --json matches the schema on every example layout and machine" {
	for conf in qemu-2node qemu-3node; do
		CONF="$REPO/bootcfg/$conf.conf"
		mint plan --json
		assert_success
		assert_schema plan
	done
	SYSROOT="$HW"
	CONF="$REPO/bootcfg/hardware-template.conf"
	mint plan --json
	assert_success
	assert_schema plan
}

@test "validate, partition --print and descriptor -o --json match the schema" {
	CONF="$REPO/bootcfg/qemu-3node.conf"
	mint validate --json
	assert_success
	assert_schema validate
	mint partition --print --json
	assert_success
	assert_schema partition
	mint descriptor -o "$OUT/layout.dtb" --generation 9 --json
	assert_success
	assert_schema descriptor
}

@test "descriptor --dump --json matches the plan schema, with its generation" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	mint descriptor -o "$OUT/layout.dtb" --generation 9
	assert_success
	mint descriptor --dump "$OUT/layout.dtb" --json
	assert_success
	assert_schema plan
	run python3 -c 'import json, sys; print(json.loads(sys.argv[1])["generation"])' "$output"
	assert_output 9
}

@test "machine --json matches the schema, with and without NUMA" {
	for root in "$QEMU" "$HW" "$BATS_TEST_DIRNAME/sysroot/numa-8cpu-6g"; do
		run --separate-stderr "$MINTCTL" --sysroot "$root" machine --json
		assert_success
		assert_schema machine
	done
}

@test "net status --json matches the schema when vni0 is absent" {
	ip link show vni0 >/dev/null 2>&1 && skip "this host has a vni0"
	run --separate-stderr "$MINTCTL" net status --json
	assert_success
	assert_schema net-status
	assert_output '{"interface":"vni0","present":false,"netns":null}'
}

@test "net up --dry-run --json and net down --json match the schema" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	: >"$BATS_TEST_TMPDIR/vni.ko"
	mint net up --dry-run --json --module "$BATS_TEST_TMPDIR/vni.ko"
	assert_success
	assert_schema net-up
	assert_output --partial '"node":{"id":0,"name":"node0"}'
	assert_output --partial '"address":"10.77.0.1/24"'
	grep -qw '^vni' /proc/modules && skip "this host has the vni module loaded"
	run --separate-stderr "$MINTCTL" net down --json
	assert_success
	assert_schema net-down
	assert_output '{"interface":"vni0","present":false,"netns":null,"module_unloaded":false}'
}

@test "a range is {start, size} and a node has id, name, cores and cpulist in every document" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	mint plan --json
	assert_success
	run python3 -c '
import json, sys
p = json.loads(sys.argv[1])
n = p["nodes"][1]
print(n["id"], n["name"], n["cores"], n["cpulist"], n["memory"], n["memory_total"])
print(p["shared_region"], n["low_window"])' "$output"
	assert_line --index 0 "1 node1 [2, 3] 2-3 [{'start': 1574961152, 'size': 536870912}] 536870912"
	assert_line --index 1 "{'start': 2111832064, 'size': 33554432} {'start': 131072, 'size': 131072}"
}

@test "under --json a configuration error is one object on stdout, exit 2" {
	printf '[node1]\ncores = 2-x\n' >"$CONF"
	mint plan --json
	assert_failure 2
	assert_schema error
	run python3 -c 'import json, sys; e = json.loads(sys.argv[1]); print(e["command"], e["exit_code"], e["error"] == e["messages"][0], "2-x" in e["error"])' "$output"
	assert_output "plan 2 True True"
}

@test "under --json a usage error is an object too, with the command or null before one" {
	run --separate-stderr "$MINTCTL" --json plan --bogus
	assert_failure 2
	assert_schema error
	run python3 -c 'import json, sys; e = json.loads(sys.argv[1]); print(e["command"], e["exit_code"], e["error"])' "$output"
	assert_output "plan 2 plan: unknown option '--bogus'"
	run --separate-stderr "$MINTCTL" --json frobnicate
	assert_failure 2
	assert_schema error
	run python3 -c 'import json, sys; e = json.loads(sys.argv[1]); print(e["command"], e["exit_code"])' "$output"
	assert_output "None 2"
}

@test "under --json a runtime failure is an object with exit 1; stderr keeps the message" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	mint descriptor --dump "$OUT/missing.dtb" --json
	assert_failure 2
	assert_schema error
	assert_stderr_has "missing.dtb: cannot read descriptor"
	MINT_DEV="$OUT/no-such-device" mint status --json
	assert_failure 1
	assert_schema error
	run python3 -c 'import json, sys; e = json.loads(sys.argv[1]); print(e["command"], e["exit_code"])' "$output"
	assert_output "status 1"
}

@test "without --json a failure prints nothing on stdout" {
	printf '[node1]\ncores = 2-x\n' >"$CONF"
	mint plan
	assert_failure 2
	assert_output ""
	assert_stderr_has "cores"
}
