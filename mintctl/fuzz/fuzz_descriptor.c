// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the layout descriptor decoder. Whatever it accepts
 * must print, re-encode and decode to the same plan.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mint_plan plan;
	uint64_t gen;

	mint_err_quiet = true;
	if (mint_descriptor_decode(data, size, "fuzz", &plan, &gen))
		return 0;
	mint_plan_print_text(&plan, fuzz_null());
	mint_plan_print_json(&plan, fuzz_null(), &gen);
	fuzz_round_trip(&plan, gen);
	return 0;
}
