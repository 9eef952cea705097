/* SPDX-License-Identifier: MIT */
/*
 * callback_op (hypercall 30): registering the guest entry points the
 * hypervisor bounces to for events, the failsafe path, system calls from
 * guest user mode and NMIs. Numbers and layouts are Xen's (x86-64). This
 * header does not describe the frames built at those entry points.
 */
#ifndef VESTA_PUBLIC_CALLBACK_H
#define VESTA_PUBLIC_CALLBACK_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

/* Callback types. 3 is an obsolete sysenter number, 6 is unused. */
#define VESTA_CALLBACKTYPE_event		0 /* event upcall */
#define VESTA_CALLBACKTYPE_failsafe		1 /* segment reload failed */
#define VESTA_CALLBACKTYPE_syscall		2 /* 64-bit user syscall */
#define VESTA_CALLBACKTYPE_sysenter_deprecated	3
#define VESTA_CALLBACKTYPE_nmi			4 /* NMI delivery */
#define VESTA_CALLBACKTYPE_sysenter		5 /* 32-bit user sysenter */
#define VESTA_CALLBACKTYPE_syscall32		7 /* 32-bit user syscall */

/* callback_register.flags: mask events (set the upcall mask) on entry. */
#define VESTA_CALLBACKF_mask_events		(1U << 0)

/* Sub-ops. */
#define VESTA_CALLBACKOP_register		0
#define VESTA_CALLBACKOP_unregister		1

#ifndef __ASSEMBLER__

/* CALLBACKOP_register. IN only. */
struct vesta_callback_register {
	uint16_t type;		/* IN: VESTA_CALLBACKTYPE_* */
	uint16_t flags;		/* IN: VESTA_CALLBACKF_* */
	uint8_t pad[4];		/* padding */
	uint64_t address;	/* IN: entry point, guest virtual address */
};
_Static_assert(sizeof(struct vesta_callback_register) == 16,
	       "callback_register size");
_Static_assert(__builtin_offsetof(struct vesta_callback_register,
				  address) == 8,
	       "callback_register.address");

/* CALLBACKOP_unregister. IN only. */
struct vesta_callback_unregister {
	uint16_t type;		/* IN: VESTA_CALLBACKTYPE_* */
	uint16_t unused;	/* padding */
};
_Static_assert(sizeof(struct vesta_callback_unregister) == 4,
	       "callback_unregister size");

#endif /* !__ASSEMBLER__ */

#endif /* VESTA_PUBLIC_CALLBACK_H */
