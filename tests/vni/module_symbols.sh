#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# vni.ko carries no code that vni.ko never runs: every global symbol its
# objects define (build/vni-module, from `make vni-module`) is referenced
# by a relocation in one of them. A helper only the host tests call (they
# have tests/vni/rx_copy.h) or a global used only where it is defined and
# inlined there (it should be static) fails here.
set -u
cd "$(dirname "$0")/../.."
dir=${VNI_MODULE_DIR:-build/vni-module}
objs=$(ls "$dir"/core/*.o "$dir"/driver/*.o 2>/dev/null)
if [ -z "$objs" ]; then
	echo "ok 1 - every global symbol of vni.ko is used in vni.ko # SKIP $dir not built (make vni-module)"
	echo "1..1"
	exit 0
fi
# shellcheck disable=SC2086
refs=$(objdump -r $objs | awk 'NF == 3 { sub(/[-+]0x[0-9a-f]+$/, "", $3); print $3 }' | sort -u)
unused=""
for o in $objs; do
	for s in $(nm -g --defined-only "$o" | awk '$2 ~ /^[TDRB]$/ { print $3 }'); do
		grep -qxF "$s" <<<"$refs" || unused="$unused ${o#"$dir"/}:$s"
	done
done
if [ -z "$unused" ]; then
	echo "ok 1 - every global symbol of vni.ko is used in vni.ko ($(wc -w <<<"$objs") objects)"
	rc=0
else
	for u in $unused; do
		echo "# defined but never referenced in vni.ko: $u"
	done
	echo "not ok 1 - every global symbol of vni.ko is used in vni.ko"
	rc=1
fi
echo "1..1"
exit $rc
