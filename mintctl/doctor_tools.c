// SPDX-License-Identifier: GPL-2.0-only
/*
 * doctor's checks of node 0's userspace: kexec-tools, which 'mintctl
 * partition --kexec' runs, and network managers that would configure
 * vni0 unless Mint's drop-ins tell them to leave it alone.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctor.h"
#include "fileio.h"
#include "spawn.h"

#define KEXEC_LOAD_DISABLED	"/proc/sys/kernel/kexec_load_disabled"
/* kexec-tools' binary is about 200 KiB; a static build a few MiB. */
#define KEXEC_BINARY_MAX	(32u << 20)

/* Run kexec with one option; its output in buf. -1: not installed. */
static int kexec(const char *option, char *buf, size_t len)
{
	char *argv[] = { "kexec", (char *)option, NULL };
	int status = spawn_run(argv, buf, len);

	return status == 127 || status < 0 ? -1 : status;
}

/*
 * A recorded machine's kexec is not run (it may not even run here): its
 * binary holds the strings kexec --version and --help print, so the
 * version and -c come from them. -1: none in the sysroot's sbin/bin.
 */
static int kexec_recorded(const struct doctor *d, char *version,
			  size_t vlen, char *help, size_t hlen)
{
	static const char *const dirs[] = { "/usr/sbin", "/sbin", "/usr/bin",
					    "/bin" };
	static const char tag[] = "kexec-tools ";
	char path[4200], *bin = NULL;
	const char *at;
	size_t len = 0, i;

	for (i = 0; !bin && i < sizeof(dirs) / sizeof(*dirs); i++) {
		char rel[32];

		snprintf(rel, sizeof(rel), "%s/kexec", dirs[i]);
		sysroot_path(path, sizeof(path), d->sysroot, rel);
		if (read_whole_file(path, KEXEC_BINARY_MAX, &bin, &len))
			bin = NULL;
	}
	if (!bin)
		return -1;
	version[0] = help[0] = '\0';
	at = memmem(bin, len, tag, sizeof(tag) - 1);
	if (at) {
		size_t n = sizeof(tag) - 1;

		while (at + n < bin + len && n + 1 < vlen &&
		       (isdigit((unsigned char)at[n]) || at[n] == '.'))
			n++;
		/* "kexec-tools " and no number: the version is unknown. */
		if (n > sizeof(tag) - 1)
			snprintf(version, vlen, "%.*s", (int)n, at);
	}
	if (memmem(bin, len, "--kexec-syscall", 15))
		snprintf(help, hlen, "--kexec-syscall");
	free(bin);
	return 0;
}

void doctor_check_kexec(struct doctor *d)
{
	char version[256], help[8192], *disabled;
	const char *v;
	bool recorded = d->sysroot && d->sysroot[0];

	doctor_capture(d, "kexec", DOCTOR_UNKNOWN, NULL);
	if (recorded ? kexec_recorded(d, version, sizeof(version), help,
				      sizeof(help)) < 0 :
		       kexec("--version", version, sizeof(version)) < 0) {
		doctor_capture_end(d);
		doctor_add(d, DOCTOR_WARN, "kexec",
			   "apt install kexec-tools, or partition with --grub",
			   "kexec-tools is not installed: 'mintctl partition --kexec' needs it");
		return;
	}
	if (!recorded)
		kexec("--help", help, sizeof(help));
	doctor_capture_end(d);
	version[strcspn(version, "\n")] = '\0';
	v = strstr(version, "kexec-tools ") ? version : "kexec-tools (version unknown)";
	/*
	 * kexec-tools 2.0.27 and later load with kexec_file_load by default,
	 * which ignores --mem-min/--mem-max: partition --kexec passes -c.
	 */
	if (!strstr(help, "--kexec-syscall"))
		doctor_add(d, DOCTOR_WARN, "kexec",
			   "install kexec-tools 2.0.25 or later, or partition with --grub",
			   "%s has no -c (--kexec-syscall): 'mintctl partition --kexec' loads node 0's kernel with 'kexec -l -c', the kexec_load syscall",
			   v);
	else
		doctor_add(d, DOCTOR_OK, "kexec", NULL,
			   "%s has -c (--kexec-syscall), which 'mintctl partition --kexec' passes so that --mem-min/--mem-max hold (kexec_file_load ignores them)",
			   v);
	if (!doctor_read(d, KEXEC_LOAD_DISABLED, &disabled)) {
		if (disabled[0] == '1')
			doctor_add(d, DOCTOR_WARN, "kexec",
				   "partition with --grub and reboot",
				   "kexec_load is disabled until the next boot (%s = 1): 'mintctl partition --kexec' will fail",
				   KEXEC_LOAD_DISABLED);
		free(disabled);
	}
}

/* Whether a process whose comm is name runs (a numeric dir of /proc). */
static bool running(const struct doctor *d, const char *name)
{
	char dir[4200], comm[64], *text;
	struct dirent *de;
	bool found = false;
	DIR *proc;

	sysroot_path(dir, sizeof(dir), d->sysroot, "/proc");
	proc = opendir(dir);
	if (!proc)
		return false;
	while (!found && (de = readdir(proc))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(comm, sizeof(comm), "/proc/%.20s/comm", de->d_name);
		if (doctor_read(d, comm, &text))
			continue;
		text[strcspn(text, "\n")] = '\0';
		found = !strcmp(text, name);
		free(text);
	}
	closedir(proc);
	return found;
}

/* The first file in dirs (below --sysroot) that mentions both words. */
static bool find_rule(const struct doctor *d, const char *const dirs[],
		      const char *a, const char *b, char *found, size_t len)
{
	for (unsigned i = 0; dirs[i]; i++) {
		char dir[4200], file[4600], *text;
		struct dirent *de;
		DIR *dp;

		sysroot_path(dir, sizeof(dir), d->sysroot, dirs[i]);
		dp = opendir(dir);
		if (!dp)
			continue;
		while ((de = readdir(dp))) {
			bool match;
			size_t n;

			if (de->d_name[0] == '.')
				continue;
			snprintf(file, sizeof(file), "%s/%s", dir, de->d_name);
			if (read_whole_file(file, 65536, &text, &n))
				continue;
			match = strstr(text, a) && strstr(text, b);
			free(text);
			if (match) {
				snprintf(found, len, "%s/%s", dirs[i], de->d_name);
				closedir(dp);
				return true;
			}
		}
		closedir(dp);
	}
	return false;
}

struct net_manager {
	const char *name, *comm;
	const char *dirs[6];
	const char *word_a, *word_b;	/* what a rule for vni says */
	const char *fix;
};

static const struct net_manager managers[] = {
	{ "NetworkManager", "NetworkManager",
	  { "/etc/NetworkManager/conf.d", "/run/NetworkManager/conf.d",
	    "/usr/lib/NetworkManager/conf.d", NULL },
	  "unmanaged-devices", "vni",
	  "install /etc/NetworkManager/conf.d/90-mint-vni.conf (package mint-tools, or make install), then systemctl reload NetworkManager" },
	{ "systemd-networkd", "systemd-network",
	  { "/etc/systemd/network", "/run/systemd/network",
	    "/usr/local/lib/systemd/network", "/usr/lib/systemd/network",
	    "/lib/systemd/network", NULL },
	  "Unmanaged=yes", "vni",
	  "install 10-mint-vni.network in /usr/lib/systemd/network (package mint-tools, or make install), then networkctl reload" },
};

void doctor_check_network(struct doctor *d)
{
	unsigned seen = 0;
	char rule[600];

	for (unsigned i = 0; i < sizeof(managers) / sizeof(managers[0]); i++) {
		const struct net_manager *nm = &managers[i];

		if (!running(d, nm->comm))
			continue;
		seen++;
		if (find_rule(d, nm->dirs, nm->word_a, nm->word_b, rule,
			      sizeof(rule)))
			doctor_add(d, DOCTOR_OK, "network", NULL,
				   "%s runs and leaves vni0 alone (%s)", nm->name, rule);
		else
			doctor_add(d, DOCTOR_WARN, "network", nm->fix,
				   "%s runs without a rule that leaves vni* alone: it would configure vni0 (DHCP, addresses, routes) over mintctl net up's",
				   nm->name);
	}
	if (!seen)
		doctor_add(d, DOCTOR_OK, "network", NULL,
			   "neither NetworkManager nor systemd-networkd runs: only mintctl net up configures vni0");
}
