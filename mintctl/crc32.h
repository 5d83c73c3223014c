/* SPDX-License-Identifier: GPL-2.0-only */
/* The CRC-32 over a layout descriptor (DESCRIPTOR.md). */
#ifndef MINT_CRC32_H
#define MINT_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* CRC-32 as in IEEE 802.3 and zlib: reflected 0xedb88320, init/xorout ~0. */
uint32_t mint_crc32(const void *data, size_t len);

#endif
