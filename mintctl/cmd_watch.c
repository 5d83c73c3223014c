// SPDX-License-Identifier: GPL-2.0-only
/*
 * mintctl watch NODE: the main process of mint-node@NODE.service. It
 * reads the node's state in the control block until the node is DOWN or
 * CRASHED, so the unit ends when the node does, and a crash fails the unit
 * with the reason in the journal. Whether systemd boots the node again is
 * the config's choice (restart = on-crash), passed on as the exit status
 * the unit names in RestartForceExitStatus=.
 */
#include <stdio.h>
#include <unistd.h>

#include "control.h"
#include "json.h"
#include "launcher.h"
#include "main.h"

#define WATCH_POLL_US		500000
/* EX_TEMPFAIL of sysexits.h: crashed, and the config asks for another try. */
#define WATCH_EXIT_RESTART	75

static const struct option watch_opts[] = {
	{ NULL, 0, NULL, 0 },
};

static void watch_help(void)
{
	printf("Usage: mintctl watch NODE\n"
	       "\n"
	       "Wait while NODE runs, reading its state in the control block every\n"
	       "half second (a node still BOOTING is waited for). Exit 0 once it is\n"
	       "DOWN or OFF (it powered off, or was shut down), 1 once it is CRASHED\n"
	       "(the reason on stderr), or %d (EX_TEMPFAIL) when it CRASHED and its\n"
	       "section says restart = on-crash: mint-node@.service, whose main\n"
	       "process this is, then boots it again. Runs on node 0 only.\n"
	       "\n" GLOBAL_OPTIONS_HELP, WATCH_EXIT_RESTART);
}

static int print_json(const struct mint_node_plan *n,
		      const struct mint_node_self *self, const char *reason,
		      bool restart)
{
	struct json j;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_u64(&j, "id", n->id);
	json_string(&j, "name", n->name);
	json_string(&j, "state", ctrl_state_name(self->state));
	if (reason)
		json_string(&j, "reason", reason);
	else
		json_null(&j, "reason");
	json_u64(&j, "epoch", self->epoch);
	json_bool(&j, "restart", restart);
	json_end_object(&j);
	return json_finish(&j);
}

/* How the node ended: MINT_OK (DOWN), MINT_ERR_RUNTIME or the restart status. */
static int ended(const struct mint_node_plan *n,
		 const struct mint_node_self *self)
{
	bool crashed = self->state == MINT_NODE_CRASHED;
	bool restart = crashed && n->restart == MINT_RESTART_ON_CRASH;
	char buf[128];
	const char *reason = crashed ? ctrl_reason_text(self, buf, sizeof(buf)) :
				       NULL;
	int rc = !crashed ? MINT_OK : restart ? WATCH_EXIT_RESTART :
					      MINT_ERR_RUNTIME;

	if (self->state > MINT_NODE_CRASHED) {
		p_err("%s's control record holds no state (%u)", n->name,
		      self->state);
		return MINT_ERR_RUNTIME;
	}
	if (crashed) {
		p_err("%s CRASHED (epoch %u)%s%s", n->name, self->epoch,
		      reason ? ": " : "", reason ? reason : "");
		p_info("%s has restart = %s: %s", n->name,
		       mint_restart_name(n->restart),
		       restart ? "its unit boots it again" : "it stays down");
	}
	if (opts.json) {
		if (print_json(n, self, reason, restart))
			return MINT_ERR_RUNTIME;
		mint_json_has_result = true;
	} else if (!crashed) {
		printf("%s: %s (epoch %u)\n", n->name,
		       ctrl_state_name(self->state), self->epoch);
	}
	return rc;
}

static int watch(const char *arg)
{
	struct mint_ctx ctx = { 0 };
	struct mint_ctrl_block *cb;
	uint32_t seen_epoch = 0;
	unsigned id = 0;
	int fd, rc;

	rc = ctx_open_node(&ctx, arg, &id, &fd, &cb);
	while (!rc) {
		struct mint_node_self self = { 0 };	/* OFF */

		if (ctrl_read(fd, ctx.p->shared.base, cb)) {
			rc = MINT_ERR_RUNTIME;
			break;
		}
		if (ctrl_header_valid(cb))
			self = cb->node[id].self;
		if (self.state == MINT_NODE_UP && self.epoch != seen_epoch) {
			seen_epoch = self.epoch;
			p_info("%s is UP (epoch %u)", ctx.p->node[id].name,
			       seen_epoch);
		}
		if (self.state != MINT_NODE_UP && self.state != MINT_NODE_BOOTING) {
			rc = ended(&ctx.p->node[id], &self);
			break;
		}
		usleep(WATCH_POLL_US);
	}
	ctx_close_node(&ctx, fd, cb);
	return rc;
}

int do_watch(int argc, char **argv)
{
	int c;

	mint_set_command("watch", watch_help);
	while ((c = mint_getopt(argc, argv, "", watch_opts)) != -1)
		return MINT_ERR_USAGE;
	if (optind >= argc) {
		p_err("which node? (mintctl watch NODE)");
		return MINT_ERR_USAGE;
	}
	optind++;
	if (no_more_args(argc, argv))
		return MINT_ERR_USAGE;
	return watch(argv[optind - 1]);
}
