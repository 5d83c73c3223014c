// SPDX-License-Identifier: GPL-2.0-only
/*
 * VNI area geometry: validation and the offset of every part. Pure
 * arithmetic, no shared-memory access, so mintctl can plan with it.
 */
#include "vni_layout.h"

static bool is_pow2(u32 v)
{
	return v && !(v & (v - 1));
}

static u64 round_up(u64 v, u64 align)
{
	return (v + align - 1) & ~(align - 1);
}

uint32_t vni_max_chain(const struct vni_geometry *g)
{
	return (VNI_MAX_FRAME + g->slot_size - 1) / g->slot_size;
}

uint32_t vni_queue_slots(const struct vni_geometry *g)
{
	return g->pool_slots / g->nr_queues;
}

int vni_geometry_check(const struct vni_geometry *g, const char **why)
{
	const char *msg = NULL;

	if (!g)
		msg = "no geometry given";
	else if (g->nr_nodes < 1 || g->nr_nodes > VNI_MAX_NODES)
		msg = "nr_nodes must be between 1 and 64";
	else if (!is_pow2(g->ring_entries) ||
		 g->ring_entries < VNI_MIN_RING_ENTRIES ||
		 g->ring_entries > VNI_MAX_RING_ENTRIES)
		msg = "ring_entries must be a power of two between 8 and 32768";
	else if (!is_pow2(g->slot_size) || g->slot_size < VNI_MIN_SLOT_SIZE ||
		 g->slot_size > VNI_MAX_SLOT_SIZE)
		msg = "slot_size must be a power of two between 256 and 65536";
	else if (g->pool_slots < 1 || g->pool_slots > VNI_MAX_POOL_SLOTS)
		msg = "pool_slots must be between 1 and 1048576";
	else if (g->nr_queues < 1 || g->nr_queues > VNI_MAX_QUEUES)
		msg = "nr_queues must be between 1 and 8";
	else if (g->ring_entries < vni_max_chain(g))
		msg = "ring_entries too small for one maximum-size frame (65557 bytes)";
	else if (vni_queue_slots(g) < vni_max_chain(g))
		msg = "pool_slots too small for one maximum-size frame (65557 bytes) per queue";

	if (why)
		*why = msg ? msg : "ok";
	return msg ? -VNI_EINVAL : 0;
}

static u64 node_recs_size(const struct vni_geometry *g)
{
	return round_up((u64)g->nr_nodes * VNI_NODE_REC_SIZE, VNI_PAGE);
}

static u64 pair_size(const struct vni_geometry *g)
{
	return round_up(VNI_PAIR_LINES_SIZE +
			(u64)g->ring_entries * VNI_DESC_SIZE, VNI_LINE_PAIR);
}

static u64 pairs_size(const struct vni_geometry *g)
{
	return round_up((u64)g->nr_nodes * g->nr_nodes * g->nr_queues *
			pair_size(g), VNI_PAGE);
}

static u64 pool_size(const struct vni_geometry *g)
{
	return round_up((u64)g->pool_slots * g->slot_size, VNI_PAGE);
}

uint64_t vni_node_rec_offset(const struct vni_geometry *g, uint32_t node)
{
	(void)g;	/* records come right after the fixed-size header */
	return VNI_HEADER_SIZE + (u64)node * VNI_NODE_REC_SIZE;
}

uint64_t vni_pair_offset(const struct vni_geometry *g, uint32_t src,
			 uint32_t dst, uint32_t queue)
{
	return VNI_HEADER_SIZE + node_recs_size(g) +
	       (((u64)src * g->nr_nodes + dst) * g->nr_queues + queue) *
	       pair_size(g);
}

uint64_t vni_pool_offset(const struct vni_geometry *g, uint32_t node)
{
	return VNI_HEADER_SIZE + node_recs_size(g) + pairs_size(g) +
	       (u64)node * pool_size(g);
}

uint64_t vni_area_size(const struct vni_geometry *g)
{
	if (vni_geometry_check(g, NULL))
		return 0;
	return vni_pool_offset(g, g->nr_nodes);
}
