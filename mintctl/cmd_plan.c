// SPDX-License-Identifier: GPL-2.0-only
/* mintctl plan, mintctl validate. */
#include <stdio.h>
#include <stdlib.h>

#include "json.h"
#include "main.h"
#include "plan_print.h"
#include "uarts.h"

static void plan_help(void)
{
	printf("Usage: mintctl plan [OPTIONS]\n"
	       "\n"
	       "Read the configuration, discover the machine and print the plan:\n"
	       "each node's cores, APIC IDs, MAC, address, memory and low window,\n"
	       "the shared region, the VNI geometry and node 0's kernel parameters.\n"
	       "\n" GLOBAL_OPTIONS_HELP);
}

static void validate_help(void)
{
	printf("Usage: mintctl validate [OPTIONS]\n"
	       "\n"
	       "Check the configuration against the machine. Exit 0 only if the\n"
	       "plan can boot; otherwise print the first problem and exit 2.\n"
	       "A legacy UART (ttyS0-3, by console=, earlycon= or earlyprintk=)\n"
	       "belongs to one node: a secondary on node 0's console (its [node0]\n"
	       "cmdline, else /proc/cmdline) or two nodes on one UART is an error.\n"
	       "Warnings (exit 0): a node's memory on another NUMA node than its\n"
	       "cores, SMT siblings split between nodes, more memmap= regions than\n"
	       "node 0's KASLR can avoid.\n"
	       "\n" GLOBAL_OPTIONS_HELP);
}

static int print_valid_json(const struct mint_plan *p)
{
	struct json j;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_bool(&j, "valid", true);
	json_u64(&j, "nr_nodes", p->nr_nodes);
	json_end_object(&j);
	return json_finish(&j);
}

static int plan_common(int argc, char **argv, void (*help)(void),
		       bool print)
{
	struct mint_ctx ctx = { 0 };
	int rc, c;

	mint_set_help(help);
	while ((c = mint_getopt(argc, argv, "", NULL)) != -1)
		if (c == '?')
			return MINT_ERR_USAGE;
	rc = no_more_args(argc, argv);
	if (!rc)
		rc = ctx_load(&ctx);
	if (!rc)
		rc = mint_check_uarts_here(ctx.cfg, opts.sysroot, -1, NULL);
	if (!rc)
		mint_plan_warn(ctx.cfg, ctx.m, ctx.p);
	if (!rc && print) {
		if (opts.json)
			rc = mint_plan_print_json(ctx.p, stdout, NULL);
		else
			mint_plan_print_text(ctx.p, stdout);
	} else if (!rc) {
		if (opts.json)
			rc = print_valid_json(ctx.p);
		else
			printf("%s: plan for %u nodes can boot\n", ctx.cfg->file,
			       ctx.p->nr_nodes);
	}
	ctx_free(&ctx);
	return rc;
}

int do_plan(int argc, char **argv)
{
	return plan_common(argc, argv, plan_help, true);
}

int do_validate(int argc, char **argv)
{
	return plan_common(argc, argv, validate_help, false);
}
