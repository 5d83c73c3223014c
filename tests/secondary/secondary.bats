#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Secondary nodes under QEMU: node 0 boots partitioned for the 2-node layout of this
# run's machine (machine_conf), and `mintctl boot node1 --cores 2-3` (pc;
# 4-7 on modern) starts an independent Linux kernel on node 1's cores, which
# node 0 never brought up. The secondary platform (kernel-patches/0008)
# keeps it off node 0's hardware; the control block carries its state,
# heartbeat and shutdown mailbox.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load node

CONF=$(machine_conf 2node)
MINTCTL=${MINTCTL:-build/mintctl/mintctl}
NODE_MINTCTL=$(node0_mintctl "$CONF")

setup_file() {
	# The CPUs of each node: 2 and 2 (cores 2-3, APIC IDs 2,3) on pc, 4
	# and 4 (cores 4-7, APIC IDs 4,5,6,7) on modern.
	NODE0_CPUS=$(($(plan_value 'len(p["nodes"][0]["cores"])')))
	NODE1_CPUS=$(($(plan_value 'len(p["nodes"][1]["cores"])')))
	NODE1_CORES=$(plan_cpulist 'p["nodes"][1]["cores"]')
	NODE1_CORE=$(($(plan_value 'p["nodes"][1]["cores"][0]')))
	NODE1_APIC_IDS=$(plan_list 'p["nodes"][1]["apic_ids"]')
	NODE1_APIC=${NODE1_APIC_IDS%%,*}
	NR_NODES=$(($(plan_value 'len(p["nodes"])')))
	export NODE0_CPUS NODE1_CPUS NODE1_CORES NODE1_CORE NODE1_APIC_IDS NODE1_APIC NR_NODES
	NODE1_BASE=$(plan_value 'p["nodes"][1]["memory"][0]["start"]')
	NODE1_SIZE=$(plan_value 'p["nodes"][1]["memory"][0]["size"]')
	LOW_BASE=$(plan_value 'p["nodes"][1]["low_window"]["start"]')
	LOW_SIZE=$(plan_value 'p["nodes"][1]["low_window"]["size"]')
	SHARED_BASE=$(plan_value 'p["shared_region"]["start"]')
	SHARED_SIZE=$(plan_value 'p["shared_region"]["size"]')
	export NODE1_BASE NODE1_SIZE LOW_BASE LOW_SIZE SHARED_BASE SHARED_SIZE
	vm_start secondary --conf "$CONF"
	on node0 'grep ^MemTotal /proc/meminfo' > "$MINTVM_DIR/node0-memtotal"
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

@test "mintctl boot node1 --cores with node 1's cores boots node 1 to a shell on its own console (ttyS1 on pc, hvc0 on modern)" {
	local t0 t1
	t0=$(date +%s.%N)
	boot_node node1 --cores "$NODE1_CORES"
	t1=$(date +%s.%N)
	echo "# mintctl boot to UP: $(grep -o 'UP after [0-9.]* s' <<< "$output"), to node 1's shell: $(echo "$t1 - $t0" | bc) s wall; node 0's own boot: $(tr "\n" " " < "$MINTVM_DIR/boot.txt" 2>/dev/null)" >&3
	# Started right after node 0 came up, often before its kernel refined
	# its TSC rate: mintctl waits for that, and never runs out of time.
	echo "# TSC refinement: $(grep -o 'refine its TSC rate.*' <<< "$output" || echo 'done before mintctl boot')" >&3
	refute_output --partial 'warning'
	run on node1 'hostname; readlink /proc/self/fd/1'
	assert_success
	assert_line node1
	assert_line "/dev/$(node_tty node1)"
}

@test "node 1 has exactly its own cores and only its own memory" {
	run on node1 'grep -c ^processor /proc/cpuinfo; nproc; cat /sys/devices/system/cpu/present'
	assert_success
	assert_output "$(printf '%d\n%d\n0-%d' "$NODE1_CPUS" "$NODE1_CPUS" $((NODE1_CPUS - 1)))"
	# The firmware map it got lists its RAM, its low window and the shared region.
	run on node1 'for d in /sys/firmware/memmap/*; do echo "$(cat $d/start) $(cat $d/end) $(cat $d/type)"; done | sort'
	assert_success
	assert_line "$LOW_BASE $(printf '%#x' $((LOW_BASE + LOW_SIZE - 1))) System RAM"
	assert_line "$NODE1_BASE $(printf '%#x' $((NODE1_BASE + NODE1_SIZE - 1))) System RAM"
	assert_line "$SHARED_BASE $(printf '%#x' $((SHARED_BASE + SHARED_SIZE - 1))) Reserved"
	[ "${#lines[@]}" -eq 3 ] || fail "more than 3 memory ranges"
	run on node1 "awk '/^MemTotal/ { print \$2 }' /proc/meminfo"
	assert_success
	[ "$output" -le $(((NODE1_SIZE + LOW_SIZE) >> 10)) ] && [ "$output" -gt $(((NODE1_SIZE >> 10) * 8 / 10)) ] ||
		fail "MemTotal $output kB does not fit node 1's $((NODE1_SIZE >> 20)) MiB"
}

@test "/sys/firmware/mint in node 1 matches the plan and node 0's timer rates" {
	local tsc apic
	tsc=$(on node0 'cat /sys/kernel/mint/tsc_khz')
	apic=$(on node0 'cat /sys/kernel/mint/apic_khz')
	run on node1 'cd /sys/firmware/mint && for f in node_id nr_nodes shared_base shared_size apic_ids tsc_khz apic_khz console_port; do echo "$f $(cat $f)"; done'
	assert_success
	assert_line "node_id 1"
	assert_line "nr_nodes $NR_NODES"
	assert_line "shared_base $SHARED_BASE"
	assert_line "shared_size $SHARED_SIZE"
	assert_line "apic_ids $NODE1_APIC_IDS"
	# Node 0's kernel refines its TSC rate about 1 s after boot
	# (tsc_refine_calibration_work); mintctl boot waits for the final rate,
	# so node 1 has exactly node 0's rates.
	assert_line "tsc_khz $tsc"
	assert_line "apic_khz $apic"
	# Its own UART's port, or none when its console is the shared-memory one.
	if node_has_uart node1; then
		assert_line "console_port 0x2f8"
	else
		assert_line "console_port 0x0"
	fi
	# The descriptor is node 0's plan: mintctl in node 1 checks its CRC and
	# decodes it to exactly what mintctl in node 0 plans.
	local plan
	# The services block is node 0's config, which a descriptor does not carry.
	plan=$(on node0 "$NODE_MINTCTL plan" | sed '/^node 0 services /,$d')
	run on node1 'mintctl descriptor --dump /sys/firmware/mint/descriptor'
	assert_success
	assert_line --index 0 --regexp '^layout descriptor /sys/firmware/mint/descriptor: version 1, generation [0-9]+, [0-9]+ bytes, checksum ok$'
	[ "$(tail -n +2 <<< "$output" | sed '/./,$!d')" = "$(sed '/./,$!d' <<< "$plan")" ] ||
		fail "node 1's descriptor decodes to something else than node 0's plan"
	run on node1 'echo 9 > /sys/firmware/mint/node_id'
	assert_failure
}

@test "node 1 leaves node 0's hardware alone: no ACPI, PCI, IO-APIC or broadcast IPIs, and no UART but its own" {
	run on node1 'dmesg'
	assert_success
	assert_line --partial 'Hypervisor detected: Mint secondary node'
	assert_line --partial 'ACPI: Interpreter disabled'
	assert_line --partial 'IPI shorthand broadcast: disabled'
	assert_line --partial 'mint: PCI off'
	assert_line --partial "smp: Brought up 1 node, $NODE1_CPUS CPUs"
	refute_line --partial 'IOAPIC'
	refute_line --partial 'hpet'
	refute_line --partial 'Assuming crash kernel'
	refute_line --partial 'Crash kernel detected'
	refute_line --partial 'launcher /dev/mint'
	# Only the node's own UART at 0x2f8 was probed, or none when its console
	# is the shared-memory one; the others were never touched.
	run on node1 "awk '/uart:/ && \$2 != \"uart:unknown\"' /proc/tty/driver/serial"
	assert_success
	if node_has_uart node1; then
		assert_output --regexp '^1: uart:16550A port:000002F8 irq:0 '
	else
		assert_output ''
	fi
}

@test "node 1 leaves external NMIs and package-wide state (cpufreq, HWP, energy bias, thermal, TSC_ADJUST) to node 0" {
	run on node1 'dmesg; ls -d /sys/devices/system/cpu/cpufreq 2>&1; true'
	assert_success
	assert_line --partial 'external NMIs masked: they belong to another kernel'
	assert_line --partial 'No such file or directory'
	run on node1 "grep -m1 ^flags /proc/cpuinfo | tr ' ' '\n' | grep -x -e hwp -e epb -e tm -e pts -e pln -e tsc_adjust"
	assert_failure
	assert_output ''
	# Node 0 has cpufreq, so the difference is the secondary platform's doing.
	run on node0 'ls -d /sys/devices/system/cpu/cpufreq'
	assert_success
}

@test "node 0 keeps its own CPUs, all its memory and a working console, with nothing unexpected in dmesg" {
	run on node0 'nproc; grep ^MemTotal /proc/meminfo'
	assert_success
	assert_line "$NODE0_CPUS"
	assert_line "$(cat "$MINTVM_DIR/node0-memtotal")"
	assert_node0_dmesg_clean
}

@test "mintctl status shows node 1 UP with a fresh heartbeat that keeps advancing" {
	local hb1 hb2
	run on node0 "$NODE_MINTCTL --json status"
	assert_success
	hb1=$(/usr/bin/python3 -c 'import json, sys; n = json.loads(sys.argv[1])["nodes"][1]; assert n["state"] == "UP" and n["nr_cpus"] == int(sys.argv[2]) and n["heartbeat_age_ms"] < 1000, n; print(n["heartbeat"])' "$output" "$NODE1_CPUS") ||
		fail "node 1 not UP with a fresh heartbeat: $output"
	sleep 1
	hb2=$(on node0 "$NODE_MINTCTL --json status" | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["nodes"][1]["heartbeat"])')
	[ "$hb2" -gt "$hb1" ] || fail "heartbeat did not advance: $hb1 -> $hb2"
	run on node0 "$NODE_MINTCTL status"
	assert_success
	assert_line --regexp "^1 +node1 +UP +$NODE1_CORES "
}

@test "bad input inside node 0 is refused with exit 2 and leaves node 1 running" {
	local epoch
	epoch=$(on node0 "$NODE_MINTCTL --json status" | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["nodes"][1]["epoch"])')
	run on node0 "$NODE_MINTCTL boot node1; echo \"exit \$?\""
	assert_line 'exit 2'
	assert_output --partial 'already UP'
	run on node0 "$NODE_MINTCTL boot node1 --cores $NODE1_CORE; echo \"exit \$?\""
	assert_line 'exit 2'
	run on node0 "$NODE_MINTCTL boot node1 --kernel /etc/passwd; echo \"exit \$?\""
	assert_line 'exit 2'
	assert_output --partial '/etc/passwd'
	run on node0 "$NODE_MINTCTL boot node1 --kernel /nonexistent; echo \"exit \$?\""
	assert_line 'exit 2'
	assert_output --partial '/nonexistent'
	# Bigger than node 1's 512 MiB.
	run on node0 "truncate -s 600M /tmp/big.initrd; $NODE_MINTCTL boot node1 --initrd /tmp/big.initrd; echo \"exit \$?\"; rm -f /tmp/big.initrd"
	assert_line 'exit 2'
	assert_output --partial 'initrd'
	run on node0 "$NODE_MINTCTL --json status"
	/usr/bin/python3 -c 'import json, sys; n = json.loads(sys.argv[1])["nodes"][1]; assert n["state"] == "UP" and n["epoch"] == int(sys.argv[2]), n' "$output" "$epoch" ||
		fail "node 1 changed: $output"
	run on node1 'echo still here'
	assert_output 'still here'
}

@test "mintctl shutdown node1 powers node 1 off in order, and status shows DOWN" {
	"$MINTVM" mark node1 >/dev/null
	run on node0 -t 60 "$NODE_MINTCTL shutdown node1"
	assert_success
	assert_output --regexp 'DOWN after [0-9.]+ s'
	refute_output --partial 'did not report DOWN'
	# busybox init's message: the node ran its own orderly power-off.
	"$MINTVM" wait-for node1 'The system is going down' 10 >/dev/null ||
		fail "node 1 did not shut down in order"
	[ "$(node_state node1)" = DOWN ]
	assert_node0_dmesg_clean
}

@test "node 1 shuts down and boots again, 3 times in a row" {
	local i
	for i in 1 2 3; do
		boot_node node1
		run on node1 'nproc'
		assert_output "$NODE1_CPUS"
		run on node0 -t 60 "$NODE_MINTCTL shutdown node1"
		assert_success
		[ "$(node_state node1)" = DOWN ] || fail "round $i: not DOWN"
	done
	run on node0 nproc
	assert_output "$NODE0_CPUS"
}

@test "a panic in node 1 shows as CRASHED in node 0, node 0 survives, and node 1 boots again" {
	boot_node node1
	"$MINTVM" send node1 'echo c > /proc/sysrq-trigger'
	wait_state node1 CRASHED 30
	run on node0 'nproc; echo alive'
	assert_success
	assert_line alive
	assert_node0_dmesg_clean
	# Its cores sit halted: shutdown falls back to INIT and marks it DOWN.
	run on node0 -t 90 "$NODE_MINTCTL shutdown node1 --force"
	assert_success
	boot_node node1
	run on node1 'nproc'
	assert_output "$NODE1_CPUS"
	run on node0 -t 60 "$NODE_MINTCTL shutdown node1"
	assert_success
}

@test "reboot and SysRq-b inside node 1 halt only node 1, as DOWN, and never reset the machine" {
	local up0
	up0=$(node0_uptime)
	boot_node node1
	"$MINTVM" send node1 'reboot'
	wait_state node1 DOWN 30
	run on node0 -t 60 "$NODE_MINTCTL shutdown node1"
	assert_success
	assert_output --partial 'was DOWN'
	boot_node node1
	"$MINTVM" send node1 'echo b > /proc/sysrq-trigger'
	wait_state node1 DOWN 30
	run on node0 -t 60 "$NODE_MINTCTL shutdown node1"
	assert_success
	assert_node0_survived "$up0"
}

# bad_boot_image FILE OFFSET BYTES: on node 0, build node 1's boot image
# with mintctl boot --dry-run, overwrite BYTES (printf format) at OFFSET in
# its FILE, load it with mint-launch and start node 1's first core as the
# manifest says: at the 32-bit entry, or in long mode with the image's
# page table when node 1's memory lies above 4 GiB (modern).
bad_boot_image() {
	on node0 -t 60 "set -e
		d=/tmp/bad-boot; rm -rf \$d
		$NODE_MINTCTL boot node1 --dry-run \$d --cmdline '$(node_console node1) rdinit=/init $(node_earlyprintk node1)' >/dev/null
		printf '$3' | dd of=\$d/$1 bs=1 seek=$2 conv=notrunc 2>/dev/null
		while read -r kw name phys size file; do
			[ \"\$kw\" = segment ] && mint-launch write \$phys \$d/\$file
		done < \$d/manifest
		m() { awk -v k=\"\$1\" '\$1 == k { print \$2 }' \$d/manifest; }
		if [ \"\$(m mode)\" = 64-bit ]; then
			mint-launch start64 \$(m apic_id) \$(m entry) \$(m esi) \$(m cr3)
		else
			mint-launch start \$(m apic_id) \$(m entry) \$(m esi)
		fi"
}

# bad_boot_data OFFSET BYTES: the same, BYTES at OFFSET into struct
# mint_boot_data (setup_data.bin starts with the 16-byte setup_data header).
bad_boot_data() {
	bad_boot_image setup_data.bin $((16 + $1)) "$2"
}

@test "a kernel given unusable Mint boot data halts its core with the reason on its console and never takes the machine" {
	local case offset bytes why
	# Version 0 is older than any; newer versions only append, so they boot.
	# The second APIC ID (offset 60) made the boot core's again: a duplicate.
	for case in "0|XXXX|bad magic" "4|\\000\\000|unsupported version" \
		    "8|\\000\\000\\000\\000|bad node id" "16|\\000\\000\\000\\000|bad number of APIC IDs" \
		    "60|\\00${NODE1_APIC}\\000\\000\\000|duplicate APIC ID"; do
		IFS='|' read -r offset bytes why <<< "$case"
		"$MINTVM" mark node1 >/dev/null
		run bad_boot_data "$offset" "$bytes"
		assert_success
		# Unusable boot data has no usable console channel either: only a
		# serial port can show the reason.
		if node_has_uart node1; then
			"$MINTVM" wait-for node1 "mint: unusable boot data \\($why\\), halting this core" 60 >/dev/null ||
				fail "no refusal '$why' on node 1's console"
		else
			sleep 5
		fi
		[ "$(node_state node1)" = DOWN ] || fail "$why: the control block changed"
		run on node0 "mint-launch stop $NODE1_APIC"
		assert_success
	done
	run on node0 'nproc; echo alive'
	assert_output "$(printf '%d\nalive' "$NODE0_CPUS")"
	assert_node0_dmesg_clean
	boot_node node1
	run on node0 -t 60 "$NODE_MINTCTL shutdown node1"
	assert_success
}

@test "node 0's launcher refuses to start a core its boot data does not name, or a Linux kernel without Mint boot data" {
	# APIC IDs 0 and 1 (node 0's) in the first two entries: node 1's boot
	# core is no longer among them.
	run bad_boot_data 56 '\000\000\000\000\001\000\000\000'
	assert_failure
	assert_output --regexp 'MINT_IOC_CPU_START(64)?: EINVAL'
	# No setup_data in the zero page (offset 0x250): no Mint boot data.
	run bad_boot_image zeropage.bin $((0x250)) '\000\000\000\000\000\000\000\000'
	assert_failure
	assert_output --regexp 'MINT_IOC_CPU_START(64)?: EINVAL'
	run on node0 'dmesg'
	assert_line --partial "mint: APIC ID $NODE1_APIC is not one of the cores its boot data names"
	assert_line --partial 'mint: refusing a Linux kernel without Mint boot data: it would take over the machine'
	run on node0 "mint-launch state $NODE1_APIC"
	refute_output --partial started
	[ "$(node_state node1)" = DOWN ] || fail "the control block changed"
	boot_node node1
	run on node0 -t 60 "$NODE_MINTCTL shutdown node1"
	assert_success
}

# The Mint kernel with ud2 (0f 0b) over the first bytes of its 32-bit entry
# (startup_32, at (setup_sects + 1) * 512 in the file) and of its 64-bit
# entry 512 bytes on, which node 1 enters on modern: written to /tmp/bad on
# node 0.
make_bad_kernel() {
	local setup_sects off
	setup_sects=$(od -An -tu1 -j497 -N1 "${MINTVM_KERNEL:-build/kernel/bzImage}" | tr -d ' ')
	off=$(((setup_sects + 1) * 512))
	on node0 "cp /boot/bzImage /tmp/bad &&
		printf '\\017\\013' | dd of=/tmp/bad bs=1 seek=$off conv=notrunc 2>/dev/null &&
		printf '\\017\\013' | dd of=/tmp/bad bs=1 seek=$((off + 512)) conv=notrunc 2>/dev/null &&
		cmp -l /boot/bzImage /tmp/bad | wc -l"
}

@test "a corrupt kernel that faults at its entry halts only its own core: node 0 runs on, node 1 is CRASHED with the vector and address, then boots again" {
	local up0 entry
	run make_bad_kernel
	assert_success
	assert_output 4
	# The entry point the start stub jumps to, from the dry run's manifest.
	entry=$(on node0 "rm -rf /tmp/bad-dry && $NODE_MINTCTL boot node1 --kernel /tmp/bad --dry-run /tmp/bad-dry >/dev/null && awk '\$1 == \"entry\" { print \$2 }' /tmp/bad-dry/manifest")
	[ -n "$entry" ] || fail "no entry in the manifest"
	up0=$(node0_uptime)
	run on node0 -t 120 "$NODE_MINTCTL boot node1 --kernel /tmp/bad --timeout 60"
	assert_failure 1
	assert_output --regexp "boot: node1's boot core \(APIC ID $NODE1_APIC\) faulted before its kernel took over: #UD \(vector 6\) at $entry in (32|64)-bit mode; it halted itself, node 0 runs on"
	run on node0 "$NODE_MINTCTL status"
	assert_success
	assert_output --regexp "node1: its boot core faulted before its kernel took over: #UD \(vector 6\) at $entry"
	[ "$(node_state node1)" = CRASHED ] || fail "node1 is not CRASHED"
	assert_node0_survived "$up0"
	boot_node node1
	run on node0 -t 60 "$NODE_MINTCTL shutdown node1"
	assert_success
}

@test "kexec inside node 1 is refused, both syscalls, and node 1 runs on; mintctl partition there is refused too" {
	# Node 1's image plus a kernel to kexec, as a second cpio archive.
	run on node0 -t 60 'set -e; rm -rf /tmp/kx; mkdir -p /tmp/kx/boot; cp /boot/bzImage /tmp/kx/boot/kexec-me
		cd /tmp/kx; find . | cpio -o -H newc 2>/dev/null | gzip > /tmp/kx.gz
		cat /boot/node-initrd.cpio.gz /tmp/kx.gz > /tmp/node1-kexec.cpio.gz'
	assert_success
	boot_node node1 --initrd /tmp/node1-kexec.cpio.gz
	run on node1 -t 60 'kexec -l /boot/kexec-me --append=console=ttyS1 >/dev/null 2>&1; echo "load $?"
		kexec -s -l /boot/kexec-me --append=console=ttyS1 >/dev/null 2>&1; echo "file_load $?"
		kexec -e >/dev/null 2>&1; echo "exec $?"; echo "refused $(dmesg | grep -c "refused on a Mint secondary node")"'
	assert_success
	assert_line 'load 255'
	assert_line 'file_load 255'
	assert_line --regexp '^exec [1-9]'
	assert_line 'refused 2'
	run on node1 'mintctl partition --kexec --dry-run; echo "rc $?"'
	assert_line --partial 'partition: this is a Mint secondary node (/sys/firmware/mint exists)'
	assert_line 'rc 1'
	run on node1 'hostname'
	assert_output node1
	[ "$(node_state node1)" = UP ] || fail "node1 is not UP"
	run on node0 -t 60 "$NODE_MINTCTL shutdown node1"
	assert_success
}

@test "options on node 1's command line that would undo its platform (pci=conf1, nmi_watchdog=1, apic_extnmi=all, noapic) are ignored and logged" {
	boot_node node1 --cmdline "'$(node_console node1) rdinit=/init panic=0 pci=conf1 nmi_watchdog=1 apic_extnmi=all noapic'"
	run on node1 'dmesg'
	assert_success
	assert_line --partial 'ignoring nmi_watchdog=1: NMIs would reach other nodes'"'"' handlers'
	assert_line --partial 'external NMIs masked: they belong to another kernel'
	assert_line --partial 'noapic changes nothing here: this node has no IO-APIC'
	# pci= is an early option, which detection already overrode.
	assert_line --partial 'PCI: System does not support PCI'
	refute_line --partial 'PCI: Using configuration type'
	refute_line --partial 'PCI: Probing PCI hardware'
	run on node0 'nproc; echo alive'
	assert_output "$(printf '%d\nalive' "$NODE0_CPUS")"
	assert_node0_dmesg_clean
	run on node0 -t 60 "$NODE_MINTCTL shutdown node1"
	assert_success
}

@test "a corrupt kernel that faults inside its decompressor halts only its own core: node 0 runs on, the boot times out, node 1 boots again" {
	local compressed setup_sects sym off up0
	# ud2 at the decompressor's extract_kernel(), which runs on the
	# decompressor's own IDT, long after the start stub handed over.
	compressed=${MINT_KERNEL_SRC:-build/kernel/src}/arch/x86/boot/compressed/vmlinux
	[ -f "$compressed" ] || fail "no $compressed: make kernel"
	sym=$(nm "$compressed" | awk '$3 == "extract_kernel" { print $1 }')
	[ -n "$sym" ] || fail "no extract_kernel in $compressed"
	setup_sects=$(od -An -tu1 -j497 -N1 "${MINTVM_KERNEL:-build/kernel/bzImage}" | tr -d ' ')
	off=$(((setup_sects + 1) * 512 + 0x$sym))
	run on node0 "cp /boot/bzImage /tmp/bad2 && printf '\\017\\013' | dd of=/tmp/bad2 bs=1 seek=$off conv=notrunc 2>/dev/null && cmp -l /boot/bzImage /tmp/bad2 | wc -l"
	assert_output 2
	up0=$(node0_uptime)
	run on node0 -t 90 "$NODE_MINTCTL boot node1 --kernel /tmp/bad2 --timeout 20"
	assert_failure 1
	assert_output --partial 'boot: node1 did not report UP within 20 s'
	refute_output --partial 'faulted before its kernel took over'
	assert_node0_survived "$up0"
	boot_node node1
	run on node0 -t 60 "$NODE_MINTCTL shutdown node1"
	assert_success
}
