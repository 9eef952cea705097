# SPDX-License-Identifier: GPL-2.0-only
# Pure part of the PV domain builder: layout, page tables, p2m, start_info.
HV_LIB_COMMON += hypervisor/lib/pv-build.c
