// SPDX-License-Identifier: GPL-2.0-only
/* The single error printer, modelled on bpftool's p_err(). */
#include <stdarg.h>
#include <stdio.h>

#include "errors.h"

bool mint_err_quiet;

void p_err(const char *fmt, ...)
{
	va_list ap;

	if (mint_err_quiet)
		return;
	va_start(ap, fmt);
	fputs("mintctl: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void p_err_at(const struct mint_loc *loc, const char *section,
	      const char *key, const char *fmt, ...)
{
	va_list ap;

	if (mint_err_quiet)
		return;
	va_start(ap, fmt);
	fputs("mintctl: ", stderr);
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
	va_end(ap);
}
