// SPDX-License-Identifier: GPL-2.0-only
/* Which secondaries survive node 0's re-execution: see live_update.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <x86intrin.h>

#include <linux/mint_node.h>

#include "bootdata.h"
#include "control.h"
#include "crc32.h"
#include "descriptor.h"
#include "errors.h"
#include "launcher.h"
#include "live_update.h"
#include "main.h"

/* A node whose heartbeat is older than this runs no more (as in status). */
#define LIVE_HEARTBEAT_MS	(10 * MINT_HEARTBEAT_MS)

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

/*
 * A node that still runs: BOOTING (no heartbeat to judge yet), or UP with
 * a fresh heartbeat. Without the TSC rate every UP node counts.
 */
static bool node_runs(const struct mint_node_self *s, uint32_t tsc_khz,
		      uint64_t now)
{
	if (s->state == MINT_NODE_BOOTING)
		return true;
	if (s->state != MINT_NODE_UP)
		return false;
	double age = ctrl_heartbeat_age_s(s, tsc_khz, now);

	return age < 0 || age * 1000 < LIVE_HEARTBEAT_MS;
}

struct scan {
	const struct mint_plan *p;
	uint32_t tsc_khz;
	uint64_t now;
	struct mint_ctrl_block cb;
	unsigned running;
	int rc;
};

static const char *node_name(const struct mint_plan *p, unsigned i)
{
	return i < p->nr_nodes ? p->node[i].name : "?";
}

/* The control block at addr, if valid: judge every node that runs on it. */
static void judge(struct scan *s, uint64_t addr)
{
	const struct mint_ctrl_block *cb = &s->cb;
	const struct mint_plan *p = s->p;
	bool same = addr == p->shared.base && same_layout(p, cb);

	for (unsigned i = 1; i < cb->header.nr_nodes && i < MINT_CTRL_MAX_NODES &&
	     !s->rc; i++) {
		const struct mint_node_self *self = &cb->node[i].self;

		if (!node_runs(self, s->tsc_khz, s->now))
			continue;
		if (addr != p->shared.base) {
			p_err("node %u runs with the shared region at 0x%" PRIx64 ", but this config puts it at 0x%" PRIx64 ": node 0's new kernel would not reserve what the node uses; restore the config, or shut the node down with it first",
			      i, addr, p->shared.base);
			s->rc = MINT_ERR_USAGE;
		} else if (self->state == MINT_NODE_BOOTING) {
			p_err("node %u (%s) is BOOTING; wait until 'mintctl boot' has finished, then re-execute node 0",
			      i, node_name(p, i));
			s->rc = MINT_ERR_USAGE;
		} else if (!same) {
			p_err("node %u (%s) booted with another layout than this config gives (memory, cores, shared region, addresses or VNI settings changed since): node 0's new kernel might not reserve what it uses; restore the config, or shut the node down first ('mintctl shutdown %s')",
			      i, node_name(p, i), node_name(p, i));
			s->rc = MINT_ERR_USAGE;
		} else {
			p_info("node %u (%s) is UP (epoch %u) and keeps running: node 0's new kernel reserves its cores, memory and UART",
			       i, node_name(p, i), self->epoch);
			s->running++;
		}
	}
}

/*
 * Every 2 MiB boundary of node 0's reservations where a control block
 * could be (the shared region is 2 MiB aligned): a node may run with a
 * shared region this config no longer names.
 */
static void scan_reservations(int fd, const struct launcher_info *li,
			      struct scan *s)
{
	for (unsigned r = 0; r < li->nr_ranges && !s->rc; r++) {
		uint64_t end = li->start[r] + li->size[r];
		uint64_t a = (li->start[r] + MINT_MEM_ALIGN - 1) &
			     ~(MINT_MEM_ALIGN - 1);

		for (; a + sizeof(s->cb) <= end && !s->rc; a += MINT_MEM_ALIGN) {
			bool found;

			found = !launcher_try_read(fd, a, &s->cb.header,
						   sizeof(s->cb.header)) &&
				ctrl_header_valid(&s->cb) &&
				!launcher_try_read(fd, a, &s->cb,
						   sizeof(s->cb));
			if (found)
				judge(s, a);
		}
	}
}

int live_update_check(const struct mint_plan *p, unsigned *nr_running)
{
	struct scan *s = calloc(1, sizeof(*s));
	struct launcher_info li;
	struct mint_rates rates;
	int fd, rc;

	*nr_running = 0;
	if (!s) {
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	/* No launcher, or one that owns nothing: node 0 runs no nodes. */
	fd = launcher_try_open();
	if (fd >= 0 && launcher_try_info(fd, &li))
		li.nr_ranges = 0;
	if (mint_rates_try_read(opts.sysroot, &rates))
		rates.tsc_khz = 0;
	s->p = p;
	s->tsc_khz = rates.tsc_khz;
	s->now = __rdtsc();
	if (fd >= 0) {
		scan_reservations(fd, &li, s);
		launcher_close(fd);
	}
	rc = s->rc;
	*nr_running = s->running;
	free(s);
	return rc;
}
