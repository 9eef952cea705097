/* SPDX-License-Identifier: MIT */
/*
 * platform_op (hypercall 7), used by dom0 only: the sub-op numbers Linux
 * 6.1 issues (clock setting, firmware information, power management, CPU
 * information and hotplug), the common header every request starts with,
 * and the two clock-setting structs. Numbers and layouts are Xen's. The
 * other sub-ops' argument structs are not described here; the hypervisor
 * answers them with an error until they are added.
 */
#ifndef VESTA_PUBLIC_PLATFORM_H
#define VESTA_PUBLIC_PLATFORM_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

/* vesta_platform_op.interface_version must equal this. */
#define VESTA_XENPF_INTERFACE_VERSION	0x03000001

#define VESTA_XENPF_settime32		17
#define VESTA_XENPF_add_memtype		31
#define VESTA_XENPF_del_memtype		32
#define VESTA_XENPF_read_memtype	33
#define VESTA_XENPF_microcode_update	35
#define VESTA_XENPF_platform_quirk	39
#define VESTA_XENPF_get_cpu_version	48
#define VESTA_XENPF_efi_runtime_call	49
#define VESTA_XENPF_firmware_info	50
#define VESTA_XENPF_enter_acpi_sleep	51
#define VESTA_XENPF_change_freq		52
#define VESTA_XENPF_getidletime		53
#define VESTA_XENPF_set_processor_pminfo 54
#define VESTA_XENPF_get_cpuinfo		55
#define VESTA_XENPF_cpu_online		56
#define VESTA_XENPF_cpu_offline		57
#define VESTA_XENPF_cpu_hotadd		58
#define VESTA_XENPF_mem_hotadd		59
#define VESTA_XENPF_core_parking	60
#define VESTA_XENPF_resource_op		61
#define VESTA_XENPF_settime64		62
#define VESTA_XENPF_get_symbol		63
#define VESTA_XENPF_get_dom0_console	64
#define VESTA_XENPF_get_ucode_revision	65
#define VESTA_XENPF_microcode_update2	66

/* XENPF_firmware_info types. */
#define VESTA_XEN_FW_DISK_INFO		1	/* EDD drive parameters */
#define VESTA_XEN_FW_DISK_MBR_SIGNATURE	2
#define VESTA_XEN_FW_VBEDDC_INFO	3
#define VESTA_XEN_FW_EFI_INFO		4
#define VESTA_XEN_FW_KBD_SHIFT_FLAGS	5

/* XENPF_set_processor_pminfo request types. */
#define VESTA_XEN_PM_CX			0
#define VESTA_XEN_PM_PX			1
#define VESTA_XEN_PM_TX			2
#define VESTA_XEN_PM_PDC		3
#define VESTA_XEN_PM_CPPC		4

/* Size of the per-sub-op area in vesta_platform_op. */
#define VESTA_XENPF_OP_PAD		128

#ifndef __ASSEMBLER__

/* XENPF_settime32: UTC secs.nsecs was the time at system_time. IN only. */
struct vesta_xenpf_settime32 {
	uint32_t secs;		/* IN */
	uint32_t nsecs;		/* IN */
	uint64_t system_time;	/* IN: ns */
};
_Static_assert(sizeof(struct vesta_xenpf_settime32) == 16,
	       "xenpf_settime32 size");

/* XENPF_settime64: as settime32 with 64-bit seconds. IN only. */
struct vesta_xenpf_settime64 {
	uint64_t secs;		/* IN */
	uint32_t nsecs;		/* IN */
	uint32_t mbz;		/* IN: must be zero */
	uint64_t system_time;	/* IN: ns */
};
_Static_assert(sizeof(struct vesta_xenpf_settime64) == 24,
	       "xenpf_settime64 size");

/*
 * Every platform_op request: the sub-op, the interface version, and a
 * fixed 128-byte area holding the sub-op's struct (IN and/or OUT as the
 * sub-op defines).
 */
struct vesta_platform_op {
	uint32_t cmd;			/* IN: VESTA_XENPF_* */
	uint32_t interface_version;	/* IN: VESTA_XENPF_INTERFACE_VERSION */
	union {
		struct vesta_xenpf_settime32 settime32;
		struct vesta_xenpf_settime64 settime64;
		uint8_t pad[VESTA_XENPF_OP_PAD];
	} u;
};
_Static_assert(sizeof(struct vesta_platform_op) == 136,
	       "platform_op size");
_Static_assert(__builtin_offsetof(struct vesta_platform_op, u) == 8,
	       "platform_op.u");

#endif /* !__ASSEMBLER__ */

#endif /* VESTA_PUBLIC_PLATFORM_H */
