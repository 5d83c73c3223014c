// SPDX-License-Identifier: GPL-2.0-only
/*
 * A VNI node that drives each queue from threads of its own, the way the
 * driver does: per queue one TX thread (the xmit path, under the queue's
 * tx_lock) and one RX thread (its NAPI poll, under its rx_lock), each
 * calling the core for that queue only, and a control thread that runs the
 * link poll with every lock held (the driver's vni_lock_all()). Queues'
 * locks are distinct mutexes, so ThreadSanitizer orders two queues' threads
 * only through a link poll: any state the core shared between queues
 * would race here. Doorbells are per (node, queue) and direction, so a
 * lost wakeup leaves one queue's thread asleep with work pending, which is
 * counted.
 */
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "stress_mq.h"
#include "vni_harness.h"
#include "rx_copy.h"

#define BATCH 8
#define BUDGET 64
/* Also the heartbeat. Rare, so that TSan's windows between two link polls
 * (which order every queue after every other) stay wide. */
#define LINK_POLL_NS 10000000ull
#define WAKE_TIMEOUT_NS 2000000000ull
#define DRAIN_POLL_NS 1000000ull
#define SEQ_MASK ((1ull << STRESS_SEQ_QUEUE_SHIFT) - 1)

struct mq_node {
	const struct stress_cfg *c;
	struct stress_mq_shared *sh;
	struct stress_mq_node *res;
	struct vni_node n;
	uint32_t nq;
	uint64_t deadline;
	uint8_t *src;			/* read-only once the workers run */
	pthread_mutex_t tx_lock[STRESS_QUEUES];
	pthread_mutex_t rx_lock[STRESS_QUEUES];
	uint32_t inside;		/* queue threads in the core (relaxed) */
	bool watching;			/* count link downs: the run is on */
};

struct mq_worker {
	struct mq_node *m;
	struct stress_mq_queue *r;
	uint32_t q;
	uint64_t rng;
	uint64_t sent[STRESS_MAX];
	uint8_t *buf;
};

static void sleep_ns(uint64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000ull),
			       (long)(ns % 1000000000ull) };

	nanosleep(&ts, NULL);
}

/* The harness page is a shared mapping: shared futexes work for threads
 * and processes alike. */
static void bell_ring(uint32_t *bell)
{
	__atomic_fetch_add(bell, 1, __ATOMIC_SEQ_CST);
	syscall(SYS_futex, bell, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

/* Sleep until *bell moves from seen; false if it did not within ns. */
static bool bell_wait(uint32_t *bell, uint32_t seen, uint64_t ns)
{
	uint64_t end = stress_now_ns() + ns;

	while (__atomic_load_n(bell, __ATOMIC_SEQ_CST) == seen) {
		uint64_t now = stress_now_ns();
		struct timespec ts;

		if (now >= end)
			return false;
		ts.tv_sec = (time_t)((end - now) / 1000000000ull);
		ts.tv_nsec = (long)((end - now) % 1000000000ull);
		/* Returns at once if a ring already moved it from seen. */
		syscall(SYS_futex, bell, FUTEX_WAIT, seen, &ts, NULL, 0);
	}
	return true;
}

/*
 * Enter and leave the core for queue q. The counter is relaxed on purpose:
 * a stronger atomic would order the queues for TSan and hide races.
 */
static void enter(struct mq_node *m, pthread_mutex_t *lock)
{
	uint32_t now, max;

	pthread_mutex_lock(lock);
	now = __atomic_add_fetch(&m->inside, 1, __ATOMIC_RELAXED);
	max = __atomic_load_n(&m->res->max_inside, __ATOMIC_RELAXED);
	while (now > max &&
	       !__atomic_compare_exchange_n(&m->res->max_inside, &max, now,
					    false, __ATOMIC_RELAXED,
					    __ATOMIC_RELAXED))
		;
}

static void leave(struct mq_node *m, pthread_mutex_t *lock)
{
	__atomic_sub_fetch(&m->inside, 1, __ATOMIC_RELAXED);
	pthread_mutex_unlock(lock);
}

static void lock_all(struct mq_node *m)
{
	uint32_t q;

	for (q = 0; q < m->nq; q++) {
		pthread_mutex_lock(&m->rx_lock[q]);
		pthread_mutex_lock(&m->tx_lock[q]);
	}
}

static void unlock_all(struct mq_node *m)
{
	uint32_t q;

	for (q = m->nq; q-- > 0;) {
		pthread_mutex_unlock(&m->tx_lock[q]);
		pthread_mutex_unlock(&m->rx_lock[q]);
	}
}

static bool sends_to(const struct mq_node *m, uint32_t d)
{
	return d != m->c->self && (m->c->send_mask & (1u << d));
}

static bool receives_from(const struct mq_node *m, uint32_t s)
{
	return s != m->c->self && (m->c->recv_mask & (1u << s));
}

/* Up to BATCH frames to dst on our queue; *blocked gets who to arm for. */
static int tx_batch(struct mq_worker *w, uint32_t dst, uint32_t *blocked)
{
	struct mq_node *m = w->m;
	int done = 0;

	while (done < BATCH && w->sent[dst] < m->c->frames) {
		uint32_t len = stress_frame_size(&w->rng, 0);
		struct vni_iov iov = { w->buf, len };
		uint64_t seq = (uint64_t)w->q << STRESS_SEQ_QUEUE_SHIFT |
			       w->sent[dst];
		int err;

		make_frame(w->buf, m->src, m->c->self, m->c->epoch, seq, len);
		err = vni_tx(&m->n, dst, w->q, NULL, &iov, 1);
		if (err == -VNI_ENOSPC)
			*blocked |= 1u << dst;
		else if (err == -VNI_ENOBUFS)	/* the queue's pool part */
			*blocked |= m->c->send_mask;
		if (err)	/* -ENOTCONN: the link poll sorts it out */
			break;
		w->sent[dst]++;
		w->r->sent++;
		done++;
	}
	if (done && vni_tx_kick(&m->n, dst, w->q)) {
		bell_ring(&m->sh->rx_bell[dst][w->q]);
		w->r->tx_bells++;
	}
	return done;
}

static bool tx_all_sent(const struct mq_worker *w)
{
	uint32_t d;

	for (d = 0; d < STRESS_MAX; d++)
		if (sends_to(w->m, d) && w->sent[d] < w->m->c->frames)
			return false;
	return true;
}

/* Every frame sent was consumed and its slots came back. Under tx_lock. */
static bool tx_drained(struct mq_worker *w)
{
	uint32_t d;

	for (d = 0; d < STRESS_MAX; d++) {
		if (!sends_to(w->m, d))
			continue;
		vni_tx_reclaim(&w->m->n, d, w->q);
		if (vni_tx_in_flight(&w->m->n, d, w->q))
			return false;
	}
	return true;
}

/* Ask for a doorbell when room appears; true if there is room already. */
static bool tx_arm(struct mq_worker *w, uint32_t blocked)
{
	uint32_t d;
	bool room = false;

	for (d = 0; d < STRESS_MAX; d++)
		if (sends_to(w->m, d) && (blocked & (1u << d)) &&
		    vni_tx_arm_space(&w->m->n, d, w->q))
			room = true;
	return room;
}

static void *tx_main(void *p)
{
	struct mq_worker *w = p;
	struct mq_node *m = w->m;
	pthread_mutex_t *lock = &m->tx_lock[w->q];
	uint32_t *bell = &m->sh->tx_bell[m->c->self][w->q];

	while (stress_now_ns() < m->deadline) {
		uint32_t blocked = 0, d, seen;
		int progress = 0;
		bool drained, room;

		enter(m, lock);
		for (d = 0; d < STRESS_MAX; d++)
			if (sends_to(m, d))
				progress += tx_batch(w, d, &blocked);
		drained = tx_all_sent(w) && tx_drained(w);
		leave(m, lock);
		if (drained) {
			__atomic_store_n(&w->r->tx_done, 1, __ATOMIC_RELEASE);
			return NULL;
		}
		if (progress)
			continue;
		if (!blocked) {
			/* Not connected, or waiting for the last consumption:
			 * neither needs a wake-up to be correct. */
			sleep_ns(DRAIN_POLL_NS);
			continue;
		}
		seen = __atomic_load_n(bell, __ATOMIC_SEQ_CST);
		enter(m, lock);
		room = tx_arm(w, blocked);
		leave(m, lock);
		if (room)
			continue;
		w->r->tx_waits++;
		if (bell_wait(bell, seen, WAKE_TIMEOUT_NS))
			continue;
		/* Room appeared and nobody rang: a lost wake-up. */
		enter(m, lock);
		room = tx_arm(w, blocked);
		leave(m, lock);
		if (room)
			w->r->lost_wakeups++;
	}
	w->r->stuck++;
	return NULL;
}

/*
 * Within one (src, dst, queue) the core must deliver exactly the sequence
 * sent: no session changes in this case, so no gap is legitimate.
 */
static void rx_check(struct mq_worker *w, uint32_t src, int len)
{
	const struct vni_ring *ring = &w->m->n.peer[src].ring[w->q];
	struct stress_mq_queue *r = w->r;
	struct frame_hdr h;
	uint64_t seq;

	if (check_frame(w->buf, (uint32_t)len, &h) || h.src != src ||
	    h.epoch != (uint32_t)(ring->rx_ack >> 32)) {
		r->corrupt++;
		return;
	}
	if (h.seq >> STRESS_SEQ_QUEUE_SHIFT != w->q) {
		r->wrong_queue++;
		return;
	}
	seq = h.seq & SEQ_MASK;
	if (seq != r->next[src])
		r->reorder++;
	r->next[src] = seq + 1;
	r->received++;
	r->bytes += (uint64_t)len;
}

static int rx_batch(struct mq_worker *w, uint32_t src)
{
	struct mq_node *m = w->m;
	struct vni_rx_frame f;
	int done = 0, r;

	while (done < BUDGET) {
		r = vni_rx_next(&m->n, src, w->q, &f);
		if (r == 0)
			break;
		if (r > 0)
			r = rx_copy(&m->n, &f, w->buf, VNI_MAX_FRAME);
		if (r > 0)
			rx_check(w, src, r);
		else
			w->r->corrupt++;
		done++;
	}
	if (done && vni_rx_kick_sender(&m->n, src, w->q)) {
		bell_ring(&m->sh->tx_bell[src][w->q]);
		w->r->rx_bells++;
	}
	return done;
}

/* Done when each source's last frame came (a gap counts as reorder). */
static bool rx_all_seen(const struct mq_worker *w)
{
	uint32_t s;

	for (s = 0; s < STRESS_MAX; s++)
		if (receives_from(w->m, s) && w->r->next[s] < w->m->c->frames)
			return false;
	return true;
}

static bool rx_senders_done(const struct mq_worker *w)
{
	uint32_t s;

	for (s = 0; s < STRESS_MAX; s++)
		if (receives_from(w->m, s) &&
		    !__atomic_load_n(&w->m->sh->q[s][w->q].tx_done,
				     __ATOMIC_ACQUIRE))
			return false;
	return true;
}

static void *rx_main(void *p)
{
	struct mq_worker *w = p;
	struct mq_node *m = w->m;
	pthread_mutex_t *lock = &m->rx_lock[w->q];
	uint32_t *bell = &m->sh->rx_bell[m->c->self][w->q];

	while (stress_now_ns() < m->deadline) {
		uint32_t s, seen;
		int progress = 0;
		bool again = false, pending = false, done;

		enter(m, lock);
		for (s = 0; s < STRESS_MAX; s++)
			if (receives_from(m, s))
				progress += rx_batch(w, s);
		leave(m, lock);
		if (progress)
			continue;
		seen = __atomic_load_n(bell, __ATOMIC_SEQ_CST);
		enter(m, lock);
		for (s = 0; s < STRESS_MAX; s++)
			if (receives_from(m, s) && vni_rx_rearm(&m->n, s, w->q))
				again = true;
		done = rx_all_seen(w);
		leave(m, lock);
		if (done)
			return NULL;
		if (again)
			continue;
		w->r->rx_waits++;
		if (bell_wait(bell, seen, WAKE_TIMEOUT_NS))
			continue;
		enter(m, lock);
		for (s = 0; s < STRESS_MAX; s++)
			if (receives_from(m, s) &&
			    vni_rx_maybe_pending(&m->n, s, w->q))
				pending = true;
		leave(m, lock);
		if (pending) {
			w->r->lost_wakeups++;
		} else if (rx_senders_done(w)) {
			/* Everything was consumed, and the tail never came. */
			for (s = 0; s < STRESS_MAX; s++)
				if (receives_from(m, s))
					w->r->lost += m->c->frames -
						      w->r->next[s];
			return NULL;
		}
	}
	w->r->stuck++;
	return NULL;
}

static uint64_t link_poll(struct mq_node *m)
{
	uint64_t changed;
	uint32_t i;

	lock_all(m);
	changed = vni_link_poll(&m->n, stress_now_ns());
	for (i = 0; i < m->n.g.nr_nodes; i++)
		if (m->watching && (changed & (1ull << i)) &&
		    !vni_peer_up(&m->n, i))
			m->res->link_downs++;
	unlock_all(m);
	m->res->link_polls++;
	return changed;
}

static int wait_links(struct mq_node *m)
{
	uint32_t want = (m->c->send_mask | m->c->recv_mask) &
			~(1u << m->c->self);
	uint32_t i, up;

	for (;;) {
		link_poll(m);
		for (up = 0, i = 0; i < STRESS_MAX; i++)
			if (vni_peer_up(&m->n, i))
				up |= 1u << i;
		if ((up & want) == want)
			return 0;
		if (stress_now_ns() > m->deadline) {
			fprintf(stderr, "node %u: peers not up (mask %x of %x)\n",
				m->c->self, up, want);
			return -1;
		}
		sleep_ns(DRAIN_POLL_NS);
	}
}

/* Spawn the queue threads, link-poll until they finish, join them. */
static void run_queues(struct mq_node *m)
{
	pthread_t tid[2 * STRESS_QUEUES];
	struct mq_worker w[2 * STRESS_QUEUES];
	uint32_t i, nr = 2 * m->nq;

	memset(w, 0, sizeof(w));
	for (i = 0; i < nr; i++) {
		w[i].m = m;
		w[i].q = i / 2;
		w[i].r = &m->sh->q[m->c->self][i / 2];
		w[i].rng = (m->c->seed ^ (0x9e3779b97f4a7c15ull * (i + 1))) | 1;
		w[i].buf = malloc(VNI_MAX_FRAME);
		pthread_create(&tid[i], NULL, i % 2 ? rx_main : tx_main, &w[i]);
	}
	for (i = 0; i < nr; i++) {
		/* Joining in order is fine: the poll only has to keep going
		 * until the last one ends, and it runs between joins. */
		while (pthread_tryjoin_np(tid[i], NULL)) {
			link_poll(m);
			sleep_ns(LINK_POLL_NS);
		}
		free(w[i].buf);
	}
}

/* Everyone keeps heartbeating until every participant is done. */
static void finish(struct mq_node *m)
{
	__atomic_fetch_add(&m->sh->finished, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&m->sh->finished, __ATOMIC_SEQ_CST) <
	       m->c->participants && stress_now_ns() < m->deadline) {
		link_poll(m);
		sleep_ns(LINK_POLL_NS);
	}
}

static bool queue_ok(const struct stress_mq_queue *r)
{
	return !r->corrupt && !r->wrong_queue && !r->reorder && !r->lost &&
	       !r->lost_wakeups && !r->stuck;
}

int stress_mq_node_run(const struct stress_cfg *c, void *area, uint64_t size,
		       const struct vni_geometry *g,
		       struct stress_mq_shared *sh)
{
	struct mq_node *m = calloc(1, sizeof(*m));
	uint64_t ps = vni_priv_size(g);
	void *priv = calloc(1, ps);
	const char *why;
	uint32_t q;
	bool ok;

	if (!m || !priv || g->nr_queues > STRESS_QUEUES) {
		free(m);
		free(priv);
		return -1;
	}
	m->c = c;
	m->sh = sh;
	m->res = &sh->node[c->self];
	m->nq = g->nr_queues;
	m->deadline = stress_now_ns() + (uint64_t)c->timeout_s * 1000000000ull;
	m->src = malloc(SRC_BYTES);
	fill_random(m->src, SRC_BYTES, 0x5eed);
	for (q = 0; q < m->nq; q++) {
		pthread_mutex_init(&m->tx_lock[q], NULL);
		pthread_mutex_init(&m->rx_lock[q], NULL);
	}
	if (vni_attach(&m->n, area, size, g, c->self, c->epoch, priv, ps,
		       stress_now_ns(), c->dead_after_ns, &why)) {
		fprintf(stderr, "node %u: attach: %s\n", c->self, why);
		ok = false;
		goto out;
	}
	vni_start(&m->n);
	ok = wait_links(m) == 0;
	if (ok) {
		m->watching = true;
		run_queues(m);
		m->watching = false;
	}
	/*
	 * The queue threads are gone: the counters are the run's. Peers that
	 * finish first detach, so what the link poll sees after this is not.
	 */
	for (q = 0; q < m->nq; q++) {
		const struct vni_stats *st = &m->n.stats[q];

		sh->q[c->self][q].tx_core = st->tx_frames;
		sh->q[c->self][q].rx_core = st->rx_frames;
		m->res->core_errors += st->rx_bad_index + st->rx_bad_desc +
				       st->rx_dropped + st->rx_torn +
				       st->tx_bad_cons;
		m->res->peer_resets += st->peer_resets;
		ok = ok && queue_ok(&sh->q[c->self][q]);
	}
	ok = ok && !m->res->core_errors && !m->res->link_downs;
	finish(m);
	vni_detach(&m->n);
out:
	m->res->status = ok ? 1 : 2;
	for (q = 0; q < m->nq; q++) {
		pthread_mutex_destroy(&m->tx_lock[q]);
		pthread_mutex_destroy(&m->rx_lock[q]);
	}
	free(m->src);
	free(priv);
	free(m);
	return ok ? 0 : -1;
}
