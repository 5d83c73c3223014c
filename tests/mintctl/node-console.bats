#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# log, console and dump against the stand-in launcher, whose fake node 1
# plays its side of the console channel and publishes a VMCOREINFO note
# (fake_launcher.c): what node 0 reads and writes, bad input, and what a
# scribbling peer cannot make mintctl do. Under QEMU the same commands run
# against real nodes.

load helpers
load fake-node

setup() {
	bats_load_library bats-support
	bats_load_library bats-assert
	[ -x "$MINTCTL" ] || fail "$MINTCTL is not built (make build/mintctl/mintctl-san)"
	OUT="$BATS_TEST_TMPDIR/out"
	mkdir -p "$OUT"
	fake_node0
	export MINT_RUN_DIR="$BATS_TEST_TMPDIR/run"
}

# Boot node 1 (a silent node never comes UP: give it --timeout 1).
boot1() {
	fmint boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd" "$@"
}

# The same mintctl, outside 'run', for pipes.
fmint_cmd() {
	env LD_PRELOAD="$FAKE" ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0" \
		"$MINTCTL" --sysroot "$SYSROOT" -c "$CONF" "$@"
}

# mintctl with the stand-in launcher, in the background: out/err files.
fmint_bg() {
	local name=$1
	shift
	env LD_PRELOAD="$FAKE" ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0" \
		"$MINTCTL" --sysroot "$SYSROOT" -c "$CONF" "$@" \
		>"$OUT/$name.out" 2>"$OUT/$name.err" 3>&- &
}

# Wait up to 10 s for FILE to contain TEXT.
wait_for() {
	local file=$1 text=$2
	for _ in $(seq 200); do
		grep -qF -- "$text" "$file" 2>/dev/null && return 0
		sleep 0.05
	done
	fail "$file never showed \"$text\": $(cat "$file")"
}

# A usage refusal: exit 2, one line on stderr with $1, nothing on stdout.
assert_refused() {
	[ "$status" -eq 2 ] || fail "exit $status, expected 2; stderr: $stderr"
	assert_stderr_has "$1"
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ] || fail "more than one line: $stderr"
	[ -z "$output" ] || fail "unexpected stdout: $output"
}

@test "boot writes node 1's console channel header fresh and hands the node its place" {
	export FAKE_NODE=silent
	boot1 --timeout 1
	[ "$status" -eq 1 ] || fail "exit $status: $stderr"	# a silent node: no UP
	[ "$(chan magic)" = $((0x4d434f4e)) ] || fail "no channel magic"
	[ "$(chan version)" = 1 ]
	[ "$(chan node_id)" = 1 ]
	[ "$(chan out_size)" = $((256 * 1024)) ]
	[ "$(chan in_size)" = 4096 ]
	[ "$(chan out_head)" = 0 ]
	[ "$(chan in_tail)" = 0 ]
	[ "$(chan in_head)" = 0 ]
	# The header page, after the record went BOOTING (the epoch first).
	run grep -n -E '^WRITE 0x7de00(2|3|4)|^WRITE 0x7ee23000 0x1000$' "$FAKE_MINT_LOG"
	assert_line --index 0 --regexp 'WRITE 0x7de002'
	assert_line --regexp 'WRITE 0x7ee23000 0x1000$'
	# A node that comes up finds its channel in its boot data (version 2).
	export FAKE_NODE=up
	boot1
	assert_success
	fmint log node1
	assert_success
	assert_line "mint: console channel at 0x7ee23000"
}

@test "log prints a running node's console history" {
	boot1
	assert_success
	fmint log node1
	assert_success
	assert_output "Linux version 6.12.0-mint-fake (fake node 1)
mint: console channel at 0x7ee23000
fake node ready"
	[ -z "$stderr" ] || fail "stderr: $stderr"
}

@test "log prints a crashed node's console up to its panic, and status says CRASHED" {
	export FAKE_NODE=crash
	boot1
	[ "$status" -eq 1 ] || fail "exit $status"
	assert_stderr_has "boot: node1 went CRASHED while booting: kernel panic"
	fmint log node1
	assert_success
	assert_line --index 0 "Linux version 6.12.0-mint-fake (fake node 1)"
	assert_line "Kernel panic - not syncing: sysrq triggered crash"
	assert_line " panic+0x33c/0x380"
	fmint status
	assert_line --regexp '^1 +node1 +CRASHED'
}

@test "log keeps the last console_log bytes of output: older lines are gone" {
	export FAKE_NODE_LOG_BYTES=399996
	boot1
	assert_success
	fmint log node1
	assert_success
	# 256K less the 4K a running node may be writing into.
	[ "$(printf '%s\n' "$output" | wc -c)" -le $((256 * 1024 - 4096 + 1)) ] ||
		fail "$(printf '%s\n' "$output" | wc -c) bytes"
	[ "$(printf '%s\n' "$output" | wc -c)" -ge $((256 * 1024 - 4096 - 20)) ]
	refute_output --partial "Linux version"
	refute_line "log line 00000000"
	assert_line "log line 00022221"	# the last of 22222 lines of 18 bytes
	assert_line "fake node ready"
	# A node that stopped writes nothing more: all 256K are shown.
	fmint shutdown node1
	assert_success
	fmint log node1
	[ "$(printf '%s\n' "$output" | wc -c)" -ge $((256 * 1024 - 20)) ]
	# A bigger console_log keeps it all (a new layout: boot again).
	fmint --set shared.console_log=1M boot node1 --kernel "$BZIMAGE" --initrd "$OUT/initrd"
	assert_success
	fmint --set shared.console_log=1M log node1
	assert_success
	assert_line --index 0 "Linux version 6.12.0-mint-fake (fake node 1)"
	assert_line "log line 00000000"
}

@test "log after a new boot shows only that boot's output" {
	export FAKE_NODE=crash
	boot1
	fmint log node1
	assert_line "Kernel panic - not syncing: sysrq triggered crash"
	export FAKE_NODE=up
	boot1
	assert_success
	fmint log node1
	assert_success
	refute_output --partial "Kernel panic"
	assert_line "fake node ready"
	# A boot that never gets far clears it too: the history is of this boot.
	fmint shutdown node1 --force
	export FAKE_NODE=silent
	boot1 --timeout 1
	fmint log node1
	assert_success
	assert_output ""
}

@test "log refuses node 0, a node not in the plan and a node that never booted" {
	fmint log node0
	assert_refused "log: node0 is node 0, the node running mintctl; 'log' works on secondaries only (1..1)"
	fmint log node7
	assert_refused "log: no node 'node7' in the plan"
	fmint log node1
	assert_refused "log: node1 never booted (state OFF): it has no console yet"
	fmint log
	assert_refused "log: which node? (mintctl log NODE)"
	fmint log node1 --bogus
	[ "$status" -eq 2 ]
	# Under --json the refusal is the error object.
	fmint --json log node1
	[ "$status" -eq 2 ]
	"$BATS_TEST_DIRNAME/json-schema.py" error <<<"$output" || fail "not an error object: $output"
	assert_output --partial '"command":"log","exit_code":2'
}

@test "log of a node whose channel header was overwritten: no channel (2) or corrupt (1), never a crash" {
	boot1
	assert_success
	poke $CHAN1 I 0x12345678				# magic
	fmint log node1
	assert_refused "log: node1 has no console channel at 0x7ee23000 (magic 0x12345678 and version 1, not 0x4d434f4e and 1): it was booted by a mintctl without console channels, or the header was overwritten"
	poke $CHAN1 I 0x4d434f4e
	poke $((CHAN1 + 8)) I 0x7fffffff			# out_size
	fmint log node1
	[ "$status" -eq 1 ] || fail "exit $status: $stderr"
	assert_stderr_has "log: node1's console channel at 0x7ee23000 is corrupt: node_id 1, out_size 2147483647, in_size 4096 (the plan says 1, 262144, 4096)"
	[ -z "$output" ]
}

@test "log of a scribbled output head: said and counted (exit 1), bounded, never a crash or a hang" {
	boot1
	assert_success
	poke $((CHAN1 + 64)) Q 0xffffffffffffffff
	run --separate-stderr timeout 20 env LD_PRELOAD="$FAKE" \
		ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0" \
		"$MINTCTL" --sysroot "$SYSROOT" -c "$CONF" log node1
	[ "$status" -eq 1 ] || fail "exit $status: $stderr"
	assert_stderr_has "log: node1's output head 0xffffffffffffffff is impossible (corrupt console channel)"
	# A huge head a node could have written: one ring of whatever is there.
	poke $((CHAN1 + 64)) Q $((1 << 40))
	bytes=$(fmint_cmd log node1 | wc -c)
	[ "${PIPESTATUS[0]}" -eq 0 ] || fail "log failed"
	[ "$bytes" -eq $((256 * 1024 - 4096)) ] || fail "$bytes bytes"
}

@test "log -f follows new output, says a head that went back, and stops when the node boots again" {
	boot1
	assert_success
	fmint_bg follow log node1 -f
	pid=$!
	wait_for "$OUT/follow.out" "fake node ready"
	fmint console node1 --idle 0.2 <<<"uname -r"
	assert_success
	wait_for "$OUT/follow.out" "6.12.0-mint-fake"
	# A peer moves the head back: said, skipped, the follow goes on.
	head=$(chan out_head)
	poke $((CHAN1 + 64)) Q 5
	wait_for "$OUT/follow.err" "log: node1's output head 0x5 is impossible (mintctl is at $head): corrupt console channel; skipped"
	poke $((CHAN1 + 64)) Q "$head"
	# A header that is no longer the channel's: said once, skipped.
	poke $((CHAN1 + 8)) I 4096
	wait_for "$OUT/follow.err" "log: node1's console channel header changed under mintctl: node_id 1, out_size 4096, in_size 4096 (the plan says 1, 262144, 4096); skipped"
	poke $((CHAN1 + 8)) I $((256 * 1024))
	fmint console node1 --idle 0.2 <<<"after"
	wait_for "$OUT/follow.out" "after"
	[ "$(grep -c 'header changed' "$OUT/follow.err")" -eq 1 ] || fail "$(cat "$OUT/follow.err")"
	# The node boots again: the follow says so and ends.
	fmint shutdown node1
	boot1
	assert_success
	wait "$pid" && st=0 || st=$?
	[ "$st" -eq 1 ] || fail "exit $st (the scribbled head must make it 1): $(cat "$OUT/follow.err")"
	grep -qF "log: node1 was booted again: its console starts afresh (run 'mintctl log node1' again)" "$OUT/follow.err" ||
		fail "$(cat "$OUT/follow.err")"
	[ "$(grep -c 'Linux version' "$OUT/follow.out")" -eq 1 ] || fail "$(cat "$OUT/follow.out")"
}

@test "log -f --new follows only what comes after it started; --new alone is refused" {
	boot1
	assert_success
	fmint_bg follow log node1 -f --new
	pid=$!
	sleep 0.5
	fmint console node1 --idle 0.2 <<<"uname -r"
	assert_success
	wait_for "$OUT/follow.out" "6.12.0-mint-fake"
	kill -TERM "$pid"
	wait "$pid" || true
	run grep -c "fake node ready" "$OUT/follow.out"
	assert_output 0
	fmint log node1 --new
	assert_refused "log: --new goes with -f"
}

@test "log -f ends cleanly on SIGTERM" {
	boot1
	fmint_bg follow log node1 -f
	pid=$!
	wait_for "$OUT/follow.out" "fake node ready"
	kill -TERM "$pid"
	wait "$pid" && st=0 || st=$?
	[ "$st" -eq 0 ] || fail "exit $st: $(cat "$OUT/follow.err")"
	[ ! -s "$OUT/follow.err" ] || fail "$(cat "$OUT/follow.err")"
}

@test "console in a pipe: the node's answer comes back, its history does not, and the doorbell rings" {
	boot1
	: >"$FAKE_MINT_LOG"
	fmint console node1 <<<"uname -r"
	assert_success
	assert_output "uname -r
6.12.0-mint-fake"
	# The bytes, then in_head, then the Mint IPI to the node's first core.
	run grep -E '^(WRITE 0x7ee(64|23)|IPI)' "$FAKE_MINT_LOG"
	assert_output "WRITE 0x7ee64000 0x9
WRITE 0x7ee23080 0x8
IPI 2"
	[ "$(chan in_head)" = 9 ]
	[ "$(chan in_tail)" = 9 ]
	# A second attach goes on from where the input ring is.
	fmint console node1 --idle 0.3 <<<"hello"
	assert_success
	assert_output "hello"
	[ "$(chan in_head)" = 15 ]
}

@test "console --until stops as soon as the node printed the text; --timeout bounds a wait for it" {
	boot1
	fmint console node1 --until 6.12 <<<"uname -r"
	assert_success
	assert_output "uname -r
6.12"
	SECONDS=0
	fmint console node1 --until "never printed" --timeout 1 <<<"uname -r"
	[ "$status" -eq 1 ] || fail "exit $status"
	assert_stderr_has "console: node1 did not print \"never printed\" within 1 s"
	assert_line "6.12.0-mint-fake"
	[ "$SECONDS" -lt 5 ] || fail "took $SECONDS s"
}

@test "console feeds more than the input ring holds, waiting for room" {
	boot1
	python3 -c 'print("\n".join("line %05d" % i for i in range(1000)))' >"$OUT/big"
	fmint console node1 --idle 0.5 <"$OUT/big"
	assert_success
	assert_line "line 00000"
	assert_line "line 00999"
	[ "$(chan in_head)" = "$(stat -c %s "$OUT/big")" ]
	[ "$(chan in_errors)" = 0 ]
}

@test "a second console attach is refused with the pid holding it" {
	boot1
	sleep 2 | env LD_PRELOAD="$FAKE" ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0" \
		"$MINTCTL" --sysroot "$SYSROOT" -c "$CONF" console node1 --idle 0.2 \
		>/dev/null 2>&1 3>&- &
	pid=$!
	for _ in $(seq 100); do
		[ -s "$MINT_RUN_DIR/console-node1.lock" ] && break
		sleep 0.05
	done
	fmint console node1 <<<"uname -r"
	assert_refused "console: node1 is already attached by pid $pid; refused (one attach at a time, $MINT_RUN_DIR/console-node1.lock)"
	wait "$pid" || true
	# Once it left, the next attach works.
	fmint console node1 --idle 0.2 <<<"uname -r"
	assert_success
}

@test "console refuses node 0, unknown nodes, a node that never booted and a stopped one" {
	fmint console node0 </dev/null
	assert_refused "console: node0 is node 0, the node running mintctl; 'console' works on secondaries only (1..1)"
	fmint console node9 </dev/null
	assert_refused "console: no node 'node9' in the plan"
	fmint console node1 </dev/null
	assert_refused "console: node1 never booted (state OFF): it has no console yet"
	for bad in "--idle 0" "--idle x" "--timeout 0" "--until="; do
		# shellcheck disable=SC2086
		fmint console node1 $bad </dev/null
		[ "$status" -eq 2 ] || fail "$bad: exit $status"
	done
	export FAKE_NODE=crash
	boot1
	fmint console node1 </dev/null
	assert_refused "console: node1 is CRASHED: nothing reads its console; see its history with 'mintctl log node1'"
}

@test "a node that panics while attached: its last words, then why the console ended" {
	boot1
	fmint console node1 <<<"echo c > /proc/sysrq-trigger"
	[ "$status" -eq 1 ] || fail "exit $status: $stderr"
	assert_line "Kernel panic - not syncing: sysrq triggered crash"
	assert_stderr_has "console: node1 is CRASHED: nothing reads its console any more (see 'mintctl log node1')"
	fmint log node1
	assert_line "Kernel panic - not syncing: sysrq triggered crash"
}

@test "console with an impossible input tail stops and says so, writing nothing past it" {
	boot1
	poke $((CHAN1 + 72)) Q 99999				# in_tail ahead of in_head
	: >"$FAKE_MINT_LOG"
	fmint console node1 <<<"uname -r"
	[ "$status" -eq 1 ] || fail "exit $status"
	assert_stderr_has "console: node1's input tail 99999 is impossible (mintctl wrote 0 bytes): corrupt console channel"
	run grep -c '^WRITE 0x7ee6' "$FAKE_MINT_LOG"
	assert_output 0
}

@test "console on a terminal: raw mode, a line saying how to leave, Ctrl-] leaves and the mode comes back" {
	boot1
	run python3 - "$FAKE" "$MINTCTL" "$SYSROOT" "$CONF" <<'PY'
import os, pty, select, sys, termios, time
fake, mintctl, sysroot, conf = sys.argv[1:]
env = dict(os.environ, LD_PRELOAD=fake,
           ASAN_OPTIONS=os.environ["ASAN_OPTIONS"] + ":verify_asan_link_order=0")
pid, fd = pty.fork()
if pid == 0:
    os.execve(mintctl, [mintctl, "--sysroot", sysroot, "-c", conf, "console", "node1"], env)
before = termios.tcgetattr(fd)
out = b""
def read_until(text, t=10):
    global out
    end = time.time() + t
    while text not in out and time.time() < end:
        if select.select([fd], [], [], 0.1)[0]:
            out += os.read(fd, 4096)
    return text in out
assert read_until(b"Escape character is ^]"), out
time.sleep(0.3)
raw = termios.tcgetattr(fd)
print("raw", not (raw[3] & termios.ICANON) and not (raw[3] & termios.ECHO))
os.write(fd, b"uname -r\n")
print("answer", read_until(b"6.12.0-mint-fake"))
os.write(fd, b"\x1d")
_, st = os.waitpid(pid, 0)
print("exit", os.waitstatus_to_exitcode(st))
try:
    while select.select([fd], [], [], 0.5)[0]:
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        out += chunk
except OSError:
    pass	# EIO: the slave side is closed
after = termios.tcgetattr(fd)
print("restored", after[3] == before[3] and after[0] == before[0])
print("disconnected", b"Disconnected from node1." in out)
PY
	assert_success
	assert_output "raw True
answer True
exit 0
restored True
disconnected True"
}

@test "dump of a crashed node: an ELF core with its VMCOREINFO note and its memory where the plan puts it" {
	export FAKE_NODE=crash
	boot1
	fmint dump node1 -o "$OUT/core"
	assert_success
	assert_output "node1: wrote $OUT/core: ELF core of 512.1M of memory in 2 ranges, with its VMCOREINFO note (96 bytes)"
	run readelf -h "$OUT/core"
	assert_line --regexp 'Type: +CORE \(Core file\)'
	assert_line --regexp 'Machine: +Advanced Micro Devices X86-64'
	run readelf -W -l "$OUT/core"
	assert_line --regexp '^ +NOTE +0x0*e8 0x0+ 0x0+ 0x0*60 0x0*60 +0$'
	assert_line --regexp '^ +LOAD +0x0*1000 0xffff888000020000 0x0*20000 0x0*20000 0x0*20000 RWE 0$'
	assert_line --regexp '^ +LOAD +0x0*21000 0xffff88805de00000 0x0*5de00000 0x0*20000000 0x0*20000000 RWE 0$'
	run readelf -n "$OUT/core"
	assert_line --regexp '^ +VMCOREINFO +0x00000046'
	# The note's text and the node's memory, byte for byte.
	run python3 - "$OUT/core" <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read()
namesz, descsz, typ = struct.unpack_from("<III", b, 0xe8)
print(b[0xe8 + 12:0xe8 + 12 + namesz], b[0xe8 + 24:0xe8 + 24 + descsz].decode().splitlines()[0])
print(b[0x21000 + 0x10000000:].split(b"\0")[0].decode())
PY
	assert_output "b'VMCOREINFO\\x00' OSRELEASE=6.12.0-mint-fake
fake node memory: the dump must hold this line"
	# Holes where the node's memory is zero, and nothing else left in OUT.
	[ "$(du -k "$OUT/core" | cut -f1)" -lt 65536 ]
	run ls "$OUT"
	assert_output "core
initrd"
}

@test "makedumpfile --dump-dmesg reads a dump: the node's panic, through its page tables and direct map" {
	command -v makedumpfile >/dev/null || skip "makedumpfile not installed (make deps)"
	export FAKE_NODE=crash
	boot1
	# A kernel's printk ring buffer, page tables and VMCOREINFO in node 1's memory.
	"$BATS_TEST_DIRNAME/fake-kernel.py" "$FAKE_MINT_MEM" "$DUMP1" 0x5de00000 \
		"Linux version 6.12.0-mint-fake" \
		"Kernel panic - not syncing: sysrq triggered crash" \
		"CPU: 2 PID: 1 Comm: sh Not tainted 6.12.0-mint-fake #1"
	fmint dump node1 -o "$OUT/core"
	assert_success
	run makedumpfile --dump-dmesg "$OUT/core" "$OUT/dmesg.txt"
	assert_success
	run cat "$OUT/dmesg.txt"
	assert_output "[    0.001000] Linux version 6.12.0-mint-fake
[    0.002000] Kernel panic - not syncing: sysrq triggered crash
[    0.003000] CPU: 2 PID: 1 Comm: sh Not tainted 6.12.0-mint-fake #1"
	# The same text in the console history.
	fmint log node1
	assert_line "Kernel panic - not syncing: sysrq triggered crash"
}

@test "dump refuses a running node unless --force, which stops it first" {
	boot1
	: >"$FAKE_MINT_LOG"
	fmint dump node1 -o "$OUT/core"
	assert_refused "dump: node1 is UP: a running node's memory changes under the dump; stop it first ('mintctl shutdown node1') or give --force to stop its cores with INIT"
	[ ! -e "$OUT/core" ]
	run grep -c -E '^(STOP|WRITE)' "$FAKE_MINT_LOG"
	assert_output 0
	fmint dump node1 -o "$OUT/core" --force
	assert_success
	assert_stderr_has "dump: node1 was UP: its cores are stopped with INIT (--force), it is DOWN"
	[ "$(record 1 self.state)" = 3 ]
	run grep -c '^STOP ' "$FAKE_MINT_LOG"
	assert_output 2
	run readelf -n "$OUT/core"
	assert_output --partial VMCOREINFO
}

@test "dump refuses node 0, a node that never booted, a missing -o, and a record without VMCOREINFO" {
	fmint dump node0 -o "$OUT/core"
	assert_refused "dump: node0 is node 0, the node running mintctl; 'dump' works on secondaries only (1..1)"
	fmint dump node1 -o "$OUT/core"
	assert_refused "dump: node1 never booted (state OFF): there is nothing to dump"
	fmint dump node1
	assert_refused "dump: where to? give -o FILE (mintctl dump node1 -o FILE)"
	export FAKE_NODE=crash
	boot1
	poke $DUMP1 Q 0
	fmint dump node1 -o "$OUT/core"
	assert_refused "dump: node1 published no VMCOREINFO (a kernel without Mint's console support, or one that died before its subsys initcalls); no dump written"
	run ls "$OUT"
	assert_output initrd
}

@test "dump refuses a VMCOREINFO address, size or page_offset that a corrupt record gives" {
	export FAKE_NODE=crash
	boot1
	addr=$(record 1 dump.vmcoreinfo_addr)
	[ "$addr" = $((0x6df00000)) ] || fail "the fake node's note is at $addr"
	for bad in 0x7de00000 0x1000 0x7ddfffff 0xfffffffffffff000; do
		poke $DUMP1 Q $bad
		fmint dump node1 -o "$OUT/core"
		assert_refused "dump: node1's record puts VMCOREINFO at $(printf '%#x' $bad) (4132 bytes), not a note inside its own memory: corrupt record; no dump written"
	done
	# Inside its memory, but no note there.
	poke $DUMP1 Q 0x5e000000
	fmint dump node1 -o "$OUT/core"
	assert_refused "dump: node1's VMCOREINFO at 0x5e000000 is corrupt: not a note named VMCOREINFO; no dump written"
	poke $DUMP1 Q "$addr"
	poke $((DUMP1 + 8)) I 16
	fmint dump node1 -o "$OUT/core"
	assert_refused "(16 bytes), not a note inside its own memory"
	poke $((DUMP1 + 8)) I 4132
	poke $((DUMP1 + 16)) Q 0x1000
	fmint dump node1 -o "$OUT/core"
	assert_refused "dump: node1's record gives page_offset 0x1000, not the base of an x86_64 kernel's direct map: corrupt record; no dump written"
	run ls "$OUT"
	assert_output initrd
}

@test "a failed dump leaves no file, and boot clears the last boot's dump record" {
	export FAKE_NODE=crash
	boot1
	fmint dump node1 -o "$OUT/no/such/dir/core"
	[ "$status" -eq 1 ] || fail "exit $status"
	assert_stderr_has "dump: $OUT/no/such/dir/core: No such file or directory"
	run ls "$OUT"
	assert_output initrd
	[ "$(record 1 dump.vmcoreinfo_addr)" != 0 ]
	export FAKE_NODE=silent
	boot1 --timeout 1
	[ "$(record 1 dump.vmcoreinfo_addr)" = 0 ]
	[ "$(record 1 dump.page_offset)" = 0 ]
}
