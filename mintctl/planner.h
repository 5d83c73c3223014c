/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The partition plan: which cores, memory, low window, MAC and address each
 * node gets, where the shared region lives, and the VNI geometry. Built
 * from a config and a machine, or decoded from a layout descriptor; both
 * paths end in the same struct so every later command (boot, status, net)
 * works from one thing.
 */
#ifndef MINT_PLANNER_H
#define MINT_PLANNER_H

#include <stddef.h>
#include <stdint.h>

#include <linux/mint_node.h>	/* MINT_CTRL_BLOCK_SIZE: the control block, offset 0 */

#include "config.h"
#include "console_layout.h"
#include "cores.h"
#include "machine.h"
#include "ranges.h"
#include "vni_layout.h"	/* vni/core: the VNI area geometry */

#define MINT_MEM_ALIGN		(2ull << 20)
#define MINT_FIRST_MB		(1ull << 20)
#define MINT_PAGE0_END		0x1000ull	/* RAM below is never planned */
#define MINT_NODE_MIN_MEM	(32ull << 20)
#define MINT_NODE0_MIN_MEM	(128ull << 20)
/* Low windows: above the real-mode IVT/BDA area, below node 0's own
 * trampoline, which the kernel allocates top-down near 0x98000. */
#define MINT_LOW_FLOOR		0x10000ull
#define MINT_LOW_FIRST		0x20000ull
#define MINT_LOW_CEIL		0x80000ull
#define MINT_LOW_ALIGN		0x1000ull
#define MINT_LOW_MIN		(32ull << 10)
#define MINT_NODE_RANGES	32
#define MINT_PARAMS_MAX		4096
/*
 * Linux's boot decompressor keeps KASLR away from at most this many
 * memmap= regions (MAX_MEMMAP_REGIONS, arch/x86/boot/compressed/kaslr.c).
 */
#define MINT_KASLR_MEMMAP_MAX	4

/*
 * The boot path's limit on where a node's memory may lie; the planner
 * keeps below it wherever it can, and plan_warn.c says when it could not.
 * mintctl boot enters a node whose memory below 4 GiB cannot hold its
 * boot image by the 64-bit boot protocol (long mode, bootimage.c), so
 * there is none. With the 32-bit boot protocol alone this was 1ull << 32.
 */
static inline uint64_t mint_boot_mem_limit(void)
{
	return UINT64_MAX;
}

struct mint_node_plan {
	unsigned id;
	char name[MINT_NAME_MAX];
	struct mint_cores cores;
	unsigned nr_cores;
	uint32_t apic_id[MINT_MAX_CORES];	/* of the k-th core */
	unsigned nr_mem;
	/* node 0: the RAM it keeps; others: one range */
	struct mint_range mem[MINT_NODE_RANGES];
	struct mint_range low;			/* empty for node 0 */
	uint8_t mac[6];
	uint32_t ipv4;				/* host byte order */
	unsigned uarts;				/* ttySN bits its cmdline drives */
	bool autostart;				/* see mint_plan.services */
	enum mint_restart restart;
};

struct mint_plan {
	unsigned nr_nodes;			/* ids are 0..nr_nodes-1 */
	struct mint_node_plan node[MINT_MAX_NODES];
	struct mint_range shared;
	struct vni_geometry geo;
	struct mint_console_geo console;	/* offset 0: no console channels */
	uint32_t mtu;
	uint32_t net, prefix;			/* VNI addressing */
	/*
	 * The machine has SMT threads. Linux then brings up the first thread
	 * of every core before any second thread (cpuhp parallel bring-up), so
	 * maxcpus=N would take first threads of other nodes' cores: node 0
	 * needs cpuhp.parallel=0 to bring up CPUs 0..N-1 in order.
	 */
	bool smt;
	/*
	 * Built from a config, which has node 0's service settings
	 * (autostart, restart); a decoded descriptor has none.
	 */
	bool services;
};

/*
 * Place everything and check it. MINT_OK, or MINT_ERR_USAGE after
 * printing one message that names FILE:LINE, section and key.
 */
int mint_plan_build(const struct mint_config *cfg,
		    const struct mint_machine *m, struct mint_plan *p);

/*
 * Check a plan that did not come from the planner (a decoded descriptor):
 * same rules, messages name src. MINT_OK or MINT_ERR_USAGE.
 */
int mint_plan_check(const struct mint_plan *p, const char *src);

/*
 * Forget node 0's service settings (autostart, restart): what is left is
 * the layout, as a decoded descriptor has it.
 */
void mint_plan_drop_services(struct mint_plan *p);

/*
 * Bytes the shared region needs: control block, VNI area and, if the plan
 * has them, the console channels after it.
 */
uint64_t mint_shared_needed(const struct mint_plan *p);

/*
 * Node 0's kernel parameters: maxcpus=, no_ipi_broadcast=1,
 * cpuhp.parallel=0 on a machine with SMT (see smt above), then
 * memmap=SIZE$ADDR for each secondary's memory and low window, then the
 * shared region. Reservations that touch are merged into one memmap=,
 * listed where the first of them would be; beyond MINT_KASLR_MEMMAP_MAX
 * they go into a single memmap=A$X,B$Y,... list. Last, reserve=PORT,8,...
 * for the secondaries' UARTs, so that node 0's serial driver never probes
 * (and resets) a port a running node drives. -1 if buf is too small.
 */
int mint_plan_kparams(const struct mint_plan *p, char *buf, size_t len);

/* How many memmap= regions node 0 gets once neighbours are merged. */
unsigned mint_plan_memmap_regions(const struct mint_plan *p);

/*
 * Warnings about a plan that boots but may not be what the user wants:
 * a node's memory on another NUMA node than its cores, SMT siblings split
 * between nodes, memory the boot path cannot start, more memmap= regions
 * than node 0's KASLR handles. Printed with p_warn_at(); returns how many.
 */
unsigned mint_plan_warn(const struct mint_config *cfg,
			const struct mint_machine *m,
			const struct mint_plan *p);
/* The same by topic, for mintctl doctor: NUMA and boot-path placement, */
unsigned mint_plan_warn_memory(const struct mint_config *cfg,
			      const struct mint_machine *m,
			      const struct mint_plan *p);
/* SMT threads of one core in two nodes, */
unsigned mint_plan_warn_smt(const struct mint_config *cfg,
			   const struct mint_machine *m,
			   const struct mint_plan *p);
/* and more memmap= regions than node 0's KASLR avoids. */
unsigned mint_plan_warn_kaslr(const struct mint_config *cfg,
			     const struct mint_plan *p);

#endif
