#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Recompute a layout descriptor's checksum in place (test helper).

The checksum is CRC-32 (zlib) over the whole blob with the 4-byte value of
the root "checksum" property taken as zero; see mintctl/DESCRIPTOR.md.
Walks the flattened tree just far enough to find that property.
"""
import struct
import sys
import zlib

FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP = 1, 2, 3, 4


def checksum_offset(b):
    off_struct, off_strings = struct.unpack(">II", b[8:16])
    pos = off_struct
    depth = 0
    while True:
        tag = struct.unpack(">I", b[pos:pos + 4])[0]
        pos += 4
        if tag == FDT_BEGIN_NODE:
            end = b.index(b"\0", pos)
            pos = (end + 4) & ~3
            depth += 1
        elif tag == FDT_END_NODE:
            depth -= 1
        elif tag == FDT_PROP:
            length, nameoff = struct.unpack(">II", b[pos:pos + 8])
            pos += 8
            name = b[off_strings + nameoff:b.index(b"\0", off_strings + nameoff)]
            if depth == 1 and name == b"checksum":
                return pos
            pos = (pos + length + 3) & ~3
        elif tag == FDT_NOP:
            continue
        else:
            sys.exit("checksum property not found")


path = sys.argv[1]
blob = bytearray(open(path, "rb").read())
at = checksum_offset(blob)
blob[at:at + 4] = b"\0\0\0\0"
blob[at:at + 4] = struct.pack(">I", zlib.crc32(bytes(blob)) & 0xFFFFFFFF)
open(path, "wb").write(blob)
