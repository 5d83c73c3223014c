// SPDX-License-Identifier: GPL-2.0-only
/* Sets of physical ranges, kept sorted and merged (ranges.h). */
#include <string.h>

#include "ranges.h"

int rangeset_add(struct mint_rangeset *s, uint64_t base, uint64_t size)
{
	uint64_t end = base + size;
	unsigned i = 0, j;

	if (!size)
		return 0;
	while (i < s->nr && range_end(&s->r[i]) < base)
		i++;
	/* r[i..j) touch or overlap the new range: merge them into it. */
	for (j = i; j < s->nr && s->r[j].base <= end; j++) {
		if (s->r[j].base < base)
			base = s->r[j].base;
		if (range_end(&s->r[j]) > end)
			end = range_end(&s->r[j]);
	}
	if (j == i) {
		if (s->nr >= MINT_MAX_RANGES)
			return -1;
		memmove(&s->r[i + 1], &s->r[i], (s->nr - i) * sizeof(s->r[0]));
		s->nr++;
	} else {
		memmove(&s->r[i + 1], &s->r[j], (s->nr - j) * sizeof(s->r[0]));
		s->nr -= j - i - 1;
	}
	s->r[i].base = base;
	s->r[i].size = end - base;
	return 0;
}

int rangeset_remove(struct mint_rangeset *s, uint64_t base, uint64_t size)
{
	uint64_t end = base + size;

	for (unsigned i = 0; i < s->nr && size; i++) {
		struct mint_range *r = &s->r[i];
		uint64_t rend = range_end(r);

		if (rend <= base || r->base >= end)
			continue;
		if (r->base < base && rend > end) {	/* split in two */
			if (s->nr >= MINT_MAX_RANGES)
				return -1;
			memmove(&s->r[i + 1], &s->r[i],
				(s->nr - i) * sizeof(s->r[0]));
			s->nr++;
			s->r[i].size = base - s->r[i].base;
			s->r[i + 1].base = end;
			s->r[i + 1].size = rend - end;
			return 0;
		}
		if (r->base < base) {
			r->size = base - r->base;
		} else if (rend > end) {
			r->size = rend - end;
			r->base = end;
		} else {
			memmove(&s->r[i], &s->r[i + 1],
				(s->nr - i - 1) * sizeof(s->r[0]));
			s->nr--;
			i--;
		}
	}
	return 0;
}

bool rangeset_contains(const struct mint_rangeset *s, uint64_t base,
		       uint64_t size)
{
	for (unsigned i = 0; i < s->nr; i++)
		if (s->r[i].base <= base && base + size <= range_end(&s->r[i]))
			return true;
	return false;
}

const struct mint_range *rangeset_overlap(const struct mint_rangeset *s,
					  uint64_t base, uint64_t size)
{
	const struct mint_range want = { .base = base, .size = size };

	for (unsigned i = 0; i < s->nr; i++)
		if (ranges_overlap(&s->r[i], &want))
			return &s->r[i];
	return NULL;
}

int rangeset_fit_top(const struct mint_rangeset *s, uint64_t size,
		     uint64_t align, uint64_t floor, uint64_t *base)
{
	for (unsigned i = s->nr; i-- > 0;) {
		uint64_t lo = s->r[i].base > floor ? s->r[i].base : floor;
		uint64_t end = range_end(&s->r[i]);
		uint64_t b;

		if (end < size || end - size < lo)
			continue;
		b = (end - size) & ~(align - 1);
		if (b >= lo) {
			*base = b;
			return 0;
		}
	}
	return -1;
}

int rangeset_fit_bottom(const struct mint_rangeset *s, uint64_t size,
			uint64_t align, uint64_t floor, uint64_t ceil,
			uint64_t *base)
{
	for (unsigned i = 0; i < s->nr; i++) {
		uint64_t lo = s->r[i].base > floor ? s->r[i].base : floor;
		uint64_t end = range_end(&s->r[i]);
		uint64_t b = (lo + align - 1) & ~(align - 1);

		if (end > ceil)
			end = ceil;
		if (b >= lo && b + size <= end && b + size > b) {
			*base = b;
			return 0;
		}
	}
	return -1;
}

int rangeset_intersect(const struct mint_rangeset *a,
		       const struct mint_rangeset *b, struct mint_rangeset *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < a->nr; i++) {
		for (unsigned j = 0; j < b->nr; j++) {
			uint64_t lo = a->r[i].base > b->r[j].base ?
				      a->r[i].base : b->r[j].base;
			uint64_t hi = range_end(&a->r[i]) < range_end(&b->r[j]) ?
				      range_end(&a->r[i]) : range_end(&b->r[j]);

			if (lo < hi && rangeset_add(out, lo, hi - lo))
				return -1;
		}
	}
	return 0;
}

uint64_t rangeset_total(const struct mint_rangeset *s)
{
	uint64_t t = 0;

	for (unsigned i = 0; i < s->nr; i++)
		t += s->r[i].size;
	return t;
}

uint64_t rangeset_largest(const struct mint_rangeset *s)
{
	uint64_t m = 0;

	for (unsigned i = 0; i < s->nr; i++)
		if (s->r[i].size > m)
			m = s->r[i].size;
	return m;
}
