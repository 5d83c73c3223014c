// SPDX-License-Identifier: GPL-2.0-only
/* Core lists in the kernel's cpulist syntax, parsed strictly. */
#include <stdio.h>
#include <string.h>

#include "cores.h"
#include "numbers.h"

unsigned cores_count(const struct mint_cores *c)
{
	unsigned n = 0;

	for (size_t i = 0; i < MINT_MAX_CORES / 64; i++)
		n += (unsigned)__builtin_popcountll(c->bits[i]);
	return n;
}

bool cores_empty(const struct mint_cores *c)
{
	return cores_count(c) == 0;
}

int cores_next(const struct mint_cores *c, int from)
{
	for (int i = from < 0 ? 0 : from; i < MINT_MAX_CORES; i++)
		if (cores_has(c, (unsigned)i))
			return i;
	return -1;
}

int cores_first_common(const struct mint_cores *a, const struct mint_cores *b)
{
	for (int i = 0; i < MINT_MAX_CORES; i++)
		if (cores_has(a, (unsigned)i) && cores_has(b, (unsigned)i))
			return i;
	return -1;
}

int cores_first_missing(const struct mint_cores *a, const struct mint_cores *b)
{
	for (int i = 0; i < MINT_MAX_CORES; i++)
		if (cores_has(a, (unsigned)i) && !cores_has(b, (unsigned)i))
			return i;
	return -1;
}

/* One number of a list; stops at '-', ',' or the end. */
static int parse_core(const char **sp, unsigned *out, char *buf, size_t len,
		      const char **why)
{
	char tok[32];
	const char *s = *sp;
	size_t n = strcspn(s, "-,");
	const char *reason;
	uint64_t v;

	if (n == 0 || n >= sizeof(tok)) {
		snprintf(buf, len, n ? "core number too long" :
			 "expected a core number in \"%s\"", *sp);
		*why = buf;
		return -1;
	}
	memcpy(tok, s, n);
	tok[n] = '\0';
	if (parse_u64(tok, &v, &reason)) {
		snprintf(buf, len, "bad core number \"%s\": %s", tok, reason);
		*why = buf;
		return -1;
	}
	if (v >= MINT_MAX_CORES) {
		snprintf(buf, len, "core %s is beyond the limit of %d cores",
			 tok, MINT_MAX_CORES);
		*why = buf;
		return -1;
	}
	*out = (unsigned)v;
	*sp = s + n;
	return 0;
}

int cores_parse(const char *s, struct mint_cores *out, char *buf, size_t len,
		const char **why)
{
	struct mint_cores c;

	memset(&c, 0, sizeof(c));
	if (!*s) {
		*why = "empty core list";
		return -1;
	}
	for (;;) {
		unsigned lo, hi;

		if (parse_core(&s, &lo, buf, len, why))
			return -1;
		hi = lo;
		if (*s == '-') {
			s++;
			if (parse_core(&s, &hi, buf, len, why))
				return -1;
			if (hi < lo) {
				snprintf(buf, len, "reversed range %u-%u",
					 lo, hi);
				*why = buf;
				return -1;
			}
		}
		for (unsigned i = lo; i <= hi; i++) {
			if (cores_has(&c, i)) {
				snprintf(buf, len, "core %u is listed twice",
					 i);
				*why = buf;
				return -1;
			}
			cores_add(&c, i);
		}
		if (!*s)
			break;
		if (*s != ',') {
			snprintf(buf, len, "unexpected '%c' in core list", *s);
			*why = buf;
			return -1;
		}
		s++;
	}
	*out = c;
	return 0;
}

char *cores_format(const struct mint_cores *c, char *buf, size_t len)
{
	size_t used = 0;
	int i = cores_next(c, 0);

	buf[0] = '\0';
	if (i < 0) {
		snprintf(buf, len, "none");
		return buf;
	}
	while (i >= 0) {
		int j = i;

		while (j + 1 < MINT_MAX_CORES && cores_has(c, (unsigned)j + 1))
			j++;
		if (used < len)
			used += (size_t)snprintf(buf + used, len - used,
						 "%s%d", used ? "," : "", i);
		if (j > i && used < len)
			used += (size_t)snprintf(buf + used, len - used,
						 "-%d", j);
		i = cores_next(c, j + 1);
	}
	return buf;
}
