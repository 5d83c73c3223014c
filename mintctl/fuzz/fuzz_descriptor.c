// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the layout descriptor decoder. Whatever it accepts
 * must print, re-encode and decode to the same plan.
 *
 * Random mutations almost never keep the CRC right, which would stop the
 * fuzzer at the checksum test. So each input is decoded twice: as is
 * (exercising the header, structure and checksum checks) and, if it is a
 * well-formed device tree with a checksum property, with the checksum
 * fixed up (exercising everything behind it).
 */
#include <libfdt.h>

#include "crc32.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void decode_one(const void *blob, size_t size)
{
	static struct mint_plan plan;
	uint64_t gen;

	if (mint_descriptor_decode(blob, size, "fuzz", &plan, &gen))
		return;
	mint_plan_print_text(&plan, fuzz_null());
	mint_plan_print_json(&plan, fuzz_null(), &gen);
	fuzz_round_trip(&plan, gen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const void *prop;
	const char *why;
	void *copy;
	int len;

	mint_err_quiet = true;
	decode_one(data, size);
	if (size < sizeof(struct fdt_header))
		return 0;
	copy = malloc(size);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	/* libfdt 1.6.1 crashes or hangs on some trees; check like the decoder. */
	if (!mint_fdt_sane(copy, size, &why) &&
	    (prop = fdt_getprop(copy, 0, "checksum", &len)) && len == 4) {
		fdt_setprop_inplace_u32(copy, 0, "checksum", 0);
		fdt_setprop_inplace_u32(copy, 0, "checksum",
					mint_crc32(copy, fdt_totalsize(copy)));
		decode_one(copy, size);
	}
	free(copy);
	return 0;
}
