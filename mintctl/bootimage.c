// SPDX-License-Identifier: GPL-2.0-only
/*
 * The boot image of a secondary node. Layout in the node's memory:
 *
 *   mem.base  ->  (rounded up to kernel_alignment, at least pref_address)
 *                 protected-mode kernel, with init_size bytes of room: the
 *                 decompressor works in place there
 *                 boot_params (one page), cmdline, setup_data
 *   ...
 *   top       ->  initrd, at the top below initrd_addr_max and 4 GiB
 *
 * In long mode (the node's memory below 4 GiB is too small, and the kernel
 * sets XLF_CAN_BE_LOADED_ABOVE_4G) the same layout spans all of the node's
 * memory, and page tables for the stub go at the start of the low window.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootimage.h"
#include "numbers.h"

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static uint64_t align_down(uint64_t v, uint64_t a)
{
	return v & ~(a - 1);
}

int boot_e820_build(struct boot_e820_entry *tab, unsigned max,
		    const struct mint_range *low, const struct mint_range *mem,
		    const struct mint_range *shared)
{
	const struct mint_range *r[3] = { low, mem, shared };
	const uint32_t type[3] = { BOOT_E820_RAM, BOOT_E820_RAM,
				   BOOT_E820_RESERVED };
	unsigned n = 0;

	for (unsigned i = 0; i < 3; i++) {
		unsigned at;

		if (!r[i]->size)
			continue;
		if (n == max)
			return -1;
		for (unsigned j = 0; j < 3; j++)
			if (j != i && ranges_overlap(r[i], r[j]))
				return -1;
		/* Insertion keeps the table sorted, as the kernel expects. */
		for (at = n; at && tab[at - 1].addr > r[i]->base; at--)
			tab[at] = tab[at - 1];
		tab[at].addr = r[i]->base;
		tab[at].size = r[i]->size;
		tab[at].type = type[i];
		n++;
	}
	return (int)n;
}

static void add_seg(struct boot_image *img, const char *name, const char *file,
		    uint64_t phys, const void *data, uint64_t size)
{
	img->seg[img->nr_segs++] = (struct boot_segment){
		.name = name, .file = file, .phys = phys, .data = data,
		.size = size,
	};
}

/* Page table entry bits: present, writable, 2 MiB page. */
#define PTE_TABLE	0x3ull
#define PTE_LARGE	0x83ull

/* The table that entry e of the table at page t points to, allocated on first use. */
static uint64_t *next_table(uint8_t *buf, uint64_t at, unsigned *used,
			    unsigned max_pages, uint64_t *e)
{
	if (!*e) {
		if (*used == max_pages)
			return NULL;
		*e = (at + *used * BOOT_PAGE) | PTE_TABLE;
		(*used)++;
	}
	return (uint64_t *)(buf + ((*e & ~0xfffull) - at));
}

size_t boot_pagetable_build(uint8_t *buf, unsigned max_pages, uint64_t at,
			    uint64_t start, uint64_t end)
{
	uint64_t *pml4 = (uint64_t *)buf, *pdpt, *pd, a;
	unsigned used = 1;

	if (!max_pages)
		return 0;
	memset(buf, 0, (size_t)max_pages * BOOT_PAGE);
	start = align_down(start, BOOT_PT_2M);
	end = align_up(end, BOOT_PT_2M);
	/* The first 2 MiB hold the launcher's stub: it runs on when paging goes on. */
	for (a = 0; a < end; a = (a == 0 && start > BOOT_PT_2M) ? start : a + BOOT_PT_2M) {
		pdpt = next_table(buf, at, &used, max_pages, &pml4[(a >> 39) & 511]);
		if (!pdpt)
			return 0;
		pd = next_table(buf, at, &used, max_pages, &pdpt[(a >> 30) & 511]);
		if (!pd)
			return 0;
		pd[(a >> 21) & 511] = a | PTE_LARGE;
	}
	return (size_t)used * BOOT_PAGE;
}

/* Zero page fields per boot.rst, "Details of header fields" and 32-bit protocol. */
static void fill_params(struct boot_image *img, const struct boot_image_in *in,
			uint64_t cmdline, uint64_t setup_data, uint64_t initrd)
{
	struct boot_params *bp = &img->params;
	struct setup_header *h = &bp->hdr;

	memset(bp, 0, sizeof(*bp));
	/*
	 * The setup header as the bzImage has it, up to its own end, byte
	 * for byte: fields newer than <asm/bootparam.h> come along too.
	 */
	memcpy((uint8_t *)bp + BZ_HDR_OFFSET, in->bz->data + BZ_HDR_OFFSET,
	       in->bz->hdr_end - BZ_HDR_OFFSET);
	h->type_of_loader = 0xff;		/* no assigned loader id */
	h->loadflags |= LOADED_HIGH | CAN_USE_HEAP;
	h->loadflags &= (uint8_t)~(KEEP_SEGMENTS | QUIET_FLAG);
	h->heap_end_ptr = 0xe000 - 0x200;
	h->code32_start = (uint32_t)img->entry;
	h->cmd_line_ptr = (uint32_t)cmdline;
	h->ramdisk_image = (uint32_t)initrd;
	h->ramdisk_size = (uint32_t)in->initrd_size;
	/* The high halves, read by a kernel with XLF_CAN_BE_LOADED_ABOVE_4G. */
	bp->ext_cmd_line_ptr = (uint32_t)(cmdline >> 32);
	bp->ext_ramdisk_image = (uint32_t)(initrd >> 32);
	bp->ext_ramdisk_size = (uint32_t)(in->initrd_size >> 32);
	h->setup_data = setup_data;
	bp->e820_entries = (uint8_t)boot_e820_build(bp->e820_table,
						    E820_MAX_ENTRIES_ZEROPAGE,
						    &in->low, &in->mem,
						    &in->shared);
}

/* The stub's page tables for the 64-bit entry, at the start of the low window. */
static int build_pagetable(const struct boot_image_in *in,
			   struct boot_image *img, char *why, size_t whylen)
{
	unsigned pages = (unsigned)(in->low.size / BOOT_PAGE);
	char a[32];

	if (pages > BOOT_PT_MAX_PAGES)
		pages = BOOT_PT_MAX_PAGES;
	img->pagetable = malloc((size_t)BOOT_PT_MAX_PAGES * BOOT_PAGE);
	if (!img->pagetable) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	img->cr3 = in->low.base;
	img->pagetable_len = boot_pagetable_build(img->pagetable, pages,
						  img->cr3, in->mem.base,
						  range_end(&in->mem));
	if (!img->pagetable_len) {
		snprintf(why, whylen,
			 "the node's memory lies above 4 GiB, and its low window (%s) has no room for the page tables of the 64-bit entry",
			 format_size_approx(in->low.size, a, sizeof(a)));
		boot_image_free(img);
		return -1;
	}
	return 0;
}

int boot_image_build(const struct boot_image_in *in, struct boot_image *img,
		     char *why, size_t whylen)
{
	const struct setup_header *h = &in->bz->hdr;
	uint64_t mem_end = range_end(&in->mem), low32_end, kernel, params;
	uint64_t cmdline, setup_data, end, initrd = 0, initrd_top, limit;
	bool long_mode;
	const char *below;
	size_t cmdline_len = strlen(in->cmdline) + 1;
	struct boot_e820_entry probe[4];
	struct setup_data *sd;
	char a[32], b[32];

	memset(img, 0, sizeof(*img));
	if (boot_e820_build(probe, 4, &in->low, &in->mem, &in->shared) < 0) {
		snprintf(why, whylen, "the node's memory, low window and shared region overlap");
		return -1;
	}
	if (cmdline_len > (uint64_t)h->cmdline_size + 1) {
		snprintf(why, whylen, "command line is %zu bytes, the kernel takes at most %u (cmdline_size)",
			 cmdline_len - 1, h->cmdline_size);
		return -1;
	}
	low32_end = mem_end < BOOT_32BIT_LIMIT ? mem_end : BOOT_32BIT_LIMIT;

	/*
	 * A relocatable kernel below pref_address decompresses itself at
	 * pref_address (LOAD_PHYSICAL_ADDR): outside the node. Never go below.
	 */
	kernel = in->mem.base > h->pref_address ? in->mem.base : h->pref_address;
	kernel = align_up(kernel, h->kernel_alignment);
	params = align_up(kernel + h->init_size, BOOT_PAGE);
	cmdline = params + sizeof(struct boot_params);
	setup_data = align_up(cmdline + cmdline_len, 16);
	end = align_up(setup_data + sizeof(*sd) + in->setup_payload_len,
		       BOOT_PAGE);
	/* The 32-bit protocol where it fits; long mode only to reach above 4 GiB. */
	long_mode = end > low32_end && mem_end > BOOT_32BIT_LIMIT &&
		    (h->xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G);
	limit = long_mode ? mem_end : low32_end;
	below = long_mode ? "" : " below 4 GiB";
	if (kernel >= limit) {
		snprintf(why, whylen,
			 "the kernel's pref_address %#" PRIx64 " is above the node's memory%s (ends at %#" PRIx64 ")",
			 (uint64_t)h->pref_address, below, limit);
		return -1;
	}
	if (end > limit) {
		snprintf(why, whylen,
			 "the kernel needs %s from %#" PRIx64 " (init_size %#x plus boot data), but the node's memory%s ends at %#" PRIx64,
			 format_size_approx(end - kernel, a, sizeof(a)), kernel,
			 h->init_size, below, limit);
		return -1;
	}
	if (long_mode && build_pagetable(in, img, why, whylen))
		return -1;
	if (in->initrd_size) {
		initrd_top = (uint64_t)h->initrd_addr_max + 1;
		if (long_mode || initrd_top > limit)
			initrd_top = limit;
		if (in->initrd_size > initrd_top ||
		    align_down(initrd_top - in->initrd_size, BOOT_PAGE) < end) {
			snprintf(why, whylen,
				 "initrd is %s, but only %s of the node's memory is left below %#" PRIx64 " after the kernel",
				 format_size_approx(in->initrd_size, a, sizeof(a)),
				 format_size_approx(initrd_top > end ? initrd_top - end : 0, b, sizeof(b)),
				 initrd_top);
			return -1;
		}
		initrd = align_down(initrd_top - in->initrd_size, BOOT_PAGE);
	}

	img->setup_data_len = sizeof(*sd) + in->setup_payload_len;
	img->setup_data = calloc(1, img->setup_data_len);
	if (!img->setup_data) {
		snprintf(why, whylen, "out of memory");
		boot_image_free(img);
		return -1;
	}
	sd = (struct setup_data *)img->setup_data;
	sd->next = 0;
	sd->type = in->setup_data_type;
	sd->len = (uint32_t)in->setup_payload_len;
	memcpy(img->setup_data + sizeof(*sd), in->setup_payload,
	       in->setup_payload_len);

	img->long_mode = long_mode;
	img->entry = long_mode ? kernel + BOOT_ENTRY64_OFFSET : kernel;
	fill_params(img, in, cmdline, setup_data, initrd);
	add_seg(img, "kernel", "kernel.bin", kernel,
		in->bz->data + in->bz->kernel_offset, in->bz->kernel_size);
	add_seg(img, "boot_params", "zeropage.bin", params,
		&img->params, sizeof(img->params));
	add_seg(img, "cmdline", "cmdline", cmdline,
		in->cmdline, cmdline_len);
	add_seg(img, "setup_data", "setup_data.bin",
		setup_data, img->setup_data, img->setup_data_len);
	if (in->initrd_size)
		add_seg(img, "initrd", "initrd.bin", initrd,
			in->initrd, in->initrd_size);
	if (long_mode)
		add_seg(img, "pagetable", "pagetable.bin", img->cr3,
			img->pagetable, img->pagetable_len);
	return 0;
}

void boot_image_free(struct boot_image *img)
{
	free(img->setup_data);
	img->setup_data = NULL;
	free(img->pagetable);
	img->pagetable = NULL;
}
