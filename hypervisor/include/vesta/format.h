/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * printf-style formatting into a bounded buffer, for printk and for building
 * strings in the hypervisor. Integer, character, string and pointer
 * conversions only: there is no floating point, no %n (it writes memory) and
 * no wide characters. Output goes to a caller buffer; this module does not
 * print, lock or allocate.
 */
#ifndef VESTA_FORMAT_H
#define VESTA_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * vesta_vsnprintf() - Format @fmt and @ap into @buf, C99 vsnprintf style.
 * @buf:  output buffer; may be NULL when @size is 0
 * @size: size of @buf in bytes; nothing beyond @buf[@size - 1] is written
 * @fmt:  format string
 * @ap:   arguments
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, with flags '-' '0' '#' ' ' '+',
 * field width and precision (either may be '*'; a negative '*' width means
 * '-' plus its absolute value, a negative '*' precision is ignored), and
 * length modifiers hh h l ll z t j. %s with a NULL pointer prints "(null)"
 * (subject to the precision); %p prints like %#lx, or "(nil)" for NULL.
 * An unknown conversion is copied to the output verbatim, starting at '%'.
 *
 * When @size > 0 the output is always NUL-terminated, truncated if needed.
 *
 * Context: any; pure (no locks, no global state).
 * Return: the number of characters the complete output has (excluding the
 *         NUL), even if it was truncated; -EOVERFLOW if that exceeds INT_MAX.
 */
int vesta_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/*
 * vesta_snprintf() - vesta_vsnprintf() with a variable argument list.
 * Return: as vesta_vsnprintf().
 */
int vesta_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* VESTA_FORMAT_H */
