// SPDX-License-Identifier: GPL-2.0-only
/*
 * Whole-file reads, all-or-nothing writes (a temporary file renamed into
 * place) and paths below a --sysroot (fileio.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"

int read_whole_file(const char *path, size_t max, char **out, size_t *len)
{
	size_t cap = 4096, used = 0;
	char *buf;
	int fd, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	buf = malloc(cap + 1);
	if (!buf)
		goto fail;
	for (;;) {
		ssize_t n;

		if (used == cap) {
			char *bigger;

			if (cap > max) {
				errno = EFBIG;
				goto fail;
			}
			cap *= 2;
			bigger = realloc(buf, cap + 1);
			if (!bigger)
				goto fail;
			buf = bigger;
		}
		n = read(fd, buf + used, cap - used);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (!n)
			break;
		used += (size_t)n;
	}
	if (used > max) {
		errno = EFBIG;
		goto fail;
	}
	close(fd);
	buf[used] = '\0';
	*out = buf;
	*len = used;
	return 0;
fail:
	saved = errno;
	free(buf);
	close(fd);
	errno = saved;
	return -1;
}

int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int atomic_open(struct atomic_file *f, const char *path)
{
	size_t plen = strlen(path);

	f->path = path;
	f->fd = -1;
	f->tmp = malloc(plen + 16);
	if (!f->tmp)
		return -1;
	snprintf(f->tmp, plen + 16, "%s.tmpXXXXXX", path);
	f->fd = mkstemp(f->tmp);
	if (f->fd < 0) {
		int saved = errno;

		free(f->tmp);
		f->tmp = NULL;
		errno = saved;
		return -1;
	}
	return 0;
}

void atomic_abort(struct atomic_file *f)
{
	int saved = errno;

	if (f->fd >= 0)
		close(f->fd);
	if (f->tmp)
		unlink(f->tmp);
	free(f->tmp);
	f->fd = -1;
	f->tmp = NULL;
	errno = saved;
}

int atomic_commit(struct atomic_file *f, int mode)
{
	int fd = f->fd;

	f->fd = -1;
	if (fchmod(fd, (mode_t)mode) || fsync(fd)) {
		f->fd = fd;
		goto fail;
	}
	if (close(fd) || rename(f->tmp, f->path))
		goto fail;
	free(f->tmp);
	f->tmp = NULL;
	return 0;
fail:
	atomic_abort(f);
	return -1;
}

int write_file_atomic(const char *path, const void *data, size_t len,
		      int mode)
{
	struct atomic_file f;

	if (atomic_open(&f, path))
		return -1;
	if (write_all(f.fd, data, len)) {
		atomic_abort(&f);
		return -1;
	}
	return atomic_commit(&f, mode);
}

void sysroot_path(char *buf, size_t len, const char *sysroot,
		  const char *path)
{
	snprintf(buf, len, "%s%s", sysroot ? sysroot : "", path);
}
