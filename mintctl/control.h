/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control block at offset 0 of the shared region (struct
 * mint_ctrl_block of include/uapi/linux/mint_node.h), read and written
 * through the launcher. Node 0 writes a record's "self" half only while
 * the node's cores are stopped; the "ctl" half is node 0's alone.
 */
#ifndef MINT_CONTROL_H
#define MINT_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/mint_node.h>

#include "planner.h"

/* "OFF", "BOOTING", "UP", "DOWN", "CRASHED", or "INVALID". */
const char *ctrl_state_name(uint32_t state);

/*
 * Why a CRASHED node stopped, from its record's reason and reason_info,
 * as text in buf; NULL if it gave none.
 */
const char *ctrl_reason_text(const struct mint_node_self *self, char *buf,
			     size_t len);

/*
 * Seconds since the node's last heartbeat, from its TSC stamp (one TSC for
 * the whole machine); < 0 when unknown (no rate, no heartbeat yet).
 */
double ctrl_heartbeat_age_s(const struct mint_node_self *self,
			    uint32_t tsc_khz, uint64_t now_tsc);

/* Read the whole control block. 0 or a negative errno (message printed). */
int ctrl_read(int fd, uint64_t shared_base, struct mint_ctrl_block *cb);

/* Read node id's record alone. 0 or a negative errno (message printed). */
int ctrl_read_record(int fd, uint64_t shared_base, unsigned id,
		     struct mint_node_record *rec);

/* Magic, version and record size as node 0 writes them. */
bool ctrl_header_valid(const struct mint_ctrl_block *cb);

/*
 * Make the header match the layout (crc, generation, nr_nodes): write it
 * and clear every record if it is missing or describes another layout.
 */
int ctrl_init(int fd, uint64_t shared_base, struct mint_ctrl_block *cb,
	      unsigned nr_nodes, uint32_t layout_crc, uint64_t generation);

/*
 * Before a start: ctl gets a new epoch, no request and the node's APIC
 * IDs; the dump part is cleared (the node publishes its VMCOREINFO
 * again); then self is zero but state BOOTING and that epoch. *epoch out.
 */
int ctrl_mark_booting(int fd, uint64_t shared_base, struct mint_ctrl_block *cb,
		      const struct mint_node_plan *n, uint32_t *epoch);

/* Ask for an orderly shutdown: request, then a new request_seq. */
int ctrl_request_shutdown(int fd, uint64_t shared_base,
			  struct mint_ctrl_block *cb, unsigned id,
			  uint32_t *seq);

/* After the node's cores were stopped: self.state = DOWN. */
int ctrl_mark_down(int fd, uint64_t shared_base, unsigned id);

/* After the node's cores were stopped: CRASHED, with why (MINT_REASON_*). */
int ctrl_mark_crashed(int fd, uint64_t shared_base, unsigned id,
		      uint32_t reason, uint32_t info, uint64_t addr);

/*
 * A fault the start stub caught, as text: "#UD (vector 6) at 0x100000 in
 * 32-bit mode". Returns buf.
 */
const char *ctrl_fault_text(uint32_t vector, uint32_t mode, uint32_t error,
			    uint64_t ip, char *buf, size_t len);

/* Seconds since an arbitrary point, for timeouts. */
double mint_now(void);

/* What a ctrl_wait_state() check makes of the control block it just read. */
enum wait_verdict { WAIT_MORE, WAIT_DONE, WAIT_GIVE_UP, WAIT_TIMEOUT,
		    WAIT_READ_FAILED };

/*
 * Boot and shutdown wait for a node's state the same way: read the control
 * block at shared_base into *cb every 100 ms and ask check() until it says
 * DONE or GIVE_UP, or timeout seconds pass; a dot on stderr each second.
 * Every verdict but DONE ends the line of dots. *waited: seconds.
 */
enum wait_verdict ctrl_wait_state(int fd, uint64_t shared_base,
				  struct mint_ctrl_block *cb, double timeout,
				  enum wait_verdict (*check)(const struct mint_ctrl_block *cb,
							     void *arg),
				  void *arg, double *waited);

/*
 * Stop every core of node n with INIT (then ctrl_mark_down() or
 * ctrl_mark_crashed()); 0 or the first error.
 */
int ctrl_stop_cores(int fd, const struct mint_node_plan *n);

#endif
