#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Demo: plan a Mint layout for the QEMU test machine, boot node 0 partitioned
# for it under QEMU, and show what node 0 sees. The machine is stopped at
# the end; its consoles stay in build/qemu/demo/.
#
#   tests/qemu/demo-node0.sh [CONFIG]      (default bootcfg/qemu-2node.conf)
set -euo pipefail
cd "$(dirname "$0")/../.."
conf=${1:-bootcfg/qemu-2node.conf}
mintvm=tests/qemu/mintvm
export MINTVM_DIR=$PWD/build/qemu/demo

echo "== mintctl -c $conf plan (on the recorded QEMU machine)"
build/mintctl/mintctl -c "$conf" --sysroot tests/qemu/sysroot plan
echo
echo "== booting node 0 partitioned under QEMU (TCG, 4 cores, 2 GiB, no network)"
"$mintvm" stop
"$mintvm" start --conf "$conf"
trap '"$mintvm" stop' EXIT
echo
echo "== node 0"
"$mintvm" run node0 '
	echo "kernel:       $(uname -r)"
	echo "command line: $(cat /proc/cmdline)"
	echo "online CPUs:  $(cat /sys/devices/system/cpu/online) of $(cat /sys/devices/system/cpu/present) present"
	echo "memory:       $(grep MemTotal /proc/meminfo | tr -s " " | cut -d" " -f2-)"
	echo "Reserved in /proc/iomem (by the firmware, and for the other nodes and the shared region):"
	grep "^[0-9a-f]*-[0-9a-f]* : Reserved" /proc/iomem | sed "s/^/  /"'
echo
sed 's/^/boot: /' "$MINTVM_DIR/boot.txt"
