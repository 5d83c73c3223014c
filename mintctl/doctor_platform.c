// SPDX-License-Identifier: GPL-2.0-only
/*
 * doctor's checks of the platform: node 0's APIC mode (which every node
 * follows) and interrupt remapping, lockdown and Secure Boot (which stop
 * the launcher), and the plan's warnings about SMT threads, NUMA
 * placement and KASLR (plan_warn.c, the same ones plan and validate print).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootdata.h"
#include "doctor.h"
#include "fileio.h"
#include "lockdown.h"

#define INTERRUPTS	"/proc/interrupts"
#define EFI_DIR		"/sys/firmware/efi"
#define SECURE_BOOT_VAR	EFI_DIR "/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-e2d8c4ede7c4"

/* Whether the first "flags" line of /proc/cpuinfo has word; -1: unknown. */
static int cpu_flag(const struct doctor *d, const char *word)
{
	char *text, *line, *end;
	size_t n = strlen(word);
	int found = -1;

	if (doctor_read(d, "/proc/cpuinfo", &text))
		return -1;
	line = strstr(text, "\nflags");
	if (line) {
		found = 0;
		end = strchr(line + 1, '\n');
		if (end)
			*end = '\0';
		for (char *w = strstr(line, word); w; w = strstr(w + 1, word))
			if (w[-1] == ' ' && (w[n] == ' ' || !w[n]))
				found = 1;
	}
	free(text);
	return found;
}

/* The highest APIC ID of a present CPU; 0 without a machine. */
static uint32_t max_apic_id(const struct doctor *d)
{
	const struct mint_machine *m = d->ctx.m;
	uint32_t max = 0;

	if (!d->have_plan)
		return 0;
	for (int c = cores_next(&m->present, 0); c >= 0;
	     c = cores_next(&m->present, c + 1))
		if (m->apic_known[c] && m->apic_id[c] > max)
			max = m->apic_id[c];
	return max;
}

static void check_irq_remap(struct doctor *d)
{
	bool iommu = doctor_exists(d, "/sys/firmware/acpi/tables/DMAR") ||
		     doctor_exists(d, "/sys/firmware/acpi/tables/IVRS");
	char *irqs;
	bool on;

	if (doctor_read(d, INTERRUPTS, &irqs)) {
		doctor_add(d, DOCTOR_UNKNOWN, "irq-remap", NULL,
			   "%s: %s", INTERRUPTS, strerror(errno));
		return;
	}
	/* Remapped interrupt chips are "IR-IO-APIC", "IR-PCI-MSI", ... */
	on = strstr(irqs, " IR-") != NULL;
	free(irqs);
	doctor_add(d, DOCTOR_OK, "irq-remap", NULL,
		   "interrupt remapping is %s (%s IR- interrupt chips in %s)%s; node 0 owns it, secondaries leave it alone",
		   on ? "on" : "off", on ? "" : "no", INTERRUPTS,
		   !on && iommu ? "; the firmware has an IOMMU table (DMAR or IVRS)" : "");
}

void doctor_check_apic(struct doctor *d)
{
	int flag = cpu_flag(d, "x2apic"), mode = -1;
	uint32_t max = max_apic_id(d);
	const char *cpus = flag < 0 ? "" : flag ? "; the CPUs support x2APIC" :
				  "; the CPUs do not support x2APIC";
	char *text;

	if (!doctor_read(d, MINT_X2APIC_PATH, &text)) {
		if (text[0] == '0' || text[0] == '1')
			mode = text[0] - '0';
		free(text);
	}
	if (mode < 0)
		doctor_add(d, DOCTOR_UNKNOWN, "apic", "boot node 0 with the Mint kernel",
			   "node 0's APIC mode is not known (no %s)%s",
			   MINT_X2APIC_PATH, cpus);
	else if (!mode && max > 254)
		doctor_add(d, DOCTOR_FAIL, "apic",
			   "enable x2APIC and interrupt remapping (VT-d, AMD-Vi) in the firmware setup",
			   "node 0 runs xAPIC, which cannot address APIC ID %u", max);
	else
		doctor_add(d, DOCTOR_OK, "apic", NULL,
			   "node 0 runs %s (%s), and so does every node%s",
			   mode ? "x2APIC" : "xAPIC", MINT_X2APIC_PATH, cpus);
	check_irq_remap(d);
}

static void check_secure_boot(struct doctor *d, bool locked)
{
	char path[4200], *var;
	size_t len;

	if (!doctor_exists(d, EFI_DIR)) {
		doctor_add(d, DOCTOR_OK, "secure-boot", NULL,
			   "off: no %s, the firmware booted node 0 without EFI", EFI_DIR);
		return;
	}
	sysroot_path(path, sizeof(path), d->sysroot, SECURE_BOOT_VAR);
	if (read_whole_file(path, 64, &var, &len)) {
		doctor_add(d, errno == ENOENT ? DOCTOR_OK : DOCTOR_UNKNOWN,
			   "secure-boot", NULL, "%s: %s",
			   errno == ENOENT ? "off" : "unknown", strerror(errno));
		return;
	}
	/* efivarfs: 4 bytes of attributes, then the value. */
	if (len < 5)
		doctor_add(d, DOCTOR_UNKNOWN, "secure-boot", NULL,
			   "%s is %zu bytes, not an EFI variable", path, len);
	else if (var[4] == 1)
		doctor_add(d, DOCTOR_WARN, "secure-boot",
			   "turn Secure Boot off in the firmware setup, or 'mokutil --disable-validation'",
			   "on: Debian's kernels lock themselves down under it%s, and the Mint kernel needs a signature the firmware or shim trusts",
			   locked ? " (as this one did)" : "");
	else
		doctor_add(d, DOCTOR_OK, "secure-boot", NULL, "off (%s)", SECURE_BOOT_VAR);
	free(var);
}

void doctor_check_lockdown(struct doctor *d)
{
	const char *mode = mint_lockdown_mode(d->sysroot);

	if (mode)
		doctor_add(d, DOCTOR_FAIL, "lockdown",
			   "boot node 0 without lockdown (no lockdown= parameter; see secure-boot)",
			   "the kernel is locked down (%s, %s): the launcher refuses to write node memory and start cores, and kexec_load is refused",
			   mode, MINT_LOCKDOWN_PATH);
	else if (doctor_exists(d, MINT_LOCKDOWN_PATH))
		doctor_add(d, DOCTOR_OK, "lockdown", NULL, "none (%s)",
			   MINT_LOCKDOWN_PATH);
	else
		doctor_add(d, DOCTOR_UNKNOWN, "lockdown", "mount securityfs on /sys/kernel/security",
			   "no %s: securityfs is not mounted, or the kernel has no lockdown",
			   MINT_LOCKDOWN_PATH);
	check_secure_boot(d, mode != NULL);
}

void doctor_check_plan_warnings(struct doctor *d)
{
	const struct mint_config *cfg = d->ctx.cfg;
	const struct mint_machine *m = d->ctx.m;
	const struct mint_plan *p = d->ctx.p;

	if (!d->have_plan)
		return;
	if (!p->smt) {
		doctor_add(d, DOCTOR_OK, "smt", NULL,
			   "no core has two SMT threads (/proc/cpuinfo)");
	} else {
		doctor_capture(d, "smt", DOCTOR_WARN, NULL);
		if (!mint_plan_warn_smt(cfg, m, p))
			doctor_add(d, DOCTOR_OK, "smt", NULL,
				   "every core's SMT threads belong to one node");
		doctor_capture_end(d);
	}
	if (!m->nr_numa) {
		doctor_add(d, DOCTOR_OK, "numa", NULL, "one NUMA node (no ACPI SRAT)");
	} else {
		doctor_capture(d, "numa", DOCTOR_WARN, NULL);
		if (!mint_plan_warn_memory(cfg, m, p))
			doctor_add(d, DOCTOR_OK, "numa", NULL,
				   "every secondary's cores and memory are on one NUMA node (%s)",
				   m->numa_source);
		doctor_capture_end(d);
	}
	doctor_capture(d, "kaslr", DOCTOR_WARN, NULL);
	if (!mint_plan_warn_kaslr(cfg, p))
		doctor_add(d, DOCTOR_OK, "kaslr", NULL,
			   "node 0 has %u memmap= reservations; its KASLR avoids up to %d",
			   mint_plan_memmap_regions(p), MINT_KASLR_MEMMAP_MAX);
	doctor_capture_end(d);
}
