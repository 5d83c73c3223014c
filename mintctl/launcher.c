// SPDX-License-Identifier: GPL-2.0-only
/* mintctl's side of /dev/mint: thin wrappers, one per ioctl. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/mint.h>	/* extracted from kernel-patches/ by mintctl.mk */

#include "errors.h"
#include "launcher.h"
#include "lockdown.h"

_Static_assert(LAUNCHER_MAX_RANGES == MINT_MAX_RANGES, "launcher ranges");
_Static_assert(LAUNCHER_CPU_KNOWN == MINT_CPU_KNOWN &&
	       LAUNCHER_CPU_ONLINE == MINT_CPU_ONLINE &&
	       LAUNCHER_CPU_HELD == MINT_CPU_HELD &&
	       LAUNCHER_CPU_STARTED == MINT_CPU_STARTED, "launcher CPU flags");
_Static_assert(LAUNCHER_MODE_REAL == MINT_CPU_MODE_REAL &&
	       LAUNCHER_MODE_PROT32 == MINT_CPU_MODE_PROT32 &&
	       LAUNCHER_MODE_LONG == MINT_CPU_MODE_LONG, "launcher CPU modes");

const char *launcher_dev_path(void)
{
	const char *p = getenv("MINT_DEV");

	return p && *p ? p : LAUNCHER_DEV;
}

int launcher_try_open(void)
{
	return open(launcher_dev_path(), O_RDWR | O_CLOEXEC);
}

int launcher_open(void)
{
	int fd = launcher_try_open();

	if (fd < 0)
		p_err("%s: %s (the launcher exists only on node 0, running the Mint kernel, as root)",
		      launcher_dev_path(), strerror(errno));
	return fd;
}

void launcher_close(int fd)
{
	if (fd >= 0)
		close(fd);
}

/* EPERM: lockdown, when securityfs says so, else the capabilities. */
static void explain_eperm(void)
{
	const char *mode = mint_lockdown_mode(NULL);

	if (mode)
		p_err("the kernel is locked down (%s, %s): the launcher refuses to write node memory or start cores, as for /dev/mem and kexec_load",
		      mode, MINT_LOCKDOWN_PATH);
	else
		p_err("the launcher needs CAP_SYS_RAWIO, and CAP_SYS_BOOT to start or stop cores");
}

static int mint_ioctl(int fd, unsigned long cmd, void *arg, const char *name,
		      const char *what)
{
	int err;

	if (ioctl(fd, cmd, arg) == 0)
		return 0;
	err = errno;
	p_err("%s%s%s: %s (%s)", name, *what ? " " : "", what,
	      strerrorname_np(err) ? strerrorname_np(err) : "?", strerror(err));
	if (err == EPERM)
		explain_eperm();
	return -err;
}

/* say: the message for a failure, else only its -errno. */
static int get_info(int fd, struct launcher_info *out, bool say)
{
	struct mint_info info;
	int rc;

	memset(&info, 0, sizeof(info));
	if (!say)
		rc = ioctl(fd, MINT_IOC_INFO, &info) ? -errno : 0;
	else
		rc = mint_ioctl(fd, MINT_IOC_INFO, &info, "MINT_IOC_INFO", "");
	if (rc)
		return rc;
	if (info.version != MINT_LAUNCHER_VERSION) {
		if (say)
			p_err("%s: launcher version %u, mintctl speaks version %d",
			      launcher_dev_path(), info.version,
			      MINT_LAUNCHER_VERSION);
		return -EPROTO;
	}
	memset(out, 0, sizeof(*out));
	out->version = info.version;
	out->ipi_vector = info.ipi_vector;
	out->stub_page = info.stub_page;
	out->nr_ranges = info.nr_ranges < MINT_MAX_RANGES ? info.nr_ranges :
							    MINT_MAX_RANGES;
	for (unsigned i = 0; i < out->nr_ranges; i++) {
		out->start[i] = info.ranges[i].start;
		out->size[i] = info.ranges[i].size;
	}
	return 0;
}

int launcher_info(int fd, struct launcher_info *out)
{
	return get_info(fd, out, true);
}

int launcher_try_info(int fd, struct launcher_info *out)
{
	return get_info(fd, out, false);
}

bool launcher_owns(const struct launcher_info *info, uint64_t phys,
		   uint64_t size)
{
	if (!size || phys + size < phys)
		return false;
	for (unsigned i = 0; i < info->nr_ranges; i++)
		if (phys >= info->start[i] &&
		    phys + size <= info->start[i] + info->size[i])
			return true;
	return false;
}

static int mem_io(int fd, unsigned long cmd, const char *name, uint64_t phys,
		  void *buf, uint64_t size)
{
	struct mint_mem req = { .phys = phys, .size = size,
				.buf = (uintptr_t)buf };
	char what[64];

	snprintf(what, sizeof(what), "[%#" PRIx64 ", +%#" PRIx64 "]", phys,
		 size);
	return mint_ioctl(fd, cmd, &req, name, what);
}

int launcher_write(int fd, uint64_t phys, const void *buf, uint64_t size)
{
	/* The ioctl only reads from buf. */
	return mem_io(fd, MINT_IOC_WRITE, "MINT_IOC_WRITE", phys, (void *)buf,
		      size);
}

int launcher_read(int fd, uint64_t phys, void *buf, uint64_t size)
{
	return mem_io(fd, MINT_IOC_READ, "MINT_IOC_READ", phys, buf, size);
}

int launcher_try_read(int fd, uint64_t phys, void *buf, uint64_t size)
{
	struct mint_mem req = { .phys = phys, .size = size,
				.buf = (uintptr_t)buf };

	return ioctl(fd, MINT_IOC_READ, &req) ? -errno : 0;
}

int launcher_cpu_start(int fd, uint32_t apicid, uint32_t entry, uint32_t esi)
{
	struct mint_cpu_start req = { .apicid = apicid, .entry = entry,
				      .esi = esi };
	char what[64];

	snprintf(what, sizeof(what), "APIC ID %u entry %#x esi %#x", apicid,
		 entry, esi);
	return mint_ioctl(fd, MINT_IOC_CPU_START, &req, "MINT_IOC_CPU_START",
			  what);
}

int launcher_cpu_start64(int fd, uint32_t apicid, uint64_t entry, uint64_t rsi,
			 uint64_t cr3)
{
	struct mint_cpu_start64 req = { .apicid = apicid, .entry = entry,
					.rsi = rsi, .cr3 = cr3 };
	char what[96];

	snprintf(what, sizeof(what),
		 "APIC ID %u entry %#" PRIx64 " rsi %#" PRIx64 " cr3 %#" PRIx64,
		 apicid, entry, rsi, cr3);
	return mint_ioctl(fd, MINT_IOC_CPU_START64, &req,
			  "MINT_IOC_CPU_START64", what);
}

static int cpu_ioctl(int fd, unsigned long cmd, const char *name,
		     uint32_t apicid, uint32_t *state)
{
	struct mint_cpu req = { .apicid = apicid };
	char what[32];
	int rc;

	snprintf(what, sizeof(what), "APIC ID %u", apicid);
	rc = mint_ioctl(fd, cmd, &req, name, what);
	if (!rc && state)
		*state = req.state;
	return rc;
}

int launcher_cpu_stop(int fd, uint32_t apicid)
{
	return cpu_ioctl(fd, MINT_IOC_CPU_STOP, "MINT_IOC_CPU_STOP", apicid,
			 NULL);
}

int launcher_cpu_state(int fd, uint32_t apicid, uint32_t *state)
{
	return cpu_ioctl(fd, MINT_IOC_CPU_STATE, "MINT_IOC_CPU_STATE", apicid,
			 state);
}

int launcher_cpu_hold(int fd, uint32_t apicid)
{
	return cpu_ioctl(fd, MINT_IOC_CPU_HOLD, "MINT_IOC_CPU_HOLD", apicid,
			 NULL);
}

int launcher_send_ipi(int fd, uint32_t apicid)
{
	return cpu_ioctl(fd, MINT_IOC_SEND_IPI, "MINT_IOC_SEND_IPI", apicid,
			 NULL);
}

int launcher_cpu_fault(int fd, uint32_t apicid, struct launcher_fault *f)
{
	struct mint_cpu_fault req = { .apicid = apicid };
	int err;

	if (ioctl(fd, MINT_IOC_CPU_FAULT, &req) == 0) {
		*f = (struct launcher_fault){ .vector = req.vector,
					      .error_code = req.error_code,
					      .mode = req.mode, .ip = req.ip,
					      .cr2 = req.cr2 };
		return 1;
	}
	err = errno;
	if (err == ENODATA || err == ENOTTY)
		return 0;
	p_err("MINT_IOC_CPU_FAULT APIC ID %u: %s (%s)", apicid,
	      strerrorname_np(err) ? strerrorname_np(err) : "?", strerror(err));
	return -err;
}
