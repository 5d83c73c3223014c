# SPDX-License-Identifier: GPL-2.0-only
#
# Node 0 with a file-backed stand-in for /dev/mint (fake_launcher.c,
# preloaded) and a fake node behind it, for the suites of boot, status,
# shutdown, log, console and dump. Load after helpers.

BZIMAGE="$REPO/build/kernel/bzImage"
FAKE="$REPO/build/mintctl/fake-launcher.so"

setup_file() {
	[ -f "$BZIMAGE" ] || skip "no $BZIMAGE (make kernel)"
	[ -f "$FAKE" ] || skip "no $FAKE (make build/mintctl/fake-launcher.so)"
}

# Node 0 of the 2-node layout: memory file, node-owned ranges (low window,
# node 1's memory and the shared region, adjacent), a node that comes UP.
fake_node0() {
	partitioned_sysroot "$REPO/bootcfg/qemu-2node.conf"
	export FAKE_MINT_MEM="$BATS_TEST_TMPDIR/mem"
	export FAKE_MINT_RANGES=0x20000:0x20000,0x5de00000:0x22000000
	export FAKE_MINT_SHARED=0x7de00000
	export FAKE_MINT_LOG="$BATS_TEST_TMPDIR/log"
	export FAKE_NODE=up FAKE_NODE_SHUTDOWN=obey
	export MINT_DEV="$BATS_TEST_TMPDIR/dev"
	: >"$MINT_DEV"
	: >"$FAKE_MINT_LOG"
	head -c 100000 /dev/urandom >"$OUT/initrd"
}

# mintctl with the stand-in launcher preloaded.
fmint() {
	run --separate-stderr env LD_PRELOAD="$FAKE" \
		ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0" \
		"$MINTCTL" --sysroot "$SYSROOT" -c "$CONF" "$@"
}

# BYTES at physical ADDR of the memory file must equal FILE.
assert_loaded() {
	local addr=$1 file=$2 size
	size=$(stat -c %s "$file")
	cmp <(tail -c +$((addr + 1)) "$FAKE_MINT_MEM" | head -c "$size") "$file" ||
		fail "memory at $addr differs from $file"
}

# A field of node ID's record: record FIELD, e.g. "self.state".
record() {
	python3 - "$FAKE_MINT_MEM" "$1" "$2" <<'PY'
import struct, sys
mem, node, field = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(mem, "rb") as f:
    f.seek(0x7de00000)
    cb = f.read(64 + 512 * 64)
hdr = struct.unpack_from("<IHHIIQ", cb, 0)
rec = 64 + 512 * node
self_ = dict(zip("state epoch heartbeat heartbeat_tsc boot_tsc uptime_ns last_ack nr_cpus".split(),
                 struct.unpack_from("<IIQQQQII", cb, rec)))
ctl = dict(zip("epoch request request_seq nr_apic_ids".split(), struct.unpack_from("<IIII", cb, rec + 64)))
ctl["apic_ids"] = ",".join(map(str, struct.unpack_from(f"<{ctl['nr_apic_ids']}I", cb, rec + 128)))
vals = {"header.magic": hdr[0], "header.version": hdr[1], "header.nr_nodes": hdr[2],
        "header.record_size": hdr[4]}
vals.update({"self." + k: v for k, v in self_.items()})
vals.update({"ctl." + k: v for k, v in ctl.items()})
vals.update(zip(("dump.vmcoreinfo_addr", "dump.vmcoreinfo_size", "dump.page_offset"),
                struct.unpack_from("<QI4xQ", cb, rec + 384)))
print(vals[field])
PY
}

# Node 1's console channel in the 2-node layout: header page, 256K output
# ring, 4K input ring (plan.bats), and where its record's dump part is.
CHAN1=$((0x7ee23000))
DUMP1=$((0x7de00000 + 64 + 512 + 384))

# A field of node 1's console channel header, e.g. "out_head".
chan() {
	python3 - "$FAKE_MINT_MEM" "$CHAN1" "$1" <<'PY'
import struct, sys
mem, at, field = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(mem, "rb") as f:
    f.seek(at)
    h = f.read(192)
names = "magic version node_id out_size in_size".split()
vals = dict(zip(names, struct.unpack_from("<IHHII", h, 0)))
vals.update(zip("out_head in_tail in_errors".split(), struct.unpack_from("<QQI", h, 64)))
vals["in_head"] = struct.unpack_from("<Q", h, 128)[0]
print(vals[field])
PY
}

# Scribble as a bad peer would: poke ADDR FMT VALUE writes
# struct.pack("<FMT", VALUE) at physical ADDR of the memory file.
poke() {
	python3 - "$FAKE_MINT_MEM" "$1" "$2" "$3" <<'PY'
import struct, sys
mem, at, fmt, value = sys.argv[1], int(sys.argv[2], 0), sys.argv[3], int(sys.argv[4], 0)
with open(mem, "r+b") as f:
    f.seek(at)
    f.write(struct.pack("<" + fmt, value))
PY
}

