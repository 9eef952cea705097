/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal short names for the public error numbers. The literal values are
 * spelled out (not VESTA_E*) so that host tests may include this header
 * together with the C library's <errno.h>: identical redefinitions are legal.
 * A static assertion ties each value to include/public/errno.h.
 */
#ifndef VESTA_ERRNO_H
#define VESTA_ERRNO_H

#include <public/errno.h>

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define ENOSPC 28
#define ERANGE 34
#define EDEADLK 35
#define ENAMETOOLONG 36
#define ENOSYS 38
#define ENOTEMPTY 39
#define ENODATA 61
#define ETIME 62
#define EBADMSG 74
#define EOVERFLOW 75
#define EILSEQ 84
#define EOPNOTSUPP 95
#define ENOBUFS 105
#define ETIMEDOUT 110
/* Not a libc errno: hypercall continuation marker, never seen by guests. */
#define ERESTART 85

_Static_assert(EINVAL == VESTA_EINVAL && ENOSYS == VESTA_ENOSYS &&
	       ENOMEM == VESTA_ENOMEM && EFAULT == VESTA_EFAULT &&
	       ERESTART == VESTA_ERESTART && EOVERFLOW == VESTA_EOVERFLOW,
	       "internal errno names must match the public ABI");

#endif /* VESTA_ERRNO_H */
