#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Node 0's services from the config: the keys autostart and restart (parsed,
# checked with FILE:LINE errors, shown by plan), 'mintctl autostart', which
# mint-autostart.service runs, and 'mintctl watch', the main process of
# mint-node@.service, against the file-backed stand-in for /dev/mint
# (fake_launcher.c). The units themselves: tests/dist/systemd.bats.

load helpers

FAKE="$REPO/build/mintctl/fake-launcher.so"
SCHEMA="$BATS_TEST_DIRNAME/json-schema.py"

# The 2-node example with lines $@ added to [node1].
conf_node1() {
	local extra
	extra=$(printf '%s\\n' "$@")
	conf_2node | sed "/^\[node1\]/a $extra" >"$CONF"
}

@test "autostart and restart default to no, and plan shows them for every secondary" {
	CONF="$REPO/bootcfg/qemu-3node.conf"
	mint plan
	assert_success
	assert_line "node 0 services (mint-autostart.service, mint-node@NAME.service):"
	assert_line "  node1        autostart no   restart no"
	assert_line "  node2        autostart no   restart no"
}

@test "autostart = yes and restart = on-crash show in plan, text and JSON" {
	conf_node1 "autostart = yes" "restart = on-crash"
	mint plan
	assert_success
	assert_line "  node1        autostart yes  restart on-crash"
	mint plan --json
	assert_success
	"$SCHEMA" plan <<<"$output" || fail "not a plan document: $output"
	assert_output --regexp '"low_window":\{"start":131072,"size":131072\},"console":\{[^}]*\},"autostart":true,"restart":"on-crash"\}'
	# Node 0 has no service settings.
	refute_output --regexp '"id":0,[^}]*"autostart"'
	# --set works as for every key.
	conf_2node >"$CONF"
	mint --set node1.restart=on-crash plan
	assert_line "  node1        autostart no   restart on-crash"
}

@test "bad autostart and restart values are FILE:LINE errors naming the choices" {
	local n0 n1
	n0=$(conf_2node | grep -n '^\[node0\]' | cut -d: -f1)
	n1=$(conf_2node | grep -n '^\[node1\]' | cut -d: -f1)
	conf_node1 "autostart = maybe"
	refute_config "$CONF:$((n1 + 1)): [node1] autostart: \"maybe\": expected yes or no"
	conf_node1 "restart = always"
	refute_config "$CONF:$((n1 + 1)): [node1] restart: \"always\": expected on-crash or no"
	conf_node1 "autostart = yes" "autostart = no"
	refute_config "$CONF:$((n1 + 2)): [node1] autostart: duplicate key (first set on line $((n1 + 1)))"
	conf_2node | sed '/^\[node0\]/a autostart = yes' >"$CONF"
	refute_config "$CONF:$((n0 + 1)): [node0] autostart: node 0 boots from the firmware, not from a unit; remove this key"
	conf_2node >"$CONF"
	refute_config "command line: [node1] restart: \"yes\": expected on-crash or no" --set node1.restart=yes
}

@test "autostart lists the nodes with autostart = yes once node 0 is partitioned for them" {
	partitioned_sysroot "$REPO/bootcfg/qemu-3node.conf"
	CONF="$BATS_TEST_TMPDIR/mint.conf"
	sed '/^\[node2\]/a autostart = yes\nrestart = on-crash' \
		"$REPO/bootcfg/qemu-3node.conf" >"$CONF"
	mint autostart
	assert_success
	assert_output node2
	mint autostart --json
	assert_success
	"$SCHEMA" autostart <<<"$output" || fail "not an autostart document: $output"
	assert_output '{"nodes":[{"id":2,"name":"node2","restart":"on-crash"}],"started":false}'
	# None: nothing to list, and --start starts nothing.
	CONF="$REPO/bootcfg/qemu-3node.conf"
	mint autostart
	assert_success
	assert_output ''
	mint autostart --start
	assert_success
	assert_output "autostart: no node has autostart = yes in $CONF"
}

@test "autostart on an unpartitioned node 0 names every node's reason and exits 2" {
	conf_2node | sed '/^\[node1\]/a autostart = yes' >"$CONF"
	mint autostart --start
	assert_failure 2
	assert_stderr_has "memory 0x5de00000-0x7ddfffff (512M) of node1 is not reserved by node 0"
	assert_stderr_has "autostart: node 0 is not partitioned for the nodes with autostart = yes; none started"
	assert_output ''
	mint autostart --now
	assert_failure 2
	assert_stderr_has "autostart: unknown option '--now'"
}

# Node 0 of the 2-node layout with the stand-in launcher; node 1's record
# in the control block says state $1 (MINT_NODE_*), reason $2.
fake_node1() {
	[ -f "$FAKE" ] || skip "no $FAKE (make build/mintctl/fake-launcher.so)"
	partitioned_sysroot "$REPO/bootcfg/qemu-2node.conf"
	CONF="$BATS_TEST_TMPDIR/mint.conf"
	conf_2node >"$CONF"
	export FAKE_MINT_MEM="$BATS_TEST_TMPDIR/mem"
	export FAKE_MINT_RANGES=0x20000:0x20000,0x5de00000:0x22000000
	export MINT_DEV="$BATS_TEST_TMPDIR/dev"
	: >"$MINT_DEV"
	: >"$FAKE_MINT_MEM"
	node1_state "$@"
}

# Write node 1's state $1 and reason $2 into the control block (epoch 7).
node1_state() {
	python3 - "$FAKE_MINT_MEM" "$1" "${2:-0}" <<'PY'
import struct, sys
mem, state, reason = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
base = 0x7de00000
with open(mem, "r+b") as f:
    f.seek(base)
    f.write(struct.pack("<IHHIIQ", 0x4d435442, 1, 2, 0, 512, 1))
    f.seek(base + 64 + 512)
    f.write(struct.pack("<IIQQQQIIIIQ", state, 7, 1, 0, 0, 0, 0, 2, reason, 0, 0))
PY
}

# mintctl with the stand-in launcher preloaded, at most 20 s.
fmint() {
	run --separate-stderr timeout 20 env LD_PRELOAD="$FAKE" \
		ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0" \
		"$MINTCTL" --sysroot "$SYSROOT" -c "$CONF" "$@"
}

@test "watch waits while the node is UP and exits 1 naming the crash" {
	fake_node1 2		# UP
	( sleep 1.5; node1_state 4 1 ) &	# CRASHED: kernel panic
	SECONDS=0
	fmint watch node1
	wait
	assert_failure 1
	[ "$SECONDS" -ge 1 ] || fail "did not wait for the crash"
	assert_stderr_has "mintctl: watch: node1 is UP (epoch 7)"
	assert_stderr_has "mintctl: watch: node1 CRASHED (epoch 7): kernel panic (see its console)"
	assert_stderr_has "mintctl: watch: node1 has restart = no: it stays down"
	assert_output ''
}

@test "watch exits with the restart status of mint-node@.service when restart = on-crash" {
	fake_node1 4 1
	sed -i '/^\[node1\]/a restart = on-crash' "$CONF"
	fmint watch node1
	assert_failure "$(sed -n 's/^RestartForceExitStatus=//p' "$REPO/bootcfg/systemd/mint-node@.service")"
	assert_stderr_has "watch: node1 has restart = on-crash: its unit boots it again"
	fmint watch node1 --json
	assert_failure 75
	"$SCHEMA" watch <<<"$output" || fail "not a watch document: $output"
	assert_output '{"id":1,"name":"node1","state":"CRASHED","reason":"kernel panic (see its console)","epoch":7,"restart":true}'
}

@test "shutdown, the node unit's ExecStop=, leaves a CRASHED node CRASHED with its reason for status; an UP one goes DOWN" {
	fake_node1 4 1		# CRASHED: kernel panic
	fmint shutdown node1
	assert_success
	assert_output "node1: CRASHED (stopped; was CRASHED): kernel panic (see its console)"
	fmint status --json
	assert_success
	python3 -c 'import json, sys; n = json.loads(sys.argv[1])["nodes"][1]; assert (n["state"], n["reason"]) == ("CRASHED", "kernel panic (see its console)"), n' "$output" ||
		fail "status lost the crash: $output"
	fmint shutdown node1 --json
	assert_success
	"$SCHEMA" shutdown <<<"$output" || fail "not a shutdown document: $output"
	assert_output '{"id":1,"name":"node1","state":"CRASHED","how":"stopped","was":"CRASHED","reason":"kernel panic (see its console)"}'
	node1_state 2		# UP
	fmint shutdown node1 --force --json
	assert_success
	"$SCHEMA" shutdown <<<"$output" || fail "not a shutdown document: $output"
	assert_output '{"id":1,"name":"node1","state":"DOWN","how":"stopped with INIT (--force)","was":"UP","reason":null}'
	fmint status
	assert_success
	assert_line --regexp '^1 +node1 +DOWN '
}

@test "watch finds a node whose heartbeat stopped HUNG: exit 1, or 75 with restart = on-crash, and --json says HUNG" {
	# node 1 is UP, but its last heartbeat was 25 s (at 2994000 kHz) ago:
	# the stand-in stamps it so at every read of the shared region.
	export FAKE_NODE_HB_AGO=$((25 * 2994000 * 1000)) FAKE_MINT_SHARED=0x7de00000
	fake_node1 2
	fmint watch node1
	assert_failure 1
	assert_stderr_has "mintctl: watch: node1 is UP (epoch 7)"
	grep -qxE 'mintctl: watch: node1 HUNG \(epoch 7\): no heartbeat for 25\.[0-9] s, its kernel no longer runs its timers' <<<"$stderr" ||
		fail "no HUNG line: $stderr"
	assert_stderr_has "mintctl: watch: node1 has restart = no: it stays down"
	assert_output ''
	sed -i '/^\[node1\]/a restart = on-crash' "$CONF"
	fmint watch node1 --json
	assert_failure 75
	"$SCHEMA" watch <<<"$output" || fail "not a watch document: $output"
	assert_output --regexp '^\{"id":1,"name":"node1","state":"HUNG","reason":"no heartbeat for 25\.[0-9] s, its kernel no longer runs its timers","epoch":7,"restart":true\}$'
}

@test "watch --hung-after: a heartbeat younger than S, or S = 0, is no hang; bad values are refused" {
	export FAKE_NODE_HB_AGO=$((25 * 2994000 * 1000)) FAKE_MINT_SHARED=0x7de00000
	fake_node1 2
	for s in 30 0; do
		node1_state 2
		( sleep 1.5; node1_state 3 ) &	# DOWN
		fmint watch node1 --hung-after "$s"
		wait
		assert_success
		assert_output "node1: DOWN (epoch 7)"
	done
	node1_state 2
	for bad in -1 abc 86401 ''; do
		fmint watch node1 --hung-after "$bad"
		assert_failure 2
		assert_stderr_has "mintctl: watch: --hung-after $bad: seconds from 0 (never) to 86400"
	done
}

@test "watch exits 0 when the node goes DOWN by itself, and waits out BOOTING" {
	fake_node1 1		# BOOTING
	( sleep 1; node1_state 2; sleep 1; node1_state 3 ) &
	fmint watch node1
	wait
	assert_success
	assert_output "node1: DOWN (epoch 7)"
	assert_stderr_has "watch: node1 is UP (epoch 7)"
	fmint watch node0
	assert_failure 2
	assert_stderr_has "watch: node0 is node 0, the node running mintctl"
	fmint watch
	assert_failure 2
	assert_stderr_has "watch: which node? (mintctl watch NODE)"
}
