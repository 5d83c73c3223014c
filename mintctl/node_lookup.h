/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Node lookup for the commands that take a NODE argument: which node it
 * names, and whether node 0 really reserved that node's memory.
 */
#ifndef MINT_NODE_LOOKUP_H
#define MINT_NODE_LOOKUP_H

#include "planner.h"

/* A secondary: node_find() that refuses node 0 (it runs mintctl). */
int node_find_secondary(const struct mint_plan *p, const char *arg,
			unsigned *id);

/*
 * Every range node id needs (memory, low window, shared region) must lie
 * in "Reserved" top-level ranges of sysroot's /proc/iomem: node 0 booted
 * with the planned memmap= parameters. MINT_OK, MINT_ERR_USAGE (message
 * names the first range that is not reserved) or MINT_ERR_RUNTIME.
 */
int node_memory_reserved(const struct mint_plan *p, unsigned id,
			 const char *sysroot);

#endif
