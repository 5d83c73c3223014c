/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The shared-memory records of the VNI area, byte for byte (see
 * vni/LAYOUT.md). Each record names the one node that writes it; every
 * other node only reads it, once, and validates what it read.
 */
#ifndef VNI_SHM_H
#define VNI_SHM_H

#include "vni_layout.h"

#define VNI_MAGIC	0x31494e56u	/* "VNI1" little-endian */
#define VNI_VERSION	3u

/* Node states in vni_shm_node.state. */
enum vni_state {
	VNI_STATE_RESET = 0,	/* not attached (formatted area, or detached) */
	VNI_STATE_INIT = 1,	/* attaching: its lines are being reset */
	VNI_STATE_READY = 2,	/* lines valid, heartbeat running, not receiving */
	VNI_STATE_RUN = 3,	/* receiving: peers may bind and send */
};

/* Header, offset 0, written once by vni_format(); magic last (release). */
struct vni_shm_header {
	u32 magic;
	u32 version;
	u32 nr_nodes;
	u32 ring_entries;
	u32 slot_size;
	u32 pool_slots;
	u64 area_size;
	u32 desc_size;
	u32 node_rec_size;
	u32 nr_queues;
};

/* Per-node control record, written only by that node. */
struct vni_shm_node {
	u32 state;		/* enum vni_state */
	u32 epoch;		/* new non-zero value on every attach */
	u64 heartbeat;		/* advanced by the owner while attached */
};

/*
 * Producer line of pair (src, dst), written only by src. prod, the free-
 * running count of published descriptors, is alone on the next line
 * (VNI_INDEX_OFFSET): the receiver reads the session after every frame,
 * and a prod that moves with every frame must not take that line away.
 */
struct vni_shm_tx {
	u64 session;		/* src epoch << 32 | bind generation; 0 = unbound */
	u32 peer_epoch;		/* dst epoch this session is addressed to */
	u32 cons_event;		/* src wants a doorbell when cons passes this */
};

/*
 * Consumer line of pair (src, dst), written only by dst; cons, the count
 * of consumed descriptors, is alone on the next line, as prod is: the
 * sender reads prod_event at every kick.
 */
struct vni_shm_rx {
	u64 ack_session;	/* session dst accepted; 0 = none */
	u32 prod_event;		/* dst wants a doorbell when prod passes this */
};

/* Descriptor flags. */
#define VNI_DESC_CSUM_PARTIAL	0x0001u	/* csum_start/csum_offset valid */
#define VNI_DESC_CSUM_VALID	0x0002u	/* data checksum already verified */

/* gso_type values. */
#define VNI_GSO_NONE		0u
#define VNI_GSO_TCPV4		1u
#define VNI_GSO_TCPV6		2u
#define VNI_GSO_UDP_L4		3u
#define VNI_GSO_MAX		3u
#define VNI_GSO_ECN		0x80u	/* ORed into gso_type */
/* gso_size that means "by fragments" to Linux: never valid here. */
#define VNI_GSO_BY_FRAGS	0xffffu
/* Transport headers a segmentation request implies, and their checksums. */
#define VNI_TCP_HLEN		20u
#define VNI_TCP_CHECK		16u
#define VNI_UDP_HLEN		8u
#define VNI_UDP_CHECK		6u
/* At most this many segments per UDP segmentation request (as Linux). */
#define VNI_UDP_MAX_SEGS	128u

/*
 * One descriptor per slot. A frame is nr_segs consecutive descriptors,
 * seg = 0..nr_segs-1; frame_len, nr_segs and the offload fields repeat in
 * every descriptor of the frame so each can be checked on its own.
 */
struct vni_shm_desc {
	u32 slot;		/* slot index in src's pool */
	u32 offset;		/* first byte inside the slot */
	u32 len;		/* bytes in this slot */
	u32 frame_len;		/* bytes in the whole frame */
	u16 seg;
	u16 nr_segs;
	u16 flags;
	u16 csum_start;
	u16 csum_offset;
	u16 gso_size;
	u16 gso_type;
	u16 reserved;
};

VNI_STATIC_ASSERT(sizeof(struct vni_shm_header) <= VNI_HEADER_SIZE, "header");
VNI_STATIC_ASSERT(sizeof(struct vni_shm_node) <= VNI_NODE_REC_SIZE, "node rec");
VNI_STATIC_ASSERT(sizeof(struct vni_shm_tx) <= VNI_LINE, "tx line");
VNI_STATIC_ASSERT(sizeof(struct vni_shm_rx) <= VNI_LINE, "rx line");
VNI_STATIC_ASSERT(sizeof(struct vni_shm_desc) == VNI_DESC_SIZE, "descriptor");

#endif
