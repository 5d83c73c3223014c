// SPDX-License-Identifier: GPL-2.0-only
/* The console channels' place in the shared region (console_layout.h). */
#include <stdbool.h>

#include "console_layout.h"

_Static_assert(MINT_CONSOLE_HDR_SIZE == MINT_CONSOLE_ALIGN, "a header page");
_Static_assert(sizeof(struct mint_console_hdr) <= MINT_CONSOLE_HDR_SIZE,
	       "the header fits its page");

int mint_console_ring_size_ok(uint64_t v)
{
	return v >= MINT_CONSOLE_RING_MIN && v <= MINT_CONSOLE_RING_MAX &&
	       !(v & (v - 1));
}

uint64_t mint_console_channel_size(const struct mint_console_geo *c)
{
	return MINT_CONSOLE_HDR_SIZE + (uint64_t)c->out_size + c->in_size;
}

uint64_t mint_console_area_size(const struct mint_console_geo *c)
{
	return (uint64_t)c->nr_channels * mint_console_channel_size(c);
}

uint64_t mint_console_first_offset(const struct vni_geometry *g)
{
	uint64_t end = MINT_CTRL_BLOCK_SIZE + vni_area_size(g);

	return (end + MINT_CONSOLE_ALIGN - 1) & ~(uint64_t)(MINT_CONSOLE_ALIGN - 1);
}

uint64_t mint_console_offset_of(const struct mint_console_geo *c, unsigned id)
{
	if (!c->offset || !id || id > c->nr_channels)
		return 0;
	return c->offset + (uint64_t)(id - 1) * mint_console_channel_size(c);
}

int mint_console_geo_check(const struct mint_console_geo *c,
			   const struct vni_geometry *g, uint64_t shared_size,
			   unsigned nr_nodes, const char **why)
{
	if (c->offset % MINT_CONSOLE_ALIGN) {
		*why = "offset is not 4K-aligned";
		return -1;
	}
	/* The VNI area is formatted as a whole: nothing may lie in it. */
	if (c->offset < MINT_CTRL_BLOCK_SIZE + vni_area_size(g)) {
		*why = "the channels overlap the control block or the VNI area";
		return -1;
	}
	if (!mint_console_ring_size_ok(c->out_size) ||
	    !mint_console_ring_size_ok(c->in_size)) {
		*why = "ring sizes must be powers of two from 4K to 16M";
		return -1;
	}
	if (!nr_nodes || c->nr_channels != nr_nodes - 1) {
		*why = "there must be one channel per secondary node";
		return -1;
	}
	/* At most 63 channels of 32M and a page: no overflow below. */
	if (c->offset > shared_size ||
	    mint_console_area_size(c) > shared_size - c->offset) {
		*why = "the channels run past the end of the shared region";
		return -1;
	}
	return 0;
}
