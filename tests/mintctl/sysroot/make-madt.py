#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write an ACPI MADT ("APIC" table) like the one QEMU/SeaBIOS builds.

Usage: make-madt.py OUT ENTRY...
  ENTRY is lapic:ACPI_ID:APIC_ID:FLAGS or x2apic:UID:X2APIC_ID:FLAGS
  (FLAGS bit 0 = enabled, bit 1 = online capable). An IO-APIC, QEMU's
  interrupt source overrides and a LAPIC NMI entry are always appended, so
  the parser has to skip entry types it does not use.
"""
import struct
import sys


def table(entries):
    body = struct.pack("<II", 0xFEE00000, 1)  # LAPIC address, PCAT_COMPAT
    for e in entries:
        kind, a, b, flags = e.split(":")
        a, b, flags = int(a, 0), int(b, 0), int(flags, 0)
        if kind == "lapic":
            body += struct.pack("<BBBBI", 0, 8, a, b, flags)
        elif kind == "x2apic":
            body += struct.pack("<BBHIII", 9, 16, 0, b, flags, a)
        else:
            sys.exit(f"unknown entry kind {kind}")
    body += struct.pack("<BBBBII", 1, 12, 0, 0, 0xFEC00000, 0)  # IO-APIC
    for irq, gsi, flags in ((0, 2, 0), (5, 5, 0xD), (9, 9, 0xD),
                            (10, 10, 0xD), (11, 11, 0xD)):
        body += struct.pack("<BBBBIH", 2, 10, 0, irq, gsi, flags)
    body += struct.pack("<BBBHB", 4, 6, 0xFF, 0, 1)  # LAPIC NMI on LINT1
    length = 36 + len(body)
    hdr = struct.pack("<4sIBB6s8sI4sI", b"APIC", length, 1, 0, b"BOCHS ",
                      b"BXPC    ", 1, b"BXPC", 1)
    raw = bytearray(hdr + body)
    raw[9] = (-sum(raw)) & 0xFF  # all bytes sum to zero
    return bytes(raw)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    with open(sys.argv[1], "wb") as f:
        f.write(table(sys.argv[2:]))
