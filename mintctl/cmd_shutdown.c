// SPDX-License-Identifier: GPL-2.0-only
/*
 * mintctl shutdown: stop a secondary node so it can be booted again.
 * Orderly first: a MINT_REQ_SHUTDOWN request in the node's mailbox and the
 * Mint IPI as the doorbell, then wait for DOWN. Then, and on --force or a
 * timeout, INIT every core through /dev/mint and mark the record DOWN.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bootcheck.h"
#include "boot_run.h"
#include "control.h"
#include "launcher.h"
#include "main.h"
#include "numbers.h"

#define SHUTDOWN_TIMEOUT_S	30
#define SHUTDOWN_POLL_US	100000

enum { OPT_FORCE = 0x500, OPT_TIMEOUT };

static const struct option shutdown_opts[] = {
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ NULL, 0, NULL, 0 },
};

static void shutdown_help(void)
{
	printf("Usage: mintctl shutdown NODE [--force] [--timeout S]\n"
	       "\n"
	       "Ask a secondary node to power off (mailbox request and Mint IPI), wait\n"
	       "until it reports DOWN, then INIT its cores so it can be booted again.\n"
	       "\n"
	       "  --force       skip the request: INIT the cores at once, mark DOWN\n"
	       "  --timeout S   seconds to wait for DOWN before INIT (default %d)\n"
	       "\n" GLOBAL_OPTIONS_HELP, SHUTDOWN_TIMEOUT_S);
}

/* Orderly: request, doorbell, wait. MINT_OK once the node reports DOWN. */
static int request_down(int fd, const struct mint_plan *p, unsigned id,
			struct mint_ctrl_block *cb, double timeout)
{
	const struct mint_node_plan *n = &p->node[id];
	uint32_t seq, epoch = cb->node[id].self.epoch;
	double start = mint_now(), next_dot = start + 1;

	if (ctrl_request_shutdown(fd, p->shared.base, cb, id, &seq) ||
	    launcher_send_ipi(fd, n->apic_id[0]))
		return MINT_ERR_RUNTIME;
	fprintf(stderr, "%s: shutting down", n->name);
	for (;;) {
		const struct mint_node_self *self = &cb->node[id].self;

		usleep(SHUTDOWN_POLL_US);
		if (ctrl_read(fd, p->shared.base, cb)) {
			fputc('\n', stderr);
			return MINT_ERR_RUNTIME;
		}
		if (self->epoch == epoch && (self->state == MINT_NODE_DOWN ||
					     self->state == MINT_NODE_CRASHED)) {
			fprintf(stderr, " %s after %.1f s\n",
				ctrl_state_name(self->state), mint_now() - start);
			return MINT_OK;
		}
		if (mint_now() - start > timeout) {
			fputc('\n', stderr);
			p_err("shutdown: %s did not report DOWN within %.0f s (state %s, request %u %s); stopping its cores with INIT",
			      n->name, timeout, ctrl_state_name(self->state), seq,
			      self->last_ack == seq ? "acknowledged" : "not acknowledged");
			return MINT_ERR_RUNTIME;
		}
		if (mint_now() >= next_dot) {
			fputc('.', stderr);
			next_dot += 1;
		}
	}
}

static int shutdown_node(const char *arg, bool force, double timeout)
{
	struct mint_config *cfg = NULL;
	struct mint_machine *m = NULL;
	struct mint_plan *p = NULL;
	struct mint_ctrl_block *cb = NULL;
	const char *how = "stopped";
	unsigned id = 0;
	int fd = -1, rc;

	rc = load_plan(&cfg, &m, &p);
	if (!rc)
		rc = node_find_secondary(p, arg, "shutdown", &id);
	if (!rc) {
		fd = launcher_open();
		cb = malloc(sizeof(*cb));
		if (fd < 0 || !cb)
			rc = MINT_ERR_RUNTIME;
	}
	if (!rc && ctrl_read(fd, p->shared.base, cb))
		rc = MINT_ERR_RUNTIME;
	if (!rc) {
		uint32_t state = ctrl_header_valid(cb) ? cb->node[id].self.state :
							 MINT_NODE_OFF;

		if (!force && state == MINT_NODE_UP &&
		    request_down(fd, p, id, cb, timeout) == MINT_OK)
			how = "powered off";
		else if (!force && state == MINT_NODE_UP)
			how = "stopped with INIT after the timeout";
		else if (force)
			how = "stopped with INIT (--force)";
		/* Always INIT: it makes the cores restartable and releases them. */
		if (stop_node_cores(fd, &p->node[id]) ||
		    (ctrl_header_valid(cb) &&
		     ctrl_mark_down(fd, p->shared.base, id)))
			rc = MINT_ERR_RUNTIME;
		else
			printf("%s: DOWN (%s; was %s)\n", p->node[id].name, how,
			       ctrl_state_name(state));
	}
	launcher_close(fd);
	free(cb);
	free(cfg);
	free(m);
	free(p);
	return rc;
}

int do_shutdown(int argc, char **argv)
{
	uint64_t timeout = SHUTDOWN_TIMEOUT_S;
	bool force = false;
	const char *why;
	int c;

	mint_set_command("shutdown", shutdown_help);
	while ((c = mint_getopt(argc, argv, "", shutdown_opts)) != -1) {
		switch (c) {
		case OPT_FORCE:
			force = true;
			break;
		case OPT_TIMEOUT:
			if (parse_u64(optarg, &timeout, &why) || !timeout ||
			    timeout > 86400) {
				p_err("shutdown: --timeout %s: seconds from 1 to 86400",
				      optarg);
				return MINT_ERR_USAGE;
			}
			break;
		default:
			return MINT_ERR_USAGE;
		}
	}
	if (optind >= argc) {
		p_err("shutdown: which node? (mintctl shutdown NODE)");
		return MINT_ERR_USAGE;
	}
	optind++;
	if (no_more_args(argc, argv, "shutdown"))
		return MINT_ERR_USAGE;
	return shutdown_node(argv[optind - 1], force, (double)timeout);
}
