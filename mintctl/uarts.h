/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Legacy UARTs (ttyS0-ttyS3) and the nodes that drive them. A UART is one
 * index/data register set: two kernels driving it garble each other, so
 * each belongs to one node, and node 0's console is node 0's.
 */
#ifndef MINT_UARTS_H
#define MINT_UARTS_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

#define MINT_NR_UARTS 4

/* I/O port of ttySn (n < MINT_NR_UARTS), e.g. 0x2f8 for ttyS1. */
unsigned mint_uart_port(unsigned n);

/*
 * True for "reserve=" values that list only whole legacy UARTs, as
 * "0x2f8,8,0x3e8,8": what mintctl partition writes for secondaries' UARTs.
 */
bool mint_uart_reserve(const char *value, size_t len);

/*
 * Bit N set for each ttySN (N < MINT_NR_UARTS) that a kernel command line
 * drives: console=ttySN and earlyprintk=[serial,]ttySN.
 */
unsigned mint_cmdline_uarts(const char *cmdline);

/*
 * The same, with node 0's running command line from sysroot's
 * /proc/cmdline when this is node 0 (not a secondary, which has
 * /sys/firmware/mint).
 */
int mint_check_uarts_here(const struct mint_config *cfg, const char *sysroot,
			  int node, const char *cmdline);

#endif
