// SPDX-License-Identifier: GPL-2.0-only
/* Console channel arithmetic and header checks (console_ring.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "console_ring.h"

_Static_assert(sizeof(struct mint_console_hdr) == 192, "header size");
_Static_assert(offsetof(struct mint_console_hdr, out_head) == 64,
	       "the node's line");
_Static_assert(offsetof(struct mint_console_hdr, in_head) == 128,
	       "node 0's line");

uint32_t ring_guard(uint32_t size)
{
	return size / 4 < RING_GUARD_MAX ? size / 4 : RING_GUARD_MAX;
}

void ring_out_take(uint64_t pos, uint64_t head, uint32_t size, uint32_t guard,
		   struct ring_take *t)
{
	uint64_t keep = (uint64_t)size - guard;	/* bytes that stay intact */

	memset(t, 0, sizeof(*t));
	if (head < pos || head > RING_POS_MAX) {
		t->from = t->to = pos;
		t->impossible = true;
		return;
	}
	t->from = head - pos > keep ? head - keep : pos;
	t->to = head;
	t->lost = t->from - pos;
}

uint64_t ring_out_overrun(const struct ring_take *t, uint64_t head2,
			  uint32_t size, uint32_t guard)
{
	uint64_t keep = (uint64_t)size - guard, intact;

	/* A head that went back or out of range: nothing copied is trusted. */
	if (head2 < t->to || head2 > RING_POS_MAX)
		return t->to - t->from;
	/* Positions below head2 - keep may lie under bytes written since. */
	intact = head2 > keep ? head2 - keep : 0;
	if (intact <= t->from)
		return 0;
	return (intact < t->to ? intact : t->to) - t->from;
}

unsigned ring_pieces(uint64_t from, uint64_t to, uint32_t size,
		     uint32_t idx[2], uint32_t len[2])
{
	uint64_t n = to - from;
	uint32_t at = (uint32_t)(from & (size - 1));

	if (to <= from)
		return 0;
	if (n > size)
		n = size;
	idx[0] = at;
	if (at + n <= size) {
		len[0] = (uint32_t)n;
		return 1;
	}
	len[0] = size - at;
	idx[1] = 0;
	len[1] = (uint32_t)(n - len[0]);
	return 2;
}

int ring_in_room(uint64_t head, uint64_t tail, uint32_t size, uint32_t *room)
{
	if (tail > head || head - tail > size)
		return -1;
	*room = size - (uint32_t)(head - tail);
	return 0;
}

enum chan_verdict chan_header_check(const struct mint_console_hdr *h,
				    unsigned id, uint32_t out_size,
				    uint32_t in_size, char *why, size_t len)
{
	if (h->magic != MINT_CONSOLE_MAGIC || h->version != MINT_CONSOLE_VERSION) {
		snprintf(why, len, "magic %#x and version %u, not %#x and %u",
			 h->magic, h->version, MINT_CONSOLE_MAGIC,
			 MINT_CONSOLE_VERSION);
		return CHAN_NONE;
	}
	if (h->node_id != id || h->out_size != out_size ||
	    h->in_size != in_size) {
		snprintf(why, len,
			 "node_id %u, out_size %u, in_size %u (the plan says %u, %u, %u)",
			 h->node_id, h->out_size, h->in_size, id, out_size,
			 in_size);
		return CHAN_CORRUPT;
	}
	return CHAN_OK;
}

void chan_header_init(struct mint_console_hdr *h, unsigned id,
		      uint32_t out_size, uint32_t in_size)
{
	memset(h, 0, sizeof(*h));
	h->magic = MINT_CONSOLE_MAGIC;
	h->version = MINT_CONSOLE_VERSION;
	h->node_id = (uint16_t)id;
	h->out_size = out_size;
	h->in_size = in_size;
}
