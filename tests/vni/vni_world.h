/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A world for the single-threaded VNI core tests: one area in ordinary
 * memory, up to four attached nodes, and time as a counter the tests
 * advance. Include after tap.h, vni_harness.h and rx_copy.h.
 */
#ifndef VNI_TEST_WORLD_H
#define VNI_TEST_WORLD_H

#define DEAD 100u
/* vni_attach() sets the bind timeout to twice dead_after. */
#define BIND_TIMEOUT (2u * DEAD)

struct world {
	struct vni_geometry g;
	uint8_t *area;
	struct vni_node n[4];
	void *priv[4];
	uint32_t epoch[4];
	uint64_t now;
};

static inline void world_init_g(struct world *w, const struct vni_geometry *g)
{
	uint32_t i, nodes = g->nr_nodes;

	memset(w, 0, sizeof(*w));
	w->g = *g;
	w->area = malloc(vni_area_size(&w->g));
	vni_format(w->area, vni_area_size(&w->g), &w->g);
	for (i = 0; i < nodes; i++) {
		w->epoch[i] = 100 + i;
		TAP_CHECK(attach_node(&w->n[i], w->area, &w->g, i,
				      w->epoch[i], 0, DEAD, &w->priv[i]) == 0);
		vni_start(&w->n[i]);
	}
}

static inline void world_init(struct world *w, uint32_t nodes, uint32_t ring,
			      uint32_t slot, uint32_t pool)
{
	struct vni_geometry g = geom(nodes, ring, slot, pool);

	world_init_g(w, &g);
}

static inline void world_poll(struct world *w, int rounds)
{
	for (; rounds > 0; rounds--) {
		w->now++;
		for (uint32_t i = 0; i < w->g.nr_nodes; i++)
			if (w->priv[i])
				vni_link_poll(&w->n[i], w->now);
	}
}

static inline void world_free(struct world *w)
{
	for (uint32_t i = 0; i < 4; i++)
		free(w->priv[i]);
	free(w->area);
}

static inline int send_bytes(struct vni_node *n, uint32_t dst, const void *p,
		      uint32_t len)
{
	struct vni_iov iov = { p, len };

	return vni_tx(n, dst, 0, NULL, &iov, 1);
}

static inline int recv_bytes(struct vni_node *n, uint32_t src, void *buf,
		      uint32_t cap)
{
	struct vni_rx_frame f;
	int r = vni_rx_next(n, src, 0, &f);

	if (r <= 0)
		return r;
	return rx_copy(n, &f, buf, cap);
}

#endif
