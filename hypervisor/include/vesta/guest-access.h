/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Access to the running PV guest's memory by guest virtual address,
 * through the page tables that are live while the hypervisor runs on the
 * guest's behalf. Faults are caught (exception table) and become -EFAULT;
 * addresses inside the hypervisor hole or non-canonical are refused
 * before any access. Not responsible for mapping other domains' memory.
 */
#ifndef VESTA_GUEST_ACCESS_H
#define VESTA_GUEST_ACCESS_H

#include <stddef.h>
#include <stdint.h>
#include <vesta/lib.h>

/* Is [gva, gva+len) entirely guest-addressable (outside the hole)? */
bool guest_range_ok(uint64_t gva, size_t len);

/*
 * copy_from_guest() / copy_to_guest() - Copy @len bytes between the
 * current guest's address space and the hypervisor.
 * Context: on a pCPU whose CR3 is the current vCPU's (any hypercall or
 * trap path of that vCPU).
 * Return: 0, or -EFAULT (bad range, or a page fault part-way through; a
 * partial copy may have happened).
 */
int __must_check copy_from_guest(void *dst, uint64_t gva, size_t len);
int __must_check copy_to_guest(uint64_t gva, const void *src, size_t len);

/* Low-level copy with fault recovery; returns bytes NOT copied. */
size_t raw_copy_user(void *dst, const void *src, size_t len);

#endif /* VESTA_GUEST_ACCESS_H */
