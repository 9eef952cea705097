/* SPDX-License-Identifier: MIT */
/*
 * vcpu_op (hypercall 24) sub-ops and their argument structs: bringing
 * vCPUs up and down, runstate accounting, per-vCPU timers, moving
 * vcpu_info and registering the guest's copies of runstate and pvclock
 * data. Numbers and layouts are Xen's. VCPUOP_initialise takes a
 * struct vesta_vcpu_guest_context (arch-x86.h); vcpu_info and
 * vcpu_time_info are in vesta.h. Not described here: how the hypervisor
 * keeps or updates these areas.
 */
#ifndef VESTA_PUBLIC_VCPU_H
#define VESTA_PUBLIC_VCPU_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

/* Sub-ops: vcpu_op(cmd, vcpu id, argument pointer). */
#define VESTA_VCPUOP_initialise				0
#define VESTA_VCPUOP_up					1
#define VESTA_VCPUOP_down				2
#define VESTA_VCPUOP_is_up				3 /* returns 0 or 1 */
#define VESTA_VCPUOP_get_runstate_info			4
#define VESTA_VCPUOP_register_runstate_memory_area	5
#define VESTA_VCPUOP_set_periodic_timer			6
#define VESTA_VCPUOP_stop_periodic_timer		7 /* no argument */
#define VESTA_VCPUOP_set_singleshot_timer		8
#define VESTA_VCPUOP_stop_singleshot_timer		9 /* no argument */
#define VESTA_VCPUOP_register_vcpu_info			10
#define VESTA_VCPUOP_send_nmi				11 /* no argument */
#define VESTA_VCPUOP_get_physid				12
#define VESTA_VCPUOP_register_vcpu_time_memory_area	13
#define VESTA_VCPUOP_register_runstate_phys_area	14 /* addr = gpa */
#define VESTA_VCPUOP_register_vcpu_time_phys_area	15 /* addr = gpa */

/* vcpu_runstate_info.state and the indices of time[]. */
#define VESTA_RUNSTATE_running		0	/* on a physical CPU */
#define VESTA_RUNSTATE_runnable		1	/* ready, waiting for a CPU */
#define VESTA_RUNSTATE_blocked		2	/* waiting for an event */
#define VESTA_RUNSTATE_offline		3	/* down or paused */

/*
 * Set in state_entry_time while the hypervisor rewrites the guest's copy
 * (only with VMASST_TYPE_runstate_update_flag enabled).
 */
#define VESTA_RUNSTATE_UPDATE		(1ULL << 63)

/* vcpu_set_singleshot_timer.flags: fail with -ETIME if already passed. */
#define VESTA_VCPU_SSHOTTMR_future	(1U << 0)

/* Split of vcpu_get_physid.phys_id. */
#define VESTA_VCPU_PHYSID_TO_APICID(id)	((uint32_t)(id))
#define VESTA_VCPU_PHYSID_TO_ACPIID(id)	((uint32_t)((id) >> 32))

#ifndef __ASSEMBLER__

/*
 * Runstate accounting: OUT (VCPUOP_get_runstate_info, or written into the
 * registered area). Times are ns of system time; their sum tracks it.
 */
struct vesta_vcpu_runstate_info {
	int32_t state;			/* OUT: VESTA_RUNSTATE_* */
	uint8_t pad[4];			/* padding */
	uint64_t state_entry_time;	/* OUT: when state was entered */
	uint64_t time[4];		/* OUT: ns spent in each state */
};
_Static_assert(sizeof(struct vesta_vcpu_runstate_info) == 48,
	       "vcpu_runstate_info size");
_Static_assert(__builtin_offsetof(struct vesta_vcpu_runstate_info,
				  state_entry_time) == 8,
	       "vcpu_runstate_info.state_entry_time");
_Static_assert(__builtin_offsetof(struct vesta_vcpu_runstate_info,
				  time) == 16,
	       "vcpu_runstate_info.time");

/*
 * VCPUOP_register_runstate_memory_area (and _phys_area with a guest
 * physical address). IN only.
 */
struct vesta_vcpu_register_runstate_memory_area {
	uint64_t addr;	/* IN: guest VA of a vesta_vcpu_runstate_info */
};
_Static_assert(sizeof(struct vesta_vcpu_register_runstate_memory_area) == 8,
	       "vcpu_register_runstate_memory_area size");

/* VCPUOP_set_periodic_timer. IN only. */
struct vesta_vcpu_set_periodic_timer {
	uint64_t period_ns;		/* IN */
};
_Static_assert(sizeof(struct vesta_vcpu_set_periodic_timer) == 8,
	       "vcpu_set_periodic_timer size");

/* VCPUOP_set_singleshot_timer. IN only. */
struct vesta_vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns;	/* IN: absolute system time */
	uint32_t flags;			/* IN: VESTA_VCPU_SSHOTTMR_* */
	uint8_t pad[4];			/* padding */
};
_Static_assert(sizeof(struct vesta_vcpu_set_singleshot_timer) == 16,
	       "vcpu_set_singleshot_timer size");
_Static_assert(__builtin_offsetof(struct vesta_vcpu_set_singleshot_timer,
				  flags) == 8,
	       "vcpu_set_singleshot_timer.flags");

/*
 * VCPUOP_register_vcpu_info: move the vCPU's vcpu_info to offset in frame
 * mfn. The 64 bytes must not cross a page. IN only.
 */
struct vesta_vcpu_register_vcpu_info {
	uint64_t mfn;		/* IN: frame holding the new vcpu_info */
	uint32_t offset;	/* IN: byte offset in that frame */
	uint32_t rsvd;		/* reserved */
};
_Static_assert(sizeof(struct vesta_vcpu_register_vcpu_info) == 16,
	       "vcpu_register_vcpu_info size");
_Static_assert(__builtin_offsetof(struct vesta_vcpu_register_vcpu_info,
				  offset) == 8,
	       "vcpu_register_vcpu_info.offset");

/* VCPUOP_get_physid: APIC id in bits 31:0, ACPI id in bits 63:32. */
struct vesta_vcpu_get_physid {
	uint64_t phys_id;	/* OUT */
};
_Static_assert(sizeof(struct vesta_vcpu_get_physid) == 8,
	       "vcpu_get_physid size");

/*
 * VCPUOP_register_vcpu_time_memory_area (and _phys_area with a guest
 * physical address): a second pvclock copy, e.g. for the vDSO. IN only.
 */
struct vesta_vcpu_register_time_memory_area {
	uint64_t addr;	/* IN: guest VA of a vesta_vcpu_time_info */
};
_Static_assert(sizeof(struct vesta_vcpu_register_time_memory_area) == 8,
	       "vcpu_register_time_memory_area size");

#endif /* !__ASSEMBLER__ */

#endif /* VESTA_PUBLIC_VCPU_H */
