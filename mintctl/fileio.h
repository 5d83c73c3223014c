/* SPDX-License-Identifier: GPL-2.0-only */
/* Whole-file reads and all-or-nothing writes. */
#ifndef MINT_FILEIO_H
#define MINT_FILEIO_H

#include <stddef.h>

#define MINT_CONFIG_FILE_MAX	(1u << 20)
#define MINT_DESCRIPTOR_MAX	(1u << 20)

/*
 * Read at most max bytes of path into a NUL-terminated heap buffer.
 * Returns 0, or -1 with errno set (EFBIG if the file is larger than max).
 */
int read_whole_file(const char *path, size_t max, char **out, size_t *len);

/*
 * Write data to path through a temporary file in the same directory and
 * rename(), so readers see the old file or the new one, never a part.
 * Returns 0, or -1 with errno set; nothing is left behind on failure.
 */
int write_file_atomic(const char *path, const void *data, size_t len,
		      int mode);

/* All len bytes, across short writes and EINTR. 0, or -1 with errno set. */
int write_all(int fd, const void *data, size_t len);

/*
 * The same in steps, for a file written piece by piece: atomic_open()
 * makes a temporary file next to path (fd), atomic_commit() gives it mode
 * and renames it over path, atomic_abort() removes it. 0, or -1 with
 * errno set; after a failed commit nothing is left behind either.
 */
struct atomic_file {
	const char *path;
	char *tmp;
	int fd;
};
int atomic_open(struct atomic_file *f, const char *path);
int atomic_commit(struct atomic_file *f, int mode);
void atomic_abort(struct atomic_file *f);

/* "sysroot" + "/proc/cpuinfo"; sysroot may be NULL or "". */
void sysroot_path(char *buf, size_t len, const char *sysroot,
		  const char *path);

#endif
