/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Small language-level helpers used everywhere in the hypervisor: array
 * sizes, min/max, compiler attributes, build-time assertions, barriers.
 */
#ifndef VESTA_LIB_H
#define VESTA_LIB_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __must_check __attribute__((__warn_unused_result__))
#define __noreturn	__attribute__((noreturn))
#define __aligned(x)	__attribute__((aligned(x)))
#define __used		__attribute__((used))
#define __section(s)	__attribute__((section(s)))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define BUILD_BUG_ON(c)	_Static_assert(!(c), #c)

#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define ROUNDUP(x, a)	(((x) + (a) - 1) & ~((typeof(x))(a) - 1))

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define barrier()	asm volatile("" ::: "memory")
#define smp_mb()	asm volatile("mfence" ::: "memory")
#define smp_rmb()	barrier()
#define smp_wmb()	barrier()
#define READ_ONCE(x)	(*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile typeof(x) *)&(x) = (v))

/*
 * Clamp a bounds-checked index so that a mispredicted bounds check cannot
 * read past the array speculatively (G3): all ones when idx < size.
 */
static inline unsigned long array_index_mask_nospec(unsigned long idx,
						    unsigned long size)
{
	unsigned long mask;

	asm volatile("cmp %2, %1; sbb %0, %0"
		     : "=r"(mask) : "r"(idx), "r"(size) : "cc");
	return mask;
}
#define array_index_nospec(idx, size) \
	((idx) & array_index_mask_nospec((idx), (size)))

#endif /* VESTA_LIB_H */
