# SPDX-License-Identifier: GPL-2.0-only
# Pure parsers and helpers: formatting, bitmaps, command line, multiboot, memory map.
HV_LIB_COMMON += hypervisor/lib/format.c
HV_LIB_COMMON += hypervisor/lib/cmdline.c
HV_LIB_COMMON += hypervisor/lib/multiboot.c
HV_LIB_COMMON += hypervisor/lib/memmap.c
HV_LIB_COMMON += hypervisor/lib/bitmap.c
