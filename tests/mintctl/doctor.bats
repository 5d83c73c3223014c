#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# mintctl doctor on recorded machines: a copy of the QEMU sysroot made to
# look like a partitioned node 0 running the Mint kernel passes, and each
# edit that breaks one thing (the command line, lockdown, Secure Boot, an
# online CPU of node 1, ...) turns exactly that finding into a warning or
# a FAIL, with the exit status that goes with it. kexec-tools is a stub
# binary in the sysroot; the launcher is the file-backed stand-in of
# node-launcher.bats.

load helpers

FAKE="$REPO/build/mintctl/fake-launcher.so"
SECURE_BOOT=sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-e2d8c4ede7c4

# The 2-node QEMU layout on node 0 booted with partition --print's
# parameters, as the Mint kernel shows itself: /sys/kernel/mint, the MNT
# row of /proc/interrupts, no lockdown, no EFI, kexec-tools 2.0.25 with -c.
good_node0() {
	local params
	partitioned_sysroot "$REPO/bootcfg/qemu-2node.conf"
	# A copy: tests edit it.
	CONF="$BATS_TEST_TMPDIR/mint.conf"
	conf_2node >"$CONF"
	params=$("$MINTCTL" --sysroot "$QEMU" -c "$CONF" partition --print)
	echo "BOOT_IMAGE=/boot/vmlinuz root=/dev/sda1 console=ttyS0,115200 $params" \
		>"$SYSROOT/proc/cmdline"
	printf '%s\n' '           CPU0       CPU1' \
		'  0:         40          0   IO-APIC   2-edge      timer' \
		'MNT:          0          0   Mint inter-node IPIs' >"$SYSROOT/proc/interrupts"
	mkdir -p "$SYSROOT/sys/kernel/security"
	echo '[none] integrity confidentiality' >"$SYSROOT/sys/kernel/security/lockdown"
	kexec_recorded 2.0.25 c
	# The host's own kexec, which a recorded machine's doctor must not ask.
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	cat >"$BATS_TEST_TMPDIR/bin/kexec" <<'SH'
#!/bin/sh
case $1 in
--version) echo "kexec-tools 9.9.9" ;;
--help) echo ' -c, --kexec-syscall  Use the kexec_load syscall' ;;
esac
SH
	chmod +x "$BATS_TEST_TMPDIR/bin/kexec"
	KPATH="$BATS_TEST_TMPDIR/bin:/usr/bin:/bin"
}

# The recorded machine's kexec binary: the strings kexec-tools $1 prints,
# and its -c help line when $2 is c, between bytes that are not text.
kexec_recorded() {
	mkdir -p "$SYSROOT/usr/sbin"
	{
		printf '\177ELF\002\001\001\000'
		printf 'kexec-tools %s\n\000%%s\n\000' "$1"
		[ "${2:-}" != c ] ||
			printf ' -c, --kexec-syscall  Use the kexec_load syscall\n\000'
	} >"$SYSROOT/usr/sbin/kexec"
}

# mintctl doctor on $SYSROOT and $CONF, with $KPATH (the host's kexec) in PATH.
doc() {
	run --separate-stderr env PATH="$KPATH" "$MINTCTL" --sysroot "$SYSROOT" \
		-c "$CONF" doctor "$@"
}

# The findings of check $1, one a line, as doctor printed them.
finding() {
	grep -E "^[a-zA-Z]+ +$1: " <<<"$output" || true
}

# Check $1 must have exactly one finding, of level $2, containing $3.
assert_finding() {
	local got
	got=$(finding "$1")
	[ "$(grep -c . <<<"$got")" -eq 1 ] || fail "$1: not one finding: $got"
	[[ $got =~ ^$2\ +$1:\  ]] || fail "$1 is not $2: $got"
	[[ $got == *"$3"* ]] || fail "$1 lacks \"$3\": $got"
}

@test "a partitioned node 0 with the Mint kernel: every finding ok, exit 0" {
	good_node0
	doc
	assert_success
	[ -z "$stderr" ] || fail "stderr: $stderr"
	assert_finding kernel ok "has the Mint patches: the launcher (/sys/kernel/mint) and the Mint IPI"
	assert_finding plan ok "2 nodes, the plan can boot"
	assert_finding partition ok "node 0 booted with the plan's parameters (maxcpus=2 no_ipi_broadcast=1 memmap="
	assert_finding cpus ok "CPUs 2-3 of node1 are offline in node 0"
	assert_finding apic ok "node 0 runs xAPIC"
	assert_finding irq-remap ok "interrupt remapping is off"
	assert_finding lockdown ok "none"
	assert_finding secure-boot ok "off"
	assert_finding smt ok "no core has two SMT threads"
	assert_finding numa ok "one NUMA node"
	assert_finding kaslr ok "memmap= reservations"
	assert_finding kexec ok "kexec-tools 2.0.25 has -c (--kexec-syscall)"
	assert_finding network ok "neither NetworkManager nor systemd-networkd runs"
	# Under --sysroot the launcher is not opened: unknown, not a failure.
	assert_finding launcher unknown "/dev/mint is not opened under --sysroot"
	refute_output --regexp '^(FAIL|warn) '
	assert_line --index $((${#lines[@]} - 1)) "doctor: nothing blocks booting a node (0 warnings, 1 unknown)"
}

@test "node 0 booted without the parameters: FAIL naming them and the unreserved memory, exit 1" {
	good_node0
	cp "$QEMU/proc/iomem" "$SYSROOT/proc/iomem"
	echo 'BOOT_IMAGE=/boot/vmlinuz root=/dev/sda1 console=ttyS0,115200' >"$SYSROOT/proc/cmdline"
	doc
	assert_failure 1
	assert_line --regexp '^FAIL +partition: node 0 booted without maxcpus=2 no_ipi_broadcast=1 memmap=544M\$0x5de00000 memmap=128K\$0x20000 reserve=0x2f8,8 \(/proc/cmdline\); fix: mintctl partition --grub /etc/default/grub.d/mint.cfg && update-grub, then reboot \(or mintctl partition --kexec\)$'
	assert_line --partial "FAIL    partition: $SYSROOT/proc/iomem: memory 0x5de00000-0x7ddfffff (512M) of node1 is not reserved by node 0"
	refute_output --partial "ok      partition"
	assert_line --index $((${#lines[@]} - 1)) "doctor: 2 findings block booting a node (0 warnings)"
}

@test "parameters of an older plan next to the right ones: a warning, exit 0" {
	good_node0
	sed -i 's/$/ memmap=64M$0x10000000/' "$SYSROOT/proc/cmdline"
	doc
	assert_success
	assert_finding partition warn 'node 0 booted with memmap=64M$0x10000000, which the plan does not ask for'
}

@test "a CPU of node 1 online in node 0 is a FAIL" {
	good_node0
	echo 0-2 >"$SYSROOT/sys/devices/system/cpu/online"
	doc
	assert_failure 1
	assert_finding cpus FAIL "CPU 2 of node1 is online in node 0 (/sys/devices/system/cpu/online): node 0 runs on it"
}

@test "lockdown (integrity) blocks the launcher: FAIL with the reason" {
	good_node0
	echo 'none [integrity] confidentiality' >"$SYSROOT/sys/kernel/security/lockdown"
	doc
	assert_failure 1
	assert_finding lockdown FAIL "the kernel is locked down (integrity, /sys/kernel/security/lockdown): the launcher refuses to write node memory and start cores"
	rm "$SYSROOT/sys/kernel/security/lockdown"
	doc
	assert_success
	assert_finding lockdown unknown "no /sys/kernel/security/lockdown"
}

@test "Secure Boot on is a warning, and names the lockdown it causes; off is ok" {
	good_node0
	mkdir -p "$SYSROOT/${SECURE_BOOT%/*}"
	printf '\x06\x00\x00\x00\x01' >"$SYSROOT/$SECURE_BOOT"
	doc
	assert_success
	assert_finding secure-boot warn "on: Debian's kernels lock themselves down under it, and the Mint kernel needs a signature"
	echo 'none [integrity] confidentiality' >"$SYSROOT/sys/kernel/security/lockdown"
	doc
	assert_failure 1
	assert_finding secure-boot warn "lock themselves down under it (as this one did)"
	printf '\x06\x00\x00\x00\x00' >"$SYSROOT/$SECURE_BOOT"
	doc
	assert_finding secure-boot ok "off ("
}

@test "a kernel without the Mint patches, or without the Mint IPI, is a FAIL" {
	good_node0
	sed -i '/^MNT:/d' "$SYSROOT/proc/interrupts"
	doc
	assert_failure 1
	assert_finding kernel FAIL "has the launcher (/sys/kernel/mint) but not the Mint IPI (no MNT row in /proc/interrupts)"
	rm -r "$SYSROOT/sys/kernel/mint"
	doc
	assert_failure 1
	assert_finding kernel FAIL "Linux 6.12.48-mint has no Mint launcher (no /sys/kernel/mint)"
	assert_finding apic unknown "node 0's APIC mode is not known"
}

@test "on a Mint secondary doctor says so and checks nothing else" {
	good_node0
	mkdir -p "$SYSROOT/sys/firmware/mint"
	doc
	assert_failure 1
	assert_line "FAIL    kernel: this is a Mint secondary node (/sys/firmware/mint exists): only node 0 boots nodes; fix: run mintctl doctor on node 0"
	[ "${#lines[@]}" -eq 2 ] || fail "more than the one finding: $output"
}

@test "APIC mode and interrupt remapping: x2APIC with remapping on, and xAPIC with APIC IDs it cannot address" {
	good_node0
	echo 1 >"$SYSROOT/sys/kernel/mint/x2apic"
	echo ' 24:          0          0  IR-PCI-MSI 65536-edge      ahci' >>"$SYSROOT/proc/interrupts"
	doc
	assert_success
	assert_finding apic ok "node 0 runs x2APIC (/sys/kernel/mint/x2apic), and so does every node; the CPUs do not support x2APIC"
	assert_finding irq-remap ok "interrupt remapping is on"
	rm "$SYSROOT/proc/interrupts"
	doc
	assert_finding irq-remap unknown "/proc/interrupts: No such file or directory"
	# The recorded 8-CPU machine: APIC IDs above 254 need x2APIC.
	good_node0
	sed -i '0,/^apicid/s/^apicid.*/apicid\t\t: 300/; 0,/^initial apicid/s/^initial apicid.*/initial apicid\t: 300/' \
		"$SYSROOT/proc/cpuinfo"
	doc
	assert_failure 1
	assert_finding apic FAIL "node 0 runs xAPIC, which cannot address APIC ID 300"
}

@test "SMT threads split between nodes and cores across NUMA nodes: the plan's warnings, exit 0" {
	good_node0
	cp -r "$MINT_SYSROOTS/numa-8cpu-6g/." "$SYSROOT/"
	printf '[shared]\nsize = 64M\n[node0]\ncores = 0-2\n[node1]\ncores = 3-7\nmemory = 512M\n' >"$CONF"
	doc
	assert_finding smt warn "$CONF:6: [node1] cores: CPU 2 of [node0] and CPU 3 of [node1] are SMT threads of one core (socket 0, core 1)"
	assert_finding numa warn "$CONF:6: [node1] cores: cores 3-7 span NUMA nodes 0 and 1"
	# The same machine and split with whole cores: ok.
	printf '[shared]\nsize = 64M\n[node0]\ncores = 0-3\n[node1]\ncores = 4-7\nmemory = 512M\n' >"$CONF"
	doc
	assert_finding smt ok "every core's SMT threads belong to one node"
	assert_finding numa ok "every secondary's cores and memory are on one NUMA node"
}

@test "kexec-tools: missing, without -c, or with kexec_load disabled is a warning; never a FAIL" {
	good_node0
	rm "$SYSROOT/usr/sbin/kexec"
	doc
	assert_success
	assert_finding kexec warn "kexec-tools is not installed: 'mintctl partition --kexec' needs it; fix: apt install kexec-tools"
	good_node0
	kexec_recorded 2.0.25
	doc
	assert_success
	assert_finding kexec warn "kexec-tools 2.0.25 has no -c (--kexec-syscall)"
	good_node0
	kexec_recorded 2.0.29 c
	doc
	assert_finding kexec ok "kexec-tools 2.0.29 has -c"
	echo 1 >"$SYSROOT/proc/sys/kernel/kexec_load_disabled"
	doc
	assert_success
	assert_line --partial "warn    kexec: kexec_load is disabled until the next boot (/proc/sys/kernel/kexec_load_disabled = 1)"
}

@test "--sysroot: kexec-tools is the recorded machine's (read from its binary, never run), not the one in PATH" {
	good_node0
	doc
	assert_success
	assert_finding kexec ok "kexec-tools 2.0.25 has -c"
	refute_output --partial "9.9.9"
	mv "$SYSROOT/usr/sbin/kexec" "$SYSROOT/kexec.bin"
	mkdir -p "$SYSROOT/sbin"
	mv "$SYSROOT/kexec.bin" "$SYSROOT/sbin/kexec"
	doc
	assert_finding kexec ok "kexec-tools 2.0.25 has -c"
	# A binary without the version string still says whether it has -c.
	printf 'kexec-tools home page\n\000 --kexec-syscall\n' >"$SYSROOT/sbin/kexec"
	doc
	assert_finding kexec ok "kexec-tools (version unknown) has -c"
}

@test "partition --kexec loads with the classic syscall that the kexec check looks for (-c)" {
	# doctor's "ok" means this command line works with the kexec found.
	good_node0
	run --separate-stderr "$MINTCTL" --sysroot "$SYSROOT" -c "$CONF" partition --kexec --dry-run \
		--kernel "$REPO/mintctl/fuzz/corpus-bzimage/fake-good.bin"
	assert_success
	assert_line --regexp '^kexec -l -c --mem-min='
}

@test "NetworkManager or systemd-networkd running without Mint's drop-in is a warning; with it, ok" {
	good_node0
	mkdir -p "$SYSROOT/proc/812" "$SYSROOT/proc/977"
	echo NetworkManager >"$SYSROOT/proc/812/comm"
	doc
	assert_success
	assert_finding network warn "NetworkManager runs without a rule that leaves vni* alone: it would configure vni0"
	assert_line --partial "fix: install /etc/NetworkManager/conf.d/90-mint-vni.conf (package mint-tools, or make install)"
	mkdir -p "$SYSROOT/etc/NetworkManager/conf.d"
	cp "$REPO/vni/dist/90-mint-vni.conf" "$SYSROOT/etc/NetworkManager/conf.d/"
	echo systemd-network >"$SYSROOT/proc/977/comm"
	doc
	assert_line "ok      network: NetworkManager runs and leaves vni0 alone (/etc/NetworkManager/conf.d/90-mint-vni.conf)"
	assert_line --partial "warn    network: systemd-networkd runs without a rule that leaves vni* alone"
	mkdir -p "$SYSROOT/usr/lib/systemd/network"
	cp "$REPO/vni/dist/10-mint-vni.network" "$SYSROOT/usr/lib/systemd/network/"
	doc
	assert_line "ok      network: systemd-networkd runs and leaves vni0 alone (/usr/lib/systemd/network/10-mint-vni.network)"
	refute_output --partial "warn    network"
}

@test "a bad config is a FAIL naming FILE:LINE, exit 2, and the other checks still run" {
	good_node0
	conf_2node | sed 's/^cores = 2-3$/cores = 2-9/' >"$CONF"
	doc
	assert_failure 2
	assert_finding plan FAIL "$CONF:"
	assert_finding kernel ok "has the Mint patches"
	assert_finding lockdown ok "none"
	refute_output --partial "partition:"
	[ -z "$stderr" ] || fail "stderr: $stderr"
	doc extra
	assert_failure 2
	assert_stderr_has "doctor: unexpected argument 'extra'"
}

@test "doctor --json: one document matching the schema, pass or fail, and no error object after it" {
	good_node0
	doc --json
	assert_success
	"$BATS_TEST_DIRNAME/json-schema.py" doctor <<<"$output" || fail "not a doctor document: $output"
	assert_output --partial '"can_boot":true'
	assert_output --partial '{"check":"partition","level":"ok","message":"node 0 booted with the plan'
	echo 'none [integrity] confidentiality' >"$SYSROOT/sys/kernel/security/lockdown"
	doc --json
	assert_failure 1
	"$BATS_TEST_DIRNAME/json-schema.py" doctor <<<"$output" || fail "not a doctor document: $output"
	assert_output --partial '"can_boot":false'
	assert_output --partial '{"check":"lockdown","level":"fail","message":"the kernel is locked down (integrity'
	[ "${#lines[@]}" -eq 1 ] || fail "more than one document: $output"
}

# The stand-in launcher owning node 1's low window, memory and the shared
# region ($1 overrides the ranges); node 1's cores in launcher state $2.
fake_launcher() {
	[ -f "$FAKE" ] || skip "no $FAKE (make build/mintctl/fake-launcher.so)"
	export FAKE_MINT_MEM="$BATS_TEST_TMPDIR/mem"
	export FAKE_MINT_RANGES=${1:-0x20000:0x20000,0x5de00000:0x22000000}
	export MINT_DEV="$BATS_TEST_TMPDIR/dev"
	: >"$MINT_DEV"
	: >"$FAKE_MINT_MEM"
	python3 - "$FAKE_MINT_MEM" "$2" <<'PY'
import struct, sys
with open(sys.argv[1], "r+b") as f:
    for apicid in (2, 3):
        f.seek(0x100000000 + 4 * apicid)
        f.write(struct.pack("<I", int(sys.argv[2], 0)))
PY
}

# doctor with the stand-in launcher preloaded.
fdoc() {
	run --separate-stderr env PATH="$KPATH" LD_PRELOAD="$FAKE" \
		ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0" \
		"$MINTCTL" --sysroot "$SYSROOT" -c "$CONF" doctor "$@"
}

@test "with the launcher: it owns every range and holds node 1's cores: ok" {
	good_node0
	fake_launcher "" 0x5		# KNOWN | HELD
	fdoc
	assert_success
	assert_finding launcher ok "$MINT_DEV: version 1, it may write every node's memory, low window and the shared region"
	assert_finding cpus ok "CPUs 2-3 of node1 are offline in node 0 and held by the launcher"
}

@test "with the launcher: cores it does not hold are a warning, ranges it does not own a FAIL" {
	good_node0
	fake_launcher 0x20000:0x20000,0x5de00000:0x20000000 0x1	# KNOWN only
	fdoc
	assert_failure 1
	assert_finding cpus warn "CPUs 2-3 of node1 are offline but not held by the launcher"
	assert_finding launcher FAIL "it may not write the shared region 0x7de00000-0x7fdfffff: node 0 did not reserve it with memmap="
}

@test "a missing /dev/mint on a kernel that has the launcher is a FAIL that asks about /dev" {
	good_node0
	MINT_DEV="$BATS_TEST_TMPDIR/no-dev" doc
	assert_failure 1
	assert_finding launcher FAIL "$BATS_TEST_TMPDIR/no-dev: No such file or directory; fix: the kernel has the launcher: is devtmpfs mounted on /dev?"
}
