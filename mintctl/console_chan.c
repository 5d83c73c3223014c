// SPDX-License-Identifier: GPL-2.0-only
/*
 * A console channel seen from node 0 (console_chan.h). The barriers C1-C4
 * are those of DESCRIPTOR.md, "Console channels". Every launcher read and
 * write is one ioctl, so on x86 (TSO) two of them stay in program order.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console_chan.h"
#include "console_ring.h"
#include "control.h"
#include "errors.h"
#include "launcher.h"

#define HDR_FIELD(f)	offsetof(struct mint_console_hdr, f)

static uint64_t out_ring(const struct chan *c)
{
	return c->at + MINT_CONSOLE_HDR_SIZE;
}

static uint64_t in_ring(const struct chan *c)
{
	return out_ring(c) + c->out_size;
}

int chan_reset(int fd, const struct mint_plan *p, unsigned id)
{
	uint64_t off = mint_console_offset_of(&p->console, id);
	static uint8_t page[MINT_CONSOLE_HDR_SIZE];

	if (!off)
		return 0;	/* a layout without channels */
	/* C4: the node's cores are stopped; its start orders this write. */
	memset(page, 0, sizeof(page));
	chan_header_init((struct mint_console_hdr *)page, id,
			 p->console.out_size, p->console.in_size);
	return launcher_write(fd, p->shared.base + off, page, sizeof(page));
}

static int read_header(struct chan *c)
{
	return launcher_read(c->fd, c->at, &c->hdr, sizeof(c->hdr));
}

/*
 * Read the node's record again: c->state. 1 if the node was booted again
 * since chan_open() (a new epoch: c->rebooted), 0 if not, -1 on a read
 * failure.
 */
static int chan_look(struct chan *c)
{
	struct mint_node_record rec;

	if (ctrl_read_record(c->fd, c->shared_base, c->n->id, &rec))
		return -1;
	c->state = rec.self.state;
	if (rec.ctl.epoch != c->epoch)
		c->rebooted = true;
	return c->rebooted;
}

/* The node's state and epoch; MINT_ERR_USAGE if it never booted. */
static int check_booted(struct chan *c)
{
	struct mint_ctrl_block *cb = malloc(sizeof(*cb));
	int rc = MINT_OK;

	if (!cb) {
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	if (ctrl_read(c->fd, c->shared_base, cb)) {
		free(cb);
		return MINT_ERR_RUNTIME;
	}
	c->state = ctrl_header_valid(cb) ? cb->node[c->n->id].self.state :
					    MINT_NODE_OFF;
	c->epoch = cb->node[c->n->id].ctl.epoch;
	if (c->state == MINT_NODE_OFF) {
		p_err("%s never booted (state OFF): it has no console yet",
		      c->n->name);
		rc = MINT_ERR_USAGE;
	}
	free(cb);
	return rc;
}

int chan_open(struct chan *c, const struct mint_plan *p, unsigned id)
{
	uint64_t off = mint_console_offset_of(&p->console, id);
	char why[160];
	int rc;

	*c = (struct chan){ .fd = -1, .n = &p->node[id],
			    .shared_base = p->shared.base,
			    .at = p->shared.base + off,
			    .out_size = p->console.out_size,
			    .in_size = p->console.in_size };
	if (!off) {
		p_err("the layout gives %s no console channel",
		      c->n->name);
		return MINT_ERR_USAGE;
	}
	c->buf = malloc(c->out_size);
	if (!c->buf) {
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	c->fd = launcher_open();
	if (c->fd < 0)
		return MINT_ERR_RUNTIME;
	rc = check_booted(c);
	if (rc)
		return rc;
	if (read_header(c))
		return MINT_ERR_RUNTIME;
	switch (chan_header_check(&c->hdr, id, c->out_size, c->in_size, why,
				  sizeof(why))) {
	case CHAN_NONE:
		p_err("%s has no console channel at %#" PRIx64 " (%s): it was booted by a mintctl without console channels, or the header was overwritten",
		      c->n->name, c->at, why);
		return MINT_ERR_USAGE;
	case CHAN_CORRUPT:
		p_err("%s's console channel at %#" PRIx64 " is corrupt: %s",
		      c->n->name, c->at, why);
		return MINT_ERR_RUNTIME;
	case CHAN_OK:
		break;
	}
	c->in_head = c->hdr.in_head;
	return MINT_OK;
}

void chan_close(struct chan *c)
{
	launcher_close(c->fd);
	free(c->buf);
	c->fd = -1;
	c->buf = NULL;
}

/* A node whose cores run may be writing into the oldest bytes (C1). */
static uint32_t guard(const struct chan *c)
{
	return c->state == MINT_NODE_UP || c->state == MINT_NODE_BOOTING ?
	       ring_guard(c->out_size) : 0;
}

/* The header again; 1 (said once, counted) if it is no longer this channel's. */
static int reread_header(struct chan *c)
{
	char why[160];

	if (read_header(c))
		return -1;
	if (chan_header_check(&c->hdr, c->n->id, c->out_size, c->in_size, why,
			      sizeof(why)) == CHAN_OK) {
		c->header_bad = false;
		return 0;
	}
	c->errors++;
	if (!c->header_bad)
		p_warn("%s's console channel header changed under mintctl: %s; skipped",
		       c->n->name, why);
	c->header_bad = true;
	return 1;
}

/* The head chan_open() read, which it checked. */
int chan_head(struct chan *c, uint64_t *pos)
{
	*pos = c->hdr.out_head;
	if (*pos > RING_POS_MAX) {
		c->errors++;
		p_err("%s's output head %#" PRIx64 " is impossible (corrupt console channel)",
		      c->n->name, *pos);
		return -1;
	}
	return 0;
}

int chan_history(struct chan *c, uint64_t *pos)
{
	struct ring_take t;

	if (chan_head(c, pos))
		return -1;
	ring_out_take(0, c->hdr.out_head, c->out_size, guard(c), &t);
	*pos = t.from;
	return 0;
}

/*
 * A head behind the reader: a new boot's fresh channel (mintctl boot sets
 * the new epoch first), or corruption. -1 on a read failure.
 */
static int say_impossible(struct chan *c, uint64_t pos)
{
	int r = chan_look(c);

	if (r)
		return r < 0 ? -1 : 0;
	c->errors++;
	if (c->bad_head != c->hdr.out_head)
		p_warn("%s's output head %#" PRIx64 " is impossible (mintctl is at %" PRIu64 "): corrupt console channel; skipped",
		       c->n->name, (uint64_t)c->hdr.out_head, pos);
	c->bad_head = c->hdr.out_head;
	return 0;
}

static void say_lost(struct chan *c, uint64_t lost)
{
	c->lost += lost;
	p_warn("%s: %" PRIu64 " bytes of output lost (the node overwrote them before mintctl read them)",
	       c->n->name, lost);
}

int chan_fetch(struct chan *c, uint64_t *pos, size_t *len)
{
	uint32_t idx[2], plen[2], g = guard(c);
	uint64_t head2, drop;
	struct ring_take t;
	unsigned pieces;
	size_t got = 0;
	int rc;

	*len = 0;
	rc = reread_header(c);	/* C1: out_head first, then the bytes */
	if (rc)	/* a bad header: still the node's state, and a new boot */
		return rc < 0 || chan_look(c) < 0 ? -1 : 0;
	ring_out_take(*pos, c->hdr.out_head, c->out_size, g, &t);
	if (t.impossible)
		return say_impossible(c, *pos);
	if (t.from == t.to)
		return chan_look(c) < 0 ? -1 : 0;
	pieces = ring_pieces(t.from, t.to, c->out_size, idx, plen);
	for (unsigned i = 0; i < pieces; i++) {
		if (launcher_read(c->fd, out_ring(c) + idx[i], c->buf + got,
				  plen[i]))
			return -1;
		got += plen[i];
	}
	/* C1: the head again; what the node overwrote meanwhile is lost. */
	if (launcher_read(c->fd, c->at + HDR_FIELD(out_head), &head2,
			  sizeof(head2)))
		return -1;
	drop = ring_out_overrun(&t, head2, c->out_size, g);
	if (head2 < t.to || head2 > RING_POS_MAX) {
		c->hdr.out_head = head2;
		return say_impossible(c, t.to);	/* nothing read is trusted */
	}
	/*
	 * The epoch last: mintctl boot writes a new one before it resets the
	 * channel, so bytes of a new boot's channel never pass for this one's.
	 */
	if (chan_look(c) < 0)
		return -1;
	if (c->rebooted)
		return 0;
	if (t.lost + drop)
		say_lost(c, t.lost + drop);
	memmove(c->buf, c->buf + drop, got - drop);
	*len = got - drop;
	*pos = t.to;
	return 0;
}

int chan_send(struct chan *c, const uint8_t *buf, size_t n, size_t *done)
{
	uint64_t tail;
	uint32_t room, idx[2], plen[2];
	unsigned pieces;
	size_t sent = 0;

	*done = 0;
	/* C3: the node advances in_tail after it took the bytes. */
	if (launcher_read(c->fd, c->at + HDR_FIELD(in_tail), &tail,
			  sizeof(tail)))
		return -1;
	if (ring_in_room(c->in_head, tail, c->in_size, &room)) {
		c->errors++;
		p_err("%s's input tail %" PRIu64 " is impossible (mintctl wrote %" PRIu64 " bytes): corrupt console channel",
		      c->n->name, tail, c->in_head);
		return -1;
	}
	if (n > room)
		n = room;
	if (!n)
		return 0;
	pieces = ring_pieces(c->in_head, c->in_head + n, c->in_size, idx, plen);
	for (unsigned i = 0; i < pieces; i++) {
		if (launcher_write(c->fd, in_ring(c) + idx[i], buf + sent,
				   plen[i]))
			return -1;
		sent += plen[i];
	}
	/* C2: the bytes, then in_head, then the doorbell. */
	c->in_head += n;
	if (launcher_write(c->fd, c->at + HDR_FIELD(in_head), &c->in_head,
			   sizeof(c->in_head)) ||
	    launcher_send_ipi(c->fd, c->n->apic_id[0]))
		return -1;
	*done = n;
	return 0;
}
