#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# mintctl plan/validate/machine on the recorded machines.

load helpers

# Hand-checked plan for bootcfg/qemu-2node.conf on QEMU pc, -smp 4 -m 2G:
#  - SeaBIOS e820: RAM 0x0-0x9fbff and 0x100000-0x7ffdffff, so RAM ends at
#    0x7ffe0000; the highest 2M-aligned end is 0x7fe00000.
#  - Placement is top-down, shared region first:
#      shared 32M (0x2000000):  0x7fe00000 - 0x2000000  = 0x7de00000
#      node1 512M (0x20000000): 0x7de00000 - 0x20000000 = 0x5de00000
#  - node1's low window is the first one: 128K at 0x20000.
#  - node 0 owns cores 0-1, so maxcpus=2.
#  - node 0 keeps 0x1000-0x1ffff (page 0 is never planned), 0x40000-0x9fbff, 0x100000-0x5ddfffff and the
#    unaligned tail 0x7fe00000-0x7ffdffff.
#  - node1's memory ends where the shared region starts, so one memmap=
#    reserves both: 0x5de00000-0x7fdfffff, 512M + 32M = 544M.
QEMU_2NODE_PARAMS='maxcpus=2 no_ipi_broadcast=1 memmap=544M$0x5de00000 memmap=128K$0x20000 reserve=0x2f8,8'

# bootcfg/qemu-3node.conf: shared as above; node1 384M (0x18000000) at
# 0x7de00000 - 0x18000000 = 0x65e00000, node2 below it at 0x4de00000;
# low windows 0x20000 and 0x40000. Merged: node2, node1 and the shared
# region are 0x4de00000-0x7fdfffff (384M + 384M + 32M = 800M), the low
# windows 0x20000-0x5ffff (256K).
QEMU_3NODE_PARAMS='maxcpus=2 no_ipi_broadcast=1 memmap=800M$0x4de00000 memmap=256K$0x20000 reserve=0x2f8,8,0x3e8,8'

@test "plan for the 2-node QEMU example matches the hand-checked addresses" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	mint plan
	assert_success
	assert_line --regexp '^0 +node0 +0-1 +0,1 +02:4d:49:4e:54:00 +10\.77\.0\.1 +0x1000-0x1ffff \(124K\) +-$'
	assert_line --regexp '^ +0x40000-0x9fbff \(383K\)$'
	assert_line --regexp '^ +0x100000-0x5ddfffff \(1\.5G\)$'
	assert_line --regexp '^ +0x7fe00000-0x7ffdffff \(1\.9M\)$'
	assert_line --regexp '^1 +node1 +2-3 +2,3 +02:4d:49:4e:54:01 +10\.77\.0\.2 +0x5de00000-0x7ddfffff \(512M\) +0x20000-0x3ffff \(128K\)$'
	assert_line 'shared region: 0x7de00000-0x7fdfffff (32M)'
	assert_line "  $QEMU_2NODE_PARAMS"
}

@test "plan for the 3-node QEMU example gives each secondary its own memory and low window" {
	CONF="$REPO/bootcfg/qemu-3node.conf"
	mint plan
	assert_success
	assert_line "  $QEMU_3NODE_PARAMS"
	assert_line --regexp '^2 +node2 +3 +3 .* 0x4de00000-0x65dfffff \(384M\) +0x40000-0x5ffff \(128K\)$'
}

@test "every secondary gets a console channel after the VNI area, in the table and in JSON" {
	# 2 nodes: the VNI area ends below 0x1023000, so node1's channel (a 4K
	# header, 256K output, 4K input) is 0x7de00000 + 0x1023000, 264K long.
	CONF="$REPO/bootcfg/qemu-2node.conf"
	mint plan
	assert_success
	assert_line '  control block 64K, VNI area 16.1M, console channels 264K of 32M'
	assert_line 'console channels: output ring 256K, input ring 4K each'
	assert_line --regexp '^  node1 +0x7ee23000-0x7ee64fff \(264K\)$'
	mint plan --json
	assert_success
	"$BATS_TEST_DIRNAME/json-schema.py" plan <<<"$output" || fail "schema: $output"
	run python3 -c '
import json, sys
d = json.loads(sys.argv[1])
print(d["console"])
print([n["console"] for n in d["nodes"]])' "$output"
	assert_line --index 0 "{'offset': 16920576, 'area_size': 270336, 'out_size': 262144, 'in_size': 4096, 'nr_channels': 1}"
	assert_line --index 1 "[None, {'start': 2128752640, 'size': 270336}]"
	# 3 nodes: one channel each for node1 and node2, back to back.
	CONF="$REPO/bootcfg/qemu-3node.conf"
	mint plan
	assert_line --regexp '^  node1 +0x7f637000-0x7f678fff \(264K\)$'
	assert_line --regexp '^  node2 +0x7f679000-0x7f6bafff \(264K\)$'
}

@test "validate accepts both QEMU examples" {
	for n in 2 3; do
		CONF="$REPO/bootcfg/qemu-${n}node.conf"
		mint validate
		assert_success
		assert_output "$CONF: plan for $n nodes can boot"
	done
}

@test "plan --json is valid JSON with the same addresses as the table" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	mint plan --json
	assert_success
	echo "$output" > "$OUT/plan.json"
	run python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))
assert p["shared_region"] == {"start": 0x7de00000, "size": 32 << 20}, p["shared_region"]
n1 = p["nodes"][1]
assert n1["memory"] == [{"start": 0x5de00000, "size": 512 << 20}], n1
assert n1["low_window"] == {"start": 0x20000, "size": 0x20000}, n1
assert n1["apic_ids"] == [2, 3] and n1["cores"] == [2, 3] and n1["cpulist"] == "2-3"
assert n1["memory_total"] == 512 << 20
assert p["vni"]["nr_nodes"] == 2
print(p["kernel_params"])' "$OUT/plan.json"
	assert_success
	assert_output "$QEMU_2NODE_PARAMS"
}

@test "validate --json reports a bootable plan" {
	CONF="$REPO/bootcfg/qemu-3node.conf"
	mint validate --json
	assert_success
	assert_output '{"valid":true,"nr_nodes":3}'
}

@test "machine reads APIC IDs of never-booted CPUs from the MADT" {
	run "$MINTCTL" --sysroot "$QEMU" machine
	assert_success
	assert_line '0    0        0      0    0      0        0    online'
	assert_line '3    3        3      0    0      3        0    not online (APIC ID from the MADT)'
	assert_line 'RAM: 2.0G, ends at 0x7ffe0000'
}

@test "machine maps sparse APIC IDs in ascending order and skips disabled MADT entries" {
	run "$MINTCTL" --sysroot "$HW" machine --json
	assert_success
	run python3 -c '
import json, sys
m = json.loads(sys.argv[1])
print(" ".join("%d:%d" % (c["cpu"], c["apic_id"]) for c in m["cpus"]))' "$output"
	assert_output '0:0 1:2 2:4 3:6 4:8 5:10 6:12 7:14'
}

@test "automatic placement on the 8-core machine steps around the reserved hole" {
	SYSROOT="$HW"
	cat > "$CONF" <<'CONF'
[shared]
size = 64M
[node0]
cores = 0-3
[node1]
cores = 4-5
memory = 6G
[node2]
cores = 6-7
memory = 2G
CONF
	# RAM 0x2a0000000-0x45fffffff (7G) takes the shared region at the top
	# and node1's 6G below it; 2G no longer fits there, so node2 goes
	# below the hole at 0x280000000-0x29fffffff, ending at 0x280000000.
	# Merged: node1 and the shared region are 0x2dc000000-0x45fffffff
	# (6G + 64M = 6208M), the low windows 0x20000-0x5ffff (256K).
	mint partition --print
	assert_success
	assert_output 'maxcpus=4 no_ipi_broadcast=1 memmap=6208M$0x2dc000000 memmap=256K$0x20000 memmap=2G$0x200000000'
}

@test "fixed addresses in the config are used as given" {
	conf_2node | sed 's/^memory = 512M$/memory = 256M@0x20000000/; s/^size = 32M$/size = 32M\nbase = 0x40000000/' > "$CONF"
	mint partition --print
	assert_success
	assert_output 'maxcpus=2 no_ipi_broadcast=1 memmap=256M$0x20000000 memmap=128K$0x20000 memmap=32M$0x40000000 reserve=0x2f8,8'
}

@test "a fixed low window is honoured and automatic ones avoid it" {
	cat > "$CONF" <<'CONF'
[shared]
size = 32M
[node0]
cores = 0-1
[node1]
cores = 2
memory = 64M
[node2]
cores = 3
memory = 64M
lowmem = 64K@0x20000
CONF
	# node2's window takes 0x20000-0x2ffff, so node1's goes right after
	# it; memory: shared at 0x7de00000, then 64M each below it. Merged:
	# 0x75e00000-0x7fdfffff (64M + 64M + 32M = 160M) and the windows
	# 0x20000-0x4ffff (64K + 128K = 192K).
	mint partition --print
	assert_success
	assert_output 'maxcpus=2 no_ipi_broadcast=1 memmap=160M$0x75e00000 memmap=192K$0x20000'
}

@test "--set and --shared-size override the file" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	# shared 64M: 0x7fe00000 - 0x4000000 = 0x7be00000;
	# node1 256M: 0x7be00000 - 0x10000000 = 0x6be00000; merged with the
	# shared region: 0x6be00000-0x7fdfffff, 320M.
	mint --set node1.memory=256M --shared-size 64M partition --print
	assert_success
	assert_output 'maxcpus=2 no_ipi_broadcast=1 memmap=320M$0x6be00000 memmap=128K$0x20000 reserve=0x2f8,8'
}

@test "names, MACs and VNI addressing from the config appear in the plan" {
	conf_2node | sed 's/^name = node1$/name = worker-1\nmac = 02:00:00:00:00:42/; s|^addressing = .*|addressing = 192.168.7.0/29|' > "$CONF"
	mint plan
	assert_success
	assert_line --regexp '^1 +worker-1 +2-3 +2,3 +02:00:00:00:00:42 +192\.168\.7\.2 '
	assert_line --partial 'addressing 192.168.7.0/29'
}

@test "discovery falls back to /proc/iomem without /sys/firmware/memmap" {
	cp -r "$QEMU" "$BATS_TEST_TMPDIR/root"
	rm -r "$BATS_TEST_TMPDIR/root/sys/firmware/memmap"
	run "$MINTCTL" --sysroot "$BATS_TEST_TMPDIR/root" machine --json
	assert_success
	assert_output --partial '"memory_map_source":"/proc/iomem"'
	# iomem shows the previous partition's reservations as Reserved, so
	# the planner treats them as holes and places below them.
	SYSROOT="$BATS_TEST_TMPDIR/root"
	CONF="$REPO/bootcfg/qemu-2node.conf"
	mint partition --print
	assert_success
	assert_output 'maxcpus=2 no_ipi_broadcast=1 memmap=512M$0x4be00000 memmap=128K$0x40000 memmap=32M$0x7be00000 reserve=0x2f8,8'
}

@test "discovery works on the machine it runs on" {
	grep -q '^apicid' /proc/cpuinfo || skip "not an x86 machine"
	[ -r /sys/firmware/memmap/0/type ] || [ "$(id -u)" -eq 0 ] || skip "needs /sys/firmware/memmap or root for /proc/iomem"
	run "$MINTCTL" machine
	assert_success
	assert_line --regexp '^0 +[0-9]+ +([0-9-]+ +){5}online$'
	assert_line --regexp '^RAM: '
}

@test "a missing /proc/cpuinfo is a runtime failure (exit 1) naming the file" {
	mkdir -p "$BATS_TEST_TMPDIR/empty"
	run --separate-stderr "$MINTCTL" --sysroot "$BATS_TEST_TMPDIR/empty" machine
	assert_failure 1
	assert_stderr_has "$BATS_TEST_TMPDIR/empty/proc/cpuinfo: No such file or directory"
}

@test "CPUs that are present but not online need the MADT" {
	cp -r "$QEMU" "$BATS_TEST_TMPDIR/root"
	rm "$BATS_TEST_TMPDIR/root/sys/firmware/acpi/tables/APIC"
	run --separate-stderr "$MINTCTL" --sysroot "$BATS_TEST_TMPDIR/root" machine
	assert_failure 1
	assert_stderr_has 'sys/firmware/acpi/tables/APIC: No such file or directory (needed for the APIC IDs of CPUs that are present but not online)'
}

@test "the hardware template validates on the recorded 8-core machine" {
	SYSROOT="$HW"
	CONF="$REPO/bootcfg/hardware-template.conf"
	mint validate
	assert_success
	mint plan
	assert_success
	# 4G for worker2 no longer fits above the hole at 0x280000000.
	assert_line --regexp '^2 +worker2 +6-7 +12,14 .* 0x180000000-0x27fffffff \(4G\) +0x40000-0x5ffff \(128K\)$'
}

@test "the recorded MADTs are exactly what record.sh generates" {
	run "$BATS_TEST_DIRNAME/sysroot/record.sh" "$BATS_TEST_TMPDIR/rec"
	assert_success
	for m in qemu-4cpu-2g hw-8cpu-16g; do
		cmp "$BATS_TEST_TMPDIR/rec/$m/sys/firmware/acpi/tables/APIC" \
			"$BATS_TEST_DIRNAME/sysroot/$m/sys/firmware/acpi/tables/APIC"
	done
	# An ACPI table's bytes sum to zero.
	run python3 -c 'import sys; print(sum(open(sys.argv[1], "rb").read()) % 256)' "$QEMU/sys/firmware/acpi/tables/APIC"
	assert_output 0
}

@test "the recorded machine agrees with a sysroot recorded in a real QEMU guest" {
	real="$REPO/tests/qemu/sysroot"
	[ -d "$real" ] || skip "no sysroot recorded from QEMU (tests/qemu/record-sysroot.sh)"
	# Our generated MADT is byte for byte what SeaBIOS/QEMU serves.
	cmp "$real/sys/firmware/acpi/tables/APIC" "$QEMU/sys/firmware/acpi/tables/APIC"
	# Same plan from the real recording (all 4 CPUs online there).
	CONF="$REPO/bootcfg/qemu-2node.conf"
	SYSROOT="$real"
	mint partition --print
	assert_success
	assert_output "$QEMU_2NODE_PARAMS"
}
