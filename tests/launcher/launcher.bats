#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# The Mint launcher (/dev/mint) under QEMU: node 0 boots partitioned for the
# 2-node layout of this run's machine (machine_conf) and starts the raw test
# payload (tests/launcher/payload.S) on node 1's first core (APIC ID 2 on
# pc, 4 on modern), a core it never brought up. mint-launch drives /dev/mint
# from inside node 0 and prints the errno name of every refusal.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm

CONF=$(machine_conf 2node)
MINTCTL=${MINTCTL:-build/mintctl/mintctl}
PAYLOAD=/lib/mint/payload.bin

setup_file() {
	NODE1_BASE=$(plan_value 'p["nodes"][1]["memory"][0]["start"]')
	NODE1_END=$(plan_value 'p["nodes"][1]["memory"][0]["start"] + p["nodes"][1]["memory"][0]["size"]')
	SHARED_BASE=$(plan_value 'p["shared_region"]["start"]')
	LOW_WINDOW=$(plan_value 'p["nodes"][1]["low_window"]["start"]')
	# Node 0's own RAM: 16 MiB into its biggest range.
	NODE0_RAM=$(plan_value 'max(p["nodes"][0]["memory"], key=lambda r: r["size"])["start"] + (16 << 20)')
	NODE0_CPUS=$(($(plan_value 'len(p["nodes"][0]["cores"])')))
	# Node 1's first two cores: their APIC IDs and their CPU numbers in
	# node 0's sysfs (2 and 3 on pc, 4 and 5 on modern).
	APIC1=$(($(plan_value 'p["nodes"][1]["apic_ids"][0]')))
	APIC2=$(($(plan_value 'p["nodes"][1]["apic_ids"][1]')))
	CPU1=$(($(plan_value 'p["nodes"][1]["cores"][0]')))
	CPU2=$(($(plan_value 'p["nodes"][1]["cores"][1]')))
	# An APIC ID with no core behind it: 7 on pc (APIC IDs 0-3), 15 on modern.
	ABSENT_APIC=$(($(plan_value 'max(i for n in p["nodes"] for i in n["apic_ids"])') * 2 + 1))
	# The payload is 32-bit code that runs with paging off: it and its
	# mailbox must lie below 4 GiB. On pc it goes 1 MiB into node 1's
	# memory, its mailbox into the shared region's control block area,
	# which nothing else uses here. On modern both lie above 4 GiB: the
	# payload goes 4 KiB into node 1's low window, its mailbox 64 KiB in.
	if [ $((NODE1_BASE + 0x200000)) -le $((1 << 32)) ] && [ $((SHARED_BASE + 0x9000)) -le $((1 << 32)) ]; then
		LOAD=$((NODE1_BASE + 0x100000))
		MAILBOX=$((SHARED_BASE + 0x8000))
	else
		LOAD=$((LOW_WINDOW + 0x1000))
		MAILBOX=$((LOW_WINDOW + 0x10000))
	fi
	export NODE1_BASE NODE1_END SHARED_BASE LOW_WINDOW NODE0_RAM NODE0_CPUS APIC1 APIC2 CPU1 CPU2 \
		ABSENT_APIC LOAD MAILBOX
	# OTHER_RESERVED: node 0's RAM that its kernel reserves, but not with
	# memmap=$, as for EFI, stolen graphics memory or MTRR trimming: the
	# memmap=% form turns it from RAM (1) into reserved (2). That form would
	# read as a memory limit to KASLR, hence nokaslr.
	OTHER_RESERVED=0x40000000
	export OTHER_RESERVED
	vm_start launcher --conf "$CONF" --append "nokaslr memmap=64K%$OTHER_RESERVED-1+2"
	on node0 'grep ^MemTotal /proc/meminfo' > "$MINTVM_DIR/memtotal.start"
	# Node 0's APIC mode: 1 for x2APIC (modern), 0 for xAPIC (pc).
	on node0 'cat /sys/kernel/mint/x2apic' > "$MINTVM_DIR/x2apic"
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

# launch ARGS...: run mint-launch on node 0.
launch() {
	on node0 "mint-launch $*"
}

start_payload() {
	launch payload-start "$APIC1" "$LOAD" "$MAILBOX" "$PAYLOAD"
}

@test "the cores node 0 did not bring up are held from boot: sysfs onlining fails with EBUSY before anyone asked" {
	local cpu id
	run on node0 "dmesg | grep 'mint: holding'"
	assert_success
	assert_output --partial "mint: holding $(($(machine_cpus | sed 's/.*-//') + 1 - NODE0_CPUS)) CPUs node 0 did not bring up: they are other nodes'"
	for id in "$APIC1" "$APIC2"; do
		run launch state "$id"
		assert_success
		assert_output "apicid $id known held"
	done
	for cpu in "$CPU1" "$CPU2"; do
		run on node0 "echo 1 > /sys/devices/system/cpu/cpu$cpu/online; echo \"rc=\$?\""
		assert_line "rc=1"
	done
	run on node0 nproc
	assert_output "$NODE0_CPUS"
}

@test "/dev/mint reports version 1, the IPI vector, a stub page below 1 MiB and the node ranges" {
	run launch info
	assert_success
	assert_line "version 1"
	assert_line "ipi_vector 0xf5"
	local stub
	stub=$(sed -n 's/^stub_page //p' <<< "$output")
	[ -n "$stub" ] && [ $((stub)) -gt 0 ] && [ $((stub)) -lt $((0x100000)) ] ||
		fail "stub page '$stub' is not below 1 MiB"
	assert_line "range $LOW_WINDOW 0x20000"
	# Node 1's memory and the shared region are adjacent: one merged range.
	assert_line --regexp "^range $NODE1_BASE 0x[0-9a-f]+$"
}

@test "the raw payload started on node 1's first APIC ID writes its magic and that APIC ID into its mailbox" {
	run start_payload
	assert_success
	assert_line "magic 0x4d4e5452"
	assert_line "apic_id $APIC1"
	assert_line "cpuid_apic_id $APIC1"
	assert_line "fault 0"
	run launch state "$APIC1"
	assert_success
	assert_output "apicid $APIC1 known held started"
}

@test "the start stub enters the payload as the 32-bit boot protocol says: flat 0x10/0x18 segments, EBX=EBP=EDI=0, interrupts and paging off" {
	run launch mailbox "$MAILBOX"
	assert_success
	assert_line "entry eip $(printf '%#x' "$LOAD") ebx 0 ebp 0 edi 0 eflags.if 0 cr0.pe 1 cr0.pg 0"
	assert_line "entry cs 0x10 ds 0x18 es 0x18 ss 0x18"
}

@test "an IPI from node 0 reaches the payload's handler on node 1's first core, once per IPI" {
	run launch mailbox "$MAILBOX"
	assert_success
	assert_line "magic 0x4d4e5452"
	local before
	before=$(sed -n 's/^ipi_count //p' <<< "$output")
	# The local APIC keeps one pending IPI per vector and merges the
	# next into it, so each IPI waits until the one before is counted.
	run launch ipi "$APIC1" '&&' mint-launch wait-ipis "$MAILBOX" $((before + 1)) 10 '&&' \
		mint-launch ipi "$APIC1" '&&' mint-launch wait-ipis "$MAILBOX" $((before + 2)) 10 '&&' \
		mint-launch ipi "$APIC1" '&&' mint-launch wait-ipis "$MAILBOX" $((before + 3)) 10 '&&' \
		sleep 1 '&&' mint-launch mailbox "$MAILBOX"
	assert_success
	assert_line "ipi_count $((before + 3))"
	assert_line "fault 0"
}

@test "starting the payload's core again while it runs is refused with EBUSY" {
	run launch start "$APIC1" "$LOAD" "$MAILBOX"
	assert_failure
	assert_output --partial "MINT_IOC_CPU_START: EBUSY"
}

@test "onlining the started core through sysfs is refused with EBUSY, node 0 keeps its own CPUs" {
	run on node0 "echo 1 > /sys/devices/system/cpu/cpu$CPU1/online; echo \"rc=\$?\"; cat /sys/devices/system/cpu/online"
	assert_line --partial "Device or resource busy"
	assert_line "rc=1"
	assert_line "0-$((NODE0_CPUS - 1))"
	run on node0 'dmesg | grep "belongs to another node"'
	assert_success
}

@test "the payload's core is stopped with INIT, stops taking IPIs, and starts again, 3 times" {
	local i
	for i in 1 2 3; do
		run launch stop "$APIC1" '&&' mint-launch state "$APIC1"
		assert_success
		assert_output "apicid $APIC1 known"
		# A core in wait-for-SIPI ignores the doorbell: the count stays.
		run launch mailbox "$MAILBOX" '&&' mint-launch ipi "$APIC1" '&&' sleep 1 '&&' \
			mint-launch mailbox "$MAILBOX"
		assert_success
		[ "$(grep -c '^ipi_count' <<< "$output")" -eq 2 ] &&
			[ "$(grep '^ipi_count' <<< "$output" | uniq | wc -l)" -eq 1 ] ||
			fail "a stopped core counted an IPI: $output"
		run start_payload
		assert_success
		assert_line "magic 0x4d4e5452"
		assert_line "apic_id $APIC1"
		assert_line "ipi_count 0"
	done
}

@test "writes into node 0's RAM, or across the end of a node range, are refused with EPERM" {
	run on node0 "head -c 4096 /dev/zero > /tmp/zero; mint-launch write $NODE0_RAM /tmp/zero"
	assert_failure
	assert_output --partial "MINT_IOC_WRITE [$NODE0_RAM, +0x1000]: EPERM"
	run on node0 "mint-launch write 0x1000 /tmp/zero"
	assert_failure
	assert_output --partial ": EPERM"
	# The shared region ends 32 MiB after its base; 2 KiB before its end.
	run on node0 "mint-launch write $((SHARED_BASE + (32 << 20) - 2048)) /tmp/zero"
	assert_failure
	assert_output --partial ": EPERM"
	run on node0 "mint-launch read $NODE0_RAM 16"
	assert_failure
	assert_output --partial "MINT_IOC_READ [$NODE0_RAM, +0x10]: EPERM"
}

@test "writes into node 1's low window below 1 MiB are allowed and read back" {
	run on node0 "printf 'mint-low-window' > /tmp/lw && mint-launch write $LOW_WINDOW /tmp/lw && mint-launch read $LOW_WINDOW 15"
	assert_success
	assert_output "6d 69 6e 74 2d 6c 6f 77 2d 77 69 6e 64 6f 77"
}

@test "starting, holding or stopping a CPU online in node 0 is refused with EBUSY" {
	local id
	for id in 0 1; do
		run launch start "$id" "$LOAD" "$MAILBOX"
		assert_failure
		assert_output --partial "MINT_IOC_CPU_START: EBUSY"
		run launch stop "$id"
		assert_failure
		assert_output --partial "MINT_IOC_CPU_STOP: EBUSY"
		run launch hold "$id"
		assert_failure
		assert_output --partial "MINT_IOC_CPU_HOLD: EBUSY"
	done
}

@test "a held core (node 1's second) cannot be onlined by node 0 until it is stopped" {
	run launch hold "$APIC2" '&&' mint-launch state "$APIC2"
	assert_success
	assert_output "apicid $APIC2 known held"
	run on node0 "echo 1 > /sys/devices/system/cpu/cpu$CPU2/online; echo \"rc=\$?\""
	assert_line "rc=1"
	run launch stop "$APIC2" '&&' mint-launch state "$APIC2"
	assert_success
	assert_output "apicid $APIC2 known"
}

@test "out-of-range arguments are refused: ERANGE for APIC IDs and wrapping ranges, EINVAL for size 0, EPERM for entry or ESI outside node memory" {
	# The lowest APIC ID the launcher refuses: 255 (the broadcast ID) in
	# xAPIC mode; in x2APIC mode its limit, MAX_LOCAL_APIC.
	local bad=255
	[ "$(cat "$MINTVM_DIR/x2apic")" = 0 ] || bad=32768
	run launch start "$bad" "$LOAD" "$MAILBOX"
	assert_failure
	assert_output --partial "MINT_IOC_CPU_START: ERANGE"
	run launch start 4294967295 "$LOAD" "$MAILBOX"
	assert_failure
	assert_output --partial "MINT_IOC_CPU_START: ERANGE"
	run launch ipi 65536
	assert_failure
	assert_output --partial "MINT_IOC_SEND_IPI: ERANGE"
	run launch stop "$bad"
	assert_failure
	assert_output --partial "MINT_IOC_CPU_STOP: ERANGE"
	run launch state 100000
	assert_failure
	assert_output --partial "MINT_IOC_CPU_STATE: ERANGE"
	run launch read 0xfffffffffffffff0 32
	assert_failure
	assert_output --partial ": ERANGE"
	run launch read "$MAILBOX" 0
	assert_failure
	assert_output --partial ": EINVAL"
	run launch start "$APIC2" "$NODE0_RAM" "$MAILBOX"
	assert_failure
	assert_output --partial "MINT_IOC_CPU_START: EPERM"
	run launch start "$APIC2" "$LOAD" "$NODE0_RAM"
	assert_failure
	assert_output --partial "MINT_IOC_CPU_START: EPERM"
	run launch state "$APIC2"
	assert_success
	assert_output "apicid $APIC2 known"
}

@test "an IPI to node 0's own CPU 1 reaches the kernel's Mint IPI handler (MNT in /proc/interrupts)" {
	run on node0 "grep '^ *MNT:' /proc/interrupts; mint-launch ipi 1 && sleep 1 && grep '^ *MNT:' /proc/interrupts"
	assert_success
	local before after
	before=$(awk 'NR == 1 { print $3 }' <<< "$output")
	after=$(awk 'NR == 2 { print $3 }' <<< "$output")
	[ -n "$before" ] && [ "$after" -eq $((before + 1)) ] ||
		fail "CPU 1's MNT count went from '$before' to '$after': $output"
}

@test "a module registers a Mint IPI handler, rings node 0's CPU 1, is called once, and unloads" {
	run on node0 'insmod /lib/modules/mint/mint_ipi_test.ko target=1 && sleep 1 &&
		cat /sys/module/mint_ipi_test/parameters/received && rmmod mint_ipi_test &&
		! test -e /sys/module/mint_ipi_test && echo unloaded'
	assert_success
	assert_output "$(printf '1\nunloaded')"
}

@test "the module API refuses an APIC ID that is not one core, x2APIC's broadcast ID too" {
	local target
	# 0xffffffff is the x2APIC broadcast: every core of the machine took it.
	for target in 99999 4294967295; do
		run on node0 "insmod /lib/modules/mint/mint_ipi_test.ko target=$target; echo \"rc=\$?\"; test -e /sys/module/mint_ipi_test && echo loaded"
		assert_line --regexp '^rc=[1-9][0-9]*$'
		assert_output --partial "Invalid argument"
		refute_line "loaded"
	done
}

@test "a start on an APIC ID with no core behind it fails with ETIMEDOUT and holds nothing" {
	run launch start "$ABSENT_APIC" "$LOAD" "$MAILBOX"
	assert_failure
	assert_output --partial "MINT_IOC_CPU_START: ETIMEDOUT"
	run launch state "$ABSENT_APIC"
	assert_success
	assert_output "apicid $ABSENT_APIC"
}

@test "node 0 stays responsive with its own CPUs, the same memory and a clean kernel log" {
	run on node0 'cat /sys/devices/system/cpu/online; nproc; grep ^MemTotal /proc/meminfo'
	assert_success
	assert_line --index 0 "0-$((NODE0_CPUS - 1))"
	assert_line --index 1 "$NODE0_CPUS"
	assert_line --index 2 "$(cat "$MINTVM_DIR/memtotal.start")"
	run on node0 'dmesg | grep -E "Oops|BUG:|WARNING:|NMI received for unknown|[Ss]purious|Kernel panic" || echo clean'
	assert_output "clean"
	# The payload is still alive on its core and still counting.
	run launch ipi "$APIC1" '&&' mint-launch wait-ipis "$MAILBOX" 1 10
	assert_success
}

@test "RAM node 0's kernel reserved for another reason than memmap=\$ is no node range: EPERM, and the log says so" {
	run on node0 "grep -i '^ *$(printf '%x' $OTHER_RESERVED)-' /proc/iomem; dmesg | grep 'is no memmap'"
	assert_success
	assert_line --partial "$(printf '%x' $OTHER_RESERVED)-$(printf '%x' $((OTHER_RESERVED + 0xffff))) : Reserved"
	assert_line --partial "mint: reserved [mem $(printf '0x%08x' $OTHER_RESERVED)-$(printf '0x%08x' $((OTHER_RESERVED + 0xffff)))] is no memmap=\$ reservation: not a node range"
	run on node0 "head -c 4096 /dev/zero > /tmp/zero; mint-launch write $OTHER_RESERVED /tmp/zero"
	assert_failure
	assert_output --partial "MINT_IOC_WRITE [$OTHER_RESERVED, +0x1000]: EPERM"
	run launch info
	assert_success
	refute_output --partial "$(printf '%#x' $OTHER_RESERVED)"
}

@test "a read-only open of /dev/mint changes nothing: write, start, hold, stop and IPI fail with EBADF; info, state, read and fault work" {
	run on node0 "printf 'before' > /tmp/ro && mint-launch write $LOW_WINDOW /tmp/ro && printf 'after!' > /tmp/ro && mint-launch -r write $LOW_WINDOW /tmp/ro"
	assert_failure
	assert_output --partial "MINT_IOC_WRITE [$LOW_WINDOW, +0x6]: EBADF"
	run launch -r read "$LOW_WINDOW" 6
	assert_success
	assert_output "62 65 66 6f 72 65"
	run launch -r start "$APIC2" "$LOAD" "$MAILBOX"
	assert_failure
	assert_output --partial "MINT_IOC_CPU_START: EBADF"
	run launch -r hold "$APIC2"
	assert_failure
	assert_output --partial "MINT_IOC_CPU_HOLD: EBADF"
	run launch -r stop "$APIC2"
	assert_failure
	assert_output --partial "MINT_IOC_CPU_STOP: EBADF"
	run launch -r ipi 1
	assert_failure
	assert_output --partial "MINT_IOC_SEND_IPI: EBADF"
	run launch -r info
	assert_success
	run launch -r state "$APIC2"
	assert_success
	assert_output "apicid $APIC2 known"
	run launch -r fault "$APIC2"
	assert_failure
	assert_output --partial "MINT_IOC_CPU_FAULT: ENODATA"
}

# Last: lockdown cannot be lifted until node 0 boots again.
@test "locked down (integrity), the launcher refuses writes and starts with EPERM and says why; reads, info and state still work" {
	# The payload may still run from the tests above: stop it first.
	run launch stop "$APIC1"
	assert_success
	run on node0 "grep -q securityfs /proc/mounts || mount -t securityfs none /sys/kernel/security; echo integrity > /sys/kernel/security/lockdown && cat /sys/kernel/security/lockdown"
	assert_success
	assert_output --partial '[integrity]'
	run on node0 "printf 'locked' > /tmp/lk && mint-launch write $LOW_WINDOW /tmp/lk"
	assert_failure
	assert_output --partial "MINT_IOC_WRITE [$LOW_WINDOW, +0x6]: EPERM"
	run launch start "$APIC1" "$LOAD" "$MAILBOX"
	assert_failure
	assert_output --partial "MINT_IOC_CPU_START: EPERM"
	run launch state "$APIC1"
	assert_success
	run launch read "$LOW_WINDOW" 6
	assert_success
	run on node0 "dmesg | grep -E 'locked down|Lockdown'"
	assert_line --partial 'mint: the kernel is locked down: refusing to write node memory'
	assert_line --partial 'mint: the kernel is locked down: refusing to start unsigned code on a core'
	# mintctl names the cause.
	run on node0 -t 60 "mintctl -c /etc/mint/$(basename "$CONF") boot node1 --timeout 10"
	assert_failure 1
	assert_output --partial 'the kernel is locked down (integrity, /sys/kernel/security/lockdown): the launcher refuses to write node memory or start cores'
	run launch state "$APIC1"
	assert_output "apicid $APIC1 known"
}
