// SPDX-License-Identifier: GPL-2.0-only
/*
 * Layout descriptor encode/decode with libfdt. The checksum is a CRC-32
 * over the whole blob (totalsize bytes) with the 4-byte value of the
 * root "checksum" property taken as zero; see DESCRIPTOR.md.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "crc32.h"
#include "descriptor.h"
#include "uarts.h"

#define ENC_BUF_SIZE	(256u << 10)

/* --- encoding --- */

/*
 * libfdt's sequential-write API: the tree comes out in the order written
 * here, which is the order DESCRIPTOR.md lists.
 */
static int put_u64_pairs(void *fdt, const char *name,
			 const struct mint_range *r, unsigned nr)
{
	fdt64_t v[2 * MINT_NODE_RANGES];

	for (unsigned i = 0; i < nr; i++) {
		v[2 * i] = cpu_to_fdt64(r[i].base);
		v[2 * i + 1] = cpu_to_fdt64(r[i].size);
	}
	return fdt_property(fdt, name, v, (int)(nr * 2 * sizeof(v[0])));
}

static int encode_node(void *fdt, const struct mint_node_plan *n)
{
	fdt32_t cells[MINT_MAX_CORES];
	char uname[16];
	unsigned k = 0;
	int rc;

	snprintf(uname, sizeof(uname), "node@%u", n->id);
	rc = fdt_begin_node(fdt, uname);
	rc = rc ? rc : fdt_property_u32(fdt, "reg", n->id);
	rc = rc ? rc : fdt_property_string(fdt, "label", n->name);
	for (int c = cores_next(&n->cores, 0); c >= 0;
	     c = cores_next(&n->cores, c + 1))
		cells[k++] = cpu_to_fdt32((uint32_t)c);
	rc = rc ? rc : fdt_property(fdt, "cores", cells,
				    (int)(k * sizeof(cells[0])));
	for (k = 0; k < n->nr_cores; k++)
		cells[k] = cpu_to_fdt32(n->apic_id[k]);
	rc = rc ? rc : fdt_property(fdt, "apic-ids", cells,
				    (int)(k * sizeof(cells[0])));
	rc = rc ? rc : put_u64_pairs(fdt, "memory", n->mem, n->nr_mem);
	if (n->low.size)
		rc = rc ? rc : put_u64_pairs(fdt, "low-window", &n->low, 1);
	rc = rc ? rc : fdt_property(fdt, "mac", n->mac, 6);
	if (n->uarts)
		rc = rc ? rc : fdt_property_u32(fdt, "uarts", n->uarts);
	return rc ? rc : fdt_end_node(fdt);
}

static int encode_tree(void *fdt, const struct mint_plan *p, uint64_t gen)
{
	char addressing[INET_ADDRSTRLEN + 4];
	struct in_addr in = { htonl(p->net) };
	int rc;

	inet_ntop(AF_INET, &in, addressing, sizeof(addressing));
	snprintf(addressing + strlen(addressing), 4, "/%u", p->prefix);

	rc = fdt_create(fdt, ENC_BUF_SIZE);
	rc = rc ? rc : fdt_finish_reservemap(fdt);
	rc = rc ? rc : fdt_begin_node(fdt, "");
	rc = rc ? rc : fdt_property_string(fdt, "compatible",
					   MINT_DESC_COMPATIBLE);
	rc = rc ? rc : fdt_property_u32(fdt, "version", MINT_DESC_VERSION);
	rc = rc ? rc : fdt_property_u64(fdt, "generation", gen);
	rc = rc ? rc : fdt_property_u32(fdt, "checksum", 0);
	/* Node 0's parameters depend on it (cpuhp.parallel=0, planner.h). */
	if (p->smt)
		rc = rc ? rc : fdt_property(fdt, "smt", NULL, 0);

	rc = rc ? rc : fdt_begin_node(fdt, "shared-region");
	rc = rc ? rc : fdt_property_u64(fdt, "base", p->shared.base);
	rc = rc ? rc : fdt_property_u64(fdt, "size", p->shared.size);
	rc = rc ? rc : fdt_end_node(fdt);

	rc = rc ? rc : fdt_begin_node(fdt, "vni");
	rc = rc ? rc : fdt_property_u32(fdt, "nr-nodes", p->geo.nr_nodes);
	rc = rc ? rc : fdt_property_u32(fdt, "ring-entries",
					p->geo.ring_entries);
	rc = rc ? rc : fdt_property_u32(fdt, "slot-size", p->geo.slot_size);
	rc = rc ? rc : fdt_property_u32(fdt, "pool-slots", p->geo.pool_slots);
	rc = rc ? rc : fdt_property_u32(fdt, "queues", p->geo.nr_queues);
	rc = rc ? rc : fdt_property_u32(fdt, "mtu", p->mtu);
	rc = rc ? rc : fdt_property_string(fdt, "addressing", addressing);
	rc = rc ? rc : fdt_end_node(fdt);

	if (p->console.offset) {
		rc = rc ? rc : fdt_begin_node(fdt, "console");
		rc = rc ? rc : fdt_property_u64(fdt, "offset", p->console.offset);
		rc = rc ? rc : fdt_property_u32(fdt, "out-size",
						p->console.out_size);
		rc = rc ? rc : fdt_property_u32(fdt, "in-size", p->console.in_size);
		rc = rc ? rc : fdt_property_u32(fdt, "nr-channels",
						p->console.nr_channels);
		rc = rc ? rc : fdt_end_node(fdt);
	}

	rc = rc ? rc : fdt_begin_node(fdt, "nodes");
	rc = rc ? rc : fdt_property_u32(fdt, "#address-cells", 1);
	rc = rc ? rc : fdt_property_u32(fdt, "#size-cells", 0);
	for (unsigned i = 0; i < p->nr_nodes && !rc; i++)
		rc = encode_node(fdt, &p->node[i]);
	rc = rc ? rc : fdt_end_node(fdt);

	rc = rc ? rc : fdt_end_node(fdt);
	return rc ? rc : fdt_finish(fdt);
}

uint64_t mint_new_generation(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int mint_descriptor_encode(const struct mint_plan *p, uint64_t generation,
			   void **blob, size_t *len)
{
	void *fdt = calloc(1, ENC_BUF_SIZE);
	int rc;

	if (!fdt) {
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	rc = encode_tree(fdt, p, generation);
	if (!rc)
		rc = fdt_setprop_inplace_u32(fdt, 0, "checksum",
					     mint_crc32(fdt, fdt_totalsize(fdt)));
	if (rc) {
		p_err("cannot build the layout descriptor: %s", fdt_strerror(rc));
		free(fdt);
		return MINT_ERR_RUNTIME;
	}
	*blob = fdt;
	*len = fdt_totalsize(fdt);
	return MINT_OK;
}

/* --- decoding --- */

struct dec {
	const void *fdt;
	const char *src;
};

#define DBAD(d, ...) do { p_err(__VA_ARGS__); (void)(d); return -1; } while (0)

/* A property of exactly want bytes, or a multiple of unit bytes (want 0). */
static const void *get_prop(const struct dec *d, int node, const char *path,
			    const char *name, int want, int unit, int *lenp)
{
	const void *v;
	int len;

	v = fdt_getprop(d->fdt, node, name, &len);
	if (!v) {
		p_err("%s: %s: missing property \"%s\"", d->src, path, name);
		return NULL;
	}
	if ((want && len != want) || (!want && (!len || len % unit))) {
		if (want)
			p_err("%s: %s: property \"%s\" has %d bytes, expected %d",
			      d->src, path, name, len, want);
		else
			p_err("%s: %s: property \"%s\" has %d bytes, expected a non-zero multiple of %d",
			      d->src, path, name, len, unit);
		return NULL;
	}
	if (lenp)
		*lenp = len;
	return v;
}

static int get_u32(const struct dec *d, int node, const char *path,
		   const char *name, uint32_t *out)
{
	const fdt32_t *v = get_prop(d, node, path, name, 4, 0, NULL);

	if (!v)
		return -1;
	*out = fdt32_to_cpu(*v);
	return 0;
}

static int get_u64(const struct dec *d, int node, const char *path,
		   const char *name, uint64_t *out)
{
	const void *v = get_prop(d, node, path, name, 8, 0, NULL);
	fdt64_t raw;

	if (!v)
		return -1;
	memcpy(&raw, v, sizeof(raw));
	*out = fdt64_to_cpu(raw);
	return 0;
}

static int get_string(const struct dec *d, int node, const char *path,
		      const char *name, char *out, size_t cap)
{
	const char *v;
	int len;

	v = get_prop(d, node, path, name, 0, 1, &len);
	if (!v)
		return -1;
	if ((size_t)len > cap || v[len - 1] || strlen(v) != (size_t)len - 1)
		DBAD(d, "%s: %s: property \"%s\" is not a string of at most %zu bytes",
		     d->src, path, name, cap - 1);
	memcpy(out, v, (size_t)len);
	return 0;
}

static int get_ranges(const struct dec *d, int node, const char *path,
		      const char *name, struct mint_range *r, unsigned max,
		      unsigned *nr)
{
	const uint8_t *v;
	int len;

	v = get_prop(d, node, path, name, 0, 16, &len);
	if (!v)
		return -1;
	if ((unsigned)len / 16 > max)
		DBAD(d, "%s: %s: \"%s\" has more than %u ranges", d->src,
		     path, name, max);
	*nr = (unsigned)len / 16;
	for (unsigned i = 0; i < *nr; i++) {
		fdt64_t raw[2];

		memcpy(raw, v + 16 * i, sizeof(raw));
		r[i].base = fdt64_to_cpu(raw[0]);
		r[i].size = fdt64_to_cpu(raw[1]);
	}
	return 0;
}

static int decode_node(const struct dec *d, int node, struct mint_plan *p,
		       bool *seen)
{
	const char *uname = fdt_get_name(d->fdt, node, NULL);
	const fdt32_t *cores, *apic;
	struct mint_node_plan *n;
	uint32_t id, uarts = 0;
	char path[48];
	unsigned nr;
	int len, alen;

	snprintf(path, sizeof(path), "/nodes/%s", uname ? uname : "?");
	if (get_u32(d, node, path, "reg", &id))
		return -1;
	snprintf(path, sizeof(path), "node@%u", id);
	if (id >= MINT_MAX_NODES || !uname || strcmp(uname, path))
		DBAD(d, "%s: /nodes/%s: name does not match reg = <%u>", d->src,
		     uname ? uname : "?", id);
	if (seen[id])
		DBAD(d, "%s: node@%u appears twice", d->src, id);
	seen[id] = true;
	snprintf(path, sizeof(path), "/nodes/node@%u", id);
	n = &p->node[id];
	n->id = id;
	if (get_string(d, node, path, "label", n->name, sizeof(n->name)))
		return -1;
	cores = get_prop(d, node, path, "cores", 0, 4, &len);
	if (!cores)
		return -1;
	apic = get_prop(d, node, path, "apic-ids", 0, 4, &alen);
	if (!apic)
		return -1;
	if (len != alen || len / 4 > MINT_MAX_CORES)
		DBAD(d, "%s: %s: \"cores\" and \"apic-ids\" differ in length",
		     d->src, path);
	n->nr_cores = (unsigned)len / 4;
	for (unsigned k = 0; k < n->nr_cores; k++) {
		uint32_t c = fdt32_to_cpu(cores[k]);

		if (c >= MINT_MAX_CORES || cores_has(&n->cores, c) ||
		    (k && c < fdt32_to_cpu(cores[k - 1])))
			DBAD(d, "%s: %s: \"cores\" must list distinct cores below %d in ascending order",
			     d->src, path, MINT_MAX_CORES);
		cores_add(&n->cores, c);
		n->apic_id[k] = fdt32_to_cpu(apic[k]);
	}
	if (get_ranges(d, node, path, "memory", n->mem, MINT_NODE_RANGES,
		       &n->nr_mem))
		return -1;
	if (fdt_getprop(d->fdt, node, "low-window", NULL) &&
	    get_ranges(d, node, path, "low-window", &n->low, 1, &nr))
		return -1;
	if (!get_prop(d, node, path, "mac", 6, 0, NULL))
		return -1;
	memcpy(n->mac, fdt_getprop(d->fdt, node, "mac", NULL), 6);
	if (fdt_getprop(d->fdt, node, "uarts", NULL) &&
	    get_u32(d, node, path, "uarts", &uarts))
		return -1;
	if (uarts >> MINT_NR_UARTS)
		DBAD(d, "%s: %s: \"uarts\" names a UART above ttyS%d",
		     d->src, path, MINT_NR_UARTS - 1);
	n->uarts = uarts;
	return 0;
}

static int decode_console(const struct dec *d, int node, struct mint_plan *p)
{
	struct mint_console_geo *c = &p->console;

	if (get_u64(d, node, "/console", "offset", &c->offset) ||
	    get_u32(d, node, "/console", "out-size", &c->out_size) ||
	    get_u32(d, node, "/console", "in-size", &c->in_size) ||
	    get_u32(d, node, "/console", "nr-channels", &c->nr_channels))
		return -1;
	/* 0 means "no channels" to every later reader: never a place. */
	if (!c->offset)
		DBAD(d, "%s: /console: offset 0 is the control block", d->src);
	return 0;
}

static int decode_tree(const struct dec *d, struct mint_plan *p,
		       uint64_t *gen)
{
	bool seen[MINT_MAX_NODES] = { false };
	char addressing[40], buf[96];
	const char *why;
	int node, nodes;

	if (get_u64(d, 0, "/", "generation", gen))
		return -1;
	p->smt = fdt_getprop(d->fdt, 0, "smt", NULL) != NULL;
	node = fdt_path_offset(d->fdt, "/shared-region");
	if (node < 0)
		DBAD(d, "%s: missing node /shared-region", d->src);
	if (get_u64(d, node, "/shared-region", "base", &p->shared.base) ||
	    get_u64(d, node, "/shared-region", "size", &p->shared.size))
		return -1;

	node = fdt_path_offset(d->fdt, "/vni");
	if (node < 0)
		DBAD(d, "%s: missing node /vni", d->src);
	/* Optional: a descriptor of an older mintctl has one queue. */
	p->geo.nr_queues = 1;
	if (get_u32(d, node, "/vni", "nr-nodes", &p->geo.nr_nodes) ||
	    get_u32(d, node, "/vni", "ring-entries", &p->geo.ring_entries) ||
	    get_u32(d, node, "/vni", "slot-size", &p->geo.slot_size) ||
	    get_u32(d, node, "/vni", "pool-slots", &p->geo.pool_slots) ||
	    get_u32(d, node, "/vni", "mtu", &p->mtu) ||
	    (fdt_getprop(d->fdt, node, "queues", NULL) &&
	     get_u32(d, node, "/vni", "queues", &p->geo.nr_queues)) ||
	    get_string(d, node, "/vni", "addressing", addressing,
		       sizeof(addressing)))
		return -1;
	if (parse_prefix(addressing, &p->net, &p->prefix, buf, sizeof(buf),
			 &why))
		DBAD(d, "%s: /vni: addressing \"%s\": %s", d->src, addressing,
		     why);
	if (vni_geometry_check(&p->geo, &why))
		DBAD(d, "%s: /vni: %s", d->src, why);

	/* Optional: a descriptor of an older mintctl has no console channels. */
	node = fdt_path_offset(d->fdt, "/console");
	if (node >= 0 && decode_console(d, node, p))
		return -1;

	nodes = fdt_path_offset(d->fdt, "/nodes");
	if (nodes < 0)
		DBAD(d, "%s: missing node /nodes", d->src);
	fdt_for_each_subnode(node, d->fdt, nodes) {
		if (decode_node(d, node, p, seen))
			return -1;
		p->nr_nodes++;
	}
	if (node < 0 && node != -FDT_ERR_NOTFOUND)
		DBAD(d, "%s: /nodes: %s", d->src, fdt_strerror(node));
	for (unsigned i = 0; i < p->nr_nodes; i++) {
		if (!seen[i])
			DBAD(d, "%s: node ids must be 0-%u but node@%u is missing",
			     d->src, p->nr_nodes - 1, i);
		p->node[i].ipv4 = p->net + i + 1;
	}
	return 0;
}

/*
 * Walk the structure block with explicit bounds before libfdt does.
 * libfdt 1.6.1's fdt_next_tag() takes a property length of -12 as "the
 * next tag is right here", so fdt_check_full() spins forever (found by
 * fuzz-descriptor). Here every step moves forward and stays inside the
 * block; fdt_check_full() still runs afterwards for everything else.
 */
static const char *walk_structure(const void *fdt)
{
	const uint8_t *base = (const uint8_t *)fdt + fdt_off_dt_struct(fdt);
	uint32_t size = fdt_size_dt_struct(fdt);
	uint32_t strings = fdt_size_dt_strings(fdt);
	uint32_t pos = 0;

	while (size >= 4 && pos <= size - 4) {
		fdt32_t raw;
		uint32_t len, nameoff;
		const uint8_t *nul;

		memcpy(&raw, base + pos, 4);
		pos += 4;
		switch (fdt32_to_cpu(raw)) {
		case FDT_BEGIN_NODE:
			nul = memchr(base + pos, '\0', size - pos);
			if (!nul)
				return "node name runs past the structure block";
			pos = (uint32_t)(nul - base) + 1;
			break;
		case FDT_PROP:
			if (size - pos < 8)
				return "property header runs past the structure block";
			memcpy(&raw, base + pos, 4);
			len = fdt32_to_cpu(raw);
			memcpy(&raw, base + pos + 4, 4);
			nameoff = fdt32_to_cpu(raw);
			pos += 8;
			if (len > size - pos)
				return "property value runs past the structure block";
			if (nameoff >= strings)
				return "property name is outside the strings block";
			pos += len;
			break;
		case FDT_END_NODE:
		case FDT_NOP:
			break;
		case FDT_END:
			return NULL;
		default:
			return "unknown tag in the structure block";
		}
		pos = (pos + 3) & ~3u;
	}
	return "structure block has no FDT_END";
}

int mint_fdt_sane(const void *fdt, size_t len, const char **why)
{
	static char buf[64];
	int rc;

	if (len < sizeof(struct fdt_header) || fdt_totalsize(fdt) > len) {
		*why = "truncated";
		return 1;
	}
	rc = fdt_check_header(fdt);
	if (rc) {
		*why = fdt_strerror(rc);
		return 1;
	}
	/*
	 * We only write version 17 trees. Older layouts also crash
	 * fdt_check_full() in libfdt 1.6.1 (found by fuzz-descriptor), so
	 * refuse them before walking the structure.
	 */
	if (fdt_version(fdt) < 17) {
		snprintf(buf, sizeof(buf), "format version %u (descriptors use 17)",
			 fdt_version(fdt));
		*why = buf;
		return 1;
	}
	*why = walk_structure(fdt);
	if (*why)
		return 2;
	rc = fdt_check_full(fdt, len);
	if (rc) {
		*why = fdt_strerror(rc);
		return 2;
	}
	return 0;
}

int mint_descriptor_decode(const void *blob, size_t len, const char *src,
			   struct mint_plan *p, uint64_t *generation)
{
	struct dec d = { NULL, src };
	const char *compat, *why;
	uint32_t version, stored, computed;
	void *copy = NULL;
	int rc, clen;

	memset(p, 0, sizeof(*p));
	if (!len) {
		p_err("%s: empty file, not a layout descriptor", src);
		return MINT_ERR_USAGE;
	}
	if (len < sizeof(struct fdt_header)) {
		p_err("%s: truncated: %zu bytes is shorter than a device tree header (%zu)",
		      src, len, sizeof(struct fdt_header));
		return MINT_ERR_USAGE;
	}
	if (fdt_magic(blob) != FDT_MAGIC) {
		p_err("%s: not a layout descriptor: bad magic 0x%08x (expected 0x%08x)",
		      src, fdt_magic(blob), FDT_MAGIC);
		return MINT_ERR_USAGE;
	}
	if (fdt_totalsize(blob) > len) {
		p_err("%s: truncated: the header says %u bytes, the file has %zu",
		      src, fdt_totalsize(blob), len);
		return MINT_ERR_USAGE;
	}
	if (fdt_totalsize(blob) < len) {
		p_err("%s: %zu bytes of trailing data after the descriptor",
		      src, len - fdt_totalsize(blob));
		return MINT_ERR_USAGE;
	}
	/* libfdt wants 8-byte alignment; the copy also gets its checksum zeroed. */
	copy = malloc(len);
	if (!copy) {
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	memcpy(copy, blob, len);
	rc = mint_fdt_sane(copy, len, &why);
	if (rc) {
		p_err("%s: corrupt device tree%s: %s", src,
		      rc == 1 ? " header" : "", why);
		goto bad;
	}
	compat = fdt_getprop(copy, 0, "compatible", &clen);
	if (!compat || clen < 1 || compat[clen - 1] ||
	    strcmp(compat, MINT_DESC_COMPATIBLE)) {
		p_err("%s: not a Mint layout descriptor (root \"compatible\" is not \"%s\")",
		      src, MINT_DESC_COMPATIBLE);
		goto bad;
	}
	d.fdt = copy;
	if (get_u32(&d, 0, "/", "version", &version))
		goto bad;
	if (version != MINT_DESC_VERSION) {
		p_err("%s: unsupported descriptor version %u (this mintctl reads version %d)",
		      src, version, MINT_DESC_VERSION);
		goto bad;
	}
	if (get_u32(&d, 0, "/", "checksum", &stored))
		goto bad;
	fdt_setprop_inplace_u32(copy, 0, "checksum", 0);
	computed = mint_crc32(copy, len);
	fdt_setprop_inplace_u32(copy, 0, "checksum", stored);
	if (stored != computed) {
		p_err("%s: checksum mismatch: stored 0x%08x, computed 0x%08x (corrupt descriptor)",
		      src, stored, computed);
		goto bad;
	}
	if (decode_tree(&d, p, generation) || mint_plan_check(p, src))
		goto bad;
	free(copy);
	return MINT_OK;
bad:
	free(copy);
	return MINT_ERR_USAGE;
}
