# SPDX-License-Identifier: GPL-2.0-only
# PV frame types, reference counts and page-table validation.
HV_LIB_COMMON += hypervisor/lib/pgtype.c
