#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# NUMA and topology: machine discovery from the ACPI SRAT and the APIC IDs,
# NUMA-local placement, the validate warnings, merged memmap= and malformed
# SRATs, on a synthetic 2-socket server (sysroot/numa-8cpu-6g, made by
# sysroot/record.sh):
#  - APIC IDs 0-3 (socket 0) and 8-11 (socket 1); bit 0 is the SMT thread,
#    bit 1 the core. Node 0 booted with maxcpus=4: CPUs 0-3 online.
#  - RAM 0-0x9fbff, 1M-3G (0x100000-0xbfffffff) and 4G-7G
#    (0x100000000-0x1bfffffff).
#  - SRAT: NUMA node 0 = APIC 0-3, 0-640K and 1M-2G; NUMA node 1 = APIC
#    8-11, 2G-3G and 4G-7G. So the firmware range 1M-3G spans both.

load helpers

NUMA_HW="$BATS_TEST_DIRNAME/sysroot/numa-8cpu-6g"
MAKE_SRAT="$BATS_TEST_DIRNAME/sysroot/make-srat.py"
NUMA_CPUS='cpu:0:0 cpu:0:1 cpu:0:2 cpu:0:3 cpu:1:8 cpu:1:9 cpu:1:10 cpu:1:11'

# A copy of the NUMA machine in $SYSROOT whose SRAT is make-srat.py "$@".
numa_sysroot_with_srat() {
	SYSROOT="$BATS_TEST_TMPDIR/numa"
	rm -rf "$SYSROOT"
	cp -r "$NUMA_HW" "$SYSROOT"
	"$MAKE_SRAT" "$SYSROOT/sys/firmware/acpi/tables/SRAT" "$@"
}

# Node 0 on socket 0 (CPUs 0-3), node1 on socket 1 (CPUs 4-7); $1 memory.
conf_two_sockets() {
	cat > "$CONF" <<CONF
[shared]
size = 64M
[node0]
cores = 0-3
[node1]
cores = 4-7
memory = $1
CONF
}

@test "machine shows socket, core, SMT siblings and NUMA node of every CPU, never-booted ones too" {
	run "$MINTCTL" --sysroot "$NUMA_HW" machine
	assert_success
	assert_line 'CPU  APIC ID  SOCKET CORE THREAD SIBLINGS NUMA STATE'
	assert_line '0    0        0      0    0      0-1      0    online'
	assert_line '3    3        0      1    1      2-3      0    online'
	assert_line '4    8        1      0    0      4-5      1    not online (APIC ID from the MADT)'
	assert_line '7    11       1      1    1      6-7      1    not online (APIC ID from the MADT)'
	assert_line 'topology: APIC IDs hold 1 SMT bit, 2 core bits, then the socket (derived from the online CPUs in /proc/cpuinfo)'
	assert_line 'NUMA: 2 nodes (/sys/firmware/acpi/tables/SRAT)'
	assert_line '  node 0 (proximity domain 0): CPUs 0-3, RAM 2.0G'
	assert_line '  node 1 (proximity domain 1): CPUs 4-7, RAM 4G'
}

@test "machine splits a firmware memory range that spans two NUMA nodes" {
	run "$MINTCTL" --sysroot "$NUMA_HW" machine
	assert_success
	assert_line '  0x0000000000100000-0x000000007fffffff 2.0G     NUMA 0   System RAM'
	assert_line '  0x0000000080000000-0x00000000bfffffff 1G       NUMA 1   System RAM'
	assert_line '  0x0000000100000000-0x00000001bfffffff 3G       NUMA 1   System RAM'
	# Not in any SRAT range.
	assert_line '  0x00000000e0000000-0x00000000efffffff 256M     NUMA -   Reserved'
	assert_line 'RAM: 6.0G, ends at 0x1c0000000'
}

@test "machine --json adds topology and NUMA and keeps every existing key" {
	run "$MINTCTL" --sysroot "$NUMA_HW" machine --json
	assert_success
	run python3 -c '
import json, sys
m = json.loads(sys.argv[1])
for c in m["cpus"]:
    assert set(c) >= {"cpu", "apic_id", "online", "socket", "core", "thread", "siblings", "numa_node"}, c
print(" ".join("%d:%d/%d/%d/%d/%s" % (c["cpu"], c["apic_id"], c["socket"], c["core"],
      c["thread"], c["numa_node"]) for c in m["cpus"]))
print(m["cpus"][6]["siblings"], m["topology"])
print(m["numa_source"], [(n["numa_node"], n["proximity_domain"], n["cpus"], n["ram_total"]) for n in m["numa_nodes"]])
for e in m["memory_map"]:
    assert set(e) >= {"start", "size", "type", "numa_node", "numa_ranges"}, e
    if e["start"] == 0x100000:
        print(e["numa_node"], [(r["start"], r["size"], r["numa_node"]) for r in e["numa_ranges"]])
print(m["memory_map_source"], m["ram_total"], m["ram_end"])' "$output"
	assert_success
	assert_line --index 0 '0:0/0/0/0/0 1:1/0/0/1/0 2:2/0/1/0/0 3:3/0/1/1/0 4:8/1/0/0/1 5:9/1/0/1/1 6:10/1/1/0/1 7:11/1/1/1/1'
	assert_line --index 1 "[6, 7] {'known': True, 'smt_bits': 1, 'core_bits': 2}"
	assert_line --index 2 "/sys/firmware/acpi/tables/SRAT [(0, 0, [0, 1, 2, 3], 2147089408), (1, 1, [4, 5, 6, 7], 4294967296)]"
	assert_line --index 3 "None [(1048576, 2146435072, 0), (2147483648, 1073741824, 1)]"
	assert_line --index 4 "/sys/firmware/memmap 6442056704 7516192768"
}

@test "x2APIC affinity entries place CPUs like local APIC ones" {
	numa_sysroot_with_srat cpu:0:0 cpu:0:1 cpu:0:2 cpu:0:3 \
		x2apic:1:8 x2apic:1:9 x2apic:1:10 x2apic:1:11 \
		mem:0:0:0xa0000 mem:0:0x100000:0x7ff00000 \
		mem:1:0x80000000:0x40000000 mem:1:0x100000000:0xc0000000
	run "$MINTCTL" --sysroot "$SYSROOT" machine
	assert_success
	assert_line '5    9        1      0    1      4-5      1    not online (APIC ID from the MADT)'
	assert_line '  node 1 (proximity domain 1): CPUs 4-7, RAM 4G'
}

@test "disabled SRAT entries are ignored" {
	# record.sh gives the SRAT a disabled x2APIC slot in domain 7 and a
	# disabled entry that would put 2G-3G on NUMA node 0.
	run "$MINTCTL" --sysroot "$NUMA_HW" machine --json
	assert_success
	run python3 -c '
import json, sys
m = json.loads(sys.argv[1])
print(len(m["numa_nodes"]), [r["numa_node"] for e in m["memory_map"] for r in e["numa_ranges"] if r["start"] == 0x80000000])' "$output"
	assert_output '2 [1]'
}

@test "without an SRAT every CPU and all memory are NUMA node 0" {
	cp -r "$NUMA_HW" "$BATS_TEST_TMPDIR/root"
	rm "$BATS_TEST_TMPDIR/root/sys/firmware/acpi/tables/SRAT"
	run "$MINTCTL" --sysroot "$BATS_TEST_TMPDIR/root" machine
	assert_success
	assert_line 'NUMA: one node 0 with every CPU and all memory (no SRAT)'
	# Without NUMA nodes to go by, socket 1's APIC IDs read as one socket.
	assert_line '4    8        0      4    0      4-5      0    not online (APIC ID from the MADT)'
	assert_line '  0x0000000000100000-0x00000000bfffffff 3.0G     NUMA 0   System RAM'
}

@test "plan puts a node whose cores are on socket 1 into NUMA node 1's memory, above 4 GiB too" {
	SYSROOT="$NUMA_HW"
	conf_two_sockets 512M
	# Shared region at the top of RAM (0x1c0000000 - 64M, NUMA node 1);
	# node1 at the top of what NUMA node 1 has left: right below it,
	# 0x1bc000000 - 512M = 0x19c000000 (mintctl boot enters it in long
	# mode). NUMA node 0 (0-2G) keeps everything else.
	mint plan
	assert_success
	assert_line --regexp '^1 +node1 +4-7 +8,9,10,11 .* 0x19c000000-0x1bbffffff \(512M\) +0x20000-0x3ffff \(128K\)$'
	assert_line 'shared region: 0x1bc000000-0x1bfffffff (64M)'
	[ -z "$stderr" ] || fail "unexpected warnings: $stderr"
}

@test "a config that keeps every node on its own socket validates without warnings" {
	SYSROOT="$NUMA_HW"
	conf_two_sockets 512M
	mint validate
	assert_success
	assert_output "$CONF: plan for 2 nodes can boot"
	[ -z "$stderr" ] || fail "unexpected warnings: $stderr"
	# node1 0x19c000000-0x1bbffffff and the shared region touch: 576M.
	mint partition --print
	assert_success
	assert_output 'maxcpus=4 no_ipi_broadcast=1 cpuhp.parallel=0 memmap=576M$0x19c000000 memmap=128K$0x20000'
	[ -z "$stderr" ] || fail "unexpected warnings: $stderr"
}

# The modern QEMU machine's NUMA layout: NUMA node 0 is all RAM below 4 GiB
# (0-640K, 1M-3G), NUMA node 1 only RAM above it (4G-7G).
numa_above_4g() {
	numa_sysroot_with_srat $NUMA_CPUS mem:0:0:0xa0000 \
		mem:0:0x100000:0xbff00000 mem:1:0x100000000:0xc0000000
}

@test "when the cores' NUMA node has no room left, the memory goes on another one with a warning naming both" {
	numa_above_4g
	cat > "$CONF" <<'CONF'
[shared]
size = 64M
[node0]
cores = 0-3
[node1]
cores = 4-5
memory = 2G
[node2]
cores = 6-7
memory = 2G
CONF
	# NUMA node 1: shared region at 0x1bc000000, node1 2G below it at
	# 0x13c000000; 960M are left there, so node2's 2G goes on NUMA node 0,
	# at the top of 1M-3G: 0xc0000000 - 2G = 0x40000000.
	mint validate
	assert_success
	assert_output "$CONF: plan for 3 nodes can boot"
	assert_stderr_has "mintctl: warning: $CONF:10: [node2] memory: placed on NUMA node 0 at 0x40000000-0xbfffffff: NUMA node 1, which holds its cores (6-7), has no free 2G left"
	[ "$(grep -c warning <<<"$stderr")" -eq 1 ] || fail "expected one warning: $stderr"
	mint partition --print
	assert_success
	assert_output 'maxcpus=4 no_ipi_broadcast=1 cpuhp.parallel=0 memmap=2112M$0x13c000000 memmap=256K$0x20000 memmap=2G$0x40000000'
}

@test "validate warns when a node's memory and its cores sit on different NUMA nodes" {
	SYSROOT="$NUMA_HW"
	conf_two_sockets 256M@0x40000000
	mint validate
	assert_success
	assert_output "$CONF: plan for 2 nodes can boot"
	assert_stderr_has "mintctl: warning: $CONF:7: [node1] memory: 0x40000000-0x4fffffff is on NUMA node 0, but cores 4-7 are on NUMA node 1, so memory accesses cross between sockets (leave out @ADDR to place it on its cores' NUMA node)"
	[ "$(grep -c warning <<<"$stderr")" -eq 1 ] || fail "expected one warning: $stderr"
}

@test "validate warns when SMT siblings are split between two nodes and when cores span NUMA nodes" {
	SYSROOT="$NUMA_HW"
	conf_two_sockets 512M
	sed -i 's/^cores = 0-3$/cores = 0-2/; s/^cores = 4-7$/cores = 3-7/' "$CONF"
	mint validate
	assert_success
	assert_output "$CONF: plan for 2 nodes can boot"
	# CPU 2 (APIC ID 2) and CPU 3 (APIC ID 3) are the threads of core 1.
	assert_stderr_has "mintctl: warning: $CONF:6: [node1] cores: CPU 2 of [node0] and CPU 3 of [node1] are SMT threads of one core (socket 0, core 1): the two nodes compete for its execution units and caches; give both threads to one node"
	assert_stderr_has "mintctl: warning: $CONF:6: [node1] cores: cores 3-7 span NUMA nodes 0 and 1; NUMA node 1 holds most of them (4 of 5), so the memory is placed there"
	[ "$(grep -c warning <<<"$stderr")" -eq 2 ] || fail "expected two warnings: $stderr"
	mint partition --print
	assert_success
	assert_stderr_has "SMT threads of one core"
}

@test "partition merges memory placed side by side and consecutive low windows into one memmap= each" {
	SYSROOT="$NUMA_HW"
	cat > "$CONF" <<'CONF'
[shared]
size = 64M
[node0]
cores = 0-3
[node1]
cores = 4-5
memory = 256M
[node2]
cores = 6-7
memory = 256M
CONF
	# The shared region 0x1bc000000-0x1bfffffff, node1 0x1ac000000-
	# 0x1bbffffff and node2 0x19c000000-0x1abffffff touch: 0x19c000000-
	# 0x1bfffffff is 64M + 256M + 256M = 576M. Low windows 0x20000-0x3ffff
	# and 0x40000-0x5ffff: 0x20000-0x5ffff is 256K.
	mint partition --print
	assert_success
	assert_output 'maxcpus=4 no_ipi_broadcast=1 cpuhp.parallel=0 memmap=576M$0x19c000000 memmap=256K$0x20000'
	# The plan keeps each node's own ranges.
	mint plan
	assert_line --regexp '^1 +node1 .* 0x1ac000000-0x1bbffffff \(256M\) +0x20000-0x3ffff \(128K\)$'
	assert_line --regexp '^2 +node2 .* 0x19c000000-0x1abffffff \(256M\) +0x40000-0x5ffff \(128K\)$'
	assert_line 'shared region: 0x1bc000000-0x1bfffffff (64M)'
}

@test "more than 4 reservations after merging go into one memmap= list, with a KASLR warning" {
	cat > "$CONF" <<'CONF'
[shared]
size = 64M
[node0]
cores = 0
[node1]
cores = 1
memory = 64M@0x10000000
[node2]
cores = 2
memory = 64M@0x20000000
[node3]
cores = 3
memory = 64M@0x30000000
CONF
	# Three separate memory ranges, the shared region at 0x7be00000 and
	# the low windows 0x20000-0x7ffff (3 x 128K = 384K): 5 regions.
	mint partition --print
	assert_success
	assert_output 'maxcpus=1 no_ipi_broadcast=1 memmap=64M$0x10000000,384K$0x20000,64M$0x20000000,64M$0x30000000,64M$0x7be00000'
	assert_stderr_has "mintctl: warning: $CONF: node 0 needs 5 memmap= reservations even with neighbours merged; its boot decompressor keeps KASLR away from at most 4 (MAX_MEMMAP_REGIONS), so KASLR on node 0 will not randomize the physical address"
	params=$output
	mint validate
	assert_success
	assert_stderr_has "KASLR on node 0 will not randomize the physical address"
	# Node 0 booted with the list reserves every region in it.
	run "$BATS_TEST_DIRNAME/sysroot/partition-iomem.py" "$QEMU/proc/iomem" "$params"
	assert_success
	assert_line '00040000-0007ffff : Reserved'
	assert_line '10000000-13ffffff : Reserved'
	assert_line '30000000-33ffffff : Reserved'
	assert_line '7be00000-7ddfffff : Reserved'
}

@test "the reserved ranges of a merged memmap= are exactly the union of the plan's ranges" {
	for conf in qemu-2node qemu-3node; do
		CONF="$REPO/bootcfg/$conf.conf"
		mint plan --json
		assert_success
		run python3 -c '
import json, re, sys
p = json.loads(sys.argv[1])
want = [p["shared_region"]] + [r for n in p["nodes"][1:] for r in n["memory"] + [n["low_window"]]]
spans = sorted((r["start"], r["start"] + r["size"]) for r in want)
union = []
for s, e in spans:
    if union and union[-1][1] == s:
        union[-1] = (union[-1][0], e)
    else:
        union.append((s, e))
unit = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "": 1}
got = sorted((int(a, 0), int(a, 0) + int(n) * unit[u])
             for n, u, a in re.findall(r"(\d+)([KMG]?)\$(0x[0-9a-f]+)", p["kernel_params"]))
assert got == union, (got, union)
print(len(got))' "$output"
		assert_success
		assert_output 2
	done
}

@test "a truncated SRAT is a runtime error (exit 1) naming the file" {
	numa_sysroot_with_srat $NUMA_CPUS mem:0:0:0xa0000
	head -c 40 "$NUMA_HW/sys/firmware/acpi/tables/SRAT" > "$SYSROOT/sys/firmware/acpi/tables/SRAT"
	run --separate-stderr "$MINTCTL" --sysroot "$SYSROOT" machine
	assert_failure 1
	assert_stderr_has "mintctl: machine: $SYSROOT/sys/firmware/acpi/tables/SRAT: SRAT is shorter than its 48-byte header (truncated?)"
	[ -z "$output" ] || fail "unexpected stdout: $output"
	# Cut inside the entries: the header's length no longer fits.
	head -c 100 "$NUMA_HW/sys/firmware/acpi/tables/SRAT" > "$SYSROOT/sys/firmware/acpi/tables/SRAT"
	conf_two_sockets 512M
	mint validate
	assert_failure 1
	assert_stderr_has "mintctl: validate: $SYSROOT/sys/firmware/acpi/tables/SRAT: SRAT length field is larger than the file (truncated?)"
}

@test "an SRAT whose length field disagrees with the file is refused" {
	numa_sysroot_with_srat --length 4096 $NUMA_CPUS
	run --separate-stderr "$MINTCTL" --sysroot "$SYSROOT" machine
	assert_failure 1
	assert_stderr_has "SRAT: SRAT length field is larger than the file (truncated?)"
	numa_sysroot_with_srat --length 40 $NUMA_CPUS
	run --separate-stderr "$MINTCTL" --sysroot "$SYSROOT" machine
	assert_failure 1
	assert_stderr_has "SRAT: SRAT length field is shorter than the 48-byte header"
}

@test "an SRAT entry that runs past the end of the table is refused" {
	# A memory affinity entry claims 40 bytes; 10 are left in the table.
	numa_sysroot_with_srat $NUMA_CPUS raw:01280000000000000000
	run --separate-stderr "$MINTCTL" --sysroot "$SYSROOT" machine
	assert_failure 1
	assert_stderr_has "mintctl: machine: $SYSROOT/sys/firmware/acpi/tables/SRAT: SRAT entry runs past the end of the table"
	# An entry of length 0 would never end.
	numa_sysroot_with_srat $NUMA_CPUS raw:0000
	run --separate-stderr "$MINTCTL" --sysroot "$SYSROOT" machine
	assert_failure 1
	assert_stderr_has "SRAT: SRAT entry has a length below 2"
	# Long enough for the table, too short for its type.
	numa_sysroot_with_srat $NUMA_CPUS raw:020c00000000000000000000
	run --separate-stderr "$MINTCTL" --sysroot "$SYSROOT" machine
	assert_failure 1
	assert_stderr_has "SRAT: SRAT x2APIC affinity entry (type 2) is shorter than 24 bytes"
}

@test "the NUMA machine's MADT and SRAT are exactly what record.sh generates" {
	run "$BATS_TEST_DIRNAME/sysroot/record.sh" "$BATS_TEST_TMPDIR/rec"
	assert_success
	for t in APIC SRAT; do
		cmp "$BATS_TEST_TMPDIR/rec/numa-8cpu-6g/sys/firmware/acpi/tables/$t" \
			"$NUMA_HW/sys/firmware/acpi/tables/$t"
		run python3 -c 'import sys; print(sum(open(sys.argv[1], "rb").read()) % 256)' "$NUMA_HW/sys/firmware/acpi/tables/$t"
		assert_output 0
	done
}
