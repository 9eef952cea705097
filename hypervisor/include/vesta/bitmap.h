/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Bitmaps stored as arrays of unsigned long, bit 0 being the least
 * significant bit of word 0. Plain, non-atomic operations: callers that
 * share a bitmap between CPUs provide their own locking. Bounds are the
 * caller's: no function here checks a bit index against the array size
 * except the find functions, which take nbits.
 */
#ifndef VESTA_BITMAP_H
#define VESTA_BITMAP_H

#include <stdbool.h>

#define BITMAP_BITS_PER_WORD (8 * sizeof(unsigned long))
/* Number of unsigned longs needed for @nbits bits. */
#define BITMAP_WORDS(nbits) \
	(((nbits) + BITMAP_BITS_PER_WORD - 1) / BITMAP_BITS_PER_WORD)

/* bitmap_set() - Set bit @bit. */
void bitmap_set(unsigned long *map, unsigned int bit);

/* bitmap_clear() - Clear bit @bit. */
void bitmap_clear(unsigned long *map, unsigned int bit);

/* bitmap_test() - Return: whether bit @bit is set. */
bool bitmap_test(const unsigned long *map, unsigned int bit);

/*
 * bitmap_zero() - Clear bits [0, @nbits); the rest of the last word is
 * cleared too.
 */
void bitmap_zero(unsigned long *map, unsigned int nbits);

/*
 * bitmap_fill() - Set bits [0, @nbits); the bits of the last word beyond
 * @nbits are cleared, so bitmap_weight() stays exact.
 */
void bitmap_fill(unsigned long *map, unsigned int nbits);

/*
 * bitmap_find_next_set() - First set bit at or after @start.
 * Return: its index, or @nbits if there is none below @nbits (also when
 *         @start >= @nbits).
 */
unsigned int bitmap_find_next_set(const unsigned long *map,
				  unsigned int nbits, unsigned int start);

/*
 * bitmap_find_next_zero() - First clear bit at or after @start.
 * Return: its index, or @nbits if there is none below @nbits.
 */
unsigned int bitmap_find_next_zero(const unsigned long *map,
				   unsigned int nbits, unsigned int start);

/* bitmap_weight() - Return: the number of set bits in [0, @nbits). */
unsigned int bitmap_weight(const unsigned long *map, unsigned int nbits);

/* bitmap_set_range() - Set bits [@start, @start + @len). */
void bitmap_set_range(unsigned long *map, unsigned int start,
		      unsigned int len);

/* bitmap_clear_range() - Clear bits [@start, @start + @len). */
void bitmap_clear_range(unsigned long *map, unsigned int start,
			unsigned int len);

#endif /* VESTA_BITMAP_H */
