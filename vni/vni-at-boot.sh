#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# /etc/mint/rc.d/vni.sh in every node image: a secondary node (it has boot
# data in /sys/firmware/mint) brings VNI up at boot. Node 0 brings it up
# with `mintctl net up` and formats the VNI area; the order does not
# matter: a secondary that comes first waits (vni0 registered, carrier off)
# and attaches as soon as node 0 has formatted the area.
if [ -d /sys/firmware/mint ]; then
	mintctl net up || echo "mint: vni: mintctl net up failed" >&2
fi
