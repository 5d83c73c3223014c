/* SPDX-License-Identifier: GPL-2.0-only */
/* Numbers and sizes as users write them: 4096, 0x20000, 512M, 2G. */
#ifndef MINT_NUMBERS_H
#define MINT_NUMBERS_H

#include <stdint.h>
#include <stddef.h>

#define SZ_1K	(1ull << 10)
#define SZ_1M	(1ull << 20)
#define SZ_2M	(2ull << 20)
#define SZ_1G	(1ull << 30)

/* Little-endian fields of firmware tables (ACPI). */
static inline uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

/* Decimal or 0x-hex, no sign. 0 or -1 with *why set to a static reason. */
int parse_u64(const char *s, uint64_t *out, const char **why);

/* A number with an optional binary suffix K, M, G or T (1024-based). */
int parse_size(const char *s, uint64_t *out, const char **why);

/* "SIZE" or "SIZE@ADDR"; *has_addr tells which. */
int parse_size_at(const char *s, uint64_t *size, uint64_t *addr,
		  int *has_addr, const char **why);

/* Largest exact unit: 512M, 128K, 1G, or plain bytes. Returns buf. */
char *format_size(uint64_t v, char *buf, size_t len);

/* Human approximation for tables: "1.4G", "640K". Returns buf. */
char *format_size_approx(uint64_t v, char *buf, size_t len);

#endif
