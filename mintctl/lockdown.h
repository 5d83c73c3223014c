/* SPDX-License-Identifier: GPL-2.0-only */
/* The kernel's lockdown state, as securityfs shows it. */
#ifndef MINT_LOCKDOWN_H
#define MINT_LOCKDOWN_H

#define MINT_LOCKDOWN_PATH "/sys/kernel/security/lockdown"

/*
 * "integrity" or "confidentiality" if the kernel below sysroot (NULL: this
 * one) is locked down, NULL if not or if securityfs does not say.
 */
const char *mint_lockdown_mode(const char *sysroot);

#endif
