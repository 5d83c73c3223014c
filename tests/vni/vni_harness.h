/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared helpers for the VNI core tests: an in-memory area with several
 * nodes attached, frame payloads with sequence number and checksum.
 */
#ifndef VNI_TEST_HARNESS_H
#define VNI_TEST_HARNESS_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../vni/core/vni_core.h"

/* Every test frame starts with this header; the checksum covers the rest. */
struct frame_hdr {
	uint32_t magic;
	uint32_t src;
	uint32_t len;
	uint32_t epoch;
	uint64_t seq;
	uint64_t csum;
};

#define FRAME_MAGIC 0x4d494e54u	/* "MINT" */
#define FRAME_MIN 60u

static inline uint64_t frame_csum(const uint8_t *p, uint32_t len)
{
	uint64_t a = 0x9e3779b97f4a7c15ull, b = 0;
	uint32_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		a += w;
		b += a;
	}
	for (; i < len; i++) {
		a += p[i];
		b += a;
	}
	return a ^ (b * 0xff51afd7ed558ccdull) ^ len;
}

/* A 128 KiB random source; frames are slices of it, so generating one is
 * free and the receiver still checks every byte through the checksum. */
#define SRC_BYTES (128u * 1024u)

static inline void fill_random(uint8_t *buf, uint32_t len, uint64_t seed)
{
	uint64_t x = seed | 1;
	uint32_t i;

	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		buf[i] = (uint8_t)x;
	}
}

/* Build frame (header + slice of src) into out; returns its length. */
static inline uint32_t make_frame(uint8_t *out, const uint8_t *src,
				  uint32_t node, uint32_t epoch,
				  uint64_t seq, uint32_t len)
{
	struct frame_hdr h;
	uint32_t body = len - sizeof(h);
	uint32_t off = (uint32_t)((seq * 7919u) % (SRC_BYTES - 65536u));

	h.magic = FRAME_MAGIC;
	h.src = node;
	h.len = len;
	h.epoch = epoch;
	h.seq = seq;
	memcpy(out + sizeof(h), src + off, body);
	h.csum = frame_csum(out + sizeof(h), body);
	memcpy(out, &h, sizeof(h));
	return len;
}

/* Check a received frame; 0 if intact, else a negative reason. */
static inline int check_frame(const uint8_t *buf, uint32_t len,
			      struct frame_hdr *h)
{
	if (len < sizeof(*h))
		return -1;
	memcpy(h, buf, sizeof(*h));
	if (h->magic != FRAME_MAGIC || h->len != len)
		return -2;
	if (frame_csum(buf + sizeof(*h), len - sizeof(*h)) != h->csum)
		return -3;
	return 0;
}

static inline struct vni_geometry geom(uint32_t nodes, uint32_t ring,
				       uint32_t slot, uint32_t pool)
{
	struct vni_geometry g = { nodes, ring, slot, pool, 1 };

	return g;
}

/* Attach node self with calloc'ed private memory. */
static inline int attach_node(struct vni_node *n, void *area,
			      const struct vni_geometry *g, uint32_t self,
			      uint32_t epoch, uint64_t now, uint64_t dead,
			      void **priv)
{
	uint64_t ps = vni_priv_size(g);

	*priv = calloc(1, ps);
	return vni_attach(n, area, vni_area_size(g), g, self, epoch, *priv,
			  ps, now, dead, NULL);
}

#endif
