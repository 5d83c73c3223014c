#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Extract the Mint uapi headers (include/uapi/linux/mint*.h) from the kernel
# patch series into OUT, so mintctl compiles against the one header the
# kernel uses, without a copy in the repository.
#
#   uapi-headers.sh OUT SERIES
#
# The patches are applied in series order; only the diffs of the uapi
# headers are taken from each, so the rest of the kernel tree is not needed.
set -eu

out=$1
series=$2
dir=$(dirname "$series")

rm -rf "$out"
mkdir -p "$out"
grep -v '^[[:space:]]*\(#\|$\)' "$series" | while read -r p _; do
	# Keep each "diff --git" section whose target is a uapi mint header.
	awk '
		/^diff --git / {
			keep = ($3 ~ /^a\/include\/uapi\/linux\/mint[a-z_]*\.h$/)
		}
		/^-- *$/ && keep { keep = 0 }
		keep { print }
	' "$dir/$p" >"$out/part.diff"
	if [ -s "$out/part.diff" ]; then
		patch -s -p1 -d "$out" <"$out/part.diff"
	fi
done
rm -f "$out/part.diff"
test -f "$out/include/uapi/linux/mint.h" || {
	echo "uapi-headers.sh: no include/uapi/linux/mint.h in $series" >&2
	exit 1
}
