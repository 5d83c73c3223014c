// SPDX-License-Identifier: GPL-2.0-only
/* Bitwise CRC-32: descriptors are a few KiB, so a table buys nothing. */
#include "crc32.h"

uint32_t mint_crc32(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t crc = ~0u;

	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}
