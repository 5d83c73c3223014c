#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# `make check` runs every suite, each listed once in its folder's fragment:
# the suites that boot QEMU (a line starts the VM) as CHECK_SUITES_QEMU,
# every other one as CHECK_SUITES_HOST; a missing fragment stops make
# instead of silently dropping its suites; make check reports once.
# Runs make only with -n or for check-list: nothing is built or booted.

bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert

REPO="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"

setup() {
	cd "$REPO"
	LIST=$(make -s --no-print-directory check-list)
}

@test "every bats suite under tests/ is listed: the ones that boot QEMU only as QEMU suites, the others only as host suites" {
	local f kind
	for f in tests/*/*.bats tests/*.bats; do
		if grep -qE '^\s*vm_start( |$)' "$f"; then
			kind=qemu
			! grep -qx "host $f" <<<"$LIST" || fail "$f boots QEMU but is a host suite"
		else
			kind=host
			! grep -qE "^qemu ([a-z]+:)?$f\$" <<<"$LIST" || fail "$f boots no QEMU but is a QEMU suite"
		fi
		grep -qE "^$kind ([a-z]+:)?$f\$" <<<"$LIST" || fail "make check does not run $f ($kind)"
	done
}

@test "the host suites name no machine, and no suite is listed twice" {
	run grep -E '^host [a-z]+:' <<<"$LIST"
	assert_failure
	run bash -c 'sort <<<"$1" | uniq -d' _ "$LIST"
	assert_output ""
}

@test "the suites of each test folder are listed in one fragment" {
	local f suite dir frag
	declare -A owner
	for f in $(git ls-files '*.mk'); do
		for suite in $(grep -oE 'tests/[A-Za-z0-9_./-]+' "$f" | sort -u); do
			grep -qE "^(host|qemu) ([a-z]+:)?$suite\$" <<<"$LIST" || continue
			dir=$(dirname "$suite")
			frag=${owner[$dir]:-}
			[ -z "$frag" ] || [ "$frag" = "$f" ] ||
				fail "$dir's suites are listed in $frag and in $f"
			owner[$dir]=$f
		done
	done
}

@test "the VNI core's script suites and test programs are host suites" {
	local f
	for f in tests/vni/*.sh; do
		grep -qx "host $f" <<<"$LIST" || fail "make check does not run $f"
	done
	grep -qx "host build/vni/test_core" <<<"$LIST"
}

@test "make check runs tests/check.sh once, with the host and then the QEMU suites" {
	# MAKE=true: the recursive build of the prerequisites does nothing.
	run make -n --no-print-directory check MAKE=true
	assert_success
	run grep -c 'tests/check.sh' <<<"$output"
	assert_output 1
	local host qemu
	host=$(sed -n 's/^host //p' <<<"$LIST" | tr '\n' ' ')
	qemu=$(sed -n 's/^qemu //p' <<<"$LIST" | tr '\n' ' ')
	run make -n --no-print-directory check MAKE=true
	assert_line "bash tests/check.sh ${host}${qemu% }"
}

@test "make check builds the fuzzers and the VNI core benchmark" {
	for t in build/mintctl/fuzz-config build/mintctl/fuzz-descriptor \
		 build/mintctl/fuzz-bzimage build/mintctl/fuzz-srat \
		 build/vni/fuzz_rx build/vni/bench_core; do
		grep -qx "prereq $t" <<<"$LIST" || fail "make check does not build $t"
	done
}

@test "a missing fragment stops make instead of dropping its suites" {
	local tree="$BATS_TEST_TMPDIR/tree"
	mkdir -p "$tree"
	git ls-files -z | (cd "$REPO" && xargs -0 cp --parents -t "$tree")
	rm "$tree/tests/tests.mk"
	run make -C "$tree" -s --no-print-directory check-list
	assert_failure
	assert_output --partial "tests/tests.mk"
}

@test "an old-style CHECK_SUITES list is refused, not dropped" {
	run make -s --no-print-directory check-list CHECK_SUITES=tests/x.bats
	assert_failure
	assert_output --partial "CHECK_SUITES is gone"
}
