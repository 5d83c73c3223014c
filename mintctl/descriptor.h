/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The layout descriptor: the plan as a flattened device tree (libfdt),
 * with a version, a generation id and a CRC-32. DESCRIPTOR.md is the
 * schema; keep the two in step.
 */
#ifndef MINT_DESCRIPTOR_H
#define MINT_DESCRIPTOR_H

#include <stddef.h>
#include <stdint.h>

#include "planner.h"

#define MINT_DESC_COMPATIBLE	"mint,layout"
#define MINT_DESC_VERSION	1

/*
 * The generation id of a new layout: the current time in nanoseconds, so
 * every descriptor mintctl writes is distinct.
 */
uint64_t mint_new_generation(void);

/* A malloc()ed blob in *blob. MINT_OK or MINT_ERR_RUNTIME. */
int mint_descriptor_encode(const struct mint_plan *p, uint64_t generation,
			   void **blob, size_t *len);

/*
 * Check and decode a blob of len bytes: header, structure, compatible,
 * version, checksum, every property's size, then the plan rules. Messages
 * name src. MINT_OK or MINT_ERR_USAGE.
 */
int mint_descriptor_decode(const void *blob, size_t len, const char *src,
			   struct mint_plan *p, uint64_t *generation);

/*
 * Header and structure checks of a DTB in an 8-byte aligned buffer of len
 * bytes, safe on any input: 0 if libfdt may read it, 1 for a bad header,
 * 2 for a bad structure, with *why set.
 */
int mint_fdt_sane(const void *fdt, size_t len, const char **why);

#endif
