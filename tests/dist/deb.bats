#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# make deb: the Debian packages build under build/deb without touching the
# tree, pass lintian (errors and warnings fail; the kept ones are overridden
# in debian/*.lintian-overrides with the reason), and unpacked with dpkg -x
# into a scratch root put every file where its reader looks. Packaging
# only: no kernel, no DKMS build.

bats_require_minimum_version 1.5.0

setup_file() {
	export REPO
	REPO="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
	export DEBS="$REPO/build/deb"
	export ROOT="$BATS_FILE_TMPDIR/root"
	git -C "$REPO" status --porcelain >"$BATS_FILE_TMPDIR/status-before"
	make -s -C "$REPO" deb >"$BATS_FILE_TMPDIR/make-deb.log" 2>&1 ||
		{ cat "$BATS_FILE_TMPDIR/make-deb.log" >&3; return 1; }
	git -C "$REPO" status --porcelain >"$BATS_FILE_TMPDIR/status-after"
	mkdir -p "$ROOT"
	dpkg -x "$DEBS/mint-tools_$(version)_amd64.deb" "$ROOT"
	dpkg -x "$DEBS/vni-dkms_$(version)_all.deb" "$ROOT"
}

setup() {
	bats_load_library bats-support
	bats_load_library bats-assert
}

# The packages' version: debian/changelog's, which must be mintctl's.
version() {
	dpkg-parsechangelog -l "$REPO/debian/changelog" -S Version
}

@test "make deb leaves the tree as it was and its output under build/deb" {
	run diff "$BATS_FILE_TMPDIR/status-before" "$BATS_FILE_TMPDIR/status-after"
	assert_success
	run bash -c 'cd "$1" && ls *.deb' bash "$DEBS"
	assert_line "mint-tools_$(version)_amd64.deb"
	assert_line "vni-dkms_$(version)_all.deb"
	run bash -c 'ls "$1"/.. | grep -E "\.(deb|changes|buildinfo)$"' bash "$REPO"
	assert_output ''
}

@test "lintian finds no error and no warning it was not told about" {
	run --separate-stderr lintian --fail-on error,warning "$DEBS"/*.changes
	assert_success
	refute_output --regexp '^[EW]: '
}

@test "the package version is mintctl's" {
	run "$ROOT/usr/sbin/mintctl" --version
	assert_success
	assert_output --partial "$(version)"
	# make takes it from debian/changelog (tests/dist/version.bats).
	run make -s -C "$REPO" -p -n dkms-src
	assert_line "MINTCTL_VERSION := $(version)"
}

@test "mint-tools holds what make install installs, where Debian 12 looks" {
	run bash -c 'dpkg -c "$1" | awk "{ print \$6 }" | grep -v "/$" | sort' \
		bash "$DEBS/mint-tools_$(version)_amd64.deb"
	assert_output "./etc/NetworkManager/conf.d/90-mint-vni.conf
./lib/systemd/system/mint-autostart.service
./lib/systemd/system/mint-net.service
./lib/systemd/system/mint-node@.service
./lib/systemd/system/mint.target
./usr/lib/systemd/network/10-mint-vni.network
./usr/sbin/mintctl
./usr/share/bash-completion/completions/mintctl
./usr/share/doc/mint-tools/changelog.gz
./usr/share/doc/mint-tools/copyright
./usr/share/doc/mint-tools/examples/hardware-template.conf
./usr/share/doc/mint-tools/examples/qemu-2node.conf
./usr/share/doc/mint-tools/examples/qemu-3node.conf
./usr/share/doc/mint-tools/examples/qemu-modern-2node.conf
./usr/share/doc/mint-tools/examples/qemu-modern-4node.conf
./usr/share/lintian/overrides/mint-tools
./usr/share/man/man8/mintctl.8.gz"
	[ -x "$ROOT/usr/sbin/mintctl" ]
	run grep -h '^ExecStart\|^ExecStop=' "$ROOT/lib/systemd/system/mint-node@.service"
	assert_line 'ExecStartPre=/usr/sbin/mintctl $MINTCTL_OPTS boot %i'
	assert_line 'ExecStart=/usr/sbin/mintctl $MINTCTL_OPTS watch $MINT_WATCH_OPTS %i'
	assert_line 'ExecStop=/usr/sbin/mintctl $MINTCTL_OPTS shutdown %i'
}

@test "the installed mintctl is built hardened (PIE, full RELRO, stack protector, fortify)" {
	run readelf -d -h "$ROOT/usr/sbin/mintctl"
	assert_line --regexp 'Type: +DYN'
	assert_line --regexp '\(FLAGS\).*BIND_NOW'
	run readelf -lW "$ROOT/usr/sbin/mintctl"
	assert_line --partial GNU_RELRO
	run bash -c 'nm -D "$1" | grep -c "__stack_chk_fail\|_chk@"' bash "$ROOT/usr/sbin/mintctl"
	[ "$output" -ge 2 ] || fail "no stack protector or fortified calls: $output"
}

@test "installing mint-tools enables and starts nothing, and an upgrade stops nothing" {
	local ctl="$BATS_TEST_TMPDIR/control"
	dpkg-deb -e "$DEBS/mint-tools_$(version)_amd64.deb" "$ctl"
	run cat "$ctl/conffiles"
	assert_output /etc/NetworkManager/conf.d/90-mint-vni.conf
	run grep -hs 'deb-systemd-invoke\|systemctl.*\(start\|stop\|restart\)' "$ctl"/post* "$ctl"/pre* 2>/dev/null
	assert_output ''
	run grep -h "deb-systemd-helper enable" "$ctl/postinst"
	assert_success
	run grep -B2 "deb-systemd-helper enable" "$ctl/postinst"
	assert_output --partial 'was-enabled'
}

@test "vni-dkms holds the module source DKMS builds, with a dkms.conf naming it" {
	local src="$ROOT/usr/src/mint-vni-$(version)"
	run sed -n 's/^PACKAGE_NAME="\(.*\)"/\1/p; s/^PACKAGE_VERSION="\(.*\)"/\1/p' "$src/dkms.conf"
	assert_output "mint-vni
$(version)"
	# The tree's, with the version dh_dkms -V filled in.
	diff <(sed "s/#MODULE_VERSION#/$(version)/" "$REPO/vni/dkms.conf") "$src/dkms.conf"
	grep -q '^BUILT_MODULE_NAME\[0\]="vni"' "$src/dkms.conf"
	# Every object the Kbuild file links has its source, and the include
	# directories it names exist.
	for o in $(sed -n '/^vni-y/,/^[^ \t]*:*=/p' "$src/Kbuild" | grep -o '[a-z_/]*\.o'); do
		[ -f "$src/${o%.o}.c" ] || fail "$o: no ${o%.o}.c in vni-dkms"
	done
	for d in core driver; do
		diff -r "$REPO/vni/$d" "$src/$d" || fail "$d differs from the tree"
	done
	run bash -c 'dpkg-deb -f "$1" Depends' bash "$DEBS/vni-dkms_$(version)_all.deb"
	assert_output --partial dkms
	run bash -c 'dpkg-deb --ctrl-tarfile "$1" | tar -xOf - ./postinst' bash \
		"$DEBS/vni-dkms_$(version)_all.deb"
	assert_line 'DKMS_NAME=mint-vni'
	assert_line "DKMS_VERSION=$(version)"
}

@test "DKMS skips a kernel without the Mint patches (exit 77), so the package still installs" {
	local t="$BATS_TEST_TMPDIR/dkms"
	command -v dkms >/dev/null || skip "no dkms"
	mkdir -p "$t/tree" "$t/ksrc"
	echo CONFIG_X86=y >"$t/ksrc/.config"
	dkms add --dkmstree "$t/tree" --sourcetree "$ROOT/usr/src" -m mint-vni -v "$(version)" >/dev/null
	run dkms build --dkmstree "$t/tree" --sourcetree "$ROOT/usr/src" \
		-m mint-vni -v "$(version)" -k 6.12.0-not-mint --kernelsourcedir "$t/ksrc"
	[ "$status" -eq 77 ] || fail "dkms build: exit $status: $output"
	assert_output --partial "BUILD_EXCLUSIVE directive which does not match"
}
