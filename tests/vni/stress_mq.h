/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A multi-queue VNI node for the stress test: a TX and an RX thread per
 * queue, each on its own queue only (see stress_mq.c).
 */
#ifndef VNI_STRESS_MQ_H
#define VNI_STRESS_MQ_H

#include "stress_node.h"

#define STRESS_QUEUES 4
/* A frame's queue rides in the top bits of its seq, so a frame delivered on
 * another queue than it was sent on is caught. */
#define STRESS_SEQ_QUEUE_SHIFT 48

/* One (node, queue): TX fields written by its TX thread, RX by its RX thread. */
struct stress_mq_queue {
	uint64_t sent;
	uint64_t tx_core;	/* the core's tx_frames of this queue */
	uint64_t tx_bells;	/* doorbells rung to receivers */
	uint64_t tx_waits;	/* sleeps for ring or pool room */
	uint32_t tx_done;	/* all sent and reclaimed (release) */
	uint64_t received;
	uint64_t rx_core;	/* the core's rx_frames of this queue */
	uint64_t bytes;
	uint64_t rx_bells;	/* doorbells rung to senders (room) */
	uint64_t rx_waits;	/* sleeps for frames */
	uint64_t corrupt;	/* checksum, header, source or epoch wrong */
	uint64_t wrong_queue;	/* frame sent on another queue */
	uint64_t reorder;	/* seq not the next of its (src, dst, queue) */
	uint64_t lost;		/* frames that never came: senders drained */
	uint64_t lost_wakeups;	/* work pending and no doorbell for 2 s */
	uint64_t stuck;		/* gave up at the node's timeout */
	uint64_t next[STRESS_MAX];	/* next seq expected per source */
};

struct stress_mq_node {
	uint64_t core_errors;	/* bad index/descriptor/cons, torn frames */
	uint64_t peer_resets;
	uint64_t link_downs;
	uint64_t link_polls;
	uint32_t max_inside;	/* most queue threads inside the core at once */
	uint32_t status;	/* 1 done ok, 2 failed */
};

/* The harness page of the multi-queue case, next to the VNI area. */
struct stress_mq_shared {
	uint32_t rx_bell[STRESS_MAX][STRESS_QUEUES];	/* frames for (node, q) */
	uint32_t tx_bell[STRESS_MAX][STRESS_QUEUES];	/* room for (node, q) */
	uint32_t finished;
	struct stress_mq_node node[STRESS_MAX];
	struct stress_mq_queue q[STRESS_MAX][STRESS_QUEUES];
};

/*
 * Run node c->self with g.nr_queues (<= STRESS_QUEUES) queues: c->frames
 * to every destination on every queue. 0 if every check held.
 */
int stress_mq_node_run(const struct stress_cfg *c, void *area, uint64_t size,
		       const struct vni_geometry *g,
		       struct stress_mq_shared *sh);

#endif
