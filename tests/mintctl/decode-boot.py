#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Decode a 'mintctl boot --dry-run' directory on its own, with the offsets
# of Documentation/arch/x86/boot.rst and zero-page.rst and the layout of
# include/uapi/linux/mint_node.h, and print one "name value" line per
# field, so the bats tests check mintctl against an independent reading.
#
#   decode-boot.py DIR BZIMAGE
import json
import struct
import sys

d, bz_path = sys.argv[1], sys.argv[2]
zp = open(f"{d}/zeropage.bin", "rb").read()
bz = open(bz_path, "rb").read()
man = json.load(open(f"{d}/manifest.json"))
seg = {s["name"]: s for s in man["segments"]}


def out(name, value):
    print(f"{name} {value:#x}" if isinstance(value, int) else f"{name} {value}")


def u(fmt, buf, off):
    return struct.unpack_from("<" + fmt, buf, off)[0]


assert len(zp) == 4096, len(zp)
hdr_end = 0x202 + bz[0x201]
# Setup header fields mintctl must change; every other byte is the bzImage's.
changed = {0x210: 1, 0x211: 1, 0x214: 4, 0x218: 4, 0x21c: 4, 0x224: 2,
           0x228: 4, 0x250: 8}
same = all(zp[i] == bz[i] for i in range(0x1f1, hdr_end)
           if not any(o <= i < o + n for o, n in changed.items()))
out("header_copied", "yes" if same else "no")
out("header_end", hdr_end)
out("zeropage_rest_zero", "yes" if not any(zp[:0x1e8]) and not any(zp[0x1e9:0x1f1])
    and not any(zp[hdr_end:0x2d0]) else "no")
out("setup_sects", zp[0x1f1])
out("boot_flag", u("H", zp, 0x1fe))
out("header", zp[0x202:0x206].decode())
out("version", u("H", zp, 0x206))
out("type_of_loader", zp[0x210])
out("loadflags", zp[0x211])
out("code32_start", u("I", zp, 0x214))
out("ramdisk_image", u("I", zp, 0x218))
out("ramdisk_size", u("I", zp, 0x21c))
out("heap_end_ptr", u("H", zp, 0x224))
out("cmd_line_ptr", u("I", zp, 0x228))
out("ext_cmd_line_ptr", u("I", zp, 0x0c8))
out("ext_ramdisk_image", u("I", zp, 0x0c0))
out("initrd_addr_max", u("I", zp, 0x22c))
out("kernel_alignment", u("I", zp, 0x230))
out("relocatable_kernel", zp[0x234])
out("xloadflags", u("H", zp, 0x236))
out("setup_data", u("Q", zp, 0x250))
out("pref_address", u("Q", zp, 0x258))
out("init_size", u("I", zp, 0x260))

n = zp[0x1e8]
out("e820_entries", n)
for i in range(n):
    addr, size, typ = struct.unpack_from("<QQI", zp, 0x2d0 + 20 * i)
    print(f"e820 {addr:#x} {size:#x} {typ}")
out("e820_rest_zero", "yes" if not any(zp[0x2d0 + 20 * n:0xd00]) else "no")

# The manifest and the zero page agree.
out("entry", man["entry"])
out("esi", man["esi"])
out("manifest_boot_params", seg["boot_params"]["start"])
out("manifest_cmdline", seg["cmdline"]["start"])
out("manifest_setup_data", seg["setup_data"]["start"])
if "initrd" in seg:
    out("manifest_initrd", seg["initrd"]["start"])
    out("manifest_initrd_size", seg["initrd"]["size"])
kernel = open(f"{d}/kernel.bin", "rb").read()
setup_sects = zp[0x1f1] or 4
out("kernel_is_bzimage_payload", "yes" if kernel == bz[(setup_sects + 1) * 512:] else "no")
cmdline = open(f"{d}/cmdline", "rb").read()
out("cmdline_nul_terminated", "yes" if cmdline.endswith(b"\0") and cmdline.count(b"\0") == 1 else "no")
out("cmdline", cmdline[:-1].decode())

# Segments lie in one e820 RAM entry each and do not overlap.
ram = [struct.unpack_from("<QQI", zp, 0x2d0 + 20 * i) for i in range(n)]
spans = sorted((s["start"], s["start"] + s["size"], s["name"]) for s in man["segments"])
inside = all(any(t == 1 and a <= s and e <= a + z for a, z, t in ram) for s, e, _ in spans)
apart = all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))
out("segments_in_node_ram", "yes" if inside else "no")
out("segments_disjoint", "yes" if apart else "no")
out("boot_data_after_init_size",
    "yes" if seg["boot_params"]["start"] >= man["entry"] + u("I", zp, 0x260) else "no")

# setup_data: struct setup_data { u64 next; u32 type; u32 len; u8 data[]; }
sd = open(f"{d}/setup_data.bin", "rb").read()
nxt, typ, ln = struct.unpack_from("<QII", sd, 0)
out("setup_data_next", nxt)
out("setup_data_type", typ)
out("setup_data_len", ln)
out("setup_data_len_matches", "yes" if ln + 16 == len(sd) else "no")
# struct mint_boot_data
bd = sd[16:]
(magic, version, size, node_id, nr_nodes, nr_apic, tsc, apic, port, irq, flags,
 shared_base, shared_size, desc_size, reserved) = struct.unpack_from("<IHHIIIIIHBBQQII", bd, 0)
out("boot_magic", magic)
out("boot_version", version)
out("boot_size", size)
out("boot_node_id", node_id)
out("boot_nr_nodes", nr_nodes)
out("boot_nr_apic_ids", nr_apic)
out("boot_apic_ids", ",".join(str(x) for x in struct.unpack_from(f"<{nr_apic}I", bd, 56)))
out("boot_apic_ids_rest_zero", "yes" if not any(bd[56 + 4 * nr_apic:56 + 256]) else "no")
out("boot_tsc_khz", str(tsc))
out("boot_apic_khz", str(apic))
out("boot_console_port", port)
out("boot_console_irq", irq)
out("boot_flags", flags)
out("boot_shared_base", shared_base)
out("boot_shared_size", shared_size)
out("boot_descriptor_size", desc_size)
out("boot_reserved", reserved)
# Version 2 appends the console channel after apic_ids[64].
console_offset, console_size, reserved2 = struct.unpack_from("<QII", bd, 312)
out("boot_console_offset", console_offset)
out("boot_console_size", console_size)
out("boot_reserved2", reserved2)
desc = bd[size:size + desc_size]
out("descriptor_is_file", "yes" if desc == open(f"{d}/descriptor.dtb", "rb").read() else "no")
out("descriptor_magic", struct.unpack_from(">I", desc, 0)[0])
