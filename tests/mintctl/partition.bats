#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# mintctl partition: --print, --grub and --kexec.

load helpers

# The largest RAM range node 0 keeps above 1 MiB: 0x100000 up to node1.
MEMWIN='--mem-min=0x100000 --mem-max=0x5ddfffff'
# node1's memory and the shared region touch: one memmap= for both.
PARAMS='maxcpus=2 no_ipi_broadcast=1 memmap=544M$0x5de00000 memmap=128K$0x20000 reserve=0x2f8,8'

@test "partition --print emits node 0's parameters" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	mint partition --print
	assert_success
	assert_output "$PARAMS"
}

@test "on a machine with SMT threads node 0 brings its CPUs up in order, so maxcpus= takes only its own" {
	# Linux brings up every core's first thread before any second thread;
	# on the modern machine maxcpus=4 alone onlined CPUs 0,2,4,6.
	CONF="$REPO/bootcfg/qemu-modern-2node.conf"
	SYSROOT="$REPO/tests/qemu/sysroot-modern"
	mint partition --print
	assert_success
	# (Its node 1 has no UART, console=hvc0: no reserve= either.)
	assert_output 'maxcpus=4 no_ipi_broadcast=1 cpuhp.parallel=0 memmap=544M$0x15e000000 memmap=128K$0x20000'
	# Without SMT (the pc machine above) there is nothing to keep in order.
	CONF="$REPO/bootcfg/qemu-2node.conf"
	SYSROOT="$QEMU"
	mint partition --print
	refute_output --partial cpuhp.parallel
	# A re-partition replaces the old setting rather than adding a second one.
	CONF="$REPO/bootcfg/qemu-modern-2node.conf"
	cp -r "$REPO/tests/qemu/sysroot-modern" "$BATS_TEST_TMPDIR/root"
	printf '%s\n' 'console=ttyS0 cpuhp.parallel=1 maxcpus=8' > "$BATS_TEST_TMPDIR/root/proc/cmdline"
	SYSROOT="$BATS_TEST_TMPDIR/root"
	touch "$OUT/bzImage"
	mint partition --kexec --dry-run --kernel "$OUT/bzImage"
	assert_success
	assert_line --index 0 --partial "--append='console=ttyS0 maxcpus=4 no_ipi_broadcast=1 cpuhp.parallel=0 memmap="
}

@test "partition --grub writes a drop-in with \$ escaped for GRUB" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	mint partition --grub "$OUT/mint.cfg"
	assert_success
	run grep '^GRUB_CMDLINE_LINUX_DEFAULT=' "$OUT/mint.cfg"
	assert_output 'GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT maxcpus=2 no_ipi_broadcast=1 memmap=544M\\\$0x5de00000 memmap=128K\\\$0x20000 reserve=0x2f8,8"'
	# grub-mkconfig sources the file with sh: grub.cfg must get "\$".
	run sh -c 'GRUB_CMDLINE_LINUX_DEFAULT=quiet; . "$1"; printf "%s" "$GRUB_CMDLINE_LINUX_DEFAULT"' sh "$OUT/mint.cfg"
	assert_output 'quiet maxcpus=2 no_ipi_broadcast=1 memmap=544M\$0x5de00000 memmap=128K\$0x20000 reserve=0x2f8,8'
}

@test "the GRUB drop-in and the grub.cfg entry made from it pass grub-script-check" {
	command -v grub-script-check >/dev/null || skip "grub-script-check not installed (grub-common)"
	CONF="$REPO/bootcfg/qemu-3node.conf"
	mint partition --grub "$OUT/mint.cfg"
	assert_success
	run grub-script-check "$OUT/mint.cfg"
	assert_success
	# What grub-mkconfig's 10_linux would write with this drop-in.
	args=$(sh -c 'GRUB_CMDLINE_LINUX_DEFAULT=quiet; . "$1"; printf "%s" "$GRUB_CMDLINE_LINUX_DEFAULT"' sh "$OUT/mint.cfg")
	printf "menuentry 'Debian, Mint node 0' {\n\tlinux /boot/vmlinuz root=/dev/sda1 ro %s\n}\n" "$args" > "$OUT/grub.cfg"
	run grub-script-check "$OUT/grub.cfg"
	assert_success
	run grep -c 'memmap=800M\\\$0x4de00000' "$OUT/grub.cfg"
	assert_output 1
}

@test "partition --grub does not touch an existing file when the plan is bad" {
	echo "previous" > "$OUT/mint.cfg"
	conf_2node | sed 's/^memory = 512M$/memory = 512Q/' > "$CONF"
	mint partition --grub "$OUT/mint.cfg"
	assert_failure 2
	assert_stderr_has '[node1] memory: "512Q": unknown size suffix'
	assert_equal "$(cat "$OUT/mint.cfg")" previous
	assert_equal "$(ls -A "$OUT")" mint.cfg
}

@test "partition --kexec --dry-run prints the kexec lines without the old Mint parameters" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	touch "$OUT/bzImage" "$OUT/initrd.img"
	mint partition --kexec --dry-run --kernel "$OUT/bzImage" --initrd "$OUT/initrd.img"
	assert_success
	# The recorded /proc/cmdline carries an older partition (256M node1);
	# those parameters are replaced, everything else is kept in order.
	assert_line --index 0 "kexec -l -c $MEMWIN $OUT/bzImage --initrd=$OUT/initrd.img --append='BOOT_IMAGE=/boot/bzImage console=ttyS0,115200 rdinit=/init panic=-1 quiet $PARAMS'"
	assert_line --index 1 'kexec -e'
	assert_equal "${#lines[@]}" 2
}

@test "partition --grub --json and --kexec --json print one document each, matching the schema" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	mint partition --grub "$OUT/mint.cfg" --json
	assert_success
	"$REPO/tests/mintctl/json-schema.py" partition-grub <<<"$output" || fail "$output"
	assert_equal "$(jq -r .grub_file <<<"$output")" "$OUT/mint.cfg"
	assert_equal "$(jq -r .kernel_params <<<"$output")" "$PARAMS"
	grep -q '^GRUB_CMDLINE_LINUX_DEFAULT=' "$OUT/mint.cfg" || fail "no drop-in written"
	touch "$OUT/bzImage" "$OUT/initrd.img"
	mint partition --kexec --dry-run --kernel "$OUT/bzImage" --initrd "$OUT/initrd.img" --json
	assert_success
	"$REPO/tests/mintctl/json-schema.py" partition-kexec <<<"$output" || fail "$output"
	assert_equal "$(jq -c '.commands' <<<"$output")" \
		"$(jq -cn --arg k "$OUT/bzImage" --arg i "$OUT/initrd.img" --arg p "$PARAMS" \
			'[["kexec","-l","-c","--mem-min=0x100000","--mem-max=0x5ddfffff",$k,"--initrd="+$i,"--append=BOOT_IMAGE=/boot/bzImage console=ttyS0,115200 rdinit=/init panic=-1 quiet "+$p],["kexec","-e"]]')"
	assert_equal "$(jq -c '[.load_window, .running_nodes, .dry_run, .initrd]' <<<"$output")" \
		"[{\"start\":1048576,\"size\":$((0x5de00000 - 0x100000))},0,true,\"$OUT/initrd.img\"]"
	# Without an initrd it is null, and the load line has no --initrd=.
	mint partition --kexec --dry-run --kernel "$OUT/bzImage" --json
	assert_success
	assert_equal "$(jq -c '[.initrd, (.commands[0] | map(select(startswith("--initrd"))) | length)]' <<<"$output")" '[null,0]'
}

@test "partitioning again with the same plan gives the same command line" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	touch "$OUT/bzImage"
	mint partition --kexec --dry-run --kernel "$OUT/bzImage"
	assert_success
	first=${lines[0]}
	cmdline=${first#*--append=\'}
	cmdline=${cmdline%\'}
	cp -r "$QEMU" "$BATS_TEST_TMPDIR/root"
	printf '%s\n' "$cmdline" > "$BATS_TEST_TMPDIR/root/proc/cmdline"
	SYSROOT="$BATS_TEST_TMPDIR/root"
	mint partition --kexec --dry-run --kernel "$OUT/bzImage"
	assert_success
	assert_line --index 0 "$first"
}

@test "kexec keeps quoted parameters and drops only the ones partition owns" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	touch "$OUT/bzImage"
	cp -r "$QEMU" "$BATS_TEST_TMPDIR/root"
	printf '%s\n' 'root=/dev/vda nr_cpus=4 dyndbg="file x.c +p" memmap=64K@0x1000 memmap=1G$0x40000000 mem=2G' > "$BATS_TEST_TMPDIR/root/proc/cmdline"
	SYSROOT="$BATS_TEST_TMPDIR/root"
	mint partition --kexec --dry-run --kernel "$OUT/bzImage"
	assert_success
	assert_line --index 0 "kexec -l -c $MEMWIN $OUT/bzImage --append='root=/dev/vda dyndbg=\"file x.c +p\" memmap=64K@0x1000 mem=2G $PARAMS'"
}

@test "partition --kexec runs kexec -l -c (the kexec_load syscall, which keeps --mem-min/--mem-max), then kexec -e" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	touch "$OUT/bzImage"
	mkdir "$BATS_TEST_TMPDIR/bin"
	printf '#!/bin/sh\nfor a; do printf "[%%s]" "$a"; done >> "%s"\necho >> "%s"\n' \
		"$BATS_TEST_TMPDIR/kexec.log" "$BATS_TEST_TMPDIR/kexec.log" > "$BATS_TEST_TMPDIR/bin/kexec"
	chmod +x "$BATS_TEST_TMPDIR/bin/kexec"
	PATH="$BATS_TEST_TMPDIR/bin:$PATH" mint partition --kexec --kernel "$OUT/bzImage"
	# A real kexec -e never returns; this one does, which is an error.
	assert_failure 1
	assert_stderr_has "partition: kexec -e returned without rebooting"
	run cat "$BATS_TEST_TMPDIR/kexec.log"
	assert_line --index 0 "[-l][-c][--mem-min=0x100000][--mem-max=0x5ddfffff][$OUT/bzImage][--append=BOOT_IMAGE=/boot/bzImage console=ttyS0,115200 rdinit=/init panic=-1 quiet $PARAMS]"
	assert_line --index 1 "[-e]"
}

@test "partition --kexec on a locked-down kernel is refused with the reason, and runs nothing" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	touch "$OUT/bzImage"
	cp -r "$QEMU" "$BATS_TEST_TMPDIR/root"
	mkdir -p "$BATS_TEST_TMPDIR/root/sys/kernel/security" "$BATS_TEST_TMPDIR/bin"
	echo 'none [integrity] confidentiality' > "$BATS_TEST_TMPDIR/root/sys/kernel/security/lockdown"
	printf '#!/bin/sh\necho ran >> "%s"\n' "$BATS_TEST_TMPDIR/kexec.log" > "$BATS_TEST_TMPDIR/bin/kexec"
	chmod +x "$BATS_TEST_TMPDIR/bin/kexec"
	SYSROOT="$BATS_TEST_TMPDIR/root"
	PATH="$BATS_TEST_TMPDIR/bin:$PATH" mint partition --kexec --kernel "$OUT/bzImage"
	assert_failure 1
	assert_stderr_has "partition: the kernel is locked down (integrity, /sys/kernel/security/lockdown): it refuses kexec_load, and kexec_file_load ignores --mem-min/--mem-max, so node 0's new kernel could land in the reservations; use --grub and reboot"
	[ ! -e "$BATS_TEST_TMPDIR/kexec.log" ] || fail "kexec ran"
}

@test "partition --kexec stops when kexec -l fails" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	touch "$OUT/bzImage"
	mkdir "$BATS_TEST_TMPDIR/bin"
	printf '#!/bin/sh\necho "$1" >> "%s"\nexit 3\n' "$BATS_TEST_TMPDIR/kexec.log" > "$BATS_TEST_TMPDIR/bin/kexec"
	chmod +x "$BATS_TEST_TMPDIR/bin/kexec"
	PATH="$BATS_TEST_TMPDIR/bin:$PATH" mint partition --kexec --kernel "$OUT/bzImage"
	assert_failure 1
	assert_stderr_has "partition: 'kexec -l' failed (status 3)"
	run cat "$BATS_TEST_TMPDIR/kexec.log"
	assert_output -- "-l"
}

@test "partition --kexec with a missing kernel image is refused before running anything" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	mint partition --kexec --dry-run --kernel "$OUT/nope"
	assert_failure 2
	assert_stderr_has "partition: kernel image $OUT/nope: No such file or directory (choose one with --kernel)"
	[ -z "$output" ]
}

@test "partition on a Mint secondary node (it has /sys/firmware/mint) is refused, and runs nothing" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	touch "$OUT/bzImage"
	cp -r "$QEMU" "$BATS_TEST_TMPDIR/root"
	mkdir -p "$BATS_TEST_TMPDIR/root/sys/firmware/mint" "$BATS_TEST_TMPDIR/bin"
	printf '#!/bin/sh\necho ran >> "%s"\n' "$BATS_TEST_TMPDIR/kexec.log" > "$BATS_TEST_TMPDIR/bin/kexec"
	chmod +x "$BATS_TEST_TMPDIR/bin/kexec"
	SYSROOT="$BATS_TEST_TMPDIR/root"
	for mode in "--kexec --kernel $OUT/bzImage" "--grub $OUT/mint.cfg" --print; do
		PATH="$BATS_TEST_TMPDIR/bin:$PATH" mint partition $mode
		assert_failure 1
		assert_stderr_has "partition: this is a Mint secondary node ($BATS_TEST_TMPDIR/root/sys/firmware/mint exists); partition node 0 from node 0"
		[ -z "$output" ]
	done
	[ ! -e "$BATS_TEST_TMPDIR/kexec.log" ] || fail "kexec ran"
	[ ! -e "$OUT/mint.cfg" ] || fail "the GRUB drop-in was written"
}

@test "partition needs exactly one of --print, --grub or --kexec" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	mint partition
	assert_failure 2
	assert_stderr_has "partition: choose exactly one of --print, --grub FILE or --kexec"
	mint partition --print --grub "$OUT/x.cfg"
	assert_failure 2
	mint partition --print --dry-run
	assert_failure 2
	assert_stderr_has "--dry-run, --kernel and --initrd only go with --kexec"
	[ -z "$(ls -A "$OUT")" ]
}

@test "unknown options and commands are usage errors" {
	run --separate-stderr "$MINTCTL" plan --frobnicate
	assert_failure 2
	assert_stderr_has "mintctl: plan: unknown option '--frobnicate'"
	run --separate-stderr "$MINTCTL" frobnicate
	assert_failure 2
	assert_stderr_has "mintctl: unknown command 'frobnicate'"
	run --separate-stderr "$MINTCTL" partition --grub
	assert_failure 2
	assert_stderr_has "mintctl: partition: option '--grub' needs an argument"
}
