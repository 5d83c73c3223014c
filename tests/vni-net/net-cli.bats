#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Host tests of `mintctl net` and of the VNI driver's sources: the module
# parameters come from the plan on node 0 and from the descriptor on a
# secondary; bad input exits 2 and changes nothing; the driver is kernel
# style.

bats_load_library bats-support
bats_load_library bats-assert
bats_require_minimum_version 1.5.0

CONF=bootcfg/qemu-2node.conf
CONF3=bootcfg/qemu-3node.conf
MINTCTL=${MINTCTL:-build/mintctl/mintctl}
SYSROOT=tests/qemu/sysroot

# What --dry-run checks for: a module file (its content is not read).
setup() {
	MOD="$BATS_TEST_TMPDIR/vni.ko"
	: >"$MOD"
}

# fake_secondary DIR ID CONF: DIR/sys/firmware/mint as node ID's kernel shows it.
fake_secondary() {
	mkdir -p "$1/sys/firmware/mint"
	echo "$2" > "$1/sys/firmware/mint/node_id"
	"$MINTCTL" -c "$3" --sysroot "$SYSROOT" descriptor -o "$1/sys/firmware/mint/descriptor" --generation 7 >/dev/null
}

@test "net up --dry-run on node 0 derives the module parameters and address from the config's plan" {
	run "$MINTCTL" -c "$CONF" --sysroot "$SYSROOT" net up --dry-run --module "$MOD"
	assert_success
	assert_line "node 0 of 2"
	assert_line "module $MOD shared_base=0x7de00000 shared_size=0x2000000 node_id=0 nr_nodes=2 ring_entries=512 slot_size=4096 pool_slots=2048 queues=1 apic_ids=0,2"
	assert_line "mtu 1500"
	assert_line "address 10.77.0.1/24"
}

@test "net up --dry-run checks the module file a real run would load: a missing one exits 1 naming it, a compressed one is found" {
	run --separate-stderr "$MINTCTL" -c "$CONF" --sysroot "$SYSROOT" net up --dry-run --module "$BATS_TEST_TMPDIR/none.ko"
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "mintctl: net: module $BATS_TEST_TMPDIR/none.ko: No such file or directory (nor with .xz, .zst or .gz); give --module FILE"
	mv "$MOD" "$MOD.zst"
	run "$MINTCTL" -c "$CONF" --sysroot "$SYSROOT" net up --dry-run --module "$MOD"
	assert_success
	assert_line --regexp "^module $MOD\\.zst shared_base=0x7de00000 "
}

@test "net up --dry-run on a secondary takes node id and geometry from /sys/firmware/mint, host N+1" {
	local root="$BATS_TEST_TMPDIR/sr"
	fake_secondary "$root" 1 "$CONF"
	# No config file at all: a secondary never needs one.
	run "$MINTCTL" -c /nonexistent --sysroot "$root" net up --dry-run --module "$MOD"
	assert_success
	assert_line "node 1 of 2"
	assert_line --partial "node_id=1 nr_nodes=2 ring_entries=512 slot_size=4096 pool_slots=2048 queues=1 apic_ids=0,2"
	assert_line "address 10.77.0.2/24"
}

@test "net up --dry-run on node 2 of the 3-node layout names all three doorbell APIC IDs" {
	local root="$BATS_TEST_TMPDIR/sr3"
	[ -f "$CONF3" ] || skip "$CONF3 missing"
	fake_secondary "$root" 2 "$CONF3"
	run "$MINTCTL" -c /nonexistent --sysroot "$root" net up --dry-run --module "$MOD"
	assert_success
	assert_line "node 2 of 3"
	assert_line --regexp "node_id=2 nr_nodes=3 .* apic_ids=[0-9]+,[0-9]+,[0-9]+$"
	assert_line --regexp "^address [0-9.]+\.3/[0-9]+$"
}

@test "net up --addr overrides the plan's address" {
	run "$MINTCTL" -c "$CONF" --sysroot "$SYSROOT" net up --dry-run --module "$MOD" --addr 192.168.5.9/16
	assert_success
	assert_line "address 192.168.5.9/16"
}

@test "net up refuses a malformed --addr with exit 2, naming it" {
	for bad in 10.1.2.3 10.1.2.3/33 10.1.2.3/0 10.1.2/24 10.1.2.3/ 10.1.2.3/x 'a.b.c.d/8' 10.1.2.3/+8; do
		run "$MINTCTL" -c "$CONF" --sysroot "$SYSROOT" net up --dry-run --module "$MOD" --addr "$bad"
		assert_failure 2
		assert_output --partial "--addr '$bad': not an IPv4 address with a prefix length"
	done
}

@test "net without a verb, with an unknown verb, or with extra words exits 2" {
	run "$MINTCTL" net
	assert_failure 2
	assert_output --partial "missing verb: up, down or status"
	run "$MINTCTL" net sideways
	assert_failure 2
	assert_output --partial "unknown verb 'sideways'"
	run "$MINTCTL" net up now
	assert_failure 2
	assert_output --partial "unexpected argument 'now'"
	run "$MINTCTL" net down --addr 10.0.0.1/8
	assert_failure 2
	assert_output --partial "only go with 'up'"
}

@test "net up on a secondary with a corrupt descriptor fails naming the file, loads nothing" {
	local root="$BATS_TEST_TMPDIR/bad"
	fake_secondary "$root" 1 "$CONF"
	printf 'garbage' | dd of="$root/sys/firmware/mint/descriptor" bs=1 seek=64 conv=notrunc 2>/dev/null
	run "$MINTCTL" -c /nonexistent --sysroot "$root" net up --dry-run --module "$MOD"
	assert_failure
	assert_output --partial "$root/sys/firmware/mint/descriptor"
	refute_output --partial "module "
}

@test "net up on a secondary whose node_id is not in the descriptor fails" {
	local root="$BATS_TEST_TMPDIR/id"
	fake_secondary "$root" 5 "$CONF"
	run "$MINTCTL" -c /nonexistent --sysroot "$root" net up --dry-run --module "$MOD"
	assert_failure 1
	assert_output --partial "node_id 5 is not in the descriptor's 2 nodes"
}

@test "the VNI driver passes checkpatch --strict, file by file" {
	local cp=build/kernel/src/scripts/checkpatch.pl
	[ -x "$cp" ] || skip "kernel tree not built (make kernel)"
	for f in vni/driver/*.[ch]; do
		run "$cp" --strict --no-tree --quiet -f "$f"
		assert_success
		assert_output ""
	done
}

@test "the VNI module builds with W=1 and no warning" {
	[ -f build/kernel/src/Module.symvers ] || skip "kernel tree not built (make kernel)"
	local d="$BATS_TEST_TMPDIR/mod"
	mkdir -p "$d"
	cp -r vni/Kbuild vni/core vni/driver "$d/"
	run make -s -C build/kernel/src M="$d" W=1 modules
	assert_success
	refute_output --partial "warning"
	[ -f "$d/vni.ko" ]
}
