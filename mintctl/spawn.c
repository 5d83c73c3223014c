// SPDX-License-Identifier: GPL-2.0-only
/* fork, exec, wait; optionally with the child's output read into a buffer. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errors.h"
#include "spawn.h"

/* Read fd to its end; keep what fits in out. */
static void drain(int fd, char *out, size_t len)
{
	size_t used = 0;
	char sink[512];

	for (;;) {
		char *dst = used + 1 < len ? out + used : sink;
		size_t room = used + 1 < len ? len - 1 - used : sizeof(sink);
		ssize_t n = read(fd, dst, room);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (dst != sink)
			used += (size_t)n;
	}
	if (len)
		out[used] = '\0';
}

int spawn_run(char *const argv[], char *out, size_t len)
{
	int pipefd[2] = { -1, -1 };
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	if (out && pipe2(pipefd, O_CLOEXEC)) {
		p_err("pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		p_err("fork: %s", strerror(errno));
		if (out) {
			close(pipefd[0]);
			close(pipefd[1]);
		}
		return -1;
	}
	if (!pid) {
		if (out && (dup2(pipefd[1], STDOUT_FILENO) < 0 ||
			    dup2(pipefd[1], STDERR_FILENO) < 0))
			_exit(127);
		execvp(argv[0], argv);
		/* The child's own stderr: no --json object, no capture. */
		fprintf(stderr, "mintctl: %s: cannot run %s: %s\n",
			mint_msg_command_name(), argv[0], strerror(errno));
		_exit(127);
	}
	if (out) {
		close(pipefd[1]);
		drain(pipefd[0], out, len);
		close(pipefd[0]);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			p_err("waitpid: %s", strerror(errno));
			return -1;
		}
	}
	if (WIFSIGNALED(status)) {
		p_err("%s was killed by signal %d (%s)", argv[0],
		      WTERMSIG(status), strsignal(WTERMSIG(status)));
		return -1;
	}
	return WEXITSTATUS(status);
}
