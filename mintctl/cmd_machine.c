// SPDX-License-Identifier: GPL-2.0-only
/* mintctl machine: what discovery sees, to check it before planning. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "json.h"
#include "main.h"
#include "numbers.h"

static void machine_help(void)
{
	printf("Usage: mintctl machine [OPTIONS]\n"
	       "\n"
	       "Show the present CPUs with their APIC IDs (online or not) and the\n"
	       "firmware memory map that the planner works from. Needs no config.\n"
	       "\n" GLOBAL_OPTIONS_HELP);
}

static void print_json(const struct mint_machine *m)
{
	struct json j;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_begin_array(&j, "cpus");
	for (int c = cores_next(&m->present, 0); c >= 0;
	     c = cores_next(&m->present, c + 1)) {
		json_begin_object(&j, NULL);
		json_u64(&j, "cpu", (uint64_t)c);
		json_u64(&j, "apic_id", m->apic_id[c]);
		json_bool(&j, "online", cores_has(&m->online, (unsigned)c));
		json_end_object(&j);
	}
	json_end_array(&j);
	json_string(&j, "memory_map_source", m->map_source);
	json_begin_array(&j, "memory_map");
	for (unsigned i = 0; i < m->nr_map; i++) {
		json_begin_object(&j, NULL);
		json_u64(&j, "start", m->map[i].start);
		json_u64(&j, "end", m->map[i].end - 1);
		json_string(&j, "type", m->map[i].type);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_u64(&j, "ram_total", m->ram_total);
	json_u64(&j, "ram_end", m->ram_end);
	json_end_object(&j);
	json_finish(&j);
}

static void print_text(const struct mint_machine *m)
{
	char a[32], b[32];

	printf("CPU  APIC ID  STATE\n");
	for (int c = cores_next(&m->present, 0); c >= 0;
	     c = cores_next(&m->present, c + 1))
		printf("%-4d %-8u %s\n", c, m->apic_id[c],
		       cores_has(&m->online, (unsigned)c) ? "online" :
		       "not online (APIC ID from the MADT)");
	printf("\nmemory map (%s):\n", m->map_source);
	for (unsigned i = 0; i < m->nr_map; i++)
		printf("  0x%016" PRIx64 "-0x%016" PRIx64 " %-8s %s\n",
		       m->map[i].start, m->map[i].end - 1,
		       format_size_approx(m->map[i].end - m->map[i].start, a,
					  sizeof(a)), m->map[i].type);
	printf("RAM: %s, ends at 0x%" PRIx64 "\n",
	       format_size_approx(m->ram_total, b, sizeof(b)), m->ram_end);
}

int do_machine(int argc, char **argv)
{
	struct mint_machine *m;
	int rc, c;

	mint_set_command("machine", machine_help);
	while ((c = mint_getopt(argc, argv, "", NULL)) != -1)
		if (c == '?')
			return MINT_ERR_USAGE;
	if (no_more_args(argc, argv, "machine"))
		return MINT_ERR_USAGE;
	m = malloc(sizeof(*m));
	if (!m) {
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	rc = mint_machine_discover(m, opts.sysroot);
	if (!rc) {
		if (opts.json)
			print_json(m);
		else
			print_text(m);
	}
	free(m);
	return rc;
}
