// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: a kernel image file, as 'mintctl boot --kernel' reads
 * it. Whatever the setup header parser accepts must build a boot image
 * whose segments all lie inside the node's RAM without overlapping, and
 * whose zero page points at them.
 */
#include <stdlib.h>
#include <string.h>

#include "bootimage.h"
#include "bzimage.h"
#include "errors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_image(const struct boot_image *img, const struct mint_range *mem)
{
	const struct setup_header *h = &img->params.hdr;

	for (unsigned i = 0; i < img->nr_segs; i++) {
		const struct boot_segment *s = &img->seg[i];

		if (s->phys < mem->base || s->phys + s->size > range_end(mem))
			abort();
		for (unsigned j = i + 1; j < img->nr_segs; j++)
			if (s->phys < img->seg[j].phys + img->seg[j].size &&
			    img->seg[j].phys < s->phys + s->size)
				abort();
	}
	if (img->entry != img->seg[BOOT_SEG_KERNEL].phys ||
	    img->entry % h->kernel_alignment || img->entry < h->pref_address ||
	    img->seg[BOOT_SEG_PARAMS].phys < img->entry + h->init_size ||
	    h->cmd_line_ptr != img->seg[BOOT_SEG_CMDLINE].phys ||
	    h->setup_data != img->seg[BOOT_SEG_SETUP_DATA].phys ||
	    h->code32_start != img->entry || h->type_of_loader != 0xff ||
	    img->params.e820_entries != 3)
		abort();
	if (h->ramdisk_size &&
	    h->ramdisk_image != img->seg[BOOT_SEG_INITRD].phys)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t payload[64];
	struct boot_image img;
	struct bzimage bz;
	struct boot_image_in in;
	const char *why;
	char reason[256];

	mint_err_quiet = true;
	if (bzimage_parse(data, size, &bz, &why))
		return 0;
	/* The boot sector's first bytes are unused: let them vary the node. */
	in = (struct boot_image_in){
		.bz = &bz,
		.mem = { 0x4000000ull + (data[0] & 0x3f) * 0x200000ull,
			 (32ull + data[1]) << 20 },
		.low = { 0x20000, 0x20000 },
		.shared = { 0x7de00000, 32ull << 20 },
		.cmdline = "console=ttyS1,115200",
		.initrd = data,
		.initrd_size = (uint64_t)data[2] << 20 | data[3],
		.setup_data_type = 0x4d494e54,
		.setup_payload = payload,
		.setup_payload_len = sizeof(payload),
	};
	if (boot_image_build(&in, &img, reason, sizeof(reason)))
		return 0;
	check_image(&img, &in.mem);
	boot_image_free(&img);
	return 0;
}
