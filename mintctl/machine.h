/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the machine has: present and online CPUs with their APIC IDs, and
 * the firmware memory map. Everything is read below an optional sysroot so
 * tests can feed recorded machines.
 */
#ifndef MINT_MACHINE_H
#define MINT_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "cores.h"
#include "numa.h"

#define MINT_MAX_MEMMAP	128

struct mint_mem_entry {
	uint64_t start, end;		/* [start, end) */
	bool ram;			/* "System RAM" */
	char type[32];
};

/* What an online CPU's /proc/cpuinfo entry says about its place. */
struct mint_cpuinfo_topo {
	bool has_pkg, has_core;
	bool reported;			/* both: "physical id" and "core id" */
	uint32_t pkg, core;		/* "physical id", "core id" */
	uint32_t siblings, cores;	/* "siblings", "cpu cores"; 0: absent */
};

struct mint_machine {
	struct mint_cores present, online;
	uint32_t apic_id[MINT_MAX_CORES];
	bool apic_known[MINT_MAX_CORES];
	bool madt_used;			/* APIC IDs of never-booted CPUs */
	struct mint_cpuinfo_topo cpuinfo[MINT_MAX_CORES];
	/* Topology (topology.c): the APIC ID bit fields, if derivable. */
	bool topo_known;
	unsigned smt_bits, core_bits;
	/* NUMA (numa.c): nr_numa is 0 without an SRAT (one NUMA node 0). */
	const char *numa_source;
	unsigned nr_numa;
	uint32_t numa_pxm[MINT_MAX_NUMA];
	int numa_node[MINT_MAX_CORES];	/* -1: APIC ID not in the SRAT */
	unsigned nr_numa_mem;
	struct mint_numa_mem numa_mem[MINT_SRAT_MAX_MEM];	/* sorted */
	unsigned nr_map;
	struct mint_mem_entry map[MINT_MAX_MEMMAP];	/* sorted by start */
	const char *map_source;
	uint64_t ram_end;		/* end of the highest RAM entry */
	uint64_t ram_total;
};

/* MINT_OK or MINT_ERR_RUNTIME with the reason printed. */
int mint_machine_discover(struct mint_machine *m, const char *sysroot);

/*
 * Parsers, exposed for unit tests and fuzzing. Each returns 0 or -1 with
 * *why set to a static string.
 */
int parse_cpuinfo(const char *text, struct mint_machine *m, const char **why);
/* One line of /proc/iomem, "  00100000-7ffdffff : System RAM". */
struct iomem_entry {
	uint64_t start, end;	/* end inclusive, as the kernel prints it */
	const char *name;	/* points into the line */
	bool nested;		/* indented: a part of the entry above */
};

/* 0 with *e filled in, or -1 when line is not in that shape. */
int iomem_parse_line(const char *line, struct iomem_entry *e);

/* Appends the usable (enabled or online-capable) APIC IDs in MADT order. */
int parse_madt(const uint8_t *buf, size_t len, uint32_t *ids, unsigned max,
	       unsigned *nr, const char **why);

/* Add one memory map entry, keeping the map sorted; ram_end/total too. */
int machine_add_mem(struct mint_machine *m, uint64_t start, uint64_t end,
		    const char *type);

#endif
