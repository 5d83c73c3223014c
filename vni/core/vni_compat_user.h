/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace side of the VNI compat layer. It uses only headers a
 * freestanding compiler provides (stdint, stddef, stdbool) and compiler
 * builtins, so the core links against nothing but memcpy/memset; a check in
 * `make check` proves that (tests/vni/core_is_freestanding.sh).
 *
 * Atomics are the GCC/Clang __atomic builtins, which implement the C11
 * memory model on plain (non-_Atomic) objects. The shared area is plain
 * memory laid out by the spec, so casting it to _Atomic types for
 * <stdatomic.h> would be the less honest way to say the same thing. TSan
 * understands these builtins.
 */
#ifndef VNI_COMPAT_USER_H
#define VNI_COMPAT_USER_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

typedef __UINT8_TYPE__ u8;
typedef __UINT16_TYPE__ u16;
typedef __UINT32_TYPE__ u32;
typedef __UINT64_TYPE__ u64;

/* Linux errno values; the core returns them negated, like the kernel. */
#define VNI_EINVAL	22
#define VNI_ENOSPC	28
#define VNI_EAGAIN	11
#define VNI_ENOBUFS	105
#define VNI_EPROTO	71
#define VNI_ENOTCONN	107
#define VNI_EMSGSIZE	90
#define VNI_EBADMSG	74
#define VNI_ERANGE	34

#define vni_load_acquire(p)	__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define vni_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)
#define vni_mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
/*
 * smp_wmb()/smp_rmb() of the seqlock-style pair B8: a release fence before
 * the stores it orders, an acquire fence after the loads it orders.
 */
#define vni_wmb()		__atomic_thread_fence(__ATOMIC_RELEASE)
#define vni_rmb()		__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define VNI_READ_ONCE(x)	__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define VNI_WRITE_ONCE(x, v)	__atomic_store_n(&(x), v, __ATOMIC_RELAXED)
#define VNI_STATIC_ASSERT(c, m)	_Static_assert(c, m)
#define vni_memcpy(d, s, n)	__builtin_memcpy(d, s, n)
#define vni_memset(d, c, n)	__builtin_memset(d, c, n)

#endif
