#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# A secondary's console in the shared region (kernel-patches/0018): node 0
# attaches with `mintctl console`, reads the history with `mintctl log`,
# also after a crash, and writes an ELF core with `mintctl dump` that
# Debian's makedumpfile reads. It runs on the modern machine, where node 1
# has no serial port at all (bootcfg/qemu-modern-2node.conf): hvc0 is its
# /dev/console, and the harness itself reaches it only through node 0
# (tests/qemu/mintvm, "relayed" nodes). On pc, hvc0 only logs (the shell
# is on the node's serial port): secondary-3node.bats checks both consoles.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load node

CONF=$(machine_conf 2node)
NODE_MINTCTL=$(node0_mintctl "$CONF")

setup_file() {
	vm_start console --conf "$CONF"
	# elf_core FILE, in node 0 (no binutils there): the ELF magic, type
	# ET_CORE, and the VMCOREINFO note, which comes first.
	on node0 'cat > /tmp/elf_core <<"END"
#!/bin/sh
[ "$(od -A n -t x1 -N 4 "$1" | tr -d " ")" = 7f454c46 ] || { echo "not ELF"; exit 1; }
[ "$(od -A n -t x1 -j 16 -N 2 "$1" | tr -d " ")" = 0400 ] || { echo "not a core"; exit 1; }
head -c 65536 "$1" | grep -a -q "OSRELEASE=6\.12" || { echo "no VMCOREINFO"; exit 1; }
echo "ELF core with VMCOREINFO"
END
chmod +x /tmp/elf_core' >/dev/null
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

@test "console and log refuse node 0, unknown names and a node that never booted, with exit 2 and one line" {
	local cmd
	for cmd in "console node0" "log node0" "console nodeX" "log nodeX" "dump nodeX -o /tmp/x" \
		   "log node1" "console node1" "dump node1 -o /tmp/x"; do
		run on node0 "$NODE_MINTCTL $cmd </dev/null; echo \"status \$?\""
		assert_line 'status 2'
		# The reason, and nothing else.
		[ "${#lines[@]}" -eq 2 ] || fail "mintctl $cmd: ${#lines[@]} lines: $output"
	done
	run on node0 "$NODE_MINTCTL log node1 2>&1"
	assert_output --partial 'never booted'
	run on node0 "$NODE_MINTCTL log nodeX 2>&1"
	assert_output --partial 'nodeX'
	run on node0 "ls /tmp/x 2>&1"
	assert_failure
}

@test "the log has node 1's boot from its first line, and the shell answers through mintctl console" {
	boot_node node1
	run on node0 "$NODE_MINTCTL log node1"
	assert_success
	# The first line the kernel prints, then the platform, then userspace.
	assert_line --regexp '^\[ *0\.000000\] Linux version 6\.12'
	assert_line --partial 'Hypervisor detected: Mint secondary node'
	assert_line --partial 'mint: console channel: 256 KiB of log, 4 KiB of input'
	assert_line --partial 'mint: node1 ready'
	run on node0 "echo 'uname -n; echo the-end' | $NODE_MINTCTL console node1 --until the-end --timeout 60"
	assert_success
	assert_line node1
	assert_line the-end
}

@test "a second attach is refused and names the one that holds the console" {
	run on node0 "(sleep 8 | $NODE_MINTCTL console node1 >/dev/null) & sleep 3
		$NODE_MINTCTL console node1 </dev/null; echo \"status \$?\"; wait"
	assert_line 'status 2'
	assert_output --regexp 'pid [0-9]+'
}

@test "log -f follows new output as node 1 prints it" {
	run on node0 "$NODE_MINTCTL log -f node1 > /tmp/follow 2>&1 & pid=\$!; sleep 2
		echo 'echo followed-line-\$((6 * 7))' | $NODE_MINTCTL console node1 --idle 2 >/dev/null
		sleep 2; kill \$pid; wait \$pid; grep -c followed-line-42 /tmp/follow"
	assert_success
	# The typed command is not echoed back as output: the line is the answer.
	assert_output 1
}

@test "a panic in node 1: log shows the message and call trace, dump writes a core that makedumpfile reads" {
	"$MINTVM" send node1 'echo c > /proc/sysrq-trigger'
	wait_state node1 CRASHED 30
	run on node0 "$NODE_MINTCTL log node1"
	assert_success
	assert_line --partial 'Kernel panic - not syncing: sysrq triggered crash'
	assert_line --partial 'Call Trace:'
	run on node0 -t 300 "$NODE_MINTCTL dump node1 -o /tmp/node1.core >/dev/null 2>&1 && /tmp/elf_core /tmp/node1.core"
	assert_success
	assert_output "ELF core with VMCOREINFO"
	run on node0 -t 300 "makedumpfile --dump-dmesg /tmp/node1.core /tmp/node1.dmesg >/dev/null 2>&1; echo \"status \$?\"
		grep -c 'Kernel panic - not syncing: sysrq triggered crash\$' /tmp/node1.dmesg; rm -f /tmp/node1.core"
	assert_line 'status 0'
	assert_line 1
	assert_node0_dmesg_clean
}

@test "the log outlives the crash until node 1 boots again, which clears it" {
	run on node0 "$NODE_MINTCTL log node1 | grep -c 'not syncing: sysrq triggered crash\$'"
	assert_output 1
	run on node0 -t 90 "$NODE_MINTCTL shutdown node1 --force"
	assert_success
	run on node0 "$NODE_MINTCTL log node1 | grep -c 'not syncing: sysrq triggered crash\$'"
	assert_output 1
	boot_node node1
	run on node0 "$NODE_MINTCTL log node1 | grep -c 'not syncing: sysrq triggered crash\$'"
	assert_output 0
}

@test "dump refuses a running node unless --force, which stops it first" {
	run on node0 "$NODE_MINTCTL dump node1 -o /tmp/up.core; echo \"status \$?\"; ls /tmp/up.core 2>&1"
	assert_line 'status 2'
	assert_line --partial 'No such file'
	[ "$(node_state node1)" = UP ] || fail "dump without --force changed node 1"
	run on node0 -t 300 "$NODE_MINTCTL dump node1 --force -o /tmp/up.core >/dev/null 2>&1 && /tmp/elf_core /tmp/up.core; rm -f /tmp/up.core"
	assert_success
	assert_output "ELF core with VMCOREINFO"
	[ "$(node_state node1)" != UP ] || fail "dump --force left node 1 running"
}

@test "a kernel that never gets a console (a bad console=) still leaves its messages and its panic in the log" {
	run on node0 -t 90 "$NODE_MINTCTL shutdown node1 --force"
	assert_success
	# No init and no root: the kernel panics at the end of its boot (after
	# it reported UP), and console=ttyS9 names a console that does not exist.
	run on node0 -t 150 "$NODE_MINTCTL boot node1 --timeout 60 --cmdline 'console=ttyS9 rdinit=/nonexistent init=/nonexistent panic=0'"
	wait_state node1 CRASHED 60
	run on node0 "$NODE_MINTCTL log node1"
	assert_success
	assert_line --regexp '^\[ *0\.000000\] Linux version 6\.12'
	assert_line --partial 'Kernel panic - not syncing'
	run on node0 -t 90 "$NODE_MINTCTL shutdown node1 --force"
	assert_success
}

@test "garbage in node 1's console rings from a peer: node 1 runs on, mintctl log neither crashes nor hangs" {
	local chan
	boot_node node1
	chan=$(plan_value 'p["nodes"][1]["console"]["start"]')
	# in_head far beyond the ring (node 0's side), then out_head far ahead
	# of what node 1 wrote (node 1's side), as a scribbling peer would.
	run on node0 "printf '\\377\\377\\377\\377\\377\\377\\377\\177' > /tmp/junk
		mint-launch write $(printf 0x%x $((chan + 128))) /tmp/junk && mint-launch write $(printf 0x%x $((chan + 64))) /tmp/junk
		echo 'echo still-here' | timeout 60 $NODE_MINTCTL console node1 --until still-here --timeout 30 >/dev/null
		timeout 60 $NODE_MINTCTL log node1 >/dev/null; echo \"log status \$?\""
	refute_line 'log status 124'
	run on node1 'echo alive'
	assert_output alive
	assert_node0_dmesg_clean
}
