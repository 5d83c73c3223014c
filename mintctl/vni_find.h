/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where the VNI device is: an administrator may rename it (ip link set
 * vni0 name mint0) or move it into a network namespace (ip link set vni0
 * netns red). mintctl net finds it by its driver, here or in a named
 * namespace, instead of by its name.
 */
#ifndef MINT_VNI_FIND_H
#define MINT_VNI_FIND_H

#include <limits.h>
#include <net/if.h>
#include <stdbool.h>

struct vni_where {
	bool module;		/* the vni module is loaded */
	bool found;		/* a device of the vni driver was seen */
	char name[IF_NAMESIZE];
	char netns[NAME_MAX + 1];	/* "" for this namespace */
};

/* The name of the driver's device in this namespace, or false. */
bool vni_find_here(char *name);

/*
 * Look here first, then in every namespace of /run/netns (entering each
 * with setns(), and back). Never fails: w says what was seen.
 */
void vni_find(struct vni_where *w);

#endif
