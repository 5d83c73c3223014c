// SPDX-License-Identifier: GPL-2.0-only
/* Node names and node 0's reservations, for the commands on one node. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "errors.h"
#include "fileio.h"
#include "machine.h"
#include "node_lookup.h"
#include "numbers.h"

/*
 * NODE is a node's name, its section name ("node1") or its id ("1").
 * MINT_OK with *id set, or MINT_ERR_USAGE after a message.
 */
static int node_find(const struct mint_plan *p, const char *arg,
		     unsigned *id)
{
	char section[16];
	uint64_t v;
	const char *why;

	for (unsigned i = 0; i < p->nr_nodes; i++) {
		snprintf(section, sizeof(section), "node%u", i);
		if (!strcmp(arg, p->node[i].name) || !strcmp(arg, section)) {
			*id = i;
			return MINT_OK;
		}
	}
	if (!parse_u64(arg, &v, &why) && v < p->nr_nodes) {
		*id = (unsigned)v;
		return MINT_OK;
	}
	p_err("no node '%s' in the plan (nodes are 0..%u, by id, name or nodeN)",
	      arg, p->nr_nodes - 1);
	return MINT_ERR_USAGE;
}

int node_find_secondary(const struct mint_plan *p, const char *arg,
			unsigned *id)
{
	int rc = node_find(p, arg, id);

	if (!rc && *id == 0) {
		p_err("%s is node 0, the node running mintctl; '%s' works on secondaries only (1..%u)",
		      p->node[0].name, mint_msg_command_name(),
		      p->nr_nodes - 1);
		return MINT_ERR_USAGE;
	}
	return rc;
}

/*
 * The top-level "Reserved" ranges of /proc/iomem into res, and node 0's own
 * kernel image ("Kernel code", "Kernel data" ... nested in System RAM) into
 * kernel.
 */
static int read_reserved(const char *path, struct mint_rangeset *res,
			 struct mint_rangeset *kernel)
{
	char *text, *save = NULL, *line;
	size_t len;

	if (read_whole_file(path, MINT_CONFIG_FILE_MAX, &text, &len)) {
		p_err("%s: cannot read: %s", path, strerror(errno));
		return MINT_ERR_RUNTIME;
	}
	memset(res, 0, sizeof(*res));
	memset(kernel, 0, sizeof(*kernel));
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct iomem_entry e;

		if (iomem_parse_line(line, &e))
			continue;
		if (!strncmp(e.name, "Kernel ", 7)) {
			/* Too many pieces only weakens the message below. */
			rangeset_add(kernel, e.start, e.end - e.start + 1);
			continue;
		}
		/* Top level only: nested entries are parts of their parent. */
		if (e.nested || strcasecmp(e.name, "Reserved"))
			continue;
		if (rangeset_add(res, e.start, e.end - e.start + 1)) {
			free(text);
			p_err("%s: too many Reserved ranges", path);
			return MINT_ERR_RUNTIME;
		}
	}
	free(text);
	return MINT_OK;
}

int node_memory_reserved(const struct mint_plan *p, unsigned id,
			 const char *sysroot)
{
	const struct mint_node_plan *n = &p->node[id];
	const struct {
		const char *what;
		const struct mint_range *r;
	} need[] = {
		{ "memory", &n->mem[0] },
		{ "low window", &n->low },
		{ "shared region", &p->shared },
	};
	struct mint_rangeset *res = malloc(sizeof(*res));
	struct mint_rangeset *kernel = malloc(sizeof(*kernel));
	char path[512], sz[32];
	int rc;

	if (!res || !kernel) {
		free(res);
		free(kernel);
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	sysroot_path(path, sizeof(path), sysroot, "/proc/iomem");
	rc = read_reserved(path, res, kernel);
	for (unsigned i = 0; !rc && i < sizeof(need) / sizeof(need[0]); i++) {
		const struct mint_range *r = need[i].r;
		const struct mint_range *k;

		if (!r->size || rangeset_contains(res, r->base, r->size))
			continue;
		k = rangeset_overlap(kernel, r->base, r->size);
		if (k) {
			p_err("%s: node 0's own kernel (%#" PRIx64 "-%#" PRIx64 ") lies in the %s of %s: it was loaded into the reservation, as kexec_file_load (kexec -s) does, which ignores --mem-min/--mem-max; re-execute node 0 with 'mintctl partition --kexec' (kexec -l -c)",
			      path, k->base, range_end(k) - 1, need[i].what,
			      n->name);
			rc = MINT_ERR_USAGE;
			continue;
		}
		p_err("%s: %s %#" PRIx64 "-%#" PRIx64 " (%s) of %s is not reserved by node 0: boot node 0 with the parameters of 'mintctl partition --print' (memmap=%s$%#" PRIx64 ")",
		      path, need[i].what, r->base, range_end(r) - 1,
		      format_size(r->size, sz, sizeof(sz)), n->name, sz,
		      r->base);
		rc = MINT_ERR_USAGE;
	}
	free(res);
	free(kernel);
	return rc;
}
