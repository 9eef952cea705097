/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * libFuzzer harness for the ELF parser and the Xen note decoder. Input:
 * byte 0 and 1 give the offered feature set and dom0 flag for
 * xen_elf_check(), the rest is the ELF file. Checks: documented return
 * codes only; every loadable segment has filesz <= memsz, file bytes
 * inside the input, no wrap-around, lies inside the extents and is
 * disjoint from the others in both address spaces; the note strings are
 * terminated inside their buffers and required features are named ones;
 * an accepted kernel has its entry point (and hypercall page) inside its
 * virtual range.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vesta/elf.h>
#include <vesta/errno.h>

static void count_diag(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static bool overlap(uint64_t a, uint64_t sa, uint64_t b, uint64_t sb)
{
	return a < b + sb && b < a + sa;
}

static void check_segments(const struct elf_image *elf, const uint8_t *data,
			   size_t len)
{
	struct elf_segment s[ELF_MAX_PHNUM];

	if (!elf->nr_load || elf->nr_load > ELF_MAX_PHNUM)
		abort();
	for (unsigned int i = 0; i < elf->nr_load; i++) {
		if (elf_load_segment(elf, i, &s[i]))
			abort();
		if (!s[i].memsz || s[i].filesz > s[i].memsz ||
		    s[i].data < data ||
		    s[i].filesz > len - (size_t)(s[i].data - data) ||
		    s[i].memsz > UINT64_MAX - s[i].vaddr ||
		    s[i].memsz > UINT64_MAX - s[i].paddr ||
		    s[i].vaddr < elf->vstart ||
		    s[i].vaddr + s[i].memsz > elf->vend ||
		    s[i].paddr < elf->pstart ||
		    s[i].paddr + s[i].memsz > elf->pend)
			abort();
		for (unsigned int j = 0; j < i; j++) {
			if (overlap(s[i].vaddr, s[i].memsz, s[j].vaddr,
				    s[j].memsz) ||
			    overlap(s[i].paddr, s[i].memsz, s[j].paddr,
				    s[j].memsz))
				abort();
		}
	}
	if (elf_load_segment(elf, elf->nr_load, &s[0]) != -ENOENT)
		abort();
}

static void check_info(const struct xen_elf_info *info)
{
	const char *strs[] = {
		info->guest_os, info->guest_version, info->xen_version,
		info->loader, info->pae_mode,
	};

	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		if (strnlen(strs[i], XEN_ELF_STR_MAX) == XEN_ELF_STR_MAX)
			abort();
	}
	if (strnlen(info->features, XEN_ELF_FEATURES_MAX) ==
	    XEN_ELF_FEATURES_MAX)
		abort();
	if ((info->required_features & ~info->features_named) ||
	    (info->features_named >> XEN_FEAT_NR))
		abort();
	if (info->has_layout && info->virt_kstart > info->virt_kend)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const struct diag dg = { .fn = count_diag };
	struct xen_elf_info info;
	struct elf_image elf;
	uint32_t offered;
	bool as_dom0;
	int rc;

	if (len < 2)
		return 0;
	offered = (uint32_t)data[0] * 0x01010101u;
	as_dom0 = data[1] & 1;
	data += 2;
	len -= 2;
	rc = elf_parse(&elf, data, len, &dg);
	if (rc) {
		if (rc != -EINVAL && rc != -ENOEXEC)
			abort();
		return 0;
	}
	check_segments(&elf, data, len);
	rc = xen_elf_parse_notes(&elf, &info, &dg);
	if (rc) {
		if (rc != -EINVAL)
			abort();
		return 0;
	}
	check_info(&info);
	rc = xen_elf_check(&info, offered, as_dom0, &dg);
	if (rc && rc != -EINVAL && rc != -ENOEXEC && rc != -EOPNOTSUPP)
		abort();
	if (rc)
		return 0;
	if (!info.has_layout || info.entry < info.virt_kstart ||
	    info.entry >= info.virt_kend ||
	    (info.required_features & ~offered))
		abort();
	if (info.has_hypercall_page &&
	    (info.hypercall_page < info.virt_kstart ||
	     info.virt_kend - info.hypercall_page < 4096))
		abort();
	return 0;
}
