/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VNI transport core: the API the network driver and the host tests use.
 *
 * Locking contract (the core takes no locks): calls are serialised per node
 * and queue in two independent groups. TX group q is vni_tx_*() on queue
 * q (vni_tx_broadcast() is queue 0's) and owns queue q's part of the slot
 * pool; RX group q is vni_rx_*() on queue q, one source at a time. Groups
 * of different queues run in parallel. vni_link_poll(), vni_attach(),
 * vni_start(), vni_stop(), vni_detach() and vni_stats_sum() touch them all
 * and need every group serialised. Time ("now") is any monotonic unit the caller chooses;
 * dead_after is in the same unit.
 */
#ifndef VNI_CORE_H
#define VNI_CORE_H

#include "vni_shm.h"

/* Offload metadata carried by every frame (see struct vni_shm_desc). */
struct vni_meta {
	u16 flags;
	u16 csum_start;
	u16 csum_offset;
	u16 gso_size;
	u16 gso_type;
};

/* One piece of a frame to send (gather list). */
struct vni_iov {
	const void *base;
	u32 len;
};

/*
 * One ring of a pair in each direction, queue q: (self, peer, q) carries
 * our frames to the peer, (peer, self, q) the peer's to us. Every ring has
 * its own session, so a queue is torn down and bound on its own; private
 * memory, carved from the caller's buffer.
 */
struct vni_ring {
	/* where things are (computed from the validated geometry) */
	struct vni_shm_tx *out_tx;	/* ring (self, peer, q): written by us */
	u32 *out_prod;
	struct vni_shm_rx *out_rx;
	const u32 *out_cons;
	struct vni_shm_desc *out_desc;
	struct vni_shm_tx *in_tx;	/* ring (peer, self, q): written by peer */
	const u32 *in_prod;
	struct vni_shm_rx *in_rx;	/* written by us */
	u32 *in_cons;
	struct vni_shm_desc *in_desc;
	u32 *shadow;			/* [ring pos] = slot we queued there */
	/* TX side: self -> peer */
	bool tx_bound;		/* session published */
	bool tx_up;		/* peer acknowledged the session */
	u64 tx_session;
	u64 tx_bound_at;	/* caller time of the bind (bind_timeout) */
	u32 prod;		/* descriptors published */
	u32 reclaimed;		/* descriptors whose slots we took back */
	u32 kicked;		/* prod at the last doorbell decision */
	/* RX side: peer -> self */
	u64 rx_ack;		/* session we acknowledged; 0 = none */
	u64 rx_prev;		/* last session we acknowledged: never again */
	u32 cons;		/* descriptors consumed */
	u32 cons_pub;		/* cons as last published to the sender */
	u32 prod_seen;		/* prod as last loaded (and checked) */
	u32 cons_kicked;	/* cons at the last tx-space doorbell decision */
};

/* What the node knows about one peer; private memory. */
struct vni_peer {
	struct vni_shm_node *rec;	/* the peer's control record */
	const u8 *in_pool;		/* the peer's slot pool */
	struct vni_ring *ring;		/* [queue] */
	/* liveness, from the peer's control record */
	u32 epoch;
	u32 state;
	u64 heartbeat;
	u64 heard_at;		/* caller time the heartbeat last moved */
	bool alive;
};

struct vni_stats {
	u64 tx_frames;
	u64 tx_bytes;
	u64 tx_ring_full;	/* a peer's ring or pool share had no room */
	u64 tx_pool_empty;	/* no free slots: frame not queued */
	u64 tx_bcast_drops;	/* broadcast copies a full or dead ring dropped */
	u64 tx_not_connected;	/* frame for a peer that is not up */
	u64 tx_bad_cons;	/* consumer index out of range (corrupt peer) */
	u64 tx_doorbells;	/* kicks that needed a doorbell */
	u64 tx_kicks;		/* kicks asked for */
	u64 rx_frames;
	u64 rx_bytes;
	u64 rx_bad_index;	/* producer index out of range (corrupt peer) */
	u64 rx_bad_desc;	/* descriptor failed validation (corrupt peer) */
	u64 rx_dropped;		/* descriptors skipped because of the above */
	u64 rx_torn;		/* frames the sender tore down while we copied */
	u64 peer_resets;	/* pairs torn down: death, restart or unbind */
	u64 tx_rebinds;		/* sessions never acknowledged: bound afresh */
};

/* Queue q's part of our pool: slots [first, first + g.pool_slots / queues). */
struct vni_txq {
	u32 *free_stack;
	u32 free_top;
	u32 first;
};

struct vni_node {
	struct vni_geometry g;
	u32 self;
	u32 epoch;
	u32 max_chain;
	u32 queue_slots;		/* slots of each queue's part of the pool */
	u32 bind_gen;
	bool running;			/* in RUN: binds and receives */
	u64 dead_after;
	u64 bind_timeout;		/* 2 x dead_after: see poll_tx_half() */
	u8 *area;
	u8 *pool;			/* own slot pool */
	struct vni_shm_node *rec;	/* own control record */
	/* private memory carved from the caller's buffer */
	u16 *refcnt;
	struct vni_txq txq[VNI_MAX_QUEUES];
	struct vni_peer peer[VNI_MAX_NODES];
	/* by queue: each written by that queue's TX or RX group only */
	struct vni_stats stats[VNI_MAX_QUEUES];
};

/* A frame being received: filled by vni_rx_next(), walked by vni_rx_seg(). */
struct vni_rx_frame {
	u32 src;
	u32 queue;
	u32 frame_len;
	u32 nr_segs;
	u32 next_seg;
	u32 got;		/* bytes handed out so far */
	u32 avail;		/* descriptors available when the frame was read */
	bool dropped;
	struct vni_meta meta;
	struct vni_shm_desc first;	/* descriptor 0, read once */
};

/* Zero the area and write its header. Only one node formats (node 0). */
int vni_format(void *area, u64 size, const struct vni_geometry *g);
/* Whether some node has formatted the area (its magic is published). */
bool vni_formatted(const void *area);
/*
 * 0 if the area's header is formatted for geometry g; else -VNI_EPROTO and
 * *why says what differs. Attached nodes call it again to notice that node
 * 0 formatted the area anew.
 */
int vni_area_check(const void *area, const struct vni_geometry *g,
		   const char **why);

/* Bytes of private memory vni_attach() needs for g. */
u64 vni_priv_size(const struct vni_geometry *g);

/*
 * Check the header against g and join as node self with a new non-zero
 * epoch; ends in READY. priv is zeroed private memory of vni_priv_size().
 * On failure *why names the mismatch and nothing shared is written.
 */
int vni_attach(struct vni_node *n, void *area, u64 size,
	       const struct vni_geometry *g, u32 self, u32 epoch,
	       void *priv, u64 priv_size, u64 now, u64 dead_after,
	       const char **why);
void vni_start(struct vni_node *n);	/* READY -> RUN */
void vni_stop(struct vni_node *n);	/* RUN -> READY: stop receiving */
void vni_detach(struct vni_node *n);	/* -> RESET */
void vni_heartbeat(struct vni_node *n);

/*
 * Heartbeat, then watch every peer: detect death (heartbeat stale for
 * dead_after) and restart (new epoch), tear pairs down and reclaim their
 * slots, bind and acknowledge sessions, and bind afresh a session still
 * unacknowledged after bind_timeout (2 x dead_after). Returns a mask of
 * peers whose "up" state changed.
 */
u64 vni_link_poll(struct vni_node *n, u64 now);
/* The peer is alive and has acknowledged our session on every queue. */
bool vni_peer_up(const struct vni_node *n, u32 peer);
/* Add up the per-queue counters into *sum. */
void vni_stats_sum(const struct vni_node *n, struct vni_stats *sum);

/*
 * sum[i] += counters[i] for a struct of nr u64 counters; each read once,
 * so a writer on another CPU may run (the driver's lockless counters).
 */
static inline void vni_counters_add(u64 *sum, const void *counters, u32 nr)
{
	const u64 *in = counters;
	u32 i;

	for (i = 0; i < nr; i++)
		sum[i] += VNI_READ_ONCE(in[i]);
}

/*
 * Queue one frame for dst on queue q. 0 on success; -ENOSPC ring full or
 * dst holds its share of queue q's part of the pool (that part / peers),
 * -ENOBUFS that part empty,
 * -ENOTCONN peer not up, -EMSGSIZE/-EINVAL bad frame. The frame is
 * visible to the receiver on return; vni_tx_kick() decides the doorbell.
 */
int vni_tx(struct vni_node *n, u32 dst, u32 q, const struct vni_meta *meta,
	   const struct vni_iov *iov, u32 nr_iov);
/*
 * Queue to every peer that is up, on queue 0; returns the number of peers
 * reached.
 */
int vni_tx_broadcast(struct vni_node *n, const struct vni_meta *meta,
		     const struct vni_iov *iov, u32 nr_iov);
/* After a batch on queue q: true if dst asked for a doorbell (event index). */
bool vni_tx_kick(struct vni_node *n, u32 dst, u32 q);
/* Take back slots of frames dst has consumed on queue q. */
void vni_tx_reclaim(struct vni_node *n, u32 dst, u32 q);
/*
 * Queue q's ring, share or pool part full: ask dst (and, while that part
 * is short, every peer holding its slots) for a doorbell when it consumes
 * on q. True if a frame of the largest size fits now, whoever made the
 * room: wake the queue.
 */
bool vni_tx_arm_space(struct vni_node *n, u32 dst, u32 q);
/* Free slots of queue q's part of the pool. */
u32 vni_tx_free_slots(const struct vni_node *n, u32 q);
/* Descriptors queued to dst on queue q and not yet reclaimed. */
u32 vni_tx_in_flight(const struct vni_node *n, u32 dst, u32 q);

/*
 * Receive from src on queue q. 1: f describes a frame, walk it with vni_rx_seg() and
 * finish with vni_rx_done(). 0: nothing (or not connected). <0: a corrupt
 * descriptor or index; the bad descriptors were dropped and counted.
 */
int vni_rx_next(struct vni_node *n, u32 src, u32 q, struct vni_rx_frame *f);
/*
 * Next piece of f: 1 with the pointer and length set, 0 at the valid end
 * of the frame, <0 if a descriptor is corrupt (frame dropped and counted).
 */
int vni_rx_seg(struct vni_node *n, struct vni_rx_frame *f,
	       const void **p, u32 *len);
/*
 * Done with f, after copying its bytes out: its descriptors go back
 * (published in batches). true: the bytes copied are the frame, deliver
 * it. false: f was already dropped, or the sender tore the pair down
 * meanwhile and may have reused its slots (counted in rx_torn); the copy
 * must be thrown away.
 */
bool vni_rx_done(struct vni_node *n, struct vni_rx_frame *f);
/*
 * Going idle on queue q: ask src for a doorbell; true if frames arrived
 * meanwhile.
 */
bool vni_rx_rearm(struct vni_node *n, u32 src, u32 q);
/*
 * After each receive batch: publish the consumer index (vni_rx_done()
 * publishes only when caught up or a quarter ring behind) and return true
 * if src asked to hear that room appeared.
 */
bool vni_rx_kick_sender(struct vni_node *n, u32 src, u32 q);
/*
 * Whether src may have frames for us on queue q, from the shared indices
 * alone: callable from any context, outside RX group q. Spuriously true
 * while consumption is not yet published, never falsely false.
 */
bool vni_rx_maybe_pending(const struct vni_node *n, u32 src, u32 q);

#endif
