/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An ELF64 core of a stopped node, laid out as /proc/vmcore is (the layout
 * kexec-tools gives the kdump kernel): the ELF header, the program headers,
 * a PT_NOTE holding the node's VMCOREINFO note, then one PT_LOAD per range
 * of the node's memory at page-aligned file offsets, with p_paddr the
 * physical address and p_vaddr its place in the node's direct map. That is
 * what makedumpfile and crash read.
 */
#ifndef MINT_ELFCORE_H
#define MINT_ELFCORE_H

#include <stddef.h>
#include <stdint.h>

#define VMCOREINFO_NAME		"VMCOREINFO"
/* Far more than any kernel's note (VMCOREINFO_NOTE_SIZE: a page and 36 bytes). */
#define VMCOREINFO_MAX		(64u << 10)
#define ELFCORE_ALIGN		4096u
#define ELFCORE_MAX_RANGES	4

struct elfcore_range {
	uint64_t paddr, size;
	uint64_t offset;		/* in the file, from elfcore_layout() */
};

struct elfcore {
	uint64_t page_offset;		/* the node kernel's PAGE_OFFSET */
	size_t note_len;		/* bytes of the VMCOREINFO note */
	unsigned nr;
	struct elfcore_range r[ELFCORE_MAX_RANGES];	/* ascending paddr */
	uint64_t note_offset;		/* from elfcore_layout() */
	uint64_t size;			/* the whole file */
};

/*
 * Check a VMCOREINFO note as a kernel publishes it, in size bytes of buf:
 * an ELF note header, the name "VMCOREINFO", its text (KEY=VALUE lines),
 * each padded to 4 bytes; the kernel's empty closing note may follow.
 * 0 with *note_len the bytes of that one note, padding included (up to
 * 3 bytes past size, zeros), or -1 with *why.
 */
int vmcoreinfo_check(const uint8_t *buf, size_t size, size_t *note_len,
		     const char **why);

/* Place the note after the headers, each range at the next page. */
void elfcore_layout(struct elfcore *e);

/* Bytes of the ELF header and the program headers of e. */
size_t elfcore_headers_size(const struct elfcore *e);

/* Write those headers into buf. */
void elfcore_headers(const struct elfcore *e, void *buf);

#endif
