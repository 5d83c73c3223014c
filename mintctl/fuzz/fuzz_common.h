/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the fuzz targets: the two recorded machines, built in memory
 * (no file access while fuzzing), and the round-trip oracle: any plan
 * must survive descriptor encode + decode unchanged.
 */
#ifndef MINT_FUZZ_COMMON_H
#define MINT_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "descriptor.h"
#include "machine.h"
#include "plan_print.h"
#include "planner.h"

/* tests/mintctl/sysroot/qemu-4cpu-2g and hw-8cpu-16g. */
static inline void fuzz_machines(struct mint_machine m[2])
{
	static const struct {
		uint64_t s, e;
		const char *t;
	} qemu[] = {
		{ 0x0, 0x9fc00, "System RAM" },
		{ 0x9fc00, 0xa0000, "Reserved" },
		{ 0xf0000, 0x100000, "Reserved" },
		{ 0x100000, 0x7ffe0000, "System RAM" },
		{ 0x7ffe0000, 0x80000000, "Reserved" },
		{ 0xfeffc000, 0xff000000, "Reserved" },
		{ 0xfffc0000, 0x100000000, "Reserved" },
	}, hw[] = {
		{ 0x0, 0x9d800, "System RAM" },
		{ 0x9d800, 0xa0000, "Reserved" },
		{ 0xe0000, 0x100000, "Reserved" },
		{ 0x100000, 0x80000000, "System RAM" },
		{ 0x80000000, 0x90000000, "Reserved" },
		{ 0x90000000, 0xa0000000, "ACPI Tables" },
		{ 0xfe000000, 0x100000000, "Reserved" },
		{ 0x100000000, 0x280000000, "System RAM" },
		{ 0x280000000, 0x2a0000000, "Reserved" },
		{ 0x2a0000000, 0x460000000, "System RAM" },
	};

	memset(m, 0, 2 * sizeof(m[0]));
	for (unsigned c = 0; c < 4; c++) {
		cores_add(&m[0].present, c);
		m[0].apic_id[c] = c;
		m[0].apic_known[c] = true;
	}
	for (unsigned c = 0; c < 8; c++) {
		cores_add(&m[1].present, c);
		m[1].apic_id[c] = 2 * c;
		m[1].apic_known[c] = true;
	}
	for (size_t i = 0; i < sizeof(qemu) / sizeof(qemu[0]); i++)
		machine_add_mem(&m[0], qemu[i].s, qemu[i].e, qemu[i].t);
	for (size_t i = 0; i < sizeof(hw) / sizeof(hw[0]); i++)
		machine_add_mem(&m[1], hw[i].s, hw[i].e, hw[i].t);
	m[0].map_source = m[1].map_source = "fuzz";
}

/* Encode, decode, compare; abort() on any difference. */
static inline void fuzz_round_trip(const struct mint_plan *p, uint64_t gen)
{
	static struct mint_plan back, layout;
	uint64_t gen2 = ~gen;
	void *blob;
	size_t len;

	if (mint_plan_check(p, "fuzz"))
		abort();	/* the planner produced a plan it would reject */
	if (mint_descriptor_encode(p, gen, &blob, &len))
		abort();
	if (mint_descriptor_decode(blob, len, "fuzz", &back, &gen2) ||
	    gen2 != gen)
		abort();
	layout = *p;
	mint_plan_drop_services(&layout);	/* the config's, not the layout's */
	if (memcmp(&layout, &back, sizeof(back)))
		abort();
	free(blob);
}

static inline FILE *fuzz_null(void)
{
	static FILE *null;

	if (!null)
		null = fopen("/dev/null", "w");
	if (!null)
		abort();
	return null;
}

#endif
