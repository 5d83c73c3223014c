// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checks for a plan that did not come out of the planner, i.e. a decoded
 * layout descriptor. A descriptor with a valid checksum can still be hand
 * made or written by a buggy tool, and later commands trust the plan.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "planner.h"

#define BAD(...) do { p_err(__VA_ARGS__); return MINT_ERR_USAGE; } while (0)

static bool valid_name(const char *s)
{
	size_t n = strnlen(s, MINT_NAME_MAX);

	if (!n || n >= MINT_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(s[i] >= '0' && s[i] <= '9') &&
		    !(s[i] >= 'a' && s[i] <= 'z') &&
		    !(s[i] >= 'A' && s[i] <= 'Z') &&
		    !(i && strchr("._-", s[i])))
			return false;
	return true;
}

static int check_node(const struct mint_plan *p, unsigned i, const char *src)
{
	const struct mint_node_plan *n = &p->node[i];
	unsigned k = cores_count(&n->cores);

	if (n->id != i)
		BAD("%s: node %u has id %u", src, i, n->id);
	if (!valid_name(n->name))
		BAD("%s: node@%u: invalid name", src, i);
	if (!k || k != n->nr_cores)
		BAD("%s: node@%u: %u cores but %u APIC IDs", src, i, k,
		    n->nr_cores);
	if (n->mac[0] & 1)
		BAD("%s: node@%u: MAC is a multicast address", src, i);
	if (i == 0) {
		if (cores_next(&n->cores, 0) != 0 ||
		    cores_next(&n->cores, (int)k) >= 0)
			BAD("%s: node@0: cores must be 0-%u", src, k - 1);
		if (!n->nr_mem || n->low.size)
			BAD("%s: node@0: needs memory ranges and no low window",
			    src);
	} else {
		const struct mint_range *m = &n->mem[0];

		if (n->nr_mem != 1 || m->size < MINT_NODE_MIN_MEM ||
		    (m->base | m->size) % MINT_MEM_ALIGN ||
		    m->base < MINT_FIRST_MB)
			BAD("%s: node@%u: memory must be one 2M-aligned range of at least 32M above 1 MiB",
			    src, i);
		if (n->low.size < MINT_LOW_MIN ||
		    (n->low.base | n->low.size) % MINT_LOW_ALIGN ||
		    n->low.base < MINT_LOW_FLOOR ||
		    range_end(&n->low) > MINT_LOW_CEIL)
			BAD("%s: node@%u: low window must be 4K-aligned, at least 32K, within 0x10000-0x7ffff",
			    src, i);
	}
	if (n->ipv4 != p->net + i + 1)
		BAD("%s: node@%u: address does not follow the VNI addressing",
		    src, i);
	for (unsigned j = 0; j < i; j++) {
		const struct mint_node_plan *o = &p->node[j];

		if (!strcmp(o->name, n->name))
			BAD("%s: node@%u and node@%u share the name \"%s\"",
			    src, j, i, n->name);
		if (!memcmp(o->mac, n->mac, 6))
			BAD("%s: node@%u and node@%u share a MAC", src, j, i);
		if (cores_first_common(&o->cores, &n->cores) >= 0)
			BAD("%s: node@%u and node@%u share core %d", src, j, i,
			    cores_first_common(&o->cores, &n->cores));
	}
	return MINT_OK;
}

int mint_plan_check(const struct mint_plan *p, const char *src)
{
	struct mint_range all[MINT_MAX_NODES * (MINT_NODE_RANGES + 1) + 1];
	unsigned nr = 0;
	const char *why;

	if (p->nr_nodes < 1 || p->nr_nodes > MINT_MAX_NODES)
		BAD("%s: %u nodes (1 to %d allowed)", src, p->nr_nodes,
		    MINT_MAX_NODES);
	if (p->geo.nr_nodes != p->nr_nodes)
		BAD("%s: VNI geometry is for %u nodes, the descriptor has %u",
		    src, p->geo.nr_nodes, p->nr_nodes);
	if (vni_geometry_check(&p->geo, &why))
		BAD("%s: bad VNI geometry: %s", src, why);
	if (p->mtu < 68 || p->mtu > 65535)
		BAD("%s: VNI MTU %u out of range", src, p->mtu);
	if (p->prefix < 8 || p->prefix > 30 ||
	    (p->net & ~(~0u << (32 - p->prefix))) ||
	    (1ull << (32 - p->prefix)) - 2 < p->nr_nodes)
		BAD("%s: bad VNI addressing", src);
	/* A descriptor of an older mintctl has no console channels. */
	if (p->console.offset &&
	    mint_console_geo_check(&p->console, &p->geo, p->shared.size,
				   p->nr_nodes, &why))
		BAD("%s: bad console channels: %s", src, why);
	if ((p->shared.base | p->shared.size) % MINT_MEM_ALIGN ||
	    p->shared.base < MINT_FIRST_MB ||
	    p->shared.size < mint_shared_needed(p))
		BAD("%s: shared region must be 2M-aligned, above 1 MiB and big enough for the VNI geometry and the console channels",
		    src);
	all[nr++] = p->shared;
	for (unsigned i = 0; i < p->nr_nodes; i++) {
		const struct mint_node_plan *n = &p->node[i];

		if (check_node(p, i, src))
			return MINT_ERR_USAGE;
		for (unsigned r = 0; r < n->nr_mem; r++)
			all[nr++] = n->mem[r];
		if (n->low.size)
			all[nr++] = n->low;
	}
	for (unsigned a = 0; a < nr; a++) {
		if (!all[a].size || range_end(&all[a]) < all[a].base)
			BAD("%s: empty or wrapping range at 0x%" PRIx64, src,
			    all[a].base);
		for (unsigned b = 0; b < a; b++)
			if (ranges_overlap(&all[a], &all[b]))
				BAD("%s: ranges at 0x%" PRIx64 " and 0x%" PRIx64 " overlap",
				    src, all[b].base, all[a].base);
	}
	return MINT_OK;
}
