// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for every VNI core operation, single-threaded over one area
 * in ordinary memory; time is a plain counter the tests advance.
 */
#include <stdio.h>
#include "../tap.h"
#include "vni_harness.h"
#include "rx_copy.h"
#include "../../vni/core/vni_internal.h"

#include "vni_world.h"

static void geometry_check_rejects_each_bad_field(void)
{
	struct vni_geometry ok = geom(2, 512, 4096, 2048), g;
	const char *why;

	TAP_CHECK(vni_geometry_check(&ok, &why) == 0);
	g = ok; g.nr_nodes = 0;
	TAP_CHECK(vni_geometry_check(&g, &why) < 0 && strstr(why, "nr_nodes"));
	g = ok; g.nr_nodes = 65;
	TAP_CHECK(vni_geometry_check(&g, &why) < 0 && strstr(why, "nr_nodes"));
	g = ok; g.ring_entries = 500;
	TAP_CHECK(vni_geometry_check(&g, &why) < 0 && strstr(why, "ring"));
	g = ok; g.slot_size = 3000;
	TAP_CHECK(vni_geometry_check(&g, &why) < 0 && strstr(why, "slot_size"));
	g = ok; g.pool_slots = 0;
	TAP_CHECK(vni_geometry_check(&g, &why) < 0 && strstr(why, "pool"));
	g = ok; g.slot_size = 256; g.ring_entries = 128;
	TAP_CHECK(vni_geometry_check(&g, &why) < 0 && strstr(why, "maximum"));
	g = ok; g.pool_slots = 16;
	TAP_CHECK(vni_geometry_check(&g, &why) < 0 && strstr(why, "maximum"));
	TAP_CHECK(vni_area_size(&g) == 0);
	TAP_CHECK(vni_geometry_check(NULL, &why) < 0);
}

static void area_size_covers_every_part(void)
{
	struct vni_geometry g = geom(64, 512, 4096, 2048);
	uint64_t end_pair = vni_pair_offset(&g, 63, 63, 0) + 2 * 128 + 512 * 32;

	TAP_CHECK(vni_pool_offset(&g, 0) >= end_pair);
	TAP_CHECK(vni_area_size(&g) == vni_pool_offset(&g, 63) +
		  2048ull * 4096);
	TAP_CHECK(vni_node_rec_offset(&g, 63) + 128 <= vni_pair_offset(&g, 0, 0, 0));
	TAP_CHECK(vni_pair_offset(&g, 0, 1, 0) % 128 == 0);
	TAP_CHECK(vni_pool_offset(&g, 1) % 4096 == 0);
	TAP_CHECK(vni_max_chain(&g) == 17);
}

static void attach_refuses_mismatch_and_writes_nothing(void)
{
	struct vni_geometry g = geom(2, 64, 4096, 64), other;
	uint64_t size = vni_area_size(&g);
	uint8_t *area = calloc(1, size), *copy = malloc(size);
	void *priv = calloc(1, vni_priv_size(&g));
	struct vni_node n;
	const char *why;

	TAP_CHECK(vni_attach(&n, area, size, &g, 0, 1, priv,
			     vni_priv_size(&g), 0, DEAD, &why) < 0);
	TAP_CHECK(strstr(why, "magic") != NULL);
	TAP_CHECK(vni_format(area, size, &g) == 0);
	memcpy(copy, area, size);
	other = g; other.ring_entries = 128;
	TAP_CHECK(vni_attach(&n, area, size, &other, 0, 1, priv,
			     vni_priv_size(&g), 0, DEAD, &why) < 0);
	other = g; other.pool_slots = 63;
	TAP_CHECK(vni_attach(&n, area, size, &other, 0, 1, priv,
			     vni_priv_size(&other), 0, DEAD, &why) < 0);
	TAP_CHECK(strstr(why, "pool_slots") != NULL);
	TAP_CHECK(vni_attach(&n, area, size - 1, &g, 0, 1, priv,
			     vni_priv_size(&g), 0, DEAD, &why) < 0);
	TAP_CHECK(vni_attach(&n, area, size, &g, 2, 1, priv,
			     vni_priv_size(&g), 0, DEAD, &why) < 0);
	TAP_CHECK(vni_attach(&n, area, size, &g, 0, 0, priv,
			     vni_priv_size(&g), 0, DEAD, &why) < 0);
	TAP_CHECK(memcmp(copy, area, size) == 0);
	TAP_CHECK(vni_attach(&n, area, size, &g, 1, 7, priv,
			     vni_priv_size(&g), 0, DEAD, &why) == 0);
	TAP_CHECK(n.rec->state == VNI_STATE_READY && n.rec->epoch == 7);
	free(area); free(copy); free(priv);
}

static void handshake_brings_both_directions_up(void)
{
	struct world w;

	world_init(&w, 2, 64, 4096, 64);
	TAP_CHECK(!vni_peer_up(&w.n[0], 1));
	TAP_CHECK(send_bytes(&w.n[0], 1, "x", 1) == -VNI_ENOTCONN);
	world_poll(&w, 3);
	TAP_CHECK(vni_peer_up(&w.n[0], 1) && vni_peer_up(&w.n[1], 0));
	TAP_CHECK(!vni_peer_up(&w.n[0], 0) && !vni_peer_up(&w.n[0], 9));
	world_free(&w);
}

static void frame_round_trips_with_content_intact(void)
{
	struct world w;
	uint8_t src[SRC_BYTES], buf[2000], out[2000];
	struct frame_hdr h;

	fill_random(src, sizeof(src), 1);
	world_init(&w, 2, 64, 4096, 64);
	world_poll(&w, 3);
	make_frame(buf, src, 0, 1, 42, 1500);
	TAP_CHECK(send_bytes(&w.n[0], 1, buf, 1500) == 0);
	TAP_CHECK(rx_pending(&w.n[1], 0));
	TAP_CHECK(recv_bytes(&w.n[1], 0, out, sizeof(out)) == 1500);
	TAP_CHECK(check_frame(out, 1500, &h) == 0 && h.seq == 42);
	TAP_CHECK(memcmp(buf, out, 1500) == 0);
	TAP_CHECK(w.n[1].stats[0].rx_frames == 1 && w.n[0].stats[0].tx_frames == 1);
	world_free(&w);
}

static void empty_ring_yields_nothing(void)
{
	struct world w;
	uint8_t out[64];

	world_init(&w, 2, 64, 4096, 64);
	world_poll(&w, 3);
	TAP_CHECK(recv_bytes(&w.n[1], 0, out, sizeof(out)) == 0);
	TAP_CHECK(!rx_pending(&w.n[1], 0));
	TAP_CHECK(recv_bytes(&w.n[1], 1, out, sizeof(out)) == 0);
	world_free(&w);
}

static void full_ring_refuses_then_accepts_after_consume(void)
{
	struct world w;
	uint8_t buf[100] = { 0 }, out[100];
	int i, sent = 0;

	world_init(&w, 2, 32, 4096, 64);
	world_poll(&w, 3);
	for (i = 0; i < 40; i++)
		if (send_bytes(&w.n[0], 1, buf, 100) == 0)
			sent++;
	TAP_CHECK(sent == 32);
	TAP_CHECK(w.n[0].stats[0].tx_ring_full == 8);
	TAP_CHECK(recv_bytes(&w.n[1], 0, out, sizeof(out)) == 100);
	/* Mid-window the consumer index is published at the batch end. */
	TAP_CHECK(send_bytes(&w.n[0], 1, buf, 100) == -VNI_ENOSPC);
	vni_rx_kick_sender(&w.n[1], 0, 0);
	TAP_CHECK(send_bytes(&w.n[0], 1, buf, 100) == 0);
	TAP_CHECK(send_bytes(&w.n[0], 1, buf, 100) == -VNI_ENOSPC);
	world_free(&w);
}

static void empty_pool_refuses_with_enobufs(void)
{
	struct world w;
	static uint8_t big[65536];

	/* pool of 20 slots: one 64 KiB frame (16 slots) fits, two do not */
	world_init(&w, 2, 64, 4096, 20);
	world_poll(&w, 3);
	TAP_CHECK(send_bytes(&w.n[0], 1, big, sizeof(big)) == 0);
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 0) == 4);
	TAP_CHECK(send_bytes(&w.n[0], 1, big, sizeof(big)) == -VNI_ENOBUFS);
	TAP_CHECK(w.n[0].stats[0].tx_pool_empty == 1);
	world_free(&w);
}

static void indices_wrap_and_order_holds(void)
{
	struct world w;
	uint8_t src[SRC_BYTES], buf[3000], out[3000];
	uint64_t seq, next = 0;
	int bad = 0;

	fill_random(src, sizeof(src), 2);
	world_init(&w, 2, 32, 4096, 32);
	world_poll(&w, 3);
	/* 1000 frames through a 32-entry ring: the index wraps 30 times. */
	for (seq = 0; seq < 1000; seq++) {
		uint32_t len = 60 + (uint32_t)(seq * 37 % 2900);

		make_frame(buf, src, 0, 1, seq, len);
		if (send_bytes(&w.n[0], 1, buf, len))
			bad++;
		if (seq % 3 == 2)
			while (recv_bytes(&w.n[1], 0, out, sizeof(out)) > 0)
				next++;
		if (seq % 3 == 2 && next != seq + 1)
			bad++;
	}
	while (recv_bytes(&w.n[1], 0, out, sizeof(out)) > 0)
		next++;
	TAP_CHECK(bad == 0);
	TAP_CHECK(next == 1000);
	/* Reclaim is lazy; it frees everything the receiver consumed. */
	vni_tx_reclaim(&w.n[0], 1, 0);
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 0) == 32);
	TAP_CHECK(w.n[0].peer[1].ring[0].prod == 1000);
	world_free(&w);
}

static void order_and_checksum_over_wrap(void)
{
	struct world w;
	uint8_t src[SRC_BYTES], buf[3000], out[3000];
	struct frame_hdr h;
	uint64_t seq, next = 0;
	int bad = 0, r;

	fill_random(src, sizeof(src), 3);
	world_init(&w, 2, 32, 4096, 32);
	world_poll(&w, 3);
	for (seq = 0; seq < 500; seq++) {
		uint32_t len = 60 + (uint32_t)(seq * 53 % 2900);

		make_frame(buf, src, 0, 1, seq, len);
		if (send_bytes(&w.n[0], 1, buf, len))
			bad++;
		while ((r = recv_bytes(&w.n[1], 0, out, sizeof(out))) > 0) {
			if (check_frame(out, (uint32_t)r, &h) || h.seq != next)
				bad++;
			next++;
		}
	}
	TAP_CHECK(bad == 0 && next == 500);
	world_free(&w);
}

static void max_frame_travels_as_a_chain(void)
{
	struct world w;
	static uint8_t src[SRC_BYTES], buf[VNI_MAX_FRAME], out[VNI_MAX_FRAME];
	struct vni_rx_frame f;
	struct frame_hdr h;
	const void *seg;
	uint32_t len, segs = 0, total = 0;

	fill_random(src, sizeof(src), 4);
	world_init(&w, 2, 64, 4096, 64);
	world_poll(&w, 3);
	make_frame(buf, src, 0, 1, 9, VNI_MAX_FRAME);
	TAP_CHECK(send_bytes(&w.n[0], 1, buf, VNI_MAX_FRAME) == 0);
	TAP_CHECK(w.n[0].peer[1].ring[0].prod == 17);
	TAP_CHECK(vni_rx_next(&w.n[1], 0, 0, &f) == 1);
	TAP_CHECK(f.nr_segs == 17 && f.frame_len == VNI_MAX_FRAME);
	while (vni_rx_seg(&w.n[1], &f, &seg, &len) == 1) {
		memcpy(out + total, seg, len);
		total += len;
		segs++;
	}
	vni_rx_done(&w.n[1], &f);
	TAP_CHECK(segs == 17 && total == VNI_MAX_FRAME);
	TAP_CHECK(check_frame(out, total, &h) == 0 && h.seq == 9);
	TAP_CHECK(send_bytes(&w.n[0], 1, buf, VNI_MAX_FRAME + 1) ==
		  -VNI_EMSGSIZE);
	world_free(&w);
}

static void gather_list_and_offload_metadata_arrive(void)
{
	struct world w;
	uint8_t a[5000], b[3000], out[8000];
	struct vni_meta m = { VNI_DESC_CSUM_PARTIAL, 34, 16, 1448,
			      VNI_GSO_TCPV4 };
	struct vni_iov iov[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	struct vni_rx_frame f;

	fill_random(a, sizeof(a), 5);
	fill_random(b, sizeof(b), 6);
	world_init(&w, 2, 64, 4096, 64);
	world_poll(&w, 3);
	TAP_CHECK(vni_tx(&w.n[0], 1, 0, &m, iov, 2) == 0);
	TAP_CHECK(vni_rx_next(&w.n[1], 0, 0, &f) == 1);
	TAP_CHECK(f.meta.flags == VNI_DESC_CSUM_PARTIAL &&
		  f.meta.csum_start == 34 && f.meta.csum_offset == 16 &&
		  f.meta.gso_size == 1448 && f.meta.gso_type == VNI_GSO_TCPV4);
	TAP_CHECK(rx_copy(&w.n[1], &f, out, sizeof(out)) == 8000);
	TAP_CHECK(!memcmp(out, a, 5000) && !memcmp(out + 5000, b, 3000));
	world_free(&w);
}

static void broadcast_reaches_live_peers_and_drops_full_or_dead(void)
{
	struct world w;
	uint8_t buf[200], out[200];
	int i;

	memset(buf, 0xab, sizeof(buf));
	world_init(&w, 4, 32, 4096, 64);
	world_poll(&w, 3);
	/*
	 * Fill what node 2 may hold so the broadcast finds it full: its
	 * share of the 64-slot pool, a third (3 peers).
	 */
	for (i = 0; i < 21; i++)
		TAP_CHECK(send_bytes(&w.n[0], 2, buf, 100) == 0);
	TAP_CHECK(send_bytes(&w.n[0], 2, buf, 100) == -VNI_ENOSPC);
	/* Node 3 dies: its heartbeat stops. */
	free(w.priv[3]);
	w.priv[3] = NULL;
	world_poll(&w, DEAD + 1);
	TAP_CHECK(!vni_peer_up(&w.n[0], 3));
	TAP_CHECK(vni_tx_broadcast(&w.n[0], NULL,
				   &(struct vni_iov){ buf, 150 }, 1) == 1);
	TAP_CHECK(w.n[0].stats[0].tx_bcast_drops == 2);
	TAP_CHECK(recv_bytes(&w.n[1], 0, out, sizeof(out)) == 150);
	world_free(&w);
}

static void broadcast_slot_freed_after_last_receiver(void)
{
	struct world w;
	uint8_t buf[3000] = { 1 }, out[3000];

	world_init(&w, 3, 32, 4096, 64);
	world_poll(&w, 3);
	TAP_CHECK(vni_tx_broadcast(&w.n[0], NULL,
				   &(struct vni_iov){ buf, 3000 }, 1) == 2);
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 0) == 63);
	TAP_CHECK(recv_bytes(&w.n[1], 0, out, sizeof(out)) == 3000);
	vni_tx_reclaim(&w.n[0], 1, 0);
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 0) == 63);
	TAP_CHECK(recv_bytes(&w.n[2], 0, out, sizeof(out)) == 3000);
	vni_tx_reclaim(&w.n[0], 2, 0);
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 0) == 64);
	TAP_CHECK(!memcmp(out, buf, 3000));
	world_free(&w);
}

static void broadcast_slots_outlive_one_receivers_death(void)
{
	struct world w;
	static uint8_t buf[20000], out[20000];
	int i;

	fill_random(buf, sizeof(buf), 8);
	world_init(&w, 3, 32, 4096, 64);
	world_poll(&w, 3);
	/* A 5-slot chain referenced by both rings. */
	TAP_CHECK(vni_tx_broadcast(&w.n[0], NULL,
				   &(struct vni_iov){ buf, 20000 }, 1) == 2);
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 0) == 59);
	/* Node 2 dies with the frame queued: its reference goes ... */
	free(w.priv[2]);
	w.priv[2] = NULL;
	for (i = 0; i < (int)DEAD + 2; i++) {
		vni_link_poll(&w.n[0], ++w.now);
		vni_link_poll(&w.n[1], w.now);
	}
	TAP_CHECK(!vni_peer_up(&w.n[0], 2));
	/* ... but node 1 still reads intact bytes from the same slots. */
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 0) == 59);
	TAP_CHECK(recv_bytes(&w.n[1], 0, out, sizeof(out)) == 20000);
	TAP_CHECK(!memcmp(out, buf, 20000));
	vni_rx_kick_sender(&w.n[1], 0, 0);
	vni_tx_reclaim(&w.n[0], 1, 0);
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 0) == 64);
	world_free(&w);
}

static void doorbell_only_when_receiver_rearmed(void)
{
	struct world w;
	uint8_t buf[64] = { 0 }, out[64];

	world_init(&w, 2, 64, 4096, 64);
	world_poll(&w, 3);
	/* A fresh receiver is idle: the first frame needs a doorbell. */
	send_bytes(&w.n[0], 1, buf, 64);
	TAP_CHECK(vni_tx_kick(&w.n[0], 1, 0));
	/* Until it re-arms, further frames need none. */
	send_bytes(&w.n[0], 1, buf, 64);
	TAP_CHECK(!vni_tx_kick(&w.n[0], 1, 0));
	send_bytes(&w.n[0], 1, buf, 64);
	send_bytes(&w.n[0], 1, buf, 64);
	TAP_CHECK(!vni_tx_kick(&w.n[0], 1, 0));
	while (recv_bytes(&w.n[1], 0, out, sizeof(out)) > 0)
		;
	TAP_CHECK(!vni_rx_rearm(&w.n[1], 0, 0));
	send_bytes(&w.n[0], 1, buf, 64);
	send_bytes(&w.n[0], 1, buf, 64);
	TAP_CHECK(vni_tx_kick(&w.n[0], 1, 0));
	TAP_CHECK(!vni_tx_kick(&w.n[0], 1, 0));
	TAP_CHECK(w.n[0].stats[0].tx_doorbells == 2);
	world_free(&w);
}

static void rearm_recheck_catches_frame_published_meanwhile(void)
{
	struct world w;
	uint8_t buf[64] = { 0 }, out[64];

	world_init(&w, 2, 64, 4096, 64);
	world_poll(&w, 3);
	send_bytes(&w.n[0], 1, buf, 64);
	vni_tx_kick(&w.n[0], 1, 0);
	recv_bytes(&w.n[1], 0, out, sizeof(out));
	/* Sender publishes before the receiver's re-arm: the recheck sees it
	 * (and the sender skips the doorbell, which is then not needed). */
	send_bytes(&w.n[0], 1, buf, 64);
	TAP_CHECK(!vni_tx_kick(&w.n[0], 1, 0));
	TAP_CHECK(vni_rx_rearm(&w.n[1], 0, 0));
	world_free(&w);
}

static void sender_hears_when_full_ring_drains(void)
{
	struct world w;
	uint8_t buf[64] = { 0 }, out[64];
	int i;

	world_init(&w, 2, 32, 4096, 64);
	world_poll(&w, 3);
	for (i = 0; i < 32; i++)
		send_bytes(&w.n[0], 1, buf, 64);
	TAP_CHECK(send_bytes(&w.n[0], 1, buf, 64) == -VNI_ENOSPC);
	TAP_CHECK(!vni_tx_arm_space(&w.n[0], 1, 0));
	/* The receiver consumes one frame: the sender asked to hear. */
	recv_bytes(&w.n[1], 0, out, sizeof(out));
	TAP_CHECK(vni_rx_kick_sender(&w.n[1], 0, 0));
	recv_bytes(&w.n[1], 0, out, sizeof(out));
	TAP_CHECK(!vni_rx_kick_sender(&w.n[1], 0, 0));
	TAP_CHECK(send_bytes(&w.n[0], 1, buf, 64) == 0);
	world_free(&w);
}

/*
 * A peer that does not consume holds at most its share of the pool, so the
 * others still get through (3 nodes, ring and pool of 64).
 */
static void busy_peer_leaves_the_others_their_share(void)
{
	struct world w;
	uint8_t buf[100] = { 0 }, out[100];
	int i, sent = 0;

	world_init(&w, 3, 64, 4096, 64);
	world_poll(&w, 3);
	for (i = 0; i < 64; i++)
		if (send_bytes(&w.n[0], 1, buf, sizeof(buf)) == 0)
			sent++;
	TAP_CHECK(sent == 32);
	TAP_CHECK(vni_tx_in_flight(&w.n[0], 1, 0) == 32);
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 0) == 32);
	for (i = 0; i < 20; i++) {
		TAP_CHECK(send_bytes(&w.n[0], 2, buf, sizeof(buf)) == 0);
		TAP_CHECK(recv_bytes(&w.n[2], 0, out, sizeof(out)) == 100);
		vni_rx_kick_sender(&w.n[2], 0, 0);
	}
	/* The busy peer consumes again: room for it by the same rule. */
	TAP_CHECK(recv_bytes(&w.n[1], 0, out, sizeof(out)) == 100);
	vni_rx_kick_sender(&w.n[1], 0, 0);
	TAP_CHECK(send_bytes(&w.n[0], 1, buf, sizeof(buf)) == 0);
	world_free(&w);
}

/*
 * A stopped queue is woken by the state: room in the ring and the pool,
 * even when that room was made by another path (or peer) than the wake.
 */
static void wake_follows_room_not_progress(void)
{
	struct world w;
	static uint8_t big[65535];

	/* 3 nodes, pool of 40: a 64 KiB frame takes 16, a share is 20. */
	world_init(&w, 3, 64, 4096, 40);
	world_poll(&w, 3);
	TAP_CHECK(send_bytes(&w.n[0], 2, big, sizeof(big)) == 0);
	TAP_CHECK(send_bytes(&w.n[0], 1, big, sizeof(big)) == 0);
	TAP_CHECK(send_bytes(&w.n[0], 1, big, sizeof(big)) == -VNI_ENOSPC);
	TAP_CHECK(!vni_tx_arm_space(&w.n[0], 1, 0));
	/* Both peers consume; another path reclaims before the wake runs. */
	TAP_CHECK(recv_bytes(&w.n[1], 0, big, sizeof(big)) == sizeof(big));
	vni_rx_kick_sender(&w.n[1], 0, 0);
	TAP_CHECK(recv_bytes(&w.n[2], 0, big, sizeof(big)) == sizeof(big));
	vni_rx_kick_sender(&w.n[2], 0, 0);
	vni_tx_reclaim(&w.n[0], 1, 0);
	vni_tx_reclaim(&w.n[0], 2, 0);
	/* No progress left for the wake itself to make: it still wakes. */
	TAP_CHECK(vni_tx_arm_space(&w.n[0], 1, 0));
	TAP_CHECK(send_bytes(&w.n[0], 1, big, sizeof(big)) == 0);
	world_free(&w);
}

static void restart_with_new_epoch_resets_pair_and_reclaims(void)
{
	struct world w;
	uint8_t buf[5000] = { 0 }, out[5000];
	int i;

	world_init(&w, 2, 64, 4096, 64);
	world_poll(&w, 3);
	for (i = 0; i < 10; i++)
		send_bytes(&w.n[0], 1, buf, 5000);
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 0) == 44);
	/* Node 1 restarts at once (no staleness): only the epoch tells. */
	free(w.priv[1]);
	attach_node(&w.n[1], w.area, &w.g, 1, 555, w.now, DEAD, &w.priv[1]);
	vni_start(&w.n[1]);
	vni_link_poll(&w.n[0], ++w.now);
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 0) == 64);
	TAP_CHECK(w.n[0].stats[0].peer_resets >= 1);
	world_poll(&w, 3);
	TAP_CHECK(vni_peer_up(&w.n[0], 1) && vni_peer_up(&w.n[1], 0));
	/* The new incarnation sees only new frames. */
	TAP_CHECK(recv_bytes(&w.n[1], 0, out, sizeof(out)) == 0);
	buf[0] = 7;
	TAP_CHECK(send_bytes(&w.n[0], 1, buf, 5000) == 0);
	TAP_CHECK(recv_bytes(&w.n[1], 0, out, sizeof(out)) == 5000);
	TAP_CHECK(out[0] == 7);
	world_free(&w);
}

static void stale_heartbeat_marks_peer_dead_and_reclaims(void)
{
	struct world w;
	uint8_t buf[100] = { 0 };
	uint64_t t;
	int i;

	world_init(&w, 2, 64, 4096, 64);
	world_poll(&w, 3);
	for (i = 0; i < 5; i++)
		send_bytes(&w.n[0], 1, buf, 100);
	/* Node 1 stops polling: alive until dead_after has passed. */
	for (t = 0; t < DEAD - 1; t++)
		TAP_CHECK(!vni_link_poll(&w.n[0], ++w.now));
	TAP_CHECK(vni_peer_up(&w.n[0], 1));
	t = 0;
	while (vni_peer_up(&w.n[0], 1) && t++ < 10)
		vni_link_poll(&w.n[0], ++w.now);
	TAP_CHECK(!vni_peer_up(&w.n[0], 1));
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 0) == 64);
	TAP_CHECK(send_bytes(&w.n[0], 1, buf, 100) == -VNI_ENOTCONN);
	/* It heartbeats again (same epoch): the pair comes back fresh. */
	world_poll(&w, 3);
	TAP_CHECK(vni_peer_up(&w.n[0], 1) && vni_peer_up(&w.n[1], 0));
	TAP_CHECK(send_bytes(&w.n[0], 1, buf, 100) == 0);
	TAP_CHECK(recv_bytes(&w.n[1], 0, buf, sizeof(buf)) == 100);
	TAP_CHECK(w.n[1].stats[0].rx_bad_index == 0 &&
		  w.n[0].stats[0].tx_bad_cons == 0);
	world_free(&w);
}

/*
 * Node 1 is stalled in the middle of a receive: nodes 0 and 2 poll on for
 * rounds, then node 0 sends b (6 slots) to node 2, which gets it intact.
 * seg gets node 2's six segment pointers into node 0's pool.
 */
static void others_go_on(struct world *w, uint32_t rounds, const uint8_t *b,
			 uint32_t len, const void **seg)
{
	static uint8_t out[6 * 4096];
	struct vni_rx_frame f;
	uint32_t nr = 0, off = 0, l;

	for (; rounds > 0; rounds--) {
		vni_link_poll(&w->n[0], ++w->now);
		vni_link_poll(&w->n[2], w->now);
	}
	TAP_CHECK(send_bytes(&w->n[0], 2, b, len) == 0);
	TAP_CHECK(vni_rx_next(&w->n[2], 0, 0, &f) == 1);
	while (nr < 6 && vni_rx_seg(&w->n[2], &f, &seg[nr], &l) == 1) {
		memcpy(out + off, seg[nr], l);
		off += l;
		nr++;
	}
	TAP_CHECK(nr == 6 && vni_rx_done(&w->n[2], &f));
	TAP_CHECK(off == len && !memcmp(out, b, len));
}

/*
 * Node 0 queues two frames to node 1, which checks the first and takes its
 * pointers, then stalls (long irq-off, host preemption) before copying.
 * declared_dead: the stall outlasts dead_after, node 0 tears the pair down
 * and reuses the very slots for a frame to node 2 (LAYOUT.md B8).
 */
static void stalled_receiver(bool declared_dead)
{
	struct world w;
	static uint8_t a1[10000], a2[10000], b[24000], out[10000];
	const void *seg1[3], *seg2[6];
	uint32_t len1[3], nr = 0, off = 0, i;
	struct vni_rx_frame f;
	bool overlap = false;

	fill_random(a1, sizeof(a1), 21);
	fill_random(a2, sizeof(a2), 22);
	fill_random(b, sizeof(b), 23);
	world_init(&w, 3, 32, 4096, 64);
	world_poll(&w, 3);
	TAP_CHECK(send_bytes(&w.n[0], 1, a1, sizeof(a1)) == 0);
	TAP_CHECK(send_bytes(&w.n[0], 1, a2, sizeof(a2)) == 0);
	TAP_CHECK(vni_rx_next(&w.n[1], 0, 0, &f) == 1);
	while (nr < 3 && vni_rx_seg(&w.n[1], &f, &seg1[nr], &len1[nr]) == 1)
		nr++;
	TAP_CHECK(nr == 3);
	others_go_on(&w, declared_dead ? DEAD + 5 : DEAD / 2, b, sizeof(b),
		     seg2);
	TAP_CHECK(vni_peer_up(&w.n[0], 1) == !declared_dead);
	/* The frame to node 2 lies in frame 1's slots exactly when torn down. */
	for (i = 0; i < 3; i++)
		overlap |= seg1[i] == seg2[i];
	TAP_CHECK(overlap == declared_dead);
	/* Node 1 wakes up, copies frame 1, then takes frame 2 (same window). */
	for (i = 0; i < nr; i++) {
		memcpy(out + off, seg1[i], len1[i]);
		off += len1[i];
	}
	TAP_CHECK(off == sizeof(a1));
	if (declared_dead) {
		/* Partly b's bytes: delivering them would be corruption. */
		TAP_CHECK(memcmp(out, a1, sizeof(a1)) != 0);
		TAP_CHECK(!vni_rx_done(&w.n[1], &f));
		TAP_CHECK(vni_rx_next(&w.n[1], 0, 0, &f) == 1);
		TAP_CHECK(rx_copy(&w.n[1], &f, out, sizeof(out)) ==
			  -VNI_ENOTCONN);
		TAP_CHECK(memcmp(out, a2, sizeof(a2)) != 0);
		TAP_CHECK(w.n[1].stats[0].rx_torn == 2 &&
			  w.n[1].stats[0].rx_frames == 0 &&
			  w.n[1].stats[0].rx_bytes == 0);
	} else {
		TAP_CHECK(!memcmp(out, a1, sizeof(a1)));
		TAP_CHECK(vni_rx_done(&w.n[1], &f));
		TAP_CHECK(vni_rx_next(&w.n[1], 0, 0, &f) == 1);
		TAP_CHECK(rx_copy(&w.n[1], &f, out, sizeof(out)) == 10000);
		TAP_CHECK(!memcmp(out, a2, sizeof(a2)));
		TAP_CHECK(w.n[1].stats[0].rx_torn == 0 &&
			  w.n[1].stats[0].rx_frames == 2);
	}
	/* Consumed either way, and nothing more to read. */
	TAP_CHECK(w.n[1].peer[0].ring[0].cons == 6);
	TAP_CHECK(vni_rx_next(&w.n[1], 0, 0, &f) == 0);
	/* Node 1 polls again: the pair (fresh if it was torn down) works. */
	world_poll(&w, 4);
	TAP_CHECK(vni_peer_up(&w.n[0], 1) && vni_peer_up(&w.n[1], 0));
	TAP_CHECK(send_bytes(&w.n[0], 1, a1, sizeof(a1)) == 0);
	TAP_CHECK(recv_bytes(&w.n[1], 0, out, sizeof(out)) == 10000);
	TAP_CHECK(!memcmp(out, a1, sizeof(a1)));
	TAP_CHECK(w.n[1].stats[0].rx_bad_index == 0 &&
		  w.n[1].stats[0].rx_bad_desc == 0 &&
		  w.n[0].stats[0].tx_bad_cons == 0);
	world_free(&w);
}

static void frame_torn_by_a_teardown_is_dropped_not_delivered(void)
{
	stalled_receiver(true);
}

static void stalled_receiver_inside_dead_after_gets_frames_intact(void)
{
	stalled_receiver(false);
}

static void stop_takes_link_down_and_start_brings_it_back(void)
{
	struct world w;
	uint8_t buf[100] = { 0 };

	world_init(&w, 2, 64, 4096, 64);
	world_poll(&w, 3);
	vni_stop(&w.n[1]);
	TAP_CHECK(w.n[1].rec->state == VNI_STATE_READY);
	world_poll(&w, 3);
	TAP_CHECK(!vni_peer_up(&w.n[0], 1) && !vni_peer_up(&w.n[1], 0));
	vni_start(&w.n[1]);
	world_poll(&w, 4);
	TAP_CHECK(vni_peer_up(&w.n[0], 1) && vni_peer_up(&w.n[1], 0));
	TAP_CHECK(send_bytes(&w.n[1], 0, buf, 100) == 0);
	vni_detach(&w.n[1]);
	TAP_CHECK(w.n[1].rec->state == VNI_STATE_RESET);
	world_free(&w);
}

/* Corrupt one descriptor field of the frame at the head of 0 -> 1. */
static int corrupt_and_receive(int field)
{
	struct world w;
	uint8_t buf[9000] = { 0 }, out[9000];
	struct vni_shm_desc *d;
	int r, got = 0, errs;

	world_init(&w, 2, 64, 4096, 64);
	world_poll(&w, 3);
	send_bytes(&w.n[0], 1, buf, 9000);	/* 3 descriptors */
	send_bytes(&w.n[0], 1, buf, 100);
	d = w.n[0].peer[1].ring[0].out_desc;
	switch (field) {
	case 0: d[0].slot = 64; break;
	case 1: d[1].slot = 0xffffffff; break;
	case 2: d[1].offset = 4000; break;
	case 3: d[2].len = 5000; break;
	case 4: d[0].nr_segs = 300; break;
	case 5: d[1].seg = 2; break;
	case 6: d[0].frame_len = 0; break;
	case 7: d[2].frame_len = 100; break;
	case 8: d[0].flags = VNI_DESC_CSUM_PARTIAL; d[0].csum_start = 9000; break;
	case 9: d[0].gso_type = 77; break;
	case 10: d[1].len = 0; break;
	/* Well-formed offload fields that are wrong for the frame. */
	case 11: d[0].gso_type = VNI_GSO_TCPV4; d[0].gso_size = 1000; break;
	case 12: d[0].flags = VNI_DESC_CSUM_PARTIAL; d[0].csum_start = 34;
		d[0].csum_offset = VNI_UDP_CHECK; d[0].gso_type = VNI_GSO_TCPV4;
		d[0].gso_size = 1000; break;
	case 13: d[0].flags = VNI_DESC_CSUM_PARTIAL; d[0].csum_start = 34;
		d[0].csum_offset = VNI_TCP_CHECK; d[0].gso_type = VNI_GSO_TCPV6;
		break;
	case 14: d[0].flags = VNI_DESC_CSUM_PARTIAL; d[0].csum_start = 34;
		d[0].csum_offset = VNI_UDP_CHECK;
		d[0].gso_type = VNI_GSO_UDP_L4 | VNI_GSO_ECN; d[0].gso_size = 1000;
		break;
	case 15: d[0].flags = VNI_DESC_CSUM_PARTIAL; d[0].csum_start = 34;
		d[0].csum_offset = VNI_UDP_CHECK; d[0].gso_type = VNI_GSO_UDP_L4;
		d[0].gso_size = 1; break;	/* 8958 segments of 1 byte */
	case 16: d[0].flags = VNI_DESC_CSUM_PARTIAL | VNI_DESC_CSUM_VALID;
		d[0].csum_start = 34; d[0].csum_offset = VNI_TCP_CHECK; break;
	case 17: d[0].flags = 0x8000; break;
	case 18: d[0].gso_size = 1448; break;	/* no type */
	case 19: d[0].gso_type = VNI_GSO_ECN; break;
	case 20: d[0].flags = VNI_DESC_CSUM_PARTIAL; d[0].csum_start = 34;
		d[0].csum_offset = VNI_TCP_CHECK; d[0].gso_type = VNI_GSO_TCPV4;
		d[0].gso_size = VNI_GSO_BY_FRAGS; break;
	case 21: d[3].frame_len = 10; d[3].len = 10; break;	/* no Ethernet header */
	}
	while ((r = recv_bytes(&w.n[1], 0, out, sizeof(out))) != 0)
		if (r > 0)
			got++;
	errs = (int)w.n[1].stats[0].rx_bad_desc;
	world_free(&w);
	/* Frame dropped and counted, the next one delivered. */
	return errs >= 1 && got >= 1 ? 0 : -1;
}

static void corrupt_descriptors_are_counted_and_dropped(void)
{
	for (int f = 0; f <= 21; f++) {
		int r = corrupt_and_receive(f);

		if (r)
			printf("# field case %d\n", f);
		TAP_CHECK(r == 0);
	}
}

static void corrupt_producer_index_resets_the_pair(void)
{
	struct world w;
	uint8_t buf[100] = { 0 }, out[100];

	world_init(&w, 2, 64, 4096, 64);
	world_poll(&w, 3);
	send_bytes(&w.n[0], 1, buf, 100);
	*w.n[0].peer[1].ring[0].out_prod = 1000;
	TAP_CHECK(recv_bytes(&w.n[1], 0, out, sizeof(out)) == -VNI_EPROTO);
	TAP_CHECK(w.n[1].stats[0].rx_bad_index == 1);
	world_poll(&w, 4);
	TAP_CHECK(vni_peer_up(&w.n[0], 1));
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 0) == 64);
	TAP_CHECK(send_bytes(&w.n[0], 1, buf, 100) == 0);
	TAP_CHECK(recv_bytes(&w.n[1], 0, out, sizeof(out)) == 100);
	world_free(&w);
}

static void corrupt_consumer_index_is_counted_not_trusted(void)
{
	struct world w;
	uint8_t buf[100] = { 0 };

	world_init(&w, 2, 64, 4096, 64);
	world_poll(&w, 3);
	send_bytes(&w.n[0], 1, buf, 100);
	*(uint32_t *)w.n[0].peer[1].ring[0].out_cons = 5000;
	vni_tx_reclaim(&w.n[0], 1, 0);
	TAP_CHECK(w.n[0].stats[0].tx_bad_cons == 1);
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 0) == 63);
	world_free(&w);
}

/* Send frames from -> to, each checked on arrival; returns the bad ones. */
static int exchange(struct world *w, uint32_t from, uint32_t to,
		    uint64_t frames, const uint8_t *src)
{
	static uint8_t buf[3000], out[3000];
	struct frame_hdr h;
	uint64_t seq;
	int bad = 0, r;

	for (seq = 0; seq < frames; seq++) {
		uint32_t len = 60 + (uint32_t)(seq * 131 % 2900);

		make_frame(buf, src, from, w->epoch[from], seq, len);
		if (send_bytes(&w->n[from], to, buf, len))
			bad++;
		r = recv_bytes(&w->n[to], from, out, sizeof(out));
		if (r != (int)len || check_frame(out, len, &h) ||
		    h.seq != seq || h.src != from || memcmp(buf, out, len))
			bad++;
	}
	vni_rx_kick_sender(&w->n[to], from, 0);
	vni_tx_reclaim(&w->n[from], to, 0);
	return bad;
}

/*
 * Node 0 binds and node 1 acknowledges in the same round; then node 1 sees
 * a corrupt producer index and lets go of the session before node 0 ever
 * looked at the ack. Node 1 never acknowledges that session again, so
 * without a bind timeout node 0 would wait forever. Returns the session.
 */
static uint64_t strand_session(struct world *w)
{
	uint8_t out[100];
	uint64_t stuck;

	world_poll(w, 1);
	stuck = w->n[0].peer[1].ring[0].tx_session;
	TAP_CHECK(stuck && w->n[0].peer[1].ring[0].tx_bound &&
		  !w->n[0].peer[1].ring[0].tx_up);
	TAP_CHECK(w->n[0].peer[1].ring[0].out_rx->ack_session == stuck);
	*w->n[0].peer[1].ring[0].out_prod = 1000;
	TAP_CHECK(recv_bytes(&w->n[1], 0, out, sizeof(out)) == -VNI_EPROTO);
	TAP_CHECK(w->n[1].stats[0].rx_bad_index == 1);
	TAP_CHECK(!w->n[1].peer[0].ring[0].rx_ack &&
		  w->n[1].peer[0].ring[0].rx_prev == stuck);
	return stuck;
}

static void dropped_session_is_rebound_after_bind_timeout(void)
{
	struct world w;
	static uint8_t src[SRC_BYTES];
	uint64_t stuck, bound_at;

	fill_random(src, sizeof(src), 10);
	world_init(&w, 2, 64, 4096, 64);
	TAP_CHECK(w.n[0].bind_timeout == BIND_TIMEOUT);
	stuck = strand_session(&w);
	bound_at = w.now;
	/* Just before the timeout: still bound to the dead session, down. */
	world_poll(&w, BIND_TIMEOUT - 1);
	TAP_CHECK(w.now - bound_at == BIND_TIMEOUT - 1);
	TAP_CHECK(w.n[0].peer[1].ring[0].tx_bound &&
		  w.n[0].peer[1].ring[0].tx_session == stuck);
	TAP_CHECK(w.n[0].peer[1].ring[0].out_rx->ack_session == 0);
	TAP_CHECK(!vni_peer_up(&w.n[0], 1));
	TAP_CHECK(vni_peer_up(&w.n[1], 0));
	TAP_CHECK(send_bytes(&w.n[0], 1, src, 100) == -VNI_ENOTCONN);
	TAP_CHECK(w.n[0].stats[0].tx_rebinds == 0);
	/* At the timeout: a fresh session, acknowledged at once. */
	world_poll(&w, 1);
	TAP_CHECK(w.n[0].stats[0].tx_rebinds == 1);
	TAP_CHECK(w.n[0].peer[1].ring[0].tx_session != stuck);
	TAP_CHECK(*w.n[0].peer[1].ring[0].out_prod == 0);
	world_poll(&w, 1);
	TAP_CHECK(vni_peer_up(&w.n[0], 1) && vni_peer_up(&w.n[1], 0));
	TAP_CHECK(exchange(&w, 0, 1, 200, src) == 0);
	TAP_CHECK(exchange(&w, 1, 0, 200, src) == 0);
	TAP_CHECK(vni_tx_free_slots(&w.n[0], 0) == 64);
	/* Up from now on: no further rebinds. */
	world_poll(&w, 5 * BIND_TIMEOUT);
	TAP_CHECK(vni_peer_up(&w.n[0], 1));
	TAP_CHECK(w.n[0].stats[0].tx_rebinds == 1 &&
		  w.n[1].stats[0].tx_rebinds == 0);
	TAP_CHECK(w.n[1].stats[0].rx_bad_index == 1 &&
		  w.n[0].stats[0].tx_bad_cons == 0);
	world_free(&w);
}

static void acknowledged_pairs_never_rebind(void)
{
	struct world w;
	static uint8_t src[SRC_BYTES];
	uint64_t session[4][4];
	uint32_t i, j, round;
	int bad = 0;

	fill_random(src, sizeof(src), 11);
	world_init(&w, 4, 64, 4096, 64);
	world_poll(&w, 3);
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			session[i][j] = w.n[i].peer[j].ring[0].tx_session;
	for (round = 0; round < 20 * BIND_TIMEOUT; round++) {
		world_poll(&w, 1);
		if (round % 50 == 0)
			bad += exchange(&w, round / 50 % 4,
					(round / 50 + 1) % 4, 3, src);
	}
	TAP_CHECK(bad == 0);
	for (i = 0; i < 4; i++) {
		TAP_CHECK(w.n[i].stats[0].tx_rebinds == 0);
		TAP_CHECK(w.n[i].stats[0].peer_resets == 0);
		for (j = 0; j < 4; j++) {
			TAP_CHECK(i == j || vni_peer_up(&w.n[i], j));
			TAP_CHECK(w.n[i].peer[j].ring[0].tx_session == session[i][j]);
		}
	}
	world_free(&w);
}

/* A receiver whose heartbeat runs but whose handshake lags behind. */
static void slow_ack_inside_the_timeout_is_not_rebound(void)
{
	struct world w;
	static uint8_t src[SRC_BYTES];
	uint64_t first, t;

	fill_random(src, sizeof(src), 12);
	world_init(&w, 2, 64, 4096, 64);
	/* Node 0 binds at now = 1; node 1 only heartbeats until the last
	 * tick before the timeout, then polls and acknowledges. */
	for (t = 1; t < BIND_TIMEOUT; t++) {
		w.now++;
		vni_link_poll(&w.n[0], w.now);
		vni_heartbeat(&w.n[1]);
	}
	first = w.n[0].peer[1].ring[0].tx_session;
	TAP_CHECK(first && vni_link_poll(&w.n[0], ++w.now) == 0);
	TAP_CHECK(w.now - 1 == BIND_TIMEOUT - 1);
	TAP_CHECK(!vni_peer_up(&w.n[0], 1));
	vni_link_poll(&w.n[1], w.now);
	/* Seen exactly at the timeout: the acknowledgement wins. */
	vni_link_poll(&w.n[0], ++w.now);
	TAP_CHECK(vni_peer_up(&w.n[0], 1));
	TAP_CHECK(w.n[0].peer[1].ring[0].tx_session == first);
	/* Then a receiver that polls just often enough to stay alive. */
	for (t = 0; t < 20 * BIND_TIMEOUT; t++) {
		w.now++;
		vni_link_poll(&w.n[0], w.now);
		if (t % (DEAD - 1) == 0)
			vni_link_poll(&w.n[1], w.now);
	}
	TAP_CHECK(vni_peer_up(&w.n[0], 1) && vni_peer_up(&w.n[1], 0));
	TAP_CHECK(w.n[0].peer[1].ring[0].tx_session == first);
	TAP_CHECK(w.n[0].stats[0].tx_rebinds == 0 &&
		  w.n[1].stats[0].tx_rebinds == 0);
	TAP_CHECK(exchange(&w, 0, 1, 100, src) == 0);
	world_free(&w);
}

/*
 * A slow receiver read our first session just before we gave up on it; its
 * acknowledgement lands after our rebind. It must move to the new session
 * on its next poll, and the pair come up without a second rebind.
 */
static void late_ack_of_the_old_session_still_comes_up(void)
{
	struct world w;
	static uint8_t src[SRC_BYTES];
	uint64_t first, t;

	fill_random(src, sizeof(src), 13);
	world_init(&w, 2, 64, 4096, 64);
	/* Node 1 looks once before node 0 binds (at now = 1), then only
	 * heartbeats. */
	vni_link_poll(&w.n[1], ++w.now);
	vni_link_poll(&w.n[0], w.now);
	for (t = 1; t < BIND_TIMEOUT; t++) {
		w.now++;
		vni_link_poll(&w.n[0], w.now);
		vni_heartbeat(&w.n[1]);
	}
	first = w.n[0].peer[1].ring[0].tx_session;
	TAP_CHECK(first && !vni_peer_up(&w.n[0], 1));
	TAP_CHECK(w.n[0].stats[0].tx_rebinds == 0);
	vni_link_poll(&w.n[0], ++w.now);
	TAP_CHECK(w.n[0].stats[0].tx_rebinds == 1);
	TAP_CHECK(w.n[0].peer[1].ring[0].tx_session != first);
	/* The late acknowledgement of the first session. */
	vni_rx_bind(&w.n[1], 0, 0, first);
	vni_link_poll(&w.n[0], ++w.now);
	TAP_CHECK(!vni_peer_up(&w.n[0], 1));
	world_poll(&w, 2);
	TAP_CHECK(vni_peer_up(&w.n[0], 1) && vni_peer_up(&w.n[1], 0));
	TAP_CHECK(exchange(&w, 0, 1, 200, src) == 0);
	TAP_CHECK(exchange(&w, 1, 0, 200, src) == 0);
	world_poll(&w, 5 * BIND_TIMEOUT);
	TAP_CHECK(vni_peer_up(&w.n[0], 1));
	TAP_CHECK(w.n[0].stats[0].tx_rebinds == 1 &&
		  w.n[1].stats[0].tx_rebinds == 0);
	TAP_CHECK(w.n[1].stats[0].rx_bad_index == 0 &&
		  w.n[0].stats[0].tx_bad_cons == 0);
	world_free(&w);
}

int main(void)
{
	TAP_RUN(geometry_check_rejects_each_bad_field);
	TAP_RUN(area_size_covers_every_part);
	TAP_RUN(attach_refuses_mismatch_and_writes_nothing);
	TAP_RUN(handshake_brings_both_directions_up);
	TAP_RUN(frame_round_trips_with_content_intact);
	TAP_RUN(empty_ring_yields_nothing);
	TAP_RUN(full_ring_refuses_then_accepts_after_consume);
	TAP_RUN(empty_pool_refuses_with_enobufs);
	TAP_RUN(indices_wrap_and_order_holds);
	TAP_RUN(order_and_checksum_over_wrap);
	TAP_RUN(max_frame_travels_as_a_chain);
	TAP_RUN(gather_list_and_offload_metadata_arrive);
	TAP_RUN(broadcast_reaches_live_peers_and_drops_full_or_dead);
	TAP_RUN(broadcast_slot_freed_after_last_receiver);
	TAP_RUN(broadcast_slots_outlive_one_receivers_death);
	TAP_RUN(doorbell_only_when_receiver_rearmed);
	TAP_RUN(rearm_recheck_catches_frame_published_meanwhile);
	TAP_RUN(sender_hears_when_full_ring_drains);
	TAP_RUN(busy_peer_leaves_the_others_their_share);
	TAP_RUN(wake_follows_room_not_progress);
	TAP_RUN(restart_with_new_epoch_resets_pair_and_reclaims);
	TAP_RUN(stale_heartbeat_marks_peer_dead_and_reclaims);
	TAP_RUN(frame_torn_by_a_teardown_is_dropped_not_delivered);
	TAP_RUN(stalled_receiver_inside_dead_after_gets_frames_intact);
	TAP_RUN(stop_takes_link_down_and_start_brings_it_back);
	TAP_RUN(corrupt_descriptors_are_counted_and_dropped);
	TAP_RUN(corrupt_producer_index_resets_the_pair);
	TAP_RUN(corrupt_consumer_index_is_counted_not_trusted);
	TAP_RUN(dropped_session_is_rebound_after_bind_timeout);
	TAP_RUN(acknowledged_pairs_never_rebind);
	TAP_RUN(slow_ack_inside_the_timeout_is_not_rebound);
	TAP_RUN(late_ack_of_the_old_session_still_comes_up);
	return tap_done();
}
