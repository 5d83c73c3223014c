// SPDX-License-Identifier: GPL-2.0-only
/* The SETUP_MINT payload: struct mint_boot_data plus the layout descriptor. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <linux/mint_node.h>	/* extracted from kernel-patches/ by mintctl.mk */

#include "bootdata.h"
#include "errors.h"
#include "fileio.h"
#include "numbers.h"

_Static_assert(MINT_MAX_NODE_CPUS <= MINT_MAX_CORES, "node cores");
/* Version 2 appends the console channel to version 1, nothing else. */
_Static_assert(offsetof(struct mint_boot_data, console_offset) ==
	       MINT_BOOT_DATA_V1_SIZE, "version 1 fields stay");
_Static_assert(sizeof(struct mint_boot_data) == 328, "boot data size");

/* One of node 0's facts in /sys/kernel/mint, and how an error names it. */
struct node0_fact {
	const char *path, *noun, *valid;
	uint64_t min, max;
};

/*
 * apic_khz is 0 when node 0 runs its LAPIC timer in TSC-deadline mode; the
 * node then must too, which its kernel checks.
 */
static const struct node0_fact tsc_khz_fact = {
	MINT_TSC_KHZ_PATH, "timer rate", "a rate in kHz", 1, UINT32_MAX };
static const struct node0_fact apic_khz_fact = {
	MINT_APIC_KHZ_PATH, "timer rate", "a rate in kHz", 0, UINT32_MAX };
static const struct node0_fact x2apic_fact = {
	MINT_X2APIC_PATH, "APIC mode", "0 (xAPIC) or 1 (x2APIC)", 0, 1 };

/* say: a message for a failure; without it the caller makes do. */
static int read_fact(const char *sysroot, const struct node0_fact *f,
		     uint32_t *out, bool say)
{
	char full[512], *text, *nl;
	const char *why;
	uint64_t v;
	size_t len;

	sysroot_path(full, sizeof(full), sysroot, f->path);
	if (read_whole_file(full, 64, &text, &len)) {
		if (say)
			p_err("%s: cannot read node 0's %s: %s (node 0 must run the Mint kernel with the launcher)",
			      full, f->noun, strerror(errno));
		return MINT_ERR_RUNTIME;
	}
	nl = strchr(text, '\n');
	if (nl)
		*nl = '\0';
	if (parse_u64(text, &v, &why) || v < f->min || v > f->max) {
		if (say)
			p_err("%s: '%s' is not %s", full, text, f->valid);
		free(text);
		return MINT_ERR_RUNTIME;
	}
	free(text);
	*out = (uint32_t)v;
	return MINT_OK;
}

static int rates_read(const char *sysroot, struct mint_rates *r, bool say)
{
	uint32_t x2apic = 0;
	int rc;

	rc = read_fact(sysroot, &tsc_khz_fact, &r->tsc_khz, say);
	if (!rc)
		rc = read_fact(sysroot, &apic_khz_fact, &r->apic_khz, say);
	if (!rc)
		rc = read_fact(sysroot, &x2apic_fact, &x2apic, say);
	r->x2apic = x2apic;
	return rc;
}

int mint_rates_read(const char *sysroot, struct mint_rates *r)
{
	return rates_read(sysroot, r, true);
}

int mint_rates_try_read(const char *sysroot, struct mint_rates *r)
{
	return rates_read(sysroot, r, false);
}

/* Whether the blank-separated list names exactly this clocksource. */
static bool names(const char *list, const char *name)
{
	size_t len = strlen(name);

	for (const char *s = list; *s;) {
		size_t n;

		s += strspn(s, " \t\n");
		n = strcspn(s, " \t\n");
		if (n == len && !memcmp(s, name, len))
			return true;
		s += n;
	}
	return false;
}

bool mint_tsc_refine_pending(const char *clocksources)
{
	/* "tsc" is registered after the final tsc_khz is set. */
	return names(clocksources, "tsc-early") && !names(clocksources, "tsc");
}

uint16_t mint_console_port(const char *cmdline)
{
	static const uint16_t port[] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
	uint16_t found = 0;
	const char *s = cmdline;

	/* The last console= wins, as the kernel's preferred console does. */
	while ((s = strstr(s, "console=ttyS"))) {
		char c = s[12];

		if ((s == cmdline || s[-1] == ' ') && c >= '0' && c <= '3' &&
		    (s[13] == ',' || s[13] == ' ' || s[13] == '\0'))
			found = port[c - '0'];
		s += 12;
	}
	return found;
}

uint32_t mint_boot_data_type(void)
{
	return SETUP_MINT;
}

int mint_boot_data_build(const struct mint_plan *p, unsigned id,
			 const struct mint_rates *r, uint16_t console_port,
			 const void *desc, size_t desc_len, void **out,
			 size_t *out_len)
{
	const struct mint_node_plan *n = &p->node[id];
	struct mint_boot_data *bd;

	if (n->nr_cores > MINT_MAX_NODE_CPUS || !n->nr_cores) {
		p_err("%s: %u cores, the boot data carries 1 to %d", n->name,
		      n->nr_cores, MINT_MAX_NODE_CPUS);
		return MINT_ERR_USAGE;
	}
	bd = calloc(1, sizeof(*bd) + desc_len);
	if (!bd) {
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	bd->magic = MINT_BOOT_DATA_MAGIC;
	bd->version = MINT_BOOT_DATA_VERSION;
	bd->size = sizeof(*bd);
	bd->node_id = id;
	bd->nr_nodes = p->nr_nodes;
	bd->nr_apic_ids = n->nr_cores;
	bd->tsc_khz = r->tsc_khz;
	bd->apic_khz = r->apic_khz;
	bd->console_port = console_port;
	bd->console_irq = 0;
	/* A polled console; node 0's APIC mode, which the node must share. */
	bd->flags = r->x2apic ? MINT_BOOT_X2APIC : 0;
	bd->shared_base = p->shared.base;
	bd->shared_size = p->shared.size;
	/* Version 2: the node's console channel, none in an old descriptor. */
	bd->console_offset = mint_console_offset_of(&p->console, id);
	bd->console_size = bd->console_offset ?
			   (uint32_t)mint_console_channel_size(&p->console) : 0;
	bd->descriptor_size = (uint32_t)desc_len;
	for (unsigned i = 0; i < n->nr_cores; i++)
		bd->apic_ids[i] = n->apic_id[i];
	memcpy(bd->descriptor, desc, desc_len);
	*out = bd;
	*out_len = sizeof(*bd) + desc_len;
	return MINT_OK;
}
