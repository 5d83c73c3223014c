// SPDX-License-Identifier: GPL-2.0-only
/*
 * mintctl's entry point: the global options, the command table and the
 * dispatcher. mintctl plans a machine's Mint nodes from the config,
 * partitions node 0, writes the layout descriptor and boot images, boots,
 * watches and stops secondary nodes, reaches their consoles and dumps
 * crashed ones, and brings VNI up and down.
 *
 * Like bpftool: global options once, then a command word looked up in
 * cmds[]; each command family lives in its own cmd_*.c file. Under
 * --json a failing command's errors become one JSON object (JSON.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "launcher.h"
#include "main.h"
#include "node_lookup.h"
#include "numbers.h"

#ifndef MINT_VERSION
#define MINT_VERSION "unknown"
#endif

struct mint_opts opts = { .config = MINT_DEFAULT_CONFIG };
bool mint_json_has_result;

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static int do_help(int argc, char **argv);
static void set_command(const char *name);

static const struct cmd cmds[] = {
	{ "plan", do_plan, "print the partition plan: nodes, cores, APIC IDs, memory, shared region, node 0's parameters" },
	{ "validate", do_validate, "exit 0 only if the plan can boot" },
	{ "partition", do_partition, "apply node 0's parameters: --print, --grub FILE or --kexec" },
	{ "descriptor", do_descriptor, "write (-o FILE) or decode (--dump FILE) the layout descriptor" },
	{ "machine", do_machine, "show the discovered CPUs, APIC IDs and memory map" },
	{ "doctor", do_doctor, "check that this machine can run Mint, and say what to fix" },
	{ "boot", do_boot, "start a secondary node, or write its boot image (--dry-run DIR)" },
	{ "status", do_status, "state, cores, memory, uptime and heartbeat of every node" },
	{ "shutdown", do_shutdown, "stop a secondary node: orderly request, INIT as the fallback" },
	{ "log", do_log, "a secondary's console history, running or crashed (-f follows)" },
	{ "console", do_console, "attach to a secondary's console (Ctrl-] leaves), or pipe into it" },
	{ "dump", do_dump, "write an ELF core of a crashed secondary (-o FILE), for makedumpfile and crash" },
	{ "autostart", do_autostart, "list (or --start) the nodes with autostart = yes" },
	{ "watch", do_watch, "wait while a node runs; exit when it goes DOWN, CRASHED or hangs" },
	{ "net", do_net, "bring VNI up, down, or show it: net up [--addr CIDR] | down | status" },
	{ "help", do_help, "this help, or a command's: help [COMMAND]" },
	{ NULL, NULL, NULL },
};

enum { OPT_SYSROOT = 0x100, OPT_SHARED_SIZE };

static const struct option global_longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "set", required_argument, NULL, 's' },
	{ "shared-size", required_argument, NULL, OPT_SHARED_SIZE },
	{ "sysroot", required_argument, NULL, OPT_SYSROOT },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static const char global_shortopts[] = "c:s:jhV";

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: mintctl [OPTIONS] COMMAND [COMMAND OPTIONS]\n"
		"\n"
		"Partition one x86_64 machine into Mint nodes, each running its own\n"
		"Linux kernel on its own cores and memory, with a shared region.\n"
		"\n"
		"Commands:\n");
	for (const struct cmd *c = cmds; c->name; c++)
		fprintf(out, "  %-11s %s\n", c->name, c->summary);
	fprintf(out, "\n" GLOBAL_OPTIONS_HELP
		"  -V, --version             print the version\n"
		"\n"
		"Run 'mintctl COMMAND --help' for a command's options.\n"
		"Exit status: 0 success, 1 runtime failure, 2 usage or config error.\n");
}

static const struct cmd *find_cmd(const char *name)
{
	for (const struct cmd *cmd = cmds; cmd->name; cmd++)
		if (!strcmp(cmd->name, name))
			return cmd;
	return NULL;
}

/* mintctl help [COMMAND]: the overview, or COMMAND's own --help. */
static int do_help(int argc, char **argv)
{
	const struct cmd *cmd;
	char *help_argv[] = { NULL, "--help", NULL };

	if (argc < 2) {
		usage(stdout);
		return MINT_OK;
	}
	if (argc > 2) {
		p_err("unexpected argument '%s' (mintctl help [COMMAND])", argv[2]);
		return MINT_ERR_USAGE;
	}
	cmd = find_cmd(argv[1]);
	if (!cmd) {
		p_err("unknown command '%s' (try 'mintctl --help')", argv[1]);
		return MINT_ERR_USAGE;
	}
	if (cmd->fn == do_help) {
		usage(stdout);
		return MINT_OK;
	}
	help_argv[0] = (char *)cmd->name;
	set_command(cmd->name);
	optind = 0;
	return cmd->fn(2, help_argv);
}

/* 0: handled, 1: exit now with success (--help/--version), -1: bad. */
static int global_option(int c, const char *arg)
{
	static char shared_set[128];

	switch (c) {
	case 'c':
		opts.config = arg;
		return 0;
	case 's':
	case OPT_SHARED_SIZE:
		if (opts.nr_sets >= MINT_MAX_SETS) {
			p_err("too many --set options (at most %d)",
			      MINT_MAX_SETS);
			return -1;
		}
		if (c == OPT_SHARED_SIZE) {
			snprintf(shared_set, sizeof(shared_set),
				 "shared.size=%s", arg);
			arg = shared_set;
		}
		opts.sets[opts.nr_sets++] = arg;
		return 0;
	case OPT_SYSROOT:
		opts.sysroot = arg;
		return 0;
	case 'j':
		opts.json = true;
		return 0;
	case 'V':
		printf("mintctl %s\n", MINT_VERSION);
		return 1;
	default:
		return -1;
	}
}

static const char *current_cmd = "mintctl";
static void (*current_help)(void);

/* The dispatcher's alone: a command names itself only through cmds[]. */
static void set_command(const char *name)
{
	current_cmd = name;
	current_help = NULL;
	mint_msg_command(name);
}

void mint_set_help(void (*help)(void))
{
	current_help = help;
}

/* Every option of global_longopts but --help, which each command prints. */
static bool is_global(int c)
{
	if (c == 'h')
		return false;
	for (const struct option *o = global_longopts; o->name; o++)
		if (o->val == c)
			return true;
	return false;
}

int mint_getopt(int argc, char **argv, const char *shortopts,
		const struct option *longopts)
{
	static struct option merged[64];
	static char merged_short[64];
	static const struct option *merged_for;
	static bool merged_ready;

	if (!merged_ready || merged_for != longopts) {
		size_t n = 0;

		for (const struct option *o = longopts; o && o->name; o++)
			merged[n++] = *o;
		for (const struct option *o = global_longopts; o->name; o++)
			merged[n++] = *o;
		merged[n] = (struct option){ NULL, 0, NULL, 0 };
		snprintf(merged_short, sizeof(merged_short), ":%s%s",
			 shortopts, global_shortopts);
		merged_for = longopts;
		merged_ready = true;
	}
	opterr = 0;
	for (;;) {
		int c = getopt_long(argc, argv, merged_short, merged, NULL);
		int g;

		switch (c) {
		case -1:
			return -1;
		case 'h':
			if (current_help)
				current_help();
			else
				usage(stdout);
			exit(MINT_OK);
		case ':':
			p_err("option '%s' needs an argument", argv[optind - 1]);
			fprintf(stderr, "Try 'mintctl %s --help'.\n", current_cmd);
			return '?';
		case '?':
			if (optopt)
				p_err("unknown option '-%c'", optopt);
			else
				p_err("unknown option '%s'", argv[optind - 1]);
			fprintf(stderr, "Try 'mintctl %s --help'.\n", current_cmd);
			return '?';
		default:
			break;
		}
		if (!is_global(c))
			return c;
		g = global_option(c, optarg);
		if (g > 0)
			exit(MINT_OK);
		if (g < 0)
			return '?';
	}
}

int parse_timeout(const char *arg, uint64_t *seconds)
{
	const char *why;

	if (parse_u64(arg, seconds, &why) || !*seconds || *seconds > 86400) {
		p_err("--timeout %s: seconds from 1 to 86400", arg);
		return MINT_ERR_USAGE;
	}
	return MINT_OK;
}

int no_more_args(int argc, char **argv)
{
	if (optind < argc) {
		p_err("unexpected argument '%s'", argv[optind]);
		return MINT_ERR_USAGE;
	}
	return MINT_OK;
}

/* Config file, overrides, completeness. The caller frees *cfg. */
static int load_config(struct mint_config **out)
{
	struct mint_config *cfg = malloc(sizeof(*cfg));
	int rc;

	*out = NULL;
	if (!cfg) {
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	mint_config_init(cfg, opts.config);
	rc = mint_config_load(cfg, opts.config);
	for (unsigned i = 0; !rc && i < opts.nr_sets; i++)
		rc = mint_config_override(cfg, opts.sets[i]);
	if (!rc)
		rc = mint_config_finish(cfg);
	if (rc) {
		free(cfg);
		return rc;
	}
	*out = cfg;
	return MINT_OK;
}

int ctx_load(struct mint_ctx *ctx)
{
	int rc;

	*ctx = (struct mint_ctx){ NULL, NULL, NULL };
	rc = load_config(&ctx->cfg);
	if (rc)
		return rc;
	ctx->m = malloc(sizeof(*ctx->m));
	ctx->p = malloc(sizeof(*ctx->p));
	if (!ctx->m || !ctx->p) {
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	rc = mint_machine_discover(ctx->m, opts.sysroot);
	if (rc)
		return rc;
	return mint_plan_build(ctx->cfg, ctx->m, ctx->p);
}

void ctx_free(struct mint_ctx *ctx)
{
	free(ctx->cfg);
	free(ctx->m);
	free(ctx->p);
	*ctx = (struct mint_ctx){ NULL, NULL, NULL };
}

int ctx_open_node(struct mint_ctx *ctx, const char *node, unsigned *id,
		  int *fd, struct mint_ctrl_block **cb)
{
	int rc;

	*fd = -1;
	*cb = NULL;
	rc = ctx_load(ctx);
	if (!rc)
		rc = node_find_secondary(ctx->p, node, id);
	if (!rc) {
		*fd = launcher_open();
		*cb = malloc(sizeof(**cb));
		if (*fd < 0 || !*cb)
			rc = MINT_ERR_RUNTIME;
	}
	return rc;
}

void ctx_close_node(struct mint_ctx *ctx, int fd, struct mint_ctrl_block *cb)
{
	launcher_close(fd);
	free(cb);
	ctx_free(ctx);
}

/* The command line up to the command's return: its exit status. */
static int run(int argc, char **argv)
{
	char shortopts[sizeof(global_shortopts) + 2];
	const struct cmd *cmd;
	int c;

	/* Global options before the command word; "+" stops at it. */
	snprintf(shortopts, sizeof(shortopts), "+:%s", global_shortopts);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, global_longopts,
				NULL)) != -1) {
		int g;

		if (c == 'h') {
			usage(stdout);
			return MINT_OK;
		}
		if (c == '?' || c == ':') {
			if (c == ':')
				p_err("option '%s' needs an argument",
				      argv[optind - 1]);
			else
				p_err("unknown option '%s'", argv[optind - 1]);
			fprintf(stderr, "Try 'mintctl --help'.\n");
			return MINT_ERR_USAGE;
		}
		g = global_option(c, optarg);
		if (g)
			return g > 0 ? MINT_OK : MINT_ERR_USAGE;
	}
	if (optind >= argc) {
		p_err("which command? (try 'mintctl --help')");
		usage(stderr);
		return MINT_ERR_USAGE;
	}
	cmd = find_cmd(argv[optind]);
	if (cmd) {
		set_command(cmd->name);
		argc -= optind;
		argv += optind;
		optind = 0;
		return cmd->fn(argc, argv);
	}
	p_err("unknown command '%s' (try 'mintctl --help')", argv[optind]);
	return MINT_ERR_USAGE;
}

/*
 * Under --json a failure is one object on stdout, so a script reads one
 * stream: the first error, every error in order, the command and the
 * exit status (mintctl/JSON.md). The messages still go to stderr too.
 */
static void print_error_json(int rc)
{
	struct json j;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	if (mint_err_count())
		json_string(&j, "error", mint_err_message(0));
	else
		json_string(&j, "error", "failed");
	if (strcmp(current_cmd, "mintctl"))
		json_string(&j, "command", current_cmd);
	else
		json_null(&j, "command");
	json_u64(&j, "exit_code", (uint64_t)rc);
	json_begin_array(&j, "messages");
	for (unsigned i = 0; i < mint_err_count(); i++)
		json_string(&j, NULL, mint_err_message(i));
	json_end_array(&j);
	json_end_object(&j);
	json_finish(&j);
}

int main(int argc, char **argv)
{
	int rc = run(argc, argv);

	if (rc && opts.json && !mint_json_has_result) {
		fflush(stdout);
		print_error_json(rc);
	}
	return rc;
}
