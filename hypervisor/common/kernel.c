/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The small informational and housekeeping hypercalls: xen_version (every
 * sub-op), console_io, vm_assist, physdev_op's I/O privilege level, the
 * virtual debug registers, and the hypercalls this milestone answers with
 * a plain "not implemented" or "not permitted". Not responsible for
 * scheduling, time or memory hypercalls.
 */
#include <vesta/arch.h>
#include <vesta/domain.h>
#include <vesta/errno.h>
#include <vesta/guest-access.h>
#include <vesta/hypercall.h>
#include <vesta/printk.h>
#include <string.h>
#include <public/physdev.h>
#include <public/version.h>
#include <public/arch-x86.h>

#define VERSION_MAJOR	4
#define VERSION_MINOR	17
#define CONSOLE_CHUNK	512	/* bytes per console_io pass (G4) */

/* Feature bits a PV guest sees, as Xen reports them (pv-abi.md 2.8). */
static uint32_t pv_features(const struct domain *d)
{
	uint32_t f = (1u << VESTA_FEAT_mmu_pt_update_preserve_ad) |
		     (1u << VESTA_FEAT_highmem_assist) |
		     (1u << VESTA_FEAT_gnttab_map_avail_bits) |
		     (1u << VESTA_FEAT_memory_op_vnode_supported);

	if (d->vm_assist & (1UL << VESTA_VMASST_TYPE_pae_extended_cr3))
		f |= 1u << VESTA_FEAT_pae_pgdir_above_4gb;
	if (d->is_privileged)
		f |= (1u << VESTA_FEAT_dom0) |
		     (1u << VESTA_FEAT_dm_msix_all_writes);
	return f;
}

static long copy_string(uint64_t arg, const char *s, size_t size)
{
	char buf[VESTA_XENVER_CAPABILITIES_LEN];

	memset(buf, 0, size);
	strlcpy(buf, s, size);
	return copy_to_guest(arg, buf, size) ? -EFAULT : 0;
}

static long version_features(const struct domain *d, uint64_t arg)
{
	struct vesta_feature_info fi;

	if (copy_from_guest(&fi, arg, sizeof(fi)))
		return -EFAULT;
	if (fi.submap_idx >= VESTA_FEAT_NR_SUBMAPS)
		return -EINVAL;
	fi.submap = pv_features(d);
	return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
}

static long version_compile_info(uint64_t arg)
{
	struct vesta_compile_info ci;

	memset(&ci, 0, sizeof(ci));
	strlcpy(ci.compiler, "gcc " __VERSION__, sizeof(ci.compiler));
	strlcpy(ci.compile_by, "vesta", sizeof(ci.compile_by));
	strlcpy(ci.compile_domain, "vesta", sizeof(ci.compile_domain));
	strlcpy(ci.compile_date, __DATE__, sizeof(ci.compile_date));
	return copy_to_guest(arg, &ci, sizeof(ci)) ? -EFAULT : 0;
}

long do_xen_version(uint64_t cmd, uint64_t arg)
{
	struct domain *d = current->domain;

	switch (cmd) {
	case VESTA_XENVER_version:
		return (VERSION_MAJOR << 16) | VERSION_MINOR;
	case VESTA_XENVER_extraversion:
		return copy_string(arg, ".0-vesta",
				   VESTA_XENVER_EXTRAVERSION_LEN);
	case VESTA_XENVER_compile_info:
		return version_compile_info(arg);
	case VESTA_XENVER_capabilities:
		return copy_string(arg, "xen-3.0-x86_64",
				   VESTA_XENVER_CAPABILITIES_LEN);
	case VESTA_XENVER_changeset:
		return copy_string(arg, "vesta " PACKAGE_VERSION,
				   VESTA_XENVER_CHANGESET_LEN);
	case VESTA_XENVER_platform_parameters: {
		struct vesta_platform_parameters pp = {
			.virt_start = VESTA_HYPERVISOR_VIRT_START,
		};

		return copy_to_guest(arg, &pp, sizeof(pp)) ? -EFAULT : 0;
	}
	case VESTA_XENVER_get_features:
		return version_features(d, arg);
	case VESTA_XENVER_pagesize:
		/* No argument is taken: a buffer is a caller mistake. */
		return arg ? -EINVAL : 4096;
	case VESTA_XENVER_guest_handle: {
		uint8_t handle[VESTA_XENVER_DOMAIN_HANDLE_LEN] = { 0 };

		return copy_to_guest(arg, handle, sizeof(handle)) ? -EFAULT : 0;
	}
	case VESTA_XENVER_commandline:
		if (!d->is_privileged)
			return -EPERM;
		return copy_string(arg, hv_command_line(),
				   VESTA_XENVER_COMMANDLINE_LEN);
	case VESTA_XENVER_build_id:
		/* The image carries no build id yet. */
		return -ENODATA;
	default:
		return -ENOSYS;
	}
}

/* Console output of a domain, one "(dN) " prefixed line at a time. */
static void console_flush(struct domain *d)
{
	d->con_buf[d->con_len] = '\0';
	printk("(d%u) %s\n", d->domain_id, d->con_buf);
	d->con_len = 0;
}

/* All vCPUs of a domain share its line buffer: one at a time. */
static void console_put(struct domain *d, const char *s, size_t n)
{
	spin_lock(&d->con_lock);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\n') {
			console_flush(d);
			continue;
		}
		if (c == '\r' || c == '\0')
			continue;
		if (d->con_len == sizeof(d->con_buf) - 1)
			console_flush(d);
		d->con_buf[d->con_len++] = (c >= 0x20 && c < 0x7f) ||
					   c == '\t' ? c : '?';
	}
	spin_unlock(&d->con_lock);
}

long do_console_io(uint64_t cmd, uint64_t count, uint64_t buf)
{
	struct domain *d = current->domain;
	char chunk[CONSOLE_CHUNK];
	size_t n;

	switch (cmd) {
	case VESTA_CONSOLEIO_write:
		n = min(count, (uint64_t)CONSOLE_CHUNK);
		if (copy_from_guest(chunk, buf, n))
			return -EFAULT;
		console_put(d, chunk, n);
		if (count > n) {
			/* Long writes continue after a softirq check. */
			hypercall_update_arg(1, count - n);
			hypercall_update_arg(2, buf + n);
			return -ERESTART;
		}
		return 0;
	case VESTA_CONSOLEIO_read:
		if (!d->is_privileged)
			return -EPERM;
		return 0;	/* no input routed to dom0 yet */
	default:
		return -ENOSYS;
	}
}

#define VMASST_VALID ((1UL << VESTA_VMASST_TYPE_4gb_segments) |          \
		      (1UL << VESTA_VMASST_TYPE_4gb_segments_notify) |   \
		      (1UL << VESTA_VMASST_TYPE_writable_pagetables) |   \
		      (1UL << VESTA_VMASST_TYPE_pae_extended_cr3) |      \
		      (1UL << VESTA_VMASST_TYPE_architectural_iopl) |    \
		      (1UL << VESTA_VMASST_TYPE_runstate_update_flag) |  \
		      (1UL << VESTA_VMASST_TYPE_m2p_strict))

long do_vm_assist(uint64_t cmd, uint64_t type)
{
	struct domain *d = current->domain;

	if (type >= 64 || !(VMASST_VALID & (1UL << type)))
		return -EINVAL;
	switch (cmd) {
	case VESTA_VMASST_CMD_enable:
		__atomic_fetch_or(&d->vm_assist, 1UL << type, __ATOMIC_SEQ_CST);
		return 0;
	case VESTA_VMASST_CMD_disable:
		__atomic_fetch_and(&d->vm_assist, ~(1UL << type),
				   __ATOMIC_SEQ_CST);
		return 0;
	default:
		return -ENOSYS;
	}
}

long do_physdev_op(uint64_t cmd, uint64_t arg)
{
	struct vcpu *v = current;

	switch (cmd) {
	case VESTA_PHYSDEVOP_set_iopl: {
		struct vesta_physdev_set_iopl s;

		if (copy_from_guest(&s, arg, sizeof(s)))
			return -EFAULT;
		if (s.iopl > 3)
			return -EINVAL;
		v->arch.iopl = s.iopl;
		return 0;
	}
	default:
		/* Interrupt routing and PCI for dom0 come with its milestone. */
		return -ENOSYS;
	}
}

/*
 * Debug registers are kept virtually: the guest reads back what it wrote,
 * but hardware breakpoints are not armed for guests yet.
 */
long do_set_debugreg(uint64_t reg, uint64_t value)
{
	struct vcpu *v = current;

	switch (reg) {
	case 0: case 1: case 2: case 3:
		if (!guest_range_ok(value, 1))
			return -EPERM;
		break;
	case 6:
		value = (value & 0xf00f) | 0xffff0ff0;
		break;
	case 7:
		value = (value & ~0xf000ULL & 0xffffffffULL) | 0x400;
		break;
	default:
		return -EINVAL;
	}
	v->arch.dr[reg] = value;
	return 0;
}

long do_get_debugreg(uint64_t reg)
{
	if (reg > 7 || reg == 4 || reg == 5)
		return -EINVAL;
	return (long)current->arch.dr[reg];
}

long do_platform_op(uint64_t arg)
{
	(void)arg;
	return current->domain->is_privileged ? -ENOSYS : -EPERM;
}

long do_xenpmu_op(uint64_t op, uint64_t arg)
{
	(void)op; (void)arg;
	return -ENOSYS;
}

long do_nmi_op(uint64_t cmd, uint64_t arg)
{
	(void)cmd; (void)arg;
	return -ENOSYS;
}
