/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Unit tests of hypervisor/lib/x86-decode.c. A table of real encodings
 * (bytes produced by GNU as 2.40 and checked with objdump -d during
 * development; only the bytes are recorded here) is decoded whole, with
 * trailing garbage and cut short at every byte; each entry also names its
 * expected privileged-op and memory-write class. Further tests check the
 * decoded fields one by one, invalid and over-long encodings, effective
 * addresses, the classifiers' operands and the forced-CPUID signature. A
 * randomized differential test compares lengths with objdump when it is
 * installed (skipped otherwise).
 *
 * Deliberate differences from objdump (-M intel64), which the
 * differential test tolerates by skipping objdump's "(bad)" and bare
 * prefix lines and counting one-sided decodes without failing:
 * - a REX followed by a legacy prefix is ignored and decoding goes on
 *   (objdump prints the REX alone);
 * - 15-byte instructions with 14 prefixes decode (objdump splits them);
 * - VEX/EVEX after 66/F2/F3/F0/REX, 3DNow! (0F 0E, 0F 0F), VIA PadLock
 *   (0F A6, 0F A7) and XOP (8F) are rejected (objdump decodes them);
 * - FWAIT (9B) is one instruction (objdump merges it with a following
 *   x87 instruction, e.g. 9B DD 38 "fstsw");
 * - undefined 0F38/0F3A/VEX/EVEX opcodes and group members decode by
 *   format (objdump says "(bad)").
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vesta/errno.h>
#include <vesta/x86-decode.h>

struct vec {
	const char *text;
	uint8_t len;
	uint8_t priv;		/* enum x86_priv_op */
	uint8_t mw;		/* enum x86_mem_write_op */
	uint8_t bytes[X86_MAX_INSN_LEN];
};

#define P(x) X86_PRIV_##x
#define MW(x) X86_MW_##x
#define V(t, n, p, m, ...) \
	{ .text = (t), .len = (n), .priv = (p), .mw = (m), \
	  .bytes = { __VA_ARGS__ } }

static const struct vec vecs[] = {
	/* legacy prefixes, REX */
	V("nop", 1, P(UNKNOWN), MW(NONE),
	  0x90),
	V("pause", 2, P(UNKNOWN), MW(NONE),
	  0xf3, 0x90),
	V("xchg %ax,%ax", 2, P(UNKNOWN), MW(NONE),
	  0x66, 0x90),
	V("addr32 nop", 2, P(UNKNOWN), MW(NONE),
	  0x67, 0x90),
	V("lock addl $1,(%rax)", 4, P(UNKNOWN), MW(ADD),
	  0xf0, 0x83, 0x00, 0x01),
	V("rep movsb", 2, P(UNKNOWN), MW(NONE),
	  0xf3, 0xa4),
	V("repne scasb", 2, P(UNKNOWN), MW(NONE),
	  0xf2, 0xae),
	V("rep stosq", 3, P(UNKNOWN), MW(STOS),
	  0xf3, 0x48, 0xab),
	V("rep stosb", 2, P(UNKNOWN), MW(STOS),
	  0xf3, 0xaa),
	V("stosl", 1, P(UNKNOWN), MW(STOS),
	  0xab),
	V("cs mov (%rax),%eax", 3, P(UNKNOWN), MW(NONE),
	  0x2e, 0x8b, 0x00),
	V("ss mov (%rax),%eax", 3, P(UNKNOWN), MW(NONE),
	  0x36, 0x8b, 0x00),
	V("ds mov (%rax),%eax", 3, P(UNKNOWN), MW(NONE),
	  0x3e, 0x8b, 0x00),
	V("es mov (%rax),%eax", 3, P(UNKNOWN), MW(NONE),
	  0x26, 0x8b, 0x00),
	V("movq %fs:0x28,%rax", 9, P(UNKNOWN), MW(NONE),
	  0x64, 0x48, 0x8b, 0x04, 0x25, 0x28, 0x00, 0x00, 0x00),
	V("movq %gs:(%rbx),%rcx", 4, P(UNKNOWN), MW(NONE),
	  0x65, 0x48, 0x8b, 0x0b),
	V("data16 data16 xchg %ax,%ax", 4, P(UNKNOWN), MW(NONE),
	  0x66, 0x66, 0x66, 0x90),
	V("data16 cs nopw 0x0(%rax,%rax,1)", 11, P(UNKNOWN), MW(NONE),
	  0x66, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00),
	V("repnz pause", 3, P(UNKNOWN), MW(NONE),
	  0xf2, 0xf3, 0x90),
	V("rex.W 66 mov $0x201,%ax (REX ignored)", 5, P(UNKNOWN), MW(NONE),
	  0x48, 0x66, 0xb8, 0x01, 0x02),
	V("data16 movabs $0x807060504030201,%rax", 11, P(UNKNOWN), MW(NONE),
	  0x66, 0x48, 0xb8, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08),
	V("rex rex.W mov %rax,%rax (last REX)", 4, P(UNKNOWN), MW(NONE),
	  0x40, 0x48, 0x89, 0xc0),
	V("rex.W cs mov %eax,%eax (REX ignored)", 4, P(UNKNOWN), MW(NONE),
	  0x48, 0x2e, 0x89, 0xc0),
	V("data16 crc32 %rax,%rax", 7, P(UNKNOWN), MW(NONE),
	  0x66, 0xf2, 0x48, 0x0f, 0x38, 0xf1, 0xc0),
	V("lock addw $0x302,%gs:0x1(%r8d)", 10, P(UNKNOWN), MW(ADD),
	  0xf0, 0x65, 0x67, 0x66, 0x41, 0x81, 0x40, 0x01, 0x02, 0x03),
	V("14 x data16 xchg %ax,%ax (15 bytes)", 15, P(UNKNOWN), MW(NONE),
	  0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	  0x66, 0x66, 0x66, 0x90),
	V("mov %r8,%r15", 3, P(UNKNOWN), MW(NONE),
	  0x4d, 0x89, 0xc7),
	V("mov %eax,%r9d", 3, P(UNKNOWN), MW(NONE),
	  0x41, 0x89, 0xc1),
	V("mov %sil,%dil", 3, P(UNKNOWN), MW(NONE),
	  0x40, 0x88, 0xf7),
	V("mov %ah,%bh", 2, P(UNKNOWN), MW(NONE),
	  0x88, 0xe7),
	V("movw $0x1234,%r10w", 5, P(UNKNOWN), MW(NONE),
	  0x66, 0x41, 0xba, 0x34, 0x12),
	/* ModRM / SIB / displacement */
	V("mov (%rax),%eax", 2, P(UNKNOWN), MW(NONE),
	  0x8b, 0x00),
	V("mov (%rcx),%eax", 2, P(UNKNOWN), MW(NONE),
	  0x8b, 0x01),
	V("mov (%rsp),%eax", 3, P(UNKNOWN), MW(NONE),
	  0x8b, 0x04, 0x24),
	V("mov (%rbp),%eax", 3, P(UNKNOWN), MW(NONE),
	  0x8b, 0x45, 0x00),
	V("mov (%r12),%eax", 4, P(UNKNOWN), MW(NONE),
	  0x41, 0x8b, 0x04, 0x24),
	V("mov (%r13),%eax", 4, P(UNKNOWN), MW(NONE),
	  0x41, 0x8b, 0x45, 0x00),
	V("mov 8(%rax),%eax", 3, P(UNKNOWN), MW(NONE),
	  0x8b, 0x40, 0x08),
	V("mov -8(%rbp),%eax", 3, P(UNKNOWN), MW(NONE),
	  0x8b, 0x45, 0xf8),
	V("mov 0x12345678(%rax),%eax", 6, P(UNKNOWN), MW(NONE),
	  0x8b, 0x80, 0x78, 0x56, 0x34, 0x12),
	V("mov -0x80000000(%rdx),%eax", 6, P(UNKNOWN), MW(NONE),
	  0x8b, 0x82, 0x00, 0x00, 0x00, 0x80),
	V("mov 0x80(%rdi),%eax", 6, P(UNKNOWN), MW(NONE),
	  0x8b, 0x87, 0x80, 0x00, 0x00, 0x00),
	V("mov (%rax,%rbx),%eax", 3, P(UNKNOWN), MW(NONE),
	  0x8b, 0x04, 0x18),
	V("mov (%rax,%rbx,2),%eax", 3, P(UNKNOWN), MW(NONE),
	  0x8b, 0x04, 0x58),
	V("mov (%rax,%rbx,4),%eax", 3, P(UNKNOWN), MW(NONE),
	  0x8b, 0x04, 0x98),
	V("mov (%rax,%rbx,8),%eax", 3, P(UNKNOWN), MW(NONE),
	  0x8b, 0x04, 0xd8),
	V("mov 0x10(%rsp,%rcx,8),%r11", 5, P(UNKNOWN), MW(NONE),
	  0x4c, 0x8b, 0x5c, 0xcc, 0x10),
	V("mov 0x12345(%r13,%r14,4),%r8", 8, P(UNKNOWN), MW(NONE),
	  0x4f, 0x8b, 0x84, 0xb5, 0x45, 0x23, 0x01, 0x00),
	V("mov (%r8,%r12),%eax", 4, P(UNKNOWN), MW(NONE),
	  0x43, 0x8b, 0x04, 0x20),
	V("mov 0x100(,%rax,4),%ecx", 7, P(UNKNOWN), MW(NONE),
	  0x8b, 0x0c, 0x85, 0x00, 0x01, 0x00, 0x00),
	V("mov 0x100,%ecx", 7, P(UNKNOWN), MW(NONE),
	  0x8b, 0x0c, 0x25, 0x00, 0x01, 0x00, 0x00),
	V("mov    0x12345678(,%riz,8),%eax", 7, P(UNKNOWN), MW(NONE),
	  0x8b, 0x04, 0xe5, 0x78, 0x56, 0x34, 0x12),
	V("mov 0x1000(%rip),%rax", 7, P(UNKNOWN), MW(NONE),
	  0x48, 0x8b, 0x05, 0x00, 0x10, 0x00, 0x00),
	V("mov -0x10(%rip),%rax", 7, P(UNKNOWN), MW(NONE),
	  0x48, 0x8b, 0x05, 0xf0, 0xff, 0xff, 0xff),
	V("mov 0x1000(%eip),%eax", 7, P(UNKNOWN), MW(NONE),
	  0x67, 0x8b, 0x05, 0x00, 0x10, 0x00, 0x00),
	V("addr32 mov (%eax),%ecx", 3, P(UNKNOWN), MW(NONE),
	  0x67, 0x8b, 0x08),
	V("addr32 mov 4(%r8d,%r9d,2),%ecx", 6, P(UNKNOWN), MW(NONE),
	  0x67, 0x43, 0x8b, 0x4c, 0x48, 0x04),
	V("lea 0x10(%rax,%rax,1),%rdx", 5, P(UNKNOWN), MW(NONE),
	  0x48, 0x8d, 0x54, 0x00, 0x10),
	/* immediates */
	V("add $0x12,%al", 2, P(UNKNOWN), MW(NONE),
	  0x04, 0x12),
	V("add $0x1234,%ax", 4, P(UNKNOWN), MW(NONE),
	  0x66, 0x05, 0x34, 0x12),
	V("add $0x12345678,%eax", 5, P(UNKNOWN), MW(NONE),
	  0x05, 0x78, 0x56, 0x34, 0x12),
	V("add $-1,%rax", 4, P(UNKNOWN), MW(NONE),
	  0x48, 0x83, 0xc0, 0xff),
	V("addl $0x7f,(%rbx)", 3, P(UNKNOWN), MW(ADD),
	  0x83, 0x03, 0x7f),
	V("addw $0x7f,(%rbx)", 4, P(UNKNOWN), MW(ADD),
	  0x66, 0x83, 0x03, 0x7f),
	V("addw $0x1234,(%rbx)", 5, P(UNKNOWN), MW(ADD),
	  0x66, 0x81, 0x03, 0x34, 0x12),
	V("addq $0x12345678,(%rbx)", 7, P(UNKNOWN), MW(ADD),
	  0x48, 0x81, 0x03, 0x78, 0x56, 0x34, 0x12),
	V("addb $0x12,(%rbx)", 3, P(UNKNOWN), MW(ADD),
	  0x80, 0x03, 0x12),
	V("push $0x12", 2, P(UNKNOWN), MW(NONE),
	  0x6a, 0x12),
	V("push $0x12345678", 5, P(UNKNOWN), MW(NONE),
	  0x68, 0x78, 0x56, 0x34, 0x12),
	V("pushw $0x1234", 4, P(UNKNOWN), MW(NONE),
	  0x66, 0x68, 0x34, 0x12),
	V("imul $0x12,%eax,%ecx", 3, P(UNKNOWN), MW(NONE),
	  0x6b, 0xc8, 0x12),
	V("imul $0x12345678,%eax,%ecx", 6, P(UNKNOWN), MW(NONE),
	  0x69, 0xc8, 0x78, 0x56, 0x34, 0x12),
	V("imulw $0x1234,%ax,%cx", 5, P(UNKNOWN), MW(NONE),
	  0x66, 0x69, 0xc8, 0x34, 0x12),
	V("mov $0x12,%cl", 2, P(UNKNOWN), MW(NONE),
	  0xb1, 0x12),
	V("mov $0x12345678,%ecx", 5, P(UNKNOWN), MW(NONE),
	  0xb9, 0x78, 0x56, 0x34, 0x12),
	V("movabs $0x123456789abcdef0,%rcx", 10, P(UNKNOWN), MW(NONE),
	  0x48, 0xb9, 0xf0, 0xde, 0xbc, 0x9a, 0x78, 0x56, 0x34, 0x12),
	V("mov $0x1234,%cx", 4, P(UNKNOWN), MW(NONE),
	  0x66, 0xb9, 0x34, 0x12),
	V("movq $-1,%rcx", 7, P(UNKNOWN), MW(NONE),
	  0x48, 0xc7, 0xc1, 0xff, 0xff, 0xff, 0xff),
	V("movl $0x12345678,(%rax)", 6, P(UNKNOWN), MW(MOV),
	  0xc7, 0x00, 0x78, 0x56, 0x34, 0x12),
	V("movq $0x12345678,8(%rax)", 8, P(UNKNOWN), MW(MOV),
	  0x48, 0xc7, 0x40, 0x08, 0x78, 0x56, 0x34, 0x12),
	V("movw $0x1234,(%rax)", 5, P(UNKNOWN), MW(MOV),
	  0x66, 0xc7, 0x00, 0x34, 0x12),
	V("movb $0x12,(%rax)", 3, P(UNKNOWN), MW(MOV),
	  0xc6, 0x00, 0x12),
	V("test $0x12,%al", 2, P(UNKNOWN), MW(NONE),
	  0xa8, 0x12),
	V("test $0x1234,%ax", 4, P(UNKNOWN), MW(NONE),
	  0x66, 0xa9, 0x34, 0x12),
	V("test $0x12345678,%eax", 5, P(UNKNOWN), MW(NONE),
	  0xa9, 0x78, 0x56, 0x34, 0x12),
	V("testb $0x12,(%rax)", 3, P(UNKNOWN), MW(NONE),
	  0xf6, 0x00, 0x12),
	V("testl $0x12345678,(%rax)", 6, P(UNKNOWN), MW(NONE),
	  0xf7, 0x00, 0x78, 0x56, 0x34, 0x12),
	V("testw $0x1234,0x10(%rax)", 6, P(UNKNOWN), MW(NONE),
	  0x66, 0xf7, 0x40, 0x10, 0x34, 0x12),
	V("testq $0x12345678,(%rax)", 7, P(UNKNOWN), MW(NONE),
	  0x48, 0xf7, 0x00, 0x78, 0x56, 0x34, 0x12),
	V("notl (%rax)", 2, P(UNKNOWN), MW(NONE),
	  0xf7, 0x10),
	V("negq %rax", 3, P(UNKNOWN), MW(NONE),
	  0x48, 0xf7, 0xd8),
	V("mull %ecx", 2, P(UNKNOWN), MW(NONE),
	  0xf7, 0xe1),
	V("idivb (%rdx)", 2, P(UNKNOWN), MW(NONE),
	  0xf6, 0x3a),
	V("test   $0x12,%al", 3, P(UNKNOWN), MW(NONE),
	  0xf6, 0xc8, 0x12),
	V("movabs 0x1122334455667788,%al", 9, P(UNKNOWN), MW(NONE),
	  0xa0, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11),
	V("movabs 0x1122334455667788,%eax", 9, P(UNKNOWN), MW(NONE),
	  0xa1, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11),
	V("movabs 0x1122334455667788,%rax", 10, P(UNKNOWN), MW(NONE),
	  0x48, 0xa1, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11),
	V("movabs %al,0x1122334455667788", 9, P(UNKNOWN), MW(MOV),
	  0xa2, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11),
	V("movabs %rax,0x1122334455667788", 10, P(UNKNOWN), MW(MOV),
	  0x48, 0xa3, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11),
	V("addr32 mov 0x12345678,%eax", 6, P(UNKNOWN), MW(NONE),
	  0x67, 0xa1, 0x78, 0x56, 0x34, 0x12),
	V("enter $0x1234,$0x5", 4, P(UNKNOWN), MW(NONE),
	  0xc8, 0x34, 0x12, 0x05),
	V("leave", 1, P(UNKNOWN), MW(NONE),
	  0xc9),
	V("ret", 1, P(UNKNOWN), MW(NONE),
	  0xc3),
	V("ret $0x10", 3, P(UNKNOWN), MW(NONE),
	  0xc2, 0x10, 0x00),
	V("lret", 1, P(UNKNOWN), MW(NONE),
	  0xcb),
	V("lret $0x8", 3, P(UNKNOWN), MW(NONE),
	  0xca, 0x08, 0x00),
	V("rolb $3,(%rax)", 3, P(UNKNOWN), MW(NONE),
	  0xc0, 0x00, 0x03),
	V("shl $5,%rcx", 4, P(UNKNOWN), MW(NONE),
	  0x48, 0xc1, 0xe1, 0x05),
	V("shr %cl,%edx", 2, P(UNKNOWN), MW(NONE),
	  0xd3, 0xea),
	V("sar %eax", 2, P(UNKNOWN), MW(NONE),
	  0xd1, 0xf8),
	V("jmp .+2", 2, P(UNKNOWN), MW(NONE),
	  0xeb, 0x00),
	V("jmp .+0x1000", 5, P(UNKNOWN), MW(NONE),
	  0xe9, 0xfb, 0x0f, 0x00, 0x00),
	V("call .+0x1000", 5, P(UNKNOWN), MW(NONE),
	  0xe8, 0xfb, 0x0f, 0x00, 0x00),
	V("je .+2", 2, P(UNKNOWN), MW(NONE),
	  0x74, 0x00),
	V("jne .+0x1000", 6, P(UNKNOWN), MW(NONE),
	  0x0f, 0x85, 0xfa, 0x0f, 0x00, 0x00),
	V("data16 call 0x6", 6, P(UNKNOWN), MW(NONE),
	  0x66, 0xe8, 0x00, 0x00, 0x00, 0x00),
	V("data16 je 0x7", 7, P(UNKNOWN), MW(NONE),
	  0x66, 0x0f, 0x84, 0x00, 0x00, 0x00, 0x00),
	V("loop .+2", 2, P(UNKNOWN), MW(NONE),
	  0xe2, 0x00),
	V("jrcxz .+2", 2, P(UNKNOWN), MW(NONE),
	  0xe3, 0x00),
	V("xbegin .+0x100", 6, P(UNKNOWN), MW(NONE),
	  0xc7, 0xf8, 0xfa, 0x00, 0x00, 0x00),
	V("xabort $0x12", 3, P(UNKNOWN), MW(NONE),
	  0xc6, 0xf8, 0x12),
	V("shld $4,%eax,%ecx", 4, P(UNKNOWN), MW(NONE),
	  0x0f, 0xa4, 0xc1, 0x04),
	V("shrd $4,%rax,(%rcx)", 5, P(UNKNOWN), MW(NONE),
	  0x48, 0x0f, 0xac, 0x01, 0x04),
	V("pshufd $0x1b,%xmm1,%xmm2", 5, P(UNKNOWN), MW(NONE),
	  0x66, 0x0f, 0x70, 0xd1, 0x1b),
	V("pshufw $0x1b,%mm1,%mm2", 4, P(UNKNOWN), MW(NONE),
	  0x0f, 0x70, 0xd1, 0x1b),
	V("psrlq $4,%xmm3", 5, P(UNKNOWN), MW(NONE),
	  0x66, 0x0f, 0x73, 0xd3, 0x04),
	V("cmpps $1,%xmm1,%xmm2", 4, P(UNKNOWN), MW(NONE),
	  0x0f, 0xc2, 0xd1, 0x01),
	V("pinsrw $2,%eax,%xmm1", 5, P(UNKNOWN), MW(NONE),
	  0x66, 0x0f, 0xc4, 0xc8, 0x02),
	V("pextrw $2,%xmm1,%eax", 5, P(UNKNOWN), MW(NONE),
	  0x66, 0x0f, 0xc5, 0xc1, 0x02),
	V("shufpd $1,%xmm1,%xmm2", 5, P(UNKNOWN), MW(NONE),
	  0x66, 0x0f, 0xc6, 0xd1, 0x01),
	V("palignr $4,%xmm1,%xmm2", 6, P(UNKNOWN), MW(NONE),
	  0x66, 0x0f, 0x3a, 0x0f, 0xd1, 0x04),
	V("roundsd $4,0x10(%rip),%xmm2", 10, P(UNKNOWN), MW(NONE),
	  0x66, 0x0f, 0x3a, 0x0b, 0x15, 0x10, 0x00, 0x00, 0x00, 0x04),
	V("pshufb %xmm1,%xmm2", 5, P(UNKNOWN), MW(NONE),
	  0x66, 0x0f, 0x38, 0x00, 0xd1),
	V("crc32b %al,%ecx", 5, P(UNKNOWN), MW(NONE),
	  0xf2, 0x0f, 0x38, 0xf0, 0xc8),
	V("movbe (%rax),%ecx", 4, P(UNKNOWN), MW(NONE),
	  0x0f, 0x38, 0xf0, 0x08),
	V("extrq $4,$8,%xmm1", 6, P(UNKNOWN), MW(NONE),
	  0x66, 0x0f, 0x78, 0xc1, 0x08, 0x04),
	V("insertq $4,$8,%xmm1,%xmm2", 6, P(UNKNOWN), MW(NONE),
	  0xf2, 0x0f, 0x78, 0xd1, 0x08, 0x04),
	V("popcnt %eax,%ecx", 4, P(UNKNOWN), MW(NONE),
	  0xf3, 0x0f, 0xb8, 0xc8),
	V("lzcnt %rax,%rcx", 5, P(UNKNOWN), MW(NONE),
	  0xf3, 0x48, 0x0f, 0xbd, 0xc8),
	V("tzcnt %ax,%cx", 5, P(UNKNOWN), MW(NONE),
	  0x66, 0xf3, 0x0f, 0xbc, 0xc8),
	V("movzbl (%rax),%ecx", 3, P(UNKNOWN), MW(NONE),
	  0x0f, 0xb6, 0x08),
	V("movsbq %al,%rcx", 4, P(UNKNOWN), MW(NONE),
	  0x48, 0x0f, 0xbe, 0xc8),
	V("movswl %ax,%ecx", 3, P(UNKNOWN), MW(NONE),
	  0x0f, 0xbf, 0xc8),
	V("movslq %eax,%rcx", 3, P(UNKNOWN), MW(NONE),
	  0x48, 0x63, 0xc8),
	V("cmovne %ecx,%edx", 3, P(UNKNOWN), MW(NONE),
	  0x0f, 0x45, 0xd1),
	V("sete %al", 3, P(UNKNOWN), MW(NONE),
	  0x0f, 0x94, 0xc0),
	V("bswap %r9", 3, P(UNKNOWN), MW(NONE),
	  0x49, 0x0f, 0xc9),
	V("push %rax", 1, P(UNKNOWN), MW(NONE),
	  0x50),
	V("push %r12", 2, P(UNKNOWN), MW(NONE),
	  0x41, 0x54),
	V("pop %rbx", 1, P(UNKNOWN), MW(NONE),
	  0x5b),
	V("pushw %ax", 2, P(UNKNOWN), MW(NONE),
	  0x66, 0x50),
	V("push %fs", 2, P(UNKNOWN), MW(NONE),
	  0x0f, 0xa0),
	V("pop %gs", 2, P(UNKNOWN), MW(NONE),
	  0x0f, 0xa9),
	V("pushq (%rax)", 2, P(UNKNOWN), MW(NONE),
	  0xff, 0x30),
	V("pushw (%rax)", 3, P(UNKNOWN), MW(NONE),
	  0x66, 0xff, 0x30),
	V("popq (%rax)", 2, P(UNKNOWN), MW(NONE),
	  0x8f, 0x00),
	V("call *%rax", 2, P(UNKNOWN), MW(NONE),
	  0xff, 0xd0),
	V("call *(%rax)", 2, P(UNKNOWN), MW(NONE),
	  0xff, 0x10),
	V("jmp *0x10(%rip)", 6, P(UNKNOWN), MW(NONE),
	  0xff, 0x25, 0x10, 0x00, 0x00, 0x00),
	V("lcall *(%rax)", 2, P(UNKNOWN), MW(NONE),
	  0xff, 0x18),
	V("ljmp *(%rax)", 2, P(UNKNOWN), MW(NONE),
	  0xff, 0x28),
	V("xlat", 1, P(UNKNOWN), MW(NONE),
	  0xd7),
	V("cwtl", 1, P(UNKNOWN), MW(NONE),
	  0x98),
	V("cqto", 2, P(UNKNOWN), MW(NONE),
	  0x48, 0x99),
	V("in $0x60,%al", 2, P(IN_IMM), MW(NONE),
	  0xe4, 0x60),
	V("in $0x71,%eax", 2, P(IN_IMM), MW(NONE),
	  0xe5, 0x71),
	V("in $0x71,%ax", 3, P(IN_IMM), MW(NONE),
	  0x66, 0xe5, 0x71),
	V("in (%dx),%al", 1, P(IN_DX), MW(NONE),
	  0xec),
	V("in (%dx),%ax", 2, P(IN_DX), MW(NONE),
	  0x66, 0xed),
	V("in (%dx),%eax", 1, P(IN_DX), MW(NONE),
	  0xed),
	V("out %al,$0x80", 2, P(OUT_IMM), MW(NONE),
	  0xe6, 0x80),
	V("out %eax,$0x80", 2, P(OUT_IMM), MW(NONE),
	  0xe7, 0x80),
	V("out %al,(%dx)", 1, P(OUT_DX), MW(NONE),
	  0xee),
	V("out %ax,(%dx)", 2, P(OUT_DX), MW(NONE),
	  0x66, 0xef),
	V("out %eax,(%dx)", 1, P(OUT_DX), MW(NONE),
	  0xef),
	V("insb (%dx),%es:(%rdi)", 1, P(INS), MW(NONE),
	  0x6c),
	V("insw (%dx),%es:(%rdi)", 2, P(INS), MW(NONE),
	  0x66, 0x6d),
	V("rep insl (%dx),%es:(%rdi)", 2, P(INS), MW(NONE),
	  0xf3, 0x6d),
	V("outsb %ds:(%rsi),(%dx)", 1, P(OUTS), MW(NONE),
	  0x6e),
	V("rep outsw %ds:(%rsi),(%dx)", 3, P(OUTS), MW(NONE),
	  0x66, 0xf3, 0x6f),
	V("outsl %fs:(%rsi),(%dx)", 2, P(OUTS), MW(NONE),
	  0x64, 0x6f),
	V("cpuid", 2, P(CPUID), MW(NONE),
	  0x0f, 0xa2),
	V("rdmsr", 2, P(RDMSR), MW(NONE),
	  0x0f, 0x32),
	V("wrmsr", 2, P(WRMSR), MW(NONE),
	  0x0f, 0x30),
	V("rdtsc", 2, P(RDTSC), MW(NONE),
	  0x0f, 0x31),
	V("rdtscp", 3, P(RDTSCP), MW(NONE),
	  0x0f, 0x01, 0xf9),
	V("rdpmc", 2, P(RDPMC), MW(NONE),
	  0x0f, 0x33),
	V("mov %cr0,%rax", 3, P(MOV_FROM_CR), MW(NONE),
	  0x0f, 0x20, 0xc0),
	V("mov %cr3,%r10", 4, P(MOV_FROM_CR), MW(NONE),
	  0x41, 0x0f, 0x20, 0xda),
	V("mov %cr4,%rcx", 3, P(MOV_FROM_CR), MW(NONE),
	  0x0f, 0x20, 0xe1),
	V("mov %cr8,%rax", 4, P(MOV_FROM_CR), MW(NONE),
	  0x44, 0x0f, 0x20, 0xc0),
	V("mov %rax,%cr0", 3, P(MOV_TO_CR), MW(NONE),
	  0x0f, 0x22, 0xc0),
	V("mov %rdx,%cr4", 3, P(MOV_TO_CR), MW(NONE),
	  0x0f, 0x22, 0xe2),
	V("mov %r9,%cr3", 4, P(MOV_TO_CR), MW(NONE),
	  0x41, 0x0f, 0x22, 0xd9),
	V("mov %db7,%rax", 3, P(MOV_FROM_DR), MW(NONE),
	  0x0f, 0x21, 0xf8),
	V("mov %db6,%r11", 4, P(MOV_FROM_DR), MW(NONE),
	  0x41, 0x0f, 0x21, 0xf3),
	V("mov %rax,%db0", 3, P(MOV_TO_DR), MW(NONE),
	  0x0f, 0x23, 0xc0),
	V("mov %rcx,%db7", 3, P(MOV_TO_DR), MW(NONE),
	  0x0f, 0x23, 0xf9),
	V("mov    %cr0,%rax", 3, P(MOV_FROM_CR), MW(NONE),
	  0x0f, 0x20, 0x00),
	V("mov    %rbp,%cr4", 3, P(MOV_TO_CR), MW(NONE),
	  0x0f, 0x22, 0x65),
	V("clts", 2, P(CLTS), MW(NONE),
	  0x0f, 0x06),
	V("hlt", 1, P(HLT), MW(NONE),
	  0xf4),
	V("xsetbv", 3, P(XSETBV), MW(NONE),
	  0x0f, 0x01, 0xd1),
	V("xgetbv", 3, P(UNKNOWN), MW(NONE),
	  0x0f, 0x01, 0xd0),
	V("wbinvd", 2, P(WBINVD), MW(NONE),
	  0x0f, 0x09),
	V("wbnoinvd", 3, P(WBINVD), MW(NONE),
	  0xf3, 0x0f, 0x09),
	V("invd", 2, P(INVD), MW(NONE),
	  0x0f, 0x08),
	V("invlpg (%rax)", 3, P(INVLPG), MW(NONE),
	  0x0f, 0x01, 0x38),
	V("invlpg 0x10(%rdi,%rcx,8)", 5, P(INVLPG), MW(NONE),
	  0x0f, 0x01, 0x7c, 0xcf, 0x10),
	V("invlpg %gs:0x10", 9, P(INVLPG), MW(NONE),
	  0x65, 0x0f, 0x01, 0x3c, 0x25, 0x10, 0x00, 0x00, 0x00),
	V("lmsw %ax", 3, P(LMSW), MW(NONE),
	  0x0f, 0x01, 0xf0),
	V("lmsw (%rax)", 3, P(LMSW), MW(NONE),
	  0x0f, 0x01, 0x30),
	V("smsw %eax", 3, P(SMSW), MW(NONE),
	  0x0f, 0x01, 0xe0),
	V("smsw (%rax)", 3, P(SMSW), MW(NONE),
	  0x0f, 0x01, 0x20),
	V("int $0x80", 2, P(INT_N), MW(NONE),
	  0xcd, 0x80),
	V("int $0x82", 2, P(INT_N), MW(NONE),
	  0xcd, 0x82),
	V("int3", 1, P(INT3), MW(NONE),
	  0xcc),
	V("int1", 1, P(INT1), MW(NONE),
	  0xf1),
	V("cli", 1, P(CLI), MW(NONE),
	  0xfa),
	V("sti", 1, P(STI), MW(NONE),
	  0xfb),
	V("pushf", 1, P(PUSHF), MW(NONE),
	  0x9c),
	V("popf", 1, P(POPF), MW(NONE),
	  0x9d),
	V("pushfw", 2, P(PUSHF), MW(NONE),
	  0x66, 0x9c),
	V("iretq", 2, P(IRET), MW(NONE),
	  0x48, 0xcf),
	V("iret", 1, P(IRET), MW(NONE),
	  0xcf),
	V("iretw", 2, P(IRET), MW(NONE),
	  0x66, 0xcf),
	V("swapgs", 3, P(SWAPGS), MW(NONE),
	  0x0f, 0x01, 0xf8),
	V("lgdt (%rax)", 3, P(OTHER), MW(NONE),
	  0x0f, 0x01, 0x10),
	V("lidt 0x10(%rax)", 4, P(OTHER), MW(NONE),
	  0x0f, 0x01, 0x58, 0x10),
	V("lldt %ax", 3, P(OTHER), MW(NONE),
	  0x0f, 0x00, 0xd0),
	V("ltr %ax", 3, P(OTHER), MW(NONE),
	  0x0f, 0x00, 0xd8),
	V("lldt (%rax)", 3, P(OTHER), MW(NONE),
	  0x0f, 0x00, 0x10),
	V("sgdt (%rax)", 3, P(STORE_DESC), MW(NONE),
	  0x0f, 0x01, 0x00),
	V("sidt (%rax)", 3, P(STORE_DESC), MW(NONE),
	  0x0f, 0x01, 0x08),
	V("sldt %eax", 3, P(STORE_DESC), MW(NONE),
	  0x0f, 0x00, 0xc0),
	V("str %eax", 3, P(STORE_DESC), MW(NONE),
	  0x0f, 0x00, 0xc8),
	V("monitor", 3, P(OTHER), MW(NONE),
	  0x0f, 0x01, 0xc8),
	V("mwait", 3, P(OTHER), MW(NONE),
	  0x0f, 0x01, 0xc9),
	V("clac", 3, P(OTHER), MW(NONE),
	  0x0f, 0x01, 0xca),
	V("stac", 3, P(OTHER), MW(NONE),
	  0x0f, 0x01, 0xcb),
	V("sysretq", 3, P(OTHER), MW(NONE),
	  0x48, 0x0f, 0x07),
	V("sysexit", 2, P(OTHER), MW(NONE),
	  0x0f, 0x35),
	V("invpcid (%rax),%rcx", 5, P(OTHER), MW(NONE),
	  0x66, 0x0f, 0x38, 0x82, 0x08),
	V("vmcall", 3, P(OTHER), MW(NONE),
	  0x0f, 0x01, 0xc1),
	V("vmmcall", 3, P(OTHER), MW(NONE),
	  0x0f, 0x01, 0xd9),
	V("vmread %rax,(%rcx)", 3, P(OTHER), MW(NONE),
	  0x0f, 0x78, 0x01),
	V("verr %ax", 3, P(UNKNOWN), MW(NONE),
	  0x0f, 0x00, 0xe0),
	V("rdfsbase %rax", 5, P(UNKNOWN), MW(NONE),
	  0xf3, 0x48, 0x0f, 0xae, 0xc0),
	V("wrgsbase %rcx", 5, P(UNKNOWN), MW(NONE),
	  0xf3, 0x48, 0x0f, 0xae, 0xd9),
	V("syscall", 2, P(UNKNOWN), MW(NONE),
	  0x0f, 0x05),
	V("sysenter", 2, P(UNKNOWN), MW(NONE),
	  0x0f, 0x34),
	V("ud2", 2, P(UNKNOWN), MW(NONE),
	  0x0f, 0x0b),
	V("ud1 %eax,%ecx", 3, P(UNKNOWN), MW(NONE),
	  0x0f, 0xb9, 0xc8),
	V("ud0 %eax,%ecx", 3, P(UNKNOWN), MW(NONE),
	  0x0f, 0xff, 0xc8),
	V("rdrand %eax", 3, P(UNKNOWN), MW(NONE),
	  0x0f, 0xc7, 0xf0),
	V("rdpid %rax", 4, P(UNKNOWN), MW(NONE),
	  0xf3, 0x0f, 0xc7, 0xf8),
	V("endbr64", 4, P(UNKNOWN), MW(NONE),
	  0xf3, 0x0f, 0x1e, 0xfa),
	V("mfence", 3, P(UNKNOWN), MW(NONE),
	  0x0f, 0xae, 0xf0),
	V("clflush (%rax)", 3, P(UNKNOWN), MW(NONE),
	  0x0f, 0xae, 0x38),
	V("xsave (%rcx)", 3, P(UNKNOWN), MW(NONE),
	  0x0f, 0xae, 0x21),
	V("fxrstor64 (%rdx)", 4, P(UNKNOWN), MW(NONE),
	  0x48, 0x0f, 0xae, 0x0a),
	V("prefetchnta (%rax)", 3, P(UNKNOWN), MW(NONE),
	  0x0f, 0x18, 0x00),
	V("fldt (%rax)", 2, P(UNKNOWN), MW(NONE),
	  0xdb, 0x28),
	V("fstp %st(1)", 2, P(UNKNOWN), MW(NONE),
	  0xdd, 0xd9),
	V("faddp", 2, P(UNKNOWN), MW(NONE),
	  0xde, 0xc1),
	V("fnstsw %ax", 2, P(UNKNOWN), MW(NONE),
	  0xdf, 0xe0),
	/* memory writes */
	V("mov %eax,(%rbx)", 2, P(UNKNOWN), MW(MOV),
	  0x89, 0x03),
	V("mov %al,(%rbx)", 2, P(UNKNOWN), MW(MOV),
	  0x88, 0x03),
	V("mov %ah,(%rbx)", 2, P(UNKNOWN), MW(MOV),
	  0x88, 0x23),
	V("mov %dil,(%rbx)", 3, P(UNKNOWN), MW(MOV),
	  0x40, 0x88, 0x3b),
	V("mov %r11,0x8(%rbx,%rcx,8)", 5, P(UNKNOWN), MW(MOV),
	  0x4c, 0x89, 0x5c, 0xcb, 0x08),
	V("mov %ax,(%rbx)", 3, P(UNKNOWN), MW(MOV),
	  0x66, 0x89, 0x03),
	V("movq $0,(%rdi)", 7, P(UNKNOWN), MW(MOV),
	  0x48, 0xc7, 0x07, 0x00, 0x00, 0x00, 0x00),
	V("xchg %rax,(%rdi)", 3, P(UNKNOWN), MW(XCHG),
	  0x48, 0x87, 0x07),
	V("lock xchg %rax,(%rdi)", 4, P(UNKNOWN), MW(XCHG),
	  0xf0, 0x48, 0x87, 0x07),
	V("xchg %cl,(%rdi)", 2, P(UNKNOWN), MW(XCHG),
	  0x86, 0x0f),
	V("xchg %ax,(%rdi)", 3, P(UNKNOWN), MW(XCHG),
	  0x66, 0x87, 0x07),
	V("lock cmpxchg %rcx,(%rdi)", 5, P(UNKNOWN), MW(CMPXCHG),
	  0xf0, 0x48, 0x0f, 0xb1, 0x0f),
	V("lock cmpxchg %cl,(%rdi)", 4, P(UNKNOWN), MW(CMPXCHG),
	  0xf0, 0x0f, 0xb0, 0x0f),
	V("cmpxchg %ecx,(%rdi)", 3, P(UNKNOWN), MW(CMPXCHG),
	  0x0f, 0xb1, 0x0f),
	V("lock cmpxchg8b (%rdi)", 4, P(UNKNOWN), MW(CMPXCHG8B),
	  0xf0, 0x0f, 0xc7, 0x0f),
	V("lock cmpxchg16b (%rdi)", 5, P(UNKNOWN), MW(CMPXCHG16B),
	  0xf0, 0x48, 0x0f, 0xc7, 0x0f),
	V("lock andb $0xfd,(%rdi)", 4, P(UNKNOWN), MW(AND),
	  0xf0, 0x80, 0x27, 0xfd),
	V("lock andq $-3,(%rdi)", 5, P(UNKNOWN), MW(AND),
	  0xf0, 0x48, 0x83, 0x27, 0xfd),
	V("lock andl $0xfffff000,(%rdi)", 7, P(UNKNOWN), MW(AND),
	  0xf0, 0x81, 0x27, 0x00, 0xf0, 0xff, 0xff),
	V("andq %rax,(%rdi)", 3, P(UNKNOWN), MW(AND),
	  0x48, 0x21, 0x07),
	V("andb %al,(%rdi)", 2, P(UNKNOWN), MW(AND),
	  0x20, 0x07),
	V("lock orq $2,(%rdi)", 5, P(UNKNOWN), MW(OR),
	  0xf0, 0x48, 0x83, 0x0f, 0x02),
	V("orq %rax,(%rdi)", 3, P(UNKNOWN), MW(OR),
	  0x48, 0x09, 0x07),
	V("orb %ch,(%rdi)", 2, P(UNKNOWN), MW(OR),
	  0x08, 0x2f),
	V("lock orl $0x12345678,(%rdi)", 7, P(UNKNOWN), MW(OR),
	  0xf0, 0x81, 0x0f, 0x78, 0x56, 0x34, 0x12),
	V("xorq %rax,(%rdi)", 3, P(UNKNOWN), MW(XOR),
	  0x48, 0x31, 0x07),
	V("xorl $0x40,(%rdi)", 3, P(UNKNOWN), MW(XOR),
	  0x83, 0x37, 0x40),
	V("xorb $0x40,(%rdi)", 3, P(UNKNOWN), MW(XOR),
	  0x80, 0x37, 0x40),
	V("addq %rax,(%rdi)", 3, P(UNKNOWN), MW(ADD),
	  0x48, 0x01, 0x07),
	V("addb %al,(%rdi)", 2, P(UNKNOWN), MW(ADD),
	  0x00, 0x07),
	V("subq %rax,(%rdi)", 3, P(UNKNOWN), MW(SUB),
	  0x48, 0x29, 0x07),
	V("subq $1,(%rdi)", 4, P(UNKNOWN), MW(SUB),
	  0x48, 0x83, 0x2f, 0x01),
	V("subb $1,(%rdi)", 3, P(UNKNOWN), MW(SUB),
	  0x80, 0x2f, 0x01),
	V("lock btrq $5,(%rdi)", 6, P(UNKNOWN), MW(BTR),
	  0xf0, 0x48, 0x0f, 0xba, 0x37, 0x05),
	V("lock btsq $1,(%rdi)", 6, P(UNKNOWN), MW(BTS),
	  0xf0, 0x48, 0x0f, 0xba, 0x2f, 0x01),
	V("btcl $63,(%rdi)", 4, P(UNKNOWN), MW(BTC),
	  0x0f, 0xba, 0x3f, 0x3f),
	V("lock btr %rax,(%rdi)", 5, P(UNKNOWN), MW(BTR),
	  0xf0, 0x48, 0x0f, 0xb3, 0x07),
	V("bts %eax,(%rdi)", 3, P(UNKNOWN), MW(BTS),
	  0x0f, 0xab, 0x07),
	V("btc %ax,(%rdi)", 4, P(UNKNOWN), MW(BTC),
	  0x66, 0x0f, 0xbb, 0x07),
	V("bt %rax,(%rdi)", 4, P(UNKNOWN), MW(NONE),
	  0x48, 0x0f, 0xa3, 0x07),
	V("btq $3,(%rdi)", 5, P(UNKNOWN), MW(NONE),
	  0x48, 0x0f, 0xba, 0x27, 0x03),
	V("incq (%rdi)", 3, P(UNKNOWN), MW(INC),
	  0x48, 0xff, 0x07),
	V("lock incl (%rdi)", 3, P(UNKNOWN), MW(INC),
	  0xf0, 0xff, 0x07),
	V("incb (%rdi)", 2, P(UNKNOWN), MW(INC),
	  0xfe, 0x07),
	V("decq (%rdi)", 3, P(UNKNOWN), MW(DEC),
	  0x48, 0xff, 0x0f),
	V("lock decb (%rdi)", 3, P(UNKNOWN), MW(DEC),
	  0xf0, 0xfe, 0x0f),
	V("movnti %rax,(%rdi)", 4, P(UNKNOWN), MW(MOVNTI),
	  0x48, 0x0f, 0xc3, 0x07),
	V("movnti %eax,(%rdi)", 3, P(UNKNOWN), MW(MOVNTI),
	  0x0f, 0xc3, 0x07),
	V("adcq %rax,(%rdi)", 3, P(UNKNOWN), MW(NONE),
	  0x48, 0x11, 0x07),
	V("sbbq $1,(%rdi)", 4, P(UNKNOWN), MW(NONE),
	  0x48, 0x83, 0x1f, 0x01),
	V("cmpq %rax,(%rdi)", 3, P(UNKNOWN), MW(NONE),
	  0x48, 0x39, 0x07),
	V("cmpb $1,(%rdi)", 3, P(UNKNOWN), MW(NONE),
	  0x80, 0x3f, 0x01),
	V("mov (%rdi),%rax", 3, P(UNKNOWN), MW(NONE),
	  0x48, 0x8b, 0x07),
	V("xadd %rax,(%rdi)", 4, P(UNKNOWN), MW(NONE),
	  0x48, 0x0f, 0xc1, 0x07),
	V("add %eax,%ecx", 2, P(UNKNOWN), MW(NONE),
	  0x01, 0xc1),
	V("andb $0xfd,%al", 2, P(UNKNOWN), MW(NONE),
	  0x24, 0xfd),
	V("incq %rax", 3, P(UNKNOWN), MW(NONE),
	  0x48, 0xff, 0xc0),
	V("xchg %rax,%rcx", 2, P(UNKNOWN), MW(NONE),
	  0x48, 0x91),
	/* VEX / EVEX */
	V("vzeroupper", 3, P(UNKNOWN), MW(NONE),
	  0xc5, 0xf8, 0x77),
	V("vzeroall", 3, P(UNKNOWN), MW(NONE),
	  0xc5, 0xfc, 0x77),
	V("vaddps %ymm1,%ymm2,%ymm3", 4, P(UNKNOWN), MW(NONE),
	  0xc5, 0xec, 0x58, 0xd9),
	V("vmovdqu (%rax),%ymm0", 4, P(UNKNOWN), MW(NONE),
	  0xc5, 0xfe, 0x6f, 0x00),
	V("vmovdqu %ymm0,0x100(%rax,%rbx,4)", 9, P(UNKNOWN), MW(NONE),
	  0xc5, 0xfe, 0x7f, 0x84, 0x98, 0x00, 0x01, 0x00, 0x00),
	V("vpshufd $0x1b,%xmm1,%xmm2", 5, P(UNKNOWN), MW(NONE),
	  0xc5, 0xf9, 0x70, 0xd1, 0x1b),
	V("vcmpps $1,%ymm1,%ymm2,%ymm3", 5, P(UNKNOWN), MW(NONE),
	  0xc5, 0xec, 0xc2, 0xd9, 0x01),
	V("vbroadcastss %xmm0,%ymm1", 5, P(UNKNOWN), MW(NONE),
	  0xc4, 0xe2, 0x7d, 0x18, 0xc8),
	V("vpermq $0x4e,%ymm1,%ymm2", 6, P(UNKNOWN), MW(NONE),
	  0xc4, 0xe3, 0xfd, 0x00, 0xd1, 0x4e),
	V("vpalignr $4,%xmm1,%xmm2,%xmm3", 6, P(UNKNOWN), MW(NONE),
	  0xc4, 0xe3, 0x69, 0x0f, 0xd9, 0x04),
	V("andn %rax,%rbx,%rcx", 5, P(UNKNOWN), MW(NONE),
	  0xc4, 0xe2, 0xe0, 0xf2, 0xc8),
	V("bextr %eax,(%rbx),%ecx", 5, P(UNKNOWN), MW(NONE),
	  0xc4, 0xe2, 0x78, 0xf7, 0x0b),
	V("rorx $5,%rax,%rbx", 6, P(UNKNOWN), MW(NONE),
	  0xc4, 0xe3, 0xfb, 0xf0, 0xd8, 0x05),
	V("vmovdqu64 %zmm1,%zmm2", 6, P(UNKNOWN), MW(NONE),
	  0x62, 0xf1, 0xfe, 0x48, 0x6f, 0xd1),
	V("vaddps %zmm1,%zmm2,%zmm3{%k1}{z}", 6, P(UNKNOWN), MW(NONE),
	  0x62, 0xf1, 0x6c, 0xc9, 0x58, 0xd9),
	V("vmovups 0x40(%rax),%zmm0", 7, P(UNKNOWN), MW(NONE),
	  0x62, 0xf1, 0x7c, 0x48, 0x10, 0x40, 0x01),
	V("vpternlogd $0x96,%zmm1,%zmm2,%zmm3", 7, P(UNKNOWN), MW(NONE),
	  0x62, 0xf3, 0x6d, 0x48, 0x25, 0xd9, 0x96),
	V("vcmpps $1,%zmm1,%zmm2,%k1", 7, P(UNKNOWN), MW(NONE),
	  0x62, 0xf1, 0x6c, 0x48, 0xc2, 0xc9, 0x01),
	V("vaddph %zmm1,%zmm2,%zmm3", 6, P(UNKNOWN), MW(NONE),
	  0x62, 0xf5, 0x6c, 0x48, 0x58, 0xd9),
	V("vfmadd132ph %zmm1,%zmm2,%zmm3", 6, P(UNKNOWN), MW(NONE),
	  0x62, 0xf6, 0x6d, 0x48, 0x98, 0xd9),
	V("vpgatherdd (%rax,%zmm1,4),%zmm2{%k1}", 7, P(UNKNOWN), MW(NONE),
	  0x62, 0xf2, 0x7d, 0x49, 0x90, 0x14, 0x88),
};
#define NR_VECS (sizeof(vecs) / sizeof(vecs[0]))

static void decode_vec(const struct vec *v)
{
	struct x86_insn in, again;
	uint8_t buf[32];
	int rc;

	rc = x86_decode(v->bytes, v->len, &in);
	if (rc)
		fail_msg("%s: rc %d", v->text, rc);
	if (in.len != v->len)
		fail_msg("%s: len %u, want %u", v->text, in.len, v->len);
	if (x86_classify_priv(&in) != v->priv)
		fail_msg("%s: priv %d, want %u", v->text,
			 x86_classify_priv(&in), v->priv);
	if (x86_classify_mem_write(&in) != v->mw)
		fail_msg("%s: mem write %d, want %u", v->text,
			 x86_classify_mem_write(&in), v->mw);
	/* Trailing bytes never change the result. */
	memset(buf, 0x0f, sizeof(buf));
	memcpy(buf, v->bytes, v->len);
	assert_int_equal(x86_decode(buf, sizeof(buf), &again), 0);
	assert_memory_equal(&in, &again, sizeof(in));
	/* Every proper prefix asks for more bytes, never a wrong success. */
	for (size_t n = 0; n < v->len; n++) {
		rc = x86_decode(v->bytes, n, &again);
		if (rc != -EAGAIN)
			fail_msg("%s cut to %zu: rc %d", v->text, n, rc);
		assert_int_equal(again.len, 0);
	}
}

static void test_table(void **state)
{
	(void)state;
	assert_true(NR_VECS >= 150);
	for (size_t i = 0; i < NR_VECS; i++)
		decode_vec(&vecs[i]);
}

#define BYTES(...) (const uint8_t[]){ __VA_ARGS__ }, \
	sizeof((const uint8_t[]){ __VA_ARGS__ })

static struct x86_insn decode_ok(const uint8_t *b, size_t n)
{
	struct x86_insn in;

	assert_int_equal(x86_decode(b, n, &in), 0);
	assert_int_equal(in.len, n);
	return in;
}

static void test_prefix_fields(void **state)
{
	struct x86_insn in;

	(void)state;
	/* lock gs addr32 data16 REX.B add $0x302,%gs:0x1(%r8d) */
	in = decode_ok(BYTES(0xf0, 0x65, 0x67, 0x66, 0x41, 0x81, 0x40, 0x01,
			     0x02, 0x03));
	assert_true(in.has_lock && in.has_adsize && in.has_opsize);
	assert_false(in.has_rep || in.has_repne);
	assert_int_equal(in.seg, X86_SEG_GS);
	assert_int_equal(in.nr_prefixes, 5);
	assert_int_equal(in.rex, 0x41);
	assert_true(in.rex_b && !in.rex_w && !in.rex_r && !in.rex_x);
	assert_int_equal(in.op_size, 2);
	assert_int_equal(in.addr_size, 4);
	assert_int_equal(in.base, 8);
	assert_int_equal(in.disp, 1);
	assert_int_equal(in.imm, 0x302);
	assert_int_equal(in.imm_size, 2);

	/* The last segment override and the last of F2/F3 count. */
	in = decode_ok(BYTES(0x2e, 0x3e, 0x64, 0xf3, 0xf2, 0x90));
	assert_int_equal(in.seg, X86_SEG_FS);
	assert_true(in.has_rep && in.has_repne);
	assert_int_equal(in.last_rep, 0xf2);
	in = decode_ok(BYTES(0x90));
	assert_int_equal(in.seg, X86_SEG_NONE);
	assert_int_equal(in.last_rep, 0);
	assert_int_equal(in.base, X86_REG_NONE);
	assert_int_equal(in.index, X86_REG_NONE);

	/* REX then a legacy prefix: REX ignored, 66 gives imm16. */
	in = decode_ok(BYTES(0x48, 0x66, 0xb8, 0x01, 0x02));
	assert_int_equal(in.rex, 0);
	assert_false(in.rex_w);
	assert_int_equal(in.op_size, 2);
	assert_int_equal(in.imm, 0x201);
	/* REX.W beats 66: imm64. */
	in = decode_ok(BYTES(0x66, 0x48, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8));
	assert_int_equal(in.op_size, 8);
	assert_int_equal(in.imm_size, 8);
	assert_int_equal(in.imm, 0x0807060504030201);
	/* Two REX: only the one before the opcode counts. */
	in = decode_ok(BYTES(0x4f, 0x40, 0x89, 0xc0));
	assert_int_equal(in.rex, 0x40);
	assert_int_equal(in.rm, 0);
	assert_int_equal(in.op_size, 4);
	/* 14 prefixes plus a one-byte opcode is a legal 15 bytes. */
	in = decode_ok(BYTES(0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
			     0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x90));
	assert_int_equal(in.nr_prefixes, 14);
}

static void test_modrm_fields(void **state)
{
	struct x86_insn in;

	(void)state;
	/* mov %fs:0x28,%rax: SIB with neither base nor index. */
	in = decode_ok(BYTES(0x64, 0x48, 0x8b, 0x04, 0x25, 0x28, 0, 0, 0));
	assert_true(in.has_modrm && in.has_mem && in.has_sib);
	assert_int_equal(in.modrm, 0x04);
	assert_int_equal(in.sib, 0x25);
	assert_int_equal(in.mod, 0);
	assert_int_equal(in.reg, 0);
	assert_int_equal(in.base, X86_REG_NONE);
	assert_int_equal(in.index, X86_REG_NONE);
	assert_int_equal(in.disp, 0x28);
	assert_int_equal(in.disp_size, 4);
	assert_int_equal(in.op_size, 8);
	assert_int_equal(in.seg, X86_SEG_FS);
	/* mov 0x12345(%r13,%r14,4),%r8 */
	in = decode_ok(BYTES(0x4f, 0x8b, 0x84, 0xb5, 0x45, 0x23, 0x01, 0x00));
	assert_int_equal(in.reg, 8);
	assert_int_equal(in.mod, 2);
	assert_int_equal(in.base, 13);
	assert_int_equal(in.index, 14);
	assert_int_equal(in.scale, 4);
	assert_int_equal(in.disp, 0x12345);
	/* mov (%r8,%r12,1),%eax: index 4 with REX.X is R12. */
	in = decode_ok(BYTES(0x43, 0x8b, 0x04, 0x20));
	assert_int_equal(in.base, 8);
	assert_int_equal(in.index, 12);
	assert_int_equal(in.scale, 1);
	assert_int_equal(in.disp_size, 0);
	/* mov (%r12),%eax: index 4 without REX.X is none. */
	in = decode_ok(BYTES(0x41, 0x8b, 0x04, 0x24));
	assert_int_equal(in.base, 12);
	assert_int_equal(in.index, X86_REG_NONE);
	/* mov 0x0(%r13),%eax: R13 as base needs a displacement. */
	in = decode_ok(BYTES(0x41, 0x8b, 0x45, 0x00));
	assert_int_equal(in.base, 13);
	assert_int_equal(in.disp_size, 1);
	/* mov -0x8(%rbp),%eax: disp8 sign-extended. */
	in = decode_ok(BYTES(0x8b, 0x45, 0xf8));
	assert_int_equal(in.disp, -8);
	/* mov -0x80000000(%rdx),%eax */
	in = decode_ok(BYTES(0x8b, 0x82, 0x00, 0x00, 0x00, 0x80));
	assert_int_equal(in.disp, -0x80000000ll);
	/* mov 0x12345678(,%riz,8),%eax: scale without index. */
	in = decode_ok(BYTES(0x8b, 0x04, 0xe5, 0x78, 0x56, 0x34, 0x12));
	assert_int_equal(in.base, X86_REG_NONE);
	assert_int_equal(in.index, X86_REG_NONE);
	assert_int_equal(in.disp, 0x12345678);
	/* RIP-relative, also with REX.B (mod 0, rm 5 ignores it). */
	in = decode_ok(BYTES(0x48, 0x8b, 0x05, 0xf0, 0xff, 0xff, 0xff));
	assert_int_equal(in.base, X86_REG_RIP);
	assert_int_equal(in.disp, -16);
	in = decode_ok(BYTES(0x49, 0x8b, 0x05, 0x10, 0x00, 0x00, 0x00));
	assert_int_equal(in.base, X86_REG_RIP);
	assert_int_equal(in.reg, 0);
	/* SIB base 5 with mod 0 ignores REX.B too: no base. */
	in = decode_ok(BYTES(0x41, 0x8b, 0x04, 0x25, 0x00, 0x01, 0x00, 0x00));
	assert_int_equal(in.base, X86_REG_NONE);
	/* addr32 RIP-relative */
	in = decode_ok(BYTES(0x67, 0x8b, 0x05, 0x00, 0x10, 0x00, 0x00));
	assert_int_equal(in.base, X86_REG_RIP);
	assert_int_equal(in.addr_size, 4);
	/* Register form: mov %r8,%r15 */
	in = decode_ok(BYTES(0x4d, 0x89, 0xc7));
	assert_false(in.has_mem);
	assert_int_equal(in.mod, 3);
	assert_int_equal(in.reg, 8);
	assert_int_equal(in.rm, 15);
}

static void test_crdr_fields(void **state)
{
	struct x86_insn in;

	(void)state;
	/* 0F 20-23 ignore mod: 0f 20 00 is mov %cr0,%rax, 3 bytes. */
	in = decode_ok(BYTES(0x0f, 0x20, 0x00));
	assert_int_equal(in.mod, 3);
	assert_false(in.has_mem);
	assert_int_equal(in.op_size, 8);
	assert_int_equal(x86_classify_priv(&in), X86_PRIV_MOV_FROM_CR);
	/* mod 1 would have a disp8 elsewhere; not here. */
	in = decode_ok(BYTES(0x0f, 0x22, 0x65));
	assert_int_equal(in.reg, 4);
	assert_int_equal(in.rm, 5);
	/* mov %cr8,%rax and mov %r9,%cr3 */
	in = decode_ok(BYTES(0x44, 0x0f, 0x20, 0xc0));
	assert_int_equal(in.reg, 8);
	in = decode_ok(BYTES(0x41, 0x0f, 0x22, 0xd9));
	assert_int_equal(in.reg, 3);
	assert_int_equal(in.rm, 9);
	assert_int_equal(x86_classify_priv(&in), X86_PRIV_MOV_TO_CR);
	/* mov %db7,%rax */
	in = decode_ok(BYTES(0x0f, 0x21, 0xf8));
	assert_int_equal(in.reg, 7);
	assert_int_equal(in.rm, 0);
	assert_int_equal(x86_classify_priv(&in), X86_PRIV_MOV_FROM_DR);
}

static void test_imm_fields(void **state)
{
	struct x86_insn in;

	(void)state;
	in = decode_ok(BYTES(0x48, 0x83, 0xc0, 0xff));	/* add $-1,%rax */
	assert_int_equal(in.imm, -1);
	assert_int_equal(in.imm_size, 1);
	assert_int_equal(in.op_size, 8);
	in = decode_ok(BYTES(0x48, 0xc7, 0xc1, 0xff, 0xff, 0xff, 0xff));
	assert_int_equal(in.imm, -1);
	assert_int_equal(in.imm_size, 4);
	in = decode_ok(BYTES(0xb9, 0x78, 0x56, 0x34, 0x12));
	assert_int_equal(in.imm, 0x12345678);
	in = decode_ok(BYTES(0xb8, 0xff, 0xff, 0xff, 0xff));	/* zero-ext */
	assert_int_equal(in.imm, 0xffffffffll);
	in = decode_ok(BYTES(0x6a, 0x80));			/* push $-128 */
	assert_int_equal(in.imm, -128);
	assert_int_equal(in.op_size, 8);
	in = decode_ok(BYTES(0x66, 0x68, 0x34, 0x12));		/* pushw */
	assert_int_equal(in.op_size, 2);
	assert_int_equal(in.imm_size, 2);
	/* moffs: 8-byte address, or 4 with 67; kept in disp. */
	in = decode_ok(BYTES(0xa1, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22,
			     0x11));
	assert_true(in.has_mem);
	assert_false(in.has_modrm);
	assert_int_equal(in.disp, 0x1122334455667788ll);
	assert_int_equal(in.disp_size, 8);
	assert_int_equal(in.imm_size, 0);
	in = decode_ok(BYTES(0x67, 0xa1, 0xf8, 0xff, 0xff, 0xff));
	assert_int_equal(in.disp, 0xfffffff8ll);
	assert_int_equal(in.disp_size, 4);
	/* enter $0x1234,$5 */
	in = decode_ok(BYTES(0xc8, 0x34, 0x12, 0x05));
	assert_int_equal(in.imm, 0x1234);
	assert_int_equal(in.imm2, 5);
	/* Ports, vectors and shift counts are unsigned. */
	in = decode_ok(BYTES(0xcd, 0x82));
	assert_int_equal(in.imm, 0x82);
	in = decode_ok(BYTES(0xe6, 0x80));
	assert_int_equal(in.imm, 0x80);
	in = decode_ok(BYTES(0xc1, 0xe1, 0xff));
	assert_int_equal(in.imm, 0xff);
	/* Group 3: TEST has an immediate, NOT/NEG/... do not. */
	in = decode_ok(BYTES(0xf6, 0xc0, 0x12));
	assert_int_equal(in.imm, 0x12);
	in = decode_ok(BYTES(0xf6, 0xc8, 0x12));		/* /1 alias */
	assert_int_equal(in.imm_size, 1);
	in = decode_ok(BYTES(0xf6, 0xd0));
	assert_int_equal(in.imm_size, 0);
	in = decode_ok(BYTES(0x66, 0xf7, 0xc0, 0x34, 0x12));
	assert_int_equal(in.imm_size, 2);
	in = decode_ok(BYTES(0x48, 0xf7, 0x00, 0xff, 0xff, 0xff, 0xff));
	assert_int_equal(in.imm, -1);
	/* negq (%rax) */
	in = decode_ok(BYTES(0x48, 0xf7, 0x18));
	assert_int_equal(in.imm_size, 0);
	/* Near branches: rel32 also with 66 (Intel behaviour). */
	in = decode_ok(BYTES(0x66, 0xe8, 0xfb, 0xff, 0xff, 0xff));
	assert_int_equal(in.imm, -5);
	assert_int_equal(in.op_size, 8);
	in = decode_ok(BYTES(0x66, 0x0f, 0x85, 0, 0x10, 0, 0));
	assert_int_equal(in.imm, 0x1000);
	/* EXTRQ/INSERTQ carry two immediates, VMREAD none. */
	in = decode_ok(BYTES(0x66, 0x0f, 0x78, 0xc1, 0x04, 0x08));
	assert_int_equal(in.imm, 4);
	assert_int_equal(in.imm2, 8);
	in = decode_ok(BYTES(0x0f, 0x78, 0x01));
	assert_int_equal(in.imm_size, 0);
	/* 0F 3A: imm8 after ModRM and disp. */
	in = decode_ok(BYTES(0x66, 0x0f, 0x3a, 0x0b, 0x15, 0x10, 0, 0, 0,
			     0x04));
	assert_int_equal(in.map, X86_MAP_0F3A);
	assert_int_equal(in.opcode, 0x0b);
	assert_int_equal(in.base, X86_REG_RIP);
	assert_int_equal(in.imm, 4);
}

static void test_size_fields(void **state)
{
	struct x86_insn in;

	(void)state;
	in = decode_ok(BYTES(0xe4, 0x60));
	assert_int_equal(in.op_size, 1);
	in = decode_ok(BYTES(0xe5, 0x60));
	assert_int_equal(in.op_size, 4);
	in = decode_ok(BYTES(0x66, 0xed));
	assert_int_equal(in.op_size, 2);
	in = decode_ok(BYTES(0x48, 0xed));	/* REX.W ignored by IN */
	assert_int_equal(in.op_size, 4);
	in = decode_ok(BYTES(0x48, 0x6f));
	assert_int_equal(in.op_size, 4);
	in = decode_ok(BYTES(0x50));
	assert_int_equal(in.op_size, 8);
	in = decode_ok(BYTES(0x66, 0x50));
	assert_int_equal(in.op_size, 2);
	in = decode_ok(BYTES(0xff, 0xd0));	/* call *%rax */
	assert_int_equal(in.op_size, 8);
	in = decode_ok(BYTES(0xff, 0x30));	/* pushq (%rax) */
	assert_int_equal(in.op_size, 8);
	in = decode_ok(BYTES(0xff, 0x00));	/* incl (%rax) */
	assert_int_equal(in.op_size, 4);
	in = decode_ok(BYTES(0x48, 0xcf));
	assert_int_equal(in.op_size, 8);
	in = decode_ok(BYTES(0x66, 0xcf));
	assert_int_equal(in.op_size, 2);
	in = decode_ok(BYTES(0x0f, 0xb6, 0x08));	/* movzbl: dest size */
	assert_int_equal(in.op_size, 4);
	in = decode_ok(BYTES(0x0f, 0x94, 0xc0));	/* sete %al */
	assert_int_equal(in.op_size, 1);
	in = decode_ok(BYTES(0x67, 0x90));
	assert_int_equal(in.addr_size, 4);
	in = decode_ok(BYTES(0x90));
	assert_int_equal(in.addr_size, 8);
}

static void test_vex_fields(void **state)
{
	struct x86_insn in;

	(void)state;
	in = decode_ok(BYTES(0xc5, 0xfc, 0x77));		/* vzeroall */
	assert_int_equal(in.vex, 0xc5);
	assert_int_equal(in.vex_payload[0], 0xfc);
	assert_int_equal(in.map, X86_MAP_0F);
	assert_int_equal(in.opcode, 0x77);
	assert_false(in.has_modrm);
	assert_int_equal(x86_classify_priv(&in), X86_PRIV_UNKNOWN);
	/* vpermq $0x4e,%ymm1,%ymm2: C4 map 3, W1, imm8 */
	in = decode_ok(BYTES(0xc4, 0xe3, 0xfd, 0x00, 0xd1, 0x4e));
	assert_int_equal(in.map, X86_MAP_0F3A);
	assert_true(in.rex_w);
	assert_false(in.rex_r || in.rex_x || in.rex_b);
	assert_int_equal(in.imm, 0x4e);
	assert_int_equal(in.rex, 0);
	/* vmovdqu %ymm0,0x100(%rax,%rbx,4) */
	in = decode_ok(BYTES(0xc5, 0xfe, 0x7f, 0x84, 0x98, 0x00, 0x01, 0x00,
			     0x00));
	assert_true(in.has_mem);
	assert_int_equal(in.disp, 0x100);
	assert_int_equal(x86_classify_mem_write(&in), X86_MW_NONE);
	/* EVEX gather with VSIB: 62 f2 7d 49 90 14 88 */
	in = decode_ok(BYTES(0x62, 0xf2, 0x7d, 0x49, 0x90, 0x14, 0x88));
	assert_int_equal(in.vex, 0x62);
	assert_int_equal(in.map, X86_MAP_0F38);
	assert_true(in.has_sib);
	/* EVEX map 5 (vaddph) and a segment/67 prefix before VEX. */
	in = decode_ok(BYTES(0x62, 0xf5, 0x6c, 0x48, 0x58, 0xd9));
	assert_int_equal(in.map, X86_MAP_EVEX5);
	in = decode_ok(BYTES(0x65, 0x67, 0xc5, 0xfe, 0x6f, 0x00));
	assert_int_equal(in.seg, X86_SEG_GS);
	assert_int_equal(in.addr_size, 4);
}

static void test_invalid(void **state)
{
	static const uint8_t bad[][8] = {
		{ 1, 0x06 }, { 1, 0x07 }, { 1, 0x0e }, { 1, 0x16 },
		{ 1, 0x17 }, { 1, 0x1e }, { 1, 0x1f }, { 1, 0x27 },
		{ 1, 0x2f }, { 1, 0x37 }, { 1, 0x3f }, { 1, 0x60 },
		{ 1, 0x61 }, { 3, 0x82, 0xc0, 0x01 },
		{ 7, 0x9a, 1, 2, 3, 4, 5, 6 }, { 1, 0xce },
		{ 2, 0xd4, 0x0a }, { 2, 0xd5, 0x0a }, { 1, 0xd6 },
		{ 7, 0xea, 1, 2, 3, 4, 5, 6 }, { 2, 0x48, 0x06 },
		{ 3, 0x0f, 0x24, 0xc0 }, { 3, 0x0f, 0x25, 0xc0 },
		{ 3, 0x0f, 0x26, 0xc0 }, { 3, 0x0f, 0x27, 0xc0 },
		{ 2, 0x0f, 0x04 }, { 2, 0x0f, 0x0a }, { 2, 0x0f, 0x0c },
		{ 2, 0x0f, 0x0e }, { 4, 0x0f, 0x0f, 0xc1, 0x9e },
		{ 2, 0x0f, 0x36 }, { 2, 0x0f, 0x39 }, { 2, 0x0f, 0x3b },
		{ 2, 0x0f, 0x3f }, { 3, 0x0f, 0x7a, 0xc0 },
		{ 3, 0x0f, 0x7b, 0xc0 }, { 2, 0x0f, 0xa6 }, { 2, 0x0f, 0xa7 },
		{ 3, 0x0f, 0xb8, 0xc0 }, { 4, 0xf2, 0x0f, 0xb8, 0xc0 },
		{ 5, 0xf3, 0xf2, 0x0f, 0xb8, 0xc0 },
		{ 6, 0xf3, 0x0f, 0x78, 0xc0, 0x01, 0x02 },
		{ 2, 0x8f, 0xc8 }, { 6, 0x8f, 0xe8, 0x78, 0xc0, 0xc0, 0x01 },
		{ 4, 0x66, 0xc5, 0xf8, 0x77 }, { 4, 0xf3, 0xc5, 0xf8, 0x77 },
		{ 4, 0xf2, 0xc5, 0xf8, 0x77 }, { 4, 0xf0, 0xc5, 0xf8, 0x77 },
		{ 4, 0x48, 0xc5, 0xf8, 0x77 },
		{ 5, 0x40, 0x2e, 0xc5, 0xf8, 0x77 },
		{ 5, 0x66, 0xc4, 0xe2, 0x7d, 0x18 },
		{ 5, 0xc4, 0xe0, 0x7d, 0x00, 0xc0 },
		{ 5, 0xc4, 0xe4, 0x7d, 0x00, 0xc0 },
		{ 5, 0xc4, 0xff, 0x7d, 0x00, 0xc0 },
		{ 6, 0x62, 0xf4, 0x7c, 0x48, 0x58, 0xc0 },
		{ 6, 0x62, 0xf7, 0x7c, 0x48, 0x58, 0xc0 },
		{ 6, 0x62, 0xf1, 0x78, 0x48, 0x58, 0xc0 },
		{ 6, 0x62, 0xf9, 0x7c, 0x48, 0x58, 0xc0 },
		{ 7, 0x66, 0x62, 0xf1, 0x7c, 0x48, 0x58, 0xc0 },
	};
	struct x86_insn in;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t buf[16];
		int rc;

		memset(buf, 0, sizeof(buf));
		memcpy(buf, &bad[i][1], bad[i][0]);
		rc = x86_decode(buf, sizeof(buf), &in);
		if (rc != -EINVAL)
			fail_msg("bad[%zu] (first %02x %02x): rc %d", i,
				 buf[0], buf[1], rc);
		assert_int_equal(in.len, 0);
		/* The exact bytes are enough to reject it. */
		assert_int_equal(x86_decode(buf, bad[i][0], &in), -EINVAL);
	}
}

static void test_too_long(void **state)
{
	uint8_t buf[32];
	struct x86_insn in;

	(void)state;
	/* 15 prefixes and no opcode in sight. */
	memset(buf, 0x66, sizeof(buf));
	assert_int_equal(x86_decode(buf, 15, &in), -E2BIG);
	assert_int_equal(x86_decode(buf, sizeof(buf), &in), -E2BIG);
	/* 15 prefixes then nop: the nop would be byte 16. */
	buf[15] = 0x90;
	assert_int_equal(x86_decode(buf, 16, &in), -E2BIG);
	/* 14 prefixes + syscall (2 bytes) = 16. */
	buf[14] = 0x0f;
	buf[15] = 0x05;
	assert_int_equal(x86_decode(buf, 16, &in), -E2BIG);
	/* 14 prefixes + nop = 15: fine, even from a longer buffer. */
	buf[14] = 0x90;
	assert_int_equal(x86_decode(buf, sizeof(buf), &in), 0);
	assert_int_equal(in.len, 15);
	/* 10 segment prefixes + movabs imm64 = 20 bytes. */
	memset(buf, 0x2e, 10);
	buf[10] = 0x48;
	buf[11] = 0xb8;
	memset(buf + 12, 0x11, 8);
	assert_int_equal(x86_decode(buf, 20, &in), -E2BIG);
	/* Too long beats too short: 12 of the 20 bytes are enough to know. */
	assert_int_equal(x86_decode(buf, 12, &in), -E2BIG);
	/* lock cs cs cs addr32 add $imm32,disp32(%eax,%eax): 16 bytes. */
	{
		static const uint8_t b[] = {
			0xf0, 0x2e, 0x2e, 0x2e, 0x67, 0x81, 0x84, 0x00,
			0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
		};

		assert_int_equal(x86_decode(b, sizeof(b), &in), -E2BIG);
		assert_int_equal(x86_decode(b, 14, &in), -E2BIG);
	}
}

static void test_truncated(void **state)
{
	static const uint8_t vex[] = { 0xc4, 0xe2, 0x7d, 0x18, 0xc0 };
	struct x86_insn in;

	(void)state;
	assert_int_equal(x86_decode(NULL, 0, &in), -EAGAIN);
	assert_int_equal(x86_decode(BYTES(0x66), &in), -EAGAIN);
	assert_int_equal(x86_decode(BYTES(0x0f), &in), -EAGAIN);
	assert_int_equal(x86_decode(BYTES(0x0f, 0x38), &in), -EAGAIN);
	assert_int_equal(x86_decode(BYTES(0x48), &in), -EAGAIN);
	for (size_t n = 0; n < sizeof(vex); n++)
		assert_int_equal(x86_decode(vex, n, &in), -EAGAIN);
	assert_int_equal(x86_decode(vex, sizeof(vex), &in), 0);
}

static void test_mem_addr(void **state)
{
	uint64_t gpr[16], a;
	struct x86_insn in;

	(void)state;
	for (unsigned int i = 0; i < 16; i++)
		gpr[i] = 0x1000 * (i + 1);
	/* mov 0x12345(%r13,%r14,4),%r8 */
	in = decode_ok(BYTES(0x4f, 0x8b, 0x84, 0xb5, 0x45, 0x23, 0x01, 0x00));
	assert_int_equal(x86_insn_mem_addr(&in, gpr, 0, &a), 0);
	assert_int_equal(a, 0xe000 + 0xf000 * 4 + 0x12345);
	/* mov -0x8(%rbp),%eax */
	in = decode_ok(BYTES(0x8b, 0x45, 0xf8));
	assert_int_equal(x86_insn_mem_addr(&in, gpr, 0, &a), 0);
	assert_int_equal(a, 0x6000 - 8);
	/* RIP-relative: next_rip + disp, wrapping. */
	in = decode_ok(BYTES(0x48, 0x8b, 0x05, 0xf0, 0xff, 0xff, 0xff));
	assert_int_equal(x86_insn_mem_addr(&in, gpr, 0xffff800000001007ull,
					   &a), 0);
	assert_int_equal(a, 0xffff800000000ff7ull);
	assert_int_equal(x86_insn_mem_addr(&in, gpr, 8, &a), 0);
	assert_int_equal(a, 0xfffffffffffffff8ull);
	/* addr32 RIP-relative truncates. */
	in = decode_ok(BYTES(0x67, 0x8b, 0x05, 0x00, 0x10, 0x00, 0x00));
	assert_int_equal(x86_insn_mem_addr(&in, gpr, 0xffffffff80000000ull,
					   &a), 0);
	assert_int_equal(a, 0x80001000ull);
	/* addr32 4(%eax,%ecx,2) truncates the sum. */
	gpr[0] = 0xffffffff00000010ull;
	gpr[1] = 0xfffffff8;
	in = decode_ok(BYTES(0x67, 0x8b, 0x44, 0x48, 0x04));
	assert_int_equal(x86_insn_mem_addr(&in, gpr, 0, &a), 0);
	assert_int_equal(a, (0x10 + 0xfffffff8ull * 2 + 4) & 0xffffffff);
	/* Absolute disp32 is sign-extended: mov 0xfffffff0,%eax */
	in = decode_ok(BYTES(0x8b, 0x04, 0x25, 0xf0, 0xff, 0xff, 0xff));
	assert_int_equal(x86_insn_mem_addr(&in, gpr, 0, &a), 0);
	assert_int_equal(a, 0xfffffffffffffff0ull);
	/* moffs */
	in = decode_ok(BYTES(0x48, 0xa3, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33,
			     0x22, 0x11));
	assert_int_equal(x86_insn_mem_addr(&in, gpr, 0, &a), 0);
	assert_int_equal(a, 0x1122334455667788ull);
	/* No memory operand. */
	in = decode_ok(BYTES(0x89, 0xc0));
	assert_int_equal(x86_insn_mem_addr(&in, gpr, 0, &a), -EINVAL);
	in = decode_ok(BYTES(0xab));
	assert_int_equal(x86_insn_mem_addr(&in, gpr, 0, &a), -EINVAL);
	/* A corrupted description is refused, not used as an index. */
	in = decode_ok(BYTES(0x8b, 0x00));
	in.base = 40;
	assert_int_equal(x86_insn_mem_addr(&in, gpr, 0, &a), -EINVAL);
	in.base = 0;
	in.index = 16;
	assert_int_equal(x86_insn_mem_addr(&in, gpr, 0, &a), -EINVAL);
}

static struct x86_mem_write mw_of(const uint8_t *b, size_t n)
{
	struct x86_insn in = decode_ok(b, n);
	struct x86_mem_write mw;

	memset(&mw, 0xa5, sizeof(mw));
	assert_int_equal(x86_mem_write_operands(&in, &mw),
			 x86_classify_mem_write(&in));
	return mw;
}

static void test_mem_write_operands(void **state)
{
	struct x86_mem_write mw;

	(void)state;
	mw = mw_of(BYTES(0x88, 0x23));			/* mov %ah,(%rbx) */
	assert_int_equal(mw.op, X86_MW_MOV);
	assert_int_equal(mw.size, 1);
	assert_int_equal(mw.src, X86_MW_SRC_REG);
	assert_int_equal(mw.src_reg, 0);
	assert_int_equal(mw.src_shift, 8);
	assert_false(mw.is_locked);
	mw = mw_of(BYTES(0x40, 0x88, 0x3b));		/* mov %dil,(%rbx) */
	assert_int_equal(mw.src_reg, 7);
	assert_int_equal(mw.src_shift, 0);
	mw = mw_of(BYTES(0x4c, 0x89, 0x5c, 0xcb, 0x08)); /* mov %r11,8(..) */
	assert_int_equal(mw.size, 8);
	assert_int_equal(mw.src_reg, 11);
	mw = mw_of(BYTES(0xf0, 0x80, 0x27, 0xfd));	/* lock andb $0xfd */
	assert_int_equal(mw.op, X86_MW_AND);
	assert_int_equal(mw.size, 1);
	assert_int_equal(mw.src, X86_MW_SRC_IMM);
	assert_int_equal(mw.imm, 0xfd);
	assert_true(mw.is_locked);
	mw = mw_of(BYTES(0xf0, 0x48, 0x83, 0x27, 0xfd));	/* andq $-3 */
	assert_int_equal(mw.size, 8);
	assert_int_equal(mw.imm, 0xfffffffffffffffdull);
	mw = mw_of(BYTES(0x66, 0x83, 0x27, 0xfd));		/* andw $-3 */
	assert_int_equal(mw.size, 2);
	assert_int_equal(mw.imm, 0xfffd);
	mw = mw_of(BYTES(0x48, 0xc7, 0x07, 0, 0, 0, 0x80)); /* movq imm */
	assert_int_equal(mw.op, X86_MW_MOV);
	assert_int_equal(mw.imm, 0xffffffff80000000ull);
	mw = mw_of(BYTES(0x48, 0x87, 0x07));		/* xchg %rax,(%rdi) */
	assert_int_equal(mw.op, X86_MW_XCHG);
	assert_true(mw.is_locked);
	mw = mw_of(BYTES(0xf0, 0x48, 0x0f, 0xc7, 0x0f));	/* cmpxchg16b */
	assert_int_equal(mw.op, X86_MW_CMPXCHG16B);
	assert_int_equal(mw.size, 16);
	assert_int_equal(mw.src, X86_MW_SRC_NONE);
	mw = mw_of(BYTES(0xf0, 0x0f, 0xc7, 0x0f));		/* cmpxchg8b */
	assert_int_equal(mw.size, 8);
	mw = mw_of(BYTES(0xf0, 0x48, 0x0f, 0xba, 0x37, 0x05)); /* btrq $5 */
	assert_int_equal(mw.op, X86_MW_BTR);
	assert_int_equal(mw.imm, 5);
	assert_int_equal(mw.size, 8);
	mw = mw_of(BYTES(0xf0, 0x48, 0x0f, 0xb3, 0x07)); /* btr %rax,(%rdi) */
	assert_int_equal(mw.src, X86_MW_SRC_REG);
	assert_int_equal(mw.src_reg, 0);
	mw = mw_of(BYTES(0xf3, 0x48, 0xab));			/* rep stosq */
	assert_int_equal(mw.op, X86_MW_STOS);
	assert_int_equal(mw.size, 8);
	assert_true(mw.is_rep);
	mw = mw_of(BYTES(0x48, 0xa3, 1, 2, 3, 4, 5, 6, 7, 8));	/* moffs */
	assert_int_equal(mw.op, X86_MW_MOV);
	assert_int_equal(mw.src_reg, 0);
	assert_int_equal(mw.size, 8);
	mw = mw_of(BYTES(0xfe, 0x0f));				/* decb */
	assert_int_equal(mw.op, X86_MW_DEC);
	assert_int_equal(mw.src, X86_MW_SRC_NONE);
	/* #UD forms and non-writes: all zero. */
	mw = mw_of(BYTES(0xf0, 0x89, 0x07));			/* lock mov */
	assert_int_equal(mw.op, X86_MW_NONE);
	assert_int_equal(mw.size, 0);
	assert_false(mw.is_locked);
	assert_int_equal(mw_of(BYTES(0xf0, 0x0f, 0xc3, 0x07)).op, X86_MW_NONE);
	assert_int_equal(mw_of(BYTES(0x66, 0x0f, 0xc3, 0x07)).op, X86_MW_NONE);
	assert_int_equal(mw_of(BYTES(0xf0, 0xab)).op, X86_MW_NONE);
	assert_int_equal(mw_of(BYTES(0x0f, 0xc7, 0xc9)).op, X86_MW_NONE);
	assert_int_equal(mw_of(BYTES(0x89, 0xc0)).op, X86_MW_NONE);
	assert_int_equal(mw_of(BYTES(0x48, 0xa1, 1, 2, 3, 4, 5, 6, 7, 8)).op,
			 X86_MW_NONE);
	assert_int_equal(mw_of(BYTES(0xc6, 0x07, 0x01)).op, X86_MW_MOV);
	assert_int_equal(mw_of(BYTES(0xf6, 0x07, 0x01)).op, X86_MW_NONE);
	assert_int_equal(mw_of(BYTES(0x48, 0x0f, 0xba, 0x27, 0x01)).op,
			 X86_MW_NONE);				/* bt */
}

static enum x86_priv_op priv_of(const uint8_t *b, size_t n)
{
	struct x86_insn in = decode_ok(b, n);

	return x86_classify_priv(&in);
}

static void test_priv_details(void **state)
{
	struct x86_insn in;

	(void)state;
	/* LOCK makes these #UD; prefixes on 0F 01 C0-FF forms likewise. */
	assert_int_equal(priv_of(BYTES(0xf0, 0x0f, 0xa2)), X86_PRIV_UNKNOWN);
	assert_int_equal(priv_of(BYTES(0xf0, 0x0f, 0x20, 0xc0)),
			 X86_PRIV_UNKNOWN);
	assert_int_equal(priv_of(BYTES(0x66, 0x0f, 0x01, 0xd1)),
			 X86_PRIV_UNKNOWN);
	assert_int_equal(priv_of(BYTES(0xf3, 0x0f, 0x01, 0xf8)),
			 X86_PRIV_UNKNOWN);
	/* REX.B does not change a 0F 01 register form. */
	assert_int_equal(priv_of(BYTES(0x41, 0x0f, 0x01, 0xf8)),
			 X86_PRIV_SWAPGS);
	assert_int_equal(priv_of(BYTES(0x0f, 0x01, 0xd0)), X86_PRIV_UNKNOWN);
	/* Prefixes the CPU ignores keep the classification. */
	assert_int_equal(priv_of(BYTES(0x66, 0x0f, 0xa2)), X86_PRIV_CPUID);
	assert_int_equal(priv_of(BYTES(0x48, 0x0f, 0x30)), X86_PRIV_WRMSR);
	/* Operands. */
	in = decode_ok(BYTES(0xcd, 0x80));
	assert_int_equal(x86_classify_priv(&in), X86_PRIV_INT_N);
	assert_int_equal(in.imm, 0x80);
	in = decode_ok(BYTES(0x66, 0x6d));
	assert_int_equal(x86_classify_priv(&in), X86_PRIV_INS);
	assert_int_equal(in.op_size, 2);
	in = decode_ok(BYTES(0xf2, 0x6e));
	assert_int_equal(x86_classify_priv(&in), X86_PRIV_OUTS);
	assert_true(in.has_repne);
	in = decode_ok(BYTES(0x65, 0x0f, 0x01, 0x3c, 0x25, 0x10, 0, 0, 0));
	assert_int_equal(x86_classify_priv(&in), X86_PRIV_INVLPG);
	assert_int_equal(in.seg, X86_SEG_GS);
	/* Group 6/7 members that are neither. */
	assert_int_equal(priv_of(BYTES(0x0f, 0x00, 0xe0)), X86_PRIV_UNKNOWN);
	assert_int_equal(priv_of(BYTES(0x0f, 0x01, 0x28)), X86_PRIV_UNKNOWN);
	/* The VEX map 1 does not alias the legacy 0F map. */
	assert_int_equal(priv_of(BYTES(0xc5, 0xf8, 0xa2, 0xc0)),
			 X86_PRIV_UNKNOWN);
}

static void test_forced_cpuid(void **state)
{
	static const uint8_t seq[] = { 0x0f, 0x0b, 0x78, 0x65, 0x6e, 0x0f,
				       0xa2, 0x90 };
	uint8_t b[8];
	struct x86_insn in;

	(void)state;
	assert_true(x86_is_xen_forced_cpuid(seq, sizeof(seq)));
	assert_true(x86_is_xen_forced_cpuid(seq, 7));
	assert_false(x86_is_xen_forced_cpuid(seq, 6));
	assert_false(x86_is_xen_forced_cpuid(seq, 0));
	for (size_t i = 0; i < 7; i++) {
		memcpy(b, seq, sizeof(b));
		b[i] ^= 0x20;
		assert_false(x86_is_xen_forced_cpuid(b, sizeof(b)));
	}
	/* The decoder itself sees ud2 and then cpuid at offset 5. */
	assert_int_equal(x86_decode(seq, sizeof(seq), &in), 0);
	assert_int_equal(in.len, 2);
	assert_int_equal(x86_decode(seq + 5, 3, &in), 0);
	assert_int_equal(x86_classify_priv(&in), X86_PRIV_CPUID);
	assert_int_equal(X86_XEN_FORCED_CPUID_LEN, 7);
}

/*
 * Differential test against objdump. Random 15-byte strings (biased
 * towards prefixes, the 0F maps and VEX/EVEX) go into one file, each at
 * the start of a SLOT-byte slot padded with NOPs so that objdump, which
 * decodes sequentially, is back in step at every slot start.
 */
#define SLOT 32
#define DIFF_DEFAULT_N 20000

struct diff_stats {
	unsigned long match, mismatch, ours_only, objdump_only, both_reject;
	unsigned long unsynced, fwait;
};

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void gen_case(uint64_t *rng, uint8_t *b)
{
	static const uint8_t pfx[] = {
		0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x2e, 0x3e, 0x26, 0x36, 0x64,
		0x65, 0x40, 0x41, 0x44, 0x48, 0x4c, 0x4f,
	};
	enum { NR_LEGACY_PFX = 11 };
	static const uint8_t esc[] = { 0x38, 0x3a };
	static const uint8_t vex[] = { 0xc4, 0xc5, 0x62 };
	unsigned int mode = rng_next(rng) % 8, pos = 0;

	for (unsigned int i = 0; i < X86_MAX_INSN_LEN; i++)
		b[i] = (uint8_t)rng_next(rng);
	if (mode < 2)
		return;
	/* objdump prints a REX followed by more prefixes on its own. */
	if (mode != 7 || rng_next(rng) % 4 == 0) {
		unsigned int n = rng_next(rng) % 4;

		for (unsigned int i = 0; i < n; i++)
			b[pos++] = pfx[rng_next(rng) % NR_LEGACY_PFX];
		if (rng_next(rng) % 2)
			b[pos++] = pfx[NR_LEGACY_PFX + rng_next(rng) %
				       (sizeof(pfx) - NR_LEGACY_PFX)];
	}
	if (mode == 4 || mode == 5)
		b[pos++] = 0x0f;
	if (mode == 6) {
		b[pos++] = 0x0f;
		b[pos++] = esc[rng_next(rng) % 2];
	}
	if (mode == 7)
		b[pos++] = vex[rng_next(rng) % 3];
}

static bool find_objdump(char *path, size_t size)
{
	const char *env = getenv("OBJDUMP");
	const char *p = getenv("PATH");

	if (env && *env) {
		snprintf(path, size, "%s", env);
		return access(path, X_OK) == 0;
	}
	while (p && *p) {
		size_t n = strcspn(p, ":");

		snprintf(path, size, "%.*s/objdump", (int)n, p);
		if (n && access(path, X_OK) == 0)
			return true;
		p += n + (p[n] == ':');
	}
	return false;
}

/* Whether objdump's text for an instruction means "not decoded". */
static bool objdump_failed(const char *text)
{
	static const char *const pfx[] = {
		"data16", "addr32", "lock", "rep", "repz", "repnz", "repe",
		"repne", "cs", "ds", "es", "ss", "fs", "gs", "bnd", "notrack",
		"xacquire", "xrelease",
	};
	char word[64];
	int used;

	if (strstr(text, "(bad)") || strstr(text, ".byte"))
		return true;
	/* Only prefix names: objdump printed a prefix on its own. */
	while (sscanf(text, " %63s%n", word, &used) == 1) {
		bool is_pfx = !strncmp(word, "rex", 3);

		for (size_t i = 0; i < sizeof(pfx) / sizeof(pfx[0]); i++)
			is_pfx = is_pfx || !strcmp(word, pfx[i]);
		if (!is_pfx)
			return false;
		text += used;
	}
	return true;
}

/*
 * Run objdump on @file and fill @len[i] with the length of the first
 * instruction of slot i (0: objdump did not decode it; -1: no line
 * starts at the slot).
 */
static bool objdump_lengths(const char *objdump, const char *file,
			    int *len, size_t n)
{
	char cmd[1536], line[512];
	unsigned long prev = 0;
	bool prev_is_start = false, prev_failed = false;
	FILE *f;

	for (size_t i = 0; i < n; i++)
		len[i] = -1;
	if (strchr(objdump, '\'') || strchr(file, '\''))
		return false;
	snprintf(cmd, sizeof(cmd), "'%s' -D -z -b binary -m i386:x86-64 "
		 "-M intel64 --insn-width=16 '%s'", objdump, file);
	f = popen(cmd, "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		char *end, *text;
		unsigned long addr = strtoul(line, &end, 16);

		if (end == line || *end != ':' || line[0] != ' ')
			continue;
		if (prev_is_start)
			len[prev / SLOT] = prev_failed ? 0 : (int)(addr - prev);
		text = strchr(end + 2, '\t');
		prev = addr;
		prev_is_start = addr % SLOT == 0 && addr / SLOT < n;
		prev_failed = !text || objdump_failed(text + 1);
	}
	return pclose(f) == 0;
}

static void diff_one(const uint8_t *b, int objlen, struct diff_stats *st)
{
	struct x86_insn in;
	int rc = x86_decode(b, X86_MAX_INSN_LEN, &in);

	if (objlen < 0) {
		st->unsynced++;
	} else if (!rc && in.map == X86_MAP_ONE && in.opcode == 0x9b) {
		/* objdump shows FWAIT + x87 op as one "fstsw"-like insn. */
		st->fwait++;
	} else if (rc && !objlen) {
		st->both_reject++;
	} else if (rc) {
		if (st->objdump_only++ < 8)
			print_message("  objdump-only (rc %d): %02x %02x %02x "
				      "%02x %02x %02x\n", rc, b[0], b[1], b[2],
				      b[3], b[4], b[5]);
	} else if (!objlen) {
		st->ours_only++;
	} else if (in.len == objlen) {
		st->match++;
	} else {
		st->mismatch++;
		print_message("  MISMATCH ours %u objdump %d:", in.len, objlen);
		for (int i = 0; i < X86_MAX_INSN_LEN; i++)
			print_message(" %02x", b[i]);
		print_message("\n");
	}
}

static void test_objdump_diff(void **state)
{
	char objdump[512], file[512];
	const char *env_n = getenv("X86_DECODE_DIFF_N");
	const char *env_seed = getenv("X86_DECODE_DIFF_SEED");
	size_t n = env_n ? strtoul(env_n, NULL, 0) : DIFF_DEFAULT_N;
	uint64_t seed = env_seed ? strtoull(env_seed, NULL, 0) : 0x5eed1234;
	struct diff_stats st = { 0 };
	uint64_t rng;
	uint8_t *img;
	int *len, fd;

	(void)state;
	if (!find_objdump(objdump, sizeof(objdump))) {
		print_message("objdump not found (PATH or $OBJDUMP): "
			      "skipping the differential test\n");
		skip();
	}
	if (!n)
		n = 1;
	if (!seed)
		seed = 1;	/* xorshift stays at 0 from 0 */
	rng = seed;
	img = malloc(n * SLOT);
	len = malloc(n * sizeof(*len));
	assert_non_null(img);
	assert_non_null(len);
	memset(img, 0x90, n * SLOT);
	for (size_t i = 0; i < n; i++)
		gen_case(&rng, img + i * SLOT);
	snprintf(file, sizeof(file), "%s/vesta-x86-decode-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fd = mkstemp(file);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, img, n * SLOT), (ssize_t)(n * SLOT));
	close(fd);
	assert_true(objdump_lengths(objdump, file, len, n));
	unlink(file);
	for (size_t i = 0; i < n; i++)
		diff_one(img + i * SLOT, len[i], &st);
	print_message("objdump diff (%s, seed %#llx, %zu cases): %lu same "
		      "length, %lu mismatches, %lu only we decode, %lu only "
		      "objdump decodes, %lu both reject, %lu FWAIT, %lu "
		      "unsynced\n", objdump, (unsigned long long)seed, n,
		      st.match, st.mismatch, st.ours_only, st.objdump_only,
		      st.both_reject, st.fwait, st.unsynced);
	free(img);
	free(len);
	assert_int_equal(st.mismatch, 0);
	assert_true(st.match >= n / 2);
	assert_true(st.unsynced <= n / 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_prefix_fields),
		cmocka_unit_test(test_modrm_fields),
		cmocka_unit_test(test_crdr_fields),
		cmocka_unit_test(test_imm_fields),
		cmocka_unit_test(test_size_fields),
		cmocka_unit_test(test_vex_fields),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_mem_addr),
		cmocka_unit_test(test_mem_write_operands),
		cmocka_unit_test(test_priv_details),
		cmocka_unit_test(test_forced_cpuid),
		cmocka_unit_test(test_objdump_diff),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
