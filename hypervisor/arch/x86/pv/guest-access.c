/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copying to and from the running PV guest by virtual address. The guest's
 * page tables are live while the hypervisor works for it, so a copy is a
 * plain access that may fault: the exception table turns the fault into
 * a short count. Ranges touching the hypervisor hole or non-canonical
 * addresses are refused up front, so a guest can never make the
 * hypervisor read or write its own memory on the guest's behalf.
 */
#include <vesta/errno.h>
#include <vesta/guest-access.h>
#include <public/arch-x86.h>
#include <asm/processor.h>

bool guest_range_ok(uint64_t gva, size_t len)
{
	uint64_t last;

	if (!len)
		return true;
	last = gva + len - 1;
	if (last < gva || !is_canonical(gva) || !is_canonical(last))
		return false;
	/* Both ends on the same side of the hole, and not in it. */
	if (gva < VESTA_HYPERVISOR_VIRT_END && last >= VESTA_HYPERVISOR_VIRT_START)
		return false;
	/* Not straddling the non-canonical gap either. */
	return (gva >> 63) == (last >> 63);
}

int copy_from_guest(void *dst, uint64_t gva, size_t len)
{
	if (!guest_range_ok(gva, len))
		return -EFAULT;
	return raw_copy_user(dst, (const void *)gva, len) ? -EFAULT : 0;
}

int copy_to_guest(uint64_t gva, const void *src, size_t len)
{
	if (!guest_range_ok(gva, len))
		return -EFAULT;
	return raw_copy_user((void *)gva, src, len) ? -EFAULT : 0;
}
