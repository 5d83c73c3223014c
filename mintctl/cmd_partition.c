// SPDX-License-Identifier: GPL-2.0-only
/*
 * mintctl partition: give node 0 the kernel parameters that keep it off
 * the other nodes' cores and memory. Three ways: print them, write a GRUB
 * drop-in, or re-execute the running kernel with kexec-tools.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "fileio.h"
#include "json.h"
#include "kparams.h"
#include "live_update.h"
#include "lockdown.h"
#include "spawn.h"
#include "uarts.h"
#include "main.h"

enum { OPT_PRINT = 0x200, OPT_GRUB, OPT_KEXEC, OPT_DRY_RUN, OPT_KERNEL,
       OPT_INITRD };

static const struct option partition_opts[] = {
	{ "print", no_argument, NULL, OPT_PRINT },
	{ "grub", required_argument, NULL, OPT_GRUB },
	{ "kexec", no_argument, NULL, OPT_KEXEC },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "initrd", required_argument, NULL, OPT_INITRD },
	{ NULL, 0, NULL, 0 },
};

static void partition_help(void)
{
	printf("Usage: mintctl partition --print\n"
	       "       mintctl partition --grub FILE\n"
	       "       mintctl partition --kexec [--dry-run] [--kernel FILE] [--initrd FILE]\n"
	       "\n"
	       "Node 0 needs maxcpus=N, no_ipi_broadcast=1 and memmap=SIZE$ADDR for\n"
	       "every secondary's memory and low window and for the shared region;\n"
	       "reservations that touch share one memmap=. Node 0's KASLR avoids at\n"
	       "most 4 of them: beyond that they form one memmap= list, with a warning.\n"
	       "reserve=PORT,8 keeps node 0's serial driver off secondaries' UARTs.\n"
	       "Only node 0 is partitioned: on a secondary (/sys/firmware/mint) it exits 1.\n"
	       "\n"
	       "  --print          print the parameters\n"
	       "  --grub FILE      write a GRUB drop-in (e.g. /etc/default/grub.d/mint.cfg)\n"
	       "                   that appends them to GRUB_CMDLINE_LINUX_DEFAULT\n"
	       "  --kexec          re-execute node 0 with kexec-tools: the current\n"
	       "                   /proc/cmdline without earlier Mint parameters, plus the new;\n"
	       "                   the new kernel is loaded into node 0's own RAM (kexec -l -c:\n"
	       "                   the kexec_load syscall); refused on a locked-down kernel.\n"
	       "                   Running secondaries keep running (it says which); refused\n"
	       "                   while one is BOOTING or runs a layout the config no\n"
	       "                   longer describes\n"
	       "  --dry-run        with --kexec: print the kexec command lines, run nothing\n"
	       "  --kernel FILE    with --kexec: kernel image (default: [node0] kernel,\n"
	       "                   else /boot/vmlinuz-RELEASE)\n"
	       "  --initrd FILE    with --kexec: initrd (default: [node0] initrd, else\n"
	       "                   /boot/initrd.img-RELEASE if it exists)\n"
	       "\n" GLOBAL_OPTIONS_HELP);
}

static int write_grub(const char *path, const char *params,
		      const struct mint_config *cfg)
{
	char escaped[3 * MINT_PARAMS_MAX];
	char *text;
	size_t len;
	int n;

	if (grub_escape(params, escaped, sizeof(escaped))) {
		p_err("parameters too long");
		return MINT_ERR_USAGE;
	}
	len = strlen(escaped) + strlen(params) + strlen(cfg->file) + 512;
	text = malloc(len);
	if (!text) {
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	n = snprintf(text, len,
		     "# Written by 'mintctl partition --grub' from %s; do not edit.\n"
		     "# Node 0 of the Mint partition boots with: %s\n"
		     "# '$' is written \\\\\\$ so that grub.cfg gets \\$ (see memmap= in\n"
		     "# Documentation/admin-guide/kernel-parameters.txt).\n"
		     "GRUB_CMDLINE_LINUX_DEFAULT=\"$GRUB_CMDLINE_LINUX_DEFAULT %s\"\n",
		     cfg->file, params, escaped);
	if (write_file_atomic(path, text, (size_t)n, 0644)) {
		p_err("%s: cannot write: %s", path, strerror(errno));
		free(text);
		return MINT_ERR_RUNTIME;
	}
	free(text);
	if (!opts.json)
		return MINT_OK;
	{
		struct json j;

		json_init(&j, stdout);
		json_begin_object(&j, NULL);
		json_string(&j, "kernel_params", params);
		json_string(&j, "grub_file", path);
		json_end_object(&j);
		return json_finish(&j);
	}
}

static void kernel_release(char *buf, size_t len)
{
	struct utsname u;
	char path[4200];
	size_t n;
	char *text;

	if (opts.sysroot) {
		sysroot_path(path, sizeof(path), opts.sysroot,
			     "/proc/sys/kernel/osrelease");
		if (!read_whole_file(path, 256, &text, &n)) {
			text[strcspn(text, "\n")] = '\0';
			snprintf(buf, len, "%s", text);
			free(text);
			return;
		}
	}
	if (uname(&u))
		snprintf(buf, len, "unknown");
	else
		snprintf(buf, len, "%s", u.release);
}

static int run(char *const argv[])
{
	int status = spawn_run(argv, NULL, 0);

	if (status < 0)
		return MINT_ERR_RUNTIME;
	if (status) {
		p_err("'%s %s' failed (status %d)", argv[0], argv[1],
		      status);
		return MINT_ERR_RUNTIME;
	}
	return MINT_OK;
}

struct kexec_job {
	const char *kernel, *initrd;
	bool dry_run;
};

/*
 * kexec-tools places the new kernel anywhere the running kernel calls RAM,
 * and an unpartitioned node 0 still calls the reservations RAM. Keep every
 * segment inside the largest range node 0 keeps above the first MiB.
 */
static const struct mint_range *kexec_window(const struct mint_plan *p)
{
	const struct mint_node_plan *n0 = &p->node[0];
	const struct mint_range *best = NULL;

	for (unsigned i = 0; i < n0->nr_mem; i++) {
		const struct mint_range *r = &n0->mem[i];

		if (r->base < MINT_FIRST_MB)
			continue;
		if (!best || r->size > best->size)
			best = r;
	}
	return best;
}

static void json_argv(struct json *j, char *const argv[])
{
	json_begin_array(j, NULL);
	for (unsigned i = 0; argv[i]; i++)
		json_string(j, NULL, argv[i]);
	json_end_array(j);
}

/* The --json form of the kexec lines, with what they were made from. */
static int print_kexec_json(const struct kexec_job *job, const char *params,
			    const char *cmdline, const char *kernel,
			    const char *initrd, const struct mint_range *win,
			    unsigned running, char *const load[],
			    char *const exec[])
{
	struct json j;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_string(&j, "kernel_params", params);
	json_string(&j, "cmdline", cmdline);
	json_string(&j, "kernel", kernel);
	if (initrd[0])
		json_string(&j, "initrd", initrd);
	else
		json_null(&j, "initrd");
	json_range(&j, "load_window", win->base, win->size);
	json_u64(&j, "running_nodes", running);
	json_bool(&j, "dry_run", job->dry_run);
	json_begin_array(&j, "commands");
	json_argv(&j, load);
	json_argv(&j, exec);
	json_end_array(&j);
	json_end_object(&j);
	return json_finish(&j);
}

/*
 * Re-execute node 0 with params: print the kexec lines, then (unless a dry
 * run) load its kernel below the reservations and execute it.
 */
static int reexec_node0(const struct kexec_job *job, const char *params,
			const struct mint_config *cfg,
			const struct mint_plan *p)
{
	const struct mint_range *win = kexec_window(p);
	const char *lockdown = mint_lockdown_mode(opts.sysroot);
	char mem_min[40], mem_max[40];
	static char old[MINT_CMDLINE_MAX * 2], kept[MINT_CMDLINE_MAX * 2];
	static char cmdline[sizeof(kept) + MINT_PARAMS_MAX + 2];
	static char append[sizeof(cmdline) + 16], quoted[4 * sizeof(append) + 4];
	char release[128], kernel[MINT_PATH_MAX + 64], initrd[MINT_PATH_MAX + 64];
	char initrd_arg[MINT_PATH_MAX + 80];
	char qkernel[3 * MINT_PATH_MAX], qinitrd[3 * MINT_PATH_MAX + 80];
	char path[4200];
	unsigned running;
	char *text;
	size_t len;
	int rc;
	char *load[] = { "kexec", "-l", "-c", mem_min, mem_max, kernel,
			 initrd_arg, append, NULL };
	char *exec[] = { "kexec", "-e", NULL };

	sysroot_path(path, sizeof(path), opts.sysroot, "/proc/cmdline");
	if (read_whole_file(path, sizeof(old) - 1, &text, &len)) {
		p_err("%s: %s", path, strerror(errno));
		return MINT_ERR_RUNTIME;
	}
	snprintf(old, sizeof(old), "%s", text);
	free(text);
	old[strcspn(old, "\n")] = '\0';
	if (kparams_strip(old, kept, sizeof(kept))) {
		p_err("%s: command line too long", path);
		return MINT_ERR_RUNTIME;
	}
	snprintf(cmdline, sizeof(cmdline), "%s%s%s", kept, kept[0] ? " " : "",
		 params);
	if (strlen(cmdline) >= MINT_CMDLINE_MAX) {
		p_err("node 0's new command line would be %zu bytes (the limit is %d)",
		      strlen(cmdline), MINT_CMDLINE_MAX - 1);
		return MINT_ERR_USAGE;
	}

	kernel_release(release, sizeof(release));
	if (job->kernel)
		snprintf(kernel, sizeof(kernel), "%s", job->kernel);
	else if (cfg->node[0].kernel_s.set)
		snprintf(kernel, sizeof(kernel), "%s", cfg->node[0].kernel);
	else
		snprintf(kernel, sizeof(kernel), "/boot/vmlinuz-%s", release);
	if (job->initrd)
		snprintf(initrd, sizeof(initrd), "%s", job->initrd);
	else if (cfg->node[0].initrd_s.set)
		snprintf(initrd, sizeof(initrd), "%s", cfg->node[0].initrd);
	else {
		snprintf(initrd, sizeof(initrd), "/boot/initrd.img-%s", release);
		if (access(initrd, R_OK))
			initrd[0] = '\0';	/* optional when defaulted */
	}
	if (access(kernel, R_OK)) {
		p_err("kernel image %s: %s (choose one with --kernel)",
		      kernel, strerror(errno));
		return MINT_ERR_USAGE;
	}
	if (initrd[0] && access(initrd, R_OK)) {
		p_err("initrd %s: %s", initrd, strerror(errno));
		return MINT_ERR_USAGE;
	}

	if (!win) {
		p_err("node 0 keeps no RAM above 1 MiB for the new kernel");
		return MINT_ERR_USAGE;
	}
	if (lockdown) {
		p_err("the kernel is locked down (%s, %s): it refuses kexec_load, and kexec_file_load ignores --mem-min/--mem-max, so node 0's new kernel could land in the reservations; use --grub and reboot",
		      lockdown, MINT_LOCKDOWN_PATH);
		return MINT_ERR_RUNTIME;
	}
	rc = live_update_check(p, &running);
	if (rc)
		return rc;
	snprintf(mem_min, sizeof(mem_min), "--mem-min=0x%" PRIx64, win->base);
	snprintf(mem_max, sizeof(mem_max), "--mem-max=0x%" PRIx64,
		 range_end(win) - 1);
	snprintf(append, sizeof(append), "--append=%s", cmdline);
	snprintf(initrd_arg, sizeof(initrd_arg), "--initrd=%s", initrd);
	/* Quote values only, so the lines read like a person would type them. */
	if (shell_quote(kernel, qkernel, sizeof(qkernel)) ||
	    shell_quote(initrd, qinitrd, sizeof(qinitrd)) ||
	    shell_quote(cmdline, quoted, sizeof(quoted))) {
		p_err("command line too long");
		return MINT_ERR_USAGE;
	}
	/*
	 * -c: the kexec_load syscall. kexec-tools 2.0.27 and later try
	 * kexec_file_load first, where the kernel places the new kernel and
	 * --mem-min/--mem-max are ignored: it could land in the reservations.
	 */
	if (!initrd[0]) {
		load[6] = append;
		load[7] = NULL;
	}
	if (opts.json) {
		rc = print_kexec_json(job, params, cmdline, kernel, initrd, win,
				      running, load, exec);
		if (rc)
			return rc;
	} else {
		printf("kexec -l -c %s %s %s%s%s --append=%s\n", mem_min, mem_max,
		       qkernel, initrd[0] ? " --initrd=" : "",
		       initrd[0] ? qinitrd : "", quoted);
		printf("kexec -e\n");
	}
	if (running)
		p_info("once node 0 is back, 'mintctl net up' attaches VNI to the area as it is, and the running nodes' links come back");
	if (job->dry_run)
		return MINT_OK;
	/* What follows must not be lost if kexec -e does its job. */
	fflush(stdout);
	rc = run(load);
	if (rc)
		return rc;
	sync();
	rc = run(exec);
	if (rc)
		return rc;
	p_err("kexec -e returned without rebooting");
	return MINT_ERR_RUNTIME;
}

/*
 * Only node 0, which the firmware booted, is partitioned. On a secondary
 * the machine it sees is its own share, and a kexec there would start a
 * kernel without Mint boot data (its kernel refuses that too).
 */
static int print_params_json(const char *params)
{
	struct json j;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_string(&j, "kernel_params", params);
	json_end_object(&j);
	return json_finish(&j);
}

static int refuse_on_secondary(void)
{
	char path[4200];

	sysroot_path(path, sizeof(path), opts.sysroot, MINT_SECONDARY_SYSFS);
	if (access(path, F_OK))
		return MINT_OK;
	p_err("this is a Mint secondary node (%s exists); partition node 0 from node 0",
	      path);
	return MINT_ERR_RUNTIME;
}

int do_partition(int argc, char **argv)
{
	struct mint_ctx ctx = { 0 };
	struct kexec_job job = { 0 };
	char params[MINT_PARAMS_MAX];
	const char *grub = NULL;
	int modes = 0, mode = 0, rc, c;

	mint_set_help(partition_help);
	while ((c = mint_getopt(argc, argv, "", partition_opts)) != -1) {
		switch (c) {
		case OPT_PRINT:
		case OPT_KEXEC:
			modes++;
			mode = c;
			break;
		case OPT_GRUB:
			modes++;
			mode = c;
			grub = optarg;
			break;
		case OPT_DRY_RUN:
			job.dry_run = true;
			break;
		case OPT_KERNEL:
			job.kernel = optarg;
			break;
		case OPT_INITRD:
			job.initrd = optarg;
			break;
		default:
			return MINT_ERR_USAGE;
		}
	}
	if (no_more_args(argc, argv))
		return MINT_ERR_USAGE;
	if (modes != 1) {
		p_err("choose exactly one of --print, --grub FILE or --kexec");
		return MINT_ERR_USAGE;
	}
	if (mode != OPT_KEXEC && (job.dry_run || job.kernel || job.initrd)) {
		p_err("--dry-run, --kernel and --initrd only go with --kexec");
		return MINT_ERR_USAGE;
	}
	if (grub && !grub[0]) {
		p_err("--grub needs a file name");
		return MINT_ERR_USAGE;
	}

	rc = refuse_on_secondary();
	if (rc)
		return rc;
	rc = ctx_load(&ctx);
	if (!rc)
		rc = mint_check_uarts_here(ctx.cfg, opts.sysroot, -1, NULL);
	if (!rc)
		mint_plan_warn(ctx.cfg, ctx.m, ctx.p);
	if (!rc && mint_plan_kparams(ctx.p, params, sizeof(params))) {
		p_err("too many parameters");
		rc = MINT_ERR_USAGE;
	}
	if (!rc) {
		if (mode == OPT_PRINT) {
			if (opts.json)
				rc = print_params_json(params);
			else
				printf("%s\n", params);
		} else if (mode == OPT_GRUB) {
			rc = write_grub(grub, params, ctx.cfg);
		} else {
			rc = reexec_node0(&job, params, ctx.cfg, ctx.p);
		}
	}
	ctx_free(&ctx);
	return rc;
}
