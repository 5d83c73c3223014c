/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A tiny TAP harness for C unit tests. tests/check.sh counts the
 * "ok"/"not ok" lines, so every assertion that fails fails `make check`.
 */
#ifndef MINT_TESTS_TAP_H
#define MINT_TESTS_TAP_H

#include <stdio.h>

static int tap_count;
static int tap_failed;
static int tap_case_failed;

/* Report a failed assertion inside the current case; the case goes on. */
#define TAP_CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			printf("# %s:%d: check failed: %s\n",		\
			       __FILE__, __LINE__, #cond);		\
			tap_case_failed = 1;				\
		}							\
	} while (0)

/* Run one case: a function taking no arguments and returning void. */
#define TAP_RUN(fn)							\
	do {								\
		tap_case_failed = 0;					\
		fn();							\
		tap_count++;						\
		if (tap_case_failed)					\
			tap_failed++;					\
		printf("%sok %d - %s\n", tap_case_failed ? "not " : "",	\
		       tap_count, #fn);					\
		fflush(stdout);						\
	} while (0)

/* Print the plan and return the process exit status. */
static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
