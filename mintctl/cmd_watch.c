// SPDX-License-Identifier: GPL-2.0-only
/*
 * mintctl watch NODE: the main process of mint-node@NODE.service. It
 * reads the node's state in the control block until the node is DOWN or
 * CRASHED, so the unit ends when the node does, and a crash fails the unit
 * with the reason in the journal. Whether systemd boots the node again is
 * the config's choice (restart = on-crash), passed on as the exit status
 * the unit names in RestartForceExitStatus=. A node whose heartbeat stops
 * while it is UP is hung: it cannot say so itself, so watch does, and
 * treats it as a crash (the unit's ExecStop= then stops its cores).
 */
#include <stdio.h>
#include <unistd.h>
#include <x86intrin.h>

#include "bootdata.h"
#include "control.h"
#include "json.h"
#include "launcher.h"
#include "main.h"
#include "numbers.h"

#define WATCH_POLL_US		500000
/* EX_TEMPFAIL of sysexits.h: crashed, and the config asks for another try. */
#define WATCH_EXIT_RESTART	75
/* The kernel's soft-lockup threshold (2 x watchdog_thresh): stuck. */
#define WATCH_HUNG_AFTER_S	20
#define WATCH_HUNG_MAX_S	86400

enum { OPT_HUNG_AFTER = 0x500 };

static const struct option watch_opts[] = {
	{ "hung-after", required_argument, NULL, OPT_HUNG_AFTER },
	{ NULL, 0, NULL, 0 },
};

static void watch_help(void)
{
	printf("Usage: mintctl watch NODE [--hung-after S]\n"
	       "\n"
	       "Wait while NODE runs, reading its state in the control block every\n"
	       "half second (a node still BOOTING is waited for). Exit 0 once it is\n"
	       "DOWN or OFF (it powered off, or was shut down), 1 once it is CRASHED\n"
	       "(the reason on stderr) or HUNG, or %d (EX_TEMPFAIL) when it CRASHED or\n"
	       "HUNG and its section says restart = on-crash: mint-node@.service,\n"
	       "whose main process this is, then boots it again. Runs on node 0 only.\n"
	       "\n"
	       "  --hung-after S  an UP node whose heartbeat stopped S seconds ago is\n"
	       "                  HUNG (default %d; 0: never)\n"
	       "\n" GLOBAL_OPTIONS_HELP, WATCH_EXIT_RESTART, WATCH_HUNG_AFTER_S);
}

static int print_json(const struct mint_node_plan *n,
		      const struct mint_node_self *self, const char *state,
		      const char *reason, bool restart)
{
	struct json j;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_u64(&j, "id", n->id);
	json_string(&j, "name", n->name);
	json_string(&j, "state", state);
	if (reason)
		json_string(&j, "reason", reason);
	else
		json_null(&j, "reason");
	json_u64(&j, "epoch", self->epoch);
	json_bool(&j, "restart", restart);
	json_end_object(&j);
	return json_finish(&j);
}

/*
 * How the node ended: MINT_OK (DOWN), MINT_ERR_RUNTIME or the restart
 * status. hung: the reason a node still UP stopped, else NULL.
 */
static int ended(const struct mint_node_plan *n,
		 const struct mint_node_self *self, const char *hung)
{
	bool crashed = hung || self->state == MINT_NODE_CRASHED;
	bool restart = crashed && n->restart == MINT_RESTART_ON_CRASH;
	const char *state = hung ? "HUNG" : ctrl_state_name(self->state);
	char buf[128];
	const char *reason = hung ? hung :
			     ctrl_reason_text(self, buf, sizeof(buf));
	int rc = !crashed ? MINT_OK : restart ? WATCH_EXIT_RESTART :
					      MINT_ERR_RUNTIME;

	if (self->state > MINT_NODE_CRASHED) {
		p_err("%s's control record holds no state (%u)", n->name,
		      self->state);
		return MINT_ERR_RUNTIME;
	}
	if (crashed) {
		p_err("%s %s (epoch %u)%s%s", n->name, state, self->epoch,
		      reason ? ": " : "", reason ? reason : "");
		p_info("%s has restart = %s: %s", n->name,
		       mint_restart_name(n->restart),
		       restart ? "its unit boots it again" : "it stays down");
	}
	if (opts.json) {
		if (print_json(n, self, state, reason, restart))
			return MINT_ERR_RUNTIME;
		mint_json_has_result = true;
	} else if (!crashed) {
		printf("%s: %s (epoch %u)\n", n->name, state, self->epoch);
	}
	return rc;
}

/*
 * Whether an UP node stopped beating hung_after seconds ago; the reason in
 * buf. Without node 0's TSC rate the age is unknown: never hung.
 */
static const char *hung_reason(const struct mint_node_self *self,
			       uint32_t tsc_khz, uint64_t hung_after,
			       char *buf, size_t len)
{
	double age = ctrl_heartbeat_age_s(self, tsc_khz, __rdtsc());

	if (!hung_after || self->state != MINT_NODE_UP || age < hung_after)
		return NULL;
	snprintf(buf, len, "no heartbeat for %.1f s, its kernel no longer runs its timers",
		 age);
	return buf;
}

static int watch(const char *arg, uint64_t hung_after)
{
	struct mint_rates rates = { 0 };
	struct mint_ctx ctx = { 0 };
	struct mint_ctrl_block *cb;
	uint32_t seen_epoch = 0;
	unsigned id = 0;
	char why[96];
	int fd, rc;

	rc = ctx_open_node(&ctx, arg, &id, &fd, &cb);
	if (!rc && hung_after && mint_rates_try_read(opts.sysroot, &rates)) {
		rates.tsc_khz = 0;
		p_info("node 0's TSC rate is unknown: a hung %s goes unnoticed",
		       ctx.p->node[id].name);
	}
	while (!rc) {
		struct mint_node_self self = { 0 };	/* OFF */
		const char *hung;

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
		hung = hung_reason(&self, rates.tsc_khz, hung_after, why,
				   sizeof(why));
		if (hung || (self.state != MINT_NODE_UP &&
			     self.state != MINT_NODE_BOOTING)) {
			rc = ended(&ctx.p->node[id], &self, hung);
			break;
		}
		usleep(WATCH_POLL_US);
	}
	ctx_close_node(&ctx, fd, cb);
	return rc;
}

int do_watch(int argc, char **argv)
{
	uint64_t hung_after = WATCH_HUNG_AFTER_S;
	const char *why;
	int c;

	mint_set_help(watch_help);
	while ((c = mint_getopt(argc, argv, "", watch_opts)) != -1) {
		if (c != OPT_HUNG_AFTER)
			return MINT_ERR_USAGE;
		if (parse_u64(optarg, &hung_after, &why) ||
		    hung_after > WATCH_HUNG_MAX_S) {
			p_err("--hung-after %s: seconds from 0 (never) to %d",
			      optarg, WATCH_HUNG_MAX_S);
			return MINT_ERR_USAGE;
		}
	}
	if (optind >= argc) {
		p_err("which node? (mintctl watch NODE)");
		return MINT_ERR_USAGE;
	}
	optind++;
	if (no_more_args(argc, argv))
		return MINT_ERR_USAGE;
	return watch(argv[optind - 1], hung_after);
}
