#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# What node 0's /proc/iomem looks like after booting with memmap=SIZE$ADDR:
# the top-level "System RAM" entries of IOMEM split around each reserved
# range, which shows up as "Reserved" (as 6.12 does under QEMU). Nested
# entries are dropped: mintctl reads only the top level.
#
#   partition-iomem.py IOMEM 'maxcpus=2 ... memmap=512M$0x5de00000 ...' > OUT
import re
import sys

UNITS = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "": 1}


def reservations(params):
    # One memmap= may list several regions: memmap=A$X,B$Y.
    for word in params.split():
        if not word.startswith("memmap="):
            continue
        for item in word[len("memmap="):].split(","):
            m = re.fullmatch(r"(\d+)([KMG]?)\$(0x[0-9a-fA-F]+|\d+)", item)
            if m:
                size, unit, addr = m.groups()
                yield int(addr, 0), int(addr, 0) + int(size) * UNITS[unit]


def main():
    entries = []
    for line in open(sys.argv[1]):
        if line.startswith(" "):
            continue
        span, name = line.rstrip("\n").split(" : ", 1)
        s, e = (int(x, 16) for x in span.split("-"))
        entries.append([s, e + 1, name])
    for rs, re_ in reservations(sys.argv[2]):
        out = []
        for s, e, name in entries:
            if name != "System RAM" or e <= rs or s >= re_:
                out.append([s, e, name])
                continue
            if s < rs:
                out.append([s, rs, name])
            out.append([max(s, rs), min(e, re_), "Reserved"])
            if e > re_:
                out.append([re_, e, name])
        entries = out
    for s, e, name in sorted(entries):
        print(f"{s:08x}-{e - 1:08x} : {name}")


main()
