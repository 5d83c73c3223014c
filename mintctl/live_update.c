// SPDX-License-Identifier: GPL-2.0-only
/* Which secondaries survive node 0's re-execution: see live_update.h. */
#include <stdio.h>
#include <stdlib.h>

#include <linux/mint_node.h>

#include "control.h"
#include "crc32.h"
#include "descriptor.h"
#include "errors.h"
#include "launcher.h"
#include "live_update.h"

/* The control block, or NULL when this node 0 has none (quietly). */
static struct mint_ctrl_block *read_ctrl(const struct mint_plan *p)
{
	struct mint_ctrl_block *cb = NULL;
	struct launcher_info li;
	bool quiet = mint_err_quiet;
	int fd;

	mint_err_quiet = true;
	fd = launcher_open();
	mint_err_quiet = quiet;
	if (fd < 0)
		return NULL;
	if (!launcher_info(fd, &li) &&
	    launcher_owns(&li, p->shared.base, sizeof(*cb))) {
		cb = malloc(sizeof(*cb));
		if (cb && ctrl_read(fd, p->shared.base, cb)) {
			free(cb);
			cb = NULL;
		}
	}
	launcher_close(fd);
	return cb;
}

/* Whether the layout the nodes booted with (cb's header) is p's. */
static bool same_layout(const struct mint_plan *p,
			const struct mint_ctrl_block *cb)
{
	void *desc;
	size_t len;
	bool same;

	if (cb->header.nr_nodes != p->nr_nodes ||
	    mint_descriptor_encode(p, cb->header.generation, &desc, &len))
		return false;
	same = mint_crc32(desc, len) == cb->header.layout_crc;
	free(desc);
	return same;
}

int live_update_check(const struct mint_plan *p, unsigned *nr_running)
{
	struct mint_ctrl_block *cb = read_ctrl(p);
	int rc = MINT_OK;

	*nr_running = 0;
	if (!cb || !ctrl_header_valid(cb)) {
		free(cb);
		return MINT_OK;
	}
	for (unsigned i = 1; i < cb->header.nr_nodes && i < MINT_CTRL_MAX_NODES;
	     i++) {
		const struct mint_node_self *s = &cb->node[i].self;
		const char *name = i < p->nr_nodes ? p->node[i].name : "?";

		if (s->state == MINT_NODE_BOOTING) {
			p_err("partition: node %u (%s) is BOOTING; wait until 'mintctl boot' has finished, then re-execute node 0",
			      i, name);
			rc = MINT_ERR_USAGE;
			break;
		}
		if (s->state != MINT_NODE_UP)
			continue;
		if (!same_layout(p, cb)) {
			p_err("partition: node %u (%s) runs a layout other than this config's (its memory or cores changed since it booted): node 0's new kernel would not reserve what it uses; shut it down first ('mintctl shutdown %s') or restore the config",
			      i, name, name);
			rc = MINT_ERR_USAGE;
			break;
		}
		printf("partition: node %u (%s) is UP (epoch %u) and keeps running: node 0's new kernel reserves its cores, memory and UART\n",
		       i, name, s->epoch);
		(*nr_running)++;
	}
	free(cb);
	return rc;
}
