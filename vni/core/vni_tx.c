// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sending: the per-sender slot pool (one part per queue), the producer
 * half of each SPSC ring,
 * reclaim and the producer's doorbell decision (vni/LAYOUT.md, "TX").
 * Only this node writes its pool, its descriptors and its producer lines,
 * and the pool's bookkeeping (free stack, refcounts, which slot went into
 * which ring position) lives in private memory, so reclaim never trusts
 * anything a peer wrote except one consumer index, which is range-checked.
 */
#include "vni_internal.h"

static void put_slot(struct vni_txq *t, u16 *refcnt, u32 slot)
{
	/* slot came from our own shadow ring, so it is in range. */
	if (--refcnt[slot] == 0)
		t->free_stack[t->free_top++] = slot;
}

/* Free the slots of ring positions [reclaimed, end) of ring q. */
static void release_upto(struct vni_node *n, u32 peer, u32 q, u32 end)
{
	struct vni_ring *p = vni_ring(n, peer, q);
	u32 mask = vni_ring_mask(n);

	for (; p->reclaimed != end; p->reclaimed++)
		put_slot(&n->txq[q], n->refcnt, p->shadow[p->reclaimed & mask]);
}

/* Our ring q to dst carries frames: dst and q in range, session acked. */
static bool ring_up(const struct vni_node *n, u32 dst, u32 q)
{
	return vni_peer_valid(n, dst) && vni_queue_valid(n, q) &&
	       vni_ring(n, dst, q)->tx_up;
}

void vni_tx_reclaim(struct vni_node *n, u32 dst, u32 q)
{
	struct vni_ring *p;
	u32 cons;

	if (!ring_up(n, dst, q))
		return;
	p = vni_ring(n, dst, q);
	/*
	 * B2: pairs with the store-release of cons in vni_rx_done(): the
	 * receiver's reads of these slots happen before we reuse them.
	 */
	cons = vni_load_acquire(p->out_cons);
	if ((u32)(cons - p->reclaimed) > (u32)(p->prod - p->reclaimed)) {
		/* A receiver rebinding resets cons after dropping the ack. */
		if (VNI_READ_ONCE(p->out_rx->ack_session) == p->tx_session)
			n->stats[q].tx_bad_cons++;
		return;
	}
	release_upto(n, dst, q, cons);
}

void vni_tx_teardown(struct vni_node *n, u32 peer, u32 q)
{
	struct vni_ring *p = vni_ring(n, peer, q);

	/* B3: session 0 is visible before prod goes back to 0. */
	VNI_WRITE_ONCE(p->out_tx->session, 0);
	VNI_WRITE_ONCE(p->out_tx->peer_epoch, 0);
	vni_store_release(p->out_prod, 0);
	/*
	 * B8: pairs with the vni_rmb() in vni_rx_done(). A receiver we call
	 * dead may only be slow and still copying out of these slots; once we
	 * reuse them, session 0 is visible before any new byte, so a receiver
	 * that copied one sees the session gone and drops the frame.
	 */
	vni_wmb();
	/* Everything queued to the peer comes back, consumed or not. */
	release_upto(n, peer, q, p->prod);
	p->prod = 0;
	p->reclaimed = 0;
	p->kicked = 0;
	p->tx_bound = false;
	p->tx_up = false;
	p->tx_session = 0;
	n->stats[q].peer_resets++;
}

void vni_tx_bind(struct vni_node *n, u32 peer, u32 q, u64 now)
{
	struct vni_ring *p = vni_ring(n, peer, q);

	n->bind_gen++;
	if (!n->bind_gen)
		n->bind_gen = 1;
	p->tx_session = (u64)n->epoch << 32 | n->bind_gen;
	VNI_WRITE_ONCE(p->out_tx->peer_epoch, n->peer[peer].epoch);
	VNI_WRITE_ONCE(p->out_tx->cons_event, VNI_EVENT_FAR);
	/* prod is 0 since attach or teardown; the session makes it valid. */
	vni_store_release(&p->out_tx->session, p->tx_session);
	p->tx_bound = true;
	p->tx_up = false;
	p->tx_bound_at = now;
}

static u32 frame_len(const struct vni_iov *iov, u32 nr_iov)
{
	u64 len = 0;
	u32 i;

	for (i = 0; i < nr_iov; i++) {
		len += iov[i].len;
		if (len > VNI_MAX_FRAME)
			return 0;
	}
	return (u32)len;
}

/*
 * Slots one destination may hold of a queue's part of the pool: a busy
 * peer that consumes slowly must leave the others theirs. Each gets an
 * equal share, and never less than one frame of the largest size.
 */
static u32 tx_share(const struct vni_node *n)
{
	u32 peers = n->g.nr_nodes > 1 ? n->g.nr_nodes - 1 : 1;
	u32 share = n->queue_slots / peers;

	return share > n->max_chain ? share : n->max_chain;
}

/* dst's ring q, within dst's share of q's slots, takes nr_segs more. */
static bool ring_fits(const struct vni_node *n, u32 dst, u32 q, u32 nr_segs)
{
	const struct vni_ring *p = vni_ring(n, dst, q);
	u32 used = p->prod - p->reclaimed;

	/* With one peer its share is the part, which alloc_slots() checks. */
	return used + nr_segs <= n->g.ring_entries &&
	       (n->g.nr_nodes <= 2 || used + nr_segs <= tx_share(n));
}

static bool ring_has_room(struct vni_node *n, u32 dst, u32 q, u32 nr_segs)
{
	if (ring_fits(n, dst, q, nr_segs))
		return true;
	vni_tx_reclaim(n, dst, q);
	return ring_fits(n, dst, q, nr_segs);
}

/* q's free stack holds nr slots, after reclaiming from every peer if not. */
static bool pool_has_room(struct vni_node *n, u32 q, u32 nr)
{
	u32 i;

	if (n->txq[q].free_top >= nr)
		return true;
	for (i = 0; i < n->g.nr_nodes; i++)
		if (i != n->self)
			vni_tx_reclaim(n, i, q);
	return n->txq[q].free_top >= nr;
}

/* Take nr slots off q's free stack; they stay readable at the top of it. */
static const u32 *alloc_slots(struct vni_node *n, u32 q, u32 nr)
{
	struct vni_txq *t = &n->txq[q];

	if (!pool_has_room(n, q, nr))
		return NULL;
	t->free_top -= nr;
	return &t->free_stack[t->free_top];
}

/* Gather-copy the frame into its slots. */
static void fill_slots(struct vni_node *n, const u32 *slots,
		       const struct vni_iov *iov, u32 nr_iov)
{
	u32 slot_size = n->g.slot_size;
	u32 seg = 0, room = slot_size, i;
	u8 *dst = n->pool + (u64)slots[0] * slot_size;

	for (i = 0; i < nr_iov; i++) {
		const u8 *src = iov[i].base;
		u32 left = iov[i].len;

		while (left) {
			u32 chunk = left < room ? left : room;

			if (!room) {
				seg++;
				dst = n->pool + (u64)slots[seg] * slot_size;
				room = slot_size;
				continue;
			}
			vni_memcpy(dst, src, chunk);
			dst += chunk;
			src += chunk;
			left -= chunk;
			room -= chunk;
		}
	}
}

/* Write the frame's descriptors into dst's ring q and publish them. */
static void enqueue(struct vni_node *n, u32 dst, u32 q, const u32 *slots,
		    u32 nr_segs, u32 len, const struct vni_meta *meta)
{
	struct vni_ring *p = vni_ring(n, dst, q);
	u32 mask = vni_ring_mask(n);
	u32 left = len, s;

	for (s = 0; s < nr_segs; s++) {
		u32 pos = (p->prod + s) & mask;
		struct vni_shm_desc *d = &p->out_desc[pos];
		u32 seg_len = left < n->g.slot_size ? left : n->g.slot_size;

		d->slot = slots[s];
		d->offset = 0;
		d->len = seg_len;
		d->frame_len = len;
		d->seg = (u16)s;
		d->nr_segs = (u16)nr_segs;
		d->flags = meta ? meta->flags : 0;
		d->csum_start = meta ? meta->csum_start : 0;
		d->csum_offset = meta ? meta->csum_offset : 0;
		d->gso_size = meta ? meta->gso_size : 0;
		d->gso_type = meta ? meta->gso_type : VNI_GSO_NONE;
		d->reserved = 0;
		p->shadow[pos] = slots[s];
		n->refcnt[slots[s]]++;
		left -= seg_len;
	}
	p->prod += nr_segs;
	/* B1: pairs with the load-acquire of prod in vni_rx_next(). */
	vni_store_release(p->out_prod, p->prod);
	n->stats[q].tx_frames++;
	n->stats[q].tx_bytes += len;
}

static int check_frame(struct vni_node *n, const struct vni_iov *iov,
		       u32 nr_iov, u32 *len, u32 *nr_segs)
{
	if (!iov || !nr_iov)
		return -VNI_EINVAL;
	*len = frame_len(iov, nr_iov);
	/* The receiver drops what is not even an Ethernet header. */
	if (*len < VNI_MIN_FRAME)
		return !*len ? -VNI_EMSGSIZE : -VNI_EINVAL;
	*nr_segs = (*len + n->g.slot_size - 1) / n->g.slot_size;
	return 0;
}

int vni_tx(struct vni_node *n, u32 dst, u32 q, const struct vni_meta *meta,
	   const struct vni_iov *iov, u32 nr_iov)
{
	const u32 *slots;
	u32 len, nr_segs;
	int err;

	if (!vni_queue_valid(n, q))
		return -VNI_EINVAL;
	if (!ring_up(n, dst, q) || !n->peer[dst].alive) {
		n->stats[q].tx_not_connected++;
		return -VNI_ENOTCONN;
	}
	err = check_frame(n, iov, nr_iov, &len, &nr_segs);
	if (err)
		return err;
	if (!ring_has_room(n, dst, q, nr_segs)) {
		n->stats[q].tx_ring_full++;
		return -VNI_ENOSPC;
	}
	slots = alloc_slots(n, q, nr_segs);
	if (!slots) {
		n->stats[q].tx_pool_empty++;
		return -VNI_ENOBUFS;
	}
	fill_slots(n, slots, iov, nr_iov);
	enqueue(n, dst, q, slots, nr_segs, len, meta);
	return 0;
}

int vni_tx_broadcast(struct vni_node *n, const struct vni_meta *meta,
		     const struct vni_iov *iov, u32 nr_iov)
{
	const u32 *slots;
	u32 len, nr_segs, i;
	u64 targets = 0;
	int err, sent = 0;

	err = check_frame(n, iov, nr_iov, &len, &nr_segs);
	if (err)
		return err;
	/* Reclaim pushes onto the free stack, so find room before alloc. */
	for (i = 0; i < n->g.nr_nodes; i++) {
		if (i == n->self)
			continue;
		if (!ring_up(n, i, 0) || !n->peer[i].alive) {
			/* A peer we have seen and lost: its copy is dropped. */
			if (n->peer[i].epoch)
				n->stats[0].tx_bcast_drops++;
		} else if (!ring_has_room(n, i, 0, nr_segs)) {
			n->stats[0].tx_bcast_drops++;
		} else {
			targets |= (u64)1 << i;
		}
	}
	if (!targets)
		return 0;
	slots = alloc_slots(n, 0, nr_segs);
	if (!slots) {
		n->stats[0].tx_pool_empty++;
		return -VNI_ENOBUFS;
	}
	fill_slots(n, slots, iov, nr_iov);
	/* One copy, shared by every ring: each ring holds one reference. */
	for (i = 0; i < n->g.nr_nodes; i++) {
		if (targets & ((u64)1 << i)) {
			enqueue(n, i, 0, slots, nr_segs, len, meta);
			sent++;
		}
	}
	return sent;
}

bool vni_tx_kick(struct vni_node *n, u32 dst, u32 q)
{
	struct vni_ring *p;
	u32 event, old;

	if (!ring_up(n, dst, q))
		return false;
	p = vni_ring(n, dst, q);
	n->stats[q].tx_kicks++;
	/* B4: prod is published before we read the event index. */
	vni_mb();
	event = VNI_READ_ONCE(p->out_rx->prod_event);
	old = p->kicked;
	p->kicked = p->prod;
	if (!vni_need_event(event, p->prod, old))
		return false;
	n->stats[q].tx_doorbells++;
	return true;
}

/* Ask peer for a doorbell at its next consumption on ring q. */
static void arm_cons_event(struct vni_node *n, u32 peer, u32 q)
{
	struct vni_ring *p = vni_ring(n, peer, q);

	VNI_WRITE_ONCE(p->out_tx->cons_event, p->reclaimed);
}

bool vni_tx_arm_space(struct vni_node *n, u32 dst, u32 q)
{
	bool pool;
	u32 i;

	if (!ring_up(n, dst, q))
		return false;
	arm_cons_event(n, dst, q);
	/*
	 * Slots other destinations hold come back only when they consume:
	 * while q's part is short, every peer with frames in flight rings.
	 */
	if (n->txq[q].free_top < n->max_chain)
		for (i = 0; i < n->g.nr_nodes; i++)
			if (i != n->self && i != dst && ring_up(n, i, q) &&
			    vni_ring(n, i, q)->prod != vni_ring(n, i, q)->reclaimed)
				arm_cons_event(n, i, q);
	/* B5: the events are visible before we look at cons again. */
	vni_mb();
	/*
	 * Decided by the state, not by progress made here: another path may
	 * have reclaimed first, or other peers may have drained the pool.
	 */
	pool = pool_has_room(n, q, n->max_chain);
	return ring_has_room(n, dst, q, n->max_chain) && pool;
}

u32 vni_tx_in_flight(const struct vni_node *n, u32 dst, u32 q)
{
	if (!vni_peer_valid(n, dst) || !vni_queue_valid(n, q))
		return 0;
	return vni_ring(n, dst, q)->prod - vni_ring(n, dst, q)->reclaimed;
}

u32 vni_tx_free_slots(const struct vni_node *n, u32 q)
{
	return vni_queue_valid(n, q) ? n->txq[q].free_top : 0;
}
