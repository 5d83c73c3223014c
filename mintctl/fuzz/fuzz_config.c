// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the config parser, then the planner on both recorded
 * machines, then the descriptor round trip for every plan that passes.
 */
#include "config.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mint_machine machines[2];
	static struct mint_config cfg;
	static struct mint_plan plan;
	static bool ready;
	char params[MINT_PARAMS_MAX];

	if (!ready) {
		mint_err_quiet = true;
		fuzz_machines(machines);
		ready = true;
	}
	mint_config_init(&cfg, "fuzz.conf");
	if (mint_config_parse(&cfg, "fuzz.conf", (const char *)data, size) ||
	    mint_config_finish(&cfg))
		return 0;
	for (int i = 0; i < 2; i++) {
		if (mint_plan_build(&cfg, &machines[i], &plan))
			continue;
		if (mint_plan_kparams(&plan, params, sizeof(params)))
			abort();
		mint_plan_print_text(&plan, fuzz_null());
		fuzz_round_trip(&plan, size);
	}
	return 0;
}
