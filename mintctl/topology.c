// SPDX-License-Identifier: GPL-2.0-only
/*
 * Socket, core and SMT thread from the APIC ID.
 *
 * x86 packs a CPU's place into its APIC ID: the low smt_bits number the
 * threads of a core, the next core_bits the cores of a package, the rest
 * the package. Linux 6.12 reports "physical id" = apicid >> (smt_bits +
 * core_bits) and "core id" = (apicid & package mask) >> smt_bits
 * (arch/x86/kernel/cpu/topology_common.c). The widths come from CPUID,
 * which a recorded machine does not have, so we derive them from what the
 * online CPUs report in /proc/cpuinfo and apply them to every APIC ID,
 * including the MADT's for CPUs node 0 never booted. The rule:
 *
 *  1. Widths must reproduce every online CPU's "physical id" and "core id"
 *     from its "apicid", and leave room for the threads per core
 *     ("siblings" / "cpu cores") and the cores per package ("cpu cores")
 *     it reports. Those counts cover online CPUs only, so they are lower
 *     bounds.
 *  2. smt_bits: the smallest width that works.
 *  3. core_bits: of the widths that work, the widest whose packages each
 *     hold the CPUs of at most one NUMA node (SRAT). Without an SRAT that
 *     is one package for every CPU the online CPUs do not place elsewhere.
 *
 * What node 0 never shows stays a guess: with one online thread the SMT
 * width reads as 0 and with one online core the core width comes from the
 * NUMA rule alone. If no widths fit, the topology is unknown.
 */
#include <string.h>

#include "machine.h"
#include "topology.h"

#define APIC_ID_BITS	32

static uint64_t mask(unsigned bits)
{
	return (1ull << bits) - 1;
}

/* Rule 1 for SMT width s and package shift p (= s + core width). */
static bool widths_fit(const struct mint_machine *m, unsigned s, unsigned p,
		       uint64_t threads_min, uint64_t cores_min)
{
	if ((1ull << s) < threads_min || (1ull << (p - s)) < cores_min)
		return false;
	for (int c = cores_next(&m->online, 0); c >= 0;
	     c = cores_next(&m->online, c + 1)) {
		const struct mint_cpuinfo_topo *t = &m->cpuinfo[c];
		uint64_t a = m->apic_id[c];

		if ((a >> p) != t->pkg || ((a & mask(p)) >> s) != t->core)
			return false;
	}
	return true;
}

/* Rule 3: no package with CPUs of two NUMA nodes. */
static bool packages_within_numa(const struct mint_machine *m, unsigned p)
{
	for (int a = cores_next(&m->present, 0); a >= 0;
	     a = cores_next(&m->present, a + 1)) {
		int na = numa_of_cpu(m, (unsigned)a);

		for (int b = cores_next(&m->present, a + 1); b >= 0 && na >= 0;
		     b = cores_next(&m->present, b + 1)) {
			int nb = numa_of_cpu(m, (unsigned)b);

			if (nb >= 0 && nb != na &&
			    (uint64_t)m->apic_id[a] >> p ==
			    (uint64_t)m->apic_id[b] >> p)
				return false;
		}
	}
	return true;
}

void topology_derive(struct mint_machine *m)
{
	uint64_t threads_min = 1, cores_min = 1;
	int p_first = -1, p_best = -1;
	unsigned s;

	m->topo_known = false;
	if (cores_empty(&m->online))
		return;
	for (int c = cores_next(&m->online, 0); c >= 0;
	     c = cores_next(&m->online, c + 1)) {
		const struct mint_cpuinfo_topo *t = &m->cpuinfo[c];

		if (!t->reported)
			return;		/* a kernel without SMP topology */
		if (t->cores > cores_min)
			cores_min = t->cores;
		if (t->cores &&
		    ((uint64_t)t->siblings + t->cores - 1) / t->cores > threads_min)
			threads_min = ((uint64_t)t->siblings + t->cores - 1) /
				      t->cores;
	}
	for (s = 0; s <= APIC_ID_BITS && p_first < 0; s++) {
		for (unsigned p = s; p <= APIC_ID_BITS; p++) {
			if (!widths_fit(m, s, p, threads_min, cores_min))
				continue;
			if (p_first < 0)
				p_first = (int)p;
			if (packages_within_numa(m, p))
				p_best = (int)p;
		}
	}
	if (p_first < 0)
		return;
	s--;
	if (p_best < 0)
		p_best = p_first;
	m->smt_bits = s;
	m->core_bits = (unsigned)p_best - s;
	m->topo_known = true;
}

bool topology_of(const struct mint_machine *m, unsigned cpu,
		 struct topo_place *t)
{
	unsigned p = m->smt_bits + m->core_bits;
	uint64_t a;

	if (!m->topo_known || cpu >= MINT_MAX_CORES || !m->apic_known[cpu])
		return false;
	a = m->apic_id[cpu];
	t->socket = (uint32_t)(a >> p);
	t->core = (uint32_t)((a & mask(p)) >> m->smt_bits);
	t->thread = (uint32_t)(a & mask(m->smt_bits));
	return true;
}

void topology_siblings(const struct mint_machine *m, unsigned cpu,
		       struct mint_cores *out)
{
	struct topo_place me, other;

	memset(out, 0, sizeof(*out));
	if (!topology_of(m, cpu, &me))
		return;
	for (int c = cores_next(&m->present, 0); c >= 0;
	     c = cores_next(&m->present, c + 1))
		if (topology_of(m, (unsigned)c, &other) &&
		    other.socket == me.socket && other.core == me.core)
			cores_add(out, (unsigned)c);
}
