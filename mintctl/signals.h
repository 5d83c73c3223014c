/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * For the commands that run until told to stop (log -f, console, dump):
 * SIGINT, SIGTERM and SIGHUP only set a flag, so each can undo what it did
 * (the terminal's mode, a half-written file) on its one way out.
 */
#ifndef MINT_SIGNALS_H
#define MINT_SIGNALS_H

#include <signal.h>

/* The stop signal that came, 0 while none did. */
extern volatile sig_atomic_t mint_stop_signal;

/*
 * Catch the stop signals without SA_RESTART, so a blocking call returns
 * EINTR at once, and ignore SIGPIPE: a closed stdout is an EPIPE error.
 */
void mint_catch_stop_signals(void);

#endif
