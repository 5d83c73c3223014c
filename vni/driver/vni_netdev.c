// SPDX-License-Identifier: GPL-2.0-only
/*
 * VNI network driver: the thin netdev over the transport core. One
 * channel per ring of a pair (the layout's queues): a NAPI on a CPU of its
 * own, GRO on receive. TX queue dst * nr_queues + q sends to node dst on
 * ring q (our own id's queues carry broadcast and multicast, on ring 0);
 * flows spread over the rings by their hash. Offload metadata passes
 * through.
 */
#include <linux/reciprocal_div.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/u64_stats_sync.h>

#include "vni_drv.h"

/* Locally administered, derived from the node id: 02:4d:49:4e:54:ID. */
static const u8 vni_mac_prefix[ETH_ALEN - 1] = { 0x02, 0x4d, 0x49, 0x4e, 0x54 };

static void vni_mac_of(u32 node, u8 mac[ETH_ALEN])
{
	memcpy(mac, vni_mac_prefix, sizeof(vni_mac_prefix));
	mac[ETH_ALEN - 1] = node;
}

/* The node whose own MAC this is, or -1 for any other MAC. */
int vni_node_of_mac(const u8 *mac)
{
	if (memcmp(mac, vni_mac_prefix, sizeof(vni_mac_prefix)))
		return -1;
	return mac[ETH_ALEN - 1];
}

/*
 * Destination node of a frame: a node's MAC names it; a MAC learned behind
 * a peer goes there; broadcast, multicast and unknown unicast go out of our
 * own queue to every live peer. VNI_MAX_NODES: a node MAC beyond the layout.
 */
static u32 vni_dst_of(struct vni_dev *vd, const u8 *dest)
{
	int node;

	if (is_multicast_ether_addr(dest))
		return vd->self;
	node = vni_node_of_mac(dest);
	if (node < 0)
		node = vni_fdb_lookup(vd, dest);
	else if (node >= vd->nr_nodes)
		return VNI_MAX_NODES;
	return node < 0 ? vd->self : node;
}

/* The ring a frame to dst takes: its flow's, among those we send on. */
static u32 vni_ring_of(struct vni_dev *vd, struct sk_buff *skb, u32 dst)
{
	u32 n = READ_ONCE(vd->tx_queues);

	if (dst == vd->self || n <= 1)
		return 0;
	return reciprocal_scale(skb_get_hash(skb), n);
}

static u16 vni_select_queue(struct net_device *ndev, struct sk_buff *skb,
			    struct net_device *sb_dev)
{
	struct vni_dev *vd = netdev_priv(ndev);
	u32 dst;

	if (skb_headlen(skb) < ETH_HLEN)
		return vd->self * vd->nr_queues;
	dst = vni_dst_of(vd, skb->data);
	/* A node MAC beyond the layout goes out of our own queue, dropped. */
	if (dst >= vd->nr_nodes)
		return vd->self * vd->nr_queues;
	return dst * vd->nr_queues + vni_ring_of(vd, skb, dst);
}

static void vni_meta_of(const struct sk_buff *skb, struct vni_meta *m)
{
	memset(m, 0, sizeof(*m));
	/*
	 * Carry the sender's checksum state as it is. Only a checksum some
	 * stack verified is "valid": a frame from a packet socket or one
	 * forwarded unverified must be checked by the receiver (veth once
	 * called every frame verified and delivered bad checksums).
	 */
	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		m->flags = VNI_DESC_CSUM_PARTIAL;
		m->csum_start = skb_checksum_start_offset(skb);
		m->csum_offset = skb->csum_offset;
	} else if (skb->ip_summed == CHECKSUM_UNNECESSARY) {
		m->flags = VNI_DESC_CSUM_VALID;
	}
	if (skb_is_gso(skb)) {
		const struct skb_shared_info *si = skb_shinfo(skb);

		/* The features offer only these: the stack segments the rest. */
		if (si->gso_type & SKB_GSO_TCPV4)
			m->gso_type = VNI_GSO_TCPV4;
		else if (si->gso_type & SKB_GSO_TCPV6)
			m->gso_type = VNI_GSO_TCPV6;
		else if (si->gso_type & SKB_GSO_UDP_L4)
			m->gso_type = VNI_GSO_UDP_L4;
		if (m->gso_type != VNI_GSO_NONE) {
			m->gso_size = si->gso_size;
			if ((si->gso_type & SKB_GSO_TCP_ECN) &&
			    m->gso_type != VNI_GSO_UDP_L4)
				m->gso_type |= VNI_GSO_ECN;
		}
	}
}

static u32 vni_iov_of(const struct sk_buff *skb, struct vni_iov *iov)
{
	u32 n = 0;
	int i;

	if (skb_headlen(skb)) {
		iov[n].base = skb->data;
		iov[n++].len = skb_headlen(skb);
	}
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[i];

		iov[n].base = skb_frag_address(f);
		iov[n++].len = skb_frag_size(f);
	}
	return n;
}

/* Doorbell for what ring q queued to dst (to every peer for our own id). */
static void vni_kick(struct vni_dev *vd, u32 dst, u32 q)
{
	if (dst != vd->self) {
		if (vni_tx_kick(&vd->node, dst, q))
			vni_doorbell(vd, dst, q);
		return;
	}
	for (dst = 0; dst < vd->nr_nodes; dst++)
		if (dst != vd->self && vni_peer_up(&vd->node, dst) &&
		    vni_tx_kick(&vd->node, dst, q))
			vni_doorbell(vd, dst, q);
}

/*
 * Ring or pool full: stop TX queue txq (to dst on ring q), ask the peer
 * for a doorbell when it consumes, and recheck under the same lock the
 * waker takes (q's tx_lock), so a wake-up never falls between the two.
 */
static bool vni_tx_stop(struct vni_dev *vd, u32 txq, u32 dst, u32 q)
{
	netif_stop_subqueue(vd->ndev, txq);
	vd->queue[q].dstats.tx_queue_stops++;
	if (!vni_tx_arm_space(&vd->node, dst, q))
		return false;
	netif_start_subqueue(vd->ndev, txq);
	return true;
}

static netdev_tx_t vni_start_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct vni_dev *vd = netdev_priv(ndev);
	struct vni_iov iov[MAX_SKB_FRAGS + 1];
	u16 txq = skb_get_queue_mapping(skb);
	struct vni_meta meta;
	struct vni_queue *vq;
	u32 nr_iov, dst, q;
	bool own;
	int err;

	q = txq % vd->nr_queues;
	vq = &vd->queue[q];
	if (skb_has_frag_list(skb) && skb_linearize(skb))
		goto drop_unlocked;
	if (!pskb_may_pull(skb, ETH_HLEN))
		goto drop_unlocked;
	dst = vni_dst_of(vd, skb->data);
	/* Broadcast and flooding are ring 0's, whatever queue they came on. */
	if (dst == vd->self && q) {
		q = 0;
		vq = &vd->queue[0];
	}
	/* The queue select_queue chose for dst: only it is ever stopped. */
	own = txq == dst * vd->nr_queues + q;
	vni_meta_of(skb, &meta);
	nr_iov = vni_iov_of(skb, iov);

	spin_lock(&vq->tx_lock);
	if (!vd->attached) {
		/* No VNI area yet (node 0 has not formatted it): no peer. */
		err = -ENOTCONN;
	} else if (dst == vd->self) {
		err = vni_tx_broadcast(&vd->node, &meta, iov, nr_iov);
		/* Full or dead rings are counted by the core; never waits. */
		err = err > 0 ? 0 : -ENOTCONN;
		if (!err && !is_multicast_ether_addr(skb->data))
			vq->dstats.tx_flooded++;
	} else if (dst >= vd->nr_nodes) {
		err = -EHOSTUNREACH;
	} else {
		err = vni_tx(&vd->node, dst, q, &meta, iov, nr_iov);
		/*
		 * Only the queue of dst and ring q is woken when it has room:
		 * a frame that something else (tc skbedit, pktgen) put on
		 * another queue is dropped when full, never stops that queue.
		 */
		if ((err == -ENOSPC || err == -ENOBUFS) && own &&
		    vni_tx_stop(vd, txq, dst, q))
			err = vni_tx(&vd->node, dst, q, &meta, iov, nr_iov);
		if ((err == -ENOSPC || err == -ENOBUFS) && own) {
			/* Queue stopped and armed: the qdisc keeps the skb. */
			vq->dstats.tx_busy++;
			vni_kick(vd, dst, q);
			spin_unlock(&vq->tx_lock);
			return NETDEV_TX_BUSY;
		}
	}
	if (!err) {
		skb_tx_timestamp(skb);
		vq->qstats[dst].tx_packets++;
		vq->qstats[dst].tx_bytes += skb->len;
	}
	/*
	 * The last frame of a batch rings the doorbell, also for the frames
	 * before it when it failed itself (then for every peer).
	 */
	if (vd->attached && (!netdev_xmit_more() ||
			     __netif_subqueue_stopped(ndev, txq)))
		vni_kick(vd, err ? vd->self : dst, q);
	if (err)
		vq->dstats.tx_dropped++;
	spin_unlock(&vq->tx_lock);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;

drop_unlocked:
	spin_lock(&vq->tx_lock);
	vq->dstats.tx_dropped++;
	spin_unlock(&vq->tx_lock);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

/*
 * Wake ring q's stopped queues that have room again, or whose peer went.
 * Consumed slots come back when a ring or the pool runs short (in xmit
 * and here, through vni_tx_arm_space()): taking them back at every poll
 * costs a line of the peer's per poll, which make bench-net shows in the
 * CPU time per Gbit/s at MTU 1500.
 */
static void vni_tx_wake(struct vni_dev *vd, u32 q)
{
	struct vni_queue *vq = &vd->queue[q];
	u32 dst, txq;

	spin_lock(&vq->tx_lock);
	for (dst = 0; dst < vd->nr_nodes; dst++) {
		txq = dst * vd->nr_queues + q;
		if (dst == vd->self || !__netif_subqueue_stopped(vd->ndev, txq))
			continue;
		if (!vni_peer_up(&vd->node, dst) ||
		    vni_tx_arm_space(&vd->node, dst, q)) {
			vq->dstats.tx_queue_wakes++;
			netif_wake_subqueue(vd->ndev, txq);
		}
	}
	spin_unlock(&vq->tx_lock);
}

/*
 * The segmentation a peer asks for, checked as strictly as virtio checks
 * its header: the checksum must sit in the transport header the type
 * implies, and that header must be in the frame. True if acceptable; a
 * frame no longer than one segment is left unsegmented.
 */
static bool vni_rx_gso(struct sk_buff *skb, const struct vni_meta *m,
		       u32 *hdr_len)
{
	u16 gso = m->gso_type & ~VNI_GSO_ECN;
	u32 type, thlen, check, payload;

	switch (gso) {
	case VNI_GSO_TCPV4:
	case VNI_GSO_TCPV6:
		type = gso == VNI_GSO_TCPV4 ? SKB_GSO_TCPV4 : SKB_GSO_TCPV6;
		thlen = sizeof(struct tcphdr);
		check = offsetof(struct tcphdr, check);
		break;
	case VNI_GSO_UDP_L4:
		if (m->gso_type & VNI_GSO_ECN)
			return false;
		type = SKB_GSO_UDP_L4;
		thlen = sizeof(struct udphdr);
		check = offsetof(struct udphdr, check);
		break;
	default:
		return false;
	}
	if (!(m->flags & VNI_DESC_CSUM_PARTIAL) || m->csum_offset != check ||
	    !m->gso_size || m->gso_size == GSO_BY_FRAGS ||
	    !pskb_may_pull(skb, m->csum_start + thlen))
		return false;
	/* Each segment repeats the headers, TCP options included. */
	if (type != SKB_GSO_UDP_L4) {
		thlen = tcp_hdrlen(skb);
		if (thlen < sizeof(struct tcphdr) ||
		    !pskb_may_pull(skb, m->csum_start + thlen))
			return false;
	}
	*hdr_len = m->csum_start + thlen;
	payload = skb->len - *hdr_len;
	if (type == SKB_GSO_UDP_L4 &&
	    payload > (u32)m->gso_size * UDP_MAX_SEGMENTS)
		return false;
	if (payload <= m->gso_size)
		return true;
	if (m->gso_type & VNI_GSO_ECN)
		type |= SKB_GSO_TCP_ECN;
	/* The peer is another kernel: let the stack recheck the headers. */
	skb_shinfo(skb)->gso_type = type | SKB_GSO_DODGY;
	skb_shinfo(skb)->gso_size = m->gso_size;
	skb_shinfo(skb)->gso_segs = 0;
	return true;
}

/*
 * Offload state of a received frame. With rx-checksumming off the stack
 * verifies every checksum itself: "verified" is not passed on, and a
 * partial checksum is completed here (GSO frames keep it for segmentation).
 */
static bool vni_rx_meta(struct vni_dev *vd, struct sk_buff *skb,
			const struct vni_meta *m, u32 *hdr_len)
{
	bool rxcsum = vd->ndev->features & NETIF_F_RXCSUM;

	if (m->flags & VNI_DESC_CSUM_PARTIAL) {
		if (!skb_partial_csum_set(skb, m->csum_start, m->csum_offset))
			return false;
	} else if ((m->flags & VNI_DESC_CSUM_VALID) && rxcsum) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	}
	if ((m->gso_type & ~VNI_GSO_ECN) != VNI_GSO_NONE &&
	    !vni_rx_gso(skb, m, hdr_len))
		return false;
	if (!rxcsum && skb->ip_summed == CHECKSUM_PARTIAL && !skb_is_gso(skb))
		return !skb_checksum_help(skb);
	return true;
}

/*
 * An skb with room for len bytes: a small head, the rest in pages of up to
 * 32 KiB (the size of the sockets' own page frags), so a 64 KiB frame costs
 * three allocations instead of seventeen. Single pages when memory is
 * fragmented.
 */
static struct sk_buff *vni_rx_alloc(struct vni_queue *vq, u32 len, u32 head)
{
	struct sk_buff *skb;
	u32 off, size, i = 0;

	skb = napi_alloc_skb(&vq->napi, head);
	if (!skb)
		return NULL;
	skb_put(skb, head);
	for (off = head; off < len; off += size, i++) {
		unsigned int order = get_order(min_t(u32, len - off,
						     PAGE_SIZE << VNI_RX_ORDER));
		struct page *page = NULL;

		if (i >= MAX_SKB_FRAGS)
			goto fail;
		if (order)
			page = __dev_alloc_pages(GFP_ATOMIC | __GFP_NOWARN |
						 __GFP_NORETRY, order);
		if (!page) {
			order = 0;
			page = dev_alloc_page();
			if (!page)
				goto fail;
		}
		size = min_t(u32, len - off, PAGE_SIZE << order);
		skb_add_rx_frag(skb, i, page, 0, size, PAGE_SIZE << order);
	}
	return skb;
fail:
	kfree_skb(skb);
	return NULL;
}

/*
 * As on Ethernet, a frame longer than this node's MTU (plus two VLAN tags,
 * so QinQ works at the full MTU) is dropped, whatever the sender's MTU; a
 * segmentation request must give segments that fit (hdr_len: its headers).
 */
static bool vni_rx_fits_mtu(struct vni_dev *vd, const struct sk_buff *skb,
			    u32 hdr_len)
{
	u32 max = READ_ONCE(vd->ndev->mtu) + ETH_HLEN + 2 * VLAN_HLEN;

	if (skb_is_gso(skb))
		return hdr_len + skb_shinfo(skb)->gso_size <= max;
	return skb->len <= max;
}

/*
 * Copy one frame out of the peer's slots. Returns the skb, or NULL when the
 * frame was dropped (counted by the core or here). Called under vq's rx_lock.
 */
static struct sk_buff *vni_rx_one(struct vni_queue *vq, struct vni_rx_frame *f)
{
	struct vni_dev *vd = vq->vd;
	u32 head = min_t(u32, f->frame_len, VNI_RX_HEAD), hdr_len = 0;
	struct sk_buff *skb;
	const void *p;
	u32 off = 0, len;
	int r;

	/* skb_partial_csum_set() wants the checksum field in the head. */
	if (f->meta.flags & VNI_DESC_CSUM_PARTIAL)
		head = max_t(u32, head,
			     min_t(u32, f->frame_len, f->meta.csum_start +
				   f->meta.csum_offset + 2));
	skb = vni_rx_alloc(vq, f->frame_len, head);
	if (!skb)
		vq->dstats.rx_alloc_fail++;
	while ((r = vni_rx_seg(&vd->node, f, &p, &len)) == 1) {
		if (skb && (off + len > f->frame_len ||
			    skb_store_bits(skb, off, p, len))) {
			kfree_skb(skb);
			skb = NULL;
		}
		off += len;
	}
	if (r < 0 || !skb) {
		kfree_skb(skb);
		return NULL;
	}
	/* Not even an Ethernet header: eth_type_trans() would read past it. */
	if (f->frame_len < ETH_HLEN || !vni_rx_meta(vd, skb, &f->meta, &hdr_len)) {
		vq->dstats.rx_bad_meta++;
		kfree_skb(skb);
		return NULL;
	}
	if (!vni_rx_fits_mtu(vd, skb, hdr_len)) {
		vq->dstats.rx_too_long++;
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}

/*
 * Learn where the frame's sender sits, then filter as a NIC's unicast
 * filter does: a flooded frame for another MAC reaches the stack only when
 * something (a bridge, macvlan, tcpdump) put vni0 in promiscuous mode.
 */
static bool vni_rx_accept(struct vni_queue *vq, const struct sk_buff *skb,
			  u32 src)
{
	const struct ethhdr *eh = (const struct ethhdr *)skb->data;
	struct vni_dev *vd = vq->vd;

	vni_fdb_learn(vd, eh->h_source, src);
	if (is_multicast_ether_addr(eh->h_dest) ||
	    (READ_ONCE(vd->ndev->flags) & IFF_PROMISC) ||
	    ether_addr_equal(eh->h_dest, vd->ndev->dev_addr))
		return true;
	vq->dstats.rx_not_ours++;
	return false;
}

/* Runs NAPI q on its CPU: from the IPI, with interrupts off. */
static void vni_queue_ipi(void *data)
{
	struct vni_queue *vq = data;

	napi_schedule(&vq->napi);
}

/* Schedule NAPI q on its CPU; from any context. */
static void vni_queue_kick(struct vni_queue *vq)
{
	if (vq->cpu == raw_smp_processor_id() || !cpu_online(vq->cpu)) {
		napi_schedule(&vq->napi);
		return;
	}
	/* -EBUSY: the last one is still on its way, which does as well. */
	smp_call_function_single_async(vq->cpu, &vq->csd);
}

/* Channel q may have work: frames on its rings, or a stopped TX queue. */
static bool vni_queue_busy(struct vni_dev *vd, u32 q)
{
	u32 node;

	for (node = 0; node < vd->nr_nodes; node++) {
		if (node == vd->self)
			continue;
		if (vni_rx_maybe_pending(&vd->node, node, q) ||
		    __netif_subqueue_stopped(vd->ndev, node * vd->nr_queues + q))
			return true;
	}
	return false;
}

/*
 * Doorbell from a peer (hard interrupt context, on this node's doorbell
 * CPU). It does not say which ring: channel 0 runs here, and its NAPI
 * hands every other channel with work the doorbell on its own CPU.
 */
void vni_rx_doorbell(struct vni_dev *vd)
{
	vd->queue[0].dstats.doorbells_received++;
	vni_queue_kick(&vd->queue[0]);
}

/*
 * NAPI 0, under its rx_lock (so no re-attach moves the rings): kick each
 * other channel that has work.
 */
static void vni_dispatch(struct vni_dev *vd)
{
	u32 q;

	for (q = 1; q < vd->nr_queues; q++)
		if (vni_queue_busy(vd, q))
			vni_queue_kick(&vd->queue[q]);
}

/* Receive up to budget frames from src on vq's ring; returns the work done. */
static int vni_rx_from(struct vni_queue *vq, u32 src, int budget)
{
	struct vni_dev *vd = vq->vd;
	struct vni_rx_frame f;
	struct sk_buff *skb;
	int done = 0, r;
	bool kick;

	while (done < budget) {
		spin_lock(&vq->rx_lock);
		r = vni_rx_next(&vd->node, src, vq->index, &f);
		if (r <= 0) {
			spin_unlock(&vq->rx_lock);
			/* A corrupt index or descriptor: counted, go on. */
			if (r < 0) {
				done++;
				continue;
			}
			break;
		}
		skb = vni_rx_one(vq, &f);
		/* Torn by a teardown while we copied (B8): counted, dropped. */
		if (!vni_rx_done(&vd->node, &f)) {
			kfree_skb(skb);
			skb = NULL;
		}
		spin_unlock(&vq->rx_lock);
		done++;
		if (!skb)
			continue;
		if (!vni_rx_accept(vq, skb, src)) {
			kfree_skb(skb);
			continue;
		}
		/* Counted here, once the frame is the stack's. */
		u64_stats_update_begin(&vq->rx_stats.syncp);
		vq->rx_stats.packets++;
		vq->rx_stats.bytes += skb->len;
		vq->qstats[src].rx_packets++;
		vq->qstats[src].rx_bytes += skb->len;
		u64_stats_update_end(&vq->rx_stats.syncp);
		skb->protocol = eth_type_trans(skb, vd->ndev);
		skb_record_rx_queue(skb, vq->index);
		napi_gro_receive(&vq->napi, skb);
	}
	spin_lock(&vq->rx_lock);
	kick = vni_rx_kick_sender(&vd->node, src, vq->index);
	spin_unlock(&vq->rx_lock);
	if (kick)
		vni_doorbell(vd, src, vq->index);
	return done;
}

static int vni_poll(struct napi_struct *napi, int budget)
{
	struct vni_queue *vq = container_of(napi, struct vni_queue, napi);
	struct vni_dev *vd = vq->vd;
	u32 i, src, n = vd->nr_nodes;
	bool more = false;
	int done = 0;

	/* A doorbell before we joined the VNI area: there is nothing to read. */
	if (!smp_load_acquire(&vd->attached)) {
		napi_complete_done(napi, 0);
		return 0;
	}
	if (!vq->index && vd->nr_queues > 1) {
		spin_lock(&vq->rx_lock);
		vni_dispatch(vd);
		spin_unlock(&vq->rx_lock);
	}
	vni_tx_wake(vd, vq->index);
	for (i = 0; i < n && done < budget; i++) {
		src = (vq->src_next + i) % n;
		if (src == vd->self)
			continue;
		done += vni_rx_from(vq, src, budget - done);
	}
	vq->src_next = (vq->src_next + 1) % n;
	if (done >= budget)
		return budget;
	if (!napi_complete_done(napi, done))
		return done;
	/* Re-arm every source, then recheck: frames may have raced in. */
	spin_lock(&vq->rx_lock);
	for (src = 0; src < n; src++)
		if (src != vd->self &&
		    vni_rx_rearm(&vd->node, src, vq->index))
			more = true;
	spin_unlock(&vq->rx_lock);
	if (more)
		napi_schedule(napi);
	return done;
}

static void vni_noop(void *data)
{
}

/*
 * Once nothing kicks a channel any more (no IPI handler, no timer, device
 * gone): wait until every IPI that schedules one has run, so none is left
 * to touch freed memory. A CPU runs its queued calls in order.
 */
void vni_queues_flush(struct vni_dev *vd)
{
	u32 q;

	for (q = 0; q < vd->nr_queues; q++)
		if (cpu_online(vd->queue[q].cpu))
			smp_call_function_single(vd->queue[q].cpu, vni_noop,
						 NULL, 1);
}

/* Channel q's NAPI runs on the node's q-th online CPU (wrapping). */
void vni_queues_init(struct vni_dev *vd)
{
	u32 q, cpus = num_online_cpus();

	for (q = 0; q < vd->nr_queues; q++) {
		struct vni_queue *vq = &vd->queue[q];

		vq->vd = vd;
		vq->index = q;
		vq->cpu = cpumask_nth(q % cpus, cpu_online_mask);
		INIT_CSD(&vq->csd, vni_queue_ipi, vq);
		spin_lock_init(&vq->tx_lock);
		spin_lock_init(&vq->rx_lock);
		u64_stats_init(&vq->rx_stats.syncp);
	}
}

void vni_lock_all(struct vni_dev *vd)
{
	u32 q;

	for (q = 0; q < vd->nr_queues; q++)
		spin_lock_nested(&vd->queue[q].rx_lock, q);
	for (q = 0; q < vd->nr_queues; q++)
		spin_lock_nested(&vd->queue[q].tx_lock, q);
}

void vni_unlock_all(struct vni_dev *vd)
{
	u32 q;

	for (q = vd->nr_queues; q-- > 0;)
		spin_unlock(&vd->queue[q].tx_lock);
	for (q = vd->nr_queues; q-- > 0;)
		spin_unlock(&vd->queue[q].rx_lock);
}

/* Link timer (softirq), once attached: heartbeat, handshake, carrier. */
void vni_link_update(struct vni_dev *vd)
{
	bool up[VNI_MAX_NODES], any = false;
	u64 now = vni_now_ms();
	u32 peer;

	u32 q;

	vni_lock_all(vd);
	vni_link_poll(&vd->node, now);
	for (peer = 0; peer < vd->nr_nodes; peer++) {
		if (peer == vd->self)
			continue;
		up[peer] = vni_peer_up(&vd->node, peer);
		any |= up[peer];
	}
	vni_unlock_all(vd);
	for (peer = 0; peer < vd->nr_nodes; peer++)
		if (peer != vd->self && !up[peer])
			vni_fdb_forget(vd, peer);

	if (!netif_running(vd->ndev))
		return;
	if (any && !netif_carrier_ok(vd->ndev))
		netif_carrier_on(vd->ndev);
	else if (!any && netif_carrier_ok(vd->ndev))
		netif_carrier_off(vd->ndev);
	/* A lost doorbell costs at most one period. */
	for (q = 0; q < vd->nr_queues; q++)
		vni_queue_kick(&vd->queue[q]);
}

static int vni_ndo_open(struct net_device *ndev)
{
	struct vni_dev *vd = netdev_priv(ndev);
	u32 q;

	local_bh_disable();
	vni_lock_all(vd);
	vd->open = true;
	/* Not attached yet: vni_retry_join() starts the node when it attaches. */
	if (vd->attached)
		vni_start(&vd->node);
	vni_unlock_all(vd);
	local_bh_enable();
	for (q = 0; q < vd->nr_queues; q++)
		napi_enable(&vd->queue[q].napi);
	netif_tx_start_all_queues(ndev);
	return 0;
}

static int vni_ndo_stop(struct net_device *ndev)
{
	struct vni_dev *vd = netdev_priv(ndev);
	u32 q;

	netif_tx_disable(ndev);
	for (q = 0; q < vd->nr_queues; q++)
		napi_disable(&vd->queue[q].napi);
	netif_carrier_off(ndev);
	local_bh_disable();
	vni_lock_all(vd);
	vd->open = false;
	if (vd->attached)
		vni_stop(&vd->node);
	vni_unlock_all(vd);
	local_bh_enable();
	return 0;
}

/*
 * A queue stopped for VNI_TX_TIMEOUT_MS: its peer stopped consuming
 * without being declared dead, or a wake-up was lost. Say which, and look
 * again (the wake rule decides by the state, so a lost wake-up heals).
 */
static void vni_tx_timeout(struct net_device *ndev, unsigned int txq)
{
	struct vni_dev *vd = netdev_priv(ndev);
	u32 in_flight = 0, free_slots = 0;
	u32 dst = txq / vd->nr_queues, q = txq % vd->nr_queues;
	struct vni_queue *vq = &vd->queue[q];
	bool up = false;

	spin_lock(&vq->tx_lock);
	vq->dstats.tx_timeouts++;
	if (vd->attached && dst < vd->nr_nodes) {
		up = vni_peer_up(&vd->node, dst);
		/* What the peer consumed is not in flight: say what is. */
		vni_tx_reclaim(&vd->node, dst, q);
		in_flight = vni_tx_in_flight(&vd->node, dst, q);
		free_slots = vni_tx_free_slots(&vd->node, q);
	}
	spin_unlock(&vq->tx_lock);
	netdev_warn(ndev, "queue %u (to node %u, ring %u) stopped for %u ms: peer %s, %u descriptors in flight, %u free slots\n",
		    txq, dst, q, VNI_TX_TIMEOUT_MS, up ? "up" : "down",
		    in_flight, free_slots);
	vni_queue_kick(vq);
}

/* Add up the driver's counters of every channel. */
void vni_drv_stats_sum(const struct vni_dev *vd, struct vni_drv_stats *sum)
{
	u32 q;

	memset(sum, 0, sizeof(*sum));
	for (q = 0; q < vd->nr_queues; q++)
		vni_counters_add((u64 *)sum, &vd->queue[q].dstats,
				 sizeof(*sum) / sizeof(u64));
}

/*
 * Received frames are those handed to the stack; drops are every frame the
 * core or the driver threw away. The core's counters are read under the
 * locks that serialise their writers.
 */
static void vni_get_stats64(struct net_device *ndev,
			    struct rtnl_link_stats64 *s)
{
	struct vni_dev *vd = netdev_priv(ndev);
	struct vni_drv_stats d;
	struct vni_stats c;
	unsigned int start;
	u64 packets, bytes;
	u32 q;

	for (q = 0; q < vd->nr_queues; q++) {
		const struct vni_rx_stats *rs = &vd->queue[q].rx_stats;

		do {
			start = u64_stats_fetch_begin(&rs->syncp);
			packets = rs->packets;
			bytes = rs->bytes;
		} while (u64_stats_fetch_retry(&rs->syncp, start));
		s->rx_packets += packets;
		s->rx_bytes += bytes;
	}
	vni_drv_stats_sum(vd, &d);
	local_bh_disable();
	vni_lock_all(vd);
	vni_stats_sum(&vd->node, &c);
	vni_unlock_all(vd);
	local_bh_enable();
	s->rx_errors = c.rx_bad_desc + c.rx_bad_index;
	s->rx_length_errors = d.rx_too_long;
	s->rx_dropped = c.rx_dropped + c.rx_torn + d.rx_alloc_fail +
			d.rx_bad_meta + d.rx_too_long;
	s->tx_packets = c.tx_frames;
	s->tx_bytes = c.tx_bytes;
	s->tx_dropped = d.tx_dropped + c.tx_bcast_drops;
}

/* /sys/class/net/vni0/vni/attached: 0 while waiting for the VNI area. */
static ssize_t attached_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct vni_dev *vd = netdev_priv(to_net_dev(dev));

	return sysfs_emit(buf, "%d\n", READ_ONCE(vd->attached));
}
static DEVICE_ATTR_RO(attached);

static struct attribute *vni_attrs[] = {
	&dev_attr_attached.attr,
	NULL,
};

static const struct attribute_group vni_attr_group = {
	.name = "vni",
	.attrs = vni_attrs,
};

static const struct net_device_ops vni_netdev_ops = {
	.ndo_open = vni_ndo_open,
	.ndo_stop = vni_ndo_stop,
	.ndo_start_xmit = vni_start_xmit,
	.ndo_select_queue = vni_select_queue,
	.ndo_get_stats64 = vni_get_stats64,
	.ndo_tx_timeout = vni_tx_timeout,
	.ndo_validate_addr = eth_validate_addr,
};

int vni_netdev_register(struct vni_dev *vd)
{
	struct net_device *ndev = vd->ndev;
	u8 mac[ETH_ALEN];
	u32 q;

	ndev->netdev_ops = &vni_netdev_ops;
	ndev->ethtool_ops = &vni_ethtool_ops;
	ndev->sysfs_groups[0] = &vni_attr_group;
	ndev->min_mtu = VNI_MIN_MTU;
	ndev->max_mtu = VNI_MAX_MTU;
	ndev->mtu = VNI_DEFAULT_MTU;
	ndev->watchdog_timeo = msecs_to_jiffies(VNI_TX_TIMEOUT_MS);
	ndev->hw_features = NETIF_F_HW_CSUM | NETIF_F_RXCSUM | NETIF_F_SG |
			    NETIF_F_TSO | NETIF_F_TSO6 | NETIF_F_TSO_ECN |
			    NETIF_F_GSO_UDP_L4 | NETIF_F_HIGHDMA;
	ndev->features = ndev->hw_features;
	ndev->vlan_features = ndev->hw_features;
	/* A whole GSO frame must fit one chain of slots. */
	netif_set_tso_max_size(ndev, VNI_MAX_MTU);
	vni_mac_of(vd->self, mac);
	eth_hw_addr_set(ndev, mac);
	for (q = 0; q < vd->nr_queues; q++)
		netif_napi_add(ndev, &vd->queue[q].napi, vni_poll);
	netif_carrier_off(ndev);
	return register_netdev(ndev);
}

void vni_netdev_unregister(struct vni_dev *vd)
{
	u32 q;

	unregister_netdev(vd->ndev);
	for (q = 0; q < vd->nr_queues; q++)
		netif_napi_del(&vd->queue[q].napi);
}
