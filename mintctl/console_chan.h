/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Node 0's side of a secondary's console channel, read and written
 * through the launcher: the header before a start, the output ring for
 * 'log' and 'console', the input ring and the doorbell for 'console'.
 * Nothing read from the channel is trusted: the plan gives its place and
 * ring sizes, and every head and tail is checked (console_ring.h).
 */
#ifndef MINT_CONSOLE_CHAN_H
#define MINT_CONSOLE_CHAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/mint_node.h>

#include "planner.h"

struct chan {
	int fd;				/* the launcher */
	const struct mint_node_plan *n;
	uint64_t shared_base;
	uint64_t at;			/* physical address of the header */
	uint32_t out_size, in_size;	/* from the plan, never from the header */
	uint32_t epoch;			/* ctl.epoch of the boot the channel is of */
	uint32_t state;			/* the node's state at the last look */
	struct mint_console_hdr hdr;	/* as last read */
	uint64_t in_head;		/* node 0's own: what it wrote */
	uint64_t bad_head;		/* the last impossible head, said once */
	bool header_bad;		/* the header changed, said once */
	bool rebooted;			/* the node was booted again: a new channel */
	unsigned errors;		/* impossible heads, tails and headers seen */
	uint64_t lost;			/* output overwritten before it was read */
	uint8_t *buf;			/* out_size bytes: what chan_fetch() got */
};

/*
 * Open node id's channel: the launcher, the node's record, the
 * channel header. MINT_ERR_USAGE after a one-line reason for a node that
 * never booted or has no channel; MINT_ERR_RUNTIME for a corrupt header
 * or a launcher failure. chan_close() either way.
 */
int chan_open(struct chan *c, const struct mint_plan *p, unsigned id);
void chan_close(struct chan *c);

/* Before a start: a fresh header, every head and tail 0 (barrier C4). */
int chan_reset(int fd, const struct mint_plan *p, unsigned id);

/*
 * Where the oldest output still intact started when chan_open() read the
 * header (for log). -1 after a message if that head is impossible.
 */
int chan_history(struct chan *c, uint64_t *pos);

/* Where the output ended then: the node's head (for an attach). */
int chan_head(struct chan *c, uint64_t *pos);

/*
 * The output after *pos: into c->buf, *len bytes, and *pos moves on; the
 * node's record is read last (c->state, c->rebooted).
 * Bytes the node overwrote before they were read are counted in c->lost
 * and said on stderr; an impossible head or header in c->errors, said
 * once, and skipped, unless the node was booted again meanwhile (its
 * channel starts afresh: c->rebooted, nothing fetched). -1 on a read
 * failure.
 */
int chan_fetch(struct chan *c, uint64_t *pos, size_t *len);

/*
 * Put up to n bytes of buf into the input ring, as much as it has room
 * for, then ring the doorbell. *done: bytes taken (0 if the ring is
 * full). -1 on a failure or an impossible tail (said, counted).
 */
int chan_send(struct chan *c, const uint8_t *buf, size_t n, size_t *done);

#endif
