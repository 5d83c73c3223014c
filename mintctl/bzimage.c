// SPDX-License-Identifier: GPL-2.0-only
/* Reading and checking a bzImage's setup header (boot.rst, "THE REAL-MODE KERNEL HEADER"). */
#include <string.h>

#include "bzimage.h"

_Static_assert(sizeof(struct boot_params) == 4096, "zero page size");
_Static_assert(offsetof(struct boot_params, hdr) == BZ_HDR_OFFSET,
	       "setup header offset");

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) | (uint32_t)get16(p + 2) << 16;
}

int bzimage_parse(const void *data, size_t size, struct bzimage *bz,
		  const char **why)
{
	const uint8_t *d = data;
	size_t copy;

	memset(bz, 0, sizeof(*bz));
	if (size < 0x202 + 0x40) {
		*why = "too small for a bzImage setup header";
		return -1;
	}
	if (get16(d + 0x1fe) != BZ_BOOT_FLAG) {
		*why = "no boot_flag 0xAA55 at 0x1fe: not a bzImage";
		return -1;
	}
	if (get32(d + 0x202) != BZ_HDRS_MAGIC) {
		*why = "no \"HdrS\" header magic at 0x202: not a bzImage";
		return -1;
	}
	/* The setup header ends where the jump at 0x200 lands. */
	if (d[0x200] != 0xeb) {
		*why = "no short jump at 0x200 to find the end of the setup header";
		return -1;
	}
	bz->hdr_end = 0x202 + (size_t)d[0x201];
	if (bz->hdr_end > BZ_HDR_END_MAX ||
	    bz->hdr_end < offsetof(struct boot_params, hdr) +
			  offsetof(struct setup_header, init_size) + 4) {
		*why = "setup header length out of range";
		return -1;
	}
	if (size < bz->hdr_end) {
		*why = "file ends inside the setup header";
		return -1;
	}
	copy = bz->hdr_end - BZ_HDR_OFFSET;
	if (copy > sizeof(bz->hdr))
		copy = sizeof(bz->hdr);
	memcpy(&bz->hdr, d + BZ_HDR_OFFSET, copy);

	if (bz->hdr.version < BZ_MIN_VERSION) {
		*why = "boot protocol older than 2.12 (needs xloadflags)";
		return -1;
	}
	if (!bz->hdr.relocatable_kernel) {
		*why = "kernel is not relocatable (relocatable_kernel is 0)";
		return -1;
	}
	if (!(bz->hdr.xloadflags & XLF_KERNEL_64)) {
		*why = "not a 64-bit kernel (XLF_KERNEL_64 unset in xloadflags)";
		return -1;
	}
	/* A power of two of at least 4 KiB, as the decompressor rounds to it. */
	if (bz->hdr.kernel_alignment < 0x1000 ||
	    (bz->hdr.kernel_alignment & (bz->hdr.kernel_alignment - 1))) {
		*why = "kernel_alignment is not a power of two >= 4K";
		return -1;
	}
	bz->setup_sects = bz->hdr.setup_sects ? bz->hdr.setup_sects : 4;
	bz->kernel_offset = ((size_t)bz->setup_sects + 1) * 512;
	if (bz->kernel_offset >= size) {
		*why = "file ends inside the real-mode setup code (setup_sects)";
		return -1;
	}
	bz->kernel_size = size - bz->kernel_offset;
	if ((uint64_t)bz->hdr.syssize * 16 > bz->kernel_size) {
		*why = "file shorter than syssize says: truncated";
		return -1;
	}
	if (bz->hdr.init_size < bz->kernel_size) {
		*why = "init_size is smaller than the protected-mode kernel";
		return -1;
	}
	bz->data = d;
	bz->size = size;
	return 0;
}
