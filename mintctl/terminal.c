// SPDX-License-Identifier: GPL-2.0-only
/* Raw mode and its undoing (terminal.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>

#include "errors.h"
#include "terminal.h"

static struct termios saved;
static int saved_fd = -1;

void term_restore(void)
{
	if (saved_fd < 0)
		return;
	tcsetattr(saved_fd, TCSAFLUSH, &saved);
	saved_fd = -1;
}

int term_raw(int fd)
{
	static bool registered;
	struct termios raw;

	if (tcgetattr(fd, &saved)) {
		p_err("cannot read the terminal's mode: %s",
		      strerror(errno));
		return -1;
	}
	raw = saved;
	cfmakeraw(&raw);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	/* Restore on exit() too, not only on the command's own return. */
	if (!registered && atexit(term_restore) == 0)
		registered = true;
	saved_fd = fd;
	if (tcsetattr(fd, TCSAFLUSH, &raw)) {
		saved_fd = -1;
		p_err("cannot put the terminal in raw mode: %s",
		      strerror(errno));
		return -1;
	}
	return 0;
}
