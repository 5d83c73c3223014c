// SPDX-License-Identifier: GPL-2.0-only
/*
 * A stand-in for node 0's /dev/mint, for host tests of 'mintctl boot',
 * 'status' and 'shutdown' without a VM. LD_PRELOAD it: it answers the
 * Mint ioctls (include/uapi/linux/mint.h) from a sparse file that plays
 * physical memory, logs every request, and plays the node's side of the
 * control block (include/uapi/linux/mint_node.h). The real launcher and
 * real nodes are tested under QEMU (tests/launcher, tests/secondary).
 *
 *   FAKE_MINT_MEM     file standing in for physical memory (offset = address)
 *   FAKE_MINT_RANGES  node-owned ranges, "START:SIZE,..." (hex or decimal)
 *   FAKE_MINT_SHARED  the shared region's base, where the control block is
 *   FAKE_MINT_LOG     one line per request is appended here
 *   FAKE_NODE         "up": a started node reports UP at once;
 *                     "crash": it reports CRASHED; "apic-mode": CRASHED
 *                     because its cores cannot run node 0's APIC mode;
 *                     "stub-fault": its boot core hits ud2 at the entry
 *                     point, which the start stub catches (MINT_IOC_CPU_FAULT);
 *                     else it stays silent
 *   FAKE_NODE_SHUTDOWN "obey": the Mint IPI with a shutdown request makes
 *                     the node report DOWN; else it ignores the request
 *   FAKE_NODE_HB_AGO  TSC ticks between an UP node's last heartbeat and
 *                     any read of node 0 (a node that is UP keeps beating)
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <x86intrin.h>

#include <linux/mint.h>
#include <linux/mint_node.h>

/* Per-APIC-ID launcher state, kept past the end of the memory image. */
#define STATE_AT	0x100000000ull
/* Per-APIC-ID fault records of the fake start stub, after that. */
#define FAULT_AT	(STATE_AT + 0x100000)

static uint64_t env_u64(const char *name)
{
	const char *v = getenv(name);

	return v ? strtoull(v, NULL, 0) : 0;
}

static void logf_(const char *fmt, ...)
{
	const char *path = getenv("FAKE_MINT_LOG");
	va_list ap;
	FILE *f;

	if (!path || !(f = fopen(path, "a")))
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fclose(f);
}

static int mem_fd(void)
{
	static int fd = -1;
	const char *path = getenv("FAKE_MINT_MEM");

	if (fd < 0 && path)
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	return fd;
}

static int mem_rw(uint64_t phys, void *buf, uint64_t size, int write)
{
	ssize_t n = write ? pwrite(mem_fd(), buf, size, (off_t)phys) :
			    pread(mem_fd(), buf, size, (off_t)phys);

	if (!write && n >= 0 && (uint64_t)n < size)
		memset((char *)buf + n, 0, size - (uint64_t)n);	/* sparse */
	return n < 0 ? -1 : 0;
}

static int nr_ranges(struct mint_range *r)
{
	const char *s = getenv("FAKE_MINT_RANGES");
	int n = 0;

	while (s && *s && n < MINT_MAX_RANGES) {
		char *end;

		r[n].start = strtoull(s, &end, 0);
		r[n].size = strtoull(end + 1, &end, 0);
		n++;
		s = *end ? end + 1 : end;
	}
	return n;
}

static int owned(uint64_t phys, uint64_t size)
{
	struct mint_range r[MINT_MAX_RANGES];
	int n = nr_ranges(r);

	for (int i = 0; i < n; i++)
		if (phys >= r[i].start && phys + size <= r[i].start + r[i].size)
			return 1;
	return 0;
}

static uint32_t cpu_state(uint32_t apicid)
{
	uint32_t st = 0;

	mem_rw(STATE_AT + 4ull * apicid, &st, 4, 0);
	return st;
}

static void set_cpu_state(uint32_t apicid, uint32_t st)
{
	mem_rw(STATE_AT + 4ull * apicid, &st, 4, 1);
}

static uint64_t record_at(unsigned id)
{
	return env_u64("FAKE_MINT_SHARED") + offsetof(struct mint_ctrl_block, node) +
	       (uint64_t)id * sizeof(struct mint_node_record);
}

/* The node whose ctl.apic_ids[0] is apicid, as node 0 wrote it. */
static int node_of(uint32_t apicid, struct mint_node_record *rec)
{
	for (unsigned id = 1; id < MINT_CTRL_MAX_NODES; id++) {
		mem_rw(record_at(id), rec, sizeof(*rec), 0);
		if (rec->ctl.nr_apic_ids && rec->ctl.apic_ids[0] == apicid)
			return (int)id;
	}
	return -1;
}

/* What a Mint secondary's kernel writes into its own half of the record. */
static void node_reports(int id, struct mint_node_record *rec, uint32_t state)
{
	rec->self.state = state;
	rec->self.epoch = rec->ctl.epoch;
	rec->self.nr_cpus = rec->ctl.nr_apic_ids;
	rec->self.heartbeat++;
	rec->self.heartbeat_tsc = __rdtsc() - env_u64("FAKE_NODE_HB_AGO");
	rec->self.uptime_ns = 1500000000ull;
	rec->self.last_ack = rec->ctl.request_seq;
	mem_rw(record_at(id), &rec->self, sizeof(rec->self), 1);
}

/*
 * A node that came up keeps beating, as a real one does every 100 ms:
 * before each read node 0 does, every UP record gets a fresh heartbeat
 * (FAKE_NODE_HB_AGO ticks old).
 */
static void nodes_beat(void)
{
	struct mint_node_record rec;

	for (unsigned id = 1; id < MINT_CTRL_MAX_NODES; id++) {
		mem_rw(record_at(id), &rec, sizeof(rec), 0);
		if (rec.self.state != MINT_NODE_UP)
			continue;
		rec.self.heartbeat_tsc = __rdtsc() - env_u64("FAKE_NODE_HB_AGO");
		mem_rw(record_at(id), &rec.self, sizeof(rec.self), 1);
	}
}

static int fake(unsigned long req, void *arg)
{
	struct mint_node_record rec;
	struct mint_cpu_start64 *s64 = arg;
	struct mint_cpu_start *s = arg;
	struct mint_info *info = arg;
	struct mint_mem *m = arg;
	struct mint_cpu *c = arg;
	const char *node = getenv("FAKE_NODE");
	int id;

	switch (req) {
	case MINT_IOC_INFO:
		logf_("INFO");
		memset(info, 0, sizeof(*info));
		info->version = MINT_LAUNCHER_VERSION;
		info->ipi_vector = 0xf3;
		info->stub_page = 0x98000;
		info->nr_ranges = (uint32_t)nr_ranges(info->ranges);
		return 0;
	case MINT_IOC_WRITE:
	case MINT_IOC_READ:
		if (req == MINT_IOC_WRITE)
			logf_("WRITE %#" PRIx64 " %#" PRIx64, (uint64_t)m->phys,
			      (uint64_t)m->size);
		if (!m->size)
			return -EINVAL;
		if (!owned(m->phys, m->size))
			return -EPERM;
		if (req == MINT_IOC_READ && getenv("FAKE_MINT_SHARED"))
			nodes_beat();
		return mem_rw(m->phys, (void *)(uintptr_t)m->buf, m->size,
			      req == MINT_IOC_WRITE) ? -EIO : 0;
	case MINT_IOC_CPU_STATE:
		c->state = cpu_state(c->apicid);
		return 0;
	case MINT_IOC_CPU_HOLD:
		logf_("HOLD %u", c->apicid);
		set_cpu_state(c->apicid, cpu_state(c->apicid) | MINT_CPU_HELD);
		return 0;
	case MINT_IOC_CPU_STOP:
		logf_("STOP %u", c->apicid);
		set_cpu_state(c->apicid, 0);
		return 0;
	case MINT_IOC_CPU_FAULT: {
		struct mint_cpu_fault *f = arg, rec_f;

		mem_rw(FAULT_AT + sizeof(rec_f) * f->apicid, &rec_f,
		       sizeof(rec_f), 0);
		if (rec_f.apicid != f->apicid || !rec_f.mode)
			return -ENODATA;
		*f = rec_f;
		return 0;
	}
	case MINT_IOC_CPU_START:
	case MINT_IOC_CPU_START64:
		if (req == MINT_IOC_CPU_START)
			logf_("START %u %#x %#x", s->apicid, s->entry, s->esi);
		else
			logf_("START64 %u %#" PRIx64 " %#" PRIx64 " %#" PRIx64,
			      s64->apicid, (uint64_t)s64->entry,
			      (uint64_t)s64->rsi, (uint64_t)s64->cr3);
		/* apicid is the first field of both requests. */
		if (cpu_state(s->apicid) & MINT_CPU_STARTED)
			return -EBUSY;
		set_cpu_state(s->apicid, MINT_CPU_HELD | MINT_CPU_STARTED);
		{
			/* A start clears the core's fault record, as the stub's. */
			struct mint_cpu_fault f = { .apicid = s->apicid };

			if (node && !strcmp(node, "stub-fault")) {
				f.vector = 6;	/* #UD */
				f.mode = req == MINT_IOC_CPU_START ?
					 MINT_CPU_MODE_PROT32 : MINT_CPU_MODE_LONG;
				f.ip = req == MINT_IOC_CPU_START ? s->entry :
								   s64->entry;
			}
			mem_rw(FAULT_AT + sizeof(f) * s->apicid, &f, sizeof(f), 1);
		}
		id = node_of(s->apicid, &rec);
		if (id > 0 && node && !strcmp(node, "up"))
			node_reports(id, &rec, MINT_NODE_UP);
		else if (id > 0 && node && !strcmp(node, "crash"))
			node_reports(id, &rec, MINT_NODE_CRASHED);
		else if (id > 0 && node && !strcmp(node, "apic-mode")) {
			rec.self.reason = MINT_REASON_APIC_MODE;
			rec.self.reason_info = 0;
			node_reports(id, &rec, MINT_NODE_CRASHED);
		}
		return 0;
	case MINT_IOC_SEND_IPI:
		logf_("IPI %u", c->apicid);
		id = node_of(c->apicid, &rec);
		node = getenv("FAKE_NODE_SHUTDOWN");
		if (id > 0 && rec.ctl.request == MINT_REQ_SHUTDOWN && node &&
		    !strcmp(node, "obey"))
			node_reports(id, &rec, MINT_NODE_DOWN);
		return 0;
	default:
		return -ENOTTY;
	}
}

int ioctl(int fd, unsigned long req, ...)
{
	static int (*real)(int, unsigned long, void *);
	va_list ap;
	void *arg;
	int rc;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (_IOC_TYPE(req) != MINT_IOC_MAGIC) {
		if (!real)
			real = (int (*)(int, unsigned long, void *))dlsym(RTLD_NEXT, "ioctl");
		return real(fd, req, arg);
	}
	rc = fake(req, arg);
	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return 0;
}
