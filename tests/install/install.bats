#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# make install: every file lands where the tool that reads it looks, inside
# DESTDIR, and the installed mintctl runs.

bats_load_library bats-support
bats_load_library bats-assert

setup_file() {
	export ROOT="$BATS_FILE_TMPDIR/root"
	make -s -C "$BATS_TEST_DIRNAME/../.." install DESTDIR="$ROOT" PREFIX=/usr >/dev/null
}

@test "make install DESTDIR=... PREFIX=/usr puts each file where its reader looks" {
	run bash -c "cd '$ROOT' && find . -type f | sort"
	assert_line ./usr/sbin/mintctl
	assert_line ./usr/share/man/man8/mintctl.8
	assert_line ./usr/share/bash-completion/completions/mintctl
	assert_line ./usr/share/doc/mint/examples/qemu-2node.conf
	assert_line ./usr/share/doc/mint/examples/hardware-template.conf
	assert_line ./usr/lib/systemd/network/10-mint-vni.network
	assert_line ./etc/NetworkManager/conf.d/90-mint-vni.conf
	assert_line ./usr/lib/systemd/system/mint-node@.service
	assert_line ./usr/lib/systemd/system/mint-net.service
	assert_line ./usr/lib/systemd/system/mint.target
	assert_line ./usr/lib/systemd/system/mint-autostart.service
	[ -x "$ROOT/usr/sbin/mintctl" ]
}

@test "the systemd units run the mintctl of PREFIX and read SYSCONFDIR/default/mint" {
	run grep -h '^ExecStart=\|^EnvironmentFile=' \
		"$ROOT/usr/lib/systemd/system/mint-node@.service"
	assert_line 'ExecStart=/usr/sbin/mintctl $MINTCTL_OPTS watch $MINT_WATCH_OPTS %i'
	assert_line 'EnvironmentFile=-/etc/default/mint'
	run find "$ROOT/usr/lib/systemd/system" -type f ! -perm 0644
	assert_output ''
}

@test "the installed mintctl runs and its man page renders without warnings" {
	run "$ROOT/usr/sbin/mintctl" --version
	assert_success
	assert_output --partial mintctl
	run bash -c "groff -man -Tutf8 -ww -z '$ROOT/usr/share/man/man8/mintctl.8' 2>&1"
	assert_success
	assert_output ''
}

@test "systemd-networkd leaves the VNI device alone: matched by driver, unmanaged" {
	run cat "$ROOT/usr/lib/systemd/network/10-mint-vni.network"
	assert_line '[Match]'
	assert_line 'Driver=vni'
	assert_line '[Link]'
	assert_line 'Unmanaged=yes'
}

@test "NetworkManager leaves the VNI device alone, by driver and by name" {
	run grep -v '^#' "$ROOT/etc/NetworkManager/conf.d/90-mint-vni.conf"
	assert_line '[keyfile]'
	assert_line 'unmanaged-devices+=driver:vni;interface-name:vni*'
}

@test "PREFIX=/usr/local keeps everything but /etc under /usr/local" {
	local r="$BATS_TEST_TMPDIR/local"
	make -s -C "$BATS_TEST_DIRNAME/../.." install DESTDIR="$r" >/dev/null
	run bash -c "cd '$r' && find . -type f | grep -v '^./usr/local/' | grep -v '^./etc/'"
	assert_output ''
	[ -x "$r/usr/local/sbin/mintctl" ]
	[ -f "$r/usr/local/lib/systemd/network/10-mint-vni.network" ]
	[ -f "$r/usr/local/lib/systemd/system/mint-node@.service" ]
	run grep -h '^ExecStartPre=' "$r/usr/local/lib/systemd/system/mint-node@.service"
	assert_output 'ExecStartPre=/usr/local/sbin/mintctl $MINTCTL_OPTS boot %i'
}
