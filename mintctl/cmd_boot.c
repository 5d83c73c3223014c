// SPDX-License-Identifier: GPL-2.0-only
/*
 * mintctl boot: start a secondary node. Plan, check the request against
 * the plan, node 0's reservations and the control block, build the boot
 * image (bootimage.c), then either write it to a directory (--dry-run) or
 * load it through /dev/mint, start the node's first core and wait for UP.
 * Every check runs before the first write.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bootdata.h"
#include "bootimage.h"
#include "boot_run.h"
#include "control.h"
#include "crc32.h"
#include "descriptor.h"
#include "fileio.h"
#include "json.h"
#include "main.h"
#include "node_lookup.h"
#include "numbers.h"
#include "uarts.h"

#define BOOT_KERNEL_MAX		(256u << 20)
#define BOOT_TIMEOUT_S		120

enum { OPT_CORES = 0x400, OPT_MEM, OPT_KERNEL, OPT_INITRD, OPT_CMDLINE,
       OPT_TIMEOUT, OPT_DRY_RUN };

static const struct option boot_opts[] = {
	{ "cores", required_argument, NULL, OPT_CORES },
	{ "mem", required_argument, NULL, OPT_MEM },
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "initrd", required_argument, NULL, OPT_INITRD },
	{ "cmdline", required_argument, NULL, OPT_CMDLINE },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "dry-run", required_argument, NULL, OPT_DRY_RUN },
	{ NULL, 0, NULL, 0 },
};

static void boot_help(void)
{
	printf("Usage: mintctl boot NODE [--cores LIST] [--mem SIZE[@ADDR]] [--kernel FILE]\n"
	       "                        [--initrd FILE] [--cmdline TEXT] [--timeout S]\n"
	       "                        [--dry-run DIR]\n"
	       "\n"
	       "Start a secondary node on its cores, in the memory node 0 reserved for it:\n"
	       "build its zero page, e820 table and Mint boot data, load kernel and\n"
	       "initrd through /dev/mint, start its first core and wait until it reports\n"
	       "UP. NODE is a name, nodeN or an id. --cores and --mem only confirm the\n"
	       "plan: a mismatch is an error.\n"
	       "\n"
	       "  --cores LIST       the node's cores, e.g. 2-3 (must match the config)\n"
	       "  --mem SIZE[@ADDR]  its memory (must match the plan)\n"
	       "  --kernel FILE      bzImage (default: kernel= of the node's section)\n"
	       "  --initrd FILE      initrd (default: initrd= of the node's section;\n"
	       "                     --initrd '' boots without one)\n"
	       "  --cmdline TEXT     kernel command line (default: cmdline= of the section);\n"
	       "                     its last console=ttySN is the node's UART, which must\n"
	       "                     not be node 0's or another node's\n"
	       "  --timeout S        seconds to wait for UP (default %d)\n"
	       "  --dry-run DIR      write the boot image to DIR instead: kernel.bin,\n"
	       "                     zeropage.bin, cmdline, setup_data.bin, initrd.bin,\n"
	       "                     descriptor.dtb, manifest and manifest.json\n"
	       "\n" GLOBAL_OPTIONS_HELP, BOOT_TIMEOUT_S);
}

struct boot_req {
	const char *node, *cores, *mem, *kernel, *initrd, *cmdline, *dry_run;
	uint64_t timeout;
};

/* --cores and --mem restate the plan; anything else is a mistake. */
static int check_restated(const struct boot_req *q, const struct mint_node_plan *n)
{
	char buf[128], have[128], sz[32];
	struct mint_cores cores;
	uint64_t size, addr;
	const char *why;
	int has_addr;

	if (q->cores) {
		if (cores_parse(q->cores, &cores, buf, sizeof(buf), &why)) {
			p_err("--cores %s: %s", q->cores, why);
			return MINT_ERR_USAGE;
		}
		if (memcmp(&cores, &n->cores, sizeof(cores))) {
			p_err("--cores %s does not match %s's cores %s in the config",
			      q->cores, n->name,
			      cores_format(&n->cores, have, sizeof(have)));
			return MINT_ERR_USAGE;
		}
	}
	if (q->mem) {
		if (parse_size_at(q->mem, &size, &addr, &has_addr, &why)) {
			p_err("--mem %s: %s", q->mem, why);
			return MINT_ERR_USAGE;
		}
		if (size != n->mem[0].size || (has_addr && addr != n->mem[0].base)) {
			p_err("--mem %s does not match %s's memory %s@%#" PRIx64 " in the plan",
			      q->mem, n->name,
			      format_size(n->mem[0].size, sz, sizeof(sz)),
			      n->mem[0].base);
			return MINT_ERR_USAGE;
		}
	}
	return MINT_OK;
}

/* Mapped, not read: a too large initrd is refused without reading it. */
static int map_input(const char *what, const char *path, uint64_t max,
		     void **data, size_t *len)
{
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		p_err("%s %s: %s", what, path, strerror(errno));
		return MINT_ERR_USAGE;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || !st.st_size) {
		p_err("%s %s: not a regular, non-empty file", what, path);
		close(fd);
		return MINT_ERR_USAGE;
	}
	if ((uint64_t)st.st_size > max) {
		p_err("%s %s: %jd bytes, more than the %" PRIu64 " that fit the node",
		      what, path, (intmax_t)st.st_size, max);
		close(fd);
		return MINT_ERR_USAGE;
	}
	*len = (size_t)st.st_size;
	*data = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (*data == MAP_FAILED) {
		*data = NULL;
		p_err("%s %s: cannot map: %s", what, path, strerror(errno));
		return MINT_ERR_RUNTIME;
	}
	return MINT_OK;
}

static void unmap_input(void *data, size_t len)
{
	if (data)
		munmap(data, len);
}

static int write_in(const char *dir, const char *name, const void *data,
		    size_t len)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (write_file_atomic(path, data, len, 0644)) {
		p_err("%s: cannot write: %s", path, strerror(errno));
		return MINT_ERR_RUNTIME;
	}
	return MINT_OK;
}

static int manifest_json(FILE *f, const struct boot_image *img,
			  const struct mint_node_plan *n, uint64_t gen)
{
	struct json j;

	json_init(&j, f);
	json_begin_object(&j, NULL);
	json_u64(&j, "id", n->id);
	json_string(&j, "name", n->name);
	json_u64(&j, "apic_id", n->apic_id[0]);
	json_string(&j, "mode", img->long_mode ? "64-bit" : "32-bit");
	json_u64(&j, "entry", img->entry);
	json_u64(&j, "esi", img->seg[BOOT_SEG_PARAMS].phys);
	if (img->long_mode)
		json_u64(&j, "cr3", img->cr3);
	json_u64(&j, "generation", gen);
	json_begin_array(&j, "segments");
	for (unsigned i = 0; i < img->nr_segs; i++) {
		json_begin_object(&j, NULL);
		json_string(&j, "name", img->seg[i].name);
		json_u64(&j, "start", img->seg[i].phys);
		json_u64(&j, "size", img->seg[i].size);
		json_string(&j, "file", img->seg[i].file);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_end_object(&j);
	return json_finish(&j);
}

static void manifest_text(FILE *f, const struct boot_image *img,
			  const struct mint_node_plan *n, uint64_t gen)
{
	fprintf(f, "node %u %s\napic_id %u\nmode %s\nentry %#" PRIx64 "\nesi %#" PRIx64
		   "\n", n->id, n->name, n->apic_id[0],
		img->long_mode ? "64-bit" : "32-bit", img->entry,
		img->seg[BOOT_SEG_PARAMS].phys);
	if (img->long_mode)
		fprintf(f, "cr3 %#" PRIx64 "\n", img->cr3);
	fprintf(f, "generation %" PRIu64 "\n", gen);
	for (unsigned i = 0; i < img->nr_segs; i++)
		fprintf(f, "segment %-11s %#010" PRIx64 " %#010" PRIx64 " %s\n",
			img->seg[i].name, img->seg[i].phys, img->seg[i].size,
			img->seg[i].file);
}

/* Every file of a --dry-run directory, for clean-up. */
static const char *const dry_run_files[] = {
	"kernel.bin", "zeropage.bin", "cmdline", "setup_data.bin",
	"initrd.bin", "pagetable.bin", "descriptor.dtb", "manifest.json",
	"manifest",
};

static void remove_dry_run(const char *dir)
{
	char path[4096];

	for (size_t i = 0; i < sizeof(dry_run_files) / sizeof(dry_run_files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, dry_run_files[i]);
		unlink(path);
	}
}

/*
 * All files or none: a failure removes what was written, and files of an
 * earlier image (an initrd this one lacks) never stay behind.
 */
static int write_dry_run(const char *dir, const struct boot_image *img,
			 const struct mint_node_plan *n, uint64_t gen,
			 const void *desc, size_t desc_len)
{
	char *text = NULL, *json = NULL;
	size_t tlen = 0, jlen = 0;
	FILE *f;
	int rc = MINT_OK;

	if (mkdir(dir, 0755) && errno != EEXIST) {
		p_err("--dry-run %s: %s", dir, strerror(errno));
		return MINT_ERR_RUNTIME;
	}
	f = open_memstream(&text, &tlen);
	if (f) {
		manifest_text(f, img, n, gen);
		fclose(f);
	}
	f = open_memstream(&json, &jlen);
	if (f) {
		rc = manifest_json(f, img, n, gen);
		fclose(f);
	}
	if (!rc && (!text || !json)) {
		p_err("out of memory");
		rc = MINT_ERR_RUNTIME;
	}
	remove_dry_run(dir);
	for (unsigned i = 0; !rc && i < img->nr_segs; i++)
		rc = write_in(dir, img->seg[i].file, img->seg[i].data,
			      img->seg[i].size);
	if (!rc)
		rc = write_in(dir, "descriptor.dtb", desc, desc_len);
	if (!rc)
		rc = write_in(dir, "manifest.json", json, jlen);
	if (!rc)
		rc = write_in(dir, "manifest", text, tlen);
	if (rc)
		remove_dry_run(dir);
	else if (!opts.json)
		printf("dry run: boot image of %s (node %u) in %s, start APIC ID %u at %#" PRIx64 " with ESI %#" PRIx64 "\n%s",
		       n->name, n->id, dir, n->apic_id[0], img->entry,
		       img->seg[BOOT_SEG_PARAMS].phys, text);
	else
		fputs(json, stdout);
	free(text);
	free(json);
	return rc;
}

struct boot_inputs {
	void *kernel, *initrd;
	size_t kernel_len, initrd_len;
	struct bzimage bz;
	const char *cmdline;
};

static int load_inputs(const struct boot_req *q, const struct mint_config *cfg,
		       const struct mint_node_plan *n, struct boot_inputs *in)
{
	const struct mint_node_cfg *nc = &cfg->node[n->id];
	const char *kernel = q->kernel ? q->kernel : nc->kernel;
	const char *initrd = q->initrd ? q->initrd : nc->initrd;
	const char *why;
	int rc;

	in->cmdline = q->cmdline ? q->cmdline : nc->cmdline;
	/* Every node's UARTs, with --cmdline in place of this node's. */
	rc = mint_check_uarts_here(cfg, opts.sysroot,
				   q->cmdline ? (int)n->id : -1, q->cmdline);
	if (rc)
		return rc;
	if (!kernel[0]) {
		p_err("no kernel for %s: give --kernel or set kernel= in [%s]",
		      nc->section, nc->section);
		return MINT_ERR_USAGE;
	}
	rc = map_input("kernel", kernel, BOOT_KERNEL_MAX, &in->kernel,
		       &in->kernel_len);
	if (rc)
		return rc;
	if (bzimage_parse(in->kernel, in->kernel_len, &in->bz, &why)) {
		p_err("kernel %s: %s", kernel, why);
		return MINT_ERR_USAGE;
	}
	if (initrd[0])
		rc = map_input("initrd", initrd, n->mem[0].size, &in->initrd,
			       &in->initrd_len);
	return rc;
}

static int build(const struct mint_plan *p, unsigned id,
		 const struct boot_inputs *in, const struct mint_rates *rates,
		 uint64_t gen, struct boot_image *img, void **desc,
		 size_t *desc_len)
{
	const struct mint_node_plan *n = &p->node[id];
	struct boot_image_in bi;
	size_t payload_len;
	void *payload;
	char why[256];
	int rc;

	rc = mint_descriptor_encode(p, gen, desc, desc_len);
	if (rc)
		return rc;
	rc = mint_boot_data_build(p, id, rates, mint_console_port(in->cmdline),
				  *desc, *desc_len, &payload, &payload_len);
	if (rc)
		return rc;
	bi = (struct boot_image_in){
		.bz = &in->bz, .mem = n->mem[0], .low = n->low,
		.shared = p->shared, .cmdline = in->cmdline,
		.initrd = in->initrd, .initrd_size = in->initrd_len,
		.setup_data_type = mint_boot_data_type(),
		.setup_payload = payload, .setup_payload_len = payload_len,
	};
	if (boot_image_build(&bi, img, why, sizeof(why))) {
		p_err("%s: %s", n->name, why);
		rc = MINT_ERR_USAGE;
	}
	free(payload);
	return rc;
}

/* 1: pending, 0: settled, or no list to tell (nothing to wait for). */
static int refine_pending(const char *path)
{
	char *text;
	size_t len;
	int pending;

	if (read_whole_file(path, 4096, &text, &len))
		return 0;
	pending = mint_tsc_refine_pending(text);
	free(text);
	return pending;
}

/*
 * If node 0's kernel below sysroot may still refine tsc_khz, say so on
 * stderr and poll until it is done, for at most max_s seconds; then warn
 * and go on with the rate as it is (a few ppm off at worst). No wait
 * without the clocksource list (not Linux's sysfs, an old recording).
 */
static void tsc_wait_refined(const char *sysroot, double max_s)
{
	const struct timespec poll = { .tv_nsec = 50 * 1000 * 1000 };
	double start, waited;
	char full[512];

	sysroot_path(full, sizeof(full), sysroot, MINT_CLOCKSOURCES_PATH);
	if (!refine_pending(full))
		return;
	p_info("waiting up to %.0f s for node 0's kernel to refine its TSC rate",
	       max_s);
	start = mint_now();
	do {
		nanosleep(&poll, NULL);
		waited = mint_now() - start;
		if (!refine_pending(full)) {
			p_info("node 0's TSC rate refined after %.1f s", waited);
			return;
		}
	} while (waited < max_s);
	p_warn("node 0's TSC rate is still the early calibration after %.0f s (%s lists tsc-early); going on with it, it may be a few ppm off",
	       max_s, full);
}

static int boot(const struct boot_req *q)
{
	struct mint_ctx ctx = { 0 };
	struct boot_inputs in = { 0 };
	struct boot_image img = { 0 };
	struct mint_rates rates;
	struct boot_run *run = NULL;
	void *desc = NULL;
	size_t desc_len = 0;
	uint64_t gen;
	unsigned id;
	int rc;

	rc = ctx_load(&ctx);
	if (!rc)
		rc = node_find_secondary(ctx.p, q->node, &id);
	if (!rc)
		rc = check_restated(q, &ctx.p->node[id]);
	if (!rc)
		rc = load_inputs(q, ctx.cfg, &ctx.p->node[id], &in);
	if (!rc)
		rc = node_memory_reserved(ctx.p, id, opts.sysroot);
	if (!rc) {
		/* Node 0 booted a moment ago: its TSC rate may be about to change. */
		tsc_wait_refined(opts.sysroot, MINT_TSC_REFINE_WAIT_S);
		rc = mint_rates_read(opts.sysroot, &rates);
	}
	gen = mint_new_generation();
	/* On node 0: the launcher and the control block may refuse, or fix the generation. */
	if (!rc && !q->dry_run)
		rc = boot_run_prepare(ctx.p, id, &run, &gen);
	if (!rc)
		rc = build(ctx.p, id, &in, &rates, gen, &img, &desc, &desc_len);
	if (!rc && q->dry_run)
		rc = write_dry_run(q->dry_run, &img, &ctx.p->node[id], gen, desc,
				   desc_len);
	else if (!rc)
		rc = boot_run_start(run, &img, mint_crc32(desc, desc_len), gen,
				    (double)q->timeout);
	boot_run_free(run);
	boot_image_free(&img);
	free(desc);
	unmap_input(in.kernel, in.kernel_len);
	unmap_input(in.initrd, in.initrd_len);
	ctx_free(&ctx);
	return rc;
}

int do_boot(int argc, char **argv)
{
	struct boot_req q = { .timeout = BOOT_TIMEOUT_S };
	int c;

	mint_set_help(boot_help);
	while ((c = mint_getopt(argc, argv, "", boot_opts)) != -1) {
		switch (c) {
		case OPT_CORES:
			q.cores = optarg;
			break;
		case OPT_MEM:
			q.mem = optarg;
			break;
		case OPT_KERNEL:
			q.kernel = optarg;
			break;
		case OPT_INITRD:
			q.initrd = optarg;
			break;
		case OPT_CMDLINE:
			q.cmdline = optarg;
			break;
		case OPT_TIMEOUT:
			if (parse_timeout(optarg, &q.timeout))
				return MINT_ERR_USAGE;
			break;
		case OPT_DRY_RUN:
			if (!optarg[0]) {
				p_err("--dry-run needs a directory");
				return MINT_ERR_USAGE;
			}
			q.dry_run = optarg;
			break;
		default:
			return MINT_ERR_USAGE;
		}
	}
	if (optind >= argc) {
		p_err("which node? (mintctl boot NODE)");
		return MINT_ERR_USAGE;
	}
	q.node = argv[optind++];
	if (no_more_args(argc, argv))
		return MINT_ERR_USAGE;
	return boot(&q);
}
