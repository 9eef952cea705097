/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * libFuzzer harness for the ACPI decoders: the input is fed as RSDP, scan
 * window, generic SDT, RSDT, XSDT, MADT, FADT and HPET, once raw and once
 * with length and checksums fixed up so the fuzzer reaches the decoders
 * behind the header checks. ASan catches any out-of-bounds read (inputs and
 * output arrays are exact-size heap blocks); the harness aborts when an
 * output is out of its documented range. Not a semantic test: the unit
 * tests check decoded values.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vesta/acpi.h>
#include <vesta/errno.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void sink(void *ctx, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	(void)ctx;
	/* Formatting every report checks the arguments match at run time. */
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
}

static const struct diag dg = { sink, NULL };

#define CHECK(cond)                   \
	do {                          \
		if (!(cond))          \
			abort();      \
	} while (0)

static void fix_sum(uint8_t *p, size_t len, size_t at)
{
	uint8_t sum = 0;
	size_t i;

	p[at] = 0;
	for (i = 0; i < len; i++)
		sum += p[i];
	p[at] = (uint8_t)-sum;
}

static void run_rsdp(const uint8_t *p, size_t size)
{
	struct acpi_rsdp_info ri;
	long off;

	if (acpi_rsdp_check(p, size, &ri) == 0)
		CHECK(ri.oem_id[6] == '\0');
	off = acpi_rsdp_scan(p, size);
	CHECK(off == -ENOENT ||
	      (off >= 0 && (size_t)off < size && !(off % 16)));
}

static void run_entries(const uint8_t *p, size_t len, unsigned int max)
{
	uint64_t *out = malloc((max ? max : 1) * sizeof(*out));
	int n;

	CHECK(out);
	n = acpi_sdt_entries(p, len, false, out, max, &dg);
	CHECK(n >= -EINVAL && (n < 0 ? n == -EINVAL : (unsigned int)n <= max));
	n = acpi_sdt_entries(p, len, true, out, max, &dg);
	CHECK(n >= -EINVAL && (n < 0 ? n == -EINVAL : (unsigned int)n <= max));
	for (; n > 0; n--)
		CHECK(out[n - 1] != 0);
	free(out);
}

static void run_tables(const uint8_t *p, size_t len, unsigned int max)
{
	static struct acpi_madt_info m;
	struct acpi_fadt_info f;
	struct acpi_hpet_info h;
	int rc;

	run_entries(p, len, max);
	rc = acpi_madt_parse(p, len, &m, &dg);
	CHECK(rc == 0 || rc == -EINVAL);
	CHECK(m.nr_cpus <= ACPI_MAX_CPUS);
	CHECK(m.nr_ioapics <= ACPI_MAX_IOAPICS);
	CHECK(m.nr_isos <= ACPI_MAX_ISOS);
	CHECK(m.nr_lapic_nmis <= ACPI_MAX_LAPIC_NMIS);
	/* The first copy of each APIC ID is the only one. */
	for (unsigned int i = 1; i < m.nr_cpus; i++)
		CHECK(m.cpus[i].apic_id != m.cpus[0].apic_id);
	rc = acpi_fadt_parse(p, len, &f, &dg);
	CHECK(rc == 0 || rc == -EINVAL);
	if (f.pm_tmr_port)
		CHECK(f.pm_tmr_port <= 0xffff && !f.hw_reduced);
	if (f.has_reset)
		CHECK(f.reset_reg.address != 0);
	rc = acpi_hpet_parse(p, len, &h, &dg);
	CHECK(rc == 0 || rc == -EINVAL);
	if (!rc)
		CHECK(h.address && h.space_id == ACPI_GAS_SYSTEM_MEMORY);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *fixed;
	unsigned int max = size ? data[0] % 40 : 0;
	int len;

	run_rsdp(data, size);
	len = acpi_table_check(data, size, NULL, &dg);
	CHECK(len == -EINVAL || (len >= 36 && (size_t)len <= size));
	(void)acpi_table_check(data, size, "APIC", &dg);
	/* The decoders trust len only as far as the header check allows. */
	if (len > 0)
		run_tables(data, (size_t)len, max);
	run_tables(data, size, max);

	if (!size)
		return 0;
	fixed = malloc(size);
	CHECK(fixed);
	memcpy(fixed, data, size);
	if (size >= 36) {
		fixed[4] = (uint8_t)size;
		fixed[5] = (uint8_t)(size >> 8);
		fixed[6] = (uint8_t)(size >> 16);
		fixed[7] = (uint8_t)(size >> 24);
		fix_sum(fixed, size, 9);
		len = acpi_table_check(fixed, size, NULL, &dg);
		CHECK(size > 0x7fffffff || len == (int)size);
		run_tables(fixed, size, max);
	}
	if (size >= 20) {
		/* v1 sum covers bytes 0-19; the extended one is at 32. */
		memcpy(fixed, "RSD PTR ", 8);
		if (size >= 36) {
			fixed[20] = (uint8_t)size;
			fixed[21] = (uint8_t)(size >> 8);
			fixed[22] = (uint8_t)(size >> 16);
			fixed[23] = (uint8_t)(size >> 24);
		}
		fix_sum(fixed, 20, 8);
		if (size >= 36)
			fix_sum(fixed, size, 32);
		run_rsdp(fixed, size);
	}
	free(fixed);
	return 0;
}
