/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The part of 'mintctl boot' that runs on node 0: refuse a node that runs,
 * load the boot image through /dev/mint, mark the node BOOTING in the
 * control block, start its first core and wait until it reports UP.
 */
#ifndef MINT_BOOT_RUN_H
#define MINT_BOOT_RUN_H

#include <stdint.h>

#include "bootimage.h"
#include "planner.h"

struct boot_run;

/*
 * Open the launcher, check it owns the node's ranges, read the control
 * block and refuse a node that is UP or whose cores still run. *gen
 * becomes the generation of the layout in the control block, if any.
 * Writes nothing. MINT_OK, MINT_ERR_USAGE or MINT_ERR_RUNTIME.
 */
int boot_run_prepare(const struct mint_plan *p, unsigned id,
		     struct boot_run **run, uint64_t *gen);

/* Load, start, wait up to timeout seconds. MINT_OK or MINT_ERR_*. */
int boot_run_start(struct boot_run *run, const struct boot_image *img,
		   uint32_t layout_crc, uint64_t gen, double timeout);

void boot_run_free(struct boot_run *run);

#endif
