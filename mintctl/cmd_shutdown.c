// SPDX-License-Identifier: GPL-2.0-only
/*
 * mintctl shutdown: stop a secondary node so it can be booted again.
 * Orderly first: a MINT_REQ_SHUTDOWN request in the node's mailbox and the
 * Mint IPI as the doorbell, then wait for DOWN. Then, and on --force or a
 * timeout, INIT every core through /dev/mint and mark the record DOWN. A
 * CRASHED node keeps that state and its reason, as boot leaves it, so
 * status still says why after mint-node@.service's ExecStop= ran.
 */
#include <stdio.h>
#include <unistd.h>

#include "control.h"
#include "json.h"
#include "launcher.h"
#include "main.h"
#include "numbers.h"

#define SHUTDOWN_TIMEOUT_S	30

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
	       "A CRASHED node stays CRASHED, with its reason, for status.\n"
	       "\n"
	       "  --force       skip the request: INIT the cores at once, mark DOWN\n"
	       "  --timeout S   seconds to wait for DOWN before INIT (default %d)\n"
	       "\n" GLOBAL_OPTIONS_HELP, SHUTDOWN_TIMEOUT_S);
}

struct down_wait {
	unsigned id;
	uint32_t epoch;
};

/* DOWN or CRASHED in the epoch the request went to. */
static enum wait_verdict down_check(const struct mint_ctrl_block *cb,
				    void *arg)
{
	const struct down_wait *w = arg;
	const struct mint_node_self *self = &cb->node[w->id].self;

	return self->epoch == w->epoch && (self->state == MINT_NODE_DOWN ||
					   self->state == MINT_NODE_CRASHED) ?
	       WAIT_DONE : WAIT_MORE;
}

/* Orderly: request, doorbell, wait. MINT_OK once the node reports DOWN. */
static int request_down(int fd, const struct mint_plan *p, unsigned id,
			struct mint_ctrl_block *cb, double timeout)
{
	const struct mint_node_plan *n = &p->node[id];
	const struct mint_node_self *self = &cb->node[id].self;
	struct down_wait w = { id, cb->node[id].self.epoch };
	enum wait_verdict v;
	double waited;
	uint32_t seq;

	if (ctrl_request_shutdown(fd, p->shared.base, cb, id, &seq) ||
	    launcher_send_ipi(fd, n->apic_id[0]))
		return MINT_ERR_RUNTIME;
	fprintf(stderr, "%s: shutting down", n->name);
	v = ctrl_wait_state(fd, p->shared.base, cb, timeout, down_check, &w,
		       &waited);
	if (v == WAIT_DONE) {
		fprintf(stderr, " %s after %.1f s\n",
			ctrl_state_name(self->state), waited);
		return MINT_OK;
	}
	if (v == WAIT_TIMEOUT)
		p_err("%s did not report DOWN within %.0f s (state %s, request %u %s); stopping its cores with INIT",
		      n->name, timeout, ctrl_state_name(self->state), seq,
		      self->last_ack == seq ? "acknowledged" : "not acknowledged");
	return MINT_ERR_RUNTIME;
}

static int print_down_json(const struct mint_node_plan *n, const char *state,
			   const char *how, uint32_t was, const char *reason)
{
	struct json j;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_u64(&j, "id", n->id);
	json_string(&j, "name", n->name);
	json_string(&j, "state", state);
	json_string(&j, "how", how);
	json_string(&j, "was", ctrl_state_name(was));
	if (reason)
		json_string(&j, "reason", reason);
	else
		json_null(&j, "reason");
	json_end_object(&j);
	return json_finish(&j);
}

/* What shutdown printed: the node is stopped, DOWN or still CRASHED. */
static int print_down(const struct mint_node_plan *n, const char *how,
		      uint32_t was, const struct mint_node_self *self)
{
	bool crashed = self && self->state == MINT_NODE_CRASHED;
	const char *state = crashed ? "CRASHED" : "DOWN";
	char buf[128];
	const char *reason = crashed ? ctrl_reason_text(self, buf, sizeof(buf)) :
				       NULL;

	if (opts.json)
		return print_down_json(n, state, how, was, reason);
	printf("%s: %s (%s; was %s)%s%s\n", n->name, state, how,
	       ctrl_state_name(was), reason ? ": " : "", reason ? reason : "");
	return MINT_OK;
}

static int shutdown_node(const char *arg, bool force, double timeout)
{
	struct mint_ctx ctx = { 0 };
	struct mint_ctrl_block *cb;
	const char *how = "stopped";
	unsigned id = 0;
	int fd, rc;

	rc = ctx_open_node(&ctx, arg, &id, &fd, &cb);
	if (!rc && ctrl_read(fd, ctx.p->shared.base, cb))
		rc = MINT_ERR_RUNTIME;
	if (!rc) {
		bool valid = ctrl_header_valid(cb);
		const struct mint_node_self *now = valid ? &cb->node[id].self :
							   NULL;
		uint32_t state = valid ? now->state : MINT_NODE_OFF;

		if (!force && state == MINT_NODE_UP &&
		    request_down(fd, ctx.p, id, cb, timeout) == MINT_OK)
			how = "powered off";
		else if (!force && state == MINT_NODE_UP)
			how = "stopped with INIT after the timeout";
		else if (force)
			how = "stopped with INIT (--force)";
		/* request_down() left the state after its wait in cb. */
		if (state == MINT_NODE_UP && now &&
		    now->state == MINT_NODE_CRASHED)
			how = "it crashed while shutting down";
		/* Always INIT: it makes the cores restartable and releases them. */
		if (ctrl_stop_cores(fd, &ctx.p->node[id]) ||
		    (now && now->state != MINT_NODE_CRASHED &&
		     ctrl_mark_down(fd, ctx.p->shared.base, id)))
			rc = MINT_ERR_RUNTIME;
		else
			rc = print_down(&ctx.p->node[id], how, state, now);
	}
	ctx_close_node(&ctx, fd, cb);
	return rc;
}

int do_shutdown(int argc, char **argv)
{
	uint64_t timeout = SHUTDOWN_TIMEOUT_S;
	bool force = false;
	int c;

	mint_set_help(shutdown_help);
	while ((c = mint_getopt(argc, argv, "", shutdown_opts)) != -1) {
		switch (c) {
		case OPT_FORCE:
			force = true;
			break;
		case OPT_TIMEOUT:
			if (parse_timeout(optarg, &timeout))
				return MINT_ERR_USAGE;
			break;
		default:
			return MINT_ERR_USAGE;
		}
	}
	if (optind >= argc) {
		p_err("which node? (mintctl shutdown NODE)");
		return MINT_ERR_USAGE;
	}
	optind++;
	if (no_more_args(argc, argv))
		return MINT_ERR_USAGE;
	return shutdown_node(argv[optind - 1], force, (double)timeout);
}
