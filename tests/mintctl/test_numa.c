// SPDX-License-Identifier: GPL-2.0-only
/*
 * C unit tests for NUMA and topology discovery and for what the planner
 * does with them: the SRAT parser (including every truncation and many
 * corruptions of a valid table, under ASan/UBSan), the APIC ID widths
 * derived from the online CPUs, NUMA-local placement and merged memmap=.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "errors.h"
#include "machine.h"
#include "numa.h"
#include "planner.h"
#include "tap.h"
#include "topology.h"

/* An SRAT under construction, as tests/mintctl/sysroot/make-srat.py. */
struct srat_buf {
	uint8_t b[1024];
	size_t len;
};

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static void srat_init(struct srat_buf *s, uint8_t revision)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->b, "SRAT", 4);
	s->b[8] = revision;
	put32(s->b + 36, 1);		/* table revision, "must be 1" */
	s->len = 48;
	put32(s->b + 4, (uint32_t)s->len);
}

static uint8_t *srat_entry(struct srat_buf *s, uint8_t type, uint8_t len)
{
	uint8_t *e = s->b + s->len;

	e[0] = type;
	e[1] = len;
	s->len += len;
	put32(s->b + 4, (uint32_t)s->len);
	return e;
}

static void srat_cpu(struct srat_buf *s, uint32_t pxm, uint8_t apic,
		     uint32_t flags)
{
	uint8_t *e = srat_entry(s, 0, 16);

	e[2] = (uint8_t)pxm;
	e[3] = apic;
	put32(e + 4, flags);
	e[9] = (uint8_t)(pxm >> 8);
	e[10] = (uint8_t)(pxm >> 16);
	e[11] = (uint8_t)(pxm >> 24);
}

static void srat_x2apic(struct srat_buf *s, uint32_t pxm, uint32_t apic,
			uint32_t flags)
{
	uint8_t *e = srat_entry(s, 2, 24);

	put32(e + 4, pxm);
	put32(e + 8, apic);
	put32(e + 12, flags);
}

static void srat_mem(struct srat_buf *s, uint32_t pxm, uint64_t base,
		     uint64_t len, uint32_t flags)
{
	uint8_t *e = srat_entry(s, 1, 40);

	put32(e + 2, pxm);
	put64(e + 8, base);
	put64(e + 16, len);
	put32(e + 28, flags);
}

/* The numa-8cpu-6g sysroot's SRAT. */
static void srat_two_sockets(struct srat_buf *s)
{
	static const uint8_t apic[8] = { 0, 1, 2, 3, 8, 9, 10, 11 };

	srat_init(s, 1);
	for (unsigned i = 0; i < 8; i++)
		srat_cpu(s, i / 4, apic[i], 1);
	srat_x2apic(s, 7, 300, 0);			/* disabled slot */
	srat_mem(s, 0, 0, 0xa0000, 1);
	srat_mem(s, 0, 0x100000, 0x7ff00000, 1);
	srat_mem(s, 1, 0x80000000, 0x40000000, 1);
	srat_mem(s, 1, 0x100000000, 0xc0000000, 1);
	srat_mem(s, 0, 0x80000000, 0x40000000, 0);	/* disabled */
	srat_mem(s, 0, 0, 0, 0);			/* QEMU's padding */
}

static void srat_parser_reads_processor_and_memory_affinity(void)
{
	struct mint_srat *srat = malloc(sizeof(*srat));
	struct srat_buf s;
	const char *why = NULL;

	srat_two_sockets(&s);
	TAP_CHECK(!parse_srat(s.b, s.len, srat, &why));
	TAP_CHECK(srat->nr_nodes == 2 && srat->nr_cpus == 8);
	TAP_CHECK(srat->cpu[4].apic_id == 8 && srat->cpu[4].node == 1);
	TAP_CHECK(srat->nr_mem == 4);	/* 1M-2G and 2G-3G differ in node */
	TAP_CHECK(srat->mem[0].start == 0 && srat->mem[0].end == 0xa0000 &&
		  srat->mem[0].node == 0);
	TAP_CHECK(srat->mem[1].start == 0x100000 &&
		  srat->mem[1].end == 0x80000000 && srat->mem[1].node == 0);
	TAP_CHECK(srat->mem[2].start == 0x80000000 &&
		  srat->mem[2].end == 0xc0000000 && srat->mem[2].node == 1);
	TAP_CHECK(srat->mem[3].start == 0x100000000 &&
		  srat->mem[3].end == 0x1c0000000 && srat->mem[3].node == 1);

	/* Nodes are numbered as Linux meets the domains: CPUs first. */
	srat_init(&s, 1);
	srat_mem(&s, 9, 0x100000, 0x100000, 1);
	srat_cpu(&s, 5, 0, 1);
	srat_x2apic(&s, 2, 0x1000, 1);
	srat_mem(&s, 0x305, 0x200000, 0x100000, 1);	/* rev 1: 8 bits */
	TAP_CHECK(!parse_srat(s.b, s.len, srat, &why));
	TAP_CHECK(srat->nr_nodes == 3 && srat->pxm[0] == 5 &&
		  srat->pxm[1] == 2 && srat->pxm[2] == 9);
	TAP_CHECK(srat->cpu[1].apic_id == 0x1000 && srat->cpu[1].node == 1);
	TAP_CHECK(srat->nr_mem == 2 && srat->mem[0].node == 2 &&
		  srat->mem[1].node == 0);

	/* Touching ranges of one node merge, whatever their order. */
	srat_init(&s, 1);
	srat_mem(&s, 0, 0x300000, 0x100000, 1);
	srat_mem(&s, 0, 0x100000, 0x100000, 1);
	srat_mem(&s, 0, 0x200000, 0x100000, 1);
	TAP_CHECK(!parse_srat(s.b, s.len, srat, &why));
	TAP_CHECK(srat->nr_mem == 1 && srat->mem[0].start == 0x100000 &&
		  srat->mem[0].end == 0x400000);

	/* From revision 2 on a local APIC entry's domain has 32 bits. */
	srat_init(&s, 3);
	srat_cpu(&s, 0x10005, 4, 1);
	TAP_CHECK(!parse_srat(s.b, s.len, srat, &why));
	TAP_CHECK(srat->nr_nodes == 1 && srat->pxm[0] == 0x10005);
	free(srat);
}

static void srat_parser_rejects_malformed_tables(void)
{
	struct mint_srat *srat = malloc(sizeof(*srat));
	struct srat_buf s;
	const char *why = NULL;

	srat_two_sockets(&s);
	TAP_CHECK(parse_srat(s.b, 40, srat, &why) &&
		  !strcmp(why, "SRAT is shorter than its 48-byte header (truncated?)"));
	TAP_CHECK(parse_srat(s.b, s.len - 1, srat, &why) &&
		  !strcmp(why, "SRAT length field is larger than the file (truncated?)"));
	TAP_CHECK(parse_srat((const uint8_t *)"APIC", 4, srat, &why) &&
		  !strcmp(why, "not an ACPI SRAT (signature \"SRAT\" missing)"));
	put32(s.b + 4, 47);
	TAP_CHECK(parse_srat(s.b, s.len, srat, &why) &&
		  !strcmp(why, "SRAT length field is shorter than the 48-byte header"));

	srat_init(&s, 1);
	srat_cpu(&s, 0, 0, 1);
	s.b[49] = 40;			/* says 40 bytes, 16 are there */
	TAP_CHECK(parse_srat(s.b, s.len, srat, &why) &&
		  !strcmp(why, "SRAT entry runs past the end of the table"));
	s.b[49] = 0;			/* would never advance */
	TAP_CHECK(parse_srat(s.b, s.len, srat, &why) &&
		  !strcmp(why, "SRAT entry has a length below 2"));
	s.b[49] = 8;			/* too short for type 0 */
	TAP_CHECK(parse_srat(s.b, s.len, srat, &why) &&
		  !strcmp(why, "SRAT processor affinity entry (type 0) is shorter than 16 bytes"));

	srat_init(&s, 1);
	srat_cpu(&s, 0, 0, 1);
	s.len++;			/* one stray byte after the entry */
	put32(s.b + 4, (uint32_t)s.len);
	TAP_CHECK(parse_srat(s.b, s.len, srat, &why) &&
		  !strcmp(why, "SRAT entry header runs past the end of the table"));

	srat_init(&s, 1);
	srat_mem(&s, 0, UINT64_MAX - 0xfff, 0x2000, 1);
	TAP_CHECK(parse_srat(s.b, s.len, srat, &why) &&
		  !strcmp(why, "SRAT memory range wraps around the address space"));

	srat_init(&s, 1);
	srat_mem(&s, 0, 0, 0x200000, 1);
	srat_mem(&s, 1, 0x100000, 0x200000, 1);
	TAP_CHECK(parse_srat(s.b, s.len, srat, &why) &&
		  !strcmp(why, "SRAT memory ranges of two proximity domains overlap"));
	free(srat);
}

/* What the parser accepts must keep its promises to the rest of mintctl. */
static bool srat_sane(const struct mint_srat *s)
{
	if (s->nr_nodes > MINT_MAX_NUMA || s->nr_cpus > MINT_SRAT_MAX_CPUS ||
	    s->nr_mem > MINT_SRAT_MAX_MEM)
		return false;
	for (unsigned i = 0; i < s->nr_cpus; i++)
		if (s->cpu[i].node >= s->nr_nodes)
			return false;
	for (unsigned i = 0; i < s->nr_mem; i++) {
		if (s->mem[i].node >= s->nr_nodes ||
		    s->mem[i].start >= s->mem[i].end)
			return false;
		if (i && s->mem[i].start < s->mem[i - 1].end)
			return false;
	}
	return true;
}

static void srat_parser_survives_every_truncation_and_corruption(void)
{
	struct mint_srat *srat = malloc(sizeof(*srat));
	static const uint8_t flips[] = { 0x01, 0x08, 0x80, 0xff };
	unsigned insane = 0, accepted_short = 0;
	struct srat_buf s;
	const char *why;
	uint8_t *copy;

	srat_two_sockets(&s);
	/* Exactly len bytes on the heap, so ASan sees any read past them. */
	for (size_t cut = 0; cut < s.len; cut++) {
		copy = malloc(cut ? cut : 1);
		memcpy(copy, s.b, cut);
		if (!parse_srat(copy, cut, srat, &why))
			accepted_short++;
		free(copy);
	}
	copy = malloc(s.len);
	for (size_t i = 0; i < s.len; i++) {
		for (size_t f = 0; f < sizeof(flips); f++) {
			memcpy(copy, s.b, s.len);
			copy[i] ^= flips[f];
			if (!parse_srat(copy, s.len, srat, &why) &&
			    !srat_sane(srat))
				insane++;
		}
	}
	free(copy);
	TAP_CHECK(accepted_short == 0);
	TAP_CHECK(insane == 0);
	free(srat);
}

/* 8 CPUs on APIC IDs ids[], cpus 0..online-1 online with cpuinfo. */
static struct mint_machine *machine(const uint32_t *ids, unsigned online,
				    const uint32_t (*info)[4])
{
	struct mint_machine *m = calloc(1, sizeof(*m));

	for (unsigned c = 0; c < 8; c++) {
		cores_add(&m->present, c);
		m->apic_id[c] = ids[c];
		m->apic_known[c] = true;
	}
	for (unsigned c = 0; c < online; c++) {
		cores_add(&m->online, c);
		m->cpuinfo[c] = (struct mint_cpuinfo_topo){
			.has_pkg = true, .has_core = true, .reported = true,
			.pkg = info[c][0], .core = info[c][1],
			.siblings = info[c][2], .cores = info[c][3],
		};
	}
	return m;
}

static void apply_srat(struct mint_machine *m, const struct srat_buf *s)
{
	struct mint_srat *srat = malloc(sizeof(*srat));
	const char *why;

	if (!parse_srat(s->b, s->len, srat, &why))
		numa_apply(m, srat, "SRAT");
	free(srat);
}

static void topology_widths_come_from_the_online_cpus(void)
{
	/* physical id, core id, siblings, cpu cores of the online CPUs */
	static const uint32_t two_cores[4][4] = {
		{ 0, 0, 4, 2 }, { 0, 0, 4, 2 }, { 0, 1, 4, 2 }, { 0, 1, 4, 2 },
	};
	static const uint32_t one_core[2][4] = { { 0, 0, 2, 1 }, { 0, 0, 2, 1 } };
	static const uint32_t gappy[8] = { 0, 1, 2, 3, 8, 9, 10, 11 };
	static const uint32_t modern[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	struct mint_machine *m;
	struct mint_cores sib;
	struct topo_place t;
	struct srat_buf s;

	/* numa-8cpu-6g: socket 1 starts at APIC ID 8. */
	m = machine(gappy, 4, two_cores);
	srat_two_sockets(&s);
	apply_srat(m, &s);
	topology_derive(m);
	TAP_CHECK(m->topo_known && m->smt_bits == 1 && m->core_bits == 2);
	TAP_CHECK(topology_of(m, 5, &t) && t.socket == 1 && t.core == 0 &&
		  t.thread == 1);
	topology_siblings(m, 5, &sib);
	TAP_CHECK(cores_count(&sib) == 2 && cores_has(&sib, 4));
	free(m);

	/*
	 * The modern QEMU machine with node 0 on one core (APIC IDs 0, 1):
	 * the core width shows only through the NUMA nodes (0-3, 4-7).
	 */
	m = machine(modern, 2, one_core);
	srat_init(&s, 1);
	for (unsigned a = 0; a < 8; a++)
		srat_cpu(&s, a / 4, (uint8_t)a, 1);
	apply_srat(m, &s);
	topology_derive(m);
	TAP_CHECK(m->topo_known && m->smt_bits == 1 && m->core_bits == 1);
	TAP_CHECK(topology_of(m, 6, &t) && t.socket == 1 && t.core == 1 &&
		  t.thread == 0);
	free(m);

	/* Without an SRAT the same CPUs are one socket. */
	m = machine(modern, 2, one_core);
	topology_derive(m);
	TAP_CHECK(m->topo_known && m->smt_bits == 1 &&
		  topology_of(m, 7, &t) && t.socket == 0 && t.core == 3);
	free(m);

	/* A core id no width can produce: unknown, never a wrong guess. */
	m = machine(modern, 2, one_core);
	m->cpuinfo[1].core = 5;
	topology_derive(m);
	TAP_CHECK(!m->topo_known && !topology_of(m, 0, &t));
	free(m);
}

/*
 * Plan cfg_text on the numa-8cpu-6g machine, with NUMA node 1's memory
 * above 4 GiB only when modern is set; warnings must number warnings.
 */
static int plan_numa(const char *cfg_text, bool modern, unsigned warnings,
		     struct mint_plan *p, struct mint_config *cfg)
{
	static const uint32_t two_cores[4][4] = {
		{ 0, 0, 4, 2 }, { 0, 0, 4, 2 }, { 0, 1, 4, 2 }, { 0, 1, 4, 2 },
	};
	static const uint32_t gappy[8] = { 0, 1, 2, 3, 8, 9, 10, 11 };
	struct mint_machine *m = machine(gappy, 4, two_cores);
	struct srat_buf s;
	int rc;

	machine_add_mem(m, 0, 0x9fc00, "System RAM");
	machine_add_mem(m, 0x100000, 0xc0000000, "System RAM");
	machine_add_mem(m, 0x100000000, 0x1c0000000, "System RAM");
	srat_init(&s, 1);
	for (unsigned i = 0; i < 8; i++)
		srat_cpu(&s, i / 4, (uint8_t)gappy[i], 1);
	srat_mem(&s, 0, 0, modern ? 0xc0000000 : 0x80000000, 1);
	if (!modern)
		srat_mem(&s, 1, 0x80000000, 0x40000000, 1);
	srat_mem(&s, 1, 0x100000000, 0xc0000000, 1);
	apply_srat(m, &s);
	topology_derive(m);
	mint_config_init(cfg, "t.conf");
	rc = mint_config_parse(cfg, "t.conf", cfg_text, strlen(cfg_text)) ||
	     mint_config_finish(cfg) || mint_plan_build(cfg, m, p);
	if (!rc && mint_plan_warn(cfg, m, p) != warnings)
		rc = -1;
	free(m);
	return rc;
}

static void planner_puts_memory_on_the_numa_node_of_the_cores(void)
{
	static const char conf[] =
		"[shared]\nsize = 64M\n[node0]\ncores = 0-3\n"
		"[node1]\ncores = 4-7\nmemory = 512M\n";
	struct mint_config *cfg = malloc(sizeof(*cfg));
	struct mint_plan *p = malloc(sizeof(*p));

	static const char two_on_socket1[] =
		"[shared]\nsize = 64M\n[node0]\ncores = 0-3\n"
		"[node1]\ncores = 4-5\nmemory = 2G\n"
		"[node2]\ncores = 6-7\nmemory = 2G\n";

	/* Shared region at the top of RAM, on NUMA node 1. */
	TAP_CHECK(!plan_numa(conf, false, 0, p, cfg));
	TAP_CHECK(p->shared.base == 0x1bc000000);
	/*
	 * node1 on NUMA node 1: right below the shared region is NUMA node
	 * 1 too, so that is where it goes.
	 */
	TAP_CHECK(p->node[1].mem[0].base == 0x19c000000);
	TAP_CHECK(!plan_numa(conf, true, 0, p, cfg));
	TAP_CHECK(p->node[1].mem[0].base == 0x19c000000);
	/* NUMA node 1 full (960M left above 4G): NUMA node 0, one warning. */
	TAP_CHECK(!plan_numa(two_on_socket1, true, 1, p, cfg));
	TAP_CHECK(p->node[1].mem[0].base == 0x13c000000);
	TAP_CHECK(p->node[2].mem[0].base == 0x40000000);
	free(cfg);
	free(p);
}

static void kparams_merge_touching_reservations(void)
{
	struct mint_plan *p = calloc(1, sizeof(*p));
	char buf[MINT_PARAMS_MAX];

	p->nr_nodes = 3;
	p->node[0].nr_cores = 2;
	p->node[1].mem[0] = (struct mint_range){ 0x40000000, 0x10000000 };
	p->node[1].low = (struct mint_range){ 0x20000, 0x20000 };
	p->node[2].mem[0] = (struct mint_range){ 0x30000000, 0x10000000 };
	p->node[2].low = (struct mint_range){ 0x40000, 0x20000 };
	p->shared = (struct mint_range){ 0x50000000, 0x2000000 };
	TAP_CHECK(!mint_plan_kparams(p, buf, sizeof(buf)));
	TAP_CHECK(!strcmp(buf, "maxcpus=2 no_ipi_broadcast=1 memmap=544M$0x30000000 memmap=256K$0x20000"));
	TAP_CHECK(mint_plan_memmap_regions(p) == 2);

	/* Five regions: one list, so the decompressor gives up KASLR. */
	p->nr_nodes = 4;
	p->node[2].low = (struct mint_range){ 0x60000, 0x10000 };
	p->node[2].mem[0] = (struct mint_range){ 0x20000000, 0x2000000 };
	p->node[3].mem[0] = (struct mint_range){ 0x10000000, 0x2000000 };
	p->node[3].low = (struct mint_range){ 0x40000, 0x10000 };
	TAP_CHECK(!mint_plan_kparams(p, buf, sizeof(buf)));
	TAP_CHECK(!strcmp(buf, "maxcpus=2 no_ipi_broadcast=1 memmap=288M$0x40000000,192K$0x20000,32M$0x20000000,64K$0x60000,32M$0x10000000"));
	TAP_CHECK(mint_plan_memmap_regions(p) == 5);
	free(p);
}

int main(void)
{
	mint_err_quiet = true;
	TAP_RUN(srat_parser_reads_processor_and_memory_affinity);
	TAP_RUN(srat_parser_rejects_malformed_tables);
	TAP_RUN(srat_parser_survives_every_truncation_and_corruption);
	TAP_RUN(topology_widths_come_from_the_online_cpus);
	TAP_RUN(planner_puts_memory_on_the_numa_node_of_the_cores);
	TAP_RUN(kparams_merge_touching_reservations);
	return tap_done();
}
