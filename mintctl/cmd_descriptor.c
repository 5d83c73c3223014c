// SPDX-License-Identifier: GPL-2.0-only
/* mintctl descriptor: write the layout descriptor, or decode one. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "descriptor.h"
#include "fileio.h"
#include "json.h"
#include "main.h"
#include "numbers.h"
#include "plan_print.h"
#include "uarts.h"

enum { OPT_DUMP = 0x300, OPT_GENERATION };

static const struct option descriptor_opts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "dump", required_argument, NULL, OPT_DUMP },
	{ "generation", required_argument, NULL, OPT_GENERATION },
	{ NULL, 0, NULL, 0 },
};

static void descriptor_help(void)
{
	printf("Usage: mintctl descriptor -o FILE [--generation N]\n"
	       "       mintctl descriptor --dump FILE\n"
	       "\n"
	       "The layout descriptor is the plan as a flattened device tree with a\n"
	       "version, a generation id and a CRC-32 (schema: mintctl/DESCRIPTOR.md).\n"
	       "\n"
	       "  -o, --output FILE   plan, then write the descriptor to FILE\n"
	       "  --generation N      generation id to record (default: the current\n"
	       "                      time in nanoseconds, so every write is distinct)\n"
	       "  --dump FILE         check and decode FILE, print it like 'plan'\n"
	       "\n" GLOBAL_OPTIONS_HELP);
}

static int write_descriptor(const char *path, bool have_gen, uint64_t gen)
{
	struct mint_ctx ctx = { 0 };
	void *blob = NULL;
	size_t len;
	int rc;

	if (!have_gen)
		gen = mint_new_generation();
	rc = ctx_load(&ctx);
	if (!rc)
		rc = mint_check_uarts_here(ctx.cfg, opts.sysroot, -1, NULL);
	if (!rc)
		rc = mint_descriptor_encode(ctx.p, gen, &blob, &len);
	if (!rc && write_file_atomic(path, blob, len, 0644)) {
		p_err("%s: cannot write: %s", path, strerror(errno));
		rc = MINT_ERR_RUNTIME;
	}
	if (!rc && !opts.json) {
		printf("%s: layout descriptor for %u nodes, %zu bytes, generation %" PRIu64 "\n",
		       path, ctx.p->nr_nodes, len, gen);
	} else if (!rc) {
		struct json j;

		json_init(&j, stdout);
		json_begin_object(&j, NULL);
		json_string(&j, "file", path);
		json_u64(&j, "nr_nodes", ctx.p->nr_nodes);
		json_u64(&j, "bytes", len);
		json_u64(&j, "generation", gen);
		json_end_object(&j);
		rc = json_finish(&j);
	}
	free(blob);
	ctx_free(&ctx);
	return rc;
}

static int dump_descriptor(const char *path)
{
	struct mint_plan *p = malloc(sizeof(*p));
	uint64_t gen = 0;
	char *blob;
	size_t len;
	int rc;

	if (!p) {
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	if (read_whole_file(path, MINT_DESCRIPTOR_MAX, &blob, &len)) {
		p_err("%s: cannot read descriptor: %s", path, strerror(errno));
		free(p);
		return MINT_ERR_USAGE;
	}
	rc = mint_descriptor_decode(blob, len, path, p, &gen);
	if (!rc && opts.json) {
		rc = mint_plan_print_json(p, stdout, &gen);
	} else if (!rc) {
		printf("layout descriptor %s: version %d, generation %" PRIu64 ", %zu bytes, checksum ok\n\n",
		       path, MINT_DESC_VERSION, gen, len);
		mint_plan_print_text(p, stdout);
	}
	free(blob);
	free(p);
	return rc;
}

int do_descriptor(int argc, char **argv)
{
	const char *out = NULL, *dump = NULL, *why;
	bool have_gen = false;
	uint64_t gen = 0;
	int c;

	mint_set_help(descriptor_help);
	while ((c = mint_getopt(argc, argv, "o:", descriptor_opts)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case OPT_DUMP:
			dump = optarg;
			break;
		case OPT_GENERATION:
			if (parse_u64(optarg, &gen, &why)) {
				p_err("--generation %s: %s", optarg,
				      why);
				return MINT_ERR_USAGE;
			}
			have_gen = true;
			break;
		default:
			return MINT_ERR_USAGE;
		}
	}
	if (no_more_args(argc, argv))
		return MINT_ERR_USAGE;
	if (!out == !dump) {
		p_err("choose exactly one of -o FILE or --dump FILE");
		return MINT_ERR_USAGE;
	}
	if ((out && !out[0]) || (dump && !dump[0])) {
		p_err("empty file name");
		return MINT_ERR_USAGE;
	}
	if (dump && have_gen) {
		p_err("--generation only goes with -o");
		return MINT_ERR_USAGE;
	}
	return out ? write_descriptor(out, have_gen, gen) :
		     dump_descriptor(dump);
}
