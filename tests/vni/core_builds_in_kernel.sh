#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the unchanged VNI core files as an out-of-tree kernel module against
# the project's kernel tree (build/kernel/src, from `make kernel`), with
# W=1 and -Werror: the proof that the core compiles into the kernel as is.
# Skipped (and said so) when the kernel tree has not been built.
set -u
cd "$(dirname "$0")/../.."
ksrc=${KERNEL_SRC:-build/kernel/src}
if [ ! -f "$ksrc/Module.symvers" ]; then
	echo "ok 1 - core builds as a kernel module # SKIP $ksrc not built (make kernel)"
	echo "1..1"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in vni/core/*.c vni/core/*.h; do
	ln -s "$PWD/$f" "$tmp/"
done
cat > "$tmp/vni_core_check.c" <<'EOC'
// SPDX-License-Identifier: GPL-2.0-only
#include <linux/module.h>
#include "vni_core.h"

static int __init vni_core_check_init(void)
{
	struct vni_geometry g = { 2, VNI_DEFAULT_RING_ENTRIES,
				  VNI_DEFAULT_SLOT_SIZE, VNI_DEFAULT_POOL_SLOTS };

	return vni_geometry_check(&g, NULL);
}
module_init(vni_core_check_init);
MODULE_DESCRIPTION("VNI core build check");
MODULE_LICENSE("GPL");
EOC
objs="vni_core_check.o"
for f in vni/core/*.c; do
	objs="$objs $(basename "$f" .c).o"
done
printf 'obj-m := vnicorecheck.o\nvnicorecheck-y := %s\nccflags-y := -Werror\n' "$objs" > "$tmp/Kbuild"
if make -s -C "$ksrc" M="$tmp" W=1 modules > "$tmp/log" 2>&1 && [ -f "$tmp/vnicorecheck.ko" ]; then
	echo "ok 1 - core builds as a kernel module (W=1, -Werror)"
	rc=0
else
	sed 's/^/# /' "$tmp/log"
	echo "not ok 1 - core builds as a kernel module (W=1, -Werror)"
	rc=1
fi
echo "1..1"
exit $rc
