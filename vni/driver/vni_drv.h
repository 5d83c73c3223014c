/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VNI network driver: what the thin netdev, the platform glue and the
 * ethtool ops share. The transport core (../core) knows nothing of this.
 */
#ifndef VNI_DRV_H
#define VNI_DRV_H

#include <linux/netdevice.h>
#include <linux/notifier.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/u64_stats_sync.h>

#include "vni_core.h"

#define VNI_DRV_NAME		"vni"
#define VNI_DEFAULT_MTU		65000
#define VNI_MIN_MTU		68
#define VNI_MAX_MTU		65535
/* Link timer period and peer staleness: carrier must drop within 1 s. */
#define VNI_LINK_PERIOD_MS	100
#define VNI_DEAD_AFTER_MS	500
/* A queue stopped this long is reported (ndo_tx_timeout). */
#define VNI_TX_TIMEOUT_MS	5000
/* Bytes of a received frame copied into the skb head; the rest goes to pages. */
#define VNI_RX_HEAD		256
/* Largest page allocation for received data: 32 KiB. */
#define VNI_RX_ORDER		3
/* Forwarding table: MACs learned behind peers, aged out as bridges do. */
#define VNI_FDB_SIZE		256
#define VNI_FDB_AGE		(300 * HZ)

/* Counters the driver keeps on top of the core's struct vni_stats. */
struct vni_drv_stats {
	u64 tx_dropped;		/* refused: not connected or attached, too big */
	u64 tx_busy;		/* xmit returned busy: ring or pool full */
	u64 tx_queue_stops;
	u64 tx_queue_wakes;
	u64 tx_timeouts;	/* a queue stayed stopped past the watchdog */
	u64 rx_alloc_fail;	/* no memory for an skb: frame dropped */
	u64 rx_bad_meta;	/* offload metadata the stack refused */
	u64 rx_too_long;	/* longer than this node's MTU: dropped */
	u64 rx_not_ours;	/* flooded unicast for another MAC: filtered */
	u64 tx_flooded;		/* unicast to an unknown MAC, sent to all */
	u64 doorbells_sent;
	u64 doorbells_failed;
	u64 doorbells_received;
};

/* Frames handed to the stack; written by one queue's NAPI only. */
struct vni_rx_stats {
	u64 packets;
	u64 bytes;
	struct u64_stats_sync syncp;
};

struct vni_fdb_entry {
	u8 mac[ETH_ALEN];
	bool used;
	u32 node;
	unsigned long seen;	/* jiffies of the last frame from mac */
};

/* Per node (our own id is broadcast and flooding). */
struct vni_queue_stats {
	u64 tx_packets;		/* under a tx_lock */
	u64 tx_bytes;
	u64 rx_packets;		/* by NAPI; from node q */
	u64 rx_bytes;
};

struct vni_dev;

/*
 * One channel: ring q to and from every peer. Its NAPI runs on cpu (the
 * doorbell CPU hands it over with an IPI), its locks serialise the core's
 * TX and RX groups of queue q, and its counters have no other writer.
 */
struct vni_queue {
	struct napi_struct napi;
	/* TX group q of the core; taken after every rx_lock */
	spinlock_t tx_lock;
	/* RX group q of the core; NAPI q and the link timer */
	spinlock_t rx_lock;
	struct vni_dev *vd;
	u32 index;
	u32 src_next;		/* NAPI round-robin start */
	int cpu;		/* where NAPI q runs */
	call_single_data_t csd;	/* schedules NAPI q on cpu */
	struct vni_drv_stats dstats;
	struct vni_rx_stats rx_stats;
	struct vni_queue_stats qstats[VNI_MAX_NODES];
};

struct vni_dev {
	struct net_device *ndev;
	/*
	 * A secondary may load before node 0 formatted the VNI area: it
	 * registers vni0 anyway and the link timer retries the attach. Until
	 * attached is set (once, with release, under every lock) the core is
	 * never called on node. Read with acquire, or under any lock.
	 */
	bool attached;
	bool attach_failed;	/* formatted with another geometry: given up */
	bool open;		/* between ndo_open and ndo_stop; every lock */
	struct vni_geometry g;	/* from the module parameters */
	struct vni_node node;
	void *priv;
	u64 priv_size;
	void *shared;		/* the whole shared region, write-back */
	u8 *area;		/* the VNI area inside it */
	u64 area_size;
	u32 self;
	u32 nr_nodes;
	u32 nr_queues;		/* rings per pair: the layout's */
	u32 tx_queues;		/* rings we send on (ethtool -L), <= nr_queues */
	u32 apic_id[VNI_MAX_NODES];	/* doorbell target of each node */
	struct timer_list link_timer;
	struct notifier_block ipi_nb;
	bool ipi_registered;
	struct vni_queue queue[VNI_MAX_QUEUES];
	/* fdb: learned by NAPI, read by xmit, aged by the link timer */
	spinlock_t fdb_lock;
	u64 fdb_learned;	/* under fdb_lock */
	struct vni_fdb_entry fdb[VNI_FDB_SIZE];
};

/* Take every queue's locks (rx, then tx), as the link timer needs them. */
void vni_lock_all(struct vni_dev *vd);
void vni_unlock_all(struct vni_dev *vd);

/* vni_platform.c */
u64 vni_now_ms(void);
void vni_doorbell(struct vni_dev *vd, u32 node, u32 q);

/* vni_netdev.c */
int vni_netdev_register(struct vni_dev *vd);
void vni_netdev_unregister(struct vni_dev *vd);
void vni_link_update(struct vni_dev *vd);
void vni_rx_doorbell(struct vni_dev *vd);
void vni_queues_init(struct vni_dev *vd);
void vni_queues_flush(struct vni_dev *vd);
int vni_node_of_mac(const u8 *mac);
void vni_drv_stats_sum(const struct vni_dev *vd, struct vni_drv_stats *sum);

/* vni_fdb.c */
void vni_fdb_learn(struct vni_dev *vd, const u8 *mac, u32 src);
int vni_fdb_lookup(struct vni_dev *vd, const u8 *mac);
void vni_fdb_forget(struct vni_dev *vd, u32 node);

/* vni_ethtool.c */
extern const struct ethtool_ops vni_ethtool_ops;

#endif
