// SPDX-License-Identifier: GPL-2.0-only
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

int write_file_atomic(const char *path, const void *data, size_t len,
		      int mode)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	const char *p = data;
	int fd, saved;

	if (!tmp)
		return -1;
	snprintf(tmp, plen + 16, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		goto fail_free;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail_close;
		}
		p += n;
		len -= (size_t)n;
	}
	if (fchmod(fd, (mode_t)mode) || fsync(fd))
		goto fail_close;
	if (close(fd)) {
		fd = -1;
		goto fail_close;
	}
	if (rename(tmp, path)) {
		fd = -1;
		goto fail_close;
	}
	free(tmp);
	return 0;
fail_close:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
fail_free:
	saved = errno;
	free(tmp);
	errno = saved;
	return -1;
}

void sysroot_path(char *buf, size_t len, const char *sysroot,
		  const char *path)
{
	snprintf(buf, len, "%s%s", sysroot ? sysroot : "", path);
}
