#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write an ACPI SRAT (System Resource Affinity Table) like QEMU builds.

Usage: make-srat.py [OPTIONS] OUT ENTRY...   (options may come anywhere)
  ENTRY is one of
    cpu:PXM:APIC_ID[:FLAGS]           Processor Local APIC affinity (type 0)
    x2apic:PXM:X2APIC_ID[:FLAGS]      Processor Local x2APIC affinity (type 2)
    mem:PXM:BASE:LENGTH[:FLAGS]       Memory affinity (type 1)
    raw:HEXBYTES                      any bytes, e.g. a malformed entry
  FLAGS default to 1 (bit 0: enabled; for memory bit 1: hot-pluggable).
  Entries are written in the order given; numbers may be 0x-hex.
Options:
  --revision N      the table's revision (default 1, as QEMU; from 2 on the
                    processor entries carry 32-bit proximity domains)
  --length N        write N as the header's length field instead of the
                    real length (for tests of malformed tables)
"""
import struct
import sys


def entry(spec):
    kind, *f = spec.split(":")
    if kind == "raw":
        return bytes.fromhex(f[0])
    v = [int(x, 0) for x in f]
    if kind == "cpu":
        pxm, apic, flags = v[0], v[1], v[2] if len(v) > 2 else 1
        return struct.pack("<BBBBIB3sI", 0, 16, pxm & 0xFF, apic, flags, 0,
                           (pxm >> 8).to_bytes(3, "little"), 0)
    if kind == "x2apic":
        pxm, apic, flags = v[0], v[1], v[2] if len(v) > 2 else 1
        return struct.pack("<BBHIIIII", 2, 24, 0, pxm, apic, flags, 0, 0)
    if kind == "mem":
        pxm, base, length, flags = v[0], v[1], v[2], v[3] if len(v) > 3 else 1
        return struct.pack("<BBIHQQIIQ", 1, 40, pxm, 0, base, length, 0,
                           flags, 0)
    sys.exit(f"unknown entry kind {kind}")


def table(entries, revision=1, length=None):
    body = struct.pack("<IQ", 1, 0)  # table revision (always 1), reserved
    for e in entries:
        body += entry(e)
    real = 36 + len(body)
    hdr = struct.pack("<4sIBB6s8sI4sI", b"SRAT", real if length is None else length,
                      revision, 0, b"BOCHS ", b"BXPC    ", 1, b"BXPC", 1)
    raw = bytearray(hdr + body)
    raw[9] = (-sum(raw)) & 0xFF  # all bytes sum to zero
    return bytes(raw)


def main(argv):
    opts, rest = {}, []
    while argv:
        arg = argv.pop(0)
        if not arg.startswith("--"):
            rest.append(arg)
            continue
        if arg not in ("--revision", "--length") or not argv:
            sys.exit(__doc__)
        opts[arg[2:]] = int(argv.pop(0), 0)
    argv = rest
    if len(argv) < 2:
        sys.exit(__doc__)
    with open(argv[0], "wb") as f:
        f.write(table(argv[1:], opts.get("revision", 1), opts.get("length")))


if __name__ == "__main__":
    main(sys.argv[1:])
