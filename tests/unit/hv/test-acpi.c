/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Host tests of the ACPI table decoders (hypervisor/lib/acpi.c). Tables are
 * assembled byte by byte with a small builder that fixes up length and
 * checksum, then each field and each corruption (bad checksum, short or
 * overlong length, bad MADT entries, duplicates, array overflow, unaligned
 * placement) is checked, including the exact diagnostics. Two tables as
 * emitted by a Firecracker microVM serve as a real-world sample. Not
 * covered: locating tables in physical memory (boot code).
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

#include <vesta/acpi.h>
#include <vesta/errno.h>

struct diag_log {
	unsigned int count;
	char first[256];
	char last[256];
};

static void log_fn(void *ctx, const char *fmt, ...)
{
	struct diag_log *l = ctx;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(l->last, sizeof(l->last), fmt, ap);
	va_end(ap);
	if (!l->count)
		memcpy(l->first, l->last, sizeof(l->first));
	l->count++;
}

#define LOG_INIT(l, dg)                        \
	struct diag_log l = { 0 };             \
	struct diag dg = { log_fn, &l }

static void expect_report(const struct diag_log *l, const char *what)
{
	if (!l->count)
		fail_msg("no report, expected '%s'", what);
	if (!strstr(l->last, what))
		fail_msg("report '%s' lacks '%s'", l->last, what);
}

/* Table builder. The table starts at buf + shift to test misalignment. */
#define TB_SIZE 16384

struct tb {
	uint8_t mem[TB_SIZE + 8];
	uint8_t *buf;
	size_t len;
};

static void tb_bytes(struct tb *t, const void *p, size_t n)
{
	assert_true(t->len + n <= TB_SIZE);
	memcpy(t->buf + t->len, p, n);
	t->len += n;
}

static void tb_u8(struct tb *t, uint8_t v)
{
	tb_bytes(t, &v, 1);
}

static void tb_u16(struct tb *t, uint16_t v)
{
	tb_u8(t, v & 0xff);
	tb_u8(t, v >> 8);
}

static void tb_u32(struct tb *t, uint32_t v)
{
	tb_u16(t, v & 0xffff);
	tb_u16(t, v >> 16);
}

static void tb_u64(struct tb *t, uint64_t v)
{
	tb_u32(t, (uint32_t)v);
	tb_u32(t, (uint32_t)(v >> 32));
}

static void tb_zero(struct tb *t, size_t n)
{
	assert_true(t->len + n <= TB_SIZE);
	memset(t->buf + t->len, 0, n);
	t->len += n;
}

static void tb_gas(struct tb *t, uint8_t space, uint8_t width, uint8_t offset,
		   uint8_t access, uint64_t addr)
{
	tb_u8(t, space);
	tb_u8(t, width);
	tb_u8(t, offset);
	tb_u8(t, access);
	tb_u64(t, addr);
}

/* Writes the 36-byte SDT header with placeholder length and checksum. */
static void tb_start(struct tb *t, const char *sig, uint8_t rev,
		     unsigned int shift)
{
	memset(t->mem, 0, sizeof(t->mem));
	t->buf = t->mem + shift;
	t->len = 0;
	tb_bytes(t, sig, 4);
	tb_u32(t, 0);			/* length */
	tb_u8(t, rev);
	tb_u8(t, 0);			/* checksum */
	tb_bytes(t, "VESTA ", 6);	/* OEM ID */
	tb_bytes(t, "TESTTABL", 8);	/* OEM table ID */
	tb_u32(t, 1);			/* OEM revision */
	tb_bytes(t, "VSTA", 4);		/* creator ID */
	tb_u32(t, 1);			/* creator revision */
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static void fix_checksum(uint8_t *p, size_t len, size_t csum_off)
{
	uint8_t sum = 0;
	size_t i;

	p[csum_off] = 0;
	for (i = 0; i < len; i++)
		sum += p[i];
	p[csum_off] = (uint8_t)-sum;
}

/* Sets the length field and checksum; returns the length. */
static size_t tb_finish(struct tb *t)
{
	put32(t->buf + 4, (uint32_t)t->len);
	fix_checksum(t->buf, t->len, 9);
	return t->len;
}

/* ---- RSDP ---- */

static void build_rsdp(uint8_t *p, uint8_t rev, uint32_t rsdt, uint64_t xsdt)
{
	memset(p, 0, rev < 2 ? 20 : 36);
	memcpy(p, "RSD PTR ", 8);
	memcpy(p + 9, "VESTA ", 6);
	p[15] = rev;
	put32(p + 16, rsdt);
	fix_checksum(p, 20, 8);
	if (rev < 2)
		return;
	put32(p + 20, 36);
	put32(p + 24, (uint32_t)xsdt);
	put32(p + 28, (uint32_t)(xsdt >> 32));
	fix_checksum(p, 36, 32);
}

static void test_rsdp_v1(void **state)
{
	uint8_t p[20 + 3];
	struct acpi_rsdp_info ri;

	(void)state;
	build_rsdp(p, 0, 0x7fe1234, 0);
	assert_int_equal(acpi_rsdp_check(p, 20, &ri), 0);
	assert_int_equal(ri.revision, 0);
	assert_int_equal(ri.rsdt, 0x7fe1234);
	assert_int_equal(ri.xsdt, 0);
	assert_string_equal(ri.oem_id, "VESTA ");
	assert_int_equal(acpi_rsdp_check(p, 20, NULL), 0);
	assert_int_equal(acpi_rsdp_check(p, 19, &ri), -EINVAL);
	p[16] ^= 1;
	assert_int_equal(acpi_rsdp_check(p, 20, &ri), -EINVAL);
	p[16] ^= 1;
	p[0] = 'r';
	assert_int_equal(acpi_rsdp_check(p, 20, &ri), -EINVAL);
}

static void test_rsdp_v2(void **state)
{
	uint8_t mem[40];
	uint8_t *p = mem + 1;	/* unaligned */
	struct acpi_rsdp_info ri;

	(void)state;
	build_rsdp(p, 2, 0x7fe0000, 0x123456789abcull);
	assert_int_equal(acpi_rsdp_check(p, 36, &ri), 0);
	assert_int_equal(ri.revision, 2);
	assert_int_equal(ri.rsdt, 0x7fe0000);
	assert_int_equal(ri.xsdt, 0x123456789abcull);
	/* v2 needs its full length readable. */
	assert_int_equal(acpi_rsdp_check(p, 35, &ri), -EINVAL);
	assert_int_equal(acpi_rsdp_check(p, 20, &ri), -EINVAL);
	/* Extended checksum. */
	p[24] ^= 0x10;
	assert_int_equal(acpi_rsdp_check(p, 36, &ri), -EINVAL);
	p[24] ^= 0x10;
	/* Length field < 36, and > available, each with a good checksum. */
	put32(p + 20, 35);
	fix_checksum(p, 36, 32);
	assert_int_equal(acpi_rsdp_check(p, 36, &ri), -EINVAL);
	put32(p + 20, 37);
	fix_checksum(p, 36, 32);
	assert_int_equal(acpi_rsdp_check(p, 36, &ri), -EINVAL);
	put32(p + 20, 0xffffffff);
	fix_checksum(p, 36, 32);
	assert_int_equal(acpi_rsdp_check(p, 36, &ri), -EINVAL);
	/* A longer structure is fine when it is all there and sums to 0. */
	put32(p + 20, 37);
	p[36] = 0;
	fix_checksum(p, 37, 32);
	assert_int_equal(acpi_rsdp_check(p, 37, &ri), 0);
}

static void test_rsdp_scan(void **state)
{
	static uint8_t win[0x400];

	(void)state;
	memset(win, 0, sizeof(win));
	assert_int_equal(acpi_rsdp_scan(win, sizeof(win)), -ENOENT);
	assert_int_equal(acpi_rsdp_scan(win, 0), -ENOENT);
	/* Not on a 16-byte boundary: ignored. */
	build_rsdp(win + 0x128, 2, 1, 2);
	assert_int_equal(acpi_rsdp_scan(win, sizeof(win)), -ENOENT);
	/* A decoy with a bad checksum before the real one. */
	build_rsdp(win + 0x40, 0, 1, 0);
	win[0x40 + 8]++;
	build_rsdp(win + 0x130, 2, 1, 2);
	assert_int_equal(acpi_rsdp_scan(win, sizeof(win)), 0x130);
	build_rsdp(win + 0x200, 0, 1, 0);
	assert_int_equal(acpi_rsdp_scan(win, sizeof(win)), 0x130);
	/* Truncated by the window end. */
	memset(win, 0, sizeof(win));
	build_rsdp(win + 0x3e0, 0, 1, 0);
	assert_int_equal(acpi_rsdp_scan(win, 0x3e0 + 19), -ENOENT);
	assert_int_equal(acpi_rsdp_scan(win, 0x3e0 + 20), 0x3e0);
	memset(win, 0, sizeof(win));
	build_rsdp(win + 0x3d0, 2, 1, 2);
	assert_int_equal(acpi_rsdp_scan(win, 0x3d0 + 35), -ENOENT);
	assert_int_equal(acpi_rsdp_scan(win, 0x3d0 + 36), 0x3d0);
}

/* ---- SDT header ---- */

static void test_table_check(void **state)
{
	struct tb *t = calloc(1, sizeof(*t));
	size_t len;
	LOG_INIT(l, dg);

	(void)state;
	assert_non_null(t);
	tb_start(t, "APIC", 3, 1);
	tb_zero(t, 20);
	len = tb_finish(t);
	assert_int_equal(acpi_table_check(t->buf, len, "APIC", &dg), (int)len);
	assert_int_equal(acpi_table_check(t->buf, len + 100, NULL, &dg),
			 (int)len);
	assert_int_equal(acpi_table_check(t->buf, len, "APIC", NULL),
			 (int)len);
	assert_int_equal(l.count, 0);

	assert_int_equal(acpi_table_check(t->buf, len, "FACP", &dg), -EINVAL);
	expect_report(&l, "ACPI FACP: wrong signature APIC");

	t->buf[40] ^= 1;
	assert_int_equal(acpi_table_check(t->buf, len, "APIC", &dg), -EINVAL);
	expect_report(&l, "ACPI APIC: bad checksum");
	assert_int_equal(acpi_table_check(t->buf, len, NULL, NULL), -EINVAL);
	t->buf[40] ^= 1;

	assert_int_equal(acpi_table_check(t->buf, len - 1, "APIC", &dg),
			 -EINVAL);
	expect_report(&l, "ACPI APIC: length 56 exceeds the 55 bytes");
	assert_int_equal(acpi_table_check(t->buf, 35, "APIC", &dg), -EINVAL);
	expect_report(&l, "ACPI APIC: only 35 bytes");
	assert_int_equal(acpi_table_check(t->buf, 2, NULL, &dg), -EINVAL);
	expect_report(&l, "ACPI ????: only 2 bytes");

	put32(t->buf + 4, 35);
	fix_checksum(t->buf, 35, 9);
	assert_int_equal(acpi_table_check(t->buf, len, "APIC", &dg), -EINVAL);
	expect_report(&l, "ACPI APIC: length 35 shorter");
	put32(t->buf + 4, 0);
	assert_int_equal(acpi_table_check(t->buf, len, NULL, &dg), -EINVAL);
	expect_report(&l, "length 0 shorter");
	put32(t->buf + 4, 0x80000000u);
	assert_int_equal(acpi_table_check(t->buf, len, NULL, &dg), -EINVAL);
	expect_report(&l, "exceeds");

	/* Firmware bytes are never echoed raw. */
	memcpy(t->buf, "\x1b[2J", 4);
	put32(t->buf + 4, 56);
	assert_int_equal(acpi_table_check(t->buf, len, NULL, &dg), -EINVAL);
	expect_report(&l, "ACPI ?[2J: bad checksum");
	free(t);
}

/* ---- RSDT / XSDT ---- */

static void test_rsdt_entries(void **state)
{
	struct tb t;
	uint64_t out[8];
	size_t len;
	LOG_INIT(l, dg);

	(void)state;
	tb_start(&t, "RSDT", 1, 0);
	tb_u32(&t, 0x7fe1000);
	tb_u32(&t, 0);			/* skipped */
	tb_u32(&t, 0xfffff000);
	len = tb_finish(&t);
	assert_int_equal(acpi_table_check(t.buf, len, "RSDT", &dg), (int)len);
	assert_int_equal(acpi_sdt_entries(t.buf, len, false, out, 8, &dg), 2);
	assert_int_equal(out[0], 0x7fe1000);
	assert_int_equal(out[1], 0xfffff000);
	assert_int_equal(l.count, 0);
	/* Truncation to max, reported once. */
	assert_int_equal(acpi_sdt_entries(t.buf, len, false, out, 1, &dg), 1);
	assert_int_equal(out[0], 0x7fe1000);
	assert_int_equal(l.count, 1);
	expect_report(&l, "ACPI RSDT: more than 1 tables");
	assert_int_equal(acpi_sdt_entries(t.buf, len, false, NULL, 0, NULL), 0);
	/* Trailing partial entry. */
	tb_u16(&t, 0x1234);
	len = tb_finish(&t);
	assert_int_equal(acpi_sdt_entries(t.buf, len, false, out, 8, &dg), 2);
	expect_report(&l, "ACPI RSDT: trailing partial entry");
	/* Header only, and too short. */
	assert_int_equal(acpi_sdt_entries(t.buf, 36, false, out, 8, &dg), 0);
	assert_int_equal(acpi_sdt_entries(t.buf, 35, false, out, 8, &dg),
			 -EINVAL);
	expect_report(&l, "ACPI RSDT: length 35");
}

static void test_xsdt_entries(void **state)
{
	struct tb t;
	uint64_t out[8];
	unsigned int shift;
	size_t len;
	LOG_INIT(l, dg);

	(void)state;
	/* Every misalignment of the table, so 8-byte entries are unaligned. */
	for (shift = 0; shift < 8; shift++) {
		tb_start(&t, "XSDT", 1, shift);
		tb_u64(&t, 0x100000000ull);
		tb_u64(&t, 0);
		tb_u64(&t, 0xfedcba9876543210ull);
		tb_u64(&t, 0x7fe2000);
		len = tb_finish(&t);
		assert_int_equal(acpi_table_check(t.buf, len, "XSDT", &dg),
				 (int)len);
		assert_int_equal(acpi_sdt_entries(t.buf, len, true, out, 8,
						  &dg), 3);
		assert_int_equal(out[0], 0x100000000ull);
		assert_int_equal(out[1], 0xfedcba9876543210ull);
		assert_int_equal(out[2], 0x7fe2000);
	}
	assert_int_equal(l.count, 0);
	tb_u32(&t, 5);
	len = tb_finish(&t);
	assert_int_equal(acpi_sdt_entries(t.buf, len, true, out, 2, &dg), 2);
	assert_int_equal(l.count, 2);
	expect_report(&l, "ACPI XSDT: more than 2 tables");
	assert_string_equal(l.first,
			    "ACPI XSDT: trailing partial entry ignored");
}

/* ---- MADT ---- */

static void madt_start(struct tb *t, uint32_t lapic, uint32_t flags,
		       unsigned int shift)
{
	tb_start(t, "APIC", 4, shift);
	tb_u32(t, lapic);
	tb_u32(t, flags);
}

static void madt_lapic(struct tb *t, uint8_t uid, uint8_t id, uint32_t flags)
{
	tb_u8(t, 0);
	tb_u8(t, 8);
	tb_u8(t, uid);
	tb_u8(t, id);
	tb_u32(t, flags);
}

static void madt_ioapic(struct tb *t, uint8_t id, uint32_t addr, uint32_t gsi)
{
	tb_u8(t, 1);
	tb_u8(t, 12);
	tb_u8(t, id);
	tb_u8(t, 0);
	tb_u32(t, addr);
	tb_u32(t, gsi);
}

static void madt_iso(struct tb *t, uint8_t src, uint32_t gsi, uint16_t flags)
{
	tb_u8(t, 2);
	tb_u8(t, 10);
	tb_u8(t, 0);
	tb_u8(t, src);
	tb_u32(t, gsi);
	tb_u16(t, flags);
}

static void madt_nmi(struct tb *t, uint8_t uid, uint16_t flags, uint8_t lint)
{
	tb_u8(t, 4);
	tb_u8(t, 6);
	tb_u8(t, uid);
	tb_u16(t, flags);
	tb_u8(t, lint);
}

static void madt_lapic_ovr(struct tb *t, uint64_t addr)
{
	tb_u8(t, 5);
	tb_u8(t, 12);
	tb_u16(t, 0);
	tb_u64(t, addr);
}

static void madt_x2apic(struct tb *t, uint32_t id, uint32_t flags,
			uint32_t uid)
{
	tb_u8(t, 9);
	tb_u8(t, 16);
	tb_u16(t, 0);
	tb_u32(t, id);
	tb_u32(t, flags);
	tb_u32(t, uid);
}

static void madt_x2nmi(struct tb *t, uint16_t flags, uint32_t uid,
		       uint8_t lint)
{
	tb_u8(t, 0xa);
	tb_u8(t, 12);
	tb_u16(t, flags);
	tb_u32(t, uid);
	tb_u8(t, lint);
	tb_zero(t, 3);
}

static struct acpi_madt_info *madt_info(void)
{
	struct acpi_madt_info *m = malloc(sizeof(*m));

	assert_non_null(m);
	memset(m, 0xcc, sizeof(*m));
	return m;
}

static void test_madt_all_types(void **state)
{
	struct tb t;
	struct acpi_madt_info *m = madt_info();
	unsigned int shift;
	size_t len;
	LOG_INIT(l, dg);

	(void)state;
	for (shift = 0; shift < 4; shift++) {
		madt_start(&t, 0xfee00000, 1, shift);
		madt_lapic(&t, 0, 0, 1);		/* enabled */
		madt_lapic(&t, 1, 2, 2);		/* online capable */
		madt_lapic(&t, 2, 4, 0);		/* neither */
		madt_ioapic(&t, 8, 0xfec00000, 0);
		madt_ioapic(&t, 9, 0xfec01000, 24);
		madt_iso(&t, 0, 2, 0);
		madt_iso(&t, 9, 9, 0xd);
		madt_nmi(&t, 0xff, 5, 1);
		madt_nmi(&t, 1, 0, 0);
		/* Unknown type 0x7f, and a GIC-like long entry: skipped. */
		tb_u8(&t, 0x7f);
		tb_u8(&t, 3);
		tb_u8(&t, 0);
		tb_u8(&t, 0xb);
		tb_u8(&t, 80);
		tb_zero(&t, 78);
		madt_lapic_ovr(&t, 0x1fee00000ull);
		madt_x2apic(&t, 0x1234, 1, 300);
		madt_x2nmi(&t, 0xf, 0xffffffff, 1);
		/* Longer than needed: accepted (future revisions grow). */
		tb_u8(&t, 0);
		tb_u8(&t, 10);
		tb_u8(&t, 7);
		tb_u8(&t, 7);
		tb_u32(&t, 1);
		tb_u16(&t, 0xffff);
		len = tb_finish(&t);
		assert_int_equal(acpi_table_check(t.buf, len, "APIC", &dg),
				 (int)len);
		assert_int_equal(acpi_madt_parse(t.buf, len, m, &dg), 0);
		assert_int_equal(l.count, 0);

		assert_int_equal(m->lapic_addr, 0x1fee00000ull);
		assert_true(m->pcat_compat);
		assert_int_equal(m->nr_cpus, 5);
		assert_int_equal(m->cpus[0].apic_id, 0);
		assert_true(m->cpus[0].enabled);
		assert_false(m->cpus[0].online_capable);
		assert_false(m->cpus[0].x2apic_entry);
		assert_int_equal(m->cpus[1].apic_id, 2);
		assert_int_equal(m->cpus[1].uid, 1);
		assert_false(m->cpus[1].enabled);
		assert_true(m->cpus[1].online_capable);
		assert_int_equal(m->cpus[2].apic_id, 4);
		assert_false(m->cpus[2].enabled);
		assert_false(m->cpus[2].online_capable);
		assert_int_equal(m->cpus[3].apic_id, 0x1234);
		assert_int_equal(m->cpus[3].uid, 300);
		assert_true(m->cpus[3].enabled);
		assert_true(m->cpus[3].x2apic_entry);
		assert_int_equal(m->cpus[4].apic_id, 7);
		assert_int_equal(m->cpus[4].uid, 7);

		assert_int_equal(m->nr_ioapics, 2);
		assert_int_equal(m->ioapics[0].id, 8);
		assert_int_equal(m->ioapics[0].addr, 0xfec00000);
		assert_int_equal(m->ioapics[0].gsi_base, 0);
		assert_int_equal(m->ioapics[1].id, 9);
		assert_int_equal(m->ioapics[1].addr, 0xfec01000);
		assert_int_equal(m->ioapics[1].gsi_base, 24);

		assert_int_equal(m->nr_isos, 2);
		assert_int_equal(m->isos[0].bus, 0);
		assert_int_equal(m->isos[0].source, 0);
		assert_int_equal(m->isos[0].gsi, 2);
		assert_int_equal(m->isos[0].flags, 0);
		assert_int_equal(m->isos[1].source, 9);
		assert_int_equal(m->isos[1].gsi, 9);
		assert_int_equal(m->isos[1].flags, 0xd);

		assert_int_equal(m->nr_lapic_nmis, 3);
		assert_int_equal(m->lapic_nmis[0].uid, ACPI_NMI_ALL_CPUS);
		assert_int_equal(m->lapic_nmis[0].flags, 5);
		assert_int_equal(m->lapic_nmis[0].lint, 1);
		assert_int_equal(m->lapic_nmis[1].uid, 1);
		assert_int_equal(m->lapic_nmis[1].lint, 0);
		assert_int_equal(m->lapic_nmis[2].uid, 0xffffffff);
		assert_int_equal(m->lapic_nmis[2].flags, 0xf);
		assert_int_equal(m->lapic_nmis[2].lint, 1);
	}
	free(m);
}

static void test_madt_fixed_part(void **state)
{
	struct tb t;
	struct acpi_madt_info *m = madt_info();
	size_t len;
	LOG_INIT(l, dg);

	(void)state;
	madt_start(&t, 0xfee00000, 0, 0);
	len = tb_finish(&t);
	assert_int_equal(acpi_madt_parse(t.buf, len, m, &dg), 0);
	assert_int_equal(m->lapic_addr, 0xfee00000);
	assert_false(m->pcat_compat);
	assert_int_equal(m->nr_cpus + m->nr_ioapics + m->nr_isos +
			 m->nr_lapic_nmis, 0);
	assert_int_equal(l.count, 0);
	memset(m, 0xcc, sizeof(*m));
	assert_int_equal(acpi_madt_parse(t.buf, 43, m, &dg), -EINVAL);
	expect_report(&l, "ACPI APIC: length 43 too short");
	assert_int_equal(m->nr_cpus, 0);
	assert_int_equal(acpi_madt_parse(t.buf, 0, m, NULL), -EINVAL);
	free(m);
}

/* Builds a MADT of one good CPU followed by the given raw bytes. */
static size_t madt_bad_tail(struct tb *t, const uint8_t *tail, size_t n)
{
	madt_start(t, 0xfee00000, 0, 1);
	madt_lapic(t, 0, 0, 1);
	tb_bytes(t, tail, n);
	return tb_finish(t);
}

static void expect_madt_stop(const uint8_t *tail, size_t n, const char *what)
{
	struct tb t;
	struct acpi_madt_info *m = madt_info();
	size_t len = madt_bad_tail(&t, tail, n);
	LOG_INIT(l, dg);

	assert_int_equal(acpi_table_check(t.buf, len, "APIC", NULL), (int)len);
	assert_int_equal(acpi_madt_parse(t.buf, len, m, &dg), 0);
	assert_int_equal(l.count, 1);
	expect_report(&l, what);
	/* What came before the bad entry is kept. */
	assert_int_equal(m->nr_cpus, 1);
	assert_true(m->cpus[0].enabled);
	assert_int_equal(m->nr_ioapics, 0);
	free(m);
}

static void test_madt_bad_entries(void **state)
{
	static const uint8_t zero_len[] = { 1, 0, 0, 0, 0, 0, 0xc0, 0xfe,
					    0, 0, 0, 0 };
	static const uint8_t one_len[] = { 1, 1, 0, 0, 0, 0, 0xc0, 0xfe,
					   0, 0, 0, 0 };
	static const uint8_t past_end[] = { 1, 13, 0, 0, 0, 0, 0xc0, 0xfe,
					    0, 0, 0, 0 };
	static const uint8_t short_ioapic[] = { 1, 8, 0, 0, 0, 0, 0xc0,
						0xfe };
	static const uint8_t short_x2apic[] = { 9, 12, 0, 0, 5, 0, 0, 0,
						1, 0, 0, 0 };
	static const uint8_t short_lapic[] = { 0, 6, 1, 1, 1, 0 };
	static const uint8_t half_header[] = { 1 };

	(void)state;
	expect_madt_stop(zero_len, sizeof(zero_len),
			 "entry type 1 at offset 52 has bad length 0");
	expect_madt_stop(one_len, sizeof(one_len), "has bad length 1");
	expect_madt_stop(past_end, sizeof(past_end), "has bad length 13");
	expect_madt_stop(short_ioapic, sizeof(short_ioapic),
			 "entry type 1 at offset 52 too short (8 < 12)");
	expect_madt_stop(short_x2apic, sizeof(short_x2apic),
			 "entry type 9 at offset 52 too short (12 < 16)");
	expect_madt_stop(short_lapic, sizeof(short_lapic),
			 "too short (6 < 8)");
	expect_madt_stop(half_header, sizeof(half_header),
			 "truncated entry at offset 52");
}

static void test_madt_duplicates(void **state)
{
	struct tb t;
	struct acpi_madt_info *m = madt_info();
	size_t len;
	LOG_INIT(l, dg);

	(void)state;
	madt_start(&t, 0xfee00000, 0, 0);
	madt_lapic(&t, 0, 3, 1);
	madt_lapic(&t, 1, 3, 0);		/* same ID, xAPIC */
	madt_x2apic(&t, 3, 1, 9);		/* same ID, x2APIC */
	madt_x2apic(&t, 0x103, 1, 10);		/* differs above 8 bits */
	len = tb_finish(&t);
	assert_int_equal(acpi_madt_parse(t.buf, len, m, &dg), 0);
	assert_int_equal(l.count, 2);
	expect_report(&l, "ACPI APIC: duplicate APIC ID 0x3 (UID 9) ignored");
	assert_int_equal(m->nr_cpus, 2);
	assert_int_equal(m->cpus[0].apic_id, 3);
	assert_int_equal(m->cpus[0].uid, 0);
	assert_true(m->cpus[0].enabled);
	assert_false(m->cpus[0].x2apic_entry);
	assert_int_equal(m->cpus[1].apic_id, 0x103);
	free(m);
}

static void test_madt_overflow(void **state)
{
	struct tb *t = calloc(1, sizeof(*t));
	struct acpi_madt_info *m = madt_info();
	unsigned int i;
	size_t len;
	LOG_INIT(l, dg);

	(void)state;
	assert_non_null(t);
	madt_start(t, 0xfee00000, 0, 3);
	for (i = 0; i < ACPI_MAX_CPUS + 5; i++)
		madt_x2apic(t, i, 1, i);
	for (i = 0; i < ACPI_MAX_IOAPICS + 2; i++)
		madt_ioapic(t, i, 0xfec00000 + i * 0x1000, i * 24);
	for (i = 0; i < ACPI_MAX_ISOS + 3; i++)
		madt_iso(t, i, i, 0);
	for (i = 0; i < ACPI_MAX_LAPIC_NMIS + 1; i++)
		madt_nmi(t, i, 0, 1);
	madt_x2nmi(t, 0, 7, 0);
	madt_ioapic(t, 99, 0, 0);
	len = tb_finish(t);
	assert_int_equal(acpi_table_check(t->buf, len, "APIC", &dg), (int)len);
	assert_int_equal(acpi_madt_parse(t->buf, len, m, &dg), 0);
	/* One report per overflowing array, however many are dropped. */
	assert_int_equal(l.count, 4);
	assert_string_equal(l.first,
			    "ACPI APIC: more than 512 CPUs, rest ignored");
	assert_int_equal(m->nr_cpus, ACPI_MAX_CPUS);
	assert_int_equal(m->cpus[ACPI_MAX_CPUS - 1].apic_id, ACPI_MAX_CPUS - 1);
	assert_int_equal(m->nr_ioapics, ACPI_MAX_IOAPICS);
	assert_int_equal(m->ioapics[ACPI_MAX_IOAPICS - 1].id,
			 ACPI_MAX_IOAPICS - 1);
	assert_int_equal(m->nr_isos, ACPI_MAX_ISOS);
	assert_int_equal(m->nr_lapic_nmis, ACPI_MAX_LAPIC_NMIS);
	assert_int_equal(m->lapic_nmis[ACPI_MAX_LAPIC_NMIS - 1].uid,
			 ACPI_MAX_LAPIC_NMIS - 1);
	free(m);
	free(t);
}

/* ---- FADT ---- */

struct fadt_fields {
	uint8_t rev;
	size_t len;		/* 116, 244, 276 ... */
	uint32_t facs, dsdt;
	uint16_t sci;
	uint32_t smi;
	uint32_t pm1a_cnt, pm1b_cnt, pm_tmr;
	uint8_t pm1_cnt_len, pm_tmr_len;
	uint8_t century;
	uint16_t boot_arch;
	uint32_t flags;
	uint8_t reset_space;
	uint64_t reset_addr;
	uint8_t reset_val;
	uint64_t x_facs, x_dsdt;
	uint8_t x_pm1a_space, x_tmr_space;
	uint64_t x_pm1a_cnt, x_pm1b_cnt, x_pm_tmr;
};

static size_t build_fadt(struct tb *t, const struct fadt_fields *f)
{
	tb_start(t, "FACP", f->rev, 1);
	tb_u32(t, f->facs);			/* 36 */
	tb_u32(t, f->dsdt);			/* 40 */
	tb_u8(t, 0);				/* 44 */
	tb_u8(t, 0);				/* 45 profile */
	tb_u16(t, f->sci);			/* 46 */
	tb_u32(t, f->smi);			/* 48 */
	tb_zero(t, 4);				/* 52..55 */
	tb_u32(t, 0x600);			/* 56 PM1a_EVT */
	tb_u32(t, 0);				/* 60 PM1b_EVT */
	tb_u32(t, f->pm1a_cnt);			/* 64 */
	tb_u32(t, f->pm1b_cnt);			/* 68 */
	tb_u32(t, 0);				/* 72 PM2_CNT */
	tb_u32(t, f->pm_tmr);			/* 76 */
	tb_u32(t, 0x620);			/* 80 GPE0 */
	tb_u32(t, 0);				/* 84 GPE1 */
	tb_u8(t, 4);				/* 88 PM1_EVT_LEN */
	tb_u8(t, f->pm1_cnt_len);		/* 89 */
	tb_u8(t, 0);				/* 90 */
	tb_u8(t, f->pm_tmr_len);		/* 91 */
	tb_zero(t, 16);				/* 92..107 */
	tb_u8(t, f->century);			/* 108 */
	tb_u16(t, f->boot_arch);		/* 109 */
	tb_u8(t, 0);				/* 111 */
	tb_u32(t, f->flags);			/* 112 */
	tb_gas(t, f->reset_space, 8, 0, 1, f->reset_addr);	/* 116 */
	tb_u8(t, f->reset_val);			/* 128 */
	tb_zero(t, 3);				/* 129..131 */
	tb_u64(t, f->x_facs);			/* 132 */
	tb_u64(t, f->x_dsdt);			/* 140 */
	tb_zero(t, 24);				/* 148 X_PM1a/b_EVT */
	tb_gas(t, f->x_pm1a_space, 16, 0, 2, f->x_pm1a_cnt);	/* 172 */
	tb_gas(t, ACPI_GAS_SYSTEM_IO, 16, 0, 2, f->x_pm1b_cnt); /* 184 */
	tb_zero(t, 12);				/* 196 X_PM2_CNT */
	tb_gas(t, f->x_tmr_space, 32, 0, 3, f->x_pm_tmr);	/* 208 */
	tb_zero(t, 24 + 24 + 8);		/* 220..275 */
	assert_int_equal(t->len, 276);
	t->len = f->len;
	return tb_finish(t);
}

static const struct fadt_fields fadt_v1 = {
	.rev = 1, .len = 116,
	.facs = 0x7fe0000, .dsdt = 0x7fe1000,
	.sci = 9, .smi = 0xb2,
	.pm1a_cnt = 0x604, .pm1_cnt_len = 2,
	.pm_tmr = 0x608, .pm_tmr_len = 4,
	.century = 0x32, .boot_arch = 0,
	.flags = ACPI_FADT_RESET_REG_SUP,	/* but no room for RESET_REG */
};

static void test_fadt_v1(void **state)
{
	struct tb t;
	struct acpi_fadt_info f;
	size_t len = build_fadt(&t, &fadt_v1);
	LOG_INIT(l, dg);

	(void)state;
	assert_int_equal(acpi_table_check(t.buf, len, "FACP", &dg), 116);
	assert_int_equal(acpi_fadt_parse(t.buf, len, &f, &dg), 0);
	assert_int_equal(f.revision, 1);
	assert_int_equal(f.flags, ACPI_FADT_RESET_REG_SUP);
	assert_int_equal(f.sci_int, 9);
	assert_int_equal(f.smi_cmd, 0xb2);
	assert_int_equal(f.dsdt, 0x7fe1000);
	assert_int_equal(f.facs, 0x7fe0000);
	assert_int_equal(f.pm_tmr_port, 0x608);
	assert_false(f.pm_tmr_32bit);
	assert_false(f.hw_reduced);
	assert_int_equal(f.century, 0x32);
	assert_false(f.has_reset);
	assert_int_equal(f.pm1a_cnt.space_id, ACPI_GAS_SYSTEM_IO);
	assert_int_equal(f.pm1a_cnt.address, 0x604);
	assert_int_equal(f.pm1a_cnt.bit_width, 16);
	assert_int_equal(f.pm1b_cnt.address, 0);
	assert_int_equal(l.count, 1);
	expect_report(&l, "RESET_REG_SUP set but table too short");

	assert_int_equal(acpi_fadt_parse(t.buf, 115, &f, &dg), -EINVAL);
	expect_report(&l, "ACPI FACP: length 115 too short");
}

static void test_fadt_long(void **state)
{
	struct tb t;
	struct acpi_fadt_info f;
	struct fadt_fields ff = fadt_v1;
	size_t len;
	LOG_INIT(l, dg);

	(void)state;
	ff.rev = 6;
	ff.len = 276;
	ff.facs = 0;
	ff.dsdt = 0x7fe1000;
	ff.x_facs = 0x1000000000ull;
	ff.x_dsdt = 0x7fe1000;
	ff.flags = ACPI_FADT_RESET_REG_SUP | ACPI_FADT_TMR_VAL_EXT;
	ff.boot_arch = ACPI_FADT_BOOT_8042 | ACPI_FADT_BOOT_NO_VGA;
	ff.reset_space = ACPI_GAS_SYSTEM_IO;
	ff.reset_addr = 0xcf9;
	ff.reset_val = 6;
	ff.x_pm1a_space = ACPI_GAS_SYSTEM_IO;
	ff.x_pm1a_cnt = 0xb004;
	ff.x_pm1b_cnt = 0;
	ff.x_tmr_space = ACPI_GAS_SYSTEM_IO;
	ff.x_pm_tmr = 0xb008;
	len = build_fadt(&t, &ff);
	assert_int_equal(acpi_table_check(t.buf, len, "FACP", &dg), 276);
	assert_int_equal(acpi_fadt_parse(t.buf, len, &f, &dg), 0);
	assert_int_equal(l.count, 0);
	assert_int_equal(f.revision, 6);
	assert_int_equal(f.facs, 0x1000000000ull);
	assert_int_equal(f.dsdt, 0x7fe1000);
	assert_int_equal(f.pm_tmr_port, 0xb008);
	assert_true(f.pm_tmr_32bit);
	assert_int_equal(f.iapc_boot_arch, 0x6);
	assert_true(f.has_reset);
	assert_int_equal(f.reset_reg.space_id, ACPI_GAS_SYSTEM_IO);
	assert_int_equal(f.reset_reg.bit_width, 8);
	assert_int_equal(f.reset_reg.access_size, 1);
	assert_int_equal(f.reset_reg.address, 0xcf9);
	assert_int_equal(f.reset_value, 6);
	assert_int_equal(f.pm1a_cnt.address, 0xb004);
	assert_int_equal(f.pm1a_cnt.access_size, 2);
	assert_int_equal(f.pm1b_cnt.address, 0);

	/* Conflicting 32/64-bit DSDT: X_DSDT wins, with a note. */
	ff.x_dsdt = 0x17fe1000ull;
	len = build_fadt(&t, &ff);
	assert_int_equal(acpi_fadt_parse(t.buf, len, &f, &dg), 0);
	assert_int_equal(f.dsdt, 0x17fe1000ull);
	expect_report(&l, "DSDT 0x7fe1000 and X_DSDT 0x17fe1000 differ");

	/* X_ fields zero: the 32-bit ones are used. */
	ff.x_dsdt = 0;
	ff.x_facs = 0;
	ff.facs = 0x7fe0000;
	ff.x_pm_tmr = 0;
	ff.x_pm1a_cnt = 0;
	len = build_fadt(&t, &ff);
	l.count = 0;
	assert_int_equal(acpi_fadt_parse(t.buf, len, &f, &dg), 0);
	assert_int_equal(l.count, 0);
	assert_int_equal(f.dsdt, 0x7fe1000);
	assert_int_equal(f.facs, 0x7fe0000);
	assert_int_equal(f.pm_tmr_port, 0x608);
	assert_int_equal(f.pm1a_cnt.address, 0x604);
	assert_int_equal(f.pm1a_cnt.space_id, ACPI_GAS_SYSTEM_IO);
}

static void test_fadt_partial(void **state)
{
	struct tb t;
	struct acpi_fadt_info f;
	struct fadt_fields ff = fadt_v1;
	size_t len;
	LOG_INIT(l, dg);

	(void)state;
	/* 144 bytes: X_FIRMWARE_CTRL is in, X_DSDT (140..147) is not. */
	ff.rev = 3;
	ff.len = 144;
	ff.flags = ACPI_FADT_RESET_REG_SUP;
	ff.reset_addr = 0xcf9;
	ff.reset_val = 0xe;
	ff.x_facs = 0x2000000000ull;
	ff.x_dsdt = 0x3000000000ull;
	ff.x_pm_tmr = 0xdead;
	ff.x_pm1a_cnt = 0xbeef;
	ff.facs = 0;
	len = build_fadt(&t, &ff);
	assert_int_equal(acpi_table_check(t.buf, len, "FACP", &dg), 144);
	assert_int_equal(acpi_fadt_parse(t.buf, len, &f, &dg), 0);
	assert_int_equal(l.count, 0);
	assert_int_equal(f.facs, 0x2000000000ull);
	assert_int_equal(f.dsdt, 0x7fe1000);
	assert_int_equal(f.pm_tmr_port, 0x608);
	assert_int_equal(f.pm1a_cnt.address, 0x604);
	assert_true(f.has_reset);
	assert_int_equal(f.reset_value, 0xe);

	/* 129 bytes: RESET_VALUE is the last byte. */
	ff.len = 129;
	len = build_fadt(&t, &ff);
	assert_int_equal(acpi_fadt_parse(t.buf, len, &f, &dg), 0);
	assert_true(f.has_reset);
	assert_int_equal(f.facs, 0);
	/* 128 bytes: no RESET_VALUE. */
	ff.len = 128;
	len = build_fadt(&t, &ff);
	assert_int_equal(acpi_fadt_parse(t.buf, len, &f, &dg), 0);
	assert_false(f.has_reset);
	expect_report(&l, "too short for RESET_REG");
	/* Reset supported but register 0. */
	ff.len = 276;
	ff.reset_addr = 0;
	ff.x_dsdt = 0;
	ff.x_pm_tmr = 0;
	l.count = 0;
	len = build_fadt(&t, &ff);
	assert_int_equal(acpi_fadt_parse(t.buf, len, &f, &dg), 0);
	assert_false(f.has_reset);
	assert_int_equal(f.reset_value, 0);
	assert_int_equal(l.count, 1);
	expect_report(&l, "RESET_REG is 0");
}

static void test_fadt_pm_timer(void **state)
{
	struct tb t;
	struct acpi_fadt_info f;
	struct fadt_fields ff = fadt_v1;
	size_t len;
	LOG_INIT(l, dg);

	(void)state;
	ff.len = 276;
	ff.rev = 5;
	ff.flags = ACPI_FADT_TMR_VAL_EXT;
	/* PM_TMR_LEN != 4. */
	ff.pm_tmr_len = 3;
	len = build_fadt(&t, &ff);
	assert_int_equal(acpi_fadt_parse(t.buf, len, &f, &dg), 0);
	assert_int_equal(f.pm_tmr_port, 0);
	assert_false(f.pm_tmr_32bit);
	expect_report(&l, "PM timer ignored, PM_TMR_LEN 3");
	/* X_PM_TMR_BLK in memory space. */
	ff.pm_tmr_len = 4;
	ff.x_tmr_space = ACPI_GAS_SYSTEM_MEMORY;
	ff.x_pm_tmr = 0xfed00000;
	len = build_fadt(&t, &ff);
	assert_int_equal(acpi_fadt_parse(t.buf, len, &f, &dg), 0);
	assert_int_equal(f.pm_tmr_port, 0);
	expect_report(&l, "not an I/O port (space 0, address 0xfed00000)");
	/* I/O space but beyond 16 bits. */
	ff.x_tmr_space = ACPI_GAS_SYSTEM_IO;
	ff.x_pm_tmr = 0x10008;
	len = build_fadt(&t, &ff);
	assert_int_equal(acpi_fadt_parse(t.buf, len, &f, &dg), 0);
	assert_int_equal(f.pm_tmr_port, 0);
	/* No timer at all: silent. */
	ff.x_pm_tmr = 0;
	ff.pm_tmr = 0;
	len = build_fadt(&t, &ff);
	l.count = 0;
	assert_int_equal(acpi_fadt_parse(t.buf, len, &f, &dg), 0);
	assert_int_equal(f.pm_tmr_port, 0);
	assert_int_equal(l.count, 0);
	/* 24-bit timer. */
	ff.pm_tmr = 0x408;
	ff.flags = 0;
	len = build_fadt(&t, &ff);
	assert_int_equal(acpi_fadt_parse(t.buf, len, &f, &dg), 0);
	assert_int_equal(f.pm_tmr_port, 0x408);
	assert_false(f.pm_tmr_32bit);
}

static void test_fadt_hw_reduced(void **state)
{
	struct tb t;
	struct acpi_fadt_info f;
	struct fadt_fields ff = fadt_v1;
	size_t len;

	(void)state;
	ff.len = 276;
	ff.rev = 6;
	ff.flags = ACPI_FADT_HW_REDUCED_ACPI | ACPI_FADT_TMR_VAL_EXT;
	ff.x_dsdt = 0x9fd44;
	ff.dsdt = 0;
	len = build_fadt(&t, &ff);
	assert_int_equal(acpi_fadt_parse(t.buf, len, &f, NULL), 0);
	assert_true(f.hw_reduced);
	assert_int_equal(f.dsdt, 0x9fd44);
	assert_int_equal(f.sci_int, 0);
	assert_int_equal(f.smi_cmd, 0);
	assert_int_equal(f.pm_tmr_port, 0);
	assert_false(f.pm_tmr_32bit);
	assert_int_equal(f.pm1a_cnt.address, 0);
	assert_int_equal(f.century, 0);
}

/* ---- HPET ---- */

static size_t build_hpet(struct tb *t, uint8_t space, uint64_t addr)
{
	tb_start(t, "HPET", 1, 2);
	tb_u32(t, 0x8086a201);
	tb_gas(t, space, 64, 0, 0, addr);
	tb_u8(t, 0);
	tb_u16(t, 0x80);
	tb_u8(t, 0);
	return tb_finish(t);
}

static void test_hpet(void **state)
{
	struct tb t;
	struct acpi_hpet_info h;
	size_t len = build_hpet(&t, ACPI_GAS_SYSTEM_MEMORY, 0xfed00000);
	LOG_INIT(l, dg);

	(void)state;
	assert_int_equal(len, ACPI_HPET_LEN);
	assert_int_equal(acpi_table_check(t.buf, len, "HPET", &dg), 56);
	assert_int_equal(acpi_hpet_parse(t.buf, len, &h, &dg), 0);
	assert_int_equal(h.address, 0xfed00000);
	assert_int_equal(h.space_id, ACPI_GAS_SYSTEM_MEMORY);
	assert_int_equal(h.number, 0);
	assert_int_equal(h.min_tick, 0x80);
	assert_int_equal(h.block_id, 0x8086a201);
	assert_int_equal(l.count, 0);

	assert_int_equal(acpi_hpet_parse(t.buf, 55, &h, &dg), -EINVAL);
	expect_report(&l, "ACPI HPET: length 55 too short");
	len = build_hpet(&t, ACPI_GAS_SYSTEM_IO, 0xfed00000);
	assert_int_equal(acpi_hpet_parse(t.buf, len, &h, &dg), -EINVAL);
	expect_report(&l,
		      "unusable base address (space 1, address 0xfed00000)");
	len = build_hpet(&t, ACPI_GAS_SYSTEM_MEMORY, 0);
	assert_int_equal(acpi_hpet_parse(t.buf, len, &h, &dg), -EINVAL);
	expect_report(&l, "address 0x0");
}

/* ---- Real firmware: tables of a Firecracker microVM (HW-reduced) ---- */

static const uint8_t fc_apic[72] = {
	0x41, 0x50, 0x49, 0x43, 0x48, 0x00, 0x00, 0x00, 0x06, 0x56, 0x46, 0x49,
	0x52, 0x45, 0x43, 0x4b, 0x46, 0x43, 0x56, 0x4d, 0x4d, 0x41, 0x44, 0x54,
	0x00, 0x00, 0x00, 0x00, 0x46, 0x43, 0x41, 0x54, 0x19, 0x01, 0x24, 0x20,
	0x00, 0x00, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x00, 0x00,
	0x00, 0x00, 0xc0, 0xfe, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x08, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00,
};

static void test_real_firecracker(void **state)
{
	struct tb *t = calloc(1, sizeof(*t));
	struct acpi_madt_info *m = madt_info();
	struct acpi_fadt_info f;
	LOG_INIT(l, dg);

	(void)state;
	assert_non_null(t);
	assert_int_equal(acpi_table_check(fc_apic, sizeof(fc_apic), "APIC",
					  &dg), 72);
	assert_int_equal(acpi_madt_parse(fc_apic, 72, m, &dg), 0);
	assert_int_equal(m->lapic_addr, 0xfee00000);
	assert_false(m->pcat_compat);
	assert_int_equal(m->nr_ioapics, 1);
	assert_int_equal(m->ioapics[0].addr, 0xfec00000);
	assert_int_equal(m->nr_cpus, 2);
	assert_int_equal(m->cpus[1].apic_id, 1);
	assert_true(m->cpus[1].enabled);

	/* Its 276-byte FADT: all zero except the fields below. */
	memset(t->mem, 0, sizeof(t->mem));
	t->buf = t->mem;
	memcpy(t->buf, "FACP\x14\x01\x00\x00\x06\x66" "FIRECKFCVMFADT", 24);
	memcpy(t->buf + 28, "FCAT\x19\x01\x24\x20", 8);
	t->buf[109] = 0x04;				/* IAPC_BOOT_ARCH */
	memcpy(t->buf + 112, "\x30\x00\x10\x00", 4);	/* flags */
	t->buf[131] = 5;				/* minor version */
	memcpy(t->buf + 140, "\x44\xfd\x09\x00", 4);	/* X_DSDT */
	memcpy(t->buf + 268, "FIRECKVM", 8);
	assert_int_equal(acpi_table_check(t->buf, 276, "FACP", &dg), 276);
	assert_int_equal(acpi_fadt_parse(t->buf, 276, &f, &dg), 0);
	assert_int_equal(f.revision, 6);
	assert_true(f.hw_reduced);
	assert_int_equal(f.dsdt, 0x9fd44);
	assert_int_equal(f.iapc_boot_arch, ACPI_FADT_BOOT_NO_VGA);
	assert_int_equal(f.pm_tmr_port, 0);
	assert_false(f.has_reset);
	assert_int_equal(l.count, 0);
	free(m);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsdp_v1),
		cmocka_unit_test(test_rsdp_v2),
		cmocka_unit_test(test_rsdp_scan),
		cmocka_unit_test(test_table_check),
		cmocka_unit_test(test_rsdt_entries),
		cmocka_unit_test(test_xsdt_entries),
		cmocka_unit_test(test_madt_all_types),
		cmocka_unit_test(test_madt_fixed_part),
		cmocka_unit_test(test_madt_bad_entries),
		cmocka_unit_test(test_madt_duplicates),
		cmocka_unit_test(test_madt_overflow),
		cmocka_unit_test(test_fadt_v1),
		cmocka_unit_test(test_fadt_long),
		cmocka_unit_test(test_fadt_partial),
		cmocka_unit_test(test_fadt_pm_timer),
		cmocka_unit_test(test_fadt_hw_reduced),
		cmocka_unit_test(test_hpet),
		cmocka_unit_test(test_real_firecracker),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
