/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the hypervisor learned from the firmware's ACPI tables at boot.
 */
#ifndef ASM_ACPI_H
#define ASM_ACPI_H

#include <stdbool.h>
#include <vesta/acpi.h>
#include <vesta/arch.h>

struct boot_info;

struct acpi_state {
	bool has_rsdp, has_madt, has_fadt, has_hpet;
	struct acpi_rsdp_info rsdp;
	struct acpi_madt_info madt;
	struct acpi_fadt_info fadt;
	struct acpi_hpet_info hpet;
};

extern struct acpi_state acpi;

/*
 * acpi_init() - Find the RSDP (the multiboot2 copy, else the EBDA and BIOS
 * area), walk the XSDT or RSDT and parse the MADT, FADT and HPET tables.
 * Bad tables are reported and skipped; boot goes on without them.
 */
void acpi_init(const struct boot_info *bi);

#endif /* ASM_ACPI_H */
