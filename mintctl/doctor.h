/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mintctl doctor: its findings and its checks. Each check adds one or
 * more findings: a level, the check's name, what it found and what to do.
 * The checks live in doctor_node0.c (the Mint kernel, the launcher, the
 * partition, the other nodes' CPUs), doctor_platform.c (APIC mode,
 * interrupt remapping, lockdown, Secure Boot, the plan's warnings) and
 * doctor_tools.c (kexec-tools, network managers).
 */
#ifndef MINT_DOCTOR_H
#define MINT_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>

#include "main.h"

/* In order of weight: only FAIL blocks booting a node. */
enum doctor_level { DOCTOR_OK, DOCTOR_UNKNOWN, DOCTOR_WARN, DOCTOR_FAIL };

#define DOCTOR_MAX_FINDINGS	96

struct doctor_finding {
	enum doctor_level level;
	const char *check;
	char text[1024];
	char fix[512];		/* "": nothing to do */
};

struct doctor {
	const char *sysroot;
	struct mint_ctx ctx;
	bool have_plan;		/* ctx holds a config, a machine and a plan */
	int launcher_fd;	/* -1: not opened (under --sysroot, or failed) */
	/* p_err()/p_warn() messages become findings while capturing. */
	const char *cap_check, *cap_fix;
	enum doctor_level cap_level;
	unsigned cap_count;
	unsigned nr;
	struct doctor_finding f[DOCTOR_MAX_FINDINGS];
};

__attribute__((format(printf, 5, 6)))
void doctor_add(struct doctor *d, enum doctor_level level, const char *check,
		const char *fix, const char *fmt, ...);

/*
 * Until doctor_capture_end(), every p_err() message becomes a finding of
 * check at level with fix, every p_warn() one a warning of check (no fix:
 * those messages say what to do). doctor_capture_end() returns how many.
 */
void doctor_capture(struct doctor *d, const char *check,
		    enum doctor_level level, const char *fix);
unsigned doctor_capture_end(struct doctor *d);

/*
 * A text file of the machine, below --sysroot: 0 with *text on the heap
 * (the caller frees it), or -1 with errno set.
 */
int doctor_read(const struct doctor *d, const char *path, char **text);
/* Whether the file or directory exists below --sysroot. */
bool doctor_exists(const struct doctor *d, const char *path);

/* The fix for a node 0 that did not boot with the plan's parameters. */
#define DOCTOR_FIX_PARTITION \
	"mintctl partition --grub /etc/default/grub.d/mint.cfg && update-grub, then reboot (or mintctl partition --kexec)"

/* doctor_node0.c; false from doctor_check_kernel: stop (not node 0). */
bool doctor_check_kernel(struct doctor *d);
void doctor_check_launcher(struct doctor *d);
void doctor_check_partition(struct doctor *d);
void doctor_check_cpus(struct doctor *d);
/* doctor_platform.c */
void doctor_check_apic(struct doctor *d);
void doctor_check_lockdown(struct doctor *d);
void doctor_check_plan_warnings(struct doctor *d);
/* doctor_tools.c */
void doctor_check_kexec(struct doctor *d);
void doctor_check_network(struct doctor *d);

#endif
