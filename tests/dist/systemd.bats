#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# The systemd units of `make install` (bootcfg/systemd/): systemd-analyze
# verify accepts them, and their commands, run as systemd would run them,
# fail at once with the reason on a node 0 that cannot boot a node. Host
# only: no systemd instance is started and no unit runs under systemd.

load ../mintctl/helpers

UNITS="mint-node@.service mint-net.service mint-autostart.service mint.target"

setup_file() {
	# Installed with the scratch root as PREFIX, so ExecStart names a
	# mintctl that exists and verify can check it.
	export T="$BATS_FILE_TMPDIR/inst"
	make -s -C "$BATS_TEST_DIRNAME/../.." install PREFIX="$T/usr" \
		SYSCONFDIR="$T/etc" >/dev/null
	export UNIT_DIR="$T/usr/lib/systemd/system"
}

# Run unit $1's Exec line $2 (ExecStartPre, ExecStart, ExecStop) for instance $3 as
# systemd would: %i and %v filled in, its Environment= and then its
# EnvironmentFile= read, $VAR and ${VAR} expanded. Bounded by 20 s.
run_exec() {
	local unit=$1 key=$2 inst=${3:-} line env envfile
	line=$(specifiers "$inst" <"$UNIT_DIR/$unit" | sed -n "s/^$key=//p")
	[ -n "$line" ] || fail "$unit has no $key"
	env=$(specifiers "$inst" <"$UNIT_DIR/$unit" | sed -n 's/^Environment=//p')
	envfile=$(sed -n 's/^EnvironmentFile=-\{0,1\}//p' "$UNIT_DIR/$unit")
	run --separate-stderr timeout 20 env -i PATH="${UNIT_PATH:-$PATH}" MINT_DEV="${MINT_DEV:-}" \
		ASAN_OPTIONS="$ASAN_OPTIONS" bash -c '
		set -a
		eval "$1"
		[ ! -f "$2" ] || . "$2"
		set +a
		[ -n "$MINT_DEV" ] || unset MINT_DEV
		eval "exec $3"' bash "$env" "$envfile" "$line"
}

# stdin with the unit specifiers %i (instance $1) and %v (kernel release)
# filled in.
specifiers() {
	sed -e "s|%i|$1|g" -e "s|%v|$(uname -r)|g"
}

@test "systemd-analyze verify accepts every unit, with nothing to say" {
	command -v systemd-analyze >/dev/null || skip "no systemd-analyze"
	for u in $UNITS; do
		[ -f "$UNIT_DIR/$u" ] || fail "$u not installed"
	done
	run bash -c 'MANPATH="$1/usr/share/man" systemd-analyze verify \
		"$2/mint-node@node1.service" "$2/mint-net.service" \
		"$2/mint-autostart.service" "$2/mint.target" 2>&1' bash "$T" "$UNIT_DIR"
	assert_success
	assert_output ''
}

@test "the units run the installed mintctl and read the installed defaults file" {
	run grep -h '^Exec\|^EnvironmentFile' "$UNIT_DIR/mint-node@.service" \
		"$UNIT_DIR/mint-net.service" "$UNIT_DIR/mint-autostart.service"
	assert_line "ExecStartPre=$T/usr/sbin/mintctl \$MINTCTL_OPTS boot %i"
	assert_line "ExecStart=$T/usr/sbin/mintctl \$MINTCTL_OPTS watch \$MINT_WATCH_OPTS %i"
	assert_line "ExecStart=$T/usr/sbin/mintctl \$MINTCTL_OPTS autostart --start"
	assert_line "ExecStop=$T/usr/sbin/mintctl \$MINTCTL_OPTS shutdown %i"
	assert_line "ExecStart=$T/usr/sbin/mintctl \$MINTCTL_OPTS net up --module \${MINT_VNI_MODULE}"
	assert_line "ExecStop=$T/usr/sbin/mintctl \$MINTCTL_OPTS net down"
	assert_line "EnvironmentFile=-$T/etc/default/mint"
	run grep -c '@[A-Z]*@' "$UNIT_DIR"/*
	refute_output --regexp ':[1-9]'
}

@test "mint.target pulls in VNI and the autostart nodes, nodes are enabled into it, and stop in order" {
	run cat "$UNIT_DIR/mint.target"
	assert_line 'Wants=mint-net.service mint-autostart.service'
	assert_line 'WantedBy=multi-user.target'
	run grep -x 'WantedBy=mint.target' "$UNIT_DIR/mint-node@.service" \
		"$UNIT_DIR/mint-net.service" "$UNIT_DIR/mint-autostart.service"
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	# Started after VNI, so stopped before it: nodes go down first.
	run grep -x 'After=mint-net.service' "$UNIT_DIR/mint-node@.service" \
		"$UNIT_DIR/mint-autostart.service"
	assert_success
	[ "${#lines[@]}" -eq 2 ]
}

@test "the node unit lives as long as the node: watch is its main process, a crash fails it, on-crash restarts it" {
	run grep -x 'Type=exec' "$UNIT_DIR/mint-node@.service"
	assert_success
	# Only watch's 'restart = on-crash' status restarts the unit.
	run grep -x 'Restart=no' "$UNIT_DIR/mint-node@.service"
	assert_success
	run sed -n 's/^RestartForceExitStatus=//p' "$UNIT_DIR/mint-node@.service"
	assert_output 75
	run "$T/usr/sbin/mintctl" watch --help
	assert_line --partial '(the reason on stderr) or HUNG, or 75 (EX_TEMPFAIL) when it CRASHED or'
	# A crash loop ends: a bounded number of starts, then the unit stays failed.
	run sed -n 's/^StartLimitBurst=//p' "$UNIT_DIR/mint-node@.service"
	[ "$output" -ge 1 ] && [ "$output" -le 10 ] || fail "StartLimitBurst=$output"
}

@test "the node unit waits longer than mintctl does, so mintctl reports a slow node" {
	run sed -n 's/^TimeoutStartSec=//p' "$UNIT_DIR/mint-node@.service"
	[ "$output" -gt 120 ] || fail "TimeoutStartSec=$output, boot waits 120 s"
	run sed -n 's/^TimeoutStopSec=//p' "$UNIT_DIR/mint-node@.service"
	[ "$output" -gt 30 ] || fail "TimeoutStopSec=$output, shutdown waits 30 s"
	run "$T/usr/sbin/mintctl" boot --help
	assert_line --partial 'seconds to wait for UP (default 120)'
	run "$T/usr/sbin/mintctl" shutdown --help
	assert_line --partial 'seconds to wait for DOWN before INIT (default 30)'
}

# The 2-node QEMU layout with a kernel mintctl accepts (a fake bzImage
# header), seen from the recorded QEMU machine ($1: sysroot).
defaults_for() {
	mkdir -p "$T/etc/default"
	sed "s|^kernel = .*|kernel = $REPO/mintctl/fuzz/corpus-bzimage/fake-good.bin|;
	     /^initrd = /d" "$REPO/bootcfg/qemu-2node.conf" >"$BATS_TEST_TMPDIR/mint.conf"
	echo "MINTCTL_OPTS=\"--sysroot $1 -c $BATS_TEST_TMPDIR/mint.conf\"" \
		>"$T/etc/default/mint"
}

# Unit $2's line $3 for instance $4 must exit $1 (at once) and say $5.
refute_exec() {
	local want=$1 msg=$5
	SECONDS=0
	run_exec "$2" "$3" "$4"
	[ "$status" -eq "$want" ] || fail "exit $status, expected $want; stderr: $stderr"
	[ "$SECONDS" -lt 10 ] || fail "took $SECONDS s"
	[ -z "$msg" ] || assert_stderr_has "$msg"
}

@test "node unit on an unpartitioned node 0: fails at once, saying what to do" {
	defaults_for "$QEMU"
	refute_exec 2 mint-node@.service ExecStartPre node1 \
		"memory 0x5de00000-0x7ddfffff (512M) of node1 is not reserved by node 0: boot node 0 with the parameters of 'mintctl partition --print'"
	[ "${#stderr_lines[@]}" -le 3 ] || fail "more than the reason: $stderr"
}

@test "node unit on a partitioned node 0 without the Mint launcher: fails at once with the reason" {
	partitioned_sysroot "$REPO/bootcfg/qemu-2node.conf"
	defaults_for "$SYSROOT"
	export MINT_DEV="$BATS_TEST_TMPDIR/no-such-dev"
	refute_exec 1 mint-node@.service ExecStartPre node1 "the launcher exists only on node 0"
	refute_exec 1 mint-node@.service ExecStart node1 "the launcher exists only on node 0"
	refute_exec 1 mint-node@.service ExecStop node1 "the launcher exists only on node 0"
}

@test "node unit for a node the config does not have: usage error naming it" {
	defaults_for "$QEMU"
	refute_exec 2 mint-node@.service ExecStartPre node7 "no node 'node7' in the plan"
	refute_exec 2 mint-node@.service ExecStart node7 "no node 'node7' in the plan"
}

@test "MINT_WATCH_OPTS in /etc/default/mint reaches the node unit's watch, and only watch" {
	defaults_for "$QEMU"
	echo 'MINT_WATCH_OPTS="--hung-after forever"' >>"$T/etc/default/mint"
	refute_exec 2 mint-node@.service ExecStart node1 \
		"mintctl: watch: --hung-after forever: seconds from 0 (never) to 86400"
	refute_exec 2 mint-node@.service ExecStartPre node1 "is not reserved by node 0"
	refute_stderr_has "hung-after"
}

@test "net unit without the VNI module: fails at once naming the module it looked for" {
	local ko="/lib/modules/$(uname -r)/updates/dkms/vni.ko"
	[ ! -e "$ko" ] || skip "$ko is installed here"
	defaults_for "$QEMU"
	refute_exec 1 mint-net.service ExecStart "" \
		"net: module $ko: No such file or directory"
}

# A systemctl stub first in the units' PATH: it logs its arguments.
fake_systemctl() {
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	printf '#!/bin/sh\necho "$*" >>"%s"\n' "$BATS_TEST_TMPDIR/systemctl.log" \
		>"$BATS_TEST_TMPDIR/bin/systemctl"
	chmod +x "$BATS_TEST_TMPDIR/bin/systemctl"
	: >"$BATS_TEST_TMPDIR/systemctl.log"
	export UNIT_PATH="$BATS_TEST_TMPDIR/bin:$PATH"
}

@test "autostart unit on an unpartitioned node 0: fails at once with the reason and starts nothing" {
	defaults_for "$QEMU"
	sed -i '/^\[node1\]/a autostart = yes' "$BATS_TEST_TMPDIR/mint.conf"
	fake_systemctl
	refute_exec 2 mint-autostart.service ExecStart "" \
		"of node1 is not reserved by node 0: boot node 0 with the parameters of 'mintctl partition --print'"
	assert_stderr_has "autostart: node 0 is not partitioned for the nodes with autostart = yes; none started"
	run cat "$BATS_TEST_TMPDIR/systemctl.log"
	assert_output ''
}

@test "autostart unit on a partitioned node 0: starts the autostart nodes' units, without waiting" {
	partitioned_sysroot "$REPO/bootcfg/qemu-3node.conf"
	defaults_for "$SYSROOT"
	sed "s|^kernel = .*|kernel = $REPO/mintctl/fuzz/corpus-bzimage/fake-good.bin|;
	     /^initrd = /d" "$REPO/bootcfg/qemu-3node.conf" >"$BATS_TEST_TMPDIR/mint.conf"
	sed -i '/^\[node2\]/a autostart = yes' "$BATS_TEST_TMPDIR/mint.conf"
	fake_systemctl
	run_exec mint-autostart.service ExecStart ""
	assert_success
	assert_output "started mint-node@node2.service"
	run cat "$BATS_TEST_TMPDIR/systemctl.log"
	assert_output "start --no-block mint-node@node2.service"
}
