// SPDX-License-Identifier: GPL-2.0-only
/*
 * The output layer for people, modelled on bpftool's: p_err(), p_warn()
 * and p_info() print every message in one shape, naming the running
 * command; p_err() also keeps its message for the --json error object.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "errors.h"

bool mint_err_quiet;

static char kept[MINT_ERR_KEEP][1024];
static unsigned nr_kept;
static mint_msg_fn *capture;
static void *capture_arg;
static const char *command;

void mint_msg_command(const char *name)
{
	command = name;
}

const char *mint_msg_command_name(void)
{
	return command;
}

void mint_msg_capture(mint_msg_fn *fn, void *arg)
{
	capture = fn;
	capture_arg = arg;
}

unsigned mint_err_count(void)
{
	return nr_kept;
}

const char *mint_err_message(unsigned i)
{
	return i < nr_kept ? kept[i] : NULL;
}

/*
 * at: a message about a setting (p_*_at), which its location names
 * instead of the command. The command stays out of doctor's findings.
 */
static void vprint(const char *kind, bool at, const struct mint_loc *loc,
		   const char *section, const char *key, const char *fmt,
		   va_list ap)
{
	char msg[8192];
	size_t n = 0;
	const char *cmd = !at && command ? command : NULL;

	if (mint_err_quiet)
		return;
	/* The command first, so the --json error object keeps it too. */
	if (cmd && !capture)
		n = (size_t)snprintf(msg, sizeof(msg), "%s: ", cmd);
	if (loc && loc->file) {
		if (loc->line > 0)
			n += (size_t)snprintf(msg + n, sizeof(msg) - n, "%s:%d: ",
					      loc->file, loc->line);
		else
			n += (size_t)snprintf(msg + n, sizeof(msg) - n, "%s: ",
					      loc->file);
	}
	if (section && n < sizeof(msg))
		n += (size_t)snprintf(msg + n, sizeof(msg) - n, "[%s] ", section);
	if (key && n < sizeof(msg))
		n += (size_t)snprintf(msg + n, sizeof(msg) - n, "%s: ", key);
	if (n < sizeof(msg))
		vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	if (capture) {
		if (!kind || kind[0])
			capture(!kind, msg, capture_arg);
		return;
	}
	fprintf(stderr, "mintctl: %s%s\n", kind ? kind : "", msg);
	/* Warnings and context do not fail a command; errors go into the object. */
	if (!kind && nr_kept < MINT_ERR_KEEP) {
		n = strnlen(msg, sizeof(kept[0]) - 1);
		memcpy(kept[nr_kept], msg, n);
		kept[nr_kept++][n] = '\0';
	}
}

void p_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(NULL, false, NULL, NULL, NULL, fmt, ap);
	va_end(ap);
}

void p_err_at(const struct mint_loc *loc, const char *section,
	      const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(NULL, true, loc, section, key, fmt, ap);
	va_end(ap);
}

void p_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint("warning: ", false, NULL, NULL, NULL, fmt, ap);
	va_end(ap);
}

void p_warn_at(const struct mint_loc *loc, const char *section,
	       const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint("warning: ", true, loc, section, key, fmt, ap);
	va_end(ap);
}

void p_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint("", false, NULL, NULL, NULL, fmt, ap);
	va_end(ap);
}
