# SPDX-License-Identifier: GPL-2.0-only
# Guest segment-descriptor sanitising for the PV GDT.
HV_LIB_COMMON += hypervisor/lib/x86-desc.c
