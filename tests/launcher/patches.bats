#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel patch series is in shape: every patch is a proper commit and
# passes the kernel's own checkpatch.pl --strict, run from the patched tree
# that `make kernel` leaves in build/kernel/src.

bats_load_library bats-support
bats_load_library bats-assert

SRC=build/kernel/src

series_patches() {
	sed -e 's/#.*//' kernel-patches/series | awk 'NF { print $1 }'
}

@test "the series lists patches, and every listed patch exists" {
	run series_patches
	assert_success
	[ -n "$output" ] || fail "kernel-patches/series is empty"
	local p
	for p in $output; do
		[ -f "kernel-patches/$p" ] || fail "series lists $p, which does not exist"
	done
}

@test "every patch has a subject, a description and the Mint Signed-off-by" {
	local p body
	for p in $(series_patches); do
		grep -Eq '^Subject: \[PATCH\] x86/(mint|apic|topology|boot): ' "kernel-patches/$p" ||
			fail "$p: no 'x86/mint:', 'x86/apic:', 'x86/topology:' or 'x86/boot:' subject"
		grep -qx 'Signed-off-by: Mint Developers <dev@mint.invalid>' "kernel-patches/$p" ||
			fail "$p: no Signed-off-by"
		# The description: the lines between the header and the tags.
		body=$(sed -n '/^$/,/^Signed-off-by:/p' "kernel-patches/$p" | grep -c '[a-z]')
		[ "$body" -ge 5 ] || fail "$p: description too short"
	done
}

@test "the preparatory x86 patches come first and touch no Mint file; the Mint patches follow" {
	local p mint=0
	for p in $(series_patches); do
		if grep -q '^Subject: \[PATCH\] x86/mint: ' "kernel-patches/$p"; then
			mint=1
		else
			[ "$mint" = 0 ] || fail "$p: a preparatory patch after a Mint patch"
			! grep -Eq '^\+\+\+ b/(arch/x86/kernel/mint/|include/uapi/linux/mint)' "kernel-patches/$p" ||
				fail "$p: a preparatory patch that touches Mint files"
		fi
	done
	[ "$mint" = 1 ] || fail "no Mint patch"
}

@test "every patch passes scripts/checkpatch.pl --strict with no errors, warnings or checks" {
	[ -x "$SRC/scripts/checkpatch.pl" ] || skip "no kernel tree: run make kernel"
	local p
	for p in $(series_patches); do
		# Debian's python3 for spdxcheck.py (python3-ply, python3-git); it
		# needs a git tree and only reports (no count) outside one.
		# An absolute path: checkpatch checks a path git tracks as a
		# source file, not as a patch.
		run env PATH=/usr/bin:$PATH "$SRC/scripts/checkpatch.pl" --strict \
			--root="$SRC" "$PWD/kernel-patches/$p"
		assert_success
		assert_output --partial "total: 0 errors, 0 warnings, 0 checks"
	done
}
