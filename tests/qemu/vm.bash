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
# plan_value 'p["shared_region"]["start"]'.
plan_value() {
	plan_json | /usr/bin/python3 -c "import json, sys; p = json.load(sys.stdin); print(hex($1))"
}

# plan_json [OPTION...]: mintctl's JSON plan of $CONF for this machine,
# with any further global options (e.g. --shared-size 64M).
plan_json() {
	"${MINTCTL:-build/mintctl/mintctl}" -c "$CONF" --sysroot "$(machine_sysroot)" --json "$@" plan
}

# plan_list PYEXPR: a list (or one number) from the same plan, in decimal,
# comma-separated: plan_list 'p["nodes"][1]["apic_ids"]' -> 2,3 on pc.
plan_list() {
	plan_json | /usr/bin/python3 -c "import json, sys; p = json.load(sys.stdin); v = $1
print(','.join(str(x) for x in (v if isinstance(v, list) else [v])))"
}

# plan_cpulist PYEXPR: a list of CPU numbers from the plan as Linux and
# mintctl status print CPU lists: plan_cpulist 'p["nodes"][1]["cores"]' ->
# 2-3 on pc, 4-7 on modern.
plan_cpulist() {
	plan_list "$1" | /usr/bin/python3 -c '
import sys
out, run = [], []
for c in sorted(int(x) for x in sys.stdin.read().split(",")):
    if run and c == run[-1] + 1:
        run.append(c)
        continue
    if run:
        out.append(str(run[0]) if len(run) == 1 else "%d-%d" % (run[0], run[-1]))
    run = [c]
out.append(str(run[0]) if len(run) == 1 else "%d-%d" % (run[0], run[-1]))
print(",".join(out))'
}

# machine_conf LAYOUT: this machine's example config (bootcfg/) for a
# layout: 2node is node 0 and node 1 (qemu-2node.conf, qemu-modern-2node.conf),
# multi is a node on every serial port (qemu-3node.conf, qemu-modern-4node.conf).
machine_conf() {
	case $MINT_MACHINE-$1 in
	pc-2node) echo bootcfg/qemu-2node.conf ;;
	pc-multi) echo bootcfg/qemu-3node.conf ;;
	modern-2node) echo bootcfg/qemu-modern-2node.conf ;;
	modern-multi) echo bootcfg/qemu-modern-4node.conf ;;
	*)
		echo "machine_conf: no layout '$1' on the $MINT_MACHINE machine (2node, multi)" >&2
		return 1
		;;
	esac
}

# machine_cpus: the CPUs the machine's firmware has, as a CPU list (0-3 on
# pc, 0-7 on modern).
machine_cpus() {
	cat "$(machine_sysroot)/sys/devices/system/cpu/present"
}

# node0_mintctl CONF: mintctl as run inside node 0 for CONF. Node 0's image
# carries every bootcfg/*.conf as /etc/mint/NAME, and its default
# /etc/mint/mint.conf is bootcfg/qemu-2node.conf: that one needs no -c.
node0_mintctl() {
	if [ "$1" = bootcfg/qemu-2node.conf ]; then
		echo mintctl
	else
		echo "mintctl -c /etc/mint/${1##*/}"
	fi
}

# conf_cmdline NODE: NODE's cmdline in $CONF.
conf_cmdline() {
	awk -v sect="[$1]" '
		/^\[/ { in_sect = ($1 == sect); key = ""; next }
		in_sect && /^[ \t]/ && key == "cmdline" { sub(/^[ \t]+/, ""); line = line " " $0; next }
		in_sect && /^[a-z]/ { key = $1 }
		in_sect && /^cmdline *=/ { sub(/^cmdline *= */, ""); line = $0 }
		END { print line }
	' "$CONF"
}

# node_console NODE: the console= options of NODE's cmdline in $CONF, for
# tests that boot it with a command line of their own: console=hvc0 (the
# shared-memory console, no serial port) or console=ttyS1,115200.
node_console() {
	conf_cmdline "$1" | tr ' ' '\n' | grep '^console=' | tr '\n' ' ' | sed 's/ $//'
}

# node_tty NODE: the tty NODE's shell runs on (its last console=): hvc0, ttyS1.
node_tty() {
	node_console "$1" | tr ' ' '\n' | tail -n 1 | sed 's/^console=//; s/,.*//'
}

# node_has_uart NODE: whether NODE's console is a serial port of its own.
node_has_uart() {
	[[ $(node_tty "$1") == ttyS* ]]
}

# node_earlyprintk NODE: earlyprintk= for NODE's serial port, or nothing
# when its console is the shared-memory one (which starts as early).
node_earlyprintk() {
	if node_has_uart "$1"; then
		echo "earlyprintk=serial,$(node_tty "$1"),115200"
	fi
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
