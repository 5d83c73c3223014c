/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One VNI node for the stress and crash tests: sends numbered, checksummed
 * frames to its destinations and checks what it receives. It runs as a
 * process over a shared file mapping or, for TSan, as a thread.
 */
#ifndef VNI_STRESS_NODE_H
#define VNI_STRESS_NODE_H

#include <stdint.h>
#include <stddef.h>
#include "../../vni/core/vni_core.h"

#define STRESS_MAX 4

struct stress_result {
	uint64_t sent;
	uint64_t received;
	uint64_t bytes;
	uint64_t corrupt;	/* checksum, header or length wrong */
	uint64_t reorder;	/* seq out of order: see check_received() */
	uint64_t reset_lost;	/* frames a pair reset dropped (seq gaps) */
	uint64_t reset_gaps;	/* times a new session skipped frames */
	uint64_t lost_wakeups;	/* pending frames and no doorbell for 2 s */
	uint64_t kicks;
	uint64_t doorbells;
	uint64_t waits;		/* times the node went to sleep */
	uint64_t rx_errors;	/* core counters: bad index/descriptor/cons */
	uint64_t link_downs;	/* peers seen going down */
	uint64_t from[STRESS_MAX];	/* frames received per source */
	uint64_t from_epoch[STRESS_MAX];	/* source epoch last seen */
	uint64_t free_slots;	/* published now and then (crash tests) */
	uint64_t inflight[STRESS_MAX];	/* descriptors queued, not reclaimed */
	uint32_t up_mask;	/* peers currently up */
	uint32_t in_tx;		/* 1 while inside vni_tx() (crash tests) */
	uint32_t status;	/* 0 running, 1 done ok, 2 failed */
};

/* Harness page: lives next to the VNI area in the same shared mapping. */
struct stress_shared {
	uint64_t doorbell[STRESS_MAX];	/* the "IPI": a counter per node */
	uint32_t finished;
	uint32_t stop;			/* crash tests: everyone stop now */
	struct stress_result res[STRESS_MAX];
};

/* xorshift64: the frames' sizes and contents, cheap and reproducible. */
uint32_t stress_rnd(uint64_t *rng);
/*
 * A frame size: mostly Ethernet-sized, some jumbo, a few up to 64 KiB;
 * with big_frames (crash tests) mostly 64 KiB.
 */
uint32_t stress_frame_size(uint64_t *rng, int big_frames);

struct stress_cfg {
	uint32_t self;
	uint32_t epoch;
	uint32_t send_mask;	/* destinations */
	uint32_t recv_mask;	/* sources */
	uint32_t participants;	/* nodes that must finish before exit */
	uint64_t frames;	/* per destination; 0 = until stop */
	uint64_t dead_after_ns;
	uint64_t seed;
	int big_frames;		/* crash tests: mostly 64 KiB frames */
	int no_consume;		/* crash tests: attach but never receive */
	int timeout_s;
};

/* Run one node to completion; returns 0 if every check held. */
int stress_node_run(const struct stress_cfg *c, void *area, uint64_t size,
		    const struct vni_geometry *g, struct stress_shared *sh);

uint64_t stress_now_ns(void);

#endif
