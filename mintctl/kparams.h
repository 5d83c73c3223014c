/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Node 0's kernel command line: the parameters a partition adds, removing
 * those a previous partition added (so re-partitioning is idempotent), and
 * quoting for shells and GRUB.
 */
#ifndef MINT_KPARAMS_H
#define MINT_KPARAMS_H

#include <stdbool.h>
#include <stddef.h>


/*
 * Copy cmdline to buf without the parameters we own, keeping everything
 * else (including quoted values) in order. -1 if buf is too small.
 */
int kparams_strip(const char *cmdline, char *buf, size_t len);

/*
 * Compare node 0's command line with the parameters a partition gives it
 * (want, from mint_plan_kparams()): fn gets each parameter of want that
 * cmdline lacks (missing true), then each one cmdline has that partition
 * owns but want does not name (missing false), e.g. an older plan's.
 */
typedef void kparams_diff_fn(const char *param, size_t len, bool missing,
			     void *arg);
void kparams_diff(const char *cmdline, const char *want, kparams_diff_fn *fn,
		  void *arg);

/* Shell-quote s with single quotes if needed. -1 if buf is too small. */
int shell_quote(const char *s, char *buf, size_t len);

/*
 * Escape for a double-quoted value in /etc/default/grub, which the shell
 * reads and grub-mkconfig copies into grub.cfg: '$' must reach grub.cfg
 * as "\$", so it is written "\\\$"; '"', '\' and '`' get one backslash.
 */
int grub_escape(const char *s, char *buf, size_t len);

#endif
