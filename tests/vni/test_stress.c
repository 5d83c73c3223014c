// SPDX-License-Identifier: GPL-2.0-only
/*
 * Multi-node stress of the VNI core. Default: every node is a process and
 * all map one shared file (the way kernels share the region; ASan/UBSan
 * build). With -DSTRESS_THREADS the same nodes are threads in one process,
 * so ThreadSanitizer can check the memory ordering (it cannot see across
 * processes). Frames carry sequence number and checksum; the nodes count
 * loss, corruption, reordering and lost wakeups, and any of them fails.
 *
 * STRESS_FRAMES=N overrides the frames per sender in the fan-in case
 * (all-to-all sends N/4 per pair, so both cases move about the same).
 *
 * The multi-queue case runs all-to-all on four queues, each node driving
 * every queue from a TX and an RX thread of its own (stress_mq.c), in both
 * builds: threads inside each node's process, or inside each node's thread.
 * It sends N/64 per (pair, queue), a quarter of the others' volume, since
 * its 36 threads share two cores.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../tap.h"
#include "stress_mq.h"

#ifdef STRESS_THREADS
#define DEFAULT_FRAMES 300000ull
#define MODE "threads"
#else
#define DEFAULT_FRAMES 1700000ull
#define MODE "processes"
#endif

struct world {
	struct vni_geometry g;
	int mq;				/* nodes are stress_mq_node_run() */
	uint64_t area_size;
	uint8_t *map;
	struct stress_shared *sh;
	uint8_t *area;
	struct stress_cfg cfg[STRESS_MAX];
};

_Static_assert(sizeof(struct stress_shared) <= 65536 &&
	       sizeof(struct stress_mq_shared) <= 65536,
	       "the harness page holds the harness state");

/* One shared file mapping: harness page first, then the VNI area. */
static int world_map(struct world *w, const struct vni_geometry *g)
{
	char shm_path[] = "/dev/shm/vni-stress-XXXXXX";
	char tmp_path[] = "/tmp/vni-stress-XXXXXX";
	char *path = shm_path;
	uint64_t total;
	int fd;

	w->g = *g;
	w->area_size = vni_area_size(&w->g);
	total = 65536 + w->area_size;
	fd = mkstemp(shm_path);
	if (fd < 0) {
		/* No /dev/shm: any file will do, it only has to be shared. */
		path = tmp_path;
		fd = mkstemp(tmp_path);
	}
	if (fd < 0) {
		perror("mkstemp");
		return -1;
	}
	unlink(path);
	if (ftruncate(fd, (off_t)total)) {
		perror("ftruncate");
		close(fd);
		return -1;
	}
	w->map = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (w->map == MAP_FAILED)
		return -1;
	w->sh = (struct stress_shared *)w->map;
	w->area = w->map + 65536;
	return vni_format(w->area, w->area_size, &w->g);
}

static void world_unmap(struct world *w)
{
	munmap(w->map, 65536 + w->area_size);
}

/* Run node i of w to completion; 0 if every check held. */
static int node_run(struct world *w, uint32_t i)
{
	if (w->mq)
		return stress_mq_node_run(&w->cfg[i], w->area, w->area_size,
					  &w->g,
					  (struct stress_mq_shared *)w->map);
	return stress_node_run(&w->cfg[i], w->area, w->area_size, &w->g,
			       w->sh);
}

#ifdef STRESS_THREADS
struct thread_arg {
	struct world *w;
	uint32_t node;
	int rc;
};

static void *thread_main(void *p)
{
	struct thread_arg *a = p;

	a->rc = node_run(a->w, a->node);
	return NULL;
}

static int run_nodes(struct world *w, uint32_t nr)
{
	pthread_t t[STRESS_MAX];
	struct thread_arg a[STRESS_MAX];
	uint32_t i;
	int fails = 0;

	for (i = 0; i < nr; i++) {
		a[i] = (struct thread_arg){ w, i, 0 };
		pthread_create(&t[i], NULL, thread_main, &a[i]);
	}
	for (i = 0; i < nr; i++) {
		pthread_join(t[i], NULL);
		fails += a[i].rc != 0;
	}
	return fails;
}
#else
static int run_nodes(struct world *w, uint32_t nr)
{
	pid_t pid[STRESS_MAX];
	uint32_t i;
	int fails = 0, st;

	for (i = 0; i < nr; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			alarm((unsigned)w->cfg[i].timeout_s + 30);
			_exit(node_run(w, i) ? 1 : 0);
		}
	}
	for (i = 0; i < nr; i++) {
		if (waitpid(pid[i], &st, 0) < 0 || !WIFEXITED(st) ||
		    WEXITSTATUS(st)) {
			fprintf(stderr, "# node %u failed (status %#x)\n", i, st);
			fails++;
		}
	}
	return fails;
}
#endif

static uint64_t frames_from_env(void)
{
	const char *e = getenv("STRESS_FRAMES");

	return e ? strtoull(e, NULL, 10) : DEFAULT_FRAMES;
}

static void report(struct world *w, uint32_t nr, double secs)
{
	uint64_t frames = 0, bytes = 0, kicks = 0, bells = 0, waits = 0;
	uint32_t i;

	for (i = 0; i < nr; i++) {
		struct stress_result *r = &w->sh->res[i];

		frames += r->received;
		bytes += r->bytes;
		kicks += r->kicks;
		bells += r->doorbells;
		waits += r->waits;
		printf("# node %u: sent %llu received %llu corrupt %llu reorder %llu lost-wakeups %llu core-errors %llu\n",
		       i, (unsigned long long)r->sent,
		       (unsigned long long)r->received,
		       (unsigned long long)r->corrupt,
		       (unsigned long long)r->reorder,
		       (unsigned long long)r->lost_wakeups,
		       (unsigned long long)r->rx_errors);
	}
	printf("# %s: %llu frames, %.2f GB in %.1f s (%.0f frames/s), doorbells %llu of %llu kicks, %llu sleeps\n",
	       MODE, (unsigned long long)frames, bytes / 1e9, secs,
	       frames / secs, (unsigned long long)bells,
	       (unsigned long long)kicks, (unsigned long long)waits);
}

static int check_totals(struct world *w, uint32_t nr, uint64_t expect)
{
	uint64_t got = 0, bad = 0;
	uint32_t i;

	for (i = 0; i < nr; i++) {
		got += w->sh->res[i].received;
		bad += w->sh->res[i].corrupt + w->sh->res[i].reorder +
		       w->sh->res[i].lost_wakeups + w->sh->res[i].rx_errors;
	}
	return got == expect && bad == 0;
}

static uint64_t total_frames;
static const struct vni_geometry one_queue = { 4, 256, 2048, 512, 1 };

static void scenario(uint32_t senders_mask_of[STRESS_MAX],
		     uint32_t receivers_mask_of[STRESS_MAX], uint64_t per_pair,
		     uint64_t expect)
{
	struct world w;
	double t0, secs;
	uint32_t i;
	int fails;

	memset(&w, 0, sizeof(w));
	TAP_CHECK(world_map(&w, &one_queue) == 0);
	memset(w.sh, 0, sizeof(*w.sh));
	for (i = 0; i < STRESS_MAX; i++)
		w.cfg[i] = (struct stress_cfg){
			.self = i, .epoch = 1000 + i,
			.send_mask = senders_mask_of[i],
			.recv_mask = receivers_mask_of[i],
			.participants = STRESS_MAX, .frames = per_pair,
			.dead_after_ns = 5000000000ull,
			.seed = 0x1234567ull * (i + 1), .timeout_s = 240,
		};
	t0 = (double)stress_now_ns();
	fails = run_nodes(&w, STRESS_MAX);
	secs = ((double)stress_now_ns() - t0) / 1e9;
	report(&w, STRESS_MAX, secs);
	TAP_CHECK(fails == 0);
	TAP_CHECK(check_totals(&w, STRESS_MAX, expect));
	for (i = 0; i < STRESS_MAX; i++)
		total_frames += w.sh->res[i].received;
	world_unmap(&w);
}

static void three_senders_to_one_receiver_lose_nothing(void)
{
	uint32_t send[STRESS_MAX] = { 0, 1, 1, 1 };
	uint32_t recv[STRESS_MAX] = { 0xe, 0, 0, 0 };
	uint64_t n = frames_from_env();

	scenario(send, recv, n, 3 * n);
}

static void all_to_all_four_nodes_lose_nothing(void)
{
	uint32_t send[STRESS_MAX], recv[STRESS_MAX], i;
	uint64_t n = frames_from_env() / 4;

	for (i = 0; i < STRESS_MAX; i++)
		send[i] = recv[i] = 0xfu & ~(1u << i);
	scenario(send, recv, n, 12 * n);
}

/*
 * 128 slots of each pool per queue, 42 of them per destination (above the
 * 33-slot longest chain of 2 KiB slots): ring and pool room run out often,
 * so every queue sleeps and is woken on its own.
 */
static const struct vni_geometry four_queues = { 4, 256, 2048, 512, 4 };

/* Every frame of the queue went through the core, both ways; none is zero. */
static int mq_queue_moved_all(const struct stress_mq_queue *r, uint64_t want)
{
	return want > 0 && r->sent == want && r->tx_core == want &&
	       r->received == want && r->rx_core == want;
}

static int mq_queue_clean(const struct stress_mq_queue *r)
{
	return !r->corrupt && !r->wrong_queue && !r->reorder && !r->lost &&
	       !r->lost_wakeups && !r->stuck;
}

static void mq_report(const struct stress_mq_shared *sh, double secs)
{
	uint64_t frames = 0, bytes = 0;
	uint32_t i, q, inside = 0;

	for (i = 0; i < STRESS_MAX; i++) {
		const struct stress_mq_node *nd = &sh->node[i];

		printf("# node %u: core-errors %llu peer-resets %llu link-downs %llu link-polls %llu, at most %u queue threads in the core at once\n",
		       i, (unsigned long long)nd->core_errors,
		       (unsigned long long)nd->peer_resets,
		       (unsigned long long)nd->link_downs,
		       (unsigned long long)nd->link_polls, nd->max_inside);
		if (nd->max_inside > inside)
			inside = nd->max_inside;
		for (q = 0; q < STRESS_QUEUES; q++) {
			const struct stress_mq_queue *r = &sh->q[i][q];

			printf("#   queue %u: sent %llu received %llu (core %llu/%llu) corrupt %llu wrong-queue %llu reorder %llu lost %llu lost-wakeups %llu stuck %llu; doorbells tx %llu rx %llu, sleeps tx %llu rx %llu\n",
			       q, (unsigned long long)r->sent,
			       (unsigned long long)r->received,
			       (unsigned long long)r->tx_core,
			       (unsigned long long)r->rx_core,
			       (unsigned long long)r->corrupt,
			       (unsigned long long)r->wrong_queue,
			       (unsigned long long)r->reorder,
			       (unsigned long long)r->lost,
			       (unsigned long long)r->lost_wakeups,
			       (unsigned long long)r->stuck,
			       (unsigned long long)r->tx_bells,
			       (unsigned long long)r->rx_bells,
			       (unsigned long long)r->tx_waits,
			       (unsigned long long)r->rx_waits);
			frames += r->received;
			bytes += r->bytes;
		}
	}
	printf("# %s, %u queues: %llu frames, %.2f GB in %.1f s (%.0f frames/s), at most %u queue threads of a node in the core at once\n",
	       MODE, STRESS_QUEUES, (unsigned long long)frames, bytes / 1e9,
	       secs, frames / secs, inside);
}

static void four_queues_driven_in_parallel_lose_nothing(void)
{
	struct world w;
	struct stress_mq_shared *sh;
	uint64_t n = frames_from_env() / 64;
	double t0, secs;
	uint32_t i, q;
	int fails;

	if (!n)		/* every queue must carry something */
		n = 1;
	memset(&w, 0, sizeof(w));
	w.mq = 1;
	TAP_CHECK(world_map(&w, &four_queues) == 0);
	sh = (struct stress_mq_shared *)w.map;
	memset(sh, 0, sizeof(*sh));
	for (i = 0; i < STRESS_MAX; i++)
		w.cfg[i] = (struct stress_cfg){
			.self = i, .epoch = 1000 + i,
			.send_mask = 0xfu & ~(1u << i),
			.recv_mask = 0xfu & ~(1u << i),
			.participants = STRESS_MAX, .frames = n,
			.dead_after_ns = 5000000000ull,
			.seed = 0x7654321ull * (i + 1), .timeout_s = 240,
		};
	t0 = (double)stress_now_ns();
	fails = run_nodes(&w, STRESS_MAX);
	secs = ((double)stress_now_ns() - t0) / 1e9;
	mq_report(sh, secs);
	TAP_CHECK(fails == 0);
	for (i = 0; i < STRESS_MAX; i++) {
		TAP_CHECK(sh->node[i].status == 1);
		TAP_CHECK(sh->node[i].core_errors == 0 &&
			  sh->node[i].link_downs == 0);
		for (q = 0; q < STRESS_QUEUES; q++) {
			TAP_CHECK(mq_queue_moved_all(&sh->q[i][q], 3 * n));
			TAP_CHECK(mq_queue_clean(&sh->q[i][q]));
			total_frames += sh->q[i][q].received;
		}
	}
	world_unmap(&w);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	TAP_RUN(three_senders_to_one_receiver_lose_nothing);
	TAP_RUN(all_to_all_four_nodes_lose_nothing);
	TAP_RUN(four_queues_driven_in_parallel_lose_nothing);
	printf("# total frames checked: %llu\n",
	       (unsigned long long)total_frames);
	return tap_done();
}
