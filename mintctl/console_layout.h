/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where the console channels lie in the shared region: one per secondary,
 * after the VNI area, each a header page, an output ring and an input ring
 * (struct mint_console_hdr of include/uapi/linux/mint_node.h). The plan,
 * the layout descriptor (/console) and the boot data all take it from here.
 */
#ifndef MINT_CONSOLE_LAYOUT_H
#define MINT_CONSOLE_LAYOUT_H

#include <stdint.h>

#include <linux/mint_node.h>	/* MINT_CONSOLE_* */

#include "vni_layout.h"

/* The issue asks for at least the last 256 KiB of every node's console. */
#define MINT_CONSOLE_OUT_DEFAULT	(256u << 10)
#define MINT_CONSOLE_IN_DEFAULT		(4u << 10)
#define MINT_CONSOLE_ALIGN		0x1000u

struct mint_console_geo {
	uint64_t offset;	/* first channel, from the shared region's base; 0: none */
	uint32_t out_size;	/* output ring bytes of every channel */
	uint32_t in_size;	/* input ring bytes of every channel */
	uint32_t nr_channels;	/* one per secondary: node N has channel N - 1 */
};

/* Whether v is a ring size a channel may have: a power of two in limits. */
int mint_console_ring_size_ok(uint64_t v);

/* Header page and both rings. */
uint64_t mint_console_channel_size(const struct mint_console_geo *c);

/* Every channel: nr_channels * mint_console_channel_size(). */
uint64_t mint_console_area_size(const struct mint_console_geo *c);

/* The first byte after the VNI area where channels may start (aligned). */
uint64_t mint_console_first_offset(const struct vni_geometry *g);

/*
 * Node id's channel, from the shared region's base; 0 for node 0, a node
 * beyond the channels, or a plan without console channels.
 */
uint64_t mint_console_offset_of(const struct mint_console_geo *c, unsigned id);

/*
 * The plan's rules for c next to VNI geometry g in a shared region of
 * shared_size bytes with nr_nodes nodes: alignment, ring sizes, one
 * channel per secondary, after the VNI area and inside the region.
 * 0, or -1 with *why set to a static reason.
 */
int mint_console_geo_check(const struct mint_console_geo *c,
			   const struct vni_geometry *g, uint64_t shared_size,
			   unsigned nr_nodes, const char **why);

#endif
