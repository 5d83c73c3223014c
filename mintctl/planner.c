// SPDX-License-Identifier: GPL-2.0-only
/*
 * The planner. Order matters for the messages users see, so it checks in
 * the order a person would fix things: node ids and names, cores, VNI
 * settings and the shared region's size, memory sizes, fixed addresses,
 * then automatic placement.
 *
 * Placement is top-down: the shared region first, then each secondary in
 * id order, each at the highest 2 MiB-aligned free spot in RAM above the
 * first MiB. Node 0 keeps low memory, where its own kernel, DMA zones and
 * firmware live. Low windows go bottom-up from 0x20000 (interfaces.md).
 * A secondary's memory prefers the NUMA node of its cores and memory the
 * boot path can start (place_secondary()).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numa.h"
#include "numbers.h"
#include "planner.h"
#include "uarts.h"
#include "topology.h"

struct claim {
	struct mint_range r;
	const char *section;
	const char *what;		/* "memory", "low window", ... */
	struct mint_loc loc;
};

struct planner {
	const struct mint_config *cfg;
	const struct mint_machine *m;
	struct mint_plan *p;
	struct mint_rangeset ram;	/* all RAM, merged */
	unsigned nr_claims;
	struct claim claims[2 * MINT_MAX_NODES + 1];
	struct mint_rangeset numa, candidates;	/* place_secondary() */
};

/* Locally administered MAC derived from the node id: 02:4d:49:4e:54:ID. */
static void mint_default_mac(unsigned id, uint8_t mac[6])
{
	static const uint8_t prefix[5] = { 0x02, 0x4d, 0x49, 0x4e, 0x54 };

	memcpy(mac, prefix, sizeof(prefix));	/* "MINT", locally administered */
	mac[5] = (uint8_t)id;
}

uint64_t mint_shared_needed(const struct mint_plan *p)
{
	uint64_t need = MINT_CTRL_BLOCK_SIZE + vni_area_size(&p->geo);
	uint64_t console_end = p->console.offset +
			       mint_console_area_size(&p->console);

	return p->console.offset && console_end > need ? console_end : need;
}

static const char *range_str(const struct mint_range *r, char *buf, size_t len)
{
	snprintf(buf, len, "0x%" PRIx64 "-0x%" PRIx64, r->base,
		 range_end(r) - 1);
	return buf;
}

static const struct mint_loc *loc_or(const struct mint_setting *s,
				     const struct mint_loc *fallback)
{
	return s->set ? &s->loc : fallback;
}

static int check_ids_and_names(struct planner *pl)
{
	const struct mint_config *cfg = pl->cfg;
	struct mint_plan *p = pl->p;
	unsigned n = 0;

	for (unsigned i = 0; i < MINT_MAX_NODES; i++)
		if (cfg->node[i].present)
			n = i + 1;
	for (unsigned i = 0; i < n; i++) {
		if (!cfg->node[i].present) {
			const struct mint_node_cfg *later = &cfg->node[n - 1];

			p_err_at(&later->loc, later->section, NULL,
				 "node ids must be contiguous from 0, but there is no [node%u]",
				 i);
			return MINT_ERR_USAGE;
		}
	}
	p->nr_nodes = n;
	for (unsigned i = 0; i < n; i++) {
		const struct mint_node_cfg *c = &cfg->node[i];
		struct mint_node_plan *np = &p->node[i];

		np->id = i;
		if (c->name_s.set)
			snprintf(np->name, sizeof(np->name), "%s", c->name);
		else
			snprintf(np->name, sizeof(np->name), "node%u", i);
		if (c->cmdline_s.set)
			np->uarts = mint_cmdline_uarts(c->cmdline);
		if (c->mac_s.set)
			memcpy(np->mac, c->mac, 6);
		else
			mint_default_mac(i, np->mac);
		for (unsigned j = 0; j < i; j++) {
			if (!strcmp(p->node[j].name, np->name)) {
				p_err_at(loc_or(&c->name_s, &c->loc),
					 c->section, "name",
					 "\"%s\" is already the name of [node%u]",
					 np->name, j);
				return MINT_ERR_USAGE;
			}
			if (!memcmp(p->node[j].mac, np->mac, 6)) {
				p_err_at(loc_or(&c->mac_s, &c->loc), c->section,
					 "mac",
					 "%02x:%02x:%02x:%02x:%02x:%02x is already the MAC of [node%u]",
					 np->mac[0], np->mac[1], np->mac[2],
					 np->mac[3], np->mac[4], np->mac[5], j);
				return MINT_ERR_USAGE;
			}
		}
	}
	return MINT_OK;
}

static int check_cores(struct planner *pl)
{
	const struct mint_config *cfg = pl->cfg;
	const struct mint_machine *m = pl->m;
	struct mint_plan *p = pl->p;
	char buf[256], buf2[256];

	for (unsigned i = 0; i < p->nr_nodes; i++) {
		const struct mint_node_cfg *c = &cfg->node[i];
		struct mint_node_plan *np = &p->node[i];
		const struct mint_loc *loc = &c->cores_s.loc;
		int bad = cores_first_missing(&c->cores, &m->present);

		if (bad >= 0) {
			p_err_at(loc, c->section, "cores",
				 "core %d is beyond the machine (present CPUs: %s)",
				 bad, cores_format(&m->present, buf, sizeof(buf)));
			return MINT_ERR_USAGE;
		}
		for (unsigned j = 0; j < i; j++) {
			int dup = cores_first_common(&c->cores,
						     &cfg->node[j].cores);

			if (dup >= 0) {
				p_err_at(loc, c->section, "cores",
					 "core %d already belongs to [node%u]",
					 dup, j);
				return MINT_ERR_USAGE;
			}
		}
		np->cores = c->cores;
		np->nr_cores = 0;
		for (int k = cores_next(&c->cores, 0); k >= 0;
		     k = cores_next(&c->cores, k + 1)) {
			if (!m->apic_known[k]) {
				p_err_at(loc, c->section, "cores",
					 "the APIC ID of CPU %d is unknown", k);
				return MINT_ERR_USAGE;
			}
			np->apic_id[np->nr_cores++] = m->apic_id[k];
		}
		if (i == 0) {
			unsigned k = np->nr_cores;

			/* maxcpus=k brings up CPUs 0..k-1, nothing else. */
			if (cores_next(&c->cores, 0) != 0 ||
			    cores_next(&c->cores, (int)k) >= 0) {
				p_err_at(loc, c->section, "cores",
					 "node 0 must own cores 0-%u so that maxcpus=%u brings up exactly them (got %s)",
					 k - 1, k,
					 cores_format(&c->cores, buf2, sizeof(buf2)));
				return MINT_ERR_USAGE;
			}
		}
	}
	return MINT_OK;
}

static int check_vni(struct planner *pl)
{
	const struct mint_config *cfg = pl->cfg;
	struct mint_plan *p = pl->p;
	struct mint_loc file = { cfg->file, 0 };
	const struct mint_loc *vloc = cfg->vni_loc.file ? &cfg->vni_loc : &file;
	uint64_t hosts = (1ull << (32 - cfg->prefix)) - 2;
	const char *why;

	p->mtu = cfg->mtu;
	p->net = cfg->net;
	p->prefix = cfg->prefix;
	if (hosts < p->nr_nodes) {
		p_err_at(loc_or(&cfg->addressing_s, vloc), "vni", "addressing",
			 "a /%u has room for %" PRIu64 " node addresses, the plan has %u nodes",
			 cfg->prefix, hosts, p->nr_nodes);
		return MINT_ERR_USAGE;
	}
	for (unsigned i = 0; i < p->nr_nodes; i++)
		p->node[i].ipv4 = cfg->net + i + 1;
	p->geo.nr_nodes = p->nr_nodes;
	p->geo.ring_entries = cfg->ring_entries;
	p->geo.slot_size = cfg->slot_size;
	p->geo.pool_slots = cfg->pool_slots;
	p->geo.nr_queues = cfg->queues;
	if (vni_geometry_check(&p->geo, &why)) {
		p_err_at(vloc, "vni", NULL, "bad VNI geometry: %s", why);
		return MINT_ERR_USAGE;
	}
	/* After the VNI area, which node 0 formats as a whole: VNI never moves. */
	p->console = (struct mint_console_geo){
		.offset = mint_console_first_offset(&p->geo),
		.out_size = cfg->console_log,
		.in_size = MINT_CONSOLE_IN_DEFAULT,
		.nr_channels = p->nr_nodes - 1,
	};
	return MINT_OK;
}

/* Size rules shared by node memory and the shared region. */
static int check_size(const struct mint_loc *loc, const char *section,
		      const char *key, uint64_t size, uint64_t min,
		      uint64_t ram_total)
{
	char a[32], b[32];

	if (!size) {
		p_err_at(loc, section, key, "size must not be zero");
		return MINT_ERR_USAGE;
	}
	if (size % MINT_MEM_ALIGN) {
		p_err_at(loc, section, key, "size %s is not a multiple of 2M",
			 format_size(size, a, sizeof(a)));
		return MINT_ERR_USAGE;
	}
	if (size < min) {
		p_err_at(loc, section, key, "size %s is too small (at least %s)",
			 format_size(size, a, sizeof(a)),
			 format_size(min, b, sizeof(b)));
		return MINT_ERR_USAGE;
	}
	if (size >= ram_total) {
		p_err_at(loc, section, key,
			 "size %s is not less than all of the machine's RAM (%s)",
			 format_size(size, a, sizeof(a)),
			 format_size_approx(ram_total, b, sizeof(b)));
		return MINT_ERR_USAGE;
	}
	return MINT_OK;
}

static int check_sizes(struct planner *pl)
{
	const struct mint_config *cfg = pl->cfg;
	uint64_t total = pl->m->ram_total;
	uint64_t need = mint_shared_needed(pl->p);
	char a[32], b[32], c[32], d[32];
	int rc;

	rc = check_size(&cfg->shared_size_s.loc, "shared", "size",
			cfg->shared_size, MINT_MEM_ALIGN, total);
	if (rc)
		return rc;
	if (cfg->shared_size < need) {
		p_err_at(&cfg->shared_size_s.loc, "shared", "size",
			 "%s is too small: the control block (64K), the VNI area for %u nodes and %u console channel%s of %s need %s; use at least %s",
			 format_size(cfg->shared_size, a, sizeof(a)),
			 pl->p->nr_nodes, pl->p->console.nr_channels,
			 pl->p->console.nr_channels == 1 ? "" : "s",
			 format_size(mint_console_channel_size(&pl->p->console),
				     d, sizeof(d)),
			 format_size_approx(need, b, sizeof(b)),
			 format_size((need + MINT_MEM_ALIGN - 1) &
				     ~(MINT_MEM_ALIGN - 1), c, sizeof(c)));
		return MINT_ERR_USAGE;
	}
	for (unsigned i = 1; i < pl->p->nr_nodes; i++) {
		const struct mint_node_cfg *n = &cfg->node[i];

		rc = check_size(&n->memory_s.loc, n->section, "memory",
				n->mem_size, MINT_NODE_MIN_MEM, total);
		if (rc)
			return rc;
		if (n->low_size % MINT_LOW_ALIGN || n->low_size < MINT_LOW_MIN) {
			p_err_at(loc_or(&n->lowmem_s, &n->loc), n->section,
				 "lowmem",
				 "size %s must be a multiple of 4K and at least 32K",
				 format_size(n->low_size, a, sizeof(a)));
			return MINT_ERR_USAGE;
		}
	}
	return MINT_OK;
}

/* The first memory map entry or gap that is not RAM inside r. */
static void describe_hole(const struct mint_machine *m,
			  const struct mint_range *r, char *buf, size_t len)
{
	uint64_t at = r->base, end = range_end(r);

	for (unsigned i = 0; i < m->nr_map; i++) {
		const struct mint_mem_entry *e = &m->map[i];

		if (e->end <= at)
			continue;
		if (e->start > at) {
			snprintf(buf, len, "a gap in the memory map at 0x%" PRIx64,
				 at);
			return;
		}
		if (!e->ram && e->start < end) {
			snprintf(buf, len, "0x%" PRIx64 "-0x%" PRIx64 " (%s)",
				 e->start, e->end - 1, e->type);
			return;
		}
		at = e->end;
		if (at >= end)
			break;
	}
	snprintf(buf, len, "a gap in the memory map at 0x%" PRIx64, at);
}

/* Register a fixed range after checking it against RAM and earlier ones. */
static int claim_fixed(struct planner *pl, const struct mint_range *r,
		       const char *section, const char *key, const char *what,
		       const struct mint_loc *loc, uint64_t floor,
		       uint64_t align)
{
	const struct mint_machine *m = pl->m;
	char a[48], b[48], h[96];

	range_str(r, a, sizeof(a));
	if (r->base % align) {
		format_size(align, b, sizeof(b));
		p_err_at(loc, section, key, "base 0x%" PRIx64 " is not %s-aligned",
			 r->base, b);
		return MINT_ERR_USAGE;
	}
	if (range_end(r) < r->base) {
		p_err_at(loc, section, key, "range wraps around the address space");
		return MINT_ERR_USAGE;
	}
	if (r->base < floor) {
		p_err_at(loc, section, key,
			 "%s %s overlaps the first 1 MiB (firmware, real-mode trampolines and low windows)",
			 what, a);
		return MINT_ERR_USAGE;
	}
	if (range_end(r) > m->ram_end) {
		p_err_at(loc, section, key,
			 "%s %s ends beyond the end of RAM (0x%" PRIx64 ")",
			 what, a, m->ram_end);
		return MINT_ERR_USAGE;
	}
	if (!rangeset_contains(&pl->ram, r->base, r->size)) {
		describe_hole(m, r, h, sizeof(h));
		p_err_at(loc, section, key, "%s %s overlaps a hole: %s", what, a,
			 h);
		return MINT_ERR_USAGE;
	}
	for (unsigned i = 0; i < pl->nr_claims; i++) {
		const struct claim *c = &pl->claims[i];

		if (!ranges_overlap(r, &c->r))
			continue;
		p_err_at(loc, section, key, "%s %s overlaps [%s] %s %s",
			 what, a, c->section, c->what,
			 range_str(&c->r, b, sizeof(b)));
		return MINT_ERR_USAGE;
	}
	pl->claims[pl->nr_claims++] = (struct claim){ *r, section, what, *loc };
	return MINT_OK;
}

static int place_low_windows(struct planner *pl)
{
	const struct mint_config *cfg = pl->cfg;
	struct mint_plan *p = pl->p;
	struct mint_rangeset free_low = { 0 };
	char a[32];

	for (unsigned i = 1; i < p->nr_nodes; i++) {
		const struct mint_node_cfg *n = &cfg->node[i];
		struct mint_range r = { n->low_base, n->low_size };
		const struct mint_loc *loc = &n->lowmem_s.loc;

		if (!n->low_base_set)
			continue;
		if (r.base < MINT_LOW_FLOOR || range_end(&r) > MINT_LOW_CEIL) {
			p_err_at(loc, n->section, "lowmem",
				 "low window 0x%" PRIx64 "-0x%" PRIx64 " must lie within 0x10000-0x7ffff (node 0's trampoline sits above, the real-mode IVT below)",
				 r.base, range_end(&r) - 1);
			return MINT_ERR_USAGE;
		}
		if (claim_fixed(pl, &r, n->section, "lowmem", "low window", loc,
				MINT_LOW_FLOOR, MINT_LOW_ALIGN))
			return MINT_ERR_USAGE;
		p->node[i].low = r;
	}
	for (unsigned i = 0; i < pl->ram.nr; i++) {
		const struct mint_range *r = &pl->ram.r[i];

		if (r->base < MINT_LOW_CEIL)
			rangeset_add(&free_low, r->base, r->size);
	}
	for (unsigned i = 0; i < pl->nr_claims; i++)
		rangeset_remove(&free_low, pl->claims[i].r.base,
				pl->claims[i].r.size);
	for (unsigned i = 1; i < p->nr_nodes; i++) {
		const struct mint_node_cfg *n = &cfg->node[i];
		struct mint_range r = { 0, n->low_size };

		if (n->low_base_set)
			continue;
		if (rangeset_fit_bottom(&free_low, r.size, MINT_LOW_ALIGN,
					MINT_LOW_FIRST, MINT_LOW_CEIL, &r.base)) {
			p_err_at(loc_or(&n->lowmem_s, &n->loc), n->section,
				 "lowmem",
				 "no room left between 0x20000 and 0x80000 for a %s low window; use smaller lowmem sizes",
				 format_size(r.size, a, sizeof(a)));
			return MINT_ERR_USAGE;
		}
		rangeset_remove(&free_low, r.base, r.size);
		pl->claims[pl->nr_claims++] = (struct claim){
			r, n->section, "low window", n->loc };
		p->node[i].low = r;
	}
	return MINT_OK;
}

/*
 * Where an automatically placed secondary's memory goes: the highest free
 * spot in the first of
 *   1. the NUMA node holding most of its cores, below the boot path's
 *      limit (mint_boot_mem_limit());
 *   2. any NUMA node below the limit: the node boots, remote memory;
 *   3. its NUMA node, anywhere, then 4. anywhere, where the boot path
 *      cannot start it (plan_warn.c says so).
 * Without a limit steps 3 and 4 are 1 and 2 again; without an SRAT every
 * step on "its NUMA node" is the whole machine.
 * mint_plan_warn() tells the user when a step past the first was taken.
 */
static int place_secondary(struct planner *pl, unsigned i,
			   const struct mint_rangeset *free_ram, uint64_t size,
			   uint64_t *base)
{
	uint64_t limit = mint_boot_mem_limit();
	struct mint_rangeset *cand = &pl->candidates;
	struct numa_census c;

	numa_census(pl->m, &pl->cfg->node[i].cores, &c);
	for (unsigned step = 0; step < 4; step++) {
		bool numa_local = step % 2 == 0, below = step < 2;

		if (numa_local) {
			if (c.most < 0 ||
			    numa_node_ranges(pl->m, (unsigned)c.most, &pl->numa) ||
			    rangeset_intersect(free_ram, &pl->numa, cand))
				continue;
		} else {
			*cand = *free_ram;
		}
		if (below && limit < UINT64_MAX)
			rangeset_remove(cand, limit, UINT64_MAX - limit);
		if (!rangeset_fit_top(cand, size, MINT_MEM_ALIGN, MINT_FIRST_MB,
				      base))
			return 0;
	}
	return -1;
}

static int place_memory(struct planner *pl)
{
	const struct mint_config *cfg = pl->cfg;
	struct mint_plan *p = pl->p;
	struct mint_rangeset free_ram = pl->ram;
	char a[32], b[32];

	/* Fixed addresses first, so automatic placement avoids them. */
	if (cfg->shared_base_s.set) {
		p->shared = (struct mint_range){ cfg->shared_base,
						 cfg->shared_size };
		if (claim_fixed(pl, &p->shared, "shared", "base",
				"shared region", &cfg->shared_base_s.loc,
				MINT_FIRST_MB, MINT_MEM_ALIGN))
			return MINT_ERR_USAGE;
	}
	for (unsigned i = 1; i < p->nr_nodes; i++) {
		const struct mint_node_cfg *n = &cfg->node[i];
		struct mint_range r = { n->mem_base, n->mem_size };

		if (!n->mem_base_set)
			continue;
		if (claim_fixed(pl, &r, n->section, "memory", "memory",
				&n->memory_s.loc, MINT_FIRST_MB, MINT_MEM_ALIGN))
			return MINT_ERR_USAGE;
		p->node[i].mem[0] = r;
		p->node[i].nr_mem = 1;
	}

	rangeset_remove(&free_ram, 0, MINT_FIRST_MB);
	for (unsigned i = 0; i < pl->nr_claims; i++)
		rangeset_remove(&free_ram, pl->claims[i].r.base,
				pl->claims[i].r.size);

	/* Step 0 places the shared region (node 0 reserves nothing). */
	for (unsigned i = 0; i < p->nr_nodes; i++) {
		const struct mint_node_cfg *n = &cfg->node[i];
		bool shared = i == 0;
		struct mint_range r = { 0, shared ? cfg->shared_size :
						    n->mem_size };
		const struct mint_loc *loc = shared ? &cfg->shared_size_s.loc :
						      &n->memory_s.loc;

		if (shared ? cfg->shared_base_s.set : n->mem_base_set)
			continue;
		if (shared ? rangeset_fit_top(&free_ram, r.size, MINT_MEM_ALIGN,
					      MINT_FIRST_MB, &r.base) :
			     place_secondary(pl, i, &free_ram, r.size, &r.base)) {
			p_err_at(loc, shared ? "shared" : n->section,
				 shared ? "size" : "memory",
				 "no free 2M-aligned range of %s left in RAM (largest free piece: %s)",
				 format_size(r.size, a, sizeof(a)),
				 format_size_approx(rangeset_largest(&free_ram),
						    b, sizeof(b)));
			return MINT_ERR_USAGE;
		}
		rangeset_remove(&free_ram, r.base, r.size);
		if (shared) {
			p->shared = r;
		} else {
			p->node[i].mem[0] = r;
			p->node[i].nr_mem = 1;
		}
	}
	return MINT_OK;
}

/* Node 0 keeps all RAM that no reservation took. */
static int node0_keeps(struct planner *pl)
{
	const struct mint_config *cfg = pl->cfg;
	struct mint_plan *p = pl->p;
	struct mint_rangeset keep = pl->ram;
	struct mint_node_plan *n0 = &p->node[0];
	char a[32], b[32];

	rangeset_remove(&keep, p->shared.base, p->shared.size);
	for (unsigned i = 1; i < p->nr_nodes; i++) {
		rangeset_remove(&keep, p->node[i].mem[0].base,
				p->node[i].mem[0].size);
		rangeset_remove(&keep, p->node[i].low.base,
				p->node[i].low.size);
	}
	if (keep.nr > MINT_NODE_RANGES) {
		p_err_at(&cfg->node[0].loc, "node0", NULL,
			 "node 0's memory would be split into %u pieces (at most %d)",
			 keep.nr, MINT_NODE_RANGES);
		return MINT_ERR_USAGE;
	}
	if (rangeset_total(&keep) < MINT_NODE0_MIN_MEM) {
		p_err_at(&cfg->node[0].loc, "node0", NULL,
			 "node 0 would keep only %s of RAM; it needs at least %s",
			 format_size_approx(rangeset_total(&keep), a, sizeof(a)),
			 format_size(MINT_NODE0_MIN_MEM, b, sizeof(b)));
		return MINT_ERR_USAGE;
	}
	n0->nr_mem = keep.nr;
	memcpy(n0->mem, keep.r, keep.nr * sizeof(keep.r[0]));
	return MINT_OK;
}

/* Whether some core of the machine has two present threads. */
static bool machine_has_smt(const struct mint_machine *m)
{
	struct mint_cores siblings;

	for (int c = cores_next(&m->present, 0); c >= 0;
	     c = cores_next(&m->present, c + 1)) {
		topology_siblings(m, (unsigned)c, &siblings);
		if (cores_count(&siblings) > 1)
			return true;
	}
	return false;
}

void mint_plan_drop_services(struct mint_plan *p)
{
	for (unsigned i = 0; i < MINT_MAX_NODES; i++) {
		p->node[i].autostart = false;
		p->node[i].restart = MINT_RESTART_NO;
	}
	p->services = false;
}

int mint_plan_build(const struct mint_config *cfg,
		    const struct mint_machine *m, struct mint_plan *p)
{
	struct planner *pl;
	int rc;

	pl = calloc(1, sizeof(*pl));
	if (!pl) {
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	memset(p, 0, sizeof(*p));
	p->smt = machine_has_smt(m);
	pl->cfg = cfg;
	pl->m = m;
	pl->p = p;
	for (unsigned i = 0; i < m->nr_map; i++) {
		/*
		 * Page 0 is never planned: Linux keeps it reserved, and
		 * kexec-tools hands a re-executed node 0 a map without its
		 * first KiB, which would change the layout under running nodes.
		 */
		uint64_t start = m->map[i].start < MINT_PAGE0_END ?
				 MINT_PAGE0_END : m->map[i].start;

		if (m->map[i].ram && start < m->map[i].end &&
		    rangeset_add(&pl->ram, start, m->map[i].end - start)) {
			p_err("the machine's memory map has too many pieces");
			free(pl);
			return MINT_ERR_RUNTIME;
		}
	}
	rc = check_ids_and_names(pl);
	if (!rc)
		rc = check_cores(pl);
	if (!rc)
		rc = check_vni(pl);
	if (!rc)
		rc = check_sizes(pl);
	if (!rc)
		rc = place_low_windows(pl);
	if (!rc)
		rc = place_memory(pl);
	if (!rc)
		rc = node0_keeps(pl);
	for (unsigned i = 0; i < p->nr_nodes; i++) {
		p->node[i].autostart = cfg->node[i].autostart;
		p->node[i].restart = cfg->node[i].restart;
	}
	p->services = true;
	free(pl);
	return rc;
}
