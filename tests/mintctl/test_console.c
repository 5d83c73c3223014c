// SPDX-License-Identifier: GPL-2.0-only
/*
 * C unit tests of what reads a console channel and writes a dump: the ring
 * arithmetic against every kind of head a scribbling peer may write, the
 * channel header checks, the channels' place in the shared region, the
 * VMCOREINFO note check and the ELF core layout.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "console_layout.h"
#include "console_ring.h"
#include "elfcore.h"
#include "errors.h"
#include "tap.h"

#define KiB	1024u

static void ring_take_reads_everything_new_until_the_ring_wraps(void)
{
	struct ring_take t;

	ring_out_take(0, 100, 4 * KiB, 0, &t);
	TAP_CHECK(t.from == 0 && t.to == 100 && !t.lost && !t.impossible);
	ring_out_take(100, 100, 4 * KiB, 0, &t);
	TAP_CHECK(t.from == 100 && t.to == 100 && !t.lost);
	/* Exactly one ring's worth behind: nothing overwritten yet. */
	ring_out_take(1000, 1000 + 4 * KiB, 4 * KiB, 0, &t);
	TAP_CHECK(t.from == 1000 && t.to == 1000 + 4 * KiB && !t.lost);
}

static void ring_take_counts_what_the_node_overwrote_before_the_reader_came(void)
{
	struct ring_take t;

	ring_out_take(10, 10 + 4 * KiB + 7, 4 * KiB, 0, &t);
	TAP_CHECK(t.from == 17 && t.to == 10 + 4 * KiB + 7 && t.lost == 7);
	/* A running node may be writing into the oldest guard bytes. */
	ring_out_take(0, 1 << 20, 4 * KiB, 1 * KiB, &t);
	TAP_CHECK(t.to - t.from == 3 * KiB && t.lost == (1 << 20) - 3 * KiB);
	TAP_CHECK(ring_guard(4 * KiB) == 1 * KiB);
	TAP_CHECK(ring_guard(256 * KiB) == RING_GUARD_MAX);
}

static void ring_take_refuses_heads_a_node_cannot_have_written(void)
{
	struct ring_take t;

	ring_out_take(500, 499, 4 * KiB, 0, &t);	/* went back */
	TAP_CHECK(t.impossible && t.from == 500 && t.to == 500 && !t.lost);
	ring_out_take(0, UINT64_MAX, 4 * KiB, 0, &t);
	TAP_CHECK(t.impossible && t.from == t.to);
	ring_out_take(0, RING_POS_MAX + 1, 4 * KiB, 0, &t);
	TAP_CHECK(t.impossible);
	ring_out_take(0, RING_POS_MAX, 4 * KiB, 0, &t);
	TAP_CHECK(!t.impossible && t.to - t.from == 4 * KiB);
}

static void ring_overrun_drops_bytes_overwritten_during_the_copy(void)
{
	struct ring_take t;

	ring_out_take(0, 8 * KiB, 4 * KiB, 0, &t);	/* copies [4K, 8K) */
	TAP_CHECK(ring_out_overrun(&t, 8 * KiB, 4 * KiB, 0) == 0);
	TAP_CHECK(ring_out_overrun(&t, 8 * KiB + 10, 4 * KiB, 0) == 10);
	TAP_CHECK(ring_out_overrun(&t, 20 * KiB, 4 * KiB, 0) == 4 * KiB);
	/* With a guard, the bytes the node may write next count too. */
	TAP_CHECK(ring_out_overrun(&t, 8 * KiB, 4 * KiB, 1 * KiB) == 1 * KiB);
	/* A head that went back or out of range during the copy: all of it. */
	TAP_CHECK(ring_out_overrun(&t, 8 * KiB - 1, 4 * KiB, 0) == 4 * KiB);
	TAP_CHECK(ring_out_overrun(&t, UINT64_MAX, 4 * KiB, 0) == 4 * KiB);
}

static void ring_pieces_split_at_the_end_of_the_ring(void)
{
	uint32_t idx[2], len[2];

	TAP_CHECK(ring_pieces(5, 5, 4 * KiB, idx, len) == 0);
	TAP_CHECK(ring_pieces(5, 105, 4 * KiB, idx, len) == 1 && idx[0] == 5 &&
		  len[0] == 100);
	TAP_CHECK(ring_pieces(4 * KiB - 10, 4 * KiB + 20, 4 * KiB, idx, len) == 2 &&
		  idx[0] == 4 * KiB - 10 && len[0] == 10 && idx[1] == 0 &&
		  len[1] == 20);
	/* Never more than the ring, whatever the span. */
	TAP_CHECK(ring_pieces(3, 3 + 64 * KiB, 4 * KiB, idx, len) == 2 &&
		  len[0] + len[1] == 4 * KiB);
	TAP_CHECK(ring_pieces(1ull << 40, (1ull << 40) + 4 * KiB, 4 * KiB, idx,
			      len) == 1 && idx[0] == 0 && len[0] == 4 * KiB);
}

static void ring_in_room_refuses_impossible_tails(void)
{
	uint32_t room = 12345;

	TAP_CHECK(!ring_in_room(0, 0, 4 * KiB, &room) && room == 4 * KiB);
	TAP_CHECK(!ring_in_room(5000, 1000, 4 * KiB, &room) && room == 96);
	TAP_CHECK(!ring_in_room(5000, 5000 - 4 * KiB, 4 * KiB, &room) && !room);
	TAP_CHECK(ring_in_room(100, 101, 4 * KiB, &room));	/* ahead of head */
	TAP_CHECK(ring_in_room(5000, 5000 - 4 * KiB - 1, 4 * KiB, &room));
	TAP_CHECK(ring_in_room(5000, UINT64_MAX, 4 * KiB, &room));
}

static void chan_header_check_tells_no_channel_from_a_corrupt_one(void)
{
	struct mint_console_hdr h;
	char why[160];

	chan_header_init(&h, 3, 256 * KiB, 4 * KiB);
	TAP_CHECK(h.magic == MINT_CONSOLE_MAGIC && h.version == 1 &&
		  h.node_id == 3 && !h.out_head && !h.in_tail && !h.in_head);
	TAP_CHECK(chan_header_check(&h, 3, 256 * KiB, 4 * KiB, why,
				    sizeof(why)) == CHAN_OK);
	TAP_CHECK(chan_header_check(&h, 2, 256 * KiB, 4 * KiB, why,
				    sizeof(why)) == CHAN_CORRUPT &&
		  strstr(why, "node_id 3"));
	TAP_CHECK(chan_header_check(&h, 3, 128 * KiB, 4 * KiB, why,
				    sizeof(why)) == CHAN_CORRUPT);
	h.version = 2;
	TAP_CHECK(chan_header_check(&h, 3, 256 * KiB, 4 * KiB, why,
				    sizeof(why)) == CHAN_NONE);
	memset(&h, 0, sizeof(h));
	TAP_CHECK(chan_header_check(&h, 3, 256 * KiB, 4 * KiB, why,
				    sizeof(why)) == CHAN_NONE &&
		  strstr(why, "magic 0"));
}

static void console_channels_follow_the_vni_area_one_per_secondary(void)
{
	struct vni_geometry g = { .nr_nodes = 2, .ring_entries = 512,
				  .slot_size = 4096, .pool_slots = 2048,
				  .nr_queues = 1 };
	uint64_t first = mint_console_first_offset(&g);
	struct mint_console_geo c = { first, 256 * KiB, 4 * KiB, 1 };
	const char *why;

	TAP_CHECK(first % 4096 == 0 && first >= MINT_CTRL_BLOCK_SIZE +
		  vni_area_size(&g) && first < MINT_CTRL_BLOCK_SIZE +
		  vni_area_size(&g) + 4096);
	TAP_CHECK(mint_console_channel_size(&c) == 264 * KiB);
	TAP_CHECK(mint_console_offset_of(&c, 0) == 0);
	TAP_CHECK(mint_console_offset_of(&c, 1) == first);
	TAP_CHECK(mint_console_offset_of(&c, 2) == 0);
	TAP_CHECK(!mint_console_geo_check(&c, &g, 32 << 20, 2, &why));
	TAP_CHECK(mint_console_geo_check(&c, &g, 32 << 20, 3, &why));
	TAP_CHECK(mint_console_geo_check(&c, &g, first + 263 * KiB, 2, &why));
	c.offset = first - 4096;
	TAP_CHECK(mint_console_geo_check(&c, &g, 32 << 20, 2, &why));
	c.offset = first + 8;
	TAP_CHECK(mint_console_geo_check(&c, &g, 32 << 20, 2, &why));
	c.offset = UINT64_MAX & ~0xfffull;
	TAP_CHECK(mint_console_geo_check(&c, &g, 32 << 20, 2, &why));
	c = (struct mint_console_geo){ first, 3 * KiB, 4 * KiB, 1 };
	TAP_CHECK(mint_console_geo_check(&c, &g, 32 << 20, 2, &why));
	c.out_size = 32u << 20;
	TAP_CHECK(mint_console_geo_check(&c, &g, 64 << 20, 2, &why));
	/* 63 channels of the largest rings: no overflow, just too big. */
	c = (struct mint_console_geo){ first, 16u << 20, 16u << 20, 63 };
	TAP_CHECK(mint_console_geo_check(&c, &g, 1ull << 30, 64, &why));
}

/* A note as a kernel lays it out, with text, in a buffer of size bytes. */
static uint8_t *make_note(const char *name, const char *text, size_t size)
{
	uint8_t *b = calloc(1, size + 4);
	uint32_t h[3] = { (uint32_t)strlen(name) + 1, (uint32_t)strlen(text), 0 };

	memcpy(b, h, sizeof(h));
	memcpy(b + 12, name, strlen(name) + 1);
	memcpy(b + 12 + ((strlen(name) + 4) & ~3u), text, strlen(text));
	return b;
}

static void vmcoreinfo_check_takes_one_sane_note(void)
{
	const char *text = "OSRELEASE=6.12.0\nPAGESIZE=4096\n";
	uint8_t *b = make_note("VMCOREINFO", text, 4132);
	const char *why = NULL;
	size_t len = 0;

	TAP_CHECK(!vmcoreinfo_check(b, 4132, &len, &why) &&
		  len == 12 + 12 + ((strlen(text) + 3) & ~3u));
	/* Its last line's padding may lie past what was published. */
	TAP_CHECK(!vmcoreinfo_check(b, 24 + strlen(text), &len, &why));
	TAP_CHECK(vmcoreinfo_check(b, 23, &len, &why));
	TAP_CHECK(vmcoreinfo_check(b, 24 + strlen(text) - 1, &len, &why) &&
		  strstr(why, "runs past"));
	free(b);
	b = make_note("CORE", text, 4132);
	TAP_CHECK(vmcoreinfo_check(b, 4132, &len, &why) &&
		  strstr(why, "VMCOREINFO"));
	free(b);
	b = make_note("VMCOREINFO", "OSRELEASE=\x01\n", 4132);
	TAP_CHECK(vmcoreinfo_check(b, 4132, &len, &why) &&
		  strstr(why, "KEY=VALUE"));
	free(b);
	b = make_note("VMCOREINFO", "", 4132);
	TAP_CHECK(vmcoreinfo_check(b, 4132, &len, &why));
	((uint32_t *)b)[1] = UINT32_MAX;	/* descsz */
	TAP_CHECK(vmcoreinfo_check(b, 4132, &len, &why));
	free(b);
}

static void elfcore_is_laid_out_as_proc_vmcore(void)
{
	struct elfcore e = {
		.page_offset = 0xffff888000000000ull, .note_len = 96, .nr = 2,
		.r = { { 0x20000, 0x20000, 0 }, { 0x5de00000, 0x20000000, 0 } },
	};
	const Elf64_Ehdr *eh;
	const Elf64_Phdr *ph;
	uint8_t *buf;

	elfcore_layout(&e);
	TAP_CHECK(elfcore_headers_size(&e) == 64 + 3 * 56);
	TAP_CHECK(e.note_offset == 64 + 3 * 56);
	TAP_CHECK(e.r[0].offset == 0x1000 && e.r[1].offset == 0x21000);
	TAP_CHECK(e.size == 0x21000 + 0x20000000);
	buf = calloc(1, elfcore_headers_size(&e));
	elfcore_headers(&e, buf);
	eh = (const Elf64_Ehdr *)buf;
	ph = (const Elf64_Phdr *)(buf + eh->e_phoff);
	TAP_CHECK(!memcmp(eh->e_ident, ELFMAG, SELFMAG) &&
		  eh->e_ident[EI_CLASS] == ELFCLASS64 &&
		  eh->e_ident[EI_DATA] == ELFDATA2LSB);
	TAP_CHECK(eh->e_type == ET_CORE && eh->e_machine == EM_X86_64 &&
		  eh->e_phnum == 3 && eh->e_phentsize == sizeof(Elf64_Phdr));
	TAP_CHECK(ph[0].p_type == PT_NOTE && ph[0].p_offset == e.note_offset &&
		  ph[0].p_filesz == 96);
	TAP_CHECK(ph[1].p_type == PT_LOAD && ph[1].p_paddr == 0x20000 &&
		  ph[1].p_vaddr == 0xffff888000020000ull &&
		  ph[1].p_offset == 0x1000 && ph[1].p_filesz == 0x20000 &&
		  ph[1].p_memsz == 0x20000);
	TAP_CHECK(ph[2].p_type == PT_LOAD && ph[2].p_paddr == 0x5de00000 &&
		  ph[2].p_vaddr == 0xffff88805de00000ull &&
		  ph[2].p_offset == 0x21000);
	free(buf);
}

int main(void)
{
	mint_err_quiet = true;
	TAP_RUN(ring_take_reads_everything_new_until_the_ring_wraps);
	TAP_RUN(ring_take_counts_what_the_node_overwrote_before_the_reader_came);
	TAP_RUN(ring_take_refuses_heads_a_node_cannot_have_written);
	TAP_RUN(ring_overrun_drops_bytes_overwritten_during_the_copy);
	TAP_RUN(ring_pieces_split_at_the_end_of_the_ring);
	TAP_RUN(ring_in_room_refuses_impossible_tails);
	TAP_RUN(chan_header_check_tells_no_channel_from_a_corrupt_one);
	TAP_RUN(console_channels_follow_the_vni_area_one_per_secondary);
	TAP_RUN(vmcoreinfo_check_takes_one_sane_note);
	TAP_RUN(elfcore_is_laid_out_as_proc_vmcore);
	return tap_done();
}
