// SPDX-License-Identifier: GPL-2.0-only
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kparams.h"
#include "numbers.h"
#include "planner.h"

static bool has_prefix(const char *p, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(p, prefix, n);
}

bool kparam_is_ours(const char *p, size_t len)
{
	if (has_prefix(p, len, "maxcpus=") || has_prefix(p, len, "nr_cpus=") ||
	    has_prefix(p, len, "no_ipi_broadcast="))
		return true;
	/* memmap=nn$ss reserves; memmap=nn@ss, nn#ss, nn!ss are not ours. */
	return has_prefix(p, len, "memmap=") && memchr(p, '$', len);
}

int kparams_strip(const char *cmdline, char *buf, size_t len)
{
	const char *p = cmdline;
	size_t used = 0;

	for (;;) {
		const char *start;
		bool quoted = false;
		size_t n;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		start = p;
		/* Spaces inside double quotes belong to the parameter. */
		while (*p && (quoted || (*p != ' ' && *p != '\t' && *p != '\n'))) {
			if (*p == '"')
				quoted = !quoted;
			p++;
		}
		n = (size_t)(p - start);
		if (kparam_is_ours(start, n))
			continue;
		if (used + !!used + n + 1 > len)
			return -1;
		if (used)
			buf[used++] = ' ';
		memcpy(buf + used, start, n);
		used += n;
	}
	if (len < 1)
		return -1;
	buf[used] = '\0';
	return 0;
}

/* Append n bytes at buf[*used], keeping room for reserve more; -1 if full. */
static int put(char *buf, size_t len, size_t *used, const char *piece,
	       size_t n, size_t reserve)
{
	if (*used + n + reserve > len)
		return -1;
	memcpy(buf + *used, piece, n);
	*used += n;
	return 0;
}

int shell_quote(const char *s, char *buf, size_t len)
{
	size_t used = 0;
	bool plain = *s != '\0';

	for (const char *c = s; *c; c++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789_-./=:,+@%", *c))
			plain = false;
	if (plain) {
		if (strlen(s) + 1 > len)
			return -1;
		strcpy(buf, s);
		return 0;
	}
	if (len < 3)
		return -1;
	buf[used++] = '\'';
	for (const char *c = s; *c; c++) {
		int rc = *c == '\'' ? put(buf, len, &used, "'\\''", 4, 2) :
				       put(buf, len, &used, c, 1, 2);

		if (rc)
			return -1;
	}
	buf[used++] = '\'';
	buf[used] = '\0';
	return 0;
}

int grub_escape(const char *s, char *buf, size_t len)
{
	size_t used = 0;

	for (const char *c = s; *c; c++) {
		const char *piece;
		char one[3] = { '\\', *c, '\0' };

		if (*c == '$')
			piece = "\\\\\\$";
		else if (*c == '"' || *c == '\\' || *c == '`')
			piece = one;
		else
			piece = NULL;
		if (piece ? put(buf, len, &used, piece, strlen(piece), 1) :
			    put(buf, len, &used, c, 1, 1))
			return -1;
	}
	if (len < 1)
		return -1;
	buf[used] = '\0';
	return 0;
}

/* The parameters themselves; see planner.h. */
int mint_plan_kparams(const struct mint_plan *p, char *buf, size_t len)
{
	size_t used;
	char a[32];
	int n;

	n = snprintf(buf, len, "maxcpus=%u no_ipi_broadcast=1",
		     p->node[0].nr_cores);
	if (n < 0 || (size_t)n >= len)
		return -1;
	used = (size_t)n;
	for (unsigned i = 0; i <= p->nr_nodes; i++) {
		/* i == nr_nodes stands for the shared region, listed last. */
		const struct mint_range *r[2] = { NULL, NULL };

		if (i == p->nr_nodes) {
			r[0] = &p->shared;
		} else if (i > 0) {
			r[0] = &p->node[i].mem[0];
			r[1] = &p->node[i].low;
		}
		for (int k = 0; k < 2; k++) {
			if (!r[k])
				continue;
			n = snprintf(buf + used, len - used,
				     " memmap=%s$0x%" PRIx64,
				     format_size(r[k]->size, a, sizeof(a)),
				     r[k]->base);
			if (n < 0 || (size_t)n >= len - used)
				return -1;
			used += (size_t)n;
		}
	}
	return 0;
}
