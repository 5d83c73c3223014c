// SPDX-License-Identifier: GPL-2.0-only
/*
 * Config parsing on top of inih. inih hands us (section, key, value) but
 * no line numbers (Debian builds it without INI_HANDLER_LINENO), so we feed
 * it lines through our own reader, which counts them and also sees section
 * headers: that is how duplicate and empty sections are caught, which inih
 * would silently merge or skip.
 *
 * Parsing stops at the first error; the earliest one (ours or an inih
 * syntax error) is reported.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "console_layout.h"
#include "fileio.h"
#include "numbers.h"

#define MSG_MAX 300

struct parse_err {
	bool set;
	struct mint_loc loc;
	char section[40];
	char key[40];
	char msg[MSG_MAX];
};

struct parse_ctx {
	struct mint_config *cfg;
	const char *text;
	size_t len, pos;
	int line;
	bool indented;		/* current line starts with whitespace */
	bool have_prev_key;	/* mirrors inih's prev_name */
	struct parse_err err;
};

enum section_kind { SEC_UNKNOWN, SEC_SHARED, SEC_VNI, SEC_NODE };

static void set_err(struct parse_err *e, const struct mint_loc *loc,
		    const char *section, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void set_err(struct parse_err *e, const struct mint_loc *loc,
		    const char *section, const char *key, const char *fmt, ...)
{
	va_list ap;

	if (e->set)
		return;
	e->set = true;
	e->loc = *loc;
	snprintf(e->section, sizeof(e->section), "%s", section ? section : "");
	snprintf(e->key, sizeof(e->key), "%s", key ? key : "");
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

static void print_err(const struct parse_err *e)
{
	p_err_at(&e->loc, e->section[0] ? e->section : NULL,
		 e->key[0] ? e->key : NULL, "%s", e->msg);
}

void mint_config_init(struct mint_config *cfg, const char *file)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->file = file;
	cfg->mtu = 1500;
	cfg->net = 0x0a4d0000;	/* 10.77.0.0/24 */
	cfg->prefix = 24;
	cfg->ring_entries = 512;	/* VNI_DEFAULT_*; checked by the planner */
	cfg->slot_size = 4096;
	cfg->pool_slots = 2048;
	cfg->queues = VNI_DEFAULT_QUEUES;
	cfg->console_log = MINT_CONSOLE_OUT_DEFAULT;
	for (unsigned i = 0; i < MINT_MAX_NODES; i++) {
		cfg->node[i].low_size = 128 * SZ_1K;
		snprintf(cfg->node[i].section, sizeof(cfg->node[i].section),
			 "node%u", i);
	}
}

/* "node12" -> 12; "node012", "node64", "nodex" -> -1. */
static int node_id_of(const char *section)
{
	const char *why;
	uint64_t id;

	if (strncmp(section, "node", 4) || !isdigit((unsigned char)section[4]))
		return -1;
	if (section[4] == '0' && section[5])
		return -1;
	for (const char *p = section + 4; *p; p++)
		if (!isdigit((unsigned char)*p))
			return -1;
	if (parse_u64(section + 4, &id, &why) || id >= MINT_MAX_NODES)
		return -1;
	return (int)id;
}

static enum section_kind section_kind(const char *section, int *id)
{
	*id = -1;
	if (!strcmp(section, "shared"))
		return SEC_SHARED;
	if (!strcmp(section, "vni"))
		return SEC_VNI;
	*id = node_id_of(section);
	return *id >= 0 ? SEC_NODE : SEC_UNKNOWN;
}

static const char unknown_section_msg[] =
	"unknown section (expected [shared], [vni] or [nodeN], N from 0 to 63)";

/* A section header: reject unknown and repeated ones. */
static void note_section(struct parse_ctx *ctx, const char *name)
{
	struct mint_config *cfg = ctx->cfg;
	struct mint_loc loc = { cfg->file, ctx->line };
	struct mint_loc *first;
	int id;

	switch (section_kind(name, &id)) {
	case SEC_SHARED:
		first = &cfg->shared_loc;
		break;
	case SEC_VNI:
		first = &cfg->vni_loc;
		break;
	case SEC_NODE:
		first = &cfg->node[id].loc;
		break;
	default:
		set_err(&ctx->err, &loc, name, NULL, "%s", unknown_section_msg);
		return;
	}
	if (first->line) {
		set_err(&ctx->err, &loc, name, NULL,
			"duplicate section (first defined on line %d)",
			first->line);
		return;
	}
	*first = loc;
	cfg->any_section = true;
	if (id >= 0)
		cfg->node[id].present = true;
}

/* Look at a raw line the way inih will, before inih does. */
static void note_line(struct parse_ctx *ctx, const char *line)
{
	const char *s = line;
	const char *end;
	char name[64];
	size_t n;

	if (ctx->line == 1 && !strncmp(s, "\xef\xbb\xbf", 3))
		s += 3;
	ctx->indented = (*s == ' ' || *s == '\t');
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || *s == '\n' || *s == '\r' || *s == ';' || *s == '#')
		return;
	if (ctx->indented && ctx->have_prev_key)
		return;		/* a continuation line */
	if (*s != '[') {
		ctx->have_prev_key = true;
		return;
	}
	ctx->have_prev_key = false;
	end = strchr(s, ']');
	if (!end)
		return;		/* inih reports the syntax error */
	n = (size_t)(end - s - 1);
	if (n >= sizeof(name)) {
		struct mint_loc loc = { ctx->cfg->file, ctx->line };

		set_err(&ctx->err, &loc, NULL, NULL, "section name too long");
		return;
	}
	memcpy(name, s + 1, n);
	name[n] = '\0';
	note_section(ctx, name);
}

static char *read_line(char *str, int num, void *stream)
{
	struct parse_ctx *ctx = stream;
	const char *start, *nl;
	size_t left, n;

	if (ctx->err.set || ctx->pos >= ctx->len)
		return NULL;
	start = ctx->text + ctx->pos;
	left = ctx->len - ctx->pos;
	nl = memchr(start, '\n', left);
	n = nl ? (size_t)(nl - start) + 1 : left;
	ctx->line++;
	if (n + 1 > (size_t)num) {
		struct mint_loc loc = { ctx->cfg->file, ctx->line };

		set_err(&ctx->err, &loc, NULL, NULL,
			"line is longer than %d characters", num - 2);
		return NULL;
	}
	if (memchr(start, '\0', n)) {
		struct mint_loc loc = { ctx->cfg->file, ctx->line };

		set_err(&ctx->err, &loc, NULL, NULL,
			"line contains a NUL byte (not a text file?)");
		return NULL;
	}
	memcpy(str, start, n);
	str[n] = '\0';
	ctx->pos += n;
	note_line(ctx, str);
	return str;
}

/* "02:4d:49:4e:54:01" -> 6 bytes; unicast and non-zero. */
static int parse_mac(const char *s, uint8_t mac[6], const char **why)
{
	unsigned v[6];
	int used = 0;

	if (strlen(s) != 17 ||
	    sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%n", &v[0], &v[1], &v[2], &v[3],
		   &v[4], &v[5], &used) != 6 || used != 17) {
		*why = "expected six hex bytes like 02:4d:49:4e:54:01";
		return -1;
	}
	for (int i = 0; i < 17; i++) {
		if ((i % 3 == 2) != (s[i] == ':') ||
		    (i % 3 != 2 && !isxdigit((unsigned char)s[i]))) {
			*why = "expected six hex bytes like 02:4d:49:4e:54:01";
			return -1;
		}
	}
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	if (mac[0] & 1) {
		*why = "multicast address (lowest bit of the first byte set)";
		return -1;
	}
	if (!(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5])) {
		*why = "all-zero address";
		return -1;
	}
	return 0;
}

int parse_prefix(const char *s, uint32_t *net, uint32_t *len, char *buf,
		 size_t buflen, const char **why)
{
	const char *slash = strchr(s, '/');
	char addr[INET_ADDRSTRLEN];
	struct in_addr in;
	uint64_t plen;
	uint32_t a, mask;

	if (!slash || (size_t)(slash - s) >= sizeof(addr)) {
		*why = "expected an IPv4 prefix like 10.77.0.0/24";
		return -1;
	}
	memcpy(addr, s, (size_t)(slash - s));
	addr[slash - s] = '\0';
	if (inet_pton(AF_INET, addr, &in) != 1) {
		*why = "expected an IPv4 prefix like 10.77.0.0/24";
		return -1;
	}
	if (parse_u64(slash + 1, &plen, why))
		return -1;
	if (plen < 8 || plen > 30) {
		*why = "prefix length must be between 8 and 30";
		return -1;
	}
	a = ntohl(in.s_addr);
	mask = ~0u << (32 - plen);
	if (a & ~mask) {
		struct in_addr fixed = { htonl(a & mask) };
		char tmp[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &fixed, tmp, sizeof(tmp));
		snprintf(buf, buflen, "host bits are set (did you mean %s/%u?)",
			 tmp, (unsigned)plen);
		*why = buf;
		return -1;
	}
	*net = a;
	*len = (uint32_t)plen;
	return 0;
}

static int parse_name(const char *s, const char **why)
{
	size_t n = strlen(s);

	if (!n || n >= MINT_NAME_MAX) {
		*why = "name must be 1 to 31 characters";
		return -1;
	}
	if (!isalnum((unsigned char)s[0])) {
		*why = "name must start with a letter or digit";
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i])) {
			*why = "name may only use letters, digits, '.', '_' and '-'";
			return -1;
		}
	}
	return 0;
}

static int parse_u32_in(const char *s, uint32_t lo, uint32_t hi, uint32_t *out,
			char *buf, size_t len, const char **why)
{
	uint64_t v;

	if (parse_u64(s, &v, why))
		return -1;
	if (v < lo || v > hi) {
		snprintf(buf, len, "%s is out of range (%u to %u)", s, lo, hi);
		*why = buf;
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

/* Copy a string value, dropping one pair of surrounding double quotes. */
static int copy_string(char *dst, size_t cap, const char *v, const char **why)
{
	size_t n = strlen(v);

	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v++;
		n -= 2;
	}
	if (n >= cap) {
		*why = "value too long";
		return -1;
	}
	memcpy(dst, v, n);
	dst[n] = '\0';
	return 0;
}

const char *mint_restart_name(enum mint_restart r)
{
	return r == MINT_RESTART_ON_CRASH ? "on-crash" : "no";
}

/* autostart = yes|no, restart = no|on-crash: one of two words. */
static int parse_choice(const char *v, const char *no, const char *yes,
			bool *out, char *buf, size_t len, const char **why)
{
	*out = !strcmp(v, yes);
	if (*out || !strcmp(v, no))
		return 0;
	snprintf(buf, len, "expected %s or %s", yes, no);
	*why = buf;
	return -1;
}

/*
 * Claim a setting. In a file a key may appear once per section; a
 * command-line override replaces whatever the file said.
 */
static int claim(struct parse_err *err, struct mint_setting *s,
		 const struct mint_loc *loc, const char *section,
		 const char *key)
{
	if (s->set && loc->line && s->loc.line) {
		set_err(err, loc, section, key,
			"duplicate key (first set on line %d)", s->loc.line);
		return -1;
	}
	s->set = true;
	s->loc = *loc;
	return 0;
}

static int set_node_key(struct mint_config *cfg, struct parse_err *err,
			unsigned id, const char *key, const char *value,
			const struct mint_loc *loc, bool continuation)
{
	struct mint_node_cfg *n = &cfg->node[id];
	const char *sec = n->section;
	const char *why = NULL;
	char buf[160];
	int has;

	if (continuation) {
		size_t used = strlen(n->cmdline);

		if (strcmp(key, "cmdline")) {
			set_err(err, loc, sec, key,
				"indented continuation lines are only allowed for cmdline");
			return -1;
		}
		if (used + 1 + strlen(value) >= sizeof(n->cmdline)) {
			set_err(err, loc, sec, key,
				"longer than %d characters", MINT_CMDLINE_MAX - 1);
			return -1;
		}
		snprintf(n->cmdline + used, sizeof(n->cmdline) - used,
			 "%s%s", used ? " " : "", value);
		return 0;
	}

	if (!strcmp(key, "cores")) {
		if (claim(err, &n->cores_s, loc, sec, key))
			return -1;
		if (cores_parse(value, &n->cores, buf, sizeof(buf), &why))
			goto bad;
	} else if (!strcmp(key, "memory") || !strcmp(key, "lowmem")) {
		bool low = key[0] == 'l';
		uint64_t size, addr;

		if (id == 0) {
			set_err(err, loc, sec, key,
				"node 0 keeps all memory not given to other nodes; remove this key");
			return -1;
		}
		if (claim(err, low ? &n->lowmem_s : &n->memory_s, loc, sec, key))
			return -1;
		if (parse_size_at(value, &size, &addr, &has, &why))
			goto bad;
		if (low) {
			n->low_size = size;
			n->low_base = addr;
			n->low_base_set = has;
		} else {
			n->mem_size = size;
			n->mem_base = addr;
			n->mem_base_set = has;
		}
	} else if (!strcmp(key, "name")) {
		if (claim(err, &n->name_s, loc, sec, key))
			return -1;
		if (parse_name(value, &why))
			goto bad;
		snprintf(n->name, sizeof(n->name), "%s", value);
	} else if (!strcmp(key, "mac")) {
		if (claim(err, &n->mac_s, loc, sec, key))
			return -1;
		if (parse_mac(value, n->mac, &why))
			goto bad;
	} else if (!strcmp(key, "kernel") || !strcmp(key, "initrd")) {
		bool k = key[0] == 'k';

		if (claim(err, k ? &n->kernel_s : &n->initrd_s, loc, sec, key))
			return -1;
		if (copy_string(k ? n->kernel : n->initrd, MINT_PATH_MAX, value,
				&why))
			goto bad;
		if (!(k ? n->kernel : n->initrd)[0]) {
			why = "empty path";
			goto bad;
		}
	} else if (!strcmp(key, "cmdline")) {
		if (claim(err, &n->cmdline_s, loc, sec, key))
			return -1;
		if (copy_string(n->cmdline, sizeof(n->cmdline), value, &why))
			goto bad;
	} else if (!strcmp(key, "autostart") || !strcmp(key, "restart")) {
		bool start = key[0] == 'a', yes;

		if (id == 0) {
			set_err(err, loc, sec, key,
				"node 0 boots from the firmware, not from a unit; remove this key");
			return -1;
		}
		if (claim(err, start ? &n->autostart_s : &n->restart_s, loc, sec,
			  key))
			return -1;
		if (parse_choice(value, "no", start ? "yes" : "on-crash", &yes,
				 buf, sizeof(buf), &why))
			goto bad;
		if (start)
			n->autostart = yes;
		else
			n->restart = yes ? MINT_RESTART_ON_CRASH : MINT_RESTART_NO;
	} else {
		set_err(err, loc, sec, key,
			"unknown key (expected cores, memory, lowmem, name, mac, kernel, initrd, cmdline, autostart or restart)");
		return -1;
	}
	return 0;
bad:
	set_err(err, loc, sec, key, "\"%s\": %s", value, why);
	return -1;
}

static int set_key(struct mint_config *cfg, struct parse_err *err,
		   const char *section, const char *key, const char *value,
		   const struct mint_loc *loc, bool continuation)
{
	const char *why = NULL;
	char buf[160];
	uint64_t v;
	int id;

	if (!section[0]) {
		set_err(err, loc, NULL, key, "key outside any section");
		return -1;
	}
	switch (section_kind(section, &id)) {
	case SEC_NODE:
		return set_node_key(cfg, err, (unsigned)id, key, value, loc,
				    continuation);
	case SEC_UNKNOWN:
		set_err(err, loc, section, NULL, "%s", unknown_section_msg);
		return -1;
	default:
		break;
	}
	if (continuation) {
		set_err(err, loc, section, key,
			"indented continuation lines are only allowed for cmdline");
		return -1;
	}

	if (!strcmp(section, "shared")) {
		if (!strcmp(key, "size")) {
			if (claim(err, &cfg->shared_size_s, loc, section, key))
				return -1;
			if (parse_size(value, &cfg->shared_size, &why))
				goto bad;
		} else if (!strcmp(key, "base")) {
			if (claim(err, &cfg->shared_base_s, loc, section, key))
				return -1;
			if (parse_u64(value, &cfg->shared_base, &why))
				goto bad;
		} else if (!strcmp(key, "console_log")) {
			if (claim(err, &cfg->console_log_s, loc, section, key))
				return -1;
			if (parse_size(value, &v, &why))
				goto bad;
			if (!mint_console_ring_size_ok(v)) {
				why = "the console log of each node must be a power of two from 4K to 16M";
				goto bad;
			}
			cfg->console_log = (uint32_t)v;
		} else {
			set_err(err, loc, section, key,
				"unknown key (expected size, base or console_log)");
			return -1;
		}
		return 0;
	}

	/* [vni] */
	if (!strcmp(key, "mtu")) {
		if (claim(err, &cfg->mtu_s, loc, section, key))
			return -1;
		if (parse_u32_in(value, 68, 65535, &cfg->mtu, buf, sizeof(buf),
				 &why))
			goto bad;
	} else if (!strcmp(key, "addressing")) {
		if (claim(err, &cfg->addressing_s, loc, section, key))
			return -1;
		if (parse_prefix(value, &cfg->net, &cfg->prefix, buf,
				 sizeof(buf), &why))
			goto bad;
	} else if (!strcmp(key, "queues")) {
		if (claim(err, &cfg->queues_s, loc, section, key))
			return -1;
		if (parse_u64(value, &v, &why))
			goto bad;
		if (v < 1 || v > VNI_MAX_QUEUES) {
			why = "rings per pair: 1 to 8";
			goto bad;
		}
		cfg->queues = (uint32_t)v;
	} else if (!strcmp(key, "ring_entries") || !strcmp(key, "slot_size") ||
		   !strcmp(key, "pool_slots")) {
		struct mint_setting *s = key[0] == 'r' ? &cfg->ring_s :
					 key[0] == 's' ? &cfg->slot_s :
					 &cfg->pool_s;
		uint32_t *dst = key[0] == 'r' ? &cfg->ring_entries :
				key[0] == 's' ? &cfg->slot_size :
				&cfg->pool_slots;

		if (claim(err, s, loc, section, key))
			return -1;
		if (key[0] == 's' ? parse_size(value, &v, &why) :
				    parse_u64(value, &v, &why))
			goto bad;
		if (v > UINT32_MAX) {
			why = "number too large";
			goto bad;
		}
		*dst = (uint32_t)v;
	} else {
		set_err(err, loc, section, key,
			"unknown key (expected mtu, addressing, queues, ring_entries, slot_size or pool_slots)");
		return -1;
	}
	return 0;
bad:
	set_err(err, loc, section, key, "\"%s\": %s", value, why);
	return -1;
}

static int on_key(void *user, const char *section, const char *key,
		  const char *value)
{
	struct parse_ctx *ctx = user;
	struct mint_loc loc = { ctx->cfg->file, ctx->line };

	if (ctx->err.set)
		return 0;
	return set_key(ctx->cfg, &ctx->err, section, key, value, &loc,
		       ctx->indented) ? 0 : 1;
}

int mint_config_parse(struct mint_config *cfg, const char *file,
		      const char *text, size_t len)
{
	struct parse_ctx ctx = { .cfg = cfg, .text = text, .len = len };
	int bad_line;

	cfg->file = file;
	bad_line = ini_parse_stream(read_line, &ctx, on_key, &ctx);
	if (bad_line < 0) {
		p_err("%s: cannot parse: out of memory", file);
		return MINT_ERR_RUNTIME;
	}
	/* inih keeps going after a syntax error; report the earliest. */
	if (bad_line > 0 && (!ctx.err.set || bad_line < ctx.err.loc.line)) {
		struct mint_loc loc = { file, bad_line };

		ctx.err.set = false;
		set_err(&ctx.err, &loc, NULL, NULL,
			"syntax error (expected \"[section]\" or \"key = value\")");
	}
	if (ctx.err.set) {
		print_err(&ctx.err);
		return MINT_ERR_USAGE;
	}
	if (!cfg->any_section) {
		struct mint_loc loc = { file, 0 };

		p_err_at(&loc, NULL, NULL,
			 "no sections: the configuration is empty");
		return MINT_ERR_USAGE;
	}
	return MINT_OK;
}

int mint_config_load(struct mint_config *cfg, const char *path)
{
	char *text;
	size_t len;
	int ret;

	if (read_whole_file(path, MINT_CONFIG_FILE_MAX, &text, &len)) {
		struct mint_loc loc = { path, 0 };

		p_err_at(&loc, NULL, NULL, "cannot read configuration: %s",
			 strerror(errno));
		return MINT_ERR_USAGE;
	}
	if (!len) {
		struct mint_loc loc = { path, 0 };

		p_err_at(&loc, NULL, NULL, "empty configuration file");
		free(text);
		return MINT_ERR_USAGE;
	}
	ret = mint_config_parse(cfg, path, text, len);
	free(text);
	return ret;
}

int mint_config_override(struct mint_config *cfg, const char *assignment)
{
	struct mint_loc loc = { MINT_CMDLINE_SOURCE, 0 };
	struct parse_err err = { 0 };
	const char *dot = strchr(assignment, '.');
	const char *eq = strchr(assignment, '=');
	char section[40], key[40];
	int id;

	if (!dot || !eq || dot > eq || dot == assignment || eq == dot + 1 ||
	    (size_t)(dot - assignment) >= sizeof(section) ||
	    (size_t)(eq - dot - 1) >= sizeof(key)) {
		p_err("--set %s: expected SECTION.KEY=VALUE, e.g. node1.cores=2-3",
		      assignment);
		return MINT_ERR_USAGE;
	}
	memcpy(section, assignment, (size_t)(dot - assignment));
	section[dot - assignment] = '\0';
	memcpy(key, dot + 1, (size_t)(eq - dot - 1));
	key[eq - dot - 1] = '\0';

	switch (section_kind(section, &id)) {
	case SEC_SHARED:
		if (!cfg->shared_loc.file)
			cfg->shared_loc = loc;
		break;
	case SEC_VNI:
		if (!cfg->vni_loc.file)
			cfg->vni_loc = loc;
		break;
	case SEC_NODE:
		if (!cfg->node[id].present) {
			cfg->node[id].present = true;
			cfg->node[id].loc = loc;
		}
		break;
	default:
		break;	/* set_key names the bad section */
	}
	if (set_key(cfg, &err, section, key, eq + 1, &loc, false)) {
		print_err(&err);
		return MINT_ERR_USAGE;
	}
	cfg->any_section = true;
	return MINT_OK;
}

static int missing(const struct mint_loc *loc, const char *section,
		   const char *key, const char *what)
{
	p_err_at(loc, section, key, "missing: %s", what);
	return MINT_ERR_USAGE;
}

int mint_config_finish(struct mint_config *cfg)
{
	struct mint_loc file = { cfg->file, 0 };
	const struct mint_node_cfg *n0 = &cfg->node[0];

	if (!n0->present)
		return missing(&file, "node0", NULL,
			       "node 0, the node the firmware boots, needs a [node0] section");
	if (!n0->cores_s.set)
		return missing(&n0->loc, "node0", "cores",
			       "node 0 needs at least one core");
	for (unsigned i = 1; i < MINT_MAX_NODES; i++) {
		const struct mint_node_cfg *n = &cfg->node[i];

		if (!n->present)
			continue;
		if (!n->cores_s.set)
			return missing(&n->loc, n->section, "cores",
				       "which cores does this node own? e.g. cores = 2-3");
		if (!n->memory_s.set)
			return missing(&n->loc, n->section, "memory",
				       "give SIZE or SIZE@ADDR, e.g. memory = 512M");
	}
	if (!cfg->shared_loc.file)
		return missing(&file, "shared", NULL,
			       "a [shared] section with the shared region's size");
	if (!cfg->shared_size_s.set)
		return missing(&cfg->shared_loc, "shared", "size",
			       "the shared region's size, e.g. size = 32M");
	return MINT_OK;
}
