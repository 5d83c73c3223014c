/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One shape for every message: "mintctl: COMMAND: reason" once a command
 * runs, "mintctl: FILE:LINE: [section] key: reason" for a setting. Parts
 * that do not apply are left out. Exit codes follow the spec.
 */
#ifndef MINT_ERRORS_H
#define MINT_ERRORS_H

#include <stdbool.h>

enum mint_status {
	MINT_OK = 0,
	MINT_ERR_RUNTIME = 1,	/* the machine or the OS let us down */
	MINT_ERR_USAGE = 2,	/* bad command line, config or descriptor */
};

/* Where a setting came from: a file and line, or the command line. */
struct mint_loc {
	const char *file;
	int line;		/* 0: no line (whole file, command line) */
};

/* Fuzzers and unit tests silence messages; the CLI never does. */
extern bool mint_err_quiet;

/*
 * The running command (mintctl's dispatcher sets it; NULL: none yet).
 * p_err(), p_warn() and p_info() put "COMMAND: " before their message, so
 * callers never type it; messages about a setting (p_*_at) do not.
 */
void mint_msg_command(const char *name);
const char *mint_msg_command_name(void);

/*
 * The first MINT_ERR_KEEP error messages, without the "mintctl: " prefix:
 * under --json, main() prints them as the error object of a failure.
 */
#define MINT_ERR_KEEP 16
unsigned mint_err_count(void);
const char *mint_err_message(unsigned i);

/*
 * Until called again with NULL, p_err() and p_warn() messages go to fn,
 * formatted but without "mintctl: " and the command (error: false for a
 * warning), instead
 * of stderr and the --json error object, and p_info() ones nowhere:
 * mintctl doctor turns them into its findings.
 */
typedef void mint_msg_fn(bool error, const char *msg, void *arg);
void mint_msg_capture(mint_msg_fn *fn, void *arg);

__attribute__((format(printf, 1, 2)))
void p_err(const char *fmt, ...);

__attribute__((format(printf, 4, 5)))
void p_err_at(const struct mint_loc *loc, const char *section,
	      const char *key, const char *fmt, ...);

/*
 * The same shapes for something that works but is probably not what the
 * user wants: "mintctl: warning: COMMAND: reason" or "mintctl: warning:
 * FILE:LINE: [section] key: reason". The command still succeeds.
 */
__attribute__((format(printf, 1, 2)))
void p_warn(const char *fmt, ...);

__attribute__((format(printf, 4, 5)))
void p_warn_at(const struct mint_loc *loc, const char *section,
	       const char *key, const char *fmt, ...);

/*
 * Context for people, in the same shape, on stderr: "mintctl: COMMAND:
 * message" (what a failed node last reported, what mintctl does about
 * it). Never part of a --json error object.
 */
__attribute__((format(printf, 1, 2)))
void p_info(const char *fmt, ...);

#endif
