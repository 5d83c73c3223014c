// SPDX-License-Identifier: GPL-2.0-only
/*
 * make bench-core: VNI core throughput between two processes pinned to
 * cores 0 (sender) and 1 (receiver), against a plain memcpy of the same
 * bytes and the seed-faithful baseline, in one run.
 *
 * The receiver behaves like NAPI: it polls with a budget, and when a poll
 * finds the ring empty it re-arms the event index, rechecks, and sleeps
 * until the doorbell counter moves. A real doorbell is an IPI, so a
 * sleeping receiver wakes only after BENCH_WAKE_NS (default 2000 ns, IPI
 * plus interrupt entry plus softirq); the sender kicks after every frame
 * (no xmit_more batching), so the doorbell count is the worst case.
 *
 * Every size runs BENCH_ROUNDS rounds (default 5); each round runs the four
 * paths once, starting with a different one each round, so that a slow
 * spell of the shared machine hits every path alike. The table shows the
 * median of the rounds, then each round's VNI/seed ratio, and the run ends
 * with one line per target ("target NAME: VALUE (goal GOAL) met|MISSED").
 * Environment: BENCH_SCALE (default 1.0) multiplies the frame counts;
 * BENCH_WAKE_NS sets the wake-up latency; BENCH_SIZES (e.g. "9000")
 * limits the frame sizes.
 */
#include <sched.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "bench.h"
#include "../../vni/core/vni_core.h"
#include "rx_copy.h"

struct ctl {
	uint64_t doorbell;
	uint64_t go;
	uint64_t sender_up;
	uint64_t tx_doorbells;
	uint64_t tx_frames;
	uint64_t tx_kicks;
};

static const struct vni_geometry G = { 2, VNI_DEFAULT_RING_ENTRIES,
				       VNI_DEFAULT_SLOT_SIZE,
				       VNI_DEFAULT_POOL_SLOTS, 1 };
static uint8_t *shm;
static uint64_t shm_size;
static struct ctl *ctl;
static uint8_t *vni_area;
static uint8_t *src, *dst;
static uint64_t wake_ns = 2000;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		perror("sched_setaffinity");
}

static void spin_ns(uint64_t ns)
{
	uint64_t end = now_ns() + ns;

	while (now_ns() < end)
		cpu_relax();
}

static const uint8_t *frame_at(uint64_t i, uint32_t len)
{
	return src + (i * 4096) % (BENCH_SRC_BYTES - len);
}

/* ---- VNI ---- */

static void vni_sender(uint32_t len, uint64_t frames)
{
	struct vni_node n;
	uint64_t ps = vni_priv_size(&G), i;
	void *priv = calloc(1, ps);

	pin(0);
	if (vni_attach(&n, vni_area, vni_area_size(&G), &G, 1, 2, priv, ps,
		       now_ns(), 1000000000ull, NULL))
		_exit(1);
	vni_start(&n);
	while (!vni_peer_up(&n, 0))
		vni_link_poll(&n, now_ns());
	__atomic_store_n(&ctl->sender_up, 1, __ATOMIC_RELEASE);
	while (!bench_load(&ctl->go))
		cpu_relax();
	for (i = 0; i < frames; i++) {
		struct vni_iov iov = { frame_at(i, len), len };

		while (vni_tx(&n, 0, 0, NULL, &iov, 1)) {
			/* Full: ask for a tx-space doorbell, recheck, spin. */
			if (!vni_tx_arm_space(&n, 0, 0))
				cpu_relax();
		}
		if (vni_tx_kick(&n, 0, 0))
			__atomic_fetch_add(&ctl->doorbell, 1, __ATOMIC_SEQ_CST);
		if ((i & 4095) == 0)
			vni_heartbeat(&n);
	}
	ctl->tx_doorbells = n.stats[0].tx_doorbells;
	ctl->tx_kicks = n.stats[0].tx_kicks;
	ctl->tx_frames = n.stats[0].tx_frames;
	/* Stay attached until the receiver has everything. */
	while (bench_load(&ctl->go) != 2) {
		vni_heartbeat(&n);
		cpu_relax();
	}
	free(priv);
}

static double vni_receiver(uint32_t len, uint64_t frames, uint64_t *sleeps)
{
	struct vni_node n;
	uint64_t ps = vni_priv_size(&G), got = 0, t0 = 0, seen;
	void *priv = calloc(1, ps);
	struct vni_rx_frame f;
	uint64_t dst_off = 0, bad = 0;

	if (vni_attach(&n, vni_area, vni_area_size(&G), &G, 0, 1, priv, ps,
		       now_ns(), 1000000000ull, NULL))
		exit(1);
	vni_start(&n);
	while (!bench_load(&ctl->sender_up) || !vni_peer_up(&n, 1))
		vni_link_poll(&n, now_ns());
	*sleeps = 0;
	__atomic_store_n(&ctl->go, 1, __ATOMIC_RELEASE);
	while (got < frames) {
		int budget = 64;

		while (budget-- && vni_rx_next(&n, 1, 0, &f) == 1) {
			if (!t0)
				t0 = now_ns();
			if (rx_copy(&n, &f, dst + dst_off,
					VNI_MAX_FRAME) != (int)len)
				bad++;
			dst_off = (dst_off + 65536) % (8u << 20);
			got++;
		}
		vni_rx_kick_sender(&n, 1, 0);
		if (budget >= 0 && got < frames) {
			/* Ring empty: re-arm, recheck, sleep on the doorbell. */
			seen = bench_load(&ctl->doorbell);
			if (vni_rx_rearm(&n, 1, 0))
				continue;
			(*sleeps)++;
			while (bench_load(&ctl->doorbell) == seen)
				cpu_relax();
			spin_ns(wake_ns);
		}
	}
	__atomic_store_n(&ctl->go, 2, __ATOMIC_RELEASE);
	if (bad)
		fprintf(stderr, "bench: %llu frames with a wrong length\n",
			(unsigned long long)bad);
	free(priv);
	return (double)(now_ns() - t0) / 1e9;
}

/* ---- seed ---- */

static struct seed_area *seed_of(void)
{
	return (struct seed_area *)(vni_area + vni_area_size(&G));
}

static void seed_sender(uint32_t len, uint64_t frames)
{
	uint64_t i;

	pin(0);
	__atomic_store_n(&ctl->sender_up, 1, __ATOMIC_RELEASE);
	while (!bench_load(&ctl->go))
		cpu_relax();
	for (i = 0; i < frames; i++)
		seed_send(seed_of(), len, frame_at(i, len), len);
	while (bench_load(&ctl->go) != 2)
		cpu_relax();
}

static double seed_receiver(uint32_t len, uint64_t frames)
{
	uint64_t got = 0, t0 = 0, dst_off = 0;

	while (!bench_load(&ctl->sender_up))
		cpu_relax();
	__atomic_store_n(&ctl->go, 1, __ATOMIC_RELEASE);
	while (got < frames) {
		if (seed_recv(seed_of(), len, dst + dst_off)) {
			if (!t0)
				t0 = now_ns();
			dst_off = (dst_off + 65536) % (8u << 20);
			got++;
		} else {
			cpu_relax();
		}
	}
	__atomic_store_n(&ctl->go, 2, __ATOMIC_RELEASE);
	return (double)(now_ns() - t0) / 1e9;
}

/*
 * ---- cross-core copy ----
 * The least any design can do to move the bytes between the two cores: the
 * sender copies into one of xc_bufs() buffers sized to the frame and bumps
 * an index, the receiver copies out and bumps another. No descriptors, no
 * allocator, no locks. Its depth is the pools': the seed's slot count, but
 * never more bytes than VNI's pool holds, so that a deeper buffer that no
 * longer fits the caches does not make the ceiling lower than VNI.
 */

static uint64_t xc_bufs(uint32_t len)
{
	uint64_t pool = (uint64_t)G.pool_slots * G.slot_size / len;

	return pool < SEED_SLOTS ? (pool ? pool : 1) : SEED_SLOTS;
}

static uint64_t *xc_prod(void)
{
	return &ctl[1].doorbell;
}

static uint64_t *xc_cons(void)
{
	return &ctl[2].doorbell;
}

static void xcore_sender(uint32_t len, uint64_t frames)
{
	uint8_t *buf = seed_of()->pool;
	uint64_t i, bufs = xc_bufs(len);

	pin(0);
	__atomic_store_n(&ctl->sender_up, 1, __ATOMIC_RELEASE);
	while (!bench_load(&ctl->go))
		cpu_relax();
	for (i = 0; i < frames; i++) {
		while (i - bench_load(xc_cons()) >= bufs)
			cpu_relax();
		memcpy(buf + (i % bufs) * len, frame_at(i, len), len);
		__atomic_store_n(xc_prod(), i + 1, __ATOMIC_RELEASE);
	}
}

static double xcore_receiver(uint32_t len, uint64_t frames)
{
	uint8_t *buf = seed_of()->pool;
	uint64_t i, t0 = 0, dst_off = 0, bufs = xc_bufs(len);

	__atomic_store_n(xc_prod(), 0, __ATOMIC_RELAXED);
	__atomic_store_n(xc_cons(), 0, __ATOMIC_RELAXED);
	while (!bench_load(&ctl->sender_up))
		cpu_relax();
	__atomic_store_n(&ctl->go, 1, __ATOMIC_RELEASE);
	for (i = 0; i < frames; i++) {
		while (bench_load(xc_prod()) <= i)
			cpu_relax();
		if (!t0)
			t0 = now_ns();
		memcpy(dst + dst_off, buf + (i % bufs) * len, len);
		dst_off = (dst_off + 65536) % (8u << 20);
		__atomic_store_n(xc_cons(), i + 1, __ATOMIC_RELEASE);
	}
	return (double)(now_ns() - t0) / 1e9;
}

/* ---- memcpy ---- */

static double memcpy_run(uint32_t len, uint64_t frames)
{
	uint64_t i, t0 = now_ns(), dst_off = 0;

	for (i = 0; i < frames; i++) {
		memcpy(dst + dst_off, frame_at(i, len), len);
		dst_off = (dst_off + 65536) % (8u << 20);
		__asm__ volatile("" ::: "memory");
	}
	return (double)(now_ns() - t0) / 1e9;
}

enum mode { M_VNI, M_SEED, M_XCORE };

/* Other work on the machine skews every figure: say how much there was. */
static void print_load(const char *when)
{
	char buf[128] = "";
	FILE *f = fopen("/proc/loadavg", "r");

	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = 0;
		fclose(f);
	}
	printf("load average %s: %s", when, buf[0] ? buf : "unknown\n");
}

static double run_pair(enum mode m, uint32_t len, uint64_t frames,
		       uint64_t *sleeps)
{
	pid_t pid;
	double secs;
	int st;

	memset(ctl, 0, 3 * sizeof(*ctl));
	/* Formatted before the fork: both sides attach to a valid area. */
	if (m == M_VNI)
		vni_format(vni_area, vni_area_size(&G), &G);
	else
		seed_init(seed_of());
	pid = fork();
	if (pid == 0) {
		alarm(120);
		if (m == M_VNI)
			vni_sender(len, frames);
		else if (m == M_SEED)
			seed_sender(len, frames);
		else
			xcore_sender(len, frames);
		_exit(0);
	}
	if (m == M_VNI)
		secs = vni_receiver(len, frames, sleeps);
	else if (m == M_SEED)
		secs = seed_receiver(len, frames);
	else
		secs = xcore_receiver(len, frames);
	waitpid(pid, &st, 0);
	return secs;
}

/* The machine the figures belong to: CPU model, the two cores, SMT. */
static void print_machine(void)
{
	char line[256], model[128] = "unknown", sib[64] = "";
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && fgets(line, sizeof(line), f)) {
		char *v = strchr(line, ':');

		if (!strncmp(line, "model name", 10) && v) {
			snprintf(model, sizeof(model), "%s", v + 2);
			model[strcspn(model, "\n")] = 0;
			break;
		}
	}
	if (f)
		fclose(f);
	f = fopen("/sys/devices/system/cpu/cpu0/topology/thread_siblings_list", "r");
	if (f) {
		if (!fgets(sib, sizeof(sib), f))
			sib[0] = 0;
		sib[strcspn(sib, "\n")] = 0;
		fclose(f);
	}
	printf("machine: %s, %ld CPUs online; sender on CPU 0, receiver on CPU 1; CPU 0's SMT siblings: %s\n",
	       model, sysconf(_SC_NPROCESSORS_ONLN), sib[0] ? sib : "unknown");
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(const double *v, unsigned n)
{
	double s[64];

	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static void target(const char *name, double value, double goal,
		   const char *unit)
{
	printf("target %s: %.2f%s (goal >= %.2f%s) %s\n", name, value, unit,
	       goal, unit, value >= goal ? "met" : "MISSED");
}

#define MAX_ROUNDS 64

/* One frame size: the medians of every path, and each round's ratio. */
struct size_result {
	uint32_t len;
	double vni_seed, vni_memcpy, doorbells;
};

static void run_size(uint32_t len, uint64_t frames, unsigned rounds,
		     struct size_result *res)
{
	double tm[MAX_ROUNDS], tx[MAX_ROUNDS], ts[MAX_ROUNDS], tv[MAX_ROUNDS];
	double ratio[MAX_ROUNDS], mm, mx, ms, mv, bits = (double)frames * len * 8;
	uint64_t sleeps, bells = 0, sent = 0;
	unsigned r, k;

	for (r = 0; r < rounds; r++) {
		for (k = 0; k < 4; k++) {
			switch ((r + k) % 4) {
			case 0:
				tm[r] = memcpy_run(len, frames);
				break;
			case 1:
				tx[r] = run_pair(M_XCORE, len, frames, &sleeps);
				break;
			case 2:
				ts[r] = run_pair(M_SEED, len, frames, &sleeps);
				break;
			default:
				tv[r] = run_pair(M_VNI, len, frames, &sleeps);
				bells += ctl->tx_doorbells;
				sent += ctl->tx_frames;
				break;
			}
		}
		ratio[r] = ts[r] / tv[r];
	}
	mm = median(tm, rounds);
	mx = median(tx, rounds);
	ms = median(ts, rounds);
	mv = median(tv, rounds);
	res->len = len;
	res->vni_seed = median(ratio, rounds);
	res->vni_memcpy = 100.0 * mm / mv;
	res->doorbells = 100.0 * (double)bells / (double)(sent ? sent : 1);
	printf("%6u | %6.1f Gb %6.1f Gb | %10.0f %7.2f | %10.0f %7.2f | %7.2fx %7.0f%% %7.0f%% | %8.2f%% | rounds VNI/seed:",
	       len, bits / mm / 1e9, bits / mx / 1e9, frames / ms,
	       bits / ms / 1e9, frames / mv, bits / mv / 1e9, res->vni_seed,
	       res->vni_memcpy, 100.0 * mx / mv, res->doorbells);
	for (r = 0; r < rounds; r++)
		printf(" %.2f", ratio[r]);
	printf("\n");
}

static bool size_wanted(uint32_t len, const char *list)
{
	char buf[128], *tok, *save;

	if (!list)
		return true;
	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ", ", &save); tok;
	     tok = strtok_r(NULL, ", ", &save))
		if (strtoul(tok, NULL, 10) == len)
			return true;
	return false;
}

int main(void)
{
	static const uint32_t sizes[] = { 64, 1500, 9000, 65536 };
	static const uint64_t counts[] = { 2000000, 1000000, 300000, 60000 };
	struct size_result res[4];
	const char *e, *only = getenv("BENCH_SIZES");
	double scale = 1.0;
	unsigned i, n = 0, rounds = 5;

	if ((e = getenv("BENCH_SCALE")))
		scale = atof(e);
	if ((e = getenv("BENCH_WAKE_NS")))
		wake_ns = strtoull(e, NULL, 10);
	if ((e = getenv("BENCH_ROUNDS")) && atoi(e) > 0)
		rounds = (unsigned)atoi(e) < MAX_ROUNDS ? (unsigned)atoi(e) :
							  MAX_ROUNDS;
	shm_size = 4096 + vni_area_size(&G) + seed_area_size(65536);
	/* ctl[0] drives every run; ctl[1], ctl[2] hold the x-core indices. */
	shm = mmap(NULL, shm_size, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shm == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	ctl = (struct ctl *)shm;
	vni_area = shm + 4096;	/* struct ctl x 3 fits in the first page */
	src = malloc(BENCH_SRC_BYTES);
	dst = malloc(8u << 20);
	memset(src, 0x5a, BENCH_SRC_BYTES);
	memset(dst, 0, 8u << 20);
	pin(1);
	setvbuf(stdout, NULL, _IOLBF, 0);
	print_machine();
	printf("VNI core benchmark: geometry ring %u, slot %u, pool %u; wake-up latency %llu ns; %u rounds, medians\n",
	       G.ring_entries, G.slot_size, G.pool_slots,
	       (unsigned long long)wake_ns, rounds);
	printf("%6s | %9s %9s | %10s %7s | %10s %7s | %8s %8s %8s | %9s |\n",
	       "bytes", "memcpy", "x-core", "seed f/s", "Gbit/s", "VNI f/s",
	       "Gbit/s", "VNI/seed", "VNI/mcpy", "VNI/xcor", "doorbells");
	print_load("before");
	for (i = 0; i < 4; i++) {
		uint64_t frames = (uint64_t)(counts[i] * scale);

		if (!size_wanted(sizes[i], only))
			continue;
		run_size(sizes[i], frames < 1000 ? 1000 : frames, rounds,
			 &res[n++]);
	}
	print_load("after");
	printf("memcpy: one core copies the bytes; x-core: the bytes handed from CPU 0 to CPU 1 through frame-sized buffers (the seed's %u, at most VNI's pool bytes) with nothing but two indices\n",
	       SEED_SLOTS);
	for (i = 0; i < n; i++) {
		char name[64];

		snprintf(name, sizeof(name), "VNI/seed at %u B", res[i].len);
		target(name, res[i].vni_seed, res[i].len == 64 ? 3.0 : 1.0, "x");
	}
	for (i = 0; i < n; i++) {
		char name[64];

		if (res[i].len != 65536)
			continue;
		snprintf(name, sizeof(name), "VNI/memcpy at %u B", res[i].len);
		target(name, res[i].vni_memcpy, 50.0, "%");
	}
	for (i = 0; i < n; i++) {
		char name[64];

		/* Fewer is better: printed as the share of frames without one. */
		snprintf(name, sizeof(name), "frames without a doorbell at %u B",
			 res[i].len);
		target(name, 100.0 - res[i].doorbells, 90.0, "%");
	}
	return 0;
}
