/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared by the command files: global options and the common steps. */
#ifndef MINT_MAIN_H
#define MINT_MAIN_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "machine.h"
#include "planner.h"

#define MINT_MAX_SETS 64
/* A Mint secondary node's kernel shows its boot data here; node 0 has none. */
#define MINT_SECONDARY_SYSFS "/sys/firmware/mint"

struct mint_opts {
	bool json;
	const char *config;
	const char *sysroot;
	unsigned nr_sets;
	const char *sets[MINT_MAX_SETS];
};

extern struct mint_opts opts;

/*
 * Set by a command whose --json document already tells its failure
 * (doctor's findings): main() then prints no error object after it.
 */
extern bool mint_json_has_result;

/* Options every command accepts, for help texts. */
#define GLOBAL_OPTIONS_HELP \
	"Global options (before or after the command):\n" \
	"  -c, --config FILE         configuration file (default " MINT_DEFAULT_CONFIG ")\n" \
	"  -s, --set SECTION.KEY=VALUE  override one setting of the file (repeatable)\n" \
	"      --shared-size SIZE    same as --set shared.size=SIZE\n" \
	"      --sysroot DIR         read /proc and /sys below DIR (recorded machines)\n" \
	"  -j, --json                machine-readable output\n" \
	"  -h, --help                this help\n"

/*
 * getopt_long() over a command's own options plus the global ones, which
 * it handles itself. Returns the next command option, -1 at the end, or
 * '?' after printing a usage error. Call with optind = 0 first.
 */
int mint_getopt(int argc, char **argv, const char *shortopts,
		const struct option *longopts);

/*
 * The running command's --help printer, for mint_getopt(). The command's
 * name, which every message carries, is set by the dispatcher alone.
 */
void mint_set_help(void (*help)(void));

/*
 * --timeout S of the running command: whole seconds from 1 to a day.
 * MINT_OK, or MINT_ERR_USAGE after a message.
 */
int parse_timeout(const char *arg, uint64_t *seconds);

/* Refuse leftover positional arguments. MINT_OK or MINT_ERR_USAGE. */
int no_more_args(int argc, char **argv);

/* What most commands start from: the config, the machine, the plan. */
struct mint_ctx {
	struct mint_config *cfg;
	struct mint_machine *m;
	struct mint_plan *p;
};

/*
 * Load the config, discover the machine, build the plan. MINT_OK, or the
 * first failure's status after its message. ctx_free() either way.
 */
int ctx_load(struct mint_ctx *ctx);
void ctx_free(struct mint_ctx *ctx);

/*
 * What commands on one running secondary start from: ctx_load(), then
 * NODE's id, the launcher (*fd) and room to read the control block into
 * (*cb). MINT_OK or the failure's status; ctx_close_node() either way.
 */
struct mint_ctrl_block;
int ctx_open_node(struct mint_ctx *ctx, const char *node, unsigned *id,
		  int *fd, struct mint_ctrl_block **cb);
void ctx_close_node(struct mint_ctx *ctx, int fd, struct mint_ctrl_block *cb);

int do_machine(int argc, char **argv);
int do_plan(int argc, char **argv);
int do_validate(int argc, char **argv);
int do_partition(int argc, char **argv);
int do_descriptor(int argc, char **argv);
int do_boot(int argc, char **argv);
int do_status(int argc, char **argv);
int do_shutdown(int argc, char **argv);
int do_log(int argc, char **argv);
int do_console(int argc, char **argv);
int do_dump(int argc, char **argv);
int do_net(int argc, char **argv);
int do_doctor(int argc, char **argv);
int do_autostart(int argc, char **argv);
int do_watch(int argc, char **argv);

#endif
