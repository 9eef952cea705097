# SPDX-License-Identifier: GPL-2.0-only
# Pure parsers and helpers: formatting, bitmaps, command line, multiboot, memory map.
HV_LIB_COMMON +=
