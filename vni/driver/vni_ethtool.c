// SPDX-License-Identifier: GPL-2.0-only
/*
 * VNI network driver: ethtool -i and ethtool -S. Queue N of -S carries
 * frames to node N (received: from node N); the queue of the node's own id
 * carries broadcast, multicast and flooded frames.
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>

#include "vni_drv.h"

struct vni_stat_desc {
	char name[ETH_GSTRING_LEN];
	bool core;		/* in struct vni_stats, else vni_drv_stats */
	size_t offset;
};

#define VNI_CORE_STAT(f) { #f, true, offsetof(struct vni_stats, f) }
#define VNI_DRV_STAT(f) { #f, false, offsetof(struct vni_drv_stats, f) }

static const struct vni_stat_desc vni_stat_descs[] = {
	VNI_CORE_STAT(tx_frames),
	VNI_CORE_STAT(tx_bytes),
	VNI_CORE_STAT(tx_ring_full),
	VNI_CORE_STAT(tx_pool_empty),
	VNI_CORE_STAT(tx_bcast_drops),
	VNI_CORE_STAT(tx_not_connected),
	VNI_CORE_STAT(tx_bad_cons),
	VNI_CORE_STAT(tx_doorbells),
	VNI_CORE_STAT(tx_kicks),
	VNI_CORE_STAT(rx_frames),
	VNI_CORE_STAT(rx_bytes),
	VNI_CORE_STAT(rx_bad_index),
	VNI_CORE_STAT(rx_bad_desc),
	VNI_CORE_STAT(rx_dropped),
	VNI_CORE_STAT(rx_torn),
	VNI_CORE_STAT(peer_resets),
	VNI_CORE_STAT(tx_rebinds),
	VNI_DRV_STAT(tx_dropped),
	VNI_DRV_STAT(tx_busy),
	VNI_DRV_STAT(tx_queue_stops),
	VNI_DRV_STAT(tx_queue_wakes),
	VNI_DRV_STAT(tx_timeouts),
	VNI_DRV_STAT(rx_alloc_fail),
	VNI_DRV_STAT(rx_bad_meta),
	VNI_DRV_STAT(rx_too_long),
	VNI_DRV_STAT(rx_not_ours),
	VNI_DRV_STAT(fdb_learned),
	VNI_DRV_STAT(tx_flooded),
	VNI_DRV_STAT(doorbells_sent),
	VNI_DRV_STAT(doorbells_failed),
	VNI_DRV_STAT(doorbells_received),
};

static void vni_get_drvinfo(struct net_device *ndev,
			    struct ethtool_drvinfo *info)
{
	strscpy(info->driver, VNI_DRV_NAME, sizeof(info->driver));
	strscpy(info->bus_info, "mint-shared-region", sizeof(info->bus_info));
}

/* Per-queue counters after the device-wide ones. */
#define VNI_QSTATS	(sizeof(struct vni_queue_stats) / sizeof(u64))

static int vni_get_sset_count(struct net_device *ndev, int sset)
{
	struct vni_dev *vd = netdev_priv(ndev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return ARRAY_SIZE(vni_stat_descs) + VNI_QSTATS * vd->nr_nodes;
}

static void vni_get_strings(struct net_device *ndev, u32 sset, u8 *data)
{
	struct vni_dev *vd = netdev_priv(ndev);
	u32 q;
	size_t i;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < ARRAY_SIZE(vni_stat_descs); i++)
		ethtool_puts(&data, vni_stat_descs[i].name);
	for (q = 0; q < vd->nr_nodes; q++) {
		ethtool_sprintf(&data, "tx_queue_%u_packets", q);
		ethtool_sprintf(&data, "tx_queue_%u_bytes", q);
		ethtool_sprintf(&data, "rx_queue_%u_packets", q);
		ethtool_sprintf(&data, "rx_queue_%u_bytes", q);
	}
}

static void vni_get_ethtool_stats(struct net_device *ndev,
				  struct ethtool_stats *stats, u64 *data)
{
	struct vni_dev *vd = netdev_priv(ndev);
	const u8 *core = (const u8 *)&vd->node.stats;
	const u8 *drv = (const u8 *)&vd->dstats;
	u32 q;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vni_stat_descs); i++) {
		const struct vni_stat_desc *d = &vni_stat_descs[i];

		*data++ = READ_ONCE(*(const u64 *)((d->core ? core : drv) +
						   d->offset));
	}
	for (q = 0; q < vd->nr_nodes; q++) {
		const struct vni_queue_stats *qs = &vd->qstats[q];

		*data++ = READ_ONCE(qs->tx_packets);
		*data++ = READ_ONCE(qs->tx_bytes);
		*data++ = READ_ONCE(qs->rx_packets);
		*data++ = READ_ONCE(qs->rx_bytes);
	}
}

const struct ethtool_ops vni_ethtool_ops = {
	.get_drvinfo = vni_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_sset_count = vni_get_sset_count,
	.get_strings = vni_get_strings,
	.get_ethtool_stats = vni_get_ethtool_stats,
	.get_ts_info = ethtool_op_get_ts_info,
};
