#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# The node-0 kernel config of make kernel-deb: Debian's amd64 config merged
# with kernel-patches/debian.config (merge + olddefconfig, no build) keeps
# every Debian option but the Mint ones, and the check fails, naming the
# option, when a fragment cannot be satisfied or changes Debian's options.

bats_require_minimum_version 1.5.0

setup_file() {
	export REPO
	REPO="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
	# The Kconfig tree is unpacked once, under build/, and reused.
	export OUT="$REPO/build/kernel-deb"
}

setup() {
	bats_load_library bats-support
	bats_load_library bats-assert
}

# The warning test edits a file of the shared tree: put it back however
# the test ends.
teardown() {
	[ ! -f "$BATS_TEST_TMPDIR/ipi.c" ] || cp -p "$BATS_TEST_TMPDIR/ipi.c" "$OUT/src/arch/x86/kernel/mint/ipi.c"
}

# debian-config.sh with fragment $1 (text) into a scratch output that
# shares the unpacked Kconfig tree.
merge_with() {
	local d="$BATS_TEST_TMPDIR/out"
	mkdir -p "$d"
	[ -d "$OUT/kconfig-src" ] && ln -s "$OUT/kconfig-src" "$d/kconfig-src"
	printf '%s\n' "$1" >"$BATS_TEST_TMPDIR/fragment"
	MINT_DEBIAN_FRAGMENT="$BATS_TEST_TMPDIR/fragment" run --separate-stderr \
		bash "$REPO/kernel-patches/debian-config.sh" "$d"
}

@test "Debian's config + debian.config: the Mint options set, nothing else of Debian's changed" {
	run --separate-stderr make -s -C "$REPO" kernel-deb-config
	assert_success
	assert_output --partial "4 Mint options, no other Debian option changed"
	run grep -x 'CONFIG_MINT_IPI=y\|CONFIG_MINT_LAUNCHER=y\|CONFIG_MINT_SECONDARY=y' "$OUT/config"
	[ "${#lines[@]}" -eq 3 ] || fail "Mint options: $output"
	# Node 0 keeps Debian's drivers and sizes, not the test kernel's.
	run grep -x 'CONFIG_ETHERNET=y\|CONFIG_NR_CPUS=8192\|CONFIG_VT=y\|CONFIG_DRM=m' "$OUT/config"
	[ "${#lines[@]}" -eq 4 ] || fail "Debian options: $output"
}

@test "a Mint option whose dependency is off fails, and so does every Debian option it drags along" {
	[ -d "$OUT/kconfig-src" ] || skip "needs the first test's Kconfig tree"
	merge_with 'CONFIG_MINT_IPI=y
CONFIG_MINT_LAUNCHER=y
CONFIG_MINT_SECONDARY=y
# CONFIG_HYPERVISOR_GUEST is not set'
	assert_failure
	[[ $stderr == *"CONFIG_MINT_SECONDARY: debian.config asks for y, the merge gives n"* ]] ||
		fail "stderr: $stderr"
	[[ $stderr == *"CONFIG_KVM_GUEST: Debian has y, the merge gives n, and debian.config does not name it"* ]] ||
		fail "stderr: $stderr"
}

@test "a fragment may not turn off what the test kernel's mint.config needs" {
	[ -d "$OUT/kconfig-src" ] || skip "needs the first test's Kconfig tree"
	merge_with 'CONFIG_MINT_IPI=y
CONFIG_MINT_LAUNCHER=y
# CONFIG_VETH is not set'
	assert_failure
	[[ $stderr == *"CONFIG_VETH: mint.config enables it (y), the Debian-based config has it off"* ]] ||
		fail "stderr: $stderr"
}

# make kernel-deb's first step (kernel-deb.sh --patched): minutes, where the
# whole package build takes hours. It unpacks the full tree under build/.
@test "make kernel-deb-patched: every file of the series that Debian's config builds compiles there without a warning" {
	run --separate-stderr make -s -C "$REPO" kernel-deb-patched
	assert_success
	[[ $stderr == *"not built by this config, so not compiled: arch/x86/entry/entry_fred.o"* ]] ||
		fail "stderr: $stderr"
	[[ $stderr == *"the patched files compile without a warning with the Debian-based config"* ]] ||
		fail "stderr: $stderr"
	# The decompressor's files were built by their own Makefile, the rest
	# by the kernel's: both kinds are there.
	[ -f "$OUT/src/arch/x86/boot/compressed/idt_64.o" ] && [ -f "$OUT/src/arch/x86/kernel/mint/launcher.o" ] &&
		[ -f "$OUT/src/drivers/tty/hvc/hvc_mint.o" ] || fail "objects missing: $(ls "$OUT/src/arch/x86/kernel/mint")"
	run ! grep -q 'KBUILD_MODFILE=.\?"arch/x86/idt_64"' "$OUT/src/arch/x86/boot/compressed/.idt_64.o.cmd"
}

@test "make kernel-deb-patched fails on a compiler warning in a patched file, naming it" {
	local f="$OUT/src/arch/x86/kernel/mint/ipi.c"
	[ -f "$f" ] || skip "needs the previous test's tree"
	cp -p "$f" "$BATS_TEST_TMPDIR/ipi.c"
	echo 'static int mint_unused_in_a_test;' >>"$f"
	run --separate-stderr bash "$REPO/kernel-patches/kernel-deb.sh" --patched "$OUT"
	cp -p "$BATS_TEST_TMPDIR/ipi.c" "$f"
	assert_failure
	[[ $stderr == *"arch/x86/kernel/mint/ipi.c:"*"warning:"*"mint_unused_in_a_test"* ]] || fail "stderr: $stderr"
	[[ $stderr == *"error: the compiler warns about patched files"* ]] || fail "stderr: $stderr"
}
