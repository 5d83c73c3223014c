/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Mint configuration: /etc/mint/mint.conf, INI style, parsed by inih.
 * Every setting remembers where it came from so later checks (the planner)
 * can name FILE:LINE, section and key in their messages.
 */
#ifndef MINT_CONFIG_H
#define MINT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cores.h"
#include "errors.h"

#define MINT_DEFAULT_CONFIG	"/etc/mint/mint.conf"
#define MINT_MAX_NODES		64	/* == VNI_MAX_NODES */
#define MINT_NAME_MAX		32
#define MINT_PATH_MAX		256
#define MINT_CMDLINE_MAX	2048	/* x86 COMMAND_LINE_SIZE */
#define MINT_CMDLINE_SOURCE	"command line"

/* What node 0's unit does when a secondary crashes (restart = ...). */
enum mint_restart { MINT_RESTART_NO, MINT_RESTART_ON_CRASH };

struct mint_setting {
	bool set;
	struct mint_loc loc;
};

struct mint_node_cfg {
	bool present;
	struct mint_loc loc;			/* the [nodeN] header */
	char section[16];			/* "node1" */
	struct mint_setting cores_s, memory_s, lowmem_s, name_s, mac_s;
	struct mint_setting kernel_s, initrd_s, cmdline_s;
	/* Services on node 0 (secondaries only): mint-autostart, mint-node@. */
	struct mint_setting autostart_s, restart_s;
	bool autostart;				/* default no */
	enum mint_restart restart;		/* default no */
	struct mint_cores cores;
	uint64_t mem_size, mem_base;		/* mem_base valid if set */
	bool mem_base_set;
	uint64_t low_size, low_base;
	bool low_base_set;
	char name[MINT_NAME_MAX];
	uint8_t mac[6];
	char kernel[MINT_PATH_MAX];
	char initrd[MINT_PATH_MAX];
	char cmdline[MINT_CMDLINE_MAX];
};

struct mint_config {
	const char *file;			/* path as given, for messages */
	bool any_section;
	struct mint_loc shared_loc, vni_loc;	/* line 0: section absent */
	struct mint_setting shared_size_s, shared_base_s, console_log_s;
	uint64_t shared_size, shared_base;
	uint32_t console_log;			/* output ring of every console channel */
	struct mint_setting mtu_s, addressing_s, ring_s, slot_s, pool_s;
	struct mint_setting queues_s;
	uint32_t mtu;
	uint32_t net;				/* host byte order */
	uint32_t prefix;
	uint32_t ring_entries, slot_size, pool_slots;
	uint32_t queues;			/* rings per pair of nodes */
	struct mint_node_cfg node[MINT_MAX_NODES];
};

/* Defaults for everything optional. */
void mint_config_init(struct mint_config *cfg, const char *file);

/* Read and parse a file. MINT_OK or MINT_ERR_USAGE (message printed). */
int mint_config_load(struct mint_config *cfg, const char *path);

/* Parse text already in memory; file names it in messages. */
int mint_config_parse(struct mint_config *cfg, const char *file,
		      const char *text, size_t len);

/* A command-line override "section.key=value"; it replaces the file's. */
int mint_config_override(struct mint_config *cfg, const char *assignment);

/* Checks that need the whole file: required sections and keys. */
int mint_config_finish(struct mint_config *cfg);

/* "no" or "on-crash", as the config spells it. */
const char *mint_restart_name(enum mint_restart r);

/* Parse "a.b.c.d/len" with zero host bits. */
int parse_prefix(const char *s, uint32_t *net, uint32_t *len, char *buf,
		 size_t buflen, const char **why);

#endif
