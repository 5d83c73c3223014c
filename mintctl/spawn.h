/* SPDX-License-Identifier: GPL-2.0-only */
/* Running another program: kexec for partition and doctor, systemctl for autostart. */
#ifndef MINT_SPAWN_H
#define MINT_SPAWN_H

#include <stddef.h>

/*
 * Run argv[0] (looked up in PATH) with argv and wait for it. out NULL: it
 * shares our stdout and stderr; else both are read into out (at most
 * len - 1 bytes kept, NUL-terminated). Returns its exit status, 127 if it
 * could not be started, or -1 after a message when fork, a pipe
 * or the wait failed or a signal killed it.
 */
int spawn_run(char *const argv[], char *out, size_t len);

#endif
