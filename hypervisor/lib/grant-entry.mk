# SPDX-License-Identifier: GPL-2.0-only
# The v1 grant-entry state machine (validate, mark in use, pin counts).
HV_LIB_COMMON += hypervisor/lib/grant-entry.c
