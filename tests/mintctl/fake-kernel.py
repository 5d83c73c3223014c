#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Plant the least of a crashed Linux kernel that makedumpfile needs for
--dump-dmesg into a fake node's memory, and point its control record's
dump part at its VMCOREINFO note (test helper for 'mintctl dump').

    fake-kernel.py MEM RECORD BASE LINE...

MEM is the fake launcher's memory file (offset = physical address),
RECORD the physical address of the node's struct mint_node_dump, BASE the
node's memory. The kernel lies 16 MiB into it: utsname, 4-level page tables
of the direct map over itself (makedumpfile walks them from init_top_pgt),
a FLATMEM mem_map pointer, and a lockless printk ring buffer (kernel 5.10
and later) holding LINE... as finalized records. Offsets are this file's
own, published in VMCOREINFO as a real kernel publishes its.
"""
import struct
import sys

PAGE_OFFSET = 0xffff888000000000
START_KERNEL_MAP = 0xffffffff80000000
RELEASE = b"6.12.0-mint-fake"
DESC_FINALIZED = 2

mem, record, base = sys.argv[1], int(sys.argv[2], 0), int(sys.argv[3], 0)
lines = [a.encode() for a in sys.argv[4:]]
area = base + (16 << 20)
buf = bytearray(1 << 20)
UTS, PRB_PTR, PRB, DESCS, INFOS, TEXT = 0x0, 0x400, 0x800, 0x1000, 0x2000, 0x4000
NOTE, PML4, PDPT, PD, MEM_MAP = 0x10000, 0x20000, 0x21000, 0x22000, 0x23000


def va(off):
    return PAGE_OFFSET + area + off


# struct new_utsname: six fields of 65 bytes.
for i, field in enumerate([b"Linux", b"node1", RELEASE, b"#1", b"x86_64", b"(none)"]):
    buf[UTS + 65 * i:UTS + 65 * i + len(field)] = field

# The direct map over this 2 MiB: PML4 -> PDPT -> PD -> one 2M page.
v = va(0)
struct.pack_into("<Q", buf, PML4 + 8 * ((v >> 39) & 511), (area + PDPT) | 0x63)
struct.pack_into("<Q", buf, PDPT + 8 * ((v >> 30) & 511), (area + PD) | 0x63)
struct.pack_into("<Q", buf, PD + 8 * ((v >> 21) & 511), area | 0xe3)
struct.pack_into("<Q", buf, MEM_MAP, va(0x30000))

# prb points at a printk_ringbuffer: desc_ring (count_bits, descs, infos,
# head_id, tail_id), then text_data_ring (size_bits, data, head/tail lpos).
# A data block is the record's id, then its text; desc 24 bytes
# (state_var, text_blk_lpos begin, next); info 32 bytes (seq, ts_nsec,
# text_len).
lpos = 0
for rid, text in enumerate(lines):
    blk = struct.pack("<Q", rid) + text
    blk += b"\0" * (-len(blk) % 8)
    buf[TEXT + lpos:TEXT + lpos + len(blk)] = blk
    struct.pack_into("<QQQ", buf, DESCS + 24 * rid, rid | DESC_FINALIZED << 62,
                     lpos, lpos + len(blk))
    struct.pack_into("<QQH", buf, INFOS + 32 * rid, rid, (rid + 1) * 1000000, len(text))
    lpos += len(blk)
struct.pack_into("<Q", buf, PRB_PTR, va(PRB))
struct.pack_into("<IIQQQQ", buf, PRB, 4, 0, va(DESCS), va(INFOS), len(lines) - 1, 0)
struct.pack_into("<IIQQQ", buf, PRB + 48, 12, 0, va(TEXT), lpos, 0)

info = f"""OSRELEASE={RELEASE.decode()}
PAGESIZE=4096
SYMBOL(init_uts_ns)={va(UTS):x}
OFFSET(uts_namespace.name)=0
SYMBOL(init_top_pgt)={START_KERNEL_MAP + area + PML4:x}
NUMBER(pgtable_l5_enabled)=0
NUMBER(phys_base)=0
KERNELOFFSET=0
SYMBOL(mem_map)={va(MEM_MAP):x}
SIZE(page)=64
OFFSET(page.flags)=0
OFFSET(page._refcount)=52
OFFSET(page.mapping)=24
OFFSET(page.lru)=8
SYMBOL(prb)={va(PRB_PTR):x}
SIZE(printk_ringbuffer)=96
OFFSET(printk_ringbuffer.desc_ring)=0
OFFSET(printk_ringbuffer.text_data_ring)=48
OFFSET(printk_ringbuffer.fail)=88
OFFSET(prb_desc_ring.count_bits)=0
OFFSET(prb_desc_ring.descs)=8
OFFSET(prb_desc_ring.infos)=16
OFFSET(prb_desc_ring.head_id)=24
OFFSET(prb_desc_ring.tail_id)=32
SIZE(prb_desc)=24
OFFSET(prb_desc.state_var)=0
OFFSET(prb_desc.text_blk_lpos)=8
OFFSET(prb_data_blk_lpos.begin)=0
OFFSET(prb_data_blk_lpos.next)=8
OFFSET(prb_data_ring.size_bits)=0
OFFSET(prb_data_ring.data)=8
OFFSET(prb_data_ring.head_lpos)=16
OFFSET(prb_data_ring.tail_lpos)=24
SIZE(printk_info)=32
OFFSET(printk_info.seq)=0
OFFSET(printk_info.ts_nsec)=8
OFFSET(printk_info.text_len)=16
OFFSET(printk_info.caller_id)=20
OFFSET(printk_info.dev_info)=24
OFFSET(atomic_long_t.counter)=0
""".encode()
# The note as the kernel keeps it: header, name, text, an empty closing note.
note = struct.pack("<III", len(b"VMCOREINFO\0"), len(info), 0) + b"VMCOREINFO\0\0" + info
note += b"\0" * (-len(note) % 4) + b"\0" * 12
buf[NOTE:NOTE + len(note)] = note

with open(mem, "r+b") as f:
    f.seek(area)
    f.write(buf)
    f.seek(record)
    f.write(struct.pack("<QI4xQ", area + NOTE, 4132, PAGE_OFFSET))
