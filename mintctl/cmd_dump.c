// SPDX-License-Identifier: GPL-2.0-only
/*
 * mintctl dump: an ELF core of a CRASHED (or DOWN) secondary, as
 * /proc/vmcore is (elfcore.h): its VMCOREINFO note, which the node
 * published in its control record (struct mint_node_dump), and its memory
 * read through the launcher. Every check runs before the node is stopped
 * (--force) or a byte is written; the file appears whole or not at all.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "control.h"
#include "elfcore.h"
#include "fileio.h"
#include "launcher.h"
#include "main.h"
#include "node_lookup.h"
#include "numbers.h"
#include "signals.h"

#define DUMP_CHUNK		(1u << 20)
#define DUMP_PROGRESS_MIN	(64ull << 20)	/* smaller dumps say nothing on the way */
/* Lowest direct map base of an x86_64 kernel: 5-level paging's 0xff11000000000000. */
#define DUMP_PAGE_OFFSET_MIN	0xff00000000000000ull

enum { OPT_FORCE = 0x700 };

static const struct option dump_opts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ NULL, 0, NULL, 0 },
};

static void dump_help(void)
{
	printf("Usage: mintctl dump NODE -o FILE [--force]\n"
	       "\n"
	       "Write an ELF core of a CRASHED or DOWN secondary node, as /proc/vmcore is:\n"
	       "the VMCOREINFO note the node published at boot and one load segment per\n"
	       "range of its memory, so that makedumpfile and crash read it. FILE\n"
	       "appears whole or not at all. Runs on node 0.\n"
	       "\n"
	       "  -o, --output FILE  where to write the core\n"
	       "  --force            dump a node that is UP or BOOTING: stop its cores with\n"
	       "                     INIT first (as 'shutdown --force'), then dump\n"
	       "\n" GLOBAL_OPTIONS_HELP);
}

struct dump_req {
	const char *node, *file;
	bool force;
};

struct dump {
	const struct mint_plan *p;
	const struct mint_node_plan *n;
	int fd;				/* the launcher */
	struct mint_node_record rec;
	uint32_t state;
	struct elfcore core;
	uint8_t *note;			/* core.note_len bytes */
};

/* The node's state: it must have booted, and not run unless --force. */
static int check_state(struct dump *d, bool force)
{
	struct mint_ctrl_block *cb = malloc(sizeof(*cb));
	const char *name = d->n->name;
	int rc = MINT_OK;

	if (!cb) {
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	if (ctrl_read(d->fd, d->p->shared.base, cb)) {
		free(cb);
		return MINT_ERR_RUNTIME;
	}
	d->state = ctrl_header_valid(cb) ? cb->node[d->n->id].self.state :
					    MINT_NODE_OFF;
	d->rec = cb->node[d->n->id];
	free(cb);
	if (d->state == MINT_NODE_OFF) {
		p_err("%s never booted (state OFF): there is nothing to dump",
		      name);
		rc = MINT_ERR_USAGE;
	} else if (!force && (d->state == MINT_NODE_UP ||
			      d->state == MINT_NODE_BOOTING)) {
		p_err("%s is %s: a running node's memory changes under the dump; stop it first ('mintctl shutdown %s') or give --force to stop its cores with INIT",
		      name, ctrl_state_name(d->state), name);
		rc = MINT_ERR_USAGE;
	}
	return rc;
}

/* The node's RAM, as its e820 table lists it: low window, then memory. */
static void node_ranges(struct dump *d)
{
	const struct mint_node_plan *n = d->n;

	d->core.nr = 0;
	if (n->low.size)
		d->core.r[d->core.nr++] = (struct elfcore_range){ n->low.base,
								  n->low.size, 0 };
	d->core.r[d->core.nr++] = (struct elfcore_range){ n->mem[0].base,
							  n->mem[0].size, 0 };
}

/* Whether [addr, addr + size) lies in one of the node's own ranges. */
static bool in_node(const struct dump *d, uint64_t addr, uint64_t size)
{
	for (unsigned i = 0; i < d->core.nr; i++) {
		const struct elfcore_range *r = &d->core.r[i];

		if (addr >= r->paddr && size <= r->size &&
		    addr - r->paddr <= r->size - size)
			return true;
	}
	return false;
}

/* What the node published: where its note is, which we read and check. */
static int check_vmcoreinfo(struct dump *d)
{
	const struct mint_node_dump *nd = &d->rec.dump;
	const char *name = d->n->name, *why;
	uint64_t end = d->core.r[d->core.nr - 1].paddr +
		       d->core.r[d->core.nr - 1].size;
	size_t len;

	if (!nd->vmcoreinfo_addr) {
		p_err("%s published no VMCOREINFO (a kernel without Mint's console support, or one that died before its subsys initcalls); no dump written",
		      name);
		return MINT_ERR_USAGE;
	}
	if (nd->vmcoreinfo_size < 24 || nd->vmcoreinfo_size > VMCOREINFO_MAX ||
	    !in_node(d, nd->vmcoreinfo_addr, nd->vmcoreinfo_size)) {
		p_err("%s's record puts VMCOREINFO at %#" PRIx64 " (%u bytes), not a note inside its own memory: corrupt record; no dump written",
		      name, (uint64_t)nd->vmcoreinfo_addr, nd->vmcoreinfo_size);
		return MINT_ERR_USAGE;
	}
	if (nd->page_offset < DUMP_PAGE_OFFSET_MIN ||
	    nd->page_offset % ELFCORE_ALIGN || nd->page_offset + end < end) {
		p_err("%s's record gives page_offset %#" PRIx64 ", not the base of an x86_64 kernel's direct map: corrupt record; no dump written",
		      name, (uint64_t)nd->page_offset);
		return MINT_ERR_USAGE;
	}
	/* Padding of the note's last word may lie beyond what was published. */
	d->note = calloc(1, (size_t)nd->vmcoreinfo_size + 4);
	if (!d->note) {
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	if (launcher_read(d->fd, nd->vmcoreinfo_addr, d->note,
			  nd->vmcoreinfo_size))
		return MINT_ERR_RUNTIME;
	if (vmcoreinfo_check(d->note, nd->vmcoreinfo_size, &len, &why)) {
		p_err("%s's VMCOREINFO at %#" PRIx64 " is corrupt: %s; no dump written",
		      name, (uint64_t)nd->vmcoreinfo_addr, why);
		return MINT_ERR_USAGE;
	}
	d->core.note_len = len;
	d->core.page_offset = nd->page_offset;
	return MINT_OK;
}

static bool all_zero(const uint8_t *b, size_t n)
{
	return !n || (!b[0] && !memcmp(b, b + 1, n - 1));
}

static void progress(const struct dump *d, uint64_t done, uint64_t total,
		     bool last)
{
	if (total < DUMP_PROGRESS_MIN || !isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "\r%s: %" PRIu64 " of %" PRIu64 " MiB%s", d->n->name,
		done >> 20, total >> 20, last ? "\n" : "");
}

/* Headers, note, memory: zero chunks stay holes, so a sparse file. */
static int write_core(struct dump *d, int out, uint8_t *buf)
{
	uint64_t total = 0, done = 0, next = 0;
	size_t hlen = elfcore_headers_size(&d->core);
	uint8_t *hdr = calloc(1, hlen);

	if (!hdr) {
		p_err("out of memory");
		return -1;
	}
	elfcore_headers(&d->core, hdr);
	if (write_all(out, hdr, hlen) ||
	    write_all(out, d->note, d->core.note_len)) {
		free(hdr);
		p_err("cannot write: %s", strerror(errno));
		return -1;
	}
	free(hdr);
	for (unsigned i = 0; i < d->core.nr; i++)
		total += d->core.r[i].size;
	for (unsigned i = 0; i < d->core.nr; i++) {
		const struct elfcore_range *r = &d->core.r[i];

		for (uint64_t at = 0; at < r->size; at += DUMP_CHUNK) {
			size_t n = r->size - at < DUMP_CHUNK ?
				   (size_t)(r->size - at) : DUMP_CHUNK;

			if (mint_stop_signal) {
				p_err("stopped by signal %d; no file written",
				      (int)mint_stop_signal);
				return -1;
			}
			if (launcher_read(d->fd, r->paddr + at, buf, n))
				return -1;
			if (!all_zero(buf, n) &&
			    (lseek(out, (off_t)(r->offset + at), SEEK_SET) < 0 ||
			     write_all(out, buf, n))) {
				p_err("cannot write: %s", strerror(errno));
				return -1;
			}
			done += n;
			if (done >= next) {
				progress(d, done, total, false);
				next = done + total / 100;
			}
		}
	}
	progress(d, done, total, true);
	if (ftruncate(out, (off_t)d->core.size)) {
		p_err("cannot write: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int dump_to_file(struct dump *d, const char *file)
{
	struct atomic_file f;
	uint8_t *buf = malloc(DUMP_CHUNK);
	int rc = MINT_OK;

	if (!buf) {
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	if (atomic_open(&f, file)) {
		p_err("%s: %s", file, strerror(errno));
		free(buf);
		return MINT_ERR_RUNTIME;
	}
	if (write_core(d, f.fd, buf)) {
		atomic_abort(&f);
		rc = MINT_ERR_RUNTIME;
	} else if (atomic_commit(&f, 0600)) {
		p_err("%s: %s", file, strerror(errno));
		rc = MINT_ERR_RUNTIME;
	}
	free(buf);
	return rc;
}

static int dump_node(const struct dump_req *q)
{
	struct mint_ctx ctx = { 0 };
	struct dump d = { .fd = -1 };
	char sz[32];
	unsigned id = 0;
	int rc;

	rc = ctx_load(&ctx);
	if (!rc)
		rc = node_find_secondary(ctx.p, q->node, &id);
	if (!rc) {
		d.p = ctx.p;
		d.n = &ctx.p->node[id];
		node_ranges(&d);
		d.fd = launcher_open();
		if (d.fd < 0)
			rc = MINT_ERR_RUNTIME;
	}
	if (!rc)
		rc = check_state(&d, q->force);
	if (!rc)
		rc = check_vmcoreinfo(&d);
	/* Now, and only now, the node may be stopped: as shutdown --force. */
	if (!rc && (d.state == MINT_NODE_UP || d.state == MINT_NODE_BOOTING)) {
		if (ctrl_stop_cores(d.fd, d.n) ||
		    ctrl_mark_down(d.fd, ctx.p->shared.base, id))
			rc = MINT_ERR_RUNTIME;
		else
			p_info("%s was %s: its cores are stopped with INIT (--force), it is DOWN",
			       d.n->name, ctrl_state_name(d.state));
	}
	if (!rc) {
		mint_catch_stop_signals();
		elfcore_layout(&d.core);
		rc = dump_to_file(&d, q->file);
	}
	if (!rc) {
		uint64_t total = 0;

		for (unsigned i = 0; i < d.core.nr; i++)
			total += d.core.r[i].size;
		printf("%s: wrote %s: ELF core of %s of memory in %u ranges, with its VMCOREINFO note (%zu bytes)\n",
		       d.n->name, q->file, format_size_approx(total, sz, sizeof(sz)),
		       d.core.nr, d.core.note_len);
	}
	launcher_close(d.fd);
	free(d.note);
	ctx_free(&ctx);
	return rc;
}

int do_dump(int argc, char **argv)
{
	struct dump_req q = { 0 };
	int c;

	mint_set_help(dump_help);
	while ((c = mint_getopt(argc, argv, "o:", dump_opts)) != -1) {
		switch (c) {
		case 'o':
			if (!optarg[0]) {
				p_err("-o needs a file name");
				return MINT_ERR_USAGE;
			}
			q.file = optarg;
			break;
		case OPT_FORCE:
			q.force = true;
			break;
		default:
			return MINT_ERR_USAGE;
		}
	}
	if (optind >= argc) {
		p_err("which node? (mintctl dump NODE -o FILE)");
		return MINT_ERR_USAGE;
	}
	q.node = argv[optind++];
	if (no_more_args(argc, argv))
		return MINT_ERR_USAGE;
	if (!q.file) {
		p_err("where to? give -o FILE (mintctl dump %s -o FILE)",
		      q.node);
		return MINT_ERR_USAGE;
	}
	return dump_node(&q);
}
