// SPDX-License-Identifier: GPL-2.0-only
/*
 * Receiving: the consumer half of each SPSC ring (vni/LAYOUT.md, "RX").
 * Every descriptor is read exactly once into local memory and checked
 * against the sender's pool before any byte is touched; a bad one drops
 * its frame and is counted, and a bad producer index resets the pair.
 */
#include "vni_internal.h"

void vni_rx_unbind(struct vni_node *n, u32 src, u32 q)
{
	struct vni_ring *p = vni_ring(n, src, q);

	/* ack 0 first, then cons (release): see LAYOUT.md B3. */
	VNI_WRITE_ONCE(p->in_rx->ack_session, 0);
	vni_store_release(p->in_cons, p->cons);
	p->cons_pub = p->cons;
	p->rx_prev = p->rx_ack;
	p->rx_ack = 0;
	n->stats[q].peer_resets++;
}

void vni_rx_bind(struct vni_node *n, u32 src, u32 q, u64 session)
{
	struct vni_ring *p = vni_ring(n, src, q);

	p->cons = 0;
	p->cons_pub = 0;
	p->prod_seen = 0;
	p->cons_kicked = 0;
	VNI_WRITE_ONCE(p->in_rx->prod_event, 0);
	VNI_WRITE_ONCE(*p->in_cons, 0);
	/* Pairs with the load-acquire of ack_session in poll_tx_half(). */
	vni_store_release(&p->in_rx->ack_session, session);
	p->rx_ack = session;
	p->rx_prev = session;
}

static void read_desc(const struct vni_shm_desc *s, struct vni_shm_desc *d)
{
	d->slot = VNI_READ_ONCE(s->slot);
	d->offset = VNI_READ_ONCE(s->offset);
	d->len = VNI_READ_ONCE(s->len);
	d->frame_len = VNI_READ_ONCE(s->frame_len);
	d->seg = VNI_READ_ONCE(s->seg);
	d->nr_segs = VNI_READ_ONCE(s->nr_segs);
	d->flags = VNI_READ_ONCE(s->flags);
	d->csum_start = VNI_READ_ONCE(s->csum_start);
	d->csum_offset = VNI_READ_ONCE(s->csum_offset);
	d->gso_size = VNI_READ_ONCE(s->gso_size);
	d->gso_type = VNI_READ_ONCE(s->gso_type);
	d->reserved = 0;
}

/* Give consumed descriptors (and so their slots) back to the sender. */
static void publish_cons(struct vni_ring *p)
{
	if (p->cons == p->cons_pub)
		return;
	/*
	 * B2: pairs with the load-acquire of cons in vni_tx_reclaim(): our
	 * reads of the slots happen before the sender reuses them.
	 */
	vni_store_release(p->in_cons, p->cons);
	p->cons_pub = p->cons;
}

/* Skip nr descriptors of src's ring q: a counted drop. */
static void skip(struct vni_node *n, u32 src, u32 q, u32 nr)
{
	struct vni_ring *p = vni_ring(n, src, q);

	p->cons += nr;
	publish_cons(p);
	n->stats[q].rx_dropped += nr;
}

/* Ring q from src is bound: src and q in range, a session acknowledged. */
static bool ring_bound(const struct vni_node *n, u32 src, u32 q)
{
	return vni_peer_valid(n, src) && vni_queue_valid(n, q) &&
	       vni_ring(n, src, q)->rx_ack;
}

/*
 * Offload metadata as a well-behaved sender writes it, checked as strictly
 * as virtio checks its header: a corrupt peer's well-formed but wrong
 * fields must not reach the stack (a WARN, or segmentation amplification).
 */
static bool meta_ok(const struct vni_shm_desc *d)
{
	u32 gso = d->gso_type & ~VNI_GSO_ECN, thlen, check;
	bool partial = d->flags & VNI_DESC_CSUM_PARTIAL;

	if (d->flags & ~(VNI_DESC_CSUM_PARTIAL | VNI_DESC_CSUM_VALID) ||
	    (partial && (d->flags & VNI_DESC_CSUM_VALID)))
		return false;
	if (partial && (u32)d->csum_start + d->csum_offset + 2 > d->frame_len)
		return false;
	if (gso == VNI_GSO_NONE)
		return d->gso_type == VNI_GSO_NONE && !d->gso_size;
	if (gso == VNI_GSO_UDP_L4) {
		thlen = VNI_UDP_HLEN;
		check = VNI_UDP_CHECK;
	} else {
		thlen = VNI_TCP_HLEN;
		check = VNI_TCP_CHECK;
	}
	if (!partial || d->csum_offset != check || !d->gso_size ||
	    d->gso_size == VNI_GSO_BY_FRAGS ||
	    (u32)d->csum_start + thlen > d->frame_len)
		return false;
	if (gso == VNI_GSO_UDP_L4 &&
	    ((d->gso_type & VNI_GSO_ECN) ||
	     d->frame_len - d->csum_start - thlen >
	     (u32)d->gso_size * VNI_UDP_MAX_SEGS))
		return false;
	return true;
}

static bool first_desc_ok(const struct vni_node *n,
			  const struct vni_shm_desc *d, u32 avail)
{
	if (d->seg != 0 || d->nr_segs == 0 || d->nr_segs > n->max_chain ||
	    d->nr_segs > avail)
		return false;
	if (d->frame_len < VNI_MIN_FRAME || d->frame_len > VNI_MAX_FRAME ||
	    d->frame_len > (u64)d->nr_segs * n->g.slot_size)
		return false;
	if ((d->gso_type & ~VNI_GSO_ECN) > VNI_GSO_MAX)
		return false;
	return meta_ok(d);
}

int vni_rx_next(struct vni_node *n, u32 src, u32 q, struct vni_rx_frame *f)
{
	struct vni_ring *p;
	u32 prod, avail;

	f->dropped = true;
	if (!ring_bound(n, src, q))
		return 0;
	p = vni_ring(n, src, q);
	/*
	 * Work from the last checked prod; touch the producer line only
	 * when that is used up, so the line does not bounce per frame.
	 */
	avail = p->prod_seen - p->cons;
	if (!avail) {
		/* B1: pairs with the store-release of prod in enqueue(). */
		prod = vni_load_acquire(p->in_prod);
		avail = prod - p->cons;
		if (!avail)
			return 0;
		if (avail > n->g.ring_entries) {
			/* A sender tearing down zeroes prod after the session. */
			if (VNI_READ_ONCE(p->in_tx->session) != p->rx_ack)
				return 0;
			n->stats[q].rx_bad_index++;
			vni_rx_unbind(n, src, q);
			return -VNI_EPROTO;
		}
		p->prod_seen = prod;
	}
	read_desc(&p->in_desc[p->cons & vni_ring_mask(n)], &f->first);
	if (!first_desc_ok(n, &f->first, avail)) {
		n->stats[q].rx_bad_desc++;
		skip(n, src, q, 1);
		return -VNI_EBADMSG;
	}
	f->src = src;
	f->queue = q;
	f->frame_len = f->first.frame_len;
	f->nr_segs = f->first.nr_segs;
	f->next_seg = 0;
	f->got = 0;
	f->avail = avail;
	f->dropped = false;
	f->meta.flags = f->first.flags;
	f->meta.csum_start = f->first.csum_start;
	f->meta.csum_offset = f->first.csum_offset;
	f->meta.gso_size = f->first.gso_size;
	f->meta.gso_type = f->first.gso_type;
	return 1;
}

static int drop_frame(struct vni_node *n, struct vni_rx_frame *f)
{
	n->stats[f->queue].rx_bad_desc++;
	f->dropped = true;
	skip(n, f->src, f->queue, f->nr_segs);
	return -VNI_EBADMSG;
}

int vni_rx_seg(struct vni_node *n, struct vni_rx_frame *f,
	       const void **ptr, u32 *len)
{
	struct vni_ring *p;
	struct vni_shm_desc d;
	u32 slot_size = n->g.slot_size;

	if (f->dropped)
		return -VNI_EBADMSG;
	if (f->next_seg == f->nr_segs)
		return f->got == f->frame_len ? 0 : drop_frame(n, f);
	p = vni_ring(n, f->src, f->queue);
	if (f->next_seg == 0)
		d = f->first;
	else
		read_desc(&p->in_desc[(p->cons + f->next_seg) &
				      vni_ring_mask(n)], &d);
	if (d.seg != f->next_seg || d.nr_segs != f->nr_segs ||
	    d.frame_len != f->frame_len || d.slot >= n->g.pool_slots ||
	    d.offset >= slot_size || d.len == 0 ||
	    d.len > slot_size - d.offset || d.len > f->frame_len - f->got)
		return drop_frame(n, f);
	*ptr = n->peer[f->src].in_pool + (u64)d.slot * slot_size + d.offset;
	*len = d.len;
	f->got += d.len;
	f->next_seg++;
	return 1;
}

bool vni_rx_done(struct vni_node *n, struct vni_rx_frame *f)
{
	struct vni_ring *p;
	bool intact;

	if (f->dropped)
		return false;
	f->dropped = true;
	p = vni_ring(n, f->src, f->queue);
	/*
	 * B8: pairs with the vni_wmb() in vni_tx_teardown(). The caller's
	 * reads of the slots happen before this read of the session, so if
	 * any byte it copied was written after a teardown (slot reused), we
	 * see the session gone: the copy may mix two frames, never deliver it.
	 */
	vni_rmb();
	intact = VNI_READ_ONCE(p->in_tx->session) == p->rx_ack;
	p->cons += f->nr_segs;
	/* Publish in batches: when caught up, or a quarter ring behind. */
	if (p->cons == p->prod_seen ||
	    p->cons - p->cons_pub >= n->g.ring_entries / 4)
		publish_cons(p);
	if (!intact) {
		n->stats[f->queue].rx_torn++;
		return false;
	}
	n->stats[f->queue].rx_frames++;
	n->stats[f->queue].rx_bytes += f->frame_len;
	return true;
}

bool vni_rx_rearm(struct vni_node *n, u32 src, u32 q)
{
	struct vni_ring *p;

	if (!ring_bound(n, src, q))
		return false;
	p = vni_ring(n, src, q);
	publish_cons(p);
	VNI_WRITE_ONCE(p->in_rx->prod_event, p->cons);
	/* B4: the event index is visible before we look at prod again. */
	vni_mb();
	return vni_load_acquire(p->in_prod) != p->cons;
}

bool vni_rx_maybe_pending(const struct vni_node *n, u32 src, u32 q)
{
	const struct vni_ring *p;

	if (!vni_peer_valid(n, src) || !vni_queue_valid(n, q))
		return false;
	p = vni_ring(n, src, q);
	/* in_cons trails cons (published in batches), so never past prod. */
	return vni_load_acquire(p->in_prod) != VNI_READ_ONCE(*p->in_cons);
}

bool vni_rx_kick_sender(struct vni_node *n, u32 src, u32 q)
{
	struct vni_ring *p;
	u32 event, old;

	if (!ring_bound(n, src, q))
		return false;
	p = vni_ring(n, src, q);
	publish_cons(p);
	/* B5: cons is published before we read the sender's event. */
	vni_mb();
	event = VNI_READ_ONCE(p->in_tx->cons_event);
	old = p->cons_kicked;
	p->cons_kicked = p->cons;
	return vni_need_event(event, p->cons, old);
}
