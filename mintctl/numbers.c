// SPDX-License-Identifier: GPL-2.0-only
/*
 * Number parsing is strict on purpose: "512Q", "0x", "-1", " 1" and
 * overflow are errors with a reason, never a silently wrong value.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "numbers.h"

static int digit_value(char c, unsigned base)
{
	int v;

	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (c >= 'a' && c <= 'f')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		v = c - 'A' + 10;
	else
		return -1;
	return v < (int)base ? v : -1;
}

/* Parse digits at *sp; leaves *sp after them. */
static int parse_digits(const char **sp, uint64_t *out, const char **why)
{
	const char *s = *sp;
	unsigned base = 10;
	uint64_t v = 0;
	int d, n = 0;

	if (*s == '-') {
		*why = "negative numbers are not allowed";
		return -1;
	}
	if (*s == '+' || isspace((unsigned char)*s)) {
		*why = "expected a digit";
		return -1;
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (digit_value(*s, 16) < 0) {
			*why = "no hex digits after 0x";
			return -1;
		}
	}
	while ((d = digit_value(*s, base)) >= 0) {
		if (v > (UINT64_MAX - (uint64_t)d) / base) {
			*why = "number too large";
			return -1;
		}
		v = v * base + (uint64_t)d;
		s++;
		n++;
	}
	if (!n) {
		*why = *s ? "expected a number" : "empty value";
		return -1;
	}
	*sp = s;
	*out = v;
	return 0;
}

int parse_u64(const char *s, uint64_t *out, const char **why)
{
	uint64_t v;

	if (parse_digits(&s, &v, why))
		return -1;
	if (*s) {
		*why = "trailing characters after the number";
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_size_end(const char **sp, uint64_t *out, const char **why)
{
	const char *s = *sp;
	unsigned shift = 0;
	uint64_t v;

	if (parse_digits(&s, &v, why))
		return -1;
	switch (*s) {
	case 'k': case 'K': shift = 10; s++; break;
	case 'm': case 'M': shift = 20; s++; break;
	case 'g': case 'G': shift = 30; s++; break;
	case 't': case 'T': shift = 40; s++; break;
	case '\0': case '@': break;
	default:
		*why = isalpha((unsigned char)*s) ?
		       "unknown size suffix (use K, M, G or T)" :
		       "trailing characters after the number";
		return -1;
	}
	if (shift && v > (UINT64_MAX >> shift)) {
		*why = "size too large";
		return -1;
	}
	*out = v << shift;
	*sp = s;
	return 0;
}

int parse_size(const char *s, uint64_t *out, const char **why)
{
	uint64_t v;

	if (parse_size_end(&s, &v, why))
		return -1;
	if (*s) {
		*why = "trailing characters after the size";
		return -1;
	}
	*out = v;
	return 0;
}

int parse_size_at(const char *s, uint64_t *size, uint64_t *addr,
		  int *has_addr, const char **why)
{
	uint64_t v, a = 0;

	if (parse_size_end(&s, &v, why))
		return -1;
	*has_addr = 0;
	if (*s == '@') {
		if (parse_u64(s + 1, &a, why))
			return -1;
		*has_addr = 1;
	} else if (*s) {
		*why = "trailing characters after the size";
		return -1;
	}
	*size = v;
	*addr = a;
	return 0;
}

char *format_size(uint64_t v, char *buf, size_t len)
{
	static const char units[] = "TGMK";
	unsigned shift = 40;

	for (const char *u = units; *u; u++, shift -= 10) {
		if (v && !(v & ((1ull << shift) - 1))) {
			snprintf(buf, len, "%" PRIu64 "%c", v >> shift, *u);
			return buf;
		}
	}
	snprintf(buf, len, "%" PRIu64, v);
	return buf;
}

char *format_size_approx(uint64_t v, char *buf, size_t len)
{
	static const char units[] = "KMGT";
	double d = (double)v;
	int i = -1;

	while (d >= 1024.0 && i < 3) {
		d /= 1024.0;
		i++;
	}
	if (i < 0)
		snprintf(buf, len, "%" PRIu64 "B", v);
	else if (d == (double)(uint64_t)d)
		snprintf(buf, len, "%" PRIu64 "%c", (uint64_t)d, units[i]);
	else
		snprintf(buf, len, "%.1f%c", d, units[i]);
	return buf;
}
