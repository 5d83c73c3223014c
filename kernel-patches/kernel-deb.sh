#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make kernel-deb: installable linux-image/linux-headers packages for node 0
# on a real server: Debian's linux-source-6.12, the patch series, and the
# configuration of debian-config.sh (Debian's amd64 config + the Mint
# options), built with the kernel's own bindeb-pkg. Long (a full Debian
# kernel with all its modules).
#
#   kernel-patches/kernel-deb.sh OUT_DIR     packages in OUT_DIR/*.deb
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# The checked config first (it creates OUT_DIR).
bash "$here/debian-config.sh" "$1"
out=$(cd "$1" && pwd)
src=$out/src
jobs=${JOBS:-$(nproc)}
tarball=${MINT_KERNEL_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
# The unpacked, patched tree is kept while the tarball, the series and the
# config are unchanged, so a build that was stopped goes on where it was
# (bindeb-pkg does not clean first).
stamp=$( { stat -c '%s %Y' "$tarball"; cat "$here/series" "$out/config";
	   sed -e 's/#.*//' "$here/series" | awk 'NF { print $1 }' |
	   while read -r p; do cat "$here/$p"; done; } | sha256sum | cut -c1-16)
if [ "$(cat "$src/.mint-stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "kernel-deb: unpacking $tarball into $src" >&2
	rm -rf "$src" && mkdir -p "$src"
	tar -xf "$tarball" -C "$src" --strip-components=1
	sed -e 's/#.*//' "$here/series" | awk 'NF { print $1 }' | while read -r p; do
		patch -s -p1 -N -d "$src" <"$here/$p"
	done
	cp "$out/config" "$src/.config"
	# Debian's config names Debian's signing certificate, which is not
	# here: the kernel makes its own key for its modules.
	"$src/scripts/config" --file "$src/.config" --set-str SYSTEM_TRUSTED_KEYS "" \
		--set-str SYSTEM_REVOCATION_KEYS ""
	echo "$stamp" >"$src/.mint-stamp"
else
	echo "kernel-deb: continuing in $src (source, patches and config unchanged)" >&2
fi
make -C "$src" -j"$jobs" ARCH=x86_64 olddefconfig
make -C "$src" -j"$jobs" ARCH=x86_64 LOCALVERSION=-mint KDEB_PKGVERSION="$(date +%Y%m%d)-1" \
	CC="ccache gcc" bindeb-pkg
ls -l "$out"/*.deb
