// SPDX-License-Identifier: GPL-2.0-only
/*
 * NUMA nodes from the ACPI SRAT, and the questions the planner and
 * `mintctl machine` ask of them. See numa.h for the numbering rule.
 */
#include <stdio.h>
#include <string.h>

#include "machine.h"
#include "numa.h"
#include "numbers.h"

/* ACPI SDT header (36) + table revision (4, "must be 1") + reserved (8) */
#define SRAT_HEADER_LEN	48

enum srat_type {
	SRAT_CPU = 0,		/* Processor Local APIC/SAPIC Affinity */
	SRAT_MEM = 1,		/* Memory Affinity */
	SRAT_X2APIC = 2,	/* Processor Local x2APIC Affinity */
};

#define SRAT_ENABLED	1u	/* flags bit 0, in all three types */

static const struct {
	uint8_t len;
	const char *too_short;
} srat_types[] = {
	[SRAT_CPU] = { 16, "SRAT processor affinity entry (type 0) is shorter than 16 bytes" },
	[SRAT_MEM] = { 40, "SRAT memory affinity entry (type 1) is shorter than 40 bytes" },
	[SRAT_X2APIC] = { 24, "SRAT x2APIC affinity entry (type 2) is shorter than 24 bytes" },
};

/* The next entry at *off: 1 with *e set, 0 at the end, -1 if malformed. */
static int srat_next(const uint8_t *buf, size_t total, size_t *off,
		     const uint8_t **e, const char **why)
{
	if (*off >= total)
		return 0;
	if (total - *off < 2) {
		*why = "SRAT entry header runs past the end of the table";
		return -1;
	}
	*e = buf + *off;
	if ((*e)[1] < 2) {
		*why = "SRAT entry has a length below 2";
		return -1;
	}
	if ((*e)[1] > total - *off) {
		*why = "SRAT entry runs past the end of the table";
		return -1;
	}
	if ((*e)[0] <= SRAT_X2APIC && (*e)[1] < srat_types[(*e)[0]].len) {
		*why = srat_types[(*e)[0]].too_short;
		return -1;
	}
	*off += (*e)[1];
	return 1;
}

/* Linux's acpi_map_pxm_to_node(): the next free node for a new domain. */
static int node_of_pxm(struct mint_srat *s, uint32_t pxm, unsigned *node,
		       const char **why)
{
	for (unsigned i = 0; i < s->nr_nodes; i++) {
		if (s->pxm[i] == pxm) {
			*node = i;
			return 0;
		}
	}
	if (s->nr_nodes == MINT_MAX_NUMA) {
		*why = "SRAT names more than 64 proximity domains";
		return -1;
	}
	s->pxm[s->nr_nodes] = pxm;
	*node = s->nr_nodes++;
	return 0;
}

static int add_cpu(struct mint_srat *s, uint32_t apic_id, uint32_t pxm,
		   const char **why)
{
	unsigned node;

	for (unsigned i = 0; i < s->nr_cpus; i++)
		if (s->cpu[i].apic_id == apic_id)
			return 0;	/* listed twice: the first entry counts */
	if (s->nr_cpus == MINT_SRAT_MAX_CPUS) {
		*why = "SRAT has more than 1024 enabled processor entries";
		return -1;
	}
	if (node_of_pxm(s, pxm, &node, why))
		return -1;
	s->cpu[s->nr_cpus++] = (struct mint_srat_cpu){ apic_id, node };
	return 0;
}

/* Keep mem[] sorted and disjoint; touching ranges of one node merge. */
static int add_mem(struct mint_srat *s, uint64_t start, uint64_t end,
		   unsigned node, const char **why)
{
	unsigned i = 0, j;

	for (unsigned k = 0; k < s->nr_mem; k++) {
		const struct mint_numa_mem *r = &s->mem[k];

		if (r->node != node && r->start < end && start < r->end) {
			*why = "SRAT memory ranges of two proximity domains overlap";
			return -1;
		}
	}
	while (i < s->nr_mem && s->mem[i].end < start)
		i++;
	for (j = i; j < s->nr_mem && s->mem[j].start <= end; j++) {
		if (s->mem[j].node != node)
			continue;
		if (s->mem[j].start < start)
			start = s->mem[j].start;
		if (s->mem[j].end > end)
			end = s->mem[j].end;
	}
	/* Drop the same-node ranges now inside [start, end). */
	for (unsigned k = i; k < s->nr_mem;) {
		if (s->mem[k].node == node && s->mem[k].start >= start &&
		    s->mem[k].end <= end) {
			memmove(&s->mem[k], &s->mem[k + 1],
				(s->nr_mem - k - 1) * sizeof(s->mem[0]));
			s->nr_mem--;
		} else {
			k++;
		}
	}
	if (s->nr_mem == MINT_SRAT_MAX_MEM) {
		*why = "SRAT has more than 128 separate memory ranges";
		return -1;
	}
	for (i = s->nr_mem; i > 0 && s->mem[i - 1].start > start; i--)
		s->mem[i] = s->mem[i - 1];
	s->mem[i] = (struct mint_numa_mem){ start, end, node };
	s->nr_mem++;
	return 0;
}

int parse_srat(const uint8_t *buf, size_t len, struct mint_srat *s,
	       const char **why)
{
	const uint8_t *e;
	size_t total, off;
	unsigned revision;
	int rc;

	memset(s, 0, sizeof(*s));
	if (len < 4 || memcmp(buf, "SRAT", 4)) {
		*why = "not an ACPI SRAT (signature \"SRAT\" missing)";
		return -1;
	}
	if (len < SRAT_HEADER_LEN) {
		*why = "SRAT is shorter than its 48-byte header (truncated?)";
		return -1;
	}
	total = get_le32(buf + 4);
	if (total < SRAT_HEADER_LEN) {
		*why = "SRAT length field is shorter than the 48-byte header";
		return -1;
	}
	if (total > len) {
		*why = "SRAT length field is larger than the file (truncated?)";
		return -1;
	}
	revision = buf[8];

	/* Processor entries first, as Linux numbers the nodes. */
	for (off = SRAT_HEADER_LEN; (rc = srat_next(buf, total, &off, &e, why)) > 0;) {
		uint32_t pxm;

		if (e[0] == SRAT_CPU) {
			if (!(get_le32(e + 4) & SRAT_ENABLED))
				continue;
			/* Bits 8-31 of the domain count from revision 2 on. */
			pxm = e[2];
			if (revision >= 2)
				pxm |= (uint32_t)e[9] << 8 |
				       (uint32_t)e[10] << 16 |
				       (uint32_t)e[11] << 24;
			if (add_cpu(s, e[3], pxm, why))
				return -1;
		} else if (e[0] == SRAT_X2APIC) {
			if (!(get_le32(e + 12) & SRAT_ENABLED))
				continue;
			if (add_cpu(s, get_le32(e + 8), get_le32(e + 4), why))
				return -1;
		}
	}
	if (rc < 0)
		return -1;
	for (off = SRAT_HEADER_LEN; srat_next(buf, total, &off, &e, why) > 0;) {
		uint64_t base, length;
		uint32_t pxm;
		unsigned node;

		if (e[0] != SRAT_MEM || !(get_le32(e + 28) & SRAT_ENABLED))
			continue;
		base = get_le64(e + 8);
		length = get_le64(e + 16);
		pxm = get_le32(e + 2);
		if (revision <= 1)
			pxm &= 0xff;
		if (!length)
			continue;
		if (base + length < base) {
			*why = "SRAT memory range wraps around the address space";
			return -1;
		}
		if (node_of_pxm(s, pxm, &node, why) ||
		    add_mem(s, base, base + length, node, why))
			return -1;
	}
	return 0;
}

void numa_apply(struct mint_machine *m, const struct mint_srat *s,
		const char *source)
{
	m->nr_numa = s->nr_nodes;
	m->numa_source = s->nr_nodes ? source : NULL;
	memcpy(m->numa_pxm, s->pxm, sizeof(m->numa_pxm));
	for (unsigned c = 0; c < MINT_MAX_CORES; c++) {
		m->numa_node[c] = -1;
		if (!cores_has(&m->present, c) || !m->apic_known[c])
			continue;
		for (unsigned i = 0; i < s->nr_cpus; i++)
			if (s->cpu[i].apic_id == m->apic_id[c])
				m->numa_node[c] = (int)s->cpu[i].node;
	}
	m->nr_numa_mem = s->nr_mem;
	memcpy(m->numa_mem, s->mem, s->nr_mem * sizeof(s->mem[0]));
}

int numa_of_cpu(const struct mint_machine *m, unsigned cpu)
{
	if (cpu >= MINT_MAX_CORES)
		return -1;
	return m->nr_numa ? m->numa_node[cpu] : 0;
}

unsigned numa_split(const struct mint_machine *m, uint64_t start,
		    uint64_t end, struct numa_piece *out)
{
	uint64_t at = start;
	unsigned n = 0;

	if (!m->nr_numa) {
		out[0] = (struct numa_piece){ start, end, 0 };
		return 1;
	}
	for (unsigned i = 0; i < m->nr_numa_mem && at < end; i++) {
		const struct mint_numa_mem *r = &m->numa_mem[i];
		uint64_t e;

		if (r->end <= at)
			continue;
		if (r->start >= end)
			break;
		if (r->start > at) {
			out[n++] = (struct numa_piece){ at, r->start, -1 };
			at = r->start;
		}
		e = r->end < end ? r->end : end;
		out[n++] = (struct numa_piece){ at, e, (int)r->node };
		at = e;
	}
	if (at < end)
		out[n++] = (struct numa_piece){ at, end, -1 };
	return n;
}

uint64_t numa_nodes_of_range(const struct mint_machine *m, uint64_t start,
			     uint64_t end)
{
	struct numa_piece pieces[NUMA_MAX_PIECES];
	unsigned n = numa_split(m, start, end, pieces);
	uint64_t nodes = 0;

	for (unsigned i = 0; i < n; i++)
		if (pieces[i].node >= 0)
			nodes |= 1ull << pieces[i].node;
	return nodes;
}

int numa_node_ranges(const struct mint_machine *m, unsigned node,
		     struct mint_rangeset *out)
{
	memset(out, 0, sizeof(*out));
	if (!m->nr_numa)
		return node ? 0 : rangeset_add(out, 0, UINT64_MAX);
	for (unsigned i = 0; i < m->nr_numa_mem; i++) {
		const struct mint_numa_mem *r = &m->numa_mem[i];

		if (r->node == node &&
		    rangeset_add(out, r->start, r->end - r->start))
			return -1;
	}
	return 0;
}

int numa_node_ram(const struct mint_machine *m, unsigned node,
		  struct mint_rangeset *out)
{
	struct numa_piece pieces[NUMA_MAX_PIECES];

	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < m->nr_map; i++) {
		unsigned n;

		if (!m->map[i].ram)
			continue;
		n = numa_split(m, m->map[i].start, m->map[i].end, pieces);
		for (unsigned k = 0; k < n; k++)
			if (pieces[k].node == (int)node &&
			    rangeset_add(out, pieces[k].start,
					 pieces[k].end - pieces[k].start))
				return -1;
	}
	return 0;
}

void numa_census(const struct mint_machine *m, const struct mint_cores *cores,
		 struct numa_census *c)
{
	memset(c, 0, sizeof(*c));
	c->most = -1;
	for (int k = cores_next(cores, 0); k >= 0; k = cores_next(cores, k + 1)) {
		int node = numa_of_cpu(m, (unsigned)k);

		if (node < 0)
			continue;
		c->known++;
		if (!c->count[node]++) {
			c->nodes |= 1ull << node;
			c->nr_nodes++;
		}
		if (c->most < 0 || c->count[node] > c->count[c->most] ||
		    (c->count[node] == c->count[c->most] && node < c->most))
			c->most = node;
	}
}

char *numa_list(uint64_t nodes, char *buf, size_t len)
{
	size_t used = 0;
	unsigned left = 0;

	for (uint64_t n = nodes; n; n &= n - 1)
		left++;
	buf[0] = '\0';
	for (unsigned i = 0; i < MINT_MAX_NUMA && used < len; i++) {
		if (!(nodes >> i & 1))
			continue;
		left--;
		used += (size_t)snprintf(buf + used, len - used, "%s%u",
					 !used ? "" : left ? ", " : " and ", i);
	}
	return buf;
}
