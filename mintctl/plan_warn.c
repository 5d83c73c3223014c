// SPDX-License-Identifier: GPL-2.0-only
/*
 * Warnings about a plan that boots but may not be what the user wants.
 * plan, validate and partition print them; the exit status stays 0.
 *
 *  - NUMA: a node's memory on another NUMA node than its cores, or cores
 *    spread over NUMA nodes. Every memory access then crosses between
 *    sockets.
 *  - The boot path: memory above mint_boot_mem_limit(), if there is one.
 *  - SMT: the two threads of one core in two Mint nodes, which then
 *    compete for one core's execution units and caches.
 *  - KASLR: more memmap= regions than node 0's boot decompressor avoids.
 */
#include <inttypes.h>
#include <stdio.h>

#include "numa.h"
#include "numbers.h"
#include "planner.h"
#include "topology.h"

static const struct mint_loc *loc_of(const struct mint_setting *s,
				     const struct mint_node_cfg *n)
{
	return s->set ? &s->loc : &n->loc;
}

static unsigned warn_numa(const struct mint_config *cfg,
			  const struct mint_machine *m,
			  const struct mint_plan *p, unsigned i)
{
	const struct mint_node_cfg *nc = &cfg->node[i];
	const struct mint_node_plan *np = &p->node[i];
	const struct mint_range *mem = &np->mem[0];
	uint64_t limit = mint_boot_mem_limit();
	char cores[256], sz[32], lim[32], a[160], b[160];
	struct numa_census c;
	uint64_t mem_nodes;
	unsigned n = 0;

	if (!m->nr_numa)
		return 0;		/* no SRAT: one NUMA node */
	numa_census(m, &np->cores, &c);
	if (c.most < 0)
		return 0;
	cores_format(&np->cores, cores, sizeof(cores));
	mem_nodes = numa_nodes_of_range(m, mem->base, range_end(mem));
	if (c.nr_nodes > 1) {
		bool tie = false;

		for (unsigned k = 0; k < MINT_MAX_NUMA; k++)
			tie |= (int)k != c.most && c.count[k] == c.count[c.most];
		p_warn_at(loc_of(&nc->cores_s, nc), nc->section, "cores",
			  "cores %s span NUMA nodes %s; NUMA node %d holds %s (%u of %u)%s",
			  cores, numa_list(c.nodes, a, sizeof(a)), c.most,
			  tie ? "as many of them as any, with the lowest id" :
				"most of them",
			  c.count[c.most], cores_count(&np->cores),
			  !nc->mem_base_set && mem_nodes == 1ull << c.most ?
			  ", so the memory is placed there" : "");
		n++;
	}
	if (!mem_nodes || mem_nodes == 1ull << c.most)
		return n;
	if (!nc->mem_base_set && !(mem_nodes & 1ull << c.most) &&
	    range_end(mem) <= limit) {
		if (limit < UINT64_MAX)
			snprintf(b, sizeof(b), " below %s, the limit of the boot path",
				 format_size(limit, lim, sizeof(lim)));
		else
			snprintf(b, sizeof(b), " left");
		p_warn_at(loc_of(&nc->memory_s, nc), nc->section, "memory",
			  "placed on NUMA node %s at 0x%" PRIx64 "-0x%" PRIx64 ": NUMA node %d, which holds its cores (%s), has no free %s%s",
			  numa_list(mem_nodes, a, sizeof(a)), mem->base,
			  range_end(mem) - 1, c.most, cores,
			  format_size(mem->size, sz, sizeof(sz)), b);
	} else {
		p_warn_at(loc_of(&nc->memory_s, nc), nc->section, "memory",
			  "0x%" PRIx64 "-0x%" PRIx64 " is on NUMA node %s, but cores %s are on NUMA node %s, so memory accesses cross between sockets%s",
			  mem->base, range_end(mem) - 1,
			  numa_list(mem_nodes, a, sizeof(a)), cores,
			  numa_list(c.nodes, b, sizeof(b)),
			  nc->mem_base_set ?
			  " (leave out @ADDR to place it on its cores' NUMA node)" : "");
	}
	return n + 1;
}

static unsigned warn_boot_limit(const struct mint_config *cfg,
				const struct mint_plan *p, unsigned i)
{
	const struct mint_node_cfg *nc = &cfg->node[i];
	const struct mint_range *mem = &p->node[i].mem[0];
	uint64_t limit = mint_boot_mem_limit();
	char lim[32], sz[32];

	if (limit == UINT64_MAX || mem->base < limit)
		return 0;
	format_size(limit, lim, sizeof(lim));
	p_warn_at(loc_of(&nc->memory_s, nc), nc->section, "memory",
		  "0x%" PRIx64 "-0x%" PRIx64 " lies above %s, where mintctl boot cannot start a node%s%s%s",
		  mem->base, range_end(mem) - 1, lim,
		  nc->mem_base_set ? "" : "; no free ",
		  nc->mem_base_set ? "" : format_size(mem->size, sz, sizeof(sz)),
		  nc->mem_base_set ? "" : " fits below it");
	return 1;
}

static int owner_of(const struct mint_plan *p, unsigned cpu)
{
	for (unsigned i = 0; i < p->nr_nodes; i++)
		if (cores_has(&p->node[i].cores, cpu))
			return (int)i;
	return -1;
}

unsigned mint_plan_warn_smt(const struct mint_config *cfg,
			   const struct mint_machine *m,
			   const struct mint_plan *p)
{
	struct mint_cores sib;
	struct topo_place t;
	unsigned n = 0;

	for (int a = cores_next(&m->present, 0); a >= 0;
	     a = cores_next(&m->present, a + 1)) {
		int oa = owner_of(p, (unsigned)a);

		if (oa < 0 || !topology_of(m, (unsigned)a, &t))
			continue;
		topology_siblings(m, (unsigned)a, &sib);
		for (int b = cores_next(&sib, a + 1); b >= 0;
		     b = cores_next(&sib, b + 1)) {
			int ob = owner_of(p, (unsigned)b);
			const struct mint_node_cfg *nc;

			if (ob < 0 || ob == oa)
				continue;
			nc = &cfg->node[ob > oa ? ob : oa];
			p_warn_at(loc_of(&nc->cores_s, nc), nc->section, "cores",
				  "CPU %d of [node%d] and CPU %d of [node%d] are SMT threads of one core (socket %" PRIu32 ", core %" PRIu32 "): the two nodes compete for its execution units and caches; give both threads to one node",
				  a, oa, b, ob, t.socket, t.core);
			n++;
		}
	}
	return n;
}

unsigned mint_plan_warn_kaslr(const struct mint_config *cfg,
			     const struct mint_plan *p)
{
	struct mint_loc file = { cfg->file, 0 };
	unsigned regions = mint_plan_memmap_regions(p);

	if (regions <= MINT_KASLR_MEMMAP_MAX)
		return 0;
	p_warn_at(&file, NULL, NULL,
		  "node 0 needs %u memmap= reservations even with neighbours merged; its boot decompressor keeps KASLR away from at most %d (MAX_MEMMAP_REGIONS), so KASLR on node 0 will not randomize the physical address (the reservations go into one memmap= list, which makes the decompressor stop trying)",
		  regions, MINT_KASLR_MEMMAP_MAX);
	return 1;
}

unsigned mint_plan_warn_memory(const struct mint_config *cfg,
			      const struct mint_machine *m,
			      const struct mint_plan *p)
{
	unsigned n = 0;

	for (unsigned i = 1; i < p->nr_nodes; i++) {
		n += warn_numa(cfg, m, p, i);
		n += warn_boot_limit(cfg, p, i);
	}
	return n;
}

unsigned mint_plan_warn(const struct mint_config *cfg,
			const struct mint_machine *m,
			const struct mint_plan *p)
{
	return mint_plan_warn_memory(cfg, m, p) + mint_plan_warn_smt(cfg, m, p) +
	       mint_plan_warn_kaslr(cfg, p);
}
