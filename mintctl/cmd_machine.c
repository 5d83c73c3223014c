// SPDX-License-Identifier: GPL-2.0-only
/* mintctl machine: what discovery sees, to check it before planning. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "json.h"
#include "main.h"
#include "numa.h"
#include "numbers.h"
#include "topology.h"

static void machine_help(void)
{
	printf("Usage: mintctl machine [OPTIONS]\n"
	       "\n"
	       "Show the present CPUs with their APIC IDs (online or not), socket,\n"
	       "core, SMT thread and siblings, and NUMA node, and the firmware memory\n"
	       "map with the NUMA node of each range, as the planner sees them.\n"
	       "Needs no config.\n"
	       "\n" GLOBAL_OPTIONS_HELP);
}

static void json_numa(struct json *j, const char *key, int node)
{
	if (node >= 0)
		json_u64(j, key, (uint64_t)node);
	else
		json_null(j, key);
}

static void json_cpu(struct json *j, const struct mint_machine *m, int c)
{
	struct mint_cores sib;
	struct topo_place t;

	json_begin_object(j, NULL);
	json_u64(j, "cpu", (uint64_t)c);
	json_u64(j, "apic_id", m->apic_id[c]);
	json_bool(j, "online", cores_has(&m->online, (unsigned)c));
	if (topology_of(m, (unsigned)c, &t)) {
		json_u64(j, "socket", t.socket);
		json_u64(j, "core", t.core);
		json_u64(j, "thread", t.thread);
		topology_siblings(m, (unsigned)c, &sib);
		json_begin_array(j, "siblings");
		for (int s = cores_next(&sib, 0); s >= 0;
		     s = cores_next(&sib, s + 1))
			json_u64(j, NULL, (uint64_t)s);
		json_end_array(j);
	} else {
		json_null(j, "socket");
		json_null(j, "core");
		json_null(j, "thread");
		json_null(j, "siblings");
	}
	json_numa(j, "numa_node", numa_of_cpu(m, (unsigned)c));
	json_end_object(j);
}

static void json_map_entry(struct json *j, const struct mint_machine *m,
			   const struct mint_mem_entry *e)
{
	struct numa_piece pieces[NUMA_MAX_PIECES];
	unsigned n = numa_split(m, e->start, e->end, pieces);

	json_begin_object(j, NULL);
	json_u64(j, "start", e->start);
	json_u64(j, "size", e->end - e->start);
	json_string(j, "type", e->type);
	json_numa(j, "numa_node", n == 1 ? pieces[0].node : -1);
	json_begin_array(j, "numa_ranges");
	for (unsigned i = 0; i < n; i++) {
		json_begin_object(j, NULL);
		json_u64(j, "start", pieces[i].start);
		json_u64(j, "size", pieces[i].end - pieces[i].start);
		json_numa(j, "numa_node", pieces[i].node);
		json_end_object(j);
	}
	json_end_array(j);
	json_end_object(j);
}

static void json_numa_nodes(struct json *j, const struct mint_machine *m)
{
	unsigned nodes = m->nr_numa ? m->nr_numa : 1;
	struct mint_rangeset ram;

	json_begin_array(j, "numa_nodes");
	for (unsigned n = 0; n < nodes; n++) {
		json_begin_object(j, NULL);
		json_u64(j, "numa_node", n);
		if (m->nr_numa)
			json_u64(j, "proximity_domain", m->numa_pxm[n]);
		else
			json_null(j, "proximity_domain");
		json_begin_array(j, "cpus");
		for (int c = cores_next(&m->present, 0); c >= 0;
		     c = cores_next(&m->present, c + 1))
			if (numa_of_cpu(m, (unsigned)c) == (int)n)
				json_u64(j, NULL, (uint64_t)c);
		json_end_array(j);
		json_begin_array(j, "ram");
		if (!numa_node_ram(m, n, &ram))
			for (unsigned i = 0; i < ram.nr; i++)
				json_range(j, NULL, ram.r[i].base, ram.r[i].size);
		json_end_array(j);
		json_u64(j, "ram_total", rangeset_total(&ram));
		json_end_object(j);
	}
	json_end_array(j);
}

static int print_json(const struct mint_machine *m)
{
	struct json j;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_begin_array(&j, "cpus");
	for (int c = cores_next(&m->present, 0); c >= 0;
	     c = cores_next(&m->present, c + 1))
		json_cpu(&j, m, c);
	json_end_array(&j);
	json_begin_object(&j, "topology");
	json_bool(&j, "known", m->topo_known);
	if (m->topo_known) {
		json_u64(&j, "smt_bits", m->smt_bits);
		json_u64(&j, "core_bits", m->core_bits);
	} else {
		json_null(&j, "smt_bits");
		json_null(&j, "core_bits");
	}
	json_end_object(&j);
	if (m->numa_source)
		json_string(&j, "numa_source", m->numa_source);
	else
		json_null(&j, "numa_source");
	json_numa_nodes(&j, m);
	json_string(&j, "memory_map_source", m->map_source);
	json_begin_array(&j, "memory_map");
	for (unsigned i = 0; i < m->nr_map; i++)
		json_map_entry(&j, m, &m->map[i]);
	json_end_array(&j);
	json_u64(&j, "ram_total", m->ram_total);
	json_u64(&j, "ram_end", m->ram_end);
	json_end_object(&j);
	return json_finish(&j);
}

static const char *num_or_dash(int v, char *buf, size_t len)
{
	if (v < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%d", v);
	return buf;
}

static void print_cpus(const struct mint_machine *m)
{
	char sock[16], core[16], thr[16], sib[256], numa[16];

	printf("CPU  APIC ID  SOCKET CORE THREAD SIBLINGS NUMA STATE\n");
	for (int c = cores_next(&m->present, 0); c >= 0;
	     c = cores_next(&m->present, c + 1)) {
		struct mint_cores s;
		struct topo_place t;
		bool known = topology_of(m, (unsigned)c, &t);

		topology_siblings(m, (unsigned)c, &s);
		printf("%-4d %-8u %-6s %-4s %-6s %-8s %-4s %s\n", c,
		       m->apic_id[c],
		       num_or_dash(known ? (int)t.socket : -1, sock, sizeof(sock)),
		       num_or_dash(known ? (int)t.core : -1, core, sizeof(core)),
		       num_or_dash(known ? (int)t.thread : -1, thr, sizeof(thr)),
		       known ? cores_format(&s, sib, sizeof(sib)) : "-",
		       num_or_dash(numa_of_cpu(m, (unsigned)c), numa, sizeof(numa)),
		       cores_has(&m->online, (unsigned)c) ? "online" :
		       "not online (APIC ID from the MADT)");
	}
	if (m->topo_known && m->smt_bits + m->core_bits >= 32)
		printf("\ntopology: APIC IDs hold %u SMT bit%s, then the core; one socket (derived from the online CPUs in /proc/cpuinfo)\n",
		       m->smt_bits, m->smt_bits == 1 ? "" : "s");
	else if (m->topo_known)
		printf("\ntopology: APIC IDs hold %u SMT bit%s, %u core bit%s, then the socket (derived from the online CPUs in /proc/cpuinfo)\n",
		       m->smt_bits, m->smt_bits == 1 ? "" : "s",
		       m->core_bits, m->core_bits == 1 ? "" : "s");
	else
		printf("\ntopology: unknown (the online CPUs report no consistent \"physical id\" and \"core id\")\n");
}

static void print_numa(const struct mint_machine *m)
{
	char cpus[1024], a[32];
	struct mint_rangeset ram;

	if (!m->nr_numa) {
		printf("NUMA: one node 0 with every CPU and all memory (no SRAT)\n");
		return;
	}
	printf("NUMA: %u nodes (%s)\n", m->nr_numa, m->numa_source);
	for (unsigned n = 0; n < m->nr_numa; n++) {
		struct mint_cores c = { { 0 } };

		for (int k = cores_next(&m->present, 0); k >= 0;
		     k = cores_next(&m->present, k + 1))
			if (numa_of_cpu(m, (unsigned)k) == (int)n)
				cores_add(&c, (unsigned)k);
		if (numa_node_ram(m, n, &ram))
			ram.nr = 0;
		printf("  node %u (proximity domain %" PRIu32 "): CPUs %s, RAM %s\n",
		       n, m->numa_pxm[n], cores_format(&c, cpus, sizeof(cpus)),
		       format_size_approx(rangeset_total(&ram), a, sizeof(a)));
	}
}

static void print_text(const struct mint_machine *m)
{
	struct numa_piece pieces[NUMA_MAX_PIECES];
	char a[32], b[32], numa[16];

	print_cpus(m);
	print_numa(m);
	printf("\nmemory map (%s):\n", m->map_source);
	/* A range on two NUMA nodes shows as two lines. */
	for (unsigned i = 0; i < m->nr_map; i++) {
		unsigned n = numa_split(m, m->map[i].start, m->map[i].end,
					pieces);

		for (unsigned k = 0; k < n; k++)
			printf("  0x%016" PRIx64 "-0x%016" PRIx64 " %-8s NUMA %-3s %s\n",
			       pieces[k].start, pieces[k].end - 1,
			       format_size_approx(pieces[k].end - pieces[k].start,
						  a, sizeof(a)),
			       num_or_dash(pieces[k].node, numa, sizeof(numa)),
			       m->map[i].type);
	}
	printf("RAM: %s, ends at 0x%" PRIx64 "\n",
	       format_size_approx(m->ram_total, b, sizeof(b)), m->ram_end);
}

int do_machine(int argc, char **argv)
{
	struct mint_machine *m;
	int rc, c;

	mint_set_help(machine_help);
	while ((c = mint_getopt(argc, argv, "", NULL)) != -1)
		if (c == '?')
			return MINT_ERR_USAGE;
	if (no_more_args(argc, argv))
		return MINT_ERR_USAGE;
	m = malloc(sizeof(*m));
	if (!m) {
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	rc = mint_machine_discover(m, opts.sysroot);
	if (!rc) {
		if (opts.json)
			rc = print_json(m);
		else
			print_text(m);
	}
	free(m);
	return rc;
}
