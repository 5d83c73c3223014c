// SPDX-License-Identifier: GPL-2.0-only
/*
 * mintctl status: every node's state, cores, memory, uptime and heartbeat
 * age, from the control block in the shared region (read through
 * /dev/mint). Node 0 is always UP: it is the node running mintctl.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <x86intrin.h>

#include "bootdata.h"
#include "control.h"
#include "fileio.h"
#include "json.h"
#include "launcher.h"
#include "main.h"
#include "numbers.h"
#include "plan_print.h"

/* Ten missed heartbeats: the node no longer runs its kernel's timers. */
#define HEARTBEAT_STALE_S	(10 * MINT_HEARTBEAT_MS / 1000.0)

static const struct option status_opts[] = {
	{ NULL, 0, NULL, 0 },
};

static void status_help(void)
{
	printf("Usage: mintctl status [--json]\n"
	       "\n"
	       "Show every node of the plan: state (OFF, BOOTING, UP, DOWN, CRASHED),\n"
	       "cores, memory, uptime and heartbeat age, read from the control block in\n"
	       "the shared region through /dev/mint. Runs on node 0 only.\n"
	       "\n" GLOBAL_OPTIONS_HELP);
}

struct node_status {
	const char *state;
	const char *reason;		/* why it CRASHED, or NULL */
	char reason_buf[128];
	uint32_t epoch, nr_cpus;
	double uptime_s;		/* < 0: unknown */
	double heartbeat_age_s;		/* < 0: unknown */
	uint64_t heartbeat;
	bool stale;			/* UP, but the heartbeat stopped */
};

static double node0_uptime(void)
{
	char path[512], *text;
	double up = -1;
	size_t len;

	sysroot_path(path, sizeof(path), opts.sysroot, "/proc/uptime");
	if (!read_whole_file(path, 256, &text, &len)) {
		if (sscanf(text, "%lf", &up) != 1)
			up = -1;
		free(text);
	}
	return up;
}

static void node_status(const struct mint_ctrl_block *cb, unsigned id,
			uint32_t tsc_khz, uint64_t now_tsc, struct node_status *s)
{
	const struct mint_node_self *self = &cb->node[id].self;

	memset(s, 0, sizeof(*s));
	s->uptime_s = -1;
	s->heartbeat_age_s = -1;
	if (id == 0) {
		s->state = "UP";
		s->uptime_s = node0_uptime();
		return;
	}
	if (!ctrl_header_valid(cb)) {
		s->state = ctrl_state_name(MINT_NODE_OFF);
		return;
	}
	s->state = ctrl_state_name(self->state);
	s->reason = ctrl_reason_text(self, s->reason_buf, sizeof(s->reason_buf));
	s->epoch = self->epoch;
	s->nr_cpus = self->nr_cpus;
	s->heartbeat = self->heartbeat;
	/* A node reports uptime with its first heartbeat; 0 means none yet. */
	if (self->uptime_ns)
		s->uptime_s = (double)self->uptime_ns / 1e9;
	if (self->state == MINT_NODE_UP || self->state == MINT_NODE_CRASHED ||
	    self->state == MINT_NODE_DOWN) {
		s->heartbeat_age_s = ctrl_heartbeat_age_s(self, tsc_khz, now_tsc);
		s->stale = self->state == MINT_NODE_UP &&
			   s->heartbeat_age_s > HEARTBEAT_STALE_S;
	}
}

static uint64_t mem_total(const struct mint_node_plan *n)
{
	uint64_t t = 0;

	for (unsigned i = 0; i < n->nr_mem; i++)
		t += n->mem[i].size;
	return t;
}

static void print_text(const struct mint_plan *p, const struct node_status *st)
{
	char cores[128], mem[32], up[32], hb[32];

	printf("%-4s %-12s %-8s %-8s %-8s %-10s %s\n", "NODE", "NAME", "STATE",
	       "CORES", "MEMORY", "UPTIME", "HEARTBEAT");
	for (unsigned i = 0; i < p->nr_nodes; i++) {
		const struct node_status *s = &st[i];

		if (s->uptime_s >= 0)
			snprintf(up, sizeof(up), "%.1fs", s->uptime_s);
		else
			snprintf(up, sizeof(up), "-");
		if (s->heartbeat_age_s >= 0)
			snprintf(hb, sizeof(hb), "%.2fs ago%s", s->heartbeat_age_s,
				 s->stale ? " (stale)" : "");
		else
			snprintf(hb, sizeof(hb), "-");
		printf("%-4u %-12s %-8s %-8s %-8s %-10s %s\n", i, p->node[i].name,
		       s->state, cores_format(&p->node[i].cores, cores, sizeof(cores)),
		       format_size_approx(mem_total(&p->node[i]), mem, sizeof(mem)),
		       up, hb);
		if (s->reason)
			printf("     %s: %s\n", p->node[i].name, s->reason);
	}
}

static int print_json(const struct mint_plan *p, const struct node_status *st)
{
	struct json j;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_begin_array(&j, "nodes");
	for (unsigned i = 0; i < p->nr_nodes; i++) {
		const struct node_status *s = &st[i];

		json_begin_object(&j, NULL);
		mint_node_json(&j, &p->node[i]);
		json_string(&j, "state", s->state);
		if (s->reason)
			json_string(&j, "reason", s->reason);
		else
			json_null(&j, "reason");
		if (i) {
			json_u64(&j, "epoch", s->epoch);
			json_u64(&j, "heartbeat", s->heartbeat);
			json_u64(&j, "nr_cpus", s->nr_cpus);
		}
		if (s->uptime_s >= 0)
			json_u64(&j, "uptime_ms", (uint64_t)(s->uptime_s * 1000));
		else
			json_null(&j, "uptime_ms");
		if (s->heartbeat_age_s >= 0)
			json_u64(&j, "heartbeat_age_ms",
				 (uint64_t)(s->heartbeat_age_s * 1000));
		else
			json_null(&j, "heartbeat_age_ms");
		if (i)
			json_bool(&j, "heartbeat_stale", s->stale);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_end_object(&j);
	return json_finish(&j);
}

static int status(void)
{
	struct mint_ctx ctx = { 0 };
	struct mint_ctrl_block *cb = NULL;
	struct node_status *st = NULL;
	struct mint_rates rates = { 0 };
	int fd = -1, rc;

	rc = ctx_load(&ctx);
	if (!rc) {
		fd = launcher_open();
		if (fd < 0)
			rc = MINT_ERR_RUNTIME;
	}
	if (!rc) {
		cb = malloc(sizeof(*cb));
		st = calloc(MINT_MAX_NODES, sizeof(*st));
		if (!cb || !st) {
			p_err("out of memory");
			rc = MINT_ERR_RUNTIME;
		}
	}
	if (!rc && ctrl_read(fd, ctx.p->shared.base, cb))
		rc = MINT_ERR_RUNTIME;
	if (!rc) {
		uint64_t now_tsc;

		/* Without the rates only the heartbeat age is unknown. */
		if (mint_rates_try_read(opts.sysroot, &rates))
			rates.tsc_khz = 0;
		now_tsc = __rdtsc();
		for (unsigned i = 0; i < ctx.p->nr_nodes; i++)
			node_status(cb, i, rates.tsc_khz, now_tsc, &st[i]);
		if (opts.json)
			rc = print_json(ctx.p, st);
		else
			print_text(ctx.p, st);
	}
	launcher_close(fd);
	free(st);
	free(cb);
	ctx_free(&ctx);
	return rc;
}

int do_status(int argc, char **argv)
{
	int c;

	mint_set_help(status_help);
	while ((c = mint_getopt(argc, argv, "", status_opts)) != -1)
		return MINT_ERR_USAGE;
	if (no_more_args(argc, argv))
		return MINT_ERR_USAGE;
	return status();
}
