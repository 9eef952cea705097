/* SPDX-License-Identifier: MIT */
/*
 * Error numbers returned to guests and to the toolstack (negated). The
 * values are the Xen ABI's, which are Linux's x86 values. Stable: never
 * renumbered.
 */
#ifndef VESTA_PUBLIC_ERRNO_H
#define VESTA_PUBLIC_ERRNO_H

#define VESTA_EPERM		1	/* Operation not permitted */
#define VESTA_ENOENT		2	/* No such file or directory */
#define VESTA_ESRCH		3	/* No such process */
#define VESTA_EINTR		4	/* Interrupted system call */
#define VESTA_EIO		5	/* I/O error */
#define VESTA_ENXIO		6	/* No such device or address */
#define VESTA_E2BIG		7	/* Argument list too long */
#define VESTA_ENOEXEC		8	/* Exec format error */
#define VESTA_EBADF		9	/* Bad file number */
#define VESTA_ECHILD		10	/* No child processes */
#define VESTA_EAGAIN		11	/* Try again */
#define VESTA_ENOMEM		12	/* Out of memory */
#define VESTA_EACCES		13	/* Permission denied */
#define VESTA_EFAULT		14	/* Bad address */
#define VESTA_EBUSY		16	/* Device or resource busy */
#define VESTA_EEXIST		17	/* File exists */
#define VESTA_EXDEV		18	/* Cross-device link */
#define VESTA_ENODEV		19	/* No such device */
#define VESTA_EINVAL		22	/* Invalid argument */
#define VESTA_ENFILE		23	/* File table overflow */
#define VESTA_EMFILE		24	/* Too many open files */
#define VESTA_ENOSPC		28	/* No space left on device */
#define VESTA_EROFS		30	/* Read-only file system */
#define VESTA_EMLINK		31	/* Too many links */
#define VESTA_EDOM		33	/* Math argument out of domain of func */
#define VESTA_ERANGE		34	/* Math result not representable */
#define VESTA_EDEADLK		35	/* Resource deadlock would occur */
#define VESTA_ENAMETOOLONG	36	/* File name too long */
#define VESTA_ENOLCK		37	/* No record locks available */
#define VESTA_ENOSYS		38	/* Function not implemented */
#define VESTA_ENOTEMPTY		39	/* Directory not empty */
#define VESTA_ENODATA		61	/* No data available */
#define VESTA_ETIME		62	/* Timer expired */
#define VESTA_EBADMSG		74	/* Not a data message */
#define VESTA_EOVERFLOW		75	/* Value too large for defined data type */
#define VESTA_EILSEQ		84	/* Illegal byte sequence */
#define VESTA_ERESTART		85	/* Interrupted system call should be restarted */
#define VESTA_ENOTSOCK		88	/* Socket operation on non-socket */
#define VESTA_EOPNOTSUPP	95	/* Operation not supported */
#define VESTA_EADDRINUSE	98	/* Address already in use */
#define VESTA_EADDRNOTAVAIL	99	/* Cannot assign requested address */
#define VESTA_ENOBUFS		105	/* No buffer space available */
#define VESTA_EISCONN		106	/* Transport endpoint is already connected */
#define VESTA_ENOTCONN		107	/* Transport endpoint is not connected */
#define VESTA_ETIMEDOUT		110	/* Connection timed out */

#endif /* VESTA_PUBLIC_ERRNO_H */
