// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: an ACPI SRAT, as machine discovery reads it from
 * /sys/firmware/acpi/tables/SRAT. Whatever the parser accepts must keep
 * its promises (node numbers in range, memory sorted and disjoint), and
 * the recorded 8-core machine with those NUMA nodes must go through the
 * topology, the planner, its warnings and node 0's parameters.
 */
#include "fuzz_common.h"
#include "numa.h"
#include "topology.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char conf[] =
	"[shared]\nsize = 64M\n[node0]\ncores = 0-3\n"
	"[node1]\ncores = 4-5\nmemory = 256M\n"
	"[node2]\ncores = 6-7\nmemory = 1G\n";

static void check_srat(const struct mint_srat *s)
{
	if (s->nr_nodes > MINT_MAX_NUMA || s->nr_cpus > MINT_SRAT_MAX_CPUS ||
	    s->nr_mem > MINT_SRAT_MAX_MEM)
		abort();
	for (unsigned i = 0; i < s->nr_cpus; i++)
		if (s->cpu[i].node >= s->nr_nodes)
			abort();
	for (unsigned i = 0; i < s->nr_mem; i++)
		if (s->mem[i].node >= s->nr_nodes ||
		    s->mem[i].start >= s->mem[i].end ||
		    (i && s->mem[i].start < s->mem[i - 1].end))
			abort();
}

/* numa_split() pieces tile the range, each in one node or none. */
static void check_split(const struct mint_machine *m, uint64_t start,
			uint64_t end)
{
	static struct numa_piece pieces[NUMA_MAX_PIECES];
	unsigned n = numa_split(m, start, end, pieces);
	int nodes = m->nr_numa ? (int)m->nr_numa : 1;	/* none: node 0 */
	uint64_t at = start;

	if (!n || n > NUMA_MAX_PIECES)
		abort();
	for (unsigned i = 0; i < n; i++) {
		if (pieces[i].start != at || pieces[i].end <= at ||
		    pieces[i].node >= nodes)
			abort();
		at = pieces[i].end;
	}
	if (at != end)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mint_machine machines[2], m;
	static struct mint_rangeset ram;
	static struct mint_config cfg;
	static struct mint_plan plan;
	static struct mint_srat srat;
	static bool ready;
	char params[MINT_PARAMS_MAX];
	const char *why;

	if (!ready) {
		mint_err_quiet = true;
		fuzz_machines(machines);
		/* Node 0 booted with maxcpus=4, as recorded. */
		for (unsigned c = 0; c < 4; c++) {
			cores_add(&machines[1].online, c);
			machines[1].cpuinfo[c] = (struct mint_cpuinfo_topo){
				.has_pkg = true, .has_core = true,
				.reported = true, .core = c, .siblings = 8,
				.cores = 8,
			};
		}
		mint_config_init(&cfg, "fuzz.conf");
		if (mint_config_parse(&cfg, "fuzz.conf", conf, sizeof(conf) - 1) ||
		    mint_config_finish(&cfg))
			abort();
		ready = true;
	}
	if (parse_srat(data, size, &srat, &why))
		return 0;
	check_srat(&srat);
	m = machines[1];
	numa_apply(&m, &srat, "fuzz");
	topology_derive(&m);
	for (unsigned i = 0; i < m.nr_map; i++)
		check_split(&m, m.map[i].start, m.map[i].end);
	for (unsigned n = 0; n < m.nr_numa; n++)
		numa_node_ram(&m, n, &ram);
	if (mint_plan_build(&cfg, &m, &plan))
		return 0;
	mint_plan_warn(&cfg, &m, &plan);
	if (mint_plan_kparams(&plan, params, sizeof(params)))
		abort();
	fuzz_round_trip(&plan, size);
	return 0;
}
