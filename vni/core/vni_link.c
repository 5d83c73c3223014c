// SPDX-License-Identifier: GPL-2.0-only
/*
 * Peer liveness and the ring handshake (vni/LAYOUT.md, "Sessions").
 * A ring (src, dst, q) carries frames only while src's session on it is
 * the one dst acknowledged; either side tearing its half down forces a
 * fresh session, so indices from an older incarnation are never trusted.
 * Each queue's ring has a session of its own.
 */
#include "vni_internal.h"

/* Read the peer's control record once and update liveness. */
static void watch_peer(struct vni_node *n, u32 i, u64 now)
{
	struct vni_peer *p = &n->peer[i];
	/* Pairs with the store-release of state in vni_attach()/vni_start(). */
	u32 state = vni_load_acquire(&p->rec->state);
	u32 epoch = VNI_READ_ONCE(p->rec->epoch);
	u64 hb = VNI_READ_ONCE(p->rec->heartbeat);
	u32 q;

	if (epoch != p->epoch) {
		/* A new incarnation: nothing of the old one survives. */
		for (q = 0; q < n->g.nr_queues; q++) {
			if (p->ring[q].tx_bound)
				vni_tx_teardown(n, i, q);
			if (p->ring[q].rx_ack)
				vni_rx_unbind(n, i, q);
		}
		p->epoch = epoch;
		p->heartbeat = hb;
		p->heard_at = now;
	} else if (hb != p->heartbeat) {
		p->heartbeat = hb;
		p->heard_at = now;
	}
	p->state = state;
	p->alive = epoch && state == VNI_STATE_RUN &&
		   now - p->heard_at < n->dead_after;
}

/*
 * Our half of ring (self, i, q): bind, notice the ack, or tear down. A
 * session the receiver let go of before we saw its ack is never
 * acknowledged again (rx_prev), so a session still unacknowledged after
 * bind_timeout is replaced by a fresh one.
 */
static void poll_tx_half(struct vni_node *n, u32 i, u32 q, u64 now)
{
	struct vni_ring *p = vni_ring(n, i, q);
	u64 ack;

	if (!n->peer[i].alive || !n->running) {
		if (p->tx_bound)
			vni_tx_teardown(n, i, q);
		return;
	}
	if (!p->tx_bound) {
		vni_tx_bind(n, i, q, now);
		return;
	}
	/* Pairs with the store-release of ack_session in vni_rx_bind(). */
	ack = vni_load_acquire(&p->out_rx->ack_session);
	if (ack == p->tx_session) {
		p->tx_up = true;
	} else if (p->tx_up) {
		/* The receiver let go of our session: start a fresh one. */
		vni_tx_teardown(n, i, q);
		vni_tx_bind(n, i, q, now);
	} else if (now - p->tx_bound_at >= n->bind_timeout) {
		/* Never acknowledged: nothing was queued, bind afresh. */
		vni_tx_teardown(n, i, q);
		vni_tx_bind(n, i, q, now);
		n->stats[q].tx_rebinds++;
	}
}

/* The peer's half of ring (i, self, q): acknowledge or let go. */
static void poll_rx_half(struct vni_node *n, u32 i, u32 q)
{
	const struct vni_peer *peer = &n->peer[i];
	struct vni_ring *p = vni_ring(n, i, q);
	/* Pairs with the store-release of session in vni_tx_bind(). */
	u64 session = vni_load_acquire(&p->in_tx->session);
	u32 to_epoch = VNI_READ_ONCE(p->in_tx->peer_epoch);

	if (p->rx_ack && (!peer->alive || !n->running || session != p->rx_ack))
		vni_rx_unbind(n, i, q);
	if (!p->rx_ack && peer->alive && n->running && session &&
	    session != p->rx_prev && (u32)(session >> 32) == peer->epoch &&
	    to_epoch == n->epoch)
		vni_rx_bind(n, i, q, session);
}

u64 vni_link_poll(struct vni_node *n, u64 now)
{
	u64 changed = 0;
	u32 i, q;

	vni_heartbeat(n);
	for (i = 0; i < n->g.nr_nodes; i++) {
		bool was_up;

		if (i == n->self)
			continue;
		was_up = vni_peer_up(n, i);
		watch_peer(n, i, now);
		for (q = 0; q < n->g.nr_queues; q++) {
			poll_tx_half(n, i, q, now);
			poll_rx_half(n, i, q);
		}
		if (was_up != vni_peer_up(n, i))
			changed |= (u64)1 << i;
	}
	return changed;
}

bool vni_peer_up(const struct vni_node *n, u32 peer)
{
	u32 q;

	if (!vni_peer_valid(n, peer) || !n->peer[peer].alive)
		return false;
	for (q = 0; q < n->g.nr_queues; q++)
		if (!n->peer[peer].ring[q].tx_up)
			return false;
	return true;
}

void vni_stats_sum(const struct vni_node *n, struct vni_stats *sum)
{
	u32 q;

	vni_memset(sum, 0, sizeof(*sum));
	/* struct vni_stats is nothing but u64 counters. */
	for (q = 0; q < n->g.nr_queues; q++)
		vni_counters_add((u64 *)sum, &n->stats[q],
				 sizeof(*sum) / sizeof(u64));
}
