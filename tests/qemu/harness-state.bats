#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# The harness's state files, host-only (no QEMU): other processes poll them
# while they are written, so each must appear whole, and a reader must not
# take "not written yet" for "gone" (`mintvm start` once read an empty
# qemu.pid and reported "QEMU exited (status ?)" for a machine that booted).
# tests/qemu/fake/ stands in for QEMU where a whole machine is needed.

bats_load_library bats-support
bats_load_library bats-assert

MINTVM=tests/qemu/mintvm

setup() {
	export MINTVM_DIR=$BATS_TEST_TMPDIR/vm
	mkdir -p "$MINTVM_DIR"
}

teardown() {
	# Only where a test started a machine on the stand-in for QEMU.
	[ -z "${machine:-}" ] || "$MINTVM" stop
}

# py SCRIPT: run SCRIPT with the harness imported as `mintvm`, and helpers:
# put(name, text) writes a state file plainly, in place; fake(name) starts a
# process whose command line contains name (what the harness checks in
# /proc/PID/cmdline), killed at the end.
py() {
	/usr/bin/python3 -c '
import importlib.machinery, importlib.util, json, os, re, shutil, subprocess, sys, threading, time
loader = importlib.machinery.SourceFileLoader("mintvm", "tests/qemu/mintvm")
mintvm = importlib.util.module_from_spec(importlib.util.spec_from_loader("mintvm", loader))
loader.exec_module(mintvm)
def put(name, text):
    with open(mintvm.path(name), "w") as f:
        f.write(text)
procs = []
def fake(name):
    # argv[0] is name; Popen returns once the exec is done.
    procs.append(subprocess.Popen([name, "60"], executable=shutil.which("sleep")))
    return procs[-1].pid
try:
    exec(sys.argv[1])
finally:
    for p in procs:
        p.kill()
        p.wait()
' "$1"
}

@test "a missing or empty qemu.pid while the supervisor runs means QEMU is starting, not gone" {
	run py '
put("supervisor.pid", "%d\n" % fake("mintvm-_supervise"))
qemu = fake("qemu-system-x86_64")
def supervisor():
    time.sleep(1)
    put("qemu.pid", "%d\n" % qemu)
# What a reader once saw: qemu.pid created, the pid not yet in it.
put("qemu.pid", "")
threading.Thread(target=supervisor).start()
mintvm.require_running()
print("empty:", mintvm.qemu_pid() == qemu)
# A moment earlier, before the supervisor created it.
os.unlink(mintvm.path("qemu.pid"))
threading.Thread(target=supervisor).start()
mintvm.require_running()
print("missing:", mintvm.qemu_pid() == qemu)
'
	assert_success
	assert_output "$(printf 'empty: True\nmissing: True')"
}

@test "a QEMU that exited is reported with its exit status, however late the supervisor writes it" {
	run py '
put("supervisor.pid", "%d\n" % fake("mintvm-_supervise"))
gone = subprocess.Popen(["true"])
gone.wait()
put("qemu.pid", "%d\n" % gone.pid)
def supervisor():
    time.sleep(4)   # longer than the harness used to wait
    put("qemu.exit", "3\n")
threading.Thread(target=supervisor).start()
try:
    mintvm.require_running()
except mintvm.HarnessError as e:
    print(e)
'
	assert_success
	assert_output --partial "the machine is not running"
	assert_output --partial "QEMU exited (status 3)"
}

@test "state files are replaced whole: a reader that opened one still reads it complete" {
	run py '
mintvm.cursor_set("node0", 123456789)
old = open(mintvm.path("node0.cursor"))
mintvm.cursor_set("node0", 42)
assert old.read() == "123456789\n"
assert mintvm.cursor_get("node0") == 42
put("boot.txt", "old\n" * 1000)
old = open(mintvm.path("boot.txt"))
mintvm.write_state("boot.txt", "new\n")
assert old.read() == "old\n" * 1000
assert mintvm.read_text("boot.txt") == "new"
print(sorted(os.listdir(mintvm.state_dir())))
'
	assert_success
	assert_output "['boot.txt', 'node0.cursor']"
}

@test "a reader polling a state file while it is rewritten never sees it empty or partial" {
	run py '
a, b = "1" * 20000 + "\n", "2" * 30000 + "\n"
mintvm.write_state("machine.json", a)
mintvm.cursor_set("node1", 10 ** 15)
def writer():
    for i in range(1000):
        mintvm.write_state("machine.json", b if i % 2 else a)
        mintvm.cursor_set("node1", 10 ** 15 + i)
w = threading.Thread(target=writer)
w.start()
reads = 0
while w.is_alive():
    text = open(mintvm.path("machine.json")).read()
    assert text in (a, b), "read %d bytes" % len(text)
    assert mintvm.cursor_get("node1") >= 10 ** 15
    reads += 1
w.join()
print("ok after %d reads" % reads)
'
	assert_success
	assert_output --regexp '^ok after [0-9]+ reads$'
}

@test "the supervisor writes qemu.pid and qemu.exit whole, never in place" {
	# The state mintvm start leaves for the supervisor, plus stale files that
	# a reader has open.
	py '
for node in mintvm.machine_nodes("pc"):
    os.mkfifo(mintvm.path(node + ".in"))
    os.mkfifo(mintvm.path(node + ".out"))
    open(mintvm.path(node + ".log"), "wb").close()
put("machine.json", json.dumps({"machine": "pc",
                                "argv": mintvm.qemu_argv("pc", mintvm.machine_nodes("pc"), "bzImage", "initrd",
                                                         mintvm.BASE_APPEND, [])}))
'
	echo stale >"$MINTVM_DIR/qemu.pid"
	echo stale >"$MINTVM_DIR/qemu.exit"
	exec 4<"$MINTVM_DIR/qemu.pid" 5<"$MINTVM_DIR/qemu.exit"
	FAKE_QEMU_EXIT=3 PATH=$PWD/tests/qemu/fake:$PATH run "$MINTVM" _supervise
	assert_success
	run cat <&4
	assert_output stale
	run cat <&5
	assert_output stale
	exec 4<&- 5<&-
	run cat "$MINTVM_DIR/qemu.pid" "$MINTVM_DIR/qemu.exit" "$MINTVM_DIR/qemu.out"
	assert_output --regexp $'^[0-9]+\n3\nfake qemu: exiting with status 3$'
}

@test "start, run, send, wait-for, status and stop work end to end on a stand-in for QEMU" {
	touch "$BATS_TEST_TMPDIR/bzImage" "$BATS_TEST_TMPDIR/initrd"
	export PATH=$PWD/tests/qemu/fake:$PATH
	machine=yes
	run "$MINTVM" start --unpartitioned --kernel "$BATS_TEST_TMPDIR/bzImage" \
		--initrd "$BATS_TEST_TMPDIR/initrd" --timeout 120
	assert_success
	assert_output --partial "node0 (fake) ready after"
	run "$MINTVM" run node0 'echo hello; exit 7'
	assert_failure 7
	assert_output hello
	# wait-for matches whole lines only, not the part of one that has arrived.
	"$MINTVM" send node0 'printf late-marker-4; sleep 2; echo 2'
	run "$MINTVM" wait-for node0 '^late-marker-(\d+)$' 60
	assert_success
	assert_output late-marker-42
	run "$MINTVM" status
	assert_success
	assert_line --regexp '^running: yes, QEMU pid [0-9]+$'
	assert_line --regexp '^node0_boot_seconds [0-9.]+$'
	run "$MINTVM" stop
	assert_success
	run "$MINTVM" status
	assert_failure 1
	assert_line "running: no"
	run cat "$MINTVM_DIR/qemu.exit"
	assert_output 0
}

@test "start reports a QEMU that exits at once with its exit status" {
	touch "$BATS_TEST_TMPDIR/bzImage" "$BATS_TEST_TMPDIR/initrd"
	FAKE_QEMU_EXIT=3 PATH=$PWD/tests/qemu/fake:$PATH run "$MINTVM" start --unpartitioned \
		--kernel "$BATS_TEST_TMPDIR/bzImage" --initrd "$BATS_TEST_TMPDIR/initrd"
	assert_failure 125
	assert_output --partial "fake qemu: exiting with status 3"
	assert_output --partial "the machine is not running"
	assert_output --partial "QEMU exited (status 3)"
}

@test "wait-for does not match the part of a line that has arrived so far" {
	run py '
put("qemu.pid", "%d\n" % fake("qemu-system-x86_64"))
put("node0.log", "late-marker-4")
def supervisor():
    time.sleep(1)
    with open(mintvm.path("node0.log"), "a") as f:
        f.write("2\n")
threading.Thread(target=supervisor).start()
m = mintvm.wait_regex("node0", re.compile(r"^late-marker-(\d+)$", re.M), 0, 30, "the marker")
print(m.group(0))
'
	assert_success
	assert_output late-marker-42
}

@test "a node whose config cmdline says console=hvc0 and no console=ttyS is relayed through node 0" {
	cat > "$BATS_TEST_TMPDIR/a.conf" <<'CONF'
[node0]
cmdline = console=ttyS0
[node1]
cmdline = console=hvc0 rdinit=/init
[node2]
cmdline = console=hvc0 console=ttyS2,115200
[node3]
cmdline = rdinit=/init
  console=hvc0 # a continued line
[vni]
cmdline = console=hvc0
CONF
	run py 'print(mintvm.conf_relayed("'"$BATS_TEST_TMPDIR/a.conf"'"))
print(mintvm.serial_nodes("modern", ["node1", "node3"], ["node1", "node2", "node3"]))
print(mintvm.serial_nodes("modern", ["node1", "node2", "node3"], ["node1", "node2", "node3"]))
print(mintvm.serial_nodes("modern", ["node1"], ["node1"]))
print(mintvm.serial_nodes("pc", [], []))'
	assert_success
	assert_output "$(printf '%s\n' "['node1', 'node3']" "('node0', 'node1', 'node2')" "('node0',)" "('node0',)" "('node0', 'node1', 'node2')")"
}

@test "node 0's serial stream is sorted into node 0's log and the relayed nodes' records, however it is cut" {
	run py '
stream = b"boot\n\x1e1first line\nnode0 says\x1e2second\n\x1e1third\n\x1ex not a record\n"
for cut in range(1, len(stream)):
    d, logs = mintvm.Demux(), {}
    for part in (stream[:cut], stream[cut:]):
        for i, text in d.feed(part):
            logs[i] = logs.get(i, b"") + text
    assert logs == {0: b"boot\nnode0 says\x1ex not a record\n", 1: b"first line\nthird\n", 2: b"second\n"}, (cut, logs)
print("ok")'
	assert_success
	assert_output ok
}
