// SPDX-License-Identifier: GPL-2.0-only
/*
 * C unit tests for the boot image builder: setup header parsing, the e820
 * table, placement in the node's memory, the zero page fields, the
 * setup_data chain and the Mint boot data.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/mint_node.h>

#include "bootdata.h"
#include "bootimage.h"
#include "bzimage.h"
#include "tap.h"

#define MiB (1ull << 20)
#define FAKE_SIZE (64 * 1024)

/* A minimal bzImage: 4 setup sectors (setup_sects 0 means 4) plus payload. */
static uint8_t *fake_bzimage(void)
{
	uint8_t *d = calloc(1, FAKE_SIZE);
	struct setup_header *h = (struct setup_header *)(d + BZ_HDR_OFFSET);

	h->setup_sects = 0;
	h->syssize = (FAKE_SIZE - 5 * 512) / 16;
	h->boot_flag = 0xaa55;
	h->jump = 0x6aeb;			/* jmp to 0x26c */
	h->header = BZ_HDRS_MAGIC;
	h->version = 0x020f;
	h->loadflags = LOADED_HIGH;
	h->code32_start = 0x100000;
	h->initrd_addr_max = 0x7fffffff;
	h->kernel_alignment = 0x200000;
	h->relocatable_kernel = 1;
	h->min_alignment = 21;
	h->xloadflags = XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G;
	h->cmdline_size = 0x7ff;
	h->pref_address = 0x1000000;
	h->init_size = 0x1000000;
	return d;
}

static const char *parse_why(uint8_t *d)
{
	struct bzimage bz;
	const char *why = NULL;

	return bzimage_parse(d, FAKE_SIZE, &bz, &why) ? why : NULL;
}

static void bzimage_reads_a_good_setup_header(void)
{
	uint8_t *d = fake_bzimage();
	struct bzimage bz;
	const char *why = NULL;

	TAP_CHECK(!bzimage_parse(d, FAKE_SIZE, &bz, &why));
	TAP_CHECK(bz.setup_sects == 4);
	TAP_CHECK(bz.kernel_offset == 5 * 512);
	TAP_CHECK(bz.kernel_size == FAKE_SIZE - 5 * 512);
	TAP_CHECK(bz.hdr_end == 0x26c);
	TAP_CHECK(bz.hdr.init_size == 0x1000000);
	TAP_CHECK(bz.hdr.pref_address == 0x1000000);
	free(d);
}

static void bzimage_rejects_what_the_32bit_protocol_cannot_start(void)
{
	uint8_t *d = fake_bzimage();
	struct setup_header *h = (struct setup_header *)(d + BZ_HDR_OFFSET);
	const char *why;

	h->boot_flag = 0;
	TAP_CHECK((why = parse_why(d)) && strstr(why, "boot_flag"));
	h->boot_flag = 0xaa55;
	h->header = 0x12345678;
	TAP_CHECK((why = parse_why(d)) && strstr(why, "HdrS"));
	h->header = BZ_HDRS_MAGIC;
	h->version = 0x020b;
	TAP_CHECK((why = parse_why(d)) && strstr(why, "2.12"));
	h->version = 0x020f;
	h->relocatable_kernel = 0;
	TAP_CHECK((why = parse_why(d)) && strstr(why, "relocatable"));
	h->relocatable_kernel = 1;
	h->xloadflags = 0;
	TAP_CHECK((why = parse_why(d)) && strstr(why, "64-bit"));
	h->xloadflags = XLF_KERNEL_64;
	h->kernel_alignment = 0x3000;
	TAP_CHECK((why = parse_why(d)) && strstr(why, "kernel_alignment"));
	h->kernel_alignment = 0x200000;
	h->syssize = FAKE_SIZE;
	TAP_CHECK((why = parse_why(d)) && strstr(why, "truncated"));
	h->syssize = 16;
	h->jump = 0x7feb;			/* header would end at 0x281 */
	TAP_CHECK(!parse_why(d));
	h->jump = 0xffeb;			/* ... at 0x301: past the padding */
	TAP_CHECK((why = parse_why(d)) && strstr(why, "length"));
	TAP_CHECK(parse_why(d) != NULL);
	free(d);
}

static void e820_lists_node_ram_and_reserved_shared_sorted(void)
{
	struct mint_range low = { 0x20000, 0x20000 };
	struct mint_range mem = { 0x5de00000, 512 * MiB };
	struct mint_range shared = { 0x7de00000, 32 * MiB };
	struct mint_range below = { 0x4000000, 32 * MiB };
	struct mint_range none = { 0, 0 };
	struct boot_e820_entry t[4];

	TAP_CHECK(boot_e820_build(t, 4, &low, &mem, &shared) == 3);
	TAP_CHECK(t[0].addr == 0x20000 && t[0].size == 0x20000 &&
		  t[0].type == BOOT_E820_RAM);
	TAP_CHECK(t[1].addr == 0x5de00000 && t[1].size == 512 * MiB &&
		  t[1].type == BOOT_E820_RAM);
	TAP_CHECK(t[2].addr == 0x7de00000 && t[2].size == 32 * MiB &&
		  t[2].type == BOOT_E820_RESERVED);
	/* A shared region below the node's memory comes first after the low window. */
	TAP_CHECK(boot_e820_build(t, 4, &low, &mem, &below) == 3);
	TAP_CHECK(t[1].addr == 0x4000000 && t[1].type == BOOT_E820_RESERVED);
	TAP_CHECK(t[2].addr == 0x5de00000 && t[2].type == BOOT_E820_RAM);
	/* No low window: two entries. */
	TAP_CHECK(boot_e820_build(t, 4, &none, &mem, &shared) == 2);
	/* Overlaps and a full table are refused. */
	shared.base = mem.base + mem.size - MiB;
	TAP_CHECK(boot_e820_build(t, 4, &low, &mem, &shared) == -1);
	shared.base = 0x7de00000;
	TAP_CHECK(boot_e820_build(t, 2, &low, &mem, &shared) == -1);
}

struct fixture {
	uint8_t *file;
	struct bzimage bz;
	struct boot_image_in in;
	uint8_t payload[100];
};

static void fixture_init(struct fixture *f, uint64_t mem_base, uint64_t mem_size)
{
	const char *why;

	f->file = fake_bzimage();
	bzimage_parse(f->file, FAKE_SIZE, &f->bz, &why);
	memset(f->payload, 0x5a, sizeof(f->payload));
	f->in = (struct boot_image_in){
		.bz = &f->bz,
		.mem = { mem_base, mem_size },
		.low = { 0x20000, 0x20000 },
		.shared = { 0x7de00000, 32 * MiB },
		.cmdline = "console=ttyS1,115200 panic=0",
		.initrd = f->file,
		.initrd_size = 3 * MiB + 5,
		.setup_data_type = SETUP_MINT,
		.setup_payload = f->payload,
		.setup_payload_len = sizeof(f->payload),
	};
}

static void image_places_kernel_boot_data_and_initrd_in_the_node(void)
{
	struct fixture f;
	struct boot_image img;
	struct boot_params *bp = &img.params;
	struct setup_data *sd;
	char why[256];

	/* Base 0x5de00000 + 1 MiB: the kernel goes to the next 2 MiB boundary. */
	fixture_init(&f, 0x5df00000, 511 * MiB);
	TAP_CHECK(!boot_image_build(&f.in, &img, why, sizeof(why)));
	/* Below 4 GiB: the 32-bit protocol, no page tables. */
	TAP_CHECK(img.nr_segs == BOOT_SEG_PAGETABLE && !img.long_mode);
	TAP_CHECK(img.entry == 0x5e000000);
	TAP_CHECK(img.seg[BOOT_SEG_KERNEL].phys == img.entry);
	TAP_CHECK(img.seg[BOOT_SEG_KERNEL].size == FAKE_SIZE - 5 * 512);
	TAP_CHECK(img.seg[BOOT_SEG_KERNEL].data == f.file + 5 * 512);
	/* boot_params right after init_size, page aligned. */
	TAP_CHECK(img.seg[BOOT_SEG_PARAMS].phys == 0x5f000000);
	TAP_CHECK(img.seg[BOOT_SEG_CMDLINE].phys == 0x5f001000);
	TAP_CHECK(img.seg[BOOT_SEG_CMDLINE].size == strlen(f.in.cmdline) + 1);
	TAP_CHECK(img.seg[BOOT_SEG_SETUP_DATA].phys % 16 == 0);
	TAP_CHECK(img.seg[BOOT_SEG_SETUP_DATA].phys >= 0x5f001000 + 29);
	/* initrd page aligned at the top of the node's memory. */
	TAP_CHECK(img.seg[BOOT_SEG_INITRD].phys ==
		  ((0x5df00000 + 511 * MiB - (3 * MiB + 5)) & ~0xfffull));
	TAP_CHECK(img.seg[BOOT_SEG_INITRD].size == 3 * MiB + 5);

	/* The zero page, field by field (boot.rst names). */
	TAP_CHECK(bp->hdr.header == BZ_HDRS_MAGIC);
	TAP_CHECK(bp->hdr.version == 0x020f);
	TAP_CHECK(bp->hdr.type_of_loader == 0xff);
	TAP_CHECK(bp->hdr.loadflags == (LOADED_HIGH | CAN_USE_HEAP));
	TAP_CHECK(bp->hdr.code32_start == 0x5e000000);
	TAP_CHECK(bp->hdr.cmd_line_ptr == 0x5f001000);
	TAP_CHECK(bp->ext_cmd_line_ptr == 0);
	TAP_CHECK(bp->hdr.ramdisk_image == img.seg[BOOT_SEG_INITRD].phys);
	TAP_CHECK(bp->hdr.ramdisk_size == 3 * MiB + 5);
	TAP_CHECK(bp->hdr.setup_data == img.seg[BOOT_SEG_SETUP_DATA].phys);
	TAP_CHECK(bp->hdr.init_size == 0x1000000);
	TAP_CHECK(bp->hdr.kernel_alignment == 0x200000);
	TAP_CHECK(bp->e820_entries == 3);
	TAP_CHECK(bp->e820_table[1].addr == 0x5df00000 &&
		  bp->e820_table[1].size == 511 * MiB);
	TAP_CHECK(bp->e820_table[2].type == BOOT_E820_RESERVED);
	/* Nothing else in the zero page is set: a clean start. */
	TAP_CHECK(bp->acpi_rsdp_addr == 0 && bp->screen_info.orig_video_isVGA == 0);

	/* The setup_data chain: one SETUP_MINT entry carrying the payload. */
	sd = (struct setup_data *)img.setup_data;
	TAP_CHECK(sd->next == 0 && sd->type == SETUP_MINT &&
		  sd->len == sizeof(f.payload));
	TAP_CHECK(!memcmp(sd->data, f.payload, sizeof(f.payload)));
	TAP_CHECK(img.setup_data_len == sizeof(*sd) + sizeof(f.payload));
	boot_image_free(&img);
	free(f.file);
}

static void image_never_loads_below_pref_address(void)
{
	struct fixture f;
	struct boot_image img;
	char why[256];

	/* Memory at 8 MiB: the decompressor would move to 16 MiB anyway. */
	fixture_init(&f, 8 * MiB, 64 * MiB);
	f.in.shared.base = 0x10000000;
	TAP_CHECK(!boot_image_build(&f.in, &img, why, sizeof(why)));
	TAP_CHECK(img.entry == 16 * MiB);
	boot_image_free(&img);
	free(f.file);
	/* Memory ending before pref_address + init_size: refused. */
	fixture_init(&f, 8 * MiB, 16 * MiB);
	f.in.shared.base = 0x10000000;
	TAP_CHECK(boot_image_build(&f.in, &img, why, sizeof(why)) == -1);
	TAP_CHECK(strstr(why, "init_size") != NULL);
	free(f.file);
}

static void image_refuses_initrd_and_cmdline_that_do_not_fit(void)
{
	struct fixture f;
	struct boot_image img;
	char why[256], *longline;

	fixture_init(&f, 0x5de00000, 64 * MiB);
	/* 64 MiB - 16 MiB init_size - 8 KiB of boot data = 48 MiB - 8 KiB. */
	f.in.initrd_size = 48 * MiB;
	TAP_CHECK(boot_image_build(&f.in, &img, why, sizeof(why)) == -1);
	TAP_CHECK(strstr(why, "initrd is 48M") != NULL);
	f.in.initrd_size = 48 * MiB - 0x2000;
	TAP_CHECK(!boot_image_build(&f.in, &img, why, sizeof(why)));
	TAP_CHECK(img.seg[BOOT_SEG_INITRD].phys >=
		  img.seg[BOOT_SEG_SETUP_DATA].phys + img.seg[BOOT_SEG_SETUP_DATA].size);
	boot_image_free(&img);

	longline = malloc(0x900);
	memset(longline, 'x', 0x8ff);
	longline[0x8ff] = '\0';
	f.in.cmdline = longline;
	TAP_CHECK(boot_image_build(&f.in, &img, why, sizeof(why)) == -1);
	TAP_CHECK(strstr(why, "cmdline_size") != NULL);
	free(longline);
	free(f.file);
}

static void image_enters_a_node_above_4g_in_long_mode(void)
{
	struct fixture f;
	struct boot_image img;
	struct boot_params *bp = &img.params;
	const uint64_t *pml4, *pdpt, *pd_low, *pd_node;
	uint64_t base = 0x140000000ull;
	char why[256];

	fixture_init(&f, base, 512 * MiB);
	TAP_CHECK(!boot_image_build(&f.in, &img, why, sizeof(why)));
	TAP_CHECK(img.long_mode);
	/* startup_64, 0x200 into the protected-mode kernel. */
	TAP_CHECK(img.seg[BOOT_SEG_KERNEL].phys == base);
	TAP_CHECK(img.entry == base + 0x200);
	TAP_CHECK(img.seg[BOOT_SEG_PARAMS].phys == base + 0x1000000);
	/* Pointers above 4 GiB: low halves in the header, high in ext_*. */
	TAP_CHECK(bp->hdr.cmd_line_ptr == 0x41001000 && bp->ext_cmd_line_ptr == 1);
	TAP_CHECK(((uint64_t)bp->ext_ramdisk_image << 32 | bp->hdr.ramdisk_image) ==
		  img.seg[BOOT_SEG_INITRD].phys);
	TAP_CHECK(img.seg[BOOT_SEG_INITRD].phys + img.seg[BOOT_SEG_INITRD].size <=
		  base + 512 * MiB);
	TAP_CHECK(bp->hdr.setup_data == img.seg[BOOT_SEG_SETUP_DATA].phys);
	/* The page tables: at the start of the low window, in 4 pages. */
	TAP_CHECK(img.nr_segs == BOOT_NR_SEGS);
	TAP_CHECK(img.cr3 == 0x20000 && img.seg[BOOT_SEG_PAGETABLE].phys == 0x20000);
	TAP_CHECK(img.seg[BOOT_SEG_PAGETABLE].size == 4 * 0x1000);
	pml4 = (const uint64_t *)img.pagetable;
	TAP_CHECK(pml4[0] == (0x21000 | 3) && pml4[1] == 0);
	pdpt = (const uint64_t *)(img.pagetable + 0x1000);
	TAP_CHECK(pdpt[0] == (0x22000 | 3) && pdpt[5] == (0x23000 | 3));
	TAP_CHECK(pdpt[1] == 0 && pdpt[4] == 0 && pdpt[6] == 0);
	/* The first 2 MiB (the stub page), and only those, in the low GiB. */
	pd_low = (const uint64_t *)(img.pagetable + 0x2000);
	TAP_CHECK(pd_low[0] == 0x83 && pd_low[1] == 0);
	/* The node's 512 MiB as 256 pages of 2 MiB, identity mapped. */
	pd_node = (const uint64_t *)(img.pagetable + 0x3000);
	TAP_CHECK(pd_node[0] == (base | 0x83));
	TAP_CHECK(pd_node[255] == ((base + 510 * MiB) | 0x83) && pd_node[256] == 0);
	boot_image_free(&img);

	/* A low window of one page holds no page tables. */
	f.in.low.size = 0x1000;
	TAP_CHECK(boot_image_build(&f.in, &img, why, sizeof(why)) == -1);
	TAP_CHECK(strstr(why, "no room for the page tables") != NULL);
	/* A kernel that cannot be loaded above 4 GiB is refused. */
	f.in.low.size = 0x20000;
	((struct setup_header *)(f.file + BZ_HDR_OFFSET))->xloadflags = XLF_KERNEL_64;
	bzimage_parse(f.file, FAKE_SIZE, &f.bz, &(const char *){ NULL });
	TAP_CHECK(boot_image_build(&f.in, &img, why, sizeof(why)) == -1);
	TAP_CHECK(strstr(why, "below 4 GiB") != NULL);
	free(f.file);
}

static void pagetable_spans_gib_and_512_gib_boundaries(void)
{
	static uint8_t buf[8 * 0x1000];
	const uint64_t *pml4 = (const uint64_t *)buf;
	const uint64_t *pdpt1;

	/* 4 MiB across the 512 GiB line: a second PDPT and PD are needed. */
	TAP_CHECK(boot_pagetable_build(buf, 8, 0x20000, (512ull << 30) - 2 * MiB,
				       (512ull << 30) + 2 * MiB) == 6 * 0x1000);
	TAP_CHECK(pml4[0] && pml4[1] && !pml4[2]);
	pdpt1 = (const uint64_t *)(buf + ((pml4[1] & ~0xfffull) - 0x20000));
	TAP_CHECK(pdpt1[0] != 0);
	/* Too few pages: 0, never a partial table. */
	TAP_CHECK(boot_pagetable_build(buf, 5, 0x20000, (512ull << 30) - 2 * MiB,
				       (512ull << 30) + 2 * MiB) == 0);
}

static void console_port_follows_the_last_ttyS_console(void)
{
	TAP_CHECK(mint_console_port("console=ttyS1,115200 panic=0") == 0x2f8);
	TAP_CHECK(mint_console_port("console=ttyS2") == 0x3e8);
	TAP_CHECK(mint_console_port("console=ttyS0 console=ttyS3,9600") == 0x2e8);
	TAP_CHECK(mint_console_port("console=tty0") == 0);
	TAP_CHECK(mint_console_port("xconsole=ttyS1") == 0);
	TAP_CHECK(mint_console_port("console=ttyS12") == 0);
	TAP_CHECK(mint_console_port("") == 0);
}

/* Lists as node 0's available_clocksource shows them, while and after. */
static void tsc_refine_pending_only_while_tsc_early_stands_alone(void)
{
	TAP_CHECK(mint_tsc_refine_pending("tsc-early hpet acpi_pm \n"));
	TAP_CHECK(mint_tsc_refine_pending("hpet tsc-early"));
	TAP_CHECK(!mint_tsc_refine_pending("tsc hpet acpi_pm \n"));
	/* Between registering "tsc" and unregistering "tsc-early": settled. */
	TAP_CHECK(!mint_tsc_refine_pending("tsc-early tsc hpet \n"));
	/* Unstable or unsynchronized TSC, no TSC: nothing to wait for. */
	TAP_CHECK(!mint_tsc_refine_pending("hpet acpi_pm \n"));
	TAP_CHECK(!mint_tsc_refine_pending("kvm-clock tsc\n"));
	TAP_CHECK(!mint_tsc_refine_pending(""));
	TAP_CHECK(!mint_tsc_refine_pending("tsc-earlyx tsc-"));
}

static void boot_data_carries_the_node_and_the_descriptor(void)
{
	struct mint_plan *p = calloc(1, sizeof(*p));
	struct mint_rates r = { .tsc_khz = 2994000, .apic_khz = 1000000,
				.x2apic = true };
	const char desc[] = "descriptor bytes";
	struct mint_boot_data *bd;
	void *out = NULL;
	size_t len = 0;

	p->nr_nodes = 3;
	p->shared = (struct mint_range){ 0x7de00000, 32 * MiB };
	p->node[2].id = 2;
	p->node[2].nr_cores = 2;
	p->node[2].apic_id[0] = 6;
	p->node[2].apic_id[1] = 7;
	/* Node 2 has the second channel: one channel (4K + 256K + 4K) later. */
	p->console = (struct mint_console_geo){ .offset = 0x1023000,
		.out_size = 256 << 10, .in_size = 4 << 10, .nr_channels = 2 };
	TAP_CHECK(!mint_boot_data_build(p, 2, &r, 0x3e8, desc, sizeof(desc),
					&out, &len));
	bd = out;
	TAP_CHECK(len == sizeof(*bd) + sizeof(desc) && sizeof(*bd) == 328);
	TAP_CHECK(bd->magic == MINT_BOOT_DATA_MAGIC && bd->version == 2 &&
		  bd->size == 328);
	TAP_CHECK(bd->console_offset == 0x1023000 + 0x42000 &&
		  bd->console_size == 0x42000 && bd->reserved2 == 0);
	TAP_CHECK(bd->node_id == 2 && bd->nr_nodes == 3);
	TAP_CHECK(bd->nr_apic_ids == 2 && bd->apic_ids[0] == 6 &&
		  bd->apic_ids[1] == 7 && bd->apic_ids[2] == 0);
	TAP_CHECK(bd->tsc_khz == 2994000 && bd->apic_khz == 1000000);
	TAP_CHECK(bd->console_port == 0x3e8 && bd->flags == MINT_BOOT_X2APIC);
	TAP_CHECK(bd->shared_base == 0x7de00000 && bd->shared_size == 32 * MiB);
	TAP_CHECK(bd->descriptor_size == sizeof(desc) && bd->reserved == 0);
	TAP_CHECK(!memcmp(bd->descriptor, desc, sizeof(desc)));
	free(out);
	/* A plan without channels (an older descriptor): console_offset 0. */
	p->console = (struct mint_console_geo){ 0 };
	TAP_CHECK(!mint_boot_data_build(p, 2, &r, 0x3e8, desc, sizeof(desc),
					&out, &len));
	bd = out;
	TAP_CHECK(bd->version == 2 && !bd->console_offset && !bd->console_size);
	free(out);
	free(p);
}

int main(void)
{
	mint_err_quiet = true;
	TAP_RUN(bzimage_reads_a_good_setup_header);
	TAP_RUN(bzimage_rejects_what_the_32bit_protocol_cannot_start);
	TAP_RUN(e820_lists_node_ram_and_reserved_shared_sorted);
	TAP_RUN(image_places_kernel_boot_data_and_initrd_in_the_node);
	TAP_RUN(image_never_loads_below_pref_address);
	TAP_RUN(image_refuses_initrd_and_cmdline_that_do_not_fit);
	TAP_RUN(image_enters_a_node_above_4g_in_long_mode);
	TAP_RUN(pagetable_spans_gib_and_512_gib_boundaries);
	TAP_RUN(console_port_follows_the_last_ttyS_console);
	TAP_RUN(boot_data_carries_the_node_and_the_descriptor);
	TAP_RUN(tsc_refine_pending_only_while_tsc_early_stands_alone);
	return tap_done();
}
