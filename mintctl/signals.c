// SPDX-License-Identifier: GPL-2.0-only
/* Stop signals as a flag (signals.h). */
#include <string.h>

#include "signals.h"

volatile sig_atomic_t mint_stop_signal;

static void on_stop(int sig)
{
	mint_stop_signal = sig;
}

void mint_catch_stop_signals(void)
{
	static const int stops[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	for (unsigned i = 0; i < sizeof(stops) / sizeof(stops[0]); i++)
		sigaction(stops[i], &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}
