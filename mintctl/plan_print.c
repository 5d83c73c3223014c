// SPDX-License-Identifier: GPL-2.0-only
/* The plan as a table for people and as JSON for scripts (JSON.md). */
#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>

#include "json.h"
#include "numbers.h"
#include "plan_print.h"

static char *ipv4_str(uint32_t a, char *buf, size_t len)
{
	struct in_addr in = { htonl(a) };

	inet_ntop(AF_INET, &in, buf, (socklen_t)len);
	return buf;
}

static char *mac_str(const uint8_t *m, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
		 m[3], m[4], m[5]);
	return buf;
}

static char *range_str(const struct mint_range *r, char *buf, size_t len)
{
	char s[32];

	if (!r->size) {
		snprintf(buf, len, "-");
		return buf;
	}
	snprintf(buf, len, "0x%" PRIx64 "-0x%" PRIx64 " (%s)", r->base,
		 range_end(r) - 1, format_size_approx(r->size, s, sizeof(s)));
	return buf;
}

static char *apic_list(const struct mint_node_plan *n, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned k = 0; k < n->nr_cores && used < len; k++)
		used += (size_t)snprintf(buf + used, len - used, "%s%u",
					 k ? "," : "", n->apic_id[k]);
	return buf;
}

/* A secondary's console channel as a physical range; empty if none. */
static struct mint_range console_range(const struct mint_plan *p, unsigned id)
{
	uint64_t off = mint_console_offset_of(&p->console, id);

	if (!off)
		return (struct mint_range){ 0, 0 };
	return (struct mint_range){ p->shared.base + off,
				    mint_console_channel_size(&p->console) };
}

static void print_console_text(const struct mint_plan *p, FILE *out)
{
	char a[32], b[32], r[64];

	if (!p->console.offset || !p->console.nr_channels)
		return;
	fprintf(out, "console channels: output ring %s, input ring %s each\n",
		format_size(p->console.out_size, a, sizeof(a)),
		format_size(p->console.in_size, b, sizeof(b)));
	for (unsigned i = 1; i < p->nr_nodes; i++) {
		struct mint_range c = console_range(p, i);

		fprintf(out, "  %-12s %s\n", p->node[i].name,
			range_str(&c, r, sizeof(r)));
	}
}

void mint_plan_print_text(const struct mint_plan *p, FILE *out)
{
	char cores[1024], apic[2048], mac[24], ip[20], mem[64], low[64];
	char a[32], b[32], addressing[20];
	char params[MINT_PARAMS_MAX];

	fprintf(out, "%-4s %-12s %-8s %-8s %-17s %-15s %-36s %s\n", "NODE",
		"NAME", "CORES", "APIC IDS", "MAC", "ADDRESS", "MEMORY",
		"LOW WINDOW");
	for (unsigned i = 0; i < p->nr_nodes; i++) {
		const struct mint_node_plan *n = &p->node[i];

		fprintf(out, "%-4u %-12s %-8s %-8s %-17s %-15s %-36s %s\n",
			n->id, n->name,
			cores_format(&n->cores, cores, sizeof(cores)),
			apic_list(n, apic, sizeof(apic)),
			mac_str(n->mac, mac, sizeof(mac)),
			ipv4_str(n->ipv4, ip, sizeof(ip)),
			range_str(&n->mem[0], mem, sizeof(mem)),
			range_str(&n->low, low, sizeof(low)));
		for (unsigned r = 1; r < n->nr_mem; r++)
			fprintf(out, "%-69s %s\n", "",
				range_str(&n->mem[r], mem, sizeof(mem)));
	}
	fprintf(out, "\nshared region: %s\n",
		range_str(&p->shared, mem, sizeof(mem)));
	fprintf(out, "  control block %s, VNI area %s",
		format_size(MINT_CTRL_BLOCK_SIZE, a, sizeof(a)),
		format_size_approx(vni_area_size(&p->geo), b, sizeof(b)));
	if (p->console.offset)
		fprintf(out, ", console channels %s",
			format_size_approx(mint_console_area_size(&p->console),
					   a, sizeof(a)));
	fprintf(out, " of %s\n", format_size(p->shared.size, mem, sizeof(mem)));
	print_console_text(p, out);
	fprintf(out, "vni: %u nodes, mtu %u, addressing %s/%u, %u queue%s, ring %u entries, slot %s, pool %u slots\n",
		p->geo.nr_nodes, p->mtu,
		ipv4_str(p->net, addressing, sizeof(addressing)), p->prefix,
		p->geo.nr_queues, p->geo.nr_queues == 1 ? "" : "s",
		p->geo.ring_entries,
		format_size(p->geo.slot_size, a, sizeof(a)), p->geo.pool_slots);
	if (!mint_plan_kparams(p, params, sizeof(params)))
		fprintf(out, "\nnode 0 kernel parameters:\n  %s\n", params);
	if (!p->services || p->nr_nodes < 2)
		return;
	fprintf(out, "\nnode 0 services (mint-autostart.service, mint-node@NAME.service):\n");
	for (unsigned i = 1; i < p->nr_nodes; i++)
		fprintf(out, "  %-12s autostart %-3s  restart %s\n", p->node[i].name,
			p->node[i].autostart ? "yes" : "no",
			mint_restart_name(p->node[i].restart));
}

void mint_node_json(struct json *j, const struct mint_node_plan *n)
{
	char cpulist[256];
	uint64_t total = 0;

	json_u64(j, "id", n->id);
	json_string(j, "name", n->name);
	json_begin_array(j, "cores");
	for (int c = cores_next(&n->cores, 0); c >= 0;
	     c = cores_next(&n->cores, c + 1))
		json_u64(j, NULL, (uint64_t)c);
	json_end_array(j);
	json_string(j, "cpulist", cores_format(&n->cores, cpulist,
					       sizeof(cpulist)));
	json_begin_array(j, "memory");
	for (unsigned r = 0; r < n->nr_mem; r++) {
		json_range(j, NULL, n->mem[r].base, n->mem[r].size);
		total += n->mem[r].size;
	}
	json_end_array(j);
	json_u64(j, "memory_total", total);
}

int mint_plan_print_json(const struct mint_plan *p, FILE *out,
			 const uint64_t *generation)
{
	char buf[64], net[20], params[MINT_PARAMS_MAX];
	struct mint_range chan;
	struct json j;

	json_init(&j, out);
	json_begin_object(&j, NULL);
	if (generation)
		json_u64(&j, "generation", *generation);
	json_begin_array(&j, "nodes");
	for (unsigned i = 0; i < p->nr_nodes; i++) {
		const struct mint_node_plan *n = &p->node[i];

		json_begin_object(&j, NULL);
		mint_node_json(&j, n);
		json_begin_array(&j, "apic_ids");
		for (unsigned k = 0; k < n->nr_cores; k++)
			json_u64(&j, NULL, n->apic_id[k]);
		json_end_array(&j);
		json_string(&j, "mac", mac_str(n->mac, buf, sizeof(buf)));
		json_string(&j, "address", ipv4_str(n->ipv4, buf, sizeof(buf)));
		if (n->low.size)
			json_range(&j, "low_window", n->low.base, n->low.size);
		else
			json_null(&j, "low_window");
		chan = console_range(p, i);
		if (chan.size)
			json_range(&j, "console", chan.base, chan.size);
		else
			json_null(&j, "console");
		if (p->services && i) {
			json_bool(&j, "autostart", n->autostart);
			json_string(&j, "restart", mint_restart_name(n->restart));
		}
		json_end_object(&j);
	}
	json_end_array(&j);
	json_range(&j, "shared_region", p->shared.base, p->shared.size);
	if (p->console.offset) {
		json_begin_object(&j, "console");
		json_u64(&j, "offset", p->console.offset);
		json_u64(&j, "area_size", mint_console_area_size(&p->console));
		json_u64(&j, "out_size", p->console.out_size);
		json_u64(&j, "in_size", p->console.in_size);
		json_u64(&j, "nr_channels", p->console.nr_channels);
		json_end_object(&j);
	} else {
		json_null(&j, "console");
	}
	json_begin_object(&j, "vni");
	json_u64(&j, "nr_nodes", p->geo.nr_nodes);
	json_u64(&j, "ring_entries", p->geo.ring_entries);
	json_u64(&j, "slot_size", p->geo.slot_size);
	json_u64(&j, "pool_slots", p->geo.pool_slots);
	json_u64(&j, "queues", p->geo.nr_queues);
	json_u64(&j, "area_size", vni_area_size(&p->geo));
	json_u64(&j, "mtu", p->mtu);
	snprintf(buf, sizeof(buf), "%s/%u",
		 ipv4_str(p->net, net, sizeof(net)), p->prefix);
	json_string(&j, "addressing", buf);
	json_end_object(&j);
	if (!mint_plan_kparams(p, params, sizeof(params)))
		json_string(&j, "kernel_params", params);
	json_end_object(&j);
	return json_finish(&j);
}
