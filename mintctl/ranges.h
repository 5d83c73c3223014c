/* SPDX-License-Identifier: GPL-2.0-only */
/* Physical address ranges and sets of them, for placing reservations. */
#ifndef MINT_RANGES_H
#define MINT_RANGES_H

#include <stdbool.h>
#include <stdint.h>

#define MINT_MAX_RANGES	160

struct mint_range {
	uint64_t base, size;
};

static inline uint64_t range_end(const struct mint_range *r)
{
	return r->base + r->size;
}

static inline bool ranges_overlap(const struct mint_range *a,
				  const struct mint_range *b)
{
	return a->size && b->size && a->base < range_end(b) &&
	       b->base < range_end(a);
}

/* A sorted set of disjoint, non-adjacent ranges. */
struct mint_rangeset {
	unsigned nr;
	struct mint_range r[MINT_MAX_RANGES];
};

/* Add [base, base+size), merging neighbours. -1 if the set is full. */
int rangeset_add(struct mint_rangeset *s, uint64_t base, uint64_t size);
/* Remove [base, base+size). -1 if the set would overflow. */
int rangeset_remove(struct mint_rangeset *s, uint64_t base, uint64_t size);
/* True if [base, base+size) lies wholly inside the set. */
bool rangeset_contains(const struct mint_rangeset *s, uint64_t base,
		       uint64_t size);
/* The first range of the set that overlaps [base, base+size), or NULL. */
const struct mint_range *rangeset_overlap(const struct mint_rangeset *s,
					  uint64_t base, uint64_t size);
/* Highest align-aligned base where size fits at or above floor; -1 if none. */
int rangeset_fit_top(const struct mint_rangeset *s, uint64_t size,
		     uint64_t align, uint64_t floor, uint64_t *base);
/* Lowest fit, at or above floor, ending at or below ceil. */
int rangeset_fit_bottom(const struct mint_rangeset *s, uint64_t size,
			uint64_t align, uint64_t floor, uint64_t ceil,
			uint64_t *base);
/* out = a & b. -1 if out would overflow. */
int rangeset_intersect(const struct mint_rangeset *a,
		       const struct mint_rangeset *b, struct mint_rangeset *out);
uint64_t rangeset_total(const struct mint_rangeset *s);
uint64_t rangeset_largest(const struct mint_rangeset *s);

#endif
