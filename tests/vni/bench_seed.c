// SPDX-License-Identifier: GPL-2.0-only
/*
 * The seed-faithful baseline for make bench-core (see bench.h). Written to
 * be as fast as that design allows: slots sized to the frame, a next-free
 * hint, short critical sections. Its cost is the design's: two locks per
 * frame on each side, and lock and map cache lines bouncing between cores.
 */
#include <string.h>
#include "bench.h"

static void lock(uint8_t *l)
{
	while (__atomic_test_and_set(l, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(l, __ATOMIC_RELAXED))
			cpu_relax();
}

static void unlock(uint8_t *l)
{
	__atomic_clear(l, __ATOMIC_RELEASE);
}

uint64_t seed_area_size(uint32_t slot_size)
{
	return sizeof(struct seed_area) + (uint64_t)SEED_SLOTS * slot_size;
}

void seed_init(struct seed_area *s)
{
	memset(s, 0, sizeof(*s));
}

static uint32_t alloc_slot(struct seed_area *s)
{
	uint32_t i, slot = SEED_SLOTS;

	lock(&s->bm_lock);
	for (i = 0; i < SEED_SLOTS; i++) {
		uint32_t c = (s->bm_hint + i) % SEED_SLOTS;

		if (!s->used[c]) {
			s->used[c] = 1;
			s->bm_hint = (c + 1) % SEED_SLOTS;
			slot = c;
			break;
		}
	}
	unlock(&s->bm_lock);
	return slot;
}

void seed_send(struct seed_area *s, uint32_t slot_size, const void *frame,
	       uint32_t len)
{
	uint32_t slot;

	while ((slot = alloc_slot(s)) == SEED_SLOTS)
		cpu_relax();
	memcpy(s->pool + (uint64_t)slot * slot_size, frame, len);
	s->len[slot] = len;
	for (;;) {
		lock(&s->am_lock);
		if (s->q_tail - s->q_head < SEED_QUEUE) {
			s->queue[s->q_tail % SEED_QUEUE] = slot;
			s->q_tail++;
			unlock(&s->am_lock);
			return;
		}
		unlock(&s->am_lock);
		cpu_relax();
	}
}

uint32_t seed_recv(struct seed_area *s, uint32_t slot_size, void *buf)
{
	uint32_t slot, len;

	lock(&s->am_lock);
	if (s->q_head == s->q_tail) {
		unlock(&s->am_lock);
		return 0;
	}
	slot = s->queue[s->q_head % SEED_QUEUE];
	s->q_head++;
	unlock(&s->am_lock);
	len = s->len[slot];
	memcpy(buf, s->pool + (uint64_t)slot * slot_size, len);
	lock(&s->bm_lock);
	s->used[slot] = 0;
	unlock(&s->bm_lock);
	return len;
}
