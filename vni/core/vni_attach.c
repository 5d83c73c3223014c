// SPDX-License-Identifier: GPL-2.0-only
/*
 * Formatting the VNI area, attaching to it as one node, and that node's
 * state transitions RESET -> INIT -> READY -> RUN (vni/LAYOUT.md, "States").
 */
#include "vni_internal.h"

static u64 align8(u64 v)
{
	return (v + 7) & ~(u64)7;
}

/*
 * Private memory: the rings' bookkeeping, the free stacks of every queue's
 * part of the pool, the slots' reference counts, then the shadow rings.
 */
u64 vni_priv_size(const struct vni_geometry *g)
{
	u64 rings = (u64)g->nr_nodes * g->nr_queues;

	return align8(rings * sizeof(struct vni_ring)) +
	       align8((u64)g->pool_slots * sizeof(u32)) +
	       align8((u64)g->pool_slots * sizeof(u16)) +
	       rings * g->ring_entries * sizeof(u32);
}

int vni_format(void *area, u64 size, const struct vni_geometry *g)
{
	struct vni_shm_header *h = area;

	if (vni_geometry_check(g, NULL) || size < vni_area_size(g))
		return -VNI_EINVAL;
	vni_memset(area, 0, vni_area_size(g));
	h->version = VNI_VERSION;
	h->nr_nodes = g->nr_nodes;
	h->ring_entries = g->ring_entries;
	h->slot_size = g->slot_size;
	h->pool_slots = g->pool_slots;
	h->area_size = vni_area_size(g);
	h->desc_size = VNI_DESC_SIZE;
	h->node_rec_size = VNI_NODE_REC_SIZE;
	h->nr_queues = g->nr_queues;
	/* Pairs with the load-acquire of magic in vni_formatted(). */
	vni_store_release(&h->magic, VNI_MAGIC);
	return 0;
}

bool vni_formatted(const void *area)
{
	const struct vni_shm_header *h = area;

	/* Pairs with the store-release of magic in vni_format(). */
	return vni_load_acquire(&h->magic) == VNI_MAGIC;
}

/* Read every header field once and compare it with what the caller has. */
int vni_area_check(const void *area, const struct vni_geometry *g,
		   const char **why)
{
	const struct vni_shm_header *h = area;

	if (!vni_formatted(h))
		*why = "VNI area not formatted (bad magic)";
	else if (VNI_READ_ONCE(h->version) != VNI_VERSION)
		*why = "VNI area has another layout version";
	else if (VNI_READ_ONCE(h->nr_nodes) != g->nr_nodes)
		*why = "geometry mismatch: nr_nodes";
	else if (VNI_READ_ONCE(h->ring_entries) != g->ring_entries)
		*why = "geometry mismatch: ring_entries";
	else if (VNI_READ_ONCE(h->slot_size) != g->slot_size)
		*why = "geometry mismatch: slot_size";
	else if (VNI_READ_ONCE(h->pool_slots) != g->pool_slots)
		*why = "geometry mismatch: pool_slots";
	else if (VNI_READ_ONCE(h->nr_queues) != g->nr_queues)
		*why = "geometry mismatch: nr_queues";
	else if (VNI_READ_ONCE(h->area_size) != vni_area_size(g))
		*why = "geometry mismatch: area_size";
	else if (VNI_READ_ONCE(h->desc_size) != VNI_DESC_SIZE ||
		 VNI_READ_ONCE(h->node_rec_size) != VNI_NODE_REC_SIZE)
		*why = "geometry mismatch: record sizes";
	else
		return 0;
	return -VNI_EPROTO;
}

static void locate_ring(struct vni_node *n, u32 i, u32 q)
{
	struct vni_ring *p = vni_ring(n, i, q);
	const struct vni_geometry *g = &n->g;
	u8 *out = n->area + vni_pair_offset(g, n->self, i, q);
	u8 *in = n->area + vni_pair_offset(g, i, n->self, q);

	p->out_tx = (struct vni_shm_tx *)out;
	p->out_prod = (u32 *)(out + VNI_INDEX_OFFSET);
	p->out_rx = (struct vni_shm_rx *)(out + VNI_LINE_PAIR);
	p->out_cons = (const u32 *)(out + VNI_LINE_PAIR + VNI_INDEX_OFFSET);
	p->out_desc = (struct vni_shm_desc *)(out + VNI_PAIR_LINES_SIZE);
	p->in_tx = (struct vni_shm_tx *)in;
	p->in_prod = (const u32 *)(in + VNI_INDEX_OFFSET);
	p->in_rx = (struct vni_shm_rx *)(in + VNI_LINE_PAIR);
	p->in_cons = (u32 *)(in + VNI_LINE_PAIR + VNI_INDEX_OFFSET);
	p->in_desc = (struct vni_shm_desc *)(in + VNI_PAIR_LINES_SIZE);
}

static void locate_peer(struct vni_node *n, u32 i)
{
	struct vni_peer *p = &n->peer[i];
	const struct vni_geometry *g = &n->g;
	u32 q;

	p->rec = (struct vni_shm_node *)(n->area + vni_node_rec_offset(g, i));
	p->in_pool = n->area + vni_pool_offset(g, i);
	for (q = 0; q < g->nr_queues; q++)
		locate_ring(n, i, q);
}

/* Lay out vni_priv_size() bytes of zeroed memory (see there). */
static void carve_private(struct vni_node *n, void *priv)
{
	const struct vni_geometry *g = &n->g;
	u64 rings = (u64)g->nr_nodes * g->nr_queues;
	u32 *free_stack, *shadow;
	u8 *b = priv;
	u32 i, q, s;

	vni_memset(b, 0, rings * sizeof(struct vni_ring));
	for (i = 0; i < g->nr_nodes; i++)
		n->peer[i].ring = (struct vni_ring *)b + (u64)i * g->nr_queues;
	b += align8(rings * sizeof(struct vni_ring));
	free_stack = (u32 *)b;
	b += align8((u64)g->pool_slots * sizeof(u32));
	n->refcnt = (u16 *)b;
	b += align8((u64)g->pool_slots * sizeof(u16));
	shadow = (u32 *)b;
	for (i = 0; i < g->nr_nodes; i++)
		for (q = 0; q < g->nr_queues; q++)
			vni_ring(n, i, q)->shadow = shadow +
				((u64)i * g->nr_queues + q) * g->ring_entries;
	for (q = 0; q < g->nr_queues; q++) {
		struct vni_txq *t = &n->txq[q];

		t->first = q * n->queue_slots;
		t->free_stack = free_stack + t->first;
		/* Its first slot on top: used from its start, cache-friendly. */
		for (s = 0; s < n->queue_slots; s++)
			t->free_stack[s] = t->first + n->queue_slots - 1 - s;
		t->free_top = n->queue_slots;
	}
	for (s = 0; s < g->pool_slots; s++)
		n->refcnt[s] = 0;
}

/* Reset the lines this node writes, so no peer trusts their old contents. */
static void reset_own_lines(struct vni_node *n)
{
	u32 i, q;

	for (i = 0; i < n->g.nr_nodes; i++) {
		if (i == n->self)
			continue;
		for (q = 0; q < n->g.nr_queues; q++) {
			struct vni_ring *p = vni_ring(n, i, q);

			/* session 0 first, then prod (release): LAYOUT.md B3. */
			VNI_WRITE_ONCE(p->out_tx->session, 0);
			VNI_WRITE_ONCE(p->out_tx->peer_epoch, 0);
			VNI_WRITE_ONCE(p->out_tx->cons_event, VNI_EVENT_FAR);
			vni_store_release(p->out_prod, 0);
			VNI_WRITE_ONCE(p->in_rx->ack_session, 0);
			VNI_WRITE_ONCE(p->in_rx->prod_event, 0);
			vni_store_release(p->in_cons, 0);
		}
	}
}

int vni_attach(struct vni_node *n, void *area, u64 size,
	       const struct vni_geometry *g, u32 self, u32 epoch,
	       void *priv, u64 priv_size, u64 now, u64 dead_after,
	       const char **why)
{
	const char *dummy;
	int err;
	u32 i;

	if (!why)
		why = &dummy;
	err = vni_geometry_check(g, why);
	if (err)
		return err;
	if (size < vni_area_size(g)) {
		*why = "VNI area smaller than the geometry needs";
		return -VNI_ERANGE;
	}
	if (self >= g->nr_nodes) {
		*why = "node id not below nr_nodes";
		return -VNI_EINVAL;
	}
	if (!epoch) {
		*why = "epoch must be non-zero";
		return -VNI_EINVAL;
	}
	if (!priv || priv_size < vni_priv_size(g)) {
		*why = "private memory smaller than vni_priv_size()";
		return -VNI_EINVAL;
	}
	err = vni_area_check(area, g, why);
	if (err)
		return err;

	vni_memset(n, 0, sizeof(*n));
	n->g = *g;
	n->self = self;
	n->epoch = epoch;
	n->max_chain = vni_max_chain(g);
	n->queue_slots = vni_queue_slots(g);
	n->dead_after = dead_after;
	/*
	 * An alive receiver polls at least every dead_after, and so do we, so
	 * an acknowledgment that is coming is seen within two intervals.
	 */
	n->bind_timeout = dead_after > (u64)-1 / 2 ? (u64)-1 : 2 * dead_after;
	n->area = area;
	n->pool = n->area + vni_pool_offset(g, self);
	n->rec = (struct vni_shm_node *)(n->area +
					 vni_node_rec_offset(g, self));
	carve_private(n, priv);
	for (i = 0; i < g->nr_nodes; i++) {
		locate_peer(n, i);
		n->peer[i].heard_at = now;
	}

	/* INIT before the new epoch: observers tear down before rebinding. */
	vni_store_release(&n->rec->state, VNI_STATE_INIT);
	VNI_WRITE_ONCE(n->rec->epoch, epoch);
	reset_own_lines(n);
	vni_heartbeat(n);
	/* Pairs with the load-acquire of state in vni_link_poll(). */
	vni_store_release(&n->rec->state, VNI_STATE_READY);
	*why = "ok";
	return 0;
}

void vni_heartbeat(struct vni_node *n)
{
	VNI_WRITE_ONCE(n->rec->heartbeat, n->rec->heartbeat + 1);
}

void vni_start(struct vni_node *n)
{
	n->running = true;
	vni_store_release(&n->rec->state, VNI_STATE_RUN);
}

void vni_stop(struct vni_node *n)
{
	u32 i, q;

	/* Peers stop binding to us; we drop what we had acknowledged. */
	n->running = false;
	vni_store_release(&n->rec->state, VNI_STATE_READY);
	for (i = 0; i < n->g.nr_nodes; i++) {
		if (i == n->self)
			continue;
		for (q = 0; q < n->g.nr_queues; q++) {
			if (vni_ring(n, i, q)->rx_ack)
				vni_rx_unbind(n, i, q);
			if (vni_ring(n, i, q)->tx_bound)
				vni_tx_teardown(n, i, q);
		}
	}
}

void vni_detach(struct vni_node *n)
{
	vni_stop(n);
	vni_store_release(&n->rec->state, VNI_STATE_RESET);
}
