/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * version: every xen_version sub-op a PV Linux uses, and their errors.
 *
 * Property tested: XENVER_version gives major << 16 | minor (major >= 3);
 * extraversion, compile_info, changeset and capabilities fill
 * NUL-terminated buffers and capabilities names "xen-3.0-x86_64";
 * platform_parameters.virt_start is 0xffff800000000000; get_features
 * submap 0 has mmu_pt_update_preserve_ad (5) and gnttab_map_avail_bits (7),
 * not writable_page_tables (0), auto_translated_physmap (2) or
 * supervisor_mode_kernel (3), and dom0 (11) exactly for the initial domain;
 * submap 1 and above are -EINVAL; pagesize is 4096 with a NULL argument
 * (-EINVAL with one); guest_handle copies 16 bytes; for a privileged
 * domain commandline fills 1024 bytes and build_id reports its size
 * (NULL buffer), -EINVAL for len 0, -ENOBUFS for a short buffer and the id
 * for a large one (a domU gets -EPERM); unknown sub-ops are -ENOSYS; every
 * buffer-taking sub-op answers -EFAULT for an unmapped, a hypervisor-hole,
 * a non-canonical and a buffer that runs into an unmapped page.
 *
 * Correct behaviour: as above, which is Xen 4.17's. Failure detection: a
 * FAIL line per mismatch; a fault is an unexpected exception (ERROR).
 */
#include <string.h>

#include "guest.h"

#define V(x) VESTA_XENVER_##x

/* Two pages; the second is unmapped to catch buffers running off the end. */
static char edge[2 * GUEST_PAGE_SIZE] GUEST_PAGE_ALIGNED_BSS;

static long xv(int cmd, void *arg)
{
	return hypercall_xen_version(cmd, arg);
}

static void check_string(const char *what, int cmd, char *buf, size_t len)
{
	long rc;

	memset(buf, 0x5a, len);
	rc = xv(cmd, buf);
	if (!guest_check_rc(what, 0, rc))
		return;
	if (strnlen(buf, len) == len)
		guest_fail("%s: no NUL within %zu bytes", what, len);
	else
		guest_printf("%s: \"%s\"\n", what, buf);
}

static void check_strings(void)
{
	static char caps[VESTA_XENVER_CAPABILITIES_LEN];
	char extra[VESTA_XENVER_EXTRAVERSION_LEN];
	char cs[VESTA_XENVER_CHANGESET_LEN];
	struct vesta_compile_info ci;
	long rc;

	rc = xv(V(version), NULL);
	guest_printf("version: %ld.%ld\n", rc >> 16, rc & 0xffff);
	if (rc < 0 || (rc >> 16) < 3)
		guest_fail("XENVER_version %#lx: major < 3", rc);
	check_string("extraversion", V(extraversion), extra, sizeof(extra));
	check_string("changeset", V(changeset), cs, sizeof(cs));
	check_string("capabilities", V(capabilities), caps, sizeof(caps));
	if (!guest_strstr(caps, "xen-3.0-x86_64"))
		guest_fail("capabilities lack xen-3.0-x86_64");
	memset(&ci, 0x5a, sizeof(ci));
	rc = xv(V(compile_info), &ci);
	if (guest_check_rc("compile_info", 0, rc) &&
	    (strnlen(ci.compiler, sizeof(ci.compiler)) == sizeof(ci.compiler) ||
	     strnlen(ci.compile_date, sizeof(ci.compile_date)) ==
		     sizeof(ci.compile_date)))
		guest_fail("compile_info strings not NUL-terminated");
}

static void check_features(void)
{
	struct vesta_feature_info fi = { .submap_idx = 0 };
	bool init = guest_start_info->flags & VESTA_SIF_INITDOMAIN;
	struct vesta_platform_parameters pp = { 0 };
	long rc;

	rc = xv(V(platform_parameters), &pp);
	guest_check_rc("platform_parameters", 0, rc);
	guest_check("virt_start", 0xffff800000000000ULL, pp.virt_start);

	rc = xv(V(get_features), &fi);
	guest_check_rc("get_features(0)", 0, rc);
	guest_printf("features submap 0: %#x\n", fi.submap);
	guest_check("XENFEAT_mmu_pt_update_preserve_ad", 1,
		    (fi.submap >> VESTA_FEAT_mmu_pt_update_preserve_ad) & 1);
	guest_check("XENFEAT_gnttab_map_avail_bits", 1,
		    (fi.submap >> VESTA_FEAT_gnttab_map_avail_bits) & 1);
	guest_check("XENFEAT_writable_page_tables", 0,
		    (fi.submap >> VESTA_FEAT_writable_page_tables) & 1);
	guest_check("XENFEAT_auto_translated_physmap", 0,
		    (fi.submap >> VESTA_FEAT_auto_translated_physmap) & 1);
	guest_check("XENFEAT_supervisor_mode_kernel", 0,
		    (fi.submap >> VESTA_FEAT_supervisor_mode_kernel) & 1);
	guest_check("XENFEAT_dom0 for the initial domain", init,
		    (fi.submap >> VESTA_FEAT_dom0) & 1);

	fi.submap_idx = 1;
	guest_check_rc("get_features(1)", -VESTA_EINVAL,
		       xv(V(get_features), &fi));
	fi.submap_idx = 0xffffffff;
	guest_check_rc("get_features(~0)", -VESTA_EINVAL,
		       xv(V(get_features), &fi));
}

static void check_misc(void)
{
	uint8_t handle[VESTA_XENVER_DOMAIN_HANDLE_LEN];
	static char cmdline[VESTA_XENVER_COMMANDLINE_LEN];

	guest_check_rc("pagesize(NULL)", 4096, xv(V(pagesize), NULL));
	guest_check_rc("pagesize(buffer)", -VESTA_EINVAL,
		       xv(V(pagesize), handle));
	guest_check_rc("guest_handle", 0, xv(V(guest_handle), handle));
	if (guest_is_privileged())
		check_string("commandline", V(commandline), cmdline,
			     sizeof(cmdline));
	guest_check_rc("sub-op 64", -VESTA_ENOSYS, xv(64, NULL));
	guest_check_rc("sub-op 0x7fffffff", -VESTA_ENOSYS,
		       xv(0x7fffffff, NULL));
	guest_check_rc("sub-op -1", -VESTA_ENOSYS, xv(-1, NULL));
}

static void check_build_id(void)
{
	static union {
		struct vesta_varbuf vb;
		uint8_t space[256];
	} b;
	long size, rc, i;

	size = xv(V(build_id), NULL);
	if (!guest_is_privileged()) {
		guest_check_rc("build_id from a domU", -VESTA_EPERM, size);
		return;
	}
	if (size == -VESTA_ENODATA) {
		guest_printf("build_id: none (-ENODATA)\n");
		return;
	}
	if (size <= 0 || size > 200) {
		guest_fail("build_id size %ld", size);
		return;
	}
	b.vb.len = 0;
	guest_check_rc("build_id len 0", -VESTA_EINVAL, xv(V(build_id), &b));
	b.vb.len = 1;
	guest_check_rc("build_id len 1", -VESTA_ENOBUFS, xv(V(build_id), &b));
	b.vb.len = sizeof(b) - sizeof(b.vb);
	rc = xv(V(build_id), &b);
	guest_check_rc("build_id", size, rc);
	guest_printf("build_id (%ld bytes): ", size);
	for (i = 0; i < rc && i < size; i++)
		guest_printf("%02x", b.vb.buf[i]);
	guest_printf("\n");
}

static void check_efault_one(const char *what, int cmd, size_t len)
{
	static void *const bad[] = {
		GUEST_BAD_PTR_UNMAPPED, GUEST_BAD_PTR_HOLE,
		GUEST_BAD_PTR_NONCANON,
	};
	static const char *const names[] = { "unmapped", "hole", "noncanon" };
	char label[80];
	unsigned int i;

	for (i = 0; i < GUEST_ARRAY_SIZE(bad); i++) {
		vesta_snprintf(label, sizeof(label), "%s(%s)", what, names[i]);
		guest_check_rc(label, -VESTA_EFAULT, xv(cmd, bad[i]));
	}
	/* A buffer whose last bytes are on the unmapped page. */
	vesta_snprintf(label, sizeof(label), "%s(runs off the page)", what);
	guest_check_rc(label, -VESTA_EFAULT,
		       xv(cmd, edge + GUEST_PAGE_SIZE - len / 2));
}

static void check_efault(void)
{
	long rc = guest_unmap(edge + GUEST_PAGE_SIZE);

	if (!guest_check_rc("unmapping the guard page", 0, rc))
		return;
	check_efault_one("extraversion", V(extraversion),
			 VESTA_XENVER_EXTRAVERSION_LEN);
	check_efault_one("compile_info", V(compile_info),
			 sizeof(struct vesta_compile_info));
	check_efault_one("capabilities", V(capabilities),
			 VESTA_XENVER_CAPABILITIES_LEN);
	check_efault_one("changeset", V(changeset), VESTA_XENVER_CHANGESET_LEN);
	check_efault_one("platform_parameters", V(platform_parameters),
			 sizeof(struct vesta_platform_parameters));
	check_efault_one("get_features", V(get_features),
			 sizeof(struct vesta_feature_info));
	check_efault_one("guest_handle", V(guest_handle),
			 VESTA_XENVER_DOMAIN_HANDLE_LEN);
	if (guest_is_privileged())
		check_efault_one("commandline", V(commandline),
				 VESTA_XENVER_COMMANDLINE_LEN);
	rc = guest_map_mfn(edge + GUEST_PAGE_SIZE,
			   guest_virt_to_mfn(edge + GUEST_PAGE_SIZE), true);
	guest_check_rc("remapping the guard page", 0, rc);
}

void test_main(const struct vesta_start_info *si)
{
	(void)si;
	check_strings();
	check_features();
	check_misc();
	check_build_id();
	check_efault();
}
