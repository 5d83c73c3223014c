// SPDX-License-Identifier: GPL-2.0-only
/*
 * mintctl net up|down|status: bring the VNI device up on this node. The
 * geometry comes from the plan (node 0: config and machine; a secondary:
 * the layout descriptor its boot data carries, /sys/firmware/mint/), so
 * the module parameters match on every node.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/module.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "descriptor.h"
#include "fileio.h"
#include "json.h"
#include "main.h"
#include "numbers.h"
#include "vni_find.h"

#define NET_IFNAME	"vni0"
#define NET_MODULE	"vni"
#define NET_MODULE_PATH	"/lib/modules/mint/vni.ko"

enum { OPT_ADDR = 0x500, OPT_MODULE, OPT_DRY_RUN };

static const struct option net_opts[] = {
	{ "addr", required_argument, NULL, OPT_ADDR },
	{ "module", required_argument, NULL, OPT_MODULE },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ NULL, 0, NULL, 0 },
};

static void net_help(void)
{
	printf("Usage: mintctl net up [--addr CIDR] [--module FILE] [--dry-run]\n"
	       "       mintctl net down\n"
	       "       mintctl net status [--json]\n"
	       "\n"
	       "up      load the VNI module with this node's geometry, assign the\n"
	       "        node's address (plan addressing: node N gets host N+1) and\n"
	       "        set " NET_IFNAME " up\n"
	       "down    set " NET_IFNAME " down and unload the module\n"
	       "status  link, carrier, address and counters of " NET_IFNAME ", and\n"
	       "        whether it still waits for node 0 to format the VNI area\n"
	       "\n"
	       "The device is found by its driver, so a renamed one counts. One moved\n"
	       "to another network namespace (ip link set " NET_IFNAME " netns NS) is\n"
	       "found in /run/netns: status says where, down unloads the module,\n"
	       "up refuses until it is moved back.\n"
	       "\n"
	       "  --addr CIDR      this node's address instead of the plan's (a.b.c.d/len)\n"
	       "  --module FILE    the module (default " NET_MODULE_PATH ")\n"
	       "  --dry-run        check the module file is there, print it with its\n"
	       "                   parameters and the address, change nothing\n"
	       "\n" GLOBAL_OPTIONS_HELP);
}

/* The device's name here: vni0 unless an administrator renamed it. */
static char ifname[IF_NAMESIZE] = NET_IFNAME;

struct net_target {
	struct mint_plan plan;
	unsigned self;
	uint32_t ipv4, prefix;		/* host byte order */
	char params[1024];
};

/* "a.b.c.d/len" with 1 <= len <= 32. */
static int parse_cidr(const char *s, uint32_t *addr, uint32_t *prefix)
{
	char buf[INET_ADDRSTRLEN + 4], *slash, *end;
	struct in_addr a;
	unsigned long len;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (!slash || !slash[1])
		return -1;
	*slash = '\0';
	errno = 0;
	len = strtoul(slash + 1, &end, 10);
	if (errno || *end || len < 1 || len > 32 || slash[1] == '-' ||
	    slash[1] == '+' || inet_pton(AF_INET, buf, &a) != 1)
		return -1;
	*addr = ntohl(a.s_addr);
	*prefix = (uint32_t)len;
	return 0;
}

static int read_fw_u64(const char *name, uint64_t *v)
{
	char path[512], *text;
	const char *why;
	size_t len;
	int rc;

	snprintf(path, sizeof(path), "%s" MINT_SECONDARY_SYSFS "/%s",
		 opts.sysroot ? opts.sysroot : "", name);
	if (read_whole_file(path, 256, &text, &len)) {
		p_err("%s: cannot read: %s", path, strerror(errno));
		return MINT_ERR_RUNTIME;
	}
	text[strcspn(text, "\n")] = '\0';
	rc = parse_u64(text, v, &why);
	if (rc)
		p_err("%s: '%s': %s", path, text, why);
	free(text);
	return rc ? MINT_ERR_RUNTIME : MINT_OK;
}

/* A secondary: its boot data names it and carries the descriptor. */
static int plan_from_firmware(struct net_target *t, const char *dir)
{
	char path[600], *blob;
	uint64_t id, gen;
	size_t len;
	int rc;

	rc = read_fw_u64("node_id", &id);
	if (rc)
		return rc;
	snprintf(path, sizeof(path), "%s/descriptor", dir);
	if (read_whole_file(path, MINT_DESCRIPTOR_MAX, &blob, &len)) {
		p_err("%s: cannot read: %s", path, strerror(errno));
		return MINT_ERR_RUNTIME;
	}
	rc = mint_descriptor_decode(blob, len, path, &t->plan, &gen);
	free(blob);
	if (rc)
		return rc;
	if (id >= t->plan.nr_nodes) {
		p_err("node_id %" PRIu64 " is not in the descriptor's %u nodes",
		      id, t->plan.nr_nodes);
		return MINT_ERR_RUNTIME;
	}
	t->self = (unsigned)id;
	return MINT_OK;
}

static int plan_from_config(struct net_target *t)
{
	struct mint_ctx ctx = { 0 };
	int rc;

	rc = ctx_load(&ctx);
	if (!rc)
		t->plan = *ctx.p;
	t->self = 0;
	ctx_free(&ctx);
	return rc;
}

/* Plan, own id, address, and the module's parameters. */
static int net_target_load(struct net_target *t, const char *addr)
{
	char dir[512];
	size_t n;
	int rc;

	sysroot_path(dir, sizeof(dir), opts.sysroot, MINT_SECONDARY_SYSFS);
	rc = access(dir, F_OK) == 0 ? plan_from_firmware(t, dir) :
				      plan_from_config(t);
	if (rc)
		return rc;
	t->ipv4 = t->plan.node[t->self].ipv4;
	t->prefix = t->plan.prefix;
	if (addr)
		parse_cidr(addr, &t->ipv4, &t->prefix);	/* checked in do_net() */
	n = (size_t)snprintf(t->params, sizeof(t->params),
			     "shared_base=0x%" PRIx64 " shared_size=0x%" PRIx64
			     " node_id=%u nr_nodes=%u ring_entries=%u slot_size=%u pool_slots=%u queues=%u apic_ids=",
			     t->plan.shared.base, t->plan.shared.size, t->self,
			     t->plan.nr_nodes, t->plan.geo.ring_entries,
			     t->plan.geo.slot_size, t->plan.geo.pool_slots,
			     t->plan.geo.nr_queues);
	for (unsigned i = 0; i < t->plan.nr_nodes && n < sizeof(t->params); i++)
		n += (size_t)snprintf(t->params + n, sizeof(t->params) - n,
				      "%s%u", i ? "," : "",
				      t->plan.node[i].apic_id[0]);
	return MINT_OK;
}

static int if_ioctl(unsigned long req, struct ifreq *ifr, const char *what)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc;

	if (fd < 0) {
		p_err("socket: %s", strerror(errno));
		return MINT_ERR_RUNTIME;
	}
	rc = ioctl(fd, req, ifr);
	if (rc && what)
		p_err("%s: %s: %s", ifname, what, strerror(errno));
	close(fd);
	return rc ? MINT_ERR_RUNTIME : MINT_OK;
}

static void ifr_init(struct ifreq *ifr)
{
	memset(ifr, 0, sizeof(*ifr));
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", ifname);
}

static int set_inet(unsigned long req, uint32_t v, const char *what)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct ifreq ifr;

	ifr_init(&ifr);
	sin.sin_addr.s_addr = htonl(v);
	memcpy(&ifr.ifr_addr, &sin, sizeof(sin));
	return if_ioctl(req, &ifr, what);
}

static int set_up(bool up)
{
	struct ifreq ifr;
	int rc;

	ifr_init(&ifr);
	rc = if_ioctl(SIOCGIFFLAGS, &ifr, "read flags");
	if (rc)
		return rc;
	if (up)
		ifr.ifr_flags |= IFF_UP;
	else
		ifr.ifr_flags &= ~IFF_UP;
	return if_ioctl(SIOCSIFFLAGS, &ifr, up ? "set up" : "set down");
}

/*
 * The device where up and status can use it: here. Otherwise say where it
 * is and return MINT_ERR_RUNTIME; *absent is set when the module is not
 * loaded at all (nothing to say).
 */
static int vni_here(bool *absent)
{
	struct vni_where w;

	vni_find(&w);
	*absent = !w.module && !w.found;
	if (*absent)
		return MINT_ERR_RUNTIME;
	if (w.found && !w.netns[0]) {
		snprintf(ifname, sizeof(ifname), "%s", w.name);
		return MINT_OK;
	}
	if (w.found)
		p_err("the VNI device is in network namespace '%s' as %s, not in this one; move it back with 'ip -n %s link set %s netns 1' (or 'ip netns exec %s mintctl net status' looks at it there)",
		      w.netns, w.name, w.netns, w.name, w.netns);
	else
		p_err("the vni module is loaded but its device is in no network namespace mintctl can see (not here, none in /run/netns); 'mintctl net down' unloads it");
	return MINT_ERR_RUNTIME;
}

/*
 * A module file as distributions install it: vni.ko, or compressed
 * (vni.ko.xz, .zst, .gz; the kernel decompresses it with
 * CONFIG_MODULE_DECOMPRESS). A missing PATH falls back to a compressed
 * sibling, so the same default works on either kind of kernel.
 */
static const char *const module_suffixes[] = { ".xz", ".zst", ".gz" };

static bool module_compressed(const char *path)
{
	size_t n = strlen(path), i;

	for (i = 0; i < sizeof(module_suffixes) / sizeof(*module_suffixes); i++) {
		size_t k = strlen(module_suffixes[i]);

		if (n > k && !strcmp(path + n - k, module_suffixes[i]))
			return true;
	}
	return false;
}

static int open_module(const char *path, char *used, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), err = errno;
	size_t i;

	snprintf(used, len, "%s", path);
	for (i = 0; fd < 0 && err == ENOENT && !module_compressed(path) &&
		    i < sizeof(module_suffixes) / sizeof(*module_suffixes); i++) {
		snprintf(used, len, "%s%s", path, module_suffixes[i]);
		fd = open(used, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0 && err == ENOENT && !module_compressed(path)) {
		p_err("module %s: %s (nor with .xz, .zst or .gz); give --module FILE",
		      path, strerror(err));
		return -1;
	}
	if (fd < 0) {
		p_err("module %s: %s", path, strerror(err));
		return -1;
	}
	return fd;
}

static int load_module(const char *path, const char *params)
{
	char used[4096];
	int fd = open_module(path, used, sizeof(used)), flags;

	if (fd < 0)
		return MINT_ERR_RUNTIME;
	flags = module_compressed(used) ? MODULE_INIT_COMPRESSED_FILE : 0;
	if (syscall(SYS_finit_module, fd, params, flags)) {
		if (flags && (errno == EOPNOTSUPP || errno == EINVAL))
			p_err("loading %s failed: %s: this kernel cannot decompress modules (CONFIG_MODULE_DECOMPRESS); give --module an uncompressed copy",
			      used, strerror(errno));
		else
			p_err("loading %s failed: %s (the kernel log says why)",
			      used, strerror(errno));
		close(fd);
		return MINT_ERR_RUNTIME;
	}
	close(fd);
	return MINT_OK;
}

static void print_addr(const char *label, uint32_t a, uint32_t prefix)
{
	printf("%s%u.%u.%u.%u/%u\n", label, a >> 24, (a >> 16) & 255,
	       (a >> 8) & 255, a & 255, prefix);
}

/* net up under --json: what was (or, with --dry-run, would be) set. */
static int print_up_json(const struct net_target *t, const char *module,
			 bool dry_run)
{
	char cidr[INET_ADDRSTRLEN + 4];
	struct json j;

	snprintf(cidr, sizeof(cidr), "%u.%u.%u.%u/%u", t->ipv4 >> 24,
		 (t->ipv4 >> 16) & 255, (t->ipv4 >> 8) & 255, t->ipv4 & 255,
		 t->prefix);
	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_string(&j, "interface", ifname);
	json_bool(&j, "dry_run", dry_run);
	json_begin_object(&j, "node");
	json_u64(&j, "id", t->self);
	json_string(&j, "name", t->plan.node[t->self].name);
	json_end_object(&j);
	json_u64(&j, "nr_nodes", t->plan.nr_nodes);
	json_string(&j, "module", module);
	json_string(&j, "params", t->params);
	json_u64(&j, "mtu", t->plan.mtu);
	json_string(&j, "address", cidr);
	json_end_object(&j);
	return json_finish(&j);
}

static int net_up(const char *addr, const char *module, bool dry_run)
{
	struct net_target *t = calloc(1, sizeof(*t));
	char used[4096];
	struct ifreq ifr;
	bool absent;
	int rc;

	if (!t) {
		p_err("out of memory");
		return MINT_ERR_RUNTIME;
	}
	rc = net_target_load(t, addr);
	if (rc)
		goto out;
	if (dry_run) {
		/* The file a real run would load, compressed name resolved. */
		int fd = open_module(module, used, sizeof(used));

		if (fd < 0) {
			rc = MINT_ERR_RUNTIME;
			goto out;
		}
		close(fd);
		module = used;
	}
	if (dry_run && opts.json) {
		rc = print_up_json(t, module, true);
		goto out;
	}
	if (dry_run) {
		printf("node %u of %u\nmodule %s %s\nmtu %u\n", t->self,
		       t->plan.nr_nodes, module, t->params, t->plan.mtu);
		print_addr("address ", t->ipv4, t->prefix);
		goto out;
	}
	rc = vni_here(&absent);
	if (rc && absent) {
		rc = load_module(module, t->params);
		if (!rc && !vni_find_here(ifname)) {
			p_err("%s loaded, but no device of its driver appeared",
			      module);
			rc = MINT_ERR_RUNTIME;
		}
	}
	if (rc)
		goto out;
	ifr_init(&ifr);
	ifr.ifr_mtu = (int)t->plan.mtu;
	rc = if_ioctl(SIOCSIFMTU, &ifr, "set mtu");
	if (!rc)
		rc = set_inet(SIOCSIFADDR, t->ipv4, "set address");
	if (!rc)
		rc = set_inet(SIOCSIFNETMASK,
			      t->prefix ? ~0u << (32 - t->prefix) : 0,
			      "set netmask");
	if (!rc)
		rc = set_up(true);
	if (!rc && opts.json) {
		rc = print_up_json(t, module, false);
	} else if (!rc) {
		printf("%s: node %u, mtu %u, ", ifname, t->self, t->plan.mtu);
		print_addr("", t->ipv4, t->prefix);
	}
out:
	free(t);
	return rc;
}

/* net down under --json: where the device was, and whether it is gone. */
static int print_down_json(const struct vni_where *w, bool unloaded)
{
	struct json j;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_string(&j, "interface", w->found ? w->name : NET_IFNAME);
	json_bool(&j, "present", w->found);
	if (w->found && w->netns[0])
		json_string(&j, "netns", w->netns);
	else
		json_null(&j, "netns");
	json_bool(&j, "module_unloaded", unloaded);
	json_end_object(&j);
	return json_finish(&j);
}

/*
 * Unload the module wherever its device is: the kernel unregisters the
 * device in whatever namespace, under whatever name.
 */
static int net_down(void)
{
	struct vni_where w;
	int rc = MINT_OK;

	vni_find(&w);
	if (!w.module) {
		if (opts.json)
			return print_down_json(&w, false);
		printf(NET_IFNAME ": not present, module not loaded\n");
		return MINT_OK;
	}
	if (w.found && !w.netns[0]) {
		snprintf(ifname, sizeof(ifname), "%s", w.name);
		rc = set_up(false);
	}
	if (!rc && syscall(SYS_delete_module, NET_MODULE, O_NONBLOCK)) {
		p_err("unloading " NET_MODULE ": %s", strerror(errno));
		rc = MINT_ERR_RUNTIME;
	}
	if (rc)
		return rc;
	if (opts.json)
		return print_down_json(&w, true);
	if (w.found && w.netns[0])
		printf("%s (in network namespace '%s'): gone, module unloaded\n",
		       w.name, w.netns);
	else if (w.found)
		printf("%s: down, module unloaded\n", w.name);
	else
		printf(NET_IFNAME ": device not found, module unloaded\n");
	return MINT_OK;
}

static bool read_sys(const char *name, char *buf, size_t len)
{
	char path[256], *text;
	size_t n;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", ifname, name);
	buf[0] = '\0';
	if (read_whole_file(path, 4096, &text, &n))
		return false;
	text[strcspn(text, "\n")] = '\0';
	snprintf(buf, len, "%s", text);
	free(text);
	return true;
}

static int net_status(void)
{
	static const char *const counters[] = {
		"rx_packets", "tx_packets", "rx_bytes", "tx_bytes",
		"rx_errors", "rx_dropped", "tx_dropped",
	};
	char oper[32], carrier[8], mtu[16], mac[32], addr[INET_ADDRSTRLEN] = "";
	char path[64], val[32], attached[8];
	bool present, waiting = false;
	struct vni_where w;
	struct ifreq ifr;
	struct json j;

	vni_find(&w);
	if (w.found && w.netns[0]) {
		if (!opts.json) {
			printf("%s: in network namespace '%s' (for its state: ip netns exec %s mintctl net status)\n",
			       w.name, w.netns, w.netns);
			return MINT_OK;
		}
		json_init(&j, stdout);
		json_begin_object(&j, NULL);
		json_string(&j, "interface", w.name);
		json_bool(&j, "present", true);
		json_string(&j, "netns", w.netns);
		json_end_object(&j);
		return json_finish(&j);
	}
	if (w.module && !w.found) {
		p_err("the vni module is loaded but its device is in no network namespace mintctl can see (not here, none in /run/netns)");
		return MINT_ERR_RUNTIME;
	}
	present = w.found;
	if (present) {
		snprintf(ifname, sizeof(ifname), "%s", w.name);
		read_sys("operstate", oper, sizeof(oper));
		if (!read_sys("carrier", carrier, sizeof(carrier)))
			strcpy(carrier, "0");
		read_sys("mtu", mtu, sizeof(mtu));
		read_sys("address", mac, sizeof(mac));
		/* 0 on a secondary loaded before node 0 formatted the VNI area. */
		waiting = read_sys("vni/attached", attached, sizeof(attached)) &&
			  !strcmp(attached, "0");
		ifr_init(&ifr);
		ifr.ifr_addr.sa_family = AF_INET;
		if (!if_ioctl(SIOCGIFADDR, &ifr, NULL))
			inet_ntop(AF_INET,
				  &((struct sockaddr_in *)&ifr.ifr_addr)->sin_addr,
				  addr, sizeof(addr));
	}
	if (!opts.json) {
		if (!present) {
			printf(NET_IFNAME ": not present (mintctl net up)\n");
			return MINT_OK;
		}
		printf("%s: %s, carrier %s, mtu %s, mac %s, address %s\n",
		       ifname, oper, strcmp(carrier, "1") ? "off" : "on", mtu, mac,
		       addr[0] ? addr : "none");
		if (waiting)
			printf("  waiting for the VNI area: node 0 has not run 'mintctl net up' yet\n");
		for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++) {
			snprintf(path, sizeof(path), "statistics/%s", counters[i]);
			read_sys(path, val, sizeof(val));
			printf("  %-11s %s\n", counters[i], val);
		}
		return MINT_OK;
	}
	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_string(&j, "interface", ifname);
	json_bool(&j, "present", present);
	json_null(&j, "netns");	/* this one; see the moved case above */
	if (present) {
		json_string(&j, "operstate", oper);
		json_bool(&j, "carrier", !strcmp(carrier, "1"));
		json_bool(&j, "attached", !waiting);
		json_u64(&j, "mtu", strtoull(mtu, NULL, 10));
		json_string(&j, "mac", mac);
		if (addr[0])
			json_string(&j, "address", addr);
		else
			json_null(&j, "address");
		json_begin_object(&j, "statistics");
		for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++) {
			snprintf(path, sizeof(path), "statistics/%s", counters[i]);
			read_sys(path, val, sizeof(val));
			json_u64(&j, counters[i], strtoull(val, NULL, 10));
		}
		json_end_object(&j);
	}
	json_end_object(&j);
	return json_finish(&j);
}

/* What the options asked for; only "up" takes any. */
struct net_args {
	const char *addr, *module;
	bool dry_run, any;
};

static int do_net_up(const struct net_args *a)
{
	return net_up(a->addr, a->module, a->dry_run);
}

static int do_net_down(const struct net_args *a)
{
	(void)a;
	return net_down();
}

static int do_net_status(const struct net_args *a)
{
	(void)a;
	return net_status();
}

static const struct net_verb {
	const char *name;
	int (*fn)(const struct net_args *a);
	bool takes_options;
} net_verbs[] = {
	{ "up", do_net_up, true },
	{ "down", do_net_down, false },
	{ "status", do_net_status, false },
	{ NULL, NULL, false },
};

int do_net(int argc, char **argv)
{
	struct net_args a = { .module = NET_MODULE_PATH };
	const struct net_verb *v;
	uint32_t addr, prefix;
	const char *verb;
	int c;

	mint_set_help(net_help);
	while ((c = mint_getopt(argc, argv, "", net_opts)) != -1) {
		switch (c) {
		case OPT_ADDR:
			a.addr = optarg;
			if (parse_cidr(a.addr, &addr, &prefix)) {
				p_err("--addr '%s': not an IPv4 address with a prefix length (a.b.c.d/1..32)",
				      a.addr);
				return MINT_ERR_USAGE;
			}
			break;
		case OPT_MODULE:
			a.module = optarg;
			if (!a.module[0]) {
				p_err("--module: empty file name");
				return MINT_ERR_USAGE;
			}
			break;
		case OPT_DRY_RUN:
			a.dry_run = true;
			break;
		default:
			return MINT_ERR_USAGE;
		}
		a.any = true;
	}
	if (optind >= argc) {
		p_err("missing verb: up, down or status");
		return MINT_ERR_USAGE;
	}
	verb = argv[optind++];
	if (no_more_args(argc, argv))
		return MINT_ERR_USAGE;
	for (v = net_verbs; v->name && strcmp(v->name, verb); v++)
		;
	if (!v->name) {
		p_err("unknown verb '%s' (up, down or status)", verb);
		return MINT_ERR_USAGE;
	}
	if (a.any && !v->takes_options) {
		p_err("%s: --addr, --module and --dry-run only go with 'up'", verb);
		return MINT_ERR_USAGE;
	}
	return v->fn(&a);
}
