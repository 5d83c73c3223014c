/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one JSON writer for --json output (schema: mintctl/JSON.md). A
 * document is built in memory and reaches its stream only whole: nesting
 * deeper than JSON_MAX_DEPTH, or an unbalanced end, makes json_finish()
 * an error and writes nothing, so a script never reads half a document.
 */
#ifndef MINT_JSON_H
#define MINT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *out;		/* where json_finish() puts the document */
	FILE *buf;		/* the document so far */
	char *text;
	size_t len;
	int depth;
	bool failed;		/* too deep, unbalanced, or out of memory */
	bool need_comma[JSON_MAX_DEPTH];
};

void json_init(struct json *j, FILE *out);
void json_begin_object(struct json *j, const char *key);	/* key NULL in arrays/top */
void json_end_object(struct json *j);
void json_begin_array(struct json *j, const char *key);
void json_end_array(struct json *j);
void json_u64(struct json *j, const char *key, uint64_t v);
void json_bool(struct json *j, const char *key, bool v);
void json_string(struct json *j, const char *key, const char *s);
void json_null(struct json *j, const char *key);
/* A memory range, the same shape everywhere: {"start": N, "size": N}. */
void json_range(struct json *j, const char *key, uint64_t start,
		uint64_t size);
/*
 * Writes the document and a newline to the stream: MINT_OK, or
 * MINT_ERR_RUNTIME after p_err() when it was malformed (nothing written).
 */
int json_finish(struct json *j);

#endif
