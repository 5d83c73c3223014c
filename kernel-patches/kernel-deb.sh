#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make kernel-deb: installable linux-image/linux-headers packages for node 0
# on a real server: Debian's linux-source-6.12, the patch series, and the
# configuration of debian-config.sh (Debian's amd64 config + the Mint
# options), built with the kernel's own bindeb-pkg. Long (a full Debian
# kernel with all its modules).
#
#   kernel-patches/kernel-deb.sh OUT_DIR            packages in OUT_DIR/*.deb
#   kernel-patches/kernel-deb.sh --patched OUT_DIR  only the first step
#
# Before the hours of bindeb-pkg it compiles, with this configuration, every
# C and assembly file the series changes or adds (minutes): Debian's config
# turns on code the test kernel never builds (IBT, retpolines, the EFI stub,
# module signing), and a patch that breaks there should fail at once, not
# after hours. --patched stops after that step (make kernel-deb-patched).
set -euo pipefail

usage="usage: kernel-deb.sh [--patched] OUT_DIR"
patched_only=0
case ${1:-} in
--patched) patched_only=1; shift ;;
-h | --help) echo "$usage"; exit 0 ;;
-*) echo "kernel-deb.sh: unknown option $1; $usage" >&2; exit 2 ;;
esac
[ $# -eq 1 ] || { echo "$usage" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
# The checked config first (it creates OUT_DIR).
bash "$here/debian-config.sh" "$1"
out=$(cd "$1" && pwd)
src=$out/src
jobs=${JOBS:-$(nproc)}
tarball=${MINT_KERNEL_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
t0=$(date +%s)
stage() { printf 'kernel-deb: [%4ss] %s\n' "$(($(date +%s) - t0))" "$*" >&2; }
# shellcheck source=kernel-patches/series.bash
. "$here/series.bash"
# The same variables for every step, so no step makes the next rebuild.
kmake() {
	make -C "$src" -j"$jobs" ARCH=x86_64 LOCALVERSION=-mint CC="ccache gcc" "$@"
}

# The unpacked, patched tree is kept while the tarball, the series and the
# config are unchanged, so a build that was stopped goes on where it was
# (bindeb-pkg does not clean first).
stamp=$( { stat -c '%s %Y' "$tarball"; cat "$here/series" "$out/config";
	   series_patches "$here" | while read -r p; do cat "$here/$p"; done; } | sha256sum | cut -c1-16)
if [ "$(cat "$src/.mint-stamp" 2>/dev/null)" != "$stamp" ]; then
	stage "unpacking $tarball into $src"
	rm -rf "$src" && mkdir -p "$src"
	tar -xf "$tarball" -C "$src" --strip-components=1
	series_patches "$here" | while read -r p; do
		patch -s -p1 -N -d "$src" <"$here/$p"
	done
	cp "$out/config" "$src/.config"
	# Debian's config names Debian's signing certificate, which is not
	# here: the kernel makes its own key for its modules.
	"$src/scripts/config" --file "$src/.config" --set-str SYSTEM_TRUSTED_KEYS "" \
		--set-str SYSTEM_REVOCATION_KEYS ""
	echo "$stamp" >"$src/.mint-stamp"
else
	stage "continuing in $src (source, patches and config unchanged)"
fi
kmake -s olddefconfig

# Every file the series touches; its .c and .S files as the objects kbuild
# makes of them (tools/ is not kernel code). The decompressor's files build
# with arch/x86/boot/compressed's own flags, which only a make of that
# directory gives: a single target from the top would use the kernel's.
touched=$(series_files "$here")
objs=$(echo "$touched" | grep -E '\.(c|S)$' | grep -v '^tools/' | sed 's/\.[cS]$/.o/')
boot_objs=$(echo "$objs" | grep '^arch/x86/boot/compressed/' || true)
kernel_objs=$(echo "$objs" | grep -v '^arch/x86/boot/compressed/' || true)
# built_here OBJ: false when its directory's Makefile adds it under a
# CONFIG_ option this config leaves off (the FRED entry code, for one).
built_here() {
	local sym
	# shellcheck disable=SC2016 # a literal $( in the sed expression
	sym=$(grep -hoE "obj-\\\$\(CONFIG_[A-Za-z0-9_]+\).*[[:space:]]$(basename "$1")([[:space:]]|$)" \
		"$src/$(dirname "$1")/Makefile" 2>/dev/null | sed -n 's/^obj-\$(\(CONFIG_[A-Za-z0-9_]*\)).*/\1/p' | head -1)
	[ -z "$sym" ] || grep -qE "^$sym=(y|m)$" "$src/.config"
}
kept="" skipped=""
for o in $kernel_objs; do
	if built_here "$o"; then kept+=" $o"; else skipped+=" $o"; fi
done
kernel_objs=$kept
[ -z "$skipped" ] || stage "not built by this config, so not compiled:$skipped"
cat >"$out/boot-objs.mk" <<'MK'
# kernel-deb.sh: the decompressor's objects, built by their own Makefile.
PHONY += mint-boot-objs
mint-boot-objs: prepare
	$(Q)$(MAKE) $(build)=arch/x86/boot/compressed $(MINT_BOOT_OBJS)
MK
stage "compiling the $(echo "$kernel_objs $boot_objs" | wc -w) files the series touches with the Debian-based config"
# Compiled afresh each time (ccache replays the warnings), so a second run
# reports what the first did.
# shellcheck disable=SC2086 # one word per object
(cd "$src" && rm -f $kernel_objs $boot_objs)
# shellcheck disable=SC2086
kmake $kernel_objs 2>&1 | tee "$out/patched.log"
# Run in the tree itself, so that the top Makefile reads boot-objs.mk and
# does not hand the goal to a sub-make without it.
(cd "$src" && make --no-print-directory -f Makefile -f "$out/boot-objs.mk" -j"$jobs" \
	ARCH=x86_64 LOCALVERSION=-mint CC="ccache gcc" MINT_BOOT_OBJS="${boot_objs//$'\n'/ }" \
	mint-boot-objs) 2>&1 | tee -a "$out/patched.log"
# A warning in a patched file is a finding too: the kernel builds without
# -Werror, so the long build would only scroll past it.
warned=$(series_warnings "$here" "$out/patched.log")
if [ -n "$warned" ]; then
	echo "$warned" >&2
	stage "error: the compiler warns about patched files with the Debian-based config (log: $out/patched.log)"
	exit 1
fi
stage "the patched files compile without a warning with the Debian-based config"
[ "$patched_only" -eq 0 ] || exit 0

stage "bindeb-pkg: the whole kernel, its modules and packages (hours on 2 cores)"
kmake KDEB_PKGVERSION="$(date +%Y%m%d)-1" bindeb-pkg
stage "done"
ls -l "$out"/*.deb
