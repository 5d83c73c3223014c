// SPDX-License-Identifier: GPL-2.0-only
/*
 * mintctl log: a secondary's console history, from the output ring of its
 * console channel in the shared region, whether the node runs, is DOWN or
 * CRASHED: the ring outlives the node and is cleared only by its next
 * boot. -f follows new output until a stop signal or the next boot.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "console_chan.h"
#include "fileio.h"
#include "main.h"
#include "node_lookup.h"
#include "signals.h"

#define LOG_POLL_NS	(20 * 1000 * 1000)

static const struct option log_opts[] = {
	{ "follow", no_argument, NULL, 'f' },
	{ "new", no_argument, NULL, 'n' },
	{ NULL, 0, NULL, 0 },
};

static void log_help(void)
{
	printf("Usage: mintctl log NODE [-f [-n]]\n"
	       "\n"
	       "Print a secondary node's console history: the output its kernel wrote to\n"
	       "its console channel in the shared region, the last console_log bytes of\n"
	       "it (default 256K), whether the node runs, is DOWN or CRASHED. The history\n"
	       "is cleared only when the node boots again. Runs on node 0.\n"
	       "\n"
	       "  -f, --follow   keep printing new output until Ctrl-C, or until the node\n"
	       "                 boots again (said on stderr)\n"
	       "  -n, --new      with -f: only what the node prints from now on, not the\n"
	       "                 history\n"
	       "\n" GLOBAL_OPTIONS_HELP);
}

/*
 * Console output as text lines: the kernel's and the tty's "\r\n" become
 * "\n", so that grep 'x$' works on the log as on dmesg. A "\r" that ends
 * one fetch waits for the next. In place: the text only shrinks.
 */
static size_t drop_cr(uint8_t *buf, size_t len, bool *cr_held)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (*cr_held && buf[i] != '\n')
			buf[n++] = '\r';
		*cr_held = buf[i] == '\r';
		if (!*cr_held)
			buf[n++] = buf[i];
	}
	return n;
}

/* 0, 1 when stdout is gone (a closed pipe: stop quietly), -1 on an error. */
static int put_out(const struct chan *c, size_t len)
{
	static bool cr_held;

	len = drop_cr(c->buf, len, &cr_held);
	if (!len || !write_all(STDOUT_FILENO, c->buf, len))
		return 0;
	if (errno == EPIPE)
		return 1;
	p_err("stdout: %s", strerror(errno));
	return -1;
}

static int follow(struct chan *c, uint64_t pos)
{
	const struct timespec poll = { .tv_nsec = LOG_POLL_NS };
	size_t len;
	int w;

	mint_catch_stop_signals();
	while (!mint_stop_signal) {
		nanosleep(&poll, NULL);
		if (chan_fetch(c, &pos, &len))
			return MINT_ERR_RUNTIME;
		if (c->rebooted) {
			p_info("%s was booted again: its console starts afresh (run 'mintctl log %s' again)",
			       c->n->name, c->n->name);
			return MINT_OK;
		}
		w = put_out(c, len);
		if (w)
			return w < 0 ? MINT_ERR_RUNTIME : MINT_OK;
	}
	return MINT_OK;
}

static int log_node(const char *arg, bool follow_on, bool only_new)
{
	struct mint_ctx ctx = { 0 };
	struct chan c = { .fd = -1 };
	uint64_t pos = 0;
	size_t len = 0;
	unsigned id = 0;
	int rc, w;

	rc = ctx_load(&ctx);
	if (!rc)
		rc = node_find_secondary(ctx.p, arg, &id);
	if (!rc)
		rc = chan_open(&c, ctx.p, id);
	if (!rc && only_new && chan_head(&c, &pos))
		rc = MINT_ERR_RUNTIME;
	else if (!rc && !only_new &&
		 (chan_history(&c, &pos) || chan_fetch(&c, &pos, &len)))
		rc = MINT_ERR_RUNTIME;
	if (!rc) {
		w = put_out(&c, len);
		if (w < 0)
			rc = MINT_ERR_RUNTIME;
		else if (!w && follow_on)
			rc = follow(&c, pos);
	}
	/* A corrupt channel was said as it was seen; the status says it too. */
	if (!rc && c.errors)
		rc = MINT_ERR_RUNTIME;
	chan_close(&c);
	ctx_free(&ctx);
	return rc;
}

int do_log(int argc, char **argv)
{
	bool follow_on = false, only_new = false;
	int c;

	mint_set_help(log_help);
	while ((c = mint_getopt(argc, argv, "fn", log_opts)) != -1) {
		switch (c) {
		case 'f':
			follow_on = true;
			break;
		case 'n':
			only_new = true;
			break;
		default:
			return MINT_ERR_USAGE;
		}
	}
	if (optind >= argc) {
		p_err("which node? (mintctl log NODE)");
		return MINT_ERR_USAGE;
	}
	if (only_new && !follow_on) {
		p_err("--new goes with -f: without it there is nothing to print");
		return MINT_ERR_USAGE;
	}
	optind++;
	if (no_more_args(argc, argv))
		return MINT_ERR_USAGE;
	return log_node(argv[optind - 1], follow_on, only_new);
}
