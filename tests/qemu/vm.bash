# SPDX-License-Identifier: GPL-2.0-only
#
# bats helpers for suites that boot the QEMU test machine; load with
# `load ../qemu/vm`. See tests/qemu/README.md.

MINTVM=${MINTVM:-tests/qemu/mintvm}
# The test machine of this run (tests/qemu/README.md): pc or modern.
export MINT_MACHINE=${MINT_MACHINE:-pc}

# machine_sysroot: this machine's recorded firmware view, for mintctl --sysroot.
machine_sysroot() {
	case $MINT_MACHINE in
	modern) echo tests/qemu/sysroot-modern ;;
	*) echo tests/qemu/sysroot ;;
	esac
}

# vm_start NAME MINTVM-START-ARGS...: boot this run's machine ($MINT_MACHINE)
# with state in $MINTVM_BASE/NAME (default build/qemu/NAME; modern-NAME on
# the modern machine), after stopping one left there by an earlier run; the
# boot progress goes to the TAP stream as comments. Two test runs at once
# need different MINTVM_BASE directories.
vm_start() {
	local name=$1
	[ "$MINT_MACHINE" = pc ] || name=$MINT_MACHINE-$name
	export MINTVM_DIR=${MINTVM_BASE:-$PWD/build/qemu}/$name
	shift
	"$MINTVM" stop
	"$MINTVM" start --machine "$MINT_MACHINE" "$@" 2>&1 | sed -u 's/^/# /' >&3
	return "${PIPESTATUS[0]}"
}

# plan_value PYEXPR: a number from mintctl's JSON plan of $CONF for this
# machine (its recorded firmware view), in hex; p is the plan, e.g.
# plan_value 'p["shared_region"]["base"]'.
plan_value() {
	"${MINTCTL:-build/mintctl/mintctl}" -c "$CONF" --sysroot "$(machine_sysroot)" --json plan |
		/usr/bin/python3 -c "import json, sys; p = json.load(sys.stdin); print(hex($1))"
}

vm_stop() {
	"$MINTVM" stop
}

# on NODE [-t SECONDS] COMMAND: run COMMAND on NODE (mintvm run).
on() {
	"$MINTVM" run "$@"
}

# For teardown: after a failed test, show the end of every console log.
vm_log_on_failure() {
	[ -n "${BATS_TEST_COMPLETED:-}" ] && return 0
	local node
	for node in node0 node1 node2 node3; do
		[ -s "$MINTVM_DIR/$node.log" ] || continue
		echo "--- last lines of $node's console ($MINTVM_DIR/$node.log)"
		tail -n 25 "$MINTVM_DIR/$node.log"
	done
}
