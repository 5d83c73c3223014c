// SPDX-License-Identifier: GPL-2.0-only
/*
 * The JSON writer behind every --json document: escaping, commas, nesting.
 * It writes into a memory stream and hands the stream over only whole.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "errors.h"
#include "json.h"

void json_init(struct json *j, FILE *out)
{
	j->out = out;
	j->text = NULL;
	j->len = 0;
	j->depth = 0;
	j->need_comma[0] = false;
	j->buf = open_memstream(&j->text, &j->len);
	j->failed = !j->buf;
}

static void put_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			fprintf(out, "\\%c", *c);
		else if (*c < 0x20 || *c == 0x7f)
			fprintf(out, "\\u%04x", *c);
		else
			fputc(*c, out);
	}
	fputc('"', out);
}

/* False once the document is broken: every later call writes nothing. */
static bool prefix(struct json *j, const char *key)
{
	if (j->failed)
		return false;
	if (j->need_comma[j->depth])
		fputc(',', j->buf);
	j->need_comma[j->depth] = true;
	if (key) {
		put_string(j->buf, key);
		fputc(':', j->buf);
	}
	return true;
}

static void open_(struct json *j, const char *key, char c)
{
	if (!prefix(j, key))
		return;
	if (j->depth + 1 >= JSON_MAX_DEPTH) {
		j->failed = true;
		return;
	}
	fputc(c, j->buf);
	j->depth++;
	j->need_comma[j->depth] = false;
}

static void close_(struct json *j, char c)
{
	if (j->failed)
		return;
	if (j->depth == 0) {
		j->failed = true;
		return;
	}
	fputc(c, j->buf);
	j->depth--;
}

void json_begin_object(struct json *j, const char *key)
{
	open_(j, key, '{');
}

void json_end_object(struct json *j)
{
	close_(j, '}');
}

void json_begin_array(struct json *j, const char *key)
{
	open_(j, key, '[');
}

void json_end_array(struct json *j)
{
	close_(j, ']');
}

void json_u64(struct json *j, const char *key, uint64_t v)
{
	if (prefix(j, key))
		fprintf(j->buf, "%" PRIu64, v);
}

void json_bool(struct json *j, const char *key, bool v)
{
	if (prefix(j, key))
		fputs(v ? "true" : "false", j->buf);
}

void json_string(struct json *j, const char *key, const char *s)
{
	if (prefix(j, key))
		put_string(j->buf, s);
}

void json_null(struct json *j, const char *key)
{
	if (prefix(j, key))
		fputs("null", j->buf);
}

void json_range(struct json *j, const char *key, uint64_t start,
		uint64_t size)
{
	json_begin_object(j, key);
	json_u64(j, "start", start);
	json_u64(j, "size", size);
	json_end_object(j);
}

int json_finish(struct json *j)
{
	bool ok;

	if (j->buf && fclose(j->buf))
		j->failed = true;
	ok = !j->failed && j->depth == 0 && j->len;
	if (ok) {
		fwrite(j->text, 1, j->len, j->out);
		fputc('\n', j->out);
	}
	free(j->text);
	j->buf = NULL;
	j->text = NULL;
	if (!ok) {
		p_err("internal error: malformed JSON document (nesting deeper than %d levels, or unbalanced)",
		      JSON_MAX_DEPTH - 1);
		return MINT_ERR_RUNTIME;
	}
	return MINT_OK;
}
