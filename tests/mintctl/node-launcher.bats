#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# boot, status and shutdown against a file-backed stand-in for /dev/mint
# (fake_launcher.c, preloaded): which bytes land where, the control block
# protocol, and the failure paths, on the host. The same commands run
# against the real launcher and real nodes under QEMU in tests/secondary.

load helpers
load fake-node

@test "boot loads every segment where the dry run puts it, then starts the first core" {
	fake_node0
	mint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd" --dry-run "$OUT/image"
	assert_success
	fmint boot node1 --cores 2-3 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	assert_success
	assert_output --regexp '^node1: UP after [0-9.]+ s \(epoch 1\)$'
	while read -r _ name phys size file; do
		[ "$name" = setup_data ] && continue	# its descriptor has a new generation
		assert_loaded "$phys" "$OUT/image/$file"
	done < <(grep '^segment ' "$OUT/image/manifest")
	entry=$(awk '$1 == "entry" { print $2 }' "$OUT/image/manifest")
	esi=$(awk '$1 == "esi" { print $2 }' "$OUT/image/manifest")
	# The other core is held first, the first one started last, nothing after.
	run tail -n 2 "$FAKE_MINT_LOG"
	assert_output "HOLD 3
START 2 $entry $esi"
}

@test "boot writes the control block header and marks the record BOOTING with a new epoch" {
	fake_node0
	export FAKE_NODE=silent
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd" --timeout 1
	[ "$status" -eq 1 ] || fail "exit $status: $stderr"
	[ "$(record 0 header.magic)" = $((0x4d435442)) ] || fail "no control block magic"
	[ "$(record 0 header.version)" = 1 ]
	[ "$(record 0 header.nr_nodes)" = 2 ]
	[ "$(record 0 header.record_size)" = 512 ]
	[ "$(record 1 ctl.epoch)" = 1 ]
	[ "$(record 1 ctl.request)" = 0 ]
	[ "$(record 1 ctl.apic_ids)" = 2,3 ]
	[ "$(record 1 self.epoch)" = 1 ]
	# The second boot keeps the header and takes the next epoch.
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd" --timeout 1
	[ "$(record 1 ctl.epoch)" = 2 ] || fail "epoch $(record 1 ctl.epoch)"
	[ "$(record 1 self.epoch)" = 2 ]
}

@test "a node that never reports UP: last state printed, its cores stopped, marked DOWN" {
	fake_node0
	export FAKE_NODE=silent
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd" --timeout 1
	[ "$status" -eq 1 ] || fail "exit $status, expected 1"
	assert_stderr_has "boot: node1 did not report UP within 1 s"
	assert_stderr_has "node1: last state BOOTING, epoch 1, heartbeat 0, 0 CPUs"
	# DOWN is written into the node's half only once its cores are stopped.
	run tail -n 3 "$FAKE_MINT_LOG"
	assert_output "STOP 2
STOP 3
WRITE 0x7de00240 0x4"
	[ "$(record 1 self.state)" = 3 ] || fail "not DOWN"
}

@test "a node that crashes while booting is reported, stopped and can boot again" {
	fake_node0
	export FAKE_NODE=crash
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	[ "$status" -eq 1 ] || fail "exit $status, expected 1"
	assert_stderr_has "boot: node1 went CRASHED while booting"
	export FAKE_NODE=up
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	assert_success
	assert_output --partial "(epoch 2)"
}

@test "a boot core that faults in the start stub's care is CRASHED with the vector and address, in boot and status" {
	local entry
	fake_node0
	export FAKE_NODE=stub-fault
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	[ "$status" -eq 1 ] || fail "exit $status, expected 1"
	entry=$(awk '$1 == "START" { print $3 }' "$FAKE_MINT_LOG" | tail -1)
	[ -n "$entry" ] || fail "no START in the launcher log"
	assert_stderr_has "boot: node1's boot core (APIC ID 2) faulted before its kernel took over: #UD (vector 6) at $entry in 32-bit mode; it halted itself, node 0 runs on"
	# Its cores are stopped with INIT, and it stays CRASHED with the reason.
	run grep -c '^STOP ' "$FAKE_MINT_LOG"
	[ "$output" -ge 1 ] || fail "no STOP after the fault"
	fmint status
	assert_success
	assert_output --partial "node1: its boot core faulted before its kernel took over: #UD (vector 6) at $entry in 32-bit mode"
	fmint --json status
	assert_output --partial '"state":"CRASHED","reason":"its boot core faulted before its kernel took over: #UD (vector 6) at '"$entry"' in 32-bit mode"'
	# A good kernel boots again and the reason is gone.
	export FAKE_NODE=up
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	assert_success
	fmint status
	refute_output --partial "faulted"
}

@test "a node that cannot run node 0's APIC mode is CRASHED with that reason, in boot and status" {
	fake_node0
	export FAKE_NODE=apic-mode
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	[ "$status" -eq 1 ] || fail "exit $status, expected 1"
	assert_stderr_has "boot: node1 went CRASHED while booting: its cores cannot run node 0's APIC mode (they stayed in xAPIC)"
	fmint status
	assert_success
	assert_output --partial "node1: its cores cannot run node 0's APIC mode (they stayed in xAPIC)"
	fmint --json status
	assert_success
	assert_output --partial '"state":"CRASHED","reason":"its cores cannot run node 0'"'"'s APIC mode (they stayed in xAPIC)"'
	run python3 -c 'import json, sys; print([(n["name"], n["state"], n["reason"]) for n in json.loads(sys.argv[1])["nodes"]][0])' "$output"
	assert_output "('node0', 'UP', None)"
	# A new boot clears the reason.
	export FAKE_NODE=up
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	assert_success
	fmint status
	refute_output --partial "APIC mode"
}

@test "boot refuses a node that is UP and writes nothing" {
	fake_node0
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	assert_success
	: >"$FAKE_MINT_LOG"
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	[ "$status" -eq 2 ] || fail "exit $status, expected 2"
	assert_stderr_has "boot: node1 is already UP (epoch 1); run 'mintctl shutdown node1' first"
	run grep -c -E '^(WRITE|START|STOP|HOLD)' "$FAKE_MINT_LOG"
	assert_output 0
}

@test "boot refuses memory the launcher does not own, before any write" {
	fake_node0
	export FAKE_MINT_RANGES=0x20000:0x20000,0x5de00000:0x20000000
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	[ "$status" -eq 2 ] || fail "exit $status, expected 2"
	assert_stderr_has "boot: node1's shared region 0x7de00000-0x7fdfffff is not a node-owned range of the launcher"
	run cat "$FAKE_MINT_LOG"
	assert_output INFO
}

@test "status shows node 0 and a booted node 1 UP, in text and JSON" {
	fake_node0
	fmint status --json
	assert_success
	"$BATS_TEST_DIRNAME/json-schema.py" status <<<"$output" || fail "status --json does not match mintctl/JSON.md: $output"
	run python3 -c 'import json, sys; print([(n["name"], n["state"]) for n in json.loads(sys.argv[1])["nodes"]])' "$output"
	assert_output "[('node0', 'UP'), ('node1', 'OFF')]"
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	fmint status
	assert_success
	assert_line --index 0 --regexp '^NODE +NAME +STATE +CORES +MEMORY +UPTIME +HEARTBEAT$'
	assert_line --regexp '^0 +node0 +UP +0-1 +1\.5G '
	assert_line --regexp '^1 +node1 +UP +2-3 +512M +1\.5s '
	fmint status --json
	"$BATS_TEST_DIRNAME/json-schema.py" status <<<"$output" || fail "status --json does not match mintctl/JSON.md: $output"
	run python3 -c 'import json, sys; n = json.loads(sys.argv[1])["nodes"][1]; print(n["state"], n["epoch"], n["nr_cpus"], n["uptime_ms"], n["memory_total"], n["memory"], n["cores"], n["cpulist"])' "$output"
	assert_output "UP 1 2 1500 536870912 [{'start': 1574961152, 'size': 536870912}] [2, 3] 2-3"
}

@test "boot and shutdown --json print one object each, on stdout" {
	fake_node0
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd" --json
	assert_success
	"$BATS_TEST_DIRNAME/json-schema.py" boot <<<"$output" || fail "boot --json does not match mintctl/JSON.md: $output"
	assert_output --regexp '^\{"id":1,"name":"node1","state":"UP","epoch":1,"up_after_ms":[0-9]+\}$'
	fmint shutdown node1 --json
	assert_success
	"$BATS_TEST_DIRNAME/json-schema.py" shutdown <<<"$output" || fail "shutdown --json does not match mintctl/JSON.md: $output"
	assert_output '{"id":1,"name":"node1","state":"DOWN","how":"powered off","was":"UP","reason":null}'
}

@test "status gives the heartbeat age from the shared TSC and flags a stopped heartbeat" {
	fake_node0
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	fmint status --json
	run python3 -c 'import json, sys; n = json.loads(sys.argv[1])["nodes"][1]; print(n["heartbeat_age_ms"] < 1000, n["heartbeat_stale"])' "$output"
	assert_output "True False"
	fmint shutdown node1 --force
	# The last heartbeat 5 s (at the sysroot's 2994000 kHz) before the report.
	export FAKE_NODE_HB_AGO=$((5 * 2994000 * 1000))
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	fmint status
	assert_line --regexp '^1 +node1 +UP +2-3 +512M +1\.5s +5\.[0-9]+s ago \(stale\)$'
	fmint status --json
	run python3 -c 'import json, sys; n = json.loads(sys.argv[1])["nodes"][1]; print(5000 <= n["heartbeat_age_ms"] < 6000, n["heartbeat_stale"])' "$output"
	assert_output "True True"
}

@test "shutdown asks through the mailbox and the Mint IPI, then stops the cores" {
	fake_node0
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	: >"$FAKE_MINT_LOG"
	fmint shutdown node1
	assert_success
	assert_output "node1: DOWN (powered off; was UP)"
	[ "$(record 1 ctl.request)" = 1 ] && [ "$(record 1 ctl.request_seq)" = 1 ] ||
		fail "no shutdown request in the mailbox"
	[ "$(record 1 self.last_ack)" = 1 ]
	run grep -E '^(IPI|STOP)' "$FAKE_MINT_LOG"
	assert_output "IPI 2
STOP 2
STOP 3"
	[ "$(record 1 self.state)" = 3 ]
	# And it boots again.
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	assert_success
	assert_output --partial "(epoch 2)"
}

@test "shutdown falls back to INIT when the node ignores the request, --force skips it" {
	fake_node0
	export FAKE_NODE_SHUTDOWN=ignore
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	fmint shutdown node1 --timeout 1
	assert_success
	assert_stderr_has "shutdown: node1 did not report DOWN within 1 s (state UP, request 1 not acknowledged); stopping its cores with INIT"
	assert_output "node1: DOWN (stopped with INIT after the timeout; was UP)"
	[ "$(record 1 self.state)" = 3 ]
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	: >"$FAKE_MINT_LOG"
	fmint shutdown node1 --force
	assert_success
	assert_output "node1: DOWN (stopped with INIT (--force); was UP)"
	run grep -c '^IPI' "$FAKE_MINT_LOG"
	assert_output 0
}

# Node 0 re-executing itself with node 1 running: the control
# block decides, and nothing is written.
@test "partition --kexec with node 1 UP says it keeps running, and what to do once node 0 is back" {
	fake_node0
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	assert_success
	: >"$FAKE_MINT_LOG"
	fmint partition --kexec --dry-run --kernel "$BZIMAGE"
	assert_success
	# The kexec lines alone on stdout; what they mean for node 1 on stderr.
	assert_line --index 0 --regexp '^kexec -l -c .* reserve=0x2f8,8'"'"'$'
	assert_line --index 1 "kexec -e"
	assert_equal "${#lines[@]}" 2
	assert_equal "$stderr" "mintctl: partition: node 1 (node1) is UP (epoch 1) and keeps running: node 0's new kernel reserves its cores, memory and UART
mintctl: partition: once node 0 is back, 'mintctl net up' attaches VNI to the area as it is, and the running nodes' links come back"
	fmint partition --kexec --dry-run --kernel "$BZIMAGE" --json
	assert_success
	"$REPO/tests/mintctl/json-schema.py" partition-kexec <<<"$output" || fail "$output"
	assert_equal "$(jq .running_nodes <<<"$output")" 1
	run grep -c -E '^(WRITE|START|STOP|HOLD)' "$FAKE_MINT_LOG"
	assert_output 0
}

@test "partition --kexec refuses while node 1 is BOOTING" {
	fake_node0
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	assert_success
	# node 1's self.state := BOOTING, as while 'mintctl boot' waits.
	printf '\001\000\000\000' | dd of="$FAKE_MINT_MEM" bs=1 seek=$((0x7de00000 + 64 + 512)) conv=notrunc status=none
	fmint partition --kexec --dry-run --kernel "$BZIMAGE"
	[ "$status" -eq 2 ] || fail "exit $status, expected 2"
	assert_stderr_has "partition: node 1 (node1) is BOOTING; wait until 'mintctl boot' has finished, then re-execute node 0"
	refute_output --partial "kexec -l"
}

@test "partition --kexec refuses when the config no longer describes the layout node 1 runs" {
	fake_node0
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	assert_success
	fmint --set node1.memory=256M partition --kexec --dry-run --kernel "$BZIMAGE"
	[ "$status" -eq 2 ] || fail "exit $status, expected 2"
	assert_stderr_has "partition: node 1 (node1) booted with another layout than this config gives (memory, cores, shared region, addresses or VNI settings changed since): node 0's new kernel might not reserve what it uses; restore the config, or shut the node down first ('mintctl shutdown node1')"
	refute_output --partial "kexec -l"
	# Once node 1 is down, the new layout may go ahead.
	fmint shutdown node1
	assert_success
	fmint --set node1.memory=256M partition --kexec --dry-run --kernel "$BZIMAGE"
	assert_success
	refute_stderr_has "keeps running"
}

@test "partition --kexec refuses when the config moves the shared region from under a running node 1" {
	fake_node0
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	assert_success
	fmint --set shared.base=0x40000000 partition --kexec --dry-run --kernel "$BZIMAGE"
	[ "$status" -eq 2 ] || fail "exit $status, expected 2: $output"
	assert_stderr_has "partition: node 1 runs with the shared region at 0x7de00000, but this config puts it at 0x40000000: node 0's new kernel would not reserve what the node uses; restore the config, or shut the node down with it first"
	refute_output --partial "kexec -l"
}

@test "a node whose heartbeat stopped long ago does not hold node 0's re-execution back" {
	fake_node0
	# Its last heartbeat is 10^12 TSC ticks (minutes) old: it runs no more.
	export FAKE_NODE_HB_AGO=1000000000000
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	assert_success
	fmint --set shared.base=0x40000000 partition --kexec --dry-run --kernel "$BZIMAGE"
	assert_success
	refute_stderr_has "keeps running"
	assert_line --index 0 --partial "kexec -l -c"
}
