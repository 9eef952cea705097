/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Making a PV guest's segment descriptors safe to load: pure code, shared
 * with host tests. Not responsible for where descriptors live (the GDT
 * copy in arch/x86/pv/domain.c).
 */
#ifndef VESTA_X86_DESC_H
#define VESTA_X86_DESC_H

#include <stdint.h>

/*
 * x86_desc_sanitize() - What a ring-3 PV kernel may have the CPU load.
 * A not-present descriptor faults on any use and is kept as is. A present
 * code or data segment gets DPL 3 (so nothing a guest builds grants ring
 * 0-2: Linux passes DPL-0 descriptors, which Xen raises the same way).
 * Present system descriptors (call gates, TSS, LDT, interrupt gates) are
 * refused: the return value is 0, a null descriptor.
 * Context: any; pure.
 */
uint64_t x86_desc_sanitize(uint64_t desc);

#endif /* VESTA_X86_DESC_H */
