// SPDX-License-Identifier: GPL-2.0-only
/*
 * The node loop shared by the stress and crash tests. It behaves like the
 * driver will: send in batches with one kick per batch, receive with a
 * budget, and when idle re-arm, recheck and sleep until the doorbell
 * counter moves. A lost wakeup shows up as a node asleep with frames
 * pending, which is counted (and fails the test) instead of hanging.
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "stress_node.h"
#include "vni_harness.h"
#include "rx_copy.h"

#define BATCH 8
#define BUDGET 64

uint64_t stress_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

struct node_state {
	const struct stress_cfg *c;
	struct stress_shared *sh;
	struct stress_result *r;
	struct vni_node n;
	uint64_t rng;
	uint64_t sent[STRESS_MAX];
	uint64_t next[STRESS_MAX];	/* expected seq per source */
	uint32_t epoch_of[STRESS_MAX];	/* source epoch of the stream */
	uint64_t sess_of[STRESS_MAX];	/* session the last frame came on */
	uint64_t ack_seen[STRESS_MAX];	/* last non-zero session acked */
	uint64_t new_sess[STRESS_MAX];	/* sessions acked since that frame */
	uint32_t blocked;		/* destinations with a full ring */
	int pool_blocked;
	uint8_t *src;
	uint8_t *buf;
};

uint32_t stress_rnd(uint64_t *rng)
{
	*rng ^= *rng << 13;
	*rng ^= *rng >> 7;
	*rng ^= *rng << 17;
	return (uint32_t)*rng;
}

uint32_t stress_frame_size(uint64_t *rng, int big_frames)
{
	uint32_t r = stress_rnd(rng) % 100, x = stress_rnd(rng);

	if (big_frames)
		return r < 80 ? 65536 : FRAME_MIN + x % (65536 - FRAME_MIN);
	if (r < 85)
		return FRAME_MIN + x % (1514 - FRAME_MIN + 1);
	if (r < 97)
		return 1515 + x % (9018 - 1515 + 1);
	return 9019 + x % (65536 - 9019 + 1);
}

static void ring_doorbell(struct stress_shared *sh, uint32_t node)
{
	__atomic_fetch_add(&sh->doorbell[node], 1, __ATOMIC_SEQ_CST);
}

static int send_some(struct node_state *s, uint32_t dst)
{
	int done = 0;

	while (done < BATCH && (!s->c->frames || s->sent[dst] < s->c->frames)) {
		uint32_t len = stress_frame_size(&s->rng, s->c->big_frames);
		struct vni_iov iov = { s->buf, len };
		int err;

		make_frame(s->buf, s->src, s->c->self, s->c->epoch,
			   s->sent[dst], len);
		__atomic_store_n(&s->r->in_tx, 1, __ATOMIC_RELAXED);
		err = vni_tx(&s->n, dst, 0, NULL, &iov, 1);
		__atomic_store_n(&s->r->in_tx, 0, __ATOMIC_RELAXED);
		if (err == -VNI_ENOSPC) {
			s->blocked |= 1u << dst;
			break;
		}
		if (err == -VNI_ENOBUFS) {
			s->pool_blocked = 1;
			break;
		}
		if (err)	/* not connected: the link poll sorts it out */
			break;
		s->sent[dst]++;
		s->r->sent++;
		done++;
	}
	if (done && vni_tx_kick(&s->n, dst, 0))
		ring_doorbell(s->sh, dst);
	return done;
}

/*
 * Count every session we acknowledge for src. Called after each
 * vni_link_poll() (the only place a session is acknowledged) and for each
 * frame, so no session that could have carried frames goes unseen.
 */
static void note_session(struct node_state *s, uint32_t src)
{
	uint64_t ack = s->n.peer[src].ring[0].rx_ack;

	if (ack && ack != s->ack_seen[src]) {
		s->ack_seen[src] = ack;
		s->new_sess[src]++;
	}
}

/*
 * Sequence check. A sender numbers its frames to each destination from 0
 * per incarnation (epoch) and keeps counting across sessions. Within one
 * session the core must deliver exactly that sequence: no gap, no repeat,
 * no step back.
 *
 * A gap is legitimate only across a pair reset: when either side declares
 * the other dead (here: a survivor stalled longer than dead_after by the
 * host scheduler, not only the killed node), the sender takes back the
 * slots of every frame still queued and the receiver lets go of the
 * session, so those frames are dropped, like frames on an Ethernet link
 * that goes down. The stream then goes on in a new session. So a frame
 * on a session other than the last frame's may skip ahead, but only by
 * what the sessions in between could have held (one ring each), never
 * back; a new incarnation of a source we already heard starts again at 0;
 * and a frame must carry the epoch of the session it came on, so a frame
 * of an older incarnation is never accepted.
 */
static void check_received(struct node_state *s, uint32_t src, int len)
{
	uint64_t sess = s->n.peer[src].ring[0].rx_ack;
	uint64_t ring = s->n.g.ring_entries;
	struct frame_hdr h;
	uint64_t lost = 0;

	if (check_frame(s->buf, (uint32_t)len, &h) || h.src != src) {
		s->r->corrupt++;
		return;
	}
	note_session(s, src);
	if ((uint32_t)(sess >> 32) != h.epoch) {
		/* Not from the incarnation that owns the session. */
		s->r->reorder++;
	} else if (sess == s->sess_of[src]) {
		if (h.seq != s->next[src])
			s->r->reorder++;
	} else if (!s->epoch_of[src]) {
		/*
		 * First contact: the source may have sent to our previous
		 * incarnation, so its stream starts anywhere.
		 */
	} else if (h.epoch != s->epoch_of[src]) {
		/*
		 * A new incarnation: a new stream from 0. Frames it queued
		 * on sessions before this one may have been dropped.
		 */
		if (h.seq > ring * (s->new_sess[src] - 1))
			s->r->reorder++;
		else
			lost = h.seq;
	} else if (h.seq < s->next[src] ||
		   h.seq - s->next[src] > ring * s->new_sess[src]) {
		/*
		 * The last frame's session and any in between may each
		 * have dropped a ring's worth, this one nothing before h.
		 */
		s->r->reorder++;
	} else {
		lost = h.seq - s->next[src];
	}
	if (lost) {
		s->r->reset_lost += lost;
		s->r->reset_gaps++;
	}
	s->epoch_of[src] = h.epoch;
	s->sess_of[src] = sess;
	s->new_sess[src] = 0;
	s->next[src] = h.seq + 1;
	s->r->received++;
	s->r->bytes += (uint64_t)len;
	s->r->from[src]++;
	s->r->from_epoch[src] = h.epoch;
}

static int recv_some(struct node_state *s, uint32_t src)
{
	struct vni_rx_frame f;
	int done = 0, r;

	while (done < BUDGET) {
		r = vni_rx_next(&s->n, src, 0, &f);
		if (r == 0)
			break;
		if (r > 0)
			r = rx_copy(&s->n, &f, s->buf, VNI_MAX_FRAME);
		if (r > 0)
			check_received(s, src, r);
		done++;
	}
	if (done && vni_rx_kick_sender(&s->n, src, 0))
		ring_doorbell(s->sh, src);
	return done;
}

static uint64_t core_errors(const struct vni_node *n)
{
	return n->stats[0].rx_bad_index + n->stats[0].rx_bad_desc +
	       n->stats[0].tx_bad_cons;
}

static void publish(struct node_state *s)
{
	uint32_t i;

	s->r->kicks = s->n.stats[0].tx_kicks;
	s->r->doorbells = s->n.stats[0].tx_doorbells;
	s->r->rx_errors = core_errors(&s->n);
	s->r->free_slots = vni_tx_free_slots(&s->n, 0);
	for (i = 0; i < STRESS_MAX && i < s->n.g.nr_nodes; i++)
		s->r->inflight[i] = s->n.peer[i].ring[0].prod - s->n.peer[i].ring[0].reclaimed;
}

static uint64_t link_poll(struct node_state *s)
{
	uint64_t changed = vni_link_poll(&s->n, stress_now_ns());
	uint32_t i, up = 0;

	for (i = 0; i < s->n.g.nr_nodes; i++) {
		if (s->c->recv_mask & (1u << i))
			note_session(s, i);
		if (vni_peer_up(&s->n, i))
			up |= 1u << i;
		else if (changed & (1ull << i))
			s->r->link_downs++;
	}
	__atomic_store_n(&s->r->up_mask, up, __ATOMIC_RELEASE);
	publish(s);
	return changed;
}

static int sending_done(struct node_state *s)
{
	uint32_t d;

	if (!s->c->frames)
		return 0;
	for (d = 0; d < STRESS_MAX; d++) {
		if (!(s->c->send_mask & (1u << d)))
			continue;
		if (s->sent[d] < s->c->frames)
			return 0;
		/* Drained: the receiver consumed everything we queued. */
		vni_tx_reclaim(&s->n, d, 0);
		if (s->n.peer[d].ring[0].reclaimed != s->n.peer[d].ring[0].prod)
			return 0;
	}
	return 1;
}

static int receiving_done(struct node_state *s)
{
	uint32_t src;

	if (!s->c->frames)
		return 0;
	for (src = 0; src < STRESS_MAX; src++)
		if ((s->c->recv_mask & (1u << src)) &&
		    s->r->from[src] < s->c->frames)
			return 0;
	return 1;
}

/* Idle: arm every event we care about, recheck, then sleep on the doorbell. */
static void idle(struct node_state *s)
{
	uint64_t seen = __atomic_load_n(&s->sh->doorbell[s->c->self],
					__ATOMIC_SEQ_CST);
	uint64_t start;
	uint32_t i;
	int again = 0;

	for (i = 0; i < STRESS_MAX; i++) {
		if ((s->c->recv_mask & (1u << i)) && !s->c->no_consume &&
		    vni_rx_rearm(&s->n, i, 0))
			again = 1;
		if (((s->blocked & (1u << i)) ||
		     (s->pool_blocked && (s->c->send_mask & (1u << i)))) &&
		    vni_tx_arm_space(&s->n, i, 0))
			again = 1;
	}
	s->blocked = 0;
	s->pool_blocked = 0;
	if (again)
		return;
	s->r->waits++;
	start = stress_now_ns();
	while (__atomic_load_n(&s->sh->doorbell[s->c->self],
			       __ATOMIC_SEQ_CST) == seen) {
		uint64_t now = stress_now_ns();

		if (__atomic_load_n(&s->sh->stop, __ATOMIC_ACQUIRE))
			return;
		/* Keep the heartbeat going while asleep, as a timer would;
		 * a link change is an event too (the driver gets a callback). */
		if (link_poll(s))
			return;
		if (now - start > 2000000000ull) {
			for (i = 0; i < STRESS_MAX; i++)
				if ((s->c->recv_mask & (1u << i)) &&
				    !s->c->no_consume &&
				    rx_pending(&s->n, i))
					s->r->lost_wakeups++;
			return;
		}
		if (sending_done(s) && receiving_done(s))
			return;
		sched_yield();
	}
}

static int wait_links(struct node_state *s)
{
	uint32_t want = s->c->send_mask | s->c->recv_mask;
	uint64_t until = stress_now_ns() + (uint64_t)s->c->timeout_s * 1000000000ull;

	while ((s->r->up_mask & want) != want) {
		if (stress_now_ns() > until) {
			fprintf(stderr, "node %u: peers not up (mask %x of %x)\n",
				s->c->self, s->r->up_mask, want);
			return -1;
		}
		link_poll(s);
		sched_yield();
	}
	return 0;
}

static void run_loop(struct node_state *s)
{
	uint64_t iter = 0;

	while (!__atomic_load_n(&s->sh->stop, __ATOMIC_ACQUIRE)) {
		int progress = 0;
		uint32_t i;

		if ((++iter & 63) == 0)
			link_poll(s);
		for (i = 0; i < STRESS_MAX; i++) {
			if (s->c->send_mask & (1u << i))
				progress += send_some(s, i);
			if ((s->c->recv_mask & (1u << i)) && !s->c->no_consume)
				progress += recv_some(s, i);
		}
		if (sending_done(s) && receiving_done(s))
			break;
		if (!progress)
			idle(s);
	}
}

/* Everyone keeps heartbeating until every participant is done. */
static void finish(struct node_state *s)
{
	uint64_t until = stress_now_ns() + (uint64_t)s->c->timeout_s * 1000000000ull;

	__atomic_fetch_add(&s->sh->finished, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&s->sh->finished, __ATOMIC_SEQ_CST) <
	       s->c->participants && stress_now_ns() < until &&
	       !__atomic_load_n(&s->sh->stop, __ATOMIC_ACQUIRE)) {
		link_poll(s);
		sched_yield();
	}
}

int stress_node_run(const struct stress_cfg *c, void *area, uint64_t size,
		    const struct vni_geometry *g, struct stress_shared *sh)
{
	struct node_state *s = calloc(1, sizeof(*s));
	uint64_t ps = vni_priv_size(g);
	void *priv = calloc(1, ps);
	const char *why;
	int ok;

	s->c = c;
	s->sh = sh;
	s->r = &sh->res[c->self];
	s->rng = c->seed | 1;
	s->src = malloc(SRC_BYTES);
	s->buf = malloc(VNI_MAX_FRAME);
	fill_random(s->src, SRC_BYTES, 0x5eed);
	if (vni_attach(&s->n, area, size, g, c->self, c->epoch, priv, ps,
		       stress_now_ns(), c->dead_after_ns, &why)) {
		fprintf(stderr, "node %u: attach: %s\n", c->self, why);
		return -1;
	}
	vni_start(&s->n);
	if (wait_links(s) == 0) {
		run_loop(s);
		finish(s);
	} else {
		s->r->lost_wakeups++;
	}
	link_poll(s);
	ok = !s->r->corrupt && !s->r->reorder && !s->r->lost_wakeups &&
	     !s->r->rx_errors && (!c->frames ||
				  (sending_done(s) && receiving_done(s)));
	s->r->status = ok ? 1 : 2;
	vni_detach(&s->n);
	free(s->src);
	free(s->buf);
	free(priv);
	free(s);
	return ok ? 0 : -1;
}
