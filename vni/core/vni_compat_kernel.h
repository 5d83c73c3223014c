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

#define vni_load_acquire(p)	smp_load_acquire(p)
#define vni_store_release(p, v)	smp_store_release(p, v)
#define vni_mb()		smp_mb()
#define VNI_READ_ONCE(x)	READ_ONCE(x)
#define VNI_WRITE_ONCE(x, v)	WRITE_ONCE(x, v)
#define vni_memcpy(d, s, n)	memcpy(d, s, n)
#define vni_memset(d, c, n)	memset(d, c, n)

#endif
