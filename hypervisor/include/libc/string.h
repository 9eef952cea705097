/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * The hypervisor's <string.h>: the memory and string primitives of
 * hypervisor/lib/string.c, with C library semantics. Only the freestanding
 * build puts this directory on the include path; host builds get the C
 * library's header instead, so library code simply includes <string.h>.
 * This header is not responsible for anything locale-, allocation- or
 * errno-related (no strdup, strerror, strtok).
 */
#ifndef VESTA_LIBC_STRING_H
#define VESTA_LIBC_STRING_H

#include <stddef.h>

/*
 * memcpy() - Copy @n bytes from @src to @dst.
 * The ranges must not overlap (use memmove() for that).
 * Return: @dst.
 */
void *memcpy(void *dst, const void *src, size_t n);

/*
 * memmove() - Copy @n bytes from @src to @dst; the ranges may overlap.
 * Return: @dst.
 */
void *memmove(void *dst, const void *src, size_t n);

/*
 * memset() - Fill @n bytes at @dst with the byte value (unsigned char)@c.
 * Return: @dst.
 */
void *memset(void *dst, int c, size_t n);

/*
 * memcmp() - Compare @n bytes as unsigned chars.
 * Return: <0, 0 or >0 as @a sorts before, equal to or after @b.
 */
int memcmp(const void *a, const void *b, size_t n);

/*
 * strlen() - Length of the NUL-terminated string @s, excluding the NUL.
 */
size_t strlen(const char *s);

/*
 * strnlen() - Like strlen() but reads at most @max bytes of @s.
 * Return: the length, or @max if there is no NUL in the first @max bytes.
 */
size_t strnlen(const char *s, size_t max);

/*
 * strcmp() - Compare two NUL-terminated strings as unsigned chars.
 * Return: <0, 0 or >0.
 */
int strcmp(const char *a, const char *b);

/*
 * strncmp() - Like strcmp() but compares at most @n characters.
 * Return: <0, 0 or >0.
 */
int strncmp(const char *a, const char *b, size_t n);

/*
 * strchr() - First occurrence of (char)@c in @s; the terminating NUL counts,
 * so strchr(s, 0) points at it.
 * Return: pointer into @s, or NULL when absent.
 */
char *strchr(const char *s, int c);

/*
 * strrchr() - Last occurrence of (char)@c in @s (NUL included, as strchr()).
 * Return: pointer into @s, or NULL when absent.
 */
char *strrchr(const char *s, int c);

/*
 * strlcpy() - Copy the string @src into the buffer @dst of @size bytes.
 * Copies at most @size - 1 characters and always NUL-terminates when
 * @size > 0; with @size == 0, @dst is not touched. @src and @dst must not
 * overlap.
 * Return: strlen(@src); a value >= @size means the copy was truncated.
 */
size_t strlcpy(char *dst, const char *src, size_t size);

#endif /* VESTA_LIBC_STRING_H */
