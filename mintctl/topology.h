/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU topology: the socket (package), core and SMT thread of every present
 * CPU, including those node 0 never booted, read from its APIC ID.
 */
#ifndef MINT_TOPOLOGY_H
#define MINT_TOPOLOGY_H

#include <stdbool.h>
#include <stdint.h>

#include "cores.h"

struct mint_machine;

/* Set m->topo_known, smt_bits and core_bits from the online CPUs. */
void topology_derive(struct mint_machine *m);

/* Where a CPU sits: "physical id", "core id" and its thread in the core. */
struct topo_place {
	uint32_t socket, core, thread;
};

/* False if the topology or the CPU's APIC ID is unknown. */
bool topology_of(const struct mint_machine *m, unsigned cpu,
		 struct topo_place *t);

/* The present CPUs on cpu's core (cpu included), like thread_siblings. */
void topology_siblings(const struct mint_machine *m, unsigned cpu,
		       struct mint_cores *out);

#endif
