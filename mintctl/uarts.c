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

unsigned mint_uart_port(unsigned n)
{
	return n < MINT_NR_UARTS ? uart_port[n] : 0;
}

/* The UART an I/O port number such as "0x3f8" names, or -1. */
static int port_index(const char *v, size_t len)
{
	char buf[16], *end;
	unsigned long port;

	if (!len || len >= sizeof(buf))
		return -1;
	memcpy(buf, v, len);
	buf[len] = '\0';
	port = strtoul(buf, &end, 0);
	for (int i = 0; *end == '\0' && i < MINT_NR_UARTS; i++)
		if (port == uart_port[i])
			return i;
	return -1;
}

/*
 * The UART a console value names, or -1: "ttyS1[,115200]", and the forms
 * that take a port, "serial,0x2f8", "uart8250,io,0x2f8", "uart,io,0x2f8".
 */
static int uart_of(const char *v, size_t len)
{
	size_t first = strcspn(v, ",");

	if (first > len)
		first = len;
	if (len >= 5 && !strncmp(v, "ttyS", 4) && v[4] >= '0' &&
	    v[4] < '0' + MINT_NR_UARTS && (len == 5 || v[5] == ','))
		return v[4] - '0';
	if (first == len)
		return -1;
	v += first + 1;
	len -= first + 1;
	if (!strncmp(v, "io,", 3) && len > 3) {
		v += 3;
		len -= 3;
	}
	return port_index(v, strcspn(v, ",") < len ? strcspn(v, ",") : len);
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
			n = uart_of(s + 8, len - 8);
		else if (!strncmp(s, "earlycon=", 9))
			n = uart_of(s + 9, len - 9);
		else if (len == 18 && !strncmp(s, "earlyprintk=serial", 18))
			n = 0;	/* x86's default serial port: ttyS0 */
		else if (!strncmp(s, "earlyprintk=serial,", 19)) {
			/* serial,ttyS1 names the tty, serial,0x2f8 the port */
			n = uart_of(s + 19, len - 19);
			if (n < 0)
				n = uart_of(s + 12, len - 12);
		}
		else if (!strncmp(s, "earlyprintk=", 12))
			n = uart_of(s + 12, len - 12);
		if (n >= 0)
			mask |= 1u << n;
		s += len;
	}
	return mask;
}

bool mint_uart_reserve(const char *v, size_t len)
{
	/* "PORT,8" pairs, comma-separated; v need not end at len. */
	for (;;) {
		size_t port = strcspn(v, ",");

		if (port >= len || port_index(v, port) < 0)
			return false;
		v += port + 1;
		len -= port + 1;
		if (!len || v[0] != '8')
			return false;
		if (len == 1)
			return true;
		if (v[1] != ',')
			return false;
		v += 2;
		len -= 2;
	}
}

static const char *node_label(const struct mint_config *cfg, unsigned i)
{
	return cfg->node[i].name[0] ? cfg->node[i].name : cfg->node[i].section;
}

/*
 * Nodes a < b both drive ttyS n. Blame the command line that the user gave
 * on this run (--cmdline), else b's cmdline= in the config.
 */
static void uart_conflict(const struct mint_config *cfg, unsigned a,
			  unsigned b, int override, const char *node0_src,
			  unsigned n)
{
	unsigned blamed = (int)a == override ? a : b, other = blamed == a ? b : a;
	const struct mint_node_cfg *nc = &cfg->node[blamed];
	char what[160];

	if (other == 0)
		snprintf(what, sizeof(what), "is node 0's (%s, from %s)",
			 node_label(cfg, 0), node0_src);
	else
		snprintf(what, sizeof(what), "is already %s's",
			 node_label(cfg, other));
	if ((int)blamed == override)
		p_err("--cmdline of %s: ttyS%u (I/O port %#x) %s; a UART belongs to one node",
		      node_label(cfg, blamed), n, uart_port[n], what);
	else
		p_err_at(&nc->cmdline_s.loc, nc->section, "cmdline",
			 "ttyS%u (I/O port %#x) of %s %s; a UART belongs to one node",
			 n, uart_port[n], node_label(cfg, blamed), what);
}

/*
 * Check that no two nodes drive one UART. Node 0's command line is its
 * [node0] cmdline, else node0_cmdline (its running /proc/cmdline; NULL if
 * unknown). With node >= 0, cmdline replaces that node's (boot --cmdline).
 * MINT_OK, or MINT_ERR_USAGE after a message naming both nodes and the port.
 */
static int mint_check_uarts(const struct mint_config *cfg,
			    const char *node0_cmdline, int node,
			    const char *cmdline)
{
	unsigned mask[MINT_MAX_NODES] = { 0 };
	const char *node0_src = cfg->node[0].cmdline_s.set ? "its cmdline=" :
							     "its running /proc/cmdline";

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
			uart_conflict(cfg, owner, i, node, node0_src,
				      (unsigned)__builtin_ctz(both));
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
