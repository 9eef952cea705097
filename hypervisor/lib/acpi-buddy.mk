# SPDX-License-Identifier: GPL-2.0-only
# Pure ACPI table parsers and the buddy allocator core.
HV_LIB_COMMON += hypervisor/lib/acpi.c hypervisor/lib/buddy.c
