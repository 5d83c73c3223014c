/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Raw launcher test payload: 32-bit flat code that /dev/mint starts on a
 * core node 0 never brought up, entered as the 32-bit boot protocol says
 * (flat CS/DS, paging and interrupts off) with ESI = the mailbox
 * (payload.h) in the shared region. It:
 *   - reports the APIC ID it reads from its local APIC and from CPUID;
 *   - installs its own GDT and IDT (the launcher's stub page is node 0's);
 *   - enables its local APIC, which INIT left software-disabled, so the
 *     Mint IPI vector counts up MB_IPI_COUNT;
 *   - writes PAYLOAD_MAGIC last, then halts with interrupts on.
 * It is position independent, so mint-launch may load it anywhere in a
 * node's memory.
 */
#include "payload.h"

#define LAPIC_BASE		0xfee00000
#define LAPIC_ID		0x20
#define LAPIC_TPR		0x80
#define LAPIC_EOI		0xb0
#define LAPIC_SVR		0xf0
#define LAPIC_SVR_ENABLE	0x100
#define SPURIOUS_VECTOR		0xff
#define CODE_SEL		0x10
#define DATA_SEL		0x18
#define GATE_INTR32		0x8e00	/* present, DPL 0, 32-bit interrupt gate */

#define OFF(x)			((x) - _start)

	.code32
	.text
	.globl	_start
_start:
	/* Record the entry state first, for the test to check. */
	movl	%ebx, MB_ENTRY_EBX(%esi)
	movl	%ebp, MB_ENTRY_EBP(%esi)
	movl	%edi, MB_ENTRY_EDI(%esi)
	movl	%cr0, %eax
	movl	%eax, MB_ENTRY_CR0(%esi)
	movw	%cs, MB_ENTRY_CS(%esi)
	movw	%ds, MB_ENTRY_DS(%esi)
	movw	%es, MB_ENTRY_DS + 2(%esi)
	movw	%ss, MB_ENTRY_SS(%esi)
	/*
	 * No stack yet: like the kernel's startup_32 with boot_params'
	 * scratch word, use a mailbox word for the calls that read EFLAGS
	 * and find our load address.
	 */
	leal	MB_SCRATCH + 4(%esi), %esp
	pushfl
	popl	MB_ENTRY_EFLAGS(%esi)
	call	1f
1:	popl	%ebx
	subl	$OFF(1b), %ebx		/* %ebx = load address, kept */
	movl	%ebx, MB_ENTRY_EIP(%esi)
	leal	OFF(stack_top)(%ebx), %esp

	leal	OFF(gdt)(%ebx), %eax
	movl	%eax, OFF(gdt_ptr) + 2(%ebx)
	lgdt	OFF(gdt_ptr)(%ebx)
	pushl	$CODE_SEL
	leal	OFF(2f)(%ebx), %eax
	pushl	%eax
	lret
2:	movl	$DATA_SEL, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs

	/* Who am I: the local APIC's view and CPUID's. */
	movl	LAPIC_BASE + LAPIC_ID, %eax
	shrl	$24, %eax
	movl	%eax, MB_APIC_ID(%esi)
	pushl	%ebx
	movl	$1, %eax
	cpuid
	shrl	$24, %ebx
	movl	%ebx, MB_CPUID_APIC_ID(%esi)
	popl	%ebx

	/* Every vector records a fault, but the Mint IPI and the spurious one. */
	leal	OFF(idt)(%ebx), %edi
	leal	OFF(unexpected)(%ebx), %edx
	movl	$256, %ecx
3:	call	set_gate
	addl	$8, %edi
	loop	3b
	movl	MB_VECTOR(%esi), %eax
	andl	$0xff, %eax
	leal	OFF(idt)(%ebx, %eax, 8), %edi
	leal	OFF(mint_ipi)(%ebx), %edx
	call	set_gate
	leal	OFF(idt) + SPURIOUS_VECTOR * 8(%ebx), %edi
	leal	OFF(spurious)(%ebx), %edx
	call	set_gate
	leal	OFF(idt)(%ebx), %eax
	movl	%eax, OFF(idt_ptr) + 2(%ebx)
	lidt	OFF(idt_ptr)(%ebx)

	/* Accept fixed interrupts: software-enable the APIC, lowest TPR. */
	movl	$0, LAPIC_BASE + LAPIC_TPR
	movl	$(LAPIC_SVR_ENABLE | SPURIOUS_VECTOR), LAPIC_BASE + LAPIC_SVR

	movl	$PAYLOAD_MAGIC, MB_MAGIC(%esi)
	sti
4:	hlt
	jmp	4b

/* Fill the interrupt gate at %edi with handler %edx (clobbers %eax). */
set_gate:
	movl	%edx, %eax
	andl	$0xffff, %eax
	orl	$(CODE_SEL << 16), %eax
	movl	%eax, (%edi)
	movl	%edx, %eax
	andl	$0xffff0000, %eax
	orl	$GATE_INTR32, %eax
	movl	%eax, 4(%edi)
	ret

/* %esi still points to the mailbox: the halt loop never changes it. */
mint_ipi:
	lock incl MB_IPI_COUNT(%esi)
	movl	$0, LAPIC_BASE + LAPIC_EOI
	iret

/* A spurious interrupt needs no EOI. */
spurious:
	iret

unexpected:
	movl	$PAYLOAD_FAULT_MAGIC, MB_FAULT(%esi)
	cli
5:	hlt
	jmp	5b

	/* In .data, not .bss: a flat binary only carries what is in the file. */
	.data
	.balign	8
gdt:
	.quad	0
	.quad	0
	.quad	0x00cf9b000000ffff	/* CODE_SEL: 4 GiB flat code */
	.quad	0x00cf93000000ffff	/* DATA_SEL: 4 GiB flat data */
gdt_end:
gdt_ptr:
	.word	gdt_end - gdt - 1
	.long	0
	.balign	8
idt_ptr:
	.word	256 * 8 - 1
	.long	0
	.balign	8
idt:
	.fill	256 * 8, 1, 0
stack:
	.fill	1024, 1, 0
stack_top:
