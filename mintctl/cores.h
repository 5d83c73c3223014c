/* SPDX-License-Identifier: GPL-2.0-only */
/* Sets of CPU cores (Linux CPU numbers), written as "0-1,4,6-7". */
#ifndef MINT_CORES_H
#define MINT_CORES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MINT_MAX_CORES 256

struct mint_cores {
	uint64_t bits[MINT_MAX_CORES / 64];
};

static inline bool cores_has(const struct mint_cores *c, unsigned cpu)
{
	return cpu < MINT_MAX_CORES && (c->bits[cpu / 64] >> (cpu % 64)) & 1;
}

static inline void cores_add(struct mint_cores *c, unsigned cpu)
{
	c->bits[cpu / 64] |= 1ull << (cpu % 64);
}

unsigned cores_count(const struct mint_cores *c);
bool cores_empty(const struct mint_cores *c);
/* First core in both sets, or -1. */
int cores_first_common(const struct mint_cores *a, const struct mint_cores *b);
/* First core in a that is not in b, or -1. */
int cores_first_missing(const struct mint_cores *a, const struct mint_cores *b);
/* Next core >= from, or -1. */
int cores_next(const struct mint_cores *c, int from);

/*
 * Parse a list such as "0-1,4". Reversed ranges, a core listed twice and
 * cores >= MINT_MAX_CORES are errors. Returns 0 or -1 with *why set to a
 * message in buf.
 */
int cores_parse(const char *s, struct mint_cores *out, char *buf, size_t len,
		const char **why);

/* The shortest list form, e.g. "0-1,4". Returns buf ("none" if empty). */
char *cores_format(const struct mint_cores *c, char *buf, size_t len);

#endif
