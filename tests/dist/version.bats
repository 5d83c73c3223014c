#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Mint has one version, debian/changelog's: mintctl --version, the make
# variables, the DKMS module's version (dh_dkms -V for the vni-dkms
# package, make dkms-src without it) all come from there, and no file
# writes a version of its own. The packages themselves: deb.bats.

bats_require_minimum_version 1.5.0

setup() {
	bats_load_library bats-support
	bats_load_library bats-assert
	REPO="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
	VERSION=$(dpkg-parsechangelog -l "$REPO/debian/changelog" -S Version)
}

@test "mintctl --version and make's MINTCTL_VERSION are debian/changelog's" {
	[ -n "$VERSION" ] || fail "no version in debian/changelog"
	run make -s -C "$REPO" -p -n dkms-src
	assert_line "MINTCTL_VERSION := $VERSION"
	make -s -C "$REPO" build/mintctl/mintctl
	run "$REPO/build/mintctl/mintctl" --version
	assert_output "mintctl $VERSION"
}

@test "a new changelog entry changes every version: make rebuilds mintctl with it" {
	local t="$BATS_TEST_TMPDIR/tree"
	mkdir -p "$t"
	git -C "$REPO" ls-files -z | (cd "$REPO" && xargs -0 cp --parents -t "$t")
	sed -i '1s/(.*)/(9.8.7)/' "$t/debian/changelog"
	make -s -C "$t" build/mintctl/mintctl dkms-src >/dev/null
	run "$t/build/mintctl/mintctl" --version
	assert_output "mintctl 9.8.7"
	run grep -x 'PACKAGE_VERSION="9.8.7"' "$t/build/dkms/mint-vni-9.8.7/dkms.conf"
	assert_success
}

@test "the DKMS version is filled in from the package's: dkms.conf holds the placeholder, debian/rules runs dh_dkms -V" {
	run grep '^PACKAGE_VERSION=' "$REPO/vni/dkms.conf"
	assert_output 'PACKAGE_VERSION="#MODULE_VERSION#"'
	run grep -x $'\tdh_dkms -V' "$REPO/debian/rules"
	assert_success
	run grep -F 'usr/src/mint-vni-$(DEB_VERSION_UPSTREAM)/' "$REPO/debian/rules"
	assert_success
}

@test "make dkms-src: the module source with dkms.conf at Mint's version, for dkms add" {
	run make -s -C "$REPO" dkms-src
	assert_success
	local src="$REPO/build/dkms/mint-vni-$VERSION"
	run grep '^PACKAGE_NAME=\|^PACKAGE_VERSION=' "$src/dkms.conf"
	assert_output "PACKAGE_NAME=\"mint-vni\"
PACKAGE_VERSION=\"$VERSION\""
	for d in core driver; do
		diff -r "$REPO/vni/$d" "$src/$d" || fail "$d differs from the tree"
	done
	[ -f "$src/Kbuild" ] && [ -f "$src/Makefile" ]
}

@test "no file but debian/changelog writes a version number of Mint's" {
	run bash -c 'cd "$1" && git grep -nE "mint-vni[-/][0-9]|PACKAGE_VERSION=\"[0-9]|MINTCTL_VERSION := [0-9]|_[0-9]+\.[0-9]+_(amd64|all)\.deb" -- . ":!debian/changelog" ":!tests/dist/version.bats"' bash "$REPO"
	assert_output ''
}
