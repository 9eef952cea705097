/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Builds hypervisor/lib/string.c on the host under hv_-prefixed names, so
 * test-string can compare it with the C library's functions in one program.
 * Only renames; contains no test logic.
 */
#include <stddef.h>

#define memcpy hv_memcpy
#define memmove hv_memmove
#define memset hv_memset
#define memcmp hv_memcmp
#define strlen hv_strlen
#define strnlen hv_strnlen
#define strcmp hv_strcmp
#define strncmp hv_strncmp
#define strchr hv_strchr
#define strrchr hv_strrchr
#define strlcpy hv_strlcpy

/* The C library may not declare strlcpy at all. */
size_t hv_strlcpy(char *dst, const char *src, size_t size);

#include "../../../hypervisor/lib/string.c"
