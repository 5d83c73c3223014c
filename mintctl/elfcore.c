// SPDX-License-Identifier: GPL-2.0-only
/* ELF core headers and the VMCOREINFO note check (elfcore.h). */
#include <elf.h>
#include <string.h>

#include "elfcore.h"
#include "numbers.h"

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

int vmcoreinfo_check(const uint8_t *buf, size_t size, size_t *note_len,
		     const char **why)
{
	const size_t hdr = sizeof(Elf64_Nhdr), name_len = sizeof(VMCOREINFO_NAME);
	uint32_t namesz, descsz;
	const uint8_t *desc;

	if (size < hdr + align_up(name_len, 4)) {
		*why = "shorter than a note header and its name";
		return -1;
	}
	namesz = get_le32(buf);
	descsz = get_le32(buf + 4);
	if (namesz != name_len || memcmp(buf + hdr, VMCOREINFO_NAME, name_len)) {
		*why = "not a note named VMCOREINFO";
		return -1;
	}
	if (!descsz || descsz > size - hdr - align_up(name_len, 4)) {
		*why = "its text is empty or runs past the published size";
		return -1;
	}
	desc = buf + hdr + align_up(name_len, 4);
	for (uint32_t i = 0; i < descsz; i++) {
		if (desc[i] != '\n' && (desc[i] < 0x20 || desc[i] > 0x7e)) {
			*why = "its text is not KEY=VALUE lines";
			return -1;
		}
	}
	/* Up to 3 bytes of padding past size: the caller's zeros. */
	*note_len = hdr + align_up(name_len, 4) + align_up(descsz, 4);
	return 0;
}

void elfcore_layout(struct elfcore *e)
{
	uint64_t at;

	e->note_offset = elfcore_headers_size(e);
	at = align_up(e->note_offset + e->note_len, ELFCORE_ALIGN);
	for (unsigned i = 0; i < e->nr; i++) {
		e->r[i].offset = at;
		at = align_up(at + e->r[i].size, ELFCORE_ALIGN);
	}
	e->size = e->nr ? e->r[e->nr - 1].offset + e->r[e->nr - 1].size : at;
}

size_t elfcore_headers_size(const struct elfcore *e)
{
	return sizeof(Elf64_Ehdr) + (1 + e->nr) * sizeof(Elf64_Phdr);
}

void elfcore_headers(const struct elfcore *e, void *buf)
{
	Elf64_Ehdr eh = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64,
			     ELFDATA2LSB, EV_CURRENT, ELFOSABI_NONE },
		.e_type = ET_CORE,
		.e_machine = EM_X86_64,
		.e_version = EV_CURRENT,
		.e_phoff = sizeof(Elf64_Ehdr),
		.e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr),
		.e_phnum = (Elf64_Half)(1 + e->nr),
	};
	/* Notes first, as in /proc/vmcore: makedumpfile looks there for VMCOREINFO. */
	Elf64_Phdr note = {
		.p_type = PT_NOTE,
		.p_offset = e->note_offset,
		.p_filesz = e->note_len,
		.p_memsz = e->note_len,
	};
	uint8_t *out = buf;

	memcpy(out, &eh, sizeof(eh));
	out += sizeof(eh);
	memcpy(out, &note, sizeof(note));
	out += sizeof(note);
	for (unsigned i = 0; i < e->nr; i++) {
		Elf64_Phdr load = {
			.p_type = PT_LOAD,
			.p_flags = PF_R | PF_W | PF_X,
			.p_offset = e->r[i].offset,
			.p_vaddr = e->page_offset + e->r[i].paddr,
			.p_paddr = e->r[i].paddr,
			.p_filesz = e->r[i].size,
			.p_memsz = e->r[i].size,
		};

		memcpy(out, &load, sizeof(load));
		out += sizeof(load);
	}
}
