// SPDX-License-Identifier: GPL-2.0-only
/*
 * mintctl console: attach to a secondary's console channel. On a terminal
 * it is raw and Ctrl-] leaves, like virsh console; through pipes it copies
 * stdin into the node's input ring and the node's new output to stdout,
 * then stops once the node stays quiet, prints --until TEXT, or --timeout
 * passes. One attach per node at a time: a lock file says who holds it.
 * There is no doorbell towards node 0, so the output ring is polled.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "console_chan.h"
#include "control.h"
#include "fileio.h"
#include "main.h"
#include "node_lookup.h"
#include "numbers.h"
#include "signals.h"
#include "terminal.h"

#define CONSOLE_POLL_MS		15
#define CONSOLE_IDLE_S		2.0
#define CONSOLE_IDLE_MAX_S	3600.0
#define CONSOLE_UNTIL_MAX	256
#define CONSOLE_RUN_DIR		"/run/mint"

enum { OPT_IDLE = 0x600, OPT_UNTIL, OPT_TIMEOUT };

static const struct option console_opts[] = {
	{ "idle", required_argument, NULL, OPT_IDLE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ NULL, 0, NULL, 0 },
};

static void console_help(void)
{
	printf("Usage: mintctl console NODE [--idle S] [--until TEXT] [--timeout S]\n"
	       "\n"
	       "Attach to a secondary node's console through its console channel in the\n"
	       "shared region. On a terminal: raw mode, everything typed goes to the node,\n"
	       "Ctrl-] leaves. Otherwise stdin goes to the node and the node's output from\n"
	       "now on to stdout, so scripts can drive it:\n"
	       "  echo 'uname -r' | mintctl console node1\n"
	       "One attach per node at a time; another is refused. Runs on node 0.\n"
	       "\n"
	       "  --idle S       after stdin ends, stop once the node printed nothing for S\n"
	       "                 seconds (default %.0f; fractions allowed)\n"
	       "  --until TEXT   stop as soon as the node printed TEXT (no idle stop then)\n"
	       "  --timeout S    stop after S seconds in any case, with exit status 1\n"
	       "\n" GLOBAL_OPTIONS_HELP, CONSOLE_IDLE_S);
}

struct console_req {
	const char *node, *until;
	double idle, timeout;		/* seconds; timeout 0: none */
};

/* Why the attach ended; what it says and returns comes after the terminal is back. */
enum leave { LEAVE_NONE, LEAVE_ESCAPE, LEAVE_DONE, LEAVE_SIGNAL, LEAVE_TIMEOUT,
	     LEAVE_NODE_STOPPED, LEAVE_REBOOTED, LEAVE_STDOUT_GONE,
	     LEAVE_ERROR };

struct session {
	struct chan c;
	const struct console_req *q;
	bool terminal;
	uint64_t pos;			/* output read so far */
	uint8_t in[16384];		/* typed or piped, not in the ring yet */
	size_t in_len;
	bool stdin_open;
	char seen[CONSOLE_UNTIL_MAX];	/* the last output bytes, for --until */
	size_t seen_len;
	uint8_t *scan;			/* seen + one fetch, for --until */
};

/*
 * The lock of node id's console: a POSIX record lock on a file in
 * $MINT_RUN_DIR (default /run/mint), so the kernel names the holder's pid
 * and drops the lock when it exits, however it exits. The fd, or -1.
 */
static int lock_console(const struct mint_node_plan *n)
{
	const char *dir = getenv("MINT_RUN_DIR");
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	char path[512], pid[32];
	int fd;

	if (!dir || !*dir)
		dir = CONSOLE_RUN_DIR;
	if (mkdir(dir, 0755) && errno != EEXIST) {
		p_err("%s: %s", dir, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/console-node%u.lock", dir, n->id);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		p_err("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fcntl(fd, F_SETLK, &fl)) {
		int err = errno;

		if (err == EAGAIN || err == EACCES) {
			fl = (struct flock){ .l_type = F_WRLCK,
					     .l_whence = SEEK_SET };
			if (!fcntl(fd, F_GETLK, &fl) && fl.l_type != F_UNLCK)
				p_err("%s is already attached by pid %d; refused (one attach at a time, %s)",
				      n->name, (int)fl.l_pid, path);
			else
				p_err("%s is already attached; refused (one attach at a time, %s)",
				      n->name, path);
		} else {
			p_err("cannot lock %s: %s", path, strerror(err));
		}
		close(fd);
		return -1;
	}
	/* For people who look: the holder's pid, as the lock says. */
	snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	if (ftruncate(fd, 0) == 0)
		write_all(fd, pid, strlen(pid));
	return fd;
}

/*
 * Write the fetched output, up to and including --until TEXT if it shows
 * up in it: 1 when it did, 0 when not, -1 when stdout is gone (a closed
 * pipe), -2 on another error.
 */
static int put_output(struct session *s, size_t len)
{
	const uint8_t *out = s->c.buf, *hit;
	size_t ulen, keep, show = len;
	int found = 0;

	if (!len)
		return 0;
	if (s->q->until) {
		ulen = strlen(s->q->until);
		memcpy(s->scan, s->seen, s->seen_len);
		memcpy(s->scan + s->seen_len, out, len);
		hit = memmem(s->scan, s->seen_len + len, s->q->until, ulen);
		if (hit) {
			show = (size_t)(hit - s->scan) + ulen - s->seen_len;
			found = 1;
		}
		keep = s->seen_len + len < ulen - 1 ? s->seen_len + len : ulen - 1;
		memmove(s->seen, s->scan + s->seen_len + len - keep, keep);
		s->seen_len = keep;
	}
	if (write_all(STDOUT_FILENO, out, show)) {
		if (errno == EPIPE)
			return -1;
		p_err("stdout: %s", strerror(errno));
		return -2;
	}
	return found;
}

/* Read what stdin has, up to the room left; stop at Ctrl-] on a terminal. */
static enum leave read_input(struct session *s)
{
	ssize_t n = read(STDIN_FILENO, s->in + s->in_len,
			 sizeof(s->in) - s->in_len);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return LEAVE_NONE;
	if (n < 0) {
		p_err("stdin: %s", strerror(errno));
		return LEAVE_ERROR;
	}
	if (n == 0) {
		s->stdin_open = false;
		return LEAVE_NONE;
	}
	if (s->terminal && memchr(s->in + s->in_len, TERM_ESCAPE, (size_t)n))
		return LEAVE_ESCAPE;
	s->in_len += (size_t)n;
	return LEAVE_NONE;
}

static enum leave attach(struct session *s)
{
	double start = mint_now(), quiet_since = start;
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	size_t len, sent;
	enum leave l;
	int r;

	for (;;) {
		double now = mint_now();

		if (mint_stop_signal)
			return LEAVE_SIGNAL;
		if (chan_fetch(&s->c, &s->pos, &len))
			return LEAVE_ERROR;
		if (s->c.rebooted)
			return LEAVE_REBOOTED;
		r = put_output(s, len);
		if (r)
			return r > 0 ? LEAVE_DONE : r == -1 ? LEAVE_STDOUT_GONE :
							     LEAVE_ERROR;
		if (len)
			quiet_since = now;
		if (s->c.state != MINT_NODE_UP && s->c.state != MINT_NODE_BOOTING)
			return LEAVE_NODE_STOPPED;
		if (s->in_len) {
			if (chan_send(&s->c, s->in, s->in_len, &sent))
				return LEAVE_ERROR;
			memmove(s->in, s->in + sent, s->in_len - sent);
			s->in_len -= sent;
			if (!s->in_len && !s->stdin_open)
				quiet_since = now;	/* the last input is in */
		}
		if (!s->stdin_open && !s->in_len && !s->q->until &&
		    now - quiet_since >= s->q->idle)
			return LEAVE_DONE;
		if (s->q->timeout && now - start >= s->q->timeout)
			return LEAVE_TIMEOUT;
		pfd.fd = s->stdin_open && s->in_len < sizeof(s->in) ?
			 STDIN_FILENO : -1;
		r = poll(&pfd, 1, CONSOLE_POLL_MS);
		if (r > 0 && pfd.revents) {
			l = read_input(s);
			if (l != LEAVE_NONE)
				return l;
		}
	}
}

/* What the end of an attach says, once the terminal is back; the exit status. */
static int left(struct session *s, enum leave l)
{
	const struct console_req *q = s->q;
	const char *name = s->c.n->name;
	size_t len;

	switch (l) {
	case LEAVE_ESCAPE:
	case LEAVE_SIGNAL:
		if (s->terminal)
			fprintf(stderr, "\nDisconnected from %s.\n", name);
		return MINT_OK;
	case LEAVE_DONE:
	case LEAVE_STDOUT_GONE:
		return MINT_OK;
	case LEAVE_TIMEOUT:
		if (q->until)
			p_err("%s did not print \"%s\" within %.0f s",
			      name, q->until, q->timeout);
		else
			p_err("--timeout %.0f s passed", q->timeout);
		return MINT_ERR_RUNTIME;
	case LEAVE_NODE_STOPPED:
		/* Its last words first. */
		if (!chan_fetch(&s->c, &s->pos, &len))
			put_output(s, len);
		p_err("%s is %s: nothing reads its console any more (see 'mintctl log %s')",
		      name, ctrl_state_name(s->c.state), name);
		return MINT_ERR_RUNTIME;
	case LEAVE_REBOOTED:
		p_err("%s was booted again: its console channel starts afresh; attach again",
		      name);
		return MINT_ERR_RUNTIME;
	case LEAVE_NONE:
	case LEAVE_ERROR:
		break;
	}
	return MINT_ERR_RUNTIME;	/* said where it happened */
}

/* The node must be running: attaching to a stopped one types into nothing. */
static int check_running(const struct chan *c)
{
	if (c->state == MINT_NODE_UP || c->state == MINT_NODE_BOOTING)
		return MINT_OK;
	p_err("%s is %s: nothing reads its console; see its history with 'mintctl log %s'",
	      c->n->name, ctrl_state_name(c->state), c->n->name);
	return MINT_ERR_USAGE;
}

static int console_node(const struct console_req *q)
{
	struct mint_ctx ctx = { 0 };
	struct session *s = calloc(1, sizeof(*s));
	unsigned id = 0;
	int rc, lock = -1;
	enum leave l;

	if (!s) {
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	s->c.fd = -1;
	s->q = q;
	s->stdin_open = true;
	rc = ctx_load(&ctx);
	if (!rc)
		rc = node_find_secondary(ctx.p, q->node, &id);
	if (!rc)
		rc = chan_open(&s->c, ctx.p, id);
	if (!rc)
		rc = check_running(&s->c);
	if (!rc) {
		lock = lock_console(s->c.n);
		if (lock < 0)
			rc = MINT_ERR_USAGE;
	}
	/*
	 * From the moment of attach: the history is 'mintctl log'. A head a
	 * peer scribbled over is said (and counted) but does not keep anyone
	 * from typing: output starts again once the node writes its own head.
	 */
	if (!rc && chan_head(&s->c, &s->pos))
		s->pos = 0;
	if (!rc && q->until) {
		s->scan = malloc(CONSOLE_UNTIL_MAX + s->c.out_size);
		if (!s->scan) {
			p_err("out of memory");
			rc = MINT_ERR_RUNTIME;
		}
	}
	if (!rc) {
		mint_catch_stop_signals();
		s->terminal = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
		if (s->terminal) {
			fprintf(stderr, "Connected to %s (node %u).\nEscape character is ^] (Ctrl + ])\n",
				s->c.n->name, id);
			if (term_raw(STDIN_FILENO))
				rc = MINT_ERR_RUNTIME;
		}
	}
	if (!rc) {
		l = attach(s);
		term_restore();
		rc = left(s, l);
	}
	if (!rc && s->c.errors)
		rc = MINT_ERR_RUNTIME;
	if (lock >= 0)
		close(lock);
	chan_close(&s->c);
	free(s->scan);
	free(s);
	ctx_free(&ctx);
	return rc;
}

static int parse_idle(const char *arg, double *idle)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || *end || !(v >= 0.05 && v <= CONSOLE_IDLE_MAX_S)) {
		p_err("--idle %s: seconds from 0.05 to %.0f", arg,
		      CONSOLE_IDLE_MAX_S);
		return MINT_ERR_USAGE;
	}
	*idle = v;
	return MINT_OK;
}

int do_console(int argc, char **argv)
{
	struct console_req q = { .idle = CONSOLE_IDLE_S };
	uint64_t timeout;
	int c;

	mint_set_help(console_help);
	while ((c = mint_getopt(argc, argv, "", console_opts)) != -1) {
		switch (c) {
		case OPT_IDLE:
			if (parse_idle(optarg, &q.idle))
				return MINT_ERR_USAGE;
			break;
		case OPT_UNTIL:
			if (!optarg[0] || strlen(optarg) >= CONSOLE_UNTIL_MAX) {
				p_err("--until needs a text of 1 to %d bytes",
				      CONSOLE_UNTIL_MAX - 1);
				return MINT_ERR_USAGE;
			}
			q.until = optarg;
			break;
		case OPT_TIMEOUT:
			if (parse_timeout(optarg, &timeout))
				return MINT_ERR_USAGE;
			q.timeout = (double)timeout;
			break;
		default:
			return MINT_ERR_USAGE;
		}
	}
	if (optind >= argc) {
		p_err("which node? (mintctl console NODE)");
		return MINT_ERR_USAGE;
	}
	q.node = argv[optind++];
	if (no_more_args(argc, argv))
		return MINT_ERR_USAGE;
	return console_node(&q);
}
