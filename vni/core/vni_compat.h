/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The only door out of the VNI transport core: fixed-width types, errno
 * codes, memcpy and the barriers/atomics. The kernel build maps them to the
 * kernel's primitives, everything else to compiler builtins.
 */
#ifndef VNI_COMPAT_H
#define VNI_COMPAT_H

#ifdef __KERNEL__
#include "vni_compat_kernel.h"
#else
#include "vni_compat_user.h"
#endif

#endif
