# SPDX-License-Identifier: GPL-2.0-only
#
# Shared by the mintctl bats suites. The tests run the ASan+UBSan build;
# set MINTCTL to test another binary.

bats_require_minimum_version 1.5.0

REPO="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
MINTCTL="${MINTCTL:-$REPO/build/mintctl/mintctl-san}"
# By the repo, so suites of other folders (tests/dist) load this file too.
MINT_SYSROOTS="$REPO/tests/mintctl/sysroot"
QEMU="$MINT_SYSROOTS/qemu-4cpu-2g"
HW="$MINT_SYSROOTS/hw-8cpu-16g"
# A sanitizer report must never look like a mintctl exit code.
export ASAN_OPTIONS="exitcode=86:detect_leaks=1"
export UBSAN_OPTIONS="exitcode=87:print_stacktrace=1:halt_on_error=1"

setup() {
	bats_load_library bats-support
	bats_load_library bats-assert
	[ -x "$MINTCTL" ] || fail "$MINTCTL is not built (make build/mintctl/mintctl-san)"
	CONF="$BATS_TEST_TMPDIR/mint.conf"
	OUT="$BATS_TEST_TMPDIR/out"
	mkdir -p "$OUT"
	SYSROOT="$QEMU"
}

# The 2-node QEMU example with one edit: conf_2node | sed ... > "$CONF".
conf_2node() {
	cat "$REPO/bootcfg/qemu-2node.conf"
}

# mintctl on $CONF and $SYSROOT; stdout in $output, stderr in $stderr.
mint() {
	run --separate-stderr "$MINTCTL" --sysroot "$SYSROOT" -c "$CONF" "$@"
}

# Bad input: the config in $CONF must make `descriptor -o` exit 2 with
# a message containing $1 and leave the output directory empty.
refute_config() {
	local msg=$1
	shift
	run --separate-stderr "$MINTCTL" --sysroot "$SYSROOT" -c "$CONF" "$@" \
		descriptor -o "$OUT/layout.dtb" --generation 1
	[ "$status" -eq 2 ] || fail "exit status $status, expected 2; stderr: $stderr"
	[[ $stderr == *"$msg"* ]] ||
		fail "stderr lacks \"$msg\": $stderr"
	[[ $stderr == "mintctl: "* ]] || fail "message not in mintctl's shape: $stderr"
	[ -z "$output" ] || fail "unexpected stdout: $output"
	[ -z "$(ls -A "$OUT")" ] || fail "files were written: $(ls -A "$OUT")"
}

# Plan text $1 without node 0's services block, which comes from the
# config and so is not part of a layout descriptor.
without_services() {
	printf '%s\n' "$1" | sed '/^node 0 services /,$d'
}

# stderr must contain $1.
assert_stderr_has() {
	[[ $stderr == *"$1"* ]] || fail "stderr lacks \"$1\": $stderr"
}

refute_stderr_has() {
	[[ $stderr != *"$1"* ]] || fail "stderr has \"$1\": $stderr"
}

# A sysroot of the recorded QEMU machine after node 0 booted with the
# parameters of 'partition --print' for config $1, plus the timer rates
# node 0's Mint kernel publishes in /sys/kernel/mint.
partitioned_sysroot() {
	local conf=$1 params
	SYSROOT="$BATS_TEST_TMPDIR/sysroot"
	rm -rf "$SYSROOT"
	cp -r "$QEMU" "$SYSROOT"
	params=$("$MINTCTL" --sysroot "$QEMU" -c "$conf" partition --print)
	"$MINT_SYSROOTS/partition-iomem.py" "$QEMU/proc/iomem" \
		"$params" >"$SYSROOT/proc/iomem"
	mkdir -p "$SYSROOT/sys/kernel/mint"
	echo 2994000 >"$SYSROOT/sys/kernel/mint/tsc_khz"
	echo 1000000 >"$SYSROOT/sys/kernel/mint/apic_khz"
	echo 0 >"$SYSROOT/sys/kernel/mint/x2apic"
	CONF=$conf
}
