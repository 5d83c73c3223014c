// SPDX-License-Identifier: GPL-2.0-only
/*
 * doctor's checks of node 0 itself: the Mint kernel and its launcher,
 * the partition (/proc/cmdline against the plan's parameters, /proc/iomem
 * against its reservations) and the other nodes' CPUs.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doctor.h"
#include "fileio.h"
#include "kparams.h"
#include "launcher.h"
#include "node_lookup.h"

/* What node 0's Mint patches leave behind. */
#define NODE0_SYSFS		"/sys/kernel/mint"	/* the launcher */
#define INTERRUPTS		"/proc/interrupts"	/* "MNT:", the Mint IPI */
#define CPUS_ONLINE		"/sys/devices/system/cpu/online"

static void release(const struct doctor *d, char *buf, size_t len)
{
	char *text;

	if (doctor_read(d, "/proc/sys/kernel/osrelease", &text)) {
		snprintf(buf, len, "the kernel");
		return;
	}
	text[strcspn(text, "\n")] = '\0';
	snprintf(buf, len, "Linux %s", text);
	free(text);
}

bool doctor_check_kernel(struct doctor *d)
{
	const char *fix = "boot node 0 with a kernel built with kernel-patches/ (make kernel-deb)";
	char rel[160], *irqs;
	int ipi = -1;		/* unknown */

	release(d, rel, sizeof(rel));
	if (doctor_exists(d, MINT_SECONDARY_SYSFS)) {
		doctor_add(d, DOCTOR_FAIL, "kernel", "run mintctl doctor on node 0",
			   "this is a Mint secondary node (%s exists): only node 0 boots nodes",
			   MINT_SECONDARY_SYSFS);
		return false;
	}
	if (!doctor_read(d, INTERRUPTS, &irqs)) {
		ipi = strstr(irqs, "MNT:") != NULL;
		free(irqs);
	}
	if (!doctor_exists(d, NODE0_SYSFS))
		doctor_add(d, DOCTOR_FAIL, "kernel", fix,
			   "%s has no Mint launcher (no %s): it is not built with the Mint patches",
			   rel, NODE0_SYSFS);
	else if (ipi == 0)
		doctor_add(d, DOCTOR_FAIL, "kernel", fix,
			   "%s has the launcher (%s) but not the Mint IPI (no MNT row in %s)",
			   rel, NODE0_SYSFS, INTERRUPTS);
	else
		doctor_add(d, DOCTOR_OK, "kernel", NULL,
			   "%s has the Mint patches: the launcher (%s)%s", rel,
			   NODE0_SYSFS, ipi > 0 ? " and the Mint IPI (MNT in " INTERRUPTS ")" :
			   "; the Mint IPI is unknown (no " INTERRUPTS ")");
	return true;
}

/* Every range of the plan a secondary needs, owned by the launcher? */
static void check_owned(struct doctor *d, const struct launcher_info *li)
{
	const struct mint_plan *p = d->ctx.p;
	unsigned missing = 0;

	for (unsigned i = 1; i < p->nr_nodes; i++) {
		const struct mint_range *r[] = { &p->node[i].mem[0], &p->node[i].low };

		for (unsigned k = 0; k < 2; k++) {
			if (launcher_owns(li, r[k]->base, r[k]->size))
				continue;
			doctor_add(d, DOCTOR_FAIL, "launcher", DOCTOR_FIX_PARTITION,
				   "it may not write %s's %s 0x%" PRIx64 "-0x%" PRIx64 ": node 0 did not reserve it with memmap=",
				   p->node[i].name, k ? "low window" : "memory",
				   r[k]->base, range_end(r[k]) - 1);
			missing++;
		}
	}
	if (!launcher_owns(li, p->shared.base, p->shared.size)) {
		doctor_add(d, DOCTOR_FAIL, "launcher", DOCTOR_FIX_PARTITION,
			   "it may not write the shared region 0x%" PRIx64 "-0x%" PRIx64 ": node 0 did not reserve it with memmap=",
			   p->shared.base, range_end(&p->shared) - 1);
		missing++;
	}
	if (!missing)
		doctor_add(d, DOCTOR_OK, "launcher", NULL,
			   "%s: version %u, it may write every node's memory, low window and the shared region",
			   launcher_dev_path(), li->version);
}

void doctor_check_launcher(struct doctor *d)
{
	const char *dev = launcher_dev_path();
	struct launcher_info li;
	struct stat st;
	int rc;

	if (d->sysroot && !getenv("MINT_DEV")) {
		doctor_add(d, DOCTOR_UNKNOWN, "launcher", "run mintctl doctor on node 0",
			   "%s is not opened under --sysroot", dev);
		return;
	}
	if (stat(dev, &st)) {
		int err = errno;

		doctor_add(d, err == ENOENT ? DOCTOR_FAIL : DOCTOR_UNKNOWN,
			   "launcher",
			   doctor_exists(d, NODE0_SYSFS) ?
			   "the kernel has the launcher: is devtmpfs mounted on /dev?" :
			   "boot node 0 with the Mint kernel",
			   "%s: %s", dev, strerror(err));
		return;
	}
	/* Not root: what the launcher would say is unknown, not wrong. */
	if (access(dev, R_OK | W_OK)) {
		doctor_add(d, DOCTOR_UNKNOWN, "launcher", "run mintctl doctor as root",
			   "%s: %s", dev, strerror(errno));
		return;
	}
	doctor_capture(d, "launcher", DOCTOR_FAIL, NULL);
	d->launcher_fd = launcher_open();
	doctor_capture_end(d);
	if (d->launcher_fd < 0)
		return;
	doctor_capture(d, "launcher", DOCTOR_FAIL, NULL);
	rc = launcher_info(d->launcher_fd, &li);
	doctor_capture_end(d);
	if (rc) {
		launcher_close(d->launcher_fd);
		d->launcher_fd = -1;
		return;
	}
	if (d->have_plan)
		check_owned(d, &li);
	else
		doctor_add(d, DOCTOR_OK, "launcher", NULL, "%s: version %u", dev,
			   li.version);
}

struct kparams_found {
	char missing[MINT_PARAMS_MAX], stale[MINT_CMDLINE_MAX];
};

static void note_param(const char *param, size_t len, bool missing, void *arg)
{
	struct kparams_found *k = arg;
	char *buf = missing ? k->missing : k->stale;
	size_t size = missing ? sizeof(k->missing) : sizeof(k->stale);
	size_t used = strlen(buf);

	snprintf(buf + used, size - used, "%s%.*s", used ? " " : "", (int)len,
		 param);
}

void doctor_check_partition(struct doctor *d)
{
	char want[MINT_PARAMS_MAX], *cmdline;
	struct kparams_found k = { "", "" };
	unsigned bad = 0;

	if (!d->have_plan)
		return;
	if (mint_plan_kparams(d->ctx.p, want, sizeof(want))) {
		doctor_add(d, DOCTOR_FAIL, "partition", NULL,
			   "node 0's parameters do not fit in %d bytes", MINT_PARAMS_MAX);
		return;
	}
	if (doctor_read(d, "/proc/cmdline", &cmdline)) {
		doctor_add(d, DOCTOR_UNKNOWN, "partition", NULL,
			   "/proc/cmdline: %s", strerror(errno));
	} else {
		kparams_diff(cmdline, want, note_param, &k);
		free(cmdline);
		if (k.missing[0])
			doctor_add(d, DOCTOR_FAIL, "partition", DOCTOR_FIX_PARTITION,
				   "node 0 booted without %s (/proc/cmdline)", k.missing);
		if (k.stale[0])
			doctor_add(d, DOCTOR_WARN, "partition", DOCTOR_FIX_PARTITION,
				   "node 0 booted with %s, which the plan does not ask for (an older config?)",
				   k.stale);
		bad = !!k.missing[0] + !!k.stale[0];
	}
	doctor_capture(d, "partition", DOCTOR_FAIL, NULL);
	for (unsigned i = 1; i < d->ctx.p->nr_nodes; i++)
		node_memory_reserved(d->ctx.p, i, d->sysroot);
	bad += doctor_capture_end(d);
	if (!bad)
		doctor_add(d, DOCTOR_OK, "partition", NULL,
			   "node 0 booted with the plan's parameters (%s), and /proc/iomem reserves every node's memory, low window and the shared region",
			   want);
}

/*
 * Held: the launcher keeps node 0 from onlining the core. -1 unknown
 * (no launcher), else how many of the node's cores are not held.
 */
static int not_held(struct doctor *d, const struct mint_node_plan *n,
		    char *list, size_t len)
{
	struct mint_cores loose = { { 0 } };
	unsigned k = 0;
	int count = 0;

	if (d->launcher_fd < 0)
		return -1;
	doctor_capture(d, "cpus", DOCTOR_UNKNOWN, NULL);
	/* apic_id[k] is the k-th core's, in the order of the cores. */
	for (int c = cores_next(&n->cores, 0); c >= 0 && k < n->nr_cores;
	     c = cores_next(&n->cores, c + 1), k++) {
		uint32_t st;

		if (launcher_cpu_state(d->launcher_fd, n->apic_id[k], &st)) {
			count = INT_MIN;	/* unknown, with the message */
			continue;
		}
		if (!(st & (LAUNCHER_CPU_HELD | LAUNCHER_CPU_STARTED))) {
			cores_add(&loose, (unsigned)c);
			count++;
		}
	}
	doctor_capture_end(d);
	cores_format(&loose, list, len);
	return count < 0 ? -1 : count;
}

/* Node 0's online CPUs, from sysfs (else /proc/cpuinfo, as machine.c reads). */
static void online_cpus(const struct doctor *d, struct mint_cores *online)
{
	const char *why;
	char *text, buf[160];

	*online = d->ctx.m->online;
	if (doctor_read(d, CPUS_ONLINE, &text))
		return;
	text[strcspn(text, "\n")] = '\0';
	if (cores_parse(text, online, buf, sizeof(buf), &why))
		*online = d->ctx.m->online;
	free(text);
}

void doctor_check_cpus(struct doctor *d)
{
	struct mint_cores online;
	const struct mint_plan *p;
	char a[256], b[256];

	if (!d->have_plan)
		return;
	online_cpus(d, &online);
	p = d->ctx.p;
	for (unsigned i = 1; i < p->nr_nodes; i++) {
		const struct mint_node_plan *n = &p->node[i];
		struct mint_cores on = { { 0 } };
		int loose;

		for (int c = cores_next(&n->cores, 0); c >= 0;
		     c = cores_next(&n->cores, c + 1))
			if (cores_has(&online, (unsigned)c))
				cores_add(&on, (unsigned)c);
		cores_format(&n->cores, a, sizeof(a));
		if (!cores_empty(&on)) {
			doctor_add(d, DOCTOR_FAIL, "cpus", DOCTOR_FIX_PARTITION,
				   "%s %s of %s %s online in node 0 (" CPUS_ONLINE "): node 0 runs on %s",
				   cores_count(&on) > 1 ? "CPUs" : "CPU",
				   cores_format(&on, b, sizeof(b)), n->name,
				   cores_count(&on) > 1 ? "are" : "is",
				   cores_count(&on) > 1 ? "them" : "it");
			continue;
		}
		loose = not_held(d, n, b, sizeof(b));
		if (loose > 0)
			doctor_add(d, DOCTOR_WARN, "cpus", DOCTOR_FIX_PARTITION,
				   "CPUs %s of %s are offline but not held by the launcher: node 0 may bring them online (a udev rule, smt/control)",
				   b, n->name);
		else
			doctor_add(d, DOCTOR_OK, "cpus", NULL,
				   "CPUs %s of %s are offline in node 0%s", a, n->name,
				   loose == 0 ? " and held by the launcher" :
				   " (held: not known without the launcher)");
	}
}
