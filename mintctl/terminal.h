/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The terminal 'mintctl console' attaches: raw mode while attached, and
 * the saved mode back on every way out (return, exit, a stop signal).
 */
#ifndef MINT_TERMINAL_H
#define MINT_TERMINAL_H

/* Ctrl-]: leaves the console, as in telnet and virsh. */
#define TERM_ESCAPE	0x1d

/*
 * Put the terminal on fd in raw mode: bytes as typed, no echo, no signals
 * from keys (Ctrl-C goes to the node). 0, or -1 after a message.
 */
int term_raw(int fd);

/* The mode term_raw() saved, if it changed one; safe to call twice. */
void term_restore(void);

#endif
