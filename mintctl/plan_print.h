/* SPDX-License-Identifier: GPL-2.0-only */
/* How a plan looks to people (a table) and to scripts (--json). */
#ifndef MINT_PLAN_PRINT_H
#define MINT_PLAN_PRINT_H

#include <stdint.h>
#include <stdio.h>

#include "json.h"
#include "planner.h"

void mint_plan_print_text(const struct mint_plan *p, FILE *out);
/*
 * generation: NULL for a plan that is not (yet) a descriptor. MINT_OK, or
 * MINT_ERR_RUNTIME when the document could not be written.
 */
int mint_plan_print_json(const struct mint_plan *p, FILE *out,
			 const uint64_t *generation);
/*
 * A node's keys that plan and status share: id, name, cores, cpulist,
 * memory (a list of ranges) and memory_total.
 */
void mint_node_json(struct json *j, const struct mint_node_plan *n);

#endif
