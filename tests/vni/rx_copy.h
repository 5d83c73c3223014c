/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host tests' and the benchmark's receiver: a frame copied into one
 * flat buffer, built from the core's segment API the driver uses, so none
 * of it is built into vni.ko.
 */
#ifndef VNI_TEST_RX_COPY_H
#define VNI_TEST_RX_COPY_H

#include "../../vni/core/vni_internal.h"

/*
 * Copy the whole frame f into buf (cap bytes) and finish it: its length,
 * -VNI_EMSGSIZE if longer than cap (consumed, not copied), or the
 * vni_rx_seg()/vni_rx_done() failure (corrupt, torn by a teardown).
 */
static inline int rx_copy(struct vni_node *n, struct vni_rx_frame *f,
			  void *buf, u32 cap)
{
	u8 *out = buf;
	const void *seg;
	u32 len, off = 0;
	int ret;

	if (f->dropped)
		return -VNI_EBADMSG;
	while ((ret = vni_rx_seg(n, f, &seg, &len)) == 1) {
		if (f->frame_len <= cap)
			vni_memcpy(out + off, seg, len);
		off += len;
	}
	if (ret < 0)
		return ret;
	if (!vni_rx_done(n, f))
		return -VNI_ENOTCONN;
	return f->frame_len <= cap ? (int)f->frame_len : -VNI_EMSGSIZE;
}

/* Whether src has published frames this node has not taken yet (queue 0). */
static inline bool rx_pending(const struct vni_node *n, u32 src)
{
	const struct vni_ring *p;

	if (!vni_peer_valid(n, src) || !n->peer[src].ring[0].rx_ack)
		return false;
	p = &n->peer[src].ring[0];
	return vni_load_acquire(p->in_prod) != p->cons;
}

#endif
