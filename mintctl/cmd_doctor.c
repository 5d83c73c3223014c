// SPDX-License-Identifier: GPL-2.0-only
/*
 * mintctl doctor: check, on node 0, what Mint needs from this machine and
 * say what to fix, one line per finding. With --sysroot it reads a
 * recorded machine's /proc and /sys instead. Exit 0 only if nothing
 * blocks booting a node, 1 if something does, 2 for a usage or
 * configuration error (the other checks still run).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doctor.h"
#include "fileio.h"
#include "json.h"
#include "launcher.h"
#include "uarts.h"

static const struct option doctor_opts[] = {
	{ NULL, 0, NULL, 0 },
};

static void doctor_help(void)
{
	printf("Usage: mintctl doctor [--json]\n"
	       "\n"
	       "Check what Mint needs on node 0 and say what to fix, one line per\n"
	       "finding (ok, unknown, warn or FAIL): the plan of the config; a kernel\n"
	       "with the Mint patches and the launcher (/dev/mint); node 0 booted with\n"
	       "the plan's parameters and its reservations in /proc/iomem; the other\n"
	       "nodes' CPUs offline and held; the APIC mode and interrupt remapping;\n"
	       "lockdown and Secure Boot; SMT threads and NUMA placement; kexec-tools;\n"
	       "NetworkManager or systemd-networkd that would configure vni0.\n"
	       "With --sysroot DIR it reads a recorded machine's files and opens no\n"
	       "launcher unless MINT_DEV names one.\n"
	       "Exit 0: nothing blocks booting a node; 1: a FAIL; 2: usage or\n"
	       "configuration error.\n"
	       "\n" GLOBAL_OPTIONS_HELP);
}

static const char *const level_text[] = { "ok", "unknown", "warn", "FAIL" };
static const char *const level_json[] = { "ok", "unknown", "warn", "fail" };

void doctor_add(struct doctor *d, enum doctor_level level, const char *check,
		const char *fix, const char *fmt, ...)
{
	struct doctor_finding *f;
	va_list ap;

	if (d->nr == DOCTOR_MAX_FINDINGS)
		return;
	f = &d->f[d->nr];
	f->level = level;
	f->check = check;
	va_start(ap, fmt);
	vsnprintf(f->text, sizeof(f->text), fmt, ap);
	va_end(ap);
	snprintf(f->fix, sizeof(f->fix), "%s", fix ? fix : "");
	/* Once is enough: a file every node's check reads may be missing. */
	for (unsigned i = 0; i < d->nr; i++)
		if (!strcmp(d->f[i].check, check) && !strcmp(d->f[i].text, f->text))
			return;
	d->nr++;
}

static void on_message(bool error, const char *msg, void *arg)
{
	struct doctor *d = arg;

	d->cap_count++;
	doctor_add(d, error ? d->cap_level : DOCTOR_WARN, d->cap_check,
		   error ? d->cap_fix : NULL, "%s", msg);
}

void doctor_capture(struct doctor *d, const char *check,
		    enum doctor_level level, const char *fix)
{
	d->cap_check = check;
	d->cap_level = level;
	d->cap_fix = fix;
	d->cap_count = 0;
	mint_msg_capture(on_message, d);
}

unsigned doctor_capture_end(struct doctor *d)
{
	mint_msg_capture(NULL, NULL);
	return d->cap_count;
}

int doctor_read(const struct doctor *d, const char *path, char **text)
{
	char full[4200];
	size_t len;

	sysroot_path(full, sizeof(full), d->sysroot, path);
	return read_whole_file(full, MINT_CONFIG_FILE_MAX, text, &len);
}

bool doctor_exists(const struct doctor *d, const char *path)
{
	char full[4200];

	sysroot_path(full, sizeof(full), d->sysroot, path);
	return !access(full, F_OK);
}

/* The config, the machine and the plan; MINT_ERR_USAGE for a bad config. */
static int check_plan(struct doctor *d)
{
	int rc;

	doctor_capture(d, "plan", DOCTOR_FAIL,
		       "write the config from the examples' hardware-template.conf and what 'mintctl machine' shows");
	rc = ctx_load(&d->ctx);
	if (!rc)
		rc = mint_check_uarts_here(d->ctx.cfg, d->sysroot, -1, NULL);
	doctor_capture_end(d);
	if (rc)
		return rc;
	d->have_plan = true;
	doctor_add(d, DOCTOR_OK, "plan", NULL, "%s: %u nodes, the plan can boot",
		   d->ctx.cfg->file, d->ctx.p->nr_nodes);
	return MINT_OK;
}

static void print_text(const struct doctor *d, unsigned nr[4])
{
	for (unsigned i = 0; i < d->nr; i++) {
		const struct doctor_finding *f = &d->f[i];

		printf("%-7s %s: %s%s%s\n", level_text[f->level], f->check,
		       f->text, f->fix[0] ? "; fix: " : "", f->fix);
	}
	if (nr[DOCTOR_FAIL])
		printf("doctor: %u finding%s block%s booting a node (%u warning%s)\n",
		       nr[DOCTOR_FAIL], nr[DOCTOR_FAIL] == 1 ? "" : "s",
		       nr[DOCTOR_FAIL] == 1 ? "s" : "", nr[DOCTOR_WARN],
		       nr[DOCTOR_WARN] == 1 ? "" : "s");
	else
		printf("doctor: nothing blocks booting a node (%u warning%s, %u unknown)\n",
		       nr[DOCTOR_WARN], nr[DOCTOR_WARN] == 1 ? "" : "s",
		       nr[DOCTOR_UNKNOWN]);
}

static int print_json(const struct doctor *d, unsigned nr[4])
{
	struct json j;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_begin_array(&j, "findings");
	for (unsigned i = 0; i < d->nr; i++) {
		const struct doctor_finding *f = &d->f[i];

		json_begin_object(&j, NULL);
		json_string(&j, "check", f->check);
		json_string(&j, "level", level_json[f->level]);
		json_string(&j, "message", f->text);
		if (f->fix[0])
			json_string(&j, "fix", f->fix);
		else
			json_null(&j, "fix");
		json_end_object(&j);
	}
	json_end_array(&j);
	json_u64(&j, "nr_fail", nr[DOCTOR_FAIL]);
	json_u64(&j, "nr_warn", nr[DOCTOR_WARN]);
	json_u64(&j, "nr_unknown", nr[DOCTOR_UNKNOWN]);
	json_bool(&j, "can_boot", !nr[DOCTOR_FAIL]);
	json_end_object(&j);
	return json_finish(&j);
}

static int doctor(void)
{
	struct doctor *d = calloc(1, sizeof(*d));
	unsigned nr[4] = { 0 };
	int plan_rc = MINT_OK, rc;

	if (!d) {
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	d->sysroot = opts.sysroot;
	d->launcher_fd = -1;
	if (doctor_check_kernel(d)) {
		plan_rc = check_plan(d);
		doctor_check_launcher(d);
		doctor_check_partition(d);
		doctor_check_cpus(d);
		doctor_check_apic(d);
		doctor_check_lockdown(d);
		doctor_check_plan_warnings(d);
		doctor_check_kexec(d);
		doctor_check_network(d);
	}
	for (unsigned i = 0; i < d->nr; i++)
		nr[d->f[i].level]++;
	if (opts.json) {
		rc = print_json(d, nr);
		mint_json_has_result = !rc;
	} else {
		print_text(d, nr);
		rc = MINT_OK;
	}
	if (!rc)
		rc = plan_rc == MINT_ERR_USAGE ? MINT_ERR_USAGE :
		     nr[DOCTOR_FAIL] ? MINT_ERR_RUNTIME : MINT_OK;
	launcher_close(d->launcher_fd);
	ctx_free(&d->ctx);
	free(d);
	return rc;
}

int do_doctor(int argc, char **argv)
{
	int c;

	mint_set_help(doctor_help);
	while ((c = mint_getopt(argc, argv, "", doctor_opts)) != -1)
		return MINT_ERR_USAGE;
	if (no_more_args(argc, argv))
		return MINT_ERR_USAGE;
	return doctor();
}
