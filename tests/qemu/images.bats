#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# bootcfg/mkinitramfs.sh builds node images whose programs really run: each
# is checked inside the unpacked image with chroot, so a missing shared
# library fails here rather than in a node.

bats_load_library bats-support
bats_load_library bats-assert

MK=bootcfg/mkinitramfs.sh

setup_file() {
	[ "$(id -u)" -eq 0 ] || skip "chroot into the image needs root"
	export WORK=$BATS_FILE_TMPDIR
	echo "payload" > "$WORK/payload.txt"
	"$MK" -o "$WORK/node.cpio.gz" --node nodeX --mintctl build/mintctl/mintctl \
		--file "$WORK/payload.txt:/opt/test/" --file bootcfg/qemu-2node.conf:/etc/mint/mint.conf
	mkdir "$WORK/root"
	(cd "$WORK/root" && zcat "$WORK/node.cpio.gz" | cpio --quiet -id)
}

in_image() {
	chroot "$WORK/root" /bin/sh -c "$1"
}

@test "the image boots through /init into busybox init with a shell on the console" {
	run in_image 'head -n 20 /init; cat /etc/inittab'
	assert_success
	assert_output --partial "exec /sbin/init"
	assert_output --partial "::respawn:/bin/cttyhack /etc/mint/console-shell"
	[ "$(readlink "$WORK/root/sbin/init")" = /usr/bin/busybox ]
}

@test "every busybox applet is linked, unless a real program of that name replaced it" {
	run in_image 'PATH=/usr/sbin:/usr/bin; for a in $(busybox --list-full); do
		[ -e "/$a" ] || command -v "${a##*/}" >/dev/null || echo "missing: /$a"; done'
	assert_success
	assert_output ""
	run in_image 'ping -c 1 -W 1 127.0.0.1 2>&1; taskset -p $$'
	assert_output --partial "ping"
}

@test "/bin/sh is dash and the console shell is bash, as on Debian" {
	[ "$(readlink "$WORK/root/usr/bin/sh")" = dash ]
	run in_image '/usr/bin/bash -c "echo \$BASH_VERSION"'
	assert_success
	assert_output --regexp '^[0-9]+\.'
}

@test "iperf3, kexec, ip, tc, bridge, nft, ethtool, makedumpfile and mintctl run from the image with its own libraries" {
	run in_image 'iperf3 --version && kexec --version && ip -V && tc -V && bridge -V && nft --version && ethtool --version && makedumpfile -v && mintctl --version'
	assert_success
	assert_output --partial "makedumpfile: version"
	assert_output --partial "nftables v"
	assert_output --partial "iperf 3"
	assert_output --partial "kexec-tools"
	assert_output --partial "iproute2"
	assert_output --partial "ethtool version"
	assert_output --partial "mintctl"
}

@test "real programs replace busybox's applets of the same name" {
	[ "$(readlink "$WORK/root/usr/bin/ip" || true)" = "" ]
	run in_image 'command -v ip; ip -V'
	assert_line --index 0 /usr/bin/ip
	assert_output --partial iproute2
}

@test "the node name, extra files and the config are in the image" {
	run in_image 'cat /etc/mint/node-name /opt/test/payload.txt; head -c 100 /etc/mint/mint.conf'
	assert_success
	assert_line --index 0 nodeX
	assert_line --index 1 payload
	run in_image 'mintctl -c /etc/mint/mint.conf --help >/dev/null && echo config-readable'
	assert_output config-readable
}

@test "the kernel modules tree is installed without its build links" {
	[ -d build/kernel/modules/lib/modules ] || skip "no kernel build (make kernel)"
	"$MK" -o "$WORK/mods.cpio.gz" --minimal --modules build/kernel/modules
	run bash -c "zcat '$WORK/mods.cpio.gz' | cpio --quiet -t"
	assert_success
	assert_output --regexp "lib/modules/[^/]+/modules.dep"
	refute_output --regexp "lib/modules/[^/]+/build"
}

@test "two builds from the same inputs are byte-identical" {
	"$MK" -o "$WORK/again.cpio.gz" --node nodeX --mintctl build/mintctl/mintctl \
		--file "$WORK/payload.txt:/opt/test/" --file bootcfg/qemu-2node.conf:/etc/mint/mint.conf
	cmp "$WORK/node.cpio.gz" "$WORK/again.cpio.gz"
}

@test "a missing --file source is refused by name and nothing is written" {
	run "$MK" -o "$WORK/bad.cpio.gz" --file /nonexistent/thing:/opt/
	assert_failure 1
	assert_output --partial "'/nonexistent/thing' does not exist"
	[ ! -e "$WORK/bad.cpio.gz" ]
}

@test "bad arguments are usage errors with exit 2" {
	run "$MK" --node node0
	assert_failure 2
	assert_output --partial "no output file"
	run "$MK" -o "$WORK/bad.cpio.gz" --node 'bad name'
	assert_failure 2
	assert_output --partial "not a valid hostname"
	run "$MK" -o "$WORK/bad.cpio.gz" --file relative-dest:etc/x
	assert_failure 2
	assert_output --partial "absolute DEST"
	run "$MK" -o "$WORK/bad.cpio.gz" --frobnicate
	assert_failure 2
	assert_output --partial "unknown argument '--frobnicate'"
	[ ! -e "$WORK/bad.cpio.gz" ]
}

@test "--bin copies a host program with its libraries, by default to /usr/bin" {
	"$MK" -o "$WORK/bin.cpio.gz" --minimal --bin /usr/bin/iperf3:/opt/iperf3 --bin /usr/bin/sha256sum
	mkdir "$WORK/bin"
	(cd "$WORK/bin" && zcat "$WORK/bin.cpio.gz" | cpio --quiet -id)
	run chroot "$WORK/bin" /opt/iperf3 --version
	assert_success
	assert_output --partial "iperf 3"
	echo abc > "$WORK/bin/tmp/x"
	run chroot "$WORK/bin" /usr/bin/sha256sum /tmp/x
	assert_success
	assert_output --partial "$(sha256sum < "$WORK/bin/tmp/x" | cut -d' ' -f1)"
}

@test "a --bin that is not an executable is refused" {
	run "$MK" -o "$WORK/bad.cpio.gz" --bin "$WORK/payload.txt"
	assert_failure 1
	assert_output --partial "is not an executable file"
	[ ! -e "$WORK/bad.cpio.gz" ]
}
