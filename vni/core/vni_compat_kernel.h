/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel side of the VNI compat layer: the core's primitives are the
 * kernel's own.
 */
#ifndef VNI_COMPAT_KERNEL_H
#define VNI_COMPAT_KERNEL_H

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/compiler.h>
#include <linux/build_bug.h>
#include <asm/barrier.h>

#define VNI_EINVAL	EINVAL
#define VNI_ENOSPC	ENOSPC
#define VNI_EAGAIN	EAGAIN
#define VNI_ENOBUFS	ENOBUFS
#define VNI_EPROTO	EPROTO
#define VNI_ENOTCONN	ENOTCONN
#define VNI_EMSGSIZE	EMSGSIZE
#define VNI_EBADMSG	EBADMSG
#define VNI_ERANGE	ERANGE

/* Each use names its pairing barrier (B0..B8, vni/LAYOUT.md section 8). */
#define vni_load_acquire(p)	smp_load_acquire(p)
/* Pairs with vni_load_acquire() on the same field: see each call site. */
#define vni_store_release(p, v)	smp_store_release(p, v)
/* Full barrier of the Dekker pairs B4/B5: see vni_tx_kick()/vni_rx_rearm(). */
#define vni_mb()		smp_mb()
/* Seqlock-style pair B8, writer: session 0 before reusing slots. */
#define vni_wmb()		smp_wmb()
/* B8, reader: slot bytes copied before the session is read again. */
#define vni_rmb()		smp_rmb()
#define VNI_READ_ONCE(x)	READ_ONCE(x)
#define VNI_WRITE_ONCE(x, v)	WRITE_ONCE(x, v)
#define VNI_STATIC_ASSERT(c, m)	static_assert(c, m)
#define vni_memcpy(d, s, n)	memcpy(d, s, n)
#define vni_memset(d, c, n)	memset(d, c, n)

#endif
