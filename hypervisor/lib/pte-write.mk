# SPDX-License-Identifier: GPL-2.0-only
# Writable page-table emulation core: decoded PTE writes and their effects.
HV_LIB_COMMON += hypervisor/lib/pte-write.c
