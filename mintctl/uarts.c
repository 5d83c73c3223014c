// SPDX-License-Identifier: GPL-2.0-only
/* Which node drives which legacy UART: one owner each, see uarts.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errors.h"
#include "fileio.h"
#include "main.h"
#include "uarts.h"

static const unsigned uart_port[MINT_NR_UARTS] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };

/* The UART a value such as "ttyS1,115200" names, or -1. */
static int tty_index(const char *v, size_t len)
{
	if (len < 5 || strncmp(v, "ttyS", 4) || v[4] < '0' ||
	    v[4] >= '0' + MINT_NR_UARTS || (len > 5 && v[5] != ','))
		return -1;
	return v[4] - '0';
}

unsigned mint_cmdline_uarts(const char *cmdline)
{
	unsigned mask = 0;
	const char *s = cmdline;

	while (s && *s) {
		size_t len;
		int n = -1;

		s += strspn(s, " \t\n");
		len = strcspn(s, " \t\n");
		if (!strncmp(s, "console=", 8))
			n = tty_index(s + 8, len - 8);
		else if (!strncmp(s, "earlyprintk=serial,", 19))
			n = tty_index(s + 19, len - 19);
		else if (!strncmp(s, "earlyprintk=", 12))
			n = tty_index(s + 12, len - 12);
		if (n >= 0)
			mask |= 1u << n;
		s += len;
	}
	return mask;
}

static const char *node_label(const struct mint_config *cfg, unsigned i)
{
	return cfg->node[i].name[0] ? cfg->node[i].name : cfg->node[i].section;
}

static void uart_conflict(const struct mint_config *cfg, unsigned owner,
			  unsigned j, int override, unsigned n)
{
	const struct mint_node_cfg *nj = &cfg->node[j];
	char what[96];

	if (owner == 0)
		snprintf(what, sizeof(what), "is node 0's (%s) console",
			 node_label(cfg, 0));
	else
		snprintf(what, sizeof(what), "is already %s's", node_label(cfg, owner));
	if ((int)j == override)
		p_err("--cmdline of %s: ttyS%u (I/O port %#x) %s; a UART belongs to one node",
		      node_label(cfg, j), n, uart_port[n], what);
	else
		p_err_at(&nj->cmdline_s.loc, nj->section, "cmdline",
			 "ttyS%u (I/O port %#x) of %s %s; a UART belongs to one node",
			 n, uart_port[n], node_label(cfg, j), what);
}

int mint_check_uarts(const struct mint_config *cfg, const char *node0_cmdline,
		     int node, const char *cmdline)
{
	unsigned mask[MINT_MAX_NODES] = { 0 };

	for (unsigned i = 0; i < MINT_MAX_NODES; i++) {
		const struct mint_node_cfg *nc = &cfg->node[i];
		const char *line = nc->cmdline_s.set ? nc->cmdline : NULL;

		if (!nc->present)
			continue;
		if (i == 0 && !line)
			line = node0_cmdline;
		if ((int)i == node)
			line = cmdline;
		mask[i] = line ? mint_cmdline_uarts(line) : 0;
		for (unsigned owner = 0; owner < i; owner++) {
			unsigned both = mask[owner] & mask[i];

			if (!both)
				continue;
			uart_conflict(cfg, owner, i, node, (unsigned)__builtin_ctz(both));
			return MINT_ERR_USAGE;
		}
	}
	return MINT_OK;
}

int mint_check_uarts_here(const struct mint_config *cfg, const char *sysroot,
			  int node, const char *cmdline)
{
	char path[4200], *text = NULL;
	size_t len;
	int rc;

	sysroot_path(path, sizeof(path), sysroot, MINT_SECONDARY_SYSFS);
	if (access(path, F_OK)) {
		sysroot_path(path, sizeof(path), sysroot, "/proc/cmdline");
		if (read_whole_file(path, MINT_CMDLINE_MAX * 2, &text, &len))
			text = NULL;
	}
	rc = mint_check_uarts(cfg, text, node, cmdline);
	free(text);
	return rc;
}
