// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the fuzzer's bytes are a hostile peer. Node 0 runs the
 * real core; everything node 1 owns in the VNI area (its control record,
 * its producer line and descriptors towards node 0, the consumer line of
 * node 0's ring towards it) is overwritten from the input between calls to
 * the receive, reclaim, link and transmit paths. ASan/UBSan catch any
 * out-of-bounds access; the checks below catch broken pool bookkeeping;
 * libFuzzer's -timeout catches a loop that does not end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../vni/core/vni_core.h"
#include "rx_copy.h"

static const struct vni_geometry G = { 2, 32, 4096, 32, 1 };

struct input {
	const uint8_t *p;
	size_t left;
};

static int take(struct input *in, void *out, size_t len)
{
	if (in->left < len)
		return 0;
	memcpy(out, in->p, len);
	in->p += len;
	in->left -= len;
	return 1;
}

static void check_pool(const struct vni_node *n)
{
	uint32_t s, held = 0;

	if (n->txq[0].free_top > n->g.pool_slots)
		__builtin_trap();
	for (s = 0; s < n->g.pool_slots; s++)
		held += n->refcnt[s] != 0;
	if (held + n->txq[0].free_top != n->g.pool_slots)
		__builtin_trap();
	if (n->peer[1].ring[0].prod - n->peer[1].ring[0].reclaimed > n->g.ring_entries)
		__builtin_trap();
}

static void drain(struct vni_node *n, uint8_t *buf, uint8_t budget)
{
	struct vni_rx_frame f;
	uint32_t i;

	for (i = 0; i < budget; i++) {
		int r = vni_rx_next(n, 1, 0, &f);

		if (r == 0)
			break;
		if (r > 0)
			rx_copy(n, &f, buf, VNI_MAX_FRAME);
	}
	vni_rx_kick_sender(n, 1, 0);
	vni_rx_rearm(n, 1, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *area, *buf, *priv;
	static uint8_t payload[VNI_MAX_FRAME];
	uint64_t area_size = vni_area_size(&G), now = 1;
	struct input in = { data, size };
	struct vni_node n;
	struct vni_ring *p;
	struct vni_shm_node *rec;
	uint8_t op;
	int ops = 0;

	if (!area) {
		area = malloc(area_size);
		buf = malloc(VNI_MAX_FRAME);
		priv = malloc(vni_priv_size(&G));
	}
	vni_format(area, area_size, &G);
	memset(priv, 0, vni_priv_size(&G));
	if (vni_attach(&n, area, area_size, &G, 0, 77, priv,
		       vni_priv_size(&G), now, 10, NULL))
		__builtin_trap();
	vni_start(&n);
	p = &n.peer[1].ring[0];
	rec = n.peer[1].rec;

	while (take(&in, &op, 1) && ops++ < 256) {
		uint8_t raw[64];
		uint16_t v16;

		switch (op % 12) {
		case 0:	/* the peer's control record */
			take(&in, rec, sizeof(*rec));
			break;
		case 1:	/* its producer line towards us */
			take(&in, p->in_tx, sizeof(*p->in_tx));
			break;
		case 2:	/* its consumer line of our ring */
			take(&in, p->out_rx, sizeof(*p->out_rx));
			break;
		case 3:	/* some of its descriptors */
			if (take(&in, &v16, 2) && take(&in, raw, 32))
				memcpy(&p->in_desc[v16 % G.ring_entries], raw, 32);
			break;
		case 4:	/* time passes */
			if (take(&in, raw, 1))
				now += raw[0];
			vni_link_poll(&n, now);
			break;
		case 5:
			if (take(&in, raw, 1))
				drain(&n, buf, raw[0]);
			break;
		case 6:	/* we send a frame of fuzzed length */
			if (take(&in, &v16, 2)) {
				struct vni_iov iov = { payload, 1u + v16 };

				vni_tx(&n, 1, 0, NULL, &iov, 1);
				vni_tx_kick(&n, 1, 0);
			}
			break;
		case 7:
			vni_tx_reclaim(&n, 1, 0);
			vni_tx_arm_space(&n, 1, 0);
			break;
		case 8:	/* help: a plausible live peer with a session for us */
			if (take(&in, raw, 4)) {
				uint32_t e;

				memcpy(&e, raw, 4);
				e |= 1;
				rec->state = VNI_STATE_RUN;
				rec->epoch = e;
				rec->heartbeat++;
				p->in_tx->session = (uint64_t)e << 32 | raw[0];
				p->in_tx->peer_epoch = n.epoch;
			}
			break;
		case 9:	/* help: the peer acknowledges our session */
			p->out_rx->ack_session = p->tx_session;
			rec->heartbeat++;
			break;
		case 10: /* help: the peer publishes a well-formed small frame */
			if (take(&in, &v16, 2)) {
				uint32_t pos = *p->in_prod & (G.ring_entries - 1);
				struct vni_shm_desc *d = &p->in_desc[pos];

				d->slot = v16 % G.pool_slots;
				d->offset = 0;
				d->len = d->frame_len = 60 + v16 % 1000;
				d->seg = 0;
				d->nr_segs = 1;
				d->flags = 0;
				d->gso_type = 0;
				(*(u32 *)p->in_prod)++;
			}
			break;
		case 11:
			if (take(&in, &v16, 2)) {
				struct vni_iov iov = { payload, 1u + v16 };

				vni_tx_broadcast(&n, NULL, &iov, 1);
			}
			break;
		}
		check_pool(&n);
	}
	vni_detach(&n);
	check_pool(&n);
	if (n.txq[0].free_top != G.pool_slots)	/* detach returns every slot */
		__builtin_trap();
	return 0;
}
