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

/* Seconds since an arbitrary point, for timeouts. */
double mint_now(void);

/* What a wait_state() check makes of the control block it just read. */
enum wait_verdict { WAIT_MORE, WAIT_DONE, WAIT_GIVE_UP, WAIT_TIMEOUT,
		    WAIT_READ_FAILED };

struct mint_ctrl_block;

/*
 * Boot and shutdown wait for a node's state the same way: read the control
 * block at shared_base into *cb every 100 ms and ask check() until it says
 * DONE or GIVE_UP, or timeout seconds pass; a dot on stderr each second.
 * Every verdict but DONE ends the line of dots. *waited: seconds.
 */
enum wait_verdict wait_state(int fd, uint64_t shared_base,
			     struct mint_ctrl_block *cb, double timeout,
			     enum wait_verdict (*check)(const struct mint_ctrl_block *cb,
							void *arg),
			     void *arg, double *waited);

/* Stop every core of node n with INIT; 0 or the first error. */
int stop_node_cores(int fd, const struct mint_node_plan *n);

#endif
