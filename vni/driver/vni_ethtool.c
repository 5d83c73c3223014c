// SPDX-License-Identifier: GPL-2.0-only
/*
 * VNI network driver: ethtool -i, -S and -l/-L. Queue N of -S carries
 * frames to node N (received: from node N); the queue of the node's own id
 * carries broadcast, multicast and flooded frames. Channel Q is ring Q of
 * every pair, with its NAPI; -L sets how many of them this node sends on
 * (it receives on all the layout has).
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

/* Per-node, then per-channel counters after the device-wide ones. */
#define VNI_QSTATS	(sizeof(struct vni_queue_stats) / sizeof(u64))
#define VNI_CHSTATS	3

static int vni_get_sset_count(struct net_device *ndev, int sset)
{
	struct vni_dev *vd = netdev_priv(ndev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return ARRAY_SIZE(vni_stat_descs) + 1 + VNI_QSTATS * vd->nr_nodes +
	       VNI_CHSTATS * vd->nr_queues;
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
	ethtool_puts(&data, "fdb_learned");
	for (q = 0; q < vd->nr_nodes; q++) {
		ethtool_sprintf(&data, "tx_queue_%u_packets", q);
		ethtool_sprintf(&data, "tx_queue_%u_bytes", q);
		ethtool_sprintf(&data, "rx_queue_%u_packets", q);
		ethtool_sprintf(&data, "rx_queue_%u_bytes", q);
	}
	for (q = 0; q < vd->nr_queues; q++) {
		ethtool_sprintf(&data, "channel_%u_tx_frames", q);
		ethtool_sprintf(&data, "channel_%u_rx_frames", q);
		ethtool_sprintf(&data, "channel_%u_cpu", q);
	}
}

static void vni_get_ethtool_stats(struct net_device *ndev,
				  struct ethtool_stats *stats, u64 *data)
{
	struct vni_dev *vd = netdev_priv(ndev);
	struct vni_stats core;
	struct vni_drv_stats drv;
	u32 q, n;
	size_t i;

	local_bh_disable();
	vni_lock_all(vd);
	vni_stats_sum(&vd->node, &core);
	vni_unlock_all(vd);
	local_bh_enable();
	vni_drv_stats_sum(vd, &drv);
	for (i = 0; i < ARRAY_SIZE(vni_stat_descs); i++) {
		const struct vni_stat_desc *d = &vni_stat_descs[i];

		*data++ = *(const u64 *)((d->core ? (const u8 *)&core :
					  (const u8 *)&drv) + d->offset);
	}
	*data++ = READ_ONCE(vd->fdb_learned);
	for (n = 0; n < vd->nr_nodes; n++) {
		struct vni_queue_stats sum = { 0 };

		for (q = 0; q < vd->nr_queues; q++) {
			const struct vni_queue_stats *qs = &vd->queue[q].qstats[n];

			sum.tx_packets += READ_ONCE(qs->tx_packets);
			sum.tx_bytes += READ_ONCE(qs->tx_bytes);
			sum.rx_packets += READ_ONCE(qs->rx_packets);
			sum.rx_bytes += READ_ONCE(qs->rx_bytes);
		}
		*data++ = sum.tx_packets;
		*data++ = sum.tx_bytes;
		*data++ = sum.rx_packets;
		*data++ = sum.rx_bytes;
	}
	for (q = 0; q < vd->nr_queues; q++) {
		*data++ = READ_ONCE(vd->node.stats[q].tx_frames);
		*data++ = READ_ONCE(vd->node.stats[q].rx_frames);
		*data++ = vd->queue[q].cpu;
	}
}

static void vni_get_channels(struct net_device *ndev,
			     struct ethtool_channels *ch)
{
	struct vni_dev *vd = netdev_priv(ndev);

	ch->max_combined = vd->nr_queues;
	ch->combined_count = READ_ONCE(vd->tx_queues);
}

/*
 * Rings this node sends on. The layout fixes how many there are (every
 * node must agree: [vni] queues); each node picks how many it spreads its
 * flows over and still receives on all of them.
 */
static int vni_set_channels(struct net_device *ndev,
			    struct ethtool_channels *ch)
{
	struct vni_dev *vd = netdev_priv(ndev);

	if (ch->rx_count || ch->tx_count || ch->other_count)
		return -EINVAL;
	if (!ch->combined_count || ch->combined_count > vd->nr_queues)
		return -EINVAL;
	WRITE_ONCE(vd->tx_queues, ch->combined_count);
	return 0;
}

const struct ethtool_ops vni_ethtool_ops = {
	.get_drvinfo = vni_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_sset_count = vni_get_sset_count,
	.get_strings = vni_get_strings,
	.get_ethtool_stats = vni_get_ethtool_stats,
	.get_ts_info = ethtool_op_get_ts_info,
	.get_channels = vni_get_channels,
	.set_channels = vni_set_channels,
};
