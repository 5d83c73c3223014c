#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The node-0 kernel configuration for a real server: Debian's own amd64
# config (package linux-config-6.12) merged with kernel-patches/debian.config
# through the patched tree's kconfig (merge_config.sh, then olddefconfig).
# No kernel is built.
#
#   kernel-patches/debian-config.sh OUT_DIR
#
# Writes OUT_DIR/config and fails (exit 1, one line per problem) when
#  - an option of debian.config does not end up as it asks (a Mint option
#    unset: a missing dependency);
#  - an option Debian sets changed and debian.config does not name it
#    (toolchain facts such as CONFIG_CC_VERSION_TEXT excepted);
#  - something the test kernel's fragment mint.config enables is off
#    (=m counts for a tristate, a number may be larger), except the test
#    kernel's own choices listed in TEST_KERNEL_ONLY below.
# Only the Kconfig files, Makefiles and scripts of linux-source-6.12 are
# unpacked (into OUT_DIR/kconfig-src, kept while the source and the patches
# are unchanged), with the Kconfig hunks of the series applied.
# MINT_DEBIAN_FRAGMENT replaces debian.config (for the tests).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=kernel-patches/series.bash
. "$here/series.bash"
out=$1
mkdir -p "$out"
out=$(cd "$out" && pwd)
tarball=${MINT_KERNEL_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
debconfig=${MINT_DEBIAN_CONFIG:-/usr/src/linux-config-6.12/config.amd64_none_amd64.xz}
fragment=${MINT_DEBIAN_FRAGMENT:-$here/debian.config}
ksrc=$out/kconfig-src

# mint.config lines a server's node 0 does not need: the test kernel's
# compression, tick mode and devtmpfs auto-mount (Debian's initramfs mounts
# it). Its "is not set" lines only trim the test kernel and never apply.
TEST_KERNEL_ONLY="CONFIG_KERNEL_GZIP CONFIG_NO_HZ_IDLE CONFIG_DEVTMPFS_MOUNT"
# Values kconfig takes from the compiler and tools of this machine.
TOOLCHAIN='^CONFIG_(CC_|GCC_|CLANG_|RUSTC_|AS_|LD_|PAHOLE_|TOOLS_SUPPORT_|BUILD_SALT)'

die() { echo "kernel-config: error: $*" >&2; exit 1; }
[ -r "$tarball" ] || die "$tarball not found (Debian package linux-source-6.12: make deps)"
[ -r "$debconfig" ] || die "$debconfig not found (Debian package linux-config-6.12: make deps)"

# The patched Kconfig tree, rebuilt when the tarball or the series change.
stamp=$( { stat -c '%s %Y' "$tarball"; cat "$here/series";
	   series_patches "$here" | while read -r p; do cat "$here/$p"; done; } | sha256sum | cut -c1-16)
if [ "$(cat "$ksrc/.mint-stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "kernel-config: unpacking the Kconfig tree of $tarball" >&2
	rm -rf "$ksrc" && mkdir -p "$ksrc"
	tar -xf "$tarball" -C "$ksrc" --strip-components=1 --wildcards \
		'*/Kconfig*' '*/Makefile*' '*.include' '*/scripts/*' \
		'*/arch/x86/include/*' 'linux-source-6.12/include/*'
	series_patches "$here" | while read -r p; do
		awk '/^diff --git / { keep = ($3 ~ /Kconfig/) }
		     /^-- *$/ && keep { keep = 0 }
		     keep { print }' "$here/$p" >"$out/part.diff"
		[ ! -s "$out/part.diff" ] || patch -s -p1 -d "$ksrc" <"$out/part.diff" ||
			die "the Kconfig part of $p does not apply"
	done
	rm -f "$out/part.diff"
	echo "$stamp" >"$ksrc/.mint-stamp"
fi

xz -dc "$debconfig" >"$out/debian.config"
(cd "$out" && "$ksrc/scripts/kconfig/merge_config.sh" -m -O . debian.config \
	"$fragment" >merge.log 2>&1) || { cat "$out/merge.log" >&2; die "merge_config.sh failed"; }
make -s -C "$ksrc" ARCH=x86_64 KCONFIG_CONFIG="$out/.config" olddefconfig >/dev/null
mv "$out/.config" "$out/config"

# "SYM<tab>VALUE" for every symbol of a config file; n for "is not set".
values() {
	sed -n -e 's/^\(CONFIG_[A-Za-z0-9_]*\)=\(.*\)/\1\t\2/p' \
	       -e 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set/\1\tn/p' "$1" | sort -t "$TAB" -k1,1
}
TAB=$(printf '\t')
value_of() { awk -F "$TAB" -v s="$1" '$1 == s { print $2 }' "$2"; }
values "$out/debian.config" >"$out/debian.values"
values "$out/config" >"$out/merged.values"
values "$fragment" >"$out/fragment.values"

bad=0
problem() { echo "kernel-config: $*" >&2; bad=1; }

# Every option of the fragment as it asks.
while IFS=$TAB read -r sym want; do
	got=$(value_of "$sym" "$out/merged.values")
	[ "$got" = "$want" ] ||
		problem "$sym: debian.config asks for $want, the merge gives ${got:-n} (a missing dependency?)"
done <"$out/fragment.values"

# No Debian option changed that the fragment does not name.
join -t "$TAB" -a1 "$out/debian.values" "$out/merged.values" | while IFS=$TAB read -r sym was now; do
	[ "$was" != "${now:-n}" ] || continue
	grep -q "^$sym$TAB" "$out/fragment.values" && continue
	echo "$sym" | grep -Eq "$TOOLCHAIN" && continue
	echo "$sym: Debian has $was, the merge gives ${now:-n}, and debian.config does not name it"
done >"$out/changed"
[ ! -s "$out/changed" ] || { sed 's/^/kernel-config: /' "$out/changed" >&2; bad=1; }

# What the test kernel's fragment enables, node 0 has too.
while IFS=$TAB read -r sym want; do
	[ "$want" != n ] || continue
	case " $TEST_KERNEL_ONLY " in *" $sym "*) continue ;; esac
	got=$(value_of "$sym" "$out/merged.values")
	case $want:${got:-n} in
	y:y | y:m) ;;
	*:n) problem "$sym: mint.config enables it ($want), the Debian-based config has it off" ;;
	y:*) problem "$sym: mint.config asks for y, the Debian-based config gives $got" ;;
	*)
		if [[ $want =~ ^[0-9]+$ && $got =~ ^[0-9]+$ ]]; then
			[ "$got" -ge "$want" ] ||
				problem "$sym: mint.config asks for $want, the Debian-based config gives less ($got)"
		elif [ "$got" != "$want" ]; then
			problem "$sym: mint.config asks for $want, the Debian-based config gives $got"
		fi ;;
	esac
done < <(values "$here/mint.config")

[ "$bad" -eq 0 ] || die "the Mint options and Debian's config do not merge cleanly"
echo "kernel-config: $out/config: Debian's amd64 config + $(wc -l <"$out/fragment.values") Mint options, no other Debian option changed"
