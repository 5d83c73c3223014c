/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Mint boot data: the SETUP_MINT setup_data payload a secondary kernel
 * reads (struct mint_boot_data of include/uapi/linux/mint_node.h, then the
 * layout descriptor), and the node 0 facts it carries.
 */
#ifndef MINT_BOOTDATA_H
#define MINT_BOOTDATA_H

#include <stddef.h>
#include <stdint.h>

#include "planner.h"

/* Where node 0's kernel publishes its timer rates (decimal kHz). */
#define MINT_TSC_KHZ_PATH	"/sys/kernel/mint/tsc_khz"
#define MINT_APIC_KHZ_PATH	"/sys/kernel/mint/apic_khz"

struct mint_rates {
	uint32_t tsc_khz, apic_khz;
};

/* Read node 0's rates below sysroot. MINT_OK or MINT_ERR_RUNTIME. */
int mint_rates_read(const char *sysroot, struct mint_rates *r);

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
