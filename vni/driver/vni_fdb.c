// SPDX-License-Identifier: GPL-2.0-only
/*
 * VNI network driver: the forwarding table. VNI is a switch between nodes.
 * A node's own MAC says where it is; any other MAC (a container behind a
 * bridge on node 1, a LAN host that node 0 bridges in) is learned from the
 * frames that come from it, as a learning switch does, and a frame for a
 * MAC nobody has seen is flooded to every live peer.
 */
#include <linux/etherdevice.h>
#include <linux/jhash.h>
#include <linux/jiffies.h>

#include "vni_drv.h"

/* A slot of the table: the MAC's bucket and the next few. */
#define VNI_FDB_PROBE	8

static u32 vni_fdb_bucket(const u8 *mac)
{
	return jhash(mac, ETH_ALEN, 0) & (VNI_FDB_SIZE - 1);
}

static bool vni_fdb_fresh(const struct vni_fdb_entry *e, unsigned long now)
{
	return e->used && time_before(now, e->seen + VNI_FDB_AGE);
}

/* Remember that mac sits behind node src (a frame from src carried it). */
void vni_fdb_learn(struct vni_dev *vd, const u8 *mac, u32 src)
{
	struct vni_fdb_entry *e, *victim = NULL;
	unsigned long now = jiffies;
	u32 b = vni_fdb_bucket(mac), i;

	/* Node MACs are never learned: their place follows from the MAC. */
	if (!is_valid_ether_addr(mac) || vni_node_of_mac(mac) >= 0 ||
	    ether_addr_equal(mac, vd->ndev->dev_addr))
		return;
	spin_lock(&vd->fdb_lock);
	for (i = 0; i < VNI_FDB_PROBE; i++) {
		e = &vd->fdb[(b + i) & (VNI_FDB_SIZE - 1)];
		if (e->used && ether_addr_equal(e->mac, mac)) {
			victim = e;
			break;
		}
		/* Otherwise the first free or stale slot, else the oldest. */
		if (!victim || (vni_fdb_fresh(victim, now) &&
				(!vni_fdb_fresh(e, now) ||
				 time_before(e->seen, victim->seen))))
			victim = e;
	}
	if (!victim->used || !ether_addr_equal(victim->mac, mac))
		vd->fdb_learned++;
	ether_addr_copy(victim->mac, mac);
	victim->node = src;
	victim->seen = now;
	victim->used = true;
	spin_unlock(&vd->fdb_lock);
}

/* The node a learned mac sits behind, or -1 (flood the frame). */
int vni_fdb_lookup(struct vni_dev *vd, const u8 *mac)
{
	u32 b = vni_fdb_bucket(mac), i;
	unsigned long now = jiffies;
	int node = -1;

	spin_lock(&vd->fdb_lock);
	for (i = 0; i < VNI_FDB_PROBE; i++) {
		const struct vni_fdb_entry *e =
			&vd->fdb[(b + i) & (VNI_FDB_SIZE - 1)];

		if (vni_fdb_fresh(e, now) && ether_addr_equal(e->mac, mac)) {
			node = e->node;
			break;
		}
	}
	spin_unlock(&vd->fdb_lock);
	return node;
}

/* A peer went down: what was behind it may come back behind another. */
void vni_fdb_forget(struct vni_dev *vd, u32 node)
{
	u32 i;

	spin_lock(&vd->fdb_lock);
	for (i = 0; i < VNI_FDB_SIZE; i++)
		if (vd->fdb[i].used && vd->fdb[i].node == node)
			vd->fdb[i].used = false;
	spin_unlock(&vd->fdb_lock);
}
