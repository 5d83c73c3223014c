/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A bzImage as Documentation/arch/x86/boot.rst describes it: the setup
 * header at 0x1f1, the real-mode setup code (setup_sects sectors after the
 * boot sector), then the protected-mode kernel mintctl loads.
 */
#ifndef MINT_BZIMAGE_H
#define MINT_BZIMAGE_H

#include <stddef.h>
#include <stdint.h>

#include <asm/bootparam.h>	/* struct setup_header, boot_params */

#define BZ_HDR_OFFSET		0x1f1
#define BZ_HDRS_MAGIC		0x53726448	/* "HdrS" at 0x202 */
#define BZ_BOOT_FLAG		0xaa55
#define BZ_MIN_VERSION		0x020c		/* 2.12: xloadflags */
/* The header may not run past boot_params' own padding after hdr. */
#define BZ_HDR_END_MAX		0x290

struct bzimage {
	const uint8_t *data;		/* the whole file, not owned */
	size_t size;
	struct setup_header hdr;	/* as in the file, zero past its end */
	size_t hdr_end;			/* 0x202 + byte at 0x201 */
	unsigned setup_sects;		/* 0 in the file means 4 */
	size_t kernel_offset;		/* (setup_sects + 1) * 512 */
	size_t kernel_size;		/* the protected-mode kernel */
};

/*
 * Check that data is a bzImage mintctl can start through the 32-bit boot
 * protocol: boot_flag, "HdrS", version >= 2.12, relocatable_kernel, a
 * 64-bit kernel (XLF_KERNEL_64), a sane init_size and kernel_alignment.
 * Returns 0, or -1 with *why set to a static reason.
 */
int bzimage_parse(const void *data, size_t size, struct bzimage *bz,
		  const char **why);

#endif
