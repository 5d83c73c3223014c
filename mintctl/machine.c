// SPDX-License-Identifier: GPL-2.0-only
/*
 * Machine discovery.
 *
 * CPUs: /proc/cpuinfo gives the online CPUs and their APIC IDs;
 * /sys/devices/system/cpu/present lists every CPU the kernel knows. A CPU
 * that node 0 never booted (maxcpus=) has no cpuinfo entry, so its APIC ID
 * comes from the ACPI MADT. Since 6.9 Linux numbers CPUs by walking the
 * present APIC IDs in ascending order (boot CPU first), so the k-th
 * not-yet-online present CPU gets the k-th smallest usable MADT APIC ID
 * that no online CPU has.
 *
 * Memory: /sys/firmware/memmap is the firmware's e820 table, untouched by
 * memmap= on the command line, so it stays right after partitioning.
 * /proc/iomem is the fallback when the kernel lacks CONFIG_FIRMWARE_MEMMAP.
 *
 * NUMA nodes come from the ACPI SRAT (numa.c), sockets, cores and SMT
 * threads from the APIC IDs (topology.c).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "fileio.h"
#include "machine.h"
#include "numbers.h"
#include "topology.h"

#define MADT_HEADER_LEN	44	/* ACPI SDT header (36) + LAPIC addr + flags */

int machine_add_mem(struct mint_machine *m, uint64_t start, uint64_t end,
		    const char *type)
{
	unsigned i;

	if (m->nr_map >= MINT_MAX_MEMMAP || end <= start)
		return -1;
	for (i = m->nr_map; i > 0 && m->map[i - 1].start > start; i--)
		m->map[i] = m->map[i - 1];
	m->map[i].start = start;
	m->map[i].end = end;
	m->map[i].ram = !strcmp(type, "System RAM");
	snprintf(m->map[i].type, sizeof(m->map[i].type), "%s", type);
	m->nr_map++;
	if (m->map[i].ram) {
		m->ram_total += end - start;
		if (end > m->ram_end)
			m->ram_end = end;
	}
	return 0;
}

/* "key<tabs>: value" -> key and value, both trimmed. */
static bool split_colon(char *line, char **key, char **value)
{
	char *colon = strchr(line, ':');
	char *e;

	if (!colon)
		return false;
	*colon = '\0';
	for (e = colon; e > line && isspace((unsigned char)e[-1]); e--)
		e[-1] = '\0';
	*key = line;
	*value = colon + 1;
	while (isspace((unsigned char)**value))
		(*value)++;
	return true;
}

/* Lines that place a CPU: physical id, core id, siblings, cpu cores. */
static int parse_topology_line(struct mint_machine *m, long cpu,
			       const char *key, const char *value,
			       const char **why)
{
	static const char *const keys[] = {
		"physical id", "core id", "siblings", "cpu cores",
	};
	struct mint_cpuinfo_topo *t;
	unsigned k;
	uint64_t v;

	for (k = 0; k < 4 && strcmp(key, keys[k]); k++)
		;
	if (k == 4)
		return 0;
	if (cpu < 0 || parse_u64(value, &v, why) || v > UINT32_MAX) {
		*why = k == 0 ? "bad \"physical id\" line" :
		       k == 1 ? "bad \"core id\" line" :
		       k == 2 ? "bad \"siblings\" line" :
				"bad \"cpu cores\" line";
		return -1;
	}
	t = &m->cpuinfo[cpu];
	switch (k) {
	case 0:
		t->pkg = (uint32_t)v;
		t->has_pkg = true;
		break;
	case 1:
		t->core = (uint32_t)v;
		t->has_core = true;
		break;
	case 2:
		t->siblings = (uint32_t)v;
		break;
	default:
		t->cores = (uint32_t)v;
		break;
	}
	return 0;
}

int parse_cpuinfo(const char *text, struct mint_machine *m, const char **why)
{
	char *copy = strdup(text), *save = NULL, *line;
	long cpu = -1;
	int ret = -1;

	if (!copy) {
		*why = "out of memory";
		return -1;
	}
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *key, *value;
		uint64_t v;

		if (!split_colon(line, &key, &value))
			continue;
		if (!strcmp(key, "processor")) {
			if (parse_u64(value, &v, why) || v >= MINT_MAX_CORES) {
				*why = "bad \"processor\" line";
				goto out;
			}
			cpu = (long)v;
			cores_add(&m->online, (unsigned)cpu);
		} else if (!strcmp(key, "apicid")) {
			if (cpu < 0 || parse_u64(value, &v, why) ||
			    v > UINT32_MAX) {
				*why = "bad \"apicid\" line";
				goto out;
			}
			m->apic_id[cpu] = (uint32_t)v;
			m->apic_known[cpu] = true;
		} else {
			if (parse_topology_line(m, cpu, key, value, why))
				goto out;
		}
	}
	if (cpu < 0) {
		*why = "no \"processor\" lines";
		goto out;
	}
	for (int c = cores_next(&m->online, 0); c >= 0;
	     c = cores_next(&m->online, c + 1)) {
		if (!m->apic_known[c]) {
			*why = "a processor has no \"apicid\" line (not x86?)";
			goto out;
		}
		m->cpuinfo[c].reported = m->cpuinfo[c].has_pkg &&
					 m->cpuinfo[c].has_core;
	}
	ret = 0;
out:
	free(copy);
	return ret;
}

int parse_madt(const uint8_t *buf, size_t len, uint32_t *ids, unsigned max,
	       unsigned *nr, const char **why)
{
	size_t total, off;

	*nr = 0;
	if (len < MADT_HEADER_LEN || memcmp(buf, "APIC", 4)) {
		*why = "not an ACPI MADT (signature \"APIC\" missing)";
		return -1;
	}
	total = get_le32(buf + 4);
	if (total < MADT_HEADER_LEN || total > len) {
		*why = "MADT length field does not match the file";
		return -1;
	}
	for (off = MADT_HEADER_LEN; off + 2 <= total; off += buf[off + 1]) {
		const uint8_t *e = buf + off;
		uint32_t id, flags;

		if (e[1] < 2 || off + e[1] > total) {
			*why = "MADT entry runs past the end of the table";
			return -1;
		}
		if (e[0] == 0 && e[1] >= 8) {		/* Processor Local APIC */
			id = e[3];
			flags = get_le32(e + 4);
		} else if (e[0] == 9 && e[1] >= 16) {	/* Local x2APIC */
			id = get_le32(e + 4);
			flags = get_le32(e + 8);
		} else {
			continue;
		}
		/* bit 0: enabled, bit 1: online capable (ACPI 6.3) */
		if (!(flags & 3) || *nr >= max)
			continue;
		ids[(*nr)++] = id;
	}
	return 0;
}

int iomem_parse_line(const char *line, struct iomem_entry *e)
{
	const char *entry = line + strspn(line, " ");
	unsigned long long s, end;
	int name_at = 0;

	if (sscanf(entry, "%llx-%llx : %n", &s, &end, &name_at) != 2 ||
	    !name_at || end < s)
		return -1;
	e->start = s;
	e->end = end;
	e->name = entry + name_at;
	e->nested = entry != line;
	return 0;
}

static int parse_iomem(const char *text, struct mint_machine *m,
		       const char **why)
{
	char *copy = strdup(text), *save = NULL, *line;
	int ret = -1;

	if (!copy) {
		*why = "out of memory";
		return -1;
	}
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct iomem_entry e;

		if (isspace((unsigned char)line[0]))
			continue;	/* only top-level resources */
		if (iomem_parse_line(line, &e) || e.end == UINT64_MAX) {
			*why = "unexpected line format";
			goto out;
		}
		if (machine_add_mem(m, e.start, e.end + 1, e.name)) {
			*why = "too many entries";
			goto out;
		}
	}
	ret = 0;
out:
	free(copy);
	return ret;
}

static int read_text(const char *sysroot, const char *path, char **text,
		     char *full, size_t full_len)
{
	size_t len;

	sysroot_path(full, full_len, sysroot, path);
	return read_whole_file(full, MINT_CONFIG_FILE_MAX, text, &len);
}

static int read_hex_file(const char *path, uint64_t *v)
{
	const char *why;
	char *text;
	size_t len;
	int ret;

	if (read_whole_file(path, 64, &text, &len))
		return -1;
	text[strcspn(text, "\n")] = '\0';
	ret = parse_u64(text, v, &why);
	free(text);
	return ret;
}

static int read_memmap_dir(struct mint_machine *m, const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	char path[4600];
	int ret = 0;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		uint64_t start, end;
		char *type;
		size_t len;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "%s/%s/start", dir, de->d_name);
		if (read_hex_file(path, &start))
			goto bad;
		snprintf(path, sizeof(path), "%s/%s/end", dir, de->d_name);
		if (read_hex_file(path, &end) || end < start ||
		    end == UINT64_MAX)
			goto bad;
		snprintf(path, sizeof(path), "%s/%s/type", dir, de->d_name);
		if (read_whole_file(path, 64, &type, &len))
			goto bad;
		type[strcspn(type, "\n")] = '\0';
		ret = machine_add_mem(m, start, end + 1, type);
		free(type);
		if (ret)
			goto bad;
	}
	closedir(d);
	return 0;
bad:
	p_err("%s: unreadable or malformed entry", path);
	closedir(d);
	return 1;
}

static int discover_cpus(struct mint_machine *m, const char *sysroot)
{
	uint32_t madt[MINT_MAX_CORES];
	unsigned nr_madt = 0, next = 0;
	char path[4200], buf[160];
	const char *why;
	char *text;
	size_t len;
	int rc;

	if (read_text(sysroot, "/proc/cpuinfo", &text, path, sizeof(path))) {
		p_err("%s: %s", path, strerror(errno));
		return MINT_ERR_RUNTIME;
	}
	rc = parse_cpuinfo(text, m, &why);
	free(text);
	if (rc) {
		p_err("%s: %s", path, why);
		return MINT_ERR_RUNTIME;
	}

	if (read_text(sysroot, "/sys/devices/system/cpu/present", &text, path,
		      sizeof(path))) {
		p_err("%s: %s", path, strerror(errno));
		return MINT_ERR_RUNTIME;
	}
	text[strcspn(text, "\n")] = '\0';
	rc = cores_parse(text, &m->present, buf, sizeof(buf), &why);
	free(text);
	if (rc) {
		p_err("%s: %s", path, why);
		return MINT_ERR_RUNTIME;
	}
	if (cores_first_missing(&m->online, &m->present) >= 0) {
		p_err("%s: an online CPU is not listed as present", path);
		return MINT_ERR_RUNTIME;
	}
	if (cores_first_missing(&m->present, &m->online) < 0)
		return MINT_OK;		/* every present CPU is online */

	sysroot_path(path, sizeof(path), sysroot,
		     "/sys/firmware/acpi/tables/APIC");
	if (read_whole_file(path, MINT_CONFIG_FILE_MAX, &text, &len)) {
		p_err("%s: %s (needed for the APIC IDs of CPUs that are present but not online)",
		      path, strerror(errno));
		return MINT_ERR_RUNTIME;
	}
	rc = parse_madt((const uint8_t *)text, len, madt, MINT_MAX_CORES,
			&nr_madt, &why);
	free(text);
	if (rc) {
		p_err("%s: %s", path, why);
		return MINT_ERR_RUNTIME;
	}
	m->madt_used = true;
	/* Ascending APIC ID order, skipping those online CPUs already have. */
	for (unsigned i = 1; i < nr_madt; i++)
		for (unsigned j = i; j > 0 && madt[j - 1] > madt[j]; j--) {
			uint32_t t = madt[j];

			madt[j] = madt[j - 1];
			madt[j - 1] = t;
		}
	for (int c = cores_next(&m->present, 0); c >= 0;
	     c = cores_next(&m->present, c + 1)) {
		if (m->apic_known[c])
			continue;
		for (;;) {
			bool taken = false;

			if (next >= nr_madt) {
				p_err("%s: lists fewer usable CPUs than %s says are present",
				      path, "/sys/devices/system/cpu/present");
				return MINT_ERR_RUNTIME;
			}
			for (int o = cores_next(&m->online, 0); o >= 0;
			     o = cores_next(&m->online, o + 1))
				taken |= m->apic_id[o] == madt[next];
			if (!taken)
				break;
			next++;
		}
		m->apic_id[c] = madt[next++];
		m->apic_known[c] = true;
	}
	return MINT_OK;
}

static int discover_memory(struct mint_machine *m, const char *sysroot)
{
	char path[4200];
	const char *why;
	char *text;
	int rc;

	sysroot_path(path, sizeof(path), sysroot, "/sys/firmware/memmap");
	rc = read_memmap_dir(m, path);
	if (rc > 0)
		return MINT_ERR_RUNTIME;
	if (rc == 0 && m->nr_map) {
		m->map_source = "/sys/firmware/memmap";
	} else {
		m->nr_map = 0;
		m->ram_end = m->ram_total = 0;
		if (read_text(sysroot, "/proc/iomem", &text, path,
			      sizeof(path))) {
			p_err("%s: %s (and no /sys/firmware/memmap)", path,
			      strerror(errno));
			return MINT_ERR_RUNTIME;
		}
		rc = parse_iomem(text, m, &why);
		free(text);
		if (rc) {
			p_err("%s: %s", path, why);
			return MINT_ERR_RUNTIME;
		}
		m->map_source = "/proc/iomem";
	}
	if (!m->ram_total) {
		p_err("%s%s: no \"System RAM\" entries (reading /proc/iomem needs root)",
		      sysroot ? sysroot : "", m->map_source);
		return MINT_ERR_RUNTIME;
	}
	return MINT_OK;
}

#define SRAT_PATH	"/sys/firmware/acpi/tables/SRAT"

/* No SRAT: one NUMA node. An SRAT we cannot parse: an error, never a guess. */
static int discover_numa(struct mint_machine *m, const char *sysroot)
{
	struct mint_srat *srat;
	char path[4200];
	const char *why;
	char *text;
	size_t len;
	int rc;

	sysroot_path(path, sizeof(path), sysroot, SRAT_PATH);
	if (read_whole_file(path, MINT_CONFIG_FILE_MAX, &text, &len)) {
		if (errno != ENOENT)
			p_warn("%s: %s; NUMA nodes unknown, planning as if the machine had one",
			       path, strerror(errno));
		return MINT_OK;
	}
	srat = malloc(sizeof(*srat));
	if (!srat) {
		free(text);
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	rc = parse_srat((const uint8_t *)text, len, srat, &why);
	free(text);
	if (rc) {
		p_err("%s: %s", path, why);
		free(srat);
		return MINT_ERR_RUNTIME;
	}
	numa_apply(m, srat, SRAT_PATH);
	free(srat);
	return MINT_OK;
}

int mint_machine_discover(struct mint_machine *m, const char *sysroot)
{
	int rc;

	memset(m, 0, sizeof(*m));
	rc = discover_cpus(m, sysroot);
	if (!rc)
		rc = discover_memory(m, sysroot);
	if (!rc)
		rc = discover_numa(m, sysroot);
	if (!rc)
		topology_derive(m);	/* after NUMA: it breaks ties with it */
	return rc;
}
