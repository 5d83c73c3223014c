/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The mailbox of the raw launcher test payload (payload.S): a few 32-bit
 * words in the shared region, written by mint-launch (node 0) and by the
 * payload on the started core. ESI points to it when the payload starts.
 * Shared by the assembler source and mint-launch.c.
 */
#ifndef MINT_TEST_PAYLOAD_H
#define MINT_TEST_PAYLOAD_H

#define PAYLOAD_MAGIC		0x4d4e5452	/* "RTNM": payload running */
#define PAYLOAD_FAULT_MAGIC	0x4641554c	/* "LUAF": unexpected vector */

/* Byte offsets of the mailbox words. */
#define MB_MAGIC		0	/* out: PAYLOAD_MAGIC, written last */
#define MB_APIC_ID		4	/* out: LAPIC ID register, bits 31:24 */
#define MB_CPUID_APIC_ID	8	/* out: CPUID.1:EBX[31:24] */
#define MB_IPI_COUNT		12	/* out: IPIs taken on MB_VECTOR */
#define MB_FAULT		16	/* out: PAYLOAD_FAULT_MAGIC on a fault */
#define MB_VECTOR		20	/* in: the Mint IPI vector */
/* out: the state the payload was entered in (32-bit boot protocol) */
#define MB_ENTRY_EIP		24	/* its own load address */
#define MB_ENTRY_EBX		28
#define MB_ENTRY_EBP		32
#define MB_ENTRY_EDI		36
#define MB_ENTRY_EFLAGS		40
#define MB_ENTRY_CR0		44
#define MB_ENTRY_CS		48
#define MB_ENTRY_DS		52	/* DS | ES << 16 */
#define MB_ENTRY_SS		56
#define MB_SCRATCH		60	/* a one-word stack for the first call */
#define MB_SIZE			64

#endif
