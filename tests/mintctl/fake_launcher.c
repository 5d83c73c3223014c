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
 *   FAKE_NODE_LOG_BYTES  an "up" or "crash" node prints this many more
 *                     bytes of numbered lines at boot (the ring overwrites)
 *
 * A node that is "up" or "crash" also plays its side of the console
 * channel, found as a real kernel finds it: the SETUP_MINT boot data in the
 * boot_params it was started with (version 2: console_offset). It prints a
 * boot banner into the output ring ("crash" adds a panic line), publishes
 * a VMCOREINFO note in the middle of its memory in its record's dump part,
 * and on every doorbell IPI takes its input ring and echoes it as a tty
 * does. Whole lines are commands: "uname -r" answers FAKE_RELEASE, and
 * "echo c > /proc/sysrq-trigger" panics (CRASHED, panic line).
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
/* Per node: its channel's address, and the input line it has so far. */
#define CHAN_AT		(STATE_AT + 0x200000)
#define LINE_AT		(STATE_AT + 0x300000)
#define LINE_MAX	248

#define FAKE_RELEASE	"6.12.0-mint-fake"
#define FAKE_PAGE_OFFSET 0xffff888000000000ull
/*
 * A pattern in node memory that a dump must carry, half way into it, where
 * no piece of the boot image goes; the VMCOREINFO note 1 MiB above it.
 */
#define FAKE_MEM_MARK	"fake node memory: the dump must hold this line"

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

/* --- the node's side of its console channel --- */

/* Its boot data, as the kernel reads it from the setup_data chain. */
static int node_boot_data(uint64_t bp, struct mint_boot_data *bd)
{
	uint64_t at = 0;

	mem_rw(bp + 0x250, &at, sizeof(at), 0);	/* hdr.setup_data */
	for (int i = 0; at && i < 8; i++) {
		struct { uint64_t next; uint32_t type, len; } sd;

		mem_rw(at, &sd, sizeof(sd), 0);
		if (sd.type == SETUP_MINT) {
			memset(bd, 0, sizeof(*bd));
			mem_rw(at + sizeof(sd), bd, sd.len < sizeof(*bd) ?
			       sd.len : sizeof(*bd), 0);
			return bd->magic == MINT_BOOT_DATA_MAGIC ? 0 : -1;
		}
		at = sd.next;
	}
	return -1;
}

/* The largest RAM entry of its e820 table: its memory. */
static void node_memory(uint64_t bp, uint64_t *base, uint64_t *size)
{
	uint8_t n = 0;

	*base = *size = 0;
	mem_rw(bp + 0x1e8, &n, 1, 0);
	for (unsigned i = 0; i < n && i < 128; i++) {
		struct __attribute__((packed)) { uint64_t addr, size; uint32_t type; } e;

		mem_rw(bp + 0x2d0 + 20 * i, &e, sizeof(e), 0);
		if (e.type == 1 && e.size > *size) {
			*base = e.addr;
			*size = e.size;
		}
	}
}

static uint64_t chan_of(int id)
{
	uint64_t at = 0;

	mem_rw(CHAN_AT + 8ull * id, &at, sizeof(at), 0);
	return at;
}

/* Print into the output ring: a flight recorder, it never waits. */
static void node_print(int id, const char *text, size_t len)
{
	uint64_t chan = chan_of(id);
	struct mint_console_hdr h;

	if (!chan)
		return;
	mem_rw(chan, &h, sizeof(h), 0);
	if (!h.out_size || h.out_size & (h.out_size - 1))
		return;
	while (len) {
		uint64_t at = h.out_head & (h.out_size - 1);
		size_t n = len < h.out_size - at ? len : h.out_size - at;

		mem_rw(chan + MINT_CONSOLE_HDR_SIZE + at, (void *)text, n, 1);
		text += n;
		len -= n;
		h.out_head += n;
	}
	mem_rw(chan + offsetof(struct mint_console_hdr, out_head), &h.out_head,
	       sizeof(h.out_head), 1);
}

static void node_puts(int id, const char *text)
{
	node_print(id, text, strlen(text));
}

/* What a kernel publishes for a dump: its VMCOREINFO note and PAGE_OFFSET. */
static void node_publish_dump(int id, uint64_t mem_base, uint64_t mem_size)
{
	static const char text[] = "OSRELEASE=" FAKE_RELEASE "\nPAGESIZE=4096\n"
				   "SYMBOL(prb)=ffffffff82a4b2c0\n";
	uint8_t note[4132] = { 0 };	/* VMCOREINFO_NOTE_SIZE of a 4K-page kernel */
	uint32_t nhdr[3] = { sizeof("VMCOREINFO"), sizeof(text) - 1, 0 };
	struct mint_node_dump dump = { .vmcoreinfo_size = sizeof(note),
				       .page_offset = FAKE_PAGE_OFFSET };

	memcpy(note, nhdr, sizeof(nhdr));
	memcpy(note + 12, "VMCOREINFO", sizeof("VMCOREINFO"));
	memcpy(note + 24, text, sizeof(text) - 1);
	dump.vmcoreinfo_addr = mem_base + mem_size / 2 + 0x100000;
	mem_rw(dump.vmcoreinfo_addr, note, sizeof(note), 1);
	mem_rw(mem_base + mem_size / 2, FAKE_MEM_MARK, sizeof(FAKE_MEM_MARK), 1);
	mem_rw(record_at(id) + offsetof(struct mint_node_record, dump), &dump,
	       sizeof(dump), 1);
}

static void node_panics(int id, struct mint_node_record *rec)
{
	node_puts(id, "sysrq: Trigger a crash\n"
		      "Kernel panic - not syncing: sysrq triggered crash\n"
		      "CPU: 2 PID: 1 Comm: sh Not tainted " FAKE_RELEASE " #1\n"
		      "Call Trace:\n <TASK>\n panic+0x33c/0x380\n </TASK>\n");
	rec->self.reason = MINT_REASON_PANIC;
	node_reports(id, rec, MINT_NODE_CRASHED);
}

/* A start: find the channel, print the banner, publish the dump note. */
static void node_boots(int id, uint64_t bp, struct mint_node_record *rec,
		       int crash)
{
	struct mint_boot_data bd;
	uint64_t base, size, chan = 0, extra = env_u64("FAKE_NODE_LOG_BYTES");
	char line[128];
	uint8_t none[LINE_MAX + 8] = { 0 };

	if (!node_boot_data(bp, &bd) && bd.version >= 2 && bd.console_offset)
		chan = bd.shared_base + bd.console_offset;
	mem_rw(CHAN_AT + 8ull * id, &chan, sizeof(chan), 1);
	mem_rw(LINE_AT + (LINE_MAX + 8ull) * id, none, sizeof(none), 1);
	snprintf(line, sizeof(line),
		 "Linux version " FAKE_RELEASE " (fake node %d)\n"
		 "mint: console channel at %#" PRIx64 "\n", id, chan);
	node_puts(id, line);
	for (uint64_t n = 0, i = 0; n < extra; i++) {
		int len = snprintf(line, sizeof(line), "log line %08" PRIu64 "\n", i);

		node_print(id, line, (uint64_t)len < extra - n ? (size_t)len :
								 (size_t)(extra - n));
		n += (uint64_t)len;
	}
	node_memory(bp, &base, &size);
	if (size > 0x400000)
		node_publish_dump(id, base, size);
	if (crash)
		node_panics(id, rec);
	else
		node_puts(id, "fake node ready\n");
}

/* One whole input line, as a shell would take it. */
static void node_command(int id, const char *line, struct mint_node_record *rec)
{
	if (!strcmp(line, "uname -r"))
		node_puts(id, FAKE_RELEASE "\n");
	else if (!strcmp(line, "echo c > /proc/sysrq-trigger"))
		node_panics(id, rec);
}

/* The doorbell: take the input ring, echo it, run whole lines. */
static void node_takes_input(int id, struct mint_node_record *rec)
{
	uint64_t chan = chan_of(id), at = LINE_AT + (LINE_MAX + 8ull) * id;
	struct mint_console_hdr h;
	struct { uint64_t len; char text[LINE_MAX]; } line;

	if (!chan || rec->self.state != MINT_NODE_UP)
		return;
	mem_rw(chan, &h, sizeof(h), 0);
	if (!h.in_size || h.in_size & (h.in_size - 1))
		return;
	if (h.in_head < h.in_tail || h.in_head - h.in_tail > h.in_size) {
		h.in_errors++;	/* impossible: skipped over, never followed */
		h.in_tail = h.in_head;
	}
	mem_rw(at, &line, sizeof(line), 0);
	for (; h.in_tail < h.in_head && rec->self.state == MINT_NODE_UP;
	     h.in_tail++) {
		char ch;

		mem_rw(chan + MINT_CONSOLE_HDR_SIZE + h.out_size +
		       (h.in_tail & (h.in_size - 1)), &ch, 1, 0);
		node_print(id, &ch, 1);
		if (ch != '\n' && line.len < LINE_MAX - 1) {
			line.text[line.len++] = ch;
			continue;
		}
		line.text[line.len] = '\0';
		line.len = 0;
		node_command(id, line.text, rec);
	}
	mem_rw(at, &line, sizeof(line), 1);
	mem_rw(chan + offsetof(struct mint_console_hdr, in_tail), &h.in_tail,
	       sizeof(h.in_tail) + sizeof(h.in_errors), 1);
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
		if (id > 0 && node && !strcmp(node, "up")) {
			node_reports(id, &rec, MINT_NODE_UP);
			node_boots(id, req == MINT_IOC_CPU_START ? s->esi :
				   s64->rsi, &rec, 0);
		} else if (id > 0 && node && !strcmp(node, "crash")) {
			node_reports(id, &rec, MINT_NODE_BOOTING);
			node_boots(id, req == MINT_IOC_CPU_START ? s->esi :
				   s64->rsi, &rec, 1);
		}
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
		else if (id > 0)
			node_takes_input(id, &rec);
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
