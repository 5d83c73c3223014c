// SPDX-License-Identifier: GPL-2.0-only
/* Finding the VNI device by its driver: see vni_find.h. */
#include <dirent.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vni_find.h"

#define VNI_DRIVER	"vni"
#define NETNS_DIR	"/run/netns"

/* Whether ifname's driver (ethtool -i) is VNI's. */
static bool is_vni(int fd, const char *ifname)
{
	struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = (void *)&info;
	return !ioctl(fd, SIOCETHTOOL, &ifr) &&
	       !strcmp(info.driver, VNI_DRIVER);
}

bool vni_find_here(char *name)
{
	struct if_nameindex *all, *i;
	bool found = false;
	int fd;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	all = if_nameindex();
	for (i = all; i && i->if_index && !found; i++) {
		if (is_vni(fd, i->if_name)) {
			snprintf(name, IF_NAMESIZE, "%s", i->if_name);
			found = true;
		}
	}
	if (all)
		if_freenameindex(all);
	close(fd);
	return found;
}

/* Enter the named namespace, look, and come back to self (an fd). */
static bool find_in(const char *ns, int self, char *name)
{
	char path[sizeof(NETNS_DIR) + NAME_MAX + 2];
	bool found;
	int fd;

	snprintf(path, sizeof(path), NETNS_DIR "/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (setns(fd, CLONE_NEWNET)) {
		close(fd);
		return false;
	}
	close(fd);
	found = vni_find_here(name);
	/* Back home; failing that, nothing else here is trustworthy. */
	if (setns(self, CLONE_NEWNET)) {
		perror("mintctl: cannot return to the original network namespace");
		_exit(1);
	}
	return found;
}

void vni_find(struct vni_where *w)
{
	struct dirent *e;
	DIR *dir;
	int self;

	memset(w, 0, sizeof(*w));
	w->module = access("/sys/module/" VNI_DRIVER, F_OK) == 0;
	if (vni_find_here(w->name)) {
		w->found = true;
		return;
	}
	if (!w->module)
		return;
	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	dir = self < 0 ? NULL : opendir(NETNS_DIR);
	while (dir && !w->found && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		if (find_in(e->d_name, self, w->name)) {
			snprintf(w->netns, sizeof(w->netns), "%s", e->d_name);
			w->found = true;
		}
	}
	if (dir)
		closedir(dir);
	if (self >= 0)
		close(self);
}
