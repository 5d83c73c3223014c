#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# The layout descriptor: writing, round trip, and rejecting damaged blobs.

load helpers

# Write the 2-node QEMU descriptor to $OUT/layout.dtb.
write_2node() {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	mint descriptor -o "$OUT/layout.dtb" --generation 42
	assert_success
}

# A bad blob must exit 2 with $1 and print nothing on stdout.
refute_blob() {
	run --separate-stderr "$MINTCTL" descriptor --dump "$1"
	[ "$status" -eq 2 ] || fail "exit status $status, expected 2; stderr: $stderr"
	assert_stderr_has "$2"
	[ -z "$output" ] || fail "unexpected stdout: $output"
}

@test "descriptor -o writes a device tree that dtc can read" {
	write_2node
	assert_output "$OUT/layout.dtb: layout descriptor for 2 nodes, 1090 bytes, generation 42"
	command -v dtc >/dev/null || skip "dtc not installed"
	run dtc -I dtb -O dts "$OUT/layout.dtb"
	assert_success
	assert_line --partial 'compatible = "mint,layout";'
	assert_line --partial 'generation = <0x00 0x2a>;'
	assert_line --partial 'memory = <0x00 0x5de00000 0x00 0x20000000>;'
	assert_line --partial 'low-window = <0x00 0x20000 0x00 0x20000>;'
	# Node 1's console channel right after the VNI area, one per secondary.
	assert_line --partial 'offset = <0x00 0x1023000>;'
	assert_line --partial 'out-size = <0x40000>;'
	assert_line --partial 'in-size = <0x1000>;'
	assert_line --partial 'nr-channels = <0x01>;'
}

# The 2-node descriptor with one edit of its source (sed script $1),
# checksum fixed, in $OUT/edited.dtb.
edit_2node() {
	command -v dtc >/dev/null || skip "dtc not installed"
	write_2node
	dtc -I dtb -O dts "$OUT/layout.dtb" | sed "$1" |
		dtc -I dts -O dtb -o "$OUT/edited.dtb"
	run "$BATS_TEST_DIRNAME/fix-checksum.py" "$OUT/edited.dtb"
	assert_success
}

@test "console channels in the VNI area, past the region, of bad sizes or not one per secondary are rejected" {
	# The VNI area of 2 nodes ends at 0x1022xxx: one page earlier overlaps it.
	edit_2node 's/offset = <0x00 0x1023000>/offset = <0x00 0x1022000>/'
	refute_blob "$OUT/edited.dtb" "bad console channels: the channels overlap the control block or the VNI area"
	edit_2node 's/offset = <0x00 0x1023000>/offset = <0x00 0x8000>/'
	refute_blob "$OUT/edited.dtb" "bad console channels: the channels overlap the control block or the VNI area"
	edit_2node 's/offset = <0x00 0x1023000>/offset = <0x00 0x1023800>/'
	refute_blob "$OUT/edited.dtb" "bad console channels: offset is not 4K-aligned"
	edit_2node 's/offset = <0x00 0x1023000>/offset = <0x00 0x1fc0000>/'
	refute_blob "$OUT/edited.dtb" "bad console channels: the channels run past the end of the shared region"
	edit_2node 's/offset = <0x00 0x1023000>/offset = <0xffffffff 0xfffff000>/'
	refute_blob "$OUT/edited.dtb" "bad console channels: the channels run past the end of the shared region"
	edit_2node 's/offset = <0x00 0x1023000>/offset = <0x00 0x00>/'
	refute_blob "$OUT/edited.dtb" "/console: offset 0 is the control block"
	edit_2node 's/out-size = <0x40000>/out-size = <0x30000>/'
	refute_blob "$OUT/edited.dtb" "bad console channels: ring sizes must be powers of two from 4K to 16M"
	edit_2node 's/in-size = <0x1000>/in-size = <0x800>/'
	refute_blob "$OUT/edited.dtb" "bad console channels: ring sizes must be powers of two from 4K to 16M"
	edit_2node 's/out-size = <0x40000>/out-size = <0x2000000>/'
	refute_blob "$OUT/edited.dtb" "bad console channels: ring sizes must be powers of two from 4K to 16M"
	edit_2node 's/nr-channels = <0x01>/nr-channels = <0x02>/'
	refute_blob "$OUT/edited.dtb" "bad console channels: there must be one channel per secondary node"
	edit_2node 's/in-size = <0x1000>;//'
	refute_blob "$OUT/edited.dtb" '/console: missing property "in-size"'
}

@test "a descriptor without console channels (an older mintctl's) decodes to a plan without them" {
	edit_2node '/console {/,/};/d'
	run --separate-stderr "$MINTCTL" descriptor --dump "$OUT/edited.dtb" --json
	assert_success
	"$BATS_TEST_DIRNAME/json-schema.py" plan <<<"$output" || fail "schema: $output"
	run python3 -c '
import json, sys
d = json.loads(sys.argv[1])
print(d["console"], [n["console"] for n in d["nodes"]])' "$output"
	assert_output "None [None, None]"
	run --separate-stderr "$MINTCTL" descriptor --dump "$OUT/edited.dtb"
	assert_success
	refute_output --partial "console"
}

@test "a descriptor without queues (an older mintctl's) has one; a bad count is rejected" {
	edit_2node '/queues = /d'
	run --separate-stderr "$MINTCTL" descriptor --dump "$OUT/edited.dtb" --json
	assert_success
	run python3 -c 'import json, sys; print(json.loads(sys.argv[1])["vni"]["queues"])' "$output"
	assert_output 1
	edit_2node 's/queues = <0x01>/queues = <0x09>/'
	run --separate-stderr "$MINTCTL" descriptor --dump "$OUT/edited.dtb"
	assert_failure 2
	assert_stderr_has "nr_queues must be between 1 and 8"
}

@test "descriptor round trip: --dump --json gives back the plan" {
	write_2node
	mint plan --json
	assert_success
	plan=$output
	run --separate-stderr "$MINTCTL" descriptor --dump "$OUT/layout.dtb" --json
	assert_success
	run python3 -c '
import json, sys
plan, dump = json.loads(sys.argv[1]), json.loads(sys.argv[2])
assert dump.pop("generation") == 42
# Node 0'"'"'s service settings are the config'"'"'s, not the layout'"'"'s.
for n in plan["nodes"][1:]:
    assert n.pop("autostart") is False and n.pop("restart") == "no", n
assert plan == dump, (plan, dump)
print("same")' "$plan" "$output"
	assert_success
	assert_output same
}

@test "descriptor round trip: --dump prints the same table as plan" {
	for n in 2 3; do
		CONF="$REPO/bootcfg/qemu-${n}node.conf"
		mint plan
		assert_success
		plan=$(without_services "$output")
		mint descriptor -o "$OUT/$n.dtb" --generation 7
		assert_success
		run "$MINTCTL" descriptor --dump "$OUT/$n.dtb"
		assert_success
		assert_line --index 0 --regexp "^layout descriptor .*/$n.dtb: version 1, generation 7, [0-9]+ bytes, checksum ok$"
		assert_equal "$(printf '%s\n' "$output" | tail -n +3)" "$plan"
	done
}

@test "descriptor round trip on the modern machine keeps its SMT threads: node 0's cpuhp.parallel=0 too" {
	SYSROOT="$REPO/tests/qemu/sysroot-modern"
	for n in 2 4; do
		CONF="$REPO/bootcfg/qemu-modern-${n}node.conf"
		mint plan
		assert_success
		assert_output --partial 'cpuhp.parallel=0'
		plan=$(without_services "$output")
		mint descriptor -o "$OUT/m$n.dtb" --generation 7
		assert_success
		run "$MINTCTL" descriptor --dump "$OUT/m$n.dtb"
		assert_success
		assert_equal "$(printf '%s\n' "$output" | tail -n +3)" "$plan"
	done
	# A machine without SMT writes no smt property.
	run dtc -I dtb -O dts "$OUT/m2.dtb"
	assert_line --regexp '^[[:space:]]*smt;$'
	SYSROOT="$QEMU"
	CONF="$REPO/bootcfg/qemu-2node.conf"
	mint descriptor -o "$OUT/pc.dtb"
	run dtc -I dtb -O dts "$OUT/pc.dtb"
	refute_line --regexp '^[[:space:]]*smt;$'
}

@test "every write gets a new generation id unless one is given" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	mint descriptor -o "$OUT/a.dtb"
	assert_success
	mint descriptor -o "$OUT/b.dtb"
	assert_success
	run cmp -s "$OUT/a.dtb" "$OUT/b.dtb"
	assert_failure
}

@test "a truncated descriptor is rejected" {
	write_2node
	head -c 500 "$OUT/layout.dtb" > "$OUT/short.dtb"
	refute_blob "$OUT/short.dtb" "$OUT/short.dtb: truncated: the header says 1090 bytes, the file has 500"
	head -c 20 "$OUT/layout.dtb" > "$OUT/tiny.dtb"
	refute_blob "$OUT/tiny.dtb" "truncated: 20 bytes is shorter than a device tree header (40)"
}

@test "a descriptor with one flipped byte fails the checksum" {
	write_2node
	# A byte of node@1's memory property (a value, so the tree stays
	# well formed and only the checksum can notice).
	python3 -c '
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[b.index(bytes.fromhex("5de0000000000000")) + 1] ^= 0x40
open(sys.argv[2], "wb").write(b)' "$OUT/layout.dtb" "$OUT/flipped.dtb"
	refute_blob "$OUT/flipped.dtb" "checksum mismatch: stored 0x"
}

@test "a descriptor with a broken structure is rejected before decoding" {
	write_2node
	python3 -c '
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
off = struct.unpack(">I", b[8:12])[0]    # off_dt_struct
# BEGIN_NODE "" (8 bytes), then the first property: tag, len, nameoff.
assert struct.unpack(">I", b[off + 8:off + 12])[0] == 3
b[off + 16:off + 20] = struct.pack(">I", 0xfff0)  # name outside the strings
open(sys.argv[2], "wb").write(b)' "$OUT/layout.dtb" "$OUT/broken.dtb"
	refute_blob "$OUT/broken.dtb" "corrupt device tree: property name is outside the strings block"
}

@test "a property length that would make libfdt 1.6.1 loop forever is rejected" {
	write_2node
	# Found by fuzz-descriptor: length -12 makes fdt_next_tag() return the
	# same offset again, so fdt_check_full() spins.
	python3 -c '
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
off = struct.unpack(">I", b[8:12])[0]
b[off + 12:off + 16] = struct.pack(">I", 0xfffffff4)
open(sys.argv[2], "wb").write(b)' "$OUT/layout.dtb" "$OUT/loop.dtb"
	run --separate-stderr timeout 20 "$MINTCTL" descriptor --dump "$OUT/loop.dtb"
	assert_failure 2
	assert_stderr_has "corrupt device tree: property value runs past the structure block"
}

@test "empty, foreign and padded files are not descriptors" {
	: > "$OUT/empty.dtb"
	refute_blob "$OUT/empty.dtb" "empty file, not a layout descriptor"
	refute_blob "$REPO/bootcfg/qemu-2node.conf" "not a layout descriptor: bad magic 0x23205350 (expected 0xd00dfeed)"
	write_2node
	{ cat "$OUT/layout.dtb"; printf 'junk'; } > "$OUT/padded.dtb"
	refute_blob "$OUT/padded.dtb" "4 bytes of trailing data after the descriptor"
}

@test "a device tree that is not a Mint descriptor is rejected" {
	command -v dtc >/dev/null || skip "dtc not installed"
	printf '/dts-v1/;\n/ { compatible = "acme,board"; };\n' | dtc -I dts -O dtb -o "$OUT/board.dtb"
	refute_blob "$OUT/board.dtb" "not a Mint layout descriptor (root \"compatible\" is not \"mint,layout\")"
}

@test "a descriptor of another version is rejected" {
	command -v dtc >/dev/null || skip "dtc not installed"
	write_2node
	dtc -I dtb -O dts "$OUT/layout.dtb" | sed 's/version = <0x01>/version = <0x02>/' |
		dtc -I dts -O dtb -o "$OUT/v2.dtb"
	refute_blob "$OUT/v2.dtb" "unsupported descriptor version 2 (this mintctl reads version 1)"
}

@test "a descriptor whose checksum is right but whose plan is unsafe is rejected" {
	command -v dtc >/dev/null || skip "dtc not installed"
	write_2node
	# Move node1 onto the shared region and recompute the checksum.
	dtc -I dtb -O dts "$OUT/layout.dtb" |
		sed 's/memory = <0x00 0x5de00000 0x00 0x20000000>/memory = <0x00 0x7de00000 0x00 0x20000000>/' |
		dtc -I dts -O dtb -o "$OUT/overlap.dtb"
	run "$BATS_TEST_DIRNAME/fix-checksum.py" "$OUT/overlap.dtb"
	assert_success
	refute_blob "$OUT/overlap.dtb" "overlap"
}

@test "a descriptor that crashed libfdt 1.6.1 (found by fuzzing) is rejected" {
	refute_blob "$BATS_TEST_DIRNAME/regressions/fdt-version2-crash.dtb" "corrupt device tree header: format version 2 (descriptors use 17)"
}

@test "an unreadable descriptor is rejected" {
	refute_blob "$OUT/none.dtb" "$OUT/none.dtb: cannot read descriptor: No such file or directory"
}

@test "descriptor -o is not written when the plan is bad" {
	conf_2node | sed 's/^cores = 2-3$/cores = 1-3/' > "$CONF"
	mint descriptor -o "$OUT/layout.dtb"
	assert_failure 2
	[ ! -e "$OUT/layout.dtb" ]
}

@test "descriptor -o into a missing directory is a runtime failure and leaves nothing" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	mint descriptor -o "$OUT/no/such/dir/layout.dtb"
	assert_failure 1
	assert_stderr_has "$OUT/no/such/dir/layout.dtb: cannot write: No such file or directory"
	[ -z "$(ls -A "$OUT")" ]
}
