# SPDX-License-Identifier: GPL-2.0-only
# Pure decoders for the PV domain builder: kernel image formats and decompressors.
HV_LIB_COMMON += hypervisor/lib/crc32.c hypervisor/lib/inflate.c
HV_LIB_COMMON += hypervisor/lib/elf.c hypervisor/lib/bzimage.c
HV_LIB_COMMON += hypervisor/lib/xz.c hypervisor/lib/xz-lzma2.c hypervisor/lib/xz-hash.c
