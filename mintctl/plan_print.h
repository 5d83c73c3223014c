/* SPDX-License-Identifier: GPL-2.0-only */
/* How a plan looks to people (a table) and to scripts (--json). */
#ifndef MINT_PLAN_PRINT_H
#define MINT_PLAN_PRINT_H

#include <stdint.h>
#include <stdio.h>

#include "planner.h"

void mint_plan_print_text(const struct mint_plan *p, FILE *out);
/* generation: NULL for a plan that is not (yet) a descriptor. */
void mint_plan_print_json(const struct mint_plan *p, FILE *out,
			  const uint64_t *generation);

#endif
