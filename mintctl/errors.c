// SPDX-License-Identifier: GPL-2.0-only
/* The single error printer, modelled on bpftool's p_err(), and p_warn(). */
#include <stdarg.h>
#include <stdio.h>

#include "errors.h"

bool mint_err_quiet;

static void vprint(const char *kind, const struct mint_loc *loc,
		   const char *section, const char *key, const char *fmt,
		   va_list ap)
{
	if (mint_err_quiet)
		return;
	fprintf(stderr, "mintctl: %s", kind);
	if (loc && loc->file) {
		if (loc->line > 0)
			fprintf(stderr, "%s:%d: ", loc->file, loc->line);
		else
			fprintf(stderr, "%s: ", loc->file);
	}
	if (section)
		fprintf(stderr, "[%s] ", section);
	if (key)
		fprintf(stderr, "%s: ", key);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void p_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint("", NULL, NULL, NULL, fmt, ap);
	va_end(ap);
}

void p_err_at(const struct mint_loc *loc, const char *section,
	      const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint("", loc, section, key, fmt, ap);
	va_end(ap);
}

void p_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint("warning: ", NULL, NULL, NULL, fmt, ap);
	va_end(ap);
}

void p_warn_at(const struct mint_loc *loc, const char *section,
	       const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint("warning: ", loc, section, key, fmt, ap);
	va_end(ap);
}
