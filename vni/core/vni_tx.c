// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sending: the per-sender slot pool, the producer half of each SPSC ring,
 * reclaim and the producer's doorbell decision (vni/LAYOUT.md, "TX").
 * Only this node writes its pool, its descriptors and its producer lines,
 * and the pool's bookkeeping (free stack, refcounts, which slot went into
 * which ring position) lives in private memory, so reclaim never trusts
 * anything a peer wrote except one consumer index, which is range-checked.
 */
#include "vni_internal.h"

static void put_slot(struct vni_node *n, u32 slot)
{
	/* slot came from our own shadow ring, so it is in range. */
	if (--n->refcnt[slot] == 0)
		n->free_stack[n->free_top++] = slot;
}

/* Free the slots of ring positions [reclaimed, end). */
static void release_upto(struct vni_node *n, u32 peer, u32 end)
{
	struct vni_peer *p = &n->peer[peer];
	u32 *shadow = vni_shadow(n, peer);
	u32 mask = vni_ring_mask(n);

	for (; p->reclaimed != end; p->reclaimed++)
		put_slot(n, shadow[p->reclaimed & mask]);
}

void vni_tx_reclaim(struct vni_node *n, u32 dst)
{
	struct vni_peer *p;
	u32 cons;

	if (!vni_peer_valid(n, dst) || !n->peer[dst].tx_up)
		return;
	p = &n->peer[dst];
	/*
	 * B2: pairs with the store-release of cons in vni_rx_done(): the
	 * receiver's reads of these slots happen before we reuse them.
	 */
	cons = vni_load_acquire(p->out_cons);
	if ((u32)(cons - p->reclaimed) > (u32)(p->prod - p->reclaimed)) {
		/* A receiver rebinding resets cons after dropping the ack. */
		if (VNI_READ_ONCE(p->out_rx->ack_session) == p->tx_session)
			n->stats.tx_bad_cons++;
		return;
	}
	release_upto(n, dst, cons);
}

void vni_tx_teardown(struct vni_node *n, u32 peer)
{
	struct vni_peer *p = &n->peer[peer];

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
	release_upto(n, peer, p->prod);
	p->prod = 0;
	p->reclaimed = 0;
	p->kicked = 0;
	p->tx_bound = false;
	p->tx_up = false;
	p->tx_session = 0;
	n->stats.peer_resets++;
}

void vni_tx_bind(struct vni_node *n, u32 peer, u64 now)
{
	struct vni_peer *p = &n->peer[peer];

	n->bind_gen++;
	if (!n->bind_gen)
		n->bind_gen = 1;
	p->tx_session = (u64)n->epoch << 32 | n->bind_gen;
	VNI_WRITE_ONCE(p->out_tx->peer_epoch, p->epoch);
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
 * Slots one destination may hold: the pool is shared, so a busy peer that
 * consumes slowly must leave the others their part. Each gets an equal
 * share, and never less than one frame of the largest size.
 */
static u32 tx_share(const struct vni_node *n)
{
	u32 peers = n->g.nr_nodes > 1 ? n->g.nr_nodes - 1 : 1;
	u32 share = n->g.pool_slots / peers;

	return share > n->max_chain ? share : n->max_chain;
}

/* dst's ring, within dst's share of the pool, takes nr_segs more. */
static bool ring_fits(const struct vni_node *n, u32 dst, u32 nr_segs)
{
	const struct vni_peer *p = &n->peer[dst];
	u32 used = p->prod - p->reclaimed;

	/* With one peer its share is the pool, which alloc_slots() checks. */
	return used + nr_segs <= n->g.ring_entries &&
	       (n->g.nr_nodes <= 2 || used + nr_segs <= tx_share(n));
}

static bool ring_has_room(struct vni_node *n, u32 dst, u32 nr_segs)
{
	if (ring_fits(n, dst, nr_segs))
		return true;
	vni_tx_reclaim(n, dst);
	return ring_fits(n, dst, nr_segs);
}

/* The free stack holds nr slots, after reclaiming from every peer if not. */
static bool pool_has_room(struct vni_node *n, u32 nr)
{
	u32 i;

	if (n->free_top >= nr)
		return true;
	for (i = 0; i < n->g.nr_nodes; i++)
		if (i != n->self)
			vni_tx_reclaim(n, i);
	return n->free_top >= nr;
}

/* Take nr slots off the free stack; they stay readable at the top of it. */
static const u32 *alloc_slots(struct vni_node *n, u32 nr)
{
	if (!pool_has_room(n, nr))
		return NULL;
	n->free_top -= nr;
	return &n->free_stack[n->free_top];
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

/* Write the frame's descriptors into dst's ring and publish them. */
static void enqueue(struct vni_node *n, u32 dst, const u32 *slots,
		    u32 nr_segs, u32 len, const struct vni_meta *meta)
{
	struct vni_peer *p = &n->peer[dst];
	u32 *shadow = vni_shadow(n, dst);
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
		shadow[pos] = slots[s];
		n->refcnt[slots[s]]++;
		left -= seg_len;
	}
	p->prod += nr_segs;
	/* B1: pairs with the load-acquire of prod in vni_rx_next(). */
	vni_store_release(p->out_prod, p->prod);
	n->stats.tx_frames++;
	n->stats.tx_bytes += len;
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

int vni_tx(struct vni_node *n, u32 dst, const struct vni_meta *meta,
	   const struct vni_iov *iov, u32 nr_iov)
{
	const u32 *slots;
	u32 len, nr_segs;
	int err;

	if (!vni_peer_up(n, dst)) {
		n->stats.tx_not_connected++;
		return -VNI_ENOTCONN;
	}
	err = check_frame(n, iov, nr_iov, &len, &nr_segs);
	if (err)
		return err;
	if (!ring_has_room(n, dst, nr_segs)) {
		n->stats.tx_ring_full++;
		return -VNI_ENOSPC;
	}
	slots = alloc_slots(n, nr_segs);
	if (!slots) {
		n->stats.tx_pool_empty++;
		return -VNI_ENOBUFS;
	}
	fill_slots(n, slots, iov, nr_iov);
	enqueue(n, dst, slots, nr_segs, len, meta);
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
		if (!vni_peer_up(n, i)) {
			/* A peer we have seen and lost: its copy is dropped. */
			if (n->peer[i].epoch)
				n->stats.tx_bcast_drops++;
		} else if (!ring_has_room(n, i, nr_segs)) {
			n->stats.tx_bcast_drops++;
		} else {
			targets |= (u64)1 << i;
		}
	}
	if (!targets)
		return 0;
	slots = alloc_slots(n, nr_segs);
	if (!slots) {
		n->stats.tx_pool_empty++;
		return -VNI_ENOBUFS;
	}
	fill_slots(n, slots, iov, nr_iov);
	/* One copy, shared by every ring: each ring holds one reference. */
	for (i = 0; i < n->g.nr_nodes; i++) {
		if (targets & ((u64)1 << i)) {
			enqueue(n, i, slots, nr_segs, len, meta);
			sent++;
		}
	}
	return sent;
}

bool vni_tx_kick(struct vni_node *n, u32 dst)
{
	struct vni_peer *p;
	u32 event, old;

	if (!vni_peer_valid(n, dst) || !n->peer[dst].tx_up)
		return false;
	p = &n->peer[dst];
	n->stats.tx_kicks++;
	/* B4: prod is published before we read the event index. */
	vni_mb();
	event = VNI_READ_ONCE(p->out_rx->prod_event);
	old = p->kicked;
	p->kicked = p->prod;
	if (!vni_need_event(event, p->prod, old))
		return false;
	n->stats.tx_doorbells++;
	return true;
}

/* Ask peer for a doorbell at its next consumption. */
static void arm_cons_event(struct vni_node *n, u32 peer)
{
	struct vni_peer *p = &n->peer[peer];

	VNI_WRITE_ONCE(p->out_tx->cons_event, p->reclaimed);
}

bool vni_tx_arm_space(struct vni_node *n, u32 dst)
{
	bool pool;
	u32 i;

	if (!vni_peer_valid(n, dst) || !n->peer[dst].tx_up)
		return false;
	arm_cons_event(n, dst);
	/*
	 * Slots other destinations hold come back only when they consume:
	 * while the pool is short, every peer with frames in flight rings.
	 */
	if (n->free_top < n->max_chain)
		for (i = 0; i < n->g.nr_nodes; i++)
			if (i != n->self && i != dst && n->peer[i].tx_up &&
			    n->peer[i].prod != n->peer[i].reclaimed)
				arm_cons_event(n, i);
	/* B5: the events are visible before we look at cons again. */
	vni_mb();
	/*
	 * Decided by the state, not by progress made here: another path may
	 * have reclaimed first, or other peers may have drained the pool.
	 */
	pool = pool_has_room(n, n->max_chain);
	return ring_has_room(n, dst, n->max_chain) && pool;
}

u32 vni_tx_in_flight(const struct vni_node *n, u32 dst)
{
	if (!vni_peer_valid(n, dst))
		return 0;
	return n->peer[dst].prod - n->peer[dst].reclaimed;
}

u32 vni_tx_free_slots(const struct vni_node *n)
{
	return n->free_top;
}
