/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Word-at-a-time bitmap operations: single bits, ranges, searching and
 * counting. Not atomic and not responsible for locking or for allocating
 * the bitmaps.
 */
#include <stdbool.h>

#include <vesta/bitmap.h>

#define W BITMAP_BITS_PER_WORD

static unsigned long bit_mask(unsigned int bit)
{
	return 1ul << (bit % W);
}

/* Mask of bits [from, W) of a word; @from < W. */
static unsigned long mask_from(unsigned int from)
{
	return ~0ul << from;
}

/* Mask of bits [0, n) of a word; 0 < @n <= W. */
static unsigned long mask_below(unsigned int n)
{
	return ~0ul >> (W - n);
}

/*
 * Population count without the compiler builtin, which would call into
 * libgcc when the CPU's popcnt instruction is not enabled.
 */
static unsigned int popcount(unsigned long v)
{
	unsigned int n = 0;

	for (; v; n++)
		v &= v - 1;
	return n;
}

void bitmap_set(unsigned long *map, unsigned int bit)
{
	map[bit / W] |= bit_mask(bit);
}

void bitmap_clear(unsigned long *map, unsigned int bit)
{
	map[bit / W] &= ~bit_mask(bit);
}

bool bitmap_test(const unsigned long *map, unsigned int bit)
{
	return map[bit / W] & bit_mask(bit);
}

void bitmap_zero(unsigned long *map, unsigned int nbits)
{
	for (unsigned int i = 0; i < BITMAP_WORDS(nbits); i++)
		map[i] = 0;
}

void bitmap_fill(unsigned long *map, unsigned int nbits)
{
	unsigned int i;

	for (i = 0; i < nbits / W; i++)
		map[i] = ~0ul;
	if (nbits % W)
		map[i] = mask_below(nbits % W);
}

/* Shared search; @invert looks for clear bits instead of set ones. */
static unsigned int find_next(const unsigned long *map, unsigned int nbits,
			      unsigned int start, unsigned long invert)
{
	unsigned int i, bit;
	unsigned long word;

	if (start >= nbits)
		return nbits;
	i = start / W;
	word = (map[i] ^ invert) & mask_from(start % W);
	for (;;) {
		if (word) {
			bit = i * W + (unsigned int)__builtin_ctzl(word);
			return bit < nbits ? bit : nbits;
		}
		if (++i >= BITMAP_WORDS(nbits))
			return nbits;
		word = map[i] ^ invert;
	}
}

unsigned int bitmap_find_next_set(const unsigned long *map,
				  unsigned int nbits, unsigned int start)
{
	return find_next(map, nbits, start, 0);
}

unsigned int bitmap_find_next_zero(const unsigned long *map,
				   unsigned int nbits, unsigned int start)
{
	return find_next(map, nbits, start, ~0ul);
}

unsigned int bitmap_weight(const unsigned long *map, unsigned int nbits)
{
	unsigned int i, n = 0;

	for (i = 0; i < nbits / W; i++)
		n += popcount(map[i]);
	if (nbits % W)
		n += popcount(map[i] & mask_below(nbits % W));
	return n;
}

/* Apply @set or clear to [start, start + len), whole words at a time. */
static void change_range(unsigned long *map, unsigned int start,
			 unsigned int len, bool set)
{
	unsigned int end = start + len, i, hi;
	unsigned long m;

	while (start < end) {
		i = start / W;
		hi = end - i * W < W ? end - i * W : W;
		m = mask_from(start % W) & mask_below(hi);
		if (set)
			map[i] |= m;
		else
			map[i] &= ~m;
		start = i * W + hi;
	}
}

void bitmap_set_range(unsigned long *map, unsigned int start,
		      unsigned int len)
{
	change_range(map, start, len, true);
}

void bitmap_clear_range(unsigned long *map, unsigned int start,
			unsigned int len)
{
	change_range(map, start, len, false);
}
