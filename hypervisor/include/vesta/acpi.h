/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Pure decoders for the static ACPI tables the hypervisor needs at boot:
 * RSDP discovery and validation, the generic SDT header, RSDT/XSDT entry
 * lists, MADT (CPUs, IO-APICs, overrides, NMIs), FADT and HPET. All input is
 * treated as hostile firmware data: nothing is read outside the given
 * length, every loop is bounded by it, multi-byte fields are read without
 * alignment assumptions, and each problem is reported through a struct diag.
 * Not responsible for mapping physical memory, for AML (DSDT/SSDT contents)
 * or for acting on the decoded data.
 */
#ifndef VESTA_ACPI_H
#define VESTA_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vesta/diag.h>

#ifndef __must_check
#define __must_check __attribute__((__warn_unused_result__))
#endif

/* Size of the common System Description Table header. */
#define ACPI_SDT_HEADER_LEN 36

/* Generic Address Structure address space IDs used here. */
#define ACPI_GAS_SYSTEM_MEMORY 0
#define ACPI_GAS_SYSTEM_IO 1
#define ACPI_GAS_PCI_CONFIG 2

/* Generic Address Structure, decoded (the raw one is 12 packed bytes). */
struct acpi_gas {
	uint8_t space_id;
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t access_size;
	uint64_t address;
};

struct acpi_rsdp_info {
	uint8_t revision;	/* 0 = ACPI 1.0, 2 = ACPI 2.0 and later */
	uint32_t rsdt;		/* physical address, may be 0 */
	uint64_t xsdt;		/* physical address; 0 if revision < 2 */
	char oem_id[7];		/* NUL-terminated, raw bytes otherwise */
};

/*
 * acpi_rsdp_check() - Validate a Root System Description Pointer.
 * @p:   candidate RSDP
 * @len: bytes readable at @p
 * @out: decoded fields, written only on success; may be NULL
 *
 * Checks the "RSD PTR " signature and the ACPI 1.0 checksum over the first
 * 20 bytes; for revision >= 2 also that the length field is >= 36 and
 * <= @len and that the extended checksum over that length is zero.
 *
 * Context: pure; any context.
 * Return: 0 valid; -EINVAL otherwise (including @len too short).
 */
int __must_check acpi_rsdp_check(const void *p, size_t len,
				 struct acpi_rsdp_info *out);

/*
 * acpi_rsdp_scan() - Find the first valid RSDP in a memory window.
 * @buf: start of the window (the EBDA, or 0xE0000-0xFFFFF), 16-byte aligned
 * @len: window size in bytes
 *
 * Tries every offset that is a multiple of 16 with acpi_rsdp_check(),
 * limited to what lies inside @len.
 *
 * Context: pure; any context.
 * Return: offset of the RSDP from @buf (>= 0); -ENOENT if there is none.
 */
long __must_check acpi_rsdp_scan(const void *buf, size_t len);

/*
 * acpi_table_check() - Validate a System Description Table header.
 * @t:     the table
 * @avail: bytes readable at @t
 * @sig:   expected 4-character signature, or NULL to accept any
 * @dg:    problem reports, e.g. "ACPI APIC: bad checksum"; may be NULL
 *
 * Checks that @avail covers the 36-byte header, that the signature matches,
 * that the length field is >= 36, <= @avail and <= INT_MAX, and that the
 * byte sum over the length is zero.
 *
 * Context: pure; any context.
 * Return: the table length (> 0); -EINVAL on any failure (reported).
 */
int __must_check acpi_table_check(const void *t, size_t avail,
				  const char *sig, const struct diag *dg);

/*
 * acpi_sdt_entries() - List the table addresses in an RSDT or XSDT.
 * @sdt:     the table, already validated by acpi_table_check()
 * @len:     its length as returned by acpi_table_check()
 * @is_xsdt: true: 8-byte entries (possibly unaligned); false: 4-byte entries
 * @out:     receives up to @max physical addresses; may be NULL if @max is 0
 * @max:     capacity of @out
 * @dg:      problem reports; may be NULL
 *
 * Zero entries are skipped silently. Entries beyond @max are reported once
 * and dropped. A trailing partial entry is reported and ignored.
 *
 * Context: pure; any context.
 * Return: number of addresses stored (0..@max, at most INT_MAX); -EINVAL if
 *         @len is shorter than the header.
 */
int __must_check acpi_sdt_entries(const void *sdt, size_t len, bool is_xsdt,
				  uint64_t *out, unsigned int max,
				  const struct diag *dg);

#define ACPI_MAX_CPUS 512
#define ACPI_MAX_IOAPICS 16
#define ACPI_MAX_ISOS 32
#define ACPI_MAX_LAPIC_NMIS 16

/* uid of a local APIC NMI entry that applies to every processor. */
#define ACPI_NMI_ALL_CPUS 0xffffffffu

/* MPS INTI flags of interrupt source overrides and NMI entries. */
#define ACPI_MADT_POLARITY_MASK 0x3
#define ACPI_MADT_TRIGGER_MASK 0xc

struct acpi_madt_info {
	uint64_t lapic_addr;	/* after any type-5 override */
	bool pcat_compat;	/* dual 8259s present (must be masked) */
	unsigned int nr_cpus;
	struct acpi_madt_cpu {
		uint32_t apic_id;
		uint32_t uid;		/* ACPI processor UID */
		bool enabled;
		bool online_capable;	/* may be enabled later (hotplug) */
		bool x2apic_entry;	/* came from a type-9 entry */
	} cpus[ACPI_MAX_CPUS];
	unsigned int nr_ioapics;
	struct acpi_madt_ioapic {
		uint8_t id;
		uint32_t addr;
		uint32_t gsi_base;
	} ioapics[ACPI_MAX_IOAPICS];
	unsigned int nr_isos;
	struct acpi_madt_iso {
		uint8_t bus, source;
		uint32_t gsi;
		uint16_t flags;
	} isos[ACPI_MAX_ISOS];
	unsigned int nr_lapic_nmis;
	struct acpi_madt_nmi {
		uint32_t uid;		/* ACPI_NMI_ALL_CPUS = every CPU */
		uint16_t flags;
		uint8_t lint;
	} lapic_nmis[ACPI_MAX_LAPIC_NMIS];
};

/*
 * acpi_madt_parse() - Decode the Multiple APIC Description Table.
 * @madt: the table, already validated by acpi_table_check()
 * @len:  its length as returned by acpi_table_check()
 * @out:  decoded table; fully overwritten (zeroed first)
 * @dg:   problem reports; may be NULL
 *
 * Entry types decoded: 0 local APIC, 1 IO-APIC, 2 interrupt source override,
 * 4 local APIC NMI (uid 0xff becomes ACPI_NMI_ALL_CPUS), 5 local APIC
 * address override, 9 local x2APIC, 0xA local x2APIC NMI; all others are
 * skipped. An entry whose length is < 2, runs past the table, or is shorter
 * than its type requires is reported and ends the walk, keeping what was
 * decoded so far. A CPU whose APIC ID was already listed is reported and
 * dropped (the first one is kept). Entries that do not fit in an array are
 * dropped, with one report per array. CPUs that are neither enabled nor
 * online-capable are still listed, with enabled = false.
 *
 * Context: pure; any context.
 * Return: 0 (also after a reported, truncated walk); -EINVAL if @len does
 *         not cover the 44-byte fixed part (reported; @out is zeroed).
 */
int __must_check acpi_madt_parse(const void *madt, size_t len,
				 struct acpi_madt_info *out,
				 const struct diag *dg);

/* FADT flag bits. */
#define ACPI_FADT_TMR_VAL_EXT (1u << 8)
#define ACPI_FADT_RESET_REG_SUP (1u << 10)
#define ACPI_FADT_HW_REDUCED_ACPI (1u << 20)

/* IAPC_BOOT_ARCH bits. */
#define ACPI_FADT_BOOT_LEGACY_DEVICES (1u << 0)
#define ACPI_FADT_BOOT_8042 (1u << 1)
#define ACPI_FADT_BOOT_NO_VGA (1u << 2)
#define ACPI_FADT_BOOT_NO_MSI (1u << 3)
#define ACPI_FADT_BOOT_NO_ASPM (1u << 4)
#define ACPI_FADT_BOOT_NO_CMOS_RTC (1u << 5)

/* Length of the ACPI 1.0 FADT, the shortest one accepted. */
#define ACPI_FADT_V1_LEN 116

struct acpi_fadt_info {
	uint8_t revision;	/* SDT header revision */
	uint32_t flags;		/* raw FADT flags */
	uint16_t sci_int;
	uint32_t smi_cmd;
	uint64_t dsdt;		/* X_DSDT if present and non-zero */
	uint64_t facs;		/* X_FIRMWARE_CTRL if present and non-zero */
	uint64_t pm_tmr_port;	/* 0 = no usable PM timer */
	bool pm_tmr_32bit;	/* TMR_VAL_EXT: 32-bit counter, else 24 */
	bool hw_reduced;
	uint16_t iapc_boot_arch;
	uint8_t century;	/* CMOS index of the century byte, 0 = none */
	bool has_reset;
	struct acpi_gas reset_reg;
	uint8_t reset_value;
	struct acpi_gas pm1a_cnt;	/* address 0 = absent */
	struct acpi_gas pm1b_cnt;	/* address 0 = absent */
};

/*
 * acpi_fadt_parse() - Decode the Fixed ACPI Description Table.
 * @fadt: the table, already validated by acpi_table_check()
 * @len:  its length as returned by acpi_table_check()
 * @out:  decoded fields; fully overwritten (zeroed first)
 * @dg:   problem reports; may be NULL
 *
 * Accepts the 116-byte ACPI 1.0 layout and every longer one, and reads only
 * fields that lie inside @len. The 64-bit X_ fields (X_FIRMWARE_CTRL,
 * X_DSDT, X_PM1a/b_CNT_BLK, X_PM_TMR_BLK) win over their 32-bit
 * counterparts when present and non-zero; a 32-bit PM1x_CNT_BLK is
 * returned as a 16-bit system I/O GAS. The PM timer is reported only when
 * PM_TMR_LEN is 4, it lies in system I/O space and its port fits in 16 bits.
 * has_reset needs RESET_REG_SUP, a table long enough for RESET_VALUE and a
 * non-zero reset register address. On HW-reduced platforms the fixed
 * hardware fields that ACPI tells OSPM to ignore (sci_int, smi_cmd, PM
 * timer, PM1x control blocks, century) are returned as 0.
 *
 * Context: pure; any context.
 * Return: 0; -EINVAL if @len < 116 (reported).
 */
int __must_check acpi_fadt_parse(const void *fadt, size_t len,
				 struct acpi_fadt_info *out,
				 const struct diag *dg);

/* Length of the HPET description table. */
#define ACPI_HPET_LEN 56

struct acpi_hpet_info {
	uint64_t address;	/* MMIO base of the event timer block */
	uint8_t space_id;	/* always ACPI_GAS_SYSTEM_MEMORY on success */
	uint8_t number;		/* HPET sequence number */
	uint16_t min_tick;	/* minimum periodic clock tick */
	uint32_t block_id;	/* event timer block ID (capabilities) */
};

/*
 * acpi_hpet_parse() - Decode the HPET description table.
 * @hpet: the table, already validated by acpi_table_check()
 * @len:  its length as returned by acpi_table_check()
 * @out:  decoded fields, written only on success
 * @dg:   problem reports; may be NULL
 *
 * Context: pure; any context.
 * Return: 0; -EINVAL if @len < 56, or the base address is not in system
 *         memory space or is 0 (reported).
 */
int __must_check acpi_hpet_parse(const void *hpet, size_t len,
				 struct acpi_hpet_info *out,
				 const struct diag *dg);

#endif /* VESTA_ACPI_H */
