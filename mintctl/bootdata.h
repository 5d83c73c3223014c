/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Mint boot data: the SETUP_MINT setup_data payload a secondary kernel
 * reads (struct mint_boot_data of include/uapi/linux/mint_node.h, then the
 * layout descriptor), and the node 0 facts it carries.
 */
#ifndef MINT_BOOTDATA_H
#define MINT_BOOTDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "planner.h"

/* Where node 0's kernel publishes its timer rates (decimal kHz). */
#define MINT_TSC_KHZ_PATH	"/sys/kernel/mint/tsc_khz"
#define MINT_APIC_KHZ_PATH	"/sys/kernel/mint/apic_khz"
/* And its APIC mode, 1 for x2APIC, which every node must share. */
#define MINT_X2APIC_PATH	"/sys/kernel/mint/x2apic"

/*
 * The sign that node 0's kernel has settled its TSC rate. Its first rate
 * comes from a fast calibration; unless the rate was known from CPUID or an
 * MSR, tsc_refine_calibration_work (arch/x86/kernel/tsc.c) measures it again
 * against the HPET or PM timer over about a second and may change tsc_khz.
 * Until that work ends, the TSC is registered as clocksource "tsc-early";
 * the work sets the final tsc_khz, then registers "tsc" and unregisters
 * "tsc-early". When the TSC is unstable or unsynchronized, the work (or
 * init_tsc_clocksource) only unregisters "tsc-early" and tsc_khz stays as
 * it is, or "tsc-early" never exists. So the rate may still change only
 * while this list names "tsc-early" and not "tsc". (The list hides sources
 * not valid for high-res timers once the tick is one-shot; "tsc-early" is
 * the current source or gets that mark from the clocksource watchdog, so it
 * hides in practice only once marked unstable, and then the work leaves
 * tsc_khz alone.)
 */
#define MINT_CLOCKSOURCES_PATH \
	"/sys/devices/system/clocksource/clocksource0/available_clocksource"
/* The work ends about 1 s after the kernel's initcalls: wait at most this. */
#define MINT_TSC_REFINE_WAIT_S	3

struct mint_rates {
	uint32_t tsc_khz, apic_khz;
	bool x2apic;		/* node 0 runs x2APIC: MINT_BOOT_X2APIC */
};

/* Read node 0's rates and APIC mode below sysroot. MINT_OK or MINT_ERR_RUNTIME. */
int mint_rates_read(const char *sysroot, struct mint_rates *r);
/* The same without a message, where the rates are optional (status). */
int mint_rates_try_read(const char *sysroot, struct mint_rates *r);

/*
 * Whether the clocksource list text (MINT_CLOCKSOURCES_PATH, names
 * separated by blanks) says node 0's kernel may still refine tsc_khz.
 */
bool mint_tsc_refine_pending(const char *clocksources);

/*
 * I/O port of the legacy UART the node's console= names ("ttyS1" ->
 * 0x2f8), or 0 if the command line names none of ttyS0-3.
 */
uint16_t mint_console_port(const char *cmdline);

/*
 * The payload for node id of plan p: a malloc()ed struct mint_boot_data
 * followed by the descriptor blob. MINT_OK or MINT_ERR_RUNTIME.
 */
int mint_boot_data_build(const struct mint_plan *p, unsigned id,
			 const struct mint_rates *r, uint16_t console_port,
			 const void *desc, size_t desc_len, void **out,
			 size_t *out_len);

/* The setup_data type of the payload above (SETUP_MINT). */
uint32_t mint_boot_data_type(void);

#endif
