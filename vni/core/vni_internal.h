/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the core's .c files; not part of the API. */
#ifndef VNI_INTERNAL_H
#define VNI_INTERNAL_H

#include "vni_core.h"

/* Far from any index: no tx-space doorbell until the sender arms one. */
#define VNI_EVENT_FAR	0x80000000u

/*
 * Virtio's vring_need_event(): did the index move from old to new across
 * event? Unsigned arithmetic makes it wrap-safe.
 */
static inline bool vni_need_event(u32 event, u32 new_idx, u32 old_idx)
{
	return (u32)(new_idx - event - 1) < (u32)(new_idx - old_idx);
}

static inline bool vni_peer_valid(const struct vni_node *n, u32 peer)
{
	return peer < n->g.nr_nodes && peer != n->self;
}

static inline u32 vni_ring_mask(const struct vni_node *n)
{
	return n->g.ring_entries - 1;
}

static inline bool vni_queue_valid(const struct vni_node *n, u32 q)
{
	return q < n->g.nr_queues;
}

/* Ring q of pair (self, peer) and (peer, self); peer and q in range. */
static inline struct vni_ring *vni_ring(const struct vni_node *n, u32 peer,
					u32 q)
{
	return &n->peer[peer].ring[q];
}

/* vni_tx.c */
void vni_tx_teardown(struct vni_node *n, u32 peer, u32 q);
void vni_tx_bind(struct vni_node *n, u32 peer, u32 q, u64 now);
/* vni_rx.c */
void vni_rx_unbind(struct vni_node *n, u32 src, u32 q);
void vni_rx_bind(struct vni_node *n, u32 src, u32 q, u64 session);

#endif
