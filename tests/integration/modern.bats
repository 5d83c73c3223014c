#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# What the modern test machine proves (MINT_MACHINE=modern: q35, OVMF,
# x2APIC behind interrupt remapping, 2 sockets x 2 cores x 2 threads, 2 NUMA
# nodes), for bootcfg/qemu-modern-2node.conf: node 0 on socket 0 (cores 0-3)
# boots through UEFI, node 1 on socket 1 (cores 4-7) gets its memory on NUMA
# node 1, above 4 GiB, and is started in 64-bit mode. Things the pc machine
# cannot show: the other suites check the rest on both machines.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load node0
load ../secondary/node

CONF=bootcfg/qemu-modern-2node.conf
NODE_MINTCTL="mintctl -c /etc/mint/qemu-modern-2node.conf"

setup_file() {
	[ "$MINT_MACHINE" = modern ] || skip "the modern machine only (MINT_MACHINE=modern)"
	PARAMS=$(plan_params "$CONF")
	export PARAMS
	vm_start modern-2node --conf "$CONF"
}

teardown_file() {
	[ "$MINT_MACHINE" != modern ] || vm_stop
}

teardown() {
	vm_log_on_failure
}

# no_apic_trouble NODE: nothing in NODE's kernel log about APIC errors,
# spurious interrupts or NMIs nobody sent.
no_apic_trouble() {
	run on "$1" 'dmesg'
	assert_success
	refute_output --partial 'APIC error'
	refute_output --partial 'spurious'
	refute_output --partial 'NMI received for unknown reason'
	refute_output --partial 'Uhhuh'
	refute_output --partial 'BUG:'
}

# mnt_count NODE: the node's Mint IPIs so far, summed over its CPUs.
mnt_count() {
	on "$1" "awk '\$1 == \"MNT:\" { for (i = 2; i <= NF && \$i ~ /^[0-9]+\$/; i++) s += \$i } END { print s + 0 }' /proc/interrupts"
}

@test "node 0 boots through UEFI, in x2APIC mode behind interrupt remapping" {
	run on node0 '[ -d /sys/firmware/efi ] && echo uefi; cat /sys/kernel/mint/x2apic; dmesg'
	assert_success
	assert_line --index 0 uefi
	assert_line --index 1 1
	assert_output --partial 'DMAR-IR: Enabled IRQ remapping in x2apic mode'
	assert_output --partial 'x2apic enabled'
}

@test "node 0 runs exactly its cores 0-3 of socket 0 and sees both NUMA nodes" {
	run on node0 'cat /sys/devices/system/cpu/online /sys/devices/system/node/online; cat /proc/cmdline'
	assert_success
	assert_line --index 0 0-3
	assert_line --index 1 0-1
	# SMT: without it Linux onlines the first thread of every core first.
	assert_line --index 2 --partial 'cpuhp.parallel=0'
}

@test "every reservation is Reserved, KASLR is on and node 0's kernel lies outside every reservation" {
	local iomem start end s e text
	iomem=$(on node0 'cat /proc/iomem')
	assert_reserved_in_iomem "$iomem" "$PARAMS"
	# The kernel's own ranges (indented under System RAM) avoid them all.
	while read -r start end; do
		while read -r s e; do
			[ "$e" -lt "$start" ] || [ "$s" -gt "$end" ] ||
				fail "$(printf 'node 0 kernel %#x-%#x overlaps reservation %#x-%#x' "$s" "$e" "$start" "$end")"
		done < <(sed -n 's/^ *\([0-9a-f]*\)-\([0-9a-f]*\) : Kernel .*/\1 \2/p' <<< "$iomem" |
			 while read -r a b; do echo "$((16#$a)) $((16#$b))"; done)
	done < <(reservations "$PARAMS")
	[ -n "$(grep ' : Kernel code' <<< "$iomem")" ] || fail "no Kernel code in /proc/iomem"
	# KASLR moved the kernel away from its link address.
	text=$(on node0 "awk '\$3 == \"_text\" { print \$1 }' /proc/kallsyms")
	[ -n "$text" ] && [ "$text" != ffffffff81000000 ] || fail "kernel text at '$text': KASLR is off"
	run on node0 'cat /proc/cmdline'
	refute_output --partial nokaslr
}

@test "mintctl boot node1 starts node 1 in 64-bit mode above 4 GiB, on socket 1's NUMA node" {
	local lo hi base
	run on node0 -t 60 "$NODE_MINTCTL boot node1 --dry-run /tmp/image >/dev/null && cat /tmp/image/manifest"
	assert_success
	assert_line 'mode 64-bit'
	assert_line --regexp '^cr3 0x[0-9a-f]+$'
	boot_node node1 --cores 4-7
	# NUMA node 1's memory, as node 0's firmware (SRAT) describes it.
	run on node0 "dmesg | sed -n 's/.*SRAT: Node 1 PXM 1 \[mem \(0x[0-9a-f]*\)-\(0x[0-9a-f]*\)\].*/\1 \2/p'"
	assert_success
	read -r lo hi <<< "$output"
	[ -n "$hi" ] || fail "no SRAT range for NUMA node 1 in node 0's log"
	run on node1 "awk -F'[- ]' '/System RAM/ { print \$1, \$2 }' /proc/iomem"
	assert_success
	base=$(plan_value 'p["nodes"][1]["memory"][0]["start"]')
	[ $((base)) -ge $((1 << 32)) ] || fail "node 1's memory $base is not above 4 GiB"
	while read -r s e; do
		# The low window below 1 MiB is node 1's too, on any NUMA node.
		[ $((16#$e)) -lt $((1 << 20)) ] && continue
		[ $((16#$s)) -ge $((lo)) ] && [ $((16#$e)) -le $((hi)) ] ||
			fail "node 1's RAM $s-$e is not on NUMA node 1 ($lo-$hi)"
	done <<< "$output"
}

@test "node 1 runs its own 4 cores in x2APIC mode, physical destinations, as node 0 does" {
	run on node1 'nproc; cat /sys/firmware/mint/apic_ids; dmesg'
	assert_success
	assert_line --index 0 4
	assert_line --index 1 4,5,6,7
	assert_output --partial "mint: local APIC in x2APIC mode, as node 0's"
	assert_output --partial 'APIC: Switched APIC routing to: physical x2apic'
	assert_output --partial 'Hypervisor detected: Mint secondary node'
	refute_output --partial 'DMAR'
	refute_output --partial 'IOAPIC'
}

@test "inter-node IPIs are counted on both sides, with no APIC error, spurious interrupt or unknown NMI anywhere" {
	local n0 n1
	run on node0 -t 60 "$NODE_MINTCTL net up"
	assert_success
	run on node0 -t 60 'for i in $(seq 100); do [ "$(cat /sys/class/net/vni0/carrier)" = 1 ] && break; sleep 0.1; done; ping -c 5 -i 0.2 -W 5 10.77.0.2'
	assert_success
	assert_output --partial '5 packets received'
	n0=$(mnt_count node0)
	n1=$(mnt_count node1)
	[ "$n0" -gt 0 ] && [ "$n1" -gt 0 ] || fail "Mint IPIs: node 0 $n0, node 1 $n1"
	no_apic_trouble node0
	no_apic_trouble node1
	assert_node0_dmesg_clean
}

@test "iperf3 runs between node 0 and node 1 over VNI, both ways" {
	on node1 'iperf3 -s -D --pidfile /tmp/iperf3.pid; sleep 0.5' >/dev/null
	run on node0 -t 90 'iperf3 -c 10.77.0.2 -t 3 -f m'
	assert_success
	assert_output --regexp 'receiver'
	run on node0 -t 90 'iperf3 -c 10.77.0.2 -t 3 -f m -R'
	assert_success
	assert_output --regexp 'receiver'
}

@test "a panic in node 1 leaves node 0 running; node 1 boots again on the same cores" {
	local up0 up1
	up0=$(on node0 "cut -d' ' -f1 /proc/uptime")
	"$MINTVM" send node1 'echo c > /proc/sysrq-trigger'
	wait_state node1 CRASHED 30
	run on node0 "$NODE_MINTCTL status"
	assert_success
	assert_output --partial 'node1: kernel panic'
	run on node0 -t 90 "$NODE_MINTCTL shutdown node1 --force"
	assert_success
	boot_node node1
	run on node1 'nproc'
	assert_output 4
	up1=$(on node0 "cut -d' ' -f1 /proc/uptime")
	awk -v a="$up0" -v b="$up1" 'BEGIN { exit !(b > a) }' || fail "node 0 restarted: uptime $up0 -> $up1"
	no_apic_trouble node0
	assert_node0_dmesg_clean
}

@test "a node kernel that cannot follow node 0's x2APIC mode stops at once, CRASHED with the reason, and node 0 is unharmed" {
	run on node0 -t 60 "$NODE_MINTCTL shutdown node1"
	assert_success
	# nox2apic keeps node 1's kernel in xAPIC mode, as a CPU without x2APIC would.
	run on node0 -t 150 "$NODE_MINTCTL boot node1 --timeout 90 --cmdline '$(node_console node1) rdinit=/init panic=0 nmi_watchdog=0 nox2apic'"
	assert_failure 1
	assert_output --partial "node1 went CRASHED while booting: its cores cannot run node 0's APIC mode (they stayed in xAPIC)"
	run on node0 "$NODE_MINTCTL status"
	assert_success
	assert_line --regexp '^1 +node1 +CRASHED +4-7 '
	assert_output --partial "node1: its cores cannot run node 0's APIC mode"
	"$MINTVM" wait-for --from-start node1 'mint: refusing to run \(reason 2, 0\), halting this core' 10 >/dev/null ||
		fail "node 1's console does not say why it stopped"
	no_apic_trouble node0
	assert_node0_dmesg_clean
	boot_node node1
	run on node1 'nproc'
	assert_output 4
}

@test "mintctl doctor on the partitioned modern machine: nothing blocks a boot, x2APIC and interrupt remapping on" {
	run on node0 "$NODE_MINTCTL doctor; echo \"status \$?\""
	assert_line 'status 0'
	refute_output --partial 'FAIL'
	assert_line --regexp '^ok +kernel: '
	assert_line --regexp '^ok +partition: '
	assert_line --regexp '^ok +apic: .*x2APIC'
	assert_line --regexp '^ok +irq-remap: '
	assert_line --regexp '^ok +launcher: '
}
