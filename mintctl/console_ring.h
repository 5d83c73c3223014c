/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The arithmetic of a console channel (struct mint_console_hdr of
 * include/uapi/linux/mint_node.h), apart from any I/O so that unit tests
 * can feed it every head a scribbling peer may write. Positions count
 * bytes since the node's start; a ring index is a position modulo the
 * ring size, a power of two.
 */
#ifndef MINT_CONSOLE_RING_H
#define MINT_CONSOLE_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/mint_node.h>

/*
 * A head beyond this (256 TiB of console output) cannot come from a node:
 * it is taken as corruption, never followed.
 */
#define RING_POS_MAX		(1ull << 48)

/*
 * The node writes bytes, then publishes out_head (barrier C1 of
 * DESCRIPTOR.md). Bytes it is writing but has not published yet already
 * overwrite the oldest part of the ring, so a reader of a running node
 * leaves this much of the oldest history alone: the node must publish
 * out_head at least once per this many bytes.
 */
#define RING_GUARD_MAX		4096u

/* The guard for a ring of size bytes: RING_GUARD_MAX, at most a quarter. */
uint32_t ring_guard(uint32_t size);

/* What a reader at position pos takes of an output ring. */
struct ring_take {
	uint64_t from, to;	/* positions to copy; to - from <= size */
	uint64_t lost;		/* bytes after pos the node overwrote before we came */
	bool impossible;	/* head behind pos or beyond RING_POS_MAX: nothing taken */
};

/*
 * The reader is at pos, the node says head; guard bytes of the oldest
 * history may be in flight (0 for a node that no longer runs).
 */
void ring_out_take(uint64_t pos, uint64_t head, uint32_t size, uint32_t guard,
		   struct ring_take *t);

/*
 * After copying t's bytes the node's head reads head2: how many of them,
 * from t->from on, the node may have overwritten meanwhile. They are
 * dropped (lost), never shown garbled. All of them if head2 is impossible.
 */
uint64_t ring_out_overrun(const struct ring_take *t, uint64_t head2,
			  uint32_t size, uint32_t guard);

/*
 * [from, to) as at most two pieces of a ring of size bytes: index and
 * length of each. to - from <= size. Returns the number of pieces.
 */
unsigned ring_pieces(uint64_t from, uint64_t to, uint32_t size,
		     uint32_t idx[2], uint32_t len[2]);

/*
 * Room node 0 may fill in an input ring of size bytes whose head it
 * wrote and whose tail the node wrote: size - (head - tail). -1 if the
 * tail is impossible (ahead of head, or more than size behind it).
 */
int ring_in_room(uint64_t head, uint64_t tail, uint32_t size, uint32_t *room);

/* What a channel header says about itself. */
enum chan_verdict {
	CHAN_OK,
	CHAN_NONE,		/* no channel: wrong magic or version */
	CHAN_CORRUPT,		/* a channel, but not this node's of this plan */
};

/*
 * Check a header read from shared memory against what node 0 wrote for
 * node id: magic, version, node_id and ring sizes. why (len bytes) says
 * what differs.
 */
enum chan_verdict chan_header_check(const struct mint_console_hdr *h,
				    unsigned id, uint32_t out_size,
				    uint32_t in_size, char *why, size_t len);

/* The header node 0 writes before a start: sizes, every head and tail 0. */
void chan_header_init(struct mint_console_hdr *h, unsigned id,
		      uint32_t out_size, uint32_t in_size);

#endif
