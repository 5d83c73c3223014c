// SPDX-License-Identifier: GPL-2.0-only
/*
 * Node 0's extra kernel parameters from the plan (memmap=, maxcpus=,
 * no_ipi_broadcast=1): building them, taking an earlier partition's out
 * of a command line, comparing them with a running one, and quoting for
 * shells and GRUB (kparams.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kparams.h"
#include "numbers.h"
#include "planner.h"
#include "uarts.h"

static bool has_prefix(const char *p, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(p, prefix, n);
}

/*
 * True for a parameter mintctl partition owns: maxcpus=, nr_cpus=,
 * no_ipi_broadcast=, cpuhp.parallel=, every reserving memmap=SIZE$ADDR
 * and a reserve= of legacy UARTs only (mint_uart_reserve()).
 */
static bool kparam_is_ours(const char *p, size_t len)
{
	if (has_prefix(p, len, "maxcpus=") || has_prefix(p, len, "nr_cpus=") ||
	    has_prefix(p, len, "no_ipi_broadcast=") ||
	    has_prefix(p, len, "cpuhp.parallel="))
		return true;
	if (has_prefix(p, len, "reserve="))
		return mint_uart_reserve(p + 8, len - 8);
	/* memmap=nn$ss reserves; memmap=nn@ss, nn#ss, nn!ss are not ours. */
	return has_prefix(p, len, "memmap=") && memchr(p, '$', len);
}

/*
 * The next parameter of a command line at *p: its start, with *len set,
 * and *p moved past it; NULL at the end. Spaces inside double quotes
 * belong to the parameter.
 */
static const char *next_param(const char **p, size_t *len)
{
	const char *start, *c = *p;
	bool quoted = false;

	while (*c == ' ' || *c == '\t' || *c == '\n')
		c++;
	if (!*c)
		return NULL;
	start = c;
	while (*c && (quoted || (*c != ' ' && *c != '\t' && *c != '\n'))) {
		if (*c == '"')
			quoted = !quoted;
		c++;
	}
	*p = c;
	*len = (size_t)(c - start);
	return start;
}

int kparams_strip(const char *cmdline, char *buf, size_t len)
{
	const char *p = cmdline, *start;
	size_t used = 0, n;

	while ((start = next_param(&p, &n))) {
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

/* Whether the command line has exactly this parameter. */
static bool has_param(const char *cmdline, const char *param, size_t plen)
{
	const char *p = cmdline, *start;
	size_t n;

	while ((start = next_param(&p, &n)))
		if (n == plen && !memcmp(start, param, n))
			return true;
	return false;
}

void kparams_diff(const char *cmdline, const char *want, kparams_diff_fn *fn,
		  void *arg)
{
	const char *p = want, *start;
	size_t n;

	while ((start = next_param(&p, &n)))
		if (!has_param(cmdline, start, n))
			fn(start, n, true, arg);
	p = cmdline;
	while ((start = next_param(&p, &n)))
		if (kparam_is_ours(start, n) && !has_param(want, start, n))
			fn(start, n, false, arg);
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

/*
 * Node 0's reservations in the order the parameters list them (each
 * secondary's memory and low window, then the shared region), and their
 * union, in which reservations that touch are one range.
 */
static unsigned reservations(const struct mint_plan *p,
			     struct mint_range *list,
			     struct mint_rangeset *merged)
{
	unsigned n = 0;

	memset(merged, 0, sizeof(*merged));
	for (unsigned i = 1; i < p->nr_nodes; i++) {
		list[n++] = p->node[i].mem[0];
		list[n++] = p->node[i].low;
	}
	list[n++] = p->shared;
	for (unsigned k = 0; k < n; k++)
		rangeset_add(merged, list[k].base, list[k].size);
	return n;
}

unsigned mint_plan_memmap_regions(const struct mint_plan *p)
{
	struct mint_range list[2 * MINT_MAX_NODES + 1];
	struct mint_rangeset merged;

	reservations(p, list, &merged);
	return merged.nr;
}

/*
 * The parameters themselves; see planner.h. Merging keeps the count of
 * memmap= low because Linux's boot decompressor keeps KASLR away from only
 * MINT_KASLR_MEMMAP_MAX of them: it ignores any later memmap= parameter
 * and could decompress node 0's kernel into that reservation. Only a
 * single memmap= with more regions than that makes it give up physical
 * randomization (memmap_too_large in arch/x86/boot/compressed/kaslr.c),
 * so beyond the limit every reservation goes into one list.
 */
/* reserve=PORT,8,... for every UART a secondary drives; -1 if buf is full. */
static int uart_reserve(const struct mint_plan *p, char *buf, size_t len,
			size_t used)
{
	unsigned mask = 0;
	int n;

	for (unsigned i = 1; i < p->nr_nodes; i++)
		mask |= p->node[i].uarts;
	for (unsigned u = 0; u < MINT_NR_UARTS; u++) {
		if (!(mask & (1u << u)))
			continue;
		n = snprintf(buf + used, len - used, "%s%#x,8",
			     mask & ((1u << u) - 1) ? "," : " reserve=",
			     mint_uart_port(u));
		if (n < 0 || (size_t)n >= len - used)
			return -1;
		used += (size_t)n;
	}
	return 0;
}

int mint_plan_kparams(const struct mint_plan *p, char *buf, size_t len)
{
	struct mint_range list[2 * MINT_MAX_NODES + 1];
	bool emitted[MINT_MAX_RANGES] = { false };
	struct mint_rangeset merged;
	unsigned nr = reservations(p, list, &merged), out = 0;
	bool one_list = merged.nr > MINT_KASLR_MEMMAP_MAX;
	size_t used;
	char a[32];
	int n;

	n = snprintf(buf, len, "maxcpus=%u no_ipi_broadcast=1%s",
		     p->node[0].nr_cores, p->smt ? " cpuhp.parallel=0" : "");
	if (n < 0 || (size_t)n >= len)
		return -1;
	used = (size_t)n;
	for (unsigned i = 0; i < nr; i++) {
		const struct mint_range *r = NULL;
		unsigned k;

		for (k = 0; k < merged.nr; k++) {
			r = &merged.r[k];
			if (list[i].size && r->base <= list[i].base &&
			    list[i].base < range_end(r))
				break;
		}
		if (k == merged.nr || emitted[k])
			continue;
		emitted[k] = true;
		n = snprintf(buf + used, len - used, "%s%s$0x%" PRIx64,
			     one_list && out ? "," : " memmap=",
			     format_size(r->size, a, sizeof(a)), r->base);
		if (n < 0 || (size_t)n >= len - used)
			return -1;
		used += (size_t)n;
		out++;
	}
	return uart_reserve(p, buf, len, used);
}
