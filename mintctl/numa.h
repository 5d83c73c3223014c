/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * NUMA affinity from the ACPI SRAT (System Resource Affinity Table, ACPI
 * 6.5 section 5.2.16): the proximity domain of each APIC ID and of each
 * memory range. Linux numbers NUMA nodes in the order acpi_numa_init()
 * first meets each proximity domain, processor entries before memory
 * entries, disabled entries skipped; so do we, so NUMA node N here is
 * /sys/devices/system/node/nodeN on node 0. A machine without an SRAT is
 * one NUMA node 0 that holds every CPU and all memory.
 */
#ifndef MINT_NUMA_H
#define MINT_NUMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cores.h"
#include "ranges.h"

#define MINT_MAX_NUMA		64	/* NUMA nodes; a mask fits a uint64_t */
#define MINT_SRAT_MAX_CPUS	1024	/* enabled processor entries */
#define MINT_SRAT_MAX_MEM	128	/* enabled memory ranges, once merged */

struct mint_numa_mem {
	uint64_t start, end;		/* [start, end) */
	unsigned node;
};

struct mint_srat_cpu {
	uint32_t apic_id;
	unsigned node;
};

struct mint_srat {
	unsigned nr_nodes;
	uint32_t pxm[MINT_MAX_NUMA];	/* NUMA node -> proximity domain */
	unsigned nr_cpus;
	struct mint_srat_cpu cpu[MINT_SRAT_MAX_CPUS];
	unsigned nr_mem;
	struct mint_numa_mem mem[MINT_SRAT_MAX_MEM];	/* sorted, disjoint */
};

/*
 * Parse an SRAT: Processor Local APIC (type 0), Memory (type 1) and
 * Processor Local x2APIC (type 2) affinity, enabled entries only; other
 * types are skipped. Every length is checked against the table. Returns 0,
 * or -1 with *why set to a static reason.
 */
int parse_srat(const uint8_t *buf, size_t len, struct mint_srat *s,
	       const char **why);

struct mint_machine;

/* Give m the SRAT's NUMA nodes: per present CPU and per memory range. */
void numa_apply(struct mint_machine *m, const struct mint_srat *s,
		const char *source);

/* The NUMA node of a CPU; -1 if the SRAT does not list its APIC ID. */
int numa_of_cpu(const struct mint_machine *m, unsigned cpu);

/* A piece of an address range inside one NUMA node (-1: in none). */
struct numa_piece {
	uint64_t start, end;
	int node;
};

#define NUMA_MAX_PIECES	(2 * MINT_SRAT_MAX_MEM + 1)

/* Split [start, end) where NUMA nodes change; out holds NUMA_MAX_PIECES. */
unsigned numa_split(const struct mint_machine *m, uint64_t start,
		    uint64_t end, struct numa_piece *out);

/* NUMA nodes (bit n: node n) that [start, end) touches; bit 63 unused. */
uint64_t numa_nodes_of_range(const struct mint_machine *m, uint64_t start,
			     uint64_t end);

/* The address ranges of a NUMA node (all of them: node 0, no SRAT). */
int numa_node_ranges(const struct mint_machine *m, unsigned node,
		     struct mint_rangeset *out);

/* The system RAM of a NUMA node, from the firmware memory map. */
int numa_node_ram(const struct mint_machine *m, unsigned node,
		  struct mint_rangeset *out);

/* Where a set of cores sits. */
struct numa_census {
	unsigned count[MINT_MAX_NUMA];	/* cores on each NUMA node */
	uint64_t nodes;			/* mask of NUMA nodes with any */
	unsigned nr_nodes;		/* bits in nodes */
	unsigned known;			/* cores whose NUMA node is known */
	int most;			/* holds most (lowest on a tie); -1 none */
};

void numa_census(const struct mint_machine *m, const struct mint_cores *cores,
		 struct numa_census *c);

/* "1", "0 and 1", "0, 1 and 3": the NUMA nodes of a mask. Returns buf. */
char *numa_list(uint64_t nodes, char *buf, size_t len);

#endif
