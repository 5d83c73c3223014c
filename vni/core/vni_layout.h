/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VNI area geometry and layout: where every part of the VNI area lives.
 * The VNI area starts MINT_CTRL_BLOCK_SIZE (64 KiB) into the shared region;
 * all offsets here are relative to the start of the VNI area. vni/LAYOUT.md is
 * the prose version of this file.
 *
 * Shared with mintctl (which plans the shared region with vni_area_size())
 * and with the kernel module, so it depends on nothing but vni_compat.h.
 */
#ifndef VNI_LAYOUT_H
#define VNI_LAYOUT_H

#include "vni_compat.h"

#define VNI_MAX_NODES		64
/* Rings per (src, dst) pair, each with its part of src's pool. */
#define VNI_MAX_QUEUES		8

#define VNI_DEFAULT_RING_ENTRIES	512
#define VNI_DEFAULT_SLOT_SIZE		4096
#define VNI_DEFAULT_POOL_SLOTS		2048
#define VNI_DEFAULT_QUEUES		1

/* Limits enforced by vni_geometry_check(). */
#define VNI_MIN_RING_ENTRIES	8
#define VNI_MAX_RING_ENTRIES	32768
#define VNI_MIN_SLOT_SIZE	256
#define VNI_MAX_SLOT_SIZE	65536
#define VNI_MAX_POOL_SLOTS	(1u << 20)

/* Largest frame: MTU 65535 + Ethernet header (14) + two VLAN tags (QinQ). */
#define VNI_MAX_FRAME		(65535u + 22u)
/* An Ethernet header: the shortest frame. */
#define VNI_MIN_FRAME		14u

/*
 * Cache line size the layout assumes; hot single-writer lines are spaced
 * by two of them so the adjacent-line prefetcher does not pair them.
 */
#define VNI_LINE		64u
#define VNI_LINE_PAIR		128u
#define VNI_PAGE		4096u

#define VNI_HEADER_SIZE		VNI_PAGE
#define VNI_NODE_REC_SIZE	VNI_LINE_PAIR
#define VNI_DESC_SIZE		32u
/* A pair block: TX line pair, RX line pair, then the descriptors. */
#define VNI_PAIR_LINES_SIZE	(2u * VNI_LINE_PAIR)
/* In each line pair, its index (prod or cons) has the second line. */
#define VNI_INDEX_OFFSET	VNI_LINE

struct vni_geometry {
	uint32_t nr_nodes;	/* 1..VNI_MAX_NODES */
	uint32_t ring_entries;	/* descriptors per (src, dst) ring, power of 2 */
	uint32_t slot_size;	/* bytes per pool slot, power of 2 */
	uint32_t pool_slots;	/* slots in each sender's pool */
	uint32_t nr_queues;	/* rings per (src, dst), 1..VNI_MAX_QUEUES */
};

/* 0 if valid, else a negative errno-style code; *why gets a static string. */
int vni_geometry_check(const struct vni_geometry *g, const char **why);

/* Bytes the VNI area needs for g (valid g only; 0 for an invalid one). */
uint64_t vni_area_size(const struct vni_geometry *g);

/* Slots one frame of VNI_MAX_FRAME bytes needs: the longest chain. */
uint32_t vni_max_chain(const struct vni_geometry *g);

/*
 * Slots of each queue's part of a pool: queue q of every ring a node
 * sends on owns slots [q * n, (q + 1) * n) of that node's pool.
 */
uint32_t vni_queue_slots(const struct vni_geometry *g);

/* Offsets inside the VNI area (valid g only). */
uint64_t vni_node_rec_offset(const struct vni_geometry *g, uint32_t node);
uint64_t vni_pair_offset(const struct vni_geometry *g, uint32_t src,
			 uint32_t dst, uint32_t queue);
uint64_t vni_pool_offset(const struct vni_geometry *g, uint32_t node);

#endif
