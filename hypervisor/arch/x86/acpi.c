/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot-time glue between the firmware's ACPI tables in physical memory and
 * the pure parsers in lib/acpi.c: finds the RSDP, maps and length-checks
 * each table, and keeps the parsed MADT, FADT and HPET results. Not
 * responsible for AML or anything beyond these static tables.
 */
#include <vesta/acpi.h>
#include <vesta/multiboot.h>
#include <vesta/printk.h>
#include <string.h>
#include <asm/acpi.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>

#define MAX_TABLES	64
/* Sanity cap on any one table; real MADT/FADT/HPET are a few KiB. */
#define TABLE_MAX_LEN	(1U << 20)

struct acpi_state acpi;

static const struct diag acpi_diag = { printk_diag, "acpi" };

/* Physical -> pointer for firmware tables, wherever the firmware put them. */
static const void *table_ptr(uint64_t pa, size_t len)
{
	if (!pa)
		return NULL;
	return map_firmware(pa, len);
}

static bool find_rsdp(const struct boot_info *bi)
{
	uint16_t ebda_seg;
	uint64_t ebda;
	long off;

	if (bi->rsdp_len &&
	    !acpi_rsdp_check(bi->rsdp, bi->rsdp_len, &acpi.rsdp))
		return true;
	if (bi->rsdp_len)
		printk(LOG_WARNING "acpi: RSDP from the boot loader is invalid; scanning memory\n");
	memcpy(&ebda_seg, __va(0x40e), sizeof(ebda_seg));
	ebda = (uint64_t)ebda_seg << 4;
	if (ebda >= 0x80000 && ebda < 0xa0000) {
		off = acpi_rsdp_scan(__va(ebda), 1024);
		if (off >= 0 && !acpi_rsdp_check((char *)__va(ebda) + off,
						 1024 - (size_t)off, &acpi.rsdp))
			return true;
	}
	off = acpi_rsdp_scan(__va(0xe0000), 0x20000);
	return off >= 0 && !acpi_rsdp_check((char *)__va(0xe0000) + off,
					    0x20000 - (size_t)off, &acpi.rsdp);
}

/* Map the table at @pa and validate it; returns its length or < 0. */
static int get_table(uint64_t pa, const char *sig, const void **out)
{
	const uint8_t *hdr = table_ptr(pa, 36);
	uint32_t len;

	if (!hdr)
		return -1;
	memcpy(&len, hdr + 4, sizeof(len));
	if (len > TABLE_MAX_LEN) {
		printk(LOG_WARNING "acpi: table at %#lx claims %u bytes; ignored\n",
		       (unsigned long)pa, len);
		return -1;
	}
	if (len < 36 || !table_ptr(pa, len))
		len = 36;
	*out = hdr;
	return acpi_table_check(hdr, len, sig, &acpi_diag);
}

static void parse_table(uint64_t pa)
{
	const void *t;
	char sig[5] = { 0 };
	int len = get_table(pa, NULL, &t);

	if (len < 0)
		return;
	memcpy(sig, t, 4);
	if (!strcmp(sig, "APIC") && !acpi.has_madt)
		acpi.has_madt = !acpi_madt_parse(t, (size_t)len, &acpi.madt,
						 &acpi_diag);
	else if (!strcmp(sig, "FACP") && !acpi.has_fadt)
		acpi.has_fadt = !acpi_fadt_parse(t, (size_t)len, &acpi.fadt,
						 &acpi_diag);
	else if (!strcmp(sig, "HPET") && !acpi.has_hpet)
		acpi.has_hpet = !acpi_hpet_parse(t, (size_t)len, &acpi.hpet,
						 &acpi_diag);
}

void acpi_init(const struct boot_info *bi)
{
	static uint64_t tables[MAX_TABLES];
	const void *sdt;
	bool xsdt;
	int len, n;

	if (!find_rsdp(bi)) {
		printk(LOG_WARNING "acpi: no valid RSDP found; running without ACPI (1 CPU, no HPET)\n");
		return;
	}
	acpi.has_rsdp = true;
	xsdt = acpi.rsdp.revision >= 2 && acpi.rsdp.xsdt;
	len = get_table(xsdt ? acpi.rsdp.xsdt : acpi.rsdp.rsdt,
			xsdt ? "XSDT" : "RSDT", &sdt);
	if (len < 0 && xsdt) {
		printk(LOG_WARNING "acpi: XSDT unusable, trying the RSDT\n");
		xsdt = false;
		len = get_table(acpi.rsdp.rsdt, "RSDT", &sdt);
	}
	if (len < 0) {
		printk(LOG_WARNING "acpi: no usable RSDT/XSDT; running without ACPI\n");
		return;
	}
	n = acpi_sdt_entries(sdt, (size_t)len, xsdt, tables, MAX_TABLES,
			     &acpi_diag);
	for (int i = 0; i < n; i++)
		parse_table(tables[i]);
	printk(LOG_INFO "acpi: %s rev %u (%s), %d tables; MADT %s, FADT %s, HPET %s\n",
	       xsdt ? "XSDT" : "RSDT", acpi.rsdp.revision, acpi.rsdp.oem_id, n,
	       acpi.has_madt ? "ok" : "missing",
	       acpi.has_fadt ? "ok" : "missing",
	       acpi.has_hpet ? "ok" : "missing");
}

/*
 * SLP_TYPa of \_S5 from the DSDT: find the "_S5_" name and read the first
 * element of the package after it (ZeroOp, OneOp, or BytePrefix + byte).
 * A tiny pattern match, not an AML interpreter: good for the firmware we
 * boot on (SeaBIOS/QEMU); anything else gives -1 and no power-off.
 */
static int s5_slp_typ(void)
{
	const uint8_t *t;
	uint32_t len;

	if (!acpi.fadt.dsdt)
		return -1;
	t = map_firmware(acpi.fadt.dsdt, 36);
	if (!t)
		return -1;
	len = *(const uint32_t *)(t + 4);
	if (len < 36 || len > (16u << 20))
		return -1;
	t = map_firmware(acpi.fadt.dsdt, len);
	for (uint32_t i = 36; t && i + 9 < len; i++) {
		const uint8_t *p = t + i;

		if (memcmp(p, "_S5_", 4) || p[4] != 0x12)
			continue;
		p += 5 + 1 + ((p[5] >> 6) & 3);	/* PkgLength, 1-4 bytes */
		p++;				/* NumElements */
		if (*p == 0x0a)
			return p[1];
		return *p <= 1 ? *p : -1;
	}
	return -1;
}

void machine_power_off(void)
{
	int typ = s5_slp_typ();
	uint64_t port = acpi.fadt.pm1a_cnt.address;

	if (typ >= 0 && acpi.has_fadt && port && port < 0x10000 &&
	    acpi.fadt.pm1a_cnt.space_id == 1) {
		printk(LOG_INFO "Powering off (ACPI S5)\n");
		asm volatile("outw %w0, %w1"
			     :: "a"((uint16_t)((typ << 10) | (1 << 13))),
				"Nd"((uint16_t)port));
	}
	printk(LOG_INFO "System halted.\n");
	for (;;) {
		local_irq_disable();
		halt();
	}
}
