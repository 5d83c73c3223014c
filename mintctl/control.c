// SPDX-License-Identifier: GPL-2.0-only
/*
 * Node 0's side of the control block: every read and write goes through
 * /dev/mint. Also the wait for a node's state that boot and shutdown share,
 * and stopping a node's cores before its record is marked DOWN or CRASHED.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "control.h"
#include "launcher.h"

#define WAIT_POLL_US		100000

_Static_assert(sizeof(struct mint_ctrl_block) <= MINT_CTRL_BLOCK_SIZE,
	       "control block fits its area");
_Static_assert(MINT_CTRL_MAX_NODES >= MINT_MAX_NODES, "a record per node");
/* The shared-memory ABI every node's kernel agrees on: one writer per cache line. */
_Static_assert(sizeof(struct mint_ctrl_header) == 64, "header is one cache line");
_Static_assert(sizeof(struct mint_node_self) == 64, "self is one cache line");
_Static_assert(offsetof(struct mint_node_record, ctl) == 64, "ctl on its own line");
_Static_assert(offsetof(struct mint_node_record, dump) == 384, "dump after ctl");
_Static_assert(sizeof(struct mint_node_dump) == 64, "dump is one cache line");
_Static_assert(sizeof(struct mint_node_record) == 512, "record size");
_Static_assert(offsetof(struct mint_ctrl_block, node) == 64, "records after the header");

const char *ctrl_state_name(uint32_t state)
{
	static const char *const names[] = {
		[MINT_NODE_OFF] = "OFF",
		[MINT_NODE_BOOTING] = "BOOTING",
		[MINT_NODE_UP] = "UP",
		[MINT_NODE_DOWN] = "DOWN",
		[MINT_NODE_CRASHED] = "CRASHED",
	};

	return state < sizeof(names) / sizeof(names[0]) ? names[state] :
							    "INVALID";
}

const char *ctrl_fault_text(uint32_t vector, uint32_t mode, uint32_t error,
			    uint64_t ip, char *buf, size_t len)
{
	static const char *const names[] = {
		"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF",
		"coprocessor overrun", "#TS", "#NP", "#SS", "#GP", "#PF", NULL,
		"#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
	};
	static const char *const modes[] = {
		[LAUNCHER_MODE_REAL] = "real mode",
		[LAUNCHER_MODE_PROT32] = "32-bit mode",
		[LAUNCHER_MODE_LONG] = "64-bit mode",
	};
	const char *name = vector < sizeof(names) / sizeof(names[0]) ?
				   names[vector] : NULL;
	const char *m = mode < sizeof(modes) / sizeof(modes[0]) && modes[mode] ?
				modes[mode] : "an unknown mode";
	int n;

	n = snprintf(buf, len, "%s (vector %u) at %#" PRIx64 " in %s",
		     name ? name : "exception", vector, ip, m);
	if (error && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - n, ", error code %#x", error);
	return buf;
}

double ctrl_heartbeat_age_s(const struct mint_node_self *self,
			    uint32_t tsc_khz, uint64_t now_tsc)
{
	if (!tsc_khz || !self->heartbeat_tsc || now_tsc < self->heartbeat_tsc)
		return -1;
	return (double)(now_tsc - self->heartbeat_tsc) /
	       ((double)tsc_khz * 1000.0);
}

const char *ctrl_reason_text(const struct mint_node_self *self, char *buf,
			     size_t len)
{
	if (self->state != MINT_NODE_CRASHED)
		return NULL;
	switch (self->reason) {
	case MINT_REASON_NONE:
		return NULL;
	case MINT_REASON_PANIC:
		snprintf(buf, len, "kernel panic (see its console)");
		break;
	case MINT_REASON_STUB_FAULT: {
		char fault[96];

		snprintf(buf, len, "its boot core faulted before its kernel took over: %s",
			 ctrl_fault_text(self->reason_info & 0xff,
					 (self->reason_info >> 8) & 0xff,
					 self->reason_info >> 16,
					 self->reason_addr, fault,
					 sizeof(fault)));
		break;
	}
	case MINT_REASON_APIC_MODE:
		snprintf(buf, len,
			 "its cores cannot run node 0's APIC mode (they stayed in %s)",
			 self->reason_info ? "x2APIC" : "xAPIC");
		break;
	default:
		snprintf(buf, len, "reason %u (%u), unknown to this mintctl",
			 self->reason, self->reason_info);
	}
	return buf;
}

/* Physical address of a field of node id's record. */
static uint64_t ctrl_record_addr(uint64_t shared_base, unsigned id)
{
	return shared_base + offsetof(struct mint_ctrl_block, node) +
	       (uint64_t)id * sizeof(struct mint_node_record);
}

int ctrl_read(int fd, uint64_t shared_base, struct mint_ctrl_block *cb)
{
	return launcher_read(fd, shared_base, cb, sizeof(*cb));
}

int ctrl_read_record(int fd, uint64_t shared_base, unsigned id,
		     struct mint_node_record *rec)
{
	return launcher_read(fd, ctrl_record_addr(shared_base, id), rec,
			     sizeof(*rec));
}

bool ctrl_header_valid(const struct mint_ctrl_block *cb)
{
	return cb->header.magic == MINT_CTRL_MAGIC &&
	       cb->header.version == MINT_CTRL_VERSION &&
	       cb->header.record_size == sizeof(struct mint_node_record);
}

int ctrl_init(int fd, uint64_t shared_base, struct mint_ctrl_block *cb,
	      unsigned nr_nodes, uint32_t layout_crc, uint64_t generation)
{
	int rc;

	if (ctrl_header_valid(cb) && cb->header.nr_nodes == nr_nodes &&
	    cb->header.layout_crc == layout_crc &&
	    cb->header.generation == generation)
		return 0;
	/* Records first, header last: a reader never sees a valid header over stale records. */
	memset(cb, 0, sizeof(*cb));
	rc = launcher_write(fd, shared_base, cb, sizeof(*cb));
	if (rc)
		return rc;
	cb->header.magic = MINT_CTRL_MAGIC;
	cb->header.version = MINT_CTRL_VERSION;
	cb->header.nr_nodes = (uint16_t)nr_nodes;
	cb->header.layout_crc = layout_crc;
	cb->header.record_size = sizeof(struct mint_node_record);
	cb->header.generation = generation;
	return launcher_write(fd, shared_base, &cb->header, sizeof(cb->header));
}

int ctrl_mark_booting(int fd, uint64_t shared_base, struct mint_ctrl_block *cb,
		      const struct mint_node_plan *n, uint32_t *epoch)
{
	struct mint_node_record *rec = &cb->node[n->id];
	uint64_t at = ctrl_record_addr(shared_base, n->id);
	int rc;

	rec->ctl.epoch++;
	if (!rec->ctl.epoch)
		rec->ctl.epoch = 1;	/* 0 means "never started" */
	rec->ctl.request = MINT_REQ_NONE;
	rec->ctl.nr_apic_ids = n->nr_cores;
	memset(rec->ctl.apic_ids, 0, sizeof(rec->ctl.apic_ids));
	for (unsigned i = 0; i < n->nr_cores && i < MINT_MAX_NODE_CPUS; i++)
		rec->ctl.apic_ids[i] = n->apic_id[i];
	rc = launcher_write(fd, at + offsetof(struct mint_node_record, ctl),
			    &rec->ctl, sizeof(rec->ctl));
	if (rc)
		return rc;
	/* The last boot's VMCOREINFO is not this one's: the node publishes anew. */
	memset(&rec->dump, 0, sizeof(rec->dump));
	rc = launcher_write(fd, at + offsetof(struct mint_node_record, dump),
			    &rec->dump, sizeof(rec->dump));
	if (rc)
		return rc;
	memset(&rec->self, 0, sizeof(rec->self));
	rec->self.state = MINT_NODE_BOOTING;
	rec->self.epoch = rec->ctl.epoch;
	*epoch = rec->ctl.epoch;
	return launcher_write(fd, at + offsetof(struct mint_node_record, self),
			      &rec->self, sizeof(rec->self));
}

int ctrl_request_shutdown(int fd, uint64_t shared_base,
			  struct mint_ctrl_block *cb, unsigned id,
			  uint32_t *seq)
{
	struct mint_node_ctl *ctl = &cb->node[id].ctl;
	uint64_t at = ctrl_record_addr(shared_base, id) +
		      offsetof(struct mint_node_record, ctl);
	int rc;

	/* Pairs with the node's acquire load of request_seq: request first. */
	ctl->request = MINT_REQ_SHUTDOWN;
	rc = launcher_write(fd, at + offsetof(struct mint_node_ctl, request),
			    &ctl->request, sizeof(ctl->request));
	if (rc)
		return rc;
	ctl->request_seq++;
	*seq = ctl->request_seq;
	return launcher_write(fd, at + offsetof(struct mint_node_ctl, request_seq),
			      &ctl->request_seq, sizeof(ctl->request_seq));
}

int ctrl_mark_crashed(int fd, uint64_t shared_base, unsigned id,
		      uint32_t reason, uint32_t info, uint64_t addr)
{
	uint64_t self = ctrl_record_addr(shared_base, id) +
			offsetof(struct mint_node_record, self);
	uint32_t why[2] = { reason, info };
	uint32_t state = MINT_NODE_CRASHED;

	_Static_assert(offsetof(struct mint_node_self, reason_info) ==
		       offsetof(struct mint_node_self, reason) + 4, "reason pair");
	if (launcher_write(fd, self + offsetof(struct mint_node_self, reason),
			   why, sizeof(why)) ||
	    launcher_write(fd, self + offsetof(struct mint_node_self, reason_addr),
			   &addr, sizeof(addr)))
		return -1;
	return launcher_write(fd, self + offsetof(struct mint_node_self, state),
			      &state, sizeof(state));
}

int ctrl_mark_down(int fd, uint64_t shared_base, unsigned id)
{
	uint32_t state = MINT_NODE_DOWN;

	return launcher_write(fd, ctrl_record_addr(shared_base, id) +
				  offsetof(struct mint_node_record, self) +
				  offsetof(struct mint_node_self, state),
			      &state, sizeof(state));
}

double mint_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum wait_verdict ctrl_wait_state(int fd, uint64_t shared_base,
				  struct mint_ctrl_block *cb, double timeout,
				  enum wait_verdict (*check)(const struct mint_ctrl_block *cb,
							     void *arg),
				  void *arg, double *waited)
{
	double start = mint_now(), next_dot = start + 1, now;
	enum wait_verdict v;

	for (;;) {
		usleep(WAIT_POLL_US);
		now = mint_now();
		*waited = now - start;
		if (ctrl_read(fd, shared_base, cb)) {
			v = WAIT_READ_FAILED;
			break;
		}
		v = check(cb, arg);
		if (v == WAIT_DONE)
			return v;
		if (v == WAIT_MORE && *waited > timeout)
			v = WAIT_TIMEOUT;
		if (v != WAIT_MORE)
			break;
		if (now >= next_dot) {
			fputc('.', stderr);
			next_dot += 1;
		}
	}
	fputc('\n', stderr);
	return v;
}

int ctrl_stop_cores(int fd, const struct mint_node_plan *n)
{
	int first = 0;

	for (unsigned i = 0; i < n->nr_cores; i++) {
		int rc = launcher_cpu_stop(fd, n->apic_id[i]);

		if (rc && !first)
			first = rc;
	}
	return first;
}
