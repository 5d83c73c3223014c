/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A secondary node's boot image, built from scratch following the 32-bit
 * boot protocol of Documentation/arch/x86/boot.rst: the zero page
 * (struct boot_params) with the bzImage's setup header, an e820 table of
 * the node's own memory only, the command line, a setup_data chain, the
 * protected-mode kernel and the initrd, each placed in the node's memory.
 * A node whose memory below 4 GiB cannot hold them (on a server, the
 * memory of a second socket) is entered by the 64-bit boot protocol
 * instead: the launcher's stub switches to long mode on page tables that
 * the image carries in the node's low window.
 * Pure: nothing here touches a device, so host tests check every byte.
 */
#ifndef MINT_BOOTIMAGE_H
#define MINT_BOOTIMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bzimage.h"
#include "ranges.h"

/* e820 types, as in the zero page (Documentation/arch/x86/zero-page.rst) */
#define BOOT_E820_RAM		1
#define BOOT_E820_RESERVED	2

/* The 32-bit boot protocol passes 32-bit addresses. */
#define BOOT_32BIT_LIMIT	(1ull << 32)
#define BOOT_PAGE		0x1000ull
/* The 64-bit entry, startup_64, from the protected-mode kernel's start. */
#define BOOT_ENTRY64_OFFSET	0x200
/* Page tables for the 64-bit entry map 2 MiB pages; at most this many tables. */
#define BOOT_PT_MAX_PAGES	16
#define BOOT_PT_2M		0x200000ull

enum boot_seg {
	BOOT_SEG_KERNEL,	/* protected-mode kernel, at the entry point */
	BOOT_SEG_PARAMS,	/* the zero page; ESI points here */
	BOOT_SEG_CMDLINE,	/* NUL-terminated */
	BOOT_SEG_SETUP_DATA,	/* the setup_data chain */
	BOOT_SEG_INITRD,	/* absent if size 0 */
	BOOT_SEG_PAGETABLE,	/* long mode only, in the low window; index varies */
	BOOT_NR_SEGS,
};

struct boot_segment {
	const char *name;	/* "kernel", "boot_params", ... */
	const char *file;	/* its file in a --dry-run directory */
	uint64_t phys;
	const void *data;
	uint64_t size;
};

struct boot_image_in {
	const struct bzimage *bz;
	struct mint_range mem;		/* the node's memory */
	struct mint_range low;		/* its low window below 1 MiB */
	struct mint_range shared;	/* the shared region, reserved */
	const char *cmdline;
	const void *initrd;		/* may be NULL with initrd_size 0 */
	uint64_t initrd_size;
	uint32_t setup_data_type;	/* SETUP_MINT */
	const void *setup_payload;	/* its payload */
	size_t setup_payload_len;
};

struct boot_image {
	struct boot_params params;	/* the zero page */
	uint8_t *setup_data;		/* struct setup_data + payload, malloc()ed */
	size_t setup_data_len;
	uint64_t entry;			/* startup_32, or startup_64 in long mode */
	bool long_mode;			/* enter by the 64-bit boot protocol */
	uint64_t cr3;			/* long mode: the top-level page table */
	uint8_t *pagetable;		/* long mode: the tables, malloc()ed */
	size_t pagetable_len;
	struct boot_segment seg[BOOT_NR_SEGS];
	unsigned nr_segs;
};

/*
 * The node's e820 table: low window and memory as RAM, the shared region
 * reserved, sorted by address. Returns the number of entries, or -1 if
 * they do not fit in max or overlap.
 */
int boot_e820_build(struct boot_e820_entry *tab, unsigned max,
		    const struct mint_range *low, const struct mint_range *mem,
		    const struct mint_range *shared);

/*
 * Place everything and fill img. Returns 0, or -1 with a reason in why
 * (which names the sizes and addresses involved).
 */
int boot_image_build(const struct boot_image_in *in, struct boot_image *img,
		     char *why, size_t whylen);

/*
 * Identity-mapping page tables for the 64-bit entry, at physical address
 * at (page aligned, below 4 GiB), in at most max_pages pages of buf: the
 * first 2 MiB (the launcher's stub page) and [start, end), in 2 MiB pages.
 * Returns the bytes used, or 0 if max_pages is too few.
 */
size_t boot_pagetable_build(uint8_t *buf, unsigned max_pages, uint64_t at,
			    uint64_t start, uint64_t end);

void boot_image_free(struct boot_image *img);

#endif
