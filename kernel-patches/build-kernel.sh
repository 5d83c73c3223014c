#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the Mint kernel: Debian's linux-source-6.12 + kernel-patches/series +
# the config fragment kernel-patches/mint.config on top of tinyconfig.
#
#   kernel-patches/build-kernel.sh [BUILD_DIR]      (default: build/kernel)
#
# Outputs BUILD_DIR/bzImage, BUILD_DIR/modules (INSTALL_MOD_PATH) and the
# patched, built tree BUILD_DIR/src. Cached: a stamp over the source package
# version, the series, every patch, the fragment and this script skips the
# build when nothing changed; when only patches changed, the applied patches
# are reversed and the new ones applied, so make rebuilds only what they
# touch (and ccache catches the rest).
set -euo pipefail

# Everything runs inside one { } block: bash parses it whole before running,
# so editing this file during a build cannot derail the build.
{
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-build/kernel}
mkdir -p "$out"
out=$(cd "$out" && pwd)
tarball=${MINT_KERNEL_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
srcpkg=linux-source-6.12
src=$out/src
applied=$out/applied	# copy of the series + patches currently in $src
jobs=${JOBS:-$(nproc)}
t0=$(date +%s)

stage() { printf 'kernel: [%3ss] %s\n' "$(($(date +%s) - t0))" "$*"; }
die() { echo "kernel: error: $*" >&2; exit 1; }

[ -r "$tarball" ] || die "$tarball not found (install Debian package $srcpkg: make deps)"
command -v ccache >/dev/null || die "ccache not found (make deps)"
srcver=$(dpkg-query -W -f '${Version}' "$srcpkg" 2>/dev/null) ||
	die "Debian package $srcpkg is not installed (make deps)"

# shellcheck source=kernel-patches/series.bash
. "$here/series.bash"

stamp_of() {
	{
		echo "source $srcpkg $srcver"
		sha256sum "$here/build-kernel.sh" "$here/series.bash" "$here/mint.config" | awk '{ print $1 }'
		[ -f "$here/series" ] && sha256sum < "$here/series"
		for p in $(series_patches "$here"); do
			[ -f "$here/$p" ] || die "kernel-patches/series lists $p, which does not exist"
			sha256sum < "$here/$p"
		done
	} | sha256sum | awk '{ print $1 }'
}

# One build at a time in $out: concurrent makes in one tree corrupt it.
exec 9>"$out/.lock"
if ! flock -n 9; then
	stage "another kernel build is running in $out, waiting for it"
	flock 9
fi

stamp=$(stamp_of)
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$stamp" ] &&
   [ -f "$out/bzImage" ] && [ -d "$out/modules/lib/modules" ]; then
	stage "up to date ($(cat "$src/include/config/kernel.release" 2>/dev/null || echo "?"), stamp ${stamp:0:12}), nothing to do"
	exit 0
fi
rm -f "$out/stamp"
mkdir -p "$out"

unpack() {
	stage "unpacking $tarball ($srcpkg $srcver) into $src"
	rm -rf "$src" "$applied"
	mkdir -p "$src"
	tar -xf "$tarball" -C "$src" --strip-components=1
	mkdir -p "$applied"
	: > "$applied/series"
}

# Number of leading patches that are the same in $applied and in the series:
# those stay applied, so their files keep their timestamps.
common_prefix() {
	local -a old new
	local n=0
	[ -d "$applied" ] || { echo 0; return; }
	mapfile -t old < <(series_patches "$applied")
	mapfile -t new < <(series_patches "$here")
	while [ "$n" -lt "${#old[@]}" ] && [ "$n" -lt "${#new[@]}" ] &&
	      [ "${old[$n]}" = "${new[$n]}" ] && cmp -s "$applied/${old[$n]}" "$here/${new[$n]}"; do
		n=$((n + 1))
	done
	echo "$n"
}

# Reverse the patches recorded in $applied after the first $1, newest
# first. Fails if the tree no longer matches them; the caller then unpacks
# afresh.
unapply() {
	local keep=$1 p list
	list=$(series_patches "$applied" | tail -n +$((keep + 1)) | tac)
	for p in $list; do
		stage "reversing $p"
		patch -s -p1 -R -d "$src" --no-backup-if-mismatch < "$applied/$p" || return 1
		rm -f "$applied/$p"
	done
	series_patches "$applied" | head -n "$keep" > "$applied/series.new"
	mv "$applied/series.new" "$applied/series"
}

same_patches() {
	[ -d "$applied" ] || return 1
	diff -q <(series_patches "$applied") <(series_patches "$here") >/dev/null || return 1
	local p
	for p in $(series_patches "$here"); do
		cmp -s "$applied/$p" "$here/$p" || return 1
	done
}

keep=0
if [ ! -f "$src/Makefile" ] || [ ! -d "$applied" ] ||
   [ "$(cat "$out/srcver" 2>/dev/null)" != "$srcver" ]; then
	unpack
elif same_patches; then
	stage "patches unchanged, keeping $src"
	keep=$(series_patches "$here" | wc -l)
else
	keep=$(common_prefix)
	if ! unapply "$keep"; then
		stage "could not reverse the old patches cleanly, starting from a fresh tree"
		unpack
		keep=0
	fi
fi
echo "$srcver" > "$out/srcver"

for p in $(series_patches "$here" | tail -n +$((keep + 1))); do
	stage "applying $p"
	if ! patch -s -p1 -N -d "$src" --no-backup-if-mismatch < "$here/$p"; then
		rm -rf "$applied"	# half applied: start from a fresh tree next time
		die "patch $p does not apply to $srcpkg $srcver"
	fi
	mkdir -p "$(dirname "$applied/$p")"
	cp "$here/$p" "$applied/$p"
	echo "$p" >> "$applied/series"
done

export KBUILD_BUILD_USER=mint KBUILD_BUILD_HOST=mint
kmake=(make -C "$src" -j"$jobs" ARCH=x86_64 CC="ccache gcc" HOSTCC="ccache gcc")

# Regenerate the config in a scratch dir; replace .config only when it
# differs, so an unchanged config rebuilds nothing.
stage "configuring: tinyconfig + mint.config"
cfgdir=$out/config.tmp
rm -rf "$cfgdir"
mkdir -p "$cfgdir"
# KCONFIG_CONFIG keeps the scratch config out of the (possibly built) tree.
KCONFIG_CONFIG="$cfgdir/.config" "${kmake[@]}" -s tinyconfig >/dev/null
(cd "$cfgdir" && "$src/scripts/kconfig/merge_config.sh" -m -O . .config "$here/mint.config" >merge.log 2>&1) ||
	{ cat "$cfgdir/merge.log" >&2; die "merge_config.sh failed"; }
KCONFIG_CONFIG="$cfgdir/.config" "${kmake[@]}" -s olddefconfig >/dev/null
# Every value the fragment asks for must survive olddefconfig.
missing=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*) want=$line; sym=${line%%=*} ;;
	"# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *}; want="# $sym is not set" ;;
	*) continue ;;
	esac
	got=$(grep -E "^($sym=|# $sym is not set)" "$cfgdir/.config" || echo "# $sym is not set")
	if [ "$got" != "$want" ]; then
		echo "kernel: config: asked for '$want', got '$got'" >&2
		missing=1
	fi
done < "$here/mint.config"
[ "$missing" -eq 0 ] || die "config fragment not satisfied (missing dependencies?)"
if ! cmp -s "$cfgdir/.config" "$src/.config"; then
	cp "$cfgdir/.config" "$src/.config"
	stage "config updated"
fi
rm -rf "$cfgdir"
"${kmake[@]}" -s olddefconfig

# ccache's counters are global: report this build's share.
ccache_counts() {
	ccache --print-stats 2>/dev/null | awk '
		$1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { h += $2 }
		$1 == "cache_miss" { m += $2 }
		END { print h + 0, m + 0 }'
}
read -r hits0 misses0 < <(ccache_counts)

stage "building bzImage and modules (-j$jobs, ccache)"
# A compiler warning in a file of the series fails the build: the kernel
# builds without -Werror, and a warning scrolled past is a bug shipped.
: >"$out/messages"
# Condensed progress: kbuild's own short lines (CC, LD, AR ...) with a count.
n=0
"${kmake[@]}" bzImage modules 2>&1 | while IFS= read -r line; do
	case $line in
	"  "[A-Z]*)
		n=$((n + 1))
		if [ $((n % 200)) -eq 0 ]; then
			printf 'kernel: [%3ss] %5d steps, at %s\n' "$(($(date +%s) - t0))" "$n" "${line##* }"
		fi ;;
	*) printf '%s\n' "$line" | tee -a "$out/messages" ;;
	esac
done
[ "${PIPESTATUS[0]}" -eq 0 ] || die "kernel build failed"
series_warnings "$here" "$out/messages" >"$out/warnings"
[ ! -s "$out/warnings" ] ||
	die "the compiler warns about files of the patch series (above, and in $out/warnings)"

stage "installing modules into $out/modules"
rm -rf "$out/modules"
"${kmake[@]}" -s INSTALL_MOD_PATH="$out/modules" modules_install >/dev/null
cp "$src/arch/x86/boot/bzImage" "$out/bzImage"
echo "$stamp" > "$out/stamp"
stage "done: $out/bzImage ($(cat "$src/include/config/kernel.release"), $(stat -c %s "$out/bzImage") bytes)"
read -r hits misses < <(ccache_counts)
stage "ccache this build: $((hits - hits0)) hits, $((misses - misses0)) misses"

exit 0
}
