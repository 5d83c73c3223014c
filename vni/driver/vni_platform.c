// SPDX-License-Identifier: GPL-2.0-only
/*
 * VNI platform glue: the module's parameters, the write-back mapping of
 * the shared region, the Mint IPI as the doorbell, and the link timer that
 * drives the heartbeat and the carrier. mintctl computes every parameter
 * from the layout descriptor; the VNI area's own header is checked against
 * them by vni_attach().
 */
#include <linux/etherdevice.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/vmalloc.h>
#include <linux/mint_node.h>
#include <asm/mint_ipi.h>

#include "vni_drv.h"

static unsigned long long shared_base;
module_param(shared_base, ullong, 0444);
MODULE_PARM_DESC(shared_base, "Physical base of the Mint shared region");

static unsigned long long shared_size;
module_param(shared_size, ullong, 0444);
MODULE_PARM_DESC(shared_size, "Size of the Mint shared region in bytes");

static unsigned int node_id;
module_param(node_id, uint, 0444);
MODULE_PARM_DESC(node_id, "This node's id (0 formats the VNI area, others wait for it)");

static unsigned int nr_nodes = 2;
module_param(nr_nodes, uint, 0444);
MODULE_PARM_DESC(nr_nodes, "Number of nodes in the system");

static unsigned int ring_entries = VNI_DEFAULT_RING_ENTRIES;
module_param(ring_entries, uint, 0444);
MODULE_PARM_DESC(ring_entries, "Descriptors per (source, destination) ring");

static unsigned int slot_size = VNI_DEFAULT_SLOT_SIZE;
module_param(slot_size, uint, 0444);
MODULE_PARM_DESC(slot_size, "Bytes per pool slot");

static unsigned int pool_slots = VNI_DEFAULT_POOL_SLOTS;
module_param(pool_slots, uint, 0444);
MODULE_PARM_DESC(pool_slots, "Slots in each node's pool");

static unsigned int queues = VNI_DEFAULT_QUEUES;
module_param(queues, uint, 0444);
MODULE_PARM_DESC(queues, "Rings per pair of nodes (channels), 1 to 8");

static unsigned int apic_ids[VNI_MAX_NODES];
static int nr_apic_ids;
module_param_array(apic_ids, uint, &nr_apic_ids, 0444);
MODULE_PARM_DESC(apic_ids, "Doorbell APIC ID of every node, by node id");

static struct net_device *vni_ndev;

u64 vni_now_ms(void)
{
	return ktime_to_ms(ktime_get());
}

/* Ring node's doorbell for channel q (whose counters it is). */
void vni_doorbell(struct vni_dev *vd, u32 node, u32 q)
{
	if (mint_ipi_send(vd->apic_id[node]))
		vd->queue[q].dstats.doorbells_failed++;
	else
		vd->queue[q].dstats.doorbells_sent++;
}

/* Every Mint IPI lands here; a spurious NAPI run costs little. */
static int vni_ipi_notify(struct notifier_block *nb, unsigned long action,
			  void *data)
{
	struct vni_dev *vd = container_of(nb, struct vni_dev, ipi_nb);

	vni_rx_doorbell(vd);
	return NOTIFY_OK;
}

static int vni_check_params(struct vni_geometry *g)
{
	const char *why = NULL;

	if (!shared_base || shared_size <= MINT_CTRL_BLOCK_SIZE ||
	    shared_base + shared_size < shared_base) {
		pr_err("vni: shared_base and shared_size must name the shared region\n");
		return -EINVAL;
	}
	/*
	 * Every node reserves the shared region; RAM of this kernel's is not
	 * it, and node 0 would format (overwrite) it.
	 */
	if (region_intersects(shared_base, shared_size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		pr_err("vni: shared region %#llx+%#llx overlaps this kernel's RAM: not the reserved shared region (wrong shared_base?)\n",
		       shared_base, shared_size);
		return -EINVAL;
	}
	if (node_id >= nr_nodes) {
		pr_err("vni: node_id %u not below nr_nodes %u\n", node_id,
		       nr_nodes);
		return -EINVAL;
	}
	if (nr_apic_ids != nr_nodes) {
		pr_err("vni: apic_ids needs %u entries, got %d\n", nr_nodes,
		       nr_apic_ids);
		return -EINVAL;
	}
	*g = (struct vni_geometry){ nr_nodes, ring_entries, slot_size,
				    pool_slots, queues };
	if (vni_geometry_check(g, &why)) {
		pr_err("vni: bad geometry: %s\n", why);
		return -EINVAL;
	}
	/* Checked here, so a secondary never waits for an area that cannot fit. */
	if (shared_size - MINT_CTRL_BLOCK_SIZE < vni_area_size(g)) {
		pr_err("vni: cannot attach to the VNI area: VNI area smaller than the geometry needs\n");
		return -EINVAL;
	}
	return 0;
}

/*
 * Join the VNI area; node 0 formats it when it is not (yet) valid. A
 * secondary that finds no header gets -EAGAIN: node 0 has not brought VNI
 * up yet, and the link timer tries again. Any other mismatch is -EINVAL,
 * named in the log. Once the device exists, called with both locks held.
 */
static int vni_join(struct vni_dev *vd)
{
	const char *why = NULL;
	u32 epoch;
	int err;

	if (vd->self && !vni_formatted(vd->area))
		return -EAGAIN;
	do {
		epoch = get_random_u32();
	} while (!epoch);
	err = vni_attach(&vd->node, vd->area, vd->area_size, &vd->g, vd->self,
			 epoch, vd->priv, vd->priv_size, vni_now_ms(),
			 VNI_DEAD_AFTER_MS, &why);
	if (err && vd->self == 0) {
		pr_info("vni: formatting the VNI area (%s)\n", why);
		err = vni_format(vd->area, vd->area_size, &vd->g);
		if (!err)
			err = vni_attach(&vd->node, vd->area, vd->area_size,
					 &vd->g, vd->self, epoch, vd->priv,
					 vd->priv_size, vni_now_ms(),
					 VNI_DEAD_AFTER_MS, &why);
	}
	if (err)
		pr_err("vni: cannot attach to the VNI area: %s\n",
		       why ? why : "format failed");
	return err ? -EINVAL : 0;
}

/*
 * Link timer of a secondary that loaded before node 0 formatted the VNI
 * area: try again, and once attached start the node if vni0 is already
 * up. True when attached.
 */
static bool vni_retry_join(struct vni_dev *vd)
{
	int err;

	if (vd->attach_failed)
		return false;
	vni_lock_all(vd);
	err = vni_join(vd);
	if (!err) {
		if (vd->open)
			vni_start(&vd->node);
		/* Pairs with smp_load_acquire() in the timer and NAPI. */
		smp_store_release(&vd->attached, true);
	}
	vd->attach_failed = err && err != -EAGAIN;
	vni_unlock_all(vd);
	if (!err)
		netdev_info(vd->ndev, "attached to the VNI area\n");
	else if (vd->attach_failed)
		netdev_err(vd->ndev, "giving up on the VNI area; reload the module\n");
	return !err;
}

/*
 * Node 0 may format the area anew while this node is attached, e.g. for
 * another geometry after 'mintctl net up' with a changed config. Using the
 * old layout would write into the new one: detach, say why, and join
 * again like a node that loaded early (it succeeds if the geometry is
 * still ours). True while the area is the one attached to.
 */
static bool vni_area_unchanged(struct vni_dev *vd)
{
	const char *why = NULL;

	if (!vni_area_check(vd->area, &vd->g, &why))
		return true;
	vni_lock_all(vd);
	/* Pairs with smp_load_acquire() in xmit and NAPI. */
	smp_store_release(&vd->attached, false);
	vni_unlock_all(vd);
	netif_carrier_off(vd->ndev);
	netdev_warn(vd->ndev, "the VNI area changed under this node (%s): detached, joining again\n",
		    why);
	return false;
}

static void vni_link_timer(struct timer_list *t)
{
	struct vni_dev *vd = from_timer(vd, t, link_timer);

	/* Pairs with the store-release in vni_retry_join(). */
	if (smp_load_acquire(&vd->attached) ? vni_area_unchanged(vd) :
					      vni_retry_join(vd))
		vni_link_update(vd);
	mod_timer(&vd->link_timer,
		  jiffies + msecs_to_jiffies(VNI_LINK_PERIOD_MS));
}

static int __init vni_init(void)
{
	struct vni_geometry g;
	struct vni_dev *vd;
	int err;

	err = vni_check_params(&g);
	if (err)
		return err;
	vni_ndev = alloc_etherdev_mqs(sizeof(*vd), nr_nodes * g.nr_queues,
				      g.nr_queues);
	if (!vni_ndev)
		return -ENOMEM;
	vd = netdev_priv(vni_ndev);
	vd->g = g;
	vd->ndev = vni_ndev;
	vd->self = node_id;
	vd->nr_nodes = nr_nodes;
	memcpy(vd->apic_id, apic_ids, sizeof(u32) * nr_nodes);
	vd->nr_queues = g.nr_queues;
	vd->tx_queues = g.nr_queues;
	vni_queues_init(vd);
	spin_lock_init(&vd->fdb_lock);
	strscpy(vni_ndev->name, "vni%d", sizeof(vni_ndev->name));

	err = -ENOMEM;
	vd->priv_size = vni_priv_size(&g);
	vd->priv = vzalloc(vd->priv_size);
	if (!vd->priv)
		goto free_ndev;
	/* Write-back in every node: mixed cache attributes are incoherent. */
	vd->shared = memremap(shared_base, shared_size, MEMREMAP_WB);
	if (!vd->shared) {
		pr_err("vni: cannot map the shared region at %#llx\n",
		       shared_base);
		goto free_priv;
	}
	vd->area = (u8 *)vd->shared + MINT_CTRL_BLOCK_SIZE;
	vd->area_size = shared_size - MINT_CTRL_BLOCK_SIZE;
	/* Nothing else runs yet: no locks needed. */
	err = vni_join(vd);
	if (err && err != -EAGAIN)
		goto unmap;
	vd->attached = !err;

	vd->ipi_nb.notifier_call = vni_ipi_notify;
	err = vni_netdev_register(vd);
	if (err)
		goto detach;
	err = mint_ipi_register_handler(&vd->ipi_nb);
	if (err)
		goto unregister;
	timer_setup(&vd->link_timer, vni_link_timer, 0);
	mod_timer(&vd->link_timer, jiffies + 1);
	netdev_info(vni_ndev, "node %u of %u, shared region %#llx+%#llx\n",
		    node_id, nr_nodes, shared_base, shared_size);
	if (!vd->attached)
		netdev_info(vni_ndev, "VNI area not formatted yet: waiting for node 0 (mintctl net up)\n");
	return 0;

unregister:
	vni_netdev_unregister(vd);
detach:
	if (vd->attached)
		vni_detach(&vd->node);
unmap:
	memunmap(vd->shared);
free_priv:
	vfree(vd->priv);
free_ndev:
	free_netdev(vni_ndev);
	return err;
}

static void __exit vni_exit(void)
{
	struct vni_dev *vd = netdev_priv(vni_ndev);

	timer_shutdown_sync(&vd->link_timer);
	/* Returns after an RCU grace period: no handler runs any more. */
	mint_ipi_unregister_handler(&vd->ipi_nb);
	/* Closes the device: queues off, NAPI off, RUN -> READY. */
	vni_netdev_unregister(vd);
	/* Nothing runs any more; a node that never attached has no record. */
	if (vd->attached)
		vni_detach(&vd->node);
	vni_queues_flush(vd);
	memunmap(vd->shared);
	vfree(vd->priv);
	free_netdev(vni_ndev);
}

module_init(vni_init);
module_exit(vni_exit);
MODULE_DESCRIPTION("Mint VNI: Ethernet over the Mint shared region");
MODULE_LICENSE("GPL");
