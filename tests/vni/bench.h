/* SPDX-License-Identifier: GPL-2.0-only */
/* make bench-core: shared bits of the VNI and seed-baseline benchmarks. */
#ifndef VNI_BENCH_H
#define VNI_BENCH_H

#include <stdint.h>
#include <stddef.h>

#define BENCH_SRC_BYTES (1u << 20)	/* frames are slices of this */

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

static inline uint64_t bench_load(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

/*
 * The seed design, faithfully: one shared pool of fixed-size buffers, a
 * "buffer management" map of free/used slots and per-destination "address
 * management" queues of slot numbers, each area behind a test-and-set
 * spinlock in shared memory.
 */
#define SEED_SLOTS 1024u
#define SEED_QUEUE 1024u

struct seed_area {
	uint8_t bm_lock __attribute__((aligned(64)));
	uint32_t bm_hint;
	uint8_t used[SEED_SLOTS];
	uint8_t am_lock __attribute__((aligned(64)));
	uint32_t q_head;		/* per destination; one receiver here */
	uint32_t q_tail;
	uint32_t queue[SEED_QUEUE];
	uint32_t len[SEED_SLOTS];
	uint8_t pool[] __attribute__((aligned(4096)));
};

uint64_t seed_area_size(uint32_t slot_size);
void seed_init(struct seed_area *s);
/* Send one frame (spins while the pool or queue is full). */
void seed_send(struct seed_area *s, uint32_t slot_size, const void *frame,
	       uint32_t len);
/* Receive one frame into buf; returns its length, 0 if none. */
uint32_t seed_recv(struct seed_area *s, uint32_t slot_size, void *buf);

#endif
