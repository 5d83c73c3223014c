// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the VNI core's queues: several rings per pair, each with
 * its own session and its own part of the sender's pool, so one queue's
 * traffic, fullness or corruption never reaches another.
 */
#include <stdio.h>
#include "../tap.h"
#include "vni_harness.h"
#include "rx_copy.h"
#include "../../vni/core/vni_internal.h"
#include "vni_world.h"

static struct vni_geometry qgeom(uint32_t nodes, uint32_t ring, uint32_t pool,
				 uint32_t queues)
{
	struct vni_geometry g = geom(nodes, ring, 4096, pool);

	g.nr_queues = queues;
	return g;
}

static void world_q(struct world *w, uint32_t nodes, uint32_t ring,
		    uint32_t pool, uint32_t queues)
{
	struct vni_geometry g = qgeom(nodes, ring, pool, queues);

	world_init_g(w, &g);
	world_poll(w, 3);
}

static int send_q(struct vni_node *n, uint32_t dst, uint32_t q,
		  const void *p, uint32_t len)
{
	struct vni_iov iov = { p, len };

	return vni_tx(n, dst, q, NULL, &iov, 1);
}

static int recv_q(struct vni_node *n, uint32_t src, uint32_t q, void *buf,
		  uint32_t cap)
{
	struct vni_rx_frame f;
	int r = vni_rx_next(n, src, q, &f);

	return r <= 0 ? r : rx_copy(n, &f, buf, cap);
}

static void geometry_limits_the_queues_and_gives_each_its_rings(void)
{
	struct vni_geometry g = qgeom(2, 64, 64, 0), one, four;
	const char *why;
	uint8_t *area;
	struct vni_node n;
	void *priv;
	uint64_t step;

	TAP_CHECK(vni_geometry_check(&g, &why) == -VNI_EINVAL &&
		  !strcmp(why, "nr_queues must be between 1 and 8"));
	g.nr_queues = 9;
	TAP_CHECK(vni_geometry_check(&g, &why) == -VNI_EINVAL);
	/* 64 slots in 8 parts: 8 each, short of one 17-slot frame. */
	g.nr_queues = 8;
	TAP_CHECK(vni_geometry_check(&g, &why) == -VNI_EINVAL &&
		  strstr(why, "per queue"));
	g.pool_slots = 8 * 17;
	TAP_CHECK(vni_geometry_check(&g, NULL) == 0);
	TAP_CHECK(vni_queue_slots(&g) == 17);

	one = qgeom(4, 64, 136, 1);
	four = qgeom(4, 64, 136, 4);
	step = vni_pair_offset(&four, 0, 1, 1) - vni_pair_offset(&four, 0, 1, 0);
	TAP_CHECK(step == vni_pair_offset(&one, 0, 2, 0) -
			  vni_pair_offset(&one, 0, 1, 0));
	TAP_CHECK(vni_pair_offset(&four, 0, 2, 0) ==
		  vni_pair_offset(&four, 0, 1, 3) + step);
	TAP_CHECK(vni_pair_offset(&four, 3, 3, 3) + step <=
		  vni_pool_offset(&four, 0));
	TAP_CHECK(vni_area_size(&four) > vni_area_size(&one) &&
		  vni_area_size(&four) - vni_area_size(&one) >= 3 * 16 * step);

	/* A node with another queue count refuses the area, naming why. */
	area = calloc(1, vni_area_size(&four));
	vni_format(area, vni_area_size(&four), &four);
	one = four;
	one.nr_queues = 2;
	priv = calloc(1, vni_priv_size(&one));
	TAP_CHECK(vni_attach(&n, area, vni_area_size(&four), &one, 1, 5, priv,
			     vni_priv_size(&one), 0, DEAD, &why) == -VNI_EPROTO);
	TAP_CHECK(!strcmp(why, "geometry mismatch: nr_queues"));
	free(priv);
	free(area);
}

static void frames_stay_on_their_queue_in_order(void)
{
	struct world w;
	uint8_t src[SRC_BYTES], buf[2000], out[2000];
	struct frame_hdr h;
	uint32_t q, r, pos;

	fill_random(src, sizeof(src), 7);
	world_q(&w, 2, 64, 4 * 64, 4);
	TAP_CHECK(vni_peer_up(&w.n[0], 1) && vni_peer_up(&w.n[1], 0));
	for (r = 0; r < 10; r++)
		for (q = 0; q < 4; q++) {
			make_frame(buf, src, 0, 1, q * 1000 + r, 300 + 100 * q);
			TAP_CHECK(send_q(&w.n[0], 1, q, buf, 300 + 100 * q) == 0);
		}
	for (q = 4; q-- > 0;) {
		const struct vni_ring *ring = &w.n[0].peer[1].ring[q];

		/* Queue q's slots come from its own part of the pool. */
		for (pos = 0; pos < 10; pos++)
			TAP_CHECK(ring->out_desc[pos].slot / 64 == q);
		TAP_CHECK(vni_tx_in_flight(&w.n[0], 1, q) == 10);
		for (r = 0; r < 10; r++) {
			TAP_CHECK(recv_q(&w.n[1], 0, q, out, sizeof(out)) ==
				  (int)(300 + 100 * q));
			TAP_CHECK(check_frame(out, 300 + 100 * q, &h) == 0 &&
				  h.seq == q * 1000 + r);
		}
		TAP_CHECK(recv_q(&w.n[1], 0, q, out, sizeof(out)) == 0);
		TAP_CHECK(w.n[1].stats[q].rx_frames == 10 &&
			  w.n[0].stats[q].tx_frames == 10);
	}
	world_free(&w);
}

static void a_full_queue_leaves_the_others_running(void)
{
	struct world w;
	uint8_t buf[100] = { 0 }, out[100];
	int i, sent = 0;

	world_q(&w, 2, 32, 2 * 40, 2);
	TAP_CHECK(!vni_rx_maybe_pending(&w.n[1], 0, 0) &&
		  !vni_rx_maybe_pending(&w.n[1], 0, 1));
	for (i = 0; i < 40; i++)
		if (send_q(&w.n[0], 1, 1, buf, 100) == 0)
			sent++;
	TAP_CHECK(sent == 32 && w.n[0].stats[1].tx_ring_full == 8);
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 1) == 8);
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 0) == 40);
	/* What the doorbell CPU sees: queue 1 has frames, queue 0 none. */
	TAP_CHECK(vni_rx_maybe_pending(&w.n[1], 0, 1) &&
		  !vni_rx_maybe_pending(&w.n[1], 0, 0));
	TAP_CHECK(send_q(&w.n[0], 1, 0, buf, 100) == 0);
	TAP_CHECK(vni_rx_maybe_pending(&w.n[1], 0, 0));
	TAP_CHECK(recv_q(&w.n[1], 0, 0, out, sizeof(out)) == 100);
	TAP_CHECK(!vni_rx_maybe_pending(&w.n[1], 0, 0));
	/* Draining queue 1 frees its ring and part of the pool again. */
	for (i = 0; i < 32; i++)
		TAP_CHECK(recv_q(&w.n[1], 0, 1, out, sizeof(out)) == 100);
	vni_rx_kick_sender(&w.n[1], 0, 1);
	TAP_CHECK(!vni_rx_maybe_pending(&w.n[1], 0, 1));
	TAP_CHECK(send_q(&w.n[0], 1, 1, buf, 100) == 0);
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 1) == 39);
	/* Out of range: refused, counted nowhere. */
	TAP_CHECK(send_q(&w.n[0], 1, 2, buf, 100) == -VNI_EINVAL);
	TAP_CHECK(recv_q(&w.n[1], 0, 2, out, sizeof(out)) == 0);
	TAP_CHECK(!vni_tx_kick(&w.n[0], 1, 2) && !vni_rx_rearm(&w.n[1], 0, 2) &&
		  !vni_rx_maybe_pending(&w.n[1], 0, 2));
	world_free(&w);
}

static void a_corrupt_index_resets_only_its_ring(void)
{
	struct world w;
	uint8_t buf[100] = { 0 }, out[100];
	struct vni_stats sum;

	world_q(&w, 2, 64, 3 * 64, 3);
	TAP_CHECK(send_q(&w.n[0], 1, 0, buf, 100) == 0);
	TAP_CHECK(send_q(&w.n[0], 1, 2, buf, 100) == 0);
	*w.n[0].peer[1].ring[2].out_prod = 1000;
	TAP_CHECK(recv_q(&w.n[1], 0, 2, out, sizeof(out)) == -VNI_EPROTO);
	TAP_CHECK(w.n[1].stats[2].rx_bad_index == 1);
	TAP_CHECK(recv_q(&w.n[1], 0, 0, out, sizeof(out)) == 100);
	vni_stats_sum(&w.n[1], &sum);
	TAP_CHECK(sum.rx_bad_index == 1 && sum.rx_frames == 1);
	/* Ring 2 is bound afresh; its slot came back; the rest never moved. */
	world_poll(&w, 4);
	TAP_CHECK(vni_peer_up(&w.n[0], 1));
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 2) == 64);
	TAP_CHECK(w.n[0].stats[0].peer_resets == 0 &&
		  w.n[1].stats[0].peer_resets == 0);
	TAP_CHECK(send_q(&w.n[0], 1, 2, buf, 100) == 0);
	TAP_CHECK(recv_q(&w.n[1], 0, 2, out, sizeof(out)) == 100);
	world_free(&w);
}

static void the_peer_is_up_only_with_every_queue_acknowledged(void)
{
	struct world w;
	uint8_t buf[100] = { 0 }, out[100];

	world_q(&w, 2, 64, 2 * 64, 2);
	TAP_CHECK(vni_peer_up(&w.n[0], 1));
	/* Node 1 lets go of ring 1 alone (as a bad index makes it). */
	vni_rx_unbind(&w.n[1], 0, 1);
	w.now++;
	vni_link_poll(&w.n[0], w.now);
	TAP_CHECK(!vni_peer_up(&w.n[0], 1));
	TAP_CHECK(send_q(&w.n[0], 1, 1, buf, 100) == -VNI_ENOTCONN);
	TAP_CHECK(send_q(&w.n[0], 1, 0, buf, 100) == 0);
	TAP_CHECK(recv_q(&w.n[1], 0, 0, out, sizeof(out)) == 100);
	world_poll(&w, 3);
	TAP_CHECK(vni_peer_up(&w.n[0], 1));
	TAP_CHECK(send_q(&w.n[0], 1, 1, buf, 100) == 0);
	TAP_CHECK(recv_q(&w.n[1], 0, 1, out, sizeof(out)) == 100);
	world_free(&w);
}

static void broadcast_goes_on_queue_zero(void)
{
	struct world w;
	uint8_t buf[100] = { 0 }, out[100];
	struct vni_iov iov = { buf, sizeof(buf) };

	world_q(&w, 3, 64, 2 * 64, 2);
	TAP_CHECK(vni_tx_broadcast(&w.n[0], NULL, &iov, 1) == 2);
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 0) == 63);
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 1) == 64);
	TAP_CHECK(recv_q(&w.n[1], 0, 1, out, sizeof(out)) == 0);
	TAP_CHECK(recv_q(&w.n[2], 0, 1, out, sizeof(out)) == 0);
	TAP_CHECK(recv_q(&w.n[1], 0, 0, out, sizeof(out)) == 100);
	TAP_CHECK(recv_q(&w.n[2], 0, 0, out, sizeof(out)) == 100);
	world_free(&w);
}

static void a_restarted_peer_gives_back_every_queues_slots(void)
{
	struct world w;
	uint8_t buf[5000] = { 0 };
	uint32_t q;

	world_q(&w, 2, 64, 4 * 32, 4);
	for (q = 0; q < 4; q++)
		TAP_CHECK(send_q(&w.n[0], 1, q, buf, sizeof(buf)) == 0);
	for (q = 0; q < 4; q++)
		TAP_CHECK(vni_tx_free_slots(&w.n[0], q) == 30);
	/* Node 1 comes back as a new incarnation, nothing consumed. */
	vni_detach(&w.n[1]);
	memset(w.priv[1], 0, vni_priv_size(&w.g));
	TAP_CHECK(vni_attach(&w.n[1], w.area, vni_area_size(&w.g), &w.g, 1,
			     999, w.priv[1], vni_priv_size(&w.g), w.now, DEAD,
			     NULL) == 0);
	vni_start(&w.n[1]);
	world_poll(&w, 4);
	TAP_CHECK(vni_peer_up(&w.n[0], 1));
	for (q = 0; q < 4; q++) {
		TAP_CHECK(vni_tx_free_slots(&w.n[0], q) == 32);
		TAP_CHECK(vni_tx_in_flight(&w.n[0], 1, q) == 0);
	}
	world_free(&w);
}

int main(void)
{
	TAP_RUN(geometry_limits_the_queues_and_gives_each_its_rings);
	TAP_RUN(frames_stay_on_their_queue_in_order);
	TAP_RUN(a_full_queue_leaves_the_others_running);
	TAP_RUN(a_corrupt_index_resets_only_its_ring);
	TAP_RUN(the_peer_is_up_only_with_every_queue_acknowledged);
	TAP_RUN(broadcast_goes_on_queue_zero);
	TAP_RUN(a_restarted_peer_gives_back_every_queues_slots);
	return tap_done();
}
