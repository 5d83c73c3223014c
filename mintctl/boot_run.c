// SPDX-License-Identifier: GPL-2.0-only
/* Loading and starting a node through /dev/mint, then waiting for UP. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boot_run.h"
#include "console_chan.h"
#include "control.h"
#include "errors.h"
#include "json.h"
#include "launcher.h"
#include "main.h"
#include "numbers.h"

struct boot_run {
	const struct mint_plan *p;
	unsigned id;
	int fd;
	struct mint_ctrl_block cb;
};

static int check_owned(const struct boot_run *r, const struct launcher_info *li)
{
	const struct mint_node_plan *n = &r->p->node[r->id];
	const struct mint_range *need[] = { &n->mem[0], &n->low, &r->p->shared };
	const char *what[] = { "memory", "low window", "shared region" };

	for (unsigned i = 0; i < 3; i++) {
		if (!need[i]->size ||
		    launcher_owns(li, need[i]->base, need[i]->size))
			continue;
		p_err("%s's %s %#" PRIx64 "-%#" PRIx64 " is not a node-owned range of the launcher (node 0 did not reserve it with memmap=)",
		      n->name, what[i], need[i]->base, range_end(need[i]) - 1);
		return MINT_ERR_USAGE;
	}
	return MINT_OK;
}

/* The node must not run: not UP, and none of its cores started or online. */
static int check_stopped(const struct boot_run *r)
{
	const struct mint_node_plan *n = &r->p->node[r->id];
	const struct mint_node_self *self = &r->cb.node[r->id].self;

	if (ctrl_header_valid(&r->cb) && self->state == MINT_NODE_UP) {
		p_err("%s is already UP (epoch %u); run 'mintctl shutdown %s' first",
		      n->name, self->epoch, n->name);
		return MINT_ERR_USAGE;
	}
	for (unsigned i = 0; i < n->nr_cores; i++) {
		uint32_t st;

		if (launcher_cpu_state(r->fd, n->apic_id[i], &st))
			return MINT_ERR_RUNTIME;
		if (st & LAUNCHER_CPU_ONLINE) {
			p_err("core with APIC ID %u of %s is online in node 0",
			      n->apic_id[i], n->name);
			return MINT_ERR_USAGE;
		}
		if (st & LAUNCHER_CPU_STARTED) {
			p_err("core with APIC ID %u of %s is still running (state %s); run 'mintctl shutdown %s' first",
			      n->apic_id[i], n->name,
			      ctrl_state_name(self->state), n->name);
			return MINT_ERR_USAGE;
		}
	}
	return MINT_OK;
}

int boot_run_prepare(const struct mint_plan *p, unsigned id,
		     struct boot_run **out, uint64_t *gen)
{
	struct boot_run *r = calloc(1, sizeof(*r));
	struct launcher_info li;
	int rc;

	*out = r;
	if (!r) {
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	r->p = p;
	r->id = id;
	r->fd = launcher_open();
	if (r->fd < 0)
		return MINT_ERR_RUNTIME;
	if (launcher_info(r->fd, &li))
		return MINT_ERR_RUNTIME;
	if (!li.stub_page) {
		p_err("the launcher has no start stub page below 1 MiB (see node 0's dmesg)");
		return MINT_ERR_RUNTIME;
	}
	rc = check_owned(r, &li);
	if (rc)
		return rc;
	if (ctrl_read(r->fd, p->shared.base, &r->cb))
		return MINT_ERR_RUNTIME;
	rc = check_stopped(r);
	if (rc)
		return rc;
	/* Same layout, same descriptor: keep the generation other nodes got. */
	if (ctrl_header_valid(&r->cb) && r->cb.header.nr_nodes == p->nr_nodes &&
	    r->cb.header.generation)
		*gen = r->cb.header.generation;
	return MINT_OK;
}

/* A new layout resets the control block: only if no other node runs. */
static int check_layout(const struct boot_run *r, uint32_t crc, uint64_t gen)
{
	const struct mint_ctrl_header *h = &r->cb.header;

	if (!ctrl_header_valid(&r->cb) ||
	    (h->layout_crc == crc && h->generation == gen))
		return MINT_OK;
	for (unsigned i = 1; i < MINT_CTRL_MAX_NODES && i < h->nr_nodes; i++) {
		uint32_t st = r->cb.node[i].self.state;

		if (i != r->id && (st == MINT_NODE_UP || st == MINT_NODE_BOOTING)) {
			p_err("the layout changed since node %u booted (it is %s); shut it down first",
			      i, ctrl_state_name(st));
			return MINT_ERR_USAGE;
		}
	}
	return MINT_OK;
}

static int load_segments(const struct boot_run *r, const struct boot_image *img)
{
	for (unsigned i = 0; i < img->nr_segs; i++)
		if (launcher_write(r->fd, img->seg[i].phys, img->seg[i].data,
				   img->seg[i].size))
			return MINT_ERR_RUNTIME;
	return MINT_OK;
}

static void print_self(const char *name, const struct mint_node_self *s)
{
	p_info("%s: last state %s, epoch %u, heartbeat %" PRIu64 ", %u CPUs",
	       name, ctrl_state_name(s->state), s->epoch,
	       (uint64_t)s->heartbeat, s->nr_cpus);
}

/*
 * The start stub caught an exception on the boot core: the core halted
 * itself. Say what and where, and mark the node CRASHED with it.
 */
/* What the start stub recorded of a fault of the boot core. */
static void report_stub_fault(struct boot_run *r, const struct launcher_fault *f)
{
	const struct mint_node_plan *n = &r->p->node[r->id];
	char text[96];

	p_err("%s's boot core (APIC ID %u) faulted before its kernel took over: %s; it halted itself, node 0 runs on",
	      n->name, n->apic_id[0],
	      ctrl_fault_text(f->vector, f->mode, f->error_code, f->ip, text,
			      sizeof(text)));
	if (f->vector == 14)
		p_info("%s: page fault address %#" PRIx64, n->name, f->cr2);
}

struct up_wait {
	struct boot_run *r;
	uint32_t epoch;
	struct launcher_fault fault;
	bool faulted;
};

/* UP in this epoch is done; DOWN, CRASHED or a fault in the stub is not. */
static enum wait_verdict up_check(const struct mint_ctrl_block *cb, void *arg)
{
	struct up_wait *w = arg;
	const struct mint_node_self *self = &cb->node[w->r->id].self;

	if (self->epoch == w->epoch && self->state == MINT_NODE_UP)
		return WAIT_DONE;
	if (self->epoch == w->epoch && (self->state == MINT_NODE_DOWN ||
					self->state == MINT_NODE_CRASHED))
		return WAIT_GIVE_UP;
	if (self->state == MINT_NODE_BOOTING &&
	    launcher_cpu_fault(w->r->fd, w->r->p->node[w->r->id].apic_id[0],
			       &w->fault) == 1) {
		w->faulted = true;
		return WAIT_GIVE_UP;
	}
	return WAIT_MORE;
}

static int print_up_json(const struct mint_node_plan *n, uint32_t epoch,
			 double waited)
{
	struct json j;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_u64(&j, "id", n->id);
	json_string(&j, "name", n->name);
	json_string(&j, "state", "UP");
	json_u64(&j, "epoch", epoch);
	json_u64(&j, "up_after_ms", (uint64_t)(waited * 1000));
	json_end_object(&j);
	return json_finish(&j);
}

static int wait_up(struct boot_run *r, uint32_t epoch, double timeout)
{
	const struct mint_node_plan *n = &r->p->node[r->id];
	struct mint_node_self *self = &r->cb.node[r->id].self;
	struct up_wait w = { .r = r, .epoch = epoch };
	enum wait_verdict v;
	double waited;

	fprintf(stderr, "%s: booting", n->name);
	v = ctrl_wait_state(r->fd, r->p->shared.base, &r->cb, timeout,
			    up_check, &w, &waited);
	if (v == WAIT_DONE) {
		fprintf(stderr, "\n");
		if (opts.json)
			return print_up_json(n, epoch, waited);
		printf("%s: UP after %.1f s (epoch %u)\n", n->name, waited,
		       epoch);
		return MINT_OK;
	}
	if (v == WAIT_READ_FAILED)
		return MINT_ERR_RUNTIME;
	if (v == WAIT_TIMEOUT) {
		p_err("%s did not report UP within %.0f s", n->name,
		      timeout);
	} else if (w.faulted) {
		report_stub_fault(r, &w.fault);
	} else {
		char why[128];
		const char *reason = ctrl_reason_text(self, why, sizeof(why));

		p_err("%s went %s while booting%s%s", n->name,
		      ctrl_state_name(self->state), reason ? ": " : "",
		      reason ? reason : "");
	}
	print_self(n->name, self);
	p_info("%s: stopping its cores", n->name);
	/* A node that says it CRASHED keeps that state and its reason for status. */
	if (ctrl_stop_cores(r->fd, n))
		return MINT_ERR_RUNTIME;
	if (w.faulted)
		ctrl_mark_crashed(r->fd, r->p->shared.base, r->id,
				  MINT_REASON_STUB_FAULT,
				  w.fault.vector | (w.fault.mode & 0xff) << 8 |
				  (w.fault.error_code & 0xffff) << 16, w.fault.ip);
	else if (!(self->epoch == epoch && self->state == MINT_NODE_CRASHED))
		ctrl_mark_down(r->fd, r->p->shared.base, r->id);
	return MINT_ERR_RUNTIME;
}

int boot_run_start(struct boot_run *r, const struct boot_image *img,
		   uint32_t layout_crc, uint64_t gen, double timeout)
{
	const struct mint_node_plan *n = &r->p->node[r->id];
	uint32_t epoch;
	int rc;

	rc = check_layout(r, layout_crc, gen);
	if (rc)
		return rc;
	if (ctrl_init(r->fd, r->p->shared.base, &r->cb, r->p->nr_nodes,
		      layout_crc, gen))
		return MINT_ERR_RUNTIME;
	rc = load_segments(r, img);
	if (rc)
		return rc;
	/*
	 * The new epoch first, then the fresh channel: a 'log -f' that sees
	 * the channel start afresh sees the new epoch too, and knows why.
	 */
	if (ctrl_mark_booting(r->fd, r->p->shared.base, &r->cb, n, &epoch))
		return MINT_ERR_RUNTIME;
	if (chan_reset(r->fd, r->p, r->id)) {
		ctrl_mark_down(r->fd, r->p->shared.base, r->id);
		return MINT_ERR_RUNTIME;
	}
	/* The node's kernel starts its other cores itself; node 0 must not online them. */
	for (unsigned i = 1; i < n->nr_cores; i++)
		if (launcher_cpu_hold(r->fd, n->apic_id[i]))
			return MINT_ERR_RUNTIME;
	if (img->long_mode ?
	    launcher_cpu_start64(r->fd, n->apic_id[0], img->entry,
				 img->seg[BOOT_SEG_PARAMS].phys, img->cr3) :
	    launcher_cpu_start(r->fd, n->apic_id[0], (uint32_t)img->entry,
			       (uint32_t)img->seg[BOOT_SEG_PARAMS].phys)) {
		ctrl_mark_down(r->fd, r->p->shared.base, r->id);
		return MINT_ERR_RUNTIME;
	}
	return wait_up(r, epoch, timeout);
}

void boot_run_free(struct boot_run *r)
{
	if (!r)
		return;
	launcher_close(r->fd);
	free(r);
}
