/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Node 0 re-executing itself (mintctl partition --kexec) while secondaries
 * run: which of them keep running, and whether they can.
 */
#ifndef MINT_LIVE_UPDATE_H
#define MINT_LIVE_UPDATE_H

#include "planner.h"

/*
 * Read the control block through the launcher and print, for each
 * secondary that runs, that it keeps running. A running node survives
 * node 0's new kernel only if that kernel reserves what the node uses, so
 * this refuses (MINT_ERR_USAGE, naming the node and why) when a node is
 * still BOOTING or runs a layout other than p's. A node 0 without the
 * launcher or without the shared region reserved runs no secondaries:
 * MINT_OK. *nr_running gets the number of running secondaries.
 */
int live_update_check(const struct mint_plan *p, unsigned *nr_running);

#endif
