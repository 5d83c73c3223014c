// SPDX-License-Identifier: GPL-2.0-only
/*
 * C unit tests for mintctl's library: parsers, range sets, parameter
 * handling, and the descriptor against every single-byte corruption.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "cores.h"
#include "crc32.h"
#include "descriptor.h"
#include "json.h"
#include "kparams.h"
#include "machine.h"
#include "numbers.h"
#include "planner.h"
#include "ranges.h"
#include "tap.h"

static void sizes_parse_suffixes_and_hex(void)
{
	const char *why;
	uint64_t v, a;
	int has;

	TAP_CHECK(!parse_size("512M", &v, &why) && v == 512ull << 20);
	TAP_CHECK(!parse_size("2g", &v, &why) && v == 2ull << 30);
	TAP_CHECK(!parse_size("0x200000", &v, &why) && v == 0x200000);
	TAP_CHECK(!parse_size("4096", &v, &why) && v == 4096);
	TAP_CHECK(!parse_size_at("128K@0x20000", &v, &a, &has, &why) &&
		  v == 0x20000 && a == 0x20000 && has);
	TAP_CHECK(!parse_size_at("1G", &v, &a, &has, &why) && !has);
}

static void sizes_reject_malformed_numbers(void)
{
	const char *why = NULL;
	uint64_t v;

	TAP_CHECK(parse_size("512Q", &v, &why) &&
		  !strcmp(why, "unknown size suffix (use K, M, G or T)"));
	TAP_CHECK(parse_size("0x", &v, &why) &&
		  !strcmp(why, "no hex digits after 0x"));
	TAP_CHECK(parse_size("-1", &v, &why) &&
		  !strcmp(why, "negative numbers are not allowed"));
	TAP_CHECK(parse_size("", &v, &why) && !strcmp(why, "empty value"));
	TAP_CHECK(parse_size("16777216T", &v, &why) &&
		  !strcmp(why, "size too large"));
	TAP_CHECK(parse_u64("18446744073709551616", &v, &why) &&
		  !strcmp(why, "number too large"));
	TAP_CHECK(parse_u64("12 ", &v, &why));
	TAP_CHECK(parse_size("1MB", &v, &why));
}

static void sizes_format_exact_units(void)
{
	char b[32];

	TAP_CHECK(!strcmp(format_size(512ull << 20, b, sizeof(b)), "512M"));
	TAP_CHECK(!strcmp(format_size(128 << 10, b, sizeof(b)), "128K"));
	TAP_CHECK(!strcmp(format_size(3ull << 30, b, sizeof(b)), "3G"));
	TAP_CHECK(!strcmp(format_size(1000, b, sizeof(b)), "1000"));
}

static void cores_parse_and_format_lists(void)
{
	struct mint_cores c;
	const char *why;
	char buf[128], out[64];

	TAP_CHECK(!cores_parse("0-1,4,6-7", &c, buf, sizeof(buf), &why));
	TAP_CHECK(cores_count(&c) == 5 && cores_has(&c, 4) && !cores_has(&c, 5));
	TAP_CHECK(!strcmp(cores_format(&c, out, sizeof(out)), "0-1,4,6-7"));
	TAP_CHECK(cores_parse("3-1", &c, buf, sizeof(buf), &why) &&
		  !strcmp(why, "reversed range 3-1"));
	TAP_CHECK(cores_parse("1,1", &c, buf, sizeof(buf), &why) &&
		  !strcmp(why, "core 1 is listed twice"));
	TAP_CHECK(cores_parse("256", &c, buf, sizeof(buf), &why) &&
		  !strcmp(why, "core 256 is beyond the limit of 256 cores"));
	TAP_CHECK(cores_parse("1,", &c, buf, sizeof(buf), &why));
	TAP_CHECK(cores_parse("1;2", &c, buf, sizeof(buf), &why));
}

static void rangeset_merges_splits_and_fits(void)
{
	struct mint_rangeset s = { 0 };
	uint64_t base;

	rangeset_add(&s, 0x1000, 0x1000);
	rangeset_add(&s, 0x3000, 0x1000);
	rangeset_add(&s, 0x2000, 0x1000);	/* bridges the two */
	TAP_CHECK(s.nr == 1 && s.r[0].base == 0x1000 && s.r[0].size == 0x3000);
	rangeset_remove(&s, 0x2000, 0x800);	/* splits */
	TAP_CHECK(s.nr == 2 && s.r[1].base == 0x2800);
	TAP_CHECK(rangeset_contains(&s, 0x2800, 0x1800));
	TAP_CHECK(!rangeset_contains(&s, 0x1800, 0x1000));
	TAP_CHECK(!rangeset_fit_top(&s, 0x1000, 0x1000, 0, &base) &&
		  base == 0x3000);
	TAP_CHECK(rangeset_fit_top(&s, 0x2000, 0x1000, 0, &base));
	TAP_CHECK(!rangeset_fit_bottom(&s, 0x800, 0x800, 0, ~0ull, &base) &&
		  base == 0x1000);
	TAP_CHECK(rangeset_total(&s) == 0x2800);
}

static void kparams_strip_only_ours(void)
{
	char buf[256];

	TAP_CHECK(!kparams_strip("root=/dev/sda maxcpus=2 memmap=1G$0x4000 memmap=64K@0x1000 nr_cpus=3 a=\"x y\" no_ipi_broadcast=1",
				 buf, sizeof(buf)));
	TAP_CHECK(!strcmp(buf, "root=/dev/sda memmap=64K@0x1000 a=\"x y\""));
	TAP_CHECK(!kparams_strip("   ", buf, sizeof(buf)) && !buf[0]);
	TAP_CHECK(kparams_strip("abcdef", buf, 4));
	/* reserve= is ours only when it lists whole legacy UARTs. */
	TAP_CHECK(!kparams_strip("reserve=0x2f8,8,0x3e8,8 x reserve=0x2f8,8 reserve=0x2f8,16 reserve=0x300,8 reserve=0x2f8,8, reserve=0x2f8 reserve=",
				 buf, sizeof(buf)));
	TAP_CHECK(!strcmp(buf, "x reserve=0x2f8,16 reserve=0x300,8 reserve=0x2f8,8, reserve=0x2f8 reserve="));
}

struct diff_log {
	char text[256];
	size_t used;
};

static void log_diff(const char *param, size_t len, bool missing, void *arg)
{
	struct diff_log *l = arg;

	l->used += (size_t)snprintf(l->text + l->used, sizeof(l->text) - l->used,
				    "%c%.*s ", missing ? '-' : '+', (int)len,
				    param);
}

static void kparams_diff_names_missing_and_stale_parameters(void)
{
	struct diff_log l = { "", 0 };

	kparams_diff("root=/dev/sda maxcpus=2 a=\"x maxcpus=3\" memmap=64M$0x1000000 memmap=1G$0x4000 quiet",
		     "maxcpus=2 no_ipi_broadcast=1 memmap=1G$0x4000", log_diff, &l);
	TAP_CHECK(!strcmp(l.text, "-no_ipi_broadcast=1 +memmap=64M$0x1000000 "));
	l.used = 0;
	l.text[0] = '\0';
	kparams_diff("maxcpus=2 no_ipi_broadcast=1", "maxcpus=2 no_ipi_broadcast=1",
		     log_diff, &l);
	TAP_CHECK(!l.text[0]);
}

static void quoting_for_shell_and_grub(void)
{
	char buf[128];

	TAP_CHECK(!shell_quote("/boot/bzImage", buf, sizeof(buf)) &&
		  !strcmp(buf, "/boot/bzImage"));
	TAP_CHECK(!shell_quote("a$b c'd", buf, sizeof(buf)) &&
		  !strcmp(buf, "'a$b c'\\''d'"));
	TAP_CHECK(!grub_escape("memmap=1G$0x4000 x=\"q\"", buf, sizeof(buf)) &&
		  !strcmp(buf, "memmap=1G\\\\\\$0x4000 x=\\\"q\\\""));
}

static void crc32_matches_the_standard_check_value(void)
{
	TAP_CHECK(mint_crc32("123456789", 9) == 0xcbf43926u);
	TAP_CHECK(mint_crc32("", 0) == 0);
}

static void madt_parser_rejects_bad_tables(void)
{
	uint8_t t[64] = "APIC";
	uint32_t ids[8];
	const char *why;
	unsigned nr;

	t[4] = 44 + 8;			/* length */
	t[44] = 0;			/* Processor Local APIC */
	t[45] = 8;
	t[47] = 5;			/* APIC ID */
	t[48] = 1;			/* enabled */
	TAP_CHECK(!parse_madt(t, 52, ids, 8, &nr, &why) && nr == 1 &&
		  ids[0] == 5);
	t[48] = 0;			/* disabled: not usable */
	TAP_CHECK(!parse_madt(t, 52, ids, 8, &nr, &why) && nr == 0);
	t[45] = 0;			/* zero-length entry would loop */
	TAP_CHECK(parse_madt(t, 52, ids, 8, &nr, &why));
	t[45] = 8;
	t[4] = 200;			/* longer than the file */
	TAP_CHECK(parse_madt(t, 52, ids, 8, &nr, &why));
	TAP_CHECK(parse_madt((const uint8_t *)"FACP", 4, ids, 8, &nr, &why));
}

static void cpuinfo_needs_apic_ids(void)
{
	struct mint_machine m;
	const char *why;

	memset(&m, 0, sizeof(m));
	TAP_CHECK(!parse_cpuinfo("processor\t: 0\napicid\t\t: 4\n\nprocessor\t: 1\napicid\t: 6\n",
				 &m, &why));
	TAP_CHECK(cores_count(&m.online) == 2 && m.apic_id[1] == 6);
	memset(&m, 0, sizeof(m));
	TAP_CHECK(parse_cpuinfo("processor\t: 0\n", &m, &why));
	TAP_CHECK(parse_cpuinfo("", &m, &why));
}

/* The recorded QEMU machine, in memory. */
static void qemu_machine(struct mint_machine *m)
{
	memset(m, 0, sizeof(*m));
	for (unsigned c = 0; c < 4; c++) {
		cores_add(&m->present, c);
		m->apic_id[c] = c;
		m->apic_known[c] = true;
	}
	machine_add_mem(m, 0, 0x9fc00, "System RAM");
	machine_add_mem(m, 0x9fc00, 0xa0000, "Reserved");
	machine_add_mem(m, 0xf0000, 0x100000, "Reserved");
	machine_add_mem(m, 0x100000, 0x7ffe0000, "System RAM");
	machine_add_mem(m, 0x7ffe0000, 0x80000000, "Reserved");
}

static const char two_nodes[] =
	"[shared]\nsize = 32M\n[node0]\ncores = 0-1\n[node1]\ncores = 2-3\n"
	"memory = 512M\ncmdline = \"console=ttyS1\"\n  rdinit=/init\n"
	"  panic=0\n[vni]\naddressing = 10.9.0.0/16\n";

static int plan_two_nodes(struct mint_plan *p, struct mint_config *cfg)
{
	struct mint_machine m;

	qemu_machine(&m);
	mint_config_init(cfg, "t.conf");
	if (mint_config_parse(cfg, "t.conf", two_nodes, strlen(two_nodes)) ||
	    mint_config_finish(cfg))
		return -1;
	return mint_plan_build(cfg, &m, p);
}

static void config_joins_continued_cmdline(void)
{
	struct mint_config *cfg = malloc(sizeof(*cfg));
	struct mint_plan *p = malloc(sizeof(*p));

	TAP_CHECK(!plan_two_nodes(p, cfg));
	TAP_CHECK(!strcmp(cfg->node[1].cmdline,
			  "console=ttyS1 rdinit=/init panic=0"));
	TAP_CHECK(cfg->node[1].cmdline_s.loc.line == 8);
	TAP_CHECK(p->node[1].ipv4 == 0x0a090002);
	free(cfg);
	free(p);
}

static void planner_places_top_down(void)
{
	struct mint_config *cfg = malloc(sizeof(*cfg));
	struct mint_plan *p = malloc(sizeof(*p));
	char params[MINT_PARAMS_MAX];

	TAP_CHECK(!plan_two_nodes(p, cfg));
	TAP_CHECK(p->shared.base == 0x7de00000 && p->shared.size == 32 << 20);
	TAP_CHECK(p->node[1].mem[0].base == 0x5de00000);
	TAP_CHECK(p->node[1].low.base == 0x20000);
	TAP_CHECK(p->node[0].nr_mem == 4);
	TAP_CHECK(!mint_plan_kparams(p, params, sizeof(params)));
	/* node1's memory ends where the shared region starts: one memmap=. */
	TAP_CHECK(!strcmp(params, "maxcpus=2 no_ipi_broadcast=1 memmap=544M$0x5de00000 memmap=128K$0x20000 reserve=0x2f8,8"));
	TAP_CHECK(!mint_plan_check(p, "t"));
	free(cfg);
	free(p);
}

/*
 * kexec-tools hands a re-executed node 0 a map whose RAM starts at 0x400:
 * the plan, and so the layout running nodes booted with, stays the same.
 */
static void planner_ignores_page0(void)
{
	struct mint_config *cfg = malloc(sizeof(*cfg));
	struct mint_plan *p = malloc(sizeof(*p));
	struct mint_plan *kexec = malloc(sizeof(*kexec));
	struct mint_machine m;

	TAP_CHECK(!plan_two_nodes(p, cfg));
	TAP_CHECK(p->node[0].mem[0].base == 0x1000);
	qemu_machine(&m);
	m.map[0].start = 0x400;
	TAP_CHECK(!mint_plan_build(cfg, &m, kexec));
	TAP_CHECK(!memcmp(p, kexec, sizeof(*p)));
	free(cfg);
	free(p);
	free(kexec);
}

static void descriptor_rejects_every_single_byte_corruption(void)
{
	struct mint_config *cfg = malloc(sizeof(*cfg));
	struct mint_plan *p = malloc(sizeof(*p));
	struct mint_plan *back = malloc(sizeof(*back));
	unsigned accepted = 0;
	uint64_t gen = 0;
	uint8_t *blob;
	size_t len;

	TAP_CHECK(!plan_two_nodes(p, cfg));
	TAP_CHECK(!mint_descriptor_encode(p, 99, (void **)&blob, &len));
	TAP_CHECK(!mint_descriptor_decode(blob, len, "t", back, &gen));
	TAP_CHECK(p->node[1].uarts == 2);	/* console=ttyS1 */
	/* The layout, without node 0's service settings (the config's). */
	TAP_CHECK(p->services && !back->services);
	mint_plan_drop_services(p);
	TAP_CHECK(gen == 99 && !memcmp(p, back, sizeof(*p)));
	for (size_t i = 0; i < len; i++) {
		blob[i] ^= 0x01;
		if (!mint_descriptor_decode(blob, len, "t", back, &gen))
			accepted++;
		blob[i] ^= 0x01;
	}
	TAP_CHECK(accepted == 0);
	for (size_t cut = 0; cut < len; cut += 7)
		TAP_CHECK(mint_descriptor_decode(blob, cut, "t", back, &gen));
	free(blob);
	free(cfg);
	free(p);
	free(back);
}

static void iomem_lines_parse_with_their_nesting(void)
{
	struct iomem_entry e;

	TAP_CHECK(!iomem_parse_line("00100000-7ffdffff : System RAM", &e) &&
		  e.start == 0x100000 && e.end == 0x7ffdffff &&
		  !strcmp(e.name, "System RAM") && !e.nested);
	TAP_CHECK(!iomem_parse_line("  01000000-01ffffff : Kernel code", &e) &&
		  e.start == 0x1000000 && !strcmp(e.name, "Kernel code") &&
		  e.nested);
	TAP_CHECK(iomem_parse_line("System RAM", &e));
	TAP_CHECK(iomem_parse_line("2000-1000 : backwards", &e));
	TAP_CHECK(iomem_parse_line("1000-2000 :", &e) == 0 && !e.name[0]);
}

/* Writes a document of `levels` nested arrays; returns json_finish(). */
static int json_nested(int levels, char **text, size_t *len)
{
	FILE *out = open_memstream(text, len);
	struct json j;
	int rc;

	json_init(&j, out);
	for (int i = 0; i < levels; i++)
		json_begin_array(&j, NULL);
	json_string(&j, NULL, "a\"b\\c\n");
	for (int i = 0; i < levels; i++)
		json_end_array(&j);
	rc = json_finish(&j);
	fclose(out);
	return rc;
}

static void json_refuses_nesting_beyond_its_limit_and_escapes(void)
{
	char *text;
	size_t len;

	TAP_CHECK(json_nested(2, &text, &len) == 0);
	TAP_CHECK(!strcmp(text, "[[\"a\\\"b\\\\c\\u000a\"]]\n"));
	free(text);
	TAP_CHECK(json_nested(JSON_MAX_DEPTH - 1, &text, &len) == 0);
	free(text);
	/* Too deep: an error, and not a byte of a broken document. */
	TAP_CHECK(json_nested(JSON_MAX_DEPTH, &text, &len) != 0);
	TAP_CHECK(len == 0);
	free(text);
}

int main(void)
{
	mint_err_quiet = true;
	TAP_RUN(sizes_parse_suffixes_and_hex);
	TAP_RUN(sizes_reject_malformed_numbers);
	TAP_RUN(sizes_format_exact_units);
	TAP_RUN(cores_parse_and_format_lists);
	TAP_RUN(rangeset_merges_splits_and_fits);
	TAP_RUN(kparams_strip_only_ours);
	TAP_RUN(kparams_diff_names_missing_and_stale_parameters);
	TAP_RUN(quoting_for_shell_and_grub);
	TAP_RUN(crc32_matches_the_standard_check_value);
	TAP_RUN(madt_parser_rejects_bad_tables);
	TAP_RUN(cpuinfo_needs_apic_ids);
	TAP_RUN(config_joins_continued_cmdline);
	TAP_RUN(planner_places_top_down);
	TAP_RUN(planner_ignores_page0);
	TAP_RUN(descriptor_rejects_every_single_byte_corruption);
	TAP_RUN(json_refuses_nesting_beyond_its_limit_and_escapes);
	TAP_RUN(iomem_lines_parse_with_their_nesting);
	return tap_done();
}
