// SPDX-License-Identifier: GPL-2.0-only
/* VNI network driver: ethtool -i and ethtool -S. */
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

static int vni_get_sset_count(struct net_device *ndev, int sset)
{
	return sset == ETH_SS_STATS ? ARRAY_SIZE(vni_stat_descs) : -EOPNOTSUPP;
}

static void vni_get_strings(struct net_device *ndev, u32 sset, u8 *data)
{
	size_t i;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < ARRAY_SIZE(vni_stat_descs); i++)
		ethtool_puts(&data, vni_stat_descs[i].name);
}

static void vni_get_ethtool_stats(struct net_device *ndev,
				  struct ethtool_stats *stats, u64 *data)
{
	struct vni_dev *vd = netdev_priv(ndev);
	const u8 *core = (const u8 *)&vd->node.stats;
	const u8 *drv = (const u8 *)&vd->dstats;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vni_stat_descs); i++) {
		const struct vni_stat_desc *d = &vni_stat_descs[i];

		data[i] = READ_ONCE(*(const u64 *)((d->core ? core : drv) +
						   d->offset));
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
