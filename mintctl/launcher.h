/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Mint launcher, /dev/mint, seen from mintctl: one function per ioctl
 * of include/uapi/linux/mint.h. The uapi types stay inside launcher.c
 * (their names clash with mintctl's own ranges), so callers see plain
 * integers. Every function prints its own p_err() message naming the
 * ioctl and the errno, and returns 0 or a negative errno.
 */
#ifndef MINT_LAUNCHER_H
#define MINT_LAUNCHER_H

#include <stdbool.h>
#include <stdint.h>

#define LAUNCHER_DEV		"/dev/mint"
#define LAUNCHER_MAX_RANGES	32

/* MINT_CPU_* of the uapi header, for launcher_cpu_state(). */
enum {
	LAUNCHER_CPU_KNOWN = 1u << 0,
	LAUNCHER_CPU_ONLINE = 1u << 1,
	LAUNCHER_CPU_HELD = 1u << 2,
	LAUNCHER_CPU_STARTED = 1u << 3,
};

struct launcher_info {
	uint32_t version, ipi_vector;
	uint64_t stub_page;
	unsigned nr_ranges;
	uint64_t start[LAUNCHER_MAX_RANGES], size[LAUNCHER_MAX_RANGES];
};

/*
 * Open the launcher ($MINT_DEV overrides /dev/mint for tests). Returns the
 * descriptor, or -1 after a message that says this must run on node 0.
 */
int launcher_open(void);
/*
 * launcher_try_*(): the same without a message, for probes whose failure
 * only means "nothing there" (a node 0 without the launcher, a 2 MiB
 * boundary that holds no control block). -1 or -errno.
 */
int launcher_try_open(void);
/* The device launcher_open() opens: $MINT_DEV, else /dev/mint. */
const char *launcher_dev_path(void);
void launcher_close(int fd);

int launcher_info(int fd, struct launcher_info *info);
int launcher_try_info(int fd, struct launcher_info *info);
/* True if [phys, phys + size) lies inside one range the launcher owns. */
bool launcher_owns(const struct launcher_info *info, uint64_t phys,
		   uint64_t size);
int launcher_write(int fd, uint64_t phys, const void *buf, uint64_t size);
int launcher_read(int fd, uint64_t phys, void *buf, uint64_t size);
int launcher_try_read(int fd, uint64_t phys, void *buf, uint64_t size);
int launcher_cpu_start(int fd, uint32_t apicid, uint32_t entry, uint32_t esi);
/* The same in long mode: the 64-bit boot protocol, on page tables at cr3. */
int launcher_cpu_start64(int fd, uint32_t apicid, uint64_t entry, uint64_t rsi,
			 uint64_t cr3);
int launcher_cpu_stop(int fd, uint32_t apicid);
int launcher_cpu_state(int fd, uint32_t apicid, uint32_t *state);
int launcher_cpu_hold(int fd, uint32_t apicid);
int launcher_send_ipi(int fd, uint32_t apicid);

/* An exception the start stub caught on a core (MINT_IOC_CPU_FAULT). */
struct launcher_fault {
	uint32_t vector, error_code, mode;	/* mode: LAUNCHER_MODE_* */
	uint64_t ip, cr2;
};

enum { LAUNCHER_MODE_REAL = 1, LAUNCHER_MODE_PROT32, LAUNCHER_MODE_LONG };

/*
 * 1 with *f filled if the stub caught a fault on apicid since its last
 * start, 0 if not (or the launcher predates the call), else a negative
 * errno after a message.
 */
int launcher_cpu_fault(int fd, uint32_t apicid, struct launcher_fault *f);

#endif
