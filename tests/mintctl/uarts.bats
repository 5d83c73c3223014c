#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# A legacy UART belongs to one node (mintctl/uarts.c): a secondary that
# names node 0's console, or two nodes on one port, are refused with exit 2
# by every command that loads the config, and boot --cmdline the same way,
# before anything is written. Node 0's console comes from its [node0]
# cmdline, else from its running /proc/cmdline (the recorded machine's says
# console=ttyS0).

load helpers

# A config: node 0 on cores 0-1, node1 (cores 2) with cmdline $1, and node2
# (core 3) with cmdline $2 if given.
uart_conf() {
	{
		printf '[shared]\nsize = 32M\n\n[node0]\ncores = 0-1\n\n'
		printf '[node1]\ncores = 2\nmemory = 256M\ncmdline = %s\n' "$1"
		[ -z "${2:-}" ] || printf '\n[node2]\ncores = 3\nmemory = 256M\ncmdline = %s\n' "$2"
	} > "$CONF"
}

@test "a secondary on node 0's console (console=ttyS0) is refused by validate, naming both nodes and the port" {
	uart_conf 'console=ttyS0,115200 rdinit=/init'
	mint validate
	assert_failure 2
	assert_stderr_has "$CONF:10: [node1] cmdline: ttyS0 (I/O port 0x3f8) of node1 is node 0's (node0, from its running /proc/cmdline); a UART belongs to one node"
	[ -z "$output" ]
}

@test "every way to name node 0's UART counts: earlyprintk, earlycon, an I/O port, the serial default" {
	local line
	for line in 'console=ttyS1 earlyprintk=serial,ttyS0,115200' 'console=ttyS1 earlyprintk=ttyS0' \
		    'console=ttyS1 earlyprintk=serial' 'console=ttyS1 earlyprintk=serial,0x3f8,115200' \
		    'console=uart8250,io,0x3f8,115200' 'console=ttyS1 earlycon=uart8250,io,0x3f8' \
		    'console=uart,io,0x3f8'; do
		uart_conf "$line"
		mint validate
		[ "$status" -eq 2 ] || fail "'$line': exit $status, expected 2"
		assert_stderr_has "[node1] cmdline: ttyS0 (I/O port 0x3f8) of node1 is node 0's (node0, from its running /proc/cmdline)"
	done
}

@test "two secondaries on one UART (ttyS2) are refused, naming both" {
	uart_conf 'console=ttyS2' 'console=ttyS2,115200'
	mint validate
	assert_failure 2
	assert_stderr_has "$CONF:15: [node2] cmdline: ttyS2 (I/O port 0x3e8) of node2 is already node1's; a UART belongs to one node"
	# Every command that loads the config refuses it, writing nothing.
	mint partition --grub "$OUT/mint.cfg"
	assert_failure 2
	[ ! -e "$OUT/mint.cfg" ] || fail "partition wrote the drop-in"
}

@test "each node on its own UART, and one without a console, validate" {
	uart_conf 'console=ttyS1,115200' 'rdinit=/init'
	mint validate
	assert_success
	uart_conf 'console=ttyS1' 'console=ttyS2 earlyprintk=serial,ttyS2'
	mint validate
	assert_success
	# Not legacy UARTs: the VGA console, a fifth port, MMIO consoles.
	uart_conf 'console=tty0 console=ttyS4' 'console=uart,mmio,0xfedc9000 console=hvc0'
	mint validate
	assert_success
}

@test "[node0] cmdline names node 0's console in place of its running command line" {
	printf '[shared]\nsize = 32M\n\n[node0]\ncores = 0-1\ncmdline = console=ttyS3\n\n[node1]\ncores = 2-3\nmemory = 256M\ncmdline = console=ttyS0\n' > "$CONF"
	mint validate
	assert_success
	sed -i 's/^cmdline = console=ttyS0$/cmdline = console=ttyS3/' "$CONF"
	mint validate
	assert_failure 2
	assert_stderr_has "[node1] cmdline: ttyS3 (I/O port 0x2e8) of node1 is node 0's (node0, from its cmdline=)"
}

@test "on a secondary, whose /proc/cmdline is its own, the running command line is not taken for node 0's" {
	uart_conf 'console=ttyS1'
	cp -r "$QEMU" "$BATS_TEST_TMPDIR/root"
	mkdir -p "$BATS_TEST_TMPDIR/root/sys/firmware/mint"
	printf 'console=ttyS1,115200 rdinit=/init\n' > "$BATS_TEST_TMPDIR/root/proc/cmdline"
	SYSROOT="$BATS_TEST_TMPDIR/root"
	mint validate
	assert_success
}

# refute_boot_cmdline CONF CMDLINE MESSAGE: on the recorded machine
# partitioned for CONF, boot node1 --cmdline CMDLINE exits 2 with MESSAGE
# and writes nothing.
refute_boot_cmdline() {
	partitioned_sysroot "$1"
	touch "$OUT/bzImage"
	mint boot node1 --kernel "$OUT/bzImage" --cmdline "$2" --dry-run "$OUT/img"
	assert_failure 2
	assert_stderr_has "$3"
	[ ! -e "$OUT/img" ] || fail "boot wrote $OUT/img"
}

@test "boot --cmdline on node 0's console is refused the same way, before anything is written" {
	refute_boot_cmdline "$REPO/bootcfg/qemu-2node.conf" 'console=ttyS0,115200 rdinit=/init' \
		"--cmdline of node1: ttyS0 (I/O port 0x3f8) is node 0's (node0, from its running /proc/cmdline); a UART belongs to one node"
}

@test "boot --cmdline on another node's UART blames --cmdline, not that node's config line" {
	refute_boot_cmdline "$REPO/bootcfg/qemu-3node.conf" 'console=ttyS2' \
		"--cmdline of node1: ttyS2 (I/O port 0x3e8) is already node2's; a UART belongs to one node"
}

@test "status and shutdown still load a config whose UARTs conflict, so running nodes can be stopped" {
	uart_conf 'console=ttyS0'
	mint validate
	assert_failure 2
	# Past the config to the launcher, which this host does not have.
	MINT_DEV="$BATS_TEST_TMPDIR/no-such-dev" mint status
	assert_failure 1
	assert_stderr_has "no-such-dev: No such file or directory (the launcher exists only on node 0"
	[[ $stderr != *"a UART belongs to one node"* ]] || fail "status checked the UARTs: $stderr"
	MINT_DEV="$BATS_TEST_TMPDIR/no-such-dev" mint shutdown node1
	assert_failure 1
	[[ $stderr != *"a UART belongs to one node"* ]] || fail "shutdown checked the UARTs: $stderr"
}
