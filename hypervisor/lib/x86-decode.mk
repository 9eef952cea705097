# SPDX-License-Identifier: GPL-2.0-only
# x86-64 instruction decoder for privileged-instruction and PTE-write emulation.
HV_LIB_COMMON += hypervisor/lib/x86-decode.c
