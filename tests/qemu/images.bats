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

@test "iperf3, kexec, ip, tc, bridge, nft, ethtool, makedumpfile, dbclient and mintctl run from the image with its own libraries" {
	run in_image 'iperf3 --version && kexec --version && ip -V && tc -V && bridge -V && nft --version && ethtool --version && makedumpfile -v && mintctl --version && dbclient -V 2>&1 && dropbearkey -t ed25519 -f /tmp/k | grep -c "^ssh-ed25519 "'
	assert_success
	assert_output --partial "Dropbear v"
	assert_line 1
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

# A .deb built here: a script, a library-linked program, docs, a /bin file.
make_deb() {
	local d=$WORK/deb-src
	rm -rf "$d" && mkdir -p "$d/DEBIAN" "$d/usr/bin" "$d/bin" "$d/usr/share/doc/mint-demo" "$d/usr/share/man/man1"
	printf 'Package: mint-demo\nVersion: 1.0\nArchitecture: amd64\nMaintainer: Mint <mint@example.org>\nDepends: libc6, zlib1g\nDescription: test\n test\n' > "$d/DEBIAN/control"
	printf '#!/bin/sh\necho hello from mint-demo\n' > "$d/usr/bin/mint-demo"
	chmod 0755 "$d/usr/bin/mint-demo"
	# A program that needs a library busybox and dash do not: zlib.
	cp "$(readlink -f "$(command -v iperf3)")" "$d/bin/mint-demo-elf"
	# A static program: ldd fails on it, which must not stop the build.
	cp "$(command -v busybox)" "$d/usr/bin/mint-demo-static"
	echo doc > "$d/usr/share/doc/mint-demo/README"
	echo man > "$d/usr/share/man/man1/mint-demo.1"
	dpkg-deb -b --root-owner-group "$d" "$WORK/mint-demo.deb" >/dev/null
}

@test "--package FILE.deb installs the package's files without its documentation, /bin under /usr, with the libraries its programs need" {
	make_deb
	mkdir -p "$WORK/overlay/etc/mint/rc.d" "$WORK/overlay/opt/test"
	printf 'echo overlay hook\n' > "$WORK/overlay/etc/mint/rc.d/60-demo.sh"
	echo "from the overlay" > "$WORK/overlay/opt/test/payload.txt"
	"$MK" -o "$WORK/pkg.cpio.gz" --minimal --package "$WORK/mint-demo.deb" \
		--file "$WORK/payload.txt:/opt/test/" --overlay "$WORK/overlay" --cache "$WORK/cache"
	mkdir "$WORK/pkg"
	(cd "$WORK/pkg" && zcat "$WORK/pkg.cpio.gz" | cpio --quiet -id)
	run chroot "$WORK/pkg" /usr/bin/mint-demo
	assert_success
	assert_output "hello from mint-demo"
	# Its /bin/ program lands in /usr/bin (merged /usr), and runs: its
	# libraries came along although --minimal copies no other program.
	[ -f "$WORK/pkg/usr/bin/mint-demo-elf" ] || fail "no /usr/bin/mint-demo-elf"
	run chroot "$WORK/pkg" /bin/mint-demo-elf --version
	assert_success
	assert_output --partial "iperf 3"
	cmp "$(command -v busybox)" "$WORK/pkg/usr/bin/mint-demo-static" || fail "static program not copied"
	[ ! -e "$WORK/pkg/usr/share/doc/mint-demo" ] || fail "documentation copied"
	[ ! -e "$WORK/pkg/usr/share/man/man1/mint-demo.1" ] || fail "man page copied"
	# The overlay comes last: it replaced the --file of the same path.
	assert_equal "$(cat "$WORK/pkg/opt/test/payload.txt")" "from the overlay"
	[ -f "$WORK/pkg/etc/mint/rc.d/60-demo.sh" ] || fail "overlay hook missing"
}

# refuse STATUS MESSAGE ARG...: mkinitramfs with ARG... exits STATUS,
# saying MESSAGE.
refuse() {
	local status=$1 message=$2
	shift 2
	run "$MK" -o "$WORK/bad.cpio.gz" "$@"
	assert_failure "$status"
	assert_output --partial "$message"
}

@test "--package and --overlay refuse bad input by name, with nothing written" {
	cp "$WORK/payload.txt" "$WORK/fake.deb"
	refuse 2 "--package 'Not_A_Name': not a Debian package name or a .deb file" --package Not_A_Name
	refuse 1 "is not a Debian package file" --package "$WORK/payload.txt.deb"
	refuse 1 "'$WORK/fake.deb' is not a Debian package file" --package "$WORK/fake.deb"
	refuse 1 "--overlay: '$WORK/payload.txt' is not a directory" --overlay "$WORK/payload.txt"
	refuse 1 "--package mint-no-such-package-at-all: no such package in this host's apt sources" \
		--minimal --package mint-no-such-package-at-all --cache "$WORK/cache"
	[ ! -e "$WORK/bad.cpio.gz" ]
}

@test "--package NAME fetches a package this host lacks, with the dependencies' libraries it needs" {
	# dropbear-bin's libtomcrypt1 and libtommath1 are not on the build host
	# unless dropbear-bin is: either way the image must be complete.
	"$MK" -o "$WORK/db.cpio.gz" --minimal --package dropbear-bin --cache "$WORK/cache"
	ls "$WORK/cache"/dropbear-bin_*.deb >/dev/null || fail "no package in the cache"
	mkdir "$WORK/db"
	(cd "$WORK/db" && zcat "$WORK/db.cpio.gz" | cpio --quiet -id)
	run chroot "$WORK/db" /usr/sbin/dropbear -V
	assert_output --partial "Dropbear v"
	run chroot "$WORK/db" /bin/sh -c 'ls /usr/lib/x86_64-linux-gnu/ | grep -c "^libtom"'
	assert_output 2
	# Fetched once: a second build uses the cache (no 'fetching' line).
	run "$MK" -o "$WORK/db2.cpio.gz" --minimal --package dropbear-bin --cache "$WORK/cache"
	assert_success
	refute_output --partial "fetching"
	cmp "$WORK/db.cpio.gz" "$WORK/db2.cpio.gz" || fail "two builds differ"
}

@test "the test machine's node images carry mintctl from the mint-tools package, not from the build tree" {
	local deb
	deb=$(ls build/deb/mint-tools_*_amd64.deb 2>/dev/null | head -n 1)
	[ -f build/initramfs/node0.cpio.gz ] && [ -n "$deb" ] ||
		skip "make initramfs has not run (it builds the package first)"
	mkdir "$WORK/pkgimg"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/sbin/mintctl > "$WORK/pkgimg/from-deb"
	for node in node0 node1; do
		(cd "$WORK/pkgimg" && zcat "$OLDPWD/build/initramfs/$node.cpio.gz" |
			cpio --quiet -id usr/sbin/mintctl && mv usr/sbin/mintctl "$node")
		cmp "$WORK/pkgimg/from-deb" "$WORK/pkgimg/$node" || fail "$node's mintctl is not the package's"
	done
	# The package's other files came along: its systemd units, under /usr.
	zcat build/initramfs/node0.cpio.gz | cpio --quiet -t | grep -qx 'usr/lib/systemd/system/mint-node@.service' ||
		fail "no mint-node@.service in node 0's image"
}
