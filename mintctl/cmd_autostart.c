// SPDX-License-Identifier: GPL-2.0-only
/*
 * mintctl autostart: the secondaries with autostart = yes, and with
 * --start their units started (mint-autostart.service runs it at boot).
 * Node 0 must be partitioned for them first: otherwise it fails at once
 * with the reason, and starts nothing.
 */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "main.h"
#include "node_lookup.h"
#include "spawn.h"

enum { OPT_START = 0x200 };

static const struct option autostart_opts[] = {
	{ "start", no_argument, NULL, OPT_START },
	{ NULL, 0, NULL, 0 },
};

static void autostart_help(void)
{
	printf("Usage: mintctl autostart [--start]\n"
	       "\n"
	       "List the secondaries with autostart = yes in the config, one name a\n"
	       "line, once node 0 is partitioned for them (their memory, low window\n"
	       "and the shared region reserved in /proc/iomem); if it is not, say why\n"
	       "and exit 2.\n"
	       "\n"
	       "  --start    also have systemd start their mint-node@NAME.service\n"
	       "             units, without waiting for them (mint-autostart.service\n"
	       "             runs this when mint.target starts)\n"
	       "\n" GLOBAL_OPTIONS_HELP);
}

static int print_json(const struct mint_plan *p, const unsigned *ids,
		      unsigned nr, bool started)
{
	struct json j;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_begin_array(&j, "nodes");
	for (unsigned k = 0; k < nr; k++) {
		json_begin_object(&j, NULL);
		json_u64(&j, "id", ids[k]);
		json_string(&j, "name", p->node[ids[k]].name);
		json_string(&j, "restart", mint_restart_name(p->node[ids[k]].restart));
		json_end_object(&j);
	}
	json_end_array(&j);
	json_bool(&j, "started", started);
	json_end_object(&j);
	return json_finish(&j);
}

/* systemctl start --no-block mint-node@NAME.service for each node. */
static int start_units(const struct mint_plan *p, const unsigned *ids,
		       unsigned nr)
{
	static char units[MINT_MAX_NODES][MINT_NAME_MAX + 32];
	char *argv[MINT_MAX_NODES + 4] = { "systemctl", "start", "--no-block" };
	int status;

	for (unsigned k = 0; k < nr; k++) {
		snprintf(units[k], sizeof(units[k]), "mint-node@%s.service",
			 p->node[ids[k]].name);
		argv[3 + k] = units[k];
	}
	argv[3 + nr] = NULL;
	status = spawn_run(argv, NULL, 0);
	if (status > 0)
		p_err("'systemctl start' failed (status %d)", status);
	return status ? MINT_ERR_RUNTIME : MINT_OK;
}

static int autostart(bool start)
{
	struct mint_ctx ctx = { 0 };
	unsigned ids[MINT_MAX_NODES], nr = 0;
	int rc, unpartitioned = MINT_OK;

	rc = ctx_load(&ctx);
	for (unsigned i = 1; !rc && i < ctx.p->nr_nodes; i++)
		if (ctx.p->node[i].autostart)
			ids[nr++] = i;
	/* Every node's reason, then one line that says nothing started. */
	for (unsigned k = 0; !rc && k < nr; k++) {
		int r = node_memory_reserved(ctx.p, ids[k], opts.sysroot);

		if (r && !unpartitioned)
			unpartitioned = r;
	}
	if (unpartitioned) {
		p_err("node 0 is not partitioned for the nodes with autostart = yes; none started");
		rc = unpartitioned;
	}
	if (!rc && start && nr)
		rc = start_units(ctx.p, ids, nr);
	if (!rc && opts.json) {
		rc = print_json(ctx.p, ids, nr, start && nr);
	} else if (!rc) {
		for (unsigned k = 0; k < nr; k++)
			printf(start ? "started mint-node@%s.service\n" : "%s\n",
			       ctx.p->node[ids[k]].name);
		if (start && !nr)
			printf("autostart: no node has autostart = yes in %s\n",
			       ctx.cfg->file);
	}
	ctx_free(&ctx);
	return rc;
}

int do_autostart(int argc, char **argv)
{
	bool start = false;
	int c;

	mint_set_help(autostart_help);
	while ((c = mint_getopt(argc, argv, "", autostart_opts)) != -1) {
		if (c != OPT_START)
			return MINT_ERR_USAGE;
		start = true;
	}
	if (no_more_args(argc, argv))
		return MINT_ERR_USAGE;
	return autostart(start);
}
