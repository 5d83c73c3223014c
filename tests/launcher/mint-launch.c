// SPDX-License-Identifier: GPL-2.0-only
/*
 * mint-launch: drive the Mint launcher (/dev/mint) by hand or from tests.
 * It runs inside node 0 (static, for the busybox initramfs) and is a thin
 * wrapper: one command, one ioctl, and the errno name on failure, so a test
 * can check exactly which refusal it got.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/mint.h>

#include "payload.h"

static const char *dev_path = "/dev/mint";
static int dev_fd = -1;
static int dev_mode = O_RDWR;

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: mint-launch [-d DEV] [-r] COMMAND ARGS\n"
		"  -r                            open the device read-only\n"
		"  info                          launcher version, IPI vector, stub page, node ranges\n"
		"  state APICID                  what node 0 and the launcher know about a core\n"
		"  hold APICID                   keep node 0 from onlining a core\n"
		"  start APICID ENTRY ESI        start a core at a 32-bit entry point\n"
		"  start64 APICID ENTRY RSI CR3  start a core in long mode, page table at CR3\n"
		"  stop APICID                   INIT a core and release it\n"
		"  fault APICID                  the fault the start stub caught on a core\n"
		"  ipi APICID                    send the Mint inter-node IPI\n"
		"  write ADDR FILE               copy FILE to physical ADDR\n"
		"  read ADDR SIZE                print SIZE bytes at ADDR as hex\n"
		"  payload-start APICID LOAD MAILBOX FILE [TIMEOUT_S]\n"
		"                                load the test payload at LOAD, clear its\n"
		"                                mailbox, start it, wait for its magic\n"
		"  mailbox MAILBOX               print the payload's mailbox\n"
		"  wait-ipis MAILBOX COUNT [TIMEOUT_S]\n"
		"                                wait until the payload counted COUNT IPIs\n"
		"Errors print the ioctl and the errno name, e.g. \"EPERM\"; exit status 1.\n");
}

static int fail(const char *what, int err)
{
	fprintf(stderr, "mint-launch: %s: %s (%s)\n", what,
		strerrorname_np(err) ? strerrorname_np(err) : "?", strerror(err));
	return 1;
}

static int bad_arg(const char *what, const char *arg)
{
	fprintf(stderr, "mint-launch: bad %s '%s'\n", what, arg);
	return 2;
}

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!*s || *s == '-')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && !*end;
}

static bool parse_u32(const char *s, uint32_t *v)
{
	uint64_t x;

	if (!parse_u64(s, &x) || x > UINT32_MAX)
		return false;
	*v = (uint32_t)x;
	return true;
}

static int dev(void)
{
	if (dev_fd < 0)
		dev_fd = open(dev_path, dev_mode | O_CLOEXEC);
	return dev_fd;
}

/* Run one ioctl; on failure print NAME and the errno and return 1. */
static int do_ioctl(unsigned long cmd, void *arg, const char *name)
{
	if (dev() < 0)
		return fail(dev_path, errno);
	if (ioctl(dev_fd, cmd, arg) < 0)
		return fail(name, errno);
	return 0;
}

static int mem_io(unsigned long cmd, uint64_t phys, void *buf, uint64_t size,
		  const char *name)
{
	struct mint_mem req = { .phys = phys, .size = size,
				.buf = (uintptr_t)buf };
	char what[96];

	snprintf(what, sizeof(what), "%s [%#" PRIx64 ", +%#" PRIx64 "]", name,
		 phys, size);
	return do_ioctl(cmd, &req, what);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int read_mailbox(uint64_t mailbox, uint32_t mb[MB_SIZE / 4])
{
	return mem_io(MINT_IOC_READ, mailbox, mb, MB_SIZE, "MINT_IOC_READ");
}

static int cmd_info(void)
{
	struct mint_info info;
	uint32_t i;

	memset(&info, 0, sizeof(info));
	if (do_ioctl(MINT_IOC_INFO, &info, "MINT_IOC_INFO"))
		return 1;
	printf("version %u\nipi_vector %#x\nstub_page %#" PRIx64 "\n",
	       info.version, info.ipi_vector, (uint64_t)info.stub_page);
	for (i = 0; i < info.nr_ranges && i < MINT_MAX_RANGES; i++)
		printf("range %#" PRIx64 " %#" PRIx64 "\n",
		       (uint64_t)info.ranges[i].start, (uint64_t)info.ranges[i].size);
	return 0;
}

static int cmd_state(uint32_t apicid)
{
	struct mint_cpu req = { .apicid = apicid };

	if (do_ioctl(MINT_IOC_CPU_STATE, &req, "MINT_IOC_CPU_STATE"))
		return 1;
	printf("apicid %u%s%s%s%s\n", apicid,
	       req.state & MINT_CPU_KNOWN ? " known" : "",
	       req.state & MINT_CPU_ONLINE ? " online" : "",
	       req.state & MINT_CPU_HELD ? " held" : "",
	       req.state & MINT_CPU_STARTED ? " started" : "");
	return 0;
}

static int cmd_fault(uint32_t apicid)
{
	struct mint_cpu_fault req = { .apicid = apicid };

	if (do_ioctl(MINT_IOC_CPU_FAULT, &req, "MINT_IOC_CPU_FAULT"))
		return 1;
	printf("apicid %u vector %u error %#x mode %u ip %#llx cr2 %#llx\n",
	       apicid, req.vector, req.error_code, req.mode,
	       (unsigned long long)req.ip, (unsigned long long)req.cr2);
	return 0;
}

static int cmd_cpu(unsigned long cmd, const char *name, uint32_t apicid)
{
	struct mint_cpu req = { .apicid = apicid };

	return do_ioctl(cmd, &req, name);
}

static int cmd_start(uint32_t apicid, uint32_t entry, uint32_t esi)
{
	struct mint_cpu_start req = { .apicid = apicid, .entry = entry,
				      .esi = esi };

	return do_ioctl(MINT_IOC_CPU_START, &req, "MINT_IOC_CPU_START");
}

static int cmd_start64(uint32_t apicid, uint64_t entry, uint64_t rsi,
		       uint64_t cr3)
{
	struct mint_cpu_start64 req = { .apicid = apicid, .entry = entry,
					.rsi = rsi, .cr3 = cr3 };

	return do_ioctl(MINT_IOC_CPU_START64, &req, "MINT_IOC_CPU_START64");
}

static int read_file(const char *path, void **data, size_t *size)
{
	struct stat st;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(path, errno);
	if (fstat(fd, &st) < 0 || st.st_size <= 0) {
		close(fd);
		fprintf(stderr, "mint-launch: %s: empty or unreadable\n", path);
		return 1;
	}
	*size = (size_t)st.st_size;
	*data = malloc(*size);
	if (!*data) {
		close(fd);
		return fail("malloc", ENOMEM);
	}
	n = read(fd, *data, *size);
	close(fd);
	if (n != (ssize_t)*size) {
		free(*data);
		fprintf(stderr, "mint-launch: %s: short read\n", path);
		return 1;
	}
	return 0;
}

static int cmd_write(uint64_t addr, const char *path)
{
	size_t size;
	void *data;
	int ret;

	if (read_file(path, &data, &size))
		return 1;
	ret = mem_io(MINT_IOC_WRITE, addr, data, size, "MINT_IOC_WRITE");
	free(data);
	return ret;
}

static int cmd_read(uint64_t addr, uint64_t size)
{
	unsigned char *buf;
	uint64_t i;
	int ret;

	if (size > (64u << 20)) {
		fprintf(stderr, "mint-launch: read: at most 64 MiB at a time\n");
		return 2;
	}
	buf = malloc(size ? size : 1);
	if (!buf)
		return fail("malloc", ENOMEM);
	ret = mem_io(MINT_IOC_READ, addr, buf, size, "MINT_IOC_READ");
	for (i = 0; !ret && i < size; i++)
		printf("%02x%s", buf[i], (i % 16 == 15 || i + 1 == size) ? "\n" : " ");
	free(buf);
	return ret;
}

static void print_mailbox(const uint32_t mb[MB_SIZE / 4])
{
	printf("magic %#x\napic_id %u\ncpuid_apic_id %u\nipi_count %u\nfault %#x\n",
	       mb[MB_MAGIC / 4], mb[MB_APIC_ID / 4], mb[MB_CPUID_APIC_ID / 4],
	       mb[MB_IPI_COUNT / 4], mb[MB_FAULT / 4]);
	printf("entry eip %#x ebx %#x ebp %#x edi %#x eflags.if %u cr0.pe %u cr0.pg %u\n",
	       mb[MB_ENTRY_EIP / 4], mb[MB_ENTRY_EBX / 4], mb[MB_ENTRY_EBP / 4],
	       mb[MB_ENTRY_EDI / 4], (mb[MB_ENTRY_EFLAGS / 4] >> 9) & 1,
	       mb[MB_ENTRY_CR0 / 4] & 1, mb[MB_ENTRY_CR0 / 4] >> 31);
	printf("entry cs %#x ds %#x es %#x ss %#x\n", mb[MB_ENTRY_CS / 4] & 0xffff,
	       mb[MB_ENTRY_DS / 4] & 0xffff, mb[MB_ENTRY_DS / 4] >> 16,
	       mb[MB_ENTRY_SS / 4] & 0xffff);
}

static int cmd_payload_start(uint32_t apicid, uint32_t load, uint32_t mailbox,
			     const char *path, double timeout)
{
	struct mint_info info;
	uint32_t mb[MB_SIZE / 4];
	double deadline;
	size_t size;
	void *data;
	int ret;

	memset(&info, 0, sizeof(info));
	if (do_ioctl(MINT_IOC_INFO, &info, "MINT_IOC_INFO"))
		return 1;
	memset(mb, 0, sizeof(mb));
	mb[MB_VECTOR / 4] = info.ipi_vector;
	if (read_file(path, &data, &size))
		return 1;
	ret = mem_io(MINT_IOC_WRITE, load, data, size, "MINT_IOC_WRITE");
	free(data);
	if (ret || mem_io(MINT_IOC_WRITE, mailbox, mb, sizeof(mb), "MINT_IOC_WRITE"))
		return 1;
	if (cmd_start(apicid, load, mailbox))
		return 1;

	deadline = now_s() + timeout;
	for (;;) {
		if (read_mailbox(mailbox, mb))
			return 1;
		if (mb[MB_MAGIC / 4] == PAYLOAD_MAGIC)
			break;
		if (now_s() > deadline) {
			fprintf(stderr, "mint-launch: payload on APIC ID %u did not report within %.0f s\n",
				apicid, timeout);
			print_mailbox(mb);
			return 1;
		}
		usleep(10000);
	}
	print_mailbox(mb);
	return 0;
}

static int cmd_mailbox(uint64_t mailbox)
{
	uint32_t mb[MB_SIZE / 4];

	if (read_mailbox(mailbox, mb))
		return 1;
	print_mailbox(mb);
	return 0;
}

static int cmd_wait_ipis(uint64_t mailbox, uint32_t count, double timeout)
{
	double deadline = now_s() + timeout;
	uint32_t mb[MB_SIZE / 4];

	for (;;) {
		if (read_mailbox(mailbox, mb))
			return 1;
		if (mb[MB_IPI_COUNT / 4] >= count)
			break;
		if (now_s() > deadline) {
			fprintf(stderr, "mint-launch: %u IPIs counted, wanted %u\n",
				mb[MB_IPI_COUNT / 4], count);
			return 1;
		}
		usleep(10000);
	}
	printf("ipi_count %u\n", mb[MB_IPI_COUNT / 4]);
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t a64, b64, c64;
	uint32_t a, b, c;
	double timeout = 10;
	const char *cmd;
	int n;

	if (argc > 2 && !strcmp(argv[1], "-d")) {
		dev_path = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc > 1 && !strcmp(argv[1], "-r")) {
		dev_mode = O_RDONLY;
		argc--;
		argv++;
	}
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	cmd = argv[1];
	n = argc - 2;
	argv += 2;

	if (!strcmp(cmd, "info") && n == 0)
		return cmd_info();
	if (!strcmp(cmd, "state") && n == 1)
		return parse_u32(argv[0], &a) ? cmd_state(a) : bad_arg("APIC ID", argv[0]);
	if (!strcmp(cmd, "hold") && n == 1)
		return parse_u32(argv[0], &a) ?
			cmd_cpu(MINT_IOC_CPU_HOLD, "MINT_IOC_CPU_HOLD", a) :
			bad_arg("APIC ID", argv[0]);
	if (!strcmp(cmd, "stop") && n == 1)
		return parse_u32(argv[0], &a) ?
			cmd_cpu(MINT_IOC_CPU_STOP, "MINT_IOC_CPU_STOP", a) :
			bad_arg("APIC ID", argv[0]);
	if (!strcmp(cmd, "fault") && n == 1)
		return parse_u32(argv[0], &a) ? cmd_fault(a) : bad_arg("APIC ID", argv[0]);
	if (!strcmp(cmd, "ipi") && n == 1)
		return parse_u32(argv[0], &a) ?
			cmd_cpu(MINT_IOC_SEND_IPI, "MINT_IOC_SEND_IPI", a) :
			bad_arg("APIC ID", argv[0]);
	if (!strcmp(cmd, "start") && n == 3) {
		if (!parse_u32(argv[0], &a))
			return bad_arg("APIC ID", argv[0]);
		if (!parse_u32(argv[1], &b))
			return bad_arg("entry", argv[1]);
		if (!parse_u32(argv[2], &c))
			return bad_arg("ESI", argv[2]);
		return cmd_start(a, b, c);
	}
	if (!strcmp(cmd, "start64") && n == 4) {
		if (!parse_u32(argv[0], &a))
			return bad_arg("APIC ID", argv[0]);
		if (!parse_u64(argv[1], &a64))
			return bad_arg("entry", argv[1]);
		if (!parse_u64(argv[2], &b64))
			return bad_arg("RSI", argv[2]);
		if (!parse_u64(argv[3], &c64))
			return bad_arg("CR3", argv[3]);
		return cmd_start64(a, a64, b64, c64);
	}
	if (!strcmp(cmd, "write") && n == 2)
		return parse_u64(argv[0], &a64) ? cmd_write(a64, argv[1]) :
			bad_arg("address", argv[0]);
	if (!strcmp(cmd, "read") && n == 2) {
		if (!parse_u64(argv[0], &a64))
			return bad_arg("address", argv[0]);
		if (!parse_u64(argv[1], &b64))
			return bad_arg("size", argv[1]);
		return cmd_read(a64, b64);
	}
	if (!strcmp(cmd, "payload-start") && (n == 4 || n == 5)) {
		if (!parse_u32(argv[0], &a))
			return bad_arg("APIC ID", argv[0]);
		if (!parse_u32(argv[1], &b))
			return bad_arg("load address", argv[1]);
		if (!parse_u32(argv[2], &c))
			return bad_arg("mailbox address", argv[2]);
		if (n == 5 && (!parse_u64(argv[4], &a64) || !a64))
			return bad_arg("timeout", argv[4]);
		if (n == 5)
			timeout = (double)a64;
		return cmd_payload_start(a, b, c, argv[3], timeout);
	}
	if (!strcmp(cmd, "mailbox") && n == 1)
		return parse_u64(argv[0], &a64) ? cmd_mailbox(a64) :
			bad_arg("mailbox address", argv[0]);
	if (!strcmp(cmd, "wait-ipis") && (n == 2 || n == 3)) {
		if (!parse_u64(argv[0], &a64))
			return bad_arg("mailbox address", argv[0]);
		if (!parse_u32(argv[1], &a))
			return bad_arg("count", argv[1]);
		if (n == 3 && (!parse_u64(argv[2], &b64) || !b64))
			return bad_arg("timeout", argv[2]);
		if (n == 3)
			timeout = (double)b64;
		return cmd_wait_ipis(a64, a, timeout);
	}
	fprintf(stderr, "mint-launch: unknown command or wrong arguments: %s\n", cmd);
	usage(stderr);
	return 2;
}
